"""The reader's own work: a picker to put facet marks on a sentence or take them off, and
a box to write a note on a sentence or an appraisal item. Each returns what the reader
chose; the screen that opened it saves it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from kread.index.document import Document
from kread.index.facets.models import Cue
from kread.index.models import Facet
from kread.tui import render
from kread.tui.keys import facet_bindings
from kread.tui.messages import Settled
from kread.tui.screens.theme_colours import RedrawnOnThemeChange

# The sentence is quoted at most this long: the picker is about its marks.
QUOTE_CHARS = 240


def quoted(doc: Document, index: int) -> Text:
    """The sentence, in quotes, shortened if long (built as `Text`: it is the document's)."""
    sentence = doc.sentences[index]
    words = " ".join(doc.text[sentence.start : sentence.end].split())
    if len(words) > QUOTE_CHARS:
        words = words[: QUOTE_CHARS - 1].rstrip() + "…"
    return Text(f"“{words}”", style="italic")


def kreads_facets(doc: Document, index: int) -> set[str]:
    """The facets kread itself put on the sentence, before the reader's corrections."""
    sentence = doc.sentences[index]
    fix = sentence.correction
    return (
        _before(sentence.facets, fix.facets_added, fix.facets_removed)
        if fix
        else set(sentence.facets)
    )


def kreads_cues(doc: Document, index: int) -> set[str]:
    """The cues kread itself found in the sentence, before the reader's corrections."""
    sentence = doc.sentences[index]
    fix = sentence.correction
    return _before(sentence.cues, fix.cues_added, fix.cues_removed) if fix else set(sentence.cues)


def _before(marks: Sequence[str], added: Sequence[str], removed: Sequence[str]) -> set[str]:
    return (set(marks) - set(added)) | set(removed)


@dataclass(frozen=True)
class MarkChanges:
    """The marks the reader changed on a sentence, as name: on."""

    facets: dict[str, bool]
    cues: dict[str, bool]


class MarksScreen(RedrawnOnThemeChange, ModalScreen[MarkChanges | None]):
    """Which facets and cues a sentence carries, in the reader's judgement: 1-9 switch a
    facet, a cue's glyph (``?``, ``!``, ...) switches that cue, Enter keeps the choice
    (what changed), Escape drops it."""

    BINDINGS = [
        Binding("enter", "keep", "Save", id="marks.save", tooltip="Keep these marks"),
        Binding(
            "escape,q",
            "cancel",
            "Cancel",
            id="marks.cancel",
            tooltip="Leave the marks as they were",
        ),
        *facet_bindings(
            "switch", "marks.facet", "Facet", "Put the facet with that number on or take it off"
        ),
    ]

    def __init__(
        self, doc: Document, index: int, facets: Sequence[Facet], cues: Sequence[Cue] = ()
    ) -> None:
        super().__init__()
        self.doc, self.index, self.facets, self.cues = doc, index, tuple(facets), tuple(cues)
        self.kreads = kreads_facets(doc, index)
        self.carried = set(doc.sentences[index].facets)
        self.chosen = set(self.carried)
        self.kreads_cues = kreads_cues(doc, index)
        self.carried_cues = set(doc.sentences[index].cues)
        self.chosen_cues = set(self.carried_cues)

    def compose(self) -> ComposeResult:
        with Vertical(id="marks-body"):
            yield Static(Text("Marks on this sentence", "bold"))
            yield Static(quoted(self.doc, self.index), classes="work-sentence")
            yield Static(id="marks-list")
            yield Static(
                Text(
                    f"1-{len(self.facets)}"
                    + (" or a cue's glyph" if self.cues else "")
                    + " put a mark on or take it off · Enter saves · "
                    "Escape leaves them as they were",
                    style="dim",
                )
            )

    def on_mount(self) -> None:
        self._draw()
        self.post_message(Settled())  # the keys held since `e` are the picker's

    def redraw_colours(self) -> None:
        self._draw()

    def _draw(self) -> None:
        rows = Text("\n").join(
            [
                _mark_row(
                    f"{number}" if number < 10 else " ",
                    facet.letter[:1] or "?",
                    facet.label,
                    render.facet_style(facet),
                    facet.name in self.chosen,
                    facet.name in self.kreads,
                    "mark",
                )
                for number, facet in enumerate(self.facets, 1)
            ]
            + [
                _mark_row(
                    cue.glyph[:1],
                    cue.glyph[:1] or "?",
                    cue.label,
                    render.cue_style(cue),
                    cue.name in self.chosen_cues,
                    cue.name in self.kreads_cues,
                    "cue",
                )
                for cue in self.cues
            ]
        )
        self.query_one("#marks-list", Static).update(rows)

    def on_key(self, event: events.Key) -> None:
        # Cue glyphs come from the taxonomy (a topics file may add its own), so they are
        # keys by their character rather than bindings.
        cue = next((c for c in self.cues if c.glyph[:1] == event.character), None)
        if cue is not None:
            event.stop()
            event.prevent_default()
            self.chosen_cues ^= {cue.name}
            self._draw()

    def action_switch(self, index: int) -> None:
        if index < len(self.facets):
            self.chosen ^= {self.facets[index].name}
            self._draw()

    def action_keep(self) -> None:
        facets = {name: name in self.chosen for name in sorted(self.chosen ^ self.carried)}
        changed_cues = self.chosen_cues ^ self.carried_cues
        cues = {name: name in self.chosen_cues for name in sorted(changed_cues)}
        self.dismiss(MarkChanges(facets, cues) if facets or cues else None)

    def action_cancel(self) -> None:
        self.dismiss(None)


def _mark_row(
    key: str, sign: str, label: str, style: Style, on: bool, kreads: bool, noun: str
) -> Text:
    """One line of the picker: its key, whether the sentence carries it, and whose it
    is; one the reader put on is underlined (a facet's letter also in lower case)."""
    row = Text()
    row.append(f"{key} ", Style(dim=True))
    row.append("[x] " if on else "[ ] ")
    strong = style + Style(bold=True)
    if on and not kreads:
        sign, strong = sign.lower(), strong + Style(underline=True)
    row.append(sign, strong if on else Style(dim=True))
    row.append(f" {label:<16}", style)
    if on and kreads:
        row.append(f"kread's {noun}", "dim")
    elif on:
        row.append("put on by you", "bold")
    elif kreads:
        row.append(f"kread's {noun}, taken off by you", "bold")
    return row


class NoteScreen(ModalScreen[str | None]):
    """The reader's note on a sentence or an appraisal item: Enter keeps it (empty: no
    note), Escape drops the change."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="note.cancel", tooltip="Leave the note as it was"),
    ]

    def __init__(self, subject: Text, note: str, heading: str = "Your note") -> None:
        super().__init__()
        self.subject, self.note, self.heading = subject, note, heading

    @classmethod
    def on_sentence(cls, doc: Document, index: int) -> NoteScreen:
        """The note on sentence ``index`` of ``doc``, the sentence quoted above it."""
        return cls(quoted(doc, index), doc.sentences[index].note, "Your note on this sentence")

    def compose(self) -> ComposeResult:
        with Vertical(id="note-body"):
            yield Static(Text(self.heading, "bold"))
            yield Static(self.subject, classes="work-sentence")
            yield Input(
                self.note,
                placeholder="What you make of it (empty: no note)",
                id="note-input",
            )
            yield Static(
                Text("Enter saves · an empty note removes it · Escape leaves it", style="dim")
            )

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self.post_message(Settled())  # what is typed after `t` is the note

    @on(Input.Submitted)
    def _keep(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
