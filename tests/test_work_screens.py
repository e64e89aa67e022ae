"""The reader's own work in the reader: putting facet marks on a sentence or taking kread's
off, and writing a note, from the keyboard; saved at once and shown apart from kread's."""

from __future__ import annotations

from pathlib import Path

import pytest
from pilot import bar_text, reader_lines, ready, wait_until
from textual.widgets import Input

from kread.index.library import Library
from kread.tui.app import KreadApp
from kread.tui.messages import WorkSaved
from kread.tui.screens.work import MarksScreen, NoteScreen
from kread.tui.widgets.reader import NOTE_GLYPH, REMOVED_GLYPH, Reader

SIZE = (100, 30)


async def open_first_mark(pilot):
    """Open the second document and put the cursor on its first marked sentence."""
    screen = await ready(pilot)
    await pilot.press("j", "enter", "]")
    await pilot.pause()
    return screen


async def saved(pilot, messages: list) -> WorkSaved:
    await wait_until(pilot, lambda: any(isinstance(m, WorkSaved) for m in messages))
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    return [m for m in messages if isinstance(m, WorkSaved)][-1]


def cursor_rows(screen) -> list[str]:
    return [line for line in reader_lines(screen) if line.startswith("▌")]


async def test_taking_a_mark_off_saves_it_and_shows_it_as_the_readers():
    messages: list = []
    app = KreadApp()
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        screen = await open_first_mark(pilot)
        reader = screen.query_one(Reader)
        doc, index = reader.document, reader.current_sentence
        facets = app.library.taxonomy.facets
        carried = doc.sentences[index].facets
        number = next(i for i, f in enumerate(facets, 1) if f.name == carried[0])
        count_before = doc.facet_counts[carried[0]]
        await pilot.press("e")
        assert isinstance(app.screen, MarksScreen)
        await pilot.press(str(number), "enter")
        await saved(pilot, messages)
        assert not isinstance(app.screen, MarksScreen)
        sentence = reader.document.sentences[index]
        assert carried[0] not in sentence.facets
        assert sentence.correction.facets_removed == (carried[0],)
        assert reader.document.facet_counts[carried[0]] == count_before - 1
        facet = facets[number - 1]
        # The bar counts it (with its label where the bar has room for every label).
        shown = (
            f"{facet.letter} {facet.label} {count_before - 1}",
            f"{facet.letter} {count_before - 1}",
        )
        assert any(f"{number} {text}" in bar_text(screen) for text in shown)
        # The taken-off mark shows as the reader's, in its facet's column.
        assert any(row[number] == REMOVED_GLYPH for row in cursor_rows(screen))
        assert reader.has_focus
    # Saved for the next time: another library sees it.
    library = Library.open()
    try:
        again = library.document(doc.id).sentences[index]
        assert carried[0] not in again.facets
    finally:
        library.close()


async def test_putting_a_mark_on_shows_a_lower_case_letter():
    messages: list = []
    app = KreadApp()
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        screen = await open_first_mark(pilot)
        reader = screen.query_one(Reader)
        index = reader.current_sentence
        facets = app.library.taxonomy.facets
        carried = reader.document.sentences[index].facets
        number, facet = next((i, f) for i, f in enumerate(facets, 1) if f.name not in carried)
        await pilot.press("e", str(number), "enter")
        await saved(pilot, messages)
        assert facet.name in reader.document.sentences[index].facets
        assert reader.document.sentences[index].correction.facets_added == (facet.name,)
        assert any(row[number] == facet.letter.lower() for row in cursor_rows(screen))


async def test_a_cue_is_put_on_and_taken_off_by_its_glyph_and_counted():
    messages: list = []
    app = KreadApp()
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        screen = await open_first_mark(pilot)
        reader = screen.query_one(Reader)
        doc, index = reader.document, reader.current_sentence
        had = set(doc.sentences[index].cues)
        hedged_before = doc.cue_counts.get("hedged", 0)
        absolute_on = "absolute" in had
        await pilot.press("e", "question_mark", "exclamation_mark", "enter")
        await saved(pilot, messages)
        sentence = reader.document.sentences[index]
        assert ("hedged" in sentence.cues) is ("hedged" not in had)
        assert ("absolute" in sentence.cues) is not absolute_on
        step = -1 if "hedged" in had else 1
        assert reader.document.cue_counts.get("hedged", 0) == hedged_before + step
        assert not isinstance(app.screen, MarksScreen)  # "?" toggled, not the help
    # The reader's cue wins in the JSON scripts read, after a rebuild too.
    library = Library.open()
    try:
        library.refresh(rebuild=True)
        again = library.document(doc.id).sentences[index]
        assert ("hedged" in again.cues) is ("hedged" not in had)
        listed = next(d for d in library.documents() if d.id == doc.id)
        assert listed.cue_counts["hedged"] == hedged_before + step
    finally:
        library.close()


async def test_escape_in_the_picker_changes_nothing():
    messages: list = []
    app = KreadApp()
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        screen = await open_first_mark(pilot)
        reader = screen.query_one(Reader)
        before = reader.document
        await pilot.press("e", "1", "2", "escape")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert not any(isinstance(m, WorkSaved) for m in messages)
        assert reader.document is before
        assert not app.library.workbook.path.exists()


async def test_a_note_is_written_saved_and_marked_in_the_gutter():
    messages: list = []
    app = KreadApp()
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        screen = await open_first_mark(pilot)
        reader = screen.query_one(Reader)
        index = reader.current_sentence
        await pilot.press("t")
        assert isinstance(app.screen, NoteScreen)
        assert app.screen.query_one(Input).has_focus
        await pilot.press(*"Which trial? [b]", "enter")
        await saved(pilot, messages)
        assert reader.document.sentences[index].note == "Which trial? [b]"
        assert reader.has_focus
        # Away from the sentence, its first row shows the note's glyph.
        await pilot.press(")")
        await pilot.pause()
        assert any(line.startswith(NOTE_GLYPH) for line in reader_lines(screen))
        # Back on the sentence, its note is shown.
        await pilot.press("(")
        await pilot.pause()
        assert any(n.message == "Which trial? [b]" for n in app._notifications)
        # Written again, empty: the note is gone.
        await pilot.press("t", "ctrl+u", "enter")
        await wait_until(pilot, lambda: not reader.document.sentences[index].note)
        assert not any(line.startswith(NOTE_GLYPH) for line in reader_lines(screen))


async def test_parentheses_move_the_cursor_sentence_by_sentence():
    app = KreadApp()
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await pilot.press("enter")
        reader = screen.query_one(Reader)
        await pilot.press(")")
        first = reader.current_sentence
        await pilot.press(")", ")")
        assert reader.current_sentence == first + 2
        await pilot.press("(")
        assert reader.current_sentence == first + 1
        assert cursor_rows(screen)


async def test_work_whose_sentence_is_gone_is_reported_as_detached(small_corpus: Path):
    library = Library.open(small_corpus)
    doc = library.document("alpha")
    index = next(
        i for i, s in enumerate(doc.sentences) if doc.text[s.start : s.end].startswith("Patients")
    )
    library.note("alpha", index, "Which patients?")
    library.close()
    file = small_corpus / "alpha.txt"
    text = file.read_text(encoding="utf-8")
    file.write_text(text.replace("Patients reported rapid relief", "Nobody knows"), "utf-8")
    Library.open(small_corpus).close()  # indexed as edited
    app = KreadApp(corpus=small_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await wait_until(
            pilot, lambda: any("no longer attach" in n.message for n in app._notifications)
        )


@pytest.mark.parametrize("key", ["e", "t"])
async def test_keys_with_no_document_open_say_what_to_do(small_corpus: Path, key):
    empty = small_corpus.parent / "empty"
    empty.mkdir()
    app = KreadApp(corpus=empty)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.library is not None)
        await pilot.pause()
        await pilot.press(key)
        await pilot.pause()
        assert any("Open a document first" in n.message for n in app._notifications)
        assert not isinstance(app.screen, MarksScreen | NoteScreen)


# -- snapshots ---------------------------------------------------------------------------
@pytest.fixture
def _steady_screen(monkeypatch):
    """No blinking cursor and no animations: the same screen every run."""
    monkeypatch.setattr(Input, "cursor_blink", False)
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")


@pytest.mark.usefixtures("_steady_screen")
def test_marks_picker_snapshot(snap_compare):
    async def pick(pilot):
        await open_first_mark(pilot)
        await pilot.press("e", "1", "2")  # one put on, one of kread's taken off, unsaved
        await pilot.pause()

    assert snap_compare(KreadApp(), terminal_size=(80, 24), run_before=pick)


@pytest.mark.usefixtures("_steady_screen")
def test_note_box_snapshot(snap_compare):
    async def write(pilot):
        await open_first_mark(pilot)
        await pilot.press("t", *"Which trial, and how many veterans?")
        await pilot.pause()

    assert snap_compare(KreadApp(), terminal_size=(80, 24), run_before=write)


@pytest.mark.usefixtures("_steady_screen")
def test_readers_own_marks_in_the_gutter_snapshot(snap_compare):
    async def correct(pilot):
        screen = await open_first_mark(pilot)
        await pilot.press("e", "1", "3", "enter")
        await wait_until(pilot, lambda: screen.query_one(Reader).document.sentences[
            screen.query_one(Reader).current_sentence].correction is not None)  # fmt: skip
        await pilot.press("t", *"Which trial?", "enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.press(")")
        await pilot.pause()

    assert snap_compare(KreadApp(), terminal_size=(100, 30), run_before=correct)
