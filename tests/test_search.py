"""Search: the Whoosh query language, ranking, snippets, offsets, facets, corrections."""

from __future__ import annotations

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
    assert "at least 2 letters" in result.notice
    result = seeds_library.search("a* NMDA")
    assert ids(result) == {"000", "001", "002"}
    assert "a*" in result.notice


def test_empty_query_says_what_to_write(seeds_library: Library):
    result = seeds_library.search("AND OR NOT")
    assert result.total == 0 and "nothing to search for" in result.notice


def test_unknown_facet_is_a_clear_error(seeds_library: Library):
    from kread.index.errors import KreadError

    with pytest.raises(KreadError, match="unknown facet"):
        seeds_library.search("ketamine", facets=["astrology"])
