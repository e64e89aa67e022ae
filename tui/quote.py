"""Sentences quoted with their citation: for the clipboard (``y``) and a Markdown file.

A quote is the document's text exactly, between quotation marks, and a citation naming
the title, source, date, document id and sentence numbers (from 1, as in
``kread show --why N``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from kread.index.document import Document


def quoted(doc: Document) -> list[int]:
    """The indexes of the sentences of ``doc`` the reader quoted."""
    return [i for i, sentence in enumerate(doc.sentences) if sentence.quoted]


def count(documents: Iterable[Document]) -> int:
    """How many quotes ``documents`` hold, detached ones among them."""
    return sum(len(quoted(d)) + sum(w.quoted for w in d.detached) for d in documents)


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


def markdown(documents: Sequence[Document], when: datetime) -> str:
    """Every quoted sentence of ``documents`` as a Markdown block quote under its
    document, with citations; a quote from an earlier edition of a file is given as it
    was, and said to be so."""
    out = ["# Quotes from kread", "", f"Written {when:%Y-%m-%d %H:%M}.", ""]
    for doc in documents:
        indexes = quoted(doc)
        detached = [w for w in doc.detached if w.quoted]
        out += [f"## {' '.join(doc.title.split())}", ""]
        if indexes:
            out += [f"— {citation(doc, indexes)}", ""]
        for index in indexes:
            out += [*_block(sentence_text(doc, index)), f"({numbers([index])})", ""]
        for work in detached:
            out += _block(work.text)
            out += [f"(kread document {doc.id}: no longer in the article as it now reads)", ""]
    return "\n".join(out).rstrip("\n") + "\n"


def _block(text: str) -> list[str]:
    # Each line of the sentence quoted: a hard-wrapped sentence stays one quote.
    return [f"> {line}".rstrip() for line in text.split("\n")] + [""]
