"""The appraisal of one document as plain data, and its one JSON form (`appraisal_json`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from kread.index.models import Balance, balance_json

__all__ = [
    "CORRECTED",
    "CUE_NAMES",
    "DOES_NOT_APPLY",
    "Appraisal",
    "AppraisalItem",
    "Balance",
    "appraisal_json",
    "kread_said",
    "reader_said",
]

# How every view says the reader's answer to an item stands over kread's.
CORRECTED = "corrected by you"

# How every view says the treatment items do not apply to a document about no treatment.
DOES_NOT_APPLY = "does not apply (not about a treatment)"

# The claim cues `appraise` counts, in the order DESIGN.md names them.
CUE_NAMES = ("hedged", "absolute", "quantified", "sourced", "promotional")


@dataclass(frozen=True)
class AppraisalItem:
    """One question asked of a document and what answers it.

    ``evidence`` are indexes into ``Document.sentences``; ``metadata`` is the catalog or
    front-matter value that answers the item when one does (``"date: 2023"``). ``found``
    is kread's answer, ``reader_found`` the reader's correction of it (None: none); where
    they differ the reader's wins (`answered`). ``applies`` is False for an item about a
    treatment in a document that is not about one: then it is neither found nor a gap."""

    name: str
    question: str
    source: str
    found: bool
    evidence: tuple[int, ...] = ()
    metadata: str | None = None
    missing: str = ""  # how "what this article does not tell you" words its absence
    score: int | None = None
    note: str = ""
    reader_found: bool | None = None
    applies: bool = True

    @property
    def answered(self) -> bool:
        """Whether the article answers the item: the reader's word when they gave it."""
        return self.found if self.reader_found is None else self.reader_found

    @property
    def corrected(self) -> bool:
        """Whether the reader says otherwise than kread."""
        return self.reader_found is not None and self.reader_found != self.found


@dataclass(frozen=True)
class Appraisal:
    id: str
    title: str
    items: tuple[AppraisalItem, ...]
    balance: Balance
    cues: dict[str, int] = field(default_factory=dict)
    # False: the document is not about a health intervention, so the treatment items do
    # not apply (their ``applies`` is False)
    about_treatment: bool = True

    def item(self, name: str) -> AppraisalItem:
        for item in self.items:
            if item.name == name:
                return item
        raise KeyError(name)

    @property
    def not_told(self) -> tuple[AppraisalItem, ...]:
        """The items not answered (in the reader's judgement when they corrected kread's)
        whose absence is a gap for a patient, in item order; an item that does not apply
        is no gap."""
        return tuple(i for i in self.items if not i.answered and i.missing and i.applies)


def kread_said(item: AppraisalItem) -> str:
    """``corrected by you (kread: found)``: for an item the reader corrected."""
    return f"{CORRECTED} (kread: {_found_word(item.found)})"


def reader_said(item: AppraisalItem) -> str:
    """``found, corrected by you (kread: not found)``: for an item the reader corrected."""
    return f"{_found_word(item.answered)}, {kread_said(item)}"


def _found_word(found: bool) -> str:
    return "found" if found else "not found"


def appraisal_json(appraisal: Appraisal) -> dict:
    """`kread appraise --json` (the contract in DESIGN.md, with ``not_told`` and
    ``balance``, ``about_treatment`` and each item's ``applies`` added)."""
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
                "reader_found": item.reader_found,
                "evidence": list(item.evidence),
                "metadata": item.metadata,
                "score": item.score,
                "note": item.note,
                "applies": item.applies,
            }
            for item in appraisal.items
        ],
        "cues": dict(appraisal.cues),
        "about_treatment": appraisal.about_treatment,
        "not_told": [{"item": i.name, "text": i.missing} for i in appraisal.not_told],
        "balance": balance_json(balance),
    }
