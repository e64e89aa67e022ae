"""The Points screen in the reader: `p` (or the palette) opens it, a row per point with a
column per document, Enter shows a point's sentences and opens one in the reader."""

from __future__ import annotations

import threading

import pytest
from pilot import reader_lines, ready
from textual.widgets import Input, OptionList

from kread.tui.app import KreadApp
from kread.tui.messages import PointsLoaded
from kread.tui.screens.help import HelpScreen
from kread.tui.screens.library import LibraryScreen
from kread.tui.screens.points import PointSentencesScreen, PointsScreen
from kread.tui.widgets.point_grid import MAKES, SILENT, PointGrid


async def open_points(pilot, keys=("p",)) -> PointsScreen:
    await ready(pilot)
    await pilot.press(*keys)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, PointsScreen) and screen.point_map is not None
    return screen


def cell_text(grid: PointGrid, row: int, column: int) -> str:
    return grid.get_cell_at((row, column)).plain


async def test_p_shows_every_facet_s_points_most_documents_first_who_makes_and_who_is_silent():
    messages = []
    app = KreadApp()
    async with app.run_test(size=(80, 24), message_hook=messages.append) as pilot:
        screen = await open_points(pilot)
        assert any(isinstance(m, PointsLoaded) for m in messages)
        grid = screen.query_one(PointGrid)
        ids = [d.id for d in screen.point_map.documents]
        assert len(ids) == 5  # nothing marked: every document
        headings = [r.facet.name for r in grid.rows_held if r.point is None]
        assert headings == list(app.library.taxonomy.names())
        for facet in headings:
            counts = [
                len(r.point.sentences)
                for r in grid.rows_held
                if r.point is not None and r.facet.name == facet
            ]
            assert counts and counts == sorted(counts, reverse=True)
        for n, row in enumerate(grid.rows_held):
            if row.point is None:
                continue
            assert cell_text(grid, n, 0) == f"{len(row.point.sentences)}/5"
            for column, doc_id in enumerate(ids, start=1):
                shown = cell_text(grid, n, column)
                if doc_id in row.point.sentences:
                    assert shown.startswith(MAKES)
                else:
                    assert shown in (SILENT, "≠")
            assert cell_text(grid, n, len(ids) + 1).startswith(row.point.label[:10])
        # At 80 columns a document's column is headed by its short id alone.
        heads = [str(c.label) for c in grid.columns.values()]
        assert heads[1:-1] == ["000", "001", "002", "003", "004"]


async def test_the_library_is_asked_in_a_worker_not_on_the_screen_s_thread():
    threads = []
    app = KreadApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        points = app.library.points

        def recorded(*args, **kwargs):
            threads.append(threading.current_thread())
            return points(*args, **kwargs)

        app.library.points = recorded
        await open_points(pilot)
        assert threads and threads[0] is not threading.main_thread()


async def test_enter_shows_the_point_s_sentences_and_enter_on_one_reads_it():
    app = KreadApp()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_points(pilot)
        grid = screen.query_one(PointGrid)
        point = grid.current.point
        assert point is not None  # the cursor starts on the first point
        await pilot.press("enter")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, PointSentencesScreen)
        options = modal.query_one(OptionList)
        # Every sentence of the point, each once, with its document's short id first.
        expected = [(d, i) for d, indexes in point.sentences.items() for i in indexes]
        ids = [o.id for o in options._options if o.id and o.id.startswith("p-")]
        assert len(ids) == len(expected)
        await pilot.press("down", "enter")  # the second sentence
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        doc_id, index = expected[1]
        reader = app.main.query_one("#reader")
        assert reader.document.id == doc_id and reader.has_focus
        doc = reader.document
        first_words = " ".join(doc.text[doc.sentences[index].start :].split()[:3])
        assert any(first_words in line for line in reader_lines(app.main))


async def test_escape_goes_back_from_the_sentences_then_from_the_points():
    app = KreadApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_points(pilot)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PointsScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)


async def test_two_marked_documents_make_two_columns_and_brackets_go_by_facet():
    app = KreadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_points(pilot, ("j", "m", "G", "m", "p"))
        assert [d.id[:3] for d in screen.point_map.documents] == ["001", "004"]
        grid = screen.query_one(PointGrid)
        heads = [str(c.label) for c in grid.columns.values()]
        # At 120 columns and more a document's head shows the start of its title too.
        assert len(heads) == 4 and heads[1].startswith("001 Ketamine")
        first = grid.current.facet.name
        await pilot.press("right_square_bracket")
        assert grid.current.point is not None and grid.current.facet.name != first
        await pilot.press("left_square_bracket")
        assert grid.current.facet.name == first


async def test_the_palette_and_the_help_know_the_points_screen():
    app = KreadApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        titles = [c.title for c in app.get_system_commands(app.main)]
        assert "Points" in titles
        command = next(c for c in app.get_system_commands(app.main) if c.title == "Points")
        await command.callback()  # what choosing it in the palette runs
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, PointsScreen)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert "Points" in [title for title, _b in app.screen.sections]


# -- snapshots ----------------------------------------------------------------------
@pytest.fixture
def steady(monkeypatch):
    monkeypatch.setattr(Input, "cursor_blink", False)
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")


@pytest.mark.parametrize("size", [(80, 24), (160, 45)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_points_screen_snapshot(snap_compare, steady, size):
    async def points(pilot):
        await open_points(pilot)

    assert snap_compare(KreadApp(), terminal_size=size, run_before=points)


def test_point_sentences_snapshot(snap_compare, steady):
    async def sentences(pilot):
        await open_points(pilot)
        await pilot.press("enter")
        await pilot.pause()

    assert snap_compare(KreadApp(), terminal_size=(80, 24), run_before=sentences)
