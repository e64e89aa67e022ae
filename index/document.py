"""A document with its text, paragraphs and sentences, and its JSON form (`kread show
--json`): what showing or reading a document builds, never a list or a search."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from kread.index.models import Balance, DocumentInfo, Sentence, Span, info_json

if TYPE_CHECKING:
    from kread.index.workbook.models import Correction, DetachedWork


class Document(NamedTuple):
    """A document with its text, paragraphs and sentences: a `DocumentInfo`'s fields, in
    its order (`info_of` gives that part), then its own."""

    id: str
    title: str
    source: str
    path: str
    words: int
    facet_counts: dict[str, int]
    place: str = ""
    date: str = ""
    cue_counts: dict[str, int] = {}  # shared by those built without: never changed
    author: str = ""
    balance: Balance | None = None
    text: str = ""
    paragraphs: tuple[Span, ...] = ()
    sentences: tuple[Sentence, ...] = ()
    detached: tuple[DetachedWork, ...] = ()  # the reader's work that no longer attaches


def info_of(doc: Document | DocumentInfo) -> DocumentInfo:
    """The `DocumentInfo` part of a document."""
    return DocumentInfo._make(doc[: len(DocumentInfo._fields)])


def document_json(doc: Document, sentences: Sequence[Sentence] | None = None) -> dict:
    """`kread show --json`: the document's entry, its text and its sentences (only
    ``sentences`` when given, e.g. those of one facet)."""
    return {
        **info_json(doc),
        "text": doc.text,
        "sentences": [
            {
                "start": s.start,
                "end": s.end,
                "facets": list(s.facets),
                "cues": list(s.cues),
                "boilerplate": s.boilerplate,
                "heading": s.heading,
                "facet_words": [[a, b, f] for a, b, f in s.spans],
                "cue_words": [[a, b, c] for a, b, c in s.cue_spans],
                "note": s.note,
                "corrected": correction_json(s.correction),
            }
            for s in (doc.sentences if sentences is None else sentences)
        ],
        "detached": [
            {
                "text": d.text,
                "start": d.start,
                "end": d.end,
                "note": d.note,
                "corrected": correction_json(d.correction),
            }
            for d in doc.detached
        ],
    }


def correction_json(correction: Correction | None) -> dict | None:
    """The reader's correction of a sentence's marks, or None when there is none."""
    if not correction:
        return None
    return {
        "facets_added": list(correction.facets_added),
        "facets_removed": list(correction.facets_removed),
        "cues_added": list(correction.cues_added),
        "cues_removed": list(correction.cues_removed),
    }
