"""The appraisal of one document as plain data, and its one JSON form (`appraisal_json`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from kread.index.models import Balance, balance_json

__all__ = ["CUE_NAMES", "Appraisal", "AppraisalItem", "Balance", "appraisal_json"]

# The claim cues `appraise` counts, in the order DESIGN.md names them.
CUE_NAMES = ("hedged", "absolute", "quantified", "sourced", "promotional")


@dataclass(frozen=True)
class AppraisalItem:
    """One question asked of a document and what answers it.

    ``evidence`` are indexes into ``Document.sentences``; ``metadata`` is the catalog or
    front-matter value that answers the item when one does (``"date: 2023"``)."""

    name: str
    question: str
    source: str
    found: bool
    evidence: tuple[int, ...] = ()
    metadata: str | None = None
    missing: str = ""  # how "what this article does not tell you" words its absence
    score: int | None = None
    note: str = ""


@dataclass(frozen=True)
class Appraisal:
    id: str
    title: str
    items: tuple[AppraisalItem, ...]
    balance: Balance
    cues: dict[str, int] = field(default_factory=dict)

    def item(self, name: str) -> AppraisalItem:
        for item in self.items:
            if item.name == name:
                return item
        raise KeyError(name)

    @property
    def not_told(self) -> tuple[AppraisalItem, ...]:
        """The items not found whose absence is a gap for a patient, in item order."""
        return tuple(i for i in self.items if not i.found and i.missing)


def appraisal_json(appraisal: Appraisal) -> dict:
    """`kread appraise --json` (the contract in DESIGN.md, with ``not_told`` and
    ``balance`` added)."""
    balance = appraisal.balance
    return {
        "id": appraisal.id,
        "title": appraisal.title,
        "items": [
            {
                "name": item.name,
                "question": item.question,
                "source": item.source,
                "found": item.found,
                "evidence": list(item.evidence),
                "metadata": item.metadata,
                "score": item.score,
                "note": item.note,
            }
            for item in appraisal.items
        ],
        "cues": dict(appraisal.cues),
        "not_told": [{"item": i.name, "text": i.missing} for i in appraisal.not_told],
        "balance": balance_json(balance),
    }
