"""Parsed topics and items queries, kept on disk between processes.

Whoosh's query parser is nine tenths of compiling a taxonomy (about 1.3 s of 1.6 s for
kread's own topics and appraisal items), and every process that builds an index pays it:
``kread index``, each worker process, a reader whose folder changed. A parse depends only
on the query's text and the parser, so each text's parse is kept, pickled and
compressed, in the cache folder, in a file named by a digest of the code that defines the
parser and of the Whoosh and Python versions: a change to any of them starts a new file
(and the old one goes). The file is only a shortcut: one that is missing, damaged or
written by another version is parsed afresh.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import sys
import threading
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kread.index import locations

# The modules whose code decides what a query text parses to.
_PARSER_CODE = (
    Path(__file__).with_name("query_compiler.py"),
    Path(__file__).with_name("operators.py"),
    Path(__file__).parent.parent / "engine" / "phrases.py",
    Path(__file__).parent.parent / "engine" / "analysis.py",
)
# A file past this many texts (a topics file edited very often) starts over.
MAX_TEXTS = 5000
# The file is written only while this much is free besides: on a nearly full disk the
# space is the index's.
SPARE_SPACE = 64 * 2**20
_PREFIX = "parsed-queries-"

_lock = threading.Lock()
_kept: dict[str, bytes] | None = None
_file: Path | None = None
_added = False


def parsed(text: str, parse: Callable[[str], Any]) -> Any:
    """``parse(text)``, from the file when it was parsed before (a fresh copy each
    time: callers may change what they get)."""
    kept = _load()
    raw = kept.get(text)
    if raw is not None:
        try:
            return pickle.loads(raw)
        except Exception:  # a damaged entry is parsed again
            pass
    query = parse(text)  # a text that fails to parse raises here and is not kept
    global _added
    with _lock:
        if len(kept) >= MAX_TEXTS:
            kept.clear()
        kept[text] = pickle.dumps(query, protocol=pickle.HIGHEST_PROTOCOL)
        _added = True
    return query


def save() -> None:
    """Write what was parsed since the last save (once a whole file of queries is
    compiled), atomically; a failure only costs later processes the shortcut."""
    global _added
    with _lock:
        if not _added or _kept is None or _file is None:
            return
        _added = False
        data = zlib.compress(pickle.dumps(_kept, protocol=pickle.HIGHEST_PROTOCOL), 1)
        partial = _file.with_name(f".{_file.name}.{os.getpid()}.{threading.get_ident()}")
        try:
            _file.parent.mkdir(parents=True, exist_ok=True)
            if shutil.disk_usage(_file.parent).free < SPARE_SPACE + len(data):
                return  # the space is the index's: a shortcut is not worth it
            partial.write_bytes(data)
            os.replace(partial, _file)
            for other in _file.parent.glob(f"{_PREFIX}*.pickle"):  # older kread code's
                if other != _file:
                    other.unlink(missing_ok=True)
        except OSError:
            partial.unlink(missing_ok=True)


def _load() -> dict[str, bytes]:
    global _kept, _file
    with _lock:
        if _kept is None:
            _file = locations.cache_root() / f"{_PREFIX}{_fingerprint()}.pickle"
            try:
                data = pickle.loads(zlib.decompress(_file.read_bytes()))
                _kept = data if isinstance(data, dict) else {}
            except Exception:  # missing, damaged or not ours: start afresh
                _kept = {}
        return _kept


def _fingerprint() -> str:
    import whoosh

    digest = hashlib.sha256(repr((whoosh.versionstring(), sys.version_info[:2])).encode())
    for path in _PARSER_CODE:
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"missing")
    return digest.hexdigest()[:16]
