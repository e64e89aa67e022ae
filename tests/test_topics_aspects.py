"""Aspects in a topics file: the format, a user's aspects merged with the default ones,
errors with file and line, and `kread topics` listing them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kread.index.errors import TaxonomyError
from kread.index.facets.taxonomy import load_taxonomy
from kread.tui.cli import main


def write(tmp_path: Path, text: str, name: str = "topics.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def error_of(path: Path) -> str:
    with pytest.raises(TaxonomyError) as caught:
        load_taxonomy(path)
    return str(caught.value)


def test_the_default_aspects_sit_under_facets_and_match_sentences():
    taxonomy = load_taxonomy(None)
    facets = {a.facet for a in taxonomy.aspects}
    assert facets <= set(taxonomy.names()) and len(facets) == len(taxonomy.names())
    assert len(set(taxonomy.aspect_names())) == len(taxonomy.aspects)
    found = dict(taxonomy.aspects_of("Some people feel detached and out of body."))
    assert "dissociation" in found


def test_a_users_file_adds_replaces_and_drops_aspects(tmp_path: Path):
    default = {a.name: a for a in load_taxonomy(None).aspects}
    assert {"speed", "nausea", "cost"} <= set(default)
    own = write(
        tmp_path,
        "facets:\n"
        "  - name: risks\n"
        "    aspects:\n"
        "      nausea: 'queasy'\n"
        "      itching: 'itch* scratch*'\n"
        "  - name: benefits\n"
        "    aspects:\n"
        "      speed:\n",
    )
    aspects = {a.name: a for a in load_taxonomy(own).aspects}
    assert aspects["nausea"].query == "queasy"
    assert aspects["itching"].facet == "risks"
    assert "speed" not in aspects
    assert aspects["cost"] == default["cost"]  # what the file does not name stays
    assert dict(load_taxonomy(own).aspects_of("It can itch a little."))["itching"]


def test_dropping_an_aspect_drops_what_opposes_it(tmp_path: Path):
    own = write(tmp_path, "facets:\n  - name: benefits\n    aspects:\n      lasting:\n")
    aspects = {a.name: a for a in load_taxonomy(own).aspects}
    assert "lasting" not in aspects and aspects["short_lived"].opposes is None


def test_a_bad_aspect_query_names_file_and_line(tmp_path: Path):
    bad = write(
        tmp_path,
        "facets:\n  - name: cost\n    query: price\n    aspects:\n"
        "      fees: 'fee*'\n      bills: '(invoice'\n",
    )
    assert error_of(bad).startswith(f"{bad}:6: aspect 'bills': query does not parse")
    listed = write(
        tmp_path,
        "facets:\n  - name: cost\n    query: price\n    aspects:\n      bills:\n"
        "        - invoice\n        - '\"bill'\n",
        "listed.yaml",
    )
    assert error_of(listed).startswith(f"{listed}:7: aspect 'bills': query does not parse")


def test_an_aspect_that_asks_for_a_heading_is_refused_not_left_matching_nothing(
    tmp_path: Path,
):
    # Points read a sentence's own words: under: would silently never match.
    headed = write(
        tmp_path,
        "facets:\n  - name: cost\n    query: price\n    aspects:\n"
        "      bills: 'invoice OR under:billing'\n",
    )
    assert error_of(headed).startswith(f"{headed}:5: aspect 'bills': under: matches nothing")


def test_aspect_mistakes_name_file_and_line(tmp_path: Path):
    opposes = write(
        tmp_path,
        "facets:\n  - name: cost\n    query: price\n    aspects:\n"
        "      cheap:\n        query: cheap\n        opposes: dear\n",
    )
    assert error_of(opposes).startswith(f"{opposes}:7: aspect 'cheap': 'opposes' names 'dear'")
    twice = write(
        tmp_path,
        "facets:\n  - name: cost\n    query: price\n    aspects:\n      nausea: sick\n",
        "twice.yaml",
    )
    assert error_of(twice).startswith(f"{twice}:5: aspect 'nausea' is already an aspect of")
    key = write(
        tmp_path,
        "facets:\n  - name: cost\n    query: price\n    aspects:\n"
        "      cheap:\n        query: cheap\n        weight: 2\n",
        "key.yaml",
    )
    assert error_of(key).startswith(f"{key}:7: unknown key 'weight' in aspect 'cheap'")
    flag = write(
        tmp_path,
        "facets:\n  - name: cost\n    query: price\n    aspects:\n"
        "      bills:\n        query: invoice\n        subject: maybe\n",
        "flag.yaml",
    )
    assert error_of(flag).startswith(f"{flag}:7: aspect 'bills': 'subject' must be true or false")
    shape = write(
        tmp_path, "facets:\n  - name: cost\n    query: price\n    aspects: [cheap]\n", "shape.yaml"
    )
    assert error_of(shape).startswith(f"{shape}:4: 'aspects' must be a mapping")


def test_kread_topics_lists_each_facets_aspects_within_80_columns(capsys):
    assert main(["topics"]) == 0
    out = capsys.readouterr().out
    assert "aspect" in out
    for name in ("dissociation", "short_lived", "supervision", "glutamate"):
        assert name in out
    assert "(opposes lasting)" in out
    lines = {line.split()[1]: line for line in out.splitlines() if len(line.split()) > 2}
    assert "(subject)" in lines["side_effects"] and "(polar)" in lines["approval"]
    assert "(figures)" in lines["response_rate"] and "(polar)" not in lines["driving"]
    assert max(len(line) for line in out.splitlines()) <= 80


def test_kread_topics_json_gives_each_facets_aspects_whole(capsys):
    assert main(["topics", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    risks = next(f for f in data["facets"] if f["name"] == "risks")
    assert {"name", "label", "colour", "description", "query", "aspects"} <= set(risks)
    aspects = {a["name"]: a for a in risks["aspects"]}
    assert "detach*" in aspects["dissociation"]["query"]
    assert aspects["short_lived"]["opposes"] == "lasting"
    assert {"name", "query"} <= set(aspects["nausea"])


def test_kread_topics_with_a_bad_aspect_says_file_and_line_in_one_line(capsys, tmp_path):
    bad = write(
        tmp_path, "facets:\n  - name: cost\n    query: price\n    aspects:\n      fees: '(fee'\n"
    )
    assert main(["topics", "--topics", str(bad)]) == 2
    err = capsys.readouterr().err
    assert f"{bad}:5: aspect 'fees'" in err and err.strip().count("\n") == 0
