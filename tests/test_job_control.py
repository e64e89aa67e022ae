"""Ctrl-Z and `fg` in a real shell, in tmux: kread stops, the shell has the terminal, and
`fg` brings the reader back, drawn and answering keys."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.hostile import KREAD, WAIT

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")


class Tmux:
    """One tmux session running an interactive bash, 80x24."""

    def __init__(self, cache: Path) -> None:
        self.name = f"kread-test-{uuid.uuid4().hex[:8]}"
        subprocess.run(
            ["tmux", "new-session", "-d", "-s", self.name, "-x", "80", "-y", "24",
             "env", f"KREAD_CACHE_DIR={cache}", "PS1=$ ", "TERM=xterm-256color",
             "bash", "--norc", "--noprofile", "-i"],
            check=True,
        )  # fmt: skip

    def send(self, *keys: str) -> None:
        subprocess.run(["tmux", "send-keys", "-t", self.name, *keys], check=True)

    def screen(self) -> str:
        return subprocess.run(
            ["tmux", "capture-pane", "-p", "-t", self.name], capture_output=True, text=True
        ).stdout

    def wait_for(self, text: str) -> str:
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            shown = self.screen()
            if text in shown:
                return shown
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never shown; the screen:\n{self.screen()}")

    def close(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.name], check=False)


@pytest.fixture
def tmux(tmp_path: Path, isolated_cache: Path) -> Iterator[Tmux]:
    session = Tmux(isolated_cache)
    try:
        yield session
    finally:
        session.close()


def test_ctrl_z_stops_kread_and_fg_brings_it_back(tmux: Tmux):
    tmux.send(shlex.join(KREAD), "Enter")
    tmux.wait_for("Ketamine")  # a bundled article's title
    tmux.send("C-z")
    stopped = tmux.wait_for("Stopped")
    assert "$ " in stopped.splitlines()[-1] or "$" in stopped  # the shell has the terminal
    tmux.send("echo shell-answers", "Enter")
    tmux.wait_for("shell-answers")
    tmux.send("fg", "Enter")
    tmux.wait_for("Ketamine")
    tmux.send("?")  # the reader answers keys again
    tmux.wait_for("Put kread in the background")
    tmux.send("Escape")
    tmux.send("C-q")
    tmux.wait_for("$ ")
    tmux.send("echo exit=$?", "Enter")
    tmux.wait_for("exit=0")
