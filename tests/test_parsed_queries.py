"""Parsed topics queries are kept between processes: a later process reads the parse
instead of running Whoosh's parser again, and a damaged file only costs the shortcut."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kread.index.facets import parsed_queries
from kread.index.facets.query_compiler import _parser

# A process that compiles the default topics and says how many texts it parsed itself.
COMPILE = """
from kread.index.facets import parsed_queries
from kread.index.facets.taxonomy import load_taxonomy
import kread.index.facets.query_compiler as compiler

parser = compiler._parser()
parse, count = parser.parse, [0]

def counted(text):
    count[0] += 1
    return parse(text)

parser.parse = counted
taxonomy = load_taxonomy(None)
print(count[0], taxonomy.classify("Ketamine may raise blood pressure.")[0])
"""


def _compile_in_a_process(cache: Path) -> tuple[int, str]:
    run = subprocess.run(
        [sys.executable, "-c", COMPILE],
        capture_output=True,
        text=True,
        timeout=120,
        env={"KREAD_CACHE_DIR": str(cache), "PATH": "/usr/bin:/bin"},
    )
    assert run.returncode == 0, run.stderr
    count, facets = run.stdout.split(" ", 1)
    return int(count), facets.strip()


def test_a_later_process_reads_the_parsed_queries_and_marks_the_same(tmp_path: Path):
    first_count, first_facets = _compile_in_a_process(tmp_path)
    later_count, later_facets = _compile_in_a_process(tmp_path)
    assert first_count > 20  # every facet and cue query was parsed
    assert later_count == 0
    assert later_facets == first_facets == "('risks',)"


def test_a_damaged_file_is_parsed_afresh(tmp_path: Path):
    _compile_in_a_process(tmp_path)
    (kept,) = tmp_path.glob("parsed-queries-*.pickle")
    kept.write_bytes(b"not a pickle")
    count, facets = _compile_in_a_process(tmp_path)
    assert count > 20 and facets == "('risks',)"


def test_each_caller_gets_its_own_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("KREAD_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(parsed_queries, "_kept", None)
    monkeypatch.setattr(parsed_queries, "_file", None)
    one = parsed_queries.parsed('"blood pressure" OR nausea', _parser().parse)
    two = parsed_queries.parsed('"blood pressure" OR nausea', _parser().parse)
    assert one == two and one is not two


def test_a_file_left_by_other_code_goes_when_a_new_one_is_written(tmp_path: Path):
    old = tmp_path / "parsed-queries-0000000000000000.pickle"
    old.write_bytes(b"older kread code's parses")
    _compile_in_a_process(tmp_path)
    kept = list(tmp_path.glob("parsed-queries-*.pickle"))
    assert len(kept) == 1 and kept[0] != old
