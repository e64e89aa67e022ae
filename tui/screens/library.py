"""The main screen: the document list beside the reader, with the facet bar above it."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Footer, Static
from textual.worker import get_current_worker

from kread.index.errors import UnknownDocument
from kread.index.models import Document, DocumentInfo, Facet, RefreshReport
from kread.tui import quote
from kread.tui.messages import (
    DocumentLoaded,
    FilesChanged,
    IndexProgress,
    LibraryReady,
    OpenDocument,
    QuotesExported,
    Settled,
    WorkSaved,
)
from kread.tui.remembered import Place
from kread.tui.screens.base import KreadScreen
from kread.tui.screens.library_bindings import LIBRARY_BINDINGS
from kread.tui.widgets.document_header import DocumentHeader
from kread.tui.widgets.document_list import DocumentList
from kread.tui.widgets.facet_bar import FacetBar
from kread.tui.widgets.find_bar import FindBar
from kread.tui.widgets.reader import Reader

if TYPE_CHECKING:  # the index is imported in a worker, after the first paint
    from kread.index.engine.listing import Listing
    from kread.index.library import Library
    from kread.tui.screens.search import SearchChoice

MIN_WIDTH, MIN_HEIGHT = 40, 10


class LibraryScreen(KreadScreen[None]):
    """Browse the documents, read one with its facet marks, jump between marks and matches."""

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
        # Where a find started: the text offset at the top, and the scroll to go back to.
        self._find_origin: tuple[int, float] = (0, 0.0)
        # Saves run in workers one at a time, numbered in the order they finish.
        self._save_lock = threading.Lock()
        self._saves_done = 0
        self._save_shown = 0
        self._work_warning: str | None = None
        self._told_detached: set[str] = set()  # documents whose detached work was shown

    def holds_keys_after(self, key: str) -> bool:
        # Typing a find, letters are text ("s" and "/" too); Enter and Escape close the
        # bar, and the keys after them are for the reader.
        if self._typing_find():
            return key in ("enter", "escape")
        return super().holds_keys_after(key)

    def _typing_find(self) -> bool:
        return self.focused is not None and isinstance(self.focused.parent, FindBar)

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

    # -- the reader's own work -------------------------------------------------
    def _sentence_to_work_on(self) -> tuple[Document, int] | None:
        reader = self.query_one(Reader)
        index = reader.current_sentence
        if self.library is None or reader.document is None or index is None:
            self.notify("Open a document first: Enter on the list.", timeout=2)
            self.post_message(Settled())  # no screen opens: the keys typed after go on
            return None
        return reader.document, index

    def action_correct_marks(self) -> None:
        from kread.tui.screens.work import MarkChanges, MarksScreen

        target = self._sentence_to_work_on()
        if target is None:
            return
        assert self.library is not None
        doc, index = target

        def chosen(changes: MarkChanges | None) -> None:
            if changes:
                self._save_work(doc.id, index, changes.facets, None, changes.cues)

        taxonomy = self.library.taxonomy
        self.app.push_screen(MarksScreen(doc, index, taxonomy.facets, taxonomy.cues), chosen)

    def action_write_note(self) -> None:
        from kread.tui.screens.work import NoteScreen

        target = self._sentence_to_work_on()
        if target is None:
            return
        doc, index = target

        def written(note: str | None) -> None:
            if note is not None and note.strip() != doc.sentences[index].note:
                self._save_work(doc.id, index, {}, note)

        self.app.push_screen(NoteScreen.on_sentence(doc, index), written)

    @work(thread=True, exit_on_error=False, group="work", name="save your work")
    def _save_work(
        self,
        doc_id: str,
        index: int,
        marks: dict[str, bool],
        note: str | None,
        cues: dict[str, bool] | None = None,
        quoted: Sequence[int] = (),
    ) -> None:
        """Save a correction, a note or quotes (sentence indexes) off the UI thread; saves
        run one at a time, and the last to finish has the document as it is."""
        assert self.library is not None
        library = self.library
        with self._save_lock:
            doc = None
            for name, on in marks.items():
                doc = library.correct(doc_id, index, name, on)
            for name, on in (cues or {}).items():
                doc = library.correct(doc_id, index, name, on, cue=True)
            if note is not None:
                doc = library.note(doc_id, index, note)
            if quoted:
                doc = library.quote(doc_id, quoted)
            assert doc is not None
            documents = library.documents()
            self._saves_done += 1
            saved = self._saves_done
        self.post_message(WorkSaved(doc, documents, saved, library.workbook.warning))

    def on_work_saved(self, message: WorkSaved) -> None:
        if message.saved < self._save_shown:
            return  # a later save has shown the document already
        self._save_shown = message.saved
        assert self.library is not None
        facets = self.library.taxonomy.facets
        reader = self.query_one(Reader)
        doc = message.document
        if reader.document is not None and reader.document.id == doc.id:
            reader.update_document(doc)
            bar = self.query_one(FacetBar)
            bar.update_facets(facets, doc.facet_counts, self.enabled)
            bar.update_cues(self.library.taxonomy.cues, doc.cue_counts, self.cue_lens)
        self.query_one(DocumentList).load(message.documents, facets)
        if message.warning and message.warning != self._work_warning:
            self.notify(message.warning, severity="warning", timeout=8, markup=False)
        self._work_warning = message.warning

    # -- find in the article, the filter view ------------------------------------
    def action_find(self) -> None:
        """Open the find bar under the reader; the keys typed after `/` go into it."""
        reader = self.query_one(Reader)
        if reader.document is None:
            self.notify("Open a document first: Enter on the list.", timeout=2)
            self.post_message(Settled())
            return
        self._find_origin = (reader.top_offset, reader.scroll_y)
        self.query_one(FindBar).open()
        self.call_after_refresh(self.post_message, Settled())

    @on(FindBar.Changed)
    def _find_changed(self, event: FindBar.Changed) -> None:
        position = self.query_one(Reader).find(event.text, self._find_origin[0])
        event.bar.show_count(position, event.text)

    @on(FindBar.Closed)
    def _find_closed(self, event: FindBar.Closed) -> None:
        reader = self.query_one(Reader)
        event.bar.close()
        if not event.keep:
            self._clear_find(reader)
            reader.scroll_to(y=self._find_origin[1], animate=False)
        elif reader.finding and not reader.hit_count:
            self._clear_find(reader)  # nothing found: n and N stay with the search
        reader.focus()
        self.call_after_refresh(self.post_message, Settled())  # the keys after Enter go on

    def _clear_find(self, reader: Reader) -> None:
        if reader.finding:
            reader.find("")

    def action_filter(self) -> None:
        reader = self.query_one(Reader)
        if reader.document is None:
            self.notify("Open a document first: Enter on the list.", timeout=2)
            return
        reader.set_filter(not reader.filtered)

    def _show_filter_status(self, filtered: tuple[int, int] | None) -> None:
        status = self.query_one("#filter-status", Static)
        status.display = filtered is not None
        if filtered is None or self.library is None:
            return
        names = [f.label.lower() for f in self.library.taxonomy.facets if f.name in self.enabled]
        if self.cue_lens and self.library.taxonomy.cues:
            names.append("cues")
        text = Text(f"Filtered: {filtered[0]} of {filtered[1]} sentences", style="bold")
        text.append(f" ({', '.join(names) or 'nothing switched on'})")
        text.append(" · Enter: paragraph · f: all", style="dim")
        status.update(text)

    # -- copy with a citation ----------------------------------------------------
    def action_copy(self, shown: bool = False) -> None:
        """Copy the cursor's sentence (``shown``: every sentence the filter view shows)
        with its citation, through the terminal (OSC 52)."""
        reader = self.query_one(Reader)
        doc, current = reader.document, reader.current_sentence
        if doc is None or current is None:
            self.notify("Open a document first: Enter on the list.", timeout=2)
            return
        if shown and not reader.filtered:
            self.notify("Y copies the sentences the filter shows: f filters first.", timeout=3)
            return
        indexes = reader.shown_sentences if shown else [current]
        if not indexes:
            self.notify("The filter shows no sentence to copy.", timeout=2)
            return
        self.app.copy_to_clipboard(quote.clipboard_text(doc, indexes))
        if self.library is not None:  # kept with the reader's work, for "Export quotes"
            self._save_work(doc.id, indexes[0], {}, None, quoted=indexes)
        if len(indexes) == 1:
            what = f"sentence {indexes[0] + 1} of {doc.id} with its citation"
        else:
            what = f"{len(indexes)} sentences of {doc.id} with their citation"
        self.notify(f"Copied {what}", timeout=3, markup=False)

    def action_export_quotes(self) -> None:
        if self.library is not None:
            self._export_quotes()

    @work(thread=True, exit_on_error=False, group="quotes", name="export the quotes")
    def _export_quotes(self) -> None:
        """Write every quote kept for this corpus to a new Markdown file in the data
        directory, atomically (after the quotes being saved)."""
        from kread.index.locations import data_root
        from kread.index.workbook.file import write_atomically

        assert self.library is not None
        with self._save_lock:
            documents = self.library.quoted()
        count = quote.count(documents)
        if not count:
            self.post_message(QuotesExported("", 0))
            return
        text = quote.markdown(documents, datetime.now())
        folder = data_root() / "quotes"
        path = folder / f"quotes-{datetime.now():%Y%m%d-%H%M%S}.md"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            write_atomically(path, text.encode("utf-8"))
        except OSError as error:
            reason = error.strerror or str(error)
            self.post_message(QuotesExported(str(path), count, reason))
            return
        self.post_message(QuotesExported(str(path), count))

    def on_quotes_exported(self, message: QuotesExported) -> None:
        if not message.count:
            self.notify(
                "Nothing quoted yet: y copies the cursor's sentence, and every sentence "
                "copied is kept for the export.",
                timeout=4,
            )
            return
        if message.error:
            text = f"Could not write the quotes to {message.path}: {message.error}"
            self.notify(text, severity="error", timeout=8, markup=False)
            return
        noun = "sentence" if message.count == 1 else "sentences"
        text = f"Wrote {message.count} quoted {noun} with citations to {message.path}"
        self.notify(text, timeout=8, markup=False)

    # -- actions ---------------------------------------------------------------
    def action_search(self, where: str = "") -> None:
        if self.library is None:  # keys wait for the library: only a command gets here
            self.notify("The index is still being built.")
            self.post_message(Settled())
            return

        from kread.tui.screens.search import SearchScreen  # screens load when first opened

        def opened(choice: SearchChoice | None) -> None:
            if choice is not None:
                self.post_message(OpenDocument(choice.doc_id, choice.query))

        self.app.push_screen(SearchScreen(self.library, self.last_query), opened)

    def action_compare(self) -> None:
        """Three or more marked: the matrix; two: those two; else this one and a pick."""
        if not self._compare():
            self.post_message(Settled())  # no screen opens: the keys typed after c go on

    def _compare(self) -> bool:
        """Open the screen that compares; whether one opened."""
        from kread.tui.screens.compare import CompareScreen
        from kread.tui.screens.matrix import MatrixScreen
        from kread.tui.screens.pick import PickScreen

        if self.library is None:
            return False
        library = self.library
        doc_list = self.query_one(DocumentList)
        marked = list(doc_list.marked)
        current = self.query_one(Reader).document
        if len(marked) >= 3:
            self.app.push_screen(MatrixScreen(library, marked))
            return True
        if len(marked) == 2:
            self.app.push_screen(CompareScreen(library, *marked))
            return True
        if current is None:
            return False
        if marked and marked[0] != current.id:
            self.app.push_screen(CompareScreen(library, marked[0], current.id))
            return True
        others = [d for d in doc_list.documents if d.id != current.id]
        if not others:
            self.notify("There is no other document to compare with.")
            return False

        def picked(other: str | None) -> None:
            if other is not None:
                self.app.push_screen(CompareScreen(library, current.id, other))

        prompt = f"Compare “{current.title}” with:"
        self.app.push_screen(PickScreen(prompt, others, library.taxonomy.facets), picked)
        return True

    def action_appraise(self) -> None:
        """The appraisal of the document in the reader; Enter there comes back to the
        evidence sentence chosen."""
        reader = self.query_one(Reader)
        doc = reader.document
        if self.library is None or doc is None:
            self.notify("Open a document to appraise it.", timeout=2)
            self.post_message(Settled())
            return
        from kread.tui.screens.appraisal import AppraisalScreen

        def chosen(index: int | None) -> None:
            if index is not None and reader.document is doc:
                self._show(doc, doc.sentences[index].start)
                reader.focus()

        self.app.push_screen(AppraisalScreen(self.library, doc), chosen)

    def action_points(self) -> None:
        """The Points screen for the marked documents, or for every one."""
        if self.library is None:  # keys wait for the library: only a command gets here
            self.notify("The index is still being built.")
            self.post_message(Settled())
            return
        from kread.tui.screens.points import PointsScreen, SentenceChoice

        marked = list(self.query_one(DocumentList).marked)

        def opened(choice: SentenceChoice | None) -> None:
            if choice is not None:
                self.post_message(OpenDocument(choice.doc_id, start=choice.start))

        self.app.push_screen(PointsScreen(self.library, marked if len(marked) >= 2 else []), opened)

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
