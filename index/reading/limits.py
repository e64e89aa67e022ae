"""How much of a file kread reads: the size limit, given as ``--max-file-size``, as
``KREAD_MAX_FILE_SIZE`` or by default 20 MiB, and sizes written as ``500K``, ``20M``, ``1G``."""

from __future__ import annotations

import os
import re

from kread.index.errors import CorpusError

DEFAULT_MAX_FILE_BYTES = 20 * 2**20
MAX_FILE_SIZE_VARIABLE = "KREAD_MAX_FILE_SIZE"

_UNITS = {"": 1, "k": 2**10, "m": 2**20, "g": 2**30, "t": 2**40}
_SIZE = re.compile(r"(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?", re.IGNORECASE)


def parse_size(text: str) -> int:
    """Bytes in a size such as ``500K``, ``20M``, ``1.5G`` or ``1000000`` (K is 1024 bytes;
    ``KB``, ``KiB`` and lower case are the same). ValueError with a one-line reason."""
    match = _SIZE.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"{text.strip()[:40]!r} is not a size; write it like 500K, 20M or 1G")
    size = int(float(match.group(1)) * _UNITS[match.group(2).lower()])
    if size < 1:
        raise ValueError(f"{text.strip()!r} is no size at all; give 1 byte or more")
    return size


def max_file_bytes(given: int | None = None) -> int:
    """The size limit in force: ``given``, else ``KREAD_MAX_FILE_SIZE``, else 20 MiB."""
    if given is not None:
        if given < 1:
            raise CorpusError(f"a file size limit of {given} bytes; give 1 byte or more")
        return given
    value = os.environ.get(MAX_FILE_SIZE_VARIABLE, "").strip()
    if not value:
        return DEFAULT_MAX_FILE_BYTES
    try:
        return parse_size(value)
    except ValueError as error:
        raise CorpusError(f"{MAX_FILE_SIZE_VARIABLE}: {error}") from None


def describe(size: int) -> str:
    """A size for people: ``20 MiB``, ``500 KiB``, ``1.5 GiB``, ``100 bytes``."""
    for unit, factor in (("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if size >= factor:
            return f"{size / factor:.1f}".rstrip("0").rstrip(".") + f" {unit}"
    return f"{size} bytes"
