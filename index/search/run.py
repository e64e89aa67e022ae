"""Running a search: facet filters and counts, hits with snippets and match offsets."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from weakref import WeakKeyDictionary

from whoosh.query import And, Every, NullQuery, Query, Term
from whoosh.searching import Hit as WhooshHit
from whoosh.searching import Searcher

from kread.index.engine.records import decode_layout
from kread.index.models import Hit, SearchResult
from kread.index.search.matches import (
    body_terms,
    match_rules,
    matched_spans,
    matched_spans_near,
)
from kread.index.search.parse import QueryReader, leaves_and_phrases
from kread.index.search.snippets import snippet
from kread.index.search.spelling import correction

# Each facet's documents, per index reader.
_FACET_DOCS: WeakKeyDictionary = WeakKeyDictionary()


def facet_docs(searcher: Searcher) -> dict[str, frozenset[int]]:
    """Each facet's documents (numbers in ``searcher``), kept while its reader lasts:
    counting a result's facets is then a set intersection per facet."""
    reader = searcher.reader()
    found = _FACET_DOCS.get(reader)
    if found is None:
        names = [n.decode() if isinstance(n, bytes) else n for n in reader.lexicon("facet")]
        found = {n: frozenset(searcher.docs_for_query(Term("facet", n))) for n in names}
        _FACET_DOCS[reader] = found
    return found


def run_search(
    searcher: Searcher,
    reader: QueryReader,
    text: str,
    facets: Sequence[str] = (),
    limit: int | None = 20,
    with_matches: bool = True,
    snippets: int | None = None,
    typing: bool = False,
    within: str | None = None,
    suggest: bool = True,
    keystroke: bool = False,
    known_facets: Collection[str] | None = None,
) -> SearchResult:
    """Search; only the first ``snippets`` hits (all when None) get a snippet and match
    offsets. With ``typing``, the last word is taken as still being typed: it also
    matches the commonest words of titles and bodies that start with it. ``within``
    limits the search to the document with that id; ``suggest`` asks for "did you
    mean". A ``keystroke`` search (typing goes on) does not count matches past the
    first ``limit`` (the result says ``counted=False``) and completes the typed word
    to fewer body words. ``known_facets`` are the names ``facet:`` may take."""
    parsed = reader.parse(text, known_facets)
    wanted = [Term("facet", f.lower()) for f in facets]
    if within is not None:
        wanted.append(Term("id", within))
    facet_filter = And(wanted) if wanted else None
    query = parsed.query
    notices = parsed.notices
    if typing:
        from kread.index.search.completion import with_completions  # typing only

        query = with_completions(searcher, reader, parsed, keystroke, known_facets)
    if query is NullQuery and facets and not text.strip():
        query, notices = Every(), ()  # a facet filter alone lists every document with the facet
    if query is NullQuery:
        return SearchResult(parsed.text, 0, (), {}, None, notices, answered=False)

    # Not terms=True: recording each hit's matched terms slows the whole search. A hit's
    # words are found in its text instead, from every body term the query stands for.
    results = searcher.search(query, limit=limit, filter=facet_filter)
    shown = results[:limit] if limit is not None else list(results)
    counted = not keystroke or limit is None or len(shown) < limit
    # Every match is in ``shown`` when there are fewer than ``limit``; otherwise the set
    # of all of them costs a second walk of the postings.
    matched = {hit.docnum for hit in shown} if keystroke else results.docs()
    facet_counts = (
        {name: len(matched & docs) for name, docs in facet_docs(searcher).items()}
        if counted
        else {}
    )
    detailed = len(shown) if snippets is None else snippets
    words = body_terms(searcher, query) if detailed else []
    asked_facets = {*facets, *_facets_in(query)}
    hits = tuple(
        _hit(hit, query, words, with_matches, asked_facets) if n < detailed else _bare_hit(hit)
        for n, hit in enumerate(shown)
    )
    total = len(matched)
    return SearchResult(
        query=parsed.text,
        total=total,
        hits=hits,
        facet_counts=facet_counts,
        # While typing, a suggestion only helps a query that finds nothing.
        corrected=correction(searcher, reader, parsed.text)
        if suggest and (not typing or total == 0)
        else None,
        notices=notices,
        counted=counted,
    )


def _facets_in(query: Query) -> set[str]:
    return {
        leaf.text
        for leaf in leaves_and_phrases(query)
        if isinstance(leaf, Term) and leaf.fieldname == "facet"
    }


def _bare_hit(hit: WhooshHit) -> Hit:
    """A hit with its title and score, its snippet left for later."""
    fields = hit.fields()
    return Hit(
        id=fields["id"],
        title=fields["title"],
        source=fields["source"],
        score=round(hit.score or 0.0, 4),
        snippet="",
        snippet_marks=(),
        matches=(),
    )


def _hit(
    hit: WhooshHit,
    query: Query,
    words: Sequence[str],
    with_matches: bool,
    facets: Collection[str],
) -> Hit:
    fields = hit.fields()
    text = fields["body"]
    rules = match_rules(query, words)
    # Every match in the text costs analysing all of it; a snippet needs only the places
    # where the matched words may stand.
    matches = tuple(
        matched_spans(text, rules) if with_matches else matched_spans_near(text, words, rules)
    )
    _paragraphs, sentences = decode_layout(fields["layout"])
    shown, marks = snippet(text, sentences, matches, facets)
    return Hit(
        id=fields["id"],
        title=fields["title"],
        source=fields["source"],
        score=round(hit.score or 0.0, 4),
        snippet=shown,
        snippet_marks=marks,
        matches=matches if with_matches else (),
    )
