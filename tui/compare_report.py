"""`kread compare` output: a comparison of two documents, or the facet matrix of more,
as JSON data, a Markdown report or Rich text for the terminal."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from typing import TYPE_CHECKING

from rich import box
from rich.console import Console
from rich.style import Style
from rich.table import Table
from rich.text import Text

from kread.index.models import Comparison, Document, DocumentInfo, FacetMatrix
from kread.tui import render

if TYPE_CHECKING:
    from kread.index.facets.taxonomy import Taxonomy

# The most characters of a sentence a matrix cell previews.
PREVIEW_CHARS = 70


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
        console.print(render.comparison_section(taxonomy.get(name), result, a, b, stacked=stacked))


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
        lines += [
            f"## {md(info.label)} ({info.letter})",
            "",
            f"{len(facet.pairs)} paired · {len(facet.only_a)} only in A · "
            f"{len(facet.only_b)} only in B",
            "",
        ]
        if facet.pairs:
            lines += ["### Said by both", ""]
            for n, pair in enumerate(facet.pairs, 1):
                shared = ", ".join(md(t) for t in pair.shared_terms)
                lines += [
                    f"{n}. Similarity {pair.similarity:.2f}; shared: {shared}",
                    "",
                    f"   > **A** ({pair.a}): {_md_quote(a, pair.a, pair.shared_terms)}",
                    "   >",
                    f"   > **B** ({pair.b}): {_md_quote(b, pair.b, pair.shared_terms)}",
                    "",
                ]
        for side, doc, only in (("A", a, facet.only_a), ("B", b, facet.only_b)):
            if only:
                lines += [f"### Only in {side}", ""]
                lines += [f"- ({i}) {_md_quote(doc, i)}" for i in only]
                lines.append("")
        silent_a = not (facet.pairs or facet.only_a)
        silent_b = not (facet.pairs or facet.only_b)
        for line in render.silences(info, silent_a, silent_b):
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
