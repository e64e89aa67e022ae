"""The document list of an indexed corpus, saved beside its index: its head, so the
reader can show the first titles at once while the index itself is still opening; and
the whole of it, so `kread list` on an index that nothing changed answers without
opening the index (or importing Whoosh).

Only the head: a screen shows a few dozen entries, and the index gives the whole list
a moment later. Reading and laying out all of a large corpus's titles before the first
frame cost more than everything else the first frame does (at 10,000 documents ~90 ms,
at 50,000 half a second). The whole list is read only by a library opened unchanged, and
only when it belongs to the generation of the index in place (each commit makes a new one).
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from kread.index import locations
from kread.index.models import DocumentInfo, Facet, info_from_json, info_json

LISTING_NAME = "listing-head.json"  # listing.json held the whole list
WHOLE_LIST_NAME = "documents.json"
# More entries than the tallest terminal shows: each takes at least two rows.
HEAD_DOCUMENTS = 300


class Listing(NamedTuple):
    """The saved head of the list: a named tuple, as `freshness.Freshness` is."""

    facets: tuple[Facet, ...]
    documents: tuple[DocumentInfo, ...]  # the first `HEAD_DOCUMENTS` of the list
    total: int  # documents in the whole list


def _write_atomically(folder: Path, name: str, data: dict) -> None:
    """Write JSON to ``folder/name`` so readers see the old file or the new one; a failure
    only costs the next start its short cut."""
    partial = folder / f".{name}.partial"
    try:
        # ASCII: a path that is not UTF-8 (its bytes held as lone surrogates) is escaped.
        partial.write_text(json.dumps(data, separators=(",", ":")), encoding="ascii")
        os.replace(partial, folder / name)
    except OSError:
        partial.unlink(missing_ok=True)


def write_whole_list(folder: Path, generation: int, summaries: Sequence[dict]) -> None:
    """Save every document's summary (as `Store.summaries` gives them) for the index at
    ``generation``."""
    _write_atomically(folder, WHOLE_LIST_NAME, {"generation": generation, "documents": summaries})


def whole_list_generation(folder: Path) -> int | None:
    """The generation the saved whole list belongs to, without reading the list."""
    try:
        with open(folder / WHOLE_LIST_NAME, encoding="ascii") as file:
            head = file.read(40)
        return int(head.split(",", 1)[0].split(":", 1)[1])
    except (OSError, ValueError, IndexError):
        return None


def read_whole_list(folder: Path, generation: int) -> list[dict] | None:
    """Every document's summary as saved for the index at ``generation``; None when the
    saved list is missing, unreadable or of another generation."""
    try:
        data = json.loads((folder / WHOLE_LIST_NAME).read_text(encoding="ascii"))
        if data["generation"] != generation or not isinstance(data["documents"], list):
            return None
        return data["documents"]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_listing(
    folder: Path, topics_key: str, facets: Sequence[Facet], documents: Sequence[DocumentInfo]
) -> None:
    """Save the head of the list; a failure only costs the next start its head start."""
    data = {
        "topics": topics_key,
        "facets": [f._asdict() for f in facets],
        "total": len(documents),
        "documents": [info_json(d) for d in documents[:HEAD_DOCUMENTS]],
    }
    _write_atomically(folder, LISTING_NAME, data)


def read_listing(corpus: str | Path | None, topics: str | Path | None) -> Listing | None:
    """The saved head of the list for this corpus and taxonomy, or None when there is
    none that fits."""
    try:
        folder = locations.index_folder(locations.corpus_root(corpus))
        data = json.loads((folder / LISTING_NAME).read_text(encoding="utf-8"))
        if data["topics"] != locations.topics_key(topics):
            return None
        return Listing(
            facets=tuple(Facet(**f) for f in data["facets"]),
            documents=tuple(info_from_json(d) for d in data["documents"]),
            total=data["total"],
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None  # missing, unreadable or from another version: the index will answer
