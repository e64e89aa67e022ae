"""Three or more documents at once: facets down, documents across, each cell the
number of sentences with a preview; Enter shows the cell's sentences."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Static
from textual.worker import get_current_worker

from kread.index.document import Document
from kread.index.models import Facet
from kread.tui import render
from kread.tui.messages import MatrixLoaded, Settled
from kread.tui.screens.base import KreadScreen
from kread.tui.screens.theme_colours import RedrawnOnThemeChange
from kread.tui.wrap import sanitise

if TYPE_CHECKING:
    from kread.index.library import Library

PREVIEW_CHARS = 60
# Ids in the headers are cut to this many characters at least (the bundled "000"...).
SHORT_ID = 3
# A document column: narrow enough for five in 80 columns, not wider than a preview.
MIN_COLUMN, MAX_COLUMN = 8, 40


class SentencesScreen(RedrawnOnThemeChange, ModalScreen[None]):
    """The sentences of one cell of the matrix."""

    BINDINGS = [Binding("escape,q,enter", "close", "Close", id="cell.close", tooltip="Close")]

    def __init__(self, facet: Facet, doc: Document, indexes: tuple[int, ...]) -> None:
        super().__init__()
        self.facet, self.doc, self.indexes = facet, doc, indexes

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="cell-body"):
            yield Static(self._heading(), id="cell-heading")
            if not self.indexes:
                yield Static(Text(f"It says nothing about {self.facet.label.lower()}.", "dim"))
            for i in self.indexes:
                yield Static(
                    Text("• ") + Text(render.sentence_of(self.doc, i)), classes="cell-sentence"
                )

    def _heading(self) -> Text:
        heading = Text()
        heading.append(f"{self.facet.letter} {self.facet.label}", render.facet_style(self.facet))
        heading.append(f" in {self.doc.title}", "bold")
        return heading

    def redraw_colours(self) -> None:
        self.query_one("#cell-heading", Static).update(self._heading())

    def action_close(self) -> None:
        self.dismiss(None)


class MatrixScreen(RedrawnOnThemeChange, KreadScreen[None]):
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
        yield Static(id="matrix-legend")
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
        short = short_ids([doc.id for doc in self.docs])
        self.query_one("#matrix-legend", Static).update(legend(self.docs, short))
        facet_width = max((cell_len(f"{f.letter} {f.label}") for f in self.facets), default=5)
        width = column_width(self.size.width, facet_width, len(self.docs))
        table.add_column("facet", key="facet", width=facet_width)
        for doc in self.docs:
            # The id heads the column (the legend above gives its title in full).
            head = Text(short[doc.id], "bold", overflow="ellipsis", no_wrap=True)
            head.append(f" {_one_line(doc.title)}", "not bold")
            table.add_column(head, key=doc.id, width=width)
        for facet in self.facets:
            row: list[Text] = [_facet_cell(facet)]
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

    def redraw_colours(self) -> None:
        table = self.query_one(DataTable)
        for facet in self.facets:
            if facet.name in table.rows:
                table.update_cell(facet.name, "facet", _facet_cell(facet))

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


def _facet_cell(facet: Facet) -> Text:
    """The facet heading a row of the matrix, in the facet's colour."""
    return Text(f"{facet.letter} {facet.label}", render.facet_style(facet))


def short_ids(ids: list[str]) -> dict[str, str]:
    """Each id cut to the shortest prefix (3 characters at least) that tells it apart
    from the others: the ids kread accepts for it anywhere."""
    for length in range(SHORT_ID, max(map(len, ids), default=0) + 1):
        if len({doc_id[:length] for doc_id in ids}) == len(ids):
            return {doc_id: doc_id[:length] for doc_id in ids}
    return {doc_id: doc_id for doc_id in ids}


def column_width(screen_width: int, facet_width: int, columns: int) -> int:
    """A document column's width: the screen shared out (each column also takes two
    cells of padding, the table a scrollbar), between `MIN_COLUMN` and `MAX_COLUMN`."""
    free = screen_width - facet_width - 2 - 2 - 2 * columns
    return max(MIN_COLUMN, min(MAX_COLUMN, free // max(1, columns)))


def legend(docs: list[Document], short: dict[str, str]) -> Text:
    """One line per document: its short id, its title and source (untrusted: plain)."""
    text = Text(no_wrap=True, overflow="ellipsis", end="")
    for i, doc in enumerate(docs):
        if i:
            text.append("\n")
        text.append(f"{short[doc.id]:<{SHORT_ID}} ", "bold")
        text.append(_one_line(doc.title))
        if doc.source:
            text.append(f" — {_one_line(doc.source)}", "dim")
    return text


def _one_line(text: str) -> str:
    return " ".join(sanitise(text).split())
