"""The filter view (`f`: only the sentences with the marks switched on, Enter shows a
paragraph whole) and copying with a citation (`y`, `Y`, Export quotes)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from pilot import reader_lines, ready, wait_until
from textual.widgets import Static

from kread.tui.app import KreadApp
from kread.tui.widgets.reader import Reader


def status(screen) -> str:
    widget = screen.query_one("#filter-status", Static)
    return str(widget.render()) if widget.display else ""


async def open_doc(pilot, keys: tuple[str, ...] = ()):
    screen = await ready(pilot)
    await pilot.press(*keys, "enter")
    reader = screen.query_one(Reader)
    await wait_until(pilot, lambda: reader.document is not None and reader.has_focus)
    await pilot.pause()
    return screen, reader


def shown_text(screen) -> str:
    return " ".join(line[8:].strip() for line in reader_lines(screen))


async def test_f_shows_only_the_sentences_of_the_facets_switched_on():
    app = KreadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen, reader = await open_doc(pilot)
        doc = reader.document
        await pilot.press("1", "2")  # mechanism and benefits off: risks and regulation
        await pilot.press("f")
        assert reader.filtered
        wanted = [i for i, s in enumerate(doc.sentences) if {"risks", "regulation"} & set(s.facets)]
        assert reader.shown_sentences == wanted
        assert status(screen).startswith(
            f"Filtered: {len(wanted)} of {len(doc.sentences)} sentences (risks, regulation)"
        )
        shown = shown_text(screen)
        first = doc.sentences[wanted[0]]
        assert doc.text[first.start : first.end].split()[0] in shown
        # A facet switched on joins the view, and the status says so.
        await pilot.press("1")
        with_mechanism = [
            i
            for i, s in enumerate(doc.sentences)
            if {"mechanism", "risks", "regulation"} & set(s.facets)
        ]
        assert reader.shown_sentences == with_mechanism
        assert "(mechanism, risks, regulation)" in status(screen)
        # The same key shows the whole text again, the cursor's sentence in view.
        await pilot.press(")", ")")
        kept = reader.current_sentence
        assert kept in with_mechanism
        await pilot.press("f")
        assert not reader.filtered and status(screen) == ""
        assert reader.current_sentence == kept
        row = reader._line_of(doc.sentences[kept].start)
        assert reader.scroll_y <= row < reader.scroll_y + reader.size.height


async def test_the_cue_lens_brings_cue_sentences_into_the_filter():
    app = KreadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen, reader = await open_doc(pilot, ("G",))
        doc = reader.document
        await pilot.press("1", "2", "3", "4", "f")  # every facet off: nothing to show
        assert reader.shown_sentences == []
        assert "No sentence has the marks switched on" in "\n".join(reader_lines(screen))
        await pilot.press("l")
        cued = [i for i, s in enumerate(doc.sentences) if s.cues]
        assert cued and reader.shown_sentences == cued
        assert "(cues)" in status(screen)


async def test_enter_shows_the_paragraph_of_a_filtered_sentence_whole():
    app = KreadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        _screen, reader = await open_doc(pilot)
        doc = reader.document
        await pilot.press("1", "2", "4", "f", ")")  # risks only
        current = reader.current_sentence
        paragraph = doc.sentences[current].paragraph
        whole = [i for i, s in enumerate(doc.sentences) if s.paragraph == paragraph]
        assert len(whole) > 1 and not set(whole) <= set(reader.shown_sentences)
        await pilot.press("enter")
        assert set(whole) <= set(reader.shown_sentences)
        assert reader.current_sentence == current
        await pilot.press("enter")
        assert not set(whole) <= set(reader.shown_sentences)


async def test_find_in_the_filter_view_counts_the_hits_it_shows():
    app = KreadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen, reader = await open_doc(pilot)
        doc = reader.document
        await pilot.press("1", "2", "4", "f", "slash", *"ketamine")
        bar = screen.query_one("FindBar")
        await wait_until(pilot, lambda: bar.input.value == "ketamine")
        await pilot.pause()
        spans = [(doc.sentences[i].start, doc.sentences[i].end) for i in reader.shown_sentences]
        text = doc.text
        expected = sum(text[a:b].lower().count("ketamine") for a, b in spans)
        assert 0 < reader.hit_count == expected < text.lower().count("ketamine")


async def test_y_copies_the_sentence_exactly_with_its_citation():
    app = KreadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        _screen, reader = await open_doc(pilot)
        doc = reader.document
        await pilot.press("]", "y")
        index = reader.current_sentence
        sentence = doc.sentences[index]
        exact = doc.text[sentence.start : sentence.end]
        copied = app.clipboard
        assert copied.splitlines()[0] == f"“{exact}”"
        where = ", ".join(part for part in (doc.title, doc.source, doc.date) if part)
        assert copied.splitlines()[1] == (
            f"— {where}. kread document {doc.id}, sentence {index + 1}."
        )
        notes = [n.message for n in app._notifications]
        assert f"Copied sentence {index + 1} of {doc.id} with its citation" in notes


async def test_y_reaches_the_terminal_as_osc_52(monkeypatch):
    import base64

    app = KreadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        _screen, reader = await open_doc(pilot)
        written: list[str] = []
        monkeypatch.setattr(app._driver, "write", written.append)
        await pilot.press(")", "y")
        doc, index = reader.document, reader.current_sentence
        osc = next(w for w in written if w.startswith("\x1b]52;c;"))
        decoded = base64.b64decode(osc[len("\x1b]52;c;") : -1]).decode("utf-8")
        sentence = doc.sentences[index]
        assert f"“{doc.text[sentence.start : sentence.end]}”" in decoded
        assert f"sentence {index + 1}." in decoded


async def test_capital_y_copies_every_sentence_the_filter_shows():
    app = KreadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        _screen, reader = await open_doc(pilot)
        doc = reader.document
        await pilot.press("Y")  # not filtered: says what Y is for, copies nothing
        assert app.clipboard == ""
        await pilot.press("1", "2", "4", "f", "Y")
        shown = reader.shown_sentences
        lines = app.clipboard.splitlines()
        assert len(lines) == len(shown) + 1
        for line, i in zip(lines, shown, strict=False):
            s = doc.sentences[i]
            assert line == f"“{doc.text[s.start : s.end]}” ({i + 1})"
        numbers = ", ".join(str(i + 1) for i in shown)
        assert lines[-1].endswith(f"kread document {doc.id}, sentences {numbers}.")


async def test_export_quotes_writes_what_was_copied_to_a_markdown_file(tmp_path, monkeypatch):
    monkeypatch.setenv("KREAD_DATA_DIR", str(tmp_path))
    app = KreadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen, reader = await open_doc(pilot)
        doc = reader.document
        await pilot.press(")", ")", "y")
        index = reader.current_sentence
        await screen.run_action("export_quotes")
        await wait_until(pilot, lambda: list((tmp_path / "quotes").glob("*.md")))
        await app.workers.wait_for_complete()
        await pilot.pause()
        (path,) = (tmp_path / "quotes").glob("*.md")
        text = path.read_text(encoding="utf-8")
        sentence = doc.sentences[index]
        quoted = doc.text[sentence.start : sentence.end]
        assert "\n".join(f"> {line}".rstrip() for line in quoted.split("\n")) in text
        assert f"kread document {doc.id}, sentence {index + 1}." in text
        assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]
        notes = [n.message for n in app._notifications]
        assert any(str(path) in n and n.startswith("Wrote 1 quoted sentence") for n in notes)


async def test_export_with_nothing_copied_says_how_to_quote(tmp_path, monkeypatch):
    monkeypatch.setenv("KREAD_DATA_DIR", str(tmp_path))
    app = KreadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen, _reader = await open_doc(pilot)
        await screen.run_action("export_quotes")
        told = lambda: [n.message for n in app._notifications if "Nothing quoted" in n.message]  # noqa: E731
        await wait_until(pilot, told)
        assert not Path(tmp_path, "quotes").exists()


async def test_quotes_are_kept_across_runs_and_a_rebuild(tmp_path, monkeypatch):
    monkeypatch.setenv("KREAD_DATA_DIR", str(tmp_path))
    app = KreadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen, reader = await open_doc(pilot)
        doc = reader.document
        await pilot.press(")", "y", ")", ")", "y")
        await app.workers.wait_for_complete()
        kept = [i for i, s in enumerate(screen.library.document(doc.id).sentences) if s.quoted]
    assert len(kept) == 2
    rebuilt = subprocess.run(
        [sys.executable, "-m", "kread.tui.cli", "index", "--rebuild"],
        capture_output=True,
        text=True,
    )
    assert rebuilt.returncode == 0, rebuilt.stderr
    exported = subprocess.run(
        [sys.executable, "-m", "kread.tui.cli", "export", "quotes"],
        capture_output=True,
        text=True,
    )
    assert exported.returncode == 0, exported.stderr
    numbers = ", ".join(str(i + 1) for i in kept)
    assert f"kread document {doc.id}, sentences {numbers}." in exported.stdout
    for index in kept:
        sentence = doc.sentences[index]
        first_line = doc.text[sentence.start : sentence.end].split("\n")[0]
        assert f"> {first_line}".rstrip() in exported.stdout


def test_reader_filtered_snapshot(snap_compare, monkeypatch):
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")

    async def filtered(pilot):
        _screen, _reader = await open_doc(pilot)
        await pilot.press("2", "f", ")")  # benefits off
        pilot.app.clear_notifications()  # "Benefits marks off" would cover the text
        await pilot.pause()

    assert snap_compare(KreadApp(), terminal_size=(80, 24), run_before=filtered)


def test_a_hard_wrapped_sentence_stays_one_block_quote():
    from datetime import datetime

    from kread.index.document import Document
    from kread.index.models import Sentence
    from kread.tui.quote import clipboard_text, markdown

    text = "First line of it\nand the second line. Another one."
    doc = Document(
        id="007_x",
        title="A title",
        source="A source",
        path="x.txt",
        words=9,
        facet_counts={},
        text=text,
        paragraphs=((0, len(text)),),
        sentences=(Sentence(0, 37, 0, quoted=True), Sentence(38, len(text), 0, quoted=True)),
    )
    assert clipboard_text(doc, [0]).splitlines()[:2] == [
        "“First line of it",
        "and the second line.”",
    ]
    written = markdown([doc], datetime(2026, 1, 2, 3, 4))
    assert "> First line of it\n> and the second line.\n" in written
    assert "— A title, A source. kread document 007_x, sentences 1, 2." in written
