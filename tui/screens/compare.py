"""Two documents side by side: aligned by facet (what each says, what they share,
what only one says), or in full text with facet marks, scrolling in step."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import RenderableType
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import ContentSwitcher, Footer, Static
from textual.worker import get_current_worker

from kread.index.document import Document
from kread.index.points.models import Comparison
from kread.tui import render
from kread.tui.keys import facet_bindings
from kread.tui.messages import ComparisonLoaded, Settled
from kread.tui.screens.base import KreadScreen
from kread.tui.screens.theme_colours import RedrawnOnThemeChange
from kread.tui.widgets.reader import Reader

if TYPE_CHECKING:
    from kread.index.library import Library


class FacetSection(Static):
    """One facet of the aligned view."""


class CompareScreen(RedrawnOnThemeChange, KreadScreen[None]):
    """`v` switches between the aligned and the full-text view; `x` swaps the sides."""

    HOLD_AFTER_ACTIONS = frozenset({"swap"})  # a swap compares anew

    # Below 100 columns the two sides stack instead of squeezing.
    HORIZONTAL_BREAKPOINTS = [(0, "-stacked"), (render.STACK_BELOW, "-side-by-side")]

    BINDINGS = [
        Binding("escape,q", "back", "Back", id="compare.back",
                tooltip="Back to where you came from"),
        Binding("v", "switch_view", "View", id="compare.view",
                tooltip="Switch between the aligned and the full-text view"),
        Binding("x", "swap", "Swap", id="compare.swap", tooltip="Swap the two sides"),
        Binding("s", "toggle_lock", "Lock", id="compare.lock",
                tooltip="Full text: scroll the two sides in step, or apart"),
        Binding("right_square_bracket", "jump(1)", "Next", key_display="]", id="compare.next",
                tooltip="Next facet section (full text: next marked sentence on both sides)"),
        Binding("left_square_bracket", "jump(-1)", "Prev", key_display="[", show=False,
                id="compare.prev",
                tooltip="Previous facet section (full text: previous marked sentences)"),
        Binding("j", "scroll(1)", "Down", show=False, id="compare.down", tooltip="Scroll down"),
        Binding("k", "scroll(-1)", "Up", show=False, id="compare.up", tooltip="Scroll up"),
        *facet_bindings(
            "toggle_facet", "compare.facet", "Facet", "Show or hide the facet with that number"
        ),
    ]  # fmt: skip

    def __init__(self, library: Library, a_id: str, b_id: str) -> None:
        super().__init__()
        self.library = library  # asked in workers only
        self.facets = library.taxonomy.facets
        self.a_id, self.b_id = a_id, b_id
        self.enabled = {facet.name for facet in self.facets}
        self.locked = True
        self.section = -1  # the facet section the last ] or [ went to
        self.comparison: Comparison | None = None
        self.docs: tuple[Document, Document] | None = None
        self._syncing = False
        self._stacked: bool | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="compare-title")
        with ContentSwitcher(initial="aligned", id="compare-views"):
            yield VerticalScroll(id="aligned")
            with Horizontal(id="fulltext"):
                yield Reader(id="side-a")
                yield Reader(id="side-b")
        yield Footer()

    def on_mount(self) -> None:
        self.watch(self.query_one("#side-a", Reader), "scroll_y", self._scrolled_a, init=False)
        self.watch(self.query_one("#side-b", Reader), "scroll_y", self._scrolled_b, init=False)
        self.query_one("#compare-title", Static).update(Text("Comparing…", "dim"))
        self._load(self.a_id, self.b_id)
        self.query_one("#aligned").focus()

    # -- content ---------------------------------------------------------------
    @work(thread=True, exclusive=True, exit_on_error=False, group="compare", name="compare")
    def _load(self, a_id: str, b_id: str) -> None:
        comparison = self.library.compare(a_id, b_id)
        a, b = self.library.document(a_id), self.library.document(b_id)
        if not get_current_worker().is_cancelled:
            self.post_message(ComparisonLoaded(comparison, a, b))

    def on_comparison_loaded(self, message: ComparisonLoaded) -> None:
        self.comparison = message.comparison
        self.docs = (message.a, message.b)
        self._show_title()
        self._show_aligned()
        if self.in_fulltext:
            self._show_fulltext()
        self.post_message(Settled())  # the keys typed while it compared go on now

    def _show_title(self) -> None:
        if self.docs is None:
            return  # "Comparing…" until the comparison comes
        title = Text(no_wrap=True, overflow="ellipsis")
        # Narrow: one line per side, so B's title is not cut off.
        gap = "\n" if self.app.size.width < render.STACK_BELOW else "   "
        for label, doc in zip("AB", self.docs, strict=True):
            title.append(f"{label} ", "bold reverse")
            title.append(f" {doc.title}  ", "bold")
            title.append(doc.id, "dim")
            title.append(gap)
        view = self.query_one(ContentSwitcher).current
        mode = (
            "aligned"
            if view == "aligned"
            else "full text, " + ("in step" if self.locked else "apart")
        )
        title.append(mode, "italic")
        self.query_one("#compare-title", Static).update(title)

    def _show_aligned(self) -> None:
        assert self.comparison is not None and self.docs is not None
        # From the size, not the breakpoint class: that may not be set yet on mount.
        stacked = self.app.size.width < render.STACK_BELOW
        self._stacked = stacked
        aligned = self.query_one("#aligned", VerticalScroll)
        aligned.remove_children()
        sections = []
        for facet in self.facets:
            if facet.name not in self.enabled:
                continue
            result = self.comparison.facets.get(facet.name)
            if result is None:
                continue
            section = FacetSection(self._section(facet.name, stacked), name=facet.name)
            sections.append(section)
        if self.comparison.shared_terms:
            words = Text("Terms both use: ", "dim")
            words.append(", ".join(self.comparison.shared_terms))
            sections.append(Static(words, classes="shared-terms"))
        if not sections:
            sections.append(Static(Text("Every facet is switched off: press 1-4.", "dim")))
        aligned.mount_all(sections)
        self.section = -1

    def _section(self, name: str, stacked: bool) -> RenderableType:
        """The aligned view's section on facet ``name``."""
        assert self.comparison is not None and self.docs is not None
        facet = next(f for f in self.facets if f.name == name)
        result = self.comparison.facets[name]
        return render.comparison_section(facet, result, *self.docs, stacked=stacked)

    def redraw_colours(self) -> None:
        # In place: the aligned view keeps its scroll and the section ] went to. The
        # readers of the full text redraw themselves.
        if self.comparison is None or self._stacked is None:
            return
        for section in self.query(FacetSection):
            if section.name is not None:
                section.update(self._section(section.name, self._stacked))

    def _show_fulltext(self) -> None:
        if self.docs is None:
            return  # shown when the comparison comes
        facets = self.facets
        for reader, doc in zip(self._readers(), self.docs, strict=True):
            reader.show(doc, facets, self.enabled)

    def _readers(self) -> tuple[Reader, Reader]:
        return self.query_one("#side-a", Reader), self.query_one("#side-b", Reader)

    def on_resize(self) -> None:
        stacked = self.app.size.width < render.STACK_BELOW
        if self.comparison is not None and self._stacked != stacked:
            self._show_title()
            self._show_aligned()

    # -- scrolling in step -------------------------------------------------------
    def _scrolled_a(self, _y: float) -> None:
        self._follow(*self._readers())

    def _scrolled_b(self, _y: float) -> None:
        a, b = self._readers()
        self._follow(b, a)

    def _follow(self, leader: Reader, follower: Reader) -> None:
        if not self.locked or self._syncing or leader.max_scroll_y == 0:
            return
        self._syncing = True
        try:
            fraction = leader.scroll_y / leader.max_scroll_y
            follower.scroll_to(y=round(fraction * follower.max_scroll_y), animate=False)
        finally:
            self._syncing = False

    # -- actions -------------------------------------------------------------------
    @property
    def in_fulltext(self) -> bool:
        return self.query_one(ContentSwitcher).current == "fulltext"

    def action_back(self) -> None:
        self.dismiss(None)

    def action_switch_view(self) -> None:
        switcher = self.query_one(ContentSwitcher)
        switcher.current = "aligned" if self.in_fulltext else "fulltext"
        if self.in_fulltext:
            # The readers lay out for the size they have once shown.
            self.call_after_refresh(self._show_fulltext)
        target = (
            self.query_one("#side-a", Reader) if self.in_fulltext else self.query_one("#aligned")
        )
        target.focus()
        self._show_title()

    def action_swap(self) -> None:
        self.a_id, self.b_id = self.b_id, self.a_id
        self._load(self.a_id, self.b_id)

    def action_toggle_lock(self) -> None:
        self.locked = not self.locked
        self.notify(f"Scrolling {'in step' if self.locked else 'apart'}", timeout=1.5)
        self._show_title()

    def action_toggle_facet(self, index: int) -> None:
        facets = self.facets
        if index >= len(facets):
            return
        self.enabled ^= {facets[index].name}
        if self.comparison is not None:
            self._show_aligned()
        for reader in self._readers():
            reader.set_enabled(self.enabled)

    def action_jump(self, step: int) -> None:
        if self.in_fulltext:
            self._syncing = True  # each side goes to its own next mark, not in step
            try:
                for reader in self._readers():
                    reader.jump_marked(step)
            finally:
                self.call_after_refresh(setattr, self, "_syncing", False)
            return
        sections = list(self.query(FacetSection))
        if not sections:
            return
        self.section = (self.section + step) % len(sections)
        self.query_one("#aligned", VerticalScroll).scroll_to_widget(
            sections[self.section], top=True, animate=False
        )

    def action_scroll(self, step: int) -> None:
        if self.in_fulltext:
            reader = next((r for r in self._readers() if r.has_focus), self._readers()[0])
            reader.scroll_to(y=reader.scroll_y + step, animate=False)
        else:
            aligned = self.query_one("#aligned", VerticalScroll)
            aligned.scroll_to(y=aligned.scroll_y + step, animate=False)
