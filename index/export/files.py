"""Writing an export: whole or not at all, and never over a file that is there unless asked."""

from __future__ import annotations

import os
import secrets
from contextlib import suppress
from pathlib import Path

from kread.index.errors import KreadError
from kread.index.reading.sanitize import safe_name


class ExportError(KreadError):
    """An export that cannot be written where it was asked to go (one line, exit 2)."""


def check_target(path: Path, force: bool) -> None:
    """Refuse at once a target that cannot be written, before any work is done."""
    shown = safe_name(str(path))
    if path.is_dir():
        raise ExportError(f"{shown} is a folder; give a file name with -o")
    if path.exists() and not force:
        raise ExportError(f"{shown} exists; give --force to replace it, or another name")
    if not path.parent.is_dir():
        raise ExportError(f"cannot write {shown}: there is no folder {safe_name(str(path.parent))}")


def write_export(path: Path, data: bytes, force: bool) -> None:
    """Put ``data`` at ``path``: a temporary file beside it, synced, then moved into place,
    so a failure at any moment leaves no partial file. Without ``force`` an existing file
    is never replaced, even one that appeared while the export was being made."""
    check_target(path, force)
    shown = safe_name(str(path))
    temporary = path.parent / f".{path.name}.{secrets.token_hex(6)}.tmp"
    try:
        # Made as any new file is (the umask decides who may read it), and only if new.
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as error:
        raise ExportError(f"cannot write {shown}: {error.strerror or error}") from None
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if force:
            os.replace(temporary, path)
        else:
            _link_new(Path(temporary), path)
    except FileExistsError:
        raise ExportError(f"{shown} exists; give --force to replace it, or another name") from None
    except OSError as error:
        raise ExportError(f"cannot write {shown}: {error.strerror or error}") from None
    finally:
        with suppress(OSError):
            os.unlink(temporary)


def _link_new(temporary: Path, path: Path) -> None:
    """Give the finished file its name only if that name is free (a hard link fails on an
    existing name, where a rename would replace it)."""
    try:
        os.link(temporary, path)
    except FileExistsError:
        raise
    except OSError:
        # A file system without hard links: check, then rename (a window, but a small one).
        if path.exists():
            raise FileExistsError(path) from None
        os.replace(temporary, path)
