"""The `kread` sub-commands (list, show, search, compare, points, appraise, export, topics,
index):
each opens the library, then prints JSON for scripts, or text for people (`command_text`,
`compare_report`, `points_report`, `appraisal_report`), and returns an exit code.

Imported by `kread.tui.cli` only when one of them runs, so the reader starts without the
index; Rich and the printers are imported only to print for people.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from kread.index.errors import IndexBusy, KreadError
from kread.index.library import Library
from kread.index.models import info_json
from kread.tui.output import (
    FOUND,
    INTERRUPTED,
    NOTHING_FOUND,
    print_json,
    progress_bar,
    stdout_console,
    warn,
)

if TYPE_CHECKING:
    from kread.index.document import Document
    from kread.index.facets.taxonomy import Taxonomy


def open_library(args: argparse.Namespace, defer_index: bool = False) -> Library:
    """The library of ``--corpus`` with ``--topics``, brought up to date; warnings on stderr.
    ``defer_index``: the index is opened only if the saved list cannot answer."""
    with progress_bar("indexing") as progress:
        library = Library.open(
            args.corpus,
            args.topics,
            progress=progress,
            max_file_bytes=args.max_file_size,
            defer_index=defer_index,
        )
    for line in library.warnings:
        warn(line)
    return library


# -- list, show and search -----------------------------------------------------------
def cmd_list(args: argparse.Namespace) -> int:
    library = open_library(args, defer_index=True)
    documents = library.documents()
    if args.json:
        print_json({"documents": [info_json(d) for d in documents]})
        return FOUND if documents else NOTHING_FOUND
    from kread.tui import command_text

    return command_text.print_list(library, documents)


def cmd_show(args: argparse.Namespace) -> int:
    library = open_library(args)
    doc = library.document(args.doc)
    wanted = [library.taxonomy.resolve(f) for f in args.facet]
    if args.why is not None:
        return _show_why(library, doc, args.why - 1, wanted, args.json)
    sentences = [s for s in doc.sentences if not wanted or any(f in s.facets for f in wanted)]
    if args.json:
        from kread.index.document import document_json

        print_json(document_json(doc, sentences))
        return FOUND if sentences else NOTHING_FOUND
    from kread.tui import command_text

    return command_text.print_document(library, doc, wanted, sentences)


def _show_why(library: Library, doc: Document, index: int, wanted: list[str], as_json: bool) -> int:
    """Why sentence ``index`` has its facets (only those ``wanted``, when given)."""
    why = library.explain(doc.id, index)
    if wanted:
        from dataclasses import replace

        why = replace(why, facets=tuple(r for r in why.facets if r.facet in wanted))
    if as_json:
        from kread.index.explanations import explanation_json

        print_json(explanation_json(why, doc.text))
        return FOUND
    from kread.tui.why_report import why_text

    facets = {f.name: f for f in library.facets}
    cues = {c.name: c for c in library.taxonomy.cues}
    stdout_console().print(why_text(why, doc, facets, cues=cues))
    return FOUND


def cmd_search(args: argparse.Namespace) -> int:
    library = open_library(args)
    result = library.search(args.query, args.facet, limit=args.limit)
    if not result.answered:
        raise KreadError("; ".join(result.notices))  # nothing to answer: one line, exit 2
    if not args.json:
        from kread.tui import command_text

        return command_text.print_search(library, result)
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


# -- compare --------------------------------------------------------------------
def cmd_compare(args: argparse.Namespace) -> int:
    from kread.tui import compare_report

    library = open_library(args)
    if len(args.docs) != 2:
        # Three or more as a matrix; fewer than two is refused by the library.
        return _compare_many(args, library)
    comparison = library.compare(args.docs[0], args.docs[1], args.facet)
    a, b = library.document(comparison.a.id), library.document(comparison.b.id)
    empty = not any(
        f.points or f.clashes or f.only_a or f.only_b for f in comparison.facets.values()
    )
    code = NOTHING_FOUND if args.facet and empty else FOUND
    if args.json:
        print_json(compare_report.comparison_json(comparison))
    elif args.markdown:
        sys.stdout.write(compare_report.comparison_markdown(library.taxonomy, comparison, a, b))
    else:
        compare_report.print_comparison(stdout_console(), library.taxonomy, comparison, a, b)
    return code


def _compare_many(args: argparse.Namespace, library: Library) -> int:
    from kread.tui import compare_report

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


# -- points ---------------------------------------------------------------------
def cmd_points(args: argparse.Namespace) -> int:
    from kread.tui import points_report

    library = open_library(args)
    point_map = library.points(args.docs, args.facet)
    code = FOUND if any(point_map.facets.values()) else NOTHING_FOUND
    if args.json:
        print_json(points_report.points_json(point_map))
        return code
    from kread.tui.compare_report import short_ids

    short = short_ids([d.id for d in library.documents()], point_map.documents)
    if args.markdown:
        docs = {info.id: library.document(info.id) for info in point_map.documents}
        sys.stdout.write(points_report.points_markdown(library.taxonomy, point_map, docs, short))
    else:
        points_report.print_points(stdout_console(), library.taxonomy, point_map, short)
    return code


# -- appraise -------------------------------------------------------------------
def cmd_appraise(args: argparse.Namespace) -> int:
    from kread.index.appraisal.models import appraisal_json

    library = open_library(args)
    appraisal = library.appraise(args.doc)
    if args.json:
        print_json(appraisal_json(appraisal))
        return FOUND
    from kread.tui import appraisal_report

    doc = library.document(appraisal.id)
    if args.markdown:
        sys.stdout.write(appraisal_report.appraisal_markdown(doc, appraisal))
    else:
        appraisal_report.print_appraisal(stdout_console(), doc, appraisal)
    return FOUND


# -- export ---------------------------------------------------------------------
def _export_quotes(library: Library, ids: list[str], target: Path | None, force: bool) -> int:
    """The reader's quotes from the documents ``ids``, in Markdown with citations."""
    from datetime import datetime

    from kread.index.export.files import write_export
    from kread.tui import quote

    documents = [d for d in library.quoted() if d.id in ids]
    count = quote.count(documents)
    if not count:
        warn("nothing quoted yet: y in the reader copies a sentence and keeps it as a quote")
        return NOTHING_FOUND
    text = quote.markdown(documents, datetime.now())
    if target is None:
        sys.stdout.write(text)
        return FOUND
    write_export(target, text.encode("utf-8"), force)
    from rich.text import Text

    from kread.index.reading.sanitize import safe_name

    noun = "quote" if count == 1 else "quotes"
    stdout_console().print(Text(f"wrote {safe_name(str(target))}: {count} {noun}"), soft_wrap=True)
    return FOUND


def cmd_export(args: argparse.Namespace) -> int:
    """The appraisals of the documents given (all when none) as a Markdown report, the
    CSV worksheet or a REFI-QDA project: on stdout, or written whole to ``-o FILE``."""
    from kread.index.export.files import check_target, write_export

    target = None if args.output in (None, "-") else Path(args.output)
    if target is None and args.format == "qdpx":
        raise KreadError("export qdpx writes a zip archive: give -o FILE.qdpx")
    if target is not None:
        check_target(target, args.force)  # before the work, not after it
    library = open_library(args)
    ids = list(dict.fromkeys(library.resolve(d) for d in args.docs)) or [
        d.id for d in library.documents()
    ]
    if args.format == "quotes":
        return _export_quotes(library, ids, target, args.force)
    documents = [library.document(i) for i in ids]
    appraisals = [library.appraise(i) for i in ids]
    what = f"{len(ids)} article" + ("s" if len(ids) != 1 else "")
    if args.format == "qdpx":
        from kread.index.export.qdpx import qdpx_bytes

        data, counts = qdpx_bytes(
            str(library.root.resolve()),
            library.root.resolve().name,
            library.taxonomy.facets,
            library.taxonomy.cues,
            documents,
            appraisals,
        )
        what += f", {counts.codings} codings, {counts.notes} notes"
    else:
        text = _export_text(args.format, library, documents, appraisals)
        if target is None:
            sys.stdout.write(text)
            return FOUND
        data = text.encode("utf-8")
    assert target is not None
    write_export(target, data, args.force)
    from rich.text import Text

    from kread.index.reading.sanitize import safe_name

    stdout_console().print(Text(f"wrote {safe_name(str(target))}: {what}"), soft_wrap=True)
    return FOUND


def _export_text(format_name: str, library: Library, documents: list, appraisals: list) -> str:
    if format_name == "csv":
        from kread.index.export.worksheet import worksheet_csv

        return worksheet_csv(appraisals)
    from kread.index.library import corpus_label
    from kread.tui.corpus_report import corpus_markdown

    every_id = [d.id for d in library.documents()]
    return corpus_markdown(corpus_label(library.root), documents, appraisals, every_id)


# -- topics and index -------------------------------------------------------------
def cmd_topics(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from kread.index.facets.taxonomy import load_taxonomy

    taxonomy = load_taxonomy(args.topics)
    if args.json:
        print_json(
            {
                "facets": [
                    {k: v for k, v in f._asdict().items() if k != "query"}
                    | {"query": f.query, "aspects": _aspects_json(taxonomy, f.name)}
                    for f in taxonomy.facets
                ],
                "cues": [asdict(c) for c in taxonomy.cues],
                "source": taxonomy.source,
            }
        )
        return FOUND
    from kread.tui import command_text

    return command_text.print_topics(taxonomy)


def _aspects_json(taxonomy: Taxonomy, facet: str) -> list[dict]:
    from dataclasses import asdict

    return [
        {k: v for k, v in asdict(a).items() if k != "facet"}
        for a in taxonomy.aspects
        if a.facet == facet
    ]


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
    from rich.text import Text

    stdout_console().print(Text(f"{what} ({seconds:.2f} s), index {where}"))
    return FOUND
