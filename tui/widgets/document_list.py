"""The document list: title, source, words, per-facet counts and balance bar of each
document, and the marks that choose documents to compare.

A Line-API view: a layout pass wraps the titles for the width and keeps each
entry's first row; `render_line` draws only the rows on screen. Ten thousand
documents open and scroll as fast as ten (an OptionList lays out every entry's
renderable first). The layout wraps the entries on screen at once and the rest a
step at a time between other events: at 50,000 titles wrapping them all took a
third of a second, and keys waited.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from kread.index.models import DocumentInfo, Facet
from kread.tui import render
from kread.tui.shorten import middle_ellipsis
from kread.tui.wrap import sanitise, wrap_offsets

MARK = "● "
# Entries wrapped per step after the first screenful (about 10 ms of work).
LAYOUT_STEP = 2000
# An entry not yet wrapped is counted as this many rows: a title row and a details row.
ROWS_GUESSED = 2
# Narrower than this, a source would say nothing: it is left out.
MIN_SOURCE_CELLS = 8
_BOLD = Style(bold=True)
_DIM = Style(dim=True)


class DocumentList(ScrollView, can_focus=True):
    """One entry per document; moving the cursor previews it, `m` marks it."""

    ALLOW_SELECT = False

    COMPONENT_CLASSES: ClassVar[set[str]] = {"document-list--cursor"}

    DEFAULT_CSS = """
    DocumentList {
        overflow-x: hidden;
        overflow-y: auto;
        background: $surface;
        color: $foreground;
        & > .document-list--cursor {
            color: $block-cursor-blurred-foreground;
            background: $block-cursor-blurred-background;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus {
            background-tint: $foreground 5%;
            & > .document-list--cursor {
                color: $block-cursor-foreground;
                background: $block-cursor-background;
                text-style: $block-cursor-text-style;
            }
        }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "cursor(1)", "Down", show=False, id="list.down",
                tooltip="Next document"),
        Binding("k,up", "cursor(-1)", "Up", show=False, id="list.up",
                tooltip="Previous document"),
        Binding("g,home", "first", "Top", show=False, id="list.top", tooltip="First document"),
        Binding("G,end", "last", "Bottom", show=False, id="list.bottom",
                tooltip="Last document"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="list.page_down",
                tooltip="A page of documents down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="list.page_up",
                tooltip="A page of documents up"),
        Binding("enter", "select", "Open", show=False, id="list.open",
                tooltip="Read the document"),
        Binding("m", "toggle_mark(1)", "Mark", id="list.mark",
                tooltip="Mark (or unmark) the document to compare, and go to the next"),
        Binding("space", "toggle_mark", "Mark", show=False, id="list.mark_space",
                tooltip="Mark (or unmark) the document to compare"),
        Binding("M", "unmark_all", "Unmark all", show=False, id="list.unmark_all",
                tooltip="Unmark every marked document"),
    ]  # fmt: skip

    @dataclass
    class _Chosen(Message):
        document_list: DocumentList
        doc_id: str

        @property
        def control(self) -> DocumentList:
            return self.document_list

    class Highlighted(_Chosen):
        """The cursor moved to another document."""

    class Selected(_Chosen):
        """Enter, or a click, on a document."""

    def __init__(self, *, markable: bool = True, id: str | None = None) -> None:
        super().__init__(id=id)
        self.markable = markable
        self.documents: list[DocumentInfo] = []
        self.facets: Sequence[Facet] = ()
        self.marked: list[str] = []  # in the order they were marked: the first is side A
        self._cursor: int | None = None
        self._titles: list[str] = []  # sanitised, with the mark glyph when marked
        # The entries wrapped so far for `_wrap_width`: their title rows, and the first
        # row of each (one more: where the next entry starts).
        self._title_rows: list[list[tuple[int, int]]] = []
        self._starts: list[int] = [0]
        self._wrap_width = 0  # 0: not laid out for any width yet
        self._layout_run = 0  # a newer layout ends the steps of an older one
        self._strips: LRUCache[tuple[int, int], Strip] = LRUCache(512)
        self._base: Style | None = None

    # -- public API -------------------------------------------------------

    def load(self, documents: Sequence[DocumentInfo], facets: Sequence[Facet]) -> None:
        """Show ``documents``, keeping the cursor and the marks where they still apply."""
        if self.documents == list(documents) and tuple(self.facets) == tuple(facets):
            return
        current = self.current_id
        self.documents = list(documents)
        self.facets = facets
        positions = self._positions()
        self.marked = [doc_id for doc_id in self.marked if doc_id in positions]
        self._titles = []  # made as the entries are wrapped
        self._cursor = None  # announce the cursor even when its index is unchanged
        self._wrap_width = 0
        self._layout()
        if self.documents:
            self.highlighted = positions.get(current, 0) if current is not None else 0

    def position_of(self, doc_id: str | None) -> int | None:
        """Where document ``doc_id`` is in the list (None: not listed)."""
        return self._positions().get(doc_id) if doc_id is not None else None

    def _positions(self) -> dict[str, int]:
        return {doc.id: i for i, doc in enumerate(self.documents)}

    @property
    def highlighted(self) -> int | None:
        """The index of the document under the cursor (None: the list is empty)."""
        return self._cursor

    @highlighted.setter
    def highlighted(self, index: int | None) -> None:
        if index is not None and self.documents:
            index = max(0, min(index, len(self.documents) - 1))
        elif not self.documents:
            index = None
        if index == self._cursor:
            return
        self._cursor = index
        self._strips.clear()
        self.refresh()
        if index is not None:
            self._scroll_to_cursor()
            self.post_message(self.Highlighted(self, self.documents[index].id))

    @property
    def current_id(self) -> str | None:
        if self._cursor is None:
            return None
        return self.documents[self._cursor].id

    # -- actions ----------------------------------------------------------

    def action_cursor(self, step: int) -> None:
        if self._cursor is not None:
            self.highlighted = self._cursor + step

    def action_first(self) -> None:
        self.highlighted = 0

    def action_last(self) -> None:
        self.highlighted = len(self.documents) - 1

    def action_page(self, step: int) -> None:
        """Move the cursor a screenful of rows, landing on the entry found there."""
        if self._cursor is None or not self._wrap_width:
            return
        self._wrap_through(self._cursor)
        rows = max(1, self.scrollable_content_region.height)
        target = max(0, min(self._starts[self._cursor] + step * rows, self._row_count - 1))
        entry = self._entry_at(target)
        self.highlighted = len(self.documents) - 1 if entry is None else entry

    def action_select(self) -> None:
        if self._cursor is not None:
            self.post_message(self.Selected(self, self.documents[self._cursor].id))

    def action_toggle_mark(self, step: int = 0) -> None:
        """Mark or unmark the document under the cursor, then move ``step`` entries
        (``m`` moves on, so several are marked quickly)."""
        index = self._cursor
        if index is None or not self.markable:
            return
        doc = self.documents[index]
        if doc.id in self.marked:
            self.marked.remove(doc.id)
        else:
            self.marked.append(doc.id)
        self._retitle(index)
        if step:
            self.action_cursor(step)

    def restore_marks(self, doc_ids: Sequence[str]) -> None:
        """Mark the documents of ``doc_ids`` that are listed (marks of an earlier run)."""
        if not self.markable:
            return
        positions = self._positions()
        for doc_id in doc_ids:
            if doc_id in positions and doc_id not in self.marked:
                self.marked.append(doc_id)
                self._retitle(positions[doc_id])

    def action_unmark_all(self) -> None:
        if not self.markable or not self.marked:
            return
        positions = self._positions()
        unmarked = [positions[doc_id] for doc_id in self.marked]
        self.marked = []
        for index in unmarked:
            self._retitle(index)

    def _retitle(self, index: int) -> None:
        """Entry ``index`` gained or lost its mark glyph: its title and rows anew."""
        doc = self.documents[index]
        if index < len(self._titles):
            self._titles[index] = self._title(doc)
        if index < len(self._title_rows):  # the glyph can make the title one row longer
            self._title_rows[index] = self._wrap(index, self._wrap_width)
            self._starts[1:] = accumulate(len(rows) + 1 for rows in self._title_rows)
            self._set_virtual_size()
        self._strips.clear()
        self.refresh()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # A list to pick from has no marks, and shows none in the footer.
        return self.markable or action not in ("toggle_mark", "unmark_all")

    # -- mouse ------------------------------------------------------------

    async def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or not self._wrap_width:
            return
        entry = self._entry_at(self.scroll_offset.y + offset.y)
        if entry is not None:
            self.highlighted = entry
            self.action_select()

    # -- layout -----------------------------------------------------------

    def _title(self, doc: DocumentInfo) -> str:
        title = sanitise(doc.title.replace("\n", " "))
        return MARK + title if doc.id in self.marked else title

    def _wrap(self, index: int, width: int) -> list[tuple[int, int]]:
        title = self._titles[index]
        if len(title) <= width and title.isascii():
            return [(0, len(title))]  # the common case, without measuring
        return wrap_offsets(title, 0, len(title), width)

    def _layout(self) -> None:
        """Wrap the titles for the current width (nothing until there is one): the
        entries up to a screenful past the cursor now, the rest step by step."""
        width = self.scrollable_content_region.width
        if not width:
            return
        if width != self._wrap_width:
            self._wrap_width = width
            self._title_rows = []
            self._starts = [0]
            self._strips.clear()
            self._wrap_through((self._cursor or 0) + self.size.height)
            self._layout_run += 1
            self.call_later(self._wrap_more, self._layout_run)
        self._scroll_to_cursor()
        self.refresh()

    def _wrap_more(self, run: int) -> None:
        if run != self._layout_run or len(self._title_rows) == len(self.documents):
            return
        self._wrap_through(len(self._title_rows) + LAYOUT_STEP - 1)
        self.refresh()  # the scrollbar: the guessed rows became real ones
        self.call_later(self._wrap_more, run)

    def _wrap_through(self, index: int) -> None:
        """Wrap the entries up to ``index`` that are not wrapped yet."""
        stop = min(index + 1, len(self.documents))
        first = len(self._title_rows)
        if stop <= first:
            return
        for doc in self.documents[len(self._titles) : stop]:
            self._titles.append(self._title(doc))
        rows = [self._wrap(i, self._wrap_width) for i in range(first, stop)]
        self._title_rows += rows
        self._starts += accumulate((len(r) + 1 for r in rows), initial=self._starts[-1])
        del self._starts[first]  # ``initial`` repeats the last start
        self._set_virtual_size()

    def _set_virtual_size(self) -> None:
        self.virtual_size = Size(self._wrap_width, self._row_count)

    @property
    def _row_count(self) -> int:
        """The rows of every entry, those not wrapped yet guessed."""
        unwrapped = len(self.documents) - len(self._title_rows)
        return self._starts[-1] + ROWS_GUESSED * unwrapped

    def _entry_at(self, row: int) -> int | None:
        """The entry on ``row``, wrapping entries until one is there; None past the end."""
        while row >= self._starts[-1] and len(self._title_rows) < len(self.documents):
            self._wrap_through(len(self._title_rows) + LAYOUT_STEP - 1)
        if row >= self._starts[-1]:
            return None
        return bisect_right(self._starts, row) - 1

    def _scroll_to_cursor(self) -> None:
        if self._cursor is None or not self._wrap_width or not self.is_mounted:
            return
        self._wrap_through(self._cursor)
        top = self._starts[self._cursor]
        height = self._starts[self._cursor + 1] - top
        self.scroll_to_region(
            Region(0, top, self._wrap_width, height), animate=False, force=True, immediate=True
        )

    def on_resize(self, event: events.Resize) -> None:
        self._layout()

    def watch_show_vertical_scrollbar(self) -> None:
        # The scrollbar takes a column: the titles wrap anew for what is left.
        self.call_after_refresh(self._layout)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._base = None
        self._strips.clear()

    # -- rendering --------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if self._base is None:
            self._base = self.rich_style  # walks every ancestor: once, not per row
        row = self.scroll_offset.y + y
        index = self._entry_at(row) if self._wrap_width else None
        if index is None:
            return Strip.blank(width, self._base)
        strip = self._strips.get((row, width))
        if strip is None:
            strip = self._render_row(row, index, width, self._base)
            self._strips[(row, width)] = strip
        return strip

    def _render_row(self, row: int, index: int, width: int, base: Style) -> Strip:
        if index == self._cursor:
            base = base + self.get_component_rich_style("document-list--cursor", partial=True)
        rows = self._title_rows[index]
        line = row - self._starts[index]
        if line < len(rows):
            start, end = rows[line]
            segments = [Segment(self._titles[index][start:end], base + _BOLD)]
        else:
            # On the cursor's row the counts take its colour: a facet's own could be
            # the cursor's (bright cyan on cyan in 16 colours).
            details = self._details(self.documents[index], width, index != self._cursor)
            details.truncate(width, overflow="ellipsis")
            # Rich leaves the base style to the caller: without it a row would
            # show the terminal's own background between the coloured spans.
            segments = list(Segment.apply_style(details.render(self.app.console), base))
        return Strip(segments).crop_extend(0, width, base).simplify()

    def _details(self, doc: DocumentInfo, width: int, coloured: bool = True) -> Text:
        """The balance bar, facet counts, words and source on one row; a source too long
        is cut in the middle, keeping its start and end (two "Unnamed ..." stay apart)."""
        details = Text(end="", no_wrap=True)
        if doc.balance is not None:  # None: a list saved before kread kept balances
            details.append_text(render.balance_bar(doc.balance, self.facets, coloured))
            details.append(" ")
        details.append_text(render.facet_counts(self.facets, doc.facet_counts, coloured))
        # One space: at 80 columns the words still fit beside the bar.
        details.append(f" {doc.words}w", style=_DIM)
        room = width - details.cell_len - 2
        if doc.source and room >= MIN_SOURCE_CELLS:
            source = middle_ellipsis(sanitise(doc.source.replace("\n", " ")), room)
            details.append(f"  {source}", style=_DIM)
        return details
