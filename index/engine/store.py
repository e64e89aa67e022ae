"""The Whoosh index of one corpus: where it lives, opening it, the update lock, reading
and committing. The record of a document is `schema`'s; the folder's own files are
`index_files`'.

Faults: each commit is atomic (Whoosh writes a new table of contents, then renames
it into place). An update holds ``update.lock`` (an ``flock`` on a descriptor of its
own, so it excludes other threads as well as other processes, and is gone with the
process) from reading the index to its last commit, and ``update.pending`` exists
while it writes: found without its lock, it says the last update was cut short. Files
a dead or failed writer left behind are removed before the next write. An index that
fails to open or read is deleted only under the update lock, once it fails there too:
without the lock, the failure may be another process's commit removing what this one
had begun to read.

Whoosh is imported when the index is first opened: a `Store` made with
``open_now=False`` can tell whether the index changed (`generation`) from the folder alone.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
import weakref
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from math import log
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kread.index import locations
from kread.index.engine.index_files import (
    DOCS,
    OWN_FILES,
    PENDING,
    UNFINISHED_TOC,
    UPDATE_LOCK,
    damaged_notice,
    flocked,
    has_index,
    latest_generation,
    try_flock,
    write_failed,
    write_marker,
)
from kread.index.engine.records import decode_layout, encode_layout
from kread.index.errors import IndexBusy, IndexWriteError

if TYPE_CHECKING:
    from whoosh.index import Index
    from whoosh.searching import Searcher

    from kread.index.engine.indexed import IndexedDocument

# Also given here, as before they had modules of their own.
__all__ = ["DOCS", "OWN_FILES", "PENDING", "UPDATE_LOCK", "Store"]
__all__ += ["damaged_notice", "decode_layout", "encode_layout", "write_failed"]

# Whoosh's writers are only ever taken under the update lock, so this is a formality.
WRITER_WAIT_SECONDS = 5.0
# How long opening an index that does not open waits for another process's update, to
# check under the update lock whether it is damaged.
OPEN_WAIT_SECONDS = 2.0


class _NoIndex(FileNotFoundError):
    """The folder holds no index yet."""


class Store:
    """The index of one corpus, on disk or, when the cache is not writable, in memory."""

    def __init__(
        self,
        corpus: Path,
        cache: Path | None = None,
        wait: float = OPEN_WAIT_SECONDS,
        *,
        open_now: bool = True,
    ) -> None:
        """``open_now=False``: the index is opened (and Whoosh imported) when first
        used, or by `open`."""
        self.corpus = corpus
        self.folder: Path | None = locations.index_folder(corpus, cache)
        self.notices: list[str] = []
        self._searcher: Searcher | None = None
        # `sentence_idf`'s figures, and the searcher whose commit they were read from.
        self._idf: dict[str, float] = {}
        self._idf_of: Callable[[], Searcher | None] = lambda: None
        self._lock_owner: int | None = None  # the thread holding the update lock
        # The index on disk would not open and another process was updating it: an
        # empty one stands in until it opens, or the update lock is ours to check it.
        self._unopened = False
        self._wait = wait
        self._docs: Index | None = None
        self._storage: Any = None
        self._opening = threading.Lock()
        if not self._disk_usable():
            self.folder = None
        # An update left unfinished by a killed or failed process: the next refresh ends it.
        self.interrupted = self._pending_without_writer()
        if self.interrupted:
            self.notices.append("the last update of the index was cut short; kread is finishing it")
        if open_now:
            self.open()

    # -- opening ---------------------------------------------------------
    def _disk_usable(self) -> bool:
        assert self.folder is not None
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            probe = self.folder / ".write-test"
            probe.write_bytes(b"")
            probe.unlink()
        except OSError as error:
            reason = error.strerror or type(error).__name__
            self.notices.append(
                f"cannot write the index cache {self.folder} ({reason}); "
                "using an in-memory index for this run (set KREAD_CACHE_DIR to a writable folder)"
            )
            return False
        self._remove_older_versions()
        return True

    def _remove_older_versions(self) -> None:
        assert self.folder is not None
        stem = self.folder.name.rsplit("-v", 1)[0]
        for other in self.folder.parent.glob(f"{stem}-v*"):
            if other != self.folder and other.is_dir():
                shutil.rmtree(other, ignore_errors=True)

    @property
    def storage(self) -> Any:
        """Whoosh's storage of the index: its folder, or memory."""
        if self._storage is None:
            self._storage = _new_storage(self.folder)
        return self._storage

    @property
    def docs(self) -> Index:
        """The Whoosh index, opened when first asked for."""
        if self._docs is None:
            self.open()
        assert self._docs is not None
        return self._docs

    @docs.setter
    def docs(self, index: Index) -> None:
        self._docs = index

    @property
    def opened(self) -> bool:
        return self._docs is not None

    @property
    def unopened(self) -> bool:
        """Whether an empty in-memory index stands in for one that would not open while
        another process was updating it."""
        return self._unopened

    def open(self) -> None:
        """Open the index, if not yet open: a missing or damaged one is made afresh."""
        with self._opening:
            if self._docs is None:
                self._docs = self._open_index(self._wait)

    def generation(self) -> int:
        """The index's generation (it grows with every commit), from the folder's file
        names when on disk: Whoosh is not needed to see whether the index changed."""
        if self.folder is None:
            return self.docs.latest_generation()
        return latest_generation(self.folder)

    def _open_index(self, wait: float) -> Index:
        if self.folder is None:
            return self.storage.create_index(_schema(), indexname=DOCS)
        for _attempt in range(2):  # missing, damaged, or another process's commit under way
            with suppress(Exception):
                return self._open_existing()
        try:
            with self.update_lock(wait):
                return self._open_or_recreate()
        except IndexBusy:
            pass
        with suppress(Exception):  # the other process's commit may have ended meanwhile
            return self._open_existing()
        # Its update, or this process's next one once the lock is free, settles it.
        self._unopened = True
        return _new_storage(None).create_index(_schema(), indexname=DOCS)

    def _open_existing(self) -> Index:
        """The index on disk, read through once; raises whatever opening it raises."""
        if not has_index(self.storage.list()):
            raise _NoIndex(f"no index in {self.folder}")
        ix = self.storage.open_index(indexname=DOCS)
        if ix.schema.names() != _schema().names():
            raise ValueError("schema mismatch")
        ix.doc_count_all()  # touches the segment files, so damage shows here
        return ix

    def _open_or_recreate(self) -> Index:
        """Under the update lock, where no other process writes: the index if it opens
        now, else a new empty one (a damaged one is deleted, and said so)."""
        try:
            return self._open_existing()
        except _NoIndex:
            return self._recreate()
        except Exception as error:  # a damaged index is rebuilt, never fatal
            self.notices.append(damaged_notice(self.folder, error))
            return self._recreate()

    def reopen(self) -> None:
        """Read the index afresh from disk (raising what opening it raises): after a
        failure, to tell another process's commit from damage."""
        self.close()
        if self.folder is not None:
            self.docs = self._open_existing()
            self._unopened = False

    def _recreate(self) -> Index:
        """The index afresh and empty: the damaged one's files are deleted."""
        if self.folder is not None:
            if not self.holds_update_lock:  # another process may be writing them
                raise RuntimeError("the index's files are deleted only under the update lock")
            for entry in self.folder.iterdir():
                if entry.name == UPDATE_LOCK:
                    continue  # another process may hold it; it has no content
                if entry.is_dir():
                    shutil.rmtree(entry, ignore_errors=True)
                else:
                    entry.unlink(missing_ok=True)
        self._storage = _new_storage(self.folder)
        return self._storage.create_index(_schema(), indexname=DOCS)

    def recreate(self, error: BaseException) -> None:
        """Start again from an empty index after ``error`` showed the index damaged,
        under the update lock."""
        self.close()
        self.notices.append(damaged_notice(self.folder, error))
        self.docs = self._recreate()
        self._unopened = False

    @property
    def in_memory(self) -> bool:
        return self.folder is None

    # -- reading ---------------------------------------------------------
    def searcher(self) -> Searcher:
        """One long-lived searcher, brought up to date after a commit."""
        if self._unopened and self.holds_update_lock:  # no other writer: settle it now
            self.close()
            self.docs = self._open_or_recreate()
            self._unopened = False
        elif self._unopened:  # another process's update may have finished
            with suppress(Exception):
                self.reopen()
        self._searcher = _current(self._searcher, self.docs)
        return self._searcher

    def summaries(self) -> list[dict]:
        """Every document's summary (its `info_json` entry, digest and stamp), in index
        order, read from its column."""
        reader = self.searcher().reader()
        if reader.doc_count() == 0:
            return []
        column = reader.column_reader("summary")
        # One parse of them all: ten thousand calls to json.loads cost ten times more.
        rows = b",".join(column[docnum] for docnum in reader.all_doc_ids())
        return json.loads(b"[" + rows + b"]")

    def fields(self, doc_id: str) -> dict | None:
        """A document's stored fields (title, body, layout, ...) and its summary."""
        searcher = self.searcher()
        docnum = searcher.document_number(id=doc_id)
        if docnum is None:
            return None
        summary = json.loads(searcher.reader().column_reader("summary")[docnum])
        return {**searcher.stored_fields(docnum), **summary}

    def sentence_vectors(self, doc_id: str) -> list[dict[str, float]]:
        """The stemmed terms of each sentence of a document and how often each occurs;
        item ``n`` is sentence ``n``."""
        from kread.index.engine.schema import stemmed_terms

        fields = self.fields(doc_id)
        if fields is None:
            return []
        _paragraphs, sentences = decode_layout(fields["layout"])
        text = fields["body"]
        return [dict(Counter(stemmed_terms(text[s.start : s.end]))) for s in sentences]

    def sentence_idf(self, terms: Iterable[str]) -> dict[str, float]:
        """The inverse document frequency of each stemmed term over every sentence of
        the corpus, as Whoosh weighs it: high for a term few sentences use.

        A term's uses stand for the sentences that use it (a term is seldom twice in one
        sentence): counting sentences exactly took a posting per term per document,
        nearly doubling the work of indexing."""
        from kread.index.engine.schema import SENTENCE_MARK

        searcher = self.searcher()
        # Kept for as long as the searcher sees the same commit: points over a whole
        # corpus ask for every stem of it each time, a lookup in Whoosh's term table each.
        if self._idf_of() is not searcher:
            self._idf_of, self._idf = weakref.ref(searcher), {}
        known = self._idf
        wanted = list(terms)
        missing = [term for term in wanted if term not in known]
        if missing:
            reader = searcher.reader()
            sentences = reader.frequency("sentences", SENTENCE_MARK)
            for term in missing:
                uses = min(reader.frequency("body", term), sentences)
                known[term] = log(sentences / (uses + 1)) + 1.0
        return {term: known[term] for term in wanted}

    # -- updating --------------------------------------------------------
    @contextmanager
    def update_lock(self, wait: float) -> Iterator[None]:
        """Hold the corpus's update lock, waiting up to ``wait`` seconds for another
        kread process, or another thread, to finish its update; else `IndexBusy`.
        The thread holding it may take it again (a rebuild that finds damage)."""
        if self.folder is None or self.holds_update_lock:
            yield
            return
        busy = (
            f"another kread process is updating the index in {self.folder}; "
            "try again when it has finished"
        )
        with flocked(self.folder / UPDATE_LOCK, wait, busy):
            self._lock_owner = threading.get_ident()
            try:
                if self._unopened:
                    self.close()
                    self.docs = self._open_or_recreate()
                    self._unopened = False
                yield
            finally:
                self._lock_owner = None

    @property
    def holds_update_lock(self) -> bool:
        """Whether this thread holds the update lock through this store."""
        return self._lock_owner == threading.get_ident()

    def _pending_without_writer(self) -> bool:
        if self.folder is None or not (self.folder / PENDING).exists():
            return False
        fd = os.open(self.folder / UPDATE_LOCK, os.O_CREAT | os.O_WRONLY, 0o644)
        try:
            return try_flock(fd)
        finally:
            os.close(fd)

    def begin_update(self) -> None:
        """Mark the index as being written (under the update lock), after removing what
        an earlier writer that died or failed left behind."""
        if self.folder is None:
            return
        self._clean_leftovers()
        write_marker(self.folder / PENDING)

    def end_update(self) -> None:
        """The update is complete: every document's records agree again."""
        if self.folder is not None:
            (self.folder / PENDING).unlink(missing_ok=True)
        self.interrupted = False

    def _clean_leftovers(self) -> None:
        """Delete segment and table-of-contents files no commit refers to, and the
        temporary folders of writers that did not finish."""
        from whoosh.index import TOC, clean_files

        assert self.folder is not None
        toc = TOC.read(self.docs.storage, DOCS, schema=self.docs.schema)
        clean_files(self.docs.storage, DOCS, toc.generation, toc.segments)
        for entry in self.folder.iterdir():
            if entry.is_dir() and entry.suffix == ".tmp":
                shutil.rmtree(entry, ignore_errors=True)
            elif UNFINISHED_TOC.match(entry.name) or (
                entry.name.startswith(".") and entry.name.endswith(".partial")
            ):
                entry.unlink(missing_ok=True)

    def write(
        self,
        documents: Iterable[IndexedDocument],
        removed: Iterable[str],
        replace_all: bool = False,
    ) -> dict[str, dict]:
        """Replace or add ``documents`` and delete ``removed``, in one commit of each
        index; with ``replace_all``, the documents become the whole index. Gives the
        summary of each document written, by id, as `summaries` will read it.

        A write that fails for want of space or permission raises `IndexWriteError`
        and leaves the index as its last commit left it."""
        try:
            return self._write(documents, removed, replace_all)
        except OSError as error:
            if self.folder is not None:
                with suppress(OSError):  # else the next writer cleans up
                    self._clean_leftovers()
            raise IndexWriteError(write_failed(self.folder, error)) from error
        finally:
            self._searcher = None

    def _write(
        self,
        documents: Iterable[IndexedDocument],
        removed: Iterable[str],
        replace_all: bool,
    ) -> dict[str, dict]:
        from whoosh import writing

        from kread.index.engine.indexed import summary_of
        from kread.index.engine.schema import record_fields

        writer = self.docs.writer(timeout=WRITER_WAIT_SECONDS)
        written: dict[str, dict] = {}
        try:
            for doc_id in removed:
                writer.delete_by_term("id", doc_id)
            for doc in documents:
                written[doc.id] = summary_of(doc)
                writer.update_document(**record_fields(doc, written[doc.id]))
        except BaseException:
            writer.cancel()
            raise
        # CLEAR drops every older segment in the same commit: a rebuild is atomic.
        writer.commit(mergetype=writing.CLEAR if replace_all else None)
        return written

    def close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None


def _schema() -> Any:
    from kread.index.engine.schema import docs_schema

    return docs_schema()


def _new_storage(folder: Path | None) -> Any:
    """Whoosh's storage of an index in ``folder`` (memory mapped), or in memory."""
    if folder is None:
        from whoosh.filedb.filestore import RamStorage

        return RamStorage()
    from kread.index.engine.mapped_storage import MappedStorage

    return MappedStorage(str(folder))


def _current(searcher: Searcher | None, ix: Index) -> Searcher:
    """``searcher`` if it still sees the latest commit of ``ix``; else a new one.

    Not ``Searcher.refresh()``: Whoosh's reader reuse keeps a segment's reader when
    only its deletions changed, and adds back segments the new commit no longer has,
    so documents another process removed stayed in the results."""
    from kread.index.engine.scoring import CachedBM25F

    if searcher is not None:
        if searcher.up_to_date():
            return searcher
        searcher.close()
    return ix.searcher(weighting=CachedBM25F())


def __getattr__(name: str) -> Any:
    """``PreparedText`` as indexes written before the schema had a module of its own
    name it in their pickled schema: they open without a rebuild (importing Whoosh)."""
    if name == "PreparedText":
        from kread.index.engine.schema import PreparedText

        return PreparedText
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
