"""The document list on its own, with far more documents than a screen holds."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Input

from kread.index.models import DocumentInfo, Facet
from kread.tui.widgets.document_list import MARK, DocumentList

FACETS = (Facet("risks", "Risks", "R", "red", "", "risk"),)
COUNT = 10_000


def documents(count: int = COUNT) -> list[DocumentInfo]:
    # Every seventh title is long enough to wrap in a narrow pane.
    return [
        DocumentInfo(
            id=f"doc{i:05}",
            title=f"Title {i:05}" + (" with many more words to wrap" * 2 if i % 7 == 0 else ""),
            source=f"site{i}.example",
            path=f"/corpus/doc{i:05}.txt",
            words=100 + i,
            facet_counts={"risks": i % 5},
        )
        for i in range(count)
    ]


class ListApp(App):
    def __init__(self, docs: list[DocumentInfo]) -> None:
        super().__init__()
        self.docs = docs
        self.events: list[tuple[str, str]] = []

    def compose(self) -> ComposeResult:
        yield DocumentList(id="documents")

    def on_mount(self) -> None:
        doc_list = self.query_one(DocumentList)
        doc_list.load(self.docs, FACETS)
        doc_list.focus()

    def on_document_list_highlighted(self, event: DocumentList.Highlighted) -> None:
        self.events.append(("highlighted", event.doc_id))

    def on_document_list_selected(self, event: DocumentList.Selected) -> None:
        self.events.append(("selected", event.doc_id))


def shown(app: ListApp) -> list[str]:
    doc_list = app.query_one(DocumentList)
    return [doc_list.render_line(y).text.rstrip() for y in range(doc_list.size.height)]


async def test_ten_thousand_documents_scroll_to_either_end():
    app = ListApp(documents())
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        rows = shown(app)
        assert rows[0] == "Title 00000 with many more words to"
        assert rows[2].startswith("R0 100w  site0.example")
        await pilot.press("G")
        assert app.query_one(DocumentList).current_id == "doc09999"
        assert any(row.startswith("Title 09999") for row in shown(app))
        await pilot.press("g")
        assert shown(app)[0].startswith("Title 00000")
        assert app.events[-1] == ("highlighted", "doc00000")


async def test_a_long_list_is_wrapped_a_step_at_a_time_and_keys_do_not_wait(monkeypatch):
    monkeypatch.setattr("kread.tui.widgets.document_list.LAYOUT_STEP", 500)
    wrapped_before_each_step: list[int] = []
    real_step = DocumentList._wrap_more

    def step(self: DocumentList, run: int) -> None:
        wrapped_before_each_step.append(len(self._title_rows))
        real_step(self, run)

    monkeypatch.setattr(DocumentList, "_wrap_more", step)
    app = ListApp(documents(COUNT))
    async with app.run_test(size=(40, 12)) as pilot:
        doc_list = app.query_one(DocumentList)
        await pilot.pause()
        assert shown(app)[0] == "Title 00000 with many more words to"
        await pilot.press("j")  # answered between the steps
        assert doc_list.current_id == "doc00001"
        await pilot.pause(0.5)
        # A screenful was wrapped at once, the rest in steps of 500 between other events.
        assert 0 < wrapped_before_each_step[0] <= 20
        assert len(wrapped_before_each_step) >= COUNT // 500
        # Every entry wrapped: one title row, a second for every seventh, a details row.
        wrapped_twice = len(range(0, COUNT, 7))
        assert doc_list.virtual_size.height == 2 * COUNT + wrapped_twice
        # A resize starts again for the new width and gets there too.
        await pilot.resize_terminal(80, 12)
        await pilot.pause(0.5)
        assert doc_list.virtual_size.height == 2 * COUNT
        await pilot.press("G")
        assert shown(app)[-2].startswith("Title 09999")


async def test_keys_move_the_cursor_and_announce_it():
    app = ListApp(documents(50))
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        await pilot.press("j", "j", "down", "k")
        assert app.query_one(DocumentList).current_id == "doc00002"
        await pilot.press("pagedown")
        moved = app.query_one(DocumentList).current_id
        assert moved is not None and moved > "doc00004"  # a screen of 12 rows holds about 5
        assert any(row.startswith(f"Title {moved[3:]}") for row in shown(app))
        await pilot.press("pageup")
        assert app.query_one(DocumentList).current_id < moved
        await pilot.press("enter")
        assert app.events[-1][0] == "selected"


async def test_a_click_selects_the_entry_under_the_mouse():
    app = ListApp(documents(50))
    async with app.run_test(size=(60, 12)) as pilot:
        await pilot.pause()
        # At 60 columns the first title takes 2 rows: the second entry starts at row 3.
        await pilot.click(DocumentList, offset=(2, 4))
        assert app.events[-1] == ("selected", "doc00001")


async def test_a_mark_shows_its_glyph_and_can_lengthen_the_entry():
    app = ListApp(documents(50))
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        await pilot.press("j", "m")
        doc_list = app.query_one(DocumentList)
        assert doc_list.marked == ["doc00001"]
        assert shown(app)[3] == f"{MARK}Title 00001"
        await pilot.press("k", "m")  # m moved on to the next: back to unmark it
        assert doc_list.marked == []
        assert shown(app)[3] == "Title 00001"


async def test_titles_rewrap_when_the_width_changes():
    app = ListApp(documents(20))
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        wrapped = shown(app)
        await pilot.resize_terminal(120, 12)
        await pilot.pause()
        wide = shown(app)
        assert wide[0] == "Title 00000 with many more words to wrap with many more words to wrap"
        assert wide[1].startswith("R0") and not wrapped[1].startswith("R0")


async def test_a_new_list_keeps_the_cursor_on_its_document():
    docs = documents(30)
    app = ListApp(docs)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        await pilot.press("j", "j", "j")
        doc_list = app.query_one(DocumentList)
        doc_list.load(docs[1:], FACETS)  # the first document was removed
        await pilot.pause()
        assert doc_list.current_id == "doc00003"
        doc_list.load([], FACETS)
        await pilot.pause()
        assert doc_list.current_id is None
        assert all(not row for row in shown(app))


async def test_titles_are_shown_as_plain_text():
    hostile = DocumentInfo("x", "[bold]not markup[/] \x1b[31mred", "", "/x", 1, {})
    app = ListApp([hostile])
    async with app.run_test(size=(60, 8)) as pilot:
        await pilot.pause()
        assert shown(app)[0] == "[bold]not markup[/] \ufffd[31mred"


def cursor_style(doc_list: DocumentList):
    """The style of the first row's first segment: the cursor's entry, at the top."""
    return next(iter(doc_list.render_line(0))).style


async def test_the_cursor_dims_when_the_list_loses_focus():
    class WithInput(ListApp):
        def compose(self) -> ComposeResult:
            yield DocumentList(id="documents")
            yield Input()

    app = WithInput(documents(20))
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        doc_list = app.query_one(DocumentList)
        focused = cursor_style(doc_list)
        app.query_one(Input).focus()
        await pilot.pause()
        blurred = cursor_style(doc_list)
        assert focused != blurred
        doc_list.focus()
        await pilot.pause()
        assert cursor_style(doc_list) == focused
