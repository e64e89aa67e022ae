"""The reader never waits on the library: its calls run in workers while keys go on, and
a worker that fails says so in one line while kread keeps running."""

from __future__ import annotations

import threading

import pytest
from pilot import bar_text, ready, wait_until
from textual.widgets import Input

from kread.index.library import Library
from kread.tui.app import KreadApp
from kread.tui.messages import IndexProgress
from kread.tui.screens.compare import CompareScreen
from kread.tui.screens.library import LibraryScreen
from kread.tui.screens.search import SearchScreen
from kread.tui.widgets.document_list import DocumentList
from kread.tui.widgets.reader import Reader

# Long enough for the test's keys; a UI thread stuck in a gated call gets out after it.
GATE_SECONDS = 5.0


class Gate:
    """Makes one `Library` method wait, once armed, until the test opens the gate; keeps
    whether each waiting call was let through by the test (True) or by the time limit."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
        self.armed = False
        self.entered = threading.Event()
        self.opened = threading.Event()
        self.waits: list[bool] = []
        original = getattr(Library, name)

        def gated(library: Library, *args, **kwargs):
            if self.armed:
                self.entered.set()
                self.waits.append(self.opened.wait(GATE_SECONDS))
            return original(library, *args, **kwargs)

        monkeypatch.setattr(Library, name, gated)

    def open(self) -> None:
        self.opened.set()


@pytest.fixture(autouse=True)
def _steady_input(monkeypatch):
    monkeypatch.setattr(Input, "cursor_blink", False)


async def test_the_cursor_moves_on_while_a_document_is_being_read(monkeypatch):
    gate = Gate(monkeypatch, "document")
    app = KreadApp()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        doc_list = screen.query_one(DocumentList)
        gate.armed = True
        await pilot.press("j")
        await wait_until(pilot, gate.entered.is_set)
        await pilot.press("j", "j")  # handled while the first document is still being read
        assert doc_list.highlighted == 3
        assert gate.waits == []  # no call has come back yet: none held the keys up
        gate.open()
        await app.workers.wait_for_complete()
        await pilot.pause()
        # Only the document the cursor stopped on is shown.
        assert screen.query_one(Reader).document.id.startswith("003")
    assert gate.waits and all(gate.waits)


async def test_keys_go_on_while_enter_waits_for_the_search(monkeypatch):
    gate = Gate(monkeypatch, "search")
    app = KreadApp()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        gate.armed = True
        await pilot.press("slash", *"veterans", "enter")  # Enter before the debounce
        await wait_until(pilot, gate.entered.is_set)
        await pilot.press("ctrl+c")  # answered at once, while the search is outstanding
        await wait_until(pilot, lambda: any("ctrl+q" in n.message for n in app._notifications))
        assert isinstance(app.screen, SearchScreen)
        assert not any(gate.waits)  # every search call is still waiting for the gate
        gate.open()
        await wait_until(pilot, lambda: app.screen is screen and screen.matches)
        assert screen.query_one(Reader).document.id.startswith("004")
        # The reader tells the bar where it landed in a message of its own.
        await wait_until(pilot, lambda: "match 1 of" in bar_text(screen))
    assert gate.waits and all(gate.waits)


async def test_a_failing_worker_says_so_and_kread_goes_on(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the comparison broke")

    monkeypatch.setattr(Library, "compare", broken)
    app = KreadApp()
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("j", "m", "G", "m", "c")
        await wait_until(pilot, lambda: bool(app._notifications))
        (note,) = [n.message for n in app._notifications]
        assert "RuntimeError: the comparison broke" in note and "\n" not in note
        assert isinstance(app.screen, CompareScreen)
        await pilot.press("q")  # and the keys still work
        assert isinstance(app.screen, LibraryScreen)
        assert len(screen.query_one(DocumentList).marked) == 2
        await pilot.press("k")
        assert screen.query_one(DocumentList).highlighted == 3
        assert app.return_code is None  # still running


async def test_a_failing_search_says_so_and_the_search_screen_stays(monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("no such field")

    monkeypatch.setattr(Library, "search", broken)
    app = KreadApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("slash", *"ketamine")
        await wait_until(pilot, lambda: bool(app._notifications))
        assert "ValueError: no such field" in list(app._notifications)[-1].message
        await pilot.press("backspace")
        search = app.screen
        assert isinstance(search, SearchScreen)
        assert search.query_one(Input).value == "ketamin"


async def test_a_burst_of_progress_folds_into_the_newest(monkeypatch):
    shown: list[int] = []
    original = LibraryScreen.on_index_progress

    def counted(screen, message):
        shown.append(message.done)
        original(screen, message)

    monkeypatch.setattr(LibraryScreen, "on_index_progress", counted)
    app = KreadApp()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        shown.clear()
        for done in range(1, 201):  # as an update of 200 files posts them, file by file
            screen.post_message(IndexProgress(done, 200))
        await pilot.pause()
        assert shown[-1] == 200 and len(shown) < 20
        assert "Indexing 200 of 200" in str(screen.query_one("#list-status").render())


async def test_a_library_that_cannot_open_ends_kread_with_one_line(monkeypatch, capsys):
    def broken(*args, **kwargs):
        raise OSError("the cache folder vanished")

    monkeypatch.setattr(Library, "open", broken)
    app = KreadApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: app.return_value is not None)
    assert app.return_value == 2  # the exit code of `kread`
    (line,) = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert line.startswith("kread: error:") and "OSError: the cache folder vanished" in line
