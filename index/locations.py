"""Where kread keeps things: the bundled articles, the index cache (one folder per corpus)
and the reader's own work (one file per corpus)."""

from __future__ import annotations

import hashlib
import os
import re
import sys
from pathlib import Path

BUNDLED_CORPUS = Path(__file__).resolve().parent.parent / "seeds"

# Raise when a schema or what is stored changes: a new version builds a new folder.
SCHEMA_VERSION = 7


def corpus_root(corpus: str | Path | None) -> Path:
    """The folder a ``--corpus`` argument names; the bundled articles for None."""
    return Path(corpus).expanduser() if corpus is not None else BUNDLED_CORPUS


def topics_key(topics: str | Path | None) -> str:
    """A ``--topics`` argument as a stable string (the absolute path, or "" for the default)."""
    return str(Path(topics).expanduser().resolve()) if topics is not None else ""


def user_topics_file() -> Path:
    """Where a user's own taxonomy is read from when no ``--topics`` file is given."""
    return user_folder("config") / "topics.yaml"


def cache_root() -> Path:
    """Where indexes live: ``$KREAD_CACHE_DIR`` or the user cache directory."""
    override = os.environ.get("KREAD_CACHE_DIR")
    return Path(override) if override else user_folder("cache")


def index_folder(corpus: Path, root: Path | None = None) -> Path:
    """One folder per corpus, keyed by its absolute path, with the schema version in its name."""
    return (root or cache_root()) / f"{_corpus_key(corpus)}-v{SCHEMA_VERSION}"


def _corpus_key(corpus: Path) -> str:
    """The corpus folder's name and a digest of its absolute path."""
    absolute = str(corpus.resolve())
    key = hashlib.sha256(absolute.encode("utf-8", "surrogateescape")).hexdigest()[:12]
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", corpus.resolve().name)[:40] or "corpus"
    return f"{name}-{key}"


def data_root() -> Path:
    """Where the reader's own work lives: ``$KREAD_DATA_DIR`` or the user data directory."""
    override = os.environ.get("KREAD_DATA_DIR")
    return Path(override) if override else user_folder("data")


def workbook_file(corpus: Path, root: Path | None = None) -> Path:
    """The reader's work on a corpus: one file per corpus, keyed as its index is, and
    without the schema version (a new index must find the same work)."""
    return (root or data_root()) / f"{_corpus_key(corpus)}.json"


def remembered_file(corpus: Path, root: Path | None = None) -> Path:
    """Where the reader left a corpus (theme, document, marks): keyed as its work is."""
    return (root or data_root()) / "places" / f"{_corpus_key(corpus)}.json"


# Linux's XDG base directories: the variable that names each, and the default under HOME.
_XDG_FOLDERS = {
    "cache": ("XDG_CACHE_HOME", "~/.cache"),
    "config": ("XDG_CONFIG_HOME", "~/.config"),
    "data": ("XDG_DATA_HOME", "~/.local/share"),
}


def user_folder(kind: str) -> Path:
    """kread's user folder of ``kind`` ("cache", "config" or "data"), as platformdirs
    gives it. Importing platformdirs takes longer than a third of a warm search's own
    work, so on Linux the plain XDG cases are read here; platformdirs decides the rest."""
    found = _xdg_folder(kind)
    if found is not None:
        return Path(found)
    import platformdirs

    lookup = {
        "cache": platformdirs.user_cache_dir,
        "config": platformdirs.user_config_dir,
        "data": platformdirs.user_data_dir,
    }[kind]
    return Path(lookup("kread"))


def _xdg_folder(kind: str) -> str | None:
    """The folder platformdirs gives on Linux: the XDG variable's absolute path, or when
    it is unset or empty the default under an absolute HOME. None where only platformdirs
    can tell: other systems, Android, a relative variable or HOME, no HOME."""
    android = hasattr(sys, "getandroidapilevel") or "ANDROID_ROOT" in os.environ
    if sys.platform != "linux" or android or "ANDROID_DATA" in os.environ:
        return None
    variable, default = _XDG_FOLDERS[kind]
    value = os.environ.get(variable, "")
    if value:
        return os.path.join(value, "kread") if value.startswith("/") else None
    if not os.environ.get("HOME", "").startswith("/"):
        return None
    return os.path.join(os.path.expanduser(default), "kread")
