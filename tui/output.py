"""Where the `kread` commands write: their exit codes, one-line messages on stderr, Rich
consoles, JSON on stdout and the progress bar of an update.

Rich is imported only when something is printed for people: `kread search --json` on an
index that is up to date never loads it.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

    from kread.index.models import Progress

FOUND, NOTHING_FOUND, BAD_INPUT = 0, 1, 2
INTERRUPTED = 130  # the shell's code for a command ended by Ctrl-C


def stdout_console() -> Console:
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False)


def stderr_console() -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False)


def warn(message: str) -> None:
    """``message`` on stderr as one `kread:` line."""
    from rich.text import Text

    stderr_console().print(Text(f"kread: {message}", style="yellow"), soft_wrap=True)


def error(message: str) -> None:
    """``message`` on stderr as one `kread: error:` line."""
    from rich.text import Text

    stderr_console().print(Text(f"kread: error: {message}", style="red"), soft_wrap=True)


def print_json(data: object) -> None:
    """``data`` as JSON on stdout. Characters a terminal would act on or hide (C1 controls,
    bidi overrides, zero-width characters, undecodable bytes of a file name: a path is given
    as it is on disk) are written as ``\\u`` escapes, so the value is exact and the bytes are
    safe; ``json`` already escapes C0 controls. Indented for a terminal; piped, on one
    line, which Python's C encoder writes (indenting takes its pure-Python one, which
    took a third of `kread list --json` at 1,000 documents)."""
    if sys.stdout.isatty():
        text = json.dumps(data, ensure_ascii=False, indent=2)
    else:
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # DEL is the one ASCII character of those: an ASCII text without it has none.
    if not text.isascii() or "\x7f" in text:
        from kread.index.reading.sanitize import unsafe_in_json

        text = unsafe_in_json().sub(lambda m: json.dumps(m.group())[1:-1], text)
    sys.stdout.write(text + "\n")


@contextmanager
def progress_bar(label: str, always: bool = False) -> Iterator[Progress | None]:
    """A progress bar on stderr while the index is built, when stderr is a terminal: at
    once with ``always``, else from the first file read (none when nothing changed)."""
    if not sys.stderr.isatty():
        yield None
        return
    shown: list = []  # the bar and its task, once there is one

    def start() -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn
        from rich.progress import Progress as Bar

        bar = Bar(
            TextColumn(label),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=stderr_console(),
            transient=not always,
        )
        bar.start()
        shown.extend((bar, bar.add_task(label, total=None)))

    def update(done: int, total: int, _what: str) -> None:
        if not shown:
            start()
        shown[0].update(shown[1], completed=done, total=total)

    if always:
        start()
    try:
        yield update
    finally:
        if shown:
            shown[0].stop()
