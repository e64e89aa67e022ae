"""One document appraised: each item found or not with its evidence, what the article does
not tell you and its balance; Enter goes to an evidence sentence in the reader."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from kread.index.models import Document
from kread.tui import render
from kread.tui.appraisal_report import (
    FOUND_GLYPH,
    NO_SCORE,
    NOT_FOUND,
    NOT_FOUND_GLYPH,
    balance_line,
)
from kread.tui.messages import AppraisalLoaded, Settled
from kread.tui.screens.base import KreadScreen

if TYPE_CHECKING:
    from kread.index.appraisal.models import Appraisal, AppraisalItem
    from kread.index.library import Library

# The first row of the list: what the article leaves out, and its balance.
SUMMARY = "summary"
CURRENT_GLYPH = "▶"


class AppraisalScreen(KreadScreen["int | None"]):
    """Dismissed with the index of the sentence to show in the reader, or None."""

    BINDINGS = [
        Binding("escape,q", "back", "Back", id="appraisal.back", tooltip="Back to the reader"),
        Binding("enter", "go", "Go to", id="appraisal.go",
                tooltip="Show the current evidence sentence in the reader"),
        Binding("right_square_bracket", "evidence(1)", "Next", key_display="]",
                id="appraisal.next", tooltip="Next evidence sentence of the item"),
        Binding("left_square_bracket", "evidence(-1)", "Prev", key_display="[", show=False,
                id="appraisal.prev", tooltip="Previous evidence sentence of the item"),
        Binding("j", "move(1)", "Down", show=False, id="appraisal.down", tooltip="Next item"),
        Binding("k", "move(-1)", "Up", show=False, id="appraisal.up", tooltip="Previous item"),
    ]  # fmt: skip

    def __init__(self, library: Library, doc: Document) -> None:
        super().__init__()
        self.library = library  # asked in workers only
        self.doc = doc
        self.appraisal: Appraisal | None = None
        self.evidence_at = 0  # which evidence sentence of the highlighted item is current
        self._before_current: Text | None = None  # the detail's text above that sentence

    def compose(self) -> ComposeResult:
        yield Static(Text(f"Appraisal: {self.doc.title}", "bold"), id="appraisal-title")
        with Horizontal(id="appraisal-body"):
            yield OptionList(id="appraisal-items")
            with VerticalScroll(id="appraisal-detail"):
                yield Static(Text("Appraising…", "dim"), id="appraisal-text")
        yield Footer()

    def on_mount(self) -> None:
        self._appraise(self.doc.id)

    @work(thread=True, exclusive=True, exit_on_error=False, group="appraise", name="appraise")
    def _appraise(self, doc_id: str) -> None:
        appraisal = self.library.appraise(doc_id)
        if not get_current_worker().is_cancelled:
            self.post_message(AppraisalLoaded(appraisal))

    def on_appraisal_loaded(self, message: AppraisalLoaded) -> None:
        self.appraisal = message.appraisal
        items = self.query_one(OptionList)
        missing = len(self.appraisal.not_told)
        summary = Text.assemble(("  Summary", "bold"), (f"  {missing} gaps", "dim"))
        options = [Option(summary, id=SUMMARY)]
        for item in self.appraisal.items:
            found = item.found
            row = Text(FOUND_GLYPH if found else NOT_FOUND_GLYPH, "green" if found else "red")
            row.append(f" {item.name}")
            if item.evidence:
                row.append(f" {len(item.evidence)}", "dim")
            options.append(Option(row, id=item.name))
        items.add_options(options)
        items.highlighted = 0
        items.focus()
        self._describe()
        self.post_message(Settled())  # the keys typed while it appraised go on now

    @on(OptionList.OptionHighlighted, "#appraisal-items")
    def _highlighted(self) -> None:
        self.evidence_at = 0
        self._describe()

    @on(OptionList.OptionSelected, "#appraisal-items")
    def _selected(self) -> None:
        self.action_go()

    def _current(self) -> AppraisalItem | None:
        """The highlighted item; None on the summary row or before the appraisal came."""
        if self.appraisal is None:
            return None
        index = self.query_one(OptionList).highlighted
        if not index:  # None or the summary row
            return None
        return self.appraisal.items[index - 1]

    def _describe(self) -> None:
        """The detail pane for the highlighted row."""
        if self.appraisal is None:
            return
        item = self._current()
        self._before_current: Text | None = None
        text = self._summary() if item is None else self._item_text(item)
        self.query_one("#appraisal-text", Static).update(text)
        self.call_after_refresh(self._show_current)

    def _show_current(self) -> None:
        """Scroll the detail so that the current evidence sentence is in view."""
        detail = self.query_one("#appraisal-detail", VerticalScroll)
        width = self.query_one("#appraisal-text", Static).content_region.width
        if self._before_current is None or width <= 0:
            detail.scroll_home(animate=False)
            return
        line = len(self._before_current.wrap(self.app.console, width))
        top, height = detail.scroll_offset.y, detail.scrollable_content_region.height
        if not top <= line < top + height - 1:
            detail.scroll_to(y=max(0, line - 1), animate=False)

    def _summary(self) -> Text:
        assert self.appraisal is not None
        text = Text("What this article does not tell you\n", "bold")
        for item in self.appraisal.not_told:
            text.append(f"• {item.missing}\n")
        if not self.appraisal.not_told:
            text.append("Every item was found.\n", "dim")
        text.append("\nBalance  ", "bold")
        text.append(balance_line(self.appraisal))
        if self.appraisal.balance.warning:
            text.append(f"\n⚠ {self.appraisal.balance.warning}", "bold yellow")
        text.append(f"\n\n{NO_SCORE}", "dim")
        return text

    def _item_text(self, item: AppraisalItem) -> Text:
        text = Text(item.question, "bold")
        text.append(f"\n{item.source}\n", "dim")
        if not item.found:
            text.append(f"\n{NOT_FOUND}", "red")
            if item.missing:
                text.append(f"\n{item.missing}")
            return text
        if item.metadata:
            text.append(f"\nfrom the article's metadata: {item.metadata}\n", "dim")
        for n, index in enumerate(item.evidence):
            current = n == self.evidence_at
            if current:
                self._before_current = text.copy()
            text.append(f"\n{CURRENT_GLYPH if current else ' '} ", "bold")
            text.append(f"({index}) ", "dim")
            # the document's own words: plain text, never markup
            text.append(render.sentence_of(self.doc, index), "bold" if current else "")
            text.append("\n")
        return text

    # -- actions ---------------------------------------------------------------
    def action_move(self, step: int) -> None:
        items = self.query_one(OptionList)
        items.action_cursor_down() if step > 0 else items.action_cursor_up()

    def action_evidence(self, step: int) -> None:
        item = self._current()
        if item is None or not item.evidence:
            return
        self.evidence_at = (self.evidence_at + step) % len(item.evidence)
        self._describe()

    def action_go(self) -> None:
        item = self._current()
        if item is None or not item.evidence:
            self.notify("No evidence sentence to show for this row.", timeout=2)
            return
        self.dismiss(item.evidence[self.evidence_at])

    def action_back(self) -> None:
        self.dismiss(None)
