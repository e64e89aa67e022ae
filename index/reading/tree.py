"""The one walk of a corpus folder: what the scan reads and what freshness checks.

Only `os`: the freshness check runs on every start and must stay cheap to import.
"""

from __future__ import annotations

import os
from collections.abc import Iterator


def walk_tree(root: str) -> Iterator[tuple[str, os.DirEntry | None, OSError | None]]:
    """(folder, entry, error) for every visible entry under ``root``, in name order,
    depth first: ``(folder, None, None)`` as each folder is listed, ``(folder, None,
    error)`` for one that cannot be listed, ``(folder, entry, None)`` for each entry that
    is not a folder (links included), ``(folder, entry, error)`` for one gone since the
    listing. Hidden names are passed over; folders (not links to them) are walked in turn.
    """
    folders = [root]
    while folders:
        folder = folders.pop()
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError as error:
            yield folder, None, error
            continue
        yield folder, None, None
        subfolders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                real_folder = not entry.is_symlink() and entry.is_dir(follow_symlinks=False)
            except OSError as error:
                yield folder, entry, error
                continue
            if real_folder:
                subfolders.append(entry.path)
            else:
                yield folder, entry, None
        folders.extend(reversed(subfolders))
