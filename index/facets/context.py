"""Where a sentence stands in its document, as facet queries see it: its own text (what
``negated:`` and ``affirmed:`` read negations from) and what it is ``under:``, the
heading of its section and, for a list item, the line that introduces the list."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from kread.index.reading.segment import SentenceSpan

__all__ = ["SentenceContext", "sentence_contexts"]

# A list item's marker at the start of its paragraph, as reading keeps it in the text.
_LIST_MARKER = re.compile(r"[ \t]*(?:[-*+\u2022\u25e6\u25aa\u2023\u2013]|\d{1,3}[.)])[ \t]+\S")


@dataclass(frozen=True, slots=True)
class SentenceContext:
    """A sentence's text and what it stands under."""

    text: str
    # Where ``text`` starts in the offsets of the sentence's words (a document's offsets
    # when the words were made from the whole document).
    offset: int = 0
    # The heading of its section and, for a list item, the line introducing the list.
    under: str = ""


def sentence_contexts(
    text: str, paragraphs: Sequence[tuple[int, int]], sentences: Sequence[SentenceSpan]
) -> list[SentenceContext]:
    """The context of each sentence of a document (``text`` as shown, its paragraphs and
    sentences as reading found them)."""

    def is_item(paragraph: int) -> bool:
        start, end = paragraphs[paragraph]
        return bool(_LIST_MARKER.match(text, start, end))

    last_of: dict[int, SentenceSpan] = {}  # each paragraph's last sentence
    for span in sentences:
        last_of[span.paragraph] = span
    contexts: list[SentenceContext] = []
    heading = ""
    for span in sentences:
        sentence = text[span.start : span.end]
        # A short line ending ":" reads as a heading, but it introduces what follows.
        if span.heading and not _introduces(sentence):
            heading = sentence
        under = heading
        if 0 <= span.paragraph < len(paragraphs) and is_item(span.paragraph):
            before = span.paragraph - 1
            while before >= 0 and is_item(before):
                before -= 1
            lead = last_of.get(before)
            if lead is not None and _introduces(text[lead.start : lead.end]):
                lead_in = text[lead.start : lead.end]
                under = f"{heading}\n{lead_in}" if heading and heading != lead_in else lead_in
        contexts.append(SentenceContext(sentence, span.start, under))
    return contexts


def _introduces(line: str) -> bool:
    return line.rstrip().endswith(":")
