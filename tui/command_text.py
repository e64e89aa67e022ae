"""The sub-commands' output for people: Rich tables and text for `kread list`, `show`,
`search` and `topics` (`compare_report` has compare's). Each returns the exit code.

Imported only when a command prints for people, so `--json` never loads Rich."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich import box
from rich.padding import Padding
from rich.style import Style
from rich.table import Table
from rich.text import Text

from kread.index.document import Document
from kread.index.library import Library, corpus_label
from kread.index.models import DocumentInfo, SearchResult, Sentence
from kread.tui import render
from kread.tui.output import FOUND, NOTHING_FOUND, stdout_console

if TYPE_CHECKING:
    from kread.index.facets.taxonomy import Taxonomy


def print_list(library: Library, documents: Sequence[DocumentInfo]) -> int:
    console = stdout_console()
    if not documents:
        console.print(Text(f"no readable documents in {corpus_label(library.root)}"))
        return NOTHING_FOUND
    facets = library.facets
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("id", overflow="fold", style="cyan", max_width=24)
    table.add_column("title and source", min_width=20)
    table.add_column("words", justify="right", no_wrap=True)
    table.add_column("facets", no_wrap=True)
    for doc in documents:
        entry = Text.assemble((doc.title, "bold"))
        source = ", ".join(part for part in (doc.source, doc.place) if part)
        if source:
            entry.append(f"\n{source}", style="dim")
        table.add_row(
            Text(doc.id),
            entry,
            str(doc.words),
            render.facet_counts(facets, doc.facet_counts),
        )
    console.print(table)
    legend = Text("facets: ", style="dim")
    for i, facet in enumerate(facets):
        legend.append(", " if i else "")
        legend.append(facet.letter, render.facet_style(facet))
        legend.append(f" {facet.name}", style="dim")
    console.print(legend)
    return FOUND


def print_document(
    library: Library, doc: Document, wanted: Sequence[str], sentences: Sequence[Sentence]
) -> int:
    """``doc``; with facets ``wanted``, only its ``sentences`` that carry one."""
    console = stdout_console()
    facets = library.facets
    header = Text.assemble((doc.title, "bold"))
    byline = ", ".join(p for p in (doc.source, doc.place, doc.date) if p)
    header.append(f"\n{byline}  " if byline else "\n", style="dim")
    header.append(f"{doc.id} · {doc.words} words · ", style="dim")
    header.append_text(render.facet_counts(facets, doc.facet_counts))
    console.print(header)
    console.print()
    enabled = set(wanted) if wanted else {f.name for f in facets}
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column()
    if wanted:
        for s in sentences:
            one = render.paragraph_text(_as_paragraph(doc, s), 0, facets, enabled)
            grid.add_row(render.facet_letters(facets, s.facets), one)
            grid.add_row("", "")
        if not sentences:
            names = ", ".join(wanted)
            console.print(Text(f"no sentences of {names} in {doc.id}"))
            return NOTHING_FOUND
    else:
        for i in range(len(doc.paragraphs)):
            grid.add_row(
                render.facet_letters(facets, render.paragraph_facets(doc, i, enabled)),
                render.paragraph_text(doc, i, facets, enabled),
            )
    console.print(grid)
    _print_readers_work(doc)
    return FOUND


def _print_readers_work(doc: Document) -> None:
    """One line on the reader's own notes and corrections, if any, and on those that no
    longer attach to a sentence."""
    notes = sum(1 for s in doc.sentences if s.note)
    corrected = sum(1 for s in doc.sentences if s.correction)
    console = stdout_console()
    if notes or corrected:
        console.print(
            Text(
                f"your work: {notes} note{'s' * (notes != 1)}, {corrected} sentence"
                f"{'s' * (corrected != 1)} with marks corrected (--json has them)",
                style="dim",
            )
        )
    if doc.detached:
        count = len(doc.detached)
        console.print(
            Text(
                f"{count} of your notes or corrections no longer attach to a sentence (the "
                'article changed); they are kept, and --json lists them under "detached"',
                style="yellow",
            )
        )


def _as_paragraph(doc: Document, sentence: Sentence) -> Document:
    """A one-sentence view of a document, so a filtered sentence renders like a paragraph."""
    return doc._replace(
        paragraphs=((sentence.start, sentence.end),),
        sentences=(sentence._replace(paragraph=0),),
    )


def print_search(library: Library, result: SearchResult) -> int:
    console = stdout_console()
    facets = library.facets
    summary = Text(f"{result.total} hit{'s' if result.total != 1 else ''} for ")
    summary.append(result.query, style="bold")
    if result.total:
        summary.append("   ")
        summary.append_text(render.facet_counts(facets, result.facet_counts))
    console.print(summary)
    for notice in result.notices:
        console.print(Text("note: ", style="yellow") + Text(notice))
    if result.corrected:
        console.print(Text("did you mean: ", style="dim") + Text(result.corrected, style="bold"))
    for rank, hit in enumerate(result.hits, 1):
        console.print()
        # The id and score keep to the right edge; a long title wraps beside them.
        line = Table.grid(expand=True)
        line.add_column(width=4, no_wrap=True)
        line.add_column(ratio=1)
        line.add_column(no_wrap=True, justify="right")
        line.add_row(
            Text(f"{rank:>2}. ", style="dim"),
            Text(hit.title, style="bold"),
            Text(f"  {hit.id}  {hit.score:.2f}", style="dim"),
        )
        console.print(line)
        console.print(Padding(render.snippet_text(hit), (0, 0, 0, 4), expand=False))
    if result.total > len(result.hits):
        console.print(Text(f"\n… {result.total - len(result.hits)} more (--limit)", style="dim"))
    return FOUND if result.total else NOTHING_FOUND


def print_topics(taxonomy: Taxonomy) -> int:
    console = stdout_console()
    facets = [(f.letter, f.label, render.facet_style(f), f.description) for f in taxonomy.facets]
    console.print(_marks_table("facet", facets))
    if taxonomy.aspects:
        console.print(_aspects_table(taxonomy))
    if taxonomy.cues:
        cues = [(c.glyph, c.label, render.cue_style(c), c.description) for c in taxonomy.cues]
        console.print(_marks_table("cue", cues))
    console.print(Text(f"from {taxonomy.source}", style="dim"))
    return FOUND


def _aspects_table(taxonomy: Taxonomy) -> Table:
    """Each facet's aspects, one line each: the facet's mark, the name, the query cut to
    the width (`kread topics --json` has it whole)."""
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, expand=True)
    widest = max(len(a.name) for a in taxonomy.aspects)
    # Mark and name keep their width; the query takes what is left, cut with "…".
    table.add_column("", no_wrap=True, min_width=1)
    table.add_column("aspect", no_wrap=True, min_width=widest)
    table.add_column("query (whole in --json)", no_wrap=True, overflow="ellipsis", ratio=1)
    facets = {f.name: f for f in taxonomy.facets}
    for aspect in taxonomy.aspects:
        facet = facets[aspect.facet]
        style = render.facet_style(facet)
        query = " ".join(aspect.query.split())
        if aspect.opposes:
            query = f"(opposes {aspect.opposes}) {query}"
        if aspect.polar:
            query = f"(polar) {query}"
        if aspect.subject:
            query = f"(subject) {query}"
        if aspect.figures:
            query = f"(figures) {query}"
        table.add_row(Text(facet.letter, style + Style(bold=True)), Text(aspect.name, style), query)
    return table


def _marks_table(kind: str, rows: list[tuple[str, str, Style, str]]) -> Table:
    """The facets or the cues: the mark the reader shows, the label, what it marks."""
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("", no_wrap=True)
    table.add_column(kind, no_wrap=True)
    table.add_column("what it marks")
    for mark, label, style, description in rows:
        table.add_row(Text(mark, style + Style(bold=True)), Text(label, style), Text(description))
    return table
