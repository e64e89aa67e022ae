"""API results to `rich.text.Text`, shared by the reader and the command line.

Document text is untrusted: it only ever enters a `Text` as plain text, never as markup.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence

from rich.style import Style
from rich.text import Text

from index.models import Document, Facet, Hit, Sentence, Span

MATCH_STYLE = Style(bold=True, reverse=True)
FACET_WORD_STYLE = Style(bold=True, underline=True)
BOILERPLATE_STYLE = Style(dim=True, italic=True)
HEADING_STYLE = Style(bold=True)


def facet_style(facet: Facet) -> Style:
    return Style(color=facet.colour)


def facet_letters(facets: Sequence[Facet], present: Collection[str], blank: str = " ") -> Text:
    """One cell per facet, in taxonomy order: its letter in its colour when present.

    Keeping every facet in its own column lets a reader scan a gutter by position
    as well as by colour and letter.
    """
    text = Text()
    for facet in facets:
        if facet.name in present:
            text.append(facet.letter, facet_style(facet) + Style(bold=True))
        else:
            text.append(blank)
    return text


def facet_counts(facets: Sequence[Facet], counts: Mapping[str, int]) -> Text:
    """``M3 B5 R0 G1``: each facet's letter and count, dimmed where zero."""
    text = Text()
    for i, facet in enumerate(facets):
        if i:
            text.append(" ")
        count = counts.get(facet.name, 0)
        style = facet_style(facet) if count else Style(dim=True)
        text.append(f"{facet.letter}{count}", style)
    return text


def sentence_facets(sentence: Sentence, enabled: Collection[str]) -> tuple[str, ...]:
    return tuple(f for f in sentence.facets if f in enabled)


def paragraph_text(
    doc: Document,
    paragraph: int,
    facets: Sequence[Facet],
    enabled: Collection[str],
    matches: Iterable[Span] = (),
) -> Text:
    """One paragraph of a document, with facet colours, facet words, dimmed
    boilerplate and search matches applied as styles over the plain text."""
    start, end = doc.paragraphs[paragraph]
    text = Text(doc.text[start:end])
    by_name = {f.name: f for f in facets}
    for sentence in doc.sentences:
        if sentence.paragraph != paragraph:
            continue
        a, b = sentence.start - start, sentence.end - start
        if sentence.boilerplate:
            text.stylize(BOILERPLATE_STYLE, a, b)
        elif sentence.heading:
            text.stylize(HEADING_STYLE, a, b)
        shown = sentence_facets(sentence, enabled)
        if shown:
            text.stylize(facet_style(by_name[shown[0]]), a, b)
            for s, e, facet in sentence.spans:
                if facet in shown:
                    text.stylize(FACET_WORD_STYLE, s - start, e - start)
    for s, e in matches:
        if start <= s and e <= end:
            text.stylize(MATCH_STYLE, s - start, e - start)
    return text


def paragraph_facets(doc: Document, paragraph: int, enabled: Collection[str]) -> set[str]:
    return {
        f for s in doc.sentences if s.paragraph == paragraph for f in sentence_facets(s, enabled)
    }


def snippet_text(hit: Hit) -> Text:
    text = Text(hit.snippet)
    for a, b in hit.snippet_marks:
        text.stylize(MATCH_STYLE, a, b)
    return text
