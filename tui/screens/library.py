"""The main screen: the document list beside the reader, with the facet bar above it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Footer, Static
from textual.worker import get_current_worker

from kread.index.document import Document
from kread.index.errors import UnknownDocument
from kread.index.models import DocumentInfo, Facet
from kread.tui.messages import (
    DocumentLoaded,
    FilesChanged,
    IndexProgress,
    LibraryReady,
    OpenDocument,
    Settled,
)
from kread.tui.remembered import Place
from kread.tui.screens.base import KreadScreen
from kread.tui.screens.library_bindings import LIBRARY_BINDINGS
from kread.tui.screens.library_find import FindAndFilterMixin
from kread.tui.screens.library_open import ScreenOpeningMixin
from kread.tui.screens.library_quotes import QuotesMixin
from kread.tui.screens.library_work import SentenceWorkMixin
from kread.tui.widgets.document_header import DocumentHeader
from kread.tui.widgets.document_list import DocumentList
from kread.tui.widgets.facet_bar import FacetBar
from kread.tui.widgets.find_bar import FindBar
from kread.tui.widgets.reader import Reader

if TYPE_CHECKING:  # the index is imported in a worker, after the first paint
    from kread.index.engine.listing import Listing
    from kread.index.engine.refresh import RefreshReport
    from kread.index.library import Library

MIN_WIDTH, MIN_HEIGHT = 40, 10


class LibraryScreen(
    FindAndFilterMixin, QuotesMixin, SentenceWorkMixin, ScreenOpeningMixin, KreadScreen[None]
):
    """Browse the documents, read one with its facet marks, jump between marks and matches.

    Each concern past loading and showing a document has its module: find and filter
    (library_find), copy and export quotes (library_quotes), the reader's own work
    (library_work), the other screens opened from here (library_open)."""

    # Below 70 columns the list and the reader take turns at full width (Tab switches).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (70, "-normal"), (150, "-wide")]
    # Search, find and compare open a screen or a bar, and so do the appraisal, the
    # reader's marks, the points and a note: the keys typed next are meant there. Back
    # moves the focus to the list, where the keys mean other things.
    HOLD_AFTER_ACTIONS = frozenset(
        {"search", "find", "compare", "appraise", "correct_marks", "points", "write_note", "back"}
    )

    BINDINGS = LIBRARY_BINDINGS

    def __init__(self, library: Library | None = None, place: Place | None = None) -> None:
        super().__init__()
        self.library = library
        self._place = place  # where the reader left this corpus: gone once restored
        self.listing: Listing | None = None  # the saved head of the list, until the index opens
        self.enabled: set[str] = set()
        self.cue_lens = False
        self.matches: tuple[tuple[int, int], ...] = ()
        self.last_query = ""
        self._init_find()
        self._init_work()
        self._told_detached: set[str] = set()  # documents whose detached work was shown

    def holds_keys_after(self, key: str) -> bool:
        # Typing a find, letters are text ("s" and "/" too); Enter and Escape close the
        # bar, and the keys after them are for the reader.
        if self._typing_find():
            return key in ("enter", "escape")
        return super().holds_keys_after(key)

    def compose(self) -> ComposeResult:
        yield Static(
            f"Enlarge the terminal to at least {MIN_WIDTH}x{MIN_HEIGHT} to read.", id="too-small"
        )
        with Vertical(id="list-pane"):
            yield Static("Opening the index…", id="list-status")
            yield DocumentList(id="documents")
        with Vertical(id="reader-pane"):
            yield DocumentHeader(id="doc-header")
            yield FacetBar(id="facet-bar")
            yield Static("", id="filter-status")
            yield Reader(id="reader")
            yield FindBar(id="find-bar")

    def on_descendant_focus(self) -> None:
        # In a narrow terminal only the focused pane is shown (the find bar is the reader's).
        self.set_class(self.query_one("#reader-pane").has_focus_within, "-reading")
        self.refresh_bindings()  # q: "Back" in the reader, "Quit" on the list

    def on_resize(self) -> None:
        small = self.size.width < MIN_WIDTH or self.size.height < MIN_HEIGHT
        self.set_class(small, "-too-small")
        if not small and self.focused is None:
            # Hidden while the terminal was too small, the panes lost focus: give it back.
            pane = Reader if self.has_class("-reading") else DocumentList
            self.call_after_refresh(self.query_one(pane).focus)

    # -- loading ---------------------------------------------------------------
    def on_index_progress(self, message: IndexProgress) -> None:
        self.query_one("#list-status", Static).update(
            f"Indexing {message.done} of {message.total}…"
        )

    def on_library_ready(self, message: LibraryReady) -> None:
        self.load_library(message.library, message.documents)

    def on_files_changed(self, message: FilesChanged) -> None:
        """Files changed on disk while the reader was open: the list shows what the folder
        holds now, and the article being read is shown as it is now, or closed if gone."""
        report = message.report
        reader = self.query_one(Reader)
        doc = reader.document
        self.load_library(message.library, message.documents)
        if doc is not None and doc.id in report.removed:
            reader.show(None, (), ())
            self.query_one(DocumentList).focus()
            self._preview()
        elif doc is not None and doc.id in report.changed:
            sentence = reader.current_sentence
            start = doc.sentences[sentence].start if sentence is not None else None
            self._load(doc.id, start=start)
        self.notify(_changes_said(report, doc.id if doc else None), timeout=5, markup=False)

    def on_mount(self) -> None:
        if self.listing is not None and self.library is None:
            self.show_listing(self.listing)
        # The footer's keys are a third of the screen's widgets, and styling them a
        # third of the first frame's cost: they follow it.
        self.call_after_refresh(self._mount_footer)

    async def _mount_footer(self) -> None:
        await self.mount(Footer())
        self.refresh_bindings()  # a footer shows the keys from the next change of them

    def show_listing(self, listing: Listing) -> None:
        """The saved head of the list, shown while the index opens."""
        self._fill(listing.documents, listing.facets)
        self.query_one("#list-status", Static).update(
            f"{listing.total} documents · opening the index…"
        )

    def load_library(self, library: Library, documents: Sequence[DocumentInfo]) -> None:
        """Fill the list from the library; called when the index is ready or has changed."""
        self.library = library
        self._fill(documents, library.taxonomy.facets)
        status = self.query_one("#list-status", Static)
        if documents:
            status.update(f"{len(documents)} documents")
        else:
            status.update("No readable documents in this folder.")
        place, self._place = self._place, None
        if place is not None and documents and self._return_to(place):
            return
        self._preview()

    def _return_to(self, place: Place) -> bool:
        """Back where the reader left the corpus: its marks, the document (under the
        cursor, or open at the place it was read to). Whether it opened the document."""
        doc_list = self.query_one(DocumentList)
        doc_list.restore_marks(place.marked)
        position = doc_list.position_of(place.document)
        if position is None:
            return False
        with doc_list.prevent(DocumentList.Highlighted):  # its preview would cancel the opening
            doc_list.highlighted = position
        if not place.reading:
            return False
        self.post_message(OpenDocument(doc_list.documents[position].id, start=place.start))
        return True

    def _fill(self, documents: Sequence[DocumentInfo], facets: Sequence[Facet]) -> None:
        doc_list = self.query_one(DocumentList)
        first = not doc_list.documents and not self.enabled
        if first:
            self.enabled = {f.name for f in facets}
        doc_list.load(documents, facets)
        if first:
            doc_list.focus()

    # -- the reader ------------------------------------------------------------
    @on(DocumentList.Highlighted, "#documents")
    def _highlighted(self) -> None:
        self._preview()

    @on(DocumentList.Selected, "#documents")
    def _selected(self) -> None:
        self.query_one(Reader).focus()

    def _preview(self) -> None:
        doc_id = self.query_one(DocumentList).current_id
        reader = self.query_one(Reader)
        if doc_id is None or self.library is None:
            reader.show(None, (), ())
            self.query_one(DocumentHeader).show(None)
            return
        if reader.document is not None and reader.document.id == doc_id:
            return
        self._load(doc_id)

    @on(OpenDocument)
    def _open_asked(self, message: OpenDocument) -> None:
        message.stop()
        if self.library is not None:
            self._load(message.doc_id, message.query, opened=True, start=message.start)

    @work(thread=True, exclusive=True, exit_on_error=False, group="document", name="read it")
    def _load(
        self, doc_id: str, query: str = "", opened: bool = False, start: int | None = None
    ) -> None:
        """Read a document (and where ``query`` matches in it) off the UI thread: the
        cursor moves on at once, and only the document it stops on is shown."""
        assert self.library is not None
        try:
            doc = self.library.document(doc_id)
        except UnknownDocument:
            if opened:
                raise
            # Previewed from a list that an update has since changed: the new list follows.
            return
        matches = self.library.matches(doc.id, query, typing=True) if query else ()
        if not get_current_worker().is_cancelled:
            self.post_message(DocumentLoaded(doc, matches, query, opened, start))

    def on_document_loaded(self, message: DocumentLoaded) -> None:
        doc = message.document
        doc_list = self.query_one(DocumentList)
        if not message.opened:
            if doc_list.current_id == doc.id:  # the cursor may have moved on since
                self.matches = ()
                self._show(doc, message.start)
            return
        self.matches = message.matches
        if message.query:
            self.last_query = message.query
        position = doc_list.position_of(doc.id)
        if position is not None:
            with doc_list.prevent(DocumentList.Highlighted):
                doc_list.highlighted = position
        first_match = self.matches[0][0] if self.matches else None
        self._show(doc, message.start if message.start is not None else first_match)
        reader = self.query_one(Reader)
        if self.matches and message.start is None:
            reader.jump_match(1)  # the first match is current: "match 1 of 7"
        reader.focus()
        self.post_message(Settled())

    def _show(self, doc: Document, scroll_to: int | None = None) -> None:
        assert self.library is not None
        taxonomy = self.library.taxonomy
        facets = taxonomy.facets
        reader = self.query_one(Reader)
        reader.show(doc, facets, self.enabled, self.matches, scroll_to, cues=taxonomy.cues)
        reader.set_lens(self.cue_lens)
        self.query_one(DocumentHeader).show(doc)
        bar = self.query_one(FacetBar)
        bar.update_cues(taxonomy.cues, doc.cue_counts, self.cue_lens)
        bar.update_facets(facets, doc.facet_counts, self.enabled)
        if doc.detached and doc.id not in self._told_detached:
            self._told_detached.add(doc.id)
            count = len(doc.detached)
            self.notify(
                f"{count} of your notes or corrections no longer attach to a sentence of "
                f"this article (it changed). They are kept: `kread show {doc.id} --json` "
                'lists them under "detached".',
                severity="warning",
                timeout=8,
                markup=False,
            )

    @on(Reader.Moved)
    def _moved(self, event: Reader.Moved) -> None:
        bar = self.query_one(FacetBar)
        bar.finding = event.finding
        bar.marked = event.marked
        bar.match = event.match
        self._show_filter_status(event.filtered)
        if event.note:
            self.notify(event.note, title="Your note", timeout=4, markup=False)

    # -- actions ---------------------------------------------------------------
    def action_switch_pane(self) -> None:
        reader = self.query_one(Reader)
        target = self.query_one(DocumentList) if reader.has_focus else reader
        target.focus()

    def action_toggle_facet(self, index: int) -> None:
        if self.library is None:
            return
        facets = self.library.taxonomy.facets
        if index >= len(facets):
            return
        name = facets[index].name
        self.enabled ^= {name}
        self.query_one(Reader).set_enabled(self.enabled)
        doc = self.query_one(Reader).document
        self.query_one(FacetBar).update_facets(
            facets, doc.facet_counts if doc else {}, self.enabled
        )
        state = "on" if name in self.enabled else "off"
        self._tell_switch(f"{facets[index].label} marks {state}")

    def action_toggle_cue_lens(self) -> None:
        if self.library is None:
            return
        cues = self.library.taxonomy.cues
        if not cues:
            self.notify("The taxonomy has no cues: add a 'cues:' list to the topics file.")
            return
        self.cue_lens = not self.cue_lens
        reader = self.query_one(Reader)
        reader.set_lens(self.cue_lens)
        doc = reader.document
        self.query_one(FacetBar).update_cues(cues, doc.cue_counts if doc else {}, self.cue_lens)
        state = "on" if self.cue_lens else "off"
        self._tell_switch(f"Cue lens {state}")

    def _tell_switch(self, state: str) -> None:
        """Say what a switch did: the facet bar shows it when on screen (a toast per key
        would stack over the text); else the list's status line says it, in place."""
        if self.query_one("#reader-pane").display:
            return
        status = self.query_one("#list-status", Static)
        count = len(self.query_one(DocumentList).documents)
        status.update(f"{state} · {count} documents")

    def action_jump_marked(self, step: int) -> None:
        position = self.query_one(Reader).jump_marked(step)
        if position is None:
            self.notify("No marked sentences: switch a facet on with 1-4.", timeout=2)

    def action_jump_match(self, step: int) -> None:
        if self.query_one(Reader).jump_match(step) is None:
            self.notify("No search matches in this document: search with /.", timeout=2)

    def action_back(self) -> None:
        """Back one level: a find's hits cleared, else from the reader to the list; the
        list is the last level."""
        reader = self.query_one(Reader)
        if reader.finding:
            self._clear_find(reader)
        else:
            self.query_one(DocumentList).focus()
        # "q" means quit on the list: a second one typed with the first waits for it.
        self.call_after_refresh(self.post_message, Settled())

    async def action_quit(self) -> None:
        await self.app.action_quit()  # which remembers where the reader is

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # q is "back" in the reader and "quit" on the list; each hides the other.
        # Escape on the list has no level to go back to: it does nothing.
        # "/" finds in the reader and searches on the list; "s" searches from both.
        if self._typing_find():
            return False  # typing a find: the keys are text (the footer shows the bar's)
        reading = isinstance(self.focused, Reader)
        if action == "quit":
            return not reading
        if action in ("back", "find"):
            return reading
        if action == "search" and parameters:
            return reading == (parameters[0] == "reader")
        return True


def _changes_said(report: RefreshReport, reading: str | None) -> str:
    """One line on what changed on disk, naming the article being read if it did."""
    parts = [
        f"{len(ids)} {what}"
        for ids, what in (
            (report.added, "added"),
            (report.changed, "changed"),
            (report.removed, "deleted"),
        )
        if ids
    ]
    said = "Files changed on disk: " + ", ".join(parts) + "."
    if reading in report.removed:
        said += f" {reading}, which you were reading, was deleted."
    elif reading in report.changed:
        said += f" {reading} is shown as it is now."
    return said
