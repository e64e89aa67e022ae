"""The index under faults: kill -9 at random moments, Ctrl-C, a full disk, two
processes at once, damaged files. Real `kread` processes and signals, and checks that
what the next run shows is whole: each document entirely one version of its file, its
its summary in step with its text, nothing lost, no lock left behind."""

from __future__ import annotations

import errno
import json
import os
import random
import re
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from whoosh.fields import ID, Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC

from kread.index.engine import build
from kread.index.engine import store as store_module
from kread.index.engine.store import PENDING, Store
from kread.index.errors import IndexWriteError
from kread.index.facets.taxonomy import load_taxonomy
from kread.index.library import Library
from tests.hostile import KREAD

WAIT = 60.0  # seconds: the limit of any one kread run here
SEEDS = Path(__file__).parent.parent / "seeds"
EDITION = re.compile(r"edition(\d+)")


def kread(*args: str, cache: Path, **kwargs) -> subprocess.CompletedProcess:
    env = {**os.environ, "KREAD_CACHE_DIR": str(cache), "NO_COLOR": "1"}
    return subprocess.run(
        [*KREAD, *args],
        capture_output=True,
        text=True,
        timeout=WAIT,
        env=env,
        check=False,
        **kwargs,
    )


def start_kread(*args: str, cache: Path) -> subprocess.Popen:
    env = {**os.environ, "KREAD_CACHE_DIR": str(cache), "NO_COLOR": "1"}
    return subprocess.Popen(
        [*KREAD, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,
    )


def paragraphs() -> list[str]:
    """Real sentences to build articles from: the bundled articles' paragraphs."""
    found = []
    for path in sorted(SEEDS.glob("*.txt")):
        found += [p.strip() for p in path.read_text().split("\n\n") if len(p.split()) > 12]
    return found


def write_article(folder: Path, n: int, edition: int, source: list[str]) -> None:
    """Article ``n`` as of ``edition``: every paragraph carries the edition's word, so a
    record that mixes two editions shows."""
    rng = random.Random(n * 1000 + edition)
    body = "\n\n".join(f"{p} edition{edition}." for p in rng.sample(source, 4))
    (folder / f"article{n:03d}.txt").write_text(f"Article {n} edition{edition}\n\n{body}\n")


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    source = paragraphs()
    for n in range(40):
        write_article(folder, n, 1, source)
    return folder


def editions_on_disk(folder: Path) -> dict[str, int]:
    return {
        p.stem: int(EDITION.search(p.read_text()).group(1)) for p in sorted(folder.glob("*.txt"))
    }


def open_as_is(folder: Path, cache: Path) -> Library:
    """The library over the index exactly as the last process left it: no refresh."""
    os.environ["KREAD_CACHE_DIR"] = str(cache)
    return Library(folder.resolve(), load_taxonomy(None), Store(folder.resolve()))


def assert_whole(library: Library) -> dict[str, int]:
    """Every document is one edition of its file throughout, title, text and summary;
    returns each document's edition."""
    editions = {}
    for info in library.documents():
        doc = library.document(info.id)
        found = {int(e) for e in EDITION.findall(doc.text)}
        assert len(found) == 1, f"{info.id} mixes editions {found}"
        editions[info.id] = found.pop()
        counts = {name: 0 for name in info.facet_counts}
        for sentence in doc.sentences:
            for facet in sentence.facets:
                counts[facet] += 1
        assert counts == info.facet_counts, f"{info.id}: summary out of step with the text"
        assert f"edition{editions[info.id]}" in doc.title, f"{info.id}: title from another edition"
    return editions


def index_folder(cache: Path) -> Path:
    """The one index in ``cache`` (beside it: the parsed topics queries)."""
    (folder,) = [p for p in cache.iterdir() if p.is_dir()]
    return folder


def assert_no_leftovers(cache: Path) -> None:
    """Only the files the index's last commit uses, the store's own files and the
    document list: nothing half-written."""
    folder = index_folder(cache)
    names = {p.name for p in folder.iterdir()}
    toc = TOC.read(FileStorage(str(folder)), "docs")
    used = {f"{s.segment_id()}.seg" for s in toc.segments}
    allowed = used | {f"_docs_{toc.generation}.toc", "docs_WRITELOCK"} | store_module.OWN_FILES
    assert names <= allowed, sorted(names - allowed)


# -- kill -9 ------------------------------------------------------------------------
ROUNDS = int(os.environ.get("KREAD_KILL_ROUNDS", "8"))


def test_kills_at_random_moments_never_leave_a_mixed_or_locked_index(
    corpus: Path, tmp_path: Path, isolated_cache: Path
):
    cache = isolated_cache
    source = paragraphs()
    started = time.monotonic()
    assert kread("index", "--corpus", str(corpus), cache=cache).returncode == 0
    full_build = time.monotonic() - started
    rng = random.Random(5)
    for n in rng.sample(range(40), 14):
        write_article(corpus, n, 1000, source)
    started = time.monotonic()
    assert kread("index", "--corpus", str(corpus), cache=cache).returncode == 0
    update = time.monotonic() - started  # how long an uninterrupted update of 14 files takes
    kills = interrupted_notices = round_ = 0
    # ROUNDS rounds, and more (up to twice as many) while fewer than four in five kills
    # landed mid-run: whether a kill lands depends on the machine's load, not only on
    # kread. KREAD_KILL_ROUNDS=50 gives a longer run.
    while round_ < ROUNDS or (kills < ROUNDS * 4 // 5 and round_ < 2 * ROUNDS):
        round_ += 1
        # An update of a third of the files, some added and removed; every fifth a rebuild.
        for n in rng.sample(range(40), 14):
            write_article(corpus, n, round_ + 2, source)
        extra = corpus / f"extra{round_ % 3}.txt"
        if extra.exists():
            extra.unlink()
        else:
            write_article(corpus, 100 + round_ % 3, round_ + 2, source)
            (corpus / f"article{100 + round_ % 3:03d}.txt").rename(extra)
        args = ["index", "--corpus", str(corpus)] + (["--rebuild"] if round_ % 5 == 0 else [])
        process = start_kread(*args, cache=cache)
        time.sleep(rng.uniform(0.0, full_build if round_ % 5 == 0 else update))
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            kills += 1
        process.wait(timeout=WAIT)

        # What the killed process left: readable, each document one edition.
        assert_whole(open_as_is(corpus, cache))
        # The next run finishes the job, says so if it was cut short, is never blocked.
        shown = kread("list", "--json", "--corpus", str(corpus), cache=cache)
        assert shown.returncode == 0, shown.stderr
        interrupted_notices += "cut short" in shown.stderr
        listed = {d["id"] for d in json.loads(shown.stdout)["documents"]}
        on_disk = editions_on_disk(corpus)
        assert listed == set(on_disk)
        assert assert_whole(open_as_is(corpus, cache)) == on_disk
        assert_no_leftovers(cache)
    assert kills >= ROUNDS * 4 // 5  # most runs were cut short, at every stage of an update

    # Random kills may all land before writing began (start-up is slow on a loaded
    # machine), so one more is made while the update is known to be writing.
    for n in rng.sample(range(40), 14):
        write_article(corpus, n, 2 * ROUNDS + 3, source)
    process = start_kread("index", "--corpus", str(corpus), "--rebuild", cache=cache)
    deadline = time.monotonic() + WAIT
    while not any(cache.rglob(PENDING)):
        assert process.poll() is None and time.monotonic() < deadline, "it never wrote"
        time.sleep(0.005)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=WAIT)
    assert_whole(open_as_is(corpus, cache))
    shown = kread("list", "--json", "--corpus", str(corpus), cache=cache)
    assert shown.returncode == 0, shown.stderr
    interrupted_notices += "cut short" in shown.stderr
    assert interrupted_notices >= 1
    assert assert_whole(open_as_is(corpus, cache)) == editions_on_disk(corpus)
    assert_no_leftovers(cache)


# -- Ctrl-C -------------------------------------------------------------------------
def test_ctrl_c_during_index_keeps_the_last_commit_and_the_next_run_finishes(
    corpus: Path, tmp_path: Path, isolated_cache: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr("kread.index.engine.refresh.BATCH_DOCUMENTS", 10)
    library = Library.open(corpus, refresh=False)

    def interrupt(done: int, _total: int, _id: str) -> None:
        if done == 25:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        library.refresh(interrupt)
    # Two commits of ten were made before the interrupt; they stand, whole.
    kept = assert_whole(open_as_is(corpus, isolated_cache))
    assert len(kept) == 20
    again = Library.open(corpus)
    assert any("cut short" in w for w in again.warnings)
    assert assert_whole(again) == editions_on_disk(corpus)

    # Interrupted mid-commit, the same library can write again at once: the writer it
    # had open let go of the index.
    for n in range(40):
        write_article(corpus, n, 2, paragraphs())
    with pytest.raises(KeyboardInterrupt) as interrupted:  # kept, as a caller may keep it
        again.refresh(interrupt)
    assert len(again.refresh(wait=0).changed) == 20
    assert interrupted.traceback
    assert assert_whole(again) == editions_on_disk(corpus)


def test_a_table_of_contents_a_killed_writer_left_half_written_is_removed(
    corpus: Path, tmp_path: Path, isolated_cache: Path, monkeypatch: pytest.MonkeyPatch
):
    library = Library.open(corpus)
    folder = library.store.folder
    library.close()
    # Killed after Whoosh wrote the next table of contents, before it renamed it in place.
    (folder / "_docs_99.toc.1795345545.782571").write_bytes(bytes(10))
    (folder / PENDING).write_text("12345\n")
    again = Library.open(corpus)
    assert any("cut short" in w for w in again.warnings)
    assert assert_whole(again) == editions_on_disk(corpus)
    assert_no_leftovers(isolated_cache)


def test_sigint_to_kread_index_exits_130_with_one_line_and_nothing_is_lost(
    corpus: Path, tmp_path: Path, isolated_cache: Path
):
    cache = isolated_cache
    for delay in (0.3, 0.6, 0.9, 1.2):
        process = start_kread("index", "--rebuild", "--corpus", str(corpus), cache=cache)
        time.sleep(delay)
        os.killpg(process.pid, signal.SIGINT)
        _out, err = process.communicate(timeout=WAIT)
        assert "Traceback" not in err
        if process.returncode == 130:
            # Cut short while starting up, silently, or while indexing, with one line.
            assert err == "" or "interrupted: the index keeps" in err
        else:
            assert process.returncode == 0, err  # it had finished
        shown = kread("list", "--json", "--corpus", str(corpus), cache=cache)
        assert shown.returncode == 0 and "Traceback" not in shown.stderr
        assert len(json.loads(shown.stdout)["documents"]) == 40


# -- a full disk --------------------------------------------------------------------
@contextmanager
def tmpfs(mount: Path, options: str) -> Iterator[Path]:
    """A small tmpfs at ``mount`` (needs root and mount); the test is skipped without."""
    mount.mkdir()
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(mount)],
        capture_output=True,
        check=False,
    )
    if made.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs ({options}) here (needs root)")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    with tmpfs(tmp_path / "disk", "size=1m") as mount:
        yield mount


def test_disk_full_is_one_clear_error_the_old_index_serves_and_writing_resumes(
    corpus: Path, small_disk: Path, monkeypatch: pytest.MonkeyPatch
):
    cache = small_disk / "cache"
    for path in sorted(corpus.glob("*.txt"))[8:]:
        path.unlink()  # eight articles fit in the space
    assert kread("index", "--corpus", str(corpus), cache=cache).returncode == 0
    before = editions_on_disk(corpus)
    source = paragraphs() * 40
    for n in range(8, 22):
        write_article(corpus, n, 1, source)
        with (corpus / f"article{n:03d}.txt").open("a") as handle:
            handle.write("\n\n".join(source[:10]) + " edition1.\n")  # a long article

    failed = kread("index", "--corpus", str(corpus), cache=cache)
    assert failed.returncode == 2
    assert "No space left on device" in failed.stderr
    assert "previous index still serves" in failed.stderr
    assert "Traceback" not in failed.stderr and len(failed.stderr.strip().splitlines()) == 1
    assert_no_leftovers(cache)
    shown = kread("list", "--json", "--corpus", str(corpus), cache=cache)
    assert shown.returncode == 0 and "No space left" in shown.stderr
    assert {d["id"] for d in json.loads(shown.stdout)["documents"]} == set(before)

    # The same process writes again once there is space.
    monkeypatch.setenv("KREAD_CACHE_DIR", str(cache))
    library = Library.open(corpus, refresh=False)
    with pytest.raises(IndexWriteError, match="No space left on device"):
        library.refresh()
    assert {d.id for d in library.documents()} == set(before)
    subprocess.run(["mount", "-o", "remount,size=64m", str(small_disk)], check=True)
    assert len(library.refresh().added) == 14
    assert assert_whole(library) == editions_on_disk(corpus)


def test_a_write_error_anywhere_leaves_the_last_commit(
    corpus: Path, tmp_path: Path, isolated_cache: Path, monkeypatch: pytest.MonkeyPatch
):
    """The same, without a real small disk: the nth file Whoosh creates fails."""
    library = Library.open(corpus)
    before = assert_whole(library)
    source = paragraphs()
    real_create = FileStorage.create_file
    for failing_at in range(1, 6):
        for n in range(0, 40, 3):
            write_article(corpus, n, failing_at + 1, source)
        calls = 0

        def create_file(self, name, *args, failing_at=failing_at, **kwargs):
            nonlocal calls
            calls += 1
            if calls == failing_at:
                raise OSError(errno.ENOSPC, "No space left on device")
            return real_create(self, name, *args, **kwargs)

        monkeypatch.setattr(FileStorage, "create_file", create_file)
        with pytest.raises(IndexWriteError):
            library.refresh()
        monkeypatch.setattr(FileStorage, "create_file", real_create)
        assert_whole(open_as_is(corpus, isolated_cache))
        assert_no_leftovers(isolated_cache)
        assert assert_whole(library) == before  # the failed updates changed nothing
    library.refresh()  # and the same library writes once files can be made again
    assert assert_whole(library) == editions_on_disk(corpus) != before


# -- two processes ------------------------------------------------------------------
def test_two_processes_updating_and_searching_at_once_never_error(
    corpus: Path, tmp_path: Path, isolated_cache: Path
):
    cache = isolated_cache
    assert kread("index", "--corpus", str(corpus), cache=cache).returncode == 0
    source = paragraphs()
    for round_ in range(3):
        for n in range(0, 40, 2):
            write_article(corpus, n, round_ + 2, source)
        runs = [
            start_kread("index", "--corpus", str(corpus), cache=cache),
            start_kread("index", "--corpus", str(corpus), cache=cache),
            start_kread("search", "ketamine", "--json", "--corpus", str(corpus), cache=cache),
            start_kread("list", "--json", "--corpus", str(corpus), cache=cache),
        ]
        for process in runs:
            _out, err = process.communicate(timeout=WAIT)
            assert process.returncode == 0, err
            assert "Traceback" not in err
        assert assert_whole(open_as_is(corpus, cache)) == editions_on_disk(corpus)


def test_a_reader_waits_briefly_then_shows_the_index_as_it_was(
    corpus: Path, tmp_path: Path, isolated_cache: Path
):
    cache = isolated_cache
    assert kread("index", "--corpus", str(corpus), cache=cache).returncode == 0
    write_article(corpus, 3, 9, paragraphs())
    library = open_as_is(corpus, cache)
    with library.store.update_lock(0):
        started = time.monotonic()
        shown = kread("search", "edition9", "--json", "--corpus", str(corpus), cache=cache)
        assert time.monotonic() - started < 10
        assert shown.returncode == 1  # the update it waited for has not happened
        assert "another kread process is updating" in shown.stderr
        waiting = start_kread("index", "--corpus", str(corpus), cache=cache)
        time.sleep(1.0)
        assert waiting.poll() is None  # `kread index` waits its turn
    _out, err = waiting.communicate(timeout=WAIT)
    assert waiting.returncode == 0 and "waiting for another kread process" in err
    found = kread("search", "edition9", "--json", "--corpus", str(corpus), cache=cache)
    assert found.returncode == 0


# -- damaged, outdated or missing files -----------------------------------------------
DAMAGE = {
    "truncated to nothing": lambda p: p.write_bytes(b""),
    "cut in half": lambda p: p.write_bytes(p.read_bytes()[: p.stat().st_size // 2]),
    "zeros over the middle": lambda p: p.write_bytes(
        p.read_bytes()[:1000] + bytes(4000) + p.read_bytes()[5000:]
    ),
    "deleted": lambda p: p.unlink(),
}


@pytest.fixture(scope="module")
def indexed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A corpus and its index, built once: each test damages a copy of the index."""
    folder = tmp_path_factory.mktemp("indexed")
    corpus = folder / "corpus"
    corpus.mkdir()
    source = paragraphs()
    for n in range(40):
        write_article(corpus, n, 1, source)
    assert kread("index", "--corpus", str(corpus), cache=folder / "cache").returncode == 0
    return corpus, folder / "cache"


@pytest.mark.parametrize("kind", ["_docs_*.toc", "docs_*.seg"])
@pytest.mark.parametrize("damage", DAMAGE)
def test_damaged_index_files_are_rebuilt_and_answers_are_whole(
    indexed: tuple[Path, Path], tmp_path: Path, isolated_cache: Path, kind: str, damage: str
):
    corpus, built = indexed
    cache = isolated_cache
    shutil.copytree(built, cache, dirs_exist_ok=True)
    (target,) = index_folder(cache).glob(kind)
    DAMAGE[damage](target)
    shown = kread("search", "ketamine", "--json", "--corpus", str(corpus), cache=cache)
    assert shown.returncode == 0 and "Traceback" not in shown.stderr
    assert json.loads(shown.stdout)["total"] == 40
    compared = kread(
        "compare", "article001", "article002", "--json", "--corpus", str(corpus), cache=cache
    )
    assert compared.returncode == 0, compared.stderr
    assert assert_whole(open_as_is(corpus, cache)) == editions_on_disk(corpus)


def test_an_index_written_with_another_schema_is_rebuilt(
    corpus: Path, tmp_path: Path, isolated_cache: Path
):
    cache = isolated_cache
    assert kread("index", "--corpus", str(corpus), cache=cache).returncode == 0
    folder = index_folder(cache)
    shutil.rmtree(folder)
    folder.mkdir()
    FileStorage(str(folder)).create_index(Schema(path=ID(stored=True)), indexname="docs")
    shown = kread("list", "--json", "--corpus", str(corpus), cache=cache)
    assert shown.returncode == 0 and "rebuilt it" in shown.stderr
    assert len(json.loads(shown.stdout)["documents"]) == 40


def test_a_pending_marker_with_its_writer_alive_is_not_called_interrupted(
    corpus: Path, tmp_path: Path, isolated_cache: Path
):
    cache = isolated_cache
    assert kread("index", "--corpus", str(corpus), cache=cache).returncode == 0
    library = open_as_is(corpus, cache)
    with library.store.update_lock(0):
        (library.store.folder / PENDING).write_text("1\n")
        assert not open_as_is(corpus, cache).store.interrupted
    assert open_as_is(corpus, cache).store.interrupted
    shown = kread("list", "--json", "--corpus", str(corpus), cache=cache)
    assert "cut short" in shown.stderr
    assert not (library.store.folder / PENDING).exists()


@pytest.fixture
def read_only_disk(tmp_path: Path) -> Iterator[Path]:
    with tmpfs(tmp_path / "ro", "size=1m,ro") as mount:
        yield mount


def test_a_read_only_cache_falls_back_to_memory_and_says_so(corpus: Path, read_only_disk: Path):
    shown = kread("list", "--json", "--corpus", str(corpus), cache=read_only_disk / "cache")
    assert shown.returncode == 0
    assert "in-memory index" in shown.stderr and "KREAD_CACHE_DIR" in shown.stderr
    assert len(json.loads(shown.stdout)["documents"]) == 40


def session_processes(session: int) -> list[int]:
    """The processes still alive in a session."""
    alive = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[3]) == session and fields[0] != "Z":
                alive.append(int(entry.name))
    return alive


def test_worker_processes_end_with_a_killed_update(tmp_path: Path):
    corpus = tmp_path / "many"
    corpus.mkdir()
    source = paragraphs()
    for n in range(build.PARALLEL_FROM + 16):
        write_article(corpus, n, 1, source)
    process = start_kread("index", "--jobs", "2", "--corpus", str(corpus), cache=tmp_path / "c")
    deadline = time.monotonic() + WAIT
    while len(session_processes(process.pid)) < 3 and process.poll() is None:
        assert time.monotonic() < deadline, "the worker processes never started"
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)  # kread alone, as the OOM killer would
    process.wait(timeout=WAIT)
    deadline = time.monotonic() + 10
    while session_processes(process.pid):
        assert time.monotonic() < deadline, "worker processes outlived kread"
        time.sleep(0.1)
