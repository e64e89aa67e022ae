"""What a library keeps besides its index, brought up to date after each refresh: the
saved lists a start reads instead of the index, the freshness record, and the warnings
(each refresh's findings in place of the last one's)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kread.index.engine import freshness, listing
from kread.index.engine.store import Store
from kread.index.models import DocumentInfo, Facet

if TYPE_CHECKING:
    # Refreshing is imported when first used (see `Library`): only its outcome's type here.
    from kread.index.engine.refresh import RefreshOutcome


class RefreshWarnings:
    """A library's warnings (``shown``, the list it hands out), where what each refresh
    found, and what the store noticed since, replace what the last refresh found."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self.shown: list[str] = list(store.notices)
        # What the last refresh found (unreadable files, ...): the next one replaces them.
        self._found: set[str] = set()
        self._notices_seen = len(store.notices)

    def noticed_opening(self, notices: list[str]) -> None:
        """What opening the index noticed, shown now: the next refresh does not repeat it."""
        self.shown.extend(notices)
        self._notices_seen = len(self._store.notices)

    def replace(self, found: Sequence[str]) -> None:
        """The warnings with what this refresh found (and the store noticed since the
        last) in place of what the last one did, each once."""
        noticed = self._store.notices[self._notices_seen :]
        self._notices_seen = len(self._store.notices)
        kept = [w for w in dict.fromkeys(self.shown) if w not in self._found]
        fresh = [w for w in dict.fromkeys([*noticed, *found]) if w not in kept]
        self.shown[:] = kept + fresh
        self._found = set(fresh)

    def failed(self, error: Exception) -> None:
        """A refresh that could not run: callers show ``error``; the next refresh takes it
        back."""
        self.replace(())
        self._found.add(str(error))


def save_lists(
    store: Store,
    outcome: RefreshOutcome,
    generation: int,
    topics_key: str,
    facets: Sequence[Facet],
    documents: Callable[[], list[DocumentInfo]],
    summaries: Callable[[], list[dict]],
) -> None:
    """Save the head of the list and the whole list (`listing`) where the refresh wrote
    or they are missing or stale, then end the store's update if it wrote."""
    wrote = outcome.summaries is not None
    folder = store.folder
    if folder is not None:
        if wrote or not (folder / listing.LISTING_NAME).exists():
            listing.write_listing(folder, topics_key, facets, documents())
        if wrote or listing.whole_list_generation(folder) != generation:
            whole = outcome.summaries or {s["id"]: s for s in summaries()}
            listing.write_whole_list(folder, generation, list(whole.values()))
    if wrote:
        store.end_update()


def save_freshness(
    folder: Path,
    outcome: RefreshOutcome,
    generation: int,
    facets: tuple[Facet, ...],
    taxonomy_warning: str | None,
) -> None:
    """Record what the refresh saw, so that a start that finds nothing changed opens the
    library without reading it, with the warnings it would have given again."""
    again = [taxonomy_warning] if taxonomy_warning else []
    skipped = list(outcome.report.skipped)
    freshness.save(folder, outcome.inputs, generation, facets, again + skipped)
