"""The reader's filter view: which sentences it shows (those carrying a facet switched
on, and with the cue lens on a cue), the paragraphs shown whole, and the rewrap when
that choice changes."""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from kread.index.document import Document
from kread.index.models import Sentence
from kread.tui.widgets.spans import Intervals


class FilterViewMixin:
    """Mixed into `Reader`: the filter view's state, its key action (Enter) and `_is_shown`,
    which the jumps and the hits ask."""

    _doc: Document | None
    _sentences: Intervals
    _lens: bool
    _cue_styles: dict
    _cursor_sentence: int | None

    def _init_filter(self) -> None:
        # The filter view: only the sentences with the facets (and cues) switched on, each
        # its own block, with the paragraphs in ``_expanded`` shown whole.
        self._filtered = False
        self._expanded: set[int] = set()
        self._blocks: list[tuple[int, int]] = []  # the filter view's blocks, in text order
        self._block_starts: list[int] = []
        self._visible: list[int] = []  # the sentences the filter view shows, in text order

    @property
    def filtered(self) -> bool:
        """Whether only the sentences with the marks switched on are shown."""
        return self._filtered

    @property
    def shown_sentences(self) -> list[int]:
        """The sentences shown (indexes, in text order): in the filter view those it
        shows, else every one."""
        if self._filtered:
            return list(self._visible)
        return list(self._sentences.order)

    def set_filter(self, on: bool) -> None:
        """Show only the sentences carrying a facet switched on (and, with the cue lens on,
        a cue), or the whole text again; the cursor goes to the current sentence (in the
        filter view, the nearest one shown) and it stays in view."""
        if on == self._filtered or self._doc is None:
            return
        keep = self.current_sentence
        self._filtered = on
        self._expanded.clear()
        self._refilter(keep)

    def action_paragraph(self) -> None:
        """In the filter view: the cursor's paragraph whole, or back to its filtered
        sentences."""
        current = self.current_sentence
        if not self._filtered or self._doc is None or current is None:
            return
        self._expanded ^= {self._doc.sentences[current].paragraph}
        self._refilter(current)

    def _in_filter(self, sentence: Sentence) -> bool:
        if self._shown_facets(sentence):
            return True
        return self._lens and any(c in self._cue_styles for c in sentence.cues)

    def _compute_visible(self) -> None:
        """The filter view's blocks (a sentence, or a paragraph shown whole) and the
        sentences they show."""
        self._blocks, self._visible = [], []
        if not self._filtered or self._doc is None:
            self._block_starts = []
            return
        sentences, paragraphs = self._doc.sentences, self._doc.paragraphs
        whole: set[int] = set()
        for i in self._sentences.order:
            sentence = sentences[i]
            number = sentence.paragraph
            if number in self._expanded and number < len(paragraphs):
                if number not in whole:
                    whole.add(number)
                    self._blocks.append(paragraphs[number])
                self._visible.append(i)
            elif self._in_filter(sentence):
                self._blocks.append((sentence.start, sentence.end))
                self._visible.append(i)
        self._block_starts = [start for start, _ in self._blocks]

    def _is_shown(self, offset: int) -> bool:
        """Whether the view shows text offset ``offset``."""
        if not self._filtered:
            return True
        k = bisect_right(self._block_starts, offset) - 1
        return k >= 0 and offset < self._blocks[k][1]

    def _refilter(self, keep: int | None) -> None:
        """The filter view's sentences changed: rewrap, with the cursor on ``keep`` (or,
        when it is not shown, the next sentence shown) near the top."""
        self._compute_visible()
        self._set_hits(self._hit_spans)
        self._recount_marked()
        if keep is not None and self._filtered and keep not in self._visible:
            sentences = self._doc.sentences if self._doc else ()
            starts = [sentences[i].start for i in self._visible]
            k = bisect_left(starts, sentences[keep].start)
            keep = self._visible[min(k, len(starts) - 1)] if starts else None
        if keep is not None and self._doc is not None:
            self._cursor_sentence = keep
            self._anchor = (self._doc.sentences[keep].start, 2)
        self._lines, self._line_starts, self._wrap_width = [], [], 0
        self.scroll_to(0, 0, animate=False)
        self._layout()
        self._invalidate()
        self._post_moved()
