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
    # Named by key where no binding acts (Enter in an input), else by action, so that a
    # key the keymap gives the action holds the keys after it too.
    HOLD_KEYS_AFTER: ClassVar[frozenset[str]] = frozenset()
    HOLD_AFTER_ACTIONS: ClassVar[frozenset[str]] = frozenset()

    def holds_keys_after(self, key: str) -> bool:
        """Whether the keys typed after ``key`` wait for `Settled`."""
        if key in self.HOLD_KEYS_AFTER:
            return True
        if not self.HOLD_AFTER_ACTIONS:
            return False
        active = self.active_bindings.get(key)
        if active is None or not active.enabled:
            return False
        return active.binding.action.partition("(")[0] in self.HOLD_AFTER_ACTIONS

    @on(Worker.StateChanged)
    def _hand_failure_to_app(self, event: Worker.StateChanged) -> None:
        # A worker's state goes only to the node that started it: the app reports them all.
        if event.state is WorkerState.ERROR:
            self.app.post_message(Worker.StateChanged(event.worker, event.state))
