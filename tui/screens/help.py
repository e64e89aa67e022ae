"""The help screen: every key (generated from the bindings), the query syntax, the facets,
the cues and the document list's balance bar."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from kread.index.facets.models import Cue
from kread.index.models import Facet
from kread.tui import render
from kread.tui.screens.theme_colours import RedrawnOnThemeChange

QUERY_SYNTAX: tuple[tuple[str, str], ...] = (
    ("ketamine ptsd", "both words (AND is implied); words are stemmed: infusions finds infusion"),
    ("ketamine OR esketamine", "either word"),
    ("ketamine NOT recreational", "the first without the second"),
    ('"blood pressure"', "the exact phrase"),
    ('"fear extinction"~3', "the words within 3 positions of each other"),
    ("synap*", "any word starting with synap (at least 2 letters before *)"),
    ("ketamin~", "fuzzy: words one edit away, same first letter (~2: two edits)"),
    ("title:veterans", "in a field: title, source, place, body, facet"),
    ("facet:risks FDA", "documents with a risks sentence that mention FDA"),
    ("(a OR b) AND c", "group with parentheses"),
)


BALANCE_BAR: tuple[tuple[str, str], ...] = (
    (
        f"{render.BENEFIT_CELL * 3}{render.RISK_CELL}",
        f"before the facet counts: the share of sentences claiming benefits "
        f"({render.BENEFIT_CELL}) against those describing risks or regulation "
        f"({render.RISK_CELL}), in {render.BALANCE_CELLS} cells",
    ),
    (
        render.WARNING_GLYPH,
        "it claims benefits and describes no risk or side effect (a in the reader: the "
        "appraisal says how many of those claims are stated as certain)",
    ),
    (render.NEITHER_CELL * render.BALANCE_CELLS, "no sentence on either side"),
)


def _key_name(binding: Binding) -> str:
    if binding.key_display:
        return binding.key_display
    names = {
        "slash": "/",
        "question_mark": "?",
        "right_square_bracket": "]",
        "left_square_bracket": "[",
        "space": "space",
    }
    return names.get(binding.key, binding.key)


def key_rows(
    bindings: Iterable[Binding], facet_count: int, keymap: Mapping[str, str] | None = None
) -> list[tuple[str, str, str]]:
    """Rows of (keys, what they do, binding ids): keys that do the same thing share a
    row, and the numbered facet keys collapse into one "1-N" entry (other digit keys say
    what they are with their ``key_display``). Keys are as ``keymap`` makes them."""
    keymap = keymap or {}
    rows: dict[str, tuple[list[str], list[str]]] = {}
    for binding in bindings:
        what = binding.tooltip or binding.description
        binding_id = binding.id or ""
        if binding.key.isdigit() and not binding.key_display and binding_id not in keymap:
            if binding.key != "1":  # the facet keys
                continue
            names = [f"1-{facet_count}"]
            binding_id = binding_id.removesuffix("1") + f"1-{facet_count}"
        elif binding_id in keymap:
            names = [_key_name(binding.with_key(key)) for key in keymap[binding_id].split(",")]
        else:
            names = [_key_name(binding)]
        keys, ids = rows.setdefault(what, ([], []))
        keys.extend(name for name in names if name not in keys)
        if binding_id and binding_id not in ids:
            ids.append(binding_id)
    return [(" ".join(keys), what, " ".join(ids)) for what, (keys, ids) in rows.items()]


class HelpScreen(RedrawnOnThemeChange, ModalScreen[None]):
    """Keys, query syntax and facet definitions; any of Escape, q, ? or F1 closes it."""

    BINDINGS = [
        Binding(
            "escape,q,question_mark,f1",
            "dismiss",
            "Close",
            id="help.close",
            tooltip="Close the help",
        ),
    ]

    def __init__(
        self,
        sections: Sequence[tuple[str, Sequence[Binding]]],
        facets: Sequence[Facet],
        start: str = "keys",
        cues: Sequence[Cue] = (),
        keymap: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__()
        self.keymap = keymap or {}
        self.sections = sections
        self.facets = facets
        self.cues = cues
        self.start = start

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Static(Text("Keys", style="bold"), id="help-keys")
            for title, bindings in self.sections:
                yield Static(self._keys_table(title, bindings))
            yield Static(Text("Query syntax", style="bold"), id="help-syntax")
            yield Static(self._table(QUERY_SYNTAX))
            yield Static(Text("Facets", style="bold"), id="help-facets")
            yield Static(self._facets_table(), id="help-facets-table")
            if self.cues:
                yield Static(Text("Cues (l switches the cue lens)", style="bold"), id="help-cues")
                yield Static(self._cues_table(), id="help-cues-table")
            yield Static(Text("Balance bar (document list)", style="bold"), id="help-balance")
            yield Static(self._table(BALANCE_BAR))
            yield Static(Text("Escape, q, ? or F1 closes this help.", style="dim"))

    def on_mount(self) -> None:
        target = self.query_one(f"#help-{self.start}", Static)
        self.call_after_refresh(target.scroll_visible, top=True, animate=False)

    def redraw_colours(self) -> None:
        self.query_one("#help-facets-table", Static).update(self._facets_table())
        if self.cues:
            self.query_one("#help-cues-table", Static).update(self._cues_table())

    def _keys_table(self, title: str, bindings: Sequence[Binding]) -> Table:
        # The binding ids, dim after what the keys do, are what a keymap names.
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for keys, what, ids in key_rows(bindings, len(self.facets), self.keymap):
            table.add_row(Text(keys), Text.assemble(what, "  ", (ids, "dim")))
        table.title = title
        table.title_justify = "left"
        table.title_style = "italic"
        return table

    @staticmethod
    def _table(rows: Iterable[tuple[str, str]]) -> Table:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for key, what in rows:
            table.add_row(Text(key), Text(what))
        return table

    def _facets_table(self) -> Table:
        table = Table.grid(padding=(0, 2))
        table.add_column(no_wrap=True)
        table.add_column()
        for key, facet in enumerate(self.facets, 1):
            name = Text(f"{key} ")
            name.append(facet.letter, render.facet_style(facet) + Style(bold=True))
            name.append(f" {facet.label}", render.facet_style(facet))
            table.add_row(name, Text(facet.description))
        return table

    def _cues_table(self) -> Table:
        table = Table.grid(padding=(0, 2))
        table.add_column(no_wrap=True)
        table.add_column()
        for cue in self.cues:
            name = Text(cue.glyph, render.cue_style(cue) + Style(bold=True))
            name.append(f" {cue.label}", render.cue_style(cue))
            table.add_row(name, Text(cue.description))
        return table

    def action_dismiss(self) -> None:
        self.dismiss(None)
