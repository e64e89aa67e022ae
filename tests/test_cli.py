"""The `kread` commands: human output, `--json` shapes and exit codes."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from kread.tui.cli import main


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys, *args: str) -> tuple[int, dict]:
    code, out, _ = run(capsys, *args, "--json")
    return code, json.loads(out)


def test_list_json_shape(capsys):
    code, data = run_json(capsys, "list")
    assert code == 0
    assert len(data["documents"]) == 5
    for doc in data["documents"]:
        assert {"id", "title", "source", "path", "words", "facet_counts"} <= set(doc)
        assert Path(doc["path"]).is_file()
        assert set(doc["facet_counts"]) == {"mechanism", "benefits", "risks", "regulation"}


def test_list_human_output_names_titles_and_facet_letters(capsys):
    code, out, _ = run(capsys, "list")
    assert code == 0
    assert "What You Should Know About" in out
    assert "Recovery Beach" in out
    assert "M" in out and "facets:" in out


def test_show_json_offsets_are_into_text(capsys):
    code, data = run_json(capsys, "show", "000")
    assert code == 0
    assert data["id"] == "000_944167e6c0212a66"
    text = data["text"]
    assert data["sentences"]
    for sentence in data["sentences"]:
        assert {"start", "end", "facets", "boilerplate"} <= set(sentence)
        piece = text[sentence["start"] : sentence["end"]]
        assert piece == piece.strip() and piece
    assert any(s["boilerplate"] for s in data["sentences"])


def test_show_facet_filter(capsys):
    code, data = run_json(capsys, "show", "004", "--facet", "risks")
    assert code == 0
    assert data["sentences"] and all("risks" in s["facets"] for s in data["sentences"])
    code, out, _ = run(capsys, "show", "004", "-f", "R")
    assert code == 0 and "blood pressure" in out


def test_show_human_output_has_title_and_text(capsys):
    code, out, _ = run(capsys, "show", "002")
    assert code == 0
    assert "Healing the Invisible Wounds" in out
    assert "NMDA receptor antagonist" in out


def test_search_json_shape_and_exit_codes(capsys):
    code, data = run_json(capsys, "search", "NMDA")
    assert code == 0
    assert {"query", "corrected", "notices", "total", "facet_counts", "hits"} <= set(data)
    assert data["total"] == 3
    for hit in data["hits"]:
        assert {"id", "title", "score", "snippet", "matches"} <= set(hit)
    code, data = run_json(capsys, "search", "zzqqxxv")
    assert code == 1 and data["total"] == 0


def test_search_human_output_shows_hits_and_did_you_mean(capsys):
    code, out, _ = run(capsys, "search", "neuroplastisity")
    assert code == 1
    assert "did you mean" in out and "neuroplasticity" in out
    code, out, _ = run(capsys, "search", "hallucinations")
    assert code == 0 and "1 hit for" in out and "hallucinations" in out


def test_search_hit_lines_keep_id_and_score_beside_the_title_at_80_columns(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    code, out, _ = run(capsys, "search", "ketamine")
    assert code == 0 and all(len(line.rstrip()) <= 80 for line in out.splitlines())
    # Each hit's first line carries its id and score, even when the title must wrap.
    firsts = [line for line in out.splitlines() if line[:4].strip().rstrip(".").isdigit()]
    assert len(firsts) == 5
    assert all(re.search(r"\d{3}_[0-9a-f]{16}  \d+\.\d\d$", line.rstrip()) for line in firsts)


def test_a_mended_query_is_answered_with_its_notices(capsys):
    code, data = run_json(capsys, "search", "ketamine AND (")
    assert code == 0 and data["total"] == 5
    assert len(data["notices"]) == 1 and '"("' in data["notices"][0]
    code, data = run_json(capsys, "search", "NMDA")
    assert data["notices"] == []
    code, out, _ = run(capsys, "search", "facet:bogus ketamine")
    assert code == 0 and 'no facet "bogus"' in out and "5 hits" in out


@pytest.mark.parametrize(
    ("query", "said"),
    [("", "nothing to search for"), ("*", "at least 2 letters"), ("facet:bogus", '"bogus"')],
)
def test_a_query_with_nothing_to_search_for_exits_2_with_one_line(capsys, query, said):
    for json_flag in ([], ["--json"]):
        code, out, err = run(capsys, "search", query, *json_flag)
        assert code == 2 and out == ""
        assert err.strip().count("\n") == 0 and said in err


def test_topics_json(capsys):
    code, data = run_json(capsys, "topics")
    assert code == 0
    names = [f["name"] for f in data["facets"]]
    assert names == ["mechanism", "benefits", "risks", "regulation"]
    for facet in data["facets"]:
        assert {"name", "label", "colour", "description"} <= set(facet)


def test_index_command_reports_and_rebuilds(capsys, small_corpus):
    code, out, _ = run(capsys, "index", "--corpus", str(small_corpus))
    assert code == 0 and "3 documents" in out
    code, out, _ = run(capsys, "index", "--corpus", str(small_corpus))
    assert "up to date" in out
    code, out, _ = run(capsys, "index", "--rebuild", "--corpus", str(small_corpus))
    assert "rebuilt" in out


def test_bad_input_exits_2_with_one_line(capsys, tmp_path):
    code, _, err = run(capsys, "show", "nosuchdoc")
    assert code == 2 and err.strip().count("\n") == 0 and "nosuchdoc" in err
    code, _, err = run(capsys, "list", "--corpus", str(tmp_path / "missing"))
    assert code == 2 and "does not exist" in err
    code, _, err = run(capsys, "search", "x", "--facet", "astrology")
    assert code == 2 and "astrology" in err


def test_taxonomy_error_names_file_and_line(capsys, tmp_path):
    bad = tmp_path / "topics.yaml"
    bad.write_text("facets:\n  - name: risks\n    colour: [unclosed\n")
    code, _, err = run(capsys, "topics", "--topics", str(bad))
    assert code == 2
    assert f"{bad}:" in err and "Traceback" not in err


def test_taxonomy_with_a_bad_query_fails_list_with_file_and_line(capsys, tmp_path, small_corpus):
    # Valid YAML: the error is in a facet query, which the library compiles when it
    # first classifies a sentence, not when it opens.
    bad = tmp_path / "topics.yaml"
    bad.write_text("facets:\n  - name: cost\n    query: '\"price'\n")
    for corpus in ([], ["--corpus", str(small_corpus)]):
        code, out, err = run(capsys, "list", "--topics", str(bad), *corpus)
        assert code == 2 and out == ""
        assert err.startswith(f"kread: error: {bad}:3: facet 'cost': query does not parse")
        assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_unreadable_file_is_skipped_with_a_warning(capsys, small_corpus):
    (small_corpus / "broken.txt").write_bytes(b"\x00\x01\x02binary\x00" * 20)
    code, data = run_json(capsys, "list", "--corpus", str(small_corpus))
    assert code == 0 and len(data["documents"]) == 3
    _, _, err = run(capsys, "list", "--corpus", str(small_corpus))
    assert "broken.txt" in err


def test_no_command_without_a_terminal_explains_the_commands(capsys):
    code, _, err = run(capsys)
    assert code == 2
    assert "kread list" in err


def test_usage_errors_exit_2():
    with pytest.raises(SystemExit) as exit_info:
        main(["search"])
    assert exit_info.value.code == 2
    with pytest.raises(SystemExit) as exit_info:
        main(["search", "x", "--limit", "0"])
    assert exit_info.value.code == 2


@pytest.mark.parametrize(
    "command",
    [
        ["list"],
        ["show", "000"],
        ["search", "NMDA"],
        ["compare", "001", "004"],
        ["compare", "000", "001", "002"],
        ["points"],
        ["points", "000", "004", "--facet", "risks"],
    ],
)
def test_commands_never_import_textual(command):
    code = (
        "import sys\n"
        "from kread.tui.cli import main\n"
        f"rc = main({[*command, '--json']!r})\n"
        "assert 'textual' not in sys.modules, 'textual was imported'\n"
        "sys.exit(rc)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_importing_the_cli_loads_neither_the_index_nor_textual():
    # `kread` with no command must reach the reader (which loads the index in a worker
    # after its first paint) without paying for Whoosh or the index here.
    heavy = [
        "whoosh",
        "kread.index.library",
        "kread.index.points.compare",
        "kread.index.search.parse",
        "kread.index.search.run",
        "kread.index.facets.taxonomy",
        "textual",
    ]
    code = (
        "import sys\n"
        "import kread.tui.cli\n"
        f"loaded = [m for m in {heavy!r} if m in sys.modules]\n"
        "assert not loaded, f'imported: {loaded}'\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_no_command_reaches_the_reader_without_the_index():
    code = (
        "import sys, types\n"
        "fake = types.ModuleType('kread.tui.app')\n"
        "def run_reader(corpus=None, topics=None, max_file_bytes=None, settings=None):\n"
        "    loaded = [m for m in ('whoosh', 'kread.index.library') if m in sys.modules]\n"
        "    assert not loaded, f'imported before the reader: {loaded}'\n"
        "    assert (corpus, topics, max_file_bytes) == ('somewhere', None, 500 * 1024)\n"
        "    return 7\n"
        "fake.run_reader = run_reader\n"
        "sys.modules['kread.tui.app'] = fake\n"
        "sys.stdout.isatty = lambda: True\n"
        "from kread.tui.cli import main\n"
        "sys.exit(main(['--corpus', 'somewhere', '--max-file-size', '500K']))\n"
    )
    env = {**os.environ, "TERM": "xterm-256color"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert done.returncode == 7, done.stderr


def test_a_ctrl_c_once_the_command_is_done_does_not_kill_it_on_its_way_out():
    # As `kread topics` run from the shell: Python drops its Ctrl-C handler while it
    # exits, so a Ctrl-C after the work made a death by SIGINT of a finished command.
    code = (
        "import os, signal, sys\n"
        "sys.argv = ['kread', 'topics', '--json']\n"
        "from kread.tui.cli import main\n"
        "rc = main()\n"
        "os.kill(os.getpid(), signal.SIGINT)\n"
        "sys.exit(rc)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)


def test_topics_human_output_lists_letters_and_definitions(capsys):
    code, out, _ = run(capsys, "topics")
    assert code == 0
    for label in ("Mechanism", "Benefits", "Risks", "Regulation"):
        assert label in out
    assert "topics.yaml" in out


def test_corpus_before_or_after_the_command(capsys, small_corpus):
    for args in (["--corpus", str(small_corpus), "list"], ["list", "--corpus", str(small_corpus)]):
        code, data = run_json(capsys, *args)
        assert code == 0 and [d["id"] for d in data["documents"]] == ["alpha", "beta", "gamma"]


# -- a start that finds nothing changed -------------------------------------------------
# What reads files, the taxonomy's compiler and the build: a start that finds the index
# up to date has no use for them.
READING_MODULES = [
    "kread.index.reading.corpus",
    "kread.index.reading.formats",
    "kread.index.reading.segment",
    "kread.index.facets.taxonomy",
    "kread.index.facets.last_good",
    "kread.index.engine.build",
    "yaml",
    "multiprocessing",
    "textual",
]
# Slow to load, though it reads nothing: it brings `inspect`, and each dataclass takes a
# millisecond or more to define. (Rich, which prints text, uses it.)
SLOW_FOR_JSON = ["dataclasses"]


@pytest.mark.parametrize("command", [["list", "--json"], ["search", "NMDA", "--json"], ["list"]])
def test_a_warm_start_imports_nothing_that_reads_files(command, small_corpus):
    main(["index", "--corpus", str(small_corpus)])
    unwanted = READING_MODULES + (SLOW_FOR_JSON if "--json" in command else [])
    code = (
        "import sys\n"
        "from kread.tui.cli import main\n"
        f"rc = main({[*command, '--corpus', str(small_corpus)]!r})\n"
        f"loaded = [m for m in {unwanted!r} if m in sys.modules]\n"
        "assert not loaded, f'imported: {loaded}'\n"
        "variations = sys.modules.get('whoosh.lang.morph_en')\n"
        "assert not hasattr(variations, '__file__'), 'whoosh.lang.morph_en was loaded'\n"
        "sys.exit(rc)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_whooshs_word_variations_still_work_once_asked_for():
    code = (
        "import kread.index.library\n"
        "from whoosh.query.terms import variations\n"
        "words = variations('jumped')\n"
        "assert {'jump', 'jumps', 'jumping'} <= words, words\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_a_json_command_on_a_warm_index_does_not_load_rich(small_corpus):
    main(["index", "--corpus", str(small_corpus)])
    code = (
        "import sys\n"
        "from kread.tui.cli import main\n"
        f"rc = main(['search', 'ketamine', '--json', '--corpus', {str(small_corpus)!r}])\n"
        "assert 'rich' not in sys.modules, 'rich was imported'\n"
        "sys.exit(rc)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def listed(capsys, *args: str) -> dict[str, dict]:
    code, data = run_json(capsys, "list", *args)
    assert code in (0, 1)
    return {d["id"]: d for d in data["documents"]}


def test_a_warm_start_still_sees_every_change(capsys, small_corpus, tmp_path):
    where = ["--corpus", str(small_corpus)]
    assert sorted(listed(capsys, *where)) == ["alpha", "beta", "gamma"]
    assert sorted(listed(capsys, *where)) == ["alpha", "beta", "gamma"]  # warm

    (small_corpus / "delta.txt").write_text("Delta\n\nKetamine can raise blood pressure.\n")
    assert sorted(listed(capsys, *where)) == ["alpha", "beta", "delta", "gamma"]

    (small_corpus / "delta.txt").write_text("Delta again\n\nA longer text than before, now.\n")
    assert listed(capsys, *where)["delta"]["title"] == "Delta again"

    (small_corpus / "catalog.yaml").write_text("delta.txt:\n  title: From the catalog\n")
    assert listed(capsys, *where)["delta"]["title"] == "From the catalog"

    (small_corpus / "delta.txt").unlink()
    assert sorted(listed(capsys, *where)) == ["alpha", "beta", "gamma"]

    (small_corpus / "sub").mkdir()
    (small_corpus / "sub" / "epsilon.md").write_text("# Epsilon\n\nNMDA receptors.\n")
    assert "sub/epsilon" in listed(capsys, *where)

    topics = tmp_path / "topics.yaml"
    topics.write_text("facets:\n  - name: cost\n    query: price\n")
    assert "cost" in listed(capsys, *where, "--topics", str(topics))["alpha"]["facet_counts"]
    topics.write_text("facets:\n  - name: costs\n    query: price OR fee\n")
    counts = listed(capsys, *where, "--topics", str(topics))["alpha"]["facet_counts"]
    assert "costs" in counts and "cost" not in counts


def test_a_warm_start_gives_the_warnings_again(capsys, small_corpus):
    (small_corpus / "broken.txt").write_bytes(b"\x00\x01\x02binary\x00" * 20)
    for _ in range(3):  # the first run builds the index, the others find it up to date
        code, _, err = run(capsys, "list", "--json", "--corpus", str(small_corpus))
        assert code == 0
        assert err.count("broken.txt") == 1, err


def test_a_facet_named_on_a_warm_start_is_resolved(capsys, small_corpus):
    where = ["--corpus", str(small_corpus)]
    main(["index", *where])
    capsys.readouterr()
    code, data = run_json(capsys, "search", "FDA", "--facet", "reg", *where)
    assert code == 0 and [h["id"] for h in data["hits"]] == ["alpha"]
    code, _, err = run(capsys, "search", "FDA", "--facet", "nosuch", *where)
    assert code == 2 and "unknown facet 'nosuch'" in err


def test_show_json_sentences_carry_cues(capsys):
    code, data = run_json(capsys, "show", "000")
    assert code == 0
    assert all(isinstance(s["cues"], list) for s in data["sentences"])
    assert {"start", "end", "facets", "cues", "boilerplate"} <= set(data["sentences"][0])


def test_search_json_has_notices(capsys):
    code, data = run_json(capsys, "search", "ketamine AND (")
    assert code == 0
    assert any('"(" was not closed' in n for n in data["notices"])
    _, data = run_json(capsys, "search", "NMDA")
    assert data["notices"] == []


@pytest.mark.parametrize(
    ("query", "read_as", "said"),
    [
        ("ketamine~~", "ketamine~", "more than one ~"),
        ("ketamine~~2", "ketamine~2", "more than one ~"),
        ("ketamine ~", "ketamine", '"~" stood alone'),
    ],
)
def test_tildes_the_parser_would_drop_are_said(capsys, query, read_as, said):
    code, data = run_json(capsys, "search", query)
    assert code == 0 and data["query"] == read_as
    assert any(said in n for n in data["notices"])
    _, data = run_json(capsys, "search", '"side effects"~2')  # a phrase's slop is fine
    assert data["notices"] == []


def test_no_import_cycles_in_the_reader():
    import ast

    tui = Path(__file__).resolve().parent.parent / "tui"
    graph: dict[str, set[str]] = {}
    for path in tui.rglob("*.py"):
        name = "kread.tui." + ".".join(path.relative_to(tui).with_suffix("").parts)
        name = name.removesuffix(".__init__")
        imported = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module)
                imported.update(f"{node.module}.{a.name}" for a in node.names)
            elif isinstance(node, ast.Import):
                imported.update(a.name for a in node.names)
        graph[name] = imported
    edges = {m: {i for i in imported if i in graph and i != m} for m, imported in graph.items()}

    def cycle_from(start: str) -> list[str] | None:
        stack = [(start, [start])]
        while stack:
            module, trail = stack.pop()
            for nxt in edges[module]:
                if nxt == start:
                    return [*trail, start]
                if nxt not in trail:
                    stack.append((nxt, [*trail, nxt]))
        return None

    cycles = [c for m in sorted(edges) if (c := cycle_from(m))]
    assert not cycles, " -> ".join(cycles[0])


# -- points -----------------------------------------------------------------------
def test_points_json_says_who_makes_each_point_and_who_is_silent(capsys):
    code, data = run_json(capsys, "points")
    assert code == 0
    ids = [d["id"] for d in data["documents"]]
    assert len(ids) == 5 and all(d["title"] for d in data["documents"])
    assert list(data["facets"]) == ["mechanism", "benefits", "risks", "regulation"]
    texts = {}
    for doc_id in ids:
        shown = run_json(capsys, "show", doc_id)[1]
        texts[doc_id] = [shown["text"][s["start"] : s["end"]] for s in shown["sentences"]]
    for points in data["facets"].values():
        assert points
        counts = [len(p["sentences"]) for p in points]
        assert counts == sorted(counts, reverse=True)  # made by most documents first
        for point in points:
            assert set(point) >= {"label", "aspect", "sentences", "silent"}
            assert point["label"]
            assert set(point["sentences"]) | set(point["silent"]) == set(ids)
            assert not set(point["sentences"]) & set(point["silent"])
            for doc_id, indexes in point["sentences"].items():
                assert indexes and all(0 <= i < len(texts[doc_id]) for i in indexes)
    for points in data["facets"].values():
        for point in points:
            assert all(isinstance(other, int) for other in point["clashes"])
    # Every bundled article says ketamine acts quickly: one point, five articles.
    benefits = data["facets"]["benefits"]
    assert any(
        len(p["sentences"]) == 5
        and all(
            any("rapid" in texts[d][i].lower() or "hours" in texts[d][i] for i in indexes)
            for d, indexes in p["sentences"].items()
        )
        for p in benefits
    )


def test_points_of_some_documents_and_facets(capsys):
    code, data = run_json(capsys, "points", "000", "004", "--facet", "R")
    assert code == 0
    assert [d["id"][:3] for d in data["documents"]] == ["000", "004"]
    assert list(data["facets"]) == ["risks"]
    for point in data["facets"]["risks"]:
        assert set(point["sentences"]) <= {d["id"] for d in data["documents"]}


def test_points_human_output_fits_80_columns(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    code, out, _ = run(capsys, "points")
    assert code == 0
    assert "\x1b[" not in out
    assert all(len(line.rstrip()) <= 80 for line in out.splitlines())
    lines = out.splitlines()
    assert any(line.startswith("5 of 5  ") and "[000 001 002 003 004]" in line for line in lines)
    for label in ("M Mechanism", "B Benefits", "R Risks", "G Regulation"):
        assert label in out
    rows = [line for line in lines if " of 5  " in line]
    assert len(rows) > 10


def test_points_markdown_quotes_the_sentences(capsys):
    _, data = run_json(capsys, "points", "001", "004", "--facet", "mechanism")
    point = data["facets"]["mechanism"][0]
    doc_id, indexes = next(iter(point["sentences"].items()))
    code, out, _ = run(capsys, "points", "001", "004", "--facet", "mechanism", "--markdown")
    assert code == 0
    assert out.startswith("# Points across documents")
    assert "## Mechanism (M)" in out
    assert f"### {len(point['sentences'])} of 2: " in out
    assert f"- `{doc_id[:3]}` ({indexes[0]}): " in out


def test_points_exit_codes(capsys, small_corpus):
    corpus = ("--corpus", str(small_corpus))
    code, out, _ = run(capsys, "points", "gamma", "--facet", "mechanism", *corpus)
    assert code == 1
    code, data = run_json(capsys, "points", "gamma", "--facet", "mechanism", *corpus)
    assert code == 1 and data["facets"] == {"mechanism": []}
    code, out, err = run(capsys, "points", "nope", *corpus)
    assert code == 2 and out == ""
    assert "no document 'nope'" in err and len(err.strip().splitlines()) == 1
    code, out, err = run(capsys, "points", "--facet", "nonsense", *corpus)
    assert code == 2 and len(err.strip().splitlines()) == 1


def test_version_prints_the_installed_version(capsys):
    from importlib.metadata import version

    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.strip() == f"kread {version('kread')}"
