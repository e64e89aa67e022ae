"""Plain data passed from the index layer to its users: no Whoosh, no Textual.

Every offset is a Python string index into the document's ``text``. A document has one
shape, `DocumentInfo` (what the list shows) and `kread.index.document.Document` (with its
text and sentences), and one JSON form: `info_json` here and `document.document_json` write it,
`info_from_json` reads it back (the store's summaries and the saved list are that JSON too).

These are named tuples, and models a list or a search never builds live beside what
builds them (`document`, `facets.models`, `workbook.models`, `points.models`): every
command defines what it imports as it starts, a frozen dataclass takes a millisecond or
more to create, and `dataclasses` itself imports `inspect` (about 10 ms in all).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:  # the reader's work is defined where it is used
    from kread.index.workbook.models import Correction

Span = tuple[int, int]


# The stable item names of `kread appraise --json` (DESIGN.md), in their order.
ITEM_NAMES = (
    "sources",
    "date",
    "author",
    "risks",
    "uncertainty",
    "alternatives",
    "no_treatment",
    "how_it_works",
    "benefits",
    "support",
    "shared_decision",
    "regulation",
    "costs",
    "promotion",
)


class Facet(NamedTuple):
    """One topic of the taxonomy: how it is shown and the query that finds it."""

    name: str
    label: str
    letter: str
    colour: str
    description: str
    query: str


class Sentence(NamedTuple):
    """A sentence of a document, with the facets it carries. (A search or a document
    decodes thousands of them.)

    ``spans`` are the words that made each facet match, as (start, end, facet);
    ``cues`` the claim cues (hedged, absolute, ...) the sentence carries, in taxonomy
    order, and ``cue_spans`` the words that made each match, as (start, end, cue).
    ``facets`` and ``cues`` are the reader's corrections applied; ``correction`` says
    what they changed, ``note`` is the reader's note on it.
    """

    start: int
    end: int
    paragraph: int
    facets: tuple[str, ...] = ()
    boilerplate: bool = False
    heading: bool = False
    spans: tuple[tuple[int, int, str], ...] = ()
    cues: tuple[str, ...] = ()
    cue_spans: tuple[tuple[int, int, str], ...] = ()
    correction: Correction | None = None
    note: str = ""
    quoted: bool = False  # copied with its citation (y): kept for the quotes export


class Balance(NamedTuple):
    """How much of the document claims benefits against how much describes risks and
    regulation (sentence counts, page furniture left out); ``hedged`` and ``absolute``
    are None when the index has no claim cues."""

    benefits: int
    risks: int
    regulation: int
    hedged: int | None = None
    absolute: int | None = None
    warning: str | None = None


class DocumentInfo(NamedTuple):
    """A document as the list shows it; ``facet_counts`` has every facet of the taxonomy,
    in its order, and ``cue_counts`` every cue (sentences carrying each)."""

    id: str
    title: str
    source: str
    path: str
    words: int
    facet_counts: dict[str, int]
    place: str = ""
    date: str = ""
    cue_counts: dict[str, int] = {}  # shared by those built without: never changed
    # Who wrote it, from front matter (`author`); "" when not given.
    author: str = ""
    # As the appraisal computes it, found when the document was indexed (the list's bar);
    # None in a list saved before kread kept it.
    balance: Balance | None = None


INFO_KEYS = ("id", "title", "source", "path", "words", "facet_counts", "place", "date")


def info_json(doc: DocumentInfo) -> dict:
    """A document's entry in `kread list --json` (and the head of `kread show --json`):
    the `DocumentInfo` keys only, whatever ``doc`` holds besides."""
    return {
        "id": doc.id,
        "title": doc.title,
        "source": doc.source,
        "path": doc.path,
        "words": doc.words,
        "facet_counts": doc.facet_counts,
        "place": doc.place,
        "date": doc.date,
        "author": doc.author,
        "cue_counts": doc.cue_counts,
        "balance": None if doc.balance is None else balance_json(doc.balance),
    }


def info_from_json(data: Mapping, facets: Sequence[str] | None = None) -> DocumentInfo:
    """The `DocumentInfo` that `info_json` wrote ``data`` for (other keys are ignored);
    given ``facets``, with a count for each of them, in their order (0 where ``data``
    has none), and for no other."""
    balance = data.get("balance")
    fields = {key: data[key] for key in INFO_KEYS}
    if facets is not None:
        counts = fields["facet_counts"]
        fields["facet_counts"] = {name: counts.get(name, 0) for name in facets}
    return DocumentInfo(
        **fields,
        author=data.get("author", ""),  # absent from listings saved before kread kept it
        cue_counts=dict(data.get("cue_counts", {})),
        balance=None if balance is None else Balance(**balance),
    )


def balance_json(balance: Balance) -> dict:
    """A `Balance` as `appraise --json` and the list's JSON give it."""
    return {
        "benefits": balance.benefits,
        "risks": balance.risks,
        "regulation": balance.regulation,
        "hedged": balance.hedged,
        "absolute": balance.absolute,
        "warning": balance.warning,
    }


class Hit(NamedTuple):
    id: str
    title: str
    source: str
    score: float
    snippet: str
    # Offsets of the snippet's emphasised words, into ``snippet``.
    snippet_marks: tuple[Span, ...]
    # Offsets of every matched word, into the document's text.
    matches: tuple[Span, ...]


class SearchResult(NamedTuple):
    query: str
    total: int
    hits: tuple[Hit, ...]
    facet_counts: dict[str, int]
    corrected: str | None = None
    # A query kread could not read as written is answered as well as it can be; each
    # notice says one thing that was done instead (a field or facet that does not
    # exist, a bracket not closed, ...).
    notices: tuple[str, ...] = ()
    # False: counting every match was skipped (a search as you type): ``total`` is
    # "at least this many" and ``facet_counts`` is empty.
    counted: bool = True
    # False: nothing of the query could be searched for; ``notices`` say why.
    answered: bool = True

    @property
    def notice(self) -> str | None:
        """The notices as one line, or None."""
        return "; ".join(self.notices) or None


# Called with (done, total, what) while an index is built.
Progress = Callable[[int, int, str], None]
