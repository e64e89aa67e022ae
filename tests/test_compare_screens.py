"""Comparing in the reader: marks, `c`, the aligned and full-text views, swap, facets,
the matrix and back, driven by keys."""

from __future__ import annotations

from pilot import list_lines, plain, ready
from textual.widgets import DataTable

from kread.tui.app import KreadApp
from kread.tui.screens.compare import CompareScreen, FacetSection
from kread.tui.screens.library import LibraryScreen
from kread.tui.screens.matrix import MatrixScreen, SentencesScreen
from kread.tui.screens.pick import PickScreen
from kread.tui.widgets.document_list import DocumentList
from kread.tui.widgets.reader import Reader


def sections_text(screen: CompareScreen) -> str:
    return "\n".join(plain(s.content) for s in screen.query(FacetSection))


async def open_compare(pilot, keys=("j", "m", "G", "m", "c")) -> CompareScreen:
    await ready(pilot)
    await pilot.press(*keys)
    await pilot.pause()
    assert isinstance(pilot.app.screen, CompareScreen)
    return pilot.app.screen


def rows_by_label(section: str) -> dict[str, str]:
    """The rows of an aligned section (blocks between blank lines), by their first line."""
    lines = "\n".join(line.rstrip() for line in section.splitlines())
    blocks = [b.strip("\n") for b in lines.split("\n\n") if b.strip()]
    return {b.splitlines()[0].strip(): b for b in blocks}


async def test_two_marked_documents_compare_by_facet():
    app = KreadApp()
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_compare(pilot)
        assert (screen.a_id[:3], screen.b_id[:3]) == ("001", "004")
        text = sections_text(screen)
        for label in ("M Mechanism", "B Benefits", "R Risks", "G Regulation"):
            assert label in text
        assert "only in A" in text and "only in B" in text
        assert screen.has_class("-side-by-side")
        risks = plain(next(s for s in screen.query(FacetSection) if s.name == "risks").content)
        rows = rows_by_label(risks)
        # One row holds the point whole: both of A's dissociation sentences, beside B's.
        point = next((row for label, row in rows.items() if label.startswith("= dissociation")), "")
        assert "nausea, dissociation" in point and "feeling of dissociation" in point
        beside = next(line for line in point.splitlines() if "During the ketamine" in line)
        assert "Psychological Dissociation" in beside
        # Opposite claims stand on a row marked as a disagreement, in a glyph and a word.
        clash = next((row for label, row in rows.items() if label.startswith("≠ disagree")), "")
        beside = next(line for line in clash.splitlines() if "serious adverse events" in line)
        assert "Common side effects may include" in beside
        assert "1 ≠ disagree" in risks.splitlines()[0]


async def test_marks_show_in_the_list_and_survive_the_comparison():
    app = KreadApp()
    async with app.run_test(size=(140, 40)) as pilot:
        await ready(pilot)
        await pilot.press("j", "m")
        doc_list = app.main.query_one(DocumentList)
        assert doc_list.marked == ["001_1c05f3c2586e8f3e"]
        shown = [line for line in list_lines(app.main) if "●" in line]
        assert len(shown) == 1 and doc_list.documents[1].title[:10] in shown[0]
        await pilot.press("space", "c")  # space marks as m does, and stays
        assert isinstance(app.screen, CompareScreen)
        await pilot.press("q")
        assert doc_list.marked == ["001_1c05f3c2586e8f3e", "002_96fbebb0ee100534"]
        await pilot.press("m")
        assert doc_list.marked == ["001_1c05f3c2586e8f3e"]


async def test_c_with_nothing_marked_asks_which_document():
    app = KreadApp()
    async with app.run_test(size=(140, 40)) as pilot:
        await ready(pilot)
        await pilot.press("c")
        assert isinstance(app.screen, PickScreen)
        options = app.screen.query_one(DocumentList)
        assert len(options.documents) == 4  # every document but the current one
        await pilot.press("j", "enter")
        await pilot.pause()
        assert isinstance(app.screen, CompareScreen)
        assert app.screen.a_id.startswith("000") and app.screen.b_id.startswith("002")


async def test_swap_facet_keys_and_back():
    app = KreadApp()
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_compare(pilot)
        await pilot.press("x")
        assert (screen.a_id[:3], screen.b_id[:3]) == ("004", "001")
        await pilot.press("1", "2", "4")  # only risks stays
        assert [s.name for s in screen.query(FacetSection)] == ["risks"]
        await pilot.press("]")
        assert screen.section == 0
        await pilot.press("q")
        assert isinstance(app.screen, LibraryScreen)


async def test_full_text_view_scrolls_in_step_until_unlocked():
    app = KreadApp()
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_compare(pilot)
        await pilot.press("v")
        await pilot.pause()
        a, b = screen.query_one("#side-a", Reader), screen.query_one("#side-b", Reader)
        assert a.display and b.display and a.document and b.document
        assert any("Ketamine clinics have emerged" in a.render_line(y).text for y in range(5))
        await pilot.press("G")  # a is focused: to its end
        await pilot.pause()
        assert a.scroll_y == a.max_scroll_y > 0
        assert b.scroll_y == b.max_scroll_y
        await pilot.press("s", "g")
        await pilot.pause()
        assert a.scroll_y == 0 and b.scroll_y == b.max_scroll_y
        await pilot.press("]")
        assert "1 of" in str(a.render_line(0).text) or a.scroll_y >= 0
        await pilot.press("v")
        assert screen.query_one("#aligned").display


async def test_narrow_terminal_stacks_the_sides():
    app = KreadApp()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_compare(pilot)
        assert screen.has_class("-stacked")
        text = sections_text(screen)
        assert "\nA " in "\n" + text and "\nB " in "\n" + text


async def test_three_marked_open_the_matrix_and_a_cell():
    app = KreadApp()
    async with app.run_test(size=(140, 40)) as pilot:
        await ready(pilot)
        await pilot.press("m", "m", "m", "c")
        await pilot.pause()
        assert isinstance(app.screen, MatrixScreen)
        table = app.screen.query_one(DataTable)
        assert table.row_count == 4 and len(table.columns) == 4
        risks_000 = plain(table.get_cell_at((2, 1)))
        count = app.library.document("000").facet_counts["risks"]
        assert risks_000.strip().startswith(str(count))
        await pilot.press("enter")
        assert isinstance(app.screen, SentencesScreen)
        await pilot.press("escape", "escape")
        assert isinstance(app.screen, LibraryScreen)
