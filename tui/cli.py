"""The `kread` command: the reader with no sub-command, and scriptable commands with `--json`.

Exit codes: 0 success, 1 a search or filter that found nothing, 2 bad usage or input.
Textual is imported only when the reader opens, so the other commands start fast.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict

from rich import box
from rich.console import Console
from rich.padding import Padding
from rich.style import Style
from rich.table import Table
from rich.text import Text

from index.compare import term_spans
from index.errors import KreadError
from index.library import Library, corpus_label
from index.models import Comparison, Document, DocumentInfo, FacetMatrix, Progress
from tui import render

FOUND, NOTHING_FOUND, BAD_INPUT = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    def common_options(default: object) -> argparse.ArgumentParser:
        common = argparse.ArgumentParser(add_help=False)
        common.add_argument(
            "--corpus",
            metavar="DIR",
            default=default,
            help="folder of articles (default: the bundled articles)",
        )
        common.add_argument(
            "--topics",
            metavar="FILE",
            default=default,
            help="a taxonomy YAML file that extends or replaces the default",
        )
        return common

    # Accepted before and after the command; the command's copy must not reset a value
    # given before it, so it has no default of its own.
    common = common_options(argparse.SUPPRESS)
    parser = argparse.ArgumentParser(
        prog="kread",
        parents=[common_options(None)],
        description="Read, search and compare a folder of articles in the terminal.",
        epilog="With no command, kread opens the reader. `kread COMMAND --help` for more.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        return commands.add_parser(name, parents=[common], help=help_text, description=help_text)

    def facet_option(p: argparse.ArgumentParser, what: str) -> None:
        p.add_argument(
            "--facet",
            "-f",
            action="append",
            default=[],
            metavar="F",
            help=f"{what} (name, prefix or letter; repeatable)",
        )

    def json_option(p: argparse.ArgumentParser) -> None:
        p.add_argument("--json", action="store_true", help="print JSON for scripts")

    p = command("list", "list the documents: title, source, words and facet counts")
    json_option(p)

    p = command("show", "print one document with its facet marks")
    p.add_argument("doc", metavar="DOC", help="a document id or a unique prefix of one")
    facet_option(p, "only the sentences of this facet")
    json_option(p)

    p = command("search", "ranked hits for a query in the Whoosh query language")
    p.add_argument("query", metavar="QUERY", help='e.g. ketamine AND "blood pressure"')
    facet_option(p, "only documents that have this facet")
    p.add_argument(
        "--limit",
        "-n",
        type=positive_int,
        default=20,
        metavar="N",
        help="at most N hits (default 20)",
    )
    json_option(p)

    p = command(
        "compare",
        "two documents facet by facet: paired sentences, what only one says; "
        "three or more as a matrix",
    )
    p.add_argument(
        "docs", nargs="*", metavar="DOC", help="two or more document ids or unique prefixes"
    )
    facet_option(p, "only this facet")
    output = p.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print JSON for scripts")
    output.add_argument("--markdown", action="store_true", help="print a Markdown report")

    p = command("topics", "the facet taxonomy in force")
    json_option(p)

    p = command("index", "build or update the index")
    p.add_argument("--rebuild", action="store_true", help="index every document afresh")
    return parser


def positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number of 1 or more")
    return number


# -- output helpers -----------------------------------------------------------
def stdout_console() -> Console:
    return Console(highlight=False, soft_wrap=False)


def stderr_console() -> Console:
    return Console(stderr=True, highlight=False)


def warn(message: str) -> None:
    stderr_console().print(Text(f"kread: {message}", style="yellow"), soft_wrap=True)


def print_json(data: object) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


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
    with progress_bar("indexing") as progress:
        library = Library.open(args.corpus, args.topics, progress=progress)
    for line in library.warnings:
        warn(line)
    return library


# -- commands -----------------------------------------------------------------
def cmd_list(args: argparse.Namespace) -> int:
    library = open_library(args)
    documents = library.documents()
    if args.json:
        print_json({"documents": [_info_json(d) for d in documents]})
        return FOUND if documents else NOTHING_FOUND
    console = stdout_console()
    if not documents:
        console.print(f"no readable documents in {corpus_label(library.root)}")
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


def _info_json(doc) -> dict:
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


def cmd_show(args: argparse.Namespace) -> int:
    library = open_library(args)
    doc = library.document(args.doc)
    facets = library.taxonomy.facets
    wanted = [library.taxonomy.resolve(f) for f in args.facet]
    sentences = [s for s in doc.sentences if not wanted or any(f in s.facets for f in wanted)]
    if args.json:
        data = _info_json(doc)
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
            console.print(f"no sentences of {names} in {doc.id}")
            return NOTHING_FOUND
    else:
        for i in range(len(doc.paragraphs)):
            grid.add_row(
                render.facet_letters(facets, render.paragraph_facets(doc, i, enabled)),
                render.paragraph_text(doc, i, facets, enabled),
            )
    console.print(grid)
    return FOUND


def _as_paragraph(doc, sentence):
    """A one-sentence view of a document, so a filtered sentence renders like a paragraph."""
    from dataclasses import replace

    return replace(
        doc,
        paragraphs=((sentence.start, sentence.end),),
        sentences=(replace(sentence, paragraph=0),),
    )


def cmd_search(args: argparse.Namespace) -> int:
    library = open_library(args)
    result = library.search(args.query, args.facet, limit=args.limit)
    if result.notice:
        warn(result.notice)
    if args.json:
        print_json(
            {
                "query": result.query,
                "corrected": result.corrected,
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


SHARED_WORD_STYLE = Style(bold=True, underline=True)
PREVIEW_CHARS = 70


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
        print_json(_comparison_json(comparison))
    elif args.markdown:
        sys.stdout.write(_comparison_markdown(library, comparison, a, b))
    else:
        _print_comparison(library, comparison, a, b)
    return code


def _sentence(doc: Document, index: int) -> str:
    sentence = doc.sentences[index]
    return " ".join(doc.text[sentence.start : sentence.end].split())


def _preview(doc: Document, index: int, limit: int = PREVIEW_CHARS) -> str:
    text = _sentence(doc, index)
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _silences(facet: str, n_a: int, n_b: int) -> list[str]:
    if not n_a and not n_b:
        return [f"Neither A nor B says anything about {facet}."]
    return [f"{side} says nothing about {facet}." for side, n in (("A", n_a), ("B", n_b)) if not n]


def _comparison_json(comparison: Comparison) -> dict:
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


def _quote(doc: Document, index: int, terms: Sequence[str] = ()) -> Text:
    text = Text(_sentence(doc, index))
    for start, end in term_spans(text.plain, terms):
        text.stylize(SHARED_WORD_STYLE, start, end)
    return text


def _print_comparison(library: Library, comparison: Comparison, a: Document, b: Document) -> None:
    console = stdout_console()
    for side, doc in (("A", a), ("B", b)):
        line = Text(f"{side}  ", style="bold")
        line.append(doc.title, style="bold")
        byline = ", ".join(p for p in (doc.source, doc.place) if p)
        line.append(f"\n   {doc.id}" + (f" · {byline}" if byline else ""), style="dim")
        console.print(line)
    if comparison.shared_terms:
        terms = Text("\nboth use: ", style="dim")
        terms.append(", ".join(comparison.shared_terms), style="bold")
        console.print(terms)

    def rows(lines: list[tuple[Text | str, Text]], indent: int = 4) -> Padding:
        """Labelled lines whose text wraps under itself, not under the label."""
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True, style="dim")
        grid.add_column()
        for label, text in lines:
            grid.add_row(label, text)
        return Padding(grid, (0, 0, 0, indent), expand=False)

    for name, facet in comparison.facets.items():
        info = library.taxonomy.get(name)
        style = render.facet_style(info)
        console.print()
        heading = Text(f"{info.letter} ", style + Style(bold=True))
        heading.append(info.label, style + Style(bold=True))
        heading.append(
            f"   {len(facet.pairs)} paired · {len(facet.only_a)} only in A · "
            f"{len(facet.only_b)} only in B",
            style="dim",
        )
        console.print(heading)
        for pair in facet.pairs:
            shared = Text("shared: ", style="dim")
            shared.append(", ".join(pair.shared_terms), style=SHARED_WORD_STYLE)
            console.print(
                rows(
                    [
                        (f"≈{pair.similarity:.2f}", shared),
                        (f"A {pair.a}", _quote(a, pair.a, pair.shared_terms)),
                        (f"B {pair.b}", _quote(b, pair.b, pair.shared_terms)),
                    ],
                    indent=2,
                )
            )
        for side, doc, only in (("A", a, facet.only_a), ("B", b, facet.only_b)):
            if only:
                console.print(Text(f"  only in {side}", style="bold"))
                console.print(rows([(f"{side} {i}", _quote(doc, i)) for i in only]))
        n_a = len(facet.pairs) + len(facet.only_a)
        n_b = len(facet.pairs) + len(facet.only_b)
        for line in _silences(name, n_a, n_b):
            console.print(Text(f"  {line}", style="italic"))


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~])")


def _md(text: str, collapse: bool = True) -> str:
    """Plain text made safe to paste into Markdown: on one line, special characters escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()) if collapse else text)


def _md_quote(doc: Document, index: int, terms: Sequence[str] = ()) -> str:
    """A sentence for Markdown, with the words of ``terms`` in bold."""
    text = _sentence(doc, index)
    out, at = [], 0
    for start, end in term_spans(text, terms):
        out += [_md(text[at:start], collapse=False), f"**{_md(text[start:end])}**"]
        at = end
    out.append(_md(text[at:], collapse=False))
    return "".join(out)


def _comparison_markdown(library: Library, comparison: Comparison, a: Document, b: Document) -> str:
    lines = [f"# {_md(a.title)} / {_md(b.title)}", ""]
    for side, doc in (("A", a), ("B", b)):
        byline = ", ".join(p for p in (doc.source, doc.place) if p)
        lines.append(
            f"- **{side}**: {_md(doc.title)} (`{doc.id}`{', ' + _md(byline) if byline else ''})"
        )
    lines.append("")
    if comparison.shared_terms:
        lines += [f"Both use: {', '.join(_md(t) for t in comparison.shared_terms)}", ""]
    for name, facet in comparison.facets.items():
        info = library.taxonomy.get(name)
        lines += [
            f"## {_md(info.label)} ({info.letter})",
            "",
            f"{len(facet.pairs)} paired · {len(facet.only_a)} only in A · "
            f"{len(facet.only_b)} only in B",
            "",
        ]
        if facet.pairs:
            lines += ["### Said by both", ""]
            for n, pair in enumerate(facet.pairs, 1):
                shared = ", ".join(_md(t) for t in pair.shared_terms)
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
        n_a = len(facet.pairs) + len(facet.only_a)
        n_b = len(facet.pairs) + len(facet.only_b)
        for line in _silences(name, n_a, n_b):
            lines += [f"*{line}*", ""]
    return "\n".join(lines)


def _compare_many(args: argparse.Namespace, library: Library) -> int:
    matrix = library.matrix(args.docs, args.facet)
    docs = {info.id: library.document(info.id) for info in matrix.documents}
    empty = not any(i for row in matrix.cells.values() for i in row.values())
    code = NOTHING_FOUND if args.facet and empty else FOUND
    if args.json:
        print_json(_matrix_json(matrix, docs))
    elif args.markdown:
        sys.stdout.write(_matrix_markdown(library, matrix, docs))
    else:
        _print_matrix(library, matrix, docs)
    return code


def _first_preview(doc: Document, indexes: Sequence[int]) -> str:
    return _preview(doc, indexes[0]) if indexes else ""


def _matrix_json(matrix: FacetMatrix, docs: dict[str, Document]) -> dict:
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


def _short_ids(library: Library, documents: Sequence[DocumentInfo]) -> dict[str, str]:
    """Each document's shortest id prefix (3 characters or more) that is still unique."""
    every = [d.id for d in library.documents()]
    short = {}
    for doc in documents:
        for n in range(min(3, len(doc.id)), len(doc.id) + 1):
            prefix = doc.id[:n]
            if sum(i.startswith(prefix) for i in every) == 1:
                short[doc.id] = prefix
                break
        else:
            short[doc.id] = doc.id
    return short


def _print_matrix(library: Library, matrix: FacetMatrix, docs: dict[str, Document]) -> None:
    console = stdout_console()
    short = _short_ids(library, matrix.documents)
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
        facet = library.taxonomy.get(name)
        label = Text(f"{facet.letter} ", render.facet_style(facet) + Style(bold=True))
        label.append(facet.label, render.facet_style(facet))
        cells: list[Text] = []
        for info in matrix.documents:
            indexes = row[info.id]
            if not indexes:
                cells.append(Text("0  says nothing", style="dim"))
                continue
            cell = Text(str(len(indexes)), style="bold")
            cell.append("\n" + _preview(docs[info.id], indexes[0], limit), style="dim")
            cells.append(cell)
        table.add_row(label, *cells)
    console.print(table)


def _matrix_markdown(library: Library, matrix: FacetMatrix, docs: dict[str, Document]) -> str:
    short = _short_ids(library, matrix.documents)
    lines = ["# Facets across documents", ""]
    lines += [f"- `{short[d.id]}`: {_md(d.title)} (`{d.id}`)" for d in matrix.documents]
    lines += ["", "| facet | " + " | ".join(f"`{short[d.id]}`" for d in matrix.documents) + " |"]
    lines.append("| --- " * (len(matrix.documents) + 1) + "|")
    for name, row in matrix.cells.items():
        facet = library.taxonomy.get(name)
        cells = []
        for info in matrix.documents:
            indexes = row[info.id]
            preview = _first_preview(docs[info.id], indexes)
            cells.append(f"{len(indexes)}: {_md(preview)}" if indexes else "0")
        lines.append(f"| {_md(facet.label)} | " + " | ".join(cells) + " |")
    lines.append("")
    return "\n".join(lines)


def cmd_topics(args: argparse.Namespace) -> int:
    from index.topics import load_taxonomy

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
    library = Library.open(args.corpus, args.topics, refresh=False)
    with progress_bar("indexing", always=True) as progress:
        report = library.refresh(progress, rebuild=args.rebuild)
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


def cmd_reader(args: argparse.Namespace) -> int:
    if not sys.stdout.isatty() or os.environ.get("TERM") == "dumb":
        warn(
            "the reader needs an interactive terminal; use `kread list`, `kread show DOC` "
            "or `kread search QUERY` (see `kread --help`)"
        )
        return BAD_INPUT
    from tui.app import run_reader

    return run_reader(corpus=args.corpus, topics=args.topics)


COMMANDS: dict[str | None, Callable[[argparse.Namespace], int]] = {
    None: cmd_reader,
    "list": cmd_list,
    "show": cmd_show,
    "search": cmd_search,
    "compare": cmd_compare,
    "topics": cmd_topics,
    "index": cmd_index,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except KreadError as error:
        stderr_console().print(Text(f"kread: error: {error}", style="red"), soft_wrap=True)
        return BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader of our output went away (e.g. `| head`): nothing more to say.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return FOUND


if __name__ == "__main__":
    sys.exit(main())
