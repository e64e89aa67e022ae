"""`kread serve` in a real headless browser: the page loads, the document list shows, a
search can be typed. The browser is the system's Chromium, driven by Playwright; what
the reader draws is read from the terminal stream the page receives."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="needs Chromium (apt install chromium)")
KREAD = [sys.executable, "-m", "kread.tui.cli"]
# Escape sequences, so that what the reader drew reads as text.
ESCAPES = re.compile(
    r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[PX^_][^\x1b]*\x1b\\|.)"
)
# Chromium on a closed network: no background connections, no first-run work.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(
    condition, seconds: float, what: str, pause=lambda: time.sleep(0.1), shown=None
) -> None:
    """Wait for ``condition``; ``pause``: how to wait a moment (a page's own wait lets its
    events through, which a sleep would hold back); ``shown``: what the screen holds,
    told when the wait fails."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        pause()
    end = f"; the screen ends with {' '.join(shown().split())[-400:]!r}" if shown else ""
    raise AssertionError(f"timed out waiting for {what}{end}")


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


@pytest.fixture
def served(tmp_path: Path, isolated_cache: Path) -> Iterator[str]:
    port = free_port()
    env = {**os.environ, "KREAD_CACHE_DIR": str(isolated_cache)}
    server = subprocess.Popen(
        [*KREAD, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_for(lambda: answers(url) or server.poll() is not None, 30, "the server")
        assert server.poll() is None, "kread serve ended at once"
        yield url
    finally:
        os.killpg(server.pid, 15)  # the server and the reader it started for the page
        server.wait(timeout=10)


def test_the_served_reader_shows_the_list_and_takes_a_search(served: str):
    playwright = pytest.importorskip("playwright.sync_api")
    drawn: list[bytes] = []

    def screen() -> str:
        return ESCAPES.sub("", b"".join(drawn).decode("utf-8", "replace"))

    with playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 800})
            page.on(
                "websocket",
                lambda ws: ws.on(
                    "framereceived", lambda frame: isinstance(frame, bytes) and drawn.append(frame)
                ),
            )
            page.goto(served)
            pause = partial(page.wait_for_timeout, 100)
            wait_for(lambda: "5 documents" in screen(), 120, "the document list", pause, screen)
            assert "Ketamine" in screen()
            assert "Traceback" not in screen()

            # Keys go to the terminal's input; a click could land on a row and open it first.
            page.focus(".xterm-helper-textarea")
            drawn.clear()
            page.keyboard.type("sTriwest")
            wait_for(
                lambda: "Triwest" in screen() and "hit" in screen(),
                90,
                "search hits",
                pause,
                screen,
            )
        finally:
            browser.close()


def test_serve_on_a_port_in_use_is_one_line(tmp_path: Path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        run = subprocess.run(
            [*KREAD, "serve", "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=30,
            env={**os.environ, "KREAD_CACHE_DIR": str(tmp_path)},
        )
    assert run.returncode == 2
    assert run.stderr.strip().splitlines() == [
        f"kread: error: port {port} on 127.0.0.1 is in use; give another with --port N"
    ]
