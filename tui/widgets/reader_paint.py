"""How the reader paints its rows on Textual's Line API: the gutter (cursor, note, facet
letters, cue glyphs) and the styled text of each row on screen, with the message shown
when there is nothing to read. The styling of a row's text is in `reader_rows`."""

from __future__ import annotations

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.strip import Strip

from kread.tui.render import readable_style
from kread.tui.widgets.reader_lines import BLANK_LINE
from kread.tui.widgets.reader_rows import Gutter, style_cues, style_matches, style_sentences

CURSOR_GLYPH = "▌"
# In the cursor column of a sentence's first row: the reader wrote a note on it.
NOTE_GLYPH = "✎"
# In a facet's column: the reader took kread's mark off. A mark the reader put on shows
# its letter in lower case, underlined: never by colour alone.
REMOVED_GLYPH = "\u00d7"  # the multiplication sign
_BOLD = Style(bold=True)
_UNDERLINE = Style(underline=True)
EMPTY_MESSAGE = "No document selected"
FILTER_EMPTY_MESSAGE = "No sentence has the marks switched on"


class RowPaintingMixin:
    """Mixed into `Reader` (a Textual `ScrollView`): `render_line` and the strips cached
    per row, cleared by the reader when what a row shows changes."""

    @property
    def _base_style(self) -> Style:
        # `rich_style` walks every ancestor: too slow to ask once per row.
        if self._base is None:
            self._base = self.rich_style
        return self._base

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self._base_style
        if self._doc is None:
            return self._render_empty(y, width, base, EMPTY_MESSAGE)
        if self._filtered and not self._lines:
            return self._render_empty(y, width, base, FILTER_EMPTY_MESSAGE)
        index = self.scroll_offset.y + y
        if index >= len(self._lines):
            return Strip.blank(width, base)
        strip = self._strips.get(index)
        if strip is None or strip.cell_length != width:
            strip = self._render_row(index, width, base)
            self._strips[index] = strip
        return strip

    def _render_empty(self, y: int, width: int, base: Style, message: str) -> Strip:
        if y != self.scrollable_content_region.height // 2:
            return Strip.blank(width, base)
        style = base + self.get_component_rich_style("reader--empty", partial=True)
        indent = max(0, (width - cell_len(message)) // 2)
        segments = [Segment(" " * indent, base), Segment(message, style)]
        return Strip(segments).crop_extend(0, width, base)

    def _render_row(self, index: int, width: int, base: Style) -> Strip:
        """One wrapped row: cursor column, facet letters, a space, the text,
        padded with the widget's own style to the full width."""
        paragraph, start, end = self._lines[index]
        text = Text(self._text[start:end], style=base, end="", no_wrap=True)
        row = Gutter()
        gutter_cues: set[str] = set()
        if paragraph != BLANK_LINE and self._doc is not None:
            sentences, order = self._doc.sentences, self._sentences.order
            overlapping = [order[k] for k in self._sentences.overlapping(start, end)]
            row = style_sentences(
                text,
                start,
                end,
                sentences,
                overlapping,
                enabled=self._enabled,
                cursor=self._cursor_sentence,
                facet_styles=self._facet_styles,
                boilerplate=self.get_component_rich_style("reader--boilerplate", partial=True),
            )
            if self._lens:
                gutter_cues = style_cues(text, start, end, sentences, overlapping, self._cue_styles)
            jumps = self._match_jumps
            style_matches(
                text,
                start,
                end,
                self._matches,
                None if jumps.current is None else jumps.starts[jumps.current],
                match=self.get_component_rich_style("reader--match", partial=True),
                # Reversed: the theme's warning colour is the background, and must read too.
                current=readable_style(
                    self.get_component_rich_style("reader--current-match", partial=True)
                ),
            )
        blank = Segment(" ", base)
        if row.on_cursor:
            cursor = base + readable_style(
                self.get_component_rich_style("reader--cursor", partial=True)
            )
            segments = [Segment(CURSOR_GLYPH, cursor)]
        elif row.note:
            note = base + readable_style(
                self.get_component_rich_style("reader--note", partial=True)
            )
            segments = [Segment(NOTE_GLYPH, note)]
        else:
            segments = [blank]
        for facet in self._facets:
            if facet.name in row.facets:
                style = base + self._facet_styles[facet.name] + _BOLD
                letter = facet.letter[:1] or "?"
                if facet.name in row.added:
                    letter, style = letter.lower(), style + _UNDERLINE
                segments.append(Segment(letter, style))
            elif facet.name in row.removed:
                removed = base + self.get_component_rich_style("reader--removed", partial=True)
                segments.append(Segment(REMOVED_GLYPH, removed))
            else:
                segments.append(blank)
        if self._lens and self._cues:
            segments.append(blank)
            for cue in self._cues:
                if cue.name in gutter_cues:
                    style = base + self._cue_styles[cue.name] + _BOLD
                    segments.append(Segment(cue.glyph[:1] or "?", style))
                else:
                    segments.append(blank)
        segments.append(blank)
        # Rich leaves the text's own style to the caller: apply it, or rows
        # without spans would show the terminal's background.
        segments.extend(Segment.apply_style(text.render(self.app.console), base))
        used = self._gutter_width + cell_len(text.plain)
        if used < width:
            segments.append(Segment(" " * (width - used), base))
            return Strip(segments, width)
        return Strip(segments).crop_extend(0, width, base)
