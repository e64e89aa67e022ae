"""What `Library` tells of documents beyond their text: why a sentence carries its
marks, two documents compared, the points several make, the facet matrix, and one
document appraised."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from kread.index.document_ids import distinct_ids
from kread.index.engine.guard import guarded
from kread.index.errors import KreadError

if TYPE_CHECKING:  # only named in annotations: a search need not create these classes
    from kread.index.appraisal.models import Appraisal
    from kread.index.document import Document
    from kread.index.engine.store import Store
    from kread.index.explanations import MarkExplanation
    from kread.index.facets.taxonomy import Taxonomy
    from kread.index.models import DocumentInfo
    from kread.index.points.models import Comparison, FacetMatrix, PointMap
    from kread.index.workbook.models import ItemJudgement


class AnalysesMixin:
    """`Library`'s analyses. The library provides what they stand on: its store and
    taxonomy, the documents as the reader corrected them, and the reader's scores."""

    store: Store

    if TYPE_CHECKING:

        @property
        def taxonomy(self) -> Taxonomy: ...
        def resolve(self, doc_id: str) -> str: ...
        def document(self, doc_id: str) -> Document: ...
        def documents(self) -> list[DocumentInfo]: ...
        def scores(self, doc_id: str) -> dict[str, ItemJudgement]: ...

    @guarded
    def explain(self, doc_id: str, sentence: int) -> MarkExplanation:
        """Why sentence number ``sentence`` (an index into ``Document.sentences``) of a
        document carries each of its facets: the lines of the taxonomy that match it and
        the words each matched."""
        doc = self.document(doc_id)
        if not 0 <= sentence < len(doc.sentences):
            raise KreadError(
                f"{doc.id} has {len(doc.sentences)} sentences; there is no sentence "
                f"{sentence + 1} (counting from 1)"
            )
        from kread.index.facets.explain import explain_sentence

        return explain_sentence(self.taxonomy, doc, sentence)

    @guarded
    def compare(self, a_id: str, b_id: str, facets: Sequence[str] = ()) -> Comparison:
        """Two documents facet by facet (every facet, or those in ``facets``, in taxonomy
        order): the points both make (``points``; ``pairs`` holds every linked pair of
        sentences), what only one side says, opposite claims, the terms both use.
        Sentence indexes are positions in ``Document.sentences``."""
        names = self._facet_names(facets)
        a_full, b_full = self._distinct((a_id, b_id))
        a, b = self.document(a_full), self.document(b_full)
        from kread.index.points.compare import compare_documents, sentence_terms

        a_vectors, b_vectors = sentence_terms(a), sentence_terms(b)
        terms = {t for vector in (*a_vectors, *b_vectors) for t in vector}
        idf = self.store.sentence_idf(terms)

        return compare_documents(a, b, a_vectors, b_vectors, idf, names, taxonomy=self.taxonomy)

    @guarded
    def points(self, ids: Sequence[str] = (), facets: Sequence[str] = ()) -> PointMap:
        """The points documents make (every document when ``ids`` is empty), per facet
        (every facet, or those in ``facets``, in taxonomy order): who makes each, who is
        silent, which points contradict each other."""
        names = self._facet_names(facets)
        ids = [ids] if isinstance(ids, str) else list(ids)
        full = (
            self._distinct(ids, "points", "name each document once")
            if len(ids) > 1
            else [self.resolve(i) for i in ids]
        )
        documents = [self.document(doc_id) for doc_id in full or [d.id for d in self.documents()]]
        from kread.index.points.engine import point_map

        return point_map(documents, self.store.sentence_idf, names, taxonomy=self.taxonomy)

    @guarded
    def matrix(self, ids: Sequence[str], facets: Sequence[str] = ()) -> FacetMatrix:
        """Which sentences of each document carry each facet (every facet, or those in
        ``facets``, in taxonomy order), for two or more documents."""
        names = self._facet_names(facets)
        documents = [self.document(doc_id) for doc_id in self._distinct(ids)]
        from kread.index.points.compare import facet_matrix

        return facet_matrix(documents, names)

    @guarded
    def appraise(self, doc_id: str) -> Appraisal:
        """One document appraised item by item (`index/appraisal/items.yaml`): the sentences
        that answer each item, or not found; what it leaves out; its balance; and the
        reader's own score and note on each item (`set_score`, `set_note`)."""
        doc = self.document(doc_id)
        from kread.index.appraisal.engine import appraise_document
        from kread.index.appraisal.items import default_items

        return appraise_document(doc, default_items(), self.scores(doc.id))

    def _facet_names(self, facets: Sequence[str]) -> tuple[str, ...]:
        """Facet names, prefixes or letters resolved; in taxonomy order, each once."""
        if isinstance(facets, str):
            facets = (facets,)
        wanted = {self.taxonomy.resolve(f) for f in facets}
        return tuple(n for n in self.taxonomy.names() if not wanted or n in wanted)

    def _distinct(
        self, ids: Sequence[str], command: str = "compare", fix: str = "compare different documents"
    ) -> list[str]:
        """The full ids of two or more different documents; else a `BadComparison` that
        names ``command`` and says what to do (``fix``)."""
        return distinct_ids(self.resolve, ids, command, fix)
