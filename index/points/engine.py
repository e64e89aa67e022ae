"""Points across documents: sentences linked many to many, grouped by average linkage,
opposite claims kept apart and marked, each point labelled.

A link joins sentences of two different documents whose similarity is at least
`Settings.link` and that rank among each other's `Settings.top` closest in the other
document (mutual), or whose similarity is at least `Settings.strong`. A pair that would
link but clashes in stance (see stance.py) is never in one point; the two points are
marked as clashing instead. Nor does a pair that shares only a subject aspect (one that
names what claims are about, "blood pressure") and the words naming it: "is checked" and
"rises" are what they say, and that differs; nor a pair whose only shared aspects are
subjects while each makes a claim aspect of its own ("relief within 24 hours" / "the
improvement faded within a week"). A sentence that lists several claims is measured
against one that makes one of them without the rest of its list (`_focused`). Two
sentences giving agreeing shares for an aspect whose figures count ("about half
improved" / "54 percent had a meaningful drop"), or that both deny one polar aspect
("not authorised for PTSD" / "no regulator has licensed it"), are as close as a link
needs, however differently worded. Links do not depend on facets: a sentence that missed
its facet still joins the point its neighbours make, and the point carries the facets of
its members and of the aspects its documents share (see `Found.facets`).
"""

from __future__ import annotations

import gc
import math
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from kread.index.document import Document, info_of
from kread.index.points.grouping import group
from kread.index.points.models import Point, PointMap
from kread.index.points.similarity import Reading, candidates, measure, readings
from kread.index.points.stance import Stance, clash, clash_terms, same_denial, same_figures
from kread.index.points.wording import Concepts, concepts, vocabulary_of

if TYPE_CHECKING:
    from kread.index.facets.taxonomy import Taxonomy

__all__ = ["Found", "Settings", "find_points", "point_map"]

# Sentence (document position, sentence index) to the names of its aspects.
Aspects = Mapping[tuple[int, int], Iterable[str]]
LABEL_WORDS = 3
# A feature more sentences than this use (a share of them, and at least the floor) is
# too common to be what two points disagree about.
COMMON_SHARE = 0.25
COMMON_FLOOR = 4
SHARED_TERMS = 6
# A word more sentences than this use (a share, and at least the floor) tells no point
# from another: beside a shared subject aspect it is not something the two say alike.
BROAD_SHARE = 0.15
# A sentence naming this many other claim aspects besides the one it shares is a list.
LIST_ITEMS = 3


@dataclass(frozen=True)
class Settings:
    link: float = 0.3  # least similarity for a link
    top: int = 2  # mutual rank a link needs below `strong`
    strong: float = 0.5  # links whatever the rank
    join: float = 0.3  # least mean similarity for two groups to join
    clash: float = 0.2  # least similarity for two sentences to be seen as opposite
    attach: float = 0.3  # least mean similarity for a sentence to join a second point
    floor: float = 0.08  # below this two sentences count as unrelated


@dataclass
class Found:
    """What `find_points` found: groups of positions into ``readings``."""

    readings: list[Reading]
    groups: list[list[int]]
    similarity: dict[tuple[int, int], float]
    clashes: set[tuple[int, int]]  # pairs of groups (positions in ``groups``)
    clash_pairs: set[tuple[int, int]] = field(default_factory=set)  # of readings
    # The clash pairs shown as disagreements: those about what both their points are about.
    disagreements: set[tuple[int, int]] = field(default_factory=set)
    _described: dict[int, tuple[str, str | None, tuple[str, ...]]] = field(default_factory=dict)
    # Each aspect feature (``~name``) to the facet it sits under.
    homes: Mapping[str, str] = field(default_factory=dict)

    def describe(self, g: int) -> tuple[str, str | None, tuple[str, ...]]:
        """Group ``g``'s label, aspect and shared terms (as written, weightiest first)."""
        if g not in self._described:
            self._described[g] = _describe(self, g)
        return self._described[g]

    def members(self, g: int) -> dict[int, tuple[int, ...]]:
        """Group ``g``'s sentence indexes by document position."""
        by_doc: dict[int, list[int]] = {}
        for n in self.groups[g]:
            r = self.readings[n]
            by_doc.setdefault(r.doc, []).append(r.index)
        return {d: tuple(sorted(v)) for d, v in sorted(by_doc.items())}

    def closeness(self, g: int) -> float:
        """Mean similarity over the group's pairs of sentences from different documents."""
        members = self.groups[g]
        pairs = [
            (x, y)
            for i, x in enumerate(members)
            for y in members[i + 1 :]
            if self.readings[x].doc != self.readings[y].doc
        ]
        if not pairs:
            return 1.0
        return sum(self.similarity.get(p, 0.0) for p in pairs) / len(pairs)

    def facets(self, g: int, order: Sequence[str], agreed: bool = False) -> tuple[str, ...]:
        """The facets of a group: those its members carry and, for a point two or more
        documents make, those of the claim aspects they share (a point on dissociation
        is a risk even when the facet missed each sentence). ``agreed``: of the facets
        members carry, only those sentences of two documents carry, so that one
        member's other facet does not list a point on dissociation under benefits
        (unless that leaves none)."""
        members = [self.readings[n] for n in self.groups[g]]
        carried = {f for r in members for f in r.facets}
        if len({r.doc for r in members}) < 2:
            return tuple(f for f in order if f in carried)
        homes = {self.homes[f] for f in _topic(members) if f in self.homes}
        if agreed:
            by_doc: dict[int, set[str]] = {}
            for r in members:
                by_doc.setdefault(r.doc, set()).update(r.facets)
            counts = Counter(f for facets in by_doc.values() for f in facets)
            carried = ({f for f, n in counts.items() if n >= 2} | homes) or carried
        else:
            carried |= homes
        return tuple(f for f in order if f in carried)


DEFAULT = Settings()


# Adverbs of habit frame a claim without making one ("usually", "typically").
_FRAMING = "usual usually typical typically generally"


@cache
def _skip() -> frozenset[str]:
    from kread.index.engine.analysis import text_analyzer
    from kread.index.points.function_words import function_stems

    return function_stems() | {t.text for t in text_analyzer()(_FRAMING)}


@contextmanager
def _collection_deferred() -> Iterator[None]:
    """No cyclic garbage collection while the engine works: it makes hundreds of
    thousands of pairs and no cycles, and each full collection walked every object the
    process holds (a fifth of the time over 200 articles). Whoever turned it off turns
    it back on, so calls from two threads leave it on."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def find_points(
    documents: Sequence[Document],
    idf_of: Callable[[set[str]], Mapping[str, float]],
    aspects: Aspects | None = None,
    settings: Settings | None = None,
    vocabulary: Concepts | None = None,
) -> Found:
    """The points ``documents`` make. ``idf_of`` gives the IDF of stems; ``aspects``
    (optional) tags sentences with aspect names, keyed by (document position, index);
    ``vocabulary``: the taxonomy's aspects as `wording` reads them (the shipped ones
    when None)."""
    with _collection_deferred():
        return _find_points(documents, idf_of, aspects, settings, vocabulary)


def _find_points(
    documents: Sequence[Document],
    idf_of: Callable[[set[str]], Mapping[str, float]],
    aspects: Aspects | None,
    settings: Settings | None,
    vocabulary: Concepts | None,
) -> Found:
    vocabulary = vocabulary or concepts()
    settings = settings or DEFAULT
    texts = [
        (d, i, doc.text[s.start : s.end], s.facets)
        for d, doc in enumerate(documents)
        for i, s in enumerate(doc.sentences)
        if not s.boilerplate and not s.heading
    ]
    items = readings(texts, idf_of, _skip(), vocabulary, aspects)
    similarity: dict[tuple[int, int], float] = {}
    clash_pairs: set[tuple[int, int]] = set()
    ranked: dict[tuple[int, int], list[tuple[float, int]]] = {}
    doc_of = [item.doc for item in items]
    proposed = candidates(items)
    across = {x: [y for y in ys if doc_of[y] != doc_of[x]] for x, ys in proposed.items()}
    tagged = any(item.aspects for item in items)
    # Most pairs are only close enough to count in a mean: they need no more tests.
    plain = min(settings.clash, settings.link)
    unlinked: set[tuple[int, int]] = set()
    used = Counter(f for item in items for f in item.vector)
    broad = {f for f, n in used.items() if n > max(COMMON_FLOOR, len(items) * BROAD_SHARE)}
    # Only a sentence naming more aspects than a list needs can be a list (see `_focused`).
    listing = {n for n, item in enumerate(items) if _named(item) > LIST_ITEMS}
    # Only these sentences can give shares for an aspect whose figures count, or deny a
    # polar aspect: the pairs tested for the same figures or the same denial.
    figured = {
        n for n, item in enumerate(items) if item.stance.shares and _figured(item, vocabulary)
    }
    denying = {n for n, item in enumerate(items) if item.stance.denied & vocabulary.polar}
    for pair, value in measure(items, across, settings.floor).items():
        if value < settings.link and (pair[0] in listing or pair[1] in listing):
            value = max(value, _focused(items[pair[0]], items[pair[1]], vocabulary))
        x, y = pair
        if value < settings.link and (
            (x in figured and y in figured and same_figures(*_stances(items, x, y), vocabulary))
            or (
                value >= plain
                and x in denying
                and y in denying
                and same_denial(*_stances(items, x, y), vocabulary)
            )
        ):
            # The same share for the same aspect, or the same aspect denied, is one
            # claim in other words.
            value = settings.link
        if value < plain and not tagged:
            similarity[pair] = value
            continue
        a, b = items[x], items[y]
        if a.aspects and a.aspects & b.aspects:
            # Sentences sharing an aspect make one point whatever their words.
            value = max(value, settings.strong)
        if value >= settings.clash and clash(
            a.stance, b.stance, _deniable(a, b, vocabulary), vocabulary
        ):
            clash_pairs.add(pair)
            continue
        similarity[pair] = value
        if value >= settings.link and (
            _only_subject(a, b, broad, vocabulary) or _other_claims(a, b, vocabulary)
        ):
            # Close enough to count in a mean, never to link: see `_only_subject`.
            unlinked.add(pair)
            continue
        if value >= settings.link:
            ranked.setdefault((x, b.doc), []).append((value, y))
            ranked.setdefault((y, a.doc), []).append((value, x))
    # Within a document only sentences that may join a point need their similarity
    # (it counts in the mean that decides a join): only those pairs are measured.
    linkable = {x for x, _doc in ranked}
    within = {
        x: [y for y in ys if y in linkable and doc_of[y] == doc_of[x]]
        for x, ys in proposed.items()
        if x in linkable
    }
    similarity.update(measure(items, within, settings.floor))
    # A sentence that names several subjects may rank one more neighbour per subject.
    best = {
        (x, doc): {
            n for _v, n in sorted(row, reverse=True)[: settings.top + _subjects(items[x]) - 1]
        }
        for (x, doc), row in ranked.items()
    }
    links = [
        (x, y)
        for (x, y), value in similarity.items()
        if value >= settings.link
        and doc_of[x] != doc_of[y]
        and (x, y) not in unlinked
        and (value >= settings.strong or (y in best[(x, doc_of[y])] and x in best[(y, doc_of[x])]))
    ]
    groups = group(len(items), similarity, links, clash_pairs, settings.join)
    _attach(groups, items, similarity, links, clash_pairs, settings.attach)
    where = {n: g for g, members in enumerate(groups) for n in members}
    topics: dict[int, set[str]] = {}

    def topic(g: int) -> set[str]:
        if g not in topics:
            topics[g] = _topic([items[n] for n in groups[g]])
        return topics[g]

    # A clash keeps two sentences apart whatever it is about; it is shown as two points
    # disagreeing only when it is about what both points are about: a sentence on
    # supervision that says serious adverse events are rare joins the supervision
    # point, which does not disagree with a point on common side effects.
    # Nor is a word most sentences use ("ketamine" here) what two points disagree on.
    everywhere = {f for f, n in used.items() if n > max(COMMON_FLOOR, len(items) * COMMON_SHARE)}

    def disagree(x: int, y: int) -> bool:
        about = _about(items[x], items[y], vocabulary) - everywhere
        tx, ty = topic(where[x]), topic(where[y])
        if about & tx & ty:
            return True
        # Opposite aspects: each point is about one side of the pair.
        return any(
            (one in tx and other in ty) or (other in tx and one in ty)
            for one, other in (sorted("~" + n for n in pair) for pair in vocabulary.opposites)
            if one in about and other in about
        )

    disagreements = {(x, y) for x, y in clash_pairs if where[x] != where[y] and disagree(x, y)}
    clashes = {tuple(sorted((where[x], where[y]))) for x, y in disagreements}
    homes = {"~" + a.name: a.facet for a in vocabulary.taxonomy.aspects if not a.subject}
    return Found(items, groups, similarity, clashes, clash_pairs, disagreements, homes=homes)


def _only_subject(a: Reading, b: Reading, broad: set[str], vocabulary: Concepts) -> bool:
    """Whether all two sentences share is one subject aspect ("blood pressure") and the
    words that name it, besides words too broad to tell points apart: what they say
    about it ("is checked", "rises") is not shared."""
    shared = a.vector.keys() & b.vector.keys()
    named = [f for f in shared if f[0] == "~"]
    if len(named) != 1 or named[0] not in vocabulary.subjects:
        return False
    naming = a.named.get(named[0], frozenset()) | b.named.get(named[0], frozenset())
    return all(f in naming or f in broad for f in shared if f[0] != "~")


def _figured(item: Reading, vocabulary: Concepts) -> bool:
    return any(name in vocabulary.figures for name in item.stance.concepts)


def _stances(items: Sequence[Reading], x: int, y: int) -> tuple[Stance, Stance]:
    return items[x].stance, items[y].stance


def _other_claims(a: Reading, b: Reading, vocabulary: Concepts) -> bool:
    """Whether two sentences share a subject aspect ("relief") and each makes a claim
    aspect of its own, none of them shared: "reduced scores within 24 hours" (speed)
    and "the improvement faded within a week" (short-lived) say different things of it."""
    shared = a.vector.keys() & b.vector.keys()
    if not any(f[0] == "~" for f in shared):
        return False
    if any(f[0] == "~" and f not in vocabulary.subjects for f in shared):
        return False

    def claims(r: Reading) -> bool:
        return any(f[0] == "~" and f not in vocabulary.subjects for f in r.vector)

    return claims(a) and claims(b)


def _named(item: Reading) -> int:
    """How many aspects a sentence names."""
    return sum(1 for f in item.vector if f[0] == "~")


def _focused(a: Reading, b: Reading, vocabulary: Concepts) -> float:
    """How close two sentences are on the claim they share when one of them lists
    several ("dissociation, nausea and raised blood pressure") and the other makes one:
    the cosine with the list's other items, and the words that name only those, left
    out, so that the rest of a list does not dilute the item both name."""
    shared = a.vector.keys() & b.vector.keys()
    claims = {f for f in shared if f[0] == "~" and f not in vocabulary.subjects}
    if not claims:
        return 0.0

    def others(r: Reading) -> list[str]:
        return [f for f in r.vector if f[0] == "~" and f not in claims]

    def makes_one(r: Reading) -> bool:
        return all(f in vocabulary.subjects for f in others(r))

    oa, ob = others(a), others(b)
    if len(oa) >= LIST_ITEMS and makes_one(b):
        listing, single, items = a, b, oa
    elif len(ob) >= LIST_ITEMS and makes_one(a):
        listing, single, items = b, a, ob
    else:
        return 0.0
    naming = set().union(*(listing.named.get(f, frozenset()) for f in items))
    naming -= set().union(*(listing.named.get(f, frozenset()) for f in claims))
    kept = {f: w for f, w in listing.vector.items() if f not in naming and f not in items}
    dot = sum(w * single.vector[f] for f, w in kept.items() if f in single.vector)
    norm = math.sqrt(sum(w * w for w in kept.values()))
    return dot / (norm * single.norm) if norm else 0.0


def _deniable(a: Reading, b: Reading, vocabulary: Concepts) -> set[str]:
    """What two sentences share that a negation can turn into the opposite claim: not
    the words naming an aspect both name that is not polar ("do not drive" and "someone
    to drive you home" say one thing of driving)."""
    shared = a.vector.keys() & b.vector.keys()
    plain = [f for f in shared if f[0] == "~" and f not in vocabulary.polar]
    if not plain:
        return shared
    naming = set().union(
        *(a.named.get(f, frozenset()) | b.named.get(f, frozenset()) for f in plain)
    )
    return shared - naming


def _about(a: Reading, b: Reading, vocabulary: Concepts) -> frozenset[str]:
    """What two clashing sentences disagree about (see `stance.clash_terms`)."""
    return clash_terms(a.stance, b.stance, _deniable(a, b, vocabulary), vocabulary)


def _topic(members: Sequence[Reading]) -> set[str]:
    """What a point is about: the features that members from two or more documents
    have; for a point of one document, every feature of its sentences."""
    by_doc: dict[int, set[str]] = {}
    for r in members:
        by_doc.setdefault(r.doc, set()).update(r.vector)
    if len(by_doc) == 1:
        return next(iter(by_doc.values()))
    counts = Counter(f for features in by_doc.values() for f in features)
    return {f for f, n in counts.items() if n >= 2}


def _subjects(item: Reading) -> int:
    return max(1, _named(item))


def _attach(
    groups: list[list[int]],
    items: list[Reading],
    similarity: Mapping[tuple[int, int], float],
    links: Iterable[tuple[int, int]],
    clash_pairs: set[tuple[int, int]],
    threshold: float,
) -> None:
    """Let a sentence make more than one point: one that lists "nausea, dissociation and a
    rise in blood pressure" also joins the points on each, when it links to a member of
    that point, its mean similarity to the point's members is at least ``threshold`` and
    it is related to most of them. Grouping alone gives each sentence one point."""
    where = {n: g for g, members in enumerate(groups) for n in members}
    linked: dict[int, set[int]] = {}
    for x, y in links:
        if where[x] != where[y]:
            linked.setdefault(x, set()).add(where[y])
            linked.setdefault(y, set()).add(where[x])
    extra: dict[int, list[int]] = {}
    for x, targets in linked.items():
        for g in targets:
            if any((min(x, n), max(x, n)) in clash_pairs for n in groups[g]):
                continue
            # As for a join: close to the members on average, and related to most.
            values = [similarity.get((min(x, n), max(x, n)), 0.0) for n in groups[g]]
            related = sum(1 for v in values if v > 0)
            if sum(values) / len(values) >= threshold and 2 * related > len(values):
                extra.setdefault(g, []).append(x)
    for g, members in extra.items():
        groups[g] = sorted(set(groups[g]) | set(members))


def _describe(found: Found, g: int) -> tuple[str, str | None, tuple[str, ...]]:
    """A group's label, aspect and shared terms (as written, rarest first)."""
    members = [found.readings[n] for n in found.groups[g]]
    docs_with: Counter[str] = Counter()
    weight: Counter[str] = Counter()
    written: dict[str, str] = {}
    for doc in sorted({r.doc for r in members}):  # a set's order changes between runs
        features = set()
        for r in members:
            if r.doc == doc:
                features |= r.vector.keys()
                for f, w in r.vector.items():
                    weight[f] += w
                for stem, word in r.words.items():
                    written.setdefault(stem, word)
        docs_with.update(features)
    needed = 2 if len({r.doc for r in members}) > 1 else 1
    common = [f for f, n in docs_with.items() if n >= needed]
    aspect = next(
        (f[1:] for f, _w in weight.most_common() if f.startswith("@") and f in common), None
    )
    concept = next(
        (f[1:] for f, _w in weight.most_common() if f.startswith("~") and f in common), None
    )
    words = sorted((f for f in common if f[0] not in "~@"), key=lambda f: (-weight[f], f))
    shown = tuple(_shown(written.get(f, f)) for f in words[:SHARED_TERMS])
    if aspect:  # tagged by the caller
        label = aspect
    elif concept:  # one of the taxonomy's aspects
        aspect = concept
        label = concept.replace("_", " ")
        if shown:
            label += ": " + ", ".join(shown[:LABEL_WORDS])
    else:
        label = ", ".join(shown[:LABEL_WORDS]) or "—"
    return label, aspect, shown


def _shown(word: str) -> str:
    return word if any(c.isupper() for c in word[1:]) else word.lower()


def point_map(
    documents: Sequence[Document],
    idf_of: Callable[[set[str]], Mapping[str, float]],
    facets: Sequence[str],
    aspects: Mapping[tuple[str, int], Iterable[str]] | None = None,
    taxonomy: Taxonomy | None = None,
) -> PointMap:
    """The points of ``documents`` per facet (in the order of ``facets``), the points
    most documents make first; ``aspects`` maps (document id, index) to aspect names;
    the aspects of ``taxonomy`` (the shipped one when None) join sentences that say one
    thing in other words."""
    # The engine's pairs and readings are dropped when the map is made: collection
    # turned back on after that finds little left to walk.
    with _collection_deferred():
        return _point_map(documents, idf_of, facets, aspects, taxonomy)


def _point_map(
    documents: Sequence[Document],
    idf_of: Callable[[set[str]], Mapping[str, float]],
    facets: Sequence[str],
    aspects: Mapping[tuple[str, int], Iterable[str]] | None = None,
    taxonomy: Taxonomy | None = None,
) -> PointMap:
    position = {doc.id: d for d, doc in enumerate(documents)}
    keyed = (
        {(position[d], i): names for (d, i), names in aspects.items() if d in position}
        if aspects
        else None
    )
    vocabulary = vocabulary_of(taxonomy) if taxonomy is not None else None
    found = find_points(documents, idf_of, keyed, vocabulary=vocabulary)
    ids = [doc.id for doc in documents]
    clashing: dict[int, set[int]] = {}
    for g, h in found.clashes:
        clashing.setdefault(g, set()).add(h)
        clashing.setdefault(h, set()).add(g)
    # Only points under a facet shown are in the map (and named by its clashes): most
    # groups of a large corpus are one sentence under none, and describing those was
    # most of the cost.
    shown_facets = {g: found.facets(g, facets, agreed=True) for g in range(len(found.groups))}
    shown = {g for g, named in shown_facets.items() if named}
    by_facet: dict[str, list[Point]] = {facet: [] for facet in facets}
    for g in sorted(shown):
        members = found.members(g)
        label, aspect, shared_terms = found.describe(g)
        point = Point(
            id=g,
            sentences={ids[d]: indexes for d, indexes in members.items()},
            label=label,
            facets=shown_facets[g],
            similarity=round(found.closeness(g), 4),
            aspect=aspect,
            shared_terms=shared_terms,
            silent=tuple(i for d, i in enumerate(ids) if d not in members),
            clashes=tuple(sorted(clashing.get(g, set()) & shown)),
        )
        for facet in point.facets:
            by_facet[facet].append(point)
    return PointMap(
        documents=tuple(info_of(doc) for doc in documents),
        facets={
            facet: tuple(
                sorted(
                    listed,
                    key=lambda p: (-len(p.sentences), -sum(map(len, p.sentences.values())), p.id),
                )
            )
            for facet, listed in by_facet.items()
        },
    )
