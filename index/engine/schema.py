"""The Whoosh schema of a corpus's index, and the fields of a document's record in it:
postings made ahead (where the document is read) and the record as written.

One record per document. Besides what search ranks (title, body, ...) a record holds
what the rest of kread reads often, kept so it is cheap to read:
- ``summary``, a column of compact JSON (title, source, counts, digest, stamp, ...):
  the document list and the refresh's comparison with the files read it without
  unpickling every document's text;
- ``sentences``, one `SENTENCE_MARK` per sentence: its total frequency is the number of
  sentences in the corpus, which with a term's frequency in ``body`` gives comparisons
  their sentence-level IDF without a record (or postings) per sentence.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from whoosh.columns import VarBytesColumn
from whoosh.fields import COLUMN, ID, KEYWORD, STORED, TEXT, Schema
from whoosh.util.text import utf8encode

from kread.index.engine.analysis import (
    Word,
    every_word_analyzer,
    spelling_analyzer,
    text_analyzer,
)
from kread.index.engine.records import encode_layout

if TYPE_CHECKING:  # a build's: opening the index for a search never makes them
    from kread.index.engine.indexed import IndexedDocument, Postings

# Counts sentences in the ``sentences`` field.
SENTENCE_MARK = "#s"
# Between a title's words and the body's in ``words``: no phrase runs from one into the other.
TITLE_GAP = 100


class PreparedText(TEXT):
    """A TEXT field that also takes `Postings` made ahead for its value, to spare the
    one process that writes the index the analysis of long texts."""

    def index(
        self, value: str | Postings, **kwargs: object
    ) -> Iterator[tuple[bytes, int, float, bytes]]:
        if isinstance(value, str):
            return super().index(value, **kwargs)
        return value.items()


def docs_schema() -> Schema:
    analyzer = text_analyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        title=TEXT(analyzer=analyzer, stored=True, field_boost=2.0),
        source=TEXT(analyzer=analyzer, stored=True),
        place=TEXT(analyzer=analyzer, stored=True),
        body=PreparedText(analyzer=analyzer, stored=True),
        # Unstemmed words of title and body, the source of "did you mean". Whoosh's own
        # spelling=True would make fuzzy~ terms expand to unstemmed words that the
        # stemmed body does not hold.
        spell=PreparedText(analyzer=spelling_analyzer(), phrase=False),
        # Every word of title and body, stop words kept as written, with positions: what
        # a phrase holding a stop word is matched against ("not approved", "hasn't yet").
        # The body drops them, so there the phrase would lose them.
        words=PreparedText(analyzer=every_word_analyzer()),
        facet=KEYWORD(stored=True, commas=True, lowercase=True),
        sentences=KEYWORD(),
        summary=COLUMN(VarBytesColumn()),
        layout=STORED,
    )


_FIELDS = docs_schema()


def body_postings(words: Iterable[Word]) -> Postings:
    """The postings of ``body`` for a text's `stemmed_words`: each stem with its
    positions, as the field's own analysis of the text gives them."""
    positions: dict[str, list[int]] = {}
    for stem, _word, position, _start, _end in words:
        positions.setdefault(stem, []).append(position)
    encode = _FIELDS["body"].format.encode
    items = ((utf8encode(stem)[0], len(at), 0.0, encode(at)) for stem, at in positions.items())
    return _made_ahead(items, _FIELDS["body"].format.field_boost)


def spelling_postings(title: str, text: str) -> Postings:
    """The postings of ``spell``: every distinct word of the title and text, as written."""
    words = " ".join(dict.fromkeys(t.text for t in spelling_analyzer()(f"{title}\n{text}")))
    return _made_ahead(_FIELDS["spell"].index(words), _FIELDS["spell"].format.field_boost)


def word_postings(title: str, text_words: Iterable[tuple[str, int, int, int]]) -> Postings:
    """The postings of ``words``: every word of the title, then of the text (its
    `analysed_words`), with its position (the text's after a gap)."""
    positions: dict[str, list[int]] = {}
    offset = 0
    for token in every_word_analyzer()(title, positions=True):
        positions.setdefault(token.text, []).append(token.pos)
        offset = token.pos + 1 + TITLE_GAP
    for word, position, _start, _end in text_words:
        positions.setdefault(word, []).append(offset + position)
    encode = _FIELDS["words"].format.encode
    items = ((utf8encode(word)[0], len(at), 0.0, encode(at)) for word, at in positions.items())
    return _made_ahead(items, _FIELDS["words"].format.field_boost)


def record_fields(record: IndexedDocument, summary: dict) -> dict:
    """The fields of a document's record, with its `summary`."""
    doc = record.document
    return {
        "id": doc.id,
        "title": doc.title,
        "source": doc.source,
        "place": doc.place,
        "body": record.body_postings,
        "_stored_body": doc.text,
        "spell": record.spelling_postings,
        "words": record.word_postings,
        "facet": ",".join(sorted({f for s in doc.sentences for f in s.facets})),
        "sentences": " ".join([SENTENCE_MARK] * len(doc.sentences)),
        # ASCII JSON: a path may hold lone surrogates (bytes that were not UTF-8).
        "summary": json.dumps(summary, separators=(",", ":")).encode("ascii"),
        "layout": encode_layout(doc),
    }


def stemmed_terms(text: str) -> Iterator[str]:
    """The stemmed terms of ``text``, as ``body`` indexes them."""
    return (token.text for token in text_analyzer()(text))


def _made_ahead(items: Iterable[tuple[bytes, int, float, bytes]], boost: float) -> Postings:
    from kread.index.engine.indexed import Postings

    return Postings.of(items, boost)
