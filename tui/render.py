"""API results to `rich.text.Text`, shared by the reader and the command line.

Document text is untrusted: it only ever enters a `Text` as plain text, never as markup.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

from rich import box
from rich.console import Group
from rich.style import Style
from rich.table import Table
from rich.text import Text

from kread.index.document import Document
from kread.index.facets.models import Cue
from kread.index.models import Balance, Facet, Hit, Sentence, Span
from kread.index.points.models import FacetComparison
from kread.tui.contrast import RGB, readable

MATCH_STYLE = Style(bold=True, reverse=True)
FACET_WORD_STYLE = Style(bold=True, underline=True)
# A cue's words under the cue lens: in the cue's colour, underlined (never only coloured).
CUE_WORD_STYLE = Style(underline=True, italic=True)
BOILERPLATE_STYLE = Style(dim=True, italic=True)
HEADING_STYLE = Style(bold=True)


# The backgrounds facet and cue colours are drawn on: the reader sets its theme's, so
# every colour is adjusted to read on them; none (the command line): drawn as given.
_backgrounds: tuple[RGB, ...] = ()


def use_backgrounds(backgrounds: Sequence[RGB]) -> None:
    """Draw facet and cue colours from now on adjusted to read on ``backgrounds``."""
    global _backgrounds
    _backgrounds = tuple(backgrounds)


def drawn_colour(colour: str) -> str:
    """``colour`` as facets and cues are drawn: readable on the backgrounds in use."""
    return readable(colour, _backgrounds)


def readable_style(style: Style) -> Style:
    """``style`` with its colour made readable on the backgrounds in use (a theme's
    warning or accent colour, say, under the same rule as the facets')."""
    colour = style.color
    if colour is None or colour.is_default or not _backgrounds:
        return style
    triplet = colour.get_truecolor()
    drawn = drawn_colour(f"#{triplet.red:02x}{triplet.green:02x}{triplet.blue:02x}")
    return style + Style(color=drawn)


def facet_style(facet: Facet) -> Style:
    return Style(color=drawn_colour(facet.colour))


def cue_style(cue: Cue) -> Style:
    return Style(color=drawn_colour(cue.colour))


def cue_glyphs(cues: Sequence[Cue], present: Collection[str], blank: str = " ") -> Text:
    """One cell per cue, in taxonomy order: its glyph in its colour when present (cues,
    like facets, are never shown by colour alone)."""
    text = Text()
    for cue in cues:
        if cue.name in present:
            text.append(cue.glyph[:1] or "?", cue_style(cue) + Style(bold=True))
        else:
            text.append(blank)
    return text


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


def facet_counts(facets: Sequence[Facet], counts: Mapping[str, int], coloured: bool = True) -> Text:
    """``M3 B5 R0 G1``: each facet's letter and count, dimmed where zero; in the facet's
    colour unless not ``coloured`` (on a highlight, whose colour it might share)."""
    text = Text()
    for i, facet in enumerate(facets):
        if i:
            text.append(" ")
        count = counts.get(facet.name, 0)
        style = Style(dim=True) if not count else facet_style(facet) if coloured else Style()
        text.append(f"{facet.letter}{count}", style)
    return text


# The balance bar: benefit sentences against risk and regulation ones, in a few cells.
BALANCE_CELLS = 4
BENEFIT_CELL, RISK_CELL, NEITHER_CELL = "▰", "▱", "·"
WARNING_GLYPH = "!"
_WARNING_STYLE = Style(bold=True, color="yellow")


def balance_bar(balance: Balance, facets: Sequence[Facet], coloured: bool = True) -> Text:
    """``▰▰▰▱!``: the share of benefit sentences (▰) against risk and regulation ones
    (▱) in `BALANCE_CELLS` cells, each side that has any given a cell at least, then
    ``!`` when the appraisal warns (benefits claimed, no risk described), else a space;
    ``····`` for neither side. Not ``coloured``: on a highlight, as `facet_counts`."""
    styles = {f.name: facet_style(f) if coloured else Style() for f in facets}
    benefits, risks = balance.benefits, balance.risks + balance.regulation
    text = Text()
    if benefits + risks == 0:
        text.append(NEITHER_CELL * BALANCE_CELLS, Style(dim=True))
    else:
        filled = round(BALANCE_CELLS * benefits / (benefits + risks))
        filled = min(max(filled, 1 if benefits else 0), BALANCE_CELLS - (1 if risks else 0))
        text.append(BENEFIT_CELL * filled, styles.get("benefits", Style(color="green")))
        text.append(RISK_CELL * (BALANCE_CELLS - filled), styles.get("risks", Style(color="red")))
    text.append(WARNING_GLYPH if balance.warning else " ", _WARNING_STYLE)
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


# -- comparison ------------------------------------------------------------------------------

SHARED_STYLE = Style(bold=True, underline=True)
# Narrower than this, the two sides of a comparison stack instead of squeezing.
STACK_BELOW = 100
EMPHASISED_SHARED_TERMS = 4
ONLY_STYLE = Style(dim=True, italic=True)


def word_spans(text: str, words: Iterable[str]) -> list[Span]:
    """Where ``words`` occur in ``text`` as (start, end), sorted and not overlapping.

    A word matches at the start of a word of ``text``, in any case, and takes in the
    rest of that word, so a form that only adds letters ("relief", "reliefs") matches
    too. Comparison gives shared terms as words; matching their forms here keeps the
    reader free of the index's analyser.
    """
    found = sorted(
        (m.start(), m.end())
        for word in words
        if word
        for m in re.finditer(rf"(?i)\b{re.escape(word)}\w*", text)
    )
    spans: list[Span] = []
    for start, end in found:
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
        else:
            spans.append((start, end))
    return spans


def emphasise_words(text: str, words: Iterable[str], style: Style = SHARED_STYLE) -> Text:
    """``text`` as plain Text with each of ``words`` (and longer forms of it) emphasised."""
    out = Text(text)
    for start, end in word_spans(text, words):
        out.stylize(style, start, end)
    return out


def silences(facet: Facet, silent_a: bool, silent_b: bool) -> list[str]:
    """What to say when A, B or both say nothing about ``facet``: a sentence per
    silent side, or one for both; nothing when neither is silent."""
    about = facet.label.lower()
    if silent_a and silent_b:
        return [f"Neither A nor B says anything about {about}."]
    return [
        f"{side} says nothing about {about}."
        for side, silent in (("A", silent_a), ("B", silent_b))
        if silent
    ]


def sentence_of(doc: Document, index: int) -> str:
    """Sentence ``index`` of ``doc`` on one line: its runs of white space made one space."""
    sentence = doc.sentences[index]
    return " ".join(doc.text[sentence.start : sentence.end].split())


def sentence_preview(doc: Document, index: int, limit: int) -> str:
    """Sentence ``index`` of ``doc``, cut at a word to at most ``limit`` characters."""
    text = sentence_of(doc, index)
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


# A point both make, and a clash: a glyph and a word, so neither rests on colour alone.
POINT_GLYPH = "="
CLASH_GLYPH = "≠"
POINT_LABEL_STYLE = Style(bold=True)
CLASH_LABEL_STYLE = Style(bold=True, color="red")


@dataclass(frozen=True)
class AlignedRow:
    """One row of the aligned view: A's sentences left, B's right; ``label`` heads a
    point or a clash, None for a sentence only one side has."""

    a: tuple[Text, ...]
    b: tuple[Text, ...]
    label: Text | None = None


def point_label(label: str, clash: bool = False) -> Text:
    if clash:
        return Text(f"{CLASH_GLYPH} disagree · {label}", CLASH_LABEL_STYLE)
    return Text(f"{POINT_GLYPH} {label}", POINT_LABEL_STYLE)


def aligned_rows(result: FacetComparison, doc_a: Document, doc_b: Document) -> list[AlignedRow]:
    """Clashes first (a disagreement tells a reader most), then the points both make,
    then what only one side says. A sentence shown in a clash is not repeated alone."""
    rows: list[AlignedRow] = []
    in_clash_a: set[int] = set()
    in_clash_b: set[int] = set()
    for clash in result.clashes:
        in_clash_a.update(clash.a)
        in_clash_b.update(clash.b)
        rows.append(
            AlignedRow(
                tuple(Text(sentence_of(doc_a, i)) for i in clash.a),
                tuple(Text(sentence_of(doc_b, j)) for j in clash.b),
                point_label(clash.label, clash=True),
            )
        )
    for point in result.points:
        # The rarest shared words carry the match; common ones would only add noise.
        shared = point.shared_terms[:EMPHASISED_SHARED_TERMS]
        rows.append(
            AlignedRow(
                tuple(emphasise_words(sentence_of(doc_a, i), shared) for i in point.a),
                tuple(emphasise_words(sentence_of(doc_b, j), shared) for j in point.b),
                point_label(point.label),
            )
        )
    rows.extend(
        AlignedRow((Text(sentence_of(doc_a, i)),), ()) for i in result.only_a if i not in in_clash_a
    )
    rows.extend(
        AlignedRow((), (Text(sentence_of(doc_b, j)),)) for j in result.only_b if j not in in_clash_b
    )
    return rows


def _sentences_cell(texts: Sequence[Text], alone: str) -> Table | Text:
    """A side of a row: one bulleted sentence a line (hanging), or ``only in X``."""
    if not texts:
        return Text(alone, ONLY_STYLE)
    cell = Table.grid(padding=(0, 1, 0, 0))
    cell.add_column(no_wrap=True, style="dim")
    cell.add_column(ratio=1)
    for text in texts:
        cell.add_row("•", text)
    return cell


def comparison_section(
    facet: Facet,
    result: FacetComparison,
    doc_a: Document,
    doc_b: Document,
    stacked: bool = False,
) -> Group:
    """One facet of a comparison: a heading, then a row per clash and per point (its
    label, then A's sentences beside B's, or above them when ``stacked``), then what
    only one side says; silence said plainly."""
    heading = Text()
    heading.append(f"{facet.letter} {facet.label}", facet_style(facet) + Style(bold=True))
    rows = aligned_rows(result, doc_a, doc_b)
    silent_a = not any(row.a for row in rows)
    silent_b = not any(row.b for row in rows)
    silence = silences(facet, silent_a, silent_b)
    if silent_a and silent_b:
        heading.append(f"   {silence[0]}", ONLY_STYLE)
        return Group(heading)
    counts = [f"{len(result.points)} shared"]
    if result.clashes:
        counts.append(f"{len(result.clashes)} {CLASH_GLYPH} disagree")
    alone_a = sum(1 for row in rows if row.label is None and row.a)
    alone_b = sum(1 for row in rows if row.label is None and row.b)
    counts += [f"{alone_a} only in A", f"{alone_b} only in B"]
    heading.append("   " + " · ".join(counts), "dim")
    parts: list = [heading, *(Text(line, ONLY_STYLE) for line in silence)]
    if stacked:
        for row in rows:
            grid = Table.grid(padding=(0, 1), expand=True)
            grid.add_column(no_wrap=True, style="bold")
            grid.add_column(ratio=1)
            alone = row.label is None
            for side, texts in (("A", row.a), ("B", row.b)):
                for text in texts:
                    note = Text(f"  only in {side}", ONLY_STYLE) if alone else Text()
                    grid.add_row(side, text + note)
            parts.extend([Text(), *([row.label] if row.label else []), grid])
        return Group(*parts)
    header = Table(box=box.SIMPLE, expand=True, show_header=True, pad_edge=False, padding=(0, 1))
    header.add_column(Text(f"A  {doc_a.title}", overflow="ellipsis", no_wrap=True), ratio=1)
    header.add_column(Text(f"B  {doc_b.title}", overflow="ellipsis", no_wrap=True), ratio=1)
    parts.append(header)
    for row in rows:
        grid = Table.grid(padding=(0, 1), expand=True)
        grid.add_column(ratio=1)
        grid.add_column(ratio=1)
        grid.add_row(_sentences_cell(row.a, "only in B"), _sentences_cell(row.b, "only in A"))
        parts.extend([*([row.label] if row.label else []), grid, Text()])
    return Group(*parts)
