"""The operators facet queries know and search does not, written the Whoosh way (an infix
operator, a field-like prefix): ``a NEAR/n b`` (a word of each side within ``n`` words,
either order, stop words not counted; ``BEFORE/n``: in that order), ``negated:x`` (x
where a negation denies it), ``affirmed:x`` (x where none does) and ``under:x`` (x in
the heading of the sentence's section, or in the line that introduces its list): their
parser plugin, their queries and their matchers."""

from __future__ import annotations

import copy
from collections.abc import Callable

from whoosh import query as wq
from whoosh.qparser import OperatorsPlugin, QueryParser, syntax

from kread.index.facets.tokens import Matcher, Tokens

TEXT_FIELD = "text"  # the field a facet query's words are parsed on: the sentence's words
# The field a quoted phrase holding stop words is parsed on: every word kept, as written.
EVERY_WORD_FIELD = "words"

# Field-like prefixes that say where in the sentence (or around it) the words must be.
NEGATED, AFFIRMED, UNDER = "negated", "affirmed", "under"
SCOPED_FIELDS = (NEGATED, AFFIRMED, UNDER)
# Each scope's every-word field: "may help" inside affirmed:(...) keeps its "may".
SCOPED_WORD_FIELDS = {f"{scope}_words": scope for scope in SCOPED_FIELDS}


def scoped_field(q: wq.Query) -> str | None:
    """The scope a leaf query is in (negated, affirmed, under), or None."""
    name = getattr(q, "fieldname", None)
    if not q.is_leaf():
        return None
    return name if name in SCOPED_FIELDS else SCOPED_WORD_FIELDS.get(name)


def in_text_field(q: wq.Query) -> wq.Query:
    """A scoped leaf as the same query on the sentence's own words."""
    plain = copy.copy(q)
    plain.fieldname = EVERY_WORD_FIELD if q.fieldname in SCOPED_WORD_FIELDS else TEXT_FIELD
    return plain


def scoped(where: str, inner: Matcher) -> Matcher:
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


class Near(wq.Query):
    """``a NEAR/n b``: a word of each within ``n`` words (stop words not counted);
    ``a BEFORE/n b``: and a's first."""

    def __init__(self, a: wq.Query, b: wq.Query, distance: int, ordered: bool) -> None:
        self.a, self.b, self.distance, self.ordered = a, b, distance, ordered
        self.boost = 1.0

    def __repr__(self) -> str:
        word = "BEFORE" if self.ordered else "NEAR"
        return f"Near({self.a!r} {word}/{self.distance} {self.b!r})"

    def _key(self) -> tuple[wq.Query, wq.Query, int, bool]:
        return (self.a, self.b, self.distance, self.ordered)

    def __eq__(self, other: object) -> bool:
        return type(other) is Near and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def is_leaf(self) -> bool:
        return False

    def field(self) -> None:
        return None

    def children(self) -> list[wq.Query]:
        return [self.a, self.b]

    def apply(self, fn: Callable[[wq.Query], wq.Query]) -> wq.Query:
        return Near(fn(self.a), fn(self.b), self.distance, self.ordered)

    def normalize(self) -> wq.Query:
        return Near(self.a.normalize(), self.b.normalize(), self.distance, self.ordered)


def near_matcher(a: Matcher, b: Matcher, q: Near) -> Matcher:
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


class NearGroup(syntax.GroupNode):
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
        return syntax.attach(Near(a, b, self.distance, self.word == "BEFORE"), self)


class NearOperator(syntax.InfixOperator):
    def replace_self(self, parser: QueryParser, group: syntax.GroupNode, position: int) -> int:
        word, _, distance = self.text.partition("/")
        if not 0 < position < len(group) - 1:
            raise ValueError(f"{self.text} needs words on both sides")
        if not 1 <= int(distance) <= MAX_NEAR:
            raise ValueError(f"{self.text}: the distance must be 1 to {MAX_NEAR} words")
        left, right = group[position - 1], group[position + 1]
        group[position - 1 : position + 2] = [NearGroup([left, right], word, int(distance))]
        return position


MAX_NEAR = 50
# The proximity operators bind tighter than NOT, AND and OR: `a NEAR/3 b OR c` is
# `(a NEAR/3 b) OR c`.
NEAR_OPERATOR = OperatorsPlugin.OpTagger(
    r"(?:^|(?<=[\s(]))(?:NEAR|BEFORE)/\d+(?=[\s)]|$)", NearGroup, NearOperator, memo="near"
)
