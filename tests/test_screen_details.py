"""Screen details: colours that read in every theme, the screenshot's path, marking
several documents quickly, switches that do not stack toasts, the reader's header and
a matrix of five articles in 80 columns."""

from __future__ import annotations

import colorsys
from pathlib import Path

import pytest
from rich.color import Color
from textual.notifications import Notify
from textual.widgets import DataTable

from kread.tui import render
from kread.tui.app import KreadApp
from kread.tui.contrast import MIN_CONTRAST, contrast, readable, to_rgb
from kread.tui.palette import theme_backgrounds
from kread.tui.screens.matrix import MatrixScreen
from kread.tui.shorten import middle_ellipsis
from kread.tui.widgets.document_header import DocumentHeader, header_text
from kread.tui.widgets.document_list import DocumentList
from kread.tui.widgets.facet_bar import FacetBar
from kread.tui.widgets.reader import Reader
from tests.pilot import bar_text, list_lines, ready, wait_until


def _rgb(colour: Color, fallback: tuple[int, int, int]) -> tuple[int, int, int]:
    if colour is None or colour.is_default:
        return fallback
    return tuple(colour.get_truecolor())


def _drawn_pairs(app: KreadApp, strips) -> list[tuple[str, float]]:
    """(text, contrast) of every segment drawn in a facet's or cue's colour."""
    taxonomy = app.library.taxonomy
    colours = {render.drawn_colour(item.colour) for item in (*taxonomy.facets, *taxonomy.cues)}
    terminal = tuple(app.ansi_theme.background_color)
    pairs = []
    for strip in strips:
        for segment in strip:
            style = segment.style
            if not segment.text.strip() or style is None or style.color is None:
                continue
            foreground = _rgb(style.color, (0, 0, 0))
            if "#{:02x}{:02x}{:02x}".format(*foreground) not in colours:
                continue
            background = _rgb(style.bgcolor, terminal)
            if style.reverse:
                foreground, background = background, foreground
            pairs.append((segment.text, contrast(foreground, background)))
    return pairs


async def test_facet_and_cue_colours_reach_4_5_to_1_in_every_built_in_theme():
    app = KreadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("enter", "l")  # the reader, with the cue lens on
        reader, bar = screen.query_one(Reader), screen.query_one(FacetBar)
        await wait_until(pilot, lambda: reader.document is not None and reader.lens)
        doc = reader.document
        word = doc.text.index("Trauma")
        facets = app.library.taxonomy.facets
        matches = [(word, word + 6)]
        reader.show(doc, facets, screen.enabled, matches, cues=app.library.taxonomy.cues)
        reader.jump_match(1)  # the current match: reversed, in the theme's warning colour
        checked = set()
        for name in app.available_themes:
            app.theme = name
            await pilot.pause()
            await pilot.pause()
            rows = [reader.render_line(y) for y in range(reader.size.height)]
            rows += [bar.render_line(0)]
            rows += [screen.query_one(DocumentList).render_line(y) for y in range(6)]
            pairs = _drawn_pairs(app, rows)
            assert pairs, f"{name}: nothing was drawn in a facet's colour"
            low = [(text, round(ratio, 2)) for text, ratio in pairs if ratio < MIN_CONTRAST]
            assert not low, f"{name}: {low[:5]}"
            # And every colour of the taxonomy, whether or not this document shows it.
            backgrounds = theme_backgrounds(app)
            for item in (*app.library.taxonomy.facets, *app.library.taxonomy.cues):
                drawn = to_rgb(render.drawn_colour(item.colour))
                assert min(contrast(drawn, bg) for bg in backgrounds) >= MIN_CONTRAST
            hit = [
                segment.style
                for strip in rows
                for segment in strip
                if segment.text == "Trauma" and segment.style and segment.style.reverse
            ]
            assert hit, f"{name}: the current match is not drawn"
            terminal = tuple(app.ansi_theme.background_color)
            ratio = contrast(_rgb(hit[0].color, (0, 0, 0)), _rgb(hit[0].bgcolor, terminal))
            assert ratio >= MIN_CONTRAST, f"{name}: the current match is {ratio:.2f}:1"
            checked.add(name)
        assert {"textual-light", "textual-dark", "solarized-light"} <= checked


@pytest.mark.parametrize("colour", ["#5fd75f", "#ffaf00", "#ff5f5f", "#123456"])
@pytest.mark.parametrize("background", [(224, 224, 224), (18, 18, 18), (253, 246, 227)])
def test_a_colour_is_adjusted_keeping_its_hue(colour: str, background):
    drawn = readable(colour, (background,))
    assert contrast(to_rgb(drawn), background) >= MIN_CONTRAST
    hue = colorsys.rgb_to_hls(*(v / 255 for v in to_rgb(colour)))[0]
    drawn_hue = colorsys.rgb_to_hls(*(v / 255 for v in to_rgb(drawn)))[0]
    assert abs(hue - drawn_hue) < 0.02 or abs(abs(hue - drawn_hue) - 1) < 0.02


def test_a_colour_that_reads_already_is_kept_and_default_is_left_alone():
    assert readable("#5fd75f", ((18, 18, 18),)) == "#5fd75f"
    assert readable("default", ((224, 224, 224),)) == "default"
    assert readable("bright_green", ((224, 224, 224),)) != "bright_green"


async def test_the_palettes_screenshot_is_saved_in_the_current_folder_and_says_where(
    tmp_path: Path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    messages: list = []
    app = KreadApp()
    async with app.run_test(size=(100, 30), message_hook=messages.append) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+p", *"Screenshot")
        await pilot.pause()
        await pilot.press("enter")
        await wait_until(pilot, lambda: list(tmp_path.glob("kread_*.svg")))
        await wait_until(pilot, lambda: any(isinstance(m, Notify) for m in messages))
    saved = next(tmp_path.glob("kread_*.svg"))
    assert "<svg" in saved.read_text(encoding="utf-8")
    notes = [m.notification.message for m in messages if isinstance(m, Notify)]
    assert f"Saved to {saved.resolve()}" in notes


async def test_a_screenshot_that_cannot_be_saved_says_why(tmp_path: Path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setattr(
        "kread.tui.screenshot.screenshot_folders", lambda: [blocker / "shots", blocker / "x"]
    )
    messages: list = []
    app = KreadApp()
    async with app.run_test(size=(100, 30), message_hook=messages.append) as pilot:
        await ready(pilot)
        assert app.deliver_screenshot() is None
        await pilot.pause()
    notes = [m.notification for m in messages if isinstance(m, Notify)]
    failed = [n for n in notes if n.title == "Screenshot"]
    assert len(failed) == 1 and failed[0].severity == "error"
    assert "Could not save the screenshot" in failed[0].message
    assert str(blocker / "shots") in failed[0].message and "directory" in failed[0].message


async def test_m_marks_and_moves_on_and_M_unmarks_all():
    app = KreadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        documents = screen.query_one(DocumentList)
        await pilot.press("m", "m", "m")
        ids = [doc.id for doc in documents.documents]
        assert documents.marked == ids[:3]
        assert documents.highlighted == 3
        assert sum("●" in line for line in list_lines(screen)) == 3
        await pilot.press("M")
        assert documents.marked == []
        assert not any("●" in line for line in list_lines(screen))
        assert documents.highlighted == 3  # unmarking all does not move the cursor


async def test_unmark_all_is_a_palette_command_while_documents_are_marked():
    app = KreadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        documents = screen.query_one(DocumentList)
        assert "Unmark all" not in [c.title for c in app.get_system_commands(screen)]
        await pilot.press("m", "m")
        assert "Unmark all" in [c.title for c in app.get_system_commands(screen)]
        await pilot.press("ctrl+p", *"Unmark all")
        await pilot.pause()
        await pilot.press("enter")
        await wait_until(pilot, lambda: not documents.marked)


async def test_switching_facets_again_and_again_shows_no_toasts_the_bar_says_it():
    messages: list = []
    app = KreadApp()
    async with app.run_test(size=(120, 40), message_hook=messages.append) as pilot:
        screen = await ready(pilot)
        await pilot.press("enter")
        await wait_until(pilot, lambda: screen.query_one(Reader).document is not None)
        before = sum(isinstance(m, Notify) for m in messages)
        await pilot.press("1", "1", "2", "2", "2", "l", "l")
        await pilot.pause()
        assert sum(isinstance(m, Notify) for m in messages) == before
        bar = screen.query_one(FacetBar)
        benefits = next(f for f in app.library.taxonomy.facets if f.name == "benefits")
        assert benefits.name not in bar.enabled
        assert "Benefits" in bar_text(screen)


async def test_in_a_narrow_list_a_switch_is_said_once_in_the_status_line():
    messages: list = []
    app = KreadApp()
    async with app.run_test(size=(60, 24), message_hook=messages.append) as pilot:
        screen = await ready(pilot)
        before = sum(isinstance(m, Notify) for m in messages)
        await pilot.press("1", "1", "2")
        await pilot.pause()
        assert sum(isinstance(m, Notify) for m in messages) == before
        status = str(screen.query_one("#list-status").render())
        assert status.startswith("Benefits marks off") and "5 documents" in status


async def test_the_reader_has_a_header_with_title_source_and_date():
    app = KreadApp()
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await ready(pilot)
        header = screen.query_one(DocumentHeader)
        await wait_until(pilot, lambda: header.document is not None)
        assert str(header.render()).strip() == (
            "The Effectiveness of Ketamine Therapy for Trauma — Alternative Pathways — 2023"
        )


def test_two_sources_that_start_alike_stay_apart_when_cut():
    a, b = "Unnamed ketamine clinic", "Unnamed psychiatric practice"
    for width in (6, 8, 12, 16):
        assert middle_ellipsis(a, width) != middle_ellipsis(b, width)
        assert len(middle_ellipsis(b, width)) <= width
    assert middle_ellipsis(a, 40) == a


async def test_the_lists_sources_and_the_header_keep_what_differs():
    app = KreadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        documents = screen.query_one(DocumentList).documents
        unnamed = [doc for doc in documents if doc.source.startswith("Unnamed")]
        assert len(unnamed) == 2
        shown = [header_text(doc, 40).plain for doc in unnamed]
        assert shown[0] != shown[1]
        rows = [line for line in list_lines(screen) if "w  " in line]
        tails = {line.rsplit("w  ", 1)[1].strip() for line in rows}
        assert len(rows) == 5 and len(tails) == 5  # every source reads differently
        assert any(tail.startswith("Unname") and "…" in tail for tail in tails)


async def test_the_matrix_of_five_articles_fits_80_columns_with_ids_in_its_headers():
    app = KreadApp()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await ready(pilot)
        await pilot.press("m", "m", "m", "m", "m", "c")
        await wait_until(pilot, lambda: isinstance(app.screen, MatrixScreen))
        await wait_until(pilot, lambda: app.screen.query_one(DataTable).row_count > 0)
        table = app.screen.query_one(DataTable)
        assert len(table.columns) == 6
        assert table.virtual_size.width <= table.size.width <= 80
        heads = [str(column.label) for column in table.columns.values()][1:]
        assert [head[:3] for head in heads] == [
            d.id[:3] for d in screen.query_one(DocumentList).documents
        ]
        legend = str(app.screen.query_one("#matrix-legend").render())
        assert legend.count("\n") == 4 and "000 The Effectiveness of Ketamine" in legend
