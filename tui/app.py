"""The Textual application: opens the library in a worker, then hands it to the screens."""

from __future__ import annotations

import asyncio
import signal
import time
from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, on, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.timer import Timer
from textual.worker import Worker, WorkerState

from kread.index.errors import IndexUnavailable, KreadError
from kread.tui import render
from kread.tui.keymap import Section, check_keymap
from kread.tui.keys import KeyHold
from kread.tui.messages import (
    FilesChanged,
    IndexProgress,
    LibraryFailed,
    LibraryReady,
    OpenDocument,
    Settled,
)
from kread.tui.palette import theme_backgrounds
from kread.tui.remembered import Remembered
from kread.tui.screens.library import LibraryScreen
from kread.tui.settings import Settings
from kread.tui.signals import wake_loop_on_signals
from kread.tui.widgets.document_list import DocumentList
from kread.tui.widgets.find_bar import FindBar
from kread.tui.widgets.reader import Reader

if TYPE_CHECKING:
    from kread.index.library import Library
    from kread.index.models import DocumentInfo


SHOWN_WARNINGS = 3
# The reader's widest line (CSS), unless the settings say otherwise: about 100 characters.
READING_WIDTH = "110"
# Keys typed after a key that opens a screen wait for it at most this long, then go on.
HOLD_KEYS_SECONDS = 2.0
QUIT_HINT = "q on the document list, or ctrl+q anywhere, quits kread."
# How often the corpus folder is looked at for added, changed and deleted files: every
# few seconds, and never more than a twentieth of the time (a huge folder takes long to stat).
WATCH_SECONDS = 2.0
WATCH_SHARE = 20


class KreadApp(App[int]):
    """kread's reader."""

    TITLE = "kread"
    CSS_PATH = "kread.tcss"
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", id="app.quit", tooltip="Quit kread", priority=True),
        Binding(
            "ctrl+c",
            "quit_hint",
            "Quit?",
            show=False,
            id="app.ctrl_c",
            tooltip="Does not quit (a slip would lose the marks): says which keys do",
            priority=True,
        ),
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
            "R",
            "reload",
            "Reload",
            show=False,
            id="app.reload",
            tooltip="Look for added, changed and deleted files now (kread also looks every "
            "few seconds)",
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
        settings: Settings | None = None,
    ) -> None:
        # Before Textual's set-up, which reads the CSS variables (the reading width).
        self.settings = settings or Settings()
        super().__init__()
        self.corpus = corpus
        self.topics = topics
        self.max_file_bytes = max_file_bytes
        self.library: Library | None = None
        self.documents: list[DocumentInfo] = []
        self.remembered = Remembered(corpus)
        self.main = LibraryScreen(place=self.remembered.place)
        # The first screen is drawn from the saved list before the index opens: the
        # keys typed until it has opened act on what it holds, not on that list.
        self._hold = KeyHold()
        self._hold.wait_for("library")
        self._hold_timer: Timer | None = None
        self._watch_timer: Timer | None = None

    # -- keys typed ahead --------------------------------------------------------
    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            if self._hold.keep(event):
                return
            holds = getattr(self.screen, "holds_keys_after", None)
            if holds is not None and holds(event.key):
                self._hold.wait_for("screen")
                if self._hold_timer is not None:
                    self._hold_timer.stop()
                self._hold_timer = self.set_timer(HOLD_KEYS_SECONDS, self._screen_settled)
        await super().on_event(event)

    def on_settled(self, message: Settled) -> None:
        self._screen_settled()

    def _screen_settled(self) -> None:
        if self._hold_timer is not None:
            self._hold_timer.stop()  # else it would end the next hold early
            self._hold_timer = None
        self._type_again(self._hold.done("screen"))

    def _type_again(self, keys: list[events.Key]) -> None:
        """Type the held keys, in order, where the focus is now."""
        for key in keys:
            self.post_message(events.Key(key.key, key.character))

    def action_quit_hint(self) -> None:
        self.notify(QUIT_HINT, timeout=3, markup=False)

    # -- the library -------------------------------------------------------------
    def get_css_variables(self) -> dict[str, str]:
        width = self.settings.reading_width
        shown = READING_WIDTH if width is None else str(width) if width else "100%"
        return {**super().get_css_variables(), "reading-width": shown}

    def _apply_settings(self) -> None:
        """The settings file's theme and keymap; what cannot be used is said, once."""
        settings = self.settings
        problems = list(settings.problems)
        theme = self.remembered.place.theme_for(settings.theme)
        if theme is not None and theme in self.available_themes:
            self.theme = theme
        if settings.theme is not None and settings.theme not in self.available_themes:
            problems.append(
                settings.problem(
                    "theme",
                    f"no theme is called {settings.theme[:40]!r}; ctrl+p, Change theme, lists them",
                )
            )
        keymap, keymap_problems = check_keymap(settings, binding_sections())
        if keymap:
            self.set_keymap(keymap)
        for problem in problems + keymap_problems:
            self.notify(problem, severity="warning", timeout=10, markup=False)

    def on_mount(self) -> None:
        self._stop_waking = wake_loop_on_signals(asyncio.get_running_loop())
        self._apply_settings()
        self.watch_theme(self.theme)  # the theme set before the app ran called no watcher
        # The titles saved at the last update show at once; the index opens meanwhile.
        from kread.index.engine.listing import read_listing

        self.main.listing = read_listing(self.corpus, self.topics)
        self.push_screen(self.main)
        # After the first paint: the worker's imports would otherwise slow it down.
        self.call_after_refresh(self._open_library)

    def on_unmount(self) -> None:
        self._stop_waking()
        render.use_backgrounds(())  # the command line draws colours as given

    def watch_theme(self, theme: str) -> None:
        # Runs before the stylesheet is refreshed for the new theme, so the widgets it
        # restyles draw facet and cue colours that read on the new backgrounds.
        render.use_backgrounds(theme_backgrounds(self))
        chosen = self._theme_chosen() if self.is_running else {}
        if chosen:
            self.run_worker(
                partial(self.remembered.save, **chosen),
                thread=True,
                group="remember",
                name="remember the theme",
            )

    def _theme_chosen(self) -> dict[str, str | None]:
        """The theme, if chosen in kread (the palette) rather than where kread started:
        what to remember of it for this corpus."""
        if self.theme == self.remembered.place.theme_for(self.settings.theme):
            return {}
        return {"theme": self.theme, "settings_theme": self.settings.theme}

    async def action_quit(self) -> None:
        """Remember where the reader is in this corpus, then quit."""
        reader = self.main.query_one(Reader)
        doc = reader.document
        self.remembered.save(
            document=doc.id if doc else None,
            start=reader.top_offset if doc else 0,
            reading=doc is not None and reader.has_focus,
            marked=list(self.main.query_one(DocumentList).marked),
            **self._theme_chosen(),  # in case its own save has not run yet
        )
        self.exit()

    @work(thread=True, exclusive=True, exit_on_error=False, group="index", name="open the index")
    def _open_library(self) -> None:
        """Open the index and show what it has at once, then bring it up to date.

        The index layer is imported here, off the UI thread, so the screen can
        draw while Whoosh loads. The messages go to the main screen, and bubble
        from there to the app."""
        from kread.index.library import Library

        main = self.main
        try:
            library = Library.open(
                self.corpus, self.topics, refresh=False, max_file_bytes=self.max_file_bytes
            )
            documents = library.documents()
            # Loaded when first asked for (~0.1 s): here, so the UI thread never waits on it.
            _taxonomy = library.taxonomy
            if documents:
                main.post_message(LibraryReady(library, documents))
            try:
                report = library.refresh(
                    lambda done, total, _: main.post_message(IndexProgress(done, total))
                )
            except IndexUnavailable as error:
                # Busy or out of space: what the index holds is still worth reading.
                library.warnings.append(str(error))
                report = None
            if report is None or report.touched or report.rebuilt or not documents:
                main.post_message(LibraryReady(library, library.documents()))
        except KreadError as error:
            self.post_message(LibraryFailed(str(error)))
            return
        self.call_from_thread(self._watch_after, 0.0)
        # A folder of a thousand bad files should not bury the screen in toasts.
        for warning in library.warnings[:SHOWN_WARNINGS]:
            self.call_from_thread(self.notify, warning, severity="warning", timeout=6, markup=False)
        if len(library.warnings) > SHOWN_WARNINGS:
            more = len(library.warnings) - SHOWN_WARNINGS
            self.call_from_thread(
                self.notify, f"{more} more warnings: `kread index` lists them all", timeout=6
            )

    def on_library_ready(self, message: LibraryReady) -> None:
        # The main screen has taken it first: the keys held meanwhile go to it now.
        self.library = message.library
        self.documents = message.documents
        self._type_again(self._hold.done("library"))

    # -- files that change while the reader is open ------------------------------
    def _watch_after(self, last_cost: float) -> None:
        if self._watch_timer is not None:
            self._watch_timer.stop()
        delay = max(WATCH_SECONDS, last_cost * WATCH_SHARE)
        self._watch_timer = self.set_timer(delay, self._look_for_changes)

    def action_reload(self) -> None:
        if self.library is None:
            self.notify("The index is still being opened.", timeout=3)
            return
        self._look_for_changes(asked=True)

    @work(thread=True, exit_on_error=False, group="watch", name="look for changed files")
    def _look_for_changes(self, asked: bool = False) -> None:
        """Take in what changed on disk; ``asked``: the user pressed the key, so say
        what was found even when it was nothing."""
        library, main = self.library, self.main
        if library is None:
            return
        started = time.monotonic()
        try:
            if asked or library.changed_on_disk():
                report = library.refresh(
                    lambda done, total, _: main.post_message(IndexProgress(done, total)),
                    wait=0,
                )
                if report.touched:
                    main.post_message(FilesChanged(library, library.documents(), report))
                elif asked:
                    self.call_from_thread(self.notify, "No file has changed.", timeout=3)
        except IndexUnavailable as error:
            # Another kread is updating this index: the next look takes in what it did.
            if asked:
                self.call_from_thread(self.notify, str(error), timeout=5, markup=False)
        finally:
            self.call_from_thread(self._watch_after, time.monotonic() - started)

    def on_files_changed(self, message: FilesChanged) -> None:
        self.documents = message.documents

    def on_library_failed(self, message: LibraryFailed) -> None:
        self.exit(2, message=Text(f"kread: error: {message.error}"))

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        """Any worker's failure, here or handed on by a screen: one line, and kread goes on."""
        if event.state is not WorkerState.ERROR:
            return
        error = event.worker.error
        if isinstance(error, KreadError):
            text = str(error)
        else:
            what = event.worker.name or "a task"
            text = f"Could not {what}: {type(error).__name__}: {error}"
        text = " ".join(text.split())  # one line, whatever the error says
        if self.library is None and event.worker.group == "index":
            self.exit(2, message=Text(f"kread: error: {text}"))
            return
        self.notify(text, severity="error", timeout=8, markup=False)
        self._screen_settled()  # what the held keys waited for will not come

    @on(Reader.WhyAsked)
    def _why_asked(self, event: Reader.WhyAsked) -> None:
        """`w` in any reader (the main screen's, either side of a comparison)."""
        doc = event.reader.document
        if self.library is None or doc is None or doc.id != event.doc_id:
            return
        from kread.tui.screens.why import WhyScreen

        taxonomy = self.library.taxonomy
        self.push_screen(
            WhyScreen(self.library, doc, event.sentence, taxonomy.facets, taxonomy.cues)
        )

    def deliver_screenshot(
        self, filename: str | None = None, path: str | None = None, time_format: str | None = None
    ) -> str | None:
        """The palette's Screenshot: saved where the user can find it, and the full path
        said (in a browser, Textual's download is kept)."""
        if self.is_web:
            return super().deliver_screenshot(filename, path, time_format)
        from kread.tui.screenshot import save_svg

        try:
            saved = save_svg(self.export_screenshot(), filename)
        except OSError as error:
            self.notify(
                f"Could not save the screenshot: {error}",
                title="Screenshot",
                severity="error",
                timeout=10,
                markup=False,
            )
            return None
        self.notify(f"Saved to {saved}", title="Screenshot", timeout=8, markup=False)
        return str(saved)

    # -- help and commands ---------------------------------------------------
    def action_help(self, start: str = "keys") -> None:
        from kread.tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        facets = self.library.taxonomy.facets if self.library else ()
        cues = self.library.taxonomy.cues if self.library else ()
        self.push_screen(
            HelpScreen(binding_sections(), facets, start, cues=cues, keymap=self._keymap)
        )

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if self.library is None or screen is not self.main:
            return
        # The palette asks the main screen as a key or a widget would: by its actions
        # and by messages, never by calling into it.
        main = self.main
        yield SystemCommand(
            "Search",
            "Search all the documents (s, or / on the list)",
            partial(main.run_action, "search('any')"),
        )
        yield SystemCommand(
            "Export quotes",
            "Write every sentence copied with y (and Y) to a Markdown file, with citations",
            partial(main.run_action, "export_quotes"),
        )
        yield SystemCommand(
            "Compare",
            "Compare the marked documents, or this one with another (c)",
            partial(main.run_action, "compare"),
        )
        yield SystemCommand(
            "Appraise",
            "Appraise the document shown: sources, risks, what it does not tell you (a)",
            partial(main.run_action, "appraise"),
        )
        if self.library.taxonomy.cues:
            yield SystemCommand(
                "Switch cue lens",
                "Show or hide the claim cues: hedged, absolute, quantified, sourced, "
                "promotional (l)",
                partial(main.run_action, "toggle_cue_lens"),
            )
        yield SystemCommand(
            "Points",
            "The points the documents make: who makes each, who is silent (p)",
            partial(main.run_action, "points"),
        )
        documents = main.query_one(DocumentList)
        if documents.marked:
            yield SystemCommand(
                "Unmark all",
                f"Unmark the {len(documents.marked)} marked documents (M on the list)",
                partial(documents.run_action, "unmark_all"),
            )
        for index, facet in enumerate(self.library.taxonomy.facets):
            yield SystemCommand(
                f"Switch facet: {facet.label}",
                f"Turn the {facet.label.lower()} marks on or off ({index + 1})",
                partial(main.run_action, f"toggle_facet({index})"),
            )
        for doc in self.documents:
            yield SystemCommand(
                literal(f"Open: {doc.title}"),
                literal(f"{doc.id} · {doc.source}"),
                partial(main.post_message, OpenDocument(doc.id)),
                discover=False,
            )


def binding_sections() -> list[Section]:
    """Every screen's and widget's keys, titled as the help shows them: what the keymap
    may remap, and where a key given twice would clash."""
    from kread.tui.screens.appraisal import AppraisalScreen
    from kread.tui.screens.compare import CompareScreen
    from kread.tui.screens.matrix import MatrixScreen, SentencesScreen
    from kread.tui.screens.pick import PickScreen
    from kread.tui.screens.points import PointSentencesScreen, PointsScreen
    from kread.tui.screens.search import HitList, SearchScreen
    from kread.tui.screens.why import WhyScreen
    from kread.tui.screens.work import MarksScreen, NoteScreen
    from kread.tui.widgets.point_grid import PointGrid

    return [
        ("Anywhere", KreadApp.BINDINGS),
        ("Document list and reader", LibraryScreen.BINDINGS),
        ("Reader", Reader.BINDINGS),
        ("Find bar (/ in the reader)", FindBar.BINDINGS),
        ("Document list", DocumentList.BINDINGS),
        ("Search", SearchScreen.BINDINGS),
        ("Search hits", HitList.BINDINGS),
        ("Compare", CompareScreen.BINDINGS),
        ("Pick documents to compare", PickScreen.BINDINGS),
        ("Matrix", MatrixScreen.BINDINGS),
        ("Matrix cell", SentencesScreen.BINDINGS),
        ("Why these marks (w in the reader)", WhyScreen.BINDINGS),
        ("Marks (e in the reader)", MarksScreen.BINDINGS),
        ("Note (t in the reader)", NoteScreen.BINDINGS),
        ("Appraisal", AppraisalScreen.BINDINGS),
        ("Points", PointsScreen.BINDINGS),
        ("Point table", PointGrid.BINDINGS),
        ("Point sentences", PointSentencesScreen.BINDINGS),
    ]


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
    settings: Settings | None = None,
) -> int:
    """Run the reader until the user quits; the exit code of the app."""
    # A reader whose terminal is gone has nothing left to do: end on a hang-up even
    # when started under nohup, which would leave it running with no screen.
    signal.signal(signal.SIGHUP, signal.SIG_DFL)
    app = KreadApp(corpus, topics, max_file_bytes, settings)
    code = app.run()
    return code if isinstance(code, int) else 0
