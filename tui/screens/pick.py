"""A list to pick the document to compare with."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from kread.index.models import DocumentInfo, Facet
from kread.tui.messages import Settled
from kread.tui.widgets.document_list import DocumentList


class PickScreen(ModalScreen[str | None]):
    """Returns the id of the chosen document, or None."""

    HOLD_KEYS_AFTER = frozenset({"enter"})  # the comparison opens: the keys after are its

    BINDINGS = [
        Binding("escape,q", "cancel", "Cancel", id="pick.cancel", tooltip="Compare nothing"),
    ]

    def __init__(
        self, prompt: str, documents: Sequence[DocumentInfo], facets: Sequence[Facet] = ()
    ) -> None:
        super().__init__()
        self.prompt = prompt
        self.documents = documents
        self.facets = facets

    def compose(self) -> ComposeResult:
        with Vertical(id="pick-body"):
            yield Static(Text(self.prompt, "bold"))
            yield DocumentList(markable=False, id="pick-list")

    def on_mount(self) -> None:
        documents = self.query_one(DocumentList)
        documents.load(self.documents, self.facets)
        documents.focus()
        self.post_message(Settled())  # the list has focus: the keys held go to it

    @on(DocumentList.Selected)
    def _chosen(self, event: DocumentList.Selected) -> None:
        event.stop()
        self.dismiss(event.doc_id)

    def action_cancel(self) -> None:
        self.dismiss(None)
