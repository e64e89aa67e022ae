"""Query text to ranked results: parsing, facet filters and counts, snippets,
match offsets and "did you mean", all done with Whoosh's own parts."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from whoosh import highlight, sorting
from whoosh.analysis import Token
from whoosh.qparser import FuzzyTermPlugin, MultifieldParser, QueryParser
from whoosh.query import And, Every, NullQuery, Phrase, Prefix, Query, Term, Wildcard
from whoosh.searching import Hit as WhooshHit
from whoosh.searching import Searcher

from index.analysis import text_analyzer
from index.corpus import sanitize
from index.models import Hit, SearchResult, Span

SEARCH_FIELDS = ("title", "body")
# Longer queries are cut: nobody types more, and each term costs a posting walk.
MAX_QUERY_CHARS = 1000
# A wildcard needs this many literal letters in front of it; fewer expands to
# thousands of terms.
MIN_WILDCARD_PREFIX = 2
SNIPPET_CHARS = 140
SNIPPET_FRAGMENTS = 2
SNIPPET_JOIN = " … "


@dataclass(frozen=True)
class ParsedQuery:
    query: Query
    text: str
    notice: str | None


class QueryReader:
    """Parses the Whoosh query language over titles and bodies (plus
    ``field:value`` on title, source, place and facet) and keeps bad input harmless."""

    def __init__(self, schema) -> None:
        self.parser = MultifieldParser(list(SEARCH_FIELDS), schema)
        self.parser.add_plugin(FuzzyTermPlugin())
        # "Did you mean" reads the query unstemmed, against the words as written.
        self.spelling_parser = QueryParser("spell", schema)

    def parse(self, text: str) -> ParsedQuery:
        text = " ".join(sanitize(text).split())
        notices = []
        if len(text) > MAX_QUERY_CHARS:
            text = text[:MAX_QUERY_CHARS]
            notices.append(f"the query was cut to its first {MAX_QUERY_CHARS} characters")
        try:
            query = self.parser.parse(text)
        except Exception:  # the parser rejects some field syntax: search the words instead
            words = " ".join(re.findall(r"\w+", text))
            query = self.parser.parse(words) if words else NullQuery
            notices.append(f"could not read {text!r} as a query; searched for the words in it")
        query, dropped = _drop_broad_wildcards(query)
        if dropped:
            notices.append(
                f"left out {', '.join(dropped)}: put at least {MIN_WILDCARD_PREFIX} letters "
                "before * or ?"
            )
        query = query.normalize()
        if query is NullQuery and not notices:
            notices.append(
                f'nothing to search for in {text!r}: write words, a "phrase" or field:value'
            )
        return ParsedQuery(query, text, "; ".join(notices) or None)


def _drop_broad_wildcards(query: Query) -> tuple[Query, list[str]]:
    dropped: list[str] = []

    def visit(q: Query) -> Query:
        if isinstance(q, Every) or (
            isinstance(q, Wildcard | Prefix) and _literal_prefix(q) < MIN_WILDCARD_PREFIX
        ):
            shown = "*" if isinstance(q, Every) else _shown(q)
            if shown not in dropped:
                dropped.append(shown)
            return NullQuery
        return q

    return query.accept(visit), dropped


def _literal_prefix(q: Query) -> int:
    text = q.text
    if isinstance(q, Wildcard):
        return len(re.split(r"[*?]", text, maxsplit=1)[0])
    return len(text)


def _shown(q: Query) -> str:
    return q.text if isinstance(q, Wildcard) else f"{q.text}*"


@dataclass(frozen=True)
class _MatchRules:
    """Which analysed words of a body count as matched for one hit."""

    loose: frozenset[str]
    phrases: tuple[tuple[str, ...], ...]


def _match_rules(query: Query, matched: Iterable[str]) -> _MatchRules:
    matched = frozenset(matched)
    phrases = [p for p in _leaves_and_phrases(query) if isinstance(p, Phrase)]
    phrase_words = {w for p in phrases for w in p.words}
    plain_terms = {
        leaf.text
        for leaf in _leaves_and_phrases(query)
        if isinstance(leaf, Term) and leaf.fieldname == "body"
    }
    # A word that was only asked for inside a phrase is marked only where the phrase stands.
    loose = frozenset(w for w in matched if w not in phrase_words or w in plain_terms)
    strict = tuple(tuple(p.words) for p in phrases if p.fieldname == "body" and p.slop <= 1)
    loose_phrases = {w for p in phrases if p.fieldname == "body" and p.slop > 1 for w in p.words}
    return _MatchRules(loose | (loose_phrases & matched), strict)


def _leaves_and_phrases(query: Query) -> Iterable[Query]:
    if isinstance(query, Phrase):
        yield query
        return
    if query.is_leaf():
        yield query
        return
    for child in query.children():
        yield from _leaves_and_phrases(child)


def marked_tokens(text: str, rules: _MatchRules) -> list[Token]:
    """Every token of ``text`` as a Whoosh Token, ``matched`` set where the query matched."""
    tokens = [
        t.copy()
        for t in text_analyzer()(text, positions=True, chars=True, mode="index", removestops=False)
    ]
    marked = [t.text in rules.loose for t in tokens]
    words = [t.text for t in tokens]
    for phrase in rules.phrases:
        size = len(phrase)
        for i in range(len(words) - size + 1):
            if tuple(words[i : i + size]) == phrase:
                marked[i : i + size] = [True] * size
    for token, is_marked in zip(tokens, marked, strict=True):
        token.matched = is_marked
    return tokens


def snippet(text: str, tokens: Sequence[Token]) -> tuple[str, tuple[Span, ...]]:
    """Up to two short passages around the matched tokens, whitespace folded, with
    the offsets of the matched words inside the snippet."""
    if not any(t.matched for t in tokens):
        return _fold(text[:SNIPPET_CHARS], ())
    fragmenter = highlight.ContextFragmenter(maxchars=SNIPPET_CHARS, surround=40)
    fragments = highlight.top_fragments(
        fragmenter.fragment_tokens(text, tokens),
        SNIPPET_FRAGMENTS,
        highlight.BasicFragmentScorer(),
        highlight.SCORE,
        minscore=0,
    )
    fragments.sort(key=lambda f: f.startchar)
    parts: list[str] = []
    marks: list[Span] = []
    offset = 0
    for fragment in fragments:
        if parts:
            parts.append(SNIPPET_JOIN)
            offset += len(SNIPPET_JOIN)
        piece, piece_marks = _fold(
            text[fragment.startchar : fragment.endchar],
            tuple(
                (t.startchar - fragment.startchar, t.endchar - fragment.startchar)
                for t in fragment.matches
            ),
        )
        parts.append(piece)
        marks.extend((offset + a, offset + b) for a, b in piece_marks)
        offset += len(piece)
    return "".join(parts), tuple(marks)


def _fold(text: str, marks: tuple[Span, ...]) -> tuple[str, tuple[Span, ...]]:
    """Collapse runs of white space to one space, moving the marks with the text."""
    out: list[str] = []
    new_index = [0] * (len(text) + 1)
    previous_space = True  # also trims leading space
    for i, char in enumerate(text):
        new_index[i] = len(out)
        if char.isspace():
            if not previous_space:
                out.append(" ")
            previous_space = True
        else:
            out.append(char)
            previous_space = False
    new_index[len(text)] = len(out)
    folded = "".join(out).rstrip()
    return folded, tuple((new_index[a], min(new_index[b], len(folded))) for a, b in marks if a < b)


def run_search(
    searcher: Searcher,
    reader: QueryReader,
    text: str,
    facets: Sequence[str] = (),
    limit: int | None = 20,
    with_matches: bool = True,
) -> SearchResult:
    parsed = reader.parse(text)
    facet_filter = And([Term("facet", f.lower()) for f in facets]) if facets else None
    query = parsed.query
    if query is NullQuery and facets and not text.strip():
        query = Every()  # a facet filter alone lists every document that has the facet
    if query is NullQuery:
        return SearchResult(parsed.text, 0, (), {}, None, parsed.notice)

    results = searcher.search(
        query,
        limit=limit,
        filter=facet_filter,
        terms=True,
        groupedby=sorting.FieldFacet("facet", allow_overlap=True),
        maptype=sorting.Count,
    )
    facet_counts = dict(results.groups("facet"))
    # Iterating Results can run past `limit` when grouping is on: cut it explicitly.
    shown = results[:limit] if limit is not None else list(results)
    hits = tuple(_hit(results, hit, query, with_matches) for hit in shown)
    total = len(results)
    return SearchResult(
        query=parsed.text,
        total=total,
        hits=hits,
        facet_counts=facet_counts,
        corrected=_correction(searcher, reader, parsed.text),
        notice=parsed.notice,
    )


def _hit(results, hit: WhooshHit, query: Query, with_matches: bool) -> Hit:
    fields = hit.fields()
    text = fields["body"]
    words = [
        results.searcher.schema["body"].from_bytes(term)
        for field, term in hit.matched_terms()
        if field == "body"
    ]
    tokens = marked_tokens(text, _match_rules(query, words))
    shown, marks = snippet(text, tokens)
    return Hit(
        id=fields["id"],
        title=fields["title"],
        source=fields["source"],
        score=round(hit.score or 0.0, 4),
        snippet=shown,
        snippet_marks=marks,
        matches=tuple((t.startchar, t.endchar) for t in tokens if t.matched)
        if with_matches
        else (),
    )


def _correction(searcher: Searcher, reader: QueryReader, text: str) -> str | None:
    """A better-spelled query, when the corrector has one."""
    try:
        query = reader.spelling_parser.parse(text)
        corrected = searcher.correct_query(query, text)
    except Exception:  # correction is a courtesy: never let it fail a search
        return None
    if corrected.query != query and corrected.string.strip() and corrected.string != text:
        return corrected.string
    return None
