"""The index on disk: built once, reused, updated incrementally, and recovered when damaged."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kread.index import locations
from kread.index.errors import IndexBusy
from kread.index.library import Library


def test_index_is_built_on_first_use_then_reused(small_corpus: Path):
    first = Library.open(small_corpus, refresh=False)
    report = first.refresh()
    assert sorted(report.added) == ["alpha", "beta", "gamma"]
    first.close()

    again = Library.open(small_corpus, refresh=False)
    assert not again.refresh().touched  # nothing re-indexed
    assert [d.id for d in again.documents()] == ["alpha", "beta", "gamma"]


def test_index_lives_in_the_cache_not_the_corpus(small_corpus: Path, isolated_cache: Path):
    library = Library.open(small_corpus)
    assert library.store.folder is not None
    assert library.store.folder.parent == isolated_cache
    assert f"-v{locations.SCHEMA_VERSION}" in library.store.folder.name
    assert sorted(p.name for p in small_corpus.iterdir()) == ["alpha.txt", "beta.md", "gamma.txt"]


def test_incremental_update_sees_added_changed_and_removed_files(small_corpus: Path):
    Library.open(small_corpus).close()
    (small_corpus / "gamma.txt").unlink()
    (small_corpus / "delta.txt").write_text("Ketamine misuse and addiction are real risks.\n")
    alpha = small_corpus / "alpha.txt"
    alpha.write_text(alpha.read_text() + "\nInsurance rarely covers ketamine infusions.\n")
    os.utime(alpha, ns=(1, 1))  # a different stamp even on coarse clocks

    library = Library.open(small_corpus, refresh=False)
    report = library.refresh()
    assert report.added == ("delta",)
    assert report.changed == ("alpha",)
    assert report.removed == ("gamma",)
    assert [d.id for d in library.documents()] == ["alpha", "beta", "delta"]
    assert library.search("insurance").hits[0].id == "alpha"
    # The list kept up to date in place is the one a fresh reading of the index gives.
    fresh = Library.open(small_corpus, refresh=False)
    assert library.documents() == fresh.documents()
    assert next(d for d in fresh.documents() if d.id == "alpha").words > 30


def test_a_searching_process_sees_what_another_process_changed(small_corpus: Path):
    reading = Library.open(small_corpus)
    assert reading.search("esketamine").total == 1  # alpha, read before the changes
    (small_corpus / "delta.txt").write_text("Esketamine sprays need a certified clinic.\n")
    Library.open(small_corpus).close()  # another process indexes delta
    (small_corpus / "alpha.txt").unlink()
    Library.open(small_corpus).close()  # and then drops alpha
    assert [hit.id for hit in reading.search("esketamine").hits] == ["delta"]
    reading.close()


def test_touched_but_unchanged_file_is_not_reported_as_changed(small_corpus: Path):
    Library.open(small_corpus).close()
    os.utime(small_corpus / "beta.md", ns=(5, 5))
    report = Library.open(small_corpus, refresh=False).refresh()
    assert not report.added and not report.changed and not report.removed


def test_rebuild_reindexes_everything(small_corpus: Path):
    Library.open(small_corpus).close()
    library = Library.open(small_corpus, refresh=False)
    report = library.refresh(rebuild=True)
    assert report.rebuilt
    assert len(library.documents()) == 3


def test_read_only_corpus_folder_works(small_corpus: Path):
    small_corpus.chmod(0o555)
    try:
        library = Library.open(small_corpus)
        assert len(library.documents()) == 3
    finally:
        small_corpus.chmod(0o755)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_unwritable_cache_falls_back_to_memory(small_corpus: Path, tmp_path: Path, monkeypatch):
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o555)
    monkeypatch.setenv("KREAD_CACHE_DIR", str(locked / "cache"))
    library = Library.open(small_corpus)
    assert library.store.in_memory
    assert any("in-memory" in w for w in library.warnings)
    assert len(library.documents()) == 3


def test_cache_path_that_is_a_file_falls_back_to_memory(
    small_corpus: Path, tmp_path: Path, monkeypatch
):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("KREAD_CACHE_DIR", str(blocker))
    library = Library.open(small_corpus)
    assert library.store.in_memory
    assert any("KREAD_CACHE_DIR" in w for w in library.warnings)
    assert library.search("glutamate").total == 1


def test_damaged_index_is_rebuilt_with_a_notice(small_corpus: Path):
    library = Library.open(small_corpus)
    folder = library.store.folder
    library.close()
    for toc in folder.glob("_docs_*.toc"):
        toc.write_bytes(b"garbage")
    again = Library.open(small_corpus)
    assert any("was damaged" in w and "rebuilt" in w for w in again.warnings)
    assert len(again.documents()) == 3


def test_an_index_written_when_the_schema_lived_in_store_opens_without_a_rebuild(
    small_corpus: Path, monkeypatch
):
    from kread.index.engine import schema

    # Its pickled schema names the field type by the module it was in then.
    monkeypatch.setattr(schema.PreparedText, "__module__", "kread.index.engine.store")
    Library.open(small_corpus).close()
    monkeypatch.undo()
    (small_corpus / "alpha.txt").write_text("Alpha, edited.\n\nA new paragraph.\n")
    again = Library.open(small_corpus)
    assert not any("damaged" in w for w in again.warnings)
    assert not again.refresh().rebuilt


def test_schema_version_change_builds_a_new_folder(small_corpus: Path, monkeypatch):
    old = Library.open(small_corpus).store.folder
    monkeypatch.setattr(locations, "SCHEMA_VERSION", locations.SCHEMA_VERSION + 1)
    library = Library.open(small_corpus, refresh=False)
    assert library.store.folder != old
    assert not old.exists()  # the outdated index is removed
    assert sorted(library.refresh().added) == ["alpha", "beta", "gamma"]


def test_an_update_waits_for_another_process_then_reads_the_index_as_it_was(
    small_corpus: Path,
):
    library = Library.open(small_corpus)
    (small_corpus / "new.txt").write_text("Ketamine is a dissociative anaesthetic.\n")
    with library.store.update_lock(0):
        other = Library.open(small_corpus, refresh=False)
        with pytest.raises(IndexBusy, match="another kread process is updating"):
            other.refresh(wait=0.2)
        meanwhile = Library.open(small_corpus)  # waits briefly, then reads what is there
        assert any("another kread process" in w for w in meanwhile.warnings)
        assert [d.id for d in meanwhile.documents()] == ["alpha", "beta", "gamma"]
    assert other.refresh(wait=0.2).added == ("new",)
