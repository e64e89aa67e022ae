"""Stance: what a sentence denies, and whether two similar sentences contradict each other.

The index drops "not" as a stop word, so "has not been approved" and "was approved"
look alike to search. Here every token is kept: a negation (not, no, never, hasn't,
without, lack of, yet to, off-label, unlicensed ...) denies the content words after it
up to the end of its clause. Quantity words oppose each other too: "minimal side
effects" and "common side effects" share their words and disagree.

Two sentences clash when they share a term that one of them denies and the other does
not, when one calls a shared term rare or minimal and the other common, when they
name opposite concepts (lasting relief / short-lived benefit), or when they give
different shares for an aspect whose figures count ("half" / "up to 80 percent").
"Only" beside a polar concept limits it: "approved only as an anaesthetic" denies it.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from kread.index.engine.negation import CLAUSE_BREAKS, clause_breaks, is_negation
from kread.index.points.shares import agree, shares_in
from kread.index.points.wording import Concepts, Token, Wording

__all__ = [
    "Stance",
    "clash",
    "clash_terms",
    "is_negation",
    "same_denial",
    "same_figures",
    "stance_of",
]

_LOW = frozenset(
    [
        "minimal",
        "negligible",
        "rare",
        "rarely",
        "seldom",
        "fewer",
        "few",
        "little",
        "mild",
        "slight",
    ]
)
_HIGH = frozenset(
    ["common", "commonly", "often", "frequent", "frequently", "many", "most", "widespread", "usual"]
)
# "a few", "a little": some, not hardly any.
_SOFTENED_BY_A = frozenset({"few", "little"})
# A negation denies the head of what follows: "has not been approved by the FDA for
# PTSD" denies approval by the FDA; PTSD is where, not what is denied, and another
# sentence naming PTSD does not contradict it.
_SCOPE = 2  # content words a negation reaches at most
# A quantity word qualifies the word after it ("minimal side effects", "most patients");
# after a copula it qualifies the subject before ("side effects are rare").
_QUANTITY_REACH = 1
_SUBJECT_REACH = 4
_ADVERBS = frozenset(["rarely", "seldom", "often", "frequently", "commonly"])
_DENYING_ADVERBS = frozenset(["rarely", "seldom"])
# Auxiliaries pass within a negation's reach and count for nothing: "no regulator has
# licensed it" denies the licence as "has not been licensed" does.
_AUXILIARIES = frozenset(
    ["has", "have", "had", "been", "being", "was", "were", "does", "did", "do", "ever"]
)
_COPULAS = frozenset(
    [
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "remain",
        "remains",
        "remained",
        "seem",
        "seems",
        "appear",
        "appears",
    ]
)


@dataclass(frozen=True)
class Stance:
    denied: frozenset[str]  # features (stems and ~concepts) in a negation's scope
    low: frozenset[str]  # features near "minimal", "rare", "few"
    high: frozenset[str]  # features near "common", "often", "many"
    concepts: frozenset[str]  # every concept the sentence names
    shares: tuple[float, ...] = ()  # the shares of people it gives, in percent

    @property
    def negative(self) -> bool:
        return bool(self.denied)


def _scope(tokens: tuple[Token, ...], n: int, breaks: Sequence[bool]) -> range:
    """The tokens after negation ``n`` that it denies: to the end of its clause, and at
    most `_SCOPE` content words that are not auxiliaries."""
    reach = 0
    for m in range(n + 1, len(tokens)):
        if breaks[m] or tokens[m].word in CLAUSE_BREAKS:
            return range(n + 1, m)
        reach += not tokens[m].stopped and tokens[m].word not in _AUXILIARIES
        if reach >= _SCOPE:
            return range(n + 1, m + 1)
    return range(n + 1, len(tokens))


def stance_of(text: str, wording: Wording, polar: Collection[str] = ()) -> Stance:
    """The stance of a sentence read as ``wording`` (of ``text``); ``polar``: the
    concepts (``~name``) whose negation is the opposite claim."""
    tokens = wording.tokens
    breaks = clause_breaks(text, tokens)
    concept_at: dict[int, set[str]] = {}
    for name, start, end in wording.concepts:
        for n in range(start, end):
            concept_at.setdefault(n, set()).add("~" + name)

    def features(n: int) -> set[str]:
        token = tokens[n]
        found = set(concept_at.get(n, ()))
        if not token.stopped:
            found.add(token.stem)
        return found

    denied: set[str] = set()
    for n in range(len(tokens)):
        if n in wording.consumed or not is_negation(tokens, n):
            continue
        denied |= features(n)  # "unlicensed", "off-label" deny themselves
        for m in _scope(tokens, n, breaks):
            denied |= features(m)
    # "approved only as an anaesthetic" denies approval for anything else: "only" beside
    # a polar concept limits it as "not approved for PTSD" does.
    for n, token in enumerate(tokens):
        if token.word != "only":
            continue
        for m in (n - 1, n + 1):
            if 0 <= m < len(tokens) and not breaks[max(m, n)]:
                denied |= {c for c in concept_at.get(m, ()) if c in polar}
    # "Insurers rarely reimburse it" denies what "insurance won't pay" does: "rarely" or
    # "seldom" before a polar concept is its denial (the words stay a matter of quantity).
    for n, token in enumerate(tokens):
        if token.word in _DENYING_ADVERBS:
            for m in _scope(tokens, n, breaks):
                denied |= {c for c in concept_at.get(m, ()) if c in polar}
    low: set[str] = set()
    high: set[str] = set()

    def reach(start: int, step: int, words: int) -> list[int]:
        """Up to ``words`` content tokens from ``start`` on, going by ``step``, within
        the clause (stop words pass, and count for nothing)."""
        out: list[int] = []
        m = start
        while 0 <= m < len(tokens) and len(out) < words:
            after = m if step > 0 else m + 1  # the later token of the pair stepped over
            if breaks[after] or tokens[m].word in CLAUSE_BREAKS:
                break
            if not tokens[m].stopped:
                out.append(m)
            m += step
        return out

    # What a copula says of its subject ("side effects are mild") is the claim: a
    # quantity word before the subject picks which of them ("most side effects are
    # mild" calls them mild, not common), so the subject it shares with the claim keeps
    # the claim's side only.
    said_low: set[str] = set()
    said_high: set[str] = set()
    for n, token in enumerate(tokens):
        word = token.word
        side = low if word in _LOW else high if word in _HIGH else None
        if side is None or (word in _SOFTENED_BY_A and n and tokens[n - 1].word == "a"):
            continue
        if n > 1 and tokens[n - 1].word in _COPULAS and not breaks[n]:
            qualified = reach(n - 2, -1, _SUBJECT_REACH)  # "side effects are rare"
            side = said_low if word in _LOW else said_high
        else:
            qualified = reach(n + 1, 1, _QUANTITY_REACH)  # "minimal side effects"
            if word in _ADVERBS:
                qualified += reach(n - 1, -1, _QUANTITY_REACH)  # "nausea often follows"
        for m in qualified:
            side |= features(m)
    low = (low - said_high) | said_low
    high = (high - said_low) | said_high
    names = frozenset(name for name, _s, _e in wording.concepts)
    return Stance(frozenset(denied), frozenset(low), frozenset(high), names, shares_in(text))


def clash_terms(
    a: Stance, b: Stance, shared: Collection[str], vocabulary: Concepts
) -> frozenset[str]:
    """What two clashing sentences disagree about: the shared features one denies, or
    that one calls rare and the other common, or the opposite concepts they name."""
    shared = {f for f in shared if f[0] != "~" or f in vocabulary.polar}
    about = ((a.denied | b.denied) | (a.low & b.high) | (a.high & b.low)) & shared
    for pair in vocabulary.opposites:
        if pair <= a.concepts | b.concepts:
            about |= {"~" + name for name in pair}
    if not agree(a.shares, b.shares):
        about |= {"~" + name for name in vocabulary.figures & a.concepts & b.concepts}
    return frozenset(about)


def same_figures(a: Stance, b: Stance, vocabulary: Concepts) -> bool:
    """Whether two sentences give agreeing shares for an aspect whose figures count
    ("about half improved" / "54 percent had a meaningful drop"): one claim, however
    differently worded."""
    return bool(
        a.shares
        and b.shares
        and vocabulary.figures & a.concepts & b.concepts
        and agree(a.shares, b.shares)
    )


def same_denial(a: Stance, b: Stance, vocabulary: Concepts) -> bool:
    """Whether two sentences deny one polar aspect, each in its own words ("is not
    authorised for PTSD" / "no regulator has licensed it for that")."""
    return any(f in vocabulary.polar for f in a.denied & b.denied)


def clash(a: Stance, b: Stance, shared: Collection[str], vocabulary: Concepts) -> bool:
    """Whether two sentences sharing the features ``shared`` make opposite claims.
    A negation counts on a shared stem, or on a shared concept that is polar; two
    sentences that both deny one concept in other words ("not covered by insurance",
    "insurers will not pay") make the same denial."""
    # "Half responded" and "up to 80 percent responded" give different figures.
    if (
        a.shares
        and b.shares
        and vocabulary.figures & a.concepts & b.concepts
        and not agree(a.shares, b.shares)
    ):
        return True
    # Most pairs deny nothing and name no quantity: each test is skipped when it cannot hold.
    if a.denied or b.denied or (a.low and b.high) or (a.high and b.low):
        same_denial = any(f[0] == "~" for f in a.denied & b.denied & set(shared))
        shared = {f for f in shared if f[0] != "~" or f in vocabulary.polar}
        if not same_denial and bool(a.denied & shared) != bool(b.denied & shared):
            return True
        if (a.low & b.high & shared) or (a.high & b.low & shared):
            return True
    if not (a.concepts and b.concepts):
        return False
    for pair in vocabulary.opposites:
        one, other = tuple(pair)
        if (one in a.concepts and other in b.concepts and other not in a.concepts) or (
            other in a.concepts and one in b.concepts and one not in a.concepts
        ):
            return True
    return False
