"""Query text to a Whoosh query: the query language over titles and bodies, phrases that
keep their stop words, and notices for whatever could not be read as written."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from typing import NamedTuple

from whoosh.qparser import FuzzyTermPlugin, MultifieldParser, QueryParser
from whoosh.query import Every, FuzzyTerm, NullQuery, Phrase, Prefix, Query, Term, Wildcard

from kread.index.engine.phrases import PhrasesKeepTheirWords
from kread.index.reading.sanitize import sanitize
from kread.index.search.fuzzy import keep_first_letter
from kread.index.search.repair import repair

SEARCH_FIELDS = ("title", "body")
# The fields a query may name; the others are kread's own.
QUERY_FIELDS = ("title", "body", "source", "place", "facet")
# Where a phrase whose stop words the title and body analysis would drop is matched.
WORDS_FIELD = "words"
# Longer queries are cut: nobody types more, and each term costs a posting walk.
MAX_QUERY_CHARS = 1000
# A wildcard needs this many literal letters in front of it; fewer expands to
# thousands of terms.
MIN_WILDCARD_PREFIX = 2


class ParsedQuery(NamedTuple):
    """A query as read: what Whoosh searches for, the text it was read from, and a notice
    for each thing read otherwise than written."""

    query: Query
    text: str
    notices: tuple[str, ...] = ()

    @property
    def answerable(self) -> bool:
        """False when nothing of the query is left to search for."""
        return self.query is not NullQuery


class QueryReader:
    """Parses the Whoosh query language over titles and bodies (plus ``field:value`` on
    title, source, place and facet) and keeps bad input harmless."""

    def __init__(self, schema) -> None:
        self.parser = MultifieldParser(list(SEARCH_FIELDS), schema)
        self.parser.add_plugin(FuzzyTermPlugin())
        self.parser.add_plugin(PhrasesKeepTheirWords(dict.fromkeys(SEARCH_FIELDS, WORDS_FIELD)))
        # "Did you mean" reads the query unstemmed, against the words as written.
        self.spelling_parser = QueryParser("spell", schema)

    def parse(self, text: str, facets: Collection[str] | None = None) -> ParsedQuery:
        """``text`` as a query, with a notice for each thing not read as written;
        ``facets`` are the names ``facet:`` may take (None: any)."""
        text = " ".join(sanitize(text).split())
        written = text
        # What was done, as said when the rest is searched and when nothing is left.
        notices: list[str] = []
        reasons: list[str] = []
        if len(text) > MAX_QUERY_CHARS:
            text = text[:MAX_QUERY_CHARS]
            notices.append(f"the query was cut to its first {MAX_QUERY_CHARS} characters")
        repaired = repair(text, QUERY_FIELDS)
        if repaired.reasons:
            reasons += repaired.reasons
            notices.append(f"read {text!r} as {repaired.text!r}: {'; '.join(repaired.reasons)}")
            text = repaired.text
        try:
            query = self.parser.parse(text) if text else NullQuery
        except Exception:  # the parser rejects some field syntax: search the words instead
            words = " ".join(re.findall(r"\w+", text))
            query = self.parser.parse(words) if words else NullQuery
            notices.append(f"could not read {text!r} as a query; searched for the words in it")
            reasons.append("it could not be read as a query")
        query = query.accept(keep_first_letter)
        query, dropped = _drop_broad_wildcards(query)
        if dropped:
            reason = (
                f"left out {', '.join(dropped)}: put at least {MIN_WILDCARD_PREFIX} letters "
                "before * or ?"
            )
            notices.append(reason)
            reasons.append(reason)
        if facets is not None:
            query, unknown = _drop_unknown_facets(query, facets)
            if unknown:
                names = ", ".join(f'"{n}"' for n in unknown)
                reason = f"there is no facet {names} (facets: {', '.join(facets)})"
                notices.append(f"{reason}; searched without it")
                reasons.append(reason)
        query = query.normalize()
        if query is NullQuery:
            where = f" in {written!r}" if written else ""
            why = "; ".join(reasons) or 'write words, a "phrase" or field:value'
            notices = [f"nothing to search for{where}: {why}"]
        return ParsedQuery(query, text, tuple(notices))


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


def _drop_unknown_facets(query: Query, facets: Collection[str]) -> tuple[Query, list[str]]:
    unknown: list[str] = []
    known = set(facets)

    def visit(q: Query) -> Query:
        if q.is_leaf() and getattr(q, "fieldname", None) == "facet":
            name = getattr(q, "text", "")
            if isinstance(q, Term) and name in known:
                return q
            if not isinstance(q, Term) and any(_may_name(q, f) for f in known):
                return q  # a facet wildcard that names some
            if name not in unknown:
                unknown.append(name)
            return NullQuery
        return q

    return query.accept(visit), unknown


def _may_name(q: Query, facet: str) -> bool:
    pattern = re.escape(q.text).replace(r"\*", ".*").replace(r"\?", ".")
    if isinstance(q, Prefix):
        pattern += ".*"
    return isinstance(q, Wildcard | Prefix | FuzzyTerm) and bool(re.fullmatch(pattern, facet))


def _literal_prefix(q: Query) -> int:
    text = q.text
    if isinstance(q, Wildcard):
        return len(re.split(r"[*?]", text, maxsplit=1)[0])
    return len(text)


def _shown(q: Query) -> str:
    return q.text if isinstance(q, Wildcard) else f"{q.text}*"


def leaves_and_phrases(query: Query) -> Iterable[Query]:
    """The leaves of ``query``, a phrase counted as one."""
    if isinstance(query, Phrase) or query.is_leaf():
        yield query
        return
    for child in query.children():
        yield from leaves_and_phrases(child)
