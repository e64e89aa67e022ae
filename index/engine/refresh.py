"""Bringing an index up to date with its corpus: scan the files, compare their stamps
with what the index holds, read and classify what was added or changed (perhaps in
worker processes), and commit in batches, so an interrupted update keeps what it did.

`Library.refresh` holds the update lock around `run` and keeps what the library itself
remembers (its list, warnings, the saved lists and freshness: `after_refresh`) up to date
afterwards.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kread.index.engine import freshness
from kread.index.engine.indexed import IndexedDocument
from kread.index.engine.store import Store
from kread.index.models import Progress
from kread.index.reading import limits

if TYPE_CHECKING:
    from kread.index.facets.taxonomy import Taxonomy

# A long update commits this often, so an interrupted one keeps what it did.
BATCH_DOCUMENTS = 500


@dataclass(frozen=True)
class RefreshReport:
    """What an update changed: the documents it added, changed and removed, the files
    it could not read, and whether it built the index afresh."""

    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    skipped: tuple[str, ...] = ()  # one warning line per file that could not be read
    rebuilt: bool = False

    @property
    def touched(self) -> bool:
        return bool(self.added or self.changed or self.removed)


@dataclass
class RefreshJob:
    """What one refresh works with, and how it reaches back into its library."""

    store: Store
    root: Path
    topics: str | Path | None
    taxonomy: Taxonomy
    taxonomy_file: Path | None
    max_file_bytes: int | None
    jobs: int
    # The library's lock: held while the index is read and while each batch commits.
    lock: threading.RLock
    # Whether an error may come from a damaged index (Whoosh raised it).
    suspect: Callable[[Exception], bool]
    # Under the update lock, after an error showed the index damaged: start it afresh.
    start_afresh: Callable[[Exception], None]
    may_start_afresh: bool
    # Called after each commit, under ``lock``: what the library had read is stale.
    committed: Callable[[], None]


@dataclass
class RefreshOutcome:
    report: RefreshReport
    inputs: str  # `freshness.inputs_digest` as it was before the scan
    # Every document's summary after the update, by id; None when nothing was written.
    summaries: dict[str, dict] | None
    warnings: list[str] = field(default_factory=list)  # unreadable files, ...


def run(job: RefreshJob, progress: Progress | None, rebuild: bool) -> RefreshOutcome:
    """Index what was added or changed and drop what was removed; under the update lock."""
    from kread.index.engine import build
    from kread.index.reading import corpus

    # Before the scan: a file that changes during the update makes the next start check.
    limit = limits.max_file_bytes(job.max_file_bytes)
    inputs = freshness.inputs_digest(job.root, job.topics, limit)
    files, skipped = corpus.scan(job.root, job.max_file_bytes)
    catalog = corpus.load_catalog(job.root, job.max_file_bytes)
    rebuild, summaries = _indexed_summaries(job, rebuild)
    indexed = {s["id"]: (s["digest"], tuple(s["stamp"])) for s in summaries}
    todo: list[build.Task] = []
    context_keys: dict[str, str] = {}  # most files share one: no catalog entry
    for file in files:
        entry = catalog.entry_text(file)
        if entry not in context_keys:
            context_keys[entry] = context_key(entry, job.taxonomy.fingerprint)
        stamp = (file.size, file.mtime_ns, context_keys[entry])
        known = indexed.get(file.id)
        if known is None or tuple(known[1]) != stamp:
            todo.append(build.Task(file, stamp))
    present = {file.id for file in files}
    removed = sorted(set(indexed) - present)

    added, changed, found = [], [], []
    writes = Writes(job, replace_all=rebuild)
    if job.store.interrupted:
        writes.begin()
    outcomes = build.prepare_all(
        todo, catalog, job.taxonomy, job.taxonomy_file, job.max_file_bytes, job.jobs
    )
    for done, outcome in enumerate(outcomes, 1):
        doc_id = outcome.file.id
        if progress:
            progress(done, len(todo), doc_id)
        found.extend(outcome.warnings)
        if outcome.record is None:
            skipped.append(outcome.skipped)
            if doc_id in indexed:
                removed.append(doc_id)
            continue
        known = indexed.get(doc_id)
        if known is None:
            added.append(doc_id)
        elif known[0] != outcome.record.digest:
            changed.append(doc_id)
        writes.add(outcome.record)
    writes.finish(removed, force=rebuild)
    current = None
    if writes.began:
        # The list after the update is the one before it with the writes applied:
        # reading every summary again would cost as much as the scan.
        current = {s["id"]: s for s in summaries if not rebuild}
        for doc_id in removed:
            current.pop(doc_id, None)
        current.update(writes.summaries)
    report = RefreshReport(
        added=tuple(added),
        changed=tuple(changed),
        removed=tuple(sorted(removed)),
        skipped=tuple(skipped),
        rebuilt=rebuild,
    )
    return RefreshOutcome(report, inputs, current, [*found, *skipped])


def _indexed_summaries(job: RefreshJob, rebuild: bool) -> tuple[bool, list[dict]]:
    """Whether to rebuild, and the summaries of what the index holds (none to rebuild).
    An index that fails to read is read afresh, then, failing again, started afresh:
    under the update lock, a failure now is damage."""
    with job.lock:
        try:
            return rebuild, [] if rebuild else job.store.summaries()
        except Exception as error:
            if not job.suspect(error):
                raise
            try:
                job.store.reopen()
                return rebuild, job.store.summaries()
            except Exception as again:
                if not job.suspect(again) or not job.may_start_afresh:
                    raise
                job.start_afresh(again)
                return True, []


def context_key(catalog_entry: str, taxonomy_fingerprint: str) -> str:
    """What besides a file's bytes decides its record: its catalog entry, the parsing
    rules, the taxonomy and the appraisal items (they decide the balance kept with it)."""
    from kread.index.appraisal.items import default_items
    from kread.index.reading import corpus

    parts = (
        catalog_entry,
        corpus.PARSER_VERSION,
        taxonomy_fingerprint,
        default_items().fingerprint,
    )
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:16]


class Writes:
    """The writes of one refresh: documents gathered and committed in batches."""

    def __init__(self, job: RefreshJob, replace_all: bool) -> None:
        self.job = job
        self.replace_all = replace_all
        self.pending: list[IndexedDocument] = []
        self.began = False
        self.summaries: dict[str, dict] = {}  # of the documents committed, by id

    def begin(self) -> None:
        if not self.began:
            self.job.store.begin_update()
            self.began = True

    def add(self, doc: IndexedDocument) -> None:
        self.pending.append(doc)
        if len(self.pending) >= BATCH_DOCUMENTS:
            self._commit(())

    def finish(self, removed: Sequence[str], force: bool) -> None:
        if self.pending or removed or force:
            self._commit(removed)

    def _commit(self, removed: Sequence[str]) -> None:
        self.begin()
        with self.job.lock:
            written = self.job.store.write(self.pending, removed, replace_all=self.replace_all)
            self.job.committed()
        self.summaries.update(written)
        self.pending = []
        self.replace_all = False  # a rebuild clears the index with its first commit only
