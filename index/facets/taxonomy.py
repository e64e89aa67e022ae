"""The facet taxonomy: YAML facets, each a named Whoosh query, and sentence classification.

A facet's ``query`` is written in the Whoosh query language users search with
(words, ``"phrases"``, ``"phrases"~2``, ``prefix*``, wildcards, ``word~`` fuzzy
terms, AND / OR / NOT / ANDNOT / ANDMAYBE, parentheses; a plain list of words
means any of them). It is parsed once per taxonomy on a field analysed by
:func:`index.analysis.text_analyzer`, so its terms are stemmed the way the index
stems them, and is then evaluated directly against the analysed tokens of each
sentence: no index is built and the words that matched give the spans.

Matching rules: a word matches a token with the same stem; a phrase needs its
words in order, each within ``slop`` positions of the one before (1: adjacent);
``word*`` matches a token whose raw (lower-cased) word or stem starts with
``word`` *as written* (Whoosh's own parser would stem the prefix, so that
``psychos*`` became ``psycho*`` and matched "psychotherapy"); wildcards and
``word~N`` fuzzy terms are tried on both the raw word and the stem. A word that
analyses to several tokens ("off-label") is a phrase. Stop words and one-letter
words are dropped from queries and sentences alike, so ``"not approved"`` is
``approved``. Bare ``NOT`` inside an OR group would match almost every sentence and
is refused.

The default taxonomy is ``index/facets/topics.yaml``. A user file (``--topics FILE`` or
``topics.yaml`` in kread's user config directory) extends it: an entry with the
name of a default facet overrides the keys it gives, a new name appends a facet.
With ``replace: true`` at its top level the file replaces the default instead.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from whoosh import query as wq
from whoosh.fields import TEXT, Schema
from whoosh.qparser import FuzzyTermPlugin, OrGroup, QueryParser, WildcardPlugin, syntax
from whoosh.qparser.plugins import PrefixPlugin

from kread.index.engine.analysis import Word, stemmed_words, text_analyzer
from kread.index.errors import KreadError, TaxonomyError
from kread.index.models import Facet
from kread.index.reading import safe_yaml

__all__ = [
    "Taxonomy",
    "UnknownFacet",
    "default_taxonomy_path",
    "load_taxonomy",
    "user_taxonomy_path",
]

# Bump when the way a query is matched against a sentence changes: the
# fingerprint then changes and indexes built with the old rules are rebuilt.
_MATCH_RULES_VERSION = 1

_TOP_KEYS = ("facets", "replace")
_FACET_KEYS = ("name", "label", "letter", "colour", "description", "query")
_NAME_RE = re.compile(r"^[a-z][a-z0-9_-]*$")
# Colours for facets that do not give one (readable on dark and light terminals).
_SPARE_COLOURS = ("#af87ff", "#5fd7d7", "#ff87d7", "#d7af5f", "#87d787", "#8787ff")

Span = tuple[int, int, str]


class UnknownFacet(KreadError, ValueError):
    """A facet name, prefix or letter that names no facet, or more than one."""


def default_taxonomy_path() -> Path:
    """The taxonomy shipped with kread: ``index/facets/topics.yaml``."""
    return Path(__file__).with_name("topics.yaml")


def user_taxonomy_path() -> Path:
    """Where a user's own taxonomy is read from when no ``--topics`` file is given."""
    from kread.index import locations

    return locations.user_topics_file()


# --------------------------------------------------------------------------
# Matching a parsed query against a sentence's tokens
# --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Token:
    stem: str
    word: str  # the raw word, lower-cased
    pos: int
    start: int
    end: int


# Words a prefix table remembers: a corpus repeats its words, so most are looked up once.
_REMEMBERED_WORDS = 100_000


class _PrefixTable:
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
class _Tokens:
    tokens: list[_Token]
    by_stem: dict[str, list[int]] = field(default_factory=dict)
    # The tokens whose raw word or stem starts with each prefix of the taxonomy.
    by_prefix: dict[str, set[int]] = field(default_factory=dict)

    @classmethod
    def of(cls, words: list[Word], table: _PrefixTable) -> _Tokens:
        tokens = [_Token(*word) for word in words]
        by_stem: dict[str, list[int]] = {}
        by_prefix: dict[str, set[int]] = {}
        for i, tok in enumerate(tokens):
            by_stem.setdefault(tok.stem, []).append(i)
            for prefix in table.of(tok.word) + table.of(tok.stem):
                by_prefix.setdefault(prefix, set()).add(i)
        return cls(tokens, by_stem, by_prefix)


# A compiled query: the indexes of the tokens that made it match (possibly
# none, for a NOT), or None when the sentence does not match.
_Matcher = Callable[[_Tokens], "frozenset[int] | None"]


class _Unsupported(Exception):
    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


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


def _token_matcher(test: Callable[[_Token], bool]) -> _Matcher:
    def match(ts: _Tokens) -> frozenset[int] | None:
        hits = frozenset(i for i, tok in enumerate(ts.tokens) if test(tok))
        return hits or None

    return match


def _phrase_matcher(words: list[str], slop: int) -> _Matcher:
    slop = max(1, slop)

    def match(ts: _Tokens) -> frozenset[int] | None:
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


def _compile(q: wq.Query, prefixes: set[str]) -> _Matcher:
    """Turn a parsed Whoosh query into a matcher, adding its prefix* words to ``prefixes``
    (the tokens of a sentence are looked up by them); raise _Unsupported for what cannot
    be matched."""
    kind = type(q)
    if kind is wq.Term:
        stem = str(q.text)
        return lambda ts: frozenset(ts.by_stem[stem]) if stem in ts.by_stem else None
    if kind is wq.Prefix:
        prefix = str(q.text).lower()
        if not prefix:
            raise _Unsupported("an empty prefix")
        prefixes.add(prefix)
        return lambda ts: frozenset(ts.by_prefix[prefix]) if prefix in ts.by_prefix else None
    if kind is wq.Wildcard:
        pattern = re.compile(fnmatch.translate(str(q.text).lower()))
        return _token_matcher(lambda t: bool(pattern.match(t.stem) or pattern.match(t.word)))
    if kind is wq.FuzzyTerm:
        text, maxdist, keep = str(q.text), int(q.maxdist), int(q.prefixlength)

        def close(t: _Token) -> bool:
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

        def all_of(ts: _Tokens) -> frozenset[int] | None:
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

        def and_not(ts: _Tokens) -> frozenset[int] | None:
            got = positive(ts)
            return got if got is not None and negative(ts) is None else None

        return and_not
    if kind is wq.AndMaybe:
        required, optional = _compile(q.a, prefixes), _compile(q.b, prefixes)

        def and_maybe(ts: _Tokens) -> frozenset[int] | None:
            got = required(ts)
            if got is None:
                return None
            return got | (optional(ts) or frozenset())

        return and_maybe
    raise _Unsupported(_describe(q))


def _any_of(q: wq.Or, prefixes: set[str]) -> _Matcher:
    """An OR, flattened: its plain words and prefixes are looked up in one go."""
    terms: set[str] = set()
    own_prefixes: set[str] = set()
    phrases: dict[str, list[_Matcher]] = {}  # by first word: most are skipped at once
    others: list[_Matcher] = []
    pending = list(q.subqueries)
    while pending:
        sub = pending.pop()
        if type(sub) is wq.Or:
            pending.extend(sub.subqueries)
        elif type(sub) is wq.Term:
            terms.add(str(sub.text))
        elif type(sub) is wq.Prefix and str(sub.text):
            own_prefixes.add(str(sub.text).lower())
        elif type(sub) is wq.Phrase and sub.words:
            phrases.setdefault(str(sub.words[0]), []).append(_compile(sub, prefixes))
        else:
            others.append(_compile(sub, prefixes))
    prefixes.update(own_prefixes)

    def any_of(ts: _Tokens) -> frozenset[int] | None:
        hits: set[int] = set()
        if terms:
            for stem in terms.intersection(ts.by_stem):
                hits.update(ts.by_stem[stem])
        for prefix in own_prefixes.intersection(ts.by_prefix):
            hits.update(ts.by_prefix[prefix])
        matched = bool(hits)
        for first in phrases.keys() & ts.by_stem.keys():
            for phrase in phrases[first]:
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


def _parser() -> QueryParser:
    global _PARSER
    if _PARSER is None:
        # A word that analyses to several tokens ("off-label", "N-methyl-D-aspartate")
        # is a phrase, not "any of its parts".
        schema = Schema(text=TEXT(analyzer=text_analyzer(), multitoken_query="phrase"))
        parser = QueryParser("text", schema, group=OrGroup)
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


# --------------------------------------------------------------------------
# Reading YAML with line numbers
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Where:
    source: str
    line: int

    def error(self, message: str) -> TaxonomyError:
        return TaxonomyError(f"{self.source}:{self.line}: {message}")


def _where(source: str, node: yaml.Node) -> _Where:
    return _Where(source, node.start_mark.line + 1)


def _scalar(source: str, node: yaml.Node) -> Any:
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_object(node, deep=True)
    except yaml.MarkedYAMLError as exc:
        raise _where(source, node).error(f"invalid value: {exc.problem}") from None
    finally:
        loader.dispose()


def _mapping_items(
    source: str, node: yaml.Node, allowed: tuple[str, ...], what: str
) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    where = _where(source, node)
    if not isinstance(node, yaml.MappingNode):
        raise where.error(f"{what} must be a mapping of {', '.join(allowed)}")
    items: dict[str, tuple[yaml.Node, yaml.Node]] = {}
    for key_node, value_node in node.value:
        key = _scalar(source, key_node) if isinstance(key_node, yaml.ScalarNode) else None
        kwhere = _where(source, key_node)
        if not isinstance(key, str) or key not in allowed:
            raise kwhere.error(f"unknown key {key!r} in {what}; allowed keys: {', '.join(allowed)}")
        if key in items:
            raise kwhere.error(f"key '{key}' is given twice in {what}; keep one")
        items[key] = (key_node, value_node)
    return items


_MAX_TOPICS_BYTES = 2**20


def _compose(path: Path) -> tuple[str, yaml.Node]:
    source = str(path)
    if not path.exists():
        raise TaxonomyError(f"{source}: no such file")
    if not path.is_file():
        raise TaxonomyError(f"{source}: not a file; give a topics YAML file")
    try:
        if path.stat().st_size > _MAX_TOPICS_BYTES:
            raise TaxonomyError(f"{source}: larger than 1 MiB; a topics file is a few kilobytes")
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise TaxonomyError(f"{source}: not UTF-8 text ({exc.reason}); save it as UTF-8") from None
    except OSError as exc:
        raise TaxonomyError(f"{source}: cannot be read ({exc.strerror})") from None
    try:
        # Tags, deep nesting and alias bombs refused; nothing is constructed from a tag.
        node = safe_yaml.compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        problem = exc.problem or exc.context or "syntax error"
        if isinstance(exc, safe_yaml.RefusedYAML):  # well formed, and says what to do
            raise TaxonomyError(f"{source}:{line}: {problem}") from None
        if exc.context and problem.startswith("but "):
            problem = f"{exc.context}, {problem}"
        col = f" (column {mark.column + 1})" if mark else ""
        raise TaxonomyError(
            f"{source}:{line}: invalid YAML: {problem}{col}; fix the syntax"
        ) from None
    except yaml.YAMLError as exc:
        raise TaxonomyError(f"{source}:1: invalid YAML: {exc}; fix the syntax") from None
    if node is None:
        raise TaxonomyError(f"{source}:1: the file is empty; it needs a 'facets:' list")
    return source, node


@dataclass
class _Entry:
    """One facet entry of a file, before defaults and merging: key -> (value, where)."""

    name: str
    where: _Where
    values: dict[str, tuple[Any, _Where]]


def _read_file(path: Path) -> tuple[list[_Entry], bool]:
    """The facet entries of a file and whether it says ``replace: true``."""
    source, root = _compose(path)
    top = _mapping_items(source, root, _TOP_KEYS, "the top level")
    replace_all = False
    if "replace" in top:
        value = _scalar(source, top["replace"][1])
        if not isinstance(value, bool):
            raise _where(source, top["replace"][1]).error("'replace' must be true or false")
        replace_all = value
    if "facets" not in top:
        raise _where(source, root).error("no 'facets:' list; add one with at least one facet")
    facets_node = top["facets"][1]
    if not isinstance(facets_node, yaml.SequenceNode):
        raise _where(source, facets_node).error("'facets' must be a list of facets ('- name: ...')")
    if not facets_node.value:
        raise _where(source, facets_node).error("'facets' is empty; add at least one facet")
    entries: list[_Entry] = []
    seen: dict[str, _Where] = {}
    for item in facets_node.value:
        where = _where(source, item)
        fields = _mapping_items(source, item, _FACET_KEYS, "a facet")
        values: dict[str, tuple[Any, _Where]] = {}
        for key, (_key_node, value_node) in fields.items():
            vwhere = _where(source, value_node)
            if key == "query":
                values[key] = (_query_text(source, value_node), vwhere)
                continue
            value = _scalar(source, value_node)
            if value is None and key not in ("name", "query"):
                continue  # an empty key is the same as an absent one
            if isinstance(value, (int, float)) and not isinstance(value, bool) and key != "name":
                value = str(value)
            if not isinstance(value, str):
                raise vwhere.error(f"'{key}' must be text")
            values[key] = (value.strip(), vwhere)
        if "name" not in values:
            raise where.error("a facet has no 'name'; give it one (lower-case, e.g. 'risks')")
        name, nwhere = values["name"]
        if not _NAME_RE.match(name):
            raise nwhere.error(
                f"facet name {name!r} is not valid; use lower-case letters, digits, '-' or '_'"
            )
        if name in seen:
            raise nwhere.error(
                f"facet '{name}' is defined twice (first at line {seen[name].line}); keep one"
            )
        seen[name] = nwhere
        entries.append(_Entry(name, where, values))
    return entries, replace_all


def _query_text(source: str, node: yaml.Node) -> list[tuple[str, _Where]]:
    """A query is one string, or a list of strings each an alternative (joined by OR)."""
    if isinstance(node, yaml.SequenceNode):
        parts = []
        for item in node.value:
            value = _scalar(source, item)
            if not isinstance(value, str):
                raise _where(source, item).error("each item of 'query' must be text")
            parts.append((value, _where(source, item)))
        if not parts:
            raise _where(source, node).error("'query' is empty; give words or a Whoosh query")
        return parts
    value = _scalar(source, node)
    if not isinstance(value, str):
        raise _where(source, node).error("'query' must be text or a list of texts")
    return [(value, _where(source, node))]


# --------------------------------------------------------------------------
# The taxonomy
# --------------------------------------------------------------------------


class Taxonomy:
    """An ordered set of facets, each with its compiled query."""

    __slots__ = (
        "_by_name",
        "_matchers",
        "_prefixes",
        "_queries",
        "facets",
        "fingerprint",
        "source",
    )

    facets: tuple[Facet, ...]
    source: str
    fingerprint: str

    def __init__(
        self, facets: Iterable[tuple[Facet, list[tuple[str, _Where]]]], source: str
    ) -> None:
        pairs = list(facets)
        self.facets = tuple(f for f, _ in pairs)
        # Queries are compiled on first use: opening the reader needs only names and colours.
        self._queries = tuple((f.name, parts) for f, parts in pairs)
        self._matchers: tuple[tuple[str, _Matcher], ...] | None = None
        self._prefixes = _PrefixTable(())
        self._by_name = {f.name: f for f in self.facets}
        self.source = source
        definitions = {
            "rules": _MATCH_RULES_VERSION,
            "facets": [[f.name, f.query] for f in self.facets],
        }
        blob = json.dumps(definitions, ensure_ascii=False, separators=(",", ":"))
        self.fingerprint = hashlib.sha256(blob.encode("utf-8")).hexdigest()

    def __repr__(self) -> str:
        return f"Taxonomy({', '.join(self.names())} from {self.source})"

    def __len__(self) -> int:
        return len(self.facets)

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def names(self) -> tuple[str, ...]:
        """The facet names, in taxonomy order."""
        return tuple(f.name for f in self.facets)

    def get(self, name: str) -> Facet:
        """The facet called ``name``; :class:`UnknownFacet` when there is none."""
        facet = self._by_name.get(name)
        if facet is None:
            raise UnknownFacet(f"unknown facet {name!r}; known: {', '.join(self.names())}")
        return facet

    def resolve(self, name_or_prefix_or_letter: str) -> str:
        """The canonical name for a name, label, letter or unique name prefix (any case)."""
        wanted = name_or_prefix_or_letter.strip().lower()
        known = ", ".join(f"{f.name} ({f.letter})" for f in self.facets)
        if not wanted:
            raise UnknownFacet(f"empty facet name; known: {known}")
        for facet in self.facets:
            if wanted in (facet.name, facet.label.lower()):
                return facet.name
        if len(wanted) == 1:
            for facet in self.facets:
                if facet.letter.lower() == wanted:
                    return facet.name
        matches = [f.name for f in self.facets if f.name.startswith(wanted)]
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise UnknownFacet(
                f"facet {name_or_prefix_or_letter!r} is ambiguous: {', '.join(matches)}; "
                "type more of the name"
            )
        raise UnknownFacet(f"unknown facet {name_or_prefix_or_letter!r}; known: {known}")

    def check(self) -> None:
        """Compile every facet query now; :class:`TaxonomyError` names the file and line."""
        self._compiled()

    def _compiled(self) -> tuple[tuple[str, _Matcher], ...]:
        if self._matchers is None:
            prefixes: set[str] = set()
            matchers = tuple(
                (name, _compile_query(name, parts, prefixes)) for name, parts in self._queries
            )
            self._prefixes = _PrefixTable(prefixes)
            self._matchers = matchers
        return self._matchers

    def classify(self, sentence: str) -> tuple[tuple[str, ...], tuple[Span, ...]]:
        """The facets a sentence carries, in taxonomy order, and the matched words.

        Spans are ``(start, end, facet)`` offsets into ``sentence``, one per
        matched word, sorted by position and then taxonomy order.
        """
        return self.classify_words(stemmed_words(sentence))

    def classify_words(self, words: list[Word]) -> tuple[tuple[str, ...], tuple[Span, ...]]:
        """`classify` for a sentence's `stemmed_words` (made from a whole document, their
        offsets are the document's, and so are the spans')."""
        matchers = self._compiled()
        tokens = _Tokens.of(words, self._prefixes)
        found: list[str] = []
        spans: list[tuple[int, int, int, str]] = []
        for order, (name, matcher) in enumerate(matchers):
            hits = matcher(tokens)
            if hits is None:
                continue
            found.append(name)
            for i in hits:
                tok = tokens.tokens[i]
                spans.append((tok.start, order, tok.end, name))
        spans.sort()
        return tuple(found), tuple((start, end, name) for start, _o, end, name in spans)


def _compile_query(name: str, parts: list[tuple[str, _Where]], prefixes: set[str]) -> _Matcher:
    """Parse and compile a facet's query (one alternative per part), adding its prefix*
    words to ``prefixes``; errors name the line."""
    parser = _parser()
    queries: list[wq.Query] = []
    for text, where in parts:
        problem = _check_brackets(text)
        if problem:
            raise where.error(f"facet '{name}': query does not parse: {problem}")
        try:
            parsed = parser.parse(text)
        except Exception as exc:  # whoosh raises assorted errors on odd input
            raise where.error(f"facet '{name}': query does not parse: {exc}") from None
        errors = list(_errors_in(parsed))
        if errors:
            raise where.error(f"facet '{name}': query does not parse: {errors[0]}")
        if parsed is wq.NullQuery or isinstance(parsed, type(wq.NullQuery)):
            raise where.error(
                f"facet '{name}': query {text.strip()!r} is empty once stop words and "
                "one-letter words are dropped; give content words"
            )
        try:
            matcher = _compile(parsed, set())
        except _Unsupported as exc:
            raise where.error(
                f"facet '{name}': query uses {exc.what}, which facets do not support; "
                'use words, "phrases", prefix*, wildcards, word~ and AND/OR/NOT'
            ) from None
        if matcher(_Tokens([])) is not None:
            raise where.error(
                f"facet '{name}': query would match every sentence (a NOT inside an OR?); "
                "write 'a ANDNOT b' or '(a) AND NOT b'"
            )
        queries.append(parsed)
    whole = queries[0] if len(queries) == 1 else wq.Or(queries)
    return _compile(whole, prefixes)


def _joined_query(parts: list[tuple[str, _Where]]) -> str:
    """A facet's query as one string: its alternatives ORed together."""
    texts = [t.strip() for t, _ in parts]
    return texts[0] if len(texts) == 1 else " OR ".join(f"({t})" for t in texts)


def _merge(base: list[_Entry], extra: Iterable[_Entry]) -> list[_Entry]:
    merged = {e.name: _Entry(e.name, e.where, dict(e.values)) for e in base}
    for entry in extra:
        if entry.name in merged:
            merged[entry.name].values.update(entry.values)
        else:
            merged[entry.name] = entry
    return list(merged.values())


def _build(entries: list[_Entry], source: str) -> Taxonomy:
    letters: dict[str, str] = {}
    pairs: list[tuple[Facet, _Matcher]] = []
    spare = iter(_SPARE_COLOURS * (len(entries) // len(_SPARE_COLOURS) + 1))
    # Explicit letters first, so a default letter never takes one given explicitly.
    for entry in entries:
        if "letter" in entry.values:
            letter, where = entry.values["letter"]
            if len(letter) != 1 or not letter.isalnum():
                raise where.error(
                    f"facet '{entry.name}': letter {letter!r} must be one letter or digit"
                )
            if letter.lower() in letters:
                raise where.error(
                    f"facet '{entry.name}': letter '{letter}' is already used by facet "
                    f"'{letters[letter.lower()]}'; choose another"
                )
            letters[letter.lower()] = entry.name
    for entry in entries:
        values = {k: v for k, (v, _w) in entry.values.items()}
        if "query" not in entry.values:
            raise entry.where.error(
                f"facet '{entry.name}' has no 'query'; give the words that mark it"
            )
        query_text = _joined_query(values["query"])
        if "letter" in values:
            letter = values["letter"]
        else:
            letter = entry.name[0].upper()
            if letter.lower() in letters:
                raise entry.where.error(
                    f"facet '{entry.name}': its default letter '{letter}' is already used by "
                    f"facet '{letters[letter.lower()]}'; give it a 'letter:'"
                )
            letters[letter.lower()] = entry.name
        colour = values.get("colour") or next(spare)
        if "colour" in entry.values:
            _check_colour(entry.name, colour, entry.values["colour"][1])
        facet = Facet(
            name=entry.name,
            label=values.get("label") or entry.name.replace("_", " ").capitalize(),
            letter=letter,
            colour=colour,
            description=" ".join(values.get("description", "").split()),
            query=query_text,
        )
        pairs.append((facet, values["query"]))
    return Taxonomy(pairs, source)


def _check_colour(name: str, colour: str, where: _Where) -> None:
    from rich.color import Color, ColorParseError

    try:
        Color.parse(colour)
    except ColorParseError:
        raise where.error(
            f"facet '{name}': colour {colour!r} is not a colour; use a name like 'red' "
            "or a hex value like '#5fafff'"
        ) from None


def load_taxonomy(path: Path | str | None = None, check: bool = True) -> Taxonomy:
    """Read and validate a taxonomy.

    ``None``: the default (``index/facets/topics.yaml``), extended by the user's
    ``topics.yaml`` in kread's config directory when there is one. A ``path``
    extends the default the same way, or replaces it when the file says
    ``replace: true``. Any problem raises :class:`TaxonomyError` as
    ``FILE:LINE: what is wrong; what to do``. With ``check=False`` the facet
    queries are only compiled (and their errors raised) when first used.
    """
    taxonomy = _load(path)
    if check:
        taxonomy.check()
    return taxonomy


def _load(path: Path | str | None) -> Taxonomy:
    default = default_taxonomy_path()
    extra: Path | None
    if path is None:
        candidate = user_taxonomy_path()
        extra = candidate if candidate.is_file() else None
    else:
        extra = Path(path).expanduser()
        if extra.exists() and default.exists() and extra.resolve() == default.resolve():
            extra = None
    if extra is None:
        entries, _ = _read_file(default)
        return _build(entries, str(default))
    extra_entries, replace_all = _read_file(extra)
    if replace_all:
        return _build(extra_entries, str(extra))
    base_entries, _ = _read_file(default)
    return _build(_merge(base_entries, extra_entries), f"{default} + {extra}")
