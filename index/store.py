"""The Whoosh index of one corpus: where it lives, its schemas, and writing to it.

Two indexes share one folder: ``docs`` (one record per document, what search
ranks) and ``sentences`` (one record per sentence, for facet- and
sentence-level work). They are kept apart so that sentence records do not skew
the BM25 statistics of the documents. Every write replaces a document's records
by its id and commits the sentences before the documents, so a write cut short
leaves at worst a document whose stored digest is old: the next refresh redoes it.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from whoosh import writing
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.filedb.filestore import FileStorage, RamStorage
from whoosh.index import Index, LockError
from whoosh.searching import Searcher

from index import locations
from index.analysis import spelling_analyzer, text_analyzer
from index.errors import IndexUnavailable
from index.models import Sentence

DOCS = "docs"
SENTENCES = "sentences"
# How long a writer waits for another kread process to finish its update.
WRITE_WAIT_SECONDS = 30.0


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
            return self._open_or_create(DOCS, docs_schema()), self._open_or_create(
                SENTENCES, sentences_schema()
            )
        except Exception as error:  # a damaged index is rebuilt, never fatal
            self.notices.append(
                f"the index in {self.folder} could not be read ({type(error).__name__}); "
                "rebuilding it"
            )
            self._wipe()
            return self._create(DOCS, docs_schema()), self._create(SENTENCES, sentences_schema())

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

    def _wipe(self) -> None:
        if self.folder is None:
            self.storage = RamStorage()
            return
        for entry in self.folder.iterdir():
            if entry.is_file():
                entry.unlink(missing_ok=True)
        self.storage = FileStorage(str(self.folder))

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

    # -- writing ---------------------------------------------------------
    @contextmanager
    def _writers(self, replace_all: bool) -> Iterator[tuple]:
        try:
            sentences = self.sentences.writer(timeout=WRITE_WAIT_SECONDS)
        except LockError as error:
            raise IndexUnavailable(
                f"another kread process is updating the index in {self.folder}; try again shortly"
            ) from error
        try:
            docs = self.docs.writer(timeout=WRITE_WAIT_SECONDS)
        except LockError as error:
            sentences.cancel()
            raise IndexUnavailable(
                f"another kread process is updating the index in {self.folder}; try again shortly"
            ) from error
        try:
            yield docs, sentences
        except BaseException:
            sentences.cancel()
            docs.cancel()
            raise
        # CLEAR drops every older segment in the same locked commit: a rebuild is atomic.
        mergetype = writing.CLEAR if replace_all else None
        sentences.commit(mergetype=mergetype)
        docs.commit(mergetype=mergetype)

    def write(
        self,
        documents: Iterable[IndexedDocument],
        removed: Iterable[str],
        facet_names: tuple[str, ...],
        replace_all: bool = False,
    ) -> None:
        """Replace or add ``documents`` and delete ``removed``, in one update;
        with ``replace_all``, the documents become the whole index."""
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
        self._searcher = None
        if self._sentence_searcher is not None:
            self._sentence_searcher.close()
            self._sentence_searcher = None

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
