"""Three or more documents at once: facets down, documents across, each cell the
number of sentences with a preview; Enter shows the cell's sentences."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Static
from textual.worker import get_current_worker

from kread.index.models import Document, Facet
from kread.tui import render
from kread.tui.messages import MatrixLoaded, Settled
from kread.tui.screens.base import KreadScreen

if TYPE_CHECKING:
    from kread.index.library import Library

PREVIEW_CHARS = 60


class SentencesScreen(ModalScreen[None]):
    """The sentences of one cell of the matrix."""

    BINDINGS = [Binding("escape,q,enter", "close", "Close", id="cell.close", tooltip="Close")]

    def __init__(self, facet: Facet, doc: Document, indexes: tuple[int, ...]) -> None:
        super().__init__()
        self.facet, self.doc, self.indexes = facet, doc, indexes

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="cell-body"):
            heading = Text()
            heading.append(
                f"{self.facet.letter} {self.facet.label}", render.facet_style(self.facet)
            )
            heading.append(f" in {self.doc.title}", "bold")
            yield Static(heading)
            if not self.indexes:
                yield Static(Text(f"It says nothing about {self.facet.label.lower()}.", "dim"))
            for i in self.indexes:
                yield Static(
                    Text("• ") + Text(render.sentence_of(self.doc, i)), classes="cell-sentence"
                )

    def action_close(self) -> None:
        self.dismiss(None)


class MatrixScreen(KreadScreen[None]):
    """A facet-by-document table of sentence counts."""

    BINDINGS = [
        Binding("escape,q", "back", "Back", id="matrix.back", tooltip="Back to the document list"),
    ]

    def __init__(self, library: Library, ids: list[str]) -> None:
        super().__init__()
        self.library = library  # asked in workers only
        self.ids = ids
        self.docs: list[Document] = []
        self.facets: list[Facet] = []

    def compose(self) -> ComposeResult:
        yield Static(Text("Sentences per facet; Enter shows a cell's sentences.", "dim"))
        yield DataTable(id="matrix", cursor_type="cell", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self._load(self.ids)

    @work(thread=True, exclusive=True, exit_on_error=False, group="matrix", name="compare")
    def _load(self, ids: list[str]) -> None:
        matrix = self.library.matrix(ids)
        docs = [self.library.document(d.id) for d in matrix.documents]
        if not get_current_worker().is_cancelled:
            self.post_message(MatrixLoaded(matrix, docs))

    def on_matrix_loaded(self, message: MatrixLoaded) -> None:
        matrix = message.matrix
        self.docs = message.documents
        self.facets = [f for f in self.library.taxonomy.facets if f.name in matrix.cells]
        table = self.query_one(DataTable)
        width = max(14, (self.size.width - 16) // max(1, len(self.docs)) - 2)
        table.add_column("facet", key="facet")
        for doc in self.docs:
            table.add_column(
                Text(doc.title, overflow="ellipsis", no_wrap=True), key=doc.id, width=width
            )
        for facet in self.facets:
            row: list[Text] = [Text(f"{facet.letter} {facet.label}", render.facet_style(facet))]
            for doc in self.docs:
                indexes = matrix.cells[facet.name].get(doc.id, ())
                cell = Text.assemble((f"{len(indexes):>3} ", "bold"))
                if indexes:
                    cell.append(render.sentence_preview(doc, indexes[0], PREVIEW_CHARS), "dim")
                else:
                    cell.append("nothing", "dim italic")
                row.append(cell)
            table.add_row(*row, key=facet.name, height=2)
        table.move_cursor(row=0, column=1)
        table.focus()
        self.post_message(Settled())  # the keys typed while it compared go on now

    @on(DataTable.CellSelected)
    def _open_cell(self, event: DataTable.CellSelected) -> None:
        row, column = event.coordinate.row, event.coordinate.column
        if column == 0:
            return
        facet, doc = self.facets[row], self.docs[column - 1]
        indexes = tuple(i for i, s in enumerate(doc.sentences) if facet.name in s.facets)
        self.app.push_screen(SentencesScreen(facet, doc, indexes))

    def action_back(self) -> None:
        self.dismiss(None)
