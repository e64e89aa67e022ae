"""The compiler from facet queries to matchers of a sentence's analysed tokens
(`tokens`): the parser, and the query tree turned into matchers (`matchers`).

A facet's ``query`` is written in the Whoosh query language users search with
(words, ``"phrases"``, ``"phrases"~2``, ``prefix*``, wildcards, ``word~`` fuzzy
terms, AND / OR / NOT / ANDNOT / ANDMAYBE, parentheses; a plain list of words
means any of them). It is parsed once per taxonomy on a field analysed by
:func:`kread.index.engine.analysis.text_analyzer`, so its terms are stemmed the way the
index stems them, and is then evaluated directly against the analysed tokens of each
sentence: no index is built and the words that matched give the spans.

Matching rules: a word matches a token with the same stem; a phrase needs its
words in order, each within ``slop`` positions of the one before (1: adjacent);
``word*`` matches a token whose raw (lower-cased) word or stem starts with
``word`` *as written* (Whoosh's own parser would stem the prefix, so that
``psychos*`` became ``psycho*`` and matched "psychotherapy"); wildcards and
``word~N`` fuzzy terms are tried on both the raw word and the stem. A word that
analyses to several tokens ("off-label") is a phrase. Unquoted, stop words and
one-letter words are dropped from queries and sentences alike (``not approved`` is
``approved``); a quoted phrase holding such words is matched against every word of the
sentence as written, as ``kread search`` matches it, so ``"not approved"`` needs its
"not", ``"may help"`` its "may" and ``"doesn't"`` its "t" (straight or curly
apostrophe). ``r"regex"`` is a Python regular expression searched in the sentence's
text as written (case-sensitive; ``(?i)`` ignores case): it sees what words cannot,
such as "67%", "(555) 123-4567" or a capital letter; its hits are the words it
overlaps. Bare ``NOT`` inside an OR group would match almost every sentence and is
refused.

Facet queries know a few things search does not (`operators`), written the Whoosh way
(an infix operator, a field-like prefix): ``a NEAR/n b`` (a word of each side within ``n`` words,
either order, stop words not counted; ``BEFORE/n``: in that order), ``negated:x`` (x
where a negation denies it: "not approved", "hasn't been approved", "no evidence that it
is approved"), ``affirmed:x`` (x where none does) and ``under:x`` (x in the heading of the
sentence's section, or in the line that introduces the list the sentence is an item of).
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable
from functools import lru_cache

from whoosh import query as wq
from whoosh.fields import TEXT, Schema
from whoosh.qparser import (
    FuzzyTermPlugin,
    OperatorsPlugin,
    OrGroup,
    QueryParser,
    RegexPlugin,
    WildcardPlugin,
    syntax,
)
from whoosh.qparser.plugins import PrefixPlugin

from kread.index.engine.analysis import every_word_analyzer, text_analyzer
from kread.index.engine.phrases import PhrasesKeepTheirWords
from kread.index.facets import parsed_queries
from kread.index.facets.context import SentenceContext
from kread.index.facets.matchers import (
    edit_distance,
    every_word_phrase_matcher,
    phrase_matcher,
    regex_matcher,
    token_matcher,
)
from kread.index.facets.operators import (
    EVERY_WORD_FIELD,
    NEAR_OPERATOR,
    SCOPED_FIELDS,
    SCOPED_WORD_FIELDS,
    TEXT_FIELD,
    UNDER,
    Near,
    in_text_field,
    near_matcher,
    scoped,
    scoped_field,
)
from kread.index.facets.tokens import Matcher, PrefixTable, Token, Tokens
from kread.index.facets.topics_file import Where

__all__ = [
    "MATCH_RULES_VERSION",
    "Matcher",
    "PrefixTable",
    "SentenceContext",
    "Token",
    "Tokens",
    "compile_facet_query",
]

# Bump when the way a query is matched against a sentence changes: the
# fingerprint then changes and indexes built with the old rules are rebuilt.
MATCH_RULES_VERSION = 4


class _Unsupported(Exception):
    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


class _BadRegex(Exception):
    pass


def _compile(q: wq.Query, prefixes: set[str]) -> Matcher:
    """Turn a parsed Whoosh query into a matcher, adding its prefix* words to ``prefixes``
    (the tokens of a sentence are looked up by them); raise _Unsupported for what cannot
    be matched."""
    kind = type(q)
    where = scoped_field(q)
    if where is not None:
        return scoped(where, _compile(in_text_field(q), prefixes))
    if kind is Near:
        return near_matcher(_compile(q.a, prefixes), _compile(q.b, prefixes), q)
    if kind in (wq.Term, wq.Phrase) and q.field() == EVERY_WORD_FIELD:
        words = [str(q.text)] if kind is wq.Term else [str(w) for w in q.words]
        if not words:
            raise _Unsupported("an empty phrase")
        return every_word_phrase_matcher(words, int(getattr(q, "slop", 1)))
    if kind is wq.Term:
        stem = str(q.text)
        return lambda ts: frozenset(ts.by_stem[stem]) if stem in ts.by_stem else None
    if kind is wq.Prefix:
        prefix = str(q.text).lower()
        if not prefix:
            raise _Unsupported("an empty prefix")
        prefixes.add(prefix)
        return lambda ts: frozenset(ts.by_prefix[prefix]) if prefix in ts.by_prefix else None
    if kind is wq.Regex:
        try:
            pattern = re.compile(str(q.text))
        except re.error as exc:
            raise _BadRegex(f'r"{q.text}" is not a regular expression ({exc})') from None
        return regex_matcher(pattern)
    if kind is wq.Wildcard:
        pattern = re.compile(fnmatch.translate(str(q.text).lower()))
        return token_matcher(lambda t: bool(pattern.match(t.stem) or pattern.match(t.word)))
    if kind is wq.FuzzyTerm:
        text, maxdist, keep = str(q.text), int(q.maxdist), int(q.prefixlength)

        def close(t: Token) -> bool:
            return any(
                w[:keep] == text[:keep] and edit_distance(w, text, maxdist) <= maxdist
                for w in (t.stem, t.word)
            )

        return token_matcher(close)
    if kind is wq.Phrase:
        words = [str(w) for w in q.words]
        if not words:
            raise _Unsupported("an empty phrase")
        return phrase_matcher(words, int(q.slop))
    if kind is wq.And:
        parts = [_compile(s, prefixes) for s in q.subqueries]

        def all_of(ts: Tokens) -> frozenset[int] | None:
            hits: frozenset[int] = frozenset()
            for part in parts:
                got = part(ts)
                if got is None:
                    return None
                hits |= got
            return hits

        return all_of
    if kind is wq.Or:
        return _any_of(q, prefixes)
    if kind is wq.Not:
        inner = _compile(q.query, prefixes)
        return lambda ts: frozenset() if inner(ts) is None else None
    if kind is wq.AndNot:
        positive, negative = _compile(q.a, prefixes), _compile(q.b, prefixes)

        def and_not(ts: Tokens) -> frozenset[int] | None:
            got = positive(ts)
            return got if got is not None and negative(ts) is None else None

        return and_not
    if kind is wq.AndMaybe:
        required, optional = _compile(q.a, prefixes), _compile(q.b, prefixes)

        def and_maybe(ts: Tokens) -> frozenset[int] | None:
            got = required(ts)
            if got is None:
                return None
            return got | (optional(ts) or frozenset())

        return and_maybe
    raise _Unsupported(_describe(q))


def _any_of(q: wq.Or, prefixes: set[str]) -> Matcher:
    """An OR, flattened: its plain words and prefixes are looked up in one go."""
    terms: set[str] = set()
    own_prefixes: set[str] = set()
    phrases: dict[str, list[Matcher]] = {}  # by first word: most are skipped at once
    # Phrases holding stop words, by their first word as written.
    word_phrases: dict[str, list[Matcher]] = {}
    others: list[Matcher] = []
    by_scope: dict[str, list[wq.Query]] = {}  # negated:(a OR b ...): one scope for them all
    pending = list(q.subqueries)
    while pending:
        sub = pending.pop()
        where = scoped_field(sub)
        if type(sub) is wq.Or:
            pending.extend(sub.subqueries)
        elif where is not None:
            by_scope.setdefault(where, []).append(in_text_field(sub))
        elif type(sub) is wq.Term and sub.field() != EVERY_WORD_FIELD:
            terms.add(str(sub.text))
        elif type(sub) is wq.Prefix and str(sub.text):
            own_prefixes.add(str(sub.text).lower())
        elif type(sub) is wq.Phrase and sub.words and sub.field() != EVERY_WORD_FIELD:
            phrases.setdefault(str(sub.words[0]), []).append(_compile(sub, prefixes))
        elif (type(sub) is wq.Term or (type(sub) is wq.Phrase and sub.words)) and (
            sub.field() == EVERY_WORD_FIELD
        ):
            first = str(sub.text) if type(sub) is wq.Term else str(sub.words[0])
            word_phrases.setdefault(first, []).append(_compile(sub, prefixes))
        else:
            others.append(_compile(sub, prefixes))
    prefixes.update(own_prefixes)
    for where, subs in by_scope.items():
        inner = _compile(subs[0], prefixes) if len(subs) == 1 else _any_of(wq.Or(subs), prefixes)
        others.append(scoped(where, inner))

    def any_of(ts: Tokens) -> frozenset[int] | None:
        hits: set[int] = set()
        if terms:
            for stem in terms.intersection(ts.by_stem):
                hits.update(ts.by_stem[stem])
        for prefix in own_prefixes.intersection(ts.by_prefix):
            hits.update(ts.by_prefix[prefix])
        matched = bool(hits)
        # Phrases by their first stem, then those holding stop words by their first word.
        for by_first, present in ((phrases, ts.by_stem), (word_phrases, ts.by_word)):
            for first in by_first.keys() & present.keys():
                for phrase in by_first[first]:
                    got = phrase(ts)
                    if got is not None:
                        matched = True
                        hits.update(got)
        for other in others:
            got = other(ts)
            if got is not None:
                matched = True
                hits.update(got)
        return frozenset(hits) if matched else None

    return any_of


def _describe(q: wq.Query) -> str:
    names = {
        wq.Every: "'*' (every sentence)",
        wq.TermRange: "a range [a TO b]",
        wq.NumericRange: "a numeric range",
        wq.Regex: "a regular expression",
        wq.Variations: "word variations",
        wq.Sequence: "a sequence",
        wq.Ordered: "an ordered sequence",
        wq.Require: "REQUIRE",
        wq.Otherwise: "OTHERWISE",
        wq.DisjunctionMax: "a disjunction-max group",
    }
    return names.get(type(q), f"a {type(q).__name__} query")


class _TextRegexNode(RegexPlugin.RegexNode):
    """``r"regex"`` as written: Whoosh would lower-case and stem it as a word."""

    def query(self, parser: QueryParser) -> wq.Query:
        return wq.Regex(self.fieldname or parser.fieldname, self.text, boost=self.boost)


class _TextRegexPlugin(RegexPlugin):
    nodetype = _TextRegexNode


class _LiteralPrefixNode(PrefixPlugin.PrefixNode):
    """``word*`` as written: Whoosh would stem the prefix ("psychos*" -> "psycho*")."""

    def query(self, parser: QueryParser) -> wq.Query:
        return wq.Prefix(self.fieldname or parser.fieldname, self.text.lower(), boost=self.boost)


class _LiteralWildcardPlugin(WildcardPlugin):
    def do_wildcards(self, parser: QueryParser, group: syntax.GroupNode) -> syntax.GroupNode:
        group = super().do_wildcards(parser, group)
        for i, node in enumerate(group):
            if type(node) is PrefixPlugin.PrefixNode:
                literal = _LiteralPrefixNode(node.text)
                literal.startchar, literal.endchar = node.startchar, node.endchar
                literal.fieldname, literal.boost = node.fieldname, node.boost
                group[i] = literal
        return group


_PARSER: QueryParser | None = None
_FIELD = TEXT_FIELD


def _parser() -> QueryParser:
    global _PARSER
    if _PARSER is None:
        # A word that analyses to several tokens ("off-label", "N-methyl-D-aspartate")
        # is a phrase, not "any of its parts".
        field = TEXT(analyzer=text_analyzer(), multitoken_query="phrase")
        every_word = TEXT(analyzer=every_word_analyzer(), multitoken_query="phrase")
        schema = Schema(
            **{name: field for name in (_FIELD, *SCOPED_FIELDS)},
            **{name: every_word for name in (EVERY_WORD_FIELD, *SCOPED_WORD_FIELDS)},
        )
        parser = QueryParser(_FIELD, schema, group=OrGroup)
        parser.replace_plugin(OperatorsPlugin(ops=[(NEAR_OPERATOR, 0)]))
        routes = {None: EVERY_WORD_FIELD, _FIELD: EVERY_WORD_FIELD}
        routes.update({scope: field for field, scope in SCOPED_WORD_FIELDS.items()})
        parser.add_plugin(PhrasesKeepTheirWords(routes))
        parser.add_plugin(_TextRegexPlugin())
        parser.remove_plugin_class(WildcardPlugin)
        parser.add_plugin(_LiteralWildcardPlugin())
        parser.add_plugin(FuzzyTermPlugin())
        _PARSER = parser
    return _PARSER


def _problem_as_written(text: str) -> str | None:
    """What makes a query's text unreadable before it is parsed: an unclosed quote, a
    stray '#', brackets that do not pair (outside phrases); None when there is none."""
    if text.count('"') % 2:
        return "a double quote is not closed"
    unquoted = re.sub(r'"[^"]*"', "", text)
    if "#" in unquoted:
        # Inside a quoted YAML value a "# ..." line is not a comment: its words would
        # silently join the query.
        return "'#' starts no comment inside a query; move the comment above the query"
    depth = 0
    for ch in unquoted:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth < 0:
            return "a ')' has no matching '('"
    return "a '(' is not closed" if depth else None


def _errors_in(q: wq.Query) -> Iterable[str]:
    error = getattr(q, "error", None)
    if error:
        yield str(error)
    for child in q.children():
        yield from _errors_in(child)


def compile_facet_query(
    name: str, parts: list[tuple[str, Where]], prefixes: set[str], kind: str = "facet"
) -> Matcher:
    """Parse and compile a facet's (or, ``kind="cue"``, a cue's) query (one alternative
    per part), adding its prefix* words to ``prefixes``; errors name the line."""
    matcher, wanted = _compiled(name, tuple(parts), kind)
    prefixes |= wanted
    return matcher


@lru_cache(maxsize=2048)
def _compiled(
    name: str, parts: tuple[tuple[str, Where], ...], kind: str
) -> tuple[Matcher, frozenset[str]]:
    """The query's matcher and its prefix* words. Matchers keep no state, so a process
    that opens several libraries on one taxonomy (a long-lived script, the tests)
    compiles each query once; a query that fails is not kept and fails again."""
    parser = _parser()
    queries: list[wq.Query] = []
    for text, where in parts:
        problem = _problem_as_written(text)
        if problem:
            raise where.error(f"{kind} '{name}': query does not parse: {problem}")
        try:
            parsed = parsed_queries.parsed(text, parser.parse)
        except Exception as exc:  # whoosh raises assorted errors on odd input
            raise where.error(f"{kind} '{name}': query does not parse: {exc}") from None
        errors = list(_errors_in(parsed))
        if errors:
            raise where.error(f"{kind} '{name}': query does not parse: {errors[0]}")
        if parsed is wq.NullQuery or isinstance(parsed, type(wq.NullQuery)):
            raise where.error(
                f"{kind} '{name}': query {text.strip()!r} is empty once stop words and "
                "one-letter words are dropped; give content words"
            )
        try:
            matcher = _compile(parsed, set())
        except _BadRegex as exc:
            raise where.error(f"{kind} '{name}': {exc}; fix the pattern") from None
        except _Unsupported as exc:
            raise where.error(
                f"{kind} '{name}': query uses {exc.what}, which {kind}s do not support; "
                'use words, "phrases", prefix*, wildcards, word~, r"regex", AND/OR/NOT, '
                "NEAR/n, BEFORE/n, negated:, affirmed: and under:"
            ) from None
        if kind == "aspect" and any(scoped_field(q) == UNDER for q in parsed.leaves()):
            # Points read a sentence's own words, never the heading it stands under.
            raise where.error(
                f"aspect '{name}': under: matches nothing in an aspect (points read a "
                "sentence's own words); take it out, or put it in the facet's query"
            )
        if matcher(Tokens([])) is not None:
            raise where.error(
                f"{kind} '{name}': query would match every sentence (a NOT inside an OR?); "
                "write 'a ANDNOT b' or '(a) AND NOT b'"
            )
        queries.append(parsed)
    whole = queries[0] if len(queries) == 1 else wq.Or(queries)
    prefixes: set[str] = set()
    matcher = _compile(whole, prefixes)
    return matcher, frozenset(prefixes)
