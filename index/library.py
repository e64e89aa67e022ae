"""`Library`: the single entry point to a corpus, used by the reader and the command line."""

from __future__ import annotations

import functools
import hashlib
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from index.errors import BadComparison, CorpusError, KreadError, UnknownDocument
from index.listing import LISTING_NAME, write_listing
from index.locations import corpus_root, topics_key
from index.models import (
    Comparison,
    Document,
    DocumentInfo,
    FacetMatrix,
    Progress,
    RefreshReport,
    SearchResult,
    Sentence,
)
from index.sanitize import sanitize
from index.store import IndexedDocument, Store, decode_layout
from index.topics import Taxonomy, load_taxonomy

if TYPE_CHECKING:
    # Reading files, parsing queries and comparing are imported when first used:
    # opening a library for its list of documents should not pay for them.
    from index import corpus
    from index.search import QueryReader


T = TypeVar("T")


def _locked(method: Callable[..., T]) -> Callable[..., T]:
    @functools.wraps(method)
    def call(self: Library, *args, **kwargs) -> T:
        with self._lock:
            return method(self, *args, **kwargs)

    return call


class Library:
    """A corpus, its taxonomy and its index."""

    def __init__(self, root: Path, taxonomy: Taxonomy, store: Store, topics_key: str = "") -> None:
        self.root = root
        self.topics_key = topics_key
        self.taxonomy = taxonomy
        self.store = store
        self.warnings: list[str] = list(store.notices)
        self._reader: QueryReader | None = None
        self._documents: list[DocumentInfo] | None = None
        # The reader searches in a worker thread while the UI thread reads documents:
        # one Whoosh searcher must not serve two threads at once.
        self._lock = threading.RLock()

    @classmethod
    def open(
        cls,
        corpus: str | Path | None = None,
        topics: str | Path | None = None,
        *,
        refresh: bool = True,
        progress: Progress | None = None,
    ) -> Library:
        """Open a corpus folder (the bundled articles when None) with a taxonomy
        (the default one when None); with ``refresh``, bring the index up to date first."""
        root = corpus_root(corpus)
        if not root.is_dir():
            what = "is not a folder" if root.exists() else "does not exist"
            raise CorpusError(
                f"{corpus_label(root)} {what}; give --corpus a folder of .txt, .md or .html files"
            )
        # Facet queries compile when first used (classifying a changed document), so
        # opening an up-to-date index skips that; `kread topics` checks them all.
        taxonomy = load_taxonomy(
            Path(topics).expanduser() if topics is not None else None, check=False
        )
        library = cls(root.resolve(), taxonomy, Store(root.resolve()), topics_key(topics))
        if refresh:
            library.refresh(progress)
        return library

    # -- the index -------------------------------------------------------
    def refresh(self, progress: Progress | None = None, rebuild: bool = False) -> RefreshReport:
        """Index what was added or changed and drop what was removed.

        Files are read and classified without holding the library's lock, so the
        reader can show documents while an update is under way."""
        from index import corpus

        files, skipped = corpus.scan(self.root)
        catalog = corpus.load_catalog(self.root)
        with self._lock:
            indexed = {} if rebuild else self.store.fingerprints()
        todo: list[tuple[corpus.SourceFile, tuple]] = []
        for file in files:
            stamp = (file.size, file.mtime_ns, self._context_key(catalog, file))
            known = indexed.get(file.id)
            if known is None or tuple(known[1]) != stamp:
                todo.append((file, stamp))
        present = {file.id for file in files}
        removed = sorted(set(indexed) - present)

        added, changed, written = [], [], []
        for done, (file, stamp) in enumerate(todo, 1):
            if progress:
                progress(done, len(todo), file.id)
            try:
                parsed = corpus.read_document(file, catalog)
            except KreadError as error:
                skipped.append(str(error))
                if file.id in indexed:
                    removed.append(file.id)
                continue
            digest = self._digest(parsed.digest)
            known = indexed.get(file.id)
            if known is None:
                added.append(file.id)
            elif known[0] != digest:
                changed.append(file.id)
            written.append(self._indexed(parsed, digest, stamp))
        if written or removed or rebuild:
            with self._lock:
                self.store.write(written, removed, self.taxonomy.names(), replace_all=rebuild)
                self._documents = None
        if self.store.folder is not None and (
            written or removed or rebuild or not (self.store.folder / LISTING_NAME).exists()
        ):
            write_listing(
                self.store.folder, self.topics_key, self.taxonomy.facets, self.documents()
            )
        self.warnings.extend(skipped)
        return RefreshReport(
            added=tuple(added),
            changed=tuple(changed),
            removed=tuple(sorted(removed)),
            skipped=tuple(skipped),
            rebuilt=rebuild,
        )

    def _context_key(self, catalog: corpus.Catalog, file: corpus.SourceFile) -> str:
        """What besides the file's bytes decides its record: its catalog entry, the
        parsing rules and the taxonomy."""
        from index import corpus

        parts = (catalog.entry_text(file), corpus.PARSER_VERSION, self.taxonomy.fingerprint)
        return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:16]

    def _digest(self, content_digest: str) -> str:
        return hashlib.sha256(f"{content_digest}\0{self.taxonomy.fingerprint}".encode()).hexdigest()

    def _indexed(self, parsed: corpus.ParsedDocument, digest: str, stamp: tuple) -> IndexedDocument:
        sentences = []
        for span in parsed.sentences:
            facets: tuple[str, ...] = ()
            marks: tuple[tuple[int, int, str], ...] = ()
            if not (span.boilerplate or span.heading):
                facets, local = self.taxonomy.classify(parsed.text[span.start : span.end])
                marks = tuple((span.start + a, span.start + b, f) for a, b, f in local)
            sentences.append(
                Sentence(
                    start=span.start,
                    end=span.end,
                    paragraph=span.paragraph,
                    facets=facets,
                    boilerplate=span.boilerplate,
                    heading=span.heading,
                    spans=marks,
                )
            )
        return IndexedDocument(
            id=parsed.id,
            path=str(parsed.path),
            title=parsed.title,
            source=parsed.source,
            place=parsed.place,
            date=parsed.date,
            text=parsed.text,
            words=parsed.words,
            digest=digest,
            stamp=stamp,
            paragraphs=tuple(parsed.paragraphs),
            sentences=tuple(sentences),
        )

    # -- reading ---------------------------------------------------------
    @_locked
    def documents(self) -> list[DocumentInfo]:
        """Every indexed document, by id."""
        if self._documents is None:
            self._documents = sorted(
                (self._info(fields) for fields in self.store.stored()), key=lambda d: d.id
            )
        return list(self._documents)

    @_locked
    def resolve(self, doc_id: str) -> str:
        """The full id for an id or a unique prefix of one."""
        ids = [d.id for d in self.documents()]
        if doc_id in ids:
            return doc_id
        matches = [i for i in ids if i.startswith(doc_id)] if doc_id else []
        if len(matches) == 1:
            return matches[0]
        shown = sanitize(doc_id)
        if not matches:
            raise UnknownDocument(
                f"no document {shown!r} in {corpus_label(self.root)}; `kread list` shows the ids"
            )
        listed = ", ".join(matches[:4]) + (", ..." if len(matches) > 4 else "")
        raise UnknownDocument(
            f"{shown!r} matches {len(matches)} documents ({listed}); give more of the id"
        )

    @_locked
    def document(self, doc_id: str) -> Document:
        fields = self.store.fields(self.resolve(doc_id))
        assert fields is not None
        info = self._info(fields)
        paragraphs, sentences = decode_layout(fields["layout"])
        return Document(
            **{name: getattr(info, name) for name in DocumentInfo.__dataclass_fields__},
            text=fields["body"],
            paragraphs=paragraphs,
            sentences=sentences,
        )

    @_locked
    def search(
        self,
        query: str,
        facets: Sequence[str] = (),
        limit: int | None = 20,
        matches: bool = True,
    ) -> SearchResult:
        """Ranked hits for a query in the Whoosh query language, optionally only in
        documents that carry every facet in ``facets``."""
        names = [self.taxonomy.resolve(f) for f in facets]
        from index.search import QueryReader, run_search

        if self._reader is None:
            self._reader = QueryReader(self.store.docs.schema)
        result = run_search(self.store.searcher(), self._reader, query, names, limit, matches)
        counts = {name: result.facet_counts.get(name, 0) for name in self.taxonomy.names()}
        return SearchResult(
            query=result.query,
            total=result.total,
            hits=result.hits,
            facet_counts=counts,
            corrected=result.corrected,
            notice=result.notice,
        )

    @_locked
    def compare(self, a_id: str, b_id: str, facets: Sequence[str] = ()) -> Comparison:
        """Two documents facet by facet (every facet, or those in ``facets``, in taxonomy
        order): similar sentences paired, what only one side says, the terms both use.
        Sentence indexes are positions in ``Document.sentences``."""
        names = self._facet_names(facets)
        a_full, b_full = self._distinct((a_id, b_id))
        a, b = self.document(a_full), self.document(b_full)
        a_vectors = self.store.sentence_vectors(a.id)
        b_vectors = self.store.sentence_vectors(b.id)
        terms = {t for vector in (*a_vectors, *b_vectors) for t in vector}
        idf = self.store.sentence_idf(terms)
        from index.compare import compare_documents

        return compare_documents(a, b, a_vectors, b_vectors, idf, names)

    @_locked
    def matrix(self, ids: Sequence[str], facets: Sequence[str] = ()) -> FacetMatrix:
        """Which sentences of each document carry each facet (every facet, or those in
        ``facets``, in taxonomy order), for two or more documents."""
        names = self._facet_names(facets)
        documents = [self.document(doc_id) for doc_id in self._distinct(ids)]
        from index.compare import facet_matrix

        return facet_matrix(documents, names)

    def _facet_names(self, facets: Sequence[str]) -> tuple[str, ...]:
        """Facet names, prefixes or letters resolved; in taxonomy order, each once."""
        if isinstance(facets, str):
            facets = (facets,)
        wanted = {self.taxonomy.resolve(f) for f in facets}
        return tuple(n for n in self.taxonomy.names() if not wanted or n in wanted)

    def _distinct(self, ids: Sequence[str]) -> list[str]:
        """The full ids of two or more different documents."""
        ids = [ids] if isinstance(ids, str) else list(ids)
        if len(ids) < 2:
            given = "one was" if ids else "none was"
            raise BadComparison(
                f"compare needs two or more documents (ids or prefixes); {given} given"
            )
        full: list[str] = []
        for doc_id in ids:
            resolved = self.resolve(doc_id)
            if resolved in full:
                earlier = ids[full.index(resolved)]
                same = (
                    f"{sanitize(doc_id)!r} is given twice"
                    if earlier == doc_id
                    else f"{sanitize(earlier)!r} and {sanitize(doc_id)!r} "
                    f"are the same document ({resolved})"
                )
                raise BadComparison(f"{same}; compare different documents")
            full.append(resolved)
        return full

    def close(self) -> None:
        self.store.close()

    def _info(self, fields: dict) -> DocumentInfo:
        counts = fields["counts"]
        return DocumentInfo(
            id=fields["id"],
            title=fields["title"],
            source=fields["source"],
            path=fields["path"],
            words=fields["words"],
            facet_counts={name: counts.get(name, 0) for name in self.taxonomy.names()},
            place=fields["place"],
            date=fields["date"],
        )


def corpus_label(root: Path) -> str:
    """A folder as it is safe to show: control characters removed."""
    return sanitize(str(root))
