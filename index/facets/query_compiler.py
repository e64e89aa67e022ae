"""The compiler from facet queries to matchers of a sentence's analysed tokens.

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

Facet queries know a few things search does not, written the Whoosh way (an infix
operator, a field-like prefix): ``a NEAR/n b`` (a word of each side within ``n`` words,
either order, stop words not counted; ``BEFORE/n``: in that order), ``negated:x`` (x
where a negation denies it: "not approved", "hasn't been approved", "no evidence that it
is approved"), ``affirmed:x`` (x where none does) and ``under:x`` (x in the heading of the
sentence's section, or in the line that introduces the list the sentence is an item of).
"""

from __future__ import annotations

import copy
import fnmatch
import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field

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

from kread.index.engine.analysis import (
    EveryWord,
    Word,
    every_word_analyzer,
    stemmed_words,
    text_analyzer,
)
from kread.index.engine.negation import negated_starts
from kread.index.engine.phrases import PhrasesKeepTheirWords
from kread.index.facets.context import SentenceContext
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
MATCH_RULES_VERSION = 3

# The field a quoted phrase holding stop words is parsed on: every word kept, as written.
_EVERY_WORD_FIELD = "words"


@dataclass(frozen=True, slots=True)
class Token:
    """One analysed word of a sentence; offsets are into the text the words came from."""

    stem: str
    word: str  # the raw word, lower-cased
    pos: int
    start: int
    end: int


# Words a prefix table remembers: a corpus repeats its words, so most are looked up once.
_REMEMBERED_WORDS = 100_000


class PrefixTable:
    """The prefix* words of a taxonomy, and which of them each word starts with."""

    def __init__(self, prefixes: Collection[str]) -> None:
        self.prefixes = frozenset(prefixes)
        self._lengths = sorted({len(p) for p in self.prefixes})
        self._known: dict[str, tuple[str, ...]] = {}

    def of(self, word: str) -> tuple[str, ...]:
        found = self._known.get(word)
        if found is None:
            found = tuple(
                word[:n] for n in self._lengths if n <= len(word) and word[:n] in self.prefixes
            )
            if len(self._known) >= _REMEMBERED_WORDS:
                self._known.clear()
            self._known[word] = found
        return found


@dataclass(slots=True)
class Tokens:
    """A sentence's tokens, as a compiled query looks them up: by stem and by prefix."""

    tokens: list[Token]
    by_stem: dict[str, list[int]] = field(default_factory=dict)
    # The tokens whose raw word or stem starts with each prefix of the taxonomy.
    by_prefix: dict[str, set[int]] = field(default_factory=dict)
    # Every word, stop words included, as (text, position among every word, index of its
    # token in ``tokens`` or -1 for a stop word): what a phrase holding stop words reads.
    every: list[tuple[str, int, int]] = field(default_factory=list)
    by_word: dict[str, list[int]] = field(default_factory=dict)  # indexes into ``every``
    # The sentence's text as written, and where it starts in the offsets of the tokens:
    # what an r"regex" is searched in.
    text: str = ""
    text_start: int = 0
    # The sentence's text and what it is under, for negated:, affirmed: and under:.
    context: SentenceContext | None = None
    table: PrefixTable | None = None
    _negated: frozenset[int] | None = None
    _under: Tokens | None = None

    @classmethod
    def of(
        cls,
        words: list[Word],
        table: PrefixTable,
        context: SentenceContext | None = None,
        every: Iterable[EveryWord] = (),
    ) -> Tokens:
        """A sentence's tokens from its `analysed_words` (``every``: its every-word list;
        without it, phrases holding stop words match nothing) in its ``context`` (its text,
        where that starts, what it stands under; without it, r"regex", ``negated:`` and
        ``under:`` match nothing)."""
        tokens = [Token(*word) for word in words]
        by_stem: dict[str, list[int]] = {}
        by_prefix: dict[str, set[int]] = {}
        for i, tok in enumerate(tokens):
            by_stem.setdefault(tok.stem, []).append(i)
            for prefix in table.of(tok.word) + table.of(tok.stem):
                by_prefix.setdefault(prefix, set()).add(i)
        token_at = {tok.start: i for i, tok in enumerate(tokens)}
        every_word: list[tuple[str, int, int]] = []
        by_word: dict[str, list[int]] = {}
        for j, (word, place, start, _end) in enumerate(every):
            every_word.append((word, place, token_at.get(start, -1)))
            by_word.setdefault(word, []).append(j)
        text, text_start = (context.text, context.offset) if context is not None else ("", 0)
        return cls(
            tokens, by_stem, by_prefix, every_word, by_word, text, text_start, context, table
        )

    def negated(self) -> frozenset[int]:
        """The tokens a negation of the sentence denies (none without its text)."""
        if self._negated is None:
            found: frozenset[int] = frozenset()
            if self.context is not None and self.tokens:
                starts = negated_starts(self.context.text)
                offset = self.context.offset
                found = frozenset(
                    i for i, tok in enumerate(self.tokens) if tok.start - offset in starts
                )
            self._negated = found
        return self._negated

    def under(self) -> Tokens:
        """The tokens of what the sentence stands under (its heading, its list's lead-in)."""
        if self._under is None:
            under = self.context.under if self.context is not None else ""
            words = stemmed_words(under) if under else []
            self._under = Tokens.of(words, self.table or PrefixTable(()))
        return self._under


# A compiled query: the indexes of the tokens that made it match (possibly
# none, for a NOT), or None when the sentence does not match.
Matcher = Callable[[Tokens], "frozenset[int] | None"]


class _Unsupported(Exception):
    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


class _BadRegex(Exception):
    pass


def _edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance of ``a`` and ``b``, or ``limit + 1`` once it exceeds ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def _token_matcher(test: Callable[[Token], bool]) -> Matcher:
    def match(ts: Tokens) -> frozenset[int] | None:
        hits = frozenset(i for i, tok in enumerate(ts.tokens) if test(tok))
        return hits or None

    return match


def _phrase_matcher(words: list[str], slop: int) -> Matcher:
    slop = max(1, slop)

    def match(ts: Tokens) -> frozenset[int] | None:
        hits: set[int] = set()

        def extend(chain: list[int]) -> bool:
            if len(chain) == len(words):
                hits.update(chain)
                return True
            last = ts.tokens[chain[-1]].pos
            found = False
            for i in ts.by_stem.get(words[len(chain)], ()):
                if last < ts.tokens[i].pos <= last + slop and extend([*chain, i]):
                    found = True
            return found

        for first in ts.by_stem.get(words[0], ()):
            extend([first])
        return frozenset(hits) or None

    return match


def _every_word_phrase_matcher(words: list[str], slop: int) -> Matcher:
    """A phrase matched against every word of the sentence, stop words included; its
    hits are the phrase's content words (a stop word has no token to mark)."""
    slop = max(1, slop)

    def match(ts: Tokens) -> frozenset[int] | None:
        hits: set[int] = set()
        found = False

        def extend(chain: list[int]) -> bool:
            nonlocal found
            if len(chain) == len(words):
                found = True
                hits.update(ts.every[j][2] for j in chain if ts.every[j][2] >= 0)
                return True
            last = ts.every[chain[-1]][1]
            extended = False
            for j in ts.by_word.get(words[len(chain)], ()):
                if last < ts.every[j][1] <= last + slop and extend([*chain, j]):
                    extended = True
            return extended

        for first in ts.by_word.get(words[0], ()):
            extend([first])
        return frozenset(hits) if found else None

    return match


def _regex_matcher(pattern: re.Pattern[str]) -> Matcher:
    """A regex searched in the sentence's text; its hits are the tokens it overlaps."""

    def match(ts: Tokens) -> frozenset[int] | None:
        base = ts.text_start
        found = [(m.start() + base, m.end() + base) for m in pattern.finditer(ts.text)]
        if not found:
            return None
        return frozenset(
            i
            for i, tok in enumerate(ts.tokens)
            if any(tok.start < end and tok.end > start for start, end in found)
        )

    return match


def _compile(q: wq.Query, prefixes: set[str]) -> Matcher:
    """Turn a parsed Whoosh query into a matcher, adding its prefix* words to ``prefixes``
    (the tokens of a sentence are looked up by them); raise _Unsupported for what cannot
    be matched."""
    kind = type(q)
    scoped = _scoped_field(q)
    if scoped is not None:
        return _scoped(scoped, _compile(_in_text_field(q), prefixes))
    if kind is _Near:
        return _near_matcher(_compile(q.a, prefixes), _compile(q.b, prefixes), q)
    if kind in (wq.Term, wq.Phrase) and q.field() == _EVERY_WORD_FIELD:
        words = [str(q.text)] if kind is wq.Term else [str(w) for w in q.words]
        if not words:
            raise _Unsupported("an empty phrase")
        return _every_word_phrase_matcher(words, int(getattr(q, "slop", 1)))
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
        return _regex_matcher(pattern)
    if kind is wq.Wildcard:
        pattern = re.compile(fnmatch.translate(str(q.text).lower()))
        return _token_matcher(lambda t: bool(pattern.match(t.stem) or pattern.match(t.word)))
    if kind is wq.FuzzyTerm:
        text, maxdist, keep = str(q.text), int(q.maxdist), int(q.prefixlength)

        def close(t: Token) -> bool:
            return any(
                w[:keep] == text[:keep] and _edit_distance(w, text, maxdist) <= maxdist
                for w in (t.stem, t.word)
            )

        return _token_matcher(close)
    if kind is wq.Phrase:
        words = [str(w) for w in q.words]
        if not words:
            raise _Unsupported("an empty phrase")
        return _phrase_matcher(words, int(q.slop))
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
    scoped: dict[str, list[wq.Query]] = {}  # negated:(a OR b ...): one scope for them all
    pending = list(q.subqueries)
    while pending:
        sub = pending.pop()
        where = _scoped_field(sub)
        if type(sub) is wq.Or:
            pending.extend(sub.subqueries)
        elif where is not None:
            scoped.setdefault(where, []).append(_in_text_field(sub))
        elif type(sub) is wq.Term and sub.field() != _EVERY_WORD_FIELD:
            terms.add(str(sub.text))
        elif type(sub) is wq.Prefix and str(sub.text):
            own_prefixes.add(str(sub.text).lower())
        elif type(sub) is wq.Phrase and sub.words and sub.field() != _EVERY_WORD_FIELD:
            phrases.setdefault(str(sub.words[0]), []).append(_compile(sub, prefixes))
        elif (type(sub) is wq.Term or (type(sub) is wq.Phrase and sub.words)) and (
            sub.field() == _EVERY_WORD_FIELD
        ):
            first = str(sub.text) if type(sub) is wq.Term else str(sub.words[0])
            word_phrases.setdefault(first, []).append(_compile(sub, prefixes))
        else:
            others.append(_compile(sub, prefixes))
    prefixes.update(own_prefixes)
    for where, subs in scoped.items():
        inner = _compile(subs[0], prefixes) if len(subs) == 1 else _any_of(wq.Or(subs), prefixes)
        others.append(_scoped(where, inner))

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


# -- facet-only operators: NEAR/n, BEFORE/n, negated:, affirmed:, under: ------------------

# Field-like prefixes that say where in the sentence (or around it) the words must be.
NEGATED, AFFIRMED, UNDER = "negated", "affirmed", "under"
_SCOPED_FIELDS = (NEGATED, AFFIRMED, UNDER)


def _scoped_field(q: wq.Query) -> str | None:
    name = getattr(q, "fieldname", None)
    return name if name in _SCOPED_FIELDS and q.is_leaf() else None


def _in_text_field(q: wq.Query) -> wq.Query:
    plain = copy.copy(q)
    plain.fieldname = _FIELD
    return plain


def _scoped(where: str, inner: Matcher) -> Matcher:
    """``negated:x`` keeps the words of x that a negation denies, ``affirmed:x`` the
    others; ``under:x`` matches x in the sentence's heading or list lead-in, and marks no
    word of the sentence itself."""
    if where == UNDER:
        return lambda ts: None if inner(ts.under()) is None else frozenset()
    want_negated = where == NEGATED

    def in_scope(ts: Tokens) -> frozenset[int] | None:
        got = inner(ts)
        if not got:
            return None
        negated = ts.negated()
        kept = frozenset(i for i in got if (i in negated) == want_negated)
        return kept or None

    return in_scope


class _Near(wq.Query):
    """``a NEAR/n b``: a word of each within ``n`` words (stop words not counted);
    ``a BEFORE/n b``: and a's first."""

    def __init__(self, a: wq.Query, b: wq.Query, distance: int, ordered: bool) -> None:
        self.a, self.b, self.distance, self.ordered = a, b, distance, ordered
        self.boost = 1.0

    def __repr__(self) -> str:
        word = "BEFORE" if self.ordered else "NEAR"
        return f"_Near({self.a!r} {word}/{self.distance} {self.b!r})"

    def _key(self) -> tuple[wq.Query, wq.Query, int, bool]:
        return (self.a, self.b, self.distance, self.ordered)

    def __eq__(self, other: object) -> bool:
        return type(other) is _Near and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def is_leaf(self) -> bool:
        return False

    def field(self) -> None:
        return None

    def children(self) -> list[wq.Query]:
        return [self.a, self.b]

    def apply(self, fn: Callable[[wq.Query], wq.Query]) -> wq.Query:
        return _Near(fn(self.a), fn(self.b), self.distance, self.ordered)

    def normalize(self) -> wq.Query:
        return _Near(self.a.normalize(), self.b.normalize(), self.distance, self.ordered)


def _near_matcher(a: Matcher, b: Matcher, q: _Near) -> Matcher:
    distance, ordered = q.distance, q.ordered

    def near(ts: Tokens) -> frozenset[int] | None:
        left = a(ts)
        if not left:
            return None
        right = b(ts)
        if not right:
            return None
        hits: set[int] = set()
        for i in left:
            first = ts.tokens[i].pos
            for j in right:
                gap = ts.tokens[j].pos - first
                if i != j and (0 < gap <= distance if ordered else abs(gap) <= distance):
                    hits.update((i, j))
        return frozenset(hits) or None

    return near


class _NearGroup(syntax.GroupNode):
    merging = False
    has_boost = False

    def __init__(self, nodes: list[syntax.SyntaxNode], word: str, distance: int) -> None:
        super().__init__(nodes)
        self.word, self.distance = word, distance

    def query(self, parser: QueryParser) -> wq.Query:
        a, b = (node.query(parser) for node in self.nodes)
        if a is None or b is None or a is wq.NullQuery or b is wq.NullQuery:
            raise ValueError(
                f"{self.word}/{self.distance} needs content words on both sides "
                "(stop words are dropped)"
            )
        return syntax.attach(_Near(a, b, self.distance, self.word == "BEFORE"), self)


class _NearOperator(syntax.InfixOperator):
    def replace_self(self, parser: QueryParser, group: syntax.GroupNode, position: int) -> int:
        word, _, distance = self.text.partition("/")
        if not 0 < position < len(group) - 1:
            raise ValueError(f"{self.text} needs words on both sides")
        if not 1 <= int(distance) <= _MAX_NEAR:
            raise ValueError(f"{self.text}: the distance must be 1 to {_MAX_NEAR} words")
        left, right = group[position - 1], group[position + 1]
        group[position - 1 : position + 2] = [_NearGroup([left, right], word, int(distance))]
        return position


_MAX_NEAR = 50
# The proximity operators bind tighter than NOT, AND and OR: `a NEAR/3 b OR c` is
# `(a NEAR/3 b) OR c`.
_NEAR_OPERATOR = OperatorsPlugin.OpTagger(
    r"(?:^|(?<=[\s(]))(?:NEAR|BEFORE)/\d+(?=[\s)]|$)", _NearGroup, _NearOperator, memo="near"
)


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
_FIELD = "text"  # the sentence's words


def _parser() -> QueryParser:
    global _PARSER
    if _PARSER is None:
        # A word that analyses to several tokens ("off-label", "N-methyl-D-aspartate")
        # is a phrase, not "any of its parts".
        field = TEXT(analyzer=text_analyzer(), multitoken_query="phrase")
        schema = Schema(
            **{name: field for name in (_FIELD, *_SCOPED_FIELDS)},
            **{_EVERY_WORD_FIELD: TEXT(analyzer=every_word_analyzer(), multitoken_query="phrase")},
        )
        parser = QueryParser(_FIELD, schema, group=OrGroup)
        parser.replace_plugin(OperatorsPlugin(ops=[(_NEAR_OPERATOR, 0)]))
        parser.add_plugin(PhrasesKeepTheirWords((None, _FIELD), _EVERY_WORD_FIELD))
        parser.add_plugin(_TextRegexPlugin())
        parser.remove_plugin_class(WildcardPlugin)
        parser.add_plugin(_LiteralWildcardPlugin())
        parser.add_plugin(FuzzyTermPlugin())
        _PARSER = parser
    return _PARSER


def _check_brackets(text: str) -> str | None:
    if text.count('"') % 2:
        return "a double quote is not closed"
    depth = 0
    for ch in re.sub(r'"[^"]*"', "", text):
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
    parser = _parser()
    queries: list[wq.Query] = []
    for text, where in parts:
        problem = _check_brackets(text)
        if problem:
            raise where.error(f"{kind} '{name}': query does not parse: {problem}")
        try:
            parsed = parser.parse(text)
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
        if matcher(Tokens([])) is not None:
            raise where.error(
                f"{kind} '{name}': query would match every sentence (a NOT inside an OR?); "
                "write 'a ANDNOT b' or '(a) AND NOT b'"
            )
        queries.append(parsed)
    whole = queries[0] if len(queries) == 1 else wq.Or(queries)
    return _compile(whole, prefixes)
