"""Why a sentence carries its facets: the words that matched and the line of the topics
file each was matched by, so a reader can judge the mark."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.console import RenderableType
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static
from textual.worker import get_current_worker

from kread.index.document import Document
from kread.index.explanations import MarkExplanation
from kread.index.facets.models import Cue
from kread.index.models import Facet
from kread.tui.messages import MarkExplained
from kread.tui.screens.base import KreadScreen
from kread.tui.screens.theme_colours import RedrawnOnThemeChange
from kread.tui.why_report import why_text

if TYPE_CHECKING:
    from kread.index.library import Library

FOOTER = "] next sentence · [ previous · Escape closes"


class WhyScreen(RedrawnOnThemeChange, KreadScreen[None], ModalScreen[None]):
    """The facets of one sentence, each with the lines of its query that match and the
    words they matched; ``]`` and ``[`` move to the next and previous sentence."""

    BINDINGS = [
        Binding("escape,q,w", "close", "Close", id="why.close", tooltip="Close"),
        Binding(
            "right_square_bracket,right",
            "step(1)",
            "Next sentence",
            key_display="]",
            id="why.next",
            tooltip="Why the next sentence has its marks",
        ),
        Binding(
            "left_square_bracket,left",
            "step(-1)",
            "Previous sentence",
            key_display="[",
            id="why.previous",
            tooltip="Why the previous sentence has its marks",
        ),
    ]

    def __init__(
        self,
        library: Library,
        doc: Document,
        sentence: int,
        facets: Sequence[Facet],
        cues: Sequence[Cue] = (),
    ) -> None:
        super().__init__()
        self.library = library  # asked in workers only
        self.doc = doc
        self.sentence = sentence
        self.facets = {f.name: f for f in facets}
        self.cues = {c.name: c for c in cues}
        self.explanation: MarkExplanation | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="why-body"):
            yield Static(Text("Reading the marks…", "dim"), id="why-text")

    def on_mount(self) -> None:
        self._explain(self.doc.id, self.sentence)

    @work(thread=True, exclusive=True, exit_on_error=False, group="why", name="explain the marks")
    def _explain(self, doc_id: str, sentence: int) -> None:
        explanation = self.library.explain(doc_id, sentence)
        doc = self.library.document(doc_id)
        if not get_current_worker().is_cancelled:
            self.post_message(MarkExplained(explanation, doc))

    def on_mark_explained(self, message: MarkExplained) -> None:
        self.explanation, self.doc = message.explanation, message.document
        self.query_one("#why-text", Static).update(self.explain_text())
        self.query_one(VerticalScroll).scroll_home(animate=False)

    def redraw_colours(self) -> None:
        if self.explanation is not None:  # else "Reading the marks…" until it comes
            self.query_one("#why-text", Static).update(self.explain_text())

    def explain_text(self) -> RenderableType:
        """The explanation shown (document text and queries are Text, never markup)."""
        assert self.explanation is not None
        return why_text(self.explanation, self.doc, self.facets, FOOTER, self.cues)

    def action_step(self, step: int) -> None:
        target = self.sentence + step  # the one asked for last: keys may outrun the worker
        if 0 <= target < len(self.doc.sentences):
            self.sentence = target
            self._explain(self.doc.id, target)

    def action_close(self) -> None:
        self.dismiss(None)
