"""The reader pane: one document, wrapped to the pane, on Textual's Line API.

A layout pass wraps the plain text into (paragraph, start, end) lines for the
current width; `render_line` styles only the rows on screen and caches their
strips, so a document of tens of thousands of lines opens, scrolls and resizes
at once.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from kread.index.models import Cue, Document, Facet, Sentence
from kread.tui.find import find_spans
from kread.tui.render import readable_style
from kread.tui.widgets.reader_rows import (
    Gutter,
    safe_cue_style,
    safe_facet_style,
    style_cues,
    style_matches,
    style_sentences,
)
from kread.tui.widgets.spans import Intervals, Jumps
from kread.tui.wrap import sanitise, wrap_offsets

# A line that is not text: the blank row between two paragraphs.
BLANK_LINE = -1
CURSOR_GLYPH = "▌"
# In the cursor column of a sentence's first row: the reader wrote a note on it.
NOTE_GLYPH = "✎"
# In a facet's column: the reader took kread's mark off. A mark the reader put on shows
# its letter in lower case, underlined: never by colour alone.
REMOVED_GLYPH = "\u00d7"  # the multiplication sign
_BOLD = Style(bold=True)
_UNDERLINE = Style(underline=True)
EMPTY_MESSAGE = "No document selected"
FILTER_EMPTY_MESSAGE = "No sentence has the marks switched on"

# (paragraph, start, end): one wrapped row, as offsets into the document's text.
Line = tuple[int, int, int]


class Reader(ScrollView, can_focus=True):
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
        # The hits ``n``/``N`` visit and the text highlights: a find's while one is active,
        # else the matches of the search the document was opened from.
        self._matches: Intervals = Intervals(())
        self._search_spans: tuple[tuple[int, int], ...] = ()
        self._hit_spans: list[tuple[int, int]] = []  # those of ``_matches``
        self._finding = ""  # the text found in the document ("": no find)
        # The filter view: only the sentences with the facets (and cues) switched on, each
        # its own block, with the paragraphs in ``_expanded`` shown whole.
        self._filtered = False
        self._expanded: set[int] = set()
        self._blocks: list[tuple[int, int]] = []  # the filter view's blocks, in text order
        self._block_starts: list[int] = []
        self._visible: list[int] = []  # the sentences the filter view shows, in text order
        self._marked = Jumps([])
        self._marked_sentences: list[int] = []  # the sentence (index) of each marked start
        self._match_jumps = Jumps([])
        # The sentence the cursor is on (an index into the document's sentences), set by
        # `[`/`]` and `(`/`)`; None: it follows the current match, else the top of the view.
        self._cursor_sentence: int | None = None
        self._lines: list[Line] = []
        self._line_starts: list[int] = []
        self._wrap_width = 0  # the width the lines were wrapped for; 0: not yet
        # Text offset to bring to the top at the next layout (set before the
        # widget has a size, or across a rewrap), with rows of context above it.
        self._anchor: tuple[int, int] | None = None
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

    def jump_marked(self, step: int) -> tuple[int, int] | None:
        """Go to the next (+1) or previous (-1) sentence carrying a switched-on
        facet, wrapping around; returns (1-based index, total), or None."""
        return self._jump(self._marked, step)

    def jump_match(self, step: int) -> tuple[int, int] | None:
        """Go to the next (+1) or previous (-1) hit of the find, or of the search when no
        find is active, wrapping around (in the filter view, among the hits it shows)."""
        return self._jump(self._match_jumps, step)

    # -- find in the text --------------------------------------------------

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

    # -- the filter view ---------------------------------------------------

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

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "paragraph":
            return self._filtered
        return True

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

    # -- layout -----------------------------------------------------------

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

    # -- jumps ------------------------------------------------------------

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

    # -- rendering --------------------------------------------------------

    def _shown_facets(self, sentence: Sentence) -> tuple[str, ...]:
        return tuple(f for f in sentence.facets if f in self._enabled)

    @property
    def _base_style(self) -> Style:
        # `rich_style` walks every ancestor: too slow to ask once per row.
        if self._base is None:
            self._base = self.rich_style
        return self._base

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self._base_style
        if self._doc is None:
            return self._render_empty(y, width, base, EMPTY_MESSAGE)
        if self._filtered and not self._lines:
            return self._render_empty(y, width, base, FILTER_EMPTY_MESSAGE)
        index = self.scroll_offset.y + y
        if index >= len(self._lines):
            return Strip.blank(width, base)
        strip = self._strips.get(index)
        if strip is None or strip.cell_length != width:
            strip = self._render_row(index, width, base)
            self._strips[index] = strip
        return strip

    def _render_empty(self, y: int, width: int, base: Style, message: str) -> Strip:
        if y != self.scrollable_content_region.height // 2:
            return Strip.blank(width, base)
        style = base + self.get_component_rich_style("reader--empty", partial=True)
        indent = max(0, (width - cell_len(message)) // 2)
        segments = [Segment(" " * indent, base), Segment(message, style)]
        return Strip(segments).crop_extend(0, width, base)

    def _render_row(self, index: int, width: int, base: Style) -> Strip:
        """One wrapped row: cursor column, facet letters, a space, the text,
        padded with the widget's own style to the full width."""
        paragraph, start, end = self._lines[index]
        text = Text(self._text[start:end], style=base, end="", no_wrap=True)
        row = Gutter()
        gutter_cues: set[str] = set()
        if paragraph != BLANK_LINE and self._doc is not None:
            sentences, order = self._doc.sentences, self._sentences.order
            overlapping = [order[k] for k in self._sentences.overlapping(start, end)]
            row = style_sentences(
                text,
                start,
                end,
                sentences,
                overlapping,
                enabled=self._enabled,
                cursor=self._cursor_sentence,
                facet_styles=self._facet_styles,
                boilerplate=self.get_component_rich_style("reader--boilerplate", partial=True),
            )
            if self._lens:
                gutter_cues = style_cues(text, start, end, sentences, overlapping, self._cue_styles)
            jumps = self._match_jumps
            style_matches(
                text,
                start,
                end,
                self._matches,
                None if jumps.current is None else jumps.starts[jumps.current],
                match=self.get_component_rich_style("reader--match", partial=True),
                # Reversed: the theme's warning colour is the background, and must read too.
                current=readable_style(
                    self.get_component_rich_style("reader--current-match", partial=True)
                ),
            )
        blank = Segment(" ", base)
        if row.on_cursor:
            cursor = base + readable_style(
                self.get_component_rich_style("reader--cursor", partial=True)
            )
            segments = [Segment(CURSOR_GLYPH, cursor)]
        elif row.note:
            note = base + readable_style(
                self.get_component_rich_style("reader--note", partial=True)
            )
            segments = [Segment(NOTE_GLYPH, note)]
        else:
            segments = [blank]
        for facet in self._facets:
            if facet.name in row.facets:
                style = base + self._facet_styles[facet.name] + _BOLD
                letter = facet.letter[:1] or "?"
                if facet.name in row.added:
                    letter, style = letter.lower(), style + _UNDERLINE
                segments.append(Segment(letter, style))
            elif facet.name in row.removed:
                removed = base + self.get_component_rich_style("reader--removed", partial=True)
                segments.append(Segment(REMOVED_GLYPH, removed))
            else:
                segments.append(blank)
        if self._lens and self._cues:
            segments.append(blank)
            for cue in self._cues:
                if cue.name in gutter_cues:
                    style = base + self._cue_styles[cue.name] + _BOLD
                    segments.append(Segment(cue.glyph[:1] or "?", style))
                else:
                    segments.append(blank)
        segments.append(blank)
        # Rich leaves the text's own style to the caller: apply it, or rows
        # without spans would show the terminal's background.
        segments.extend(Segment.apply_style(text.render(self.app.console), base))
        used = self._gutter_width + cell_len(text.plain)
        if used < width:
            segments.append(Segment(" " * (width - used), base))
            return Strip(segments, width)
        return Strip(segments).crop_extend(0, width, base)
