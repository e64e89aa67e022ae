"""The Textual application: opens the library in a worker, then hands it to the screens."""

from __future__ import annotations

import signal
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer

from kread.index.errors import IndexUnavailable, KreadError
from kread.tui.screens.library import LibraryScreen
from kread.tui.widgets.document_list import DocumentList
from kread.tui.widgets.reader import Reader

if TYPE_CHECKING:
    from kread.index.library import Library


SHOWN_WARNINGS = 3
# Keys typed after "/" wait at most this long for the search box, then go on as typed.
HOLD_KEYS_SECONDS = 0.5


@dataclass
class IndexProgress(Message):
    done: int
    total: int


@dataclass
class LibraryReady(Message):
    library: Library


@dataclass
class LibraryFailed(Message):
    error: str


class KreadApp(App[int]):
    """kread's reader."""

    TITLE = "kread"
    CSS_PATH = "kread.tcss"
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", id="app.quit", tooltip="Quit kread", priority=True),
        Binding(
            "question_mark", "help", "Help", id="app.help", tooltip="Keys, query syntax, facets"
        ),
        Binding(
            "f1", "help", "Help", show=False, id="app.help_f1", tooltip="Keys, query syntax, facets"
        ),
        Binding(
            "ctrl+p",
            "command_palette",
            "Commands",
            show=False,
            id="app.palette",
            tooltip="Open a document, search, compare, switch a facet, change theme",
        ),
        Binding(
            "ctrl+z",
            "suspend_process",
            "Suspend",
            show=False,
            id="app.suspend",
            tooltip="Put kread in the background (`fg` brings it back)",
        ),
    ]

    def __init__(
        self,
        corpus: str | Path | None = None,
        topics: str | Path | None = None,
        max_file_bytes: int | None = None,
    ) -> None:
        super().__init__()
        self.corpus = corpus
        self.topics = topics
        self.max_file_bytes = max_file_bytes
        self.library: Library | None = None
        self.main = LibraryScreen()
        self._held_keys: list[events.Key] | None = None
        self._hold_timer: Timer | None = None

    # -- keys typed ahead --------------------------------------------------------
    async def on_event(self, event: events.Event) -> None:
        # "/ketamine" can come in one read (a paste, a slow link): every key of it is
        # handed out before the search screen opens, and the query would go to the
        # document list. The keys after the slash wait for the search box instead.
        if isinstance(event, events.Key) and not event.is_forwarded:
            if self._held_keys is not None:
                self._held_keys.append(event)
                return
            if event.key == "slash" and self.screen is self.main and self.library is not None:
                self._held_keys = []
                self._hold_timer = self.set_timer(HOLD_KEYS_SECONDS, self._release_keys)
        await super().on_event(event)

    def on_search_screen_opened(self) -> None:
        self._release_keys()

    def _release_keys(self) -> None:
        """Type the keys held since the slash, in order, where the focus is now."""
        if self._hold_timer is not None:
            self._hold_timer.stop()  # else it would end the hold of the next slash early
            self._hold_timer = None
        held, self._held_keys = self._held_keys, None
        for key in held or ():
            self.post_message(events.Key(key.key, key.character))

    def on_mount(self) -> None:
        # The titles saved at the last update show at once; the index opens meanwhile.
        from kread.index.engine.listing import read_listing

        self.main.listing = read_listing(self.corpus, self.topics)
        self.push_screen(self.main)
        # After the first paint: the worker's imports would otherwise slow it down.
        self.call_after_refresh(self._open_library)

    @work(thread=True, exclusive=True, group="index")
    def _open_library(self) -> None:
        """Open the index and show what it has at once, then bring it up to date.

        The index layer is imported here, off the UI thread, so the screen can
        draw while Whoosh loads."""
        from kread.index.library import Library

        try:
            library = Library.open(
                self.corpus, self.topics, refresh=False, max_file_bytes=self.max_file_bytes
            )
            if library.documents():
                self.post_message(LibraryReady(library))
            try:
                report = library.refresh(
                    lambda done, total, _: self.post_message(IndexProgress(done, total))
                )
            except IndexUnavailable as error:
                # Busy or out of space: what the index holds is still worth reading.
                library.warnings.append(str(error))
                report = None
        except KreadError as error:
            self.post_message(LibraryFailed(str(error)))
            return
        if report is None or report.touched or report.rebuilt or self.library is None:
            self.post_message(LibraryReady(library))
        # A folder of a thousand bad files should not bury the screen in toasts.
        for warning in library.warnings[:SHOWN_WARNINGS]:
            self.call_from_thread(self.notify, warning, severity="warning", timeout=6, markup=False)
        if len(library.warnings) > SHOWN_WARNINGS:
            more = len(library.warnings) - SHOWN_WARNINGS
            self.call_from_thread(
                self.notify, f"{more} more warnings: `kread index` lists them all", timeout=6
            )

    def on_index_progress(self, message: IndexProgress) -> None:
        self.main.show_progress(message.done, message.total)

    def on_library_ready(self, message: LibraryReady) -> None:
        self.library = message.library
        self.main.load_library(message.library)

    def on_library_failed(self, message: LibraryFailed) -> None:
        self.exit(2, message=Text(f"kread: error: {message.error}"))

    # -- help and commands ---------------------------------------------------
    def action_help(self, start: str = "keys") -> None:
        from kread.tui.screens.compare import CompareScreen
        from kread.tui.screens.help import HelpScreen
        from kread.tui.screens.search import SearchScreen

        if isinstance(self.screen, HelpScreen):
            return
        facets = self.library.taxonomy.facets if self.library else ()
        sections = [
            ("Anywhere", self.BINDINGS),
            ("Document list and reader", LibraryScreen.BINDINGS),
            ("Reader", Reader.BINDINGS),
            ("Document list", DocumentList.BINDINGS),
            ("Search", SearchScreen.BINDINGS),
            ("Compare", CompareScreen.BINDINGS),
        ]
        self.push_screen(HelpScreen(sections, facets, start))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if self.library is None or screen is not self.main:
            return
        yield SystemCommand("Search", "Search the documents (/)", self.main.action_search)
        yield SystemCommand(
            "Compare",
            "Compare the marked documents, or this one with another (c)",
            self.main.action_compare,
        )
        for index, facet in enumerate(self.library.taxonomy.facets):
            yield SystemCommand(
                f"Switch facet: {facet.label}",
                f"Turn the {facet.label.lower()} marks on or off ({index + 1})",
                lambda i=index: self.main.action_toggle_facet(i),
            )
        for doc in self.library.documents():
            yield SystemCommand(
                literal(f"Open: {doc.title}"),
                literal(f"{doc.id} · {doc.source}"),
                lambda doc_id=doc.id: self.main.open_document(doc_id),
                discover=False,
            )


def literal(text: str) -> str:
    """``text`` as Textual markup that shows it as written. The command palette reads a
    command's title and help as markup: a document's ``[/]`` would stop its search and
    ``[@click=...]`` would make an action. (``textual.markup.escape`` misses ``[$var]``
    and ``[B]``.)"""
    return text.replace("[", "\\[")


def run_reader(
    corpus: str | Path | None = None,
    topics: str | Path | None = None,
    max_file_bytes: int | None = None,
) -> int:
    """Run the reader until the user quits; the exit code of the app."""
    # A reader whose terminal is gone has nothing left to do: end on a hang-up even
    # when started under nohup, which would leave it running with no screen.
    signal.signal(signal.SIGHUP, signal.SIG_DFL)
    app = KreadApp(corpus, topics, max_file_bytes)
    code = app.run()
    return code if isinstance(code, int) else 0
