"""Search: the Whoosh query language, ranking, snippets, offsets, facets, corrections."""

from __future__ import annotations

import re
from itertools import pairwise

import pytest

from kread.index.library import Library


def ids(result) -> set[str]:
    return {h.id[:3] for h in result.hits}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("NMDA", {"000", "001", "002"}),
        ('"blood pressure"', {"001", "004"}),
        ("infusions", {"000", "001", "002", "003", "004"}),  # stemming: infusion, infused
        ("suicidal AND neuroplasticity", {"000", "002", "004"}),
        ("NMDA NOT extinction", {"000", "001"}),
        ("ketamin~", {"000", "001", "002", "003", "004"}),
        ("synapto*", {"001"}),
        ('title:"what you should know"', {"004"}),
        ("source:invictus", {"001"}),
        ("FDA OR REMS", {"004"}),
    ],
)
def test_query_language(seeds_library: Library, query: str, expected: set[str]):
    assert ids(seeds_library.search(query)) == expected


def test_facet_filter_keeps_documents_with_that_facet(seeds_library: Library):
    assert ids(seeds_library.search("FDA", facets=["regulation"])) == {"004"}
    everything = seeds_library.search("ketamine")
    with_risks = seeds_library.search("ketamine", facets=["R"])  # a letter works too
    assert with_risks.total == everything.facet_counts["risks"]


def test_facet_field_in_the_query(seeds_library: Library):
    assert ids(seeds_library.search("facet:regulation FDA")) == {"004"}


def test_facet_counts_count_hits(seeds_library: Library):
    result = seeds_library.search("ketamine")
    assert result.total == 5
    assert set(result.facet_counts) == set(seeds_library.taxonomy.names())
    assert all(0 <= n <= 5 for n in result.facet_counts.values())
    assert result.facet_counts["mechanism"] >= 3


def test_matches_point_at_the_matched_words(seeds_library: Library):
    result = seeds_library.search("NMDA")
    for hit in result.hits:
        text = seeds_library.document(hit.id).text
        assert hit.matches
        assert {text[a:b].lower() for a, b in hit.matches} == {"nmda"}


def test_phrase_marks_only_where_the_phrase_stands(seeds_library: Library):
    hit = seeds_library.search('"blood pressure"').hits[0]
    text = seeds_library.document(hit.id).text
    marked = [text[a:b].lower() for a, b in hit.matches]
    assert marked and set(marked) == {"blood", "pressure"}
    assert marked.count("blood") == marked.count("pressure")


def test_snippet_shows_the_match(seeds_library: Library):
    hit = seeds_library.search("hallucinations").hits[0]
    assert hit.id.startswith("004")
    assert "\n" not in hit.snippet
    assert [hit.snippet[a:b].lower() for a, b in hit.snippet_marks] == ["hallucinations"]


def test_ranking_puts_the_denser_document_first(seeds_library: Library):
    hits = seeds_library.search("veterans").hits
    assert hits[0].id.startswith("004")
    assert all(hits[i].score >= hits[i + 1].score for i in range(len(hits) - 1))


def test_did_you_mean(seeds_library: Library):
    result = seeds_library.search("neuroplastisity")
    assert result.total == 0
    assert result.corrected is not None and "neuroplasticity" in result.corrected
    assert seeds_library.search("ketamine").corrected is None


def test_limit(seeds_library: Library):
    result = seeds_library.search("ketamine", limit=2)
    assert result.total == 5 and len(result.hits) == 2


@pytest.mark.parametrize(
    "query",
    [
        '"unbalanced',
        "(((",
        "title:",
        "AND OR NOT",
        "*",
        "~~",
        "a" * 5000,
        "\x1b[31mred",
        "date:[1 TO 2]",
    ],
)
def test_malformed_queries_never_raise(seeds_library: Library, query: str):
    result = seeds_library.search(query)
    assert result.total >= 0


def test_bare_wildcard_is_refused_with_a_reason(seeds_library: Library):
    result = seeds_library.search("*")
    assert result.total == 0
    assert not result.answered and "at least 2 letters" in result.notices[0]
    result = seeds_library.search("a* NMDA")
    assert ids(result) == {"000", "001", "002"}
    assert any("a*" in notice for notice in result.notices)


def test_empty_query_says_what_to_write(seeds_library: Library):
    result = seeds_library.search("AND OR NOT")
    assert result.total == 0 and not result.answered
    assert "nothing to search for" in result.notices[0]


def test_unknown_facet_is_a_clear_error(seeds_library: Library):
    from kread.index.errors import KreadError

    with pytest.raises(KreadError, match="unknown facet"):
        seeds_library.search("ketamine", facets=["astrology"])


# -- snippets quote exactly ---------------------------------------------------------
QUOTED = ["FDA", '"side effects"', "insurance", "nausea", "ketamine", "facet:regulation"]


def pieces(snippet: str) -> list[str]:
    """The stretches of document text a snippet is made of."""
    return [p.strip() for p in snippet.split("…") if p.strip()]


def locate(piece: str, text: str) -> re.Match | None:
    """Where ``piece`` (white space folded) stands in ``text``."""
    return re.search(r"\s+".join(re.escape(w) for w in piece.split()), text)


@pytest.mark.parametrize("query", QUOTED)
def test_snippets_are_exact_pieces_with_gaps_only_where_text_is_left_out(
    seeds_library: Library, query: str
):
    for hit in seeds_library.search(query).hits:
        text = seeds_library.document(hit.id).text
        found = [locate(p, text) for p in pieces(hit.snippet)]
        assert all(found), (hit.id, hit.snippet)
        for before, after in pairwise(found):
            # Side by side in the article, they are side by side in the snippet.
            assert text[before.end() : after.start()].strip(), (hit.id, hit.snippet)


@pytest.mark.parametrize("query", QUOTED)
def test_snippets_start_and_end_at_word_boundaries_within_a_paragraph(
    seeds_library: Library, query: str
):
    for hit in seeds_library.search(query).hits:
        doc = seeds_library.document(hit.id)
        text = doc.text
        for piece in pieces(hit.snippet):
            at = locate(piece, text)
            start, end = at.start(), at.end()
            assert start == 0 or not text[start - 1].isalnum(), (hit.id, piece)
            assert end == len(text) or not text[end].isalnum(), (hit.id, piece)
            # One paragraph: a piece never runs over a heading into the text below it.
            assert any(a <= start and end <= b for a, b in doc.paragraphs), (hit.id, piece)


def test_snippet_shows_the_match_even_far_down(seeds_library: Library):
    for hit in seeds_library.search("nausea").hits:
        marked = {hit.snippet[a:b].lower() for a, b in hit.snippet_marks}
        assert marked == {"nausea"} and len(hit.snippet) < 400, hit.snippet


def test_a_facet_query_shows_a_sentence_of_that_facet(seeds_library: Library):
    for hit in seeds_library.search("facet:regulation").hits:
        doc = seeds_library.document(hit.id)
        piece = pieces(hit.snippet)[0]
        at = locate(piece, doc.text)
        carrying = [
            s for s in doc.sentences if s.start <= at.start() < s.end and "regulation" in s.facets
        ]
        assert carrying, (hit.id, hit.snippet)


# -- phrases keep their words ---------------------------------------------------------
def test_a_phrase_keeps_its_stop_words(seeds_library: Library):
    assert seeds_library.search('"not approved"').total == 0  # 004 only says "FDA-approved"
    assert ids(seeds_library.search('"not all individuals"')) == {"001"}
    assert ids(seeds_library.search('"the green light"')) == {"004"}


@pytest.mark.parametrize("apostrophe", ["'", "\u2019"])
def test_a_phrase_with_an_apostrophe_is_found_and_located(seeds_library: Library, apostrophe: str):
    query = f'"hasn{apostrophe}t yet received"'
    result = seeds_library.search(query)
    assert ids(result) == {"004"}
    hit = result.hits[0]
    text = seeds_library.document(hit.id).text
    assert hit.matches
    assert text[hit.matches[0][0] : hit.matches[-1][1]] == "hasn\u2019t yet received"
    assert "hasn\u2019t yet received" in hit.snippet
    # What the reader jumps between with n / N.
    assert seeds_library.matches(hit.id, query) == hit.matches


# -- bad queries are said to be bad ---------------------------------------------------
@pytest.mark.parametrize(
    ("query", "named", "total"),
    [
        ("ketamine AND (", '"("', 5),
        ('"unclosed phrase', '"', 0),
        ("facet:bogus ketamine", '"bogus"', 5),
        ("author:smith", '"author"', 0),
    ],
)
def test_a_query_not_read_as_written_says_what_was_done(
    seeds_library: Library, query: str, named: str, total: int
):
    result = seeds_library.search(query)
    assert result.answered and result.total == total
    assert result.notices and named in result.notices[0]


@pytest.mark.parametrize("query", ["", "facet:bogus", "title:", "((("])
def test_a_query_with_nothing_to_search_for_is_not_answered(seeds_library: Library, query: str):
    result = seeds_library.search(query)
    assert not result.answered and result.total == 0
    assert len(result.notices) == 1 and "nothing to search for" in result.notices[0]


@pytest.mark.parametrize("query", ["title:", "off label"])
def test_did_you_mean_suggests_only_likely_words(seeds_library: Library, query: str):
    assert seeds_library.search(query).corrected is None


def test_every_form_of_a_matched_word_is_marked_and_nothing_inside_other_words(tmp_path):
    (tmp_path / "note.md").write_text(
        "# Note\n\nKetamine, KETAMINE and ketamine's effects (e.g. ketamine.) were "
        "studied; esketamine and the ketamine-like drug x_ketamine were not. "
        "Infusions followed an infusion.\n",
        encoding="utf-8",
    )
    library = Library.open(tmp_path)
    for query, wanted in (
        # "ketamine's" and "ketamine-like" hold the word; "esketamine" and "x_ketamine" do not.
        ("ketamine", ["Ketamine", "KETAMINE", "ketamine", "ketamine", "ketamine"]),
        ("infusion", ["Infusions", "infusion"]),
    ):
        hit = library.search(query).hits[0]
        text = library.document(hit.id).text
        assert [text[a:b] for a, b in hit.matches] == wanted, query


@pytest.mark.parametrize("city", ["Izmir", "İzmir"])  # "İ" lower-cases to two characters
def test_a_phrase_is_marked_wherever_its_words_stand_side_by_side(tmp_path, city: str):
    (tmp_path / "note.md").write_text(
        f"# Note\n\nIn {city}, Blood pressure rose; blood, pressure and blood-pressure were "
        "read, but bloodpressure and blood sugar pressure were not.\n",
        encoding="utf-8",
    )
    library = Library.open(tmp_path)
    hit = library.search('"blood pressure"').hits[0]
    text = library.document(hit.id).text
    marked = [text[a:b] for a, b in hit.matches]
    assert marked == ["Blood", "pressure", "blood", "pressure", "blood", "pressure"]
