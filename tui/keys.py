"""Keys: the bindings several screens share, and the hold that keeps keys typed while
kread is not ready for them, to type them again, in order, once it is."""

from __future__ import annotations

from textual import events
from textual.binding import Binding

# Digits name facets in taxonomy order; a taxonomy may have up to nine.
FACET_KEYS = range(1, 10)

# Keys that act at once even while others are held: quitting, the Ctrl-C hint, suspending.
NEVER_HELD = frozenset({"ctrl+q", "ctrl+c", "ctrl+z"})


def facet_bindings(action: str, id_prefix: str, description: str, tooltip: str) -> list[Binding]:
    """Keys 1-9, each calling ``action(index)`` for the facet with that number."""
    return [
        Binding(
            str(n),
            f"{action}({n - 1})",
            f"{description} {n}",
            show=False,
            id=f"{id_prefix}{n}",
            tooltip=tooltip,
        )
        for n in FACET_KEYS
    ]


class KeyHold:
    """Keys that came while kread waits for something (the library to open, a screen to
    open or load); they are handed back, in the order typed, when nothing is awaited.

    Keys reach kread in reads, and a read is handed out whole before the action of its
    first key has run: "/ketamine" in one read would give "ketamine" to the document
    list. So a hold starts at the key that asks for the wait, not when the wait begins."""

    def __init__(self) -> None:
        self._keys: list[events.Key] = []
        self._awaited: set[str] = set()

    @property
    def holding(self) -> bool:
        return bool(self._awaited)

    def wait_for(self, what: str) -> None:
        """Hold the keys that come from now until `done(what)`."""
        self._awaited.add(what)

    def keep(self, key: events.Key) -> bool:
        """Keep ``key`` if keys are held; whether it was kept."""
        if not self._awaited or key.key in NEVER_HELD:
            return False
        if key.key == "ctrl+j":
            # Typed before the terminal went raw, Enter came through the line
            # discipline, which turns its CR into a newline: it was Enter.
            key = events.Key("enter", "\r")
        self._keys.append(key)
        return True

    def done(self, what: str) -> list[events.Key]:
        """``what`` has come; the keys to type again now (none while more is awaited)."""
        self._awaited.discard(what)
        if self._awaited:
            return []
        keys, self._keys = self._keys, []
        return keys
