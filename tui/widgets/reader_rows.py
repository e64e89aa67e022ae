"""How the reader styles one wrapped row: its sentences' facet colours and words, the
cue words under the lens, the search or find hits, and what the row's gutter shows.

Plain functions over the row's text and the sentences it overlaps, so the reader pane
keeps the scrolling and layout and this module keeps the look of a row.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

from rich.color import ColorParseError
from rich.style import Style
from rich.text import Text

from kread.index.facets.models import Cue
from kread.index.models import Facet, Sentence
from kread.tui.render import (
    CUE_WORD_STYLE,
    FACET_WORD_STYLE,
    HEADING_STYLE,
    cue_style,
    facet_style,
)
from kread.tui.widgets.spans import Intervals


@dataclass
class Gutter:
    """What one row's gutter shows."""

    facets: set[str] = field(default_factory=set)  # switched on, carried by its sentences
    added: set[str] = field(default_factory=set)  # of those, put on by the reader
    removed: set[str] = field(default_factory=set)  # switched on, taken off by the reader
    on_cursor: bool = False
    note: bool = False


def style_sentences(
    text: Text,
    start: int,
    end: int,
    sentences: Sequence[Sentence],
    overlapping: Sequence[int],
    *,
    enabled: Collection[str],
    cursor: int | None,
    facet_styles: Mapping[str, Style],
    boilerplate: Style,
) -> Gutter:
    """Style the sentences (indexes ``overlapping``) on the row ``text`` holding
    ``start:end``; return what its gutter shows: the switched-on facets they carry (and
    which of them the reader put on or took off), whether the cursor is on one of them,
    whether one's note starts here."""
    row = Gutter()
    for index in overlapping:
        sentence = sentences[index]
        a, b = max(sentence.start, start) - start, min(sentence.end, end) - start
        if sentence.boilerplate:
            text.stylize(boilerplate, a, b)
        elif sentence.heading:
            text.stylize(HEADING_STYLE, a, b)
        row.on_cursor = row.on_cursor or index == cursor
        row.note = row.note or bool(sentence.note and start <= sentence.start < end)
        if sentence.correction:
            row.added.update(sentence.correction.facets_added)
            row.removed.update(f for f in sentence.correction.facets_removed if f in enabled)
        shown = [f for f in sentence.facets if f in enabled]
        if not shown:
            continue
        row.facets.update(shown)
        text.stylize(facet_styles.get(shown[0], Style()), a, b)
        for s, e, facet in sentence.spans:
            if facet in shown and s < end and e > start:
                text.stylize(FACET_WORD_STYLE, max(s, start) - start, min(e, end) - start)
    # A letter kread also put on this row (another sentence) is not the reader's own.
    row.added -= {f for index in overlapping for f in kread_facets(sentences[index])}
    return row


def kread_facets(sentence: Sentence) -> set[str]:
    """The facets kread itself put on a sentence."""
    correction = sentence.correction
    facets = set(sentence.facets)
    if correction:
        facets = (facets - set(correction.facets_added)) | set(correction.facets_removed)
    return facets


def style_cues(
    text: Text,
    start: int,
    end: int,
    sentences: Sequence[Sentence],
    overlapping: Sequence[int],
    cue_styles: Mapping[str, Style],
) -> set[str]:
    """Underline the cue words on the row in their cue's colour; return the cues of the
    sentences overlapping it."""
    found: set[str] = set()
    for index in overlapping:
        sentence = sentences[index]
        found.update(c for c in sentence.cues if c in cue_styles)
        for s, e, cue in sentence.cue_spans:
            if cue in cue_styles and s < end and e > start:
                style = cue_styles[cue] + CUE_WORD_STYLE
                text.stylize(style, max(s, start) - start, min(e, end) - start)
    return found


def style_matches(
    text: Text,
    start: int,
    end: int,
    matches: Intervals,
    current_start: int | None,
    *,
    match: Style,
    current: Style,
) -> None:
    """Highlight the hits on the row, the one starting at ``current_start`` as current."""
    for k in matches.overlapping(start, end):
        a = max(matches.starts[k], start) - start
        b = min(matches.ends[k], end) - start
        text.stylize(current if matches.starts[k] == current_start else match, a, b)


def safe_facet_style(facet: Facet) -> Style:
    # A bad colour in a user's topics file should cost the colour, not the pane.
    try:
        return facet_style(facet)
    except ColorParseError:
        return Style()


def safe_cue_style(cue: Cue) -> Style:
    try:
        return cue_style(cue)
    except ColorParseError:
        return Style()
