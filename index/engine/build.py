"""Turning files into index records: read, split and classify each one, in this process
or, for a large update, in worker processes.

The work per file is independent of every other file, so it spreads over processes;
the index itself is written by the one process that holds the update lock.
"""

from __future__ import annotations

import hashlib
import io
import os
import sys
import threading
import time
import types
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from multiprocessing import resource_tracker
from multiprocessing.context import ForkServerContext, ForkServerProcess
from pathlib import Path
from typing import TypeVar

from kread.index.appraisal.engine import document_balance
from kread.index.appraisal.items import default_items
from kread.index.document import Document
from kread.index.engine.analysis import analysed_words
from kread.index.engine.indexed import IndexedDocument
from kread.index.engine.schema import body_postings, spelling_postings, word_postings
from kread.index.errors import KreadError
from kread.index.facets.context import sentence_contexts
from kread.index.facets.taxonomy import Taxonomy, load_taxonomy
from kread.index.models import Sentence
from kread.index.reading import corpus

_W = TypeVar("_W", bound=tuple)

# Below this many files, starting worker processes costs more than it saves.
PARALLEL_FROM = 64
# Files handed to a worker at a time: few round trips, yet an even spread.
CHUNK = 8
# Files prepared ahead of the writer at most: about one commit's worth (library.py commits
# every 500), so the workers go on while the writer commits, yet a large update does not
# hold the whole corpus in memory (900 MB at 10,000 articles when nothing held them back).
AHEAD = 512
# How often a worker checks that the kread process it works for is still there.
OWNER_CHECK_SECONDS = 0.5


@dataclass(frozen=True)
class Task:
    """One file to read, with the stamp its record will carry."""

    file: corpus.SourceFile
    stamp: tuple


@dataclass(frozen=True)
class Outcome:
    """A file's record, or the one-line reason it was skipped; and what reading it noticed."""

    file: corpus.SourceFile
    record: IndexedDocument | None
    skipped: str | None
    warnings: tuple[str, ...]


def record_digest(content_digest: str, taxonomy: Taxonomy) -> str:
    """A record's digest: the file's content (and catalog entry) under this taxonomy."""
    return hashlib.sha256(f"{content_digest}\0{taxonomy.fingerprint}".encode()).hexdigest()


def prepare(
    task: Task, catalog: corpus.Catalog, taxonomy: Taxonomy, max_bytes: int | None
) -> Outcome:
    """Read, split and classify one file."""
    try:
        parsed = corpus.read_document(task.file, catalog, max_bytes)
    except KreadError as error:
        return Outcome(task.file, None, str(error), ())
    record = classified(parsed, record_digest(parsed.digest, taxonomy), task.stamp, taxonomy)
    return Outcome(task.file, record, None, parsed.warnings)


def classified(
    parsed: corpus.ParsedDocument, digest: str, stamp: tuple, taxonomy: Taxonomy
) -> IndexedDocument:
    """A parsed document as the index keeps it: the facets of each of its sentences, how
    many sentences carry each facet, and its balance."""
    # One analysis of the whole text gives each sentence its words and the body its postings.
    words, every_word = analysed_words(parsed.text)
    contexts = sentence_contexts(parsed.text, parsed.paragraphs, parsed.sentences)
    sentences = []
    every_by_span = _by_span(every_word, parsed.sentences, at=2)
    for span, in_span, every_in_span, context in zip(
        parsed.sentences,
        _by_span(words, parsed.sentences),
        every_by_span,
        contexts,
        strict=True,
    ):
        facets: tuple[str, ...] = ()
        marks: tuple[tuple[int, int, str], ...] = ()
        cues: tuple[str, ...] = ()
        cue_marks: tuple[tuple[int, int, str], ...] = ()
        if not span.heading:
            # Boilerplate carries no facets, but it keeps its cues: a call to action is
            # boilerplate, and exactly what the promotional cue is for.
            facets, marks, cues, cue_marks = taxonomy.classify_sentence(
                in_span, every_in_span, context
            )
            if span.boilerplate:
                facets, marks = (), ()
        sentences.append(
            Sentence(
                start=span.start,
                end=span.end,
                paragraph=span.paragraph,
                facets=facets,
                boilerplate=span.boilerplate,
                heading=span.heading,
                spans=marks,
                cues=cues,
                cue_spans=cue_marks,
            )
        )
    counts = dict.fromkeys(taxonomy.names(), 0)
    for sentence in sentences:
        for facet in sentence.facets:
            counts[facet] = counts.get(facet, 0) + 1
    cue_counts = dict.fromkeys(taxonomy.cue_names(), 0)
    for sentence in sentences:
        for cue in sentence.cues:
            cue_counts[cue] = cue_counts.get(cue, 0) + 1
    document = Document(
        id=parsed.id,
        title=parsed.title,
        source=parsed.source,
        path=str(parsed.path),
        words=parsed.words,
        facet_counts=counts,
        place=parsed.place,
        date=parsed.date,
        author=parsed.author,
        cue_counts=cue_counts,
        text=parsed.text,
        paragraphs=tuple(parsed.paragraphs),
        sentences=tuple(sentences),
    )
    # Kept with the record so the list shows every document's balance without
    # appraising each one (~5 ms a document here, against ~20 for a whole appraisal).
    document = document._replace(balance=document_balance(document, default_items()))
    return IndexedDocument(
        document=document,
        digest=digest,
        stamp=stamp,
        body_postings=body_postings(words),
        spelling_postings=spelling_postings(parsed.title, parsed.text),
        word_postings=word_postings(parsed.title, every_word),
    )


def _by_span(
    words: Sequence[_W], spans: Sequence[corpus.SentenceSpan], at: int = 3
) -> list[list[_W]]:
    """The words that start in each span (``word[at]`` is a word's start); both in text
    order, spans not overlapping."""
    found: list[list[_W]] = [[] for _ in spans]
    index = 0
    for word in words:
        start = word[at]
        while index < len(spans) and spans[index].end <= start:
            index += 1
        if index == len(spans):
            break
        if spans[index].start <= start:
            found[index].append(word)
    return found


def default_jobs() -> int:
    """Processes to use by default: the CPUs this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def prepare_all(
    tasks: Sequence[Task],
    catalog: corpus.Catalog,
    taxonomy: Taxonomy,
    taxonomy_file: Path | None,
    max_bytes: int | None,
    jobs: int,
) -> Iterator[Outcome]:
    """Every task's outcome, in order; with ``jobs`` > 1 and enough files, prepared by
    that many worker processes (each loads ``taxonomy_file`` itself)."""
    if jobs <= 1 or len(tasks) < PARALLEL_FROM:
        for task in tasks:
            yield prepare(task, catalog, taxonomy, max_bytes)
        return
    _start_resource_tracker()
    # forkserver: the reader updates from a thread, and forking a threaded process is unsafe.
    with ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=_WorkerContext(),
        initializer=_start_worker,
        initargs=(catalog, taxonomy_file, taxonomy.fingerprint, max_bytes, os.getpid()),
    ) as pool:
        chunks = iter([tasks[i : i + CHUNK] for i in range(0, len(tasks), CHUNK)])
        first = islice(chunks, max(jobs * 3, AHEAD // CHUNK))
        waiting = deque(pool.submit(_prepare_in_worker, chunk) for chunk in first)
        while waiting:
            outcomes = waiting.popleft().result()
            for chunk in islice(chunks, 1):
                waiting.append(pool.submit(_prepare_in_worker, chunk))
            yield from outcomes


class _WorkerProcess(ForkServerProcess):
    """A worker process started without the main script."""

    def start(self) -> None:
        with _main_script_set_aside():
            super().start()


class _WorkerContext(ForkServerContext):
    Process = _WorkerProcess


_MAIN_SWAP = threading.Lock()


@contextmanager
def _main_script_set_aside() -> Iterator[None]:
    """``__main__`` is an empty module while a worker starts. multiprocessing would run
    the main script again in the forkserver and in each worker, and a script without an
    ``if __name__ == "__main__":`` guard would open the library and update it there too
    (it hung: the forkserver waited for the update lock its parent held). The workers
    need nothing from the script."""
    with _MAIN_SWAP:
        main = sys.modules["__main__"]
        sys.modules["__main__"] = types.ModuleType("__main__")
        try:
            yield
        finally:
            sys.modules["__main__"] = main


def _start_resource_tracker() -> None:
    """Start multiprocessing's resource tracker (the first lock of the pool would), with
    ``sys.stderr`` left without a descriptor when it has no real one. The tracker is
    handed ``sys.stderr.fileno()``, and the reader's print capture says -1 there: the
    start failed with "bad value(s) in fds_to_keep", so the reader could not open a folder
    big enough for workers. With no descriptor the tracker gets none (nor the terminal
    the reader draws on). What another thread writes to ``sys.stderr`` meanwhile is
    dropped."""
    stderr = sys.stderr
    try:
        usable = stderr is None or stderr.fileno() >= 0
    except (AttributeError, OSError, ValueError):
        usable = True  # multiprocessing passes no descriptor then
    with _MAIN_SWAP:
        if not usable:
            sys.stderr = io.StringIO()
        try:
            resource_tracker.ensure_running()
        finally:
            sys.stderr = stderr


_worker: tuple[corpus.Catalog, Taxonomy, int | None] | None = None


def _start_worker(
    catalog: corpus.Catalog,
    taxonomy_file: Path | None,
    fingerprint: str,
    max_bytes: int | None,
    owner: int,
) -> None:
    global _worker
    # A worker waits for work on a pipe it also holds open, so it would outlive a kread
    # killed mid-update (and keep the forkserver alive with it): it watches for that.
    threading.Thread(target=_exit_without, args=(owner,), daemon=True).start()
    taxonomy = load_taxonomy(taxonomy_file, check=False)
    if taxonomy.fingerprint != fingerprint:  # the file changed since the update began
        raise RuntimeError("the taxonomy changed during the update")
    _worker = (catalog, taxonomy, max_bytes)


def _exit_without(owner: int) -> None:
    while True:
        time.sleep(OWNER_CHECK_SECONDS)
        try:
            os.kill(owner, 0)
        except ProcessLookupError:
            os._exit(1)
        except PermissionError:  # the number now belongs to another user's process
            os._exit(1)


def _prepare_in_worker(tasks: Sequence[Task]) -> list[Outcome]:
    assert _worker is not None
    catalog, taxonomy, max_bytes = _worker
    return [prepare(task, catalog, taxonomy, max_bytes) for task in tasks]
