"""The find bar under the reader: finds in the article as you type and says "2 of 7"."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Static


class FindBar(Horizontal):
    """``/`` in the reader opens it: each keystroke posts `Changed`; Enter posts `Closed`
    keeping the hits, Escape posts `Closed` clearing them."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # The input takes Enter first; this names it in the footer and the help.
        Binding(
            "enter",
            "keep",
            "Keep",
            id="find.keep",
            tooltip="Find bar: close it keeping the hits (n N: next, previous)",
        ),
        Binding(
            "escape",
            "cancel",
            "Clear",
            id="find.clear",
            tooltip="Find bar: clear the find and go back to where it started",
        ),
    ]

    @dataclass
    class Changed(Message):
        """The text to find is now ``text``."""

        bar: FindBar
        text: str

        @property
        def control(self) -> FindBar:
            return self.bar

    @dataclass
    class Closed(Message):
        """The bar closed; ``keep``: with its hits (Enter), else cleared (Escape)."""

        bar: FindBar
        keep: bool

        @property
        def control(self) -> FindBar:
            return self.bar

    def compose(self) -> ComposeResult:
        yield Static("/", id="find-prompt")
        yield Input(placeholder="find in this article", id="find-input", select_on_focus=False)
        yield Static("", id="find-count")

    @property
    def input(self) -> Input:
        return self.query_one("#find-input", Input)

    def open(self) -> None:
        """Show the bar, empty, with the typing cursor in it."""
        self.display = True
        self.input.value = ""
        self.show_count(None, "")
        self.input.focus()

    def close(self) -> None:
        self.display = False

    def show_count(self, position: tuple[int, int] | None, text: str) -> None:
        """Where the current hit is among them all ("2 of 7"), or that there are none."""
        if not text.split():
            count = Text("Enter: keep · Esc: clear", style="dim")
        elif position is None:
            count = Text("not found", style="bold")
        else:
            count = Text(f"{position[0]} of {position[1]}", style="bold")
        self.query_one("#find-count", Static).update(count)

    @on(Input.Changed, "#find-input")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(self, event.value))

    @on(Input.Submitted, "#find-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Closed(self, keep=True))

    def action_keep(self) -> None:
        self.post_message(self.Closed(self, keep=True))

    def action_cancel(self) -> None:
        self.post_message(self.Closed(self, keep=False))
