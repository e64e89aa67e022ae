"""Quoted phrases in facet and cue queries keep their stop words, as search phrases do."""

from __future__ import annotations

from pathlib import Path

import pytest

from kread.index.facets.taxonomy import Taxonomy, load_taxonomy


def one_facet(tmp_path: Path, query: str) -> Taxonomy:
    path = tmp_path / "topics.yaml"
    query_yaml = query.replace("'", "''")
    path.write_text(
        f"replace: true\nfacets:\n  - name: topic\n    colour: red\n    query: '{query_yaml}'\n",
        encoding="utf-8",
    )
    return load_taxonomy(path)


def matches(tax: Taxonomy, sentence: str) -> bool:
    return bool(tax.classify(sentence)[0])


@pytest.mark.parametrize(
    ("query", "yes", "no"),
    [
        ('"not approved"', "Ketamine is not approved for depression.", "Esketamine is approved."),
        ('"may help"', "Ketamine may help some patients.", "Ketamine will help patients."),
        ('"according to"', "According to the FDA, it is safe.", "Accordingly, it was stopped."),
        (
            '"more research is needed"',
            "More research is needed before it is offered.",
            "More research needed.",
        ),
        ('"for some people"', "It works for some people.", "It works for people."),
    ],
)
def test_a_quoted_phrase_needs_its_stop_words(
    tmp_path: Path, query: str, yes: str, no: str
) -> None:
    tax = one_facet(tmp_path, query)
    assert matches(tax, yes)
    assert not matches(tax, no)


def test_apostrophes_straight_and_curly_match_alike(tmp_path: Path) -> None:
    tax = one_facet(tmp_path, '"doesn\'t work"')
    assert matches(tax, "It doesn't work for everyone.")
    assert matches(tax, "It doesn\u2019t work for everyone.")
    assert not matches(tax, "It does work for everyone.")


def test_the_phrase_marks_its_content_words(tmp_path: Path) -> None:
    tax = one_facet(tmp_path, '"may help"')
    sentence = "Ketamine may help some patients."
    facets, spans = tax.classify(sentence)
    assert facets == ("topic",)
    assert [sentence[a:b] for a, b, _f in spans] == ["help"]


def test_slop_counts_every_word(tmp_path: Path) -> None:
    tax = one_facet(tmp_path, '"may help"~2')
    assert matches(tax, "It may also help.")
    assert not matches(tax, "It may well also help.")


def test_unquoted_words_still_drop_stop_words(tmp_path: Path) -> None:
    tax = one_facet(tmp_path, "not approved")
    assert matches(tax, "It is approved.")
    # A phrase without stop words is matched on stems, as before.
    tax = one_facet(tmp_path, '"side effects"')
    assert matches(tax, "Common side effect: nausea.")


def test_a_quoted_stop_word_alone_matches_that_word(tmp_path: Path) -> None:
    tax = one_facet(tmp_path, '"may"')
    assert matches(tax, "It may work.")
    assert not matches(tax, "It might work.")


def test_indexed_sentences_use_the_same_rules(tmp_path: Path) -> None:
    from kread.index.library import Library

    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "Approval\n\nThe spray is not approved for children. The spray is approved for adults.\n",
        encoding="utf-8",
    )
    one_facet(tmp_path, '"not approved"')
    library = Library.open(corpus=folder, topics=tmp_path / "topics.yaml")
    try:
        doc = library.document("a")
        marked = [doc.text[s.start : s.end] for s in doc.sentences if s.facets]
    finally:
        library.close()
    assert marked == ["The spray is not approved for children."]
