"""Two threads, two processes and unguarded scripts over one index: an update excludes
every other update, a passing failure (another process's commit merging segments away)
never deletes the index, and a script without a ``__main__`` guard still updates."""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from whoosh import index as whoosh_index

from kread.index.engine import build
from kread.index.engine.store import UPDATE_LOCK
from kread.index.errors import IndexBusy
from kread.index.library import Library

WAIT = 60.0  # seconds: the limit of any one process here
# Holds the update lock of the corpus in argv[1] as another kread process's update
# would, commits a merge of every segment, says "merged", then, when told (or after
# HOLD seconds), says whether the files of its own commit are still there.
MERGING_WRITER = """
import select, sys
from pathlib import Path
from whoosh.index import TOC
from kread.index.engine.store import DOCS, Store

store = Store(Path(sys.argv[1]))
with store.update_lock(10):
    store.docs.writer().commit(optimize=True)
    print("merged", flush=True)
    select.select([sys.stdin], [], [], float(sys.argv[2]))
    try:
        toc = TOC.read(store.storage, DOCS)
        whole = all((store.folder / f"{s.segment_id()}.seg").exists() for s in toc.segments)
    except Exception:
        whole = False
    print("intact" if whole and toc.segments else "gone", flush=True)
"""
HOLD = 8.0


# -- two threads ----------------------------------------------------------------------
def test_a_second_thread_waits_for_the_update_another_thread_is_making(small_corpus: Path):
    library = Library.open(small_corpus)
    inside, release = threading.Event(), threading.Event()

    def pause_in_the_middle(done: int, _total: int, _id: str) -> None:
        if done == 1:
            inside.set()
            release.wait(WAIT)

    rebuild = threading.Thread(
        target=library.refresh, kwargs={"progress": pause_in_the_middle, "rebuild": True}
    )
    rebuild.start()
    try:
        assert inside.wait(WAIT)
        with pytest.raises(IndexBusy, match="another kread process is updating"):
            library.refresh(wait=0.3)
        with pytest.raises(IndexBusy), library.store.update_lock(0.3):
            pass
        # Reading goes on meanwhile: the rebuild holds the update lock, not the reader.
        assert [d.id for d in library.documents()] == ["alpha", "beta", "gamma"]
    finally:
        release.set()
        rebuild.join(WAIT)
    (small_corpus / "delta.txt").write_text("Ketamine clinics open in many cities.\n")
    assert library.refresh(wait=5).added == ("delta",)  # free again once it has finished
    assert library.search("clinics").hits[0].id == "delta"


def test_two_threads_updating_at_once_take_turns(small_corpus: Path):
    library = Library.open(small_corpus)
    for n in range(6):
        (small_corpus / f"extra{n}.txt").write_text(f"Ketamine note {n} on dosing.\n")
    reports, errors = [], []

    def update() -> None:
        try:
            reports.append(library.refresh(wait=WAIT))
        except Exception as error:  # reported below, with the thread's error
            errors.append(error)

    threads = [threading.Thread(target=update) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT)
    assert not errors
    # One did the work; the other, after it, found nothing left to do.
    assert sorted(len(r.added) for r in reports) == [0, 6]
    assert len(Library.open(small_corpus, refresh=False).documents()) == 9


# -- two processes, with a merge between ------------------------------------------------
def two_segment_index(corpus: Path) -> Path:
    """The corpus indexed in two commits (two segments), closed; its index folder."""
    library = Library.open(corpus)
    (corpus / "delta.txt").write_text("Pharmacists keep esketamine locked away.\n")
    library.refresh()
    folder = library.store.folder
    library.close()
    assert len(list(folder.glob("*.seg"))) == 2
    return folder


def merge_while_reading(monkeypatch: pytest.MonkeyPatch, folder: Path, corpus: Path):
    """The next table of contents this process reads is chosen, then another process
    commits a merge that removes it and its segments, then it is read: what a reader
    meets when another process's commit lands between two steps of its own.
    Gives the other process, which keeps the update lock until told."""
    real_read = whoosh_index.TOC.read.__func__
    writer: list[subprocess.Popen] = []

    def read(cls, storage, indexname, gen=None, schema=None):
        if not writer and gen is None:
            gen = cls._latest_generation(storage, indexname)
            writer.append(
                subprocess.Popen(
                    [sys.executable, "-c", MERGING_WRITER, str(corpus), str(HOLD)],
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    text=True,
                )
            )
            assert writer[0].stdout.readline() == "merged\n"
            assert not (folder / f"_docs_{gen}.toc").exists()  # merged away
        return real_read(cls, storage, indexname, gen=gen, schema=schema)

    monkeypatch.setattr(whoosh_index.TOC, "read", classmethod(read))
    return writer


def said_by_the_writer(writer: list[subprocess.Popen]) -> str:
    (process,) = writer
    process.stdin.write("check\n")
    process.stdin.flush()
    out, _ = process.communicate(timeout=WAIT)
    return out.strip()


def test_opening_while_another_process_merges_keeps_its_index(
    small_corpus: Path, monkeypatch: pytest.MonkeyPatch
):
    folder = two_segment_index(small_corpus)
    writer = merge_while_reading(monkeypatch, folder, small_corpus)
    library = Library.open(small_corpus, refresh=False)
    assert writer, "the merge did not happen while the index was opened"
    assert said_by_the_writer(writer) == "intact"
    assert not any("damaged" in w for w in library.warnings)
    assert len(library.documents()) == 4
    assert library.search("pharmacists").hits[0].id == "delta"


def test_reading_while_another_process_merges_keeps_its_index(
    small_corpus: Path, monkeypatch: pytest.MonkeyPatch
):
    folder = two_segment_index(small_corpus)
    library = Library.open(small_corpus, refresh=False)
    assert len(library.documents()) == 4  # the searcher is open; the schema not yet read
    writer = merge_while_reading(monkeypatch, folder, small_corpus)
    started = time.monotonic()
    hits = library.search("pharmacists").hits
    assert writer, "the merge did not happen during the search"
    assert time.monotonic() - started < HOLD  # it did not wait for the other update
    assert said_by_the_writer(writer) == "intact"
    assert [hit.id for hit in hits] == ["delta"]
    assert not any("damaged" in w for w in library.warnings)


def test_an_index_damaged_while_another_process_updates_is_left_to_it(small_corpus: Path):
    """Damage cannot be told from a commit under way without the update lock: the
    files are left alone until the lock is free, then checked and rebuilt."""
    library = Library.open(small_corpus)
    folder = library.store.folder
    library.close()
    for toc in folder.glob("_docs_*.toc"):
        toc.write_bytes(b"garbage")
    with (folder / UPDATE_LOCK).open("w") as other_process:
        fcntl.flock(other_process, fcntl.LOCK_EX)  # as another process's update holds it
        before = sorted(p.name for p in folder.iterdir())
        meanwhile = Library.open(small_corpus)  # waits briefly, then gives up
        assert sorted(p.name for p in folder.iterdir()) == before
        assert any("another kread process is updating" in w for w in meanwhile.warnings)
        assert meanwhile.documents() == []
    assert sorted(meanwhile.refresh(wait=5).added) == ["alpha", "beta", "gamma"]
    assert any("was damaged" in w for w in meanwhile.warnings)
    assert not any("another kread process" in w for w in meanwhile.warnings)
    assert meanwhile.search("glutamate").hits[0].id == "beta"


# -- a script without a __main__ guard --------------------------------------------------
UNGUARDED = """
import sys
from kread.index.library import Library

library = Library.open(sys.argv[1], refresh=False)
print(len(library.refresh(jobs=2).added), flush=True)
"""


def _enough_notes_for_workers(tmp_path: Path) -> tuple[Path, int]:
    """A folder of enough notes that an update prepares them in worker processes."""
    corpus = tmp_path / "many"
    corpus.mkdir()
    count = build.PARALLEL_FROM + 8
    for n in range(count):
        (corpus / f"note{n:03d}.txt").write_text(f"Note {n}\n\nKetamine dosing note {n}.\n")
    return corpus, count


def test_a_script_without_a_main_guard_updates_with_worker_processes(
    tmp_path: Path, isolated_cache: Path
):
    corpus, count = _enough_notes_for_workers(tmp_path)
    script = tmp_path / "count_notes.py"
    script.write_text(UNGUARDED)
    process = subprocess.Popen(
        [sys.executable, str(script), str(corpus)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "KREAD_CACHE_DIR": str(isolated_cache)},
        start_new_session=True,
    )
    try:
        out, err = process.communicate(timeout=WAIT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        pytest.fail(f"the unguarded script hung for {WAIT:.0f} s")
    assert process.returncode == 0, err
    assert out == f"{count}\n"  # the script ran once: not again in the workers
    assert "Traceback" not in err


# The reader's print capture (Textual's) stands in for sys.stderr and says -1 for its
# descriptor: multiprocessing handed that on, and the reader could not open a folder
# big enough for worker processes ("bad value(s) in fds_to_keep").
CAPTURED_STDERR = """
import sys
from kread.index.library import Library

class Capture:
    def write(self, text):
        return len(text)

    def flush(self):
        pass

    def fileno(self):
        return -1

sys.stderr = Capture()
library = Library.open(sys.argv[1], refresh=False)
print(len(library.refresh(jobs=2).added), flush=True)
"""


def test_worker_processes_start_while_stderr_has_no_descriptor(
    tmp_path: Path, isolated_cache: Path
):
    corpus, count = _enough_notes_for_workers(tmp_path)
    script = tmp_path / "captured.py"
    script.write_text(CAPTURED_STDERR)
    run = subprocess.run(
        [sys.executable, str(script), str(corpus)],
        capture_output=True,
        text=True,
        timeout=WAIT,
        env={**os.environ, "KREAD_CACHE_DIR": str(isolated_cache)},
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout == f"{count}\n"
