"""The reader's own work on a sentence or an article, as the documents carry it: their
corrections of kread's marks, work left detached by a changed file, and appraisal
judgements. Only a document read with its sentences or an appraisal builds them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Correction:
    """What the reader changed of kread's marks on a sentence: the facets and cues they
    put on (kread had not) and took off (kread had)."""

    facets_added: tuple[str, ...] = ()
    facets_removed: tuple[str, ...] = ()
    cues_added: tuple[str, ...] = ()
    cues_removed: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(
            self.facets_added or self.facets_removed or self.cues_added or self.cues_removed
        )


@dataclass(frozen=True)
class DetachedWork:
    """The reader's work on a sentence that is no longer in the document as it was
    written (the file changed): kept, never dropped, and shown as detached."""

    text: str
    start: int
    end: int
    note: str = ""
    correction: Correction | None = None
    quoted: bool = False


@dataclass(frozen=True)
class ItemJudgement:
    """The reader's own score (1-5, or None) and note on one appraisal item of an article,
    and their correction of kread's found / not found (``found``; None: not corrected)."""

    score: int | None = None
    note: str = ""
    found: bool | None = None
