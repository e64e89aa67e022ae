"""The reader driven by key presses, as a user would: open, move, facets, search, help, back."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from pilot import bar_text, plain, reader_lines, ready, wait_until
from textual.widgets import Input, OptionList
from textual.widgets._footer import FooterKey

from kread.index.library import Library
from kread.tui.app import KreadApp
from kread.tui.screens.help import HelpScreen
from kread.tui.screens.library import LibraryScreen
from kread.tui.screens.search import SearchScreen
from kread.tui.widgets.document_list import DocumentList
from kread.tui.widgets.reader import Reader


async def test_opens_on_the_bundled_articles_with_a_preview():
    app = KreadApp()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        doc_list = screen.query_one(DocumentList)
        assert len(doc_list.documents) == 5
        assert doc_list.has_focus
        assert screen.query_one(Reader).document.id.startswith("000")
        assert "Trauma is a common" in "\n".join(reader_lines(screen))
        # The footer shows the keys from the start, before any key is pressed.
        shown = [key.description for key in screen.query(FooterKey)]
        assert "Search" in shown and "Mark" in shown


async def test_moving_the_cursor_previews_and_enter_opens():
    app = KreadApp()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        await pilot.press("j", "j")
        assert screen.query_one(Reader).document.id.startswith("002")
        await pilot.press("enter")
        assert screen.query_one(Reader).has_focus
        await pilot.press("q")  # back one level: to the list
        assert screen.query_one(DocumentList).has_focus
        await pilot.press("tab")
        assert screen.query_one(Reader).has_focus


async def test_facet_keys_switch_marks_and_jumps_count():
    app = KreadApp()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        await pilot.press("j", "enter")  # 001: every facet present
        reader = screen.query_one(Reader)
        await pilot.press("]")
        bar = bar_text(screen)
        assert "1 of" in bar
        total_all = int(bar.split(" of ")[1].split()[0])
        await pilot.press("1", "2", "4")  # only risks stays on
        assert "mechanism" not in screen.enabled and "risks" in screen.enabled
        await pilot.press("]")
        bar = bar_text(screen)
        risks_total = reader.document.facet_counts["risks"]
        assert f"1 of {risks_total}" in bar
        assert risks_total < total_all
        await pilot.press("]", "]")
        assert f"3 of {risks_total}" in bar_text(screen)
        await pilot.press("[")
        assert f"2 of {risks_total}" in bar_text(screen)
        gutter = "".join(line[:6] for line in reader_lines(screen))
        assert "R" in gutter and "M" not in gutter and "B" not in gutter


async def test_search_as_you_type_then_open_a_hit_at_its_matches():
    app = KreadApp()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        await pilot.press("slash")
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"hallucinations")
        search = app.screen
        await wait_until(pilot, lambda: search.result is not None and search.result.total == 1)
        status = str(search.query_one("#search-status").render())
        assert "1 hit" in status
        await pilot.press("enter")
        assert app.screen is screen
        reader = screen.query_one(Reader)
        assert reader.document.id.startswith("004")
        assert reader.has_focus
        assert "match 1 of 1" in bar_text(screen)
        assert any("hallucinations" in line for line in reader_lines(screen))


async def test_n_and_N_step_through_matches():
    app = KreadApp()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        await pilot.press("slash", *"ketamine")
        search = app.screen
        await wait_until(pilot, lambda: search.result is not None and search.result.total == 5)
        await pilot.press("down", "enter")
        total = int(bar_text(screen).split("match 1 of ")[1].split()[0])
        assert total > 3
        await pilot.press("n", "n")
        assert f"match 3 of {total}" in bar_text(screen)
        await pilot.press("N")
        assert f"match 2 of {total}" in bar_text(screen)
        await pilot.press("N", "N")  # wraps around
        assert f"match {total} of {total}" in bar_text(screen)


async def test_stale_results_never_overwrite_newer_ones():
    app = KreadApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("slash", *"veterans")
        search = app.screen
        await pilot.press(*(["backspace"] * 8), *"NMDA")
        await wait_until(pilot, lambda: search.result is not None and search.result.query == "NMDA")
        await pilot.pause(0.5)
        assert search.result.query == "NMDA"
        assert search.result.total == 3


async def test_enter_before_the_debounce_opens_the_typed_query():
    app = KreadApp()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        await pilot.press("slash", *"veterans", "enter")
        assert app.screen is screen
        assert screen.query_one(Reader).document.id.startswith("004")


async def test_search_filters_did_you_mean_and_back():
    app = KreadApp()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        await pilot.press("slash", *"neuroplastisity")
        search = app.screen
        await wait_until(pilot, lambda: search.result is not None)
        # Nothing found: once typing pauses, a better spelling is offered.
        status = search.query_one("#search-status")
        await wait_until(pilot, lambda: "did you mean" in str(status.render()))
        await pilot.press("ctrl+y")
        await wait_until(pilot, lambda: search.result.total == 3)
        await pilot.press("down")
        assert search.query_one(OptionList).has_focus
        await pilot.press("3")  # keep hits that have a risks sentence
        await wait_until(pilot, lambda: search.filters == ["risks"] and search.result.total <= 3)
        assert "only: risks" in str(search.query_one("#search-status").render())
        await pilot.press("escape")
        assert app.screen is screen
        # A letter key after the search screen closes is a binding, not typed text.
        await pilot.press("j")
        assert screen.query_one(DocumentList).highlighted == 1


async def test_help_lists_keys_syntax_and_facets():
    app = KreadApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = "\n".join(plain(s.content) for s in app.screen.query("Static"))
        for expected in (
            "Next sentence of the facets",
            '"blood pressure"',
            "Regulation",
            "ctrl+q",
            "1-4",
        ):
            assert expected in text
        await pilot.press("escape")
        assert isinstance(app.screen, LibraryScreen)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("q")
        assert isinstance(app.screen, LibraryScreen)


async def test_palette_opens_a_document():
    app = KreadApp()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"Open: Exploring")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await wait_until(pilot, lambda: screen.query_one(Reader).document.id.startswith("003"))


async def test_tiny_terminal_shows_a_notice_and_recovers():
    app = KreadApp()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        await pilot.resize_terminal(30, 8)
        await pilot.pause()
        assert screen.has_class("-too-small")
        assert screen.query_one("#too-small").display
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert not screen.has_class("-too-small")
        assert screen.query_one(Reader).display


async def test_narrow_terminal_shows_one_pane_at_a_time():
    app = KreadApp()
    async with app.run_test(size=(60, 24)) as pilot:
        screen = await ready(pilot)
        assert screen.query_one("#list-pane").display
        assert not screen.query_one("#reader-pane").display
        await pilot.press("enter")
        assert screen.query_one("#reader-pane").display
        assert not screen.query_one("#list-pane").display


async def test_quit_keys():
    app = KreadApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+q")
    assert app.return_code == 0


async def test_a_folder_it_never_saw(small_corpus: Path):
    app = KreadApp(corpus=small_corpus)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        assert len(screen.query_one(DocumentList).documents) == 3
        await pilot.press("slash", *"glutamate", "enter")
        assert screen.query_one(Reader).document.id == "beta"


@pytest.fixture(autouse=True)
def _steady_input(monkeypatch):
    monkeypatch.setattr(Input, "cursor_blink", False)


async def test_a_theme_that_uses_the_terminals_own_colours_is_offered():
    app = KreadApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        assert "ansi-dark" in app.available_themes
        await pilot.press("ctrl+p", *"theme")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause(0.3)
        await pilot.press(*"ansi")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.theme.startswith("ansi-"))


async def test_many_unreadable_files_give_a_few_warnings_not_a_flood(small_corpus: Path):
    for n in range(12):
        (small_corpus / f"empty{n}.txt").write_text("")
    app = KreadApp(corpus=small_corpus)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await wait_until(pilot, lambda: len(app._notifications) >= 4)
        await pilot.pause(0.3)
        messages = [n.message for n in app._notifications]
        assert len(messages) == 4
        assert "skipped empty0.txt" in messages[0]
        assert messages[-1].startswith("9 more warnings")


# -- keys typed before the library is ready ---------------------------------------
@pytest.fixture
def slow_library(monkeypatch):
    """The saved list is on disk (the index is warm) but the library takes until the
    test says to open: the first screen is drawn from the list meanwhile."""
    Library.open().close()  # the index and the saved list, in this test's cache
    may_open = threading.Event()
    original = Library.open.__func__

    def slow_open(cls, *args, **kwargs):
        may_open.wait(10)
        return original(cls, *args, **kwargs)

    monkeypatch.setattr(Library, "open", classmethod(slow_open))
    return may_open


async def test_keys_typed_before_the_library_opens_take_effect_after(slow_library):
    app = KreadApp()
    async with app.run_test(size=(80, 24)) as pilot:
        main = app.main
        doc_list = main.query_one(DocumentList)
        await wait_until(pilot, lambda: bool(doc_list.documents))  # the saved list
        assert app.library is None
        await pilot.press("slash", *"ketamine")
        assert app.screen is main and not doc_list.marked  # nothing acted on the list
        slow_library.set()
        await wait_until(
            pilot, lambda: isinstance(app.screen, SearchScreen) and app.screen.query(Input)
        )
        search = app.screen
        await wait_until(pilot, lambda: search.query_one(Input).value == "ketamine")
        await wait_until(pilot, lambda: search.result is not None and search.result.total == 5)
        assert not doc_list.marked
        assert not any("still being built" in n.message for n in app._notifications)


# Typed before the terminal is in raw mode, Enter reaches kread as a newline (ctrl+j).
@pytest.mark.parametrize("enter", ["enter", "ctrl+j"])
async def test_a_search_and_enter_typed_at_launch_open_the_hit(slow_library, enter):
    app = KreadApp()
    async with app.run_test(size=(80, 24)) as pilot:
        main = app.main
        await pilot.press("slash", *"veterans", enter, "n")
        slow_library.set()
        await wait_until(pilot, lambda: app.screen is main and main.matches)
        reader = main.query_one(Reader)
        assert reader.document.id.startswith("004")
        total = len(main.matches)
        assert total > 2
        # "n" came after Enter: it stepped to the next match in the opened document.
        await wait_until(pilot, lambda: f"match 2 of {total}" in bar_text(main))
        assert reader.has_focus


# -- Escape goes back and never quits; q on the list and ctrl+q quit ----------------
async def test_escape_on_the_list_does_not_quit_or_lose_marks():
    app = KreadApp()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        await pilot.press("m", "j", "enter")
        assert screen.query_one(Reader).has_focus
        await pilot.press("escape")  # reader -> list
        assert screen.query_one(DocumentList).has_focus
        await pilot.press("escape", "escape", "escape")  # the list is the last level
        assert app.return_code is None and app.screen is screen
        assert screen.query_one(DocumentList).marked == ["000_944167e6c0212a66"]


async def test_escape_from_search_stops_at_the_list():
    app = KreadApp()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        await pilot.press("slash", *"ketamine")
        assert isinstance(app.screen, SearchScreen)
        await pilot.press("escape", "escape", "escape")
        assert app.screen is screen and app.return_code is None
        await pilot.press("j")  # the keys go to the list
        assert screen.query_one(DocumentList).highlighted == 1


async def test_q_goes_back_from_the_reader_and_quits_from_the_list():
    app = KreadApp()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        await pilot.press("enter")
        shown = [(key.key, key.description) for key in screen.query(FooterKey)]
        assert ("q", "Back") in shown and ("q", "Quit") not in shown
        await pilot.press("q")
        assert screen.query_one(DocumentList).has_focus and app.return_code is None
        shown = [(key.key, key.description) for key in screen.query(FooterKey)]
        assert ("q", "Quit") in shown and ("q", "Back") not in shown
        await pilot.press("q")
    assert app.return_code == 0


async def test_ctrl_q_quits_from_the_search_screen():
    app = KreadApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("slash", *"ket", "ctrl+q")
    assert app.return_code == 0


async def test_ctrl_c_says_how_to_quit_and_does_not():
    app = KreadApp()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        for where in ("list", "search"):
            if where == "search":
                await pilot.press("slash", *"ket")
            await pilot.press("ctrl+c")
            await pilot.pause()
            note = list(app._notifications)[-1]
            assert "ctrl+q" in note.message and "q on the document list" in note.message
            assert not note.title  # a statement, not a question it cannot take an answer to
            assert app.return_code is None
            app.clear_notifications()
        assert isinstance(app.screen, SearchScreen)
        assert app.screen.query_one(Input).value == "ket"
        await pilot.press("escape")
        assert app.screen is screen


async def test_every_notice_shows_whole_at_80x24():
    app = KreadApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("slash", *'author:smith ketamine~~ AND ( "side')
        search = app.screen
        await wait_until(pilot, lambda: search.result is not None and search.result.notices)
        await wait_until(pilot, lambda: search.result.counted)
        await pilot.pause()
        status = search.query_one("#search-status")
        shown = " ".join(status.render_line(y).text.strip() for y in range(status.size.height))
        for notice in search.result.notices:
            assert " ".join(notice.split()) in " ".join(shown.split())
