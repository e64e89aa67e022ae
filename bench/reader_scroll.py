"""Benchmark of the reader pane on a 50,000-line document, headless.

Prints the time to `show` and paint, to scroll 200 steps, to resize and to jump;
no thresholds. Run: python bench/reader_scroll.py [--lines N]
"""

from __future__ import annotations

import argparse
import asyncio
import time
from collections.abc import Iterator
from contextlib import contextmanager

from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.strip import Strip

from kread.index.document import Document
from kread.index.models import Facet, Sentence
from kread.tui.widgets.reader import Reader
from kread.tui.wrap import wrap_offsets

SIZE = (100, 40)
FACETS = (
    Facet("mechanism", "Mechanism", "M", "#4e79a7", "", ""),
    Facet("benefits", "Benefits", "B", "#59a14f", "", ""),
    Facet("risks", "Risks", "R", "#e15759", "", ""),
    Facet("regulation", "Regulation", "G", "#b07aa1", "", ""),
)
WORDS = [
    "ketamine",
    "receptor",
    "dose",
    "patients",
    "clinical",
    "trial",
    "depression",
    "relief",
    "rapid",
    "effect",
    "study",
    "therapy",
    "nasal",
    "spray",
    "risk",
    "regulation",
    "approval",
    "brain",
    "glutamate",
]


def build_document(lines: int, width: int) -> Document:
    """Paragraphs of five sentences, every third sentence carrying a facet, until
    the text wraps to at least ``lines`` rows at ``width``."""
    parts: list[str] = []
    paragraphs: list[tuple[int, int]] = []
    sentences: list[Sentence] = []
    offset, rows, number = 0, 0, 0
    while rows < lines:
        start, first_part = offset, len(parts)
        for k in range(5):
            n = 8 + (number * 7 + k * 3) % 17
            words = [WORDS[(number + k + i) % len(WORDS)] for i in range(n)]
            sentence = " ".join(words).capitalize() + "."
            if k:
                parts.append(" ")
                offset += 1
            facet = FACETS[(number + k) % len(FACETS)].name if (number + k) % 3 == 0 else None
            first = len(words[0])
            sentences.append(
                Sentence(
                    offset,
                    offset + len(sentence),
                    number,
                    facets=(facet,) if facet else (),
                    spans=((offset, offset + first, facet),) if facet else (),
                )
            )
            parts.append(sentence)
            offset += len(sentence)
        paragraphs.append((start, offset))
        paragraph = "".join(parts[first_part:])
        rows += len(wrap_offsets(paragraph, 0, len(paragraph), width)) + 1  # + the blank row
        parts.append("\n\n")
        offset += 2
        number += 1
    text = "".join(parts)
    return Document(
        id="bench",
        title="Bench",
        source="bench",
        path="bench.txt",
        words=len(text.split()),
        facet_counts={},
        text=text,
        paragraphs=tuple(paragraphs),
        sentences=tuple(sentences),
    )


class CountingReader(Reader):
    """A reader that counts the rows it renders, to know a paint has happened."""

    rendered = 0

    def render_line(self, y: int) -> Strip:
        CountingReader.rendered += 1
        return super().render_line(y)


class BenchApp(App[None]):
    def compose(self) -> ComposeResult:
        yield CountingReader()


@contextmanager
def timed(label: str, steps: int = 1) -> Iterator[None]:
    """Print wall and CPU time; CPU excludes the pilot's idle waits."""
    wall, cpu = time.perf_counter(), time.process_time()
    yield
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    per = f"   per step {wall / steps * 1000:6.2f} / {cpu / steps * 1000:6.2f}" if steps > 1 else ""
    print(f"{label:<44} {wall * 1000:8.1f} / {cpu * 1000:8.1f} ms{per}")


async def painted(pilot: Pilot[None], before: int) -> None:
    """Wait until the reader has rendered rows since the count was ``before``."""
    deadline = time.perf_counter() + 10
    while CountingReader.rendered == before and time.perf_counter() < deadline:
        await pilot.pause()


async def keys(pilot: Pilot[None], key: str, n: int) -> None:
    """Press ``key`` n times through the pilot, waiting for each repaint."""
    for _ in range(n):
        before = CountingReader.rendered
        await pilot.press(key)
        await painted(pilot, before)


def paint_now(reader: Reader) -> None:
    """Composite the screen at once, as Textual's refresh timer would: measures
    the paint itself rather than the pilot's wait-for-idle heuristics.
    (Uses Textual internals; a bench only.)"""
    before = CountingReader.rendered
    screen = reader.screen
    screen._dirty_widgets.add(reader)
    screen._on_timer_update()
    assert CountingReader.rendered > before, "nothing was painted"


async def main(lines: int) -> None:
    text_width = SIZE[0] - 2 - (len(FACETS) + 2)  # scrollbar, gutter
    doc = build_document(lines, text_width)
    text = doc.text
    matches = []
    at = text.find("glutamate")
    while at != -1 and len(matches) < 5000:
        matches.append((at, at + len("glutamate")))
        at = text.find("glutamate", at + 1000)
    enabled = {f.name for f in FACETS}
    print(
        f"document: {len(text):,} characters, {len(doc.sentences):,} sentences, "
        f"{len(matches):,} matches; terminal {SIZE[0]}x{SIZE[1]}"
    )
    print(f"{'':<44} {'wall':>8} / {'cpu':>8} ms")

    with timed("wrap alone (wrap_offsets, every paragraph)"):
        for a, b in doc.paragraphs:
            wrap_offsets(text, a, b, text_width)

    app = BenchApp()
    async with app.run_test(size=SIZE) as pilot:
        reader = app.query_one(CountingReader)
        reader.focus()
        await pilot.pause()
        with timed("show + first paint"):
            reader.show(doc, FACETS, enabled, matches=matches)
            paint_now(reader)
        print(f"{'':<44} {reader.virtual_size.height:,} lines at {text_width} columns")
        with timed("200 x page down (action), painted", 200):
            for _ in range(200):
                reader.action_page(1)
                paint_now(reader)
        rows = reader.virtual_size.height
        with timed("200 x scroll_to(far line), painted", 200):
            for k in range(1, 201):
                reader.scroll_to(y=(k * 7919) % rows, animate=False)
                paint_now(reader)
        with timed("200 x jump_match(-1), painted", 200):
            for _ in range(200):
                reader.jump_match(-1)
                paint_now(reader)
        with timed("200 x jump_marked(1), painted", 200):
            for _ in range(200):
                reader.jump_marked(1)
                paint_now(reader)
        with timed("200 x 'j' through the pilot, painted", 200):
            await keys(pilot, "j", 200)
        with timed("'G' through the pilot, painted"):
            await keys(pilot, "G", 1)
        before = CountingReader.rendered
        with timed("resize 100 -> 70 columns (pilot), painted"):
            await pilot.resize_terminal(70, SIZE[1])
            await painted(pilot, before)
        print(f"{'':<44} {reader.virtual_size.height:,} lines after resize")
        before = CountingReader.rendered
        with timed("resize 70 -> 100 columns (pilot), painted"):
            await pilot.resize_terminal(*SIZE)
            await painted(pilot, before)
        with timed("set_enabled (one facet), painted"):
            reader.set_enabled({"risks"})
            paint_now(reader)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=50_000)
    asyncio.run(main(parser.parse_args().lines))
