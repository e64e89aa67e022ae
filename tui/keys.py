"""Key bindings shared by several screens."""

from __future__ import annotations

from textual.binding import Binding

# Digits name facets in taxonomy order; a taxonomy may have up to nine.
FACET_KEYS = range(1, 10)


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
