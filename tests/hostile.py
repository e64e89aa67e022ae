"""Helpers for the fault tests: hostile input, and `kread` run in a real pseudo-terminal.

`Terminal` starts a command with a pty as its controlling terminal (stdin, stdout and stderr:
Textual draws on stderr), keeps every byte it writes, and lets a test type keys, resize the
window, send signals and wait, always with a time limit, for something to be drawn. Use it as a
context manager: on the way out the process is killed (its whole session) and reaped.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Sequence
from pathlib import Path

# The installed `kread` command beside this Python (a venv), else the same entry point.
_SCRIPT = Path(sys.executable).with_name("kread")
KREAD = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "kread.tui.cli"]
WAIT = 20.0  # seconds: the limit of every wait (a 2-core CI machine can be slow)

ESC = "\x1b"
# Escape sequences a document must never get to the terminal, each with the bytes that would
# show it did (the payloads are unique words).
ESCAPES = {
    "window title (OSC 0)": (f"{ESC}]0;pwnedtitle\x07", b"pwnedtitle"),
    "clipboard (OSC 52)": (f"{ESC}]52;c;Y2xpcGJvYXJk\x07", b"Y2xpcGJvYXJk"),
    "hyperlink (OSC 8)": (f"{ESC}]8;;http://e.vil/osc8\x07here{ESC}]8;;\x07", b"e.vil/osc8"),
    "hyperlink, ST-ended": (f"{ESC}]8;;http://e.vil/st{ESC}\\there{ESC}]8;;{ESC}\\", b"e.vil/st"),
    "screen clear, cursor home": (f"{ESC}[2J{ESC}[H", None),
    "cursor move": (f"{ESC}[10;10Hmoved", None),
    "colour": (f"{ESC}[31;1;5m", None),
    "DCS query": (f"{ESC}P+q544e{ESC}\\", b"+q544e"),
    "8-bit CSI": ("\x9b2J", None),
    "8-bit OSC": ("\x9d0;c1pwned\x9c", None),
    "bell, backspace, DEL": ("\x07\x08\x7f", None),
}
# Markup that must show as written, never style, link or run anything.
MARKUP = "[bold]B[/] [/] [@click=app.quit]Q[/] [link=http://e.vil/markup]L[/link] [$accent]V"
BIDI = "\u202eevil\u202c \u2066iso\u2069"
ZERO_WIDTH = "zero\u200bwidth\u200d\ufeff"
# What may never reach a terminal raw, as UTF-8 bytes: C1 controls and bidi overrides.
C1_UTF8 = re.compile(rb"\xc2[\x80-\x9f]")
BIDI_UTF8 = re.compile(rb"\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]")


def all_escapes() -> str:
    return " ".join(sequence for sequence, _ in ESCAPES.values())


def assert_no_document_escapes(output: bytes) -> None:
    """None of the ESCAPES payloads, no C1 control and no bidi override in ``output``."""
    for what, (_, payload) in ESCAPES.items():
        if payload is not None:
            assert payload not in output, f"{what} reached the output"
    assert not C1_UTF8.search(output), "a C1 control reached the output"
    assert not BIDI_UTF8.search(output), "a bidi override reached the output"
    # An OSC 8 hyperlink to the document's URL would make text clickable.
    assert not re.search(rb"\x1b\]8;[^\x07\x1b]*e\.vil", output), "a hyperlink was made"


def write_hostile_corpus(folder: Path) -> dict[str, str]:
    """A corpus of hostile contents, file names and metadata; its ids by role."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "a-hostile.txt").write_text(
        f"Hostile article {ESCAPES['window title (OSC 0)'][0]}heading\n\n"
        f"Escapes: {all_escapes()} end of escapes.\n\n"
        f"{MARKUP}\n\n"
        f"Bidi: {BIDI} and {ZERO_WIDTH} here.\n\n"
        "Ketamine can raise blood pressure.\n",
        encoding="utf-8",
    )
    (folder / "b-front.md").write_text(
        "---\n"
        'title: "Front \\e]0;pwnedtitle\\a [bold]matter[/] \\u202e title"\n'
        'source: "Src \\x9b2J [@click=app.quit]Q[/] \\e]52;c;Y2xpcGJvYXJk\\a"\n'
        'place: "Place [/] \\e[2J"\n'
        "---\n\n"
        "Ketamine in front matter.\n",
        encoding="utf-8",
    )
    name = f"c-name{ESC}]0;shown\x07\u202e\x9b2J\u200b"
    (folder / f"{name}.txt").write_text(
        "Named oddly\n\nKetamine infusions helped some patients.\n", encoding="utf-8"
    )
    (folder / "d-long-line.txt").write_text(
        "Long line\n\n" + "ketamine dose " * (1_000_000 // 14) + "\n", encoding="utf-8"
    )
    (folder / "catalog.yaml").write_text(
        "a-hostile.txt:\n"
        '  title: "Cat \\e]52;c;Y2xpcGJvYXJk\\a [link=http://e.vil/markup]L[/link] [/]"\n'
        '  source: "\\e[2J\\e[H Catalog [@click=app.quit]Q[/] \\u202e src"\n'
        '  date: "2024 \\x9d0;c1pwned\\x9c"\n',
        encoding="utf-8",
    )
    return {"hostile": "a-hostile", "front": "b-front", "long": "d-long-line"}


# -- processes in a pseudo-terminal --------------------------------------------------------------


def set_size(fd: int, columns: int, rows: int) -> None:
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))


def _controlling_terminal() -> None:  # in the child, after setsid()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def _controlling_terminal_under_nohup() -> None:
    signal.signal(signal.SIGHUP, signal.SIG_IGN)  # as nohup leaves it for what it runs
    _controlling_terminal()


class Terminal:
    """``args`` running in a new session with a pty of ``columns`` x ``rows`` as its terminal."""

    def __init__(
        self,
        args: Sequence[str],
        env: dict[str, str],
        columns: int = 100,
        rows: int = 30,
        cwd: str | Path | None = None,
        nohup: bool = False,
    ) -> None:
        self.master, slave = os.openpty()
        set_size(slave, columns, rows)
        try:
            self.process = subprocess.Popen(
                list(args),
                stdin=slave,
                stdout=slave,
                stderr=slave,
                env=env,
                cwd=cwd,
                start_new_session=True,
                preexec_fn=_controlling_terminal_under_nohup if nohup else _controlling_terminal,
                close_fds=True,
            )
        except BaseException:
            os.close(self.master)
            raise
        finally:
            os.close(slave)
        self.output = bytearray()
        self._stop = threading.Event()
        self._changed = threading.Condition()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        # A read blocked in another thread would keep the master open after close(): poll.
        while True:
            if self._stop.is_set():
                data = b""
            elif not select.select([self.master], [], [], 0.05)[0]:
                continue
            else:
                try:
                    data = os.read(self.master, 65536)
                except OSError:  # EIO: every process holding the slave has gone
                    data = b""
            with self._changed:
                if not data:
                    self.closed = True
                    self._changed.notify_all()
                    return
                self.output += data
                self._changed.notify_all()

    closed = False

    # -- driving ------------------------------------------------------------------------------
    def send(self, keys: str | bytes) -> None:
        os.write(self.master, keys.encode() if isinstance(keys, str) else keys)

    def resize(self, columns: int, rows: int) -> None:
        """Resize the window: the kernel sends SIGWINCH to the foreground process group."""
        set_size(self.master, columns, rows)

    def signal(self, signum: int) -> None:
        self.process.send_signal(signum)

    def hang_up(self) -> None:
        """The connection drops: the master side closes, the kernel sends SIGHUP."""
        self._stop.set()
        self._reader.join(timeout=WAIT)
        if self.master >= 0:
            os.close(self.master)
            self.master = -1

    # -- waiting ------------------------------------------------------------------------------
    def wait_for(self, marker: bytes | re.Pattern[bytes], since: int = 0, timeout: float = WAIT):
        """Wait until ``marker`` is in the output after offset ``since``; the offset after it."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                if isinstance(marker, bytes):
                    at = self.output.find(marker, since)
                    found = at + len(marker) if at >= 0 else -1
                else:
                    match = marker.search(self.output, since)
                    found = match.end() if match else -1
                if found >= 0:
                    return found
                left = deadline - time.monotonic()
                if left <= 0 or self.closed:
                    raise AssertionError(
                        f"{marker!r} not drawn in {timeout:g} s (exit code "
                        f"{self.process.poll()}); the last output: {bytes(self.output[-600:])!r}"
                    )
                self._changed.wait(min(left, 0.2))

    def wait_quiet(self, seconds: float = 0.5, timeout: float = WAIT) -> None:
        """Wait until nothing has been written for ``seconds`` (the screen has settled)."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while time.monotonic() < deadline and not self.closed:
                size = len(self.output)
                self._changed.wait(seconds)
                if len(self.output) == size:
                    return

    def wait_exit(self, timeout: float = WAIT) -> int:
        return self.process.wait(timeout=timeout)

    def text(self) -> str:
        """The output with escape sequences taken out: roughly what was drawn, in order."""
        plain = re.sub(
            rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b.", b"", self.output
        )
        return plain.decode("utf-8", "replace")

    # -- cleaning up ----------------------------------------------------------------------------
    def session_processes(self) -> list[int]:
        """Process ids still alive in the child's session (the child and anything it started)."""
        return processes_in_session(self.process.pid)

    def close(self) -> None:
        try:
            if self.process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=WAIT)
            for pid in processes_in_session(self.process.pid):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
        finally:
            self.hang_up()

    def __enter__(self) -> Terminal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def processes_in_session(sid: int) -> list[int]:
    """Live (not zombie) processes whose session id is ``sid``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # pid (comm) state ppid pgrp session ...: comm may hold spaces and parentheses.
        fields = stat[stat.rindex(")") + 2 :].split()
        if int(fields[3]) == sid and fields[0] != "Z":
            found.append(int(entry.name))
    return found


def kread_env(**extra: str) -> dict[str, str]:
    """The environment for a `kread` child: this test's (its own KREAD_CACHE_DIR) plus a
    terminal, and the repository on the path."""
    env = os.environ.copy()
    for name in ("COLUMNS", "LINES", "NO_COLOR", "TEXTUAL", "COLORTERM"):
        env.pop(name, None)
    env["TERM"] = "xterm-256color"
    root = str(Path(__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
    env.update(extra)
    return env
