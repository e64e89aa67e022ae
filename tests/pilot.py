"""Helpers for driving the reader in tests: wait for the index, read what is shown."""

from __future__ import annotations

import io

from rich.console import Console

from kread.tui.screens.library import LibraryScreen
from kread.tui.widgets.document_list import DocumentList
from kread.tui.widgets.facet_bar import FacetBar
from kread.tui.widgets.reader import Reader


async def wait_until(pilot, condition, seconds: float = 30.0) -> None:
    # Generous: a loaded machine (CI, tests on every core) may take many times longer.
    for _ in range(int(seconds / 0.05)):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("the app did not get there in time")


async def ready(pilot) -> LibraryScreen:
    app = pilot.app
    await wait_until(
        pilot, lambda: app.library is not None and app.main.query_one(DocumentList).documents
    )
    await pilot.pause()
    return app.main


def reader_lines(screen) -> list[str]:
    reader = screen.query_one(Reader)
    return [reader.render_line(y).text for y in range(reader.size.height)]


def list_lines(screen) -> list[str]:
    """The rows of the document list as shown, top to bottom."""
    documents = screen.query_one(DocumentList)
    return [documents.render_line(y).text for y in range(documents.size.height)]


def plain(renderable) -> str:
    console = Console(width=100, record=True, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


def bar_text(screen) -> str:
    return str(screen.query_one(FacetBar).render())
