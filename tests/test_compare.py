"""Comparing documents: the pairs a reader would make, silence, the matrix, `kread compare`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kread.index.document import Document
from kread.index.engine.analysis import text_analyzer
from kread.index.errors import BadComparison, UnknownDocument
from kread.index.library import Library
from kread.index.points.compare import PAIR_THRESHOLD, cosine, weigh
from kread.index.points.models import Comparison
from kread.tui.cli import main

FACETS = ("mechanism", "benefits", "risks", "regulation")


def sentence_index(doc: Document, words: str) -> int:
    """The index of the one sentence of ``doc`` that contains ``words``."""
    found = [
        i
        for i, s in enumerate(doc.sentences)
        if words in " ".join(doc.text[s.start : s.end].split())
    ]
    assert len(found) == 1, f"{words!r} is in {len(found)} sentences of {doc.id}"
    return found[0]


def uses_word(text: str, word: str) -> bool:
    """Whether ``text`` has a word with the same stem as ``word``."""
    analyzer = text_analyzer()
    stems = {token.text for token in analyzer(word)}
    return any(token.text in stems for token in analyzer(text))


def paired(comparison: Comparison, facet: str) -> set[tuple[int, int]]:
    return {(p.a, p.b) for p in comparison.facets[facet].pairs}


def assert_pair(lib: Library, a_id: str, b_id: str, facet: str, a_words: str, b_words: str):
    a, b = lib.document(a_id), lib.document(b_id)
    i, j = sentence_index(a, a_words), sentence_index(b, b_words)
    comparison = lib.compare(a_id, b_id)
    assert (i, j) in paired(comparison, facet), (
        f"{a_words!r} should pair with {b_words!r} in {facet}"
    )
    return next(p for p in comparison.facets[facet].pairs if (p.a, p.b) == (i, j))


# -- pairs a person would agree with ---------------------------------------------
def test_side_effects_with_blood_pressure_pair_in_risks(seeds_library: Library):
    pair = assert_pair(
        seeds_library,
        "001",
        "004",
        "risks",
        "nausea, dissociation, increased blood pressure",
        "temporary increase in blood pressure and heart rate",
    )
    assert pair.similarity >= PAIR_THRESHOLD
    # Words as written in A's sentence, not stems ("pressur"), rarest first.
    assert {"blood", "pressure", "increased"} <= set(pair.shared_terms)
    assert "pressur" not in pair.shared_terms


def test_rapid_relief_sentences_pair_in_benefits(seeds_library: Library):
    assert_pair(
        seeds_library,
        "001",
        "004",
        "benefits",
        "rapid onset of action sets it apart from traditional antidepressants",
        "take weeks to show noticeable effects",
    )
    assert_pair(
        seeds_library,
        "000",
        "003",
        "benefits",
        "Rapid relief of symptoms: Ketamine therapy has been shown",
        "Rapid Symptom Relief: One of the key advantages",
    )
    assert_pair(
        seeds_library,
        "002",
        "003",
        "benefits",
        "significant reductions in symptoms within hours or days",
        "noticeable reduction in symptoms within hours or days",
    )


def test_supervised_clinical_setting_sentences_pair_in_regulation(seeds_library: Library):
    assert_pair(
        seeds_library,
        "002",
        "003",
        "regulation",
        "under the supervision of trained medical professionals in a controlled clinical",
        "conducted in a controlled medical setting with trained professionals",
    )


def test_mechanism_sentences_about_nmda_and_glutamate_pair(seeds_library: Library):
    assert_pair(
        seeds_library,
        "001",
        "004",
        "mechanism",
        "works by blocking NMDA receptors in the brain",
        "ketamine takes a different approach by influencing glutamate",
    )


def test_one_shared_word_is_not_a_pair(seeds_library: Library):
    # Both are benefits sentences that end in "crucial"; they say different things.
    a, b = seeds_library.document("001"), seeds_library.document("004")
    i = sentence_index(a, "is crucial in appreciating its role")
    j = sentence_index(b, "This rapid response is crucial.")
    comparison = seeds_library.compare("001", "004")
    assert all(b != j for _a, b in paired(comparison, "benefits") if _a == i)


def test_unrelated_sentences_are_far_below_the_threshold(seeds_library: Library):
    a, b = seeds_library.document("001"), seeds_library.document("004")
    nmda = sentence_index(a, "works by blocking NMDA receptors")
    hope = sentence_index(b, "Hope for Treatment-Resistant Cases")
    va = seeds_library.store.sentence_vectors(a.id)[nmda]
    vb = seeds_library.store.sentence_vectors(b.id)[hope]
    idf = seeds_library.store.sentence_idf(va.keys() | vb.keys())
    assert cosine(weigh(va, idf), weigh(vb, idf)) < PAIR_THRESHOLD / 2
    # ... and neither is paired with the other in any facet.
    comparison = seeds_library.compare("001", "004")
    for facet in comparison.facets.values():
        assert all((p.a, p.b) != (nmda, hope) for p in facet.pairs)


def test_rare_terms_weigh_more_than_common_ones(seeds_library: Library):
    idf = seeds_library.store.sentence_idf(["ketamin", "pressur"])
    assert idf["pressur"] > 2 * idf["ketamin"]


# -- the shape of a comparison ----------------------------------------------------
def test_points_and_silence_account_for_every_facet_sentence(seeds_library: Library):
    comparison = seeds_library.compare("001", "004")
    a, b = seeds_library.document("001"), seeds_library.document("004")
    assert list(comparison.facets) == list(FACETS)
    assert (comparison.a.id, comparison.b.id) == (a.id, b.id)
    for name, facet in comparison.facets.items():
        assert facet.points
        in_points_a = {i for p in facet.points for i in p.a}
        in_points_b = {j for p in facet.points for j in p.b}
        # A facet sentence is in a point both make, or said by one side only.
        assert not in_points_a & set(facet.only_a) and not in_points_b & set(facet.only_b)
        with_facet_a = {i for i, s in enumerate(a.sentences) if name in s.facets}
        with_facet_b = {j for j, s in enumerate(b.sentences) if name in s.facets}
        assert with_facet_a <= in_points_a | set(facet.only_a)
        assert with_facet_b <= in_points_b | set(facet.only_b)
        # Every linked pair is one sentence of each side of one point, and the reverse.
        linked = {(p.a, p.b) for p in facet.pairs}
        assert linked == {(i, j) for p in facet.points for i in p.a for j in p.b}
        for pair in facet.pairs:
            assert 0 <= pair.similarity <= 1
        for point in facet.points:
            assert point.a and point.b and point.label and 0 < point.similarity <= 1


def test_document_shared_terms_are_words_both_write(seeds_library: Library):
    comparison = seeds_library.compare("001", "004")
    a, b = seeds_library.document("001"), seeds_library.document("004")
    assert 5 <= len(comparison.shared_terms) <= 15
    for word in comparison.shared_terms:
        assert word.lower() in a.text.lower() or word.lower() in b.text.lower()
        assert uses_word(a.text, word) and uses_word(b.text, word)
    # Rare shared words come before the ones every article here repeats.
    assert "ketamine" not in comparison.shared_terms[:5]


def test_facet_filter_by_letter_or_prefix_keeps_taxonomy_order(seeds_library: Library):
    comparison = seeds_library.compare("001", "004", ["regulation", "r"])
    assert list(comparison.facets) == ["risks", "regulation"]


def test_comparison_errors(seeds_library: Library):
    with pytest.raises(BadComparison, match="same document"):
        seeds_library.compare("001", "001_1c")
    with pytest.raises(BadComparison, match="twice"):
        seeds_library.compare("004", "004")
    with pytest.raises(UnknownDocument, match="no document"):
        seeds_library.compare("001", "nope")
    with pytest.raises(UnknownDocument, match="matches 5 documents"):
        seeds_library.compare("00", "001")
    with pytest.raises(BadComparison, match="two or more"):
        seeds_library.matrix(["001"])
    with pytest.raises(BadComparison, match="same document"):
        seeds_library.matrix(["000", "001", "000_9"])


def test_matrix_lists_each_documents_facet_sentences(seeds_library: Library):
    matrix = seeds_library.matrix(["002", "000", "004"])
    assert [d.id[:3] for d in matrix.documents] == ["002", "000", "004"]
    assert list(matrix.cells) == list(FACETS)
    for info in matrix.documents:
        doc = seeds_library.document(info.id)
        for name in FACETS:
            expected = tuple(i for i, s in enumerate(doc.sentences) if name in s.facets)
            assert matrix.cells[name][info.id] == expected
            assert len(expected) == info.facet_counts[name]


# -- a corpus where one side is silent --------------------------------------------
@pytest.fixture
def two_clinics(tmp_path: Path) -> Path:
    folder = tmp_path / "clinics"
    folder.mkdir()
    (folder / "north.txt").write_text(
        "North Clinic on ketamine\n\n"
        "Ketamine blocks NMDA receptors and sets off a glutamate surge in the cortex.\n\n"
        "Many patients report rapid relief of their symptoms within hours of one infusion.\n\n"
        "Side effects include nausea, dizziness and a rise in blood pressure.\n\n"
        "The FDA has not approved ketamine for PTSD, so clinics prescribe it off-label.\n",
        encoding="utf-8",
    )
    (folder / "south.txt").write_text(
        "South Clinic on ketamine\n\n"
        "Patients often report rapid relief of symptoms within hours of an infusion.\n\n"
        "A short rise in blood pressure and some nausea are the usual side effects.\n\n"
        "Gardening and long walks helped many of our patients feel hopeful again.\n",
        encoding="utf-8",
    )
    return folder


def test_silence_when_one_side_never_addresses_a_facet(two_clinics: Path):
    lib = Library.open(two_clinics)
    try:
        comparison = lib.compare("north", "south")
        regulation = comparison.facets["regulation"]
        assert regulation.only_a and not regulation.only_b and not regulation.pairs
        mechanism = comparison.facets["mechanism"]
        assert mechanism.only_a and not mechanism.only_b
        assert len(comparison.facets["benefits"].pairs) == 1
        assert len(comparison.facets["risks"].pairs) == 1
    finally:
        lib.close()


# -- the command ----------------------------------------------------------------
def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_compare_json_shape_and_indexes_into_show(capsys):
    code, out, _ = run(capsys, "compare", "001", "004", "--json")
    assert code == 0
    data = json.loads(out)
    assert set(data) >= {"a", "b", "facets", "shared_terms"}
    assert data["a"]["id"] == "001_1c05f3c2586e8f3e" and data["a"]["title"]
    assert data["b"]["id"] == "004_c59edfe8f18d82a9"
    assert list(data["facets"]) == list(FACETS)
    assert all(isinstance(t, str) for t in data["shared_terms"])
    shown = {}
    for side in ("a", "b"):
        _, out, _ = run(capsys, "show", data[side]["id"], "--json")
        shown[side] = json.loads(out)["sentences"]
    for name, facet in data["facets"].items():
        assert set(facet) >= {"pairs", "only_a", "only_b"}
        for pair in facet["pairs"]:
            assert set(pair) >= {"a", "b", "similarity"}
            assert isinstance(pair["similarity"], float)
            # a point's sentences need not all carry its facet: links do not
            # depend on a perfect facet label
            assert 0 <= pair["a"] < len(shown["a"]) and 0 <= pair["b"] < len(shown["b"])
        for i in facet["only_a"]:
            assert name in shown["a"][i]["facets"]
        for j in facet["only_b"]:
            assert name in shown["b"][j]["facets"]
    assert data["facets"]["risks"]["pairs"]


def test_compare_markdown_report(capsys):
    code, out, _ = run(capsys, "compare", "001", "004", "--markdown")
    assert code == 0
    assert out.startswith("# ")
    for heading in ("## Mechanism", "## Benefits", "## Risks", "## Regulation"):
        assert heading in out
    assert "### Said by both" in out and "### Only in A" in out and "### Only in B" in out
    assert "> **A** (" in out and "> **B** (" in out
    assert "**blood** **pressure**" in out


def test_compare_human_output_with_silence(capsys, two_clinics: Path):
    code, out, _ = run(capsys, "compare", "north", "south", "--corpus", str(two_clinics))
    assert code == 0
    for label in ("Mechanism", "Benefits", "Risks", "Regulation"):
        assert label in out
    assert "B says nothing about regulation." in out
    assert "B says nothing about mechanism." in out
    assert "only in A" in out
    # The pair in benefits, A above B as the reader's narrow aligned view shows it.
    assert (
        "A Many patients report rapid relief of their symptoms within hours of one infusion. "
        "B Patients often report rapid relief of symptoms within hours of an infusion."
    ) in " ".join(out.split())
    assert "\x1b[" not in out  # not a terminal: plain text
    code, out, _ = run(
        capsys, "compare", "north", "south", "--markdown", "--corpus", str(two_clinics)
    )
    assert "*B says nothing about regulation.*" in out


def test_compare_facet_filter(capsys):
    code, out, _ = run(capsys, "compare", "001", "004", "--facet", "G", "--json")
    assert code == 0
    assert list(json.loads(out)["facets"]) == ["regulation"]


def test_compare_facet_filter_that_leaves_nothing_exits_1(capsys, small_corpus: Path):
    args = ("compare", "alpha", "gamma", "--facet", "mechanism", "--corpus", str(small_corpus))
    code, out, _ = run(capsys, *args)
    assert code == 1
    assert "Neither A nor B says anything about mechanism." in out
    code, _, _ = run(capsys, *args, "--json")
    assert code == 1


def test_compare_three_documents_is_a_matrix(capsys):
    code, out, _ = run(capsys, "compare", "000", "002", "004", "--json")
    assert code == 0
    data = json.loads(out)
    ids = [d["id"] for d in data["documents"]]
    assert [i[:3] for i in ids] == ["000", "002", "004"]
    assert list(data["facets"]) == list(FACETS)
    shown = {}
    for doc_id in ids:
        _, show_out, _ = run(capsys, "show", doc_id, "--json")
        shown[doc_id] = json.loads(show_out)
    for name, row in data["facets"].items():
        assert list(row) == ids
        for doc_id, cell in row.items():
            assert cell["count"] == len(cell["sentences"])
            for i in cell["sentences"]:
                assert name in shown[doc_id]["sentences"][i]["facets"]
            if cell["sentences"]:
                first = shown[doc_id]["sentences"][cell["sentences"][0]]
                words = shown[doc_id]["text"][first["start"] : first["end"]].split()
                assert cell["preview"].split()[0] == words[0]
            else:
                assert cell["preview"] == ""
    code, out, _ = run(capsys, "compare", "000", "002", "004")
    assert code == 0
    assert "Mechanism" in out and "Regulation" in out and "000" in out
    code, out, _ = run(capsys, "compare", "000", "002", "004", "--markdown")
    assert code == 0 and "| facet |" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nope", "001"], "no document 'nope'"),
        (["00", "001"], "matches 5 documents"),
        (["001", "001_1c"], "same document"),
        (["001", "001"], "given twice"),
        (["001", "002", "001_1c05f3c2586e8f3e"], "same document"),
        (["001"], "two or more documents"),
        ([], "two or more documents"),
    ],
)
def test_compare_errors_exit_2_with_one_line(capsys, args: list[str], message: str):
    code, out, err = run(capsys, "compare", *args)
    assert code == 2
    assert out == ""
    assert message in err
    assert len(err.strip().splitlines()) == 1


# -- points on the command line ---------------------------------------------------
def sentence_of_json(shown: dict, words: str) -> int:
    """The index of the one sentence of a `show --json` document that contains ``words``."""
    text = shown["text"]
    found = [
        i
        for i, s in enumerate(shown["sentences"])
        if words in " ".join(text[s["start"] : s["end"]].split())
    ]
    assert len(found) == 1, f"{words!r} is in {len(found)} sentences"
    return found[0]


def test_compare_json_points_hold_every_sentence_of_a_point(capsys):
    code, out, _ = run(capsys, "compare", "001", "004", "--json")
    assert code == 0
    data = json.loads(out)
    shown = {
        side: json.loads(run(capsys, "show", data[side]["id"], "--json")[1]) for side in ("a", "b")
    }
    for facet in data["facets"].values():
        for point in facet["points"]:
            assert set(point) >= {"a", "b", "label", "similarity", "shared_terms"}
            assert point["a"] and point["b"] and point["label"]
            assert 0 < point["similarity"] <= 1
        # every linked pair lies inside one point
        for pair in facet["pairs"]:
            assert any(pair["a"] in p["a"] and pair["b"] in p["b"] for p in facet["points"])
        for clash in facet["clashes"]:
            assert set(clash) >= {"a", "b", "label"}
    # The example: both say ketamine acts on glutamate, so neither is "only".
    i = sentence_of_json(shown["a"], "involves targeting the glutamate system")
    j = sentence_of_json(shown["b"], "takes a different approach by influencing glutamate")
    mechanism = data["facets"]["mechanism"]
    assert any(i in p["a"] and j in p["b"] for p in mechanism["points"])
    assert i not in mechanism["only_a"] and j not in mechanism["only_b"]
    # many to many: some point has more than one sentence on a side
    assert any(len(p["a"]) > 1 or len(p["b"]) > 1 for p in mechanism["points"])


def test_compare_markdown_quotes_every_sentence_of_a_point(capsys):
    _, out, _ = run(capsys, "compare", "001", "004", "--json")
    mechanism = json.loads(out)["facets"]["mechanism"]
    point = next(p for p in mechanism["points"] if len(p["a"]) + len(p["b"]) > 2)
    _, out, _ = run(capsys, "compare", "001", "004", "--facet", "mechanism", "--markdown")
    block = out.split("### Said by both", 1)[1].split("###", 1)[0]
    item = next(i for i in block.split("\n\n") if f"> **A** ({point['a'][0]})" in i)
    for i in point["a"]:
        assert f"> **A** ({i}):" in item
    assert f"> **B** ({point['b'][0]}):" in block


@pytest.fixture
def opposite_clinics(tmp_path: Path) -> Path:
    folder = tmp_path / "opposite"
    folder.mkdir()
    (folder / "east.txt").write_text(
        "East Clinic on ketamine\n\nThe FDA has not approved ketamine for the treatment of PTSD.\n",
        encoding="utf-8",
    )
    (folder / "west.txt").write_text(
        "West Clinic on ketamine\n\nThe FDA has approved ketamine for the treatment of PTSD.\n",
        encoding="utf-8",
    )
    return folder


def test_compare_shows_opposite_claims_as_a_disagreement(capsys, opposite_clinics: Path):
    args = ("compare", "east", "west", "--facet", "regulation", "--corpus", str(opposite_clinics))
    code, out, _ = run(capsys, *args, "--json")
    assert code == 0
    regulation = json.loads(out)["facets"]["regulation"]
    assert not regulation["points"]
    assert [(c["a"], c["b"]) for c in regulation["clashes"]] == [([1], [1])]
    code, out, _ = run(capsys, *args)
    text = " ".join(out.split())
    assert "1 disagree" in text and "disagree:" in text
    assert (
        "A The FDA has not approved ketamine for the treatment of PTSD. "
        "B The FDA has approved ketamine for the treatment of PTSD."
    ) in text
    assert "0 only in A" in text and "PTSD. only in A" not in text  # shown once
    code, out, _ = run(capsys, *args, "--markdown")
    assert "### They disagree" in out
    assert "> **A** (1): The FDA has not approved" in out
