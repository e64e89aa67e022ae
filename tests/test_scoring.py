"""kread's scorer reads field lengths from a cache: it must rank exactly as Whoosh's
own BM25F does, on one segment or several, and after commits change the averages."""

from __future__ import annotations

from pathlib import Path

from whoosh.scoring import BM25F

from kread.index.engine.scoring import CachedBM25F, field_lengths
from kread.index.library import Library

QUERIES = (
    "ketamine",
    "risk OR dissociation",
    '"nasal spray"',
    "glutam*",
    "title:ketamine",
    "depressoin~",
)


def ranking(searcher, library: Library, text: str) -> list[tuple[str, float]]:
    query = library._query_reader().parse(text).query
    return [(hit["id"], hit.score) for hit in searcher.search(query, limit=None)]


def assert_same_ranking(library: Library) -> None:
    ours = library.store.searcher()
    assert isinstance(ours.weighting, CachedBM25F)
    with library.store.docs.searcher(weighting=BM25F()) as whooshs:
        for text in QUERIES:
            expected = ranking(whooshs, library, text)
            assert ranking(ours, library, text) == expected, text  # scores to the last bit


def test_scores_are_whooshs_bm25f(seeds_library: Library):
    assert_same_ranking(seeds_library)


def test_scores_stay_exact_across_commits_and_segments(small_corpus: Path):
    reading = Library.open(small_corpus)
    assert_same_ranking(reading)
    writing = Library.open(small_corpus)
    # Another process's commit adds a segment and changes every field's average
    # length; the reading side's searcher is refreshed and keeps its older segment.
    (small_corpus / "long.txt").write_text(
        "Ketamine risks\n\n" + "Ketamine carries risk of dissociation and misuse. " * 40,
        encoding="utf-8",
    )
    writing.refresh()
    assert len(reading.store.searcher().reader().leaf_readers()) == 2
    assert_same_ranking(reading)
    assert_same_ranking(writing)
    (small_corpus / "alpha.txt").unlink()
    writing.refresh()
    assert_same_ranking(reading)
    reading.close()
    writing.close()


def test_an_empty_index_searches(tmp_path: Path):
    folder = tmp_path / "empty"
    folder.mkdir()
    library = Library.open(folder)
    assert library.search("ketamine").total == 0
    library.close()


def testfield_lengths_read_in_one_piece_are_whooshs(seeds_library: Library):
    searcher = seeds_library.store.searcher()
    for reader in searcher.reader().leaf_readers():
        reader = reader[0]
        for field in ("title", "body", "place", "spell"):
            expected = [
                reader.doc_field_length(n, field) or 0 for n in range(reader.doc_count_all())
            ]
            assert field_lengths(reader, field) == expected, field
            assert any(expected) or field == "place"
