"""The reader's lines: the document (or the filter view's blocks) wrapped into rows of
text offsets for the pane's width, and the scroll position kept in the text across a
rewrap."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

from textual.geometry import Size

from kread.index.document import Document
from kread.index.facets.models import Cue
from kread.index.models import Facet
from kread.tui.wrap import wrap_offsets

# A line that is not text: the blank row between two paragraphs.
BLANK_LINE = -1

# (paragraph, start, end): one wrapped row, as offsets into the document's text.
Line = tuple[int, int, int]


class LineLayoutMixin:
    """Mixed into `Reader` (a Textual `ScrollView`), which calls `_layout` on a resize and
    when its content changes."""

    _doc: Document | None
    _text: str
    _facets: tuple[Facet, ...]
    _cues: tuple[Cue, ...]
    _lens: bool
    _filtered: bool
    _blocks: list[tuple[int, int]]

    def _init_lines(self) -> None:
        self._lines: list[Line] = []
        self._line_starts: list[int] = []
        self._wrap_width = 0  # the width the lines were wrapped for; 0: not yet
        # Text offset to bring to the top at the next layout (set before the
        # widget has a size, or across a rewrap), with rows of context above it.
        self._anchor: tuple[int, int] | None = None

    @property
    def _gutter_width(self) -> int:
        # Cursor column, one column per facet, one space; with the lens on, a column per
        # cue and another space.
        cues = len(self._cues) + 1 if self._lens and self._cues else 0
        return len(self._facets) + 2 + cues

    @property
    def _text_width(self) -> int:
        return max(1, self.scrollable_content_region.width - self._gutter_width)

    def _layout(self) -> None:
        """Wrap the document for the current width (nothing until it has one)."""
        if not self.scrollable_content_region.width:
            # Not laid out yet, or hidden: keep the lines and the position, and
            # wrap when a width arrives (on_resize).
            if not self._lines:
                self.virtual_size = Size(0, 0)
            return
        width = self._text_width
        if width != self._wrap_width and self._lines and self._anchor is None:
            # Rewrap: keep the text that was at the top at the top.
            self._anchor = (self._line_starts[self._top_line], 0)
        if width != self._wrap_width:
            self._lines, self._line_starts = self._wrap(width)
            self._wrap_width = width
        self.virtual_size = Size(self.scrollable_content_region.width, len(self._lines))
        self._invalidate()
        if self._anchor is not None:
            offset, context = self._anchor
            self._anchor = None
            self._scroll_to_line(self._line_of(offset), context)

    def _wrap(self, width: int) -> tuple[list[Line], list[int]]:
        if self._doc is None:
            return [], []
        text = self._text
        if self._filtered:
            blocks: Sequence[tuple[int, int]] = self._blocks
        else:
            blocks = self._doc.paragraphs or ((0, len(text)),)
        lines: list[Line] = []
        for number, (start, end) in enumerate(blocks):
            if start >= end:
                continue
            if lines:
                previous_end = lines[-1][2]
                lines.append((BLANK_LINE, previous_end, previous_end))
            lines.extend((number, a, b) for a, b in wrap_offsets(text, start, end, width))
        return lines, [start for _, start, _ in lines]

    @property
    def _top_line(self) -> int:
        return min(self.scroll_offset.y, max(0, len(self._lines) - 1))

    def _line_of(self, offset: int) -> int:
        """The row showing text offset ``offset`` (or the nearest row before it)."""
        return max(0, bisect_right(self._line_starts, offset) - 1)

    def _scroll_to_line(self, line: int, context: int = 0) -> None:
        self.scroll_to(y=max(0, line - context), animate=False)
