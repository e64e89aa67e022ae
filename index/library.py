"""`Library`: the single entry point to a corpus, used by the reader and the command line."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from kread.index.analyses import AnalysesMixin
from kread.index.document_ids import corpus_label, resolve_id
from kread.index.engine import after_refresh, freshness, opening
from kread.index.engine.guard import ReadGuard, guarded, suspect
from kread.index.engine.opening import READ_WAIT_SECONDS, UPDATE_WAIT_SECONDS
from kread.index.engine.records import decode_layout
from kread.index.engine.store import Store
from kread.index.errors import IndexUnavailable
from kread.index.locations import topics_key
from kread.index.models import DocumentInfo, Facet, Progress, info_from_json
from kread.index.reading import limits
from kread.index.search.library_api import SearchMixin
from kread.index.workbook.reader_api import ReaderWorkMixin
from kread.index.workbook.reader_work import ReaderWork

__all__ = ["Library", "corpus_label"]

if TYPE_CHECKING:
    # Reading files, refreshing, the taxonomy, parsing queries and comparing are imported
    # when first used: opening an up-to-date library for its list or a search should not
    # pay for them.
    from kread.index.document import Document
    from kread.index.engine.refresh import RefreshReport
    from kread.index.facets.taxonomy import Taxonomy
    from kread.index.search.parse import QueryReader


T = TypeVar("T")


class Library(SearchMixin, AnalysesMixin, ReaderWorkMixin):
    """A corpus, its taxonomy and its index. Opening, refreshing and reading documents
    are here; searches (`SearchMixin`), analyses (`AnalysesMixin`) and the reader's own
    work (`ReaderWorkMixin`) each have a module of their own."""

    def __init__(
        self,
        root: Path,
        taxonomy: Taxonomy | None,
        store: Store,
        topics_key: str = "",
        *,
        topics: str | Path | None = None,
        facets: Sequence[Facet] = (),
    ) -> None:
        """``taxonomy`` None: ``facets`` are its facets, and `taxonomy` loads it from
        ``topics`` when first asked for."""
        self.root = root
        self.topics_key = topics_key
        self._taxonomy = taxonomy
        self._topics = topics
        self._facets = tuple(facets) if taxonomy is None else taxonomy.facets
        self._taxonomy_warning: str | None = None  # the topics file in force was passed over
        # Opened by `open`, which knows the taxonomy is the one ``topics`` names: only then
        # may a refresh record what it saw for the next start (`freshness`).
        self._opened = False
        self.store = store
        self._warnings = after_refresh.RefreshWarnings(store)
        self.warnings: list[str] = self._warnings.shown
        self._reader: QueryReader | None = None
        self._documents: list[DocumentInfo] | None = None
        # The ids of ``_documents`` (sorted, and as a set), made again when it changes.
        self._ids: tuple[list[DocumentInfo], list[str], frozenset[str]] | None = None
        self.taxonomy_file: Path | None = None  # what worker processes load the taxonomy from
        self.max_file_bytes: int | None = None  # None: `limits.max_file_bytes()`
        # The reader searches in a worker thread while the UI thread reads documents:
        # one Whoosh searcher must not serve two threads at once.
        self._lock = threading.RLock()
        self._guard = ReadGuard(
            store, self._lock, self._forget_index, self._rebuild, UPDATE_WAIT_SECONDS
        )
        self._work = ReaderWork(root, self._lock)
        # Opened unchanged, its index not yet opened (`_open_deferred`).
        self._deferred = opening.DeferredIndex()
        # The stats of the corpus and topics the last refresh (or open) saw: see
        # `changed_on_disk`. None: not known, so anything counts as a change.
        self._inputs_seen: str | None = None

    @classmethod
    def open(
        cls,
        corpus: str | Path | None = None,
        topics: str | Path | None = None,
        *,
        refresh: bool = True,
        progress: Progress | None = None,
        max_file_bytes: int | None = None,
        defer_index: bool = False,
    ) -> Library:
        """Open a corpus folder (the bundled articles when None) with a taxonomy
        (the default one when None); with ``refresh``, bring the index up to date first.
        Files over ``max_file_bytes`` (else ``KREAD_MAX_FILE_SIZE``, else 20 MiB) are skipped.
        With ``defer_index``, a library that nothing changed since its last refresh opens
        its index only when first needed (the list comes from the saved list), so damage
        to the index is found then, not here."""
        store = opening.corpus_store(corpus)
        limit = limits.max_file_bytes(max_file_bytes)
        if refresh:
            library = cls._open_unchanged(store, topics, limit, defer_index)
            if library is not None:
                return library
        taxonomy, taxonomy_file, taxonomy_warning = opening.open_with_taxonomy(store, topics)
        library = cls(store.corpus, taxonomy, store, topics_key(topics), topics=topics)
        library.taxonomy_file = taxonomy_file
        library.max_file_bytes = limit
        library._opened = True
        if taxonomy_warning:
            library.warnings.insert(0, taxonomy_warning)
            library._taxonomy_warning = taxonomy_warning
        if refresh or library.store.interrupted:
            try:
                library.refresh(progress, wait=READ_WAIT_SECONDS)
            except IndexUnavailable as error:
                # Busy or out of space: the index as it stands still answers.
                library.warnings.append(str(error))
        library._warn_of_workbook()
        return library

    @classmethod
    def _open_unchanged(
        cls, store: Store, topics: str | Path | None, limit: int, defer_index: bool
    ) -> Library | None:
        """The library, if nothing it depends on changed since its index was last brought
        up to date (`freshness`): then neither its files nor its taxonomy are read, and
        its index is opened when first needed: the saved list answers for the documents."""
        fresh = opening.unchanged_since_refresh(store, topics, limit, defer_index)
        if fresh is None:
            return None
        library = cls(
            store.corpus, None, store, topics_key(topics), topics=topics, facets=fresh.facets
        )
        library.max_file_bytes = limit
        library._opened = True
        library._inputs_seen = fresh.inputs
        library.warnings.extend(fresh.warnings)
        library._deferred.generation = fresh.generation
        if fresh.summaries is not None:
            library._documents = library._infos(fresh.summaries)
        elif not defer_index:
            library._open_deferred()
        library._warn_of_workbook()
        return library

    def _listed_without_index(self) -> bool:
        """Whether the saved list answers a call that needs only the list."""
        return self._documents is not None and not self._has_work()

    def _open_deferred(self) -> None:
        """Open the index of a library opened unchanged. Should it not be the index the
        saved list was for (damaged and made afresh, or another process committed), the
        library is refreshed as `open` would have."""
        stale = self._deferred.open(self.store, self._warnings.noticed_opening)
        if stale:
            with self._lock:
                self._forget_index()
            try:
                self.refresh(wait=READ_WAIT_SECONDS)
            except IndexUnavailable as error:
                self.warnings.append(str(error))

    @property
    def taxonomy(self) -> Taxonomy:
        """The taxonomy in force. A library opened up to date loads it when first asked
        for: the list and a search need only its `facets`."""
        if self._taxonomy is None:
            from kread.index.facets.last_good import load_in_force

            with self._lock:
                if self._taxonomy is None:
                    # Its warning, if any, is among those the last refresh saved.
                    taxonomy, self.taxonomy_file, warning = load_in_force(self._topics)
                    self._taxonomy_warning = warning
                    self._facets = taxonomy.facets
                    self._taxonomy = taxonomy
        return self._taxonomy

    @property
    def facets(self) -> tuple[Facet, ...]:
        """The taxonomy's facets, in its order."""
        return self._facets

    def _names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self._facets)

    # -- the index -------------------------------------------------------
    def refresh(
        self,
        progress: Progress | None = None,
        rebuild: bool = False,
        wait: float = UPDATE_WAIT_SECONDS,
        jobs: int | None = None,
    ) -> RefreshReport:
        """Index what was added or changed and drop what was removed.

        Holds the corpus's update lock throughout, waiting up to ``wait`` seconds for
        another kread process to finish (else `IndexBusy`). Files are read and
        classified without holding the library's lock, so the reader can show
        documents while an update is under way; a long update commits every
        `refresh.BATCH_DOCUMENTS` documents, so an interrupted one keeps what it did. A large
        update reads files in ``jobs`` processes (default: one per CPU)."""
        from kread.index.engine import build

        self._open_deferred()
        try:
            with self.store.update_lock(wait):
                return self._refresh(progress, rebuild, jobs or build.default_jobs())
        except IndexUnavailable as error:
            # Callers show it with the warnings; the next refresh takes it back.
            self._warnings.failed(error)
            raise

    def _refresh(self, progress: Progress | None, rebuild: bool, jobs: int) -> RefreshReport:
        """`refresh.run` under the update lock, then what the library keeps besides the
        index: its list, and (`after_refresh`) the saved lists, the warnings and the
        freshness record."""
        from kread.index.engine import refresh

        job = refresh.RefreshJob(
            store=self.store,
            root=self.root,
            topics=self._topics,
            taxonomy=self.taxonomy,
            taxonomy_file=self.taxonomy_file,
            max_file_bytes=self.max_file_bytes,
            jobs=jobs,
            lock=self._lock,
            suspect=suspect,
            start_afresh=self._guard.start_afresh,
            may_start_afresh=not self._guard.started_afresh,
            committed=self._forget_documents,
        )
        outcome = refresh.run(job, progress, rebuild)
        if outcome.summaries is not None:
            with self._lock:
                self._documents = self._infos(outcome.summaries.values())
        generation = self.store.generation()
        after_refresh.save_lists(
            self.store,
            outcome,
            generation,
            self.topics_key,
            self.taxonomy.facets,
            self.documents,
            self._summaries,
        )
        self._warnings.replace(outcome.warnings)
        self._inputs_seen = outcome.inputs
        if self._opened and self.store.folder is not None:
            after_refresh.save_freshness(
                self.store.folder, outcome, generation, self.facets, self._taxonomy_warning
            )
        return outcome.report

    def _summaries(self) -> list[dict]:
        with self._lock:
            return self.store.summaries()

    def _forget_documents(self) -> None:
        self._documents = None

    def changed_on_disk(self) -> bool:
        """Whether a file or folder of the corpus, or the topics file, changed since the
        last refresh. Stats only, nothing read: cheap enough to ask every few seconds."""
        limit = limits.max_file_bytes(self.max_file_bytes)
        return freshness.inputs_digest(self.root, self._topics, limit) != self._inputs_seen

    def _forget_index(self) -> None:
        """Forget what was read from the index (under the library's lock)."""
        self._documents = None
        self._reader = None

    def _rebuild(self) -> RefreshReport:
        """Rebuild the index from the files, under the update lock."""
        from kread.index.engine import build

        return self._refresh(None, True, build.default_jobs())

    # -- reading ---------------------------------------------------------
    @guarded(listed=True)
    def documents(self) -> list[DocumentInfo]:
        """Every indexed document, by id, its facet counts with the reader's corrections."""
        listed = self._listed()
        if not self._has_work():
            return list(listed)
        return self._work.corrected(listed, self._with_work)

    def _with_work(self, info: DocumentInfo) -> DocumentInfo:
        """A document's entry counted with the reader's corrections on it."""
        from kread.index.appraisal.engine import document_balance
        from kread.index.appraisal.items import default_items

        doc = self.document(info.id)
        balance = document_balance(doc, default_items())
        return info._replace(
            facet_counts=doc.facet_counts, cue_counts=doc.cue_counts, balance=balance
        )

    def _listed(self) -> list[DocumentInfo]:
        """The documents, by id, as kept (not a copy); under the library's lock."""
        if self._documents is None:
            self._documents = self._infos(self.store.summaries())
        return self._documents

    @guarded(listed=True)
    def resolve(self, doc_id: str) -> str:
        """The full id for an id or a unique prefix of one."""
        listed = self._listed()
        if self._ids is None or self._ids[0] is not listed:  # the documents changed
            ids = [d.id for d in listed]  # sorted, as the documents are
            self._ids = (listed, ids, frozenset(ids))
        _listed, ids, known = self._ids
        return resolve_id(ids, known, doc_id, self.root)

    @guarded
    def document(self, doc_id: str) -> Document:
        """A document with its sentences, the reader's corrections and notes on them."""
        doc = self._as_indexed(doc_id)
        return self.workbook.applied(doc, self._names()) if self._has_work() else doc

    @guarded
    def _reading_as_indexed(self, doc_id: str) -> Document:
        """`_as_indexed` through the guard, for the reader's-work methods."""
        return self._as_indexed(doc_id)

    def _as_indexed(self, doc_id: str) -> Document:
        """A document as kread marked it, without the reader's corrections."""
        fields = self.store.fields(self.resolve(doc_id))
        assert fields is not None
        from kread.index.document import Document

        info = self._info(fields)
        paragraphs, sentences = decode_layout(fields["layout"])
        return Document(
            *info,
            text=fields["body"],
            paragraphs=paragraphs,
            sentences=sentences,
        )

    def close(self) -> None:
        self.store.close()

    def _info(self, summary: dict) -> DocumentInfo:
        """A document's summary with a count for every facet, in taxonomy order."""
        return info_from_json(summary, self._names())

    def _infos(self, summaries: Iterable[dict]) -> list[DocumentInfo]:
        """Documents' summaries as `_info` makes them, by id."""
        names = self._names()
        return sorted((info_from_json(s, names) for s in summaries), key=lambda d: d.id)
