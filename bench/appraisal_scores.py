"""How closely `kread appraise` answers as a careful reader did, on hand-written answers.

    python bench/appraisal_scores.py              # the tuning set: figures and every miss
    python bench/appraisal_scores.py --heldout    # the held-back sets, figures only
    python bench/appraisal_scores.py --heldout --set fresh2   # one held-back set
    python bench/appraisal_scores.py --heldout --errors       # and their misses, to read

The answers are in tests/data/appraisal/labels.yaml (how each item was read is at its
top): for each article and item, the sentences that answer it, or none. Articles are the
bundled seeds/ and unseen ones in tests/data/appraisal/unseen/, written in the manner of
other health sites. Two figures per set:

- item agreement: the share of (article, item) pairs kread answers found / not found as
  the labels do;
- evidence overlap: the share of labelled evidence sentences that kread shows among the
  item's evidence.

A third figure, for information: of the sentences kread shows for items the labels
answer, the share a label names. Labels name the sentences a reader would point to, not
every sentence that touches an item (an article's twentieth benefit claim is not listed),
so this is a floor on precision, not a target.

Articles in any set but ``tune`` (``heldout``, ``fresh``, ``fresh2``, ``fresh7``) are never
tuned on: ``--heldout`` prints only their figures, each set apart; ``--errors`` adds their
misses, to say what kind they are (label disagreements, segmentation, real gaps), not to
tune on.
``fresh``, ``fresh2`` and ``fresh7`` were labelled before kread was first run on them (so
were the four once held out as ``fresh3``, tuned on since fresh4 was written, the four
once held out as ``fresh4``, tuned on since fresh5 was written, the four once held out as
``fresh5``, tuned on since fresh6 was written, and the three once held out as ``fresh6``,
69.0% / 56.2% when first scored, tuned on since fresh7 was written);
``(front matter)`` as a label says the article's front matter answers the item.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "appraisal"
LABELS = DATA / "labels.yaml"
# A label naming the article's front matter (its date or author) as the answer.
FRONT_MATTER = "(front matter)"

if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))


@dataclass
class Scores:
    pairs: int = 0
    agreed: int = 0
    evidence: int = 0
    shown: int = 0
    offered: int = 0  # evidence sentences kread shows for items the labels answer
    offered_labelled: int = 0  # of them, those a label names
    per_item: dict[str, list[int]] = field(default_factory=dict)  # item: [agreed, pairs]
    misses: list[str] = field(default_factory=list)

    @property
    def agreement(self) -> float:
        return self.agreed / self.pairs if self.pairs else 1.0

    @property
    def overlap(self) -> float:
        return self.shown / self.evidence if self.evidence else 1.0

    @property
    def labelled_share(self) -> float:
        return self.offered_labelled / self.offered if self.offered else 1.0


def _norm(text: str) -> str:
    return " ".join(text.split()).strip().lower()


def same_sentence(label: str, sentence: str) -> bool:
    """Whether kread's ``sentence`` is the labelled one: equal, or one holds the other
    (kread may split a reference list or join a byline to the next line)."""
    a, b = _norm(label), _norm(sentence)
    if not a or not b:
        return False
    return a == b or a in b or (len(b) >= 12 and b in a)


def load_labels(path: Path = LABELS) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["articles"]


def corpus_of(articles: Sequence[dict], folder: Path) -> None:
    """The labelled articles' files (and the seeds' catalog) copied into ``folder``."""
    for article in articles:
        name = article["file"]
        source = ROOT / name if name.startswith("seeds/") else DATA / name
        shutil.copy(source, folder / source.name)
    shutil.copy(ROOT / "seeds" / "catalog.yaml", folder / "catalog.yaml")


def score(articles: Sequence[dict]) -> Scores:
    from kread.index.library import Library

    scores = Scores()
    with tempfile.TemporaryDirectory() as work:
        corpus = Path(work) / "corpus"
        corpus.mkdir()
        os.environ["KREAD_CACHE_DIR"] = str(Path(work) / "cache")
        corpus_of(articles, corpus)
        library = Library.open(corpus)
        try:
            for article in articles:
                doc_id = Path(article["file"]).stem
                doc = library.document(doc_id)
                appraisal = library.appraise(doc_id)
                for item in appraisal.items:
                    labelled = article["items"][item.name]
                    shown = [
                        doc.text[doc.sentences[i].start : doc.sentences[i].end]
                        for i in item.evidence
                    ]
                    counts = scores.per_item.setdefault(item.name, [0, 0])
                    counts[1] += 1
                    scores.pairs += 1
                    if item.found == bool(labelled):
                        scores.agreed += 1
                        counts[0] += 1
                    else:
                        said = "found" if item.found else "not found"
                        scores.misses.append(f"{doc_id} {item.name}: kread says {said}")
                        if item.found:
                            scores.misses += [f"    shown: {s[:100]}" for s in shown[:3]]
                    if labelled:
                        scores.offered += len(shown)
                        scores.offered_labelled += sum(
                            any(same_sentence(text, s) for text in labelled) for s in shown
                        )
                    for text in labelled:
                        scores.evidence += 1
                        if (text == FRONT_MATTER and item.metadata) or any(
                            same_sentence(text, s) for s in shown
                        ):
                            scores.shown += 1
                        elif item.found or not labelled:
                            scores.misses.append(f"{doc_id} {item.name}: not shown: {text[:100]}")
                        else:
                            scores.misses.append(f"    missed: {text[:100]}")
        finally:
            library.close()
    return scores


def report(name: str, scores: Scores, misses: bool) -> None:
    print(
        f"{name}: item agreement {scores.agreement:.1%} ({scores.agreed}/{scores.pairs}), "
        f"evidence overlap {scores.overlap:.1%} ({scores.shown}/{scores.evidence}); "
        f"shown evidence a label names {scores.labelled_share:.1%} "
        f"({scores.offered_labelled}/{scores.offered})"
    )
    for item, (agreed, pairs) in scores.per_item.items():
        print(f"    {item:16s} {agreed}/{pairs}")
    if misses:
        for line in scores.misses:
            print("  " + line)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--heldout", action="store_true", help="score the held-back articles")
    parser.add_argument("--quiet", action="store_true", help="figures only, no misses")
    parser.add_argument("--set", help="with --heldout: score only this held-out set")
    parser.add_argument(
        "--errors", action="store_true", help="with --heldout: print the misses too, to read"
    )
    args = parser.parse_args(argv)
    articles = load_labels()
    if args.heldout:
        # in the order they were written: each set apart, the tune set never among them
        names = dict.fromkeys(a["set"] for a in articles if a["set"] != "tune")
        for name in [args.set] if args.set else names:
            held = [a for a in articles if a["set"] == name]
            report(f"held out {name} ({len(held)} articles)", score(held), misses=args.errors)
        return 0
    tune = [a for a in articles if a["set"] == "tune"]
    report(f"tune ({len(tune)} articles)", score(tune), misses=not args.quiet)
    unseen = [a for a in tune if a["file"].startswith("unseen/")]
    report(f"  of which unseen ({len(unseen)})", score(unseen), misses=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
