"""The document list: title, source, words and per-facet counts of each document."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.binding import Binding
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from index.models import DocumentInfo, Facet
from tui import render


class DocumentList(OptionList):
    """One two-line entry per document; moving the cursor previews it."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="list.down", tooltip="Next document"),
        Binding("k", "cursor_up", "Up", show=False, id="list.up", tooltip="Previous document"),
        Binding("g", "first", "Top", show=False, id="list.top", tooltip="First document"),
        Binding("G", "last", "Bottom", show=False, id="list.bottom", tooltip="Last document"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.documents: list[DocumentInfo] = []

    def load(self, documents: Sequence[DocumentInfo], facets: Sequence[Facet]) -> None:
        """Show ``documents``, keeping the cursor on the same document where it still exists."""
        current = self.current_id
        self.documents = list(documents)
        self.set_options(Option(self._prompt(doc, facets), id=doc.id) for doc in documents)
        if not documents:
            return
        ids = [doc.id for doc in documents]
        self.highlighted = ids.index(current) if current in ids else 0

    @property
    def current_id(self) -> str | None:
        if self.highlighted is None or not self.documents:
            return None
        return self.documents[self.highlighted].id

    @staticmethod
    def _prompt(doc: DocumentInfo, facets: Sequence[Facet]) -> Text:
        prompt = Text.assemble((doc.title, "bold"))
        prompt.append("\n")
        details = Text(overflow="ellipsis", no_wrap=True)
        details.append_text(render.facet_counts(facets, doc.facet_counts))
        details.append(f"  {doc.words}w", style="dim")
        if doc.source:
            details.append(f"  {doc.source}", style="dim")
        prompt.append_text(details)
        return prompt
