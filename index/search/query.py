"""Query text to ranked results: parsing, facet filters and counts, snippets,
match offsets and "did you mean", all done with Whoosh's own parts."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from weakref import WeakKeyDictionary

from whoosh import highlight
from whoosh.analysis.tokenizers import default_pattern
from whoosh.qparser import FuzzyTermPlugin, MultifieldParser, QueryParser
from whoosh.query import (
    And,
    Every,
    FuzzyTerm,
    NullQuery,
    Or,
    Phrase,
    Prefix,
    Query,
    Term,
    Wildcard,
)
from whoosh.searching import Hit as WhooshHit
from whoosh.searching import Searcher
from whoosh.support.levenshtein import distance

from kread.index.engine.analysis import text_analyzer
from kread.index.models import Hit, SearchResult, Span
from kread.index.reading.sanitize import sanitize

SEARCH_FIELDS = ("title", "body")
# Longer queries are cut: nobody types more, and each term costs a posting walk.
MAX_QUERY_CHARS = 1000
# A wildcard needs this many literal letters in front of it; fewer expands to
# thousands of terms.
MIN_WILDCARD_PREFIX = 2
# The word being typed is completed from this many letters on, to this many of the
# commonest words of the index that start with it.
COMPLETE_FROM = 3
COMPLETIONS = 8
# At a keystroke the body's long posting lists are the cost: its two commonest words.
KEYSTROKE_BODY_COMPLETIONS = 2
# Completions are picked among this many words of the term list, in order.
COMPLETION_CANDIDATES = 200
# Fuzzy expansions remembered per index reader.
FUZZY_REMEMBERED = 256
# The body analyzer's tokenizer: a snippet's words are cut where the index cut them.
_WORD_TOKEN = default_pattern
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
        self._facet_docs: WeakKeyDictionary = WeakKeyDictionary()

    def facet_docs(self, searcher: Searcher) -> dict[str, frozenset[int]]:
        """Each facet's documents (numbers in ``searcher``), kept while its reader lasts:
        counting a result's facets is then a set intersection per facet."""
        reader = searcher.reader()
        found = self._facet_docs.get(reader)
        if found is None:
            names = [n.decode() if isinstance(n, bytes) else n for n in reader.lexicon("facet")]
            found = {n: frozenset(searcher.docs_for_query(Term("facet", n))) for n in names}
            self._facet_docs[reader] = found
        return found

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
        query = query.accept(_keep_first_letter)
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


class _FuzzyTerm(FuzzyTerm):
    """Whoosh's fuzzy term, with its words found once per index reader (the search and
    the snippets both ask) and words of the wrong length skipped before measuring."""

    _found: WeakKeyDictionary = WeakKeyDictionary()

    def _btexts(self, ixreader) -> tuple[str, ...]:
        known = self._found.setdefault(ixreader, {})
        key = (self.fieldname, self.text, self.maxdist, self.prefixlength)
        if key not in known:
            if len(known) >= FUZZY_REMEMBERED:
                known.clear()
            known[key] = tuple(self._within(ixreader))
        return known[key]

    def _within(self, ixreader) -> Iterable[str]:
        field, text, most = ixreader.schema[self.fieldname], self.text, self.maxdist
        for btext in ixreader.expand_prefix(self.fieldname, text[: self.prefixlength]):
            word = field.from_bytes(btext)
            if abs(len(word) - len(text)) <= most and distance(word, text, limit=most) <= most:
                yield word


def _keep_first_letter(q: Query) -> Query:
    """A fuzzy word keeps its first letter (as "did you mean" does): most misspellings
    do, and it spares measuring the distance to every word of the index (at 10,000
    articles, ~2 s a query instead of ~0.1 s)."""
    if isinstance(q, FuzzyTerm):
        prefix = q.prefixlength or 1
        return _FuzzyTerm(q.fieldname, q.text, q.boost, q.maxdist, prefixlength=prefix)
    return q


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


class _Token:
    """A word of a text and whether the query matched it: what Whoosh's highlighter
    reads of a token (it copies matched tokens; these never change once made)."""

    __slots__ = ("boost", "endchar", "matched", "startchar", "text")

    def __init__(self, text: str, startchar: int, endchar: int, matched: bool) -> None:
        self.text, self.startchar, self.endchar, self.matched = text, startchar, endchar, matched
        self.boost = 1.0

    def copy(self) -> _Token:
        return self


@lru_cache(maxsize=100_000)
def _index_form(word: str) -> str:
    """``word`` as the body analyzer turns it into a term (a stop word lower-cased):
    the analyzer once per distinct word, instead of its filter chain per token."""
    token = next(iter(text_analyzer()(word, mode="index", removestops=False)), None)
    return token.text if token is not None else word.lower()


def marked_tokens(text: str, rules: _MatchRules) -> list[_Token]:
    """Every token of ``text``, ``matched`` set where the query matched."""
    loose = rules.loose
    tokens = [
        _Token(form, m.start(), m.end(), form in loose)
        for m in _WORD_TOKEN.finditer(text)
        for form in (_index_form(m.group()),)
    ]
    if rules.phrases:
        words = [t.text for t in tokens]
        for phrase in rules.phrases:
            size = len(phrase)
            for i in range(len(words) - size + 1):
                if tuple(words[i : i + size]) == phrase:
                    for token in tokens[i : i + size]:
                        token.matched = True
    return tokens


def snippet(text: str, tokens: Sequence[_Token]) -> tuple[str, tuple[Span, ...]]:
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
    snippets: int | None = None,
    typing: bool = False,
    within: str | None = None,
    suggest: bool = True,
    keystroke: bool = False,
) -> SearchResult:
    """Search; only the first ``snippets`` hits (all when None) get a snippet and match
    offsets. With ``typing``, the last word is taken as still being typed: it also
    matches the commonest words of titles and bodies that start with it. ``within``
    limits the search to the document with that id; ``suggest`` asks for "did you
    mean". A ``keystroke`` search (typing goes on) does not count matches past the
    first ``limit`` (the result says ``counted=False``) and completes the typed word
    to fewer body words."""
    parsed = reader.parse(text)
    wanted = [Term("facet", f.lower()) for f in facets]
    if within is not None:
        wanted.append(Term("id", within))
    facet_filter = And(wanted) if wanted else None
    query = parsed.query
    if typing:
        query = _with_completions(searcher, reader, parsed, keystroke)
    if query is NullQuery and facets and not text.strip():
        query = Every()  # a facet filter alone lists every document that has the facet
    if query is NullQuery:
        return SearchResult(parsed.text, 0, (), {}, None, parsed.notice)

    # Not terms=True: recording each hit's matched terms slows the whole search. A hit's
    # words are found in its text instead, from every body term the query stands for.
    results = searcher.search(query, limit=limit, filter=facet_filter)
    shown = results[:limit] if limit is not None else list(results)
    counted = not keystroke or limit is None or len(shown) < limit
    # Every match is in ``shown`` when there are fewer than ``limit``; otherwise the set
    # of all of them costs a second walk of the postings.
    matched = {hit.docnum for hit in shown} if keystroke else results.docs()
    facet_counts = (
        {name: len(matched & docs) for name, docs in reader.facet_docs(searcher).items()}
        if counted
        else {}
    )
    detailed = len(shown) if snippets is None else snippets
    words = _body_terms(searcher, query) if detailed else []
    hits = tuple(
        _hit(hit, query, words, with_matches) if n < detailed else _bare_hit(hit)
        for n, hit in enumerate(shown)
    )
    total = len(matched)
    return SearchResult(
        query=parsed.text,
        total=total,
        hits=hits,
        facet_counts=facet_counts,
        # While typing, a suggestion only helps a query that finds nothing.
        corrected=_correction(searcher, reader, parsed.text)
        if suggest and (not typing or total == 0)
        else None,
        notice=parsed.notice,
        counted=counted,
    )


_TYPED_WORD = re.compile(r"(?:^|\s)([^\W_]+)$")


def _with_completions(
    searcher: Searcher, reader: QueryReader, parsed: ParsedQuery, keystroke: bool
) -> Query:
    """The query with its last word, if it is a plain word being typed, widened to
    ``word OR completion1 OR ...``: the words of the term lists of titles and bodies
    that start with it, commonest first (at a ``keystroke``, fewer of the bodies')."""
    typed = _TYPED_WORD.search(parsed.text)
    if typed is None or len(typed.group(1)) < COMPLETE_FROM:
        return parsed.query
    head = parsed.text[: typed.start(1)].rstrip()
    *rest, operator = head.split() or [""]
    if (
        head.endswith(":")
        or head.count('"') % 2
        or head.count("(") != head.count(")")
        or operator in ("NOT", "ANDNOT", "ANDMAYBE")
    ):
        return parsed.query  # a field's value, inside a phrase or group, after NOT: as written
    combine = Or if operator == "OR" else And
    if operator in ("AND", "OR"):
        head = " ".join(rest)
    word = typed.group(1).lower()
    completions: list[Query] = []
    for field in SEARCH_FIELDS:
        wanted = KEYSTROKE_BODY_COMPLETIONS if keystroke and field == "body" else COMPLETIONS
        completions += [Term(field, t) for t in _commonest(searcher, field, word, wanted)]
    if not completions:
        return parsed.query
    head_query = reader.parse(head).query if head else NullQuery
    widened = Or([reader.parse(typed.group(1)).query, *completions])
    if head_query is NullQuery:
        return widened.normalize()
    return combine([head_query, widened]).normalize()


def _commonest(searcher: Searcher, field: str, prefix: str, wanted: int) -> list[str]:
    """The ``wanted`` words of ``field`` that start with ``prefix`` and most documents
    use, among the first `COMPLETION_CANDIDATES` of each segment's term list."""
    frequency: Counter[str] = Counter()
    # Each segment's term list read in order gives every term's document count as it
    # goes; asking the whole index term by term costs a lookup per segment per term.
    for segment, _offset in searcher.reader().leaf_readers():
        if field not in segment.indexed_field_names():
            continue
        terms = segment.iter_prefix(field, prefix)
        for text, info in islice(terms, COMPLETION_CANDIDATES):
            frequency[text.decode()] += info.doc_frequency()
    return [term for term, _count in frequency.most_common(wanted)]


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


def _body_terms(searcher: Searcher, query: Query) -> list[str]:
    """Every word of the bodies the query stands for, prefixes and fuzzy terms expanded
    to the words of the index they match."""
    field = searcher.schema["body"]
    # Asked for by field: Whoosh's existing_terms reuses its ``fieldname`` argument.
    found = query.existing_terms(searcher.reader(), expand=True, fieldname="body")
    return sorted({field.from_bytes(term) for _name, term in found})


def _hit(hit: WhooshHit, query: Query, words: Sequence[str], with_matches: bool) -> Hit:
    fields = hit.fields()
    text = fields["body"]
    rules = _match_rules(query, words)
    # Every match in the text costs analysing all of it; a snippet needs only the places
    # where the matched words may stand.
    tokens = marked_tokens(text, rules) if with_matches else _tokens_near(text, words, rules)
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


# Around each likely match, this much text is analysed for a snippet; at most this
# many places are looked at.
WINDOW_CHARS = 150
WINDOWS = 4


def _tokens_near(text: str, words: Sequence[str], rules: _MatchRules) -> list[_Token]:
    """The analysed tokens of the parts of ``text`` around the first places where a
    matched stem may stand (found by a quick scan for its first letters); all of the
    text when the scan finds none."""
    stems = [w for w in words if len(w) > 1]
    if not stems:
        return marked_tokens(text, rules)
    # A Porter stem, short of its last letter, starts the words it comes from.
    starts = sorted({re.escape(w[: max(2, len(w) - 1)]) for w in stems}, key=len, reverse=True)
    pattern = re.compile(r"\b(?:" + "|".join(starts) + ")", re.IGNORECASE)
    windows: list[list[int]] = []
    for found in pattern.finditer(text):
        start = max(0, found.start() - WINDOW_CHARS)
        end = min(len(text), found.start() + WINDOW_CHARS)
        while start > 0 and not text[start - 1].isspace():
            start -= 1  # whole words only
        while end < len(text) and not text[end].isspace():
            end += 1
        if windows and start <= windows[-1][1]:
            windows[-1][1] = end
        elif len(windows) == WINDOWS:
            break
        else:
            windows.append([start, end])
    tokens: list[_Token] = []
    for start, end in windows:
        for token in marked_tokens(text[start:end], rules):
            token.startchar += start
            token.endchar += start
            tokens.append(token)
    if not any(t.matched for t in tokens):
        return marked_tokens(text, rules)
    return tokens


def _correction(searcher: Searcher, reader: QueryReader, text: str) -> str | None:
    """A better-spelled query, when the corrector has one."""
    try:
        query = reader.spelling_parser.parse(text)
        # Suggestions share the first letter with the word: most misspellings do, and it
        # spares walking the whole word list.
        corrected = searcher.correct_query(query, text, prefix=1)
    except Exception:  # correction is a courtesy: never let it fail a search
        return None
    if corrected.query != query and corrected.string.strip() and corrected.string != text:
        return corrected.string
    return None
