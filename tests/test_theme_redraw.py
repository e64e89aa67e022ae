"""Screens open while the theme changes: their facet colours are drawn again for the new
theme's backgrounds, without closing and reopening them."""

from __future__ import annotations

from pilot import ready, wait_until
from rich.color import Color
from textual.widgets import DataTable, Static

from kread.tui import render
from kread.tui.app import KreadApp
from kread.tui.screens.compare import CompareScreen, FacetSection
from kread.tui.screens.help import HelpScreen
from kread.tui.screens.matrix import MatrixScreen

LIGHT = "textual-light"


def drawn(colour: str) -> tuple[int, int, int]:
    return tuple(Color.parse(render.drawn_colour(colour)).get_truecolor())


def shown(color: Color | None) -> tuple[int, int, int] | None:
    return None if color is None else tuple(color.get_truecolor())


def colour_of(app: KreadApp, renderable, words: str) -> tuple[int, int, int] | None:
    """The colour the first segment holding ``words`` is drawn in."""
    lines = app.console.render_lines(renderable, app.console.options.update_width(120))
    for line in lines:
        for segment in line:
            if words in segment.text and segment.style is not None:
                return shown(segment.style.color)
    raise AssertionError(f"{words!r} is not shown")


async def switch_to_light(pilot, facets) -> None:
    """Switch to a light theme that draws at least one facet in another colour."""
    before = [drawn(f.colour) for f in facets]
    pilot.app.theme = LIGHT
    await pilot.pause()
    await pilot.pause()
    assert [drawn(f.colour) for f in facets] != before, "the test needs a colour that changes"


async def test_compare_sections_take_the_new_themes_facet_colours():
    app = KreadApp()
    async with app.run_test(size=(140, 40)) as pilot:
        await ready(pilot)
        await pilot.press("j", "m", "G", "m", "c")
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        await wait_until(pilot, lambda: bool(screen.query(FacetSection)))
        facets = {f.name: f for f in app.library.taxonomy.facets}
        await switch_to_light(pilot, facets.values())
        for section in screen.query(FacetSection):
            facet = facets[section.name]
            heading = f"{facet.letter} {facet.label}"
            assert colour_of(app, section.content, heading) == drawn(facet.colour)


async def test_matrix_rows_take_the_new_themes_facet_colours():
    app = KreadApp()
    async with app.run_test(size=(140, 40)) as pilot:
        await ready(pilot)
        await pilot.press("m", "j", "m", "j", "m", "c")
        screen = app.screen
        assert isinstance(screen, MatrixScreen)
        table = screen.query_one(DataTable)
        await wait_until(pilot, lambda: table.row_count > 0)
        await switch_to_light(pilot, screen.facets)
        for facet in screen.facets:
            cell = table.get_cell(facet.name, "facet")
            assert shown(cell.style.color) == drawn(facet.colour)


async def test_help_over_the_reader_takes_the_new_themes_facet_colours():
    app = KreadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("question_mark")
        screen = app.screen
        assert isinstance(screen, HelpScreen)
        facets = app.library.taxonomy.facets
        await switch_to_light(pilot, facets)
        table = screen.query_one("#help-facets-table", Static).content
        for facet in facets:
            assert colour_of(app, table, f" {facet.label}") == drawn(facet.colour)
