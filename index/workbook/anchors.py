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
    return attach_all([anchor], text, sentences)[0]


def attach_all(
    anchors: Sequence[Anchor], text: str, sentences: Sequence[Sentence]
) -> list[int | None]:
    """`attach` for each of ``anchors``, reading the document's sentences once."""
    if not anchors:
        return []
    texts = [normalise(text[s.start : s.end]) for s in sentences]
    by_text: dict[str, list[int]] = {}
    for index, words in enumerate(texts):
        by_text.setdefault(words, []).append(index)
    found: list[int | None] = []
    for anchor in anchors:
        same_text = by_text.get(anchor.text, [])
        exact = [
            i
            for i in same_text
            if (sentences[i].start, sentences[i].end) == (anchor.start, anchor.end)
        ]
        if exact:
            found.append(exact[0])
        elif same_text:
            found.append(min(same_text, key=lambda i: abs(sentences[i].start - anchor.start)))
        else:
            found.append(_near(anchor, texts))
    return found


def _near(anchor: Anchor, texts: Sequence[str]) -> int | None:
    """The sentence whose text is most like the anchor's, at least `NEAR_RATIO` alike."""
    best, best_ratio = None, NEAR_RATIO
    size = len(anchor.text)
    for index, candidate in enumerate(texts):
        if abs(len(candidate) - size) > size * (1 - NEAR_RATIO) + 2:
            continue
        matcher = SequenceMatcher(None, anchor.text, candidate, autojunk=False)
        if matcher.real_quick_ratio() < best_ratio or matcher.quick_ratio() < best_ratio:
            continue
        ratio = matcher.ratio()
        if ratio >= best_ratio and (best is None or ratio > best_ratio):
            best, best_ratio = index, ratio
    return best
