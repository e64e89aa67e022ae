"""The main screen: the document list beside the reader, with the facet bar above it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Static

from kread.index.models import Document, DocumentInfo, Facet
from kread.tui.keys import facet_bindings
from kread.tui.widgets.document_list import DocumentList
from kread.tui.widgets.facet_bar import FacetBar
from kread.tui.widgets.reader import Reader

if TYPE_CHECKING:  # the index is imported in a worker, after the first paint
    from kread.index.engine.listing import Listing
    from kread.index.library import Library
    from kread.tui.screens.search import SearchChoice

MIN_WIDTH, MIN_HEIGHT = 40, 10
BACK_TOOLTIP = "Back one level: reader to list, list to quit"


class LibraryScreen(Screen):
    """Browse the documents, read one with its facet marks, jump between marks and matches."""

    # Below 70 columns the list and the reader take turns at full width (Tab switches).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (70, "-normal"), (150, "-wide")]

    BINDINGS = [
        Binding("slash", "search", "Search", id="main.search", tooltip="Search the documents"),
        Binding(
            "tab",
            "switch_pane",
            "Pane",
            show=False,
            id="main.pane",
            tooltip="Move between the document list and the reader",
        ),
        Binding(
            "right_square_bracket",
            "jump_marked(1)",
            "Next mark",
            key_display="]",
            id="main.next_mark",
            tooltip="Next sentence of the facets switched on",
        ),
        Binding(
            "left_square_bracket",
            "jump_marked(-1)",
            "Prev mark",
            key_display="[",
            show=False,
            id="main.prev_mark",
            tooltip="Previous sentence of the facets switched on",
        ),
        Binding(
            "n",
            "jump_match(1)",
            "Next match",
            show=False,
            id="main.next_match",
            tooltip="Next search match in the document",
        ),
        Binding(
            "N",
            "jump_match(-1)",
            "Prev match",
            show=False,
            id="main.prev_match",
            tooltip="Previous search match in the document",
        ),
        Binding(
            "c",
            "compare",
            "Compare",
            id="main.compare",
            tooltip="Compare the marked documents, or this one with another",
        ),
        Binding("q", "back", "Back", id="main.back", tooltip=BACK_TOOLTIP),
        Binding("escape", "back", "Back", show=False, id="main.escape", tooltip=BACK_TOOLTIP),
        *facet_bindings(
            "toggle_facet",
            "main.facet",
            "Facet",
            "Switch the marks of the facet with that number on or off",
        ),
    ]

    def __init__(self, library: Library | None = None) -> None:
        super().__init__()
        self.library = library
        self.listing: Listing | None = None  # the saved head of the list, until the index opens
        self.enabled: set[str] = set()
        self.matches: tuple[tuple[int, int], ...] = ()
        self.last_query = ""

    def compose(self) -> ComposeResult:
        yield Static(
            f"Enlarge the terminal to at least {MIN_WIDTH}x{MIN_HEIGHT} to read.", id="too-small"
        )
        with Vertical(id="list-pane"):
            yield Static("Opening the index…", id="list-status")
            yield DocumentList(id="documents")
        with Vertical(id="reader-pane"):
            yield FacetBar(id="facet-bar")
            yield Reader(id="reader")

    def on_descendant_focus(self) -> None:
        # In a narrow terminal only the focused pane is shown.
        self.set_class(self.query_one(Reader).has_focus, "-reading")

    def on_resize(self) -> None:
        small = self.size.width < MIN_WIDTH or self.size.height < MIN_HEIGHT
        self.set_class(small, "-too-small")
        if not small and self.focused is None:
            # Hidden while the terminal was too small, the panes lost focus: give it back.
            pane = Reader if self.has_class("-reading") else DocumentList
            self.call_after_refresh(self.query_one(pane).focus)

    # -- loading ---------------------------------------------------------------
    def show_progress(self, done: int, total: int) -> None:
        self.query_one("#list-status", Static).update(f"Indexing {done} of {total}…")

    def on_mount(self) -> None:
        if self.listing is not None and self.library is None:
            self.show_listing(self.listing)
        # The footer's keys are a third of the screen's widgets, and styling them a
        # third of the first frame's cost: they follow it.
        self.call_after_refresh(self._mount_footer)

    async def _mount_footer(self) -> None:
        await self.mount(Footer())
        self.refresh_bindings()  # a footer shows the keys from the next change of them

    def show_listing(self, listing: Listing) -> None:
        """The saved head of the list, shown while the index opens."""
        self._fill(listing.documents, listing.facets)
        self.query_one("#list-status", Static).update(
            f"{listing.total} documents · opening the index…"
        )

    def load_library(self, library: Library) -> None:
        """Fill the list from the library; called when the index is ready or has changed."""
        self.library = library
        documents = library.documents()
        self._fill(documents, library.taxonomy.facets)
        status = self.query_one("#list-status", Static)
        if documents:
            status.update(f"{len(documents)} documents")
        else:
            status.update("No readable documents in this folder.")
        self._preview()

    def _fill(self, documents: Sequence[DocumentInfo], facets: Sequence[Facet]) -> None:
        doc_list = self.query_one(DocumentList)
        first = not doc_list.documents and not self.enabled
        if first:
            self.enabled = {f.name for f in facets}
        doc_list.load(documents, facets)
        if first:
            doc_list.focus()

    # -- the reader ------------------------------------------------------------
    @on(DocumentList.Highlighted, "#documents")
    def _highlighted(self) -> None:
        self._preview()

    @on(DocumentList.Selected, "#documents")
    def _selected(self) -> None:
        self.query_one(Reader).focus()

    def _preview(self) -> None:
        doc_id = self.query_one(DocumentList).current_id
        reader = self.query_one(Reader)
        if doc_id is None or self.library is None:
            reader.show(None, (), ())
            return
        if reader.document is not None and reader.document.id == doc_id:
            return
        self.matches = ()
        self._show(self.library.document(doc_id))

    def _show(self, doc: Document, scroll_to: int | None = None) -> None:
        assert self.library is not None
        facets = self.library.taxonomy.facets
        self.query_one(Reader).show(doc, facets, self.enabled, self.matches, scroll_to)
        self.query_one(FacetBar).update_facets(facets, doc.facet_counts, self.enabled)

    def open_document(self, doc_id: str, matches: tuple[tuple[int, int], ...] = ()) -> None:
        """Show a document in the reader, at its first match when there are matches."""
        assert self.library is not None
        doc = self.library.document(doc_id)
        doc_list = self.query_one(DocumentList)
        self.matches = matches
        position = next((i for i, d in enumerate(doc_list.documents) if d.id == doc.id), None)
        if position is not None:
            with doc_list.prevent(DocumentList.Highlighted):
                doc_list.highlighted = position
        self._show(doc, matches[0][0] if matches else None)
        reader = self.query_one(Reader)
        if matches:
            reader.jump_match(1)  # the first match is current: "match 1 of 7"
        reader.focus()

    @on(Reader.Moved)
    def _moved(self, event: Reader.Moved) -> None:
        bar = self.query_one(FacetBar)
        bar.marked = event.marked
        bar.match = event.match

    # -- actions ---------------------------------------------------------------
    def action_search(self) -> None:
        if self.library is None:
            self.notify("The index is still being built.")
            return

        from kread.tui.screens.search import SearchScreen  # screens load when first opened

        def opened(choice: SearchChoice | None) -> None:
            if choice is not None:
                self.last_query = choice.query
                self.open_document(choice.doc_id, choice.matches)

        self.app.push_screen(SearchScreen(self.library, self.last_query), opened)

    def action_compare(self) -> None:
        """Three or more marked: the matrix; two: those two; else this one and a pick."""
        from kread.tui.screens.compare import CompareScreen
        from kread.tui.screens.matrix import MatrixScreen
        from kread.tui.screens.pick import PickScreen

        if self.library is None:
            return
        library = self.library
        doc_list = self.query_one(DocumentList)
        marked = list(doc_list.marked)
        current = self.query_one(Reader).document
        if len(marked) >= 3:
            self.app.push_screen(MatrixScreen(library, marked))
            return
        if len(marked) == 2:
            self.app.push_screen(CompareScreen(library, *marked))
            return
        if current is None:
            return
        if marked and marked[0] != current.id:
            self.app.push_screen(CompareScreen(library, marked[0], current.id))
            return
        others = [d for d in doc_list.documents if d.id != current.id]
        if not others:
            self.notify("There is no other document to compare with.")
            return

        def picked(other: str | None) -> None:
            if other is not None:
                self.app.push_screen(CompareScreen(library, current.id, other))

        prompt = f"Compare “{current.title}” with:"
        self.app.push_screen(PickScreen(prompt, others, library.taxonomy.facets), picked)

    def action_switch_pane(self) -> None:
        reader = self.query_one(Reader)
        target = self.query_one(DocumentList) if reader.has_focus else reader
        target.focus()

    def action_toggle_facet(self, index: int) -> None:
        if self.library is None:
            return
        facets = self.library.taxonomy.facets
        if index >= len(facets):
            return
        name = facets[index].name
        self.enabled ^= {name}
        self.query_one(Reader).set_enabled(self.enabled)
        doc = self.query_one(Reader).document
        self.query_one(FacetBar).update_facets(
            facets, doc.facet_counts if doc else {}, self.enabled
        )
        state = "on" if name in self.enabled else "off"
        self.notify(f"{facets[index].label} marks {state}", timeout=1.5, markup=False)

    def action_jump_marked(self, step: int) -> None:
        position = self.query_one(Reader).jump_marked(step)
        if position is None:
            self.notify("No marked sentences: switch a facet on with 1-4.", timeout=2)

    def action_jump_match(self, step: int) -> None:
        if self.query_one(Reader).jump_match(step) is None:
            self.notify("No search matches in this document: search with /.", timeout=2)

    def action_back(self) -> None:
        reader = self.query_one(Reader)
        if reader.has_focus:
            self.query_one(DocumentList).focus()
        else:
            self.app.exit()
