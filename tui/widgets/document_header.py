"""The reader's header: the open document's title, source and date on one line.

Built from `Text` (titles and sources are untrusted). When the line is too narrow the
title is cut at its end and the source in its middle, so two sources that start alike
("Unnamed ketamine clinic", "Unnamed psychiatric practice") still read apart.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.widgets import Static

from kread.index.models import DocumentInfo
from kread.tui.shorten import middle_ellipsis
from kread.tui.wrap import sanitise

SEPARATOR = " — "
# The source takes at most this share of a line too narrow for everything.
SOURCE_SHARE = 0.45
_DIM = Style(dim=True)


def header_text(doc: DocumentInfo | None, width: int) -> Text:
    """``title — source — date`` in at most ``width`` cells (what is empty left out)."""
    line = Text(no_wrap=True, overflow="ellipsis", end="")
    if doc is None or width < 1:
        return line
    title = _one_line(doc.title) or doc.id
    date = _one_line(doc.date)
    fixed = cell_len(SEPARATOR + date) if date else 0
    source = _one_line(doc.source)
    if source:
        # The source gets what it needs, up to `SOURCE_SHARE` of a line too narrow for all.
        room = width - cell_len(title) - fixed - cell_len(SEPARATOR)
        room = max(room, int(width * SOURCE_SHARE) - cell_len(SEPARATOR))
        source = middle_ellipsis(source, room)
    tail = [part for part in (source, date) if part]
    rest = sum(cell_len(SEPARATOR + part) for part in tail)
    line.append(_end_ellipsis(title, max(1, width - rest)), "bold")
    for part in tail:
        line.append(SEPARATOR + part, _DIM)
    line.truncate(width, overflow="ellipsis")
    return line


def _one_line(text: str) -> str:
    return " ".join(sanitise(text).split())


def _end_ellipsis(text: str, width: int) -> str:
    if cell_len(text) <= width:
        return text
    cut = Text(text)
    cut.truncate(width, overflow="ellipsis")
    return cut.plain


class DocumentHeader(Static):
    """One line above the reader: what is being read."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.document: DocumentInfo | None = None

    def show(self, doc: DocumentInfo | None) -> None:
        self.document = doc
        self.refresh_header()

    def refresh_header(self) -> None:
        self.update(header_text(self.document, self.content_region.width or 80))

    def on_resize(self) -> None:
        self.refresh_header()
