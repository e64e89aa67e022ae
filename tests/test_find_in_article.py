"""Find in the article: `/` in the reader opens the find bar, hits follow the typing with
"2 of 7", n/N visit them (else the search's matches), Enter keeps them, Escape clears them;
`/` on the list and `s` anywhere still search every document."""

from __future__ import annotations

import re

from pilot import bar_text, ready, wait_until
from textual.widgets import Input

from kread.tui.app import KreadApp
from kread.tui.find import find_spans
from kread.tui.screens.help import HelpScreen, key_rows
from kread.tui.screens.library import LibraryScreen
from kread.tui.screens.search import SearchScreen
from kread.tui.widgets.facet_bar import FacetBar
from kread.tui.widgets.find_bar import FindBar
from kread.tui.widgets.reader import Reader


def count_text(screen) -> str:
    return str(screen.query_one("#find-count").render())


async def typed(pilot, screen, value: str) -> None:
    """The find bar holds ``value`` (typed keys may have been held while it opened) and
    the find it posted has been answered."""
    bar = screen.query_one(FindBar)
    await wait_until(pilot, lambda: bar.input.value == value)
    await pilot.pause()
    await pilot.pause()


async def open_first(pilot):
    screen = await ready(pilot)
    await pilot.press("enter")
    reader = screen.query_one(Reader)
    await wait_until(pilot, lambda: reader.document is not None and reader.has_focus)
    return screen, reader


def test_find_spans_ignores_case_and_keeps_offsets():
    text = "Ketamine, KETAMINE and ketamine\nclinics; blood\npressure rises"
    assert [text[a:b] for a, b in find_spans(text, "ketamine")] == [
        "Ketamine",
        "KETAMINE",
        "ketamine",
    ]
    assert [text[a:b] for a, b in find_spans(text, "blood pressure")] == ["blood\npressure"]
    assert find_spans(text, "   ") == []
    assert find_spans(text, "a.c") == []  # plain text, not a pattern
    # A letter whose lower case is longer keeps the offsets of the text as written.
    odd = "İstanbul istanbul"
    assert [odd[a:b] for a, b in find_spans(odd, "stanbul")] == ["stanbul", "stanbul"]


async def test_find_as_you_type_counts_and_n_visits_the_hits():
    app = KreadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen, reader = await open_first(pilot)
        text = reader.document.text
        await pilot.press("slash")
        bar = screen.query_one(FindBar)
        assert bar.display and isinstance(app.focused, Input)
        await pilot.press(*"ketamine")
        await typed(pilot, screen, "ketamine")
        total = len(re.findall("ketamine", text, re.IGNORECASE))
        assert total > 2
        assert count_text(screen) == f"1 of {total}"
        assert f"find 1 of {total}" in bar_text(screen)
        # Each keystroke finds again: one letter more, fewer hits.
        await pilot.press(*" therapy")
        await typed(pilot, screen, "ketamine therapy")
        fewer = len(re.findall(r"ketamine\s+therapy", text, re.IGNORECASE))
        assert count_text(screen) == f"1 of {fewer}"
        await pilot.press(*["backspace"] * 8)
        await typed(pilot, screen, "ketamine")
        assert count_text(screen) == f"1 of {total}"

        await pilot.press("enter")  # closes the bar, keeps the hits
        assert not bar.display and reader.has_focus
        await pilot.press("n", "n")
        assert f"find 3 of {total}" in bar_text(screen)
        # The count is never cut off: labels give way first.
        facet_bar = screen.query_one(FacetBar)
        assert facet_bar.render().cell_length <= facet_bar.size.width
        current = reader._match_jumps.starts[reader._match_jumps.current]
        assert text[current : current + 8].lower() == "ketamine"
        assert reader._line_of(current) in range(reader.scroll_y, reader.scroll_y + 36)
        await pilot.press("N")
        assert f"find 2 of {total}" in bar_text(screen)
        await pilot.press("N", "N")  # wraps round to the last
        assert f"find {total} of {total}" in bar_text(screen)


async def test_nothing_found_says_so_and_leaves_n_to_the_search():
    app = KreadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen, reader = await open_first(pilot)
        await pilot.press("slash", *"zzqx")
        await typed(pilot, screen, "zzqx")
        assert count_text(screen) == "not found"
        await pilot.press("enter")
        assert reader.finding == ""
        await pilot.press("n")
        assert "find" not in bar_text(screen)


async def test_escape_clears_the_find_and_goes_back_to_where_it_started():
    app = KreadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen, reader = await open_first(pilot)
        start = reader.scroll_y
        await pilot.press("slash", *"cottonwood")  # found at the end of the article
        await typed(pilot, screen, "cottonwood")
        assert reader.hit_count and reader.scroll_y != start
        await pilot.press("escape")
        assert not screen.query_one(FindBar).display
        assert reader.finding == "" and reader.hit_count == 0
        assert reader.scroll_y == start and reader.has_focus
        assert "find" not in bar_text(screen)
        # Kept with Enter, the hits are cleared by Escape in the reader; a second
        # Escape goes back to the list.
        await pilot.press("slash", *"cottonwood")
        await typed(pilot, screen, "cottonwood")
        await pilot.press("enter")
        assert reader.hit_count
        await pilot.press("escape")
        assert reader.hit_count == 0 and reader.has_focus
        await pilot.press("escape")
        assert not reader.has_focus


async def test_n_goes_to_the_find_then_back_to_the_search_matches():
    app = KreadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("s", *"ketamine")
        search = app.screen
        assert isinstance(search, SearchScreen)
        await wait_until(pilot, lambda: search.result is not None and search.result.hits)
        await pilot.press("enter")
        reader = screen.query_one(Reader)
        await wait_until(pilot, lambda: app.screen is screen and reader.has_focus)
        await wait_until(pilot, lambda: "match 1 of" in bar_text(screen))
        matches = reader.hit_count
        await pilot.press("slash", *"ptsd")
        await typed(pilot, screen, "ptsd")
        await pilot.press("enter")
        assert "find 1 of" in bar_text(screen)
        await pilot.press("escape")  # the find cleared: n is the search's again
        assert reader.hit_count == matches
        await pilot.press("n")  # the next match from where the find left the view
        assert f"of {matches}" in bar_text(screen) and "│ match" in bar_text(screen)


async def test_slash_on_the_list_and_s_in_the_reader_search_every_document():
    app = KreadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("slash")
        await wait_until(pilot, lambda: isinstance(app.screen, SearchScreen))
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen)
        await pilot.press("enter")
        reader = screen.query_one(Reader)
        await wait_until(pilot, lambda: reader.has_focus)
        await pilot.press("s")
        await wait_until(pilot, lambda: isinstance(app.screen, SearchScreen))


async def test_keys_typed_right_after_slash_go_into_the_find_bar():
    app = KreadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen, reader = await open_first(pilot)
        # One burst, as a fast typist or a paste sends it: held until the bar is open.
        await pilot.press("slash", *"trauma", "enter", "n")
        await wait_until(pilot, lambda: "find 2 of" in bar_text(screen))
        assert reader.finding == "trauma"
        assert screen.query_one(FindBar).input.value == "trauma"


async def test_find_keys_are_in_the_footer_and_the_help():
    app = KreadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen, _reader = await open_first(pilot)
        await pilot.pause()
        footer = " ".join(str(key.render()) for key in screen.query("FooterKey"))
        assert "/ Find" in footer and "s Search" in footer
        rows = {keys: what for keys, what, _ids in key_rows(LibraryScreen.BINDINGS, 4)}
        assert "find in this article" in rows["/"]
        assert "Search all the documents" in rows["/ s"]
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        titles = [title for title, _ in app.screen.sections]
        assert "Find bar (/ in the reader)" in titles


def test_reader_with_the_find_bar_snapshot(snap_compare, monkeypatch):
    monkeypatch.setattr(Input, "cursor_blink", False)
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")

    async def find(pilot):
        screen, _reader = await open_first(pilot)
        await pilot.press("slash", *"ketamine therapy")
        await typed(pilot, screen, "ketamine therapy")
        await pilot.press("escape", "slash", *"ketamine therapy")  # from the top again
        await typed(pilot, screen, "ketamine therapy")

    assert snap_compare(KreadApp(), terminal_size=(80, 24), run_before=find)
