"""The reader's typed messages: what a worker brought back from the library, what a
widget or a command asked for, and when the keys typed meanwhile may go on."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:  # the index is imported in a worker, after the first paint
    from kread.index.appraisal.models import Appraisal
    from kread.index.document import Document
    from kread.index.engine.refresh import RefreshReport
    from kread.index.library import Library
    from kread.index.models import DocumentInfo, MarkExplanation, SearchResult
    from kread.index.workbook.models import ItemJudgement
from kread.index.points.models import Comparison, FacetMatrix, PointMap

Span = tuple[int, int]


# -- from workers -----------------------------------------------------------------
@dataclass
class IndexProgress(Message):
    """The update has read ``done`` of ``total`` files."""

    done: int
    total: int

    def can_replace(self, message: Message) -> bool:
        # A burst of progress while the screen is busy folds into the newest one.
        return isinstance(message, IndexProgress)


@dataclass
class LibraryReady(Message):
    """The library opened (or changed) with these documents."""

    library: Library
    documents: list[DocumentInfo]


@dataclass
class FilesChanged(Message):
    """Files were added, changed or removed while the reader was open, and the index
    has taken them in: ``documents`` is the list now."""

    library: Library
    documents: list[DocumentInfo]
    report: RefreshReport


@dataclass
class LibraryFailed(Message):
    """The library cannot be opened at all: kread has nothing to show."""

    error: str


@dataclass
class DocumentLoaded(Message):
    """A document read for the reader, with the offsets of ``query``'s matches in it.
    ``opened``: the user opened it (the reader takes focus); else the cursor is on it."""

    document: Document
    matches: tuple[Span, ...] = ()
    query: str = ""
    opened: bool = False
    start: int | None = None  # a text offset to show near the top (else the first match)


@dataclass
class SearchAnswered(Message):
    """The answer to the search asked for as number ``asked``; ``paused``: the full
    answer once typing paused; ``open_first``: Enter is waiting for it."""

    result: SearchResult | None
    asked: int
    paused: bool = False
    open_first: bool = False


@dataclass
class ComparisonLoaded(Message):
    """Two documents and how they compare."""

    comparison: Comparison
    a: Document
    b: Document


@dataclass
class WorkSaved(Message):
    """The reader's correction or note was saved: the document and the list as they are
    now. ``saved``: the number of the save, in the order they finished (an older one is
    out of date); ``warning``: one line about the file of the reader's work, if any."""

    document: Document
    documents: list[DocumentInfo]
    saved: int
    warning: str | None = None


@dataclass
class MatrixLoaded(Message):
    """Three or more documents and the sentences of each facet in each."""

    matrix: FacetMatrix
    documents: list[Document]


@dataclass
class MarkExplained(Message):
    """Why a sentence of ``document`` carries each of its facets."""

    explanation: MarkExplanation
    document: Document


@dataclass
class AppraisalLoaded(Message):
    """A document appraised item by item."""

    appraisal: Appraisal


@dataclass
class JudgementsSaved(Message):
    """The reader's score or note on an appraisal item was saved: their score and note on
    every item of ``doc_id`` as stored now; ``warning``: one line about the file of the
    reader's work, if any."""

    doc_id: str
    judgements: dict[str, ItemJudgement]
    warning: str | None = None


@dataclass
class PointsLoaded(Message):
    """The points documents make, with those documents, for the Points screen."""

    points: PointMap
    documents: list[Document]


# -- what the user asked for ----------------------------------------------------------
@dataclass
class OpenDocument(Message):
    """Show this document in the reader, at text offset ``start`` if given, else at the
    first match of ``query`` if given."""

    doc_id: str
    query: str = ""
    start: int | None = None


# -- keys ---------------------------------------------------------------------------
class Settled(Message):
    """The screen has done what the last key asked for: keys held since may go on."""


@dataclass
class QuotesExported(Message):
    """The quoted sentences were written to ``path`` (``count`` of them), or could not
    be: ``error`` says why."""

    path: str
    count: int
    error: str = ""
