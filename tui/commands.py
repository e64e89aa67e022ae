"""The `kread` sub-commands (list, show, search, compare, topics, index): each opens the
library, then prints Rich text for people or JSON for scripts and returns an exit code.

Imported by `kread.tui.cli` only when one of them runs, so the reader starts without the index.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, replace

from rich import box
from rich.console import Console
from rich.padding import Padding
from rich.style import Style
from rich.table import Table
from rich.text import Text

from kread.index.errors import IndexBusy, KreadError
from kread.index.library import Library, corpus_label
from kread.index.models import Document, DocumentInfo, Progress, Sentence
from kread.index.reading.sanitize import UNSAFE_IN_JSON
from kread.tui import compare_report, render
from kread.tui.cli import FOUND, INTERRUPTED, NOTHING_FOUND, stderr_console, warn


# -- output helpers -----------------------------------------------------------
def stdout_console() -> Console:
    return Console(highlight=False, soft_wrap=False)


def print_json(data: object) -> None:
    """``data`` as JSON on stdout. Characters a terminal would act on or hide (C1 controls,
    bidi overrides, zero-width characters, undecodable bytes of a file name: a path is given
    as it is on disk) are written as ``\\u`` escapes, so the value is exact and the bytes are
    safe; ``json`` already escapes C0 controls."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    text = UNSAFE_IN_JSON.sub(lambda m: json.dumps(m.group())[1:-1], text)
    sys.stdout.write(text + "\n")


@contextmanager
def progress_bar(label: str, always: bool = False) -> Iterator[Progress | None]:
    """A progress bar on stderr while the index is built, when stderr is a terminal."""
    console = stderr_console()
    if not console.is_terminal:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn
    from rich.progress import Progress as Bar

    with Bar(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=not always,
    ) as bar:
        task = bar.add_task(label, total=None)

        def update(done: int, total: int, _what: str) -> None:
            bar.update(task, completed=done, total=total)

        yield update


def open_library(args: argparse.Namespace) -> Library:
    """The library of ``--corpus`` with ``--topics``, brought up to date; warnings on stderr."""
    with progress_bar("indexing") as progress:
        library = Library.open(
            args.corpus, args.topics, progress=progress, max_file_bytes=args.max_file_size
        )
    for line in library.warnings:
        warn(line)
    return library


def info_json(doc: DocumentInfo) -> dict:
    """A document's `list --json` entry (also the head of `show --json`)."""
    return {
        "id": doc.id,
        "title": doc.title,
        "source": doc.source,
        "path": doc.path,
        "words": doc.words,
        "facet_counts": doc.facet_counts,
        "place": doc.place,
        "date": doc.date,
    }


# -- list -----------------------------------------------------------------------
def cmd_list(args: argparse.Namespace) -> int:
    library = open_library(args)
    documents = library.documents()
    if args.json:
        print_json({"documents": [info_json(d) for d in documents]})
        return FOUND if documents else NOTHING_FOUND
    console = stdout_console()
    if not documents:
        console.print(Text(f"no readable documents in {corpus_label(library.root)}"))
        return NOTHING_FOUND
    facets = library.taxonomy.facets
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


# -- show -----------------------------------------------------------------------
def cmd_show(args: argparse.Namespace) -> int:
    library = open_library(args)
    doc = library.document(args.doc)
    facets = library.taxonomy.facets
    wanted = [library.taxonomy.resolve(f) for f in args.facet]
    sentences = [s for s in doc.sentences if not wanted or any(f in s.facets for f in wanted)]
    if args.json:
        data = info_json(doc)
        data.update(
            text=doc.text,
            sentences=[
                {
                    "start": s.start,
                    "end": s.end,
                    "facets": list(s.facets),
                    "boilerplate": s.boilerplate,
                    "heading": s.heading,
                    "facet_words": [[a, b, f] for a, b, f in s.spans],
                }
                for s in sentences
            ],
        )
        print_json(data)
        return FOUND if sentences else NOTHING_FOUND

    console = stdout_console()
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
    return FOUND


def _as_paragraph(doc: Document, sentence: Sentence) -> Document:
    """A one-sentence view of a document, so a filtered sentence renders like a paragraph."""
    return replace(
        doc,
        paragraphs=((sentence.start, sentence.end),),
        sentences=(replace(sentence, paragraph=0),),
    )


# -- search ---------------------------------------------------------------------
def cmd_search(args: argparse.Namespace) -> int:
    library = open_library(args)
    result = library.search(args.query, args.facet, limit=args.limit)
    if not result.answered:
        raise KreadError("; ".join(result.notices))  # nothing to answer: one line, exit 2
    if args.json:
        print_json(
            {
                "query": result.query,
                "corrected": result.corrected,
                "notices": list(result.notices),
                "total": result.total,
                "facet_counts": result.facet_counts,
                "hits": [
                    {
                        "id": h.id,
                        "title": h.title,
                        "score": h.score,
                        "snippet": h.snippet,
                        "matches": [list(m) for m in h.matches],
                    }
                    for h in result.hits
                ],
            }
        )
        return FOUND if result.total else NOTHING_FOUND

    console = stdout_console()
    facets = library.taxonomy.facets
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
        line = Text(f"{rank:>2}. ", style="dim")
        line.append(hit.title, style="bold")
        line.append(f"  {hit.id}  {hit.score:.2f}", style="dim")
        console.print(line)
        console.print(Padding(render.snippet_text(hit), (0, 0, 0, 4), expand=False))
    if result.total > len(result.hits):
        console.print(Text(f"\n… {result.total - len(result.hits)} more (--limit)", style="dim"))
    return FOUND if result.total else NOTHING_FOUND


# -- compare --------------------------------------------------------------------
def cmd_compare(args: argparse.Namespace) -> int:
    library = open_library(args)
    if len(args.docs) != 2:
        # Three or more as a matrix; fewer than two is refused by the library.
        return _compare_many(args, library)
    comparison = library.compare(args.docs[0], args.docs[1], args.facet)
    a, b = library.document(comparison.a.id), library.document(comparison.b.id)
    empty = not any(f.pairs or f.only_a or f.only_b for f in comparison.facets.values())
    code = NOTHING_FOUND if args.facet and empty else FOUND
    if args.json:
        print_json(compare_report.comparison_json(comparison))
    elif args.markdown:
        sys.stdout.write(compare_report.comparison_markdown(library.taxonomy, comparison, a, b))
    else:
        compare_report.print_comparison(stdout_console(), library.taxonomy, comparison, a, b)
    return code


def _compare_many(args: argparse.Namespace, library: Library) -> int:
    matrix = library.matrix(args.docs, args.facet)
    docs = {info.id: library.document(info.id) for info in matrix.documents}
    empty = not any(i for row in matrix.cells.values() for i in row.values())
    code = NOTHING_FOUND if args.facet and empty else FOUND
    if args.json:
        print_json(compare_report.matrix_json(matrix, docs))
        return code
    short = compare_report.short_ids([d.id for d in library.documents()], matrix.documents)
    if args.markdown:
        sys.stdout.write(compare_report.matrix_markdown(library.taxonomy, matrix, docs, short))
    else:
        compare_report.print_matrix(stdout_console(), library.taxonomy, matrix, docs, short)
    return code


# -- topics and index -------------------------------------------------------------
def cmd_topics(args: argparse.Namespace) -> int:
    from kread.index.facets.taxonomy import load_taxonomy

    taxonomy = load_taxonomy(args.topics)
    if args.json:
        print_json(
            {
                "facets": [
                    {k: v for k, v in asdict(f).items() if k != "query"} | {"query": f.query}
                    for f in taxonomy.facets
                ],
                "source": taxonomy.source,
            }
        )
        return FOUND
    console = stdout_console()
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("", no_wrap=True)
    table.add_column("facet", no_wrap=True)
    table.add_column("what it marks")
    for facet in taxonomy.facets:
        table.add_row(
            Text(facet.letter, render.facet_style(facet) + Style(bold=True)),
            Text(facet.label, render.facet_style(facet)),
            Text(facet.description),
        )
    console.print(table)
    console.print(Text(f"from {taxonomy.source}", style="dim"))
    return FOUND


def cmd_index(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    library = Library.open(
        args.corpus, args.topics, refresh=False, max_file_bytes=args.max_file_size
    )
    try:
        with progress_bar("indexing", always=True) as progress:
            try:
                report = library.refresh(progress, rebuild=args.rebuild, wait=0, jobs=args.jobs)
            except IndexBusy:
                warn("waiting for another kread process to finish updating this index")
                report = library.refresh(progress, rebuild=args.rebuild, jobs=args.jobs)
    except KeyboardInterrupt:
        warn(
            "interrupted: the index keeps every update committed so far; "
            "`kread index` finishes the rest"
        )
        return INTERRUPTED
    for line in library.warnings:
        warn(line)
    seconds = time.perf_counter() - started
    where = "in memory" if library.store.in_memory else f"in {library.store.folder}"
    console = stdout_console()
    count = len(library.documents())
    if report.rebuilt:
        what = f"rebuilt: {count} documents"
    elif report.touched:
        what = (
            f"updated: {len(report.added)} added, {len(report.changed)} changed, "
            f"{len(report.removed)} removed; {count} documents"
        )
    else:
        what = f"up to date: {count} documents"
    console.print(Text(f"{what} ({seconds:.2f} s), index {where}"))
    return FOUND
