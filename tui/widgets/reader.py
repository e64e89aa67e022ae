"""The reader pane: one document, wrapped to the pane, on Textual's Line API.

A layout pass wraps the plain text into (paragraph, start, end) lines for the
current width; `render_line` styles only the rows on screen and caches their
strips, so a document of tens of thousands of lines opens, scrolls and resizes
at once.

This module keeps the reader's content, its cursor and its keys. Each other concern has
its module: the jumps between marks and hits (reader_jumps), find in the text
(reader_find), the filter view (reader_filter), the wrapped lines (reader_lines),
painting the rows (reader_paint) and styling a row's text (reader_rows).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from kread.index.document import Document
from kread.index.facets.models import Cue
from kread.index.models import Facet, Sentence
from kread.tui.widgets.reader_filter import FilterViewMixin
from kread.tui.widgets.reader_find import FindInTextMixin
from kread.tui.widgets.reader_jumps import MarkJumpsMixin
from kread.tui.widgets.reader_lines import BLANK_LINE, Line, LineLayoutMixin
from kread.tui.widgets.reader_paint import (
    CURSOR_GLYPH,
    EMPTY_MESSAGE,
    FILTER_EMPTY_MESSAGE,
    NOTE_GLYPH,
    REMOVED_GLYPH,
    RowPaintingMixin,
)
from kread.tui.widgets.reader_rows import safe_cue_style, safe_facet_style
from kread.tui.widgets.spans import Intervals, Jumps
from kread.tui.wrap import sanitise

# Where the gutter's glyphs and the lines are defined, re-exported for the reader's users.
__all__ = [
    "BLANK_LINE",
    "CURSOR_GLYPH",
    "EMPTY_MESSAGE",
    "FILTER_EMPTY_MESSAGE",
    "NOTE_GLYPH",
    "REMOVED_GLYPH",
    "Line",
    "Reader",
]


class Reader(
    MarkJumpsMixin,
    FindInTextMixin,
    FilterViewMixin,
    LineLayoutMixin,
    RowPaintingMixin,
    ScrollView,
    can_focus=True,
):
    """One document with its facets, search matches and a jump cursor; with the cue lens
    on, also each sentence's claim cues: their glyphs in a gutter of their own, their words
    underlined in the cue's colour."""

    # Rows are painted from offsets, not from a renderable Textual could select
    # in; copying is left to the terminal's own selection (shift+drag).
    ALLOW_SELECT = False

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "reader--match",
        "reader--current-match",
        "reader--cursor",
        "reader--boilerplate",
        "reader--empty",
        "reader--note",
        "reader--removed",
    }

    DEFAULT_CSS = """
    Reader {
        overflow-x: hidden;
        /* Always keep the scrollbar's column, so the wrap width does not depend
           on whether the text happens to overflow. */
        overflow-y: scroll;
        background: $surface;
        color: $text;
        &:focus { background-tint: $foreground 5%; }
        & > .reader--match { text-style: reverse; }
        & > .reader--current-match { color: $warning; text-style: reverse bold; }
        & > .reader--cursor { color: $accent; text-style: bold; }
        & > .reader--boilerplate { text-style: dim italic; }
        & > .reader--empty { color: $text-muted; text-style: italic; }
        & > .reader--note { color: $accent; text-style: bold; }
        & > .reader--removed { color: $text-muted; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "line(1)", "Down", show=False, id="reader.down",
                tooltip="Scroll down one line"),
        Binding("k,up", "line(-1)", "Up", show=False, id="reader.up",
                tooltip="Scroll up one line"),
        Binding("g,home", "top", "Top", show=False, id="reader.top",
                tooltip="Go to the start of the document"),
        Binding("G,end", "bottom", "Bottom", show=False, id="reader.bottom",
                tooltip="Go to the end of the document"),
        Binding("space,pagedown", "page(1)", "Page down", show=False, id="reader.page_down",
                tooltip="Scroll down one page"),
        Binding("b,pageup", "page(-1)", "Page up", show=False, id="reader.page_up",
                tooltip="Scroll up one page"),
        Binding("ctrl+d", "half_page(1)", "Half page down", show=False,
                id="reader.half_page_down", tooltip="Scroll down half a page"),
        Binding("ctrl+u", "half_page(-1)", "Half page up", show=False,
                id="reader.half_page_up", tooltip="Scroll up half a page"),
        Binding("w", "why", "Why", show=False, id="reader.why",
                tooltip="Why the sentence on top (or at the cursor) has its marks"),
        Binding("right_parenthesis", "sentence(1)", "Next sentence", key_display=")",
                show=False, id="reader.next_sentence",
                tooltip="Put the cursor on the next sentence (to correct its marks or note it)"),
        Binding("left_parenthesis", "sentence(-1)", "Prev sentence", key_display="(",
                show=False, id="reader.prev_sentence",
                tooltip="Put the cursor on the previous sentence"),
        # Not in the footer: the filter view's status line names it.
        Binding("enter", "paragraph", "Paragraph", show=False, id="reader.paragraph",
                tooltip="Filtered (f): show the cursor's paragraph whole, or only its "
                "filtered sentences again"),
    ]  # fmt: skip

    @dataclass
    class Moved(Message):
        """Where the jump cursors are now: (1-based index, total) or None.

        Posted after each jump, and after `show` and `set_enabled`, which can
        change the totals."""

        reader: Reader
        marked: tuple[int, int] | None
        match: tuple[int, int] | None
        # The reader's note on the sentence a jump landed on ("" for none, or no jump).
        note: str = ""
        # Whether ``match`` counts the hits of a find in the text (else a search's matches).
        finding: bool = False
        # In the filter view: (sentences shown, sentences in the document); else None.
        filtered: tuple[int, int] | None = None

        @property
        def control(self) -> Reader:
            return self.reader

    @dataclass
    class WhyAsked(Message):
        """The user asked why sentence ``sentence`` (an index into the document's
        sentences) carries its facets."""

        reader: Reader
        doc_id: str
        sentence: int

        @property
        def control(self) -> Reader:
            return self.reader

    def __init__(
        self,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes, disabled=disabled)
        self._doc: Document | None = None
        self._text = ""
        self._facets: tuple[Facet, ...] = ()
        self._facet_styles: dict[str, Style] = {}
        self._enabled: frozenset[str] = frozenset()
        self._cues: tuple[Cue, ...] = ()
        self._cue_styles: dict[str, Style] = {}
        self._lens = False
        self._sentences: Intervals = Intervals(())
        self._init_hits()  # reader_find
        self._init_filter()  # reader_filter
        self._init_marked()  # reader_jumps
        # The sentence the cursor is on (an index into the document's sentences), set by
        # `[`/`]` and `(`/`)`; None: it follows the current match, else the top of the view.
        self._cursor_sentence: int | None = None
        self._init_lines()  # reader_lines
        self._strips: LRUCache[int, Strip] = LRUCache(1024)
        self._base: Style | None = None

    # -- public API -------------------------------------------------------

    @property
    def document(self) -> Document | None:
        return self._doc

    def show(
        self,
        doc: Document | None,
        facets: Sequence[Facet],
        enabled: Collection[str],
        matches: Sequence[tuple[int, int]] = (),
        scroll_to: int | None = None,
        cues: Sequence[Cue] = (),
    ) -> None:
        """Replace the content; bring text offset ``scroll_to`` near the top
        (None: the top). ``cues`` are shown while the cue lens is on."""
        self._doc = doc
        self._text = sanitise(doc.text) if doc else ""
        self._facets = tuple(facets)
        self._facet_styles = {f.name: safe_facet_style(f) for f in self._facets}
        self._cues = tuple(cues)
        self._cue_styles = {c.name: safe_cue_style(c) for c in self._cues}
        self._enabled = self._known(enabled)
        sentences = doc.sentences if doc else ()
        self._sentences = Intervals([(s.start, s.end) for s in sentences])
        self._search_spans = tuple(matches)
        self._finding = ""
        self._expanded.clear()
        self._compute_visible()
        self._match_jumps = Jumps([])
        self._set_hits(self._search_spans)
        self._marked = Jumps([])
        self._cursor_sentence = None
        self._recount_marked()
        self._lines, self._line_starts, self._wrap_width = [], [], 0
        self._anchor = (scroll_to, 2) if scroll_to is not None else (0, 0)
        self.scroll_to(0, 0, animate=False)
        self._layout()
        self._post_moved()

    def update_document(self, doc: Document) -> None:
        """The same document with the reader's work on it changed: restyle, keep the
        position and the cursor (another text: shown afresh)."""
        if self._doc is None or doc.id != self._doc.id or doc.text != self._doc.text:
            self.show(doc, self._facets, self._enabled)
            return
        self._doc = doc
        self._recount_marked()
        if self._filtered:  # a corrected mark can bring a sentence in or take it out
            self._refilter(self.current_sentence)
            return
        self._invalidate()
        self._post_moved()

    @property
    def current_sentence(self) -> int | None:
        """The sentence the reader's work goes to: the cursor's, else the one holding the
        current match, else the first that starts in view (an index into the sentences)."""
        if self._doc is None or not self._doc.sentences:
            return None
        if self._cursor_sentence is not None:
            return self._cursor_sentence
        if self._match_jumps.current is not None:
            return self._sentence_at(self._match_jumps.starts[self._match_jumps.current])
        return self._sentence_at(self.top_offset, after=True)

    @property
    def top_offset(self) -> int:
        """The text offset at the top of the view."""
        return self._line_starts[self._top_line] if self._lines else 0

    def _sentence_at(self, offset: int, after: bool = False) -> int | None:
        """The sentence holding text offset ``offset`` (with ``after``: else the first
        after it, else the last)."""
        order = self._sentences.order
        holding = next(self._sentences.overlapping(offset, offset + 1), None)
        if holding is not None:
            return order[holding]
        if not after or not order:
            return None
        return order[min(bisect_left(self._sentences.starts, offset), len(order) - 1)]

    def set_enabled(self, enabled: Collection[str]) -> None:
        """Facet switches changed: restyle, keep the position."""
        enabled = self._known(enabled)
        if enabled == self._enabled:
            return
        self._enabled = enabled
        self._recount_marked()
        if self._filtered:
            self._refilter(self.current_sentence)
            return
        self._invalidate()
        self._post_moved()

    @property
    def lens(self) -> bool:
        """Whether the cue lens is on."""
        return self._lens

    def set_lens(self, on: bool) -> None:
        """Switch the cue lens: its gutter widens the margin, so the text is rewrapped,
        keeping the line at the top."""
        if on == self._lens:
            return
        self._lens = on
        if self._filtered:  # cue sentences join or leave the filter view
            self._refilter(self.current_sentence)
            return
        self._layout()
        self._invalidate()

    def _known(self, enabled: Collection[str]) -> frozenset[str]:
        # A facet missing from the taxonomy has no gutter letter, and facets
        # are never shown by colour alone: leave it unstyled.
        return frozenset(enabled) & self._facet_styles.keys()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "paragraph":
            return self._filtered
        return True

    # -- key actions ------------------------------------------------------
    # Immediate, not animated: a held key or a quick `G` should land at once.

    def action_why(self) -> None:
        sentence = self.current_sentence
        if self._doc is not None and sentence is not None:
            self.post_message(self.WhyAsked(self, self._doc.id, sentence))

    def action_line(self, step: int) -> None:
        self._scroll_by(step)

    def action_page(self, step: int) -> None:
        self._scroll_by(step * max(1, self.scrollable_content_region.height))

    def action_half_page(self, step: int) -> None:
        self._scroll_by(step * max(1, self.scrollable_content_region.height // 2))

    def action_sentence(self, step: int) -> None:
        """Move the cursor to the next (+1) or previous (-1) sentence."""
        current = self.current_sentence
        if current is None:
            return
        stops = self._visible if self._filtered else self._sentences.order
        if not stops:
            return
        sentences = self._doc.sentences if self._doc else ()
        starts = [sentences[i].start for i in stops]
        k = bisect_left(starts, sentences[current].start)
        if k < len(stops) and stops[k] == current:
            if self._cursor_sentence is not None or self._match_jumps.current is not None:
                k += step  # from the cursor; else the sentence at the top is the first stop
        elif step < 0:
            k -= 1  # not shown (filter view): the one shown before it
        k = max(0, min(k, len(stops) - 1))
        self._cursor_sentence = stops[k]
        self._reveal(starts[k])
        self._invalidate()
        self._post_moved(note=True)

    def action_top(self) -> None:
        self.scroll_to(y=0, animate=False)

    def action_bottom(self) -> None:
        self.scroll_to(y=self.max_scroll_y, animate=False)

    def _scroll_by(self, rows: int) -> None:
        self.scroll_to(y=self.scroll_target_y + rows, animate=False)

    def on_resize(self, event: events.Resize) -> None:
        self._layout()

    def notify_style_update(self) -> None:
        # The theme or CSS changed: the base and component styles are stale.
        super().notify_style_update()
        self._base = None
        self._facet_styles = {f.name: safe_facet_style(f) for f in self._facets}
        self._cue_styles = {c.name: safe_cue_style(c) for c in self._cues}
        self._strips.clear()

    def _invalidate(self) -> None:
        self._strips.clear()
        self.refresh()

    # -- what the cursors are on (the jumps: reader_jumps) -------------------

    def _post_moved(self, note: bool = False) -> None:
        """Where the cursors are; with ``note``, the note on the sentence jumped to."""
        text = ""
        if note and self._doc is not None:
            current = self.current_sentence
            text = self._doc.sentences[current].note if current is not None else ""
        marked, match = self._marked.position(), self._match_jumps.position()
        total = len(self._doc.sentences) if self._doc else 0
        filtered = (len(self._visible), total) if self._filtered else None
        finding = bool(self._finding)
        self.post_message(self.Moved(self, marked, match, text, finding, filtered))

    # -- rendering (the rows: reader_paint) ---------------------------------

    def _shown_facets(self, sentence: Sentence) -> tuple[str, ...]:
        return tuple(f for f in sentence.facets if f in self._enabled)
