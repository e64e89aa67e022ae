"""The facet bar: each facet's key, letter, label and count in the open document,
whether its marks are on, with the cue lens on each cue's glyph and count, and where the
last jump landed ("3 of 11", "find 2 of 7")."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from rich.style import Style
from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from kread.index.facets.models import Cue
from kread.index.models import Facet
from kread.tui import render


class FacetBar(Static):
    """A one-line summary above the reader."""

    marked: reactive[tuple[int, int] | None] = reactive(None)
    match: reactive[tuple[int, int] | None] = reactive(None)
    # Whether `match` counts a find's hits in the text (else the search's matches).
    finding: reactive[bool] = reactive(False)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.facets: Sequence[Facet] = ()
        self.counts: Mapping[str, int] = {}
        self.enabled: Collection[str] = ()
        self.cues: Sequence[Cue] = ()
        self.cue_counts: Mapping[str, int] = {}
        self.lens = False

    def update_facets(
        self, facets: Sequence[Facet], counts: Mapping[str, int], enabled: Collection[str]
    ) -> None:
        self.facets, self.counts, self.enabled = facets, counts, enabled
        self.refresh_bar()

    def update_cues(self, cues: Sequence[Cue], counts: Mapping[str, int], lens: bool) -> None:
        self.cues, self.cue_counts, self.lens = cues, counts, lens
        self.refresh_bar()

    def watch_marked(self) -> None:
        self.refresh_bar()

    def watch_match(self) -> None:
        self.refresh_bar()

    def watch_finding(self) -> None:
        self.refresh_bar()

    def refresh_bar(self) -> None:
        # Labels only where the whole bar fits with them, the facets' first (their letters
        # are in every gutter): the counts and the jump must not be cut.
        for facet_labels, cue_labels in ((True, True), (False, True), (False, False)):
            bar = self._bar(facet_labels, cue_labels)
            if bar.cell_len <= self.size.width:
                break
        self.update(bar)

    def _bar(self, facet_labels: bool, cue_labels: bool) -> Text:
        bar = Text(no_wrap=True, overflow="ellipsis")
        for key, facet in enumerate(self.facets, 1):
            on = facet.name in self.enabled
            style = render.facet_style(facet) if on else Style(dim=True, strike=True)
            bar.append(f"{key} " if key < 10 else "  ", Style(dim=True))
            bar.append(facet.letter, style + Style(bold=True))
            if facet_labels:
                bar.append(f" {facet.label}", style)
            bar.append(f" {self.counts.get(facet.name, 0)}", style)
            bar.append("  ")
        if self.lens and self.cues:
            bar.append("│ ", Style(dim=True))
            for cue in self.cues:
                style = render.cue_style(cue)
                bar.append(cue.glyph, style + Style(bold=True))
                if cue_labels:
                    bar.append(f" {cue.label}", style)
                bar.append(f" {self.cue_counts.get(cue.name, 0)}  ", style)
        if self.marked:
            bar.append(f"│ {self.marked[0]} of {self.marked[1]} ", "bold")
        if self.match:
            what = "find" if self.finding else "match"
            bar.append(f"│ {what} {self.match[0]} of {self.match[1]}", "bold")
        bar.rstrip()
        return bar

    def on_resize(self) -> None:
        self.refresh_bar()

    def notify_style_update(self) -> None:
        # The theme changed: facet colours are drawn anew for its backgrounds.
        super().notify_style_update()
        if self.is_mounted:
            self.refresh_bar()
