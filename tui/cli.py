"""The `kread` command: arguments, exit codes, errors, and dispatch to the reader or a
sub-command.

Exit codes (`output`): 0 success, 1 a search or filter that found nothing, 2 bad usage or
input. Nothing heavy is imported here: the reader (Textual) and the sub-commands in
`tui.commands` (the index and Whoosh) are imported only when they run, so the reader
can paint before the index loads and the sub-commands never load Textual.
"""

from __future__ import annotations

import argparse
import gc
import os
import signal
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kread.index.errors import KreadError
from kread.index.reading.limits import max_file_bytes, parse_size
from kread.tui.output import BAD_INPUT, FOUND, INTERRUPTED, error, warn

if TYPE_CHECKING:
    from kread.tui.settings import Settings

EXPORT_FORMATS = ("markdown", "csv", "qdpx", "quotes")


class _Version(argparse.Action):
    """``--version``, looked up only when asked: reading the metadata costs every command."""

    def __init__(self, option_strings: Sequence[str], dest: str, help: str | None = None) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help=help)

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        from importlib.metadata import PackageNotFoundError, version

        try:
            found = version("kread")
        except PackageNotFoundError:  # a source tree that was never installed
            found = "unknown"
        print(f"kread {found}")
        parser.exit()


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
        common.add_argument(
            "--max-file-size",
            metavar="SIZE",
            default=default,
            help="skip files larger than this, e.g. 500K, 20M, 1G "
            "(default: $KREAD_MAX_FILE_SIZE, else 20M)",
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
    parser.add_argument("--version", action=_Version, help="print kread's version and exit")
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
    p.add_argument(
        "--why",
        type=positive_int,
        metavar="N",
        help="why sentence N (from 1) has its facets: the topics file lines and words that matched",
    )
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

    p = command(
        "points",
        "the points documents make: who makes each, who is silent, who disagrees",
    )
    p.add_argument(
        "docs", nargs="*", metavar="DOC", help="document ids or unique prefixes (default: all)"
    )
    facet_option(p, "only this facet")
    output = p.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print JSON for scripts")
    output.add_argument("--markdown", action="store_true", help="print a Markdown report")

    p = command(
        "appraise",
        "one document item by item (sources, date, risks, ...): the sentences that answer "
        "each, what it does not tell you, its balance",
    )
    p.add_argument("doc", metavar="DOC", help="a document id or a unique prefix of one")
    output = p.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print JSON for scripts")
    output.add_argument("--markdown", action="store_true", help="print a Markdown report")

    p = command(
        "export",
        "the appraisal work leaves kread: a Markdown report of the corpus, the worksheet "
        "as CSV, or a REFI-QDA project (.qdpx) for QualCoder, NVivo, ATLAS.ti or MAXQDA; "
        "or the sentences quoted with y, in Markdown with citations",
    )
    p.add_argument(
        "format", choices=EXPORT_FORMATS, metavar="FORMAT", help="markdown, csv, qdpx or quotes"
    )
    p.add_argument(
        "docs", nargs="*", metavar="DOC", help="document ids or unique prefixes (default: all)"
    )
    p.add_argument(
        "--output",
        "-o",
        metavar="FILE",
        help="write to FILE, whole or not at all (default, or -: stdout; qdpx needs a FILE)",
    )
    p.add_argument("--force", action="store_true", help="replace FILE if it exists")

    p = command("topics", "the facet taxonomy in force")
    json_option(p)

    p = command("serve", "the reader in a web browser (one reader per browser tab)")
    p.add_argument(
        "--port", type=positive_int, default=8000, metavar="N", help="the port (default 8000)"
    )
    p.add_argument(
        "--host",
        default="127.0.0.1",
        metavar="ADDRESS",
        help="the address to listen on (default 127.0.0.1: this machine only; "
        "0.0.0.0 lets anyone who can reach it read)",
    )

    p = command("index", "build or update the index")
    p.add_argument("--rebuild", action="store_true", help="index every document afresh")
    p.add_argument(
        "--jobs",
        "-j",
        type=positive_int,
        metavar="N",
        help="processes that read files in a large update (default: one per CPU)",
    )
    return parser


def positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number of 1 or more")
    return number


def file_size_limit(value: str | None) -> int:
    """The size limit in bytes: ``--max-file-size``, else ``KREAD_MAX_FILE_SIZE``, else
    20 MiB; a bad value is a one-line `KreadError`."""
    if value is None:
        return max_file_bytes()
    try:
        return parse_size(value)
    except ValueError as error:
        raise KreadError(f"--max-file-size: {error}") from None


def cmd_reader(args: argparse.Namespace) -> int:
    from kread.tui.serve import served_by_browser

    terminal = sys.stdout.isatty() and os.environ.get("TERM") != "dumb"
    if not terminal and not served_by_browser():
        warn(
            "the reader needs an interactive terminal; use `kread list`, `kread show DOC` "
            "or `kread search QUERY` (see `kread --help`)"
        )
        return BAD_INPUT
    from kread.tui.app import run_reader

    return run_reader(
        corpus=args.corpus,
        topics=args.topics,
        max_file_bytes=args.max_file_size,
        settings=args.settings,
    )


def settings_for(args: argparse.Namespace) -> Settings:
    """The settings file's, with its default corpus taken where no ``--corpus`` is given.
    Its problems are said once: here for a command, by the reader for the reader."""
    from kread.tui.settings import load_settings

    settings = load_settings()
    if settings.corpus is not None and args.corpus is None:
        folder = Path(settings.corpus).expanduser()
        if folder.is_dir():
            args.corpus = str(folder)
        else:
            problem = settings.problem(
                "corpus",
                f"corpus {settings.corpus[:80]!r} is not a folder; using the bundled "
                "articles (fix the setting, or give --corpus)",
            )
            settings = settings._replace(problems=(*settings.problems, problem))
    if args.command is not None:
        for problem in settings.problems:
            warn(problem)
    return settings


def command(name: str | None) -> Callable[[argparse.Namespace], int]:
    """The function that runs command ``name`` (None: the reader), imported on demand."""
    if name is None:
        return cmd_reader
    if name == "serve":
        from kread.tui.serve import cmd_serve

        return cmd_serve
    from kread.tui import commands

    return {
        "list": commands.cmd_list,
        "show": commands.cmd_show,
        "search": commands.cmd_search,
        "compare": commands.cmd_compare,
        "points": commands.cmd_points,
        "appraise": commands.cmd_appraise,
        "export": commands.cmd_export,
        "topics": commands.cmd_topics,
        "index": commands.cmd_index,
    }[name]


def main(argv: Sequence[str] | None = None) -> int:
    code = _run(argv)
    if argv is None:
        # kread is the program and its work is done. Python drops its Ctrl-C handler
        # while it exits, so a Ctrl-C landing then killed it mid-exit: the shell saw a
        # death by SIGINT instead of the command's own status.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    return code


# Commands that answer from the index and end: what they make is freed as it goes, and
# the collector's passes over the objects their imports create were a twentieth of a
# warm search. The reader, `index` and the exports keep the collector.
_ANSWERS = frozenset({"search", "list", "show", "topics"})


def _run(argv: Sequence[str] | None) -> int:
    args = build_parser().parse_args(argv)
    if argv is None and args.command in _ANSWERS:
        gc.disable()
    try:
        args.max_file_size = file_size_limit(args.max_file_size)
        args.settings = settings_for(args)
        return command(args.command)(args)
    except KreadError as problem:
        error(str(problem))
        return BAD_INPUT
    except KeyboardInterrupt:
        return INTERRUPTED
    except BrokenPipeError:
        # The reader of our output went away (e.g. `| head`): nothing more to say.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return FOUND


if __name__ == "__main__":
    sys.exit(main())
