"""The files of an index folder that are not Whoosh's segments: their names, the update
lock's ``flock``, the generation read from the names of the tables of contents, and what
is said when the index is damaged or cannot be written.

Nothing here imports Whoosh: a command can tell from the folder alone whether the index
changed since it last looked (`latest_generation`).
"""

from __future__ import annotations

import errno
import fcntl
import os
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kread.index.engine.freshness import FRESHNESS_NAME
from kread.index.engine.listing import LISTING_NAME, WHOLE_LIST_NAME
from kread.index.errors import IndexBusy

DOCS = "docs"  # the index's name in Whoosh's storage
UPDATE_LOCK = "update.lock"
PENDING = "update.pending"
# Files the store itself keeps in the folder besides Whoosh's own.
OWN_FILES = {UPDATE_LOCK, PENDING, LISTING_NAME, WHOLE_LIST_NAME, FRESHNESS_NAME}
# A table of contents (its number is the index's generation), and one Whoosh was writing
# (it renames it into place when whole).
TOC_NAME = re.compile(rf"^_{DOCS}_([0-9]+)\.toc$")
UNFINISHED_TOC = re.compile(rf"^_{DOCS}_[0-9]+\.toc\..+")


def latest_generation(folder: Path) -> int:
    """The generation of the index in ``folder`` as Whoosh counts it (the highest number
    of a table of contents there; -1 for none), from the file names alone."""
    try:
        names = os.listdir(folder)
    except OSError:
        return -1
    found = [int(m.group(1)) for m in map(TOC_NAME.match, names) if m]
    return max(found, default=-1)


def has_index(names: list[str]) -> bool:
    """Whether a folder holding ``names`` holds a table of contents."""
    return any(TOC_NAME.match(name) for name in names)


@contextmanager
def flocked(path: Path, wait: float, busy: str) -> Iterator[None]:
    """Hold an exclusive ``flock`` on ``path``, waiting up to ``wait`` seconds; else
    `IndexBusy` saying ``busy``. A descriptor of its own each time: flock excludes every
    other open of the file, in this process too; closing it releases the lock."""
    fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o644)
    try:
        deadline = time.monotonic() + wait
        while not try_flock(fd):
            if time.monotonic() >= deadline:
                raise IndexBusy(busy)
            time.sleep(0.1)
        yield
    finally:
        os.close(fd)


def try_flock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as error:
        if error.errno in (errno.EAGAIN, errno.EACCES):
            return False
        raise
    return True


def write_marker(path: Path) -> None:
    path.write_text(f"{os.getpid()}\n", encoding="ascii")


def damaged_notice(folder: Path | None, error: BaseException) -> str:
    return f"the index in {folder} was damaged ({type(error).__name__}); rebuilt it from the files"


def write_failed(folder: Path | None, error: OSError) -> str:
    reason = error.strerror or str(error) or type(error).__name__
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        remedy = "free some space, then run `kread index`"
    else:
        remedy = "check the folder, or set KREAD_CACHE_DIR to another, then run `kread index`"
    return (
        f"could not write the index in {folder} ({reason}); "
        f"the previous index still serves; {remedy}"
    )
