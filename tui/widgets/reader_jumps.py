"""The reader's jumps: the sentences carrying a facet switched on, and `]`/`[` and
`n`/`N` going from one mark or hit to the next, bringing it into view with the cursor."""

from __future__ import annotations

from bisect import bisect_left
from typing import TYPE_CHECKING

from kread.index.document import Document
from kread.index.models import Sentence
from kread.tui.widgets.spans import Intervals, Jumps


class MarkJumpsMixin:
    """Mixed into `Reader`: the marked sentences and the jumps over them and over the
    hits (whose state is `reader_find`'s)."""

    _doc: Document | None
    _sentences: Intervals
    _match_jumps: Jumps
    _cursor_sentence: int | None

    def _init_marked(self) -> None:
        self._marked = Jumps([])
        self._marked_sentences: list[int] = []  # the sentence (index) of each marked start

    if TYPE_CHECKING:  # the reader's

        def _shown_facets(self, sentence: Sentence) -> tuple[str, ...]: ...

    def jump_marked(self, step: int) -> tuple[int, int] | None:
        """Go to the next (+1) or previous (-1) sentence carrying a switched-on
        facet, wrapping around; returns (1-based index, total), or None."""
        return self._jump(self._marked, step)

    def jump_match(self, step: int) -> tuple[int, int] | None:
        """Go to the next (+1) or previous (-1) hit of the find, or of the search when no
        find is active, wrapping around (in the filter view, among the hits it shows)."""
        return self._jump(self._match_jumps, step)

    def _recount_marked(self) -> None:
        """The marked sentences for the switched-on facets, keeping the cursor on
        its sentence if that one is still marked."""
        sentences = self._doc.sentences if self._doc else ()
        order = self._sentences.order
        marked = [
            k
            for k, i in enumerate(order)
            if self._shown_facets(sentences[i]) and self._is_shown(sentences[i].start)
        ]
        previous = self._marked
        old = None if previous.current is None else previous.starts[previous.current]
        starts = [self._sentences.starts[k] for k in marked]
        self._marked = Jumps(starts)
        self._marked_sentences = [order[k] for k in marked]
        if old is not None:
            k = bisect_left(starts, old)
            if k < len(starts) and starts[k] == old:
                self._marked.current = k

    def _jump(self, jumps: Jumps, step: int) -> tuple[int, int] | None:
        origin = self._line_starts[self._top_line] if self._lines else 0
        current = jumps.step(step, origin)
        if current is not None:
            self._reveal(jumps.starts[current])
        # The cursor goes with a jump to a mark; a match carries it along instead.
        marking = jumps is self._marked and current is not None
        self._cursor_sentence = self._marked_sentences[current] if marking else None
        self._invalidate()
        self._post_moved(note=True)
        return jumps.position()

    def _reveal(self, offset: int) -> None:
        """Scroll so that text offset ``offset`` is on screen, near the top if it
        was not already visible."""
        line = self._line_of(offset)
        top, height = self.scroll_offset.y, self.scrollable_content_region.height
        if not top <= line < top + max(1, height):
            self._scroll_to_line(line, min(2, height // 4))
