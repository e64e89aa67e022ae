"""Opening a corpus's index: finding its store, telling from the saved freshness record
whether anything changed since the last refresh, and opening an unchanged index only
when it is first needed (the saved list answers for the documents until then).

`Library.open` puts these together; what the library keeps of them is its own business.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from kread.index.document_ids import corpus_label
from kread.index.engine import freshness, listing
from kread.index.engine.store import Store
from kread.index.errors import CorpusError
from kread.index.locations import corpus_root
from kread.index.models import Facet

if TYPE_CHECKING:
    from kread.index.facets.taxonomy import Taxonomy

# How long a command waits for another kread process's update before it reads the
# index as it was; `kread index` and the reader wait longer.
READ_WAIT_SECONDS = 2.0
UPDATE_WAIT_SECONDS = 600.0


def corpus_store(corpus: str | Path | None) -> Store:
    """The store of a corpus folder (the bundled articles when None), not yet opened;
    a `CorpusError` that says what to give when there is no such folder."""
    root = corpus_root(corpus)
    if not root.is_dir():
        what = "is not a folder" if root.exists() else "does not exist"
        raise CorpusError(
            f"{corpus_label(root)} {what}; give --corpus a folder of .txt, .md or .html files"
        )
    return Store(root.resolve(), open_now=False)


def open_with_taxonomy(
    store: Store, topics: str | Path | None
) -> tuple[Taxonomy, Path | None, str | None]:
    """Open the store and load the taxonomy in force (`load_in_force`): the taxonomy, the
    file worker processes load it from, and a warning if the topics file was passed over.
    The store is closed again if either fails."""
    from kread.index.facets.last_good import load_in_force

    try:
        store.open()
        return load_in_force(topics)
    except BaseException:
        store.close()
        raise


class Unchanged(NamedTuple):
    """What the last refresh left of an index nothing changed since: the taxonomy's
    facets, its warnings, the digest of its inputs, the index's generation, and the
    saved list of documents (None: not asked for, or not usable). A named tuple: cheaper
    to define than a dataclass, and defined on every start."""

    facets: tuple[Facet, ...]
    warnings: tuple[str, ...]
    inputs: str
    generation: int
    summaries: list[dict] | None


def unchanged_since_refresh(
    store: Store, topics: str | Path | None, limit: int, with_list: bool
) -> Unchanged | None:
    """`Unchanged`, if nothing the index depends on changed since it was last brought up
    to date (`freshness`): then neither its files nor its taxonomy need reading. With
    ``with_list``, the saved list of documents too."""
    if store.interrupted or store.folder is None:
        return None
    inputs = freshness.inputs_digest(store.corpus, topics, limit)
    generation = store.generation()
    fresh = freshness.unchanged(store.folder, inputs, generation)
    if fresh is None:
        return None
    summaries = listing.read_whole_list(store.folder, generation) if with_list else None
    return Unchanged(fresh.facets, fresh.warnings, inputs, generation, summaries)


class DeferredIndex:
    """The index of a library opened unchanged, not yet opened: the generation the saved
    list and freshness were for. Opened once, by whichever thread first needs it."""

    def __init__(self) -> None:
        self.generation: int | None = None
        self._lock = threading.Lock()

    @property
    def pending(self) -> bool:
        return self.generation is not None

    def open(self, store: Store, noticed: Callable[[list[str]], None]) -> bool:
        """Open the store if still pending, passing ``noticed`` what the store noticed
        while opening; whether the index is not the one the saved list was for (damaged
        and made afresh, or another process committed since), so needs a refresh."""
        with self._lock:
            if self.generation is None:
                return False
            seen = len(store.notices)
            store.open()
            # Made afresh, standing in for one that would not open, or committed since.
            stale = (
                len(store.notices) > seen or store.unopened or store.generation() != self.generation
            )
            noticed(store.notices[seen:])
            self.generation = None
        return stale
