"""The Library API the reader and the command line share."""

from __future__ import annotations

from pathlib import Path

import pytest

from kread.index.document import info_of
from kread.index.errors import CorpusError, IndexBusy, UnknownDocument
from kread.index.library import Library


def test_bundled_articles_are_listed_with_titles_sources_and_counts(seeds_library: Library):
    docs = seeds_library.documents()
    assert [d.id[:3] for d in docs] == ["000", "001", "002", "003", "004"]
    by_id = {d.id[:3]: d for d in docs}
    assert by_id["004"].title == "What You Should Know About Ketamine Treatment For PTSD"
    assert by_id["004"].source == "Recovery Beach"
    assert by_id["000"].source == "Alternative Pathways"
    for doc in docs:
        assert doc.words >= 300
        assert set(doc.facet_counts) == set(seeds_library.taxonomy.names())
        assert sum(doc.facet_counts.values()) > 0


def test_a_document_is_its_list_entry_and_its_text(seeds_library: Library):
    [info] = [d for d in seeds_library.documents() if d.id.startswith("000")]
    doc = seeds_library.document(info.id)
    assert info_of(doc) == info  # the same fields, in the same order, then its own
    assert doc.text and doc.sentences and doc.text[doc.sentences[0].start :]


def test_document_sentences_carry_facets_and_offsets(seeds_library: Library):
    doc = seeds_library.document("001")
    assert doc.id == "001_1c05f3c2586e8f3e"
    nmda = next(s for s in doc.sentences if "blocking NMDA receptors" in doc.text[s.start : s.end])
    assert "mechanism" in nmda.facets
    words = {doc.text[a:b].lower() for a, b, f in nmda.spans if f == "mechanism"}
    assert "nmda" in words
    side_effects = next(s for s in doc.sentences if "nausea" in doc.text[s.start : s.end])
    assert "risks" in side_effects.facets


def test_boilerplate_carries_no_facets(seeds_library: Library):
    doc = seeds_library.document("004")
    boiler = [s for s in doc.sentences if s.boilerplate]
    assert any("(855) 588-1422" in doc.text[s.start : s.end] for s in boiler)
    assert all(not s.facets for s in boiler)


def test_id_prefixes_resolve_and_ambiguity_is_explained(seeds_library: Library):
    assert seeds_library.resolve("003") == "003_ca1dbcd71a1e1fc7"
    with pytest.raises(UnknownDocument, match="matches 5 documents"):
        seeds_library.resolve("00")
    with pytest.raises(UnknownDocument, match="no document 'nosuch'"):
        seeds_library.document("nosuch")


def test_missing_corpus_folder_is_a_clear_error(tmp_path: Path):
    with pytest.raises(CorpusError, match="does not exist"):
        Library.open(tmp_path / "nowhere")


def test_a_folder_kread_never_saw(small_corpus: Path):
    library = Library.open(small_corpus)
    titles = {d.id: d.title for d in library.documents()}
    assert titles["beta"] == "Glutamate and the brain"
    beta = library.document("beta")
    facets = {f for s in beta.sentences for f in s.facets}
    assert {"mechanism", "risks"} <= facets
    gamma = library.document("gamma")
    assert not any(s.facets for s in gamma.sentences)


def test_warnings_hold_what_the_last_refresh_found_each_once(small_corpus: Path):
    (small_corpus / "huge.txt").write_text("Ketamine dosing. " * 200)
    library = Library.open(small_corpus, max_file_bytes=1000)
    first = list(library.warnings)
    assert sum("huge.txt" in w for w in first) == 1
    for _ in range(3):
        library.refresh()
    assert library.warnings == first
    (small_corpus / "huge.txt").unlink()
    library.refresh()
    assert not any("huge.txt" in w for w in library.warnings)


def test_an_update_that_waits_in_vain_again_and_again_is_one_warning(small_corpus: Path):
    library = Library.open(small_corpus)
    with Library.open(small_corpus, refresh=False).store.update_lock(0):
        for _ in range(3):
            with pytest.raises(IndexBusy) as busy:
                library.refresh(wait=0)
            library.warnings.append(str(busy.value))  # as the reader shows it
    assert sum("another kread process" in w for w in library.warnings) == 1
    library.refresh()
    assert not any("another kread process" in w for w in library.warnings)


def test_ids_resolve_against_the_documents_as_they_change(small_corpus: Path):
    library = Library.open(small_corpus)
    assert library.resolve("al") == library.resolve("alpha") == "alpha"
    (small_corpus / "alphabet.txt").write_text("The alphabet of ketamine trials.\n")
    library.refresh()
    with pytest.raises(UnknownDocument, match="matches 2 documents"):
        library.resolve("al")
    assert library.resolve("alphab") == "alphabet"
    (small_corpus / "alpha.txt").unlink()
    (small_corpus / "gamma.txt").unlink()
    library.refresh()
    assert library.resolve("al") == "alphabet"
    with pytest.raises(UnknownDocument, match="no document 'gamma'"):
        library.document("gamma")
