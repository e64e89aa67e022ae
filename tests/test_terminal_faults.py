"""The reader under terminal faults, with a real `kread` in a pseudo-terminal: the connection
drops (SIGHUP), the process is told to stop (SIGTERM), there is no terminal to draw on
(`TERM=dumb`, output to a file or a pipe), and the window shrinks to 20x5 and back.

Nothing may be lost: after every fault the index still opens and lists every document."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
from pathlib import Path

import pytest
from hostile import KREAD, WAIT, Terminal, kread_env

HINT = "use `kread list`, `kread show DOC` or `kread search QUERY`"
DOCUMENTS = 60
SHOWN = "note 0."  # in the first document's text, not marked by a facet: drawn in one piece


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """Enough short articles that building their index takes a moment."""
    folder = tmp_path / "articles"
    folder.mkdir()
    for i in range(DOCUMENTS):
        (folder / f"doc{i:03}.txt").write_text(
            f"Article {i} on ketamine\n\n"
            f"Ketamine blocks NMDA receptors, note {i}. It can raise blood pressure. "
            "The FDA approved esketamine in 2019 for treatment-resistant depression.\n",
            encoding="utf-8",
        )
    return folder


def listed(corpus: Path) -> list[str]:
    """The ids `kread list --json` gives for ``corpus`` (it must succeed)."""
    done = subprocess.run(
        [*KREAD, "--corpus", str(corpus), "list", "--json"],
        env=kread_env(),
        capture_output=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return [d["id"] for d in json.loads(done.stdout)["documents"]]


def assert_nothing_lost(corpus: Path) -> None:
    """Every document listed, and the index whole: `kread index` finds nothing to redo."""
    assert listed(corpus) == [f"doc{i:03}" for i in range(DOCUMENTS)]
    done = subprocess.run(
        [*KREAD, "--corpus", str(corpus), "index"],
        env=kread_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"up to date: {DOCUMENTS} documents"), done.stdout


def start_reader(corpus: Path, columns: int = 100, rows: int = 30, nohup: bool = False) -> Terminal:
    return Terminal([*KREAD, "--corpus", str(corpus)], kread_env(), columns, rows, nohup=nohup)


# -- signals -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fault, when",
    [
        ("hang up", "indexing"),
        ("hang up", "ready"),
        ("SIGTERM", "indexing"),
        ("SIGTERM", "ready"),
        ("hang up under nohup", "ready"),
    ],
)
def test_a_hang_up_or_sigterm_ends_the_reader_and_loses_nothing(corpus, fault, when):
    with start_reader(corpus, nohup=fault.endswith("nohup")) as term:
        if when == "indexing":  # as soon as the build shows progress (or, if quicker, ends)
            term.wait_for(re.compile(rb"Indexing \d+ of|" + re.escape(SHOWN.encode())))
        else:
            term.wait_for(SHOWN.encode())  # a document shown: the index is open
            term.wait_quiet()
        if fault.startswith("hang up"):
            term.hang_up()  # the master side closes: the kernel sends SIGHUP
        else:
            term.signal(signal.SIGTERM)
        code = term.wait_exit(timeout=10)
        assert code != 0 or fault == "SIGTERM"
        assert term.session_processes() == []  # no child left behind
    assert_nothing_lost(corpus)


# -- no terminal to draw on ----------------------------------------------------------------------


def test_term_dumb_prints_the_hint_and_does_not_draw(corpus):
    with Terminal([*KREAD, "--corpus", str(corpus)], kread_env(TERM="dumb")) as term:
        assert term.wait_exit() == 2
        term.wait_quiet(0.2, timeout=5)
        output = bytes(term.output)
    assert b"\x1b" not in output
    lines = output.decode().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kread: ")
    assert HINT in lines[0]


def test_output_to_a_file_prints_the_hint_and_does_not_draw(corpus, tmp_path):
    """`kread > file` in a terminal: nothing in the file, the hint on the terminal."""
    master, slave = os.openpty()
    try:
        with open(tmp_path / "out", "wb") as out:
            done = subprocess.run(
                [*KREAD, "--corpus", str(corpus)],
                stdin=slave,
                stdout=out,
                stderr=slave,
                env=kread_env(),
                timeout=WAIT,
                start_new_session=True,
            )
        os.close(slave)
        slave = -1
        shown = b""
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:
                break
            if not data:
                break
            shown += data
    finally:
        if slave >= 0:
            os.close(slave)
        os.close(master)
    assert done.returncode == 2
    assert (tmp_path / "out").read_bytes() == b""
    # Only colour for the hint: no screen switch, cursor move or clear.
    assert not re.search(rb"\x1b(?!\[[0-9;]*m)", shown), shown
    assert HINT in re.sub(r"\x1b\[[0-9;]*m", "", shown.decode())


def test_output_to_a_pipe_prints_the_hint_and_does_not_draw(corpus):
    done = subprocess.run(
        [*KREAD, "--corpus", str(corpus)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        env=kread_env(),
        timeout=WAIT,
    )
    assert done.returncode == 2
    assert done.stdout == b""
    assert b"\x1b" not in done.stderr
    assert HINT in done.stderr.decode() and len(done.stderr.decode().splitlines()) == 1


# -- resizing ------------------------------------------------------------------------------------


def shrink_and_grow(term: Terminal) -> None:
    """Resize the window down to 20x5 and back to 80x24; kread must live through each step."""
    term.wait_for(SHOWN.encode())
    term.wait_quiet()
    for columns, rows in [(60, 20), (39, 9), (20, 5), (21, 6), (20, 5), (80, 24)]:
        at = len(term.output)
        term.resize(columns, rows)
        if (columns, rows) == (20, 5):
            term.wait_for(b"Enlarge", since=at)  # asks for a larger terminal
        else:
            term.wait_for(re.compile(rb"\x1b\["), since=at)  # it redrew
        term.wait_quiet(0.3)
        assert term.process.poll() is None, f"kread ended at {columns}x{rows}"
    term.wait_for(b"Article", since=at)  # the documents again


def test_resizing_down_to_20x5_and_back_never_crashes(corpus):
    with start_reader(corpus, 80, 24) as term:
        shrink_and_grow(term)
        term.send("\x11")  # ctrl+q
        assert term.wait_exit() == 0
        assert b"Traceback" not in term.output


def test_keys_still_work_after_the_window_was_too_small(corpus):
    with start_reader(corpus, 80, 24) as term:
        shrink_and_grow(term)
        term.wait_quiet()
        at = len(term.output)
        term.send("j")  # the cursor to the next document: the list redraws
        term.wait_for(b"Article", since=at, timeout=3)


def test_q_q_typed_in_one_go_in_the_reader_goes_back_and_quits(corpus):
    """The second q of one read waits for the first to have moved to the list, where q
    quits (it was taken as a second "back" and lost)."""
    with start_reader(corpus, 80, 24) as term:
        term.wait_for(b"Article 0")
        term.wait_quiet()
        term.send("\r")  # the first article in the reader
        term.wait_quiet(1.0)
        term.send("qq")
        assert term.wait_exit() == 0
