"""A file's bytes within the size limit, read without hanging on what is not a regular file;
and the file names and reasons that messages about files give."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from kread.index.reading import limits
from kread.index.reading.sanitize import safe_name

__all__ = ["Unreadable", "file_label", "read_limited", "too_large"]


def file_label(name: str) -> str:
    """A file name fit for a one-line message: controls and invisible characters escaped, as
    in ids (a newline as ``\\n``)."""
    return safe_name(name.replace("\n", "\\n"))


def too_large(limit: int) -> str:
    return (
        f"larger than {limits.describe(limit)}; split it, move it out of the folder "
        "or raise the limit (--max-file-size)"
    )


class Unreadable(Exception):
    """Why a file cannot be read, in words for the user."""


_CHUNK = 1 << 20


def read_limited(path: Path, limit: int) -> bytes:
    """A regular file's bytes, never more than ``limit`` of them in memory: `Unreadable` when
    it is gone, not a regular file, unreadable or larger (it may have grown since the scan)."""
    # O_NONBLOCK: a file swapped for a FIFO since the scan must not hang the open.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise Unreadable("removed before it could be read") from None
    except OSError as error:
        raise Unreadable(f"cannot open it ({error.strerror}); check that it is readable") from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):  # a FIFO or a folder put in its place
        os.close(fd)
        raise Unreadable("not a regular file")
    with open(fd, "rb", buffering=0) as handle:
        chunks: list[bytes] = []
        size = 0
        # The size at open as the first read, then chunks until the end or past the limit.
        want = min(info.st_size, limit) + 1
        try:
            while size <= limit:
                chunk = handle.read(want)
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
                want = min(_CHUNK, limit + 1 - size) if size <= limit else 0
        except OSError as error:
            raise Unreadable(f"cannot read it ({error.strerror})") from None
    if size > limit:
        raise Unreadable(too_large(limit))
    return b"".join(chunks)
