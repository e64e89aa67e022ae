"""A short list to pick the document to compare with."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from index.models import DocumentInfo


class PickScreen(ModalScreen[str | None]):
    """Returns the id of the chosen document, or None."""

    BINDINGS = [
        Binding("escape,q", "cancel", "Cancel", id="pick.cancel", tooltip="Compare nothing"),
        Binding("j", "cursor(1)", "Down", show=False, id="pick.down", tooltip="Next document"),
        Binding("k", "cursor(-1)", "Up", show=False, id="pick.up", tooltip="Previous document"),
    ]

    def __init__(self, prompt: str, documents: Sequence[DocumentInfo]) -> None:
        super().__init__()
        self.prompt = prompt
        self.documents = documents

    def compose(self) -> ComposeResult:
        with Vertical(id="pick-body"):
            yield Static(Text(self.prompt, "bold"))
            yield OptionList(
                *(Option(Text(f"{d.title}  ", "bold") + Text(d.id, "dim"), id=d.id)
                  for d in self.documents),
                id="pick-list",
            )  # fmt: skip

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cursor(self, step: int) -> None:
        options = self.query_one(OptionList)
        options.action_cursor_down() if step > 0 else options.action_cursor_up()

    def action_cancel(self) -> None:
        self.dismiss(None)
