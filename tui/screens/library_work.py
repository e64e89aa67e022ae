"""The main screen's part that keeps the reader's own work: marks corrected and notes
written on the sentence at the reader's cursor, saved off the UI thread one save at a
time (quotes copied are saved here too), and the document shown again once saved."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual import work

from kread.index.document import Document
from kread.tui.messages import Settled, WorkSaved
from kread.tui.widgets.document_list import DocumentList
from kread.tui.widgets.facet_bar import FacetBar
from kread.tui.widgets.reader import Reader

if TYPE_CHECKING:
    from kread.index.library import Library


class SentenceWorkMixin:
    """Mixed into `LibraryScreen` (a Textual screen): its actions, handler and worker
    are found through the screen's class."""

    library: Library | None
    enabled: set[str]
    cue_lens: bool

    def _init_work(self) -> None:
        # Saves run in workers one at a time, numbered in the order they finish.
        self._save_lock = threading.Lock()
        self._saves_done = 0
        self._save_shown = 0
        self._work_warning: str | None = None

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
