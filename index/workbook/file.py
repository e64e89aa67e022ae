"""The workbook's file: read forgivingly, changed under a lock (re-read, change, write,
so two kread processes do not lose each other's work) and written atomically (a temporary
file, fsync, rename, fsync of the folder), with a backup before anything replaces a file
kread could not read in full."""

from __future__ import annotations

import copy
import json
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from kread.index.errors import KreadError
from kread.index.reading.sanitize import sanitize
from kread.index.workbook.contents import Contents, Damaged, from_json, to_json

T = TypeVar("T")

# Another kread saving the same workbook holds the lock for milliseconds.
LOCK_WAIT_SECONDS = 10.0


class WorkbookError(KreadError):
    """The reader's work could not be saved; the message says where and why."""


class WorkbookFile:
    """One corpus's workbook on disk."""

    def __init__(self, path: Path, corpus: str) -> None:
        self.path = path
        self.corpus = corpus
        self.warning: str | None = None  # one line: what could not be read, and what kread does
        self.generation = 0  # changes whenever the contents do (for what is derived from them)
        self._contents = Contents()
        self._stamp: tuple[int, int, int] | None = None
        self._damaged = False  # the file could not be read at all: back it up, start afresh
        self._refuse: str | None = None  # why the file must not be replaced (newer, unreadable)
        self._needs_backup = False  # the file as read had something kread could not read
        self._lock = threading.RLock()

    @property
    def label(self) -> str:
        return sanitize(str(self.path))

    # -- reading -------------------------------------------------------------
    def contents(self) -> Contents:
        """The contents as the file holds them now (read again if it changed)."""
        with self._lock:
            stamp = self._stat()
            if stamp != self._stamp:
                self._load(stamp)
            return self._contents

    def _stat(self) -> tuple[int, int, int] | None:
        try:
            info = self.path.stat()
        except FileNotFoundError:
            return None
        except OSError:
            return (-1, -1, -1)  # unreadable: `_load` says so
        return (info.st_mtime_ns, info.st_size, info.st_ino)

    def _load(self, stamp: tuple[int, int, int] | None) -> None:
        self._stamp = stamp
        self.generation += 1
        self._damaged, self._refuse, self.warning = False, None, None
        self._needs_backup = False
        self._contents = Contents()
        if stamp is None:
            return
        try:
            raw = self.path.read_bytes()
        except OSError as error:
            self._refuse = f"it cannot be read ({error.strerror or error})"
            self.warning = (
                f"{self.label}: your notes and corrections cannot be read: {self._refuse}"
            )
            return
        try:
            self._contents = from_json(json.loads(raw.decode("utf-8")))
        except (UnicodeDecodeError, json.JSONDecodeError, Damaged) as error:
            reason = _reason(error)
            if isinstance(error, Damaged) and "newer" in str(error):
                self._refuse = reason
                self.warning = (
                    f"{self.label}: {reason}; kread shows and saves none of your work in it "
                    "until a newer kread is used"
                )
                return
            self._damaged = self._needs_backup = True
            self.warning = (
                f"{self.label} cannot be read ({reason}); it is left as it is, and kept "
                "as a .bak copy beside it before kread saves anything new"
            )
            return
        problems = self._contents.problems
        if problems:
            self._needs_backup = True
            more = f" and {len(problems) - 1} more" if len(problems) > 1 else ""
            self.warning = (
                f"{self.label}: {problems[0]}{more}; kept as written (not used), with a "
                ".bak copy of the file before kread saves anything new"
            )

    # -- changing ------------------------------------------------------------
    def update(self, change: Callable[[Contents], T]) -> T:
        """Apply ``change`` to the file's contents as they are now and save them: under
        the file's lock, so a change another process saved meanwhile is kept."""
        with self._lock, self._file_lock():
            # A copy: readers in other threads keep the contents as they were until the
            # new ones are saved, and a change that fails leaves nothing half done.
            contents = copy.deepcopy(self.contents())
            if self._refuse:
                raise WorkbookError(
                    f"{self.label}: {self._refuse}; your change was not saved (move the file "
                    "away or use a newer kread)"
                )
            if self._needs_backup:
                self._back_up()
            if self._damaged:
                contents = Contents()
            result = change(contents)
            self._write(contents)
            return result

    @contextmanager
    def _file_lock(self) -> Iterator[None]:
        import fcntl

        self._make_folder()
        lock_path = self.path.with_name(self.path.name + ".lock")
        try:
            handle = open(lock_path, "a+b")  # noqa: SIM115 - held until the change is saved
        except OSError as error:
            raise self._save_error(error) from error
        with handle:
            deadline = time.monotonic() + LOCK_WAIT_SECONDS
            while True:
                try:
                    fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise WorkbookError(
                            f"{self.label}: another kread is saving to it; try again"
                        ) from None
                    time.sleep(0.02)
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

    def _make_folder(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise self._save_error(error) from error

    def _back_up(self) -> None:
        """A copy of the file as it was read, beside it: once, before kread first
        replaces it (the entries it could not read are written back as they were)."""
        when = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        backup = self.path.with_name(f"{self.path.name}.bak-{when}")
        number = 1
        while backup.exists():
            number += 1
            backup = self.path.with_name(f"{self.path.name}.bak-{when}-{number}")
        try:
            shutil.copyfile(self.path, backup)
            with open(backup, "rb") as copy:
                os.fsync(copy.fileno())
        except OSError as error:
            raise self._save_error(error) from error
        self._needs_backup = False
        self.warning = (
            f"{self.label} could not be read in full: it was kept as {sanitize(str(backup))}"
        )

    def _write(self, contents: Contents) -> None:
        data = json.dumps(to_json(contents, self.corpus), ensure_ascii=False, indent=2) + "\n"
        try:
            write_atomically(self.path, data.encode("utf-8"))
        except OSError as error:
            raise self._save_error(error) from error
        # What was written is what the file holds now: no need to read it back.
        self._stamp = self._stat()
        self._contents, self._damaged = contents, False
        self.generation += 1

    def _save_error(self, error: OSError) -> WorkbookError:
        why = error.strerror or str(error)
        return WorkbookError(f"could not save your work to {self.label}: {why}; it was not saved")


def write_atomically(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so that a crash at any moment leaves either the old
    file or the new one, whole: a temporary file beside it, fsync, rename, fsync the folder."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(temporary)
        raise
    with suppress(OSError):  # some file systems cannot fsync a folder; the rename stands
        folder = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)


def _reason(error: Exception) -> str:
    if isinstance(error, json.JSONDecodeError):
        return f"not valid JSON at line {error.lineno}, column {error.colno}: {error.msg}"
    if isinstance(error, UnicodeDecodeError):
        return "not UTF-8 text"
    return str(error)
