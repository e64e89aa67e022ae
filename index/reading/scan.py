"""Finding a corpus folder's document files: what counts as one, and which are skipped and why.

Reads no file's content; `corpus` reads what this finds.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from kread.index.errors import CorpusError
from kread.index.reading import limits
from kread.index.reading.file_bytes import file_label, too_large
from kread.index.reading.sanitize import safe_name
from kread.index.reading.tree import walk_tree

__all__ = ["HTML_SUFFIXES", "MARKDOWN_SUFFIXES", "SUFFIXES", "TEXT_SUFFIXES", "SourceFile", "scan"]

TEXT_SUFFIXES = frozenset({".txt"})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
SUFFIXES = TEXT_SUFFIXES | MARKDOWN_SUFFIXES | HTML_SUFFIXES


@dataclass(frozen=True)
class SourceFile:
    """A document file found by `scan`, not yet read."""

    # The file name without extension, relative to the root, "/" between folders; a control or
    # invisible character in it written as an escape (`safe_name`).
    id: str
    # Absolute. A string: a scan of 50,000 files spent a third of its time making Paths.
    location: str | os.PathLike[str]
    size: int
    mtime_ns: int

    @property
    def path(self) -> Path:
        return Path(self.location)

    @property
    def name(self) -> str:
        """The file's name relative to the corpus root, as catalog.yaml keys it."""
        return self.id + os.path.splitext(self.location)[1]


def scan(root: Path, max_bytes: int | None = None) -> tuple[list[SourceFile], list[str]]:
    """The document files under ``root``, sorted by name, and one warning per file skipped.

    Skipped: hidden files and folders; files over the size limit (``max_bytes``, else
    `limits.max_file_bytes`); FIFOs, sockets and devices; links that lead out of the corpus,
    loop or lead nowhere. A link to a folder inside the corpus is passed over quietly: its
    files are found through the real folder. Folders are walked without recursion, so any
    depth is fine; a file or folder removed during the scan is reported as such."""
    limit = limits.max_file_bytes(max_bytes)
    root = Path(root).expanduser()
    if not root.exists():
        raise CorpusError(
            f"corpus folder {file_label(str(root))} does not exist; "
            "give a folder of .txt, .md or .html files"
        )
    if not root.is_dir():
        raise CorpusError(
            f"{file_label(str(root))} is not a folder; give a folder of .txt, .md or .html files"
        )
    base = root.resolve()
    found, warnings = _walk(base)

    files: list[SourceFile] = []
    first_by_id: dict[str, str] = {}
    for rel, entry in sorted(found, key=lambda item: item[0]):
        try:
            info = entry.stat()  # follows a link to a file inside the corpus
        except FileNotFoundError:
            warnings.append(f"skipped {file_label(rel)}: removed during the scan")
            continue
        except OSError as error:
            warnings.append(f"skipped {file_label(rel)}: cannot read it ({error.strerror})")
            continue
        if not stat.S_ISREG(info.st_mode):
            # FIFOs, sockets and devices would block or never end.
            warnings.append(f"skipped {file_label(rel)}: not a regular file")
            continue
        if info.st_size > limit:
            warnings.append(f"skipped {file_label(rel)}: {too_large(limit)}")
            continue
        # The id is shown and typed: a control or invisible character in the name is escaped.
        doc_id = safe_name(os.path.splitext(rel)[0])
        if doc_id in first_by_id:
            warnings.append(
                f"skipped {file_label(rel)}: same name as {file_label(first_by_id[doc_id])}; "
                "rename one of them"
            )
            continue
        first_by_id[doc_id] = rel
        files.append(SourceFile(doc_id, entry.path, info.st_size, info.st_mtime_ns))
    return files, warnings


def _walk(base: Path) -> tuple[list[tuple[str, os.DirEntry]], list[str]]:
    """(name relative to ``base``, directory entry) of every document file under ``base``,
    and a warning for each folder that cannot be read and each link that is not followed.

    Plain strings, not `Path` objects, for every entry: at 10,000 files the paths cost
    more than the listing itself."""
    found: list[tuple[str, os.DirEntry]] = []
    warnings: list[str] = []
    cut = len(os.path.join(str(base), ""))  # entry paths begin with the base and a slash
    for folder, entry, error in walk_tree(str(base)):
        if entry is None:
            if error:
                warnings.append(_folder_warning(base, Path(folder), error))
            continue
        if error:  # removed since the folder was listed
            continue
        rel = entry.path[cut:].replace(os.sep, "/")
        document = os.path.splitext(entry.name)[1].lower() in SUFFIXES
        if entry.is_symlink():
            path = Path(entry.path)
            problem = _link_problem(base, path, document)
            if problem:
                warnings.append(f"skipped {file_label(rel)}: {problem}")
            elif document and not path.is_dir():
                found.append((rel, entry))
        elif document:
            found.append((rel, entry))
    return found, warnings


def _link_problem(base: Path, link: Path, document: bool) -> str | None:
    """Why a link is not followed, or None: one to a file inside the corpus is read as that
    file; one to a folder inside is passed over quietly, and so is any link that does not
    look like a document or a folder."""
    try:
        target = link.resolve(strict=True)
    except FileNotFoundError:
        return "a link to a file that does not exist" if document else None
    except (OSError, RuntimeError):  # ELOOP (RuntimeError before Python 3.13)
        return "a link that loops back on itself; remove it"
    if target.is_relative_to(base):
        return None
    if target.is_dir():
        return "a link to a folder outside the corpus; copy the files in instead"
    if document:
        return "a link to a file outside the corpus; copy the file in instead"
    return None


def _folder_warning(base: Path, folder: Path, error: OSError) -> str:
    name = folder.relative_to(base).as_posix() if folder != base else str(base)
    if isinstance(error, FileNotFoundError):
        return f"skipped {file_label(name)}: removed during the scan"
    hint = "; check its permissions" if isinstance(error, PermissionError) else ""
    return f"skipped {file_label(name)}: cannot read the folder ({error.strerror}){hint}"
