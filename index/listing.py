"""The document list of an indexed corpus, saved beside its index, so the reader can
show the titles at once while the index itself is still opening."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from index import locations
from index.models import DocumentInfo, Facet

LISTING_NAME = "listing.json"


@dataclass(frozen=True)
class Listing:
    facets: tuple[Facet, ...]
    documents: tuple[DocumentInfo, ...]


def write_listing(
    folder: Path, topics_key: str, facets: Sequence[Facet], documents: Sequence[DocumentInfo]
) -> None:
    """Save the list; a failure only costs the next start its head start."""
    data = {
        "topics": topics_key,
        "facets": [asdict(f) for f in facets],
        # A document's fields as they are (asdict copies each value deeply: 10x slower).
        "documents": [vars(d) for d in documents],
    }
    partial = folder / f".{LISTING_NAME}.partial"
    try:
        # ASCII: a path that is not UTF-8 (its bytes held as lone surrogates) is escaped.
        partial.write_text(json.dumps(data), encoding="ascii")
        os.replace(partial, folder / LISTING_NAME)  # readers see the old list or the new one
    except OSError:
        partial.unlink(missing_ok=True)


def read_listing(corpus: str | Path | None, topics: str | Path | None) -> Listing | None:
    """The saved list for this corpus and taxonomy, or None when there is none that fits."""
    try:
        folder = locations.index_folder(locations.corpus_root(corpus))
        data = json.loads((folder / LISTING_NAME).read_text(encoding="utf-8"))
        if data["topics"] != locations.topics_key(topics):
            return None
        return Listing(
            facets=tuple(Facet(**f) for f in data["facets"]),
            documents=tuple(DocumentInfo(**d) for d in data["documents"]),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None  # missing, unreadable or from another version: the index will answer
