"""The reader's saved work on one corpus as the library uses it: the workbook, loaded
only once there is some (a command that only reads, with none, does not load its code),
and the document list with the reader's corrections counted in."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kread.index.errors import KreadError
from kread.index.locations import workbook_file
from kread.index.models import DocumentInfo
from kread.index.reading.sanitize import sanitize

if TYPE_CHECKING:
    from kread.index.facets.taxonomy import Taxonomy
    from kread.index.workbook.workbook import Workbook


class ReaderWork:
    """The workbook of the corpus at ``root``, made under ``lock`` when first asked for."""

    def __init__(self, root: Path, lock: threading.RLock) -> None:
        self.root = root
        self._lock = lock
        self._workbook: Workbook | None = None
        self._path: Path | None = None  # where it is kept, once asked
        # The list with the reader's corrections counted in, and what it was made from.
        # (the list it was made from, the workbook's generation, the list)
        self._corrected: tuple[list[DocumentInfo], int, list[DocumentInfo]] | None = None

    @property
    def workbook(self) -> Workbook:
        if self._workbook is None:
            from kread.index.workbook.workbook import Workbook

            with self._lock:
                if self._workbook is None:
                    self._workbook = Workbook(self._file(), str(self.root))
        return self._workbook

    def _file(self) -> Path:
        if self._path is None:
            self._path = workbook_file(self.root)
        return self._path

    def exists(self) -> bool:
        """Whether the reader has saved any work on this corpus."""
        return self._workbook is not None or self._file().exists()

    def warning(self) -> str | None:
        """What is wrong with the saved work (unreadable, ...), if any."""
        return self.workbook.warning if self.exists() else None

    def corrected(
        self, listed: list[DocumentInfo], counted: Callable[[DocumentInfo], DocumentInfo]
    ) -> list[DocumentInfo]:
        """``listed`` with each document the reader worked on ``counted`` again (its
        counts as the corrections make them); remade when either changes."""
        generation = self.workbook.generation
        made = self._corrected
        if made is None or made[0] is not listed or made[1] != generation:
            worked_on = {w.anchor.doc for w in self.workbook.file.contents().sentences}
            corrected = [counted(d) if d.id in worked_on else d for d in listed]
            self._corrected = made = (listed, generation, corrected)
        return list(made[2])


def mark_name(taxonomy: Taxonomy, name: str, cue: bool) -> str:
    """The facet (with ``cue``: cue) a correction names, as the taxonomy has it."""
    if not cue:
        return taxonomy.resolve(name)
    cues: Sequence[str] = [c.name for c in taxonomy.cues]  # a topics file may add its own
    if name not in cues:
        raise KreadError(f"no cue {sanitize(name)!r}; the cues are {', '.join(cues)}")
    return name
