"""Files added, changed or deleted while the reader is open: kread notices, updates the
index and the list in the background, and says what changed; `R` looks at once."""

from __future__ import annotations

from pathlib import Path

import pytest
from pilot import reader_lines, ready, wait_until

from kread.index.library import Library
from kread.tui import app as app_module
from kread.tui.app import KreadApp
from kread.tui.widgets.document_list import DocumentList
from kread.tui.widgets.reader import Reader


def listed(screen) -> list[str]:
    return [doc.id for doc in screen.query_one(DocumentList).documents]


def said(app) -> list[str]:
    return [n.message for n in app._notifications]


@pytest.fixture(autouse=True)
def no_watching_unless_asked(monkeypatch: pytest.MonkeyPatch):
    # A look every few seconds would race the test's own `R`: only one that asks waits.
    monkeypatch.setattr(app_module, "WATCH_SECONDS", 3600.0)


def test_changed_on_disk_is_true_only_until_the_next_refresh(small_corpus: Path):
    library = Library.open(small_corpus)
    try:
        assert not library.changed_on_disk()
        (small_corpus / "delta.txt").write_text("Delta\n\nKetamine and sleep.\n")
        assert library.changed_on_disk()
        library.refresh()
        assert not library.changed_on_disk()
        (small_corpus / "delta.txt").unlink()
        assert library.changed_on_disk()
    finally:
        library.close()


async def test_r_takes_in_added_changed_and_deleted_files(small_corpus: Path):
    app = KreadApp(corpus=small_corpus)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        assert listed(screen) == ["alpha", "beta", "gamma"]
        await pilot.press("j", "enter")  # read beta
        await wait_until(pilot, lambda: screen.query_one(Reader).document.id == "beta")

        (small_corpus / "delta.txt").write_text("Delta trial\n\nKetamine and sleep.\n")
        beta = small_corpus / "beta.md"
        beta.write_text(beta.read_text().replace("nausea", "vomiting"))
        (small_corpus / "gamma.txt").unlink()
        await pilot.press("R")

        await wait_until(pilot, lambda: listed(screen) == ["alpha", "beta", "delta"])
        reader = screen.query_one(Reader)
        await wait_until(pilot, lambda: "vomiting" in "\n".join(reader_lines(screen)))
        assert reader.document.id == "beta" and reader.has_focus
        # The notice is a message of its own: it may follow the list by a moment.
        await wait_until(
            pilot,
            lambda: any(
                "1 added, 1 changed, 1 deleted" in m and "beta is shown as it is now" in m
                for m in said(app)
            ),
        )
        assert [doc.id for doc in app.documents] == ["alpha", "beta", "delta"]


async def test_the_article_being_read_is_closed_when_its_file_is_deleted(small_corpus: Path):
    app = KreadApp(corpus=small_corpus)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        await pilot.press("enter")  # read alpha
        await wait_until(pilot, lambda: screen.query_one(Reader).has_focus)
        (small_corpus / "alpha.txt").unlink()
        await pilot.press("R")
        await wait_until(pilot, lambda: "alpha" not in listed(screen))
        await wait_until(
            pilot, lambda: any("alpha, which you were reading, was deleted" in m for m in said(app))
        )
        assert screen.query_one(DocumentList).has_focus
        # What the reader shows now is a document that is still there, never alpha's text.
        await wait_until(pilot, lambda: screen.query_one(Reader).document is not None)
        assert screen.query_one(Reader).document.id == "beta"


async def test_r_with_nothing_changed_says_so(small_corpus: Path):
    app = KreadApp(corpus=small_corpus)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("R")
        await wait_until(pilot, lambda: "No file has changed." in said(app))


async def test_the_folder_is_watched_without_a_key(
    small_corpus: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(app_module, "WATCH_SECONDS", 0.05)
    # A slow look (a loaded machine) would space the next one twenty times its cost.
    monkeypatch.setattr(app_module, "WATCH_SHARE", 1)
    app = KreadApp(corpus=small_corpus)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        # Once the update at opening is over (the watch starts then): a file added during
        # it is that update's, not the watch's.
        await wait_until(pilot, lambda: app._watch_timer is not None)
        (small_corpus / "delta.txt").write_text("Delta trial\n\nKetamine and sleep.\n")
        await wait_until(pilot, lambda: "delta" in listed(screen))
        await wait_until(pilot, lambda: any("1 added" in m for m in said(app)))
