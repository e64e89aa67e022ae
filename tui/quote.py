"""Sentences quoted with their citation: for the clipboard (``y``) and a Markdown file.

A quote is the document's text exactly, between quotation marks, and a citation naming
the title, source, date, document id and sentence numbers (from 1, as in
``kread show --why N``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from kread.index.models import Document


@dataclass
class Quotes:
    """The sentences quoted this session, per document in the order first quoted."""

    documents: dict[str, Document] = field(default_factory=dict)
    sentences: dict[str, set[int]] = field(default_factory=dict)

    def add(self, doc: Document, indexes: Iterable[int]) -> None:
        self.documents[doc.id] = doc
        self.sentences.setdefault(doc.id, set()).update(indexes)

    def __len__(self) -> int:
        return sum(len(s) for s in self.sentences.values())


def sentence_text(doc: Document, index: int) -> str:
    sentence = doc.sentences[index]
    return doc.text[sentence.start : sentence.end]


def numbers(indexes: Sequence[int]) -> str:
    """ "sentence 12" or "sentences 3, 9"."""
    label = "sentence" if len(indexes) == 1 else "sentences"
    return f"{label} {', '.join(str(i + 1) for i in indexes)}"


def citation(doc: Document, indexes: Sequence[int]) -> str:
    """Title, source, date; the document and the sentence numbers."""
    where = ", ".join(part for part in (doc.title, doc.source, doc.date) if part)
    return f"{where}. kread document {doc.id}, {numbers(indexes)}."


def clipboard_text(doc: Document, indexes: Sequence[int]) -> str:
    """One sentence, or several each with its number, then the citation."""
    indexes = sorted(indexes)
    if len(indexes) == 1:
        lines = [f"“{sentence_text(doc, indexes[0])}”"]
    else:
        lines = [f"“{sentence_text(doc, i)}” ({i + 1})" for i in indexes]
    return "\n".join([*lines, f"— {citation(doc, indexes)}"])


def markdown(quotes: Quotes, when: datetime) -> str:
    """Every quoted sentence as a Markdown block quote under its document, with citations."""
    out = ["# Quotes from kread", "", f"Written {when:%Y-%m-%d %H:%M}.", ""]
    for doc_id, doc in quotes.documents.items():
        indexes = sorted(quotes.sentences[doc_id])
        out += [f"## {' '.join(doc.title.split())}", ""]
        out += [f"— {citation(doc, indexes)}", ""]
        for index in indexes:
            # Each line of the sentence quoted: a hard-wrapped sentence stays one quote.
            out += [f"> {line}".rstrip() for line in sentence_text(doc, index).split("\n")]
            out += ["", f"({numbers([index])})", ""]
    return "\n".join(out).rstrip("\n") + "\n"
