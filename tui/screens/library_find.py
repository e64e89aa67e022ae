"""The main screen's part that finds in the article and filters it: the find bar under
the reader (typing into it, closing it with or without its hits) and the filter view
with its status line."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import Static

from kread.tui.messages import Settled
from kread.tui.widgets.find_bar import FindBar
from kread.tui.widgets.reader import Reader

if TYPE_CHECKING:
    from kread.index.library import Library


class FindAndFilterMixin:
    """Mixed into `LibraryScreen` (a Textual screen). The find bar's messages are handled
    by name (`on_find_bar_changed`): `@on` handlers register only on a Textual class."""

    library: Library | None
    enabled: set[str]
    cue_lens: bool

    def _init_find(self) -> None:
        # Where a find started: the text offset at the top, and the scroll to go back to.
        self._find_origin: tuple[int, float] = (0, 0.0)

    def _typing_find(self) -> bool:
        return self.focused is not None and isinstance(self.focused.parent, FindBar)

    def action_find(self) -> None:
        """Open the find bar under the reader; the keys typed after `/` go into it."""
        reader = self.query_one(Reader)
        if reader.document is None:
            self.notify("Open a document first: Enter on the list.", timeout=2)
            self.post_message(Settled())
            return
        self._find_origin = (reader.top_offset, reader.scroll_y)
        self.query_one(FindBar).open()
        self.call_after_refresh(self.post_message, Settled())

    def on_find_bar_changed(self, event: FindBar.Changed) -> None:
        position = self.query_one(Reader).find(event.text, self._find_origin[0])
        event.bar.show_count(position, event.text)

    def on_find_bar_closed(self, event: FindBar.Closed) -> None:
        reader = self.query_one(Reader)
        event.bar.close()
        if not event.keep:
            self._clear_find(reader)
            reader.scroll_to(y=self._find_origin[1], animate=False)
        elif reader.finding and not reader.hit_count:
            self._clear_find(reader)  # nothing found: n and N stay with the search
        reader.focus()
        self.call_after_refresh(self.post_message, Settled())  # the keys after Enter go on

    def _clear_find(self, reader: Reader) -> None:
        if reader.finding:
            reader.find("")

    def action_filter(self) -> None:
        reader = self.query_one(Reader)
        if reader.document is None:
            self.notify("Open a document first: Enter on the list.", timeout=2)
            return
        reader.set_filter(not reader.filtered)

    def _show_filter_status(self, filtered: tuple[int, int] | None) -> None:
        status = self.query_one("#filter-status", Static)
        status.display = filtered is not None
        if filtered is None or self.library is None:
            return
        names = [f.label.lower() for f in self.library.taxonomy.facets if f.name in self.enabled]
        if self.cue_lens and self.library.taxonomy.cues:
            names.append("cues")
        text = Text(f"Filtered: {filtered[0]} of {filtered[1]} sentences", style="bold")
        text.append(f" ({', '.join(names) or 'nothing switched on'})")
        text.append(" · Enter: paragraph · f: all", style="dim")
        status.update(text)
