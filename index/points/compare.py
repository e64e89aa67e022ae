"""Align two documents by facet: similar sentences paired, what only one side says,
and the terms both use.

Similarity is the cosine of two sentences' TF-IDF vectors. The term frequencies are
the term vectors Whoosh stores for every sentence (stemmed, stop words dropped, the
same analyzer as search) and the IDF is Whoosh's over all sentences of the corpus,
so a word in half of them ("ketamine" in a corpus about ketamine) weighs little and
a rare one ("blood pressure") a lot. On top of Whoosh's small stop list a list of
English function words is left out: over a few hundred sentences IDF cannot tell
"while" or "these" (in ~5% of sentences) from "relief" (in ~8%), and those words
alone paired unrelated sentences.

Within each facet, sentences are paired one-to-one, greedily, most similar first,
when the similarity is at least :data:`PAIR_THRESHOLD` and the two share at least
:data:`MIN_SHARED_TERMS` terms. Measured on the bundled articles (all ten pairs of
documents, every facet, 145 pairs at 0.2): above 0.3 nearly all were ones a reader
would make ("works by blocking NMDA receptors" twice; "within hours or days");
between 0.2 and 0.25 about four in five still were ("increased blood pressure" /
"increase in blood pressure and heart rate" is 0.24), the rest loose pairs on
generic wording ("safe and effective"); below 0.2 loose and wrong pairs took over,
often on a single shared word ("... is crucial"). Hence 0.2, and two shared terms
so that one word is never enough. What a bag of words cannot see remains: "traumatic
experiences create intense neural connections" pairs with "ketamine can create new
neural connections".

Nothing here touches Whoosh directly except the analyzer (to map stems back to the
words as written); the library gathers vectors and IDF from the store.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from kread.index.document import Document, info_of
from kread.index.engine.analysis import text_analyzer
from kread.index.points.engine import Found
from kread.index.points.function_words import function_stems
from kread.index.points.models import (
    Clash,
    Comparison,
    FacetComparison,
    FacetMatrix,
    SentencePair,
    SharedPoint,
)

if TYPE_CHECKING:
    from kread.index.facets.taxonomy import Taxonomy

__all__ = [
    "MIN_SHARED_TERMS",
    "PAIR_THRESHOLD",
    "SHARED_TERMS",
    "compare_documents",
    "cosine",
    "facet_matrix",
    "pair_sentences",
    "weigh",
]

# The least cosine similarity for two sentences to be paired (see the module docstring).
PAIR_THRESHOLD = 0.2
# ... and the least number of stemmed terms they must share.
MIN_SHARED_TERMS = 2
# How many document-level shared terms a comparison lists.
SHARED_TERMS = 15

Vector = Mapping[str, float]


# -- similarity -----------------------------------------------------------------
def weigh(frequencies: Vector, idf: Mapping[str, float]) -> dict[str, float]:
    """A sentence's TF-IDF vector: each stemmed term's frequency times its IDF,
    function words left out."""
    skip = function_stems()
    return {t: w * idf.get(t, 0.0) for t, w in frequencies.items() if t not in skip and w > 0}


def cosine(a: Vector, b: Vector) -> float:
    """The cosine of two term vectors: 0 (nothing shared) to 1 (the same terms, same weights)."""
    if len(b) < len(a):
        a, b = b, a
    dot = sum(w * b[t] for t, w in a.items() if t in b)
    if not dot:
        return 0.0
    norm = math.sqrt(sum(w * w for w in a.values())) * math.sqrt(sum(w * w for w in b.values()))
    return dot / norm


def pair_sentences(
    a: Mapping[int, Vector],
    b: Mapping[int, Vector],
    threshold: float = PAIR_THRESHOLD,
    min_shared: int = MIN_SHARED_TERMS,
) -> tuple[list[tuple[int, int, float]], list[int], list[int]]:
    """Pair the sentences of ``a`` with those of ``b`` (index to weighted vector) one to
    one, most similar first, while the similarity is at least ``threshold`` and they
    share ``min_shared`` terms. Returns the pairs (a, b, similarity) in order of ``a``,
    and the unpaired indexes of each side in order."""
    candidates = []
    for i, va in a.items():
        for j, vb in b.items():
            if len(va.keys() & vb.keys()) < min_shared:
                continue
            similarity = cosine(va, vb)
            if similarity >= threshold:
                candidates.append((-similarity, i, j))
    candidates.sort()
    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs = []
    for negative, i, j in candidates:
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        pairs.append((i, j, -negative))
    pairs.sort()
    return pairs, sorted(set(a) - used_a), sorted(set(b) - used_b)


def sentence_terms(doc: Document) -> list[dict[str, float]]:
    """The stemmed terms of each sentence of ``doc`` and how often each occurs, as the
    index counts them (item ``n`` is sentence ``n``); read once per sentence text."""
    from kread.index.points.wording import tokens_of

    return [
        dict(Counter(t.stem for t in tokens_of(doc.text[s.start : s.end]) if not t.stopped))
        for s in doc.sentences
    ]


# -- words as written -------------------------------------------------------------
def _shown(word: str) -> str:
    """A word as a reader expects it in a list: lower case, unless it is written with a
    capital past its first letter (PTSD, NMDA, mTOR), which is kept."""
    return word if any(c.isupper() for c in word[1:]) else word.lower()


@lru_cache(maxsize=100_000)
def surface_words(text: str) -> dict[str, str]:
    """Each stem in ``text`` to the word as written at its first occurrence."""
    words: dict[str, str] = {}
    for token in text_analyzer()(text, chars=True):
        words.setdefault(token.text, _shown(text[token.startchar : token.endchar]))
    return words


# -- documents --------------------------------------------------------------------
def _sentence_text(doc: Document, index: int) -> str:
    sentence = doc.sentences[index]
    return doc.text[sentence.start : sentence.end]


def _with_facet(doc: Document, facet: str) -> list[int]:
    return [i for i, s in enumerate(doc.sentences) if facet in s.facets]


def compare_documents(
    a: Document,
    b: Document,
    a_vectors: Sequence[Vector],
    b_vectors: Sequence[Vector],
    idf: Mapping[str, float],
    facets: Sequence[str],
    aspects: Mapping[tuple[str, int], Iterable[str]] | None = None,
    taxonomy: Taxonomy | None = None,
) -> Comparison:
    """Compare ``a`` and ``b`` facet by facet (``facets`` in the order given): the
    points both make (see engine.py), every linked pair, what only one side says, and
    where they contradict each other.

    ``a_vectors[n]`` holds the stemmed term frequencies of sentence ``n`` of ``a``
    (likewise for ``b``) and ``idf`` the IDF of every term in them; ``aspects``
    (optional) maps (document id, sentence index) to aspect names. The aspects of
    ``taxonomy`` (the shipped one when None) bring together what is said in other words.
    """
    from kread.index.points.engine import find_points
    from kread.index.points.wording import concepts, vocabulary_of

    keyed = None
    if aspects:
        position = {a.id: 0, b.id: 1}
        keyed = {(position[d], i): names for (d, i), names in aspects.items() if d in position}
    vocabulary = vocabulary_of(taxonomy) if taxonomy is not None else concepts()
    found = find_points((a, b), lambda _terms: idf, keyed, vocabulary=vocabulary)
    shared = [g for g in range(len(found.groups)) if len(found.members(g)) == 2]
    facets_of = {g: found.facets(g, facets) for g in shared}
    by_facet: dict[str, FacetComparison] = {}
    for facet in facets:
        points, pairs = [], []
        in_points_a: set[int] = set()
        in_points_b: set[int] = set()
        for g in shared:
            if facet not in facets_of[g]:
                continue
            members = found.members(g)
            ia, ib = members[0], members[1]
            in_points_a.update(ia)
            in_points_b.update(ib)
            points.append(
                SharedPoint(
                    a=ia,
                    b=ib,
                    label=found.describe(g)[0],
                    similarity=round(found.closeness(g), 4),
                    shared_terms=found.describe(g)[2],
                    aspect=found.describe(g)[1],
                )
            )
            pairs.extend(_linked_pairs(found, g))
        by_facet[facet] = FacetComparison(
            pairs=tuple(sorted(pairs, key=lambda p: (p.a, p.b))),
            only_a=tuple(i for i in _with_facet(a, facet) if i not in in_points_a),
            only_b=tuple(j for j in _with_facet(b, facet) if j not in in_points_b),
            points=tuple(points),
            clashes=tuple(_clashes(found, facet)),
        )
    return Comparison(
        a=info_of(a),
        b=info_of(b),
        facets=by_facet,
        shared_terms=_document_terms(a, b, a_vectors, b_vectors, idf),
    )


def _linked_pairs(found: Found, g: int) -> list[SentencePair]:
    """Every sentence of a with every sentence of b in group ``g``."""
    readings = found.readings
    out = []
    for x in found.groups[g]:
        for y in found.groups[g]:
            ra, rb = readings[x], readings[y]
            if ra.doc == 0 and rb.doc == 1:
                value = found.similarity.get((min(x, y), max(x, y)), 0.0)
                terms = tuple(
                    ra.words.get(t, t)
                    for t in sorted(
                        (t for t in ra.vector.keys() & rb.vector.keys() if t[0] not in "~@"),
                        key=lambda t: (-ra.vector[t], t),  # ties: the same every run
                    )
                )
                out.append(SentencePair(ra.index, rb.index, round(value, 4), terms))
    return out


def _clashes(found: Found, facet: str) -> list[Clash]:
    """Opposite claims with a sentence carrying ``facet``: a's sentences, b's, a label."""
    by_groups: dict[tuple[int, int], tuple[set[int], set[int]]] = {}
    where = {n: g for g, members in enumerate(found.groups) for n in members}
    for x, y in sorted(found.clash_pairs):
        ra, rb = found.readings[x], found.readings[y]
        if facet not in ra.facets and facet not in rb.facets:
            continue
        if ra.doc == 1:
            ra, rb, x, y = rb, ra, y, x
        sides = by_groups.setdefault((where[x], where[y]), (set(), set()))
        sides[0].add(ra.index)
        sides[1].add(rb.index)
    return [
        Clash(a=tuple(sorted(sa)), b=tuple(sorted(sb)), label=found.describe(ga)[0])
        for (ga, _gb), (sa, sb) in by_groups.items()
    ]


def _pair_terms(
    doc: Document, index: int, va: Vector, vb: Vector, idf: Mapping[str, float]
) -> tuple[str, ...]:
    """The stems both sentences have, rarest first (then in reading order), as written
    in ``doc``'s sentence."""
    words = surface_words(_sentence_text(doc, index))
    order = {stem: n for n, stem in enumerate(words)}
    shared = sorted(va.keys() & vb.keys(), key=lambda t: (-idf.get(t, 0.0), order.get(t, 0), t))
    return tuple(words.get(t, t) for t in shared)


def _term_counts(doc: Document, vectors: Sequence[Vector]) -> Counter[str]:
    skip = function_stems()
    counts: Counter[str] = Counter()
    for n, vector in enumerate(vectors):
        if n < len(doc.sentences) and not doc.sentences[n].boilerplate:
            counts.update({t: w for t, w in vector.items() if t not in skip})
    return counts


def _document_terms(
    a: Document,
    b: Document,
    a_vectors: Sequence[Vector],
    b_vectors: Sequence[Vector],
    idf: Mapping[str, float],
    limit: int = SHARED_TERMS,
) -> tuple[str, ...]:
    """Terms both documents use outside their boilerplate, by combined TF-IDF.

    TF is sublinear (1 + ln count) and IDF counts twice, once per document, as it does
    in the cosine of two TF-IDF vectors: weighted once, the words every article here
    repeats ("mental", "health", "potential") crowded out what these two have in
    common ("nausea", "substance", "temporary"). Words are shown as first written in
    ``a`` (or else ``b``).
    """
    ca, cb = _term_counts(a, a_vectors), _term_counts(b, b_vectors)

    def score(term: str) -> float:
        return idf.get(term, 0.0) ** 2 * (2 + math.log(ca[term]) + math.log(cb[term]))

    top = sorted(ca.keys() & cb.keys(), key=lambda t: (-score(t), t))[:limit]
    words = _document_words(b) | _document_words(a)
    return tuple(words.get(t, t) for t in top)


def _document_words(doc: Document) -> dict[str, str]:
    words: dict[str, str] = {}
    for i, sentence in enumerate(doc.sentences):
        if not sentence.boilerplate:
            for stem, word in surface_words(_sentence_text(doc, i)).items():
                words.setdefault(stem, word)
    return words


def facet_matrix(documents: Sequence[Document], facets: Sequence[str]) -> FacetMatrix:
    """For each facet and document, the indexes of the sentences carrying that facet."""
    return FacetMatrix(
        documents=tuple(info_of(d) for d in documents),
        cells={f: {d.id: tuple(_with_facet(d, f)) for d in documents} for f in facets},
    )
