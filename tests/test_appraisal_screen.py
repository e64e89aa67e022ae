"""The Appraisal screen in the reader: `a` opens it for the document shown, each item
found or not, Enter goes to an evidence sentence in the reader, and the reader scores
and notes each item."""

from __future__ import annotations

import json

import pytest
from pilot import plain, reader_lines, ready, wait_until
from textual.widgets import Input, OptionList, Static

from kread.index.appraisal.items import ITEM_NAMES
from kread.tui.app import KreadApp
from kread.tui.cli import main
from kread.tui.messages import JudgementsSaved
from kread.tui.screens.appraisal import AppraisalScreen
from kread.tui.screens.library import LibraryScreen
from kread.tui.screens.work import NoteScreen
from kread.tui.widgets.reader import Reader

FIRST = "000_944167e6c0212a66"


async def open_appraisal(pilot, keys=("enter", "a")) -> AppraisalScreen:
    await ready(pilot)
    await pilot.press(*keys)
    await wait_until(
        pilot,
        lambda: (
            isinstance(pilot.app.screen, AppraisalScreen) and pilot.app.screen.appraisal is not None
        ),
    )
    await pilot.pause()
    return pilot.app.screen


def detail(screen: AppraisalScreen) -> str:
    return plain(screen.query_one("#appraisal-text", Static).content)


def rows(screen: AppraisalScreen) -> list[str]:
    items = screen.query_one(OptionList)
    return [str(items.get_option_at_index(i).prompt) for i in range(items.option_count)]


def row_of(screen: AppraisalScreen, name: str) -> str:
    return next(row for row in rows(screen)[1:] if row.split()[1] == name)


async def to_item(pilot, name: str) -> None:
    await pilot.press(*["j"] * (1 + ITEM_NAMES.index(name)))


async def saved(pilot, messages: list, count: int) -> None:
    """Wait for the ``count``-th save of a score or note to come back."""
    await wait_until(pilot, lambda: sum(isinstance(m, JudgementsSaved) for m in messages) >= count)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_a_lists_every_item_found_or_not_and_the_gaps_first():
    app = KreadApp()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_appraisal(pilot)
        assert screen.doc.id == "000_944167e6c0212a66"
        shown = rows(screen)
        assert len(shown) == 1 + len(ITEM_NAMES)
        assert [row.split()[1] for row in shown[1:]] == list(ITEM_NAMES)
        by_name = {row.split()[1]: row for row in shown[1:]}
        assert by_name["costs"].startswith("✗") and by_name["benefits"].startswith("✓")
        # the summary row: what the article does not tell you, and its balance
        summary = detail(screen)
        assert "What this article does not tell you" in summary
        assert "It does not say what the treatment costs" in summary
        assert "Balance" in summary
        await pilot.press("j")  # sources: not found
        assert "not found" in detail(screen)


async def test_enter_goes_to_the_evidence_sentence_in_the_reader():
    app = KreadApp()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_appraisal(pilot)
        names = ["summary", *ITEM_NAMES]
        await pilot.press(*["j"] * names.index("shared_decision"))
        item = screen.appraisal.item("shared_decision")
        assert item.found and len(item.evidence) >= 1
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        reader = app.screen.query_one(Reader)
        assert reader.has_focus
        doc = reader.document
        sentence = doc.text[doc.sentences[item.evidence[0]].start :][:30]
        assert any(sentence[:20] in line for line in reader_lines(app.screen))


async def test_q_goes_back_to_the_reader():
    app = KreadApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_appraisal(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)


@pytest.fixture
def _steady_screen(monkeypatch):
    monkeypatch.setattr(Input, "cursor_blink", False)
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")


def test_appraisal_screen_snapshot(snap_compare, _steady_screen):
    async def appraise(pilot):
        await open_appraisal(pilot, ("j", "j", "j", "j", "enter", "a"))  # 004: most items found
        await pilot.press("j", "j", "j", "j", "]")  # risks, its second sentence
        await pilot.pause()

    assert snap_compare(KreadApp(), terminal_size=(80, 24), run_before=appraise)


async def test_keys_typed_while_it_appraises_act_on_the_screen_once_it_is_ready():
    app = KreadApp()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_appraisal(pilot, ("enter", "a", "j", "j"))
        await pilot.pause()
        assert screen.query_one(OptionList).highlighted == 2  # date
        assert "Does it say when it was written" in detail(screen)


async def test_the_current_evidence_sentence_is_kept_in_view():
    app = KreadApp()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_appraisal(pilot)
        await pilot.press(*["j"] * (1 + ITEM_NAMES.index("benefits")))
        benefits = screen.appraisal.item("benefits")
        assert len(benefits.evidence) > 12  # more than the pane shows at once
        detail_pane = screen.query_one("#appraisal-detail")
        assert detail_pane.scroll_offset.y == 0
        await pilot.press(*["left_square_bracket"])  # back round to the last sentence
        await pilot.pause()
        assert detail_pane.scroll_offset.y > 0
        last = screen.doc.sentences[benefits.evidence[-1]]
        await pilot.press("enter")
        await pilot.pause()
        reader = app.screen.query_one(Reader)
        text = reader.document.text[last.start : last.end]
        assert any(text[:20] in line for line in reader_lines(app.screen))


async def test_digits_score_the_item_and_0_or_backspace_clear_it():
    messages: list = []
    app = KreadApp()
    async with app.run_test(size=(100, 30), message_hook=messages.append) as pilot:
        screen = await open_appraisal(pilot)
        await to_item(pilot, "risks")
        assert "Your score: none" in detail(screen)
        await pilot.press("3")
        # shown at once, before the save comes back
        assert row_of(screen, "risks").rstrip().endswith("3/5")
        assert "Your score: 3/5" in detail(screen)
        await saved(pilot, messages, 1)
        assert app.library.scores(FIRST)["risks"].score == 3
        assert screen.appraisal.item("risks").score == 3
        await pilot.press("5")
        await saved(pilot, messages, 2)
        assert row_of(screen, "risks").rstrip().endswith("5/5")
        await pilot.press("0")
        await saved(pilot, messages, 3)
        assert "/5" not in row_of(screen, "risks")
        assert "Your score: none" in detail(screen)
        assert "risks" not in app.library.scores(FIRST)
        await pilot.press("2", "backspace")
        await saved(pilot, messages, 5)
        assert screen.appraisal.item("risks").score is None
        assert "risks" not in app.library.scores(FIRST)


async def test_t_writes_a_note_on_the_item_and_an_empty_one_removes_it():
    messages: list = []
    app = KreadApp()
    async with app.run_test(size=(100, 30), message_hook=messages.append) as pilot:
        screen = await open_appraisal(pilot)
        await to_item(pilot, "costs")
        await pilot.press("t")
        await wait_until(pilot, lambda: isinstance(app.screen, NoteScreen))
        await pilot.press(*"no price given", "enter")
        await saved(pilot, messages, 1)
        assert app.screen is screen
        assert row_of(screen, "costs").rstrip().endswith("✎")
        assert "✎ no price given" in detail(screen)
        assert app.library.scores(FIRST)["costs"].note == "no price given"
        await pilot.press("4")  # a score beside the note keeps the note
        await saved(pilot, messages, 2)
        assert app.library.scores(FIRST)["costs"].note == "no price given"
        await pilot.press("t")
        await wait_until(pilot, lambda: isinstance(app.screen, NoteScreen))
        note_input = app.screen.query_one(Input)
        assert note_input.value == "no price given"
        note_input.value = ""
        await pilot.press("enter")
        await saved(pilot, messages, 3)
        assert "✎" not in row_of(screen, "costs")
        assert app.library.scores(FIRST)["costs"].note == ""


async def test_a_key_on_the_summary_row_says_to_pick_an_item():
    app = KreadApp()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_appraisal(pilot)
        await pilot.press("3", "t")
        await pilot.pause()
        assert app.screen is screen
        assert all(item.score is None for item in screen.appraisal.items)
        assert "Move to an item" in str(list(app._notifications)[-1].message)


async def test_a_score_survives_the_screen_and_the_app_and_is_in_appraise_json(capsys):
    messages: list = []
    app = KreadApp()
    async with app.run_test(size=(100, 30), message_hook=messages.append) as pilot:
        screen = await open_appraisal(pilot)
        await to_item(pilot, "benefits")
        await pilot.press("4", "t")
        await wait_until(pilot, lambda: isinstance(app.screen, NoteScreen))
        await pilot.press(*"all claims, no trials", "enter")
        await saved(pilot, messages, 2)
        await pilot.press("q")
        await pilot.pause()
        screen = await open_appraisal(pilot, ("a",))
        assert screen.appraisal.item("benefits").score == 4
        assert row_of(screen, "benefits").rstrip().endswith("4/5✎")
    app = KreadApp()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_appraisal(pilot)
        item = screen.appraisal.item("benefits")
        assert (item.score, item.note) == (4, "all claims, no trials")
        await to_item(pilot, "benefits")
        assert "Your score: 4/5" in detail(screen)
        assert "✎ all claims, no trials" in detail(screen)
    capsys.readouterr()
    assert main(["appraise", FIRST[:3], "--json"]) == 0
    items = {i["name"]: i for i in json.loads(capsys.readouterr().out)["items"]}
    assert (items["benefits"]["score"], items["benefits"]["note"]) == (4, "all claims, no trials")
    assert items["risks"]["score"] is None and items["risks"]["note"] == ""
    assert main(["appraise", FIRST[:3], "--markdown"]) == 0
    benefits = next(
        line for line in capsys.readouterr().out.splitlines() if line.startswith("| benefits |")
    )
    assert benefits.endswith("| 4 | all claims, no trials |")


def test_appraisal_screen_with_a_score_and_a_note_snapshot(snap_compare, _steady_screen):
    async def rate(pilot):
        await open_appraisal(pilot)
        await to_item(pilot, "risks")
        await pilot.press("2", "t")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, NoteScreen))
        await pilot.press(*"says side effects are minimal", "enter")
        await pilot.app.workers.wait_for_complete()
        await wait_until(pilot, lambda: pilot.app.screen.appraisal.item("risks").note != "")
        await pilot.pause()

    assert snap_compare(KreadApp(), terminal_size=(80, 24), run_before=rate)


async def test_x_corrects_found_and_it_is_saved_shown_and_undone(capsys):
    messages: list = []
    app = KreadApp()
    async with app.run_test(size=(100, 30), message_hook=messages.append) as pilot:
        screen = await open_appraisal(pilot)
        gaps = len(screen.appraisal.not_told)
        await to_item(pilot, "costs")  # kread: not found
        assert row_of(screen, "costs").startswith("✗")
        await pilot.press("x")
        await saved(pilot, messages, 1)
        assert row_of(screen, "costs").startswith("✓")
        assert row_of(screen, "costs").rstrip().endswith("*")
        assert "Found, corrected by you (kread: not found)" in detail(screen)
        # Nothing on screen still says what the reader has just corrected.
        assert "It does not say what the treatment costs" not in detail(screen)
        assert f"{gaps - 1} gaps" in rows(screen)[0]
        await pilot.press("escape")
        await pilot.pause()
        summary = await open_appraisal(pilot, ("a",))
        assert "It does not say what the treatment costs" not in detail(summary)
    data = json.loads(_appraise_json(capsys))
    costs = next(item for item in data["items"] if item["name"] == "costs")
    assert (costs["found"], costs["reader_found"]) == (False, True)
    assert "costs" not in [gap["item"] for gap in data["not_told"]]
    messages.clear()
    app = KreadApp()
    async with app.run_test(size=(100, 30), message_hook=messages.append) as pilot:
        screen = await open_appraisal(pilot)
        assert row_of(screen, "costs").startswith("✓")  # kept with the reader's work
        await to_item(pilot, "costs")
        await pilot.press("x")  # again: kread's answer back
        await saved(pilot, messages, 1)
        assert row_of(screen, "costs").startswith("✗")
        assert "corrected by you" not in detail(screen)
    data = json.loads(_appraise_json(capsys))
    costs = next(item for item in data["items"] if item["name"] == "costs")
    assert (costs["found"], costs["reader_found"]) == (False, None)


def _appraise_json(capsys) -> str:
    capsys.readouterr()
    assert main(["appraise", FIRST, "--json"]) == 0
    return capsys.readouterr().out


async def test_a_technical_text_says_once_that_the_treatment_items_do_not_apply(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "caching.md").write_text(
        "# Caching results\n\n"
        "A cached function returns the stored value instead of computing it again. "
        "Functions with side effects should not be cached. "
        "Keys that are lists get special treatment: they are converted to tuples first. "
        "There is a risk of stale data when the cache is never cleared.\n",
        encoding="utf-8",
    )
    app = KreadApp(corpus=folder)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_appraisal(pilot)
        assert "not about a treatment" in rows(screen)[0]
        summary = " ".join(detail(screen).split())
        assert summary.count("does not apply (not about a treatment)") == 2  # notice, balance
        assert "It does not say what side effects" not in summary  # no gap
        assert "It does not name any study" in summary  # the items that apply still do
        assert row_of(screen, "risks").startswith("·")
        assert row_of(screen, "sources").startswith("✗")
        await to_item(pilot, "risks")
        assert "does not apply (not about a treatment)" in detail(screen)
        assert "not found" not in detail(screen)
