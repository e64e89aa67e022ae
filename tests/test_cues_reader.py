"""The cue lens in the reader: a key and a palette command switch it, its glyphs stand in a
gutter of their own, the facet bar counts the cues, and the help lists the key."""

from __future__ import annotations

import pytest
from pilot import bar_text, plain, reader_lines, ready, wait_until
from textual.widgets import Input

from kread.tui.app import KreadApp
from kread.tui.screens.help import HelpScreen
from kread.tui.widgets.facet_bar import FacetBar
from kread.tui.widgets.reader import Reader

GLYPHS = ("?", "!", "#", "@", "$")


def gutters(screen) -> list[str]:
    """The margin of each row on screen: cursor, facet letters, cue glyphs."""
    reader = screen.query_one(Reader)
    width = reader._gutter_width
    return [line[:width] for line in reader_lines(screen)]


async def test_l_switches_the_cue_lens_on_and_off():
    app = KreadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("G", "enter")  # 004: hedged and promotional sentences
        reader = screen.query_one(Reader)
        await wait_until(pilot, lambda: reader.document and reader.document.id.startswith("004"))
        before = "\n".join(gutters(screen))
        assert not any(glyph in before for glyph in GLYPHS)
        assert "Hedged" not in bar_text(screen)

        await pilot.press("l")
        assert reader.lens
        await pilot.press("]")  # scroll to the marks: the cues of the rows on screen
        margin = "\n".join(gutters(screen))
        assert any(glyph in margin for glyph in GLYPHS)
        bar = bar_text(screen)
        counts = reader.document.cue_counts
        # Every cue's glyph and count shows, whole: labels give way where they don't fit.
        assert f"? {counts['hedged']}" in bar and f"$ {counts['promotional']}" in bar
        facet_bar = screen.query_one(FacetBar)
        assert facet_bar.render().cell_length <= facet_bar.size.width

        await pilot.press("l")
        assert not reader.lens
        assert not any(glyph in "\n".join(gutters(screen)) for glyph in GLYPHS)


async def test_cue_glyphs_sit_on_the_rows_of_their_sentences():
    app = KreadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("G", "enter", "l")
        reader = screen.query_one(Reader)
        await wait_until(pilot, lambda: reader.document and reader.document.id.startswith("004"))
        doc = reader.document
        hedged = next(s for s in doc.sentences if s.cues == ("hedged",))
        # Bring that sentence's row to the top, then read its margin.
        row = reader._line_of(hedged.start)
        reader.scroll_to(y=row, animate=False)
        await pilot.pause()
        margin = gutters(screen)[0]
        facet_columns = len(doc.facet_counts) + 1
        assert "?" in margin[facet_columns:]
        assert not any(ch.isalpha() for ch in margin[facet_columns:])


async def test_the_palette_switches_the_cue_lens():
    app = KreadApp()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        await pilot.press("ctrl+p", *"Switch cue lens")
        await pilot.pause()
        await pilot.press("enter")
        reader = screen.query_one(Reader)
        await wait_until(pilot, lambda: reader.lens)


async def test_the_help_lists_the_cue_key_and_the_cues():
    app = KreadApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        shown = "\n".join(plain(s.content) for s in app.screen.query("Static"))
        assert "Switch the cue lens on or off" in shown
        assert "Cues (l switches the cue lens)" in shown
        assert "Promotional" in shown


@pytest.fixture
def _steady_screen(monkeypatch):
    monkeypatch.setattr(Input, "cursor_blink", False)
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")


@pytest.mark.usefixtures("_steady_screen")
def test_reader_with_the_cue_lens_snapshot(snap_compare):
    async def lens_on(pilot):
        await ready(pilot)
        await pilot.press("G", "enter", "l", "]")
        await pilot.pause()

    assert snap_compare(KreadApp(), terminal_size=(120, 40), run_before=lens_on)
