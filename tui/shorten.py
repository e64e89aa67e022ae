"""Text made to fit a width in cells while keeping what tells it apart from its neighbours.

Cutting at the end makes "Unnamed ketamine clinic" and "Unnamed psychiatric practice"
both "Unnamed …": a cut in the middle keeps the start and the end, where they differ.
"""

from __future__ import annotations

from rich.cells import cell_len

ELLIPSIS = "…"


def _head(text: str, cells: int) -> str:
    used = 0
    for i, char in enumerate(text):
        used += cell_len(char)
        if used > cells:
            return text[:i]
    return text


def middle_ellipsis(text: str, width: int) -> str:
    """``text`` in at most ``width`` cells: as it is when it fits, else its start and its
    end (the end a little longer) around "…"; "" when ``width`` is under 1."""
    if cell_len(text) <= width:
        return text
    if width < 1:
        return ""
    room = width - 1
    head = _head(text, room // 2)
    tail = _head(text[::-1], room - cell_len(head))[::-1]
    return head.rstrip() + ELLIPSIS + tail.lstrip()
