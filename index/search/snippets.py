"""A hit's snippet: the sentences that show its match, quoted exactly.

A snippet is made of whole sentences of the document (a long one cut at word boundaries
around its match), white space folded; "…" stands where text is left out and nowhere
else, and no piece runs over a heading or into another paragraph. Whoosh's fragmenters
cut by characters, across sentences and headings: kread has the sentences already.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from kread.index.models import Sentence, Span

# The most one piece shows, and how many pieces a snippet has at most.
PIECE_CHARS = 160
PIECES = 2
# Text kept before the first match of a sentence cut to fit.
LEAD_CHARS = 50
GAP = "…"


class _Piece:
    """A stretch of one sentence: where it starts and ends, and whether it was cut."""

    __slots__ = ("cut_end", "cut_start", "end", "paragraph", "sentence", "start")

    def __init__(self, text: str, index: int, sentence: Sentence, marks: Sequence[Span]) -> None:
        start, end = _trimmed(text, sentence.start, sentence.end)
        if end - start > PIECE_CHARS:
            first = marks[0][0] if marks else start
            start = max(start, min(first - LEAD_CHARS, end - PIECE_CHARS))
            end = min(end, start + PIECE_CHARS)
            start, end = _word_bounds(text, start, end, sentence)
        self.start, self.end, self.sentence, self.paragraph = start, end, index, sentence.paragraph
        self.cut_start = start > _trimmed(text, sentence.start, sentence.end)[0]
        self.cut_end = end < _trimmed(text, sentence.start, sentence.end)[1]


def snippet(
    text: str,
    sentences: Sequence[Sentence],
    matches: Sequence[Span],
    facets: Collection[str] = (),
) -> tuple[str, tuple[Span, ...]]:
    """The snippet of a document for its ``matches`` (offsets into ``text``, in order),
    with the offsets of the matched words inside the snippet. Without matches, the first
    sentence carrying one of ``facets``, its facet words marked; else the first sentence."""
    if not sentences:
        return "", ()
    inside = _marks_by_sentence(sentences, matches)
    chosen = _best(sentences, inside, facets)
    if not chosen:
        index = _facet_sentence(sentences, facets)
        sentence = sentences[index]
        matches = [(a, b) for a, b, f in sentence.spans if f in facets]
        inside[index] = matches
        chosen = [index]
    pieces = [_Piece(text, i, sentences[i], inside.get(i, ())) for i in sorted(chosen)]
    if len(pieces) == 2 and _touch_across_paragraphs(text, *pieces):
        pieces = [p for p in pieces if p.sentence == chosen[0]]  # no way to show the break
    return _joined(text, pieces, matches)


def _marks_by_sentence(sentences: Sequence[Sentence], matches: Sequence[Span]) -> dict:
    found: dict[int, list[Span]] = {}
    index = 0
    for start, end in matches:
        while index < len(sentences) and sentences[index].end <= start:
            index += 1
        if index == len(sentences):
            break
        if sentences[index].start <= start:
            found.setdefault(index, []).append((start, end))
    return found


def _best(sentences: Sequence[Sentence], inside: dict, facets: Collection[str]) -> list[int]:
    """Up to `PIECES` sentences with matches, the most telling first: the most distinct
    words matched, not page furniture, not a heading (the prose under it says more),
    carrying a wanted facet, the most matches."""

    def rank(index: int) -> tuple:
        sentence = sentences[index]
        return (
            len(set(inside[index])),
            not sentence.boilerplate,
            not sentence.heading,
            any(f in facets for f in sentence.facets),
            len(inside[index]),
            -index,
        )

    return sorted(inside, key=rank, reverse=True)[:PIECES]


def _facet_sentence(sentences: Sequence[Sentence], facets: Collection[str]) -> int:
    """The first sentence carrying one of ``facets``, else the first that is prose."""
    for wanted in (
        lambda s: any(f in facets for f in s.facets),
        lambda s: not (s.boilerplate or s.heading),
    ):
        for index, sentence in enumerate(sentences):
            if wanted(sentence):
                return index
    return 0


def _touch_across_paragraphs(text: str, a: _Piece, b: _Piece) -> bool:
    """Whether two pieces of different paragraphs have nothing left out between them."""
    return (
        a.paragraph != b.paragraph
        and not (a.cut_end or b.cut_start)
        and not (text[a.end : b.start].strip())
    )


def _joined(text: str, pieces: Sequence[_Piece], matches: Sequence[Span]) -> tuple:
    parts: list[str] = []
    marks: list[Span] = []
    length = 0

    def add(part: str) -> None:
        nonlocal length
        parts.append(part)
        length += len(part)

    for n, piece in enumerate(pieces):
        if n:
            previous = pieces[n - 1]
            between = text[previous.end : piece.start]
            adjacent = not (previous.cut_end or piece.cut_start or between.strip())
            add(" " if adjacent else f" {GAP} ")
        elif piece.cut_start:
            add(f"{GAP} ")
        shown, shown_marks = fold(
            text[piece.start : piece.end],
            tuple(
                (a - piece.start, b - piece.start)
                for a, b in matches
                if piece.start <= a and b <= piece.end
            ),
        )
        marks.extend((length + a, length + b) for a, b in shown_marks)
        add(shown)
    if pieces and pieces[-1].cut_end:
        add(f" {GAP}")
    return "".join(parts), tuple(marks)


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _word_bounds(text: str, start: int, end: int, sentence: Sentence) -> tuple[int, int]:
    """``start`` and ``end`` moved out to the edges of the words they fall in."""
    while start > sentence.start and not text[start - 1].isspace():
        start -= 1
    while end < sentence.end and not text[end].isspace():
        end += 1
    return _trimmed(text, start, end)


def fold(text: str, marks: tuple[Span, ...]) -> tuple[str, tuple[Span, ...]]:
    """Collapse runs of white space to one space, moving the marks with the text."""
    out: list[str] = []
    new_index = [0] * (len(text) + 1)
    previous_space = True  # also trims leading space
    for i, char in enumerate(text):
        new_index[i] = len(out)
        if char.isspace():
            if not previous_space:
                out.append(" ")
            previous_space = True
        else:
            out.append(char)
            previous_space = False
    new_index[len(text)] = len(out)
    folded = "".join(out).rstrip()
    return folded, tuple((new_index[a], min(new_index[b], len(folded))) for a, b in marks if a < b)
