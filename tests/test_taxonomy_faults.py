"""A broken topics file: one line naming the file and line, and the last version of the
file that loaded stays in force; hostile patterns and YAML never hang or run code."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.test_index_faults import kread

GOOD = """\
facets:
  - name: dosing
    label: Dosing
    description: how much and how often
    query: dose OR dosage OR infusion*
"""

BROKEN = {
    "invalid YAML": ("facets:\n  - name: dosing\n    query: [dose\n", 4),
    "unknown key": ("facets:\n  - name: dosing\n    pattern: '(a|aa)+$'\n", 3),
    "a facet with no name": ("facets:\n  - label: Dosing\n    query: dose\n", 2),
    "a query that does not parse": ('facets:\n  - name: dosing\n    query: "dose AND ("\n', 3),
    "a Python object tag": (
        "facets:\n  - name: dosing\n    query: !!python/object/apply:os.system ['touch PWNED']\n",
        3,
    ),
    "an alias bomb": (
        "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
        "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
        "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
        "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
        "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n"
        "facets: [*g, *g, *g, *g, *g, *g, *g, *g, *g, *g]\n",
        None,
    ),
}


@pytest.mark.parametrize("fault", BROKEN)
def test_a_broken_edit_is_reported_and_the_last_good_facets_stay(
    fault: str, small_corpus: Path, tmp_path: Path, isolated_cache: Path
):
    cache, topics = isolated_cache, tmp_path / "topics.yaml"
    args = ("--corpus", str(small_corpus), "--topics", str(topics))
    topics.write_text(GOOD)
    first = kread("list", "--json", *args, cache=cache)
    assert first.returncode == 0, first.stderr
    counts = {d["id"]: d["facet_counts"] for d in json.loads(first.stdout)["documents"]}
    assert "dosing" in counts["alpha"]

    text, line = BROKEN[fault]
    topics.write_text(text)
    shown = kread("list", "--json", *args, cache=cache, cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    (warning,) = [w for w in shown.stderr.splitlines() if str(topics) in w]
    assert warning.startswith(f"kread: {topics}:{line}:" if line else f"kread: {topics}")
    assert "last version of this file that loaded" in warning
    assert {d["id"]: d["facet_counts"] for d in json.loads(shown.stdout)["documents"]} == counts
    assert not (tmp_path / "PWNED").exists()
    # `kread topics` checks the file itself: the error, exit 2.
    checked = kread("topics", *args, cache=cache)
    assert checked.returncode == 2 and str(topics) in checked.stderr
    assert len(checked.stderr.strip().splitlines()) == 1

    topics.write_text(GOOD.replace("dose OR", "dose OR titration OR"))  # fixed: in force
    fixed = kread("list", "--json", *args, cache=cache)
    assert fixed.returncode == 0 and fixed.stderr == ""


def test_a_broken_file_never_seen_to_load_is_an_error(small_corpus: Path, tmp_path: Path):
    topics = tmp_path / "topics.yaml"
    topics.write_text(BROKEN["unknown key"][0])
    shown = kread(
        "list", "--corpus", str(small_corpus), "--topics", str(topics), cache=tmp_path / "c"
    )
    assert shown.returncode == 2
    assert shown.stderr.startswith(f"kread: error: {topics}:3: unknown key 'pattern'")


@pytest.mark.parametrize(
    "query", ["'(a|aa)+$'", "'*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b'", "'\"aaaa aaaa\"~1000'", "a~9"]
)
def test_patterns_that_could_backtrack_finish_on_hostile_text(query: str, tmp_path: Path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    words = " ".join("a" * n for n in range(1, 40))
    (corpus / "a.txt").write_text(f"Title\n\nThe {words}c drug {'a' * 100_000}b here.\n")
    topics = tmp_path / "topics.yaml"
    topics.write_text(f"facets:\n  - name: evil\n    query: {query}\n")
    # A hang would hit the run's time limit; every run ends with an answer.
    shown = kread(
        "list", "--json", "--corpus", str(corpus), "--topics", str(topics), cache=tmp_path / "c"
    )
    assert shown.returncode in (0, 2), shown.stderr
    assert "Traceback" not in shown.stderr
