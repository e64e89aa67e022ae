"""The main screen's part that copies sentences with their citation and exports the
quotes kept: `y`/`Y` copy through the terminal, and "Export quotes" writes every quote
kept for the corpus to a Markdown file."""

from __future__ import annotations

from datetime import datetime

from textual import work

from kread.tui import quote
from kread.tui.messages import QuotesExported
from kread.tui.screens.library_work import SentenceWorkMixin
from kread.tui.widgets.reader import Reader


class QuotesMixin(SentenceWorkMixin):
    """Mixed into `LibraryScreen` (a Textual screen): built on `SentenceWorkMixin`, whose
    save keeps each copied sentence for the export."""

    def action_copy(self, shown: bool = False) -> None:
        """Copy the cursor's sentence (``shown``: every sentence the filter view shows)
        with its citation, through the terminal (OSC 52)."""
        reader = self.query_one(Reader)
        doc, current = reader.document, reader.current_sentence
        if doc is None or current is None:
            self.notify("Open a document first: Enter on the list.", timeout=2)
            return
        if shown and not reader.filtered:
            self.notify("Y copies the sentences the filter shows: f filters first.", timeout=3)
            return
        indexes = reader.shown_sentences if shown else [current]
        if not indexes:
            self.notify("The filter shows no sentence to copy.", timeout=2)
            return
        self.app.copy_to_clipboard(quote.clipboard_text(doc, indexes))
        if self.library is not None:  # kept with the reader's work, for "Export quotes"
            self._save_work(doc.id, indexes[0], {}, None, quoted=indexes)
        if len(indexes) == 1:
            what = f"sentence {indexes[0] + 1} of {doc.id} with its citation"
        else:
            what = f"{len(indexes)} sentences of {doc.id} with their citation"
        self.notify(f"Copied {what}", timeout=3, markup=False)

    def action_export_quotes(self) -> None:
        if self.library is not None:
            self._export_quotes()

    @work(thread=True, exit_on_error=False, group="quotes", name="export the quotes")
    def _export_quotes(self) -> None:
        """Write every quote kept for this corpus to a new Markdown file in the data
        directory, atomically (after the quotes being saved)."""
        from kread.index.locations import data_root
        from kread.index.workbook.file import write_atomically

        assert self.library is not None
        with self._save_lock:
            documents = self.library.quoted()
        count = quote.count(documents)
        if not count:
            self.post_message(QuotesExported("", 0))
            return
        text = quote.markdown(documents, datetime.now())
        folder = data_root() / "quotes"
        path = folder / f"quotes-{datetime.now():%Y%m%d-%H%M%S}.md"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            write_atomically(path, text.encode("utf-8"))
        except OSError as error:
            reason = error.strerror or str(error)
            self.post_message(QuotesExported(str(path), count, reason))
            return
        self.post_message(QuotesExported(str(path), count))

    def on_quotes_exported(self, message: QuotesExported) -> None:
        if not message.count:
            self.notify(
                "Nothing quoted yet: y copies the cursor's sentence, and every sentence "
                "copied is kept for the export.",
                timeout=4,
            )
            return
        if message.error:
            text = f"Could not write the quotes to {message.path}: {message.error}"
            self.notify(text, severity="error", timeout=8, markup=False)
            return
        noun = "sentence" if message.count == 1 else "sentences"
        text = f"Wrote {message.count} quoted {noun} with citations to {message.path}"
        self.notify(text, timeout=8, markup=False)
