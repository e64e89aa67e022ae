"""Claim cues: defined in the taxonomy YAML, found per sentence at index time, counted per
article, and given by `show --json`, `list --json` and `topics --json`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from kread.index.errors import TaxonomyError
from kread.index.facets.taxonomy import Taxonomy, load_taxonomy
from kread.index.library import Library
from kread.tui.cli import main

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CUES = ("hedged", "absolute", "quantified", "sourced", "promotional")


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return load_taxonomy(ROOT / "index" / "facets" / "topics.yaml")


def cues(taxonomy: Taxonomy, sentence: str) -> set[str]:
    return set(taxonomy.cues_of(sentence)[0])


def test_the_default_taxonomy_has_the_five_cues_distinct_from_the_facets(taxonomy: Taxonomy):
    assert taxonomy.cue_names() == CUES
    glyphs = [c.glyph for c in taxonomy.cues]
    assert len(set(glyphs)) == len(glyphs)
    assert not any(g.isalnum() for g in glyphs)
    facet_colours = {f.colour.lower() for f in taxonomy.facets}
    assert not facet_colours & {c.colour.lower() for c in taxonomy.cues}
    assert len({c.colour for c in taxonomy.cues}) == len(CUES)


@pytest.mark.parametrize(
    "sentence",
    [
        "Call (555) 123-4567 to speak with a nurse.",
        "Tel: 1-800-555-0142",
        "1. Meet with the medical director.",
        "Step 3: relax as the infusion begins.",
        "The clinic opened in 2019.",
        "The programme was announced on 4 June 2021.",
        "Visit us at 1200 Ocean Avenue, Suite 300.",
        "Our office is at 455 Market Street, Floor 2.",
    ],
)
def test_quantified_is_not_a_phone_number_a_list_number_a_year_or_an_address(
    taxonomy: Taxonomy, sentence: str
):
    assert "quantified" not in cues(taxonomy, sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "67% of patients responded.",
        "Relief came within 24 hours.",
        "A trial of 158 veterans compared two doses.",
        "The dose was 0.5 mg/kg over 40 minutes.",
        "About one in five people do not respond.",
        "Infusions cost $450 each.",
    ],
)
def test_quantified_finds_numbers_about_outcomes_doses_times_and_studies(
    taxonomy: Taxonomy, sentence: str
):
    assert "quantified" in cues(taxonomy, sentence)


def test_sourced_needs_a_named_source(taxonomy: Taxonomy):
    assert "sourced" in cues(
        taxonomy, "A 2021 study in the American Journal of Psychiatry found a benefit."
    )
    assert "sourced" in cues(taxonomy, "According to the FDA, it must be given in a clinic.")
    assert "sourced" not in cues(taxonomy, "Studies show that it works.")
    assert "sourced" not in cues(taxonomy, "According to experts, it works.")


def test_hedged_phrases_need_their_stop_words(taxonomy: Taxonomy):
    assert "hedged" in cues(taxonomy, "Ketamine may help some people.")
    assert "hedged" in cues(taxonomy, "More research is needed.")
    assert "hedged" not in cues(taxonomy, "The clinic opened in May.")


def test_absolute_and_promotional(taxonomy: Taxonomy):
    assert "absolute" in cues(taxonomy, "Ketamine is safe and works quickly.")
    assert "absolute" not in cues(taxonomy, "Ketamine is not safe for everyone.")
    assert "promotional" in cues(taxonomy, "Our compassionate team will help; call us today.")
    assert "promotional" in cues(taxonomy, "This game-changer is here.")


def test_cue_scores_reach_the_target_on_unseen_text(taxonomy: Taxonomy):
    from bench import cue_scores

    unseen = cue_scores.sets_of(cue_scores.load())["unseen"]
    assert cue_scores.score(taxonomy, unseen).macro_f1 >= 0.80


# -- the topics file -----------------------------------------------------------------


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "topics.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_user_file_overrides_and_extends_cues(tmp_path: Path):
    path = write(
        tmp_path,
        "cues:\n"
        "  - name: hedged\n    colour: '#ffffff'\n"
        "  - name: anecdotal\n    glyph: '~'\n    query: '\"I felt\" \"my experience\"'\n",
    )
    tax = load_taxonomy(path)
    assert tax.cue_names() == (*CUES, "anecdotal")
    assert tax.names() == load_taxonomy().names()  # the facets are the default's
    hedged = next(c for c in tax.cues if c.name == "hedged")
    assert hedged.colour == "#ffffff" and hedged.glyph == "?"
    assert "anecdotal" in cues(tax, "In my experience, it helped.")
    assert "hedged" in cues(tax, "It may help.")


def test_replace_with_cues_replaces_the_default_cues(tmp_path: Path):
    path = write(
        tmp_path,
        "replace: true\nfacets:\n  - name: topic\n    query: ketamine\n"
        "cues:\n  - name: hedged\n    query: might\n",
    )
    assert load_taxonomy(path).cue_names() == ("hedged",)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "cues:\n  - name: x\n    letter: X\n    query: a\n",
            "topics.yaml:3: unknown key 'letter' in a cue",
        ),
        (
            "cues:\n  - name: x\n    query: might\n  - name: x\n    query: could\n",
            "topics.yaml:4: cue 'x' is defined twice (first at line 2); keep one",
        ),
        (
            "cues:\n  - name: x\n    glyph: A\n    query: might\n",
            "topics.yaml:3: cue 'x': glyph 'A'",
        ),
        (
            "cues:\n  - name: x\n    query: 'r\"(\"'\n",
            "topics.yaml:3: cue 'x': r\"(\" is not a regular",
        ),
        ("cues:\n  - name: x\n", "topics.yaml:2: cue 'x' has no 'query'"),
        ("cues: []\n", "topics.yaml:1: 'cues' is empty"),
    ],
)
def test_a_bad_cue_is_one_line_naming_the_file_and_line(tmp_path: Path, text: str, message: str):
    with pytest.raises(TaxonomyError) as error:
        load_taxonomy(write(tmp_path, text))
    assert message in str(error.value)
    assert "\n" not in str(error.value)


def test_a_bad_cue_file_is_exit_2_without_a_traceback(tmp_path: Path, capsys):
    path = write(tmp_path, "cues:\n  - name: x\n    colour: nosuch\n    query: might\n")
    code = main(["topics", "--topics", str(path)])
    err = capsys.readouterr().err
    assert code == 2
    assert "topics.yaml:3: cue 'x': colour 'nosuch' is not a colour" in err
    assert "Traceback" not in err


# -- the index and the commands --------------------------------------------------------


def test_sentences_carry_their_cues_and_articles_count_them(tmp_path: Path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "clinic.txt").write_text(
        "Our clinic\n\n"
        "Ketamine may help some people. In a trial of 64 adults, 55% responded. "
        "Call us today to book your consultation. The sky is blue.\n",
        encoding="utf-8",
    )
    library = Library.open(corpus=folder)
    try:
        doc = library.document("clinic")
        by_text = {doc.text[s.start : s.end]: s for s in doc.sentences}
        info = library.documents()[0]
    finally:
        library.close()
    assert by_text["Ketamine may help some people."].cues == ("hedged",)
    assert by_text["In a trial of 64 adults, 55% responded."].cues == ("quantified",)
    assert by_text["Call us today to book your consultation."].cues == ("promotional",)
    assert by_text["The sky is blue."].cues == ()
    spans = by_text["In a trial of 64 adults, 55% responded."].cue_spans
    assert {doc.text[a:b] for a, b, _c in spans} >= {"64", "55"}
    assert info.cue_counts == {
        "hedged": 1,
        "absolute": 0,
        "quantified": 1,
        "sourced": 0,
        "promotional": 1,
    }


def run_json(capsys, *args: str) -> tuple[int, dict]:
    code = main([*args, "--json"])
    return code, json.loads(capsys.readouterr().out)


def test_show_list_and_topics_json_give_cues(capsys):
    code, shown = run_json(capsys, "show", "004")
    assert code == 0
    marked = [s for s in shown["sentences"] if s["cues"]]
    assert marked and all(set(s["cues"]) <= set(CUES) for s in marked)
    assert any("promotional" in s["cues"] for s in marked)
    code, listed = run_json(capsys, "list")
    assert all(set(d["cue_counts"]) == set(CUES) for d in listed["documents"])
    code, topics = run_json(capsys, "topics")
    assert [c["name"] for c in topics["cues"]] == list(CUES)
    assert {"name", "label", "glyph", "colour", "description", "query"} <= set(topics["cues"][0])


def test_topics_lists_the_cues(capsys):
    assert main(["topics"]) == 0
    out = capsys.readouterr().out
    for label in ("Hedged", "Absolute", "Quantified", "Sourced", "Promotional"):
        assert label in out
