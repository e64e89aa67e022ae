"""One document appraised: each item found or not with its evidence, what the article does
not tell you and its balance; Enter goes to an evidence sentence in the reader. The reader
rates each item 1-5 and writes a note on it, and corrects kread's found / not found;
kread never rates."""

from __future__ import annotations

import threading
from dataclasses import replace
from enum import Enum
from typing import TYPE_CHECKING, Literal

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from kread.index.appraisal.models import DOES_NOT_APPLY, reader_said
from kread.index.document import Document
from kread.tui import render
from kread.tui.appraisal_report import (
    FOUND_GLYPH,
    NO_SCORE,
    NOT_APPLICABLE_GLYPH,
    NOT_FOUND,
    NOT_FOUND_GLYPH,
    balance_line,
    not_applicable,
    nothing_missing,
    treatment_notice,
)
from kread.tui.messages import AppraisalLoaded, JudgementsSaved, Settled
from kread.tui.screens.base import KreadScreen

if TYPE_CHECKING:
    from kread.index.appraisal.models import Appraisal, AppraisalItem
    from kread.index.library import Library
    from kread.index.workbook.models import ItemJudgement

# The first row of the list: what the article leaves out, and its balance.
SUMMARY = "summary"
CURRENT_GLYPH = "▶"
NOTE_GLYPH = "✎"
SCORES = range(1, 6)  # the reader's scores, as DISCERN rates: 1 (no) to 5 (yes)
# Keys 0 and Backspace clear a score: 0 is no score, and Backspace undoes what was typed.
CLEAR_SCORE = 0
NAME_WIDTH = 15  # the longest item name, shared_decision: the scores line up


class _Unchanged(Enum):
    SCORE = "the score as it is"
    FOUND = "the reader's answer as it is"


KEEP_SCORE = _Unchanged.SCORE  # a save of the note alone
KEEP_FOUND = _Unchanged.FOUND
Score = int | None | Literal[_Unchanged.SCORE]
Found = bool | None | Literal[_Unchanged.FOUND]
CORRECTED_GLYPH = "*"  # on the row: the reader's answer, not kread's


def score_text(score: int | None) -> str:
    return "" if score is None else f"{score}/{len(SCORES)}"


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
        *(
            Binding(str(n), f"score({n})", "Score", key_display="1-5", show=n == 1,
                    id=f"appraisal.score{n}", tooltip="Your score of the item, 1 (no) to 5 (yes)")
            for n in SCORES
        ),
        Binding("0,backspace", f"score({CLEAR_SCORE})", "Clear", key_display="0 backspace",
                show=False, id="appraisal.clear", tooltip="Clear your score of the item"),
        Binding("t", "note", "Note", id="appraisal.note",
                tooltip="Write a note on the item (an empty note removes it)"),
        Binding("x", "toggle_found", "Found?", id="appraisal.found",
                tooltip="Correct kread: the item found or not, in your judgement (x again undoes)"),
    ]  # fmt: skip

    def __init__(self, library: Library, doc: Document) -> None:
        super().__init__()
        self.library = library  # asked in workers only
        self.doc = doc
        self.appraisal: Appraisal | None = None
        self.evidence_at = 0  # which evidence sentence of the highlighted item is current
        self._before_current: Text | None = None  # the detail's text above that sentence
        self._save_lock = threading.Lock()  # saves one at a time, their answers in order

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
        options = [Option(self._summary_row(), id=SUMMARY)]
        options += [Option(self._row(item), id=item.name) for item in self.appraisal.items]
        items.add_options(options)
        items.highlighted = 0
        items.focus()
        self._describe()
        self.post_message(Settled())  # the keys typed while it appraised go on now

    def _summary_row(self) -> Text:
        """``  Summary  7 gaps``: the items not answered, as the reader's corrections stand
        (``not about a treatment`` too, when the treatment items do not apply)."""
        assert self.appraisal is not None
        missing = len(self.appraisal.not_told)
        row = Text.assemble(("  Summary", "bold"), (f"  {missing} gaps", "dim"))
        if not self.appraisal.about_treatment:
            row.append(", not about a treatment", "dim")
        return row

    @staticmethod
    def _row(item: AppraisalItem) -> Text:
        """``✓ risks            2 3/5✎*``: found or not (the reader's answer when they
        corrected kread's, then marked ``*``), its evidence sentences, the reader's score
        and whether they wrote a note."""
        found = item.answered
        if not_applicable(item):
            row = Text(NOT_APPLICABLE_GLYPH, "dim")
            row.append(f" {item.name:<{NAME_WIDTH}}", "dim")
        else:
            row = Text(FOUND_GLYPH if found else NOT_FOUND_GLYPH, "green" if found else "red")
            row.append(f" {item.name:<{NAME_WIDTH}}")
        row.append(f"{len(item.evidence):>3}" if item.evidence else "   ", "dim")
        row.append(f" {score_text(item.score):>3}", "bold")
        row.append(NOTE_GLYPH if item.note else " ", "bold")
        if item.corrected:
            row.append(CORRECTED_GLYPH, "bold")
        return row

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
        text = Text()
        notice = treatment_notice(self.appraisal)
        if notice:
            text.append(f"{notice}\n\n", "yellow")
        text.append("What this article does not tell you\n", "bold")
        for item in self.appraisal.not_told:
            text.append(f"• {item.missing}\n")
        if not self.appraisal.not_told:
            text.append(f"{nothing_missing(self.appraisal)}\n", "dim")
        text.append("\nBalance  ", "bold")
        about = self.appraisal.about_treatment
        text.append(balance_line(self.appraisal) if about else DOES_NOT_APPLY)
        if self.appraisal.balance.warning:
            text.append(f"\n⚠ {self.appraisal.balance.warning}", "bold yellow")
        text.append(f"\n\n{NO_SCORE}", "dim")
        return text

    def _item_text(self, item: AppraisalItem) -> Text:
        text = Text(item.question, "bold")
        text.append(f"\n{item.source}\n", "dim")
        text.append_text(self._judgement_text(item))
        if item.corrected:
            said = reader_said(item)
            text.append(f"\n{said[:1].upper()}{said[1:]}", "bold")
            text.append("  (x gives kread's back)\n", "dim")
        if not_applicable(item):
            text.append(f"\n{DOES_NOT_APPLY}", "yellow")
        elif not item.answered:
            text.append(f"\n{NOT_FOUND}", "red")
            if item.missing:
                text.append(f"\n{item.missing}")
        if not item.found:  # else kread's evidence follows, for the reader to weigh
            return text
        if item.metadata:
            text.append(f"\nfrom the article's metadata: {item.metadata}\n", "dim")
        for n, index in enumerate(item.evidence):
            current = n == self.evidence_at
            if current:
                self._before_current = text.copy()
            text.append(f"\n{CURRENT_GLYPH if current else ' '} ", "bold")
            text.append(f"({index + 1}) ", "dim")  # counted from 1, as everywhere a person reads
            # the document's own words: plain text, never markup
            text.append(render.sentence_of(self.doc, index), "bold" if current else "")
            text.append("\n")
        return text

    @staticmethod
    def _judgement_text(item: AppraisalItem) -> Text:
        """The reader's score and note, or how to give them."""
        text = Text()
        if item.score is None:
            text.append("Your score: none (1-5 rates the item)", "dim")
        else:
            text.append("Your score: ", "bold")
            text.append(score_text(item.score), "bold")
            text.append("  (0 clears it)", "dim")
        if item.note:
            text.append(f"\n{NOTE_GLYPH} ", "bold")
            text.append(item.note)  # the reader's own words: plain text, never markup
        else:
            text.append("\nNo note (t writes one)", "dim")
        text.append("\n")
        return text

    # -- the reader's score and note -----------------------------------------------
    def action_score(self, score: int) -> None:
        item = self._current()
        if item is None:
            self.notify("Move to an item to rate it (j, k).", timeout=2)
            return
        value = None if score == CLEAR_SCORE else score
        if value != item.score:
            self._save(item.name, score=value)

    def action_note(self) -> None:
        item = self._current()
        if item is None:
            self.notify("Move to an item to write a note on it (j, k).", timeout=2)
            return
        from kread.tui.screens.work import NoteScreen

        def written(note: str | None) -> None:
            if note is not None and note.strip() != item.note:
                self._save(item.name, note=note.strip())

        subject = Text(item.question, "italic")
        self.app.push_screen(NoteScreen(subject, item.note, f"Your note on {item.name}"), written)

    def action_toggle_found(self) -> None:
        """The item found if kread says not, and not if it says found; again, kread's."""
        item = self._current()
        if item is None:
            self.notify("Move to an item to correct it (j, k).", timeout=2)
            return
        self._save(item.name, found=None if item.corrected else not item.found)

    def _save(
        self,
        name: str,
        *,
        score: Score = KEEP_SCORE,
        note: str | None = None,
        found: Found = KEEP_FOUND,
    ) -> None:
        """Show the change at once and save it in a worker (``note`` None: unchanged)."""
        assert self.appraisal is not None
        item = self.appraisal.item(name)
        shown = replace(
            item,
            score=item.score if score is KEEP_SCORE else score,
            note=item.note if note is None else note,
            reader_found=item.reader_found if found is KEEP_FOUND else found,
        )
        self._show_items({name: shown})
        self._save_judgement(self.doc.id, name, score, note, found)

    @work(thread=True, exit_on_error=False, group="judge", name="save your score")
    def _save_judgement(
        self, doc_id: str, name: str, score: Score, note: str | None, found: Found = KEEP_FOUND
    ) -> None:
        with self._save_lock:  # the last answer posted is the file as it is
            if found is not KEEP_FOUND:
                self.library.set_found(doc_id, name, found)
            if score is not KEEP_SCORE:
                self.library.set_score(doc_id, name, score)
            if note is not None:
                self.library.set_note(doc_id, name, note)
            judgements = self.library.scores(doc_id)
            warning = self.library.workbook.warning
            self.post_message(JudgementsSaved(doc_id, judgements, warning))

    def on_judgements_saved(self, message: JudgementsSaved) -> None:
        if self.appraisal is None or message.doc_id != self.doc.id:
            return
        self._show_items(
            {
                item.name: _judged(item, message.judgements.get(item.name))
                for item in self.appraisal.items
            }
        )
        if message.warning:
            self.notify(message.warning, severity="warning", timeout=8, markup=False)

    def _show_items(self, changed: dict[str, AppraisalItem]) -> None:
        """Put ``changed`` items in the appraisal, on their rows and in the detail."""
        assert self.appraisal is not None
        items = tuple(changed.get(item.name, item) for item in self.appraisal.items)
        if items == self.appraisal.items:
            return
        self.appraisal = replace(self.appraisal, items=items)
        option_list = self.query_one(OptionList)
        for item in items:
            option_list.replace_option_prompt(item.name, self._row(item))
        option_list.replace_option_prompt(SUMMARY, self._summary_row())  # a correction moves it
        self._describe()

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


def _judged(item: AppraisalItem, judgement: ItemJudgement | None) -> AppraisalItem:
    """``item`` with the reader's score and note as stored (none when ``judgement`` is)."""
    if judgement is None:
        return replace(item, score=None, note="", reader_found=None)
    return replace(item, score=judgement.score, note=judgement.note, reader_found=judgement.found)
