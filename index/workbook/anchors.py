"""Where a piece of the reader's work sits: a sentence named by its document, its text and
its offsets, and how it is found again after the file was edited or re-indexed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from kread.index.models import Sentence

# Near-identical: a word or two changed in a sentence of this length still attaches.
NEAR_RATIO = 0.9


def normalise(text: str) -> str:
    """A sentence's text with its whitespace made single spaces: re-wrapping a paragraph
    or changing line endings does not move an anchor."""
    return " ".join(text.split())


@dataclass(frozen=True)
class Anchor:
    """A sentence as it was when the reader worked on it."""

    doc: str
    text: str  # normalised
    start: int
    end: int


def anchor_of(doc_id: str, text: str, sentence: Sentence) -> Anchor:
    return Anchor(
        doc_id, normalise(text[sentence.start : sentence.end]), sentence.start, sentence.end
    )


def attach(anchor: Anchor, text: str, sentences: Sequence[Sentence]) -> int | None:
    """The index of the sentence ``anchor`` names in a document with this ``text`` and
    these ``sentences``: the same text at the same offsets; else the same text elsewhere
    (the nearest to where it was); else near-identical text; else None (detached)."""
    same_text: list[int] = []
    for index, sentence in enumerate(sentences):
        if normalise(text[sentence.start : sentence.end]) == anchor.text:
            if sentence.start == anchor.start and sentence.end == anchor.end:
                return index
            same_text.append(index)
    if same_text:
        return min(same_text, key=lambda i: abs(sentences[i].start - anchor.start))
    return _near(anchor, text, sentences)


def _near(anchor: Anchor, text: str, sentences: Sequence[Sentence]) -> int | None:
    best, best_ratio = None, NEAR_RATIO
    size = len(anchor.text)
    for index, sentence in enumerate(sentences):
        candidate = normalise(text[sentence.start : sentence.end])
        if abs(len(candidate) - size) > size * (1 - NEAR_RATIO) + 2:
            continue
        matcher = SequenceMatcher(None, anchor.text, candidate, autojunk=False)
        if matcher.real_quick_ratio() < best_ratio or matcher.quick_ratio() < best_ratio:
            continue
        ratio = matcher.ratio()
        if ratio >= best_ratio and (best is None or ratio > best_ratio):
            best, best_ratio = index, ratio
    return best
