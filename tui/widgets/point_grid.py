"""The grid of the Points screen: per facet a heading row, then a row per point (most
documents first) with a column per document saying who makes it, who is silent and who
says the opposite; Enter asks for the point's sentences."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable

from kread.index.models import DocumentInfo, Facet
from kread.index.points.models import Point, PointMap
from kread.tui import render

# What a document's cell shows: it makes the point (with how many sentences when more
# than one), it is silent, or it makes a point that claims the opposite. A glyph each,
# so none rests on colour alone.
MAKES = "●"
SILENT = "·"
OPPOSITE = render.CLASH_GLYPH
# From this width on a document's column shows the start of its title beside its id.
WIDE = 120
TITLE_CHARS = 12
COUNT_WIDTH = 5  # "12/50"
BOLD = Style(bold=True)
# Columns are padded by one cell each side; the scroll bar takes two more.
PADDING, SCROLLBAR = 2, 2


@dataclass(frozen=True)
class PointRow:
    """What a row of the grid holds: a facet's heading (``point`` None) or a point."""

    facet: Facet
    point: Point | None = None


class PointGrid(DataTable):
    """Points by facet, documents across."""

    BINDINGS = [
        Binding(
            "right_square_bracket",
            "facet(1)",
            "Next facet",
            key_display="]",
            id="points.next_facet",
            tooltip="The next facet's points",
        ),
        Binding(
            "left_square_bracket",
            "facet(-1)",
            "Prev facet",
            key_display="[",
            show=False,
            id="points.prev_facet",
            tooltip="The previous facet's points",
        ),
        Binding("j", "cursor_down", "Down", show=False, id="points.down", tooltip="Next point"),
        Binding("k", "cursor_up", "Up", show=False, id="points.up", tooltip="Previous point"),
    ]

    @dataclass
    class Chosen(Message):
        """Enter on a point: show its sentences."""

        point: Point
        facet: Facet

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self.rows_held: list[PointRow] = []

    def load(
        self,
        point_map: PointMap,
        facets: Sequence[Facet],
        short: Mapping[str, str],
        width: int,
    ) -> None:
        """Fill the grid for a screen ``width`` columns wide; ``short``: document ids as
        shown in the column heads."""
        self.clear(columns=True)
        self.rows_held = []
        documents = point_map.documents
        wide = width >= WIDE
        column = max(len(short[d.id]) for d in documents) if documents else 3
        if wide:
            column += 1 + TITLE_CHARS
        self.add_column(Text("n", "bold"), key="count", width=COUNT_WIDTH)
        for doc in documents:
            self.add_column(_head(doc, short[doc.id], wide), key=doc.id, width=column)
        used = COUNT_WIDTH + PADDING + len(documents) * (column + PADDING) + SCROLLBAR
        self.add_column(Text("point", "bold"), key="label", width=max(20, width - used - PADDING))
        labels = {p.id: p.label for listed in point_map.facets.values() for p in listed}
        total = len(documents)
        for facet in facets:
            points = point_map.facets.get(facet.name)
            if points is None:
                continue
            style = render.facet_style(facet)
            heading = Text(f"{facet.label}", style + BOLD)
            heading.append(f"  {len(points)} points", "dim")
            if not points:
                heading.append(f" · no document says anything about {facet.label.lower()}", "dim")
            blank = [Text("")] * total
            self.add_row(Text(f"{facet.letter}", style + BOLD), *blank, heading)
            self.rows_held.append(PointRow(facet))
            opposite = _opposite_makers(points, point_map)
            for point in points:
                cells = [_cell(point, doc.id, opposite) for doc in documents]
                count = Text(f"{len(point.sentences)}/{total}", "bold")
                self.add_row(count, *cells, _label(point, labels))
                self.rows_held.append(PointRow(facet, point))
        self.move_cursor(row=1 if len(self.rows_held) > 1 else 0)

    @property
    def current(self) -> PointRow | None:
        if 0 <= self.cursor_row < len(self.rows_held):
            return self.rows_held[self.cursor_row]
        return None

    def action_select_cursor(self) -> None:
        row = self.current
        if row is not None and row.point is not None:
            self.post_message(self.Chosen(row.point, row.facet))

    def action_facet(self, step: int) -> None:
        """Move to the first point of the next (or previous) facet."""
        headings = [n for n, row in enumerate(self.rows_held) if row.point is None]
        here = self.cursor_row
        # The heading of the facet the cursor is in, then the one before or after it.
        current = max((n for n in headings if n <= here), default=0)
        later = [n for n in headings if (n > current if step > 0 else n < current)]
        if not later:
            return
        target = later[0] if step > 0 else later[-1]
        self.move_cursor(row=min(target + 1, len(self.rows_held) - 1))


def _head(doc: DocumentInfo, short: str, wide: bool) -> Text:
    head = Text(short, "bold")
    if wide:
        title = doc.title if len(doc.title) <= TITLE_CHARS else doc.title[: TITLE_CHARS - 1] + "…"
        head.append(" " + title, "dim")
    return head


def _opposite_makers(points: Sequence[Point], point_map: PointMap) -> dict[int, set[str]]:
    """For each point, the documents that make a point claiming its opposite."""
    by_id = {p.id: p for listed in point_map.facets.values() for p in listed}
    return {
        p.id: {d for other in p.clashes if other in by_id for d in by_id[other].sentences}
        for p in points
    }


def _cell(point: Point, doc_id: str, opposite: Mapping[int, set[str]]) -> Text:
    indexes = point.sentences.get(doc_id)
    if indexes:
        many = f"{len(indexes)}" if len(indexes) > 1 else ""
        return Text(f"{MAKES}{many}", "bold")
    if doc_id in opposite.get(point.id, ()):
        return Text(OPPOSITE, render.CLASH_LABEL_STYLE)
    return Text(SILENT, "dim")


def _label(point: Point, labels: Mapping[int, str]) -> Text:
    label = Text(point.label, no_wrap=True, overflow="ellipsis")
    for other in point.clashes:
        label.append(f"  {OPPOSITE} {labels.get(other, '')}", render.CLASH_LABEL_STYLE)
    return label
