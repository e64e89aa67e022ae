"""The main screen's part that opens the other screens: search, compare (two documents
or the matrix), the appraisal and the points, each handing its choice back to the
reader."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kread.index.document import Document
from kread.tui.messages import OpenDocument, Settled
from kread.tui.widgets.document_list import DocumentList
from kread.tui.widgets.reader import Reader

if TYPE_CHECKING:
    from kread.index.library import Library
    from kread.tui.screens.search import SearchChoice


class ScreenOpeningMixin:
    """Mixed into `LibraryScreen` (a Textual screen): its actions are found through the
    screen's class."""

    library: Library | None
    last_query: str

    if TYPE_CHECKING:  # the screen's own

        def _show(self, doc: Document, scroll_to: int | None = None) -> None: ...

    def action_search(self, where: str = "") -> None:
        if self.library is None:  # keys wait for the library: only a command gets here
            self.notify("The index is still being built.")
            self.post_message(Settled())
            return

        from kread.tui.screens.search import SearchScreen  # screens load when first opened

        def opened(choice: SearchChoice | None) -> None:
            if choice is not None:
                self.post_message(OpenDocument(choice.doc_id, choice.query))

        self.app.push_screen(SearchScreen(self.library, self.last_query), opened)

    def action_compare(self) -> None:
        """Three or more marked: the matrix; two: those two; else this one and a pick."""
        if not self._compare():
            self.post_message(Settled())  # no screen opens: the keys typed after c go on

    def _compare(self) -> bool:
        """Open the screen that compares; whether one opened."""
        from kread.tui.screens.compare import CompareScreen
        from kread.tui.screens.matrix import MatrixScreen
        from kread.tui.screens.pick import PickScreen

        if self.library is None:
            return False
        library = self.library
        doc_list = self.query_one(DocumentList)
        marked = list(doc_list.marked)
        current = self.query_one(Reader).document
        if len(marked) >= 3:
            self.app.push_screen(MatrixScreen(library, marked))
            return True
        if len(marked) == 2:
            self.app.push_screen(CompareScreen(library, *marked))
            return True
        if current is None:
            return False
        if marked and marked[0] != current.id:
            self.app.push_screen(CompareScreen(library, marked[0], current.id))
            return True
        others = [d for d in doc_list.documents if d.id != current.id]
        if not others:
            self.notify("There is no other document to compare with.")
            return False

        def picked(other: str | None) -> None:
            if other is not None:
                self.app.push_screen(CompareScreen(library, current.id, other))

        prompt = f"Compare “{current.title}” with:"
        self.app.push_screen(PickScreen(prompt, others, library.taxonomy.facets), picked)
        return True

    def action_appraise(self) -> None:
        """The appraisal of the document in the reader; Enter there comes back to the
        evidence sentence chosen."""
        reader = self.query_one(Reader)
        doc = reader.document
        if self.library is None or doc is None:
            self.notify("Open a document to appraise it.", timeout=2)
            self.post_message(Settled())
            return
        from kread.tui.screens.appraisal import AppraisalScreen

        def chosen(index: int | None) -> None:
            if index is not None and reader.document is doc:
                self._show(doc, doc.sentences[index].start)
                reader.focus()

        self.app.push_screen(AppraisalScreen(self.library, doc), chosen)

    def action_points(self) -> None:
        """The Points screen for the marked documents, or for every one."""
        if self.library is None:  # keys wait for the library: only a command gets here
            self.notify("The index is still being built.")
            self.post_message(Settled())
            return
        from kread.tui.screens.points import PointsScreen, SentenceChoice

        marked = list(self.query_one(DocumentList).marked)

        def opened(choice: SentenceChoice | None) -> None:
            if choice is not None:
                self.post_message(OpenDocument(choice.doc_id, start=choice.start))

        self.app.push_screen(PointsScreen(self.library, marked if len(marked) >= 2 else []), opened)
