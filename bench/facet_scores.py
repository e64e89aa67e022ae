"""Per-facet precision, recall and F1 of a taxonomy against hand-labelled sentences.

    python bench/facet_scores.py                    # the default taxonomy, every set
    python bench/facet_scores.py --topics FILE      # a user taxonomy (extends the default)
    python bench/facet_scores.py --errors           # also list each wrong sentence
    python bench/facet_scores.py --heldout          # the held-back set, scores only

The sentences and their labels are in tests/data/labelled_sentences.yaml (the label
guide is at its top), tests/data/labelled_sentences_risks.yaml (risks in many
voices, about many treatments), tests/data/labelled_sentences_benefits.yaml
(``benefit_wording``: benefits of ketamine in many voices beside hard negatives) and
tests/data/labelled_sentences_voices.yaml (the set
`voices`, held back as `heldout_3` until it had been scored several times, now tuned
on, and the set `probes`, written while tuning on it). A sentence may say what it
stands ``under`` (its section's heading, its list's lead-in line). The held-back sets
(tests/data/labelled_sentences_heldout*.yaml: heldout_4, written last, heldout and
heldout_2) are never tuned on: ``--heldout`` prints their scores, labelled as held
back, and never their wrong sentences.
``score()`` is the one scoring function: tests/test_topics.py uses it for its
thresholds.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "data" / "labelled_sentences.yaml"
# A tune set of its own for the risks facet, about many treatments (issue 15).
RISKS_FIXTURE = ROOT / "tests" / "data" / "labelled_sentences_risks.yaml"
# Held back as heldout_3 until it had been scored several times; tuned on since.
VOICES_FIXTURE = ROOT / "tests" / "data" / "labelled_sentences_voices.yaml"
# A tune set of its own for the benefits facet: whose benefit, in many voices (issue 15).
BENEFITS_FIXTURE = ROOT / "tests" / "data" / "labelled_sentences_benefits.yaml"
TUNE_FILES = (FIXTURE, RISKS_FIXTURE, VOICES_FIXTURE, BENEFITS_FIXTURE)
HELDOUT = ROOT / "tests" / "data" / "labelled_sentences_heldout.yaml"
# Held back too, written later (for the negation, proximity and under: operators).
HELDOUT_MORE = ROOT / "tests" / "data" / "labelled_sentences_heldout_2.yaml"
# A fourth, written in new words after the first three had all been looked at.
HELDOUT_FOURTH = ROOT / "tests" / "data" / "labelled_sentences_heldout_4.yaml"
HELDOUT_FILES = (HELDOUT_FOURTH, HELDOUT, HELDOUT_MORE)

if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from bench.label_scores import Score, score_labels  # noqa: E402
from bench.label_scores import format_errors as label_errors  # noqa: E402
from bench.label_scores import format_table as label_table  # noqa: E402
from kread.index.facets.taxonomy import Taxonomy, load_taxonomy  # noqa: E402


@dataclass(frozen=True)
class Labelled:
    text: str
    facets: frozenset[str]
    # What the sentence stands under in its article (its section's heading, the line that
    # introduces its list), for queries that use `under:`.
    under: str = ""


def load_sets(path: Path | None = None) -> dict[str, list[Labelled]]:
    """The labelled sets of a fixture by name; by default every tune set (``bundled``,
    ``unseen``, ``varied``, ``risk_wording``, ``voices``, ``probes``,
    ``benefit_wording``)."""
    if path is None:
        return {name: items for tune in TUNE_FILES for name, items in load_sets(tune).items()}
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {
        name: [
            Labelled(item["text"], frozenset(item["facets"] or ()), item.get("under") or "")
            for item in items
        ]
        for name, items in data.items()
    }


def score(taxonomy: Taxonomy, sentences: Iterable[Labelled]) -> Score:
    """Sentence-level precision, recall and F1 of each facet, and the macro average."""
    names = taxonomy.names()

    def judged() -> Iterable[tuple[str, frozenset[str], frozenset[str]]]:
        for item in sentences:
            unknown = item.facets - set(names)
            if unknown:
                raise ValueError(
                    f"label {sorted(unknown)} is not a facet of the taxonomy: {item.text}"
                )
            yield item.text, item.facets, frozenset(taxonomy.classify(item.text, item.under)[0])

    return score_labels(names, judged())


def format_table(name: str, result: Score, n: int) -> str:
    return label_table("facet", name, result, n)


def format_errors(result: Score) -> str:
    return label_errors(result, 28)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--topics", type=Path, help="a taxonomy file (default: index/facets/topics.yaml)"
    )
    parser.add_argument(
        "--fixture", type=Path, help="labelled sentences YAML (default: every tune set)"
    )
    parser.add_argument("--set", action="append", dest="sets", help="only this set (repeatable)")
    parser.add_argument("--errors", action="store_true", help="list misclassified sentences")
    parser.add_argument(
        "--heldout",
        action="store_true",
        help="score the held-back sets instead (tests/data/labelled_sentences_heldout*.yaml); "
        "never tune on them",
    )
    args = parser.parse_args(argv)
    if args.heldout and (args.errors or args.sets or args.fixture):
        parser.error(
            "--heldout prints the held-back set's scores alone: no --errors, --set or --fixture"
        )

    taxonomy = load_taxonomy(args.topics)
    if args.heldout:
        held_back = {
            name: items for path in HELDOUT_FILES for name, items in load_sets(path).items()
        }
        for name, sentences in held_back.items():
            print(
                format_table(
                    f"{name} [held back: score it, never tune on it]",
                    score(taxonomy, sentences),
                    len(sentences),
                )
            )
        return 0
    sets = load_sets(args.fixture)
    for name in args.sets or sets:
        if name not in sets:
            parser.error(f"no set {name!r}; sets: {', '.join(sets)}")
        result = score(taxonomy, sets[name])
        print(format_table(name, result, len(sets[name])))
        if args.errors and result.errors:
            print(format_errors(result))
        print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
