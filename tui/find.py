"""Find in one document's text: plain words, case-insensitive, as offsets into the text."""

from __future__ import annotations

import re

Span = tuple[int, int]


def find_spans(text: str, needle: str) -> list[Span]:
    """Where ``needle`` occurs in ``text``, in text order, without overlaps.

    Case is ignored character by character (so offsets stay those of ``text``), and a
    space in ``needle`` matches any run of spaces or line breaks: a phrase is found
    where the article's lines were hard-wrapped. One pass over the text."""
    words = needle.split()
    if not words:
        return []
    pattern = re.compile(r"\s+".join(re.escape(word) for word in words), re.IGNORECASE)
    return [match.span() for match in pattern.finditer(text)]
