"""`kread points` output: the points documents make, who makes each and who is silent, as
JSON data, a Markdown report or Rich text for the terminal.

Rich is imported only to print for people, so `--json` does not load it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from kread.index.document import Document
from kread.index.points.models import Point, PointMap

if TYPE_CHECKING:
    from rich.console import Console

    from kread.index.facets.taxonomy import Taxonomy

# The label of a clashing point that no facet shown holds.
ELSEWHERE = "a point outside the facets shown"


def ordered(points: Sequence[Point]) -> list[Point]:
    """The points made by most documents first (in the engine's order among equals)."""
    return sorted(points, key=lambda p: -len(p.sentences))


def points_json(point_map: PointMap) -> dict:
    """The `points --json` data (the contract in DESIGN.md)."""
    return {
        "documents": [{"id": d.id, "title": d.title} for d in point_map.documents],
        "facets": {
            name: [
                {
                    "id": p.id,
                    "label": p.label,
                    "aspect": p.aspect,
                    "sentences": {doc_id: list(i) for doc_id, i in p.sentences.items()},
                    "silent": list(p.silent),
                    "similarity": round(p.similarity, 4),
                    "shared_terms": list(p.shared_terms),
                    "facets": list(p.facets),
                    "clashes": list(p.clashes),  # ids of points that claim the opposite
                }
                for p in ordered(points)
            ]
            for name, points in point_map.facets.items()
        },
    }


def _labels(point_map: PointMap) -> dict[int, str]:
    return {p.id: p.label for points in point_map.facets.values() for p in points}


def print_points(
    console: Console, taxonomy: Taxonomy, point_map: PointMap, short: Mapping[str, str]
) -> None:
    """A legend of the documents by ``short`` id, then per facet a line per point: how
    many documents make it, its label, which ones; opposite claims marked."""
    from rich.style import Style
    from rich.table import Table
    from rich.text import Text

    from kread.tui import render

    legend = Table.grid(padding=(0, 2))
    legend.add_column(no_wrap=True, style="cyan")
    legend.add_column()
    for info in point_map.documents:
        legend.add_row(short[info.id], Text(info.title, style="bold"))
    console.print(legend)
    total = len(point_map.documents)
    labels = _labels(point_map)
    for name, points in point_map.facets.items():
        facet = taxonomy.get(name)
        style = render.facet_style(facet) + Style(bold=True)
        heading = Text(f"\n{facet.letter} {facet.label}", style)
        heading.append(f"   {len(points)} points", "dim")
        console.print(heading)
        if not points:
            console.print(Text(f"  No document says anything about {facet.label.lower()}.", "dim"))
            continue
        table = Table.grid(padding=(0, 2))
        table.add_column(no_wrap=True, justify="right")
        table.add_column(ratio=1)
        # The ids wrap in a third of the width at most; the label takes the rest.
        table.add_column(style="cyan", max_width=max(6, console.width // 3))
        for point in ordered(points):
            label = Text(point.label)
            for other in point.clashes:
                label.append(f"\n≠ disagrees with: {labels.get(other, ELSEWHERE)}", "bold red")
            makers = " ".join(short[d] for d in point.sentences)
            table.add_row(Text(f"{len(point.sentences)} of {total}", "bold"), label, f"[{makers}]")
        console.print(table)


def points_markdown(
    taxonomy: Taxonomy,
    point_map: PointMap,
    docs: Mapping[str, Document],
    short: Mapping[str, str],
) -> str:
    """The `points --markdown` report: per facet, each point with every sentence of it."""
    from kread.tui import render
    from kread.tui.compare_report import markdown_text as md

    lines = ["# Points across documents", ""]
    lines += [f"- `{short[d.id]}`: {md(d.title)} (`{d.id}`)" for d in point_map.documents]
    lines.append("")
    total = len(point_map.documents)
    labels = _labels(point_map)
    for name, points in point_map.facets.items():
        facet = taxonomy.get(name)
        lines += [f"## {md(facet.label)} ({facet.letter})", ""]
        if not points:
            lines += [f"*No document says anything about {md(facet.label.lower())}.*", ""]
        for point in ordered(points):
            lines += [f"### {len(point.sentences)} of {total}: {md(point.label)}", ""]
            for other in point.clashes:
                lines += [f"**Disagrees with:** {md(labels.get(other, ELSEWHERE))}", ""]
            for doc_id, indexes in point.sentences.items():
                for i in indexes:
                    sentence = md(render.sentence_of(docs[doc_id], i))
                    lines.append(f"- `{short[doc_id]}` ({i}): {sentence}")
            lines.append("")
            if point.silent:
                lines += ["Silent: " + " ".join(f"`{short[d]}`" for d in point.silent), ""]
    return "\n".join(lines)
