"""SVG snapshots of the main screens at 80x24 and 120x40 (update with --snapshot-update)."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from kread.tui.app import KreadApp
from kread.tui.widgets.reader import Reader
from tests.pilot import ready, wait_until

SIZES = [(80, 24), (120, 40)]


@pytest.fixture(autouse=True)
def _steady_screen(monkeypatch):
    """No blinking cursor and no animations: the same screen every run."""
    monkeypatch.setattr(Input, "cursor_blink", False)
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")


async def _settled(pilot) -> None:
    """What the keys started has finished: its workers, then the messages they posted."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def _ready(pilot) -> None:
    await ready(pilot)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_main_screen(snap_compare, size):
    async def open_second(pilot):
        await _ready(pilot)
        await pilot.press("j", "enter", "]")
        await pilot.pause()

    assert snap_compare(KreadApp(), terminal_size=size, run_before=open_second)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_search_results(snap_compare, size):
    async def search(pilot):
        await _ready(pilot)
        await pilot.press("slash", *'"blood pressure"')
        screen = pilot.app.screen
        await wait_until(pilot, lambda: screen.result is not None)
        await pilot.pause()

    assert snap_compare(KreadApp(), terminal_size=size, run_before=search)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_help(snap_compare, size):
    async def help_screen(pilot):
        await _ready(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(KreadApp(), terminal_size=size, run_before=help_screen)


async def _compare(pilot, keys: tuple[str, ...]) -> None:
    await _ready(pilot)
    await pilot.press("j", "m", "G", "m", "c", *keys)
    await _settled(pilot)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_compare_aligned(snap_compare, size):
    async def aligned(pilot):
        await _compare(pilot, ("]", "]", "]"))  # the risks section

    assert snap_compare(KreadApp(), terminal_size=size, run_before=aligned)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_compare_full_text(snap_compare, size):
    async def full_text(pilot):
        await _compare(pilot, ("v",))
        sides = pilot.app.screen.query(Reader)
        # both sides laid out for their width
        await wait_until(pilot, lambda: all(side.virtual_size.height > 0 for side in sides))
        await pilot.press("]")
        await _settled(pilot)

    assert snap_compare(KreadApp(), terminal_size=size, run_before=full_text)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_compare_matrix(snap_compare, size):
    async def matrix(pilot):
        await _ready(pilot)
        await pilot.press("m", "m", "m", "m", "m", "c")  # all five bundled articles
        await _settled(pilot)

    assert snap_compare(KreadApp(), terminal_size=size, run_before=matrix)
