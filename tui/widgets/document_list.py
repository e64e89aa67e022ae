"""The document list: title, source, words and per-facet counts of each document,
and the marks that choose documents to compare."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group
from rich.text import Text
from textual.binding import Binding
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from index.models import DocumentInfo, Facet
from tui import render

MARK = "● "


class DocumentList(OptionList):
    """One entry per document; moving the cursor previews it, `m` marks it."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="list.down", tooltip="Next document"),
        Binding("k", "cursor_up", "Up", show=False, id="list.up", tooltip="Previous document"),
        Binding("g", "first", "Top", show=False, id="list.top", tooltip="First document"),
        Binding("G", "last", "Bottom", show=False, id="list.bottom", tooltip="Last document"),
        Binding("m", "toggle_mark", "Mark", id="list.mark", tooltip="Mark the document to compare"),
        Binding(
            "space", "toggle_mark", "Mark", show=False, id="list.mark_space",
            tooltip="Mark the document to compare",
        ),
    ]  # fmt: skip

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.documents: list[DocumentInfo] = []
        self.facets: Sequence[Facet] = ()
        self.marked: list[str] = []  # in the order they were marked: the first is side A

    def load(self, documents: Sequence[DocumentInfo], facets: Sequence[Facet]) -> None:
        """Show ``documents``, keeping the cursor and the marks where they still apply."""
        if self.documents == list(documents) and tuple(self.facets) == tuple(facets):
            return  # the saved list was right: laying out thousands of entries again stalls
        current = self.current_id
        self.documents = list(documents)
        self.facets = facets
        ids = [doc.id for doc in documents]
        self.marked = [doc_id for doc_id in self.marked if doc_id in ids]
        self.set_options(Option(self._prompt(doc), id=doc.id) for doc in documents)
        if documents:
            self.highlighted = ids.index(current) if current in ids else 0

    @property
    def current_id(self) -> str | None:
        if self.highlighted is None or not self.documents:
            return None
        return self.documents[self.highlighted].id

    def action_toggle_mark(self) -> None:
        doc_id = self.current_id
        if doc_id is None:
            return
        if doc_id in self.marked:
            self.marked.remove(doc_id)
        else:
            self.marked.append(doc_id)
        index = self.highlighted
        assert index is not None
        self.replace_option_prompt_at_index(index, self._prompt(self.documents[index]))

    def _prompt(self, doc: DocumentInfo) -> Group:
        """The title, wrapped; below it one line of counts, words and source, cut to fit."""
        title = Text()
        if doc.id in self.marked:
            title.append(MARK, "bold")
        title.append(doc.title, "bold")
        details = Text(no_wrap=True, overflow="ellipsis")
        details.append_text(render.facet_counts(self.facets, doc.facet_counts))
        details.append(f"  {doc.words}w", style="dim")
        if doc.source:
            details.append(f"  {doc.source}", style="dim")
        return Group(title, details)
