"""The Appraisal screen in the reader: `a` opens it for the document shown, each item
found or not, and Enter goes to an evidence sentence in the reader."""

from __future__ import annotations

import pytest
from pilot import plain, reader_lines, ready, wait_until
from textual.widgets import Input, OptionList, Static

from kread.index.appraisal.items import ITEM_NAMES
from kread.tui.app import KreadApp
from kread.tui.screens.appraisal import AppraisalScreen
from kread.tui.screens.library import LibraryScreen
from kread.tui.widgets.reader import Reader


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
