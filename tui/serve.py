"""`kread serve`: the reader in a web browser, for colleagues who do not use a terminal.

textual-serve runs one reader process per browser tab and relays its screen; its page,
scripts and fonts ship in its wheel, so a served reader needs no network."""

from __future__ import annotations

import argparse
import errno
import os
import shlex
import socket
import sys
from pathlib import Path

from kread.index.errors import KreadError

# The reader refuses a stdout that is not a terminal unless Textual is told to draw for
# a browser: textual-serve says so in this variable.
WEB_DRIVER_VARIABLE = "TEXTUAL_DRIVER"


def served_by_browser() -> bool:
    """Whether this process is a reader that textual-serve started for a browser tab."""
    return "web_driver" in os.environ.get(WEB_DRIVER_VARIABLE, "")


def reader_command(corpus: str | None, topics: str | None, max_file_bytes: int) -> str:
    """The shell command that starts one reader, with this command's options."""
    argv = [sys.executable, "-m", "kread.tui.cli", "--max-file-size", str(max_file_bytes)]
    if corpus is not None:
        argv += ["--corpus", str(Path(corpus).expanduser().resolve())]
    if topics is not None:
        argv += ["--topics", str(Path(topics).expanduser().resolve())]
    return shlex.join(argv)


def check_free(host: str, port: int) -> None:
    """A one-line `KreadError` now, rather than a traceback from the server later."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        try:
            probe.bind((host, port))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise KreadError(
                    f"port {port} on {host} is in use; give another with --port N"
                ) from None
            raise KreadError(f"cannot serve on {host}:{port}: {error.strerror}") from None


def serve(
    corpus: str | None, topics: str | None, max_file_bytes: int, host: str, port: int
) -> None:
    """Serve the reader on ``host``:``port`` until interrupted."""
    check_free(host, port)
    from textual_serve.server import Server

    command = reader_command(corpus, topics, max_file_bytes)
    server = Server(command, host=host, port=port, title="kread")
    server.serve()


def cmd_serve(args: argparse.Namespace) -> int:
    serve(args.corpus, args.topics, args.max_file_size, args.host, args.port)
    return 0
