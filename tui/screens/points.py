"""The Points screen: per facet the points documents make, most documents first, with a
column per document saying who makes each and who is silent; Enter shows a point's
sentences, and Enter on one of them opens it in the reader."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from kread.index.document import Document
from kread.index.models import Facet
from kread.index.points.models import Point, PointMap
from kread.tui import render
from kread.tui.messages import PointsLoaded, Settled
from kread.tui.screens.base import KreadScreen
from kread.tui.screens.theme_colours import RedrawnOnThemeChange
from kread.tui.widgets.point_grid import MAKES, OPPOSITE, SILENT, PointGrid

if TYPE_CHECKING:
    from kread.index.library import Library

# The legend gives each document (short id and the start of its title) this many columns.
LEGEND_ENTRY_CHARS = 26


@dataclass(frozen=True)
class SentenceChoice:
    """A sentence the user chose to read: its document and where it starts."""

    doc_id: str
    start: int


class PointSentencesScreen(RedrawnOnThemeChange, ModalScreen[SentenceChoice | None]):
    """Every sentence of one point, each with its document; then the sentences of the
    points that claim the opposite, and who is silent. Enter opens a sentence."""

    BINDINGS = [
        Binding("escape,q", "close", "Close", id="point.close", tooltip="Back to the points"),
    ]

    def __init__(
        self,
        facet: Facet,
        point: Point,
        opposite: list[Point],
        docs: dict[str, Document],
        short: dict[str, str],
    ) -> None:
        super().__init__()
        self.facet, self.point, self.opposite = facet, point, opposite
        self.docs, self.short = docs, short
        self.choices: dict[str, SentenceChoice] = {}

    def compose(self) -> ComposeResult:
        with Vertical(id="point-body"):
            yield Static(self._heading(), id="point-heading")
            options: list[Option] = []
            options += self._sentences(self.point, "p")
            for n, other in enumerate(self.opposite):
                title = Text(f"{OPPOSITE} the opposite: {other.label}", render.CLASH_LABEL_STYLE)
                options.append(Option(title, disabled=True))
                options += self._sentences(other, f"o{n}")
            yield OptionList(*options, id="point-sentences")
            if self.point.silent:
                silent = ", ".join(self.short[d] for d in self.point.silent)
                yield Static(Text(f"{SILENT} silent: {silent}", "dim"), id="point-silent")
            yield Static(Text("Enter: read it in its document · Escape: back", "dim"))

    def _heading(self) -> Text:
        heading = Text(f"{self.facet.letter} ", render.facet_style(self.facet))
        heading.append(self.point.label, "bold")
        heading.append(f"   {len(self.point.sentences)} of {len(self.docs)} documents", "dim")
        return heading

    def redraw_colours(self) -> None:
        self.query_one("#point-heading", Static).update(self._heading())

    def _sentences(self, point: Point, prefix: str) -> list[Option]:
        options = []
        for doc_id, indexes in point.sentences.items():
            doc = self.docs[doc_id]
            for i in indexes:
                key = f"{prefix}-{doc_id}-{i}"
                self.choices[key] = SentenceChoice(doc_id, doc.sentences[i].start)
                line = Text(f"{self.short[doc_id]} ", "bold cyan")
                line.append(render.sentence_of(doc, i))
                options.append(Option(line, id=key))
        return options

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def _open(self, event: OptionList.OptionSelected) -> None:
        choice = self.choices.get(event.option.id or "")
        if choice is not None:
            self.dismiss(choice)

    def action_close(self) -> None:
        self.dismiss(None)


class PointsScreen(RedrawnOnThemeChange, KreadScreen[SentenceChoice | None]):
    """What the documents claim, who else claims it, and who is silent."""

    BINDINGS = [
        Binding("escape,q", "back", "Back", id="points.back", tooltip="Back to the document list"),
        Binding(
            "enter",
            "open_point",
            "Sentences",
            id="points.open",
            tooltip="The point's sentences; Enter on one reads it in its document",
        ),
    ]

    def __init__(self, library: Library, ids: list[str]) -> None:
        super().__init__()
        self.library = library  # asked in workers only
        self.ids = ids  # none: every document
        self.point_map: PointMap | None = None
        self.docs: dict[str, Document] = {}
        self.short: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        yield Static(Text("Finding the points the documents make…", "dim"), id="points-legend")
        yield PointGrid(id="points")
        yield Static(id="point-detail")
        yield Footer()

    def on_mount(self) -> None:
        self._load(self.ids)

    @work(thread=True, exclusive=True, exit_on_error=False, group="points", name="find the points")
    def _load(self, ids: list[str]) -> None:
        point_map = self.library.points(ids)
        docs = [self.library.document(d.id) for d in point_map.documents]
        if not get_current_worker().is_cancelled:
            self.post_message(PointsLoaded(point_map, docs))

    def on_points_loaded(self, message: PointsLoaded) -> None:
        from kread.tui.compare_report import short_ids

        self.point_map = message.points
        self.docs = {d.id: d for d in message.documents}
        every = [d.id for d in self.app.documents] or list(self.docs)
        self.short = short_ids(every, self.point_map.documents)
        self.query_one("#points-legend", Static).update(self._legend())
        grid = self.query_one(PointGrid)
        grid.load(self.point_map, self.library.taxonomy.facets, self.short, self.size.width)
        grid.focus()
        self.post_message(Settled())  # the keys typed while it looked go on now

    def _legend(self) -> Group:
        """The documents by short id, as many to a line as fit, then what the cells mean."""
        assert self.point_map is not None
        documents = self.point_map.documents
        width = max(20, self.size.width - 2)
        per_line = max(1, min(len(documents), width // LEGEND_ENTRY_CHARS)) if documents else 1
        legend = Table.grid(padding=(0, 1), expand=True)
        for _ in range(per_line):
            legend.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        entries = []
        for info in documents:
            entry = Text(self.short[info.id], "bold cyan", no_wrap=True, overflow="ellipsis")
            entry.append(f" {info.title}")
            entries.append(entry)
        for n in range(0, len(entries), per_line):
            row = entries[n : n + per_line]
            legend.add_row(*row, *[Text("")] * (per_line - len(row)))
        key = Text(
            f"{MAKES} makes the point  {SILENT} silent  {OPPOSITE} says the opposite"
            "  · Enter: its sentences",
            "dim",
        )
        return Group(legend, key)

    def on_resize(self) -> None:
        # Wider terminals show titles in the column heads: lay the grid out again.
        self._reload_grid()

    def redraw_colours(self) -> None:
        self._reload_grid()  # its facet rows; the legend and the detail have no facet colours

    def _reload_grid(self) -> None:
        """The grid laid out again for the screen's width, the cursor on its row."""
        if self.point_map is not None:
            grid = self.query_one(PointGrid)
            row = grid.cursor_row
            grid.load(self.point_map, self.library.taxonomy.facets, self.short, self.size.width)
            grid.move_cursor(row=row)

    @on(PointGrid.RowHighlighted)
    def _detail(self) -> None:
        """The current point whole, on a line of its own: the grid cuts long labels."""
        row = self.query_one(PointGrid).current
        detail = Text(no_wrap=True, overflow="ellipsis")
        if row is not None and row.point is not None and self.point_map is not None:
            point = row.point
            labels = {p.id: p.label for listed in self.point_map.facets.values() for p in listed}
            detail.append(f"{len(point.sentences)} of {len(self.docs)}: ", "bold")
            detail.append(point.label)
            for other in point.clashes:
                detail.append(f"  {OPPOSITE} {labels.get(other, '')}", render.CLASH_LABEL_STYLE)
            if point.silent:
                detail.append("  silent: " + " ".join(self.short[d] for d in point.silent), "dim")
        self.query_one("#point-detail", Static).update(detail)

    def action_open_point(self) -> None:
        self.query_one(PointGrid).action_select_cursor()

    @on(PointGrid.Chosen)
    def _show_point(self, event: PointGrid.Chosen) -> None:
        assert self.point_map is not None
        by_id = {p.id: p for listed in self.point_map.facets.values() for p in listed}
        opposite = [by_id[c] for c in event.point.clashes if c in by_id]
        screen = PointSentencesScreen(event.facet, event.point, opposite, self.docs, self.short)

        def chosen(choice: SentenceChoice | None) -> None:
            if choice is not None:
                self.dismiss(choice)

        self.app.push_screen(screen, chosen)

    def action_back(self) -> None:
        self.dismiss(None)
