"""The search screen: results update as the user types; Enter opens a hit in the reader."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.style import Style
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.timer import Timer
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from kread.index.models import SearchResult
from kread.tui import render
from kread.tui.keys import facet_bindings
from kread.tui.messages import SearchAnswered, Settled
from kread.tui.screens.base import KreadScreen
from kread.tui.screens.theme_colours import RedrawnOnThemeChange

if TYPE_CHECKING:
    from kread.index.library import Library

# Wait this long after the last keypress before searching: typing stays smooth.
DEBOUNCE_SECONDS = 0.15
RESULT_LIMIT = 30
# While typing, each keystroke asks for the hits the screen shows and skips the counts;
# the rest, the counts and "did you mean" follow once typing pauses this long.
PAUSE_SECONDS = 0.4
# Rows of the screen that are not the hit list (query, status, footer), and the rows a
# hit takes at the least (title, snippet, rule): how many hits a screen shows.
OTHER_ROWS, HIT_ROWS = 6, 3
SNIPPET_SHOWN = 240


def hits_on_screen(rows: int) -> int:
    """At most this many hits fit on a terminal of ``rows``: 6 at 80x24, 11 at 120x40."""
    return max(HIT_ROWS, (rows - OTHER_ROWS) // HIT_ROWS)


@dataclass(frozen=True)
class SearchChoice:
    """What the user opened: a document, and the query to find its matches with."""

    doc_id: str
    query: str


class HitList(OptionList):
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="hits.down", tooltip="Next hit"),
        Binding("k", "cursor_up", "Up", show=False, id="hits.up", tooltip="Previous hit"),
    ]


class SearchScreen(RedrawnOnThemeChange, KreadScreen[SearchChoice | None]):
    """Query input, the hit count and facet counts, and the ranked hits with snippets."""

    # Enter opens a hit, perhaps once the search of what was typed has answered: the
    # keys after it are meant for the reader.
    HOLD_KEYS_AFTER = frozenset({"enter"})

    BINDINGS = [
        Binding("escape", "back", "Back", id="search.back", tooltip="Back to the document list"),
        Binding(
            "down",
            "to_hits",
            "Hits",
            show=False,
            id="search.hits",
            tooltip="Move from the query to the hits",
        ),
        Binding(
            "ctrl+y",
            "accept_correction",
            "Use suggestion",
            show=False,
            id="search.correct",
            tooltip="Search for the 'did you mean' query",
        ),
        Binding(
            "f1",
            "app.help('syntax')",
            "Syntax",
            id="search.syntax",
            tooltip="Query syntax and keys",
        ),
        *facet_bindings(
            "toggle_filter",
            "search.filter",
            "Filter",
            "Keep only hits that have the facet with that number",
        ),
    ]

    def __init__(self, library: Library, query: str = "") -> None:
        super().__init__()
        self.library = library  # asked in workers only
        self.facets = library.taxonomy.facets
        self.initial_query = query
        self.filters: list[str] = []
        self.result: SearchResult | None = None
        self._asked = 0  # number of the newest search asked for: older answers are dropped
        self._debounce: Timer | None = None
        self._pause_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Input(
            value=self.initial_query,
            placeholder='words, "a phrase", title:word, prefix*, fuzzy~, AND OR NOT  (F1: syntax)',
            id="query",
        )
        yield Static(id="search-status")
        yield HitList(id="hits")
        yield Footer()

    @property
    def hits_on_screen(self) -> int:
        return hits_on_screen(self.app.size.height)

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self.post_message(Settled())  # the query box has focus: the keys held go to it
        self._show_status()
        if self.initial_query:
            self._search_now()

    # -- searching -----------------------------------------------------------
    @on(Input.Changed, "#query")
    def _query_changed(self) -> None:
        if self._debounce is not None:
            self._debounce.stop()
        if self._pause_timer is not None:
            self._pause_timer.stop()
        self._debounce = self.set_timer(DEBOUNCE_SECONDS, self._search_now)

    def _search_now(self) -> None:
        self._asked += 1
        self._search(self.query_one(Input).value, tuple(self.filters), self._asked)

    def _ask(self, query: str, filters: tuple[str, ...], paused: bool) -> SearchResult:
        """Search as the user types; once typing pauses, with every snippet and
        "did you mean"."""
        return self.library.search(
            query,
            filters,
            # At a keystroke, about what the screen shows, all with snippets; once
            # typing pauses, more hits and the counts.
            limit=RESULT_LIMIT if paused else self.hits_on_screen,
            matches=False,  # found when a hit is opened
            typing=True,
            suggest=paused,
            keystroke=not paused,
        )

    @work(thread=True, exclusive=True, exit_on_error=False, group="search", name="search")
    def _search(
        self,
        query: str,
        filters: tuple[str, ...],
        asked: int,
        paused: bool = False,
        open_first: bool = False,
    ) -> None:
        result = self._ask(query, filters, paused) if query.strip() or filters else None
        if open_first or not get_current_worker().is_cancelled:
            self.post_message(SearchAnswered(result, asked, paused, open_first))

    def on_search_answered(self, message: SearchAnswered) -> None:
        self._show(message.result, message.asked, message.paused)
        if message.open_first and message.asked == self._asked:
            self._open_highlighted()

    def _show(self, result: SearchResult | None, asked: int, paused: bool = False) -> None:
        if asked != self._asked:
            return  # a newer search is on its way
        self.result = result
        hits = self.query_one(HitList)
        options: list[Option | None] = []
        for hit in result.hits if result else ():
            if options:
                options.append(None)  # a rule between hits
            options.append(Option(self._prompt(hit), id=hit.id))
        hits.set_options(options)
        if result and result.hits:
            hits.highlighted = 0
        self._show_status()
        if result and not paused and (not result.counted or not result.total):
            # The counts, more hits, or a "did you mean" for a query that found nothing.
            self._pause_timer = self.set_timer(PAUSE_SECONDS, lambda: self._after_pause(asked))

    def _after_pause(self, asked: int) -> None:
        if asked == self._asked:  # nothing typed since
            self._search(self.query_one(Input).value, tuple(self.filters), asked, paused=True)

    @staticmethod
    def _prompt(hit) -> Text:
        prompt = Text.assemble((hit.title, "bold"))
        prompt.append(f"  {hit.id}", style="dim")
        prompt.append("\n")
        snippet = render.snippet_text(hit)
        if len(snippet) > SNIPPET_SHOWN:
            # Cut between words: what is shown of a quote never ends in half a word.
            cut = hit.snippet.rfind(" ", 0, SNIPPET_SHOWN + 1)
            snippet.truncate(cut if cut > 0 else SNIPPET_SHOWN)
            snippet.rstrip()
            snippet.append(" …")
        prompt.append_text(snippet)
        return prompt

    def redraw_colours(self) -> None:
        self._show_status()  # the facet counts; the hits have no facet colours

    def _show_status(self) -> None:
        facets = self.facets
        status = Text(no_wrap=False)
        result = self.result
        if result is None:
            status.append("Type to search. ", "dim")
        else:
            if result.counted:
                status.append(f"{result.total} hit{'' if result.total == 1 else 's'}", "bold")
                if result.total > len(result.hits):
                    status.append(f" (top {len(result.hits)})", "dim")
            else:  # typing: the counts come when the typing pauses
                status.append(f"{result.total}+ hits", "bold")
        status.append("  ")
        counts = result.facet_counts if result else {}
        counted = result is None or result.counted
        for key, facet in enumerate(facets, 1):
            on_filter = facet.name in self.filters
            style = render.facet_style(facet) + Style(reverse=on_filter, bold=on_filter)
            status.append(f"{key} ", "dim")
            count = counts.get(facet.name, 0) if counted else "…"
            status.append(f"{facet.letter} {count}", style)
            status.append("  ")
        if self.filters:
            status.append(" only: " + ", ".join(self.filters), "bold")
        if result and result.corrected:
            status.append("\ndid you mean ", "dim")
            status.append(result.corrected, "bold")
            status.append(" (ctrl+y)", "dim")
        for notice in result.notices if result else ():
            status.append(f"\n{notice}", "yellow")
        self.query_one("#search-status", Static).update(status)

    # -- actions ---------------------------------------------------------------
    def action_back(self) -> None:
        self.dismiss(None)

    def action_to_hits(self) -> None:
        hits = self.query_one(HitList)
        if hits.option_count:
            hits.focus()

    def action_toggle_filter(self, index: int) -> None:
        facets = self.facets
        if index >= len(facets):
            return
        name = facets[index].name
        if name in self.filters:
            self.filters.remove(name)
        else:
            self.filters.append(name)
        self._search_now()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Digits belong to the query while the input has focus.
        return not (action == "toggle_filter" and isinstance(self.focused, Input))

    def action_accept_correction(self) -> None:
        if self.result and self.result.corrected:
            query = self.query_one(Input)
            query.value = self.result.corrected
            query.cursor_position = len(query.value)

    @on(Input.Submitted, "#query")
    def _submitted(self) -> None:
        value = self.query_one(Input).value
        if value.strip() and (self.result is None or " ".join(value.split()) != self.result.query):
            # Enter came before the debounced search: open a hit of this query, not of a
            # stale one, once it has answered.
            if self._debounce is not None:
                self._debounce.stop()
            self._asked += 1
            self._search(value, tuple(self.filters), self._asked, paused=True, open_first=True)
            return
        self._open_highlighted()

    def _open_highlighted(self) -> None:
        option = self.query_one(HitList).highlighted_option
        if option is not None and option.id is not None:
            self._open(option.id)
        else:
            self.post_message(Settled())  # nothing to open: the keys after Enter go on here

    @on(OptionList.OptionSelected, "#hits")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self._open(event.option.id)

    def _open(self, doc_id: str) -> None:
        if self.result is None:
            self.post_message(Settled())
            return
        self.dismiss(SearchChoice(doc_id, self.result.query))
