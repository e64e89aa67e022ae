"""`kread compare` output: a comparison of two documents, or the facet matrix of more,
as JSON data, a Markdown report or Rich text for the terminal."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from typing import TYPE_CHECKING

from rich import box
from rich.console import Console, Group
from rich.style import Style
from rich.table import Table
from rich.text import Text

from kread.index.document import Document
from kread.index.models import DocumentInfo
from kread.index.points.models import Comparison, FacetComparison, FacetMatrix
from kread.tui import render

if TYPE_CHECKING:
    from kread.index.facets.taxonomy import Taxonomy
    from kread.index.models import Facet

# The most characters of a sentence a matrix cell previews.
PREVIEW_CHARS = 70
# Opposite claims stand out: a disagreement tells a reader more than a match.
DISAGREE_STYLE = Style(bold=True, color="red")


def _first_preview(doc: Document, indexes: Sequence[int]) -> str:
    return render.sentence_preview(doc, indexes[0], PREVIEW_CHARS) if indexes else ""


def _byline(doc: Document) -> str:
    return ", ".join(p for p in (doc.source, doc.place) if p)


# -- two documents --------------------------------------------------------------
def comparison_json(comparison: Comparison) -> dict:
    """The `compare --json` data for two documents (the contract in DESIGN.md)."""
    return {
        "a": {"id": comparison.a.id, "title": comparison.a.title},
        "b": {"id": comparison.b.id, "title": comparison.b.title},
        "facets": {
            name: {
                "points": [
                    {
                        "a": list(p.a),
                        "b": list(p.b),
                        "label": p.label,
                        "aspect": p.aspect,
                        "similarity": round(p.similarity, 4),
                        "shared_terms": list(p.shared_terms),
                    }
                    for p in facet.points
                ],
                "clashes": [
                    {"a": list(c.a), "b": list(c.b), "label": c.label} for c in facet.clashes
                ],
                "pairs": [
                    {
                        "a": p.a,
                        "b": p.b,
                        "similarity": round(p.similarity, 4),
                        "shared_terms": list(p.shared_terms),
                    }
                    for p in facet.pairs
                ],
                "only_a": list(facet.only_a),
                "only_b": list(facet.only_b),
            }
            for name, facet in comparison.facets.items()
        },
        "shared_terms": list(comparison.shared_terms),
    }


def print_comparison(
    console: Console, taxonomy: Taxonomy, comparison: Comparison, a: Document, b: Document
) -> None:
    """The two documents, the terms both use, then each facet as the reader's aligned
    view shows it: side by side on a wide console, A above B on a narrow one."""
    for side, doc in (("A", a), ("B", b)):
        line = Text(f"{side}  ", style="bold")
        line.append(doc.title, style="bold")
        byline = _byline(doc)
        line.append(f"\n   {doc.id}" + (f" · {byline}" if byline else ""), style="dim")
        console.print(line)
    if comparison.shared_terms:
        terms = Text("\nboth use: ", style="dim")
        terms.append(", ".join(comparison.shared_terms), style="bold")
        console.print(terms)
    stacked = console.width < render.STACK_BELOW
    for name, result in comparison.facets.items():
        console.print()
        console.print(points_section(taxonomy.get(name), result, a, b, stacked=stacked))


def _silent(result: FacetComparison) -> tuple[bool, bool]:
    """Whether A, and B, say nothing in this facet."""
    clash_a = any(c.a for c in result.clashes)
    clash_b = any(c.b for c in result.clashes)
    return (
        not (result.points or result.only_a or clash_a),
        not (result.points or result.only_b or clash_b),
    )


def _only(result: FacetComparison) -> tuple[list[int], list[int]]:
    """What only A, and only B, say, less the sentences already shown as disagreeing."""
    clash_a = {i for c in result.clashes for i in c.a}
    clash_b = {j for c in result.clashes for j in c.b}
    return (
        [i for i in result.only_a if i not in clash_a],
        [j for j in result.only_b if j not in clash_b],
    )


def _counts(result: FacetComparison) -> str:
    only_a, only_b = _only(result)
    counts = f"{len(result.points)} shared · {len(only_a)} only in A · {len(only_b)} only in B"
    return counts + (f" · {len(result.clashes)} disagree" if result.clashes else "")


def _sentences(doc: Document, indexes: Sequence[int], words: Sequence[str] = ()) -> Text:
    """Sentences of ``doc``, a blank line between two, ``words`` emphasised."""
    return Text("\n\n").join(
        render.emphasise_words(render.sentence_of(doc, i), words) for i in indexes
    )


def points_section(
    facet: Facet, result: FacetComparison, a: Document, b: Document, stacked: bool = False
) -> Group:
    """One facet of a comparison: a row per point both make (every sentence of A in it
    beside every sentence of B), then the claims where they disagree, then what only one
    side says; side by side, or A above B when ``stacked``. Silence said plainly."""
    heading = Text(f"{facet.letter} {facet.label}", render.facet_style(facet) + Style(bold=True))
    silent_a, silent_b = _silent(result)
    silence = render.silences(facet, silent_a, silent_b)
    if silent_a and silent_b:
        heading.append(f"   {silence[0]}", render.ONLY_STYLE)
        return Group(heading)
    heading.append(f"   {_counts(result)}", "dim")
    # A row: its label, A's sentences, B's sentences (None where that side is silent).
    rows: list[tuple[Text, Text | None, Text | None]] = []
    for point in result.points:
        shared = point.shared_terms[: render.EMPHASISED_SHARED_TERMS]
        label = Text(point.label, "bold")
        label.append(f"  similarity {point.similarity:.2f}", "dim")
        rows.append((label, _sentences(a, point.a, shared), _sentences(b, point.b, shared)))
    for clash in result.clashes:
        label = Text(f"disagree: {clash.label}", DISAGREE_STYLE)
        rows.append((label, _sentences(a, clash.a), _sentences(b, clash.b)))
    only = Text("")
    only_a, only_b = _only(result)
    rows.extend((only, Text(render.sentence_of(a, i)), None) for i in only_a)
    rows.extend((only, None, Text(render.sentence_of(b, j))) for j in only_b)
    parts: list = [heading, *(Text(line, render.ONLY_STYLE) for line in silence)]
    if stacked:
        grid = Table.grid(padding=(0, 1), expand=True)
        grid.add_column(no_wrap=True, style="bold")
        grid.add_column(ratio=1)
        for n, (label, a_text, b_text) in enumerate(rows):
            if n:
                grid.add_row("", "")
            if label:
                grid.add_row("", label)
            alone = a_text is None or b_text is None
            for side, text in (("A", a_text), ("B", b_text)):
                if text is not None:
                    note = Text(f"  only in {side}", render.ONLY_STYLE) if alone else Text()
                    grid.add_row(side, text + note)
        parts.append(grid)
        return Group(*parts)
    table = Table(
        box=box.SIMPLE, expand=True, show_header=True, pad_edge=False, padding=(0, 1, 1, 0)
    )
    table.add_column(Text(f"A  {a.title}", overflow="ellipsis", no_wrap=True), ratio=1)
    table.add_column(Text(f"B  {b.title}", overflow="ellipsis", no_wrap=True), ratio=1)
    for label, a_text, b_text in rows:
        # The label heads A's cell; B's starts a line lower so the sentences align.
        top = Text("\n") if label else Text()
        table.add_row(
            (label + "\n" if label else Text()) + a_text
            if a_text is not None
            else Text("only in B", render.ONLY_STYLE),
            top + b_text if b_text is not None else Text("only in A", render.ONLY_STYLE),
        )
    parts.append(table)
    return Group(*parts)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~])")


def markdown_text(text: str, collapse: bool = True) -> str:
    """Plain text made safe to paste into Markdown: on one line, special characters escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()) if collapse else text)


def _md_quote(doc: Document, index: int, words: Collection[str] = ()) -> str:
    """A sentence for Markdown, with ``words`` (and longer forms of them) in bold."""
    text = render.sentence_of(doc, index)
    out, at = [], 0
    for start, end in render.word_spans(text, words):
        out += [
            markdown_text(text[at:start], collapse=False),
            f"**{markdown_text(text[start:end])}**",
        ]
        at = end
    out.append(markdown_text(text[at:], collapse=False))
    return "".join(out)


def _md_quotes(
    a: Document,
    b: Document,
    a_indexes: Sequence[int],
    b_indexes: Sequence[int],
    words: Collection[str] = (),
) -> list[str]:
    """Every sentence of A, then every sentence of B, as one quoted block of a list item."""
    quotes = [f"   > **A** ({i}): {_md_quote(a, i, words)}" for i in a_indexes]
    quotes += [f"   > **B** ({j}): {_md_quote(b, j, words)}" for j in b_indexes]
    return [*"\n   >\n".join(quotes).split("\n"), ""]


def comparison_markdown(
    taxonomy: Taxonomy, comparison: Comparison, a: Document, b: Document
) -> str:
    """The `compare --markdown` report for two documents."""
    md = markdown_text
    lines = [f"# {md(a.title)} / {md(b.title)}", ""]
    for side, doc in (("A", a), ("B", b)):
        byline = _byline(doc)
        lines.append(
            f"- **{side}**: {md(doc.title)} (`{doc.id}`{', ' + md(byline) if byline else ''})"
        )
    lines.append("")
    if comparison.shared_terms:
        lines += [f"Both use: {', '.join(md(t) for t in comparison.shared_terms)}", ""]
    for name, facet in comparison.facets.items():
        info = taxonomy.get(name)
        lines += [f"## {md(info.label)} ({info.letter})", "", _counts(facet), ""]
        if facet.points:
            lines += ["### Said by both", ""]
            for n, point in enumerate(facet.points, 1):
                shared = ", ".join(md(t) for t in point.shared_terms)
                lines += [
                    f"{n}. **{md(point.label)}**: similarity {point.similarity:.2f}; "
                    f"shared: {shared}",
                    "",
                    *_md_quotes(a, b, point.a, point.b, point.shared_terms),
                ]
        if facet.clashes:
            lines += ["### They disagree", ""]
            for n, clash in enumerate(facet.clashes, 1):
                lines += [
                    f"{n}. **{md(clash.label)}**",
                    "",
                    *_md_quotes(a, b, clash.a, clash.b),
                ]
        for side, doc, only in zip(("A", "B"), (a, b), _only(facet), strict=True):
            if only:
                lines += [f"### Only in {side}", ""]
                lines += [f"- ({i}) {_md_quote(doc, i)}" for i in only]
                lines.append("")
        for line in render.silences(info, *_silent(facet)):
            lines += [f"*{line}*", ""]
    return "\n".join(lines)


# -- three or more documents ------------------------------------------------------
def short_ids(every_id: Collection[str], documents: Sequence[DocumentInfo]) -> dict[str, str]:
    """Each of ``documents``' shortest id prefix (3 characters or more) that no other id
    of ``every_id`` starts with."""
    short = {}
    for doc in documents:
        for n in range(min(3, len(doc.id)), len(doc.id) + 1):
            prefix = doc.id[:n]
            if sum(i.startswith(prefix) for i in every_id) == 1:
                short[doc.id] = prefix
                break
        else:
            short[doc.id] = doc.id
    return short


def matrix_json(matrix: FacetMatrix, docs: Mapping[str, Document]) -> dict:
    """The `compare --json` data for three or more documents."""
    return {
        "documents": [{"id": d.id, "title": d.title} for d in matrix.documents],
        "facets": {
            name: {
                doc_id: {
                    "count": len(indexes),
                    "sentences": list(indexes),
                    "preview": _first_preview(docs[doc_id], indexes),
                }
                for doc_id, indexes in row.items()
            }
            for name, row in matrix.cells.items()
        },
    }


def print_matrix(
    console: Console,
    taxonomy: Taxonomy,
    matrix: FacetMatrix,
    docs: Mapping[str, Document],
    short: Mapping[str, str],
) -> None:
    """A legend of the documents by ``short`` id, then a facet-by-document table: each
    cell the number of sentences and a preview of the first."""
    legend = Table.grid(padding=(0, 2))
    legend.add_column(no_wrap=True, style="cyan")
    legend.add_column()
    for info in matrix.documents:
        legend.add_row(short[info.id], Text(info.title, style="bold"))
    console.print(legend)
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_lines=True)
    table.add_column("facet", no_wrap=True)
    for info in matrix.documents:
        table.add_column(Text(short[info.id], style="cyan"))
    # About three lines of preview per cell at this width.
    width = max(10, (console.width - 16) // len(matrix.documents) - 2)
    limit = min(PREVIEW_CHARS, 3 * width)
    for name, row in matrix.cells.items():
        facet = taxonomy.get(name)
        label = Text(f"{facet.letter} ", render.facet_style(facet) + Style(bold=True))
        label.append(facet.label, render.facet_style(facet))
        cells: list[Text] = []
        for info in matrix.documents:
            indexes = row[info.id]
            if not indexes:
                cells.append(Text("0  says nothing", style="dim"))
                continue
            first = render.sentence_preview(docs[info.id], indexes[0], limit)
            # Assembled, not appended: the count's bold must not spread over the preview.
            cell = Text.assemble((str(len(indexes)), "bold"), ("\n" + first, "dim"))
            cells.append(cell)
        table.add_row(label, *cells)
    console.print(table)


def matrix_markdown(
    taxonomy: Taxonomy,
    matrix: FacetMatrix,
    docs: Mapping[str, Document],
    short: Mapping[str, str],
) -> str:
    """The `compare --markdown` report for three or more documents: a table."""
    md = markdown_text
    lines = ["# Facets across documents", ""]
    lines += [f"- `{short[d.id]}`: {md(d.title)} (`{d.id}`)" for d in matrix.documents]
    lines += ["", "| facet | " + " | ".join(f"`{short[d.id]}`" for d in matrix.documents) + " |"]
    lines.append("| --- " * (len(matrix.documents) + 1) + "|")
    for name, row in matrix.cells.items():
        facet = taxonomy.get(name)
        cells = []
        for info in matrix.documents:
            indexes = row[info.id]
            first = _first_preview(docs[info.id], indexes)
            cells.append(f"{len(indexes)}: {md(first)}" if indexes else "0")
        lines.append(f"| {md(facet.label)} | " + " | ".join(cells) + " |")
    lines.append("")
    return "\n".join(lines)
