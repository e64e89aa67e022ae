"""The reader pane: wrapping, gutter, jumps, keys, resizing, untrusted text."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from textual.app import App, ComposeResult

from kread.index.document import Document
from kread.index.models import Facet, Sentence
from kread.tui.widgets.reader import Reader
from kread.tui.wrap import NARROW_RANGES, _is_narrow, _wrap_measured, _wrap_narrow, wrap_offsets

FACETS = (
    Facet("mechanism", "Mechanism", "M", "#4e79a7", "How it works", "receptor"),
    Facet("risks", "Risks", "R", "#e15759", "What can go wrong", "risk"),
)
GUTTER = len(FACETS) + 2  # cursor column, one per facet, a space
FILLER = "Nothing in particular happens in this sentence at all."


def make_doc(paragraphs: list[list[str | tuple[str, tuple[str, ...]]]]) -> Document:
    """A document from paragraphs of sentences; a sentence given as (text, facets)
    carries those facets, with its first word as the span that matched."""
    text, spans, sentences = "", [], []
    for number, paragraph in enumerate(paragraphs):
        if number:
            text += "\n\n"
        start = len(text)
        for i, item in enumerate(paragraph):
            sentence, facets = (item, ()) if isinstance(item, str) else item
            if i:
                text += " "
            a = len(text)
            text += sentence
            first = sentence.split(" ", 1)[0]
            sentences.append(
                Sentence(
                    a,
                    len(text),
                    number,
                    facets=facets,
                    spans=tuple((a, a + len(first), f) for f in facets),
                )
            )
        spans.append((start, len(text)))
    return Document(
        id="doc",
        title="A document",
        source="test",
        path="doc.txt",
        words=len(text.split()),
        facet_counts={},
        text=text,
        paragraphs=tuple(spans),
        sentences=tuple(sentences),
    )


def run(test: Callable[[], Coroutine[Any, Any, None]]) -> Callable[[], None]:
    """Run an async test in its own event loop (no pytest async plugin needed)."""

    def sync() -> None:
        asyncio.run(test())

    sync.__name__ = test.__name__
    sync.__doc__ = test.__doc__
    return sync


class ReaderApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.moved: list[Reader.Moved] = []

    def compose(self) -> ComposeResult:
        yield Reader()

    def on_reader_moved(self, message: Reader.Moved) -> None:
        self.moved.append(message)


def rows(reader: Reader) -> list[str]:
    """The text column of every row on screen, trailing spaces removed."""
    height = reader.scrollable_content_region.height
    return [reader.render_line(y).text[GUTTER:].rstrip() for y in range(height)]


def gutter(reader: Reader, y: int) -> str:
    return reader.render_line(y).text[:GUTTER]


def visible(reader: Reader, needle: str) -> int | None:
    """The screen row whose text contains ``needle``."""
    return next((y for y, row in enumerate(rows(reader)) if needle in row), None)


@run
async def test_wraps_to_width_and_keeps_paragraphs() -> None:
    long = " ".join(f"word{i:02d}" for i in range(40))
    doc = make_doc([[long], ["Second paragraph."], ["Third."]])
    app = ReaderApp()
    async with app.run_test(size=(60, 24)) as pilot:
        reader = app.query_one(Reader)
        reader.show(doc, FACETS, set())
        await pilot.pause()
        width = reader.scrollable_content_region.width - GUTTER
        shown = rows(reader)
        first = shown.index("")
        assert first > 1  # the long paragraph took several rows
        assert all(cell_len(row) <= width for row in shown)
        assert " ".join(shown[:first]).split() == long.split()  # no word cut or lost
        assert shown[first : first + 5] == ["", "Second paragraph.", "", "Third.", ""]
        assert reader.virtual_size.height == first + 4


@run
async def test_gutter_letters_follow_the_switches() -> None:
    doc = make_doc([["A plain sentence.", ("Risky business here.", ("risks",))]])
    app = ReaderApp()
    async with app.run_test(size=(80, 24)) as pilot:
        reader = app.query_one(Reader)
        reader.show(doc, FACETS, {"risks", "mechanism"})
        await pilot.pause()
        assert gutter(reader, 0) == "  R "  # risks is the second facet column
        reader.set_enabled({"mechanism"})
        await pilot.pause()
        assert gutter(reader, 0) == "    "
        reader.set_enabled({"risks"})
        await pilot.pause()
        assert gutter(reader, 0) == "  R "


@run
async def test_jump_marked_cycles_and_scrolls() -> None:
    filler = [[FILLER] for _ in range(100)]
    doc = make_doc(
        [
            [("Risk one is near.", ("risks",))],
            [("Risk two too.", ("risks",))],
            *filler,
            [("Risk three is far away.", ("risks",))],
        ]
    )
    app = ReaderApp()
    async with app.run_test(size=(80, 24)) as pilot:
        reader = app.query_one(Reader)
        reader.show(doc, FACETS, {"risks"})
        await pilot.pause()
        assert reader.jump_marked(1) == (1, 3)
        assert reader.jump_marked(1) == (2, 3)
        assert reader.scroll_y == 0
        y = visible(reader, "Risk two")
        assert y is not None and gutter(reader, y).startswith("▌")
        assert reader.jump_marked(1) == (3, 3)
        await pilot.pause()
        assert reader.scroll_y > 0
        y = visible(reader, "Risk three")
        assert y is not None and gutter(reader, y) == "▌ R "
        assert reader.jump_marked(1) == (1, 3)  # wraps around
        assert reader.jump_marked(-1) == (3, 3)
        await pilot.pause()
        assert app.moved[-1].marked == (3, 3)
        reader.set_enabled({"mechanism"})
        assert reader.jump_marked(1) is None


@run
async def test_jump_match_cycles_both_ways() -> None:
    doc = make_doc([["Needle at the top."]] + [[FILLER] for _ in range(60)] + [["A needle."]])
    text = doc.text
    matches = []
    for word in ("Needle", "needle"):
        at = text.find(word)
        matches.append((at, at + len(word)))
    middle = text.find("particular", len(text) // 2)
    matches.insert(1, (middle, middle + len("particular")))
    app = ReaderApp()
    async with app.run_test(size=(80, 24)) as pilot:
        reader = app.query_one(Reader)
        reader.show(doc, FACETS, set(), matches=matches, scroll_to=matches[0][0])
        await pilot.pause()
        assert reader.jump_match(1) == (1, 3)
        assert reader.jump_match(1) == (2, 3)
        assert reader.jump_match(1) == (3, 3)
        await pilot.pause()
        assert visible(reader, "A needle.") is not None
        assert reader.jump_match(1) == (1, 3)
        await pilot.pause()
        assert reader.scroll_y == 0
        assert reader.jump_match(-1) == (3, 3)
        await pilot.pause()
        assert app.moved[-1].match == (3, 3)


@run
async def test_show_scrolls_to_offset() -> None:
    doc = make_doc([[f"Paragraph {i:03d}. {FILLER}"] for i in range(200)])
    app = ReaderApp()
    async with app.run_test(size=(80, 24)) as pilot:
        reader = app.query_one(Reader)
        reader.show(doc, FACETS, set(), scroll_to=doc.paragraphs[150][0])
        await pilot.pause()
        y = visible(reader, "Paragraph 150.")
        assert y is not None and y <= 3  # near the top


@run
async def test_keys_scroll() -> None:
    doc = make_doc([[f"Paragraph {i:03d}. {FILLER}"] for i in range(200)])
    app = ReaderApp()
    async with app.run_test(size=(80, 24)) as pilot:
        reader = app.query_one(Reader)
        reader.show(doc, FACETS, set())
        reader.focus()
        await pilot.pause()
        await pilot.press("j", "j")
        assert reader.scroll_y == 2
        await pilot.press("k")
        assert reader.scroll_y == 1
        await pilot.press("space")
        page = reader.scrollable_content_region.height
        assert reader.scroll_y == 1 + page
        await pilot.press("b")
        assert reader.scroll_y == 1
        await pilot.press("ctrl+d")
        assert reader.scroll_y == 1 + page // 2
        await pilot.press("G")
        assert reader.scroll_y == reader.max_scroll_y > 0
        await pilot.press("g")
        assert reader.scroll_y == 0
        await pilot.press("end")
        assert reader.scroll_y == reader.max_scroll_y


@run
async def test_resize_rewraps_and_keeps_the_top_paragraph() -> None:
    doc = make_doc([[f"Paragraph {i:03d}.", FILLER, FILLER] for i in range(100)])
    app = ReaderApp()
    async with app.run_test(size=(120, 24)) as pilot:
        reader = app.query_one(Reader)
        reader.show(doc, FACETS, set(), scroll_to=doc.paragraphs[40][0])
        await pilot.pause()
        y = visible(reader, "Paragraph 040.")
        assert y is not None
        reader.scroll_to(y=reader.scroll_y + y, animate=False)
        await pilot.pause()
        lines_wide = reader.virtual_size.height
        await pilot.resize_terminal(50, 24)
        await pilot.pause()
        assert reader.virtual_size.height > lines_wide
        assert rows(reader)[0].startswith("Paragraph 040.")
        width = reader.scrollable_content_region.width - GUTTER
        assert all(cell_len(row) <= width for row in rows(reader))
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert rows(reader)[0].startswith("Paragraph 040.")


@run
async def test_markup_and_control_characters_render_literally() -> None:
    doc = make_doc(
        [["Try [bold]x[/] and [@click=app.quit]y[/] or [/] now.", "Bell\x07 esc\x1b[31m."]]
    )
    app = ReaderApp()
    async with app.run_test(size=(80, 24)) as pilot:
        reader = app.query_one(Reader)
        reader.show(doc, FACETS, set())
        await pilot.pause()
        line = " ".join(rows(reader))
        assert "[bold]x[/]" in line
        assert "[@click=app.quit]y[/]" in line
        assert "\x1b" not in line and "\x07" not in line
        assert "esc\ufffd[31m." in line
        assert app.is_running


@run
async def test_empty_state() -> None:
    app = ReaderApp()
    async with app.run_test(size=(80, 24)) as pilot:
        reader = app.query_one(Reader)
        await pilot.pause()
        text = "".join(reader.render_line(y).text for y in range(reader.size.height))
        assert "No document selected" in text
        reader.show(make_doc([["Hello."]]), FACETS, set())
        reader.show(None, FACETS, set())
        await pilot.pause()
        assert reader.document is None
        assert reader.jump_marked(1) is None and reader.jump_match(1) is None


@run
async def test_fifty_thousand_lines_open() -> None:
    doc = make_doc([[f"Line {i}. {FILLER}"] for i in range(25_000)])
    app = ReaderApp()
    async with app.run_test(size=(80, 24)) as pilot:
        reader = app.query_one(Reader)
        reader.show(doc, FACETS, set())
        await pilot.pause()
        assert reader.virtual_size.height >= 49_999
        reader.focus()
        await pilot.press("G")
        assert rows(reader)[-1].startswith("Line 24999.")


@given(
    st.text(alphabet=st.sampled_from("ab cdé\u00e9-xyz  "), max_size=200),
    st.integers(min_value=1, max_value=30),
)
def test_fast_and_measured_wraps_agree(text: str, width: int) -> None:
    fast: list[tuple[int, int]] = []
    measured: list[tuple[int, int]] = []
    _wrap_narrow(text, 0, len(text), width, fast)
    _wrap_measured(text, 0, len(text), width, measured)
    assert fast == measured
    assert all(b - a <= width for a, b in fast)
    # Only spaces are dropped, at the breaks.
    assert "".join(text[a:b] for a, b in fast).replace(" ", "") == text.replace(" ", "")


def test_the_characters_wrapped_by_counting_take_one_cell_each() -> None:
    for lo, hi in NARROW_RANGES:
        for code in range(lo, hi + 1):
            assert cell_len(chr(code)) == 1, hex(code)
    assert _is_narrow("Café \u2013 naïve")
    assert not _is_narrow("日本") and not _is_narrow("e\u0301")  # wide; combining


@given(
    st.text(alphabet=st.sampled_from("a b\u4e2d\u6587\n"), max_size=120),
    st.integers(min_value=2, max_value=20),
)
def test_wide_characters_fit(text: str, width: int) -> None:
    rows = wrap_offsets(text, 0, len(text), width)
    for a, b in rows:
        assert cell_len(text[a:b]) <= width
        assert "\n" not in text[a:b]
    kept = "".join(text[a:b] for a, b in rows)
    assert kept.replace(" ", "") == text.replace(" ", "").replace("\n", "")


@run
async def test_show_before_mount_and_set_enabled_keep_the_position() -> None:
    doc = make_doc([[(f"Paragraph {i:03d}.", ("risks",) if i % 2 else ())] for i in range(100)])

    class EarlyApp(ReaderApp):
        def compose(self) -> ComposeResult:
            reader = Reader()
            reader.show(doc, FACETS, {"risks"}, scroll_to=doc.paragraphs[50][0])
            yield reader

    app = EarlyApp()
    async with app.run_test(size=(80, 24)) as pilot:
        reader = app.query_one(Reader)
        await pilot.pause()
        assert visible(reader, "Paragraph 050.") is not None
        top = reader.scroll_y
        assert top > 0
        reader.set_enabled(set())
        await pilot.pause()
        assert reader.scroll_y == top
        assert app.moved[-1].marked is None
