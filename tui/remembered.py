"""What the reader remembers of a corpus between runs: the theme chosen in it, the
document last read and where, and the marked documents. One small JSON file per corpus
beside the reader's work, written whole or not at all; a damaged one is forgotten."""

from __future__ import annotations

import json
import threading
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from kread.index.locations import corpus_root, remembered_file
from kread.index.workbook.file import write_atomically

MAX_BYTES = 2**16


@dataclass
class Place:
    """The corpus as the reader left it."""

    theme: str | None = None
    # The settings file's theme when `theme` was chosen: a new one there wins again.
    settings_theme: str | None = None
    document: str | None = None
    start: int = 0  # the text offset at the top of the reader
    reading: bool = False  # in the reader, not on the list
    marked: list[str] = field(default_factory=list)

    def theme_for(self, settings_theme: str | None) -> str | None:
        """The theme to start with: the one chosen in kread, unless the settings file
        has named another since."""
        if self.theme is not None and self.settings_theme == settings_theme:
            return self.theme
        return settings_theme


class Remembered:
    """The place of one corpus, read at start and saved when it changes."""

    def __init__(self, corpus: str | Path | None) -> None:
        self.path = remembered_file(corpus_root(corpus))
        self._lock = threading.Lock()
        self.place = self._read()

    def _read(self) -> Place:
        try:
            if self.path.stat().st_size > MAX_BYTES:
                return Place()
            data = json.loads(self.path.read_bytes())
        except (OSError, ValueError):
            return Place()  # never written, or damaged: start afresh
        if not isinstance(data, dict):
            return Place()
        types = {
            "theme": str,
            "settings_theme": str,
            "document": str,
            "start": int,
            "reading": bool,
        }
        kept = {k: v for k, v in data.items() if k in types and isinstance(v, types[k])}
        marked = data.get("marked")
        if isinstance(marked, list):
            kept["marked"] = [m for m in marked if isinstance(m, str)]
        return Place(**kept)

    def save(self, **changes: object) -> None:
        """Change the place and write it; a failure to write is not the reader's problem
        (the place is a convenience), so it is dropped."""
        names = {f.name for f in fields(Place)}
        with self._lock:
            for name, value in changes.items():
                if name in names:
                    setattr(self.place, name, value)
            data = json.dumps(asdict(self.place), ensure_ascii=False).encode("utf-8")
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                write_atomically(self.path, data)
            except OSError:
                pass
