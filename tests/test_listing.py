"""The saved document list that lets the reader show titles before the index opens."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import Static

from kread.index.engine import listing as listing_module
from kread.index.engine.listing import LISTING_NAME, read_listing
from kread.index.library import Library
from kread.tui.app import KreadApp
from kread.tui.widgets.document_list import DocumentList


def test_an_update_saves_the_list_and_it_reads_back(small_corpus: Path):
    library = Library.open(small_corpus)
    listing = read_listing(small_corpus, None)
    assert listing is not None
    assert [d.id for d in listing.documents] == ["alpha", "beta", "gamma"]
    assert listing.documents == tuple(library.documents())
    assert [f.name for f in listing.facets] == list(library.taxonomy.names())


def test_only_the_head_of_a_long_list_is_saved_with_the_total(small_corpus: Path, monkeypatch):
    monkeypatch.setattr(listing_module, "HEAD_DOCUMENTS", 2)
    Library.open(small_corpus)
    listing = read_listing(small_corpus, None)
    assert [d.id for d in listing.documents] == ["alpha", "beta"]
    assert listing.total == 3


async def test_the_reader_shows_the_saved_head_and_the_whole_count(small_corpus: Path, monkeypatch):
    monkeypatch.setattr(listing_module, "HEAD_DOCUMENTS", 2)
    Library.open(small_corpus).close()
    monkeypatch.setattr(KreadApp, "_open_library", lambda self: None)  # the index never opens
    app = KreadApp(small_corpus)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert [d.id for d in app.main.query_one(DocumentList).documents] == ["alpha", "beta"]
        status = app.main.query_one("#list-status", Static).render()
        assert str(status) == "3 documents · opening the index…"


def test_the_list_follows_changes(small_corpus: Path):
    Library.open(small_corpus)
    (small_corpus / "delta.txt").write_text("Ketamine can raise blood pressure.\n")
    Library.open(small_corpus)
    assert [d.id for d in read_listing(small_corpus, None).documents] == [
        "alpha",
        "beta",
        "delta",
        "gamma",
    ]


def test_another_taxonomy_or_a_damaged_file_gives_no_list(small_corpus: Path, tmp_path: Path):
    library = Library.open(small_corpus)
    topics = tmp_path / "topics.yaml"
    topics.write_text("facets: []\n")
    assert read_listing(small_corpus, topics) is None
    (library.store.folder / LISTING_NAME).write_text("{not json")
    assert read_listing(small_corpus, None) is None
    assert read_listing(tmp_path / "never-indexed", None) is None


async def test_the_reader_shows_saved_titles_before_the_index_opens(monkeypatch):
    Library.open().close()  # an earlier run left the index and its list
    monkeypatch.setattr(KreadApp, "_open_library", lambda self: None)  # the index never opens
    app = KreadApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        doc_list = app.main.query_one(DocumentList)
        assert len(doc_list.documents) == 5
        assert app.library is None
        await pilot.press("j", "slash")  # keys that need the index wait politely
        assert app.screen is app.main


def test_the_saved_list_the_store_and_list_json_write_a_document_alike(small_corpus: Path, capsys):
    from kread.tui.cli import main

    library = Library.open(small_corpus)
    assert main(["list", "--json", "--corpus", str(small_corpus)]) == 0
    printed = json.loads(capsys.readouterr().out)["documents"]
    saved = json.loads((library.store.folder / LISTING_NAME).read_text())["documents"]
    assert saved == printed
    summaries = {s["id"]: s for s in library.store.summaries()}
    for entry in printed:
        assert {key: summaries[entry["id"]][key] for key in entry} == entry


def _list_json(corpus: Path) -> list[dict]:
    """What `kread list --json` prints, run as its own process (nothing kept in memory)."""
    import os
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "kread.tui.cli", "list", "--json", "--corpus", str(corpus)],
        capture_output=True,
        text=True,
        env=os.environ,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)["documents"]


def test_kread_list_on_an_unchanged_index_answers_from_the_saved_list(small_corpus: Path):
    import subprocess
    import sys

    Library.open(small_corpus).close()
    assert [d["id"] for d in _list_json(small_corpus)] == ["alpha", "beta", "gamma"]
    code = (
        "import sys\n"
        "from kread.tui.cli import main\n"
        f"main(['list', '--json', '--corpus', {str(small_corpus)!r}])\n"
        "assert 'whoosh' not in sys.modules, 'whoosh was imported'\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_kread_list_sees_an_edited_an_added_and_a_removed_file(small_corpus: Path):
    Library.open(small_corpus).close()
    _list_json(small_corpus)  # the saved lists are in place
    (small_corpus / "alpha.txt").write_text(
        "Esketamine, a new title\n\nThe FDA approved esketamine nasal spray in 2019.\n",
        encoding="utf-8",
    )
    (small_corpus / "gamma.txt").unlink()
    (small_corpus / "delta.txt").write_text("Delta arrives\n\nA short new article.\n")
    listed = {d["id"]: d for d in _list_json(small_corpus)}
    assert sorted(listed) == ["alpha", "beta", "delta"]
    assert listed["alpha"]["title"] == "Esketamine, a new title"
    assert listed["delta"]["title"] == "Delta arrives"
    assert _list_json(small_corpus) == list(listed.values())  # and from the saved list again


def test_kread_list_reads_the_index_when_the_saved_list_is_of_another_generation(
    small_corpus: Path,
):
    library = Library.open(small_corpus)
    folder = library.store.folder
    library.close()
    whole = folder / listing_module.WHOLE_LIST_NAME
    saved = json.loads(whole.read_text())
    # Left by a commit whose list was never saved (the write failed), or unreadable.
    whole.write_text(json.dumps({"generation": saved["generation"] - 1, "documents": []}))
    assert [d["id"] for d in _list_json(small_corpus)] == ["alpha", "beta", "gamma"]
    whole.write_text("{not json")
    assert [d["id"] for d in _list_json(small_corpus)] == ["alpha", "beta", "gamma"]
