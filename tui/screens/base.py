"""What every kread screen that asks the library shares: the keys after which typing
waits for it, and its workers' failures handed to the app's one handler."""

from __future__ import annotations

from typing import ClassVar, TypeVar

from textual import on
from textual.screen import Screen
from textual.worker import Worker, WorkerState

ResultType = TypeVar("ResultType")


class KreadScreen(Screen[ResultType]):
    # The keys typed after one of these wait until the screen posts `Settled`: what the
    # key asked for (a screen to open, a document to load) has happened.
    HOLD_KEYS_AFTER: ClassVar[frozenset[str]] = frozenset()

    def holds_keys_after(self, key: str) -> bool:
        """Whether the keys typed after ``key`` wait for `Settled`."""
        return key in self.HOLD_KEYS_AFTER

    @on(Worker.StateChanged)
    def _hand_failure_to_app(self, event: Worker.StateChanged) -> None:
        # A worker's state goes only to the node that started it: the app reports them all.
        if event.state is WorkerState.ERROR:
            self.app.post_message(Worker.StateChanged(event.worker, event.state))
