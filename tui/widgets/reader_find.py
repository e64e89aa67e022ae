"""The reader's find in the text: the hits highlighted and visited by `n`/`N`, a
find's while one is active, else those of the search the document was opened from."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence

from kread.tui.find import find_spans
from kread.tui.widgets.spans import Intervals, Jumps


class FindInTextMixin:
    """Mixed into `Reader`: the hits state and `find`; the reader paints and scrolls."""

    _text: str
    _cursor_sentence: int | None

    def _init_hits(self) -> None:
        # The hits ``n``/``N`` visit and the text highlights: a find's while one is active,
        # else the matches of the search the document was opened from.
        self._matches: Intervals = Intervals(())
        self._search_spans: tuple[tuple[int, int], ...] = ()
        self._hit_spans: list[tuple[int, int]] = []  # those of ``_matches``
        self._match_jumps = Jumps([])
        self._finding = ""  # the text found in the document ("": no find)

    @property
    def hit_count(self) -> int:
        """How many hits ``n``/``N`` visit (the find's, else the search's)."""
        return len(self._match_jumps.starts)

    @property
    def finding(self) -> str:
        """The text being found ("" when no find is active)."""
        return self._finding

    def find(self, needle: str, origin: int | None = None) -> tuple[int, int] | None:
        """Find ``needle`` in the text (case ignored; see `find_spans`); until it is
        cleared with "", its hits are the ones highlighted and visited by ``n``/``N``,
        in place of the search's matches. The first hit at or after text offset
        ``origin`` (default: the top of the view) is current and brought into view.
        Returns (1-based index, total) of the current hit, or None."""
        self._finding = needle if needle.split() else ""
        self._set_hits(find_spans(self._text, needle) if self._finding else self._search_spans)
        jumps = self._match_jumps
        if self._finding and jumps.starts:
            origin = self.top_offset if origin is None else origin
            jumps.current = bisect_left(jumps.starts, origin) % len(jumps.starts)
            self._cursor_sentence = None  # the cursor goes with the current hit
            self._reveal(jumps.starts[jumps.current])
        self._invalidate()
        self._post_moved()
        return jumps.position()

    def _set_hits(self, spans: Sequence[tuple[int, int]]) -> None:
        """Highlight ``spans``; ``n``/``N`` visit those the view shows, keeping the current
        one if it is still among them."""
        jumps = self._match_jumps
        old = None if jumps.current is None else jumps.starts[jumps.current]
        self._hit_spans = [(a, b) for a, b in spans if a < b]
        self._matches = Intervals(self._hit_spans)
        starts = [s for s in self._matches.starts if self._is_shown(s)]
        self._match_jumps = Jumps(starts)
        if old is not None:
            k = bisect_left(starts, old)
            if k < len(starts) and starts[k] == old:
                self._match_jumps.current = k
