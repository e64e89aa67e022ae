"""Time from launch to the first screen with the document titles, in a pty, kread vs bare Textual.

    python bench/launch.py                  # 7 runs of each app, alternating
    python bench/launch.py --runs 15 --json figures.json
    python bench/launch.py --debug          # also print what one run of each app drew

Each app runs in a pseudo-terminal of 80x24 (TERM=xterm-256color) with the pty as its
stdin, stdout and stderr, as in a real terminal. The clock starts just before the process
is spawned and stops when its output, with escape sequences stripped and whitespace
collapsed, first contains the marker. For kread (on the bundled articles or ``--corpus``,
with an index built beforehand by `kread index` in a temporary ``KREAD_CACHE_DIR``) that is
the title of the first document, or as much of it as fits on one row of the document list ("The
Effectiveness of"): at 80 columns the list wraps titles, with the reader pane drawn between
the rows. For a bare Textual app written to a temp file it is the text of its one Label.
After the marker the app gets ctrl+q (SIGTERM, SIGKILL if it lingers) and is reaped. Each
app is launched once untimed first; bytecode is cached in a temporary
``PYTHONPYCACHEPREFIX`` (``--keep-env``: as this environment has it, e.g. no .pyc at all
with PYTHONDONTWRITEBYTECODE). Printed: median, min and max of the time to the first output
byte and to the marker, the ratio kread/bare of the medians (the target is at most 1.3),
kread's start-up steps timed in one process, and the ten imports of
``python -X importtime -c "import kread.tui.app"`` with the largest cumulative time.
Figures only, no thresholds; not a test.
"""

from __future__ import annotations

import codecs
import contextlib
import fcntl
import json
import os
import platform
import re
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from common import bytecode_env, find_kread, make_parser, parse_args

ROOT = Path(__file__).resolve().parent.parent
ROWS, COLS = 24, 80
TARGET_RATIO = 1.3  # kread's first screen, at most this times the bare app's (issue 6)
TIMEOUT = 30.0  # seconds to wait for a marker before giving up on a run
BARE_MARKER = "Bare Textual app ready 4711"
BARE_APP = f'''\
from textual.app import App, ComposeResult
from textual.widgets import Label


class Bare(App):
    def compose(self) -> ComposeResult:
        yield Label("{BARE_MARKER}")


if __name__ == "__main__":
    Bare().run()
'''

# Escape sequences: CSI (cursor moves, SGR, modes), OSC and DCS strings, two-byte escapes.
CSI = r"\x1b\[[0-?]*[ -/]*[@-~]"
OSC = r"\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"
DCS = r"\x1bP.*?\x1b\\"
ANSI = re.compile(rf"{CSI}|{OSC}|{DCS}|\x1b(?![\[\]P])[ -~]", re.S)
# Sequences that move the cursor somewhere else: stand in a line break for them, so that
# text from different places on the screen is not glued together.
MOVE = re.compile(r"\x1b\[[0-9;]*[ABCDEFGHJKSTdf]")


@dataclass
class Run:
    first_byte_ms: float
    marker_ms: float
    text: str  # the stripped output up to the read that showed the marker
    screen: str  # the screen then (with ``settle``: once the output paused), roughly


@dataclass
class Series:
    name: str
    argv: list[str]
    marker: str
    runs: list[Run] = field(default_factory=list)

    def stat(self, what: str) -> tuple[float, float, float]:
        values = [getattr(r, what) for r in self.runs]
        return statistics.median(values), min(values), max(values)


class Stripper:
    """Turns pty output into plain text as it arrives; an escape sequence split across two
    reads is held back until its end comes. Also keeps a rough ``ROWS`` x ``COLS`` picture
    of the screen (cursor positioning and text only, no colours) for ``--debug``."""

    def __init__(self) -> None:
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._pending = ""
        self.text = ""
        self.grid = [[" "] * COLS for _ in range(ROWS)]
        self._row = self._col = 0

    def feed(self, data: bytes) -> None:
        pending = self._pending + self._decoder.decode(data)
        cut = len(pending)
        last = pending.rfind("\x1b")
        # Held back: a trailing escape that does not (yet) form a whole sequence.
        if last != -1 and ANSI.match(pending, last) is None and len(pending) - last < 512:
            cut = last
        self._pending, done = pending[cut:], pending[:cut]
        self.text += ANSI.sub("", MOVE.sub("\n", done))
        self._paint(done)

    def contains(self, marker: str) -> bool:
        return " ".join(marker.split()) in " ".join(self.text.split())

    def screen(self) -> str:
        return "\n".join("".join(row).rstrip() for row in self.grid)

    def _paint(self, done: str) -> None:
        at = 0
        for match in ANSI.finditer(done):
            self._write(done[at : match.start()])
            self._escape(match.group())
            at = match.end()
        self._write(done[at:])

    def _write(self, text: str) -> None:
        for char in text:
            if char == "\r":
                self._col = 0
            elif char == "\n":
                self._row = min(self._row + 1, ROWS - 1)
            elif char >= " " and self._col < COLS:
                self.grid[self._row][self._col] = char
                self._col += 1

    def _escape(self, seq: str) -> None:
        if not seq.startswith("\x1b[") or seq[2:3] in "?<=>":
            return  # modes, queries, SGR-less private sequences: no effect on the picture
        final, params = seq[-1], [int(p) if p.isdigit() else 0 for p in seq[2:-1].split(";")]
        n = max(params[0], 1)
        if final in "Hf":
            row, col = [*params, 0, 0][:2]
            self._row, self._col = min(max(row, 1), ROWS) - 1, min(max(col, 1), COLS) - 1
        elif final == "A":
            self._row = max(self._row - n, 0)
        elif final == "B":
            self._row = min(self._row + n, ROWS - 1)
        elif final == "C":
            self._col = min(self._col + n, COLS - 1)
        elif final == "D":
            self._col = max(self._col - n, 0)
        elif final == "G":
            self._col = min(n, COLS) - 1
        elif final == "J" and params[0] == 2:
            self.grid = [[" "] * COLS for _ in range(ROWS)]
        elif final == "K" and params[0] == 0:
            self.grid[self._row][self._col :] = [" "] * (COLS - self._col)


def one_row_marker(title: str, width: int = 24) -> str:
    """The leading words of ``title`` that fit in ``width`` columns: at 80 columns the
    document list wraps a title over rows, with the reader pane drawn between them."""
    words = title.split()
    marker = words[0]
    for word in words[1:]:
        if len(marker) + 1 + len(word) > width:
            break
        marker += " " + word
    return marker


def child_env(cache_dir: Path, pycache: Path | None) -> dict[str, str]:
    """This environment for the apps, bytecode cached in ``pycache`` if given
    (``common.bytecode_env``), with the pty's terminal and ``cache_dir`` as kread's cache."""
    env = bytecode_env(pycache)
    for name in ("COLUMNS", "LINES", "NO_COLOR", "TEXTUAL"):
        env.pop(name, None)  # COLUMNS and LINES would override the pty's size
    env.update(TERM="xterm-256color", KREAD_CACHE_DIR=str(cache_dir))
    return env


def _controlling_tty() -> None:
    """In the child, after setsid: make the pty (fd 0) its controlling terminal."""
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def _wait_exit(proc: subprocess.Popen[bytes], master: int, timeout: float) -> bool:
    """Drain the pty (so the child never blocks writing) until the child exits."""
    deadline = time.monotonic() + timeout
    while proc.poll() is None:
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        ready, _, _ = select.select([master], [], [], min(left, 0.05))
        if ready:
            try:
                os.read(master, 65536)
            except OSError:  # EIO: the child closed its side
                time.sleep(0.01)
    return True


def stop(proc: subprocess.Popen[bytes], master: int) -> None:
    """ctrl+q, then SIGTERM, then SIGKILL to the child's process group; reaped."""
    with contextlib.suppress(OSError):
        os.write(master, b"\x11")  # ctrl+q
    if _wait_exit(proc, master, 3.0):
        return
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            break
        if _wait_exit(proc, master, 2.0):
            return
    proc.wait()


def _settle(master: int, stripper: Stripper, quiet: float = 0.1, most: float = 1.0) -> None:
    """Read on until the output pauses for ``quiet`` seconds (the rest of the frame)."""
    deadline = time.monotonic() + most
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], quiet)
        if not ready:
            return
        try:
            data = os.read(master, 65536)
        except OSError:
            return
        if not data:
            return
        stripper.feed(data)


def launch_once(
    argv: Sequence[str], marker: str, env: dict[str, str], settle: bool, timeout: float = TIMEOUT
) -> Run:
    """Spawn ``argv`` in a fresh 80x24 pty; time to its first output and to ``marker``
    (RuntimeError after ``timeout`` seconds). With ``settle``, the screen kept is the one
    after the output next pauses (not timed)."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
    stripper = Stripper()
    first_byte: float | None = None
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv,
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        cwd=ROOT,
        start_new_session=True,
        preexec_fn=_controlling_tty,
    )
    os.close(slave)
    try:
        deadline = time.monotonic() + timeout
        while not stripper.contains(marker):
            left = deadline - time.monotonic()
            if left <= 0:
                raise RuntimeError(f"no {marker!r} within {timeout:.0f} s:\n{stripper.text}")
            ready, _, _ = select.select([master], [], [], left)
            if not ready:
                continue
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: the child is gone
                data = b""
            if not data:
                raise RuntimeError(f"exited ({proc.wait()}) before {marker!r}:\n{stripper.text}")
            if first_byte is None:
                first_byte = time.perf_counter()
            stripper.feed(data)
        found = time.perf_counter()
        text = stripper.text
        if settle:
            _settle(master, stripper)
    finally:
        stop(proc, master)
        os.close(master)
    assert first_byte is not None
    return Run((first_byte - start) * 1000, (found - start) * 1000, text, stripper.screen())


def corpus_args(corpus: Path | None) -> list[str]:
    """``--corpus DIR`` for a corpus, nothing for the bundled articles."""
    return [] if corpus is None else ["--corpus", str(corpus)]


def first_title(kread: str, env: dict[str, str], corpus: Path | None = None) -> str:
    """The title of the first document, from `kread list --json`."""
    out = subprocess.run(
        [kread, "list", "--json", *corpus_args(corpus)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out)["documents"][0]["title"]


def measure(
    kread: str,
    runs: int,
    env: dict[str, str],
    bare_app: Path,
    corpus: Path | None = None,
    marker: str | None = None,
    debug: bool = False,
    timeout: float = TIMEOUT,
) -> tuple[list[Series], str]:
    """``runs`` launches of kread (on ``corpus``, its index already in ``env``'s
    ``KREAD_CACHE_DIR``) and of the bare app, alternating, after an untimed one of each;
    the two series and the first document's title. A launch that shows no marker within
    ``timeout`` seconds raises RuntimeError."""
    title = first_title(kread, env, corpus)
    bare_app.write_text(BARE_APP, encoding="utf-8")
    series = [
        Series("kread", [kread, *corpus_args(corpus)], marker or one_row_marker(title)),
        Series("bare Textual (one Label)", [sys.executable, str(bare_app)], BARE_MARKER),
    ]
    for s in series:  # untimed: bytecode and the OS's file cache warm up
        launch_once(s.argv, s.marker, env, settle=False, timeout=timeout)
    for i in range(runs):
        for s in series:
            settle = debug and i == 0
            s.runs.append(launch_once(s.argv, s.marker, env, settle, timeout))
    return series, title


def import_times(
    python: str, env: dict[str, str], module: str = "kread.tui.app", top: int = 10
) -> list[tuple[int, str]]:
    """The ``top`` imports with the largest cumulative time (us) under ``-X importtime``;
    names keep their indentation, which shows the nesting."""
    proc = subprocess.run(
        [python, "-X", "importtime", "-c", f"import {module}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    rows: list[tuple[int, str]] = []
    for line in proc.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _self, cumulative, name = line.removeprefix("import time:").split("|", 2)
        rows.append((int(cumulative), name[1:].rstrip()))
    return sorted(rows, key=lambda row: -row[0])[:top]


def bytecode_note(env: dict[str, str]) -> str:
    if "PYTHONPYCACHEPREFIX" in env:
        return "cached in a temporary PYTHONPYCACHEPREFIX (warmed by an untimed launch of each)"
    if env.get("PYTHONDONTWRITEBYTECODE"):
        return "PYTHONDONTWRITEBYTECODE is set: modules without a .pyc are compiled at each launch"
    return "as this environment has it"


STAGES = """\
import json, sys, time
t0 = time.perf_counter()
import kread.tui.app
t1 = time.perf_counter()
from kread.index.library import Library
library = Library.open(sys.argv[1] or None, None, refresh=False)
t2 = time.perf_counter()
first = library.documents()[0]
t3 = time.perf_counter()
library.document(first.id)
t4 = time.perf_counter()
library.refresh()
t5 = time.perf_counter()
print(json.dumps([t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4]))
"""


def kread_stages(
    python: str, env: dict[str, str], corpus: Path | None, runs: int = 3
) -> dict[str, float]:
    """Median ms of the steps the reader takes before it can list the documents, each
    timed inside one process: importing tui.app, then what its worker and the first
    document's preview do."""
    names = ("import kread.tui.app", "Library.open", "documents()", "document(first)", "refresh()")
    samples: list[list[float]] = []
    for _ in range(runs):
        out = subprocess.run(
            [python, "-c", STAGES, str(corpus or "")],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        samples.append(json.loads(out))
    return {name: statistics.median(s[i] for s in samples) * 1000 for i, name in enumerate(names)}


def format_report(series: Sequence[Series], runs: int) -> str:
    width = max(len(s.name) for s in series)
    columns = f"{'median':>8} {'min':>8} {'max':>8}"
    lines = [
        f"launch to first screen in an {COLS}x{ROWS} pty, ms (median, min, max of {runs} runs)",
        f"  {'app':<{width}}  {'first output':>26}  {'marker shown':>26}",
        f"  {'':<{width}}  {columns}  {columns}",
    ]
    for s in series:
        figures = " ".join(f"{v:>8.1f}" for v in s.stat("first_byte_ms"))
        figures += "  " + " ".join(f"{v:>8.1f}" for v in s.stat("marker_ms"))
        lines.append(f"  {s.name:<{width}}  {figures}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = make_parser(__doc__.splitlines()[0], "app")
    parser.add_argument("--marker", help="text to wait for in kread (default: the first title)")
    parser.add_argument(
        "--corpus", type=Path, help="a folder of articles (default: the bundled articles)"
    )
    parser.add_argument(
        "--debug", action="store_true", help="print the stripped output of the first run of each"
    )
    args = parse_args(parser, argv)
    kread = args.kread or find_kread("launch")
    python = sys.executable

    with tempfile.TemporaryDirectory(prefix="kread-launch-") as tmp:
        env = child_env(Path(tmp) / "cache", None if args.keep_env else Path(tmp) / "pycache")
        corpus = corpus_args(args.corpus)
        subprocess.run(
            [kread, "index", *corpus], env=env, cwd=ROOT, capture_output=True, check=True
        )
        title = first_title(kread, env, args.corpus)
        print(
            f"kread {kread}\nfirst title {title!r}, marker "
            f"{args.marker or one_row_marker(title)!r}\n"
            f"python {platform.python_version()} on {platform.platform()}, "
            f"{os.cpu_count()} CPUs\nbytecode: {bytecode_note(env)}\n",
            flush=True,
        )
        series, _ = measure(
            kread, args.runs, env, Path(tmp) / "bare_app.py", args.corpus, args.marker, args.debug
        )
        top = import_times(python, env)
        stages = kread_stages(python, env, args.corpus)

    if args.debug:
        for s in series:
            lines = (line.strip() for line in s.runs[0].text.splitlines())
            print(f"--- {s.name}: stripped output up to the marker, blank lines left out ---")
            print("\n".join(line for line in lines if line))
            print(f"--- {s.name}: the screen when the output paused after the marker ---")
            print(s.runs[0].screen)
            print(f"--- end of {s.name} ---\n")

    print(format_report(series, args.runs))
    ratio = series[0].stat("marker_ms")[0] / series[1].stat("marker_ms")[0]
    verdict = "within" if ratio <= TARGET_RATIO else "above"
    print(
        f"\n  ratio kread/bare (median to marker): {ratio:.2f}  "
        f"({verdict} the target of {TARGET_RATIO})"
    )

    print(
        "\nkread's start-up in one process, no terminal, ms (median of 3): "
        + ", ".join(f"{name} {ms:.1f}" for name, ms in stages.items())
    )
    print('\nslowest imports of `python -X importtime -c "import kread.tui.app"`, cumulative ms')
    for cumulative, name in top:
        print(f"  {cumulative / 1000:>8.1f}  {name}")

    if args.json:
        figures = {
            "runs": args.runs,
            "size": [COLS, ROWS],
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "bytecode": "env" if args.keep_env else "cached",
            "apps": {
                s.name: {
                    "argv": s.argv,
                    "marker": s.marker,
                    "first_byte_ms": [round(r.first_byte_ms, 2) for r in s.runs],
                    "first_byte_median_ms": round(s.stat("first_byte_ms")[0], 2),
                    "marker_ms": [round(r.marker_ms, 2) for r in s.runs],
                    "median_ms": round(s.stat("marker_ms")[0], 2),
                    "min_ms": round(s.stat("marker_ms")[1], 2),
                    "max_ms": round(s.stat("marker_ms")[2], 2),
                }
                for s in series
            },
            "ratio": round(ratio, 3),
            "kread_stages_ms": {name: round(ms, 2) for name, ms in stages.items()},
            "imports_tui_app_cumulative_ms": [
                {"module": name.strip(), "ms": round(us / 1000, 2)} for us, name in top
            ],
        }
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
        print(f"\nfigures written to {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
