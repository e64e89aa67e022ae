"""What the last refresh of an index saw on disk, saved beside the index, so that opening
a library can tell from file stats alone that nothing changed since, without importing
(let alone running) what reads documents and taxonomies.

What it compares is a digest of the stats of every file and folder of the corpus (as
the scan walks them: hidden names left out, links followed to what they name), of the
topics file in force, of kread's own code that reads and classifies, and of the options
that decide what is read (the size limit, the taxonomy given). Any difference means
"changed" and the full refresh decides what, if anything, to read again: a change this
misses would be one the refresh's own stamps (size and modification time) miss too.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import NamedTuple

from kread.index import locations
from kread.index.models import Facet
from kread.index.reading.tree import walk_tree

FRESHNESS_NAME = "freshness.json"
# kread's code whose change may change what a refresh makes of the same files.
_CODE_FOLDERS = tuple(
    Path(__file__).resolve().parent.parent / part for part in ("reading", "facets", "engine")
)


class Freshness(NamedTuple):
    """What a refresh that found nothing to do would leave: the taxonomy's facets, and
    the warnings it would give again (files it cannot read, the topics file passed over).
    A named tuple: every command defines it as it starts, and a frozen dataclass takes
    several times as long to create."""

    facets: tuple[Facet, ...]
    warnings: tuple[str, ...]


def inputs_digest(corpus: Path, topics: str | Path | None, max_file_bytes: int) -> str:
    """A digest of everything a refresh of ``corpus`` reads or depends on, by stats."""
    digest = hashlib.sha256()

    def add(*parts: object) -> None:
        digest.update(repr(parts).encode("utf-8", "surrogateescape"))

    add(locations.topics_key(topics), max_file_bytes)
    topics_file = Path(topics).expanduser() if topics is not None else locations.user_topics_file()
    add("topics", *_stat(topics_file))
    for folder in _CODE_FOLDERS:
        for name in sorted(os.listdir(folder)):
            if name.endswith((".py", ".yaml")):
                add("code", name, *_stat(folder / name))
    _add_tree(corpus, add)
    return digest.hexdigest()


def _stat(path: str | os.PathLike[str]) -> tuple:
    try:
        info = os.stat(path)
    except OSError as error:
        return ("missing", error.errno)
    return (info.st_mode, info.st_size, info.st_mtime_ns)


def _add_tree(root: Path, add) -> None:
    """Each entry under ``root`` as the scan walks it: its name, where a link leads, and
    the stats of what it names."""
    for folder, entry, error in walk_tree(str(root)):
        if entry is None and error:
            add("unreadable", folder, error.errno)
        elif entry is None:
            add("folder", folder, *_stat(folder))
        elif error:
            add(entry.path, "gone", error.errno)
        else:
            try:
                link = os.readlink(entry.path) if entry.is_symlink() else None
            except OSError as gone:
                add(entry.path, "gone", gone.errno)
                continue
            add(entry.path, link, *_stat(entry.path))


def save(
    folder: Path, inputs: str, generation: int, facets: tuple[Facet, ...], warnings: list[str]
) -> None:
    """Record that the index at ``generation`` is up to date with ``inputs``; a failure
    only costs the next start its short cut."""
    data = {
        "inputs": inputs,
        "generation": generation,
        "facets": [f._asdict() for f in facets],
        "warnings": warnings,
    }
    partial = folder / f".{FRESHNESS_NAME}.partial"
    try:
        partial.write_text(json.dumps(data), encoding="ascii")
        os.replace(partial, folder / FRESHNESS_NAME)
    except OSError:
        partial.unlink(missing_ok=True)


def unchanged(folder: Path | None, inputs: str, generation: int) -> Freshness | None:
    """What the last refresh left, if the index is still at its ``generation`` and its
    inputs are still ``inputs``; else None."""
    if folder is None:
        return None
    try:
        data = json.loads((folder / FRESHNESS_NAME).read_text(encoding="ascii"))
        if data["inputs"] != inputs or data["generation"] != generation:
            return None
        return Freshness(
            facets=tuple(Facet(**f) for f in data["facets"]),
            warnings=tuple(data["warnings"]),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None
