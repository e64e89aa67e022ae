"""Recall, traps and precision of sentence links against hand-judged pairs of articles.

    python bench/points_scores.py                  # every set and split, both methods
    python bench/points_scores.py --split tune     # only the pairs one may tune on
    python bench/points_scores.py --errors         # also list missed pairs and wrong links

The judged pairs are in tests/data/points/{bundled,unseen,unseen2,unseen3,unseen4,
unseen5,unseen6,unseen7,unseen8,unseen9,unseen10,unseen11,unseen12}.yaml (the guide is at
the top of each file; unseen3, unseen10 and unseen11 are all held out, unseen2, unseen4,
unseen5, unseen7, unseen8, unseen9 and unseen12 are all tune (unseen7 and unseen8 were
held out until their headers' last figures), bundled, unseen and unseen6 are mixed): for a
pair of articles, the points both make (every sentence of one article in a point with every
sentence of the other is a same-point pair), traps (shared words, different or opposite
claim) and loose pairs (left out of every figure).

A link is two sentences, one from each article, that kread puts in the same point.
For each set, split and method it prints:
  recall     same-point pairs linked / same-point pairs
  traps      traps linked / traps
  precision  same-point pairs linked / links (loose pairs left out)
Methods: ``baseline`` is the one-to-one pairing `compare` made before points (its
``pairs``, facet by facet); ``points`` is `Library.compare`'s points (every facet).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "points"
SETS = (
    "bundled",
    "unseen",
    "unseen2",
    "unseen3",
    "unseen4",
    "unseen5",
    "unseen6",
    "unseen7",
    "unseen8",
    "unseen9",
    "unseen10",
    "unseen11",
    "unseen12",
)
METHODS = ("baseline", "points")

if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from kread.index.library import Library  # noqa: E402

Link = tuple[int, int]


@dataclass
class Judged:
    """One judged pair of articles, with sentences as indexes into each document."""

    a: str
    b: str
    split: str
    same: set[Link] = field(default_factory=set)
    traps: set[Link] = field(default_factory=set)
    loose: set[Link] = field(default_factory=set)
    missing: list[str] = field(default_factory=list)  # judged texts not found


@dataclass
class Tally:
    same: int = 0
    same_linked: int = 0
    traps: int = 0
    traps_linked: int = 0
    links: int = 0  # loose ones left out

    def add(self, judged: Judged, links: set[Link]) -> None:
        counted = links - judged.loose
        self.same += len(judged.same)
        self.same_linked += len(judged.same & counted)
        self.traps += len(judged.traps)
        self.traps_linked += len(judged.traps & counted)
        self.links += len(counted)

    def row(self) -> tuple[float, float, float]:
        recall = self.same_linked / self.same if self.same else 1.0
        traps = self.traps_linked / self.traps if self.traps else 0.0
        precision = self.same_linked / self.links if self.links else 1.0
        return recall, traps, precision


def _fold(text: str) -> str:
    return " ".join(text.split())


def _positions(library: Library, doc_id: str) -> dict[str, list[int]]:
    doc = library.document(doc_id)
    where: dict[str, list[int]] = {}
    for n, s in enumerate(doc.sentences):
        where.setdefault(_fold(doc.text[s.start : s.end]), []).append(n)
    return where


def load_set(name: str) -> tuple[Path | None, list[Judged]]:
    """A judged set: its corpus folder (None: the bundled articles) and its pairs."""
    data = yaml.safe_load((DATA / f"{name}.yaml").read_text(encoding="utf-8"))
    corpus = None if data["corpus"] == "seeds" else ROOT / data["corpus"]
    return corpus, data["pairs"]


def judge(library: Library, raw: dict) -> Judged:
    """A pair of the YAML with its texts found in the indexed documents."""
    judged = Judged(raw["a"], raw["b"], raw["split"])
    where_a, where_b = _positions(library, raw["a"]), _positions(library, raw["b"])

    def find(where: dict[str, list[int]], text: str) -> list[int]:
        found = where.get(_fold(text), [])
        if not found:
            judged.missing.append(text)
        return found

    def cross(xs: Iterable[str], ys: Iterable[str]) -> set[Link]:
        return {(i, j) for x in xs for y in ys for i in find(where_a, x) for j in find(where_b, y)}

    for point in raw["points"]:
        judged.same |= cross(point["a"], point["b"])
    for trap in raw.get("traps") or ():
        judged.traps |= cross([trap["a"]], [trap["b"]])
    for pair in raw.get("loose") or ():
        judged.loose |= cross([pair["a"]], [pair["b"]])
    return judged


def baseline_links(library: Library, a: str, b: str) -> set[Link]:
    """The one-to-one pairs `compare` made before points, every facet."""
    from kread.index.points.compare import pair_sentences, weigh

    doc_a, doc_b = library.document(a), library.document(b)
    va, vb = library.store.sentence_vectors(doc_a.id), library.store.sentence_vectors(doc_b.id)
    idf = library.store.sentence_idf({t for v in (*va, *vb) for t in v})
    links: set[Link] = set()
    for facet in library.taxonomy.names():
        in_a = {i: weigh(va[i], idf) for i, s in enumerate(doc_a.sentences) if facet in s.facets}
        in_b = {j: weigh(vb[j], idf) for j, s in enumerate(doc_b.sentences) if facet in s.facets}
        pairs, _only_a, _only_b = pair_sentences(in_a, in_b)
        links |= {(i, j) for i, j, _similarity in pairs}
    return links


def points_links(library: Library, a: str, b: str) -> set[Link]:
    """Every two sentences, one from each article, in one point of `compare`."""
    comparison = library.compare(a, b)
    links: set[Link] = set()
    for facet in comparison.facets.values():
        for point in facet.points:
            links |= {(i, j) for i in point.a for j in point.b}
    return links


LINKERS = {"baseline": baseline_links, "points": points_links}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=SETS, action="append", help="a judged set (default all)")
    parser.add_argument("--split", choices=("tune", "held-out"), action="append")
    parser.add_argument("--method", choices=METHODS, action="append")
    parser.add_argument("--errors", action="store_true", help="list missed pairs and wrong links")
    args = parser.parse_args(argv)
    splits = args.split or ["tune", "held-out"]
    methods = args.method or list(METHODS)

    print(
        f"{'set':8} {'split':9} {'method':9} {'recall':>7} {'traps':>7} {'precision':>9} "
        f"{'links':>6} {'pairs':>6}"
    )
    for name in args.set or SETS:
        corpus, pairs = load_set(name)
        library = Library.open(corpus)
        try:
            judged = [judge(library, raw) for raw in pairs]
            for j in judged:
                for text in j.missing:
                    print(f"  {name} {j.a}/{j.b}: not found: {text[:70]!r}", file=sys.stderr)
            for split in splits:
                chosen = [j for j in judged if j.split == split]
                if not chosen:
                    continue  # a set may be all held out
                for method in methods:
                    tally = Tally()
                    for j in chosen:
                        links = LINKERS[method](library, j.a, j.b)
                        tally.add(j, links)
                        if args.errors:
                            _print_errors(library, j, links, method)
                    recall, traps, precision = tally.row()
                    print(
                        f"{name:8} {split:9} {method:9} {recall:7.2f} {traps:7.2f} "
                        f"{precision:9.2f} {tally.links:6d} {tally.same:6d}"
                    )
        finally:
            library.close()
    return 0


def _print_errors(library: Library, judged: Judged, links: set[Link], method: str) -> None:
    doc_a, doc_b = library.document(judged.a), library.document(judged.b)

    def text(doc, n: int) -> str:
        s = doc.sentences[n]
        return _fold(doc.text[s.start : s.end])[:90]

    print(f"-- {method} {judged.a} / {judged.b}")
    for i, j in sorted(judged.same - links):
        print(f"  missed {i}/{j}: {text(doc_a, i)!r} | {text(doc_b, j)!r}")
    for i, j in sorted(links - judged.same - judged.loose):
        kind = "TRAP" if (i, j) in judged.traps else "wrong"
        print(f"  {kind} {i}/{j}: {text(doc_a, i)!r} | {text(doc_b, j)!r}")


if __name__ == "__main__":
    sys.exit(main())
