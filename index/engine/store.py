"""The Whoosh index of one corpus: where it lives, its schema, and writing to it.

One record per document. Besides what search ranks (title, body, ...) a record holds
what the rest of kread reads often, kept so it is cheap to read:
- ``summary``, a column of compact JSON (title, source, counts, digest, stamp, ...):
  the document list and the refresh's comparison with the files read it without
  unpickling every document's text;
- ``sentences``, one `SENTENCE_MARK` per sentence: its total frequency is the number of
  sentences in the corpus, which with a term's frequency in ``body`` gives comparisons
  their sentence-level IDF without a record (or postings) per sentence.

Faults: each commit is atomic (Whoosh writes a new table of contents, then renames
it into place). An update holds ``update.lock`` (an ``flock`` on a descriptor of its
own, so it excludes other threads as well as other processes, and is gone with the
process) from reading the index to its last commit, and ``update.pending`` exists
while it writes: found without its lock, it says the last update was cut short. Files
a dead or failed writer left behind are removed before the next write. An index that
fails to open or read is deleted only under the update lock, once it fails there too:
without the lock, the failure may be another process's commit removing what this one
had begun to read.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import re
import shutil
import threading
import time
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from math import log
from pathlib import Path

from whoosh import writing
from whoosh.columns import VarBytesColumn
from whoosh.fields import COLUMN, ID, KEYWORD, STORED, TEXT, Schema
from whoosh.filedb.filestore import FileStorage, RamStorage
from whoosh.index import TOC, Index, clean_files
from whoosh.searching import Searcher
from whoosh.util.text import utf8encode

from kread.index import locations
from kread.index.engine.analysis import (
    Word,
    every_word_analyzer,
    spelling_analyzer,
    text_analyzer,
)
from kread.index.engine.freshness import FRESHNESS_NAME
from kread.index.engine.listing import LISTING_NAME
from kread.index.engine.mapped_storage import MappedStorage
from kread.index.engine.scoring import CachedBM25F
from kread.index.errors import IndexBusy, IndexWriteError
from kread.index.models import Document, Sentence, info_json

DOCS = "docs"
# Counts sentences in the ``sentences`` field.
SENTENCE_MARK = "#s"
UPDATE_LOCK = "update.lock"
PENDING = "update.pending"
# Files the store itself keeps in the folder besides Whoosh's own.
OWN_FILES = {UPDATE_LOCK, PENDING, LISTING_NAME, FRESHNESS_NAME}
# A table of contents, and one Whoosh was writing (it renames it into place when whole).
_TOC = re.compile(rf"^_{DOCS}_[0-9]+\.toc$")
_UNFINISHED_TOC = re.compile(rf"^_{DOCS}_[0-9]+\.toc\..+")
# Whoosh's writers are only ever taken under the update lock, so this is a formality.
WRITER_WAIT_SECONDS = 5.0
# How long opening an index that does not open waits for another process's update, to
# check under the update lock whether it is damaged.
OPEN_WAIT_SECONDS = 2.0


class _NoIndex(FileNotFoundError):
    """The folder holds no index yet."""


@dataclass(frozen=True)
class Postings:
    """A field's postings made ahead, perhaps in a worker process: what Whoosh's
    ``FieldType.index`` gives for the field's value, packed (as tuples they took 120 KB
    an article, and a build holds a thousand articles at a time)."""

    terms: bytes  # UTF-8, separated by spaces: no term holds one
    frequencies: array  # of each term
    values: bytes  # each term's encoded value, one after another
    ends: array  # where each term's value ends in ``values``
    boost: float  # the field's

    @classmethod
    def of(cls, items: Iterable[tuple[bytes, int, float, bytes]], boost: float) -> Postings:
        terms, frequencies, values, ends = [], array("I"), bytearray(), array("I")
        for term, frequency, _weight, value in items:
            terms.append(term)
            frequencies.append(frequency)
            values += value
            ends.append(len(values))
        return cls(b" ".join(terms), frequencies, bytes(values), ends, boost)

    def items(self) -> Iterator[tuple[bytes, int, float, bytes]]:
        start = 0
        terms = self.terms.split(b" ") if self.terms else []
        for term, frequency, end in zip(terms, self.frequencies, self.ends, strict=True):
            yield term, frequency, frequency * self.boost, self.values[start:end]
            start = end


class PreparedText(TEXT):
    """A TEXT field that also takes `Postings` made ahead for its value, to spare the
    one process that writes the index the analysis of long texts."""

    def index(self, value: object, **kwargs: object) -> Iterator[tuple[bytes, int, float, bytes]]:
        if isinstance(value, Postings):
            return value.items()
        return super().index(value, **kwargs)


def docs_schema() -> Schema:
    analyzer = text_analyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        title=TEXT(analyzer=analyzer, stored=True, field_boost=2.0),
        source=TEXT(analyzer=analyzer, stored=True),
        place=TEXT(analyzer=analyzer, stored=True),
        body=PreparedText(analyzer=analyzer, stored=True),
        # Unstemmed words of title and body, the source of "did you mean". Whoosh's own
        # spelling=True would make fuzzy~ terms expand to unstemmed words that the
        # stemmed body does not hold.
        spell=PreparedText(analyzer=spelling_analyzer(), phrase=False),
        # Every word of title and body, stop words kept as written, with positions: what
        # a phrase holding a stop word is matched against ("not approved", "hasn't yet").
        # The body drops them, so there the phrase would lose them.
        words=PreparedText(analyzer=every_word_analyzer()),
        facet=KEYWORD(stored=True, commas=True, lowercase=True),
        sentences=KEYWORD(),
        summary=COLUMN(VarBytesColumn()),
        layout=STORED,
    )


@dataclass(frozen=True)
class IndexedDocument:
    """Everything the store keeps of one document: the document, and what the index
    needs besides to keep it up to date and searchable."""

    document: Document
    digest: str
    # (size, mtime_ns, context key): lets a refresh skip reading unchanged files
    stamp: tuple
    # The postings of ``body``, ``spell`` and ``words``, made where the document is read
    # (perhaps in a worker process) to spare the one process that writes the index.
    body_postings: Postings
    spelling_postings: Postings
    word_postings: Postings

    @property
    def id(self) -> str:
        return self.document.id


def encode_layout(doc: Document) -> str:
    return json.dumps(
        {
            "paragraphs": doc.paragraphs,
            "sentences": [
                [
                    s.start,
                    s.end,
                    s.paragraph,
                    s.facets,
                    s.boilerplate,
                    s.heading,
                    s.spans,
                    s.cues,
                    s.cue_spans,
                ]
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
            cues=tuple(s[7]),
            cue_spans=tuple((a, b, c) for a, b, c in s[8]),
        )
        for s in data["sentences"]
    )
    return tuple((a, b) for a, b in data["paragraphs"]), sentences


class Store:
    """The index of one corpus, on disk or, when the cache is not writable, in memory."""

    def __init__(
        self, corpus: Path, cache: Path | None = None, wait: float = OPEN_WAIT_SECONDS
    ) -> None:
        self.corpus = corpus
        self.folder: Path | None = locations.index_folder(corpus, cache)
        self.notices: list[str] = []
        self._searcher: Searcher | None = None
        self._lock_owner: int | None = None  # the thread holding the update lock
        # The index on disk would not open and another process was updating it: an
        # empty one stands in until it opens, or the update lock is ours to check it.
        self._unopened = False
        storage = self._disk_storage()
        if storage is None:
            storage = RamStorage()
            self.folder = None
        self.storage = storage
        self.docs = self._open_index(wait)
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
        return MappedStorage(str(self.folder))

    def _remove_older_versions(self) -> None:
        assert self.folder is not None
        stem = self.folder.name.rsplit("-v", 1)[0]
        for other in self.folder.parent.glob(f"{stem}-v*"):
            if other != self.folder and other.is_dir():
                shutil.rmtree(other, ignore_errors=True)

    def _open_index(self, wait: float) -> Index:
        if self.folder is None:
            return self.storage.create_index(docs_schema(), indexname=DOCS)
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
        return RamStorage().create_index(docs_schema(), indexname=DOCS)

    def _open_existing(self) -> Index:
        """The index on disk, read through once; raises whatever opening it raises."""
        if not any(_TOC.match(name) for name in self.storage.list()):
            raise _NoIndex(f"no index in {self.folder}")
        ix = self.storage.open_index(indexname=DOCS)
        if ix.schema.names() != docs_schema().names():
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
        if self.folder is None:
            self.storage = RamStorage()
        else:
            if not self.holds_update_lock:  # another process may be writing them
                raise RuntimeError("the index's files are deleted only under the update lock")
            for entry in self.folder.iterdir():
                if entry.name == UPDATE_LOCK:
                    continue  # another process may hold it; it has no content
                if entry.is_dir():
                    shutil.rmtree(entry, ignore_errors=True)
                else:
                    entry.unlink(missing_ok=True)
            self.storage = MappedStorage(str(self.folder))
        return self.storage.create_index(docs_schema(), indexname=DOCS)

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
        if self._unopened:  # another process's update may have finished
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
        fields = self.fields(doc_id)
        if fields is None:
            return []
        _paragraphs, sentences = decode_layout(fields["layout"])
        text = fields["body"]
        return [dict(Counter(_terms(text[s.start : s.end]))) for s in sentences]

    def sentence_idf(self, terms: Iterable[str]) -> dict[str, float]:
        """The inverse document frequency of each stemmed term over every sentence of
        the corpus, as Whoosh weighs it: high for a term few sentences use.

        A term's uses stand for the sentences that use it (a term is seldom twice in one
        sentence): counting sentences exactly took a posting per term per document,
        nearly doubling the work of indexing."""
        reader = self.searcher().reader()
        sentences = reader.frequency("sentences", SENTENCE_MARK)
        return {
            term: log(sentences / (min(reader.frequency("body", term), sentences) + 1)) + 1.0
            for term in terms
        }

    # -- updating --------------------------------------------------------
    @contextmanager
    def update_lock(self, wait: float) -> Iterator[None]:
        """Hold the corpus's update lock, waiting up to ``wait`` seconds for another
        kread process, or another thread, to finish its update; else `IndexBusy`.
        The thread holding it may take it again (a rebuild that finds damage)."""
        if self.folder is None or self.holds_update_lock:
            yield
            return
        # A descriptor of its own each time: flock excludes every other open of the
        # file, in this process too.
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
            self._lock_owner = threading.get_ident()
            try:
                if self._unopened:
                    self.close()
                    self.docs = self._open_or_recreate()
                    self._unopened = False
                yield
            finally:
                self._lock_owner = None
        finally:
            os.close(fd)  # closing the descriptor releases the lock

    @property
    def holds_update_lock(self) -> bool:
        """Whether this thread holds the update lock through this store."""
        return self._lock_owner == threading.get_ident()

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
        toc = TOC.read(self.docs.storage, DOCS, schema=self.docs.schema)
        clean_files(self.docs.storage, DOCS, toc.generation, toc.segments)
        for entry in self.folder.iterdir():
            if entry.is_dir() and entry.suffix == ".tmp":
                shutil.rmtree(entry, ignore_errors=True)
            elif _UNFINISHED_TOC.match(entry.name) or (
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
        writer = self.docs.writer(timeout=WRITER_WAIT_SECONDS)
        written: dict[str, dict] = {}
        try:
            for doc_id in removed:
                writer.delete_by_term("id", doc_id)
            for doc in documents:
                written[doc.id] = _summary(doc)
                writer.update_document(**_record(doc, written[doc.id]))
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


def _current(searcher: Searcher | None, ix: Index) -> Searcher:
    """``searcher`` if it still sees the latest commit of ``ix``; else a new one.

    Not ``Searcher.refresh()``: Whoosh's reader reuse keeps a segment's reader when
    only its deletions changed, and adds back segments the new commit no longer has,
    so documents another process removed stayed in the results."""
    if searcher is not None:
        if searcher.up_to_date():
            return searcher
        searcher.close()
    return ix.searcher(weighting=CachedBM25F())


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


def _terms(text: str) -> Iterator[str]:
    return (token.text for token in text_analyzer()(text))


_FIELDS = docs_schema()


def body_postings(words: Iterable[Word]) -> Postings:
    """The postings of ``body`` for a text's `stemmed_words`: each stem with its
    positions, as the field's own analysis of the text gives them."""
    positions: dict[str, list[int]] = {}
    for stem, _word, position, _start, _end in words:
        positions.setdefault(stem, []).append(position)
    encode = _FIELDS["body"].format.encode
    items = ((utf8encode(stem)[0], len(at), 0.0, encode(at)) for stem, at in positions.items())
    return Postings.of(items, _FIELDS["body"].format.field_boost)


def spelling_postings(title: str, text: str) -> Postings:
    """The postings of ``spell``: every distinct word of the title and text, as written."""
    words = " ".join(dict.fromkeys(t.text for t in spelling_analyzer()(f"{title}\n{text}")))
    return Postings.of(_FIELDS["spell"].index(words), _FIELDS["spell"].format.field_boost)


# Between a title's words and the body's in ``words``: no phrase runs from one into the other.
TITLE_GAP = 100


def word_postings(title: str, text_words: Iterable[tuple[str, int, int, int]]) -> Postings:
    """The postings of ``words``: every word of the title, then of the text (its
    `analysed_words`), with its position (the text's after a gap)."""
    positions: dict[str, list[int]] = {}
    offset = 0
    for token in every_word_analyzer()(title, positions=True):
        positions.setdefault(token.text, []).append(token.pos)
        offset = token.pos + 1 + TITLE_GAP
    for word, position, _start, _end in text_words:
        positions.setdefault(word, []).append(offset + position)
    encode = _FIELDS["words"].format.encode
    items = ((utf8encode(word)[0], len(at), 0.0, encode(at)) for word, at in positions.items())
    return Postings.of(items, _FIELDS["words"].format.field_boost)


def _summary(record: IndexedDocument) -> dict:
    """What `Store.summaries` gives for ``record`` once it is written: the document's
    JSON entry (`info_json`), its digest and its stamp."""
    return {**info_json(record.document), "digest": record.digest, "stamp": list(record.stamp)}


def _record(record: IndexedDocument, summary: dict) -> dict:
    """The fields of a document's record, with its `summary`."""
    doc = record.document
    return {
        "id": doc.id,
        "title": doc.title,
        "source": doc.source,
        "place": doc.place,
        "body": record.body_postings,
        "_stored_body": doc.text,
        "spell": record.spelling_postings,
        "words": record.word_postings,
        "facet": ",".join(sorted({f for s in doc.sentences for f in s.facets})),
        "sentences": " ".join([SENTENCE_MARK] * len(doc.sentences)),
        # ASCII JSON: a path may hold lone surrogates (bytes that were not UTF-8).
        "summary": json.dumps(summary, separators=(",", ":")).encode("ascii"),
        "layout": encode_layout(doc),
    }
