"""Searching as `Library` offers it: ranked hits with snippets for a query, and where a
query matches in one document."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from kread.index.engine.guard import guarded
from kread.index.models import Facet, SearchResult, Span

if TYPE_CHECKING:
    from kread.index.engine.store import Store
    from kread.index.facets.taxonomy import Taxonomy
    from kread.index.search.parse import QueryReader


class SearchMixin:
    """`Library`'s searches. The library provides what they stand on: its store, its
    taxonomy and facets, and the query reader it keeps (``_reader``)."""

    store: Store
    _reader: QueryReader | None

    if TYPE_CHECKING:

        @property
        def taxonomy(self) -> Taxonomy: ...
        @property
        def facets(self) -> tuple[Facet, ...]: ...
        def _names(self) -> tuple[str, ...]: ...

    @guarded
    def search(
        self,
        query: str,
        facets: Sequence[str] = (),
        limit: int | None = 20,
        matches: bool = True,
        snippets: int | None = None,
        typing: bool = False,
        suggest: bool = True,
        keystroke: bool = False,
    ) -> SearchResult:
        """Ranked hits for a query in the Whoosh query language, optionally only in
        documents that carry every facet in ``facets``. Only the first ``snippets`` hits
        (all when None) get a snippet and match offsets, the costly part; with
        ``typing``, the last word is still being typed and also matches the commonest
        words that start with it (and "did you mean" is only looked for when nothing is
        found); ``suggest=False`` skips "did you mean". A ``keystroke`` search answers
        while the user is still typing, fast rather than complete: matches past ``limit``
        are not counted (``counted=False``) and the word being typed is completed to
        fewer words of the bodies."""
        names = [self.taxonomy.resolve(f) for f in facets]
        from kread.index.search.run import run_search

        result = run_search(
            self.store.searcher(),
            self._query_reader(),
            query,
            names,
            limit,
            matches,
            snippets,
            typing,
            suggest=suggest,
            keystroke=keystroke,
            known_facets=tuple(f.name for f in self.facets),
        )
        if not result.counted:
            return result
        facet_counts = {name: result.facet_counts.get(name, 0) for name in self._names()}
        return result._replace(facet_counts=facet_counts)

    @guarded
    def matches(self, doc_id: str, query: str, typing: bool = False) -> tuple[Span, ...]:
        """Where ``query`` (searched as `search` would, with ``typing``) matches the words
        of one document: offsets into its text, for jumping from match to match."""
        from kread.index.search.run import run_search

        searcher, reader = self.store.searcher(), self._query_reader()
        result = run_search(
            searcher,
            reader,
            query,
            limit=1,
            typing=typing,
            within=doc_id,
            known_facets=tuple(f.name for f in self.facets),
        )
        return result.hits[0].matches if result.hits else ()

    def _query_reader(self) -> QueryReader:
        from kread.index.search.parse import QueryReader

        if self._reader is None:
            self._reader = QueryReader(self.store.docs.schema)
        return self._reader
