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
