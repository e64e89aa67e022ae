"""The taxonomy in force: a user's topics file, or, while an edit has broken it, the last
version of it that loaded, so a typo is reported without changing every facet."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from kread.index import locations
from kread.index.errors import TaxonomyError
from kread.index.facets.taxonomy import Taxonomy, load_taxonomy, user_taxonomy_path


def load_in_force(topics: str | Path | None) -> tuple[Taxonomy, Path | None, str | None]:
    """The taxonomy for ``--topics`` (None: the default with the user's own file, if any),
    the file it was loaded from (for `load_taxonomy`), and a warning when a broken file
    was passed over for its last good version.

    A file seen to load before is not checked again (its queries compile when first
    used); a new or edited one is checked in full, and kept as the last good version
    when it passes."""
    user_file = Path(topics).expanduser() if topics is not None else user_taxonomy_path()
    given = Path(topics).expanduser() if topics is not None else None
    if given is None and not user_file.is_file():
        return load_taxonomy(None, check=False), None, None
    try:
        content = user_file.read_bytes()
    except OSError:
        return load_taxonomy(given, check=True), given, None  # says what is wrong with it
    kept = _kept_copy(user_file)
    if _read(kept) == content:
        return load_taxonomy(given, check=False), given, None
    try:
        taxonomy = load_taxonomy(given, check=True)
    except TaxonomyError as error:
        if _read(kept) is None:
            raise
        warning = f"{error} (kread uses the last version of this file that loaded until then)"
        return load_taxonomy(kept, check=False), kept, warning
    _keep(kept, content)
    return taxonomy, given, None


def _kept_copy(user_file: Path) -> Path:
    key = hashlib.sha256(str(user_file.resolve()).encode("utf-8", "surrogateescape"))
    return locations.cache_root() / "topics" / f"{key.hexdigest()[:16]}.yaml"


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _keep(path: Path, content: bytes) -> None:
    """Save atomically; an unwritable cache only means there is no fallback."""
    partial = path.with_suffix(".partial")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial.write_bytes(content)
        os.replace(partial, path)
    except OSError:
        partial.unlink(missing_ok=True)
