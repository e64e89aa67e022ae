"""The Whoosh index of one corpus: where it lives, its schemas, and writing to it.

Two indexes share one folder: ``docs`` (one record per document, what search
ranks) and ``sentences`` (one record per sentence, for facet- and
sentence-level work). They are kept apart so that sentence records do not skew
the BM25 statistics of the documents.

Faults: every write replaces a document's records by its id and commits the
sentences before the documents, so a write cut short leaves at worst documents
whose stored stamp is old, which the next refresh redoes. An update holds
``update.lock`` (an ``flock``, gone with the process) from reading the index to its
last commit, and ``update.pending`` exists while it writes: found without its lock,
it says the last update was cut short. Files a dead or failed writer left behind
are removed before the next write.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import shutil
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from whoosh import writing
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.filedb.filestore import FileStorage, RamStorage
from whoosh.index import TOC, Index, clean_files
from whoosh.searching import Searcher

from index import locations
from index.analysis import spelling_analyzer, text_analyzer
from index.errors import IndexBusy, IndexWriteError
from index.models import Sentence

DOCS = "docs"
SENTENCES = "sentences"
UPDATE_LOCK = "update.lock"
PENDING = "update.pending"
# Files the store itself keeps in the folder besides Whoosh's own.
OWN_FILES = {UPDATE_LOCK, PENDING, "listing.json"}
# Whoosh's writers are only ever taken under the update lock, so this is a formality.
WRITER_WAIT_SECONDS = 5.0


def docs_schema() -> Schema:
    analyzer = text_analyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        title=TEXT(analyzer=analyzer, stored=True, field_boost=2.0),
        source=TEXT(analyzer=analyzer, stored=True),
        place=TEXT(analyzer=analyzer, stored=True),
        body=TEXT(analyzer=analyzer, stored=True),
        # Unstemmed words of title and body, the source of "did you mean". Whoosh's own
        # spelling=True would make fuzzy~ terms expand to unstemmed words that the
        # stemmed body does not hold.
        spell=TEXT(analyzer=spelling_analyzer()),
        facet=KEYWORD(stored=True, commas=True, lowercase=True),
        path=STORED,
        date=STORED,
        words=STORED,
        digest=STORED,
        stamp=STORED,
        counts=STORED,
        layout=STORED,
    )


def sentences_schema() -> Schema:
    return Schema(
        doc_id=ID(stored=True),
        n=NUMERIC(stored=True),
        text=TEXT(analyzer=text_analyzer(), vector=True),
        facet=KEYWORD(stored=True, commas=True, lowercase=True),
    )


@dataclass(frozen=True)
class IndexedDocument:
    """Everything the store keeps of one document."""

    id: str
    path: str
    title: str
    source: str
    place: str
    date: str
    text: str
    words: int
    digest: str
    # (size, mtime_ns, context key): lets a refresh skip reading unchanged files
    stamp: tuple
    paragraphs: tuple[tuple[int, int], ...]
    sentences: tuple[Sentence, ...]

    def facet_counts(self, names: Iterable[str]) -> dict[str, int]:
        counts = dict.fromkeys(names, 0)
        for sentence in self.sentences:
            for facet in sentence.facets:
                counts[facet] = counts.get(facet, 0) + 1
        return counts


def encode_layout(doc: IndexedDocument) -> str:
    return json.dumps(
        {
            "paragraphs": doc.paragraphs,
            "sentences": [
                [s.start, s.end, s.paragraph, s.facets, s.boilerplate, s.heading, s.spans]
                for s in doc.sentences
            ],
        },
        separators=(",", ":"),
    )


def decode_layout(raw: str) -> tuple[tuple[tuple[int, int], ...], tuple[Sentence, ...]]:
    data = json.loads(raw)
    sentences = tuple(
        Sentence(
            start=s[0],
            end=s[1],
            paragraph=s[2],
            facets=tuple(s[3]),
            boilerplate=s[4],
            heading=s[5],
            spans=tuple((a, b, f) for a, b, f in s[6]),
        )
        for s in data["sentences"]
    )
    return tuple((a, b) for a, b in data["paragraphs"]), sentences


class Store:
    """Both indexes of one corpus, on disk or, when the cache is not writable, in memory."""

    def __init__(self, corpus: Path, cache: Path | None = None) -> None:
        self.corpus = corpus
        self.folder: Path | None = locations.index_folder(corpus, cache)
        self.notices: list[str] = []
        self._searcher: Searcher | None = None
        self._sentence_searcher: Searcher | None = None
        storage = self._disk_storage()
        if storage is None:
            storage = RamStorage()
            self.folder = None
        self.storage = storage
        self.docs, self.sentences = self._open_indexes()
        self._lock_fd: int | None = None
        # An update left unfinished by a killed or failed process: the next refresh ends it.
        self.interrupted = self._pending_without_writer()
        if self.interrupted:
            self.notices.append("the last update of the index was cut short; kread is finishing it")

    # -- opening ---------------------------------------------------------
    def _disk_storage(self) -> FileStorage | None:
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
            return None
        self._remove_older_versions()
        return FileStorage(str(self.folder))

    def _remove_older_versions(self) -> None:
        assert self.folder is not None
        stem = self.folder.name.rsplit("-v", 1)[0]
        for other in self.folder.parent.glob(f"{stem}-v*"):
            if other != self.folder and other.is_dir():
                shutil.rmtree(other, ignore_errors=True)

    def _open_indexes(self) -> tuple[Index, Index]:
        try:
            if self.storage.index_exists(indexname=DOCS) != self.storage.index_exists(
                indexname=SENTENCES
            ):
                # Each index's records must match the other's: both go, or neither.
                raise FileNotFoundError("one of the two indexes is missing")
            return self._open_or_create(DOCS, docs_schema()), self._open_or_create(
                SENTENCES, sentences_schema()
            )
        except Exception as error:  # a damaged index is rebuilt, never fatal
            self.notices.append(damaged_notice(self.folder, error))
            return self._recreate()

    def _open_or_create(self, name: str, schema: Schema) -> Index:
        if self.storage.index_exists(indexname=name):
            ix = self.storage.open_index(indexname=name)
            if ix.schema.names() != schema.names():
                raise ValueError("schema mismatch")
            ix.doc_count_all()  # touches the segment files, so damage shows here
            return ix
        return self._create(name, schema)

    def _create(self, name: str, schema: Schema) -> Index:
        return self.storage.create_index(schema, indexname=name)

    def _recreate(self) -> tuple[Index, Index]:
        """Both indexes afresh and empty: the damaged ones' files are deleted."""
        if self.folder is None:
            self.storage = RamStorage()
        else:
            for entry in self.folder.iterdir():
                if entry.name == UPDATE_LOCK:
                    continue  # another process may hold it; it has no content
                if entry.is_dir():
                    shutil.rmtree(entry, ignore_errors=True)
                else:
                    entry.unlink(missing_ok=True)
            self.storage = FileStorage(str(self.folder))
        return self._create(DOCS, docs_schema()), self._create(SENTENCES, sentences_schema())

    def reset(self, error: BaseException) -> None:
        """Start again from empty indexes after ``error`` showed the index damaged."""
        self.close()
        self.notices.append(damaged_notice(self.folder, error))
        self.docs, self.sentences = self._recreate()

    @property
    def in_memory(self) -> bool:
        return self.folder is None

    # -- reading ---------------------------------------------------------
    def searcher(self) -> Searcher:
        """One long-lived searcher of the documents, brought up to date after a commit."""
        self._searcher = _current(self._searcher, self.docs)
        return self._searcher

    def sentence_searcher(self) -> Searcher:
        """One long-lived searcher of the sentences, kept up to date the same way."""
        self._sentence_searcher = _current(self._sentence_searcher, self.sentences)
        return self._sentence_searcher

    def stored(self) -> Iterator[dict]:
        """Stored fields of every document, in index order."""
        yield from self.searcher().reader().all_stored_fields()

    def ids(self) -> list[str]:
        return sorted(fields["id"] for fields in self.stored())

    def fingerprints(self) -> dict[str, tuple[str, tuple]]:
        """Document id to (digest, stamp) of what is indexed."""
        return {f["id"]: (f["digest"], tuple(f["stamp"])) for f in self.stored()}

    def fields(self, doc_id: str) -> dict | None:
        return self.searcher().document(id=doc_id)

    def sentence_vectors(self, doc_id: str) -> list[dict[str, float]]:
        """The stemmed terms of each sentence of a document and how often each occurs,
        from the term vectors of the ``sentences`` index; item ``n`` is sentence ``n``."""
        searcher = self.sentence_searcher()
        reader = searcher.reader()
        found: dict[int, dict[str, float]] = {}
        for docnum in searcher.document_numbers(doc_id=doc_id):
            n = reader.stored_fields(docnum)["n"]
            if reader.has_vector(docnum, "text"):
                found[n] = dict(reader.vector_as("weight", docnum, "text"))
            else:
                found[n] = {}
        return [found.get(n, {}) for n in range(max(found, default=-1) + 1)]

    def sentence_idf(self, terms: Iterable[str]) -> dict[str, float]:
        """Whoosh's inverse document frequency of each stemmed term over every sentence
        of the corpus: high for a term few sentences use."""
        searcher = self.sentence_searcher()
        return {term: searcher.idf("text", term) for term in terms}

    # -- updating --------------------------------------------------------
    @contextmanager
    def update_lock(self, wait: float) -> Iterator[None]:
        """Hold the corpus's update lock, waiting up to ``wait`` seconds for another
        kread process to finish its update; else `IndexBusy`."""
        if self.folder is None or self._lock_fd is not None:
            yield  # in memory, or this store already holds the lock
            return
        fd = os.open(self.folder / UPDATE_LOCK, os.O_CREAT | os.O_WRONLY, 0o644)
        try:
            deadline = time.monotonic() + wait
            while not _try_flock(fd):
                if time.monotonic() >= deadline:
                    raise IndexBusy(
                        f"another kread process is updating the index in {self.folder}; "
                        "try again when it has finished"
                    )
                time.sleep(0.1)
            self._lock_fd = fd
            yield
        finally:
            self._lock_fd = None
            os.close(fd)  # closing the descriptor releases the lock

    def _pending_without_writer(self) -> bool:
        if self.folder is None or not (self.folder / PENDING).exists():
            return False
        fd = os.open(self.folder / UPDATE_LOCK, os.O_CREAT | os.O_WRONLY, 0o644)
        try:
            return _try_flock(fd)
        finally:
            os.close(fd)

    def begin_update(self) -> None:
        """Mark the index as being written (under the update lock), after removing what
        an earlier writer that died or failed left behind."""
        if self.folder is None:
            return
        self._clean_leftovers()
        _write_marker(self.folder / PENDING)

    def end_update(self) -> None:
        """The update is complete: every document's records agree again."""
        if self.folder is not None:
            (self.folder / PENDING).unlink(missing_ok=True)
        self.interrupted = False

    def _clean_leftovers(self) -> None:
        """Delete segment and table-of-contents files no commit refers to, and the
        temporary folders of writers that did not finish."""
        assert self.folder is not None
        for ix, name in ((self.docs, DOCS), (self.sentences, SENTENCES)):
            toc = TOC.read(ix.storage, name, schema=ix.schema)
            clean_files(ix.storage, name, toc.generation, toc.segments)
        for entry in self.folder.iterdir():
            if entry.is_dir() and entry.suffix == ".tmp":
                shutil.rmtree(entry, ignore_errors=True)
            elif entry.name.startswith(".") and entry.name.endswith(".partial"):
                entry.unlink(missing_ok=True)

    @contextmanager
    def _writers(self, replace_all: bool) -> Iterator[tuple]:
        sentences = self.sentences.writer(timeout=WRITER_WAIT_SECONDS)
        try:
            docs = self.docs.writer(timeout=WRITER_WAIT_SECONDS)
        except BaseException:
            sentences.cancel()
            raise
        try:
            yield docs, sentences
        except BaseException:
            sentences.cancel()
            docs.cancel()
            raise
        # CLEAR drops every older segment in the same locked commit: a rebuild is atomic.
        mergetype = writing.CLEAR if replace_all else None
        try:
            sentences.commit(mergetype=mergetype)
        except BaseException:
            docs.cancel()
            raise
        docs.commit(mergetype=mergetype)

    def write(
        self,
        documents: Iterable[IndexedDocument],
        removed: Iterable[str],
        facet_names: tuple[str, ...],
        replace_all: bool = False,
    ) -> None:
        """Replace or add ``documents`` and delete ``removed``, in one commit of each
        index; with ``replace_all``, the documents become the whole index.

        A write that fails for want of space or permission raises `IndexWriteError`
        and leaves the index as its last commit left it."""
        try:
            self._write(documents, removed, facet_names, replace_all)
        except OSError as error:
            if self.folder is not None:
                with suppress(OSError):  # else the next writer cleans up
                    self._clean_leftovers()
            raise IndexWriteError(write_failed(self.folder, error)) from error
        finally:
            self._searcher = None
            if self._sentence_searcher is not None:
                self._sentence_searcher.close()
                self._sentence_searcher = None

    def _write(
        self,
        documents: Iterable[IndexedDocument],
        removed: Iterable[str],
        facet_names: tuple[str, ...],
        replace_all: bool,
    ) -> None:
        with self._writers(replace_all) as (docs, sentences):
            for doc_id in removed:
                docs.delete_by_term("id", doc_id)
                sentences.delete_by_term("doc_id", doc_id)
            for doc in documents:
                sentences.delete_by_term("doc_id", doc.id)
                for n, sentence in enumerate(doc.sentences):
                    sentences.add_document(
                        doc_id=doc.id,
                        n=n,
                        text=doc.text[sentence.start : sentence.end],
                        facet=",".join(sentence.facets),
                    )
                present = sorted({f for s in doc.sentences for f in s.facets})
                docs.update_document(
                    id=doc.id,
                    title=doc.title,
                    source=doc.source,
                    place=doc.place,
                    body=doc.text,
                    spell=f"{doc.title}\n{doc.text}",
                    facet=",".join(present),
                    path=doc.path,
                    date=doc.date,
                    words=doc.words,
                    digest=doc.digest,
                    stamp=list(doc.stamp),
                    counts=doc.facet_counts(facet_names),
                    layout=encode_layout(doc),
                )

    def close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None
        if self._sentence_searcher is not None:
            self._sentence_searcher.close()
            self._sentence_searcher = None


def _current(searcher: Searcher | None, ix: Index) -> Searcher:
    """``searcher`` if it still sees the latest commit of ``ix``; else a refreshed or new one."""
    if searcher is not None and not searcher.up_to_date():
        if searcher.reader().generation() is None:
            # An empty index's reader cannot be refreshed in place (Whoosh reuses its segments).
            searcher.close()
            searcher = None
        else:
            searcher = searcher.refresh()
    return searcher if searcher is not None else ix.searcher()


def _try_flock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as error:
        if error.errno in (errno.EAGAIN, errno.EACCES):
            return False
        raise
    return True


def _write_marker(path: Path) -> None:
    path.write_text(f"{os.getpid()}\n", encoding="ascii")


def damaged_notice(folder: Path | None, error: BaseException) -> str:
    return f"the index in {folder} was damaged ({type(error).__name__}); rebuilt it from the files"


def write_failed(folder: Path | None, error: OSError) -> str:
    reason = error.strerror or str(error) or type(error).__name__
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        remedy = "free some space, then run `kread index`"
    else:
        remedy = "check the folder, or set KREAD_CACHE_DIR to another, then run `kread index`"
    return (
        f"could not write the index in {folder} ({reason}); "
        f"the previous index still serves; {remedy}"
    )
