"""The reader's own work as `Library` offers it: corrections of marks, notes and quotes
on sentences, and appraisal answers, scores and notes per document, each saved at once."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from kread.index.models import DocumentInfo
from kread.index.reading.sanitize import sanitize
from kread.index.workbook.reader_work import ReaderWork, mark_name

if TYPE_CHECKING:
    from kread.index.document import Document
    from kread.index.facets.taxonomy import Taxonomy
    from kread.index.workbook.models import ItemJudgement
    from kread.index.workbook.workbook import Workbook


class ReaderWorkMixin:
    """`Library`'s methods on the reader's work. The library provides what they stand
    on: its `ReaderWork`, its warnings, its taxonomy and the documents."""

    _work: ReaderWork
    warnings: list[str]

    if TYPE_CHECKING:

        @property
        def taxonomy(self) -> Taxonomy: ...
        def resolve(self, doc_id: str) -> str: ...
        def document(self, doc_id: str) -> Document: ...
        def documents(self) -> list[DocumentInfo]: ...
        def _reading_as_indexed(self, doc_id: str) -> Document: ...

    @property
    def workbook(self) -> Workbook:
        """The reader's corrections, notes and scores on this corpus (user data, not the
        index: rebuilding the index never touches it)."""
        return self._work.workbook

    def _has_work(self) -> bool:
        return self._work.exists()

    def _warn_of_workbook(self) -> None:
        warning = self._work.warning()
        if warning and warning not in self.warnings:
            self.warnings.append(warning)

    def correct(
        self, doc_id: str, sentence: int, name: str, on: bool, *, cue: bool = False
    ) -> Document:
        """Say whether sentence ``sentence`` (an index into the document's sentences)
        carries facet (with ``cue``: cue) ``name``; saved at once, it wins over kread's
        marks everywhere. The document as it is now."""
        doc = self._reading_as_indexed(doc_id)
        self.workbook.set_mark(doc, sentence, mark_name(self.taxonomy, name, cue), on, cue)
        return self.document(doc.id)

    def note(self, doc_id: str, sentence: int, text: str) -> Document:
        """The reader's note on a sentence (empty text removes it); saved at once."""
        doc = self._reading_as_indexed(doc_id)
        self.workbook.set_sentence_note(doc, sentence, text)
        return self.document(doc.id)

    def quote(self, doc_id: str, sentences: Sequence[int], quoted: bool = True) -> Document:
        """Keep sentences (indexes into the document's sentences) among the reader's
        quotes, or (``quoted`` False) take them out; saved at once. The document now."""
        doc = self._reading_as_indexed(doc_id)
        self.workbook.set_quoted(doc, sentences, quoted)
        return self.document(doc.id)

    def quoted(self) -> list[Document]:
        """The documents holding any of the reader's quotes (`Sentence.quoted`, or a
        quote detached from a document that changed), in the list's order."""
        if not self._has_work():
            return []
        with_quotes = self.workbook.quoted_documents()
        documents = [self.document(d.id) for d in self.documents() if d.id in with_quotes]
        return [
            doc
            for doc in documents
            if any(s.quoted for s in doc.sentences) or any(w.quoted for w in doc.detached)
        ]

    def set_found(self, doc_id: str, item: str, found: bool | None) -> None:
        """The reader's correction of kread's answer to an appraisal item: found or not
        (None gives kread's back); saved at once, it wins in the appraisal and exports."""
        self.workbook.set_found(self.resolve(doc_id), item, found)

    def set_score(self, doc_id: str, item: str, score: int | None) -> None:
        """The reader's score (1-5; None removes it) on an appraisal item of a document."""
        self.workbook.set_score(self.resolve(doc_id), item, score)

    def set_note(self, doc_id: str, item: str, text: str) -> None:
        """The reader's note on an appraisal item of a document (empty text removes it)."""
        self.workbook.set_item_note(self.resolve(doc_id), item, text)

    def scores(self, doc_id: str) -> dict[str, ItemJudgement]:
        """The reader's score and note on each appraisal item of a document they rated
        or wrote on (items they did not are absent)."""
        from kread.index.workbook.models import ItemJudgement

        items = self.workbook.items(self.resolve(doc_id))
        return {
            name: ItemJudgement(w.score, sanitize(w.note), w.found) for name, w in items.items()
        }
