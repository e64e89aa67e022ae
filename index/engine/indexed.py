"""What the store keeps of one document, in the shapes that cross processes: the
indexed document, its postings made ahead, and its summary. Only a build or an update
makes them: a search or a list never imports this.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from kread.index.document import Document
from kread.index.models import info_json


@dataclass(frozen=True)
class Postings:
    """A field's postings made ahead, perhaps in a worker process: what Whoosh's
    ``FieldType.index`` gives for the field's value, packed (as tuples they took 120 KB
    an article, and a build holds a thousand articles at a time)."""

    terms: bytes  # UTF-8, separated by spaces: no term holds one
    frequencies: array  # of each term
    values: bytes  # each term's encoded value, one after another
    ends: array  # where each term's value ends in ``values``
    boost: float  # the field's

    @classmethod
    def of(cls, items: Iterable[tuple[bytes, int, float, bytes]], boost: float) -> Postings:
        terms, frequencies, values, ends = [], array("I"), bytearray(), array("I")
        for term, frequency, _weight, value in items:
            terms.append(term)
            frequencies.append(frequency)
            values += value
            ends.append(len(values))
        return cls(b" ".join(terms), frequencies, bytes(values), ends, boost)

    def items(self) -> Iterator[tuple[bytes, int, float, bytes]]:
        start = 0
        terms = self.terms.split(b" ") if self.terms else []
        for term, frequency, end in zip(terms, self.frequencies, self.ends, strict=True):
            yield term, frequency, frequency * self.boost, self.values[start:end]
            start = end


@dataclass(frozen=True)
class IndexedDocument:
    """Everything the store keeps of one document: the document, and what the index
    needs besides to keep it up to date and searchable."""

    document: Document
    digest: str
    # (size, mtime_ns, context key): lets a refresh skip reading unchanged files
    stamp: tuple
    # The postings of ``body``, ``spell`` and ``words``, made where the document is read
    # (perhaps in a worker process) to spare the one process that writes the index.
    body_postings: Postings
    spelling_postings: Postings
    word_postings: Postings

    @property
    def id(self) -> str:
        return self.document.id


def summary_of(record: IndexedDocument) -> dict:
    """What `Store.summaries` gives for ``record`` once it is written: the document's
    JSON entry (`info_json`), its digest and its stamp."""
    return {**info_json(record.document), "digest": record.digest, "stamp": list(record.stamp)}
