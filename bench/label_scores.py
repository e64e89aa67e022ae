"""Sentence-level precision, recall and F1 of predicted labels (facets, cues) against
hand-labelled ones: the scoring bench/facet_scores.py and bench/cue_scores.py share."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class LabelScore:
    name: str
    tp: int
    fp: int
    fn: int

    @property
    def support(self) -> int:
        return self.tp + self.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class Score:
    labels: tuple[LabelScore, ...]
    # (sentence, expected, predicted) for every sentence with a wrong label.
    errors: tuple[tuple[str, frozenset[str], frozenset[str]], ...] = field(default=())

    @property
    def macro_f1(self) -> float:
        return sum(s.f1 for s in self.labels) / len(self.labels) if self.labels else 0.0


def score_labels(
    names: Sequence[str], judged: Iterable[tuple[str, frozenset[str], frozenset[str]]]
) -> Score:
    """Each of ``names`` scored over (sentence, expected, predicted) triples."""
    counts = {name: [0, 0, 0] for name in names}  # tp, fp, fn
    errors = []
    for text, expected, predicted in judged:
        for name in names:
            if name in predicted and name in expected:
                counts[name][0] += 1
            elif name in predicted:
                counts[name][1] += 1
            elif name in expected:
                counts[name][2] += 1
        if predicted != expected:
            errors.append((text, expected, predicted))
    return Score(tuple(LabelScore(name, *counts[name]) for name in names), tuple(errors))


def format_table(kind: str, name: str, result: Score, n: int) -> str:
    lines = [
        f"{name} ({n} sentences)",
        f"  {kind:<12} {'precision':>9} {'recall':>7} {'F1':>6} {'support':>8}",
    ]
    for s in result.labels:
        lines.append(
            f"  {s.name:<12} {s.precision:>9.3f} {s.recall:>7.3f} {s.f1:>6.3f} {s.support:>8}"
        )
    lines.append(f"  {'macro-F1':<12} {'':>9} {'':>7} {result.macro_f1:>6.3f}")
    return "\n".join(lines)


def format_errors(result: Score, width: int) -> str:
    def names(labels: frozenset[str]) -> str:
        return ",".join(sorted(labels)) or "-"

    return "\n".join(
        f"  want {names(want):<{width}} got {names(got):<{width}} {text}"
        for text, want, got in result.errors
    )
