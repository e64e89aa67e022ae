"""The settings file: what it sets, how its mistakes are told, and that kread never writes it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kread.tui.app import KreadApp, binding_sections
from kread.tui.keymap import check_keymap
from kread.tui.remembered import Remembered
from kread.tui.screens.help import HelpScreen
from kread.tui.screens.search import SearchScreen
from kread.tui.settings import load_settings
from kread.tui.widgets.document_list import DocumentList
from kread.tui.widgets.find_bar import FindBar
from kread.tui.widgets.reader import Reader
from tests.pilot import plain, reader_lines, ready, wait_until

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_every_setting_is_read_with_its_line(tmp_path: Path):
    corpus = tmp_path / "articles"
    corpus.mkdir()
    path = write(
        tmp_path,
        "# mine\n"
        "theme: gruvbox\n"
        f"corpus: {corpus}\n"
        "reading_width: 72\n"
        "keymap:\n"
        "  main.find: ctrl+f\n"
        "  reader.down: 'j, down, ctrl+n'\n",
    )
    settings = load_settings(path)
    assert settings.problems == ()
    assert (settings.theme, settings.corpus, settings.reading_width) == (
        "gruvbox",
        str(corpus),
        72,
    )
    assert settings.keymap == {"main.find": "ctrl+f", "reader.down": "j,down,ctrl+n"}
    assert settings.problem("reader.down", "x") == f"{path}:7: x"


def test_no_file_is_the_defaults_and_no_problem(tmp_path: Path):
    settings = load_settings(tmp_path / "missing.yaml")
    assert settings.problems == () and settings.theme is None and settings.keymap == {}


@pytest.mark.parametrize(
    ("text", "line", "says"),
    [
        ("theme: nord\nkeymap: [\n", 3, "invalid YAML"),
        ("theme: !!python/object:os.system nord\n", 1, "not allowed"),
        ("- theme\n", 1, "mapping of theme"),
    ],
)
def test_a_broken_file_is_one_line_naming_file_and_line_and_the_defaults(
    tmp_path: Path, text: str, line: int, says: str
):
    path = write(tmp_path, text)
    settings = load_settings(path)
    assert settings.theme is None and settings.keymap == {}
    [problem] = settings.problems
    assert problem.startswith(f"{path}:{line}: ") and says in problem
    assert "\n" not in problem and problem.endswith("using the defaults")


def test_a_wrong_setting_falls_back_alone(tmp_path: Path):
    path = write(tmp_path, "colour: blue\ntheme: nord\nreading_width: wide\ntheme: dracula\n")
    settings = load_settings(path)
    assert settings.theme == "nord" and settings.reading_width is None
    assert [p.split(": ", 1)[0] for p in settings.problems] == [
        f"{path}:1",
        f"{path}:3",
        f"{path}:4",
    ]
    assert "unknown setting 'colour'" in settings.problems[0]
    assert "reading_width 'wide'" in settings.problems[1]
    assert "set twice" in settings.problems[2]


def test_keymap_lines_that_cannot_work_are_told_and_left_out(tmp_path: Path):
    path = write(
        tmp_path,
        "keymap:\n"
        "  main.serch: f\n"  # no such binding
        "  main.copy: ctrl+bogus\n"  # no such key
        "  main.points: c\n"  # c is compare's key on the same screen
        "  app.quit: x\n"  # quitting stays where it is
        "  main.find: ctrl+f\n",
    )
    keymap, problems = check_keymap(load_settings(path), binding_sections())
    assert keymap["main.find"] == "ctrl+f"
    for binding_id in ("main.serch", "main.copy", "main.points", "app.quit"):
        assert binding_id not in keymap
    lines = [p.split(": ", 1)[0] for p in problems]
    assert lines == [f"{path}:{n}" for n in (2, 3, 5, 4)]
    assert "no binding is called 'main.serch'" in problems[0]
    assert "'ctrl+bogus' is not a key" in problems[1]
    assert "main.compare" in problems[3]


async def test_theme_and_remapped_keys_act_and_the_old_key_stops(tmp_path: Path):
    path = write(
        tmp_path,
        "theme: gruvbox\nkeymap:\n  main.search: ctrl+f\n  reader.down: ctrl+n\n",
    )
    before = path.read_bytes()
    app = KreadApp(settings=load_settings(path))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        assert app.theme == "gruvbox"
        footer = " ".join(str(key.render()) for key in screen.query("FooterKey"))
        assert "^f Search" in footer
        await pilot.press("slash")  # no longer search on the list
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("ctrl+f")
        await wait_until(pilot, lambda: isinstance(app.screen, SearchScreen))
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen)

        await pilot.press("enter")
        reader = screen.query_one(Reader)
        await wait_until(pilot, lambda: reader.document is not None and reader.has_focus)
        await pilot.press("j")  # j went to ctrl+n
        await pilot.pause()
        assert reader.scroll_y == 0
        await pilot.press("ctrl+n")
        await wait_until(pilot, lambda: reader.scroll_y == 1)
        # "/" was search's key on the list and stays find's in the reader.
        await pilot.press("slash")
        await wait_until(pilot, lambda: screen.query_one(FindBar).display)
        await pilot.press("escape")

        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        shown = "\n".join(plain(s.content) for s in app.screen.query("Static"))
        [search_row] = [line for line in shown.splitlines() if "main.search " in line]
        assert search_row.lstrip().startswith("ctrl+f s ")
        assert any(line.lstrip().startswith("ctrl+n ") for line in shown.splitlines())
    assert path.read_bytes() == before


async def test_problems_are_notified_and_the_rest_applies(tmp_path: Path):
    path = write(tmp_path, "theme: no-such-theme\nkeymap:\n  main.copy: c\n  main.find: ctrl+f\n")
    app = KreadApp(settings=load_settings(path))
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        told = [n.message for n in app._notifications]
        assert any(m.startswith(f"{path}:1: no theme is called 'no-such-theme'") for m in told)
        assert any(m.startswith(f"{path}:3: c is already main.compare") for m in told)
        assert app.theme != "no-such-theme"
        assert app._keymap.get("main.find") == "ctrl+f"


@pytest.mark.parametrize(("width", "expected"), [(60, 60), (0, None)])
async def test_reading_width_sets_the_widest_line(tmp_path: Path, width: int, expected):
    app = KreadApp(settings=load_settings(write(tmp_path, f"reading_width: {width}\n")))
    async with app.run_test(size=(200, 30)) as pilot:
        screen = await ready(pilot)
        reader = screen.query_one(Reader)
        pane = screen.query_one("#reader-pane")
        if expected is None:
            assert reader.size.width == pane.size.width
        else:
            assert reader.outer_size.width == expected < pane.size.width


def kread(*args: str, config: Path) -> subprocess.CompletedProcess:
    env = {**__import__("os").environ, "KREAD_CONFIG_FILE": str(config)}
    return subprocess.run(
        [sys.executable, "-m", "kread.tui.cli", *args], capture_output=True, text=True, env=env
    )


def test_the_default_corpus_serves_every_command_and_a_flag_wins(tmp_path: Path):
    corpus = tmp_path / "mine"
    corpus.mkdir()
    (corpus / "note.txt").write_text("A note\n\nKetamine is a drug used in clinics.\n")
    config = write(tmp_path, f"corpus: {corpus}\n")
    listed = kread("list", "--json", config=config)
    assert listed.returncode == 0, listed.stderr
    assert [d["id"] for d in json.loads(listed.stdout)["documents"]] == ["note"]
    bundled = kread("list", "--json", "--corpus", str(SEEDS), config=config)
    assert len(json.loads(bundled.stdout)["documents"]) == 5


def test_a_broken_file_warns_in_one_line_and_the_command_runs(tmp_path: Path):
    config = write(tmp_path, "corpus: [\n")
    listed = kread("list", "--json", config=config)
    assert listed.returncode == 0
    assert len(json.loads(listed.stdout)["documents"]) == 5
    [line] = listed.stderr.strip().splitlines()
    assert line.startswith(f"kread: {config}:2: invalid YAML")
    missing = write(tmp_path, f"corpus: {tmp_path / 'gone'}\n")
    listed = kread("list", "--json", config=missing)
    assert listed.returncode == 0 and len(json.loads(listed.stdout)["documents"]) == 5
    assert "is not a folder; using the bundled articles" in listed.stderr


async def test_the_reader_comes_back_where_it_left_the_corpus(tmp_path: Path):
    app = KreadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("m", "m")  # the first two marked, the cursor on the third
        doc_list = screen.query_one(DocumentList)
        marked, third = list(doc_list.marked), doc_list.current_id
        await pilot.press("enter")
        reader = screen.query_one(Reader)
        await wait_until(pilot, lambda: reader.document is not None and reader.has_focus)
        await pilot.press("space", "space")
        await wait_until(pilot, lambda: reader.top_offset > 0)
        start = reader.top_offset
        top_line = reader_lines(screen)[0].strip()
        app.theme = "nord"  # as the palette's "Change theme" does
        await pilot.press("ctrl+q")
    assert len(marked) == 2 and third not in marked

    again = KreadApp()
    async with again.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        reader = screen.query_one(Reader)
        await wait_until(pilot, lambda: reader.document is not None and reader.has_focus)
        assert again.theme == "nord"
        # The line that was on top is back at the top, under two lines of context.
        assert reader.document.id == third and 0 < reader.top_offset <= start
        assert top_line in [line.strip() for line in reader_lines(screen)[:3]]
        assert screen.query_one(DocumentList).marked == marked
        await pilot.press("q", "q")  # back to the list, and quit from it
    third_app = KreadApp()
    async with third_app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.pause()
        assert screen.query_one(DocumentList).current_id == third
        assert screen.query_one(DocumentList).has_focus  # left on the list: back on it


async def test_a_new_settings_theme_wins_over_the_one_chosen_before(tmp_path: Path):
    Remembered(None).save(theme="nord", settings_theme=None)
    app = KreadApp(settings=load_settings(write(tmp_path, "theme: dracula\n")))
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        assert app.theme == "dracula"
    assert Remembered(None).place.theme == "nord"  # not changed by starting


async def test_a_damaged_place_file_is_forgotten(tmp_path: Path):
    path = Remembered(None).path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('{"document": ["x"], "start": "y", "marked": "z"')
    app = KreadApp()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        assert (
            screen.query_one(DocumentList).has_focus and not screen.query_one(DocumentList).marked
        )
