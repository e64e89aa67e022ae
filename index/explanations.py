"""Why a sentence carries its facets and cues (`kread show DOC --why N`, the reader's Why
screen): plain data and its JSON, apart from `kread.index.models` so that the commands
that never explain do not pay for defining it."""

from __future__ import annotations

from dataclasses import dataclass

Span = tuple[int, int]  # as `kread.index.models.Span`: offsets into a document's text


@dataclass(frozen=True)
class QueryLine:
    """One alternative of a facet's query (an entry of its ``query`` list, or the whole
    query), where it is written, and the words of a sentence it matched."""

    query: str  # as written in the file, without the spaces around it
    source: str  # the topics file
    line: int
    bundled: bool  # kread's own topics.yaml, not a user's file
    words: tuple[Span, ...]  # offsets into the document's text


@dataclass(frozen=True)
class FacetReason:
    """Why a sentence carries one facet: the lines of its query that match the sentence
    (none: the mark came from an earlier taxonomy than the one in force)."""

    facet: str  # the facet's name, or the cue's in `MarkExplanation.cues`
    lines: tuple[QueryLine, ...]
    # "added": the reader put the mark on; "removed": the reader took kread's off.
    reader: str | None = None

    @property
    def words(self) -> tuple[Span, ...]:
        return tuple(sorted({span for line in self.lines for span in line.words}))


@dataclass(frozen=True)
class MarkExplanation:
    """Why sentence ``sentence`` of a document carries each of its facets, in taxonomy order.

    ``unmarked`` says, as a sentence, why no facet query was tried on it (a heading,
    boilerplate)."""

    doc_id: str
    sentence: int
    start: int
    end: int
    facets: tuple[FacetReason, ...]
    unmarked: str | None = None
    cues: tuple[FacetReason, ...] = ()  # the claim cues, the same way


def explanation_json(why: MarkExplanation, text: str) -> dict:
    """`kread show DOC --why N --json`; ``text`` is the document's (offsets are into it,
    ``sentence`` is the index into `document_json`'s ``sentences``)."""
    return {
        "id": why.doc_id,
        "sentence": why.sentence,
        "start": why.start,
        "end": why.end,
        "text": text[why.start : why.end],
        "unmarked": why.unmarked,
        "facets": [_reason_json(reason) for reason in why.facets],
        "cues": [_reason_json(reason) for reason in why.cues],
    }


def _reason_json(reason: FacetReason) -> dict:
    return {
        "name": reason.facet,
        "reader": reason.reader,
        "words": [list(w) for w in reason.words],
        "lines": [
            {
                "source": line.source,
                "line": line.line,
                "bundled": line.bundled,
                "query": line.query,
                "words": [list(w) for w in line.words],
            }
            for line in reason.lines
        ],
    }
