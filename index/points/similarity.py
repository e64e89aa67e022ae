"""How close two sentences are: weighted terms, related-term concepts and aspects, and
the candidate pairs worth measuring.

A sentence is a vector of features: its stems (TF times the corpus IDF Whoosh keeps,
function words left out), the aspects of the taxonomy it names (``~name``: "feel
detached from your surroundings" and "dissociation" share ``~dissociation``), and the
aspects a caller tags it with, when given (``@name``). Similarity is the cosine of two
vectors.

Candidates come from an inverted index of features over the sentences at hand, never
from every pair: a feature used by more than `candidate_cap` sentences (``ketamine`` in
a corpus about ketamine) is left out of candidate generation (not of similarity), so
the pairs measured grow with the number of sentences times that cap, not its square.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from kread.index.points.stance import Stance, stance_of
from kread.index.points.wording import Concepts

__all__ = [
    "Reading",
    "candidate_cap",
    "candidates",
    "measure",
    "readings",
]

# How much a concept weighs beside a stem of the same rarity, and an aspect.
CONCEPT_BOOST = 2.0
ASPECT_WEIGHT = 6.0
# IDF counts this many times: shared rare words mark a shared point more than shared
# common ones do.
IDF_POWER = 1.0


@dataclass
class Reading:
    """One sentence as the points engine sees it."""

    doc: int  # position of its document in the list given
    index: int  # position in that document's sentences
    facets: tuple[str, ...]
    vector: dict[str, float]
    norm: float
    stance: Stance
    words: dict[str, str]  # stem to the word as first written
    aspects: frozenset[str] = frozenset()
    # Each concept it names to the stems that name it here.
    named: Mapping[str, frozenset[str]] = field(default_factory=dict)


def readings(
    texts: Sequence[tuple[int, int, str, tuple[str, ...]]],
    idf_of: Callable[[set[str]], Mapping[str, float]],
    skip: frozenset[str],
    vocabulary: Concepts,
    aspects: Mapping[tuple[int, int], Iterable[str]] | None = None,
) -> list[Reading]:
    """Each (doc, index, text, facets) read and weighed. ``skip``: stems that carry no
    topic; ``aspects``: (doc, index) to the aspect names of that sentence."""
    raw = []
    for doc, index, text, facets in texts:
        stems, names, words, stance = _sentence(text, vocabulary, skip)
        tagged = {"@" + a for a in (aspects or {}).get((doc, index), ())}
        raw.append((doc, index, facets, stems, names, tagged, stance, words))
    terms = {s for item in raw for s, _n in item[3]}
    terms.update(t for item in raw for _name, named in item[4] for t in named)
    idf = idf_of(terms)
    concept_df = Counter(name for item in raw for name, _named in item[4])
    total = max(len(raw), 1)
    out = []
    for doc, index, facets, stems, names, tagged, stance, words in raw:
        vector = {s: n * idf.get(s, 1.0) ** IDF_POWER for s, n in stems}
        for name, named in names:
            # As rare as the concept is here, or as its own words are in the corpus:
            # over a handful of sentences the first says little.
            rarity = math.log(total / (concept_df[name] + 1)) + 1.0
            rarity = max([rarity, 1.0, *(idf.get(t, 1.0) for t in named)])
            vector[name] = CONCEPT_BOOST * rarity**IDF_POWER
        for name in tagged:
            vector[name] = ASPECT_WEIGHT
        norm = math.sqrt(sum(w * w for w in vector.values())) or 1.0
        out.append(
            Reading(doc, index, facets, vector, norm, stance, words, frozenset(tagged), dict(names))
        )
    return out


# A sentence read for the engine: its stems and how often each occurs, the concepts it
# names with the stems that name each, each stem as first written, its stance.
SentenceFeatures = tuple[
    tuple[tuple[str, int], ...], tuple[tuple[str, frozenset[str]], ...], dict[str, str], Stance
]


@lru_cache(maxsize=100_000)
def _sentence(text: str, vocabulary: Concepts, skip: frozenset[str]) -> SentenceFeatures:
    """What ``text`` says whatever the corpus, read once however often points are asked
    for (the result is shared: never changed)."""
    wording = vocabulary.read(text)
    stems = Counter(t.stem for t in wording.tokens if not t.stopped and t.stem not in skip)
    words: dict[str, str] = {}
    for t in wording.tokens:
        if not t.stopped:
            words.setdefault(t.stem, text[t.start : t.end])
    names: dict[str, set[str]] = {}  # concept to the stems that name it here
    for name, start, end in wording.concepts:
        named = names.setdefault("~" + name, set())
        named.update(t.stem for t in wording.tokens[start:end] if not t.stopped)
    return (
        tuple(stems.items()),
        tuple((name, frozenset(named)) for name, named in names.items()),
        words,
        stance_of(text, wording, vocabulary.polar),
    )


def candidate_cap(sentences: int) -> int:
    """The most sentences a feature may have and still propose pairs. Fixed, so the
    pairs proposed grow with the number of sentences, not with its square; a word
    that common says little about which point a sentence makes."""
    return min(CANDIDATE_CAP, max(2, sentences))


CANDIDATE_CAP = 80
# Each sentence proposes pairs through this many of its weightiest features.
PROPOSING_FEATURES = 6


def candidates(items: Sequence[Reading], cap: int | None = None) -> dict[int, set[int]]:
    """The pairs worth measuring, as each position in ``items`` to the later positions
    it pairs with.

    A sentence proposes pairs through its `PROPOSING_FEATURES` weightiest features
    used by at most ``cap`` sentences (rare words and concepts weigh most, so two
    sentences making one point share one of them); only proposed pairs are measured,
    so the cost grows with the sentences times the cap, not with their square."""
    cap = candidate_cap(len(items)) if cap is None else cap
    df: dict[str, int] = {}
    for item in items:
        for feature in item.vector:
            df[feature] = df.get(feature, 0) + 1
    postings: dict[str, list[int]] = {}
    for n, item in enumerate(items):
        usable = [(w, f) for f, w in item.vector.items() if 1 < df[f] <= cap]
        for _w, feature in heapq.nlargest(PROPOSING_FEATURES, usable):
            postings.setdefault(feature, []).append(n)
    partners: dict[int, set[int]] = {}
    for members in postings.values():  # in increasing order of position
        for i in range(len(members) - 1):
            partners.setdefault(members[i], set()).update(members[i + 1 :])
    return partners


def measure(
    items: Sequence[Reading], partners: Mapping[int, Iterable[int]], floor: float
) -> dict[tuple[int, int], float]:
    """The cosine of each pair (x, y) of ``partners`` (x to its ys) where it is at least
    ``floor``: the hot loop of the points engine, with no call per pair."""
    vectors = [item.vector for item in items]
    keys = [vector.keys() for vector in vectors]
    norms = [item.norm for item in items]
    out: dict[tuple[int, int], float] = {}
    for x, ys in partners.items():
        vx, kx, nx = vectors[x], keys[x], norms[x]
        size = len(vx)
        for y in ys:
            vy = vectors[y]
            # Most pairs share one or two features (found in C); a longer sum runs over
            # the shorter vector, in its order.
            shared = kx & keys[y]
            if len(shared) == 1:
                (t,) = shared
                dot = vx[t] * vy[t]
            elif len(shared) == 2:
                t, u = shared
                dot = vx[t] * vy[t] + vx[u] * vy[u]
            elif len(vy) < size:
                dot = sum([w * vx[t] for t, w in vy.items() if t in vx])
            else:
                dot = sum([w * vy[t] for t, w in vx.items() if t in vy])
            value = dot / (nx * norms[y])
            if value >= floor:
                out[(x, y)] = value
    return out
