"""Offsets the reader visits: sorted spans answering "which overlap this row?" and the
jump cursor that ``[``/``]`` and ``n``/``N`` move through them."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate


class Intervals:
    """Sorted (start, end) intervals answering "which overlap [a, b)?" in log time.

    A running maximum of the ends keeps the search right when intervals nest or
    overlap (a long sentence, overlapping search matches).
    """

    def __init__(self, spans: Sequence[tuple[int, int]]) -> None:
        self.order = sorted(range(len(spans)), key=lambda i: spans[i])
        self.starts = [spans[i][0] for i in self.order]
        self.ends = [spans[i][1] for i in self.order]
        self.max_end = list(accumulate(self.ends, max))

    def __len__(self) -> int:
        return len(self.order)

    def overlapping(self, a: int, b: int) -> Iterator[int]:
        """Positions (in sorted order) of the intervals overlapping [a, b)."""
        k = bisect_right(self.max_end, a)
        while k < len(self.starts) and self.starts[k] < b:
            if self.ends[k] > a:
                yield k
            k += 1


@dataclass
class Jumps:
    """Positions (in text order) of the things ``[``/``]`` or ``n``/``N`` visit."""

    starts: list[int]
    current: int | None = None

    def position(self) -> tuple[int, int] | None:
        if self.current is None:
            return None
        return self.current + 1, len(self.starts)

    def step(self, step: int, origin: int) -> int | None:
        """Move ``step`` from the current one, or from text offset ``origin`` when
        there is none; wraps around at either end."""
        count = len(self.starts)
        if not count:
            self.current = None
        elif self.current is not None:
            self.current = (self.current + step) % count
        elif step > 0:
            self.current = bisect_left(self.starts, origin) % count
        else:
            self.current = (bisect_left(self.starts, origin) - 1) % count
        return self.current
