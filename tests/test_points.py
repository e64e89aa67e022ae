"""Points: sentences that make the same claim, linked many to many, grouped without
chaining, opposite claims kept apart."""

from __future__ import annotations

from pathlib import Path

import pytest

from kread.index.document import Document
from kread.index.library import Library
from kread.index.points.grouping import group
from kread.index.points.models import Comparison
from kread.index.points.stance import clash, stance_of
from kread.index.points.wording import read


def sentence_index(doc: Document, words: str) -> int:
    found = [
        i
        for i, s in enumerate(doc.sentences)
        if words in " ".join(doc.text[s.start : s.end].split())
    ]
    assert len(found) == 1, f"{words!r} is in {len(found)} sentences of {doc.id}"
    return found[0]


def together(comparison: Comparison, i: int, j: int) -> bool:
    """Whether sentence i of a and j of b are in one point of any facet."""
    return any(
        i in point.a and j in point.b
        for facet in comparison.facets.values()
        for point in facet.points
    )


def test_glutamate_and_nmda_sentences_of_the_issue_make_one_point(seeds_library: Library):
    a, b = seeds_library.document("001"), seeds_library.document("004")
    i = sentence_index(a, "targeting the glutamate system in the brain, specifically the NMDA")
    j = sentence_index(b, "ketamine takes a different approach by influencing glutamate")
    comparison = seeds_library.compare("001", "004")
    mechanism = comparison.facets["mechanism"]
    point = next(p for p in mechanism.points if i in p.a)
    assert j in point.b
    assert i not in mechanism.only_a and j not in mechanism.only_b
    assert point.label and 0 < point.similarity <= 1
    assert any((p.a, p.b) == (i, j) for p in mechanism.pairs)


@pytest.fixture
def claims(tmp_path: Path) -> Path:
    folder = tmp_path / "claims"
    folder.mkdir()
    (folder / "clinic.txt").write_text(
        "Clinic notes\n\n"
        "Ketamine has not been approved by the FDA for PTSD.\n\n"
        "Side effects are minimal and pass quickly.\n\n"
        "Ketamine blocks NMDA receptors in the brain.\n\n"
        "Some people feel queasy during the infusion.\n",
        encoding="utf-8",
    )
    (folder / "news.txt").write_text(
        "News report\n\n"
        "The FDA approved esketamine, a nasal spray, for depression in 2019.\n\n"
        "Common side effects include nausea and dizziness.\n\n"
        "Ketamine blocks NMDA receptors, and nausea is common afterwards.\n",
        encoding="utf-8",
    )
    (folder / "leaflet.txt").write_text(
        "Leaflet\n\n"
        "The FDA has not approved ketamine as a treatment for PTSD.\n\n"
        "Many people feel detached from their surroundings during treatment.\n",
        encoding="utf-8",
    )
    (folder / "review.txt").write_text(
        "Review\n\nPatients reported dissociation in every trial.\n",
        encoding="utf-8",
    )
    return folder


def test_opposite_claims_are_different_points_marked_as_clashing(claims: Path):
    lib = Library.open(claims)
    try:
        clinic, news = lib.document("clinic"), lib.document("news")
        not_approved = sentence_index(clinic, "has not been approved by the FDA")
        approved = sentence_index(news, "The FDA approved esketamine")
        minimal = sentence_index(clinic, "Side effects are minimal")
        common = sentence_index(news, "Common side effects include nausea")
        comparison = lib.compare("clinic", "news")
        assert not together(comparison, not_approved, approved)
        assert not together(comparison, minimal, common)
        clashes = {
            (i, j)
            for facet in comparison.facets.values()
            for c in facet.clashes
            for i in c.a
            for j in c.b
        }
        assert (not_approved, approved) in clashes
        assert (minimal, common) in clashes
    finally:
        lib.close()


def test_the_same_denial_in_other_words_is_one_point(claims: Path):
    lib = Library.open(claims)
    try:
        clinic, leaflet = lib.document("clinic"), lib.document("leaflet")
        i = sentence_index(clinic, "has not been approved by the FDA")
        j = sentence_index(leaflet, "has not approved ketamine")
        assert together(lib.compare("clinic", "leaflet"), i, j)
    finally:
        lib.close()


def test_related_terms_link_sentences_that_share_no_word(claims: Path):
    # "feel detached from their surroundings" and "dissociation"; "queasy" and "nausea".
    lib = Library.open(claims)
    try:
        leaflet, review = lib.document("leaflet"), lib.document("review")
        i = sentence_index(leaflet, "feel detached from their surroundings")
        j = sentence_index(review, "reported dissociation")
        assert together(lib.compare("leaflet", "review"), i, j)
    finally:
        lib.close()


def test_a_point_is_not_chained_through_a_shared_neighbour():
    # a1 and b1 are alike, b1 and a2 are alike, a1 and a2 share nothing.
    groups = group(3, {(0, 1): 0.6, (1, 2): 0.6}, [(0, 1), (1, 2)], [], threshold=0.3)
    assert [0, 1, 2] not in groups
    # Single linkage would join them; a real third member joins when it is close to both.
    groups = group(3, {(0, 1): 0.6, (1, 2): 0.6, (0, 2): 0.5}, [(0, 1), (1, 2)], [], 0.3)
    assert [0, 1, 2] in groups


def test_a_clash_keeps_groups_apart():
    groups = group(3, {(0, 1): 0.9, (1, 2): 0.9, (0, 2): 0.9}, [(0, 1), (1, 2)], [(0, 2)], 0.3)
    assert not any(0 in g and 2 in g for g in groups)


def test_sentences_on_two_subjects_do_not_chain_theirs(claims: Path):
    # news's third sentence is about receptors and nausea; the clinic's receptor
    # sentence and its queasy sentence still make two points.
    lib = Library.open(claims)
    try:
        clinic = lib.document("clinic")
        receptors = sentence_index(clinic, "Ketamine blocks NMDA receptors")
        queasy = sentence_index(clinic, "feel queasy")
        comparison = lib.compare("clinic", "news")
        for facet in comparison.facets.values():
            for point in facet.points:
                assert not {receptors, queasy} <= set(point.a)
    finally:
        lib.close()


def test_negation_is_seen_where_search_drops_it():
    def denies(text: str) -> bool:
        return stance_of(text, read(text)).negative

    assert denies("Ketamine hasn\u2019t yet received the green light from the FDA for PTSD.")
    assert denies("Using it for PTSD is what doctors call off-label.")
    assert denies("The treatment is not approved for PTSD.")
    assert not denies("This therapy is not only effective for PTSD but also for depression.")
    assert not denies("The FDA approved esketamine for depression.")


def test_points_across_documents_say_who_makes_each_and_who_is_silent(claims: Path):
    lib = Library.open(claims)
    try:
        points = lib.points()
        ids = [d.id for d in points.documents]
        assert ids == ["clinic", "leaflet", "news", "review"]
        assert list(points.facets) == list(lib.taxonomy.names())
        seen = {}
        for facet, listed in points.facets.items():
            counts = [len(p.sentences) for p in listed]
            assert counts == sorted(counts, reverse=True)
            for point in listed:
                assert facet in point.facets
                assert set(point.sentences) | set(point.silent) == set(ids)
                assert not set(point.sentences) & set(point.silent)
                seen[point.id] = point
        denial = next(
            p
            for p in seen.values()
            if {"clinic", "leaflet"} <= set(p.sentences) and "regulation" in p.facets
        )
        assert "news" in denial.silent or denial.clashes
        # Only the documents asked for, in the order given.
        two = lib.points(["news", "clin"], facets=["risks"])
        assert [d.id for d in two.documents] == ["news", "clinic"]
        assert list(two.facets) == ["risks"]
    finally:
        lib.close()


def test_aspects_join_sentences_that_share_no_word(claims: Path):
    from kread.index.points.engine import point_map

    lib = Library.open(claims)
    try:
        clinic, news = lib.document("clinic"), lib.document("news")
        minimal = sentence_index(clinic, "Side effects are minimal")
        spray = sentence_index(news, "The FDA approved esketamine")
        aspects = {("clinic", minimal): ["odd-one"], ("news", spray): ["odd-one"]}
        found = point_map([clinic, news], lib.store.sentence_idf, lib.taxonomy.names(), aspects)
        points = {p.id: p for listed in found.facets.values() for p in listed}
        joined = [p for p in points.values() if p.aspect == "odd-one"]
        assert joined and joined[0].sentences == {"clinic": (minimal,), "news": (spray,)}
    finally:
        lib.close()


def test_a_comparison_is_the_same_in_every_run(tmp_path) -> None:
    # Python orders sets differently in each process: labels and shared terms must not.
    import os
    import subprocess
    import sys

    outputs = set()
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "KREAD_CACHE_DIR": str(tmp_path)}
        done = subprocess.run(
            [sys.executable, "-m", "kread.tui.cli", "compare", "001", "004", "--json"],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        outputs.add(done.stdout)
    assert len(outputs) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["001", "001"], "points: '001' is given twice; name each document once"),
        (["001", "001_1c", "004"], "are the same document (001_1c05f3c2586e8f3e)"),
    ],
)
def test_points_of_one_document_named_twice_says_so_in_one_line(
    capsys, args: list[str], message: str
):
    from kread.tui.cli import main

    code = main(["points", *args])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert message in err and "compare" not in err
    assert len(err.strip().splitlines()) == 1


def _clash(one: str, other: str) -> bool:
    from kread.index.points.wording import concepts

    a, b = read(one), read(other)
    shared = {t.stem for t in a.tokens if not t.stopped} & {t.stem for t in b.tokens}
    shared |= {"~" + n for n, _s, _e in a.concepts} & {"~" + n for n, _s, _e in b.concepts}
    return clash(stance_of(one, a), stance_of(other, b), shared, concepts())


def test_a_denial_is_of_what_it_denies_not_of_everything_after_it():
    denial = "Ketamine has not yet been cleared by regulators for post-traumatic stress disorder."
    assert not _clash(denial, "Post-traumatic stress disorder can follow a frightening event.")
    assert _clash(denial, "Regulators cleared ketamine for post-traumatic stress disorder.")


def test_not_all_limits_a_claim_without_denying_it():
    assert not _clash(
        "Not all patients respond to these drugs or get lasting relief.",
        "Many patients get lasting relief within days.",
    )
    assert _clash("Patients do not get relief from it.", "Patients get relief from it.")


def test_a_quantity_word_qualifies_its_own_noun_or_the_subject_of_its_clause():
    minimal = "Side effects are minimal and rare."
    assert not _clash("Most patients tolerate the infusion well.", minimal)
    assert _clash("Common side effects include nausea.", minimal)
    assert _clash("Side effects such as nausea and headaches are common.", minimal)
    assert _clash("Nausea is common afterwards.", "Nausea is rare.")
    assert _clash("Nausea often follows the first dose.", "Nausea rarely follows it.")


@pytest.fixture
def side_effects(tmp_path: Path) -> Path:
    folder = tmp_path / "side"
    folder.mkdir()
    texts = {
        "a": "Nurses monitor every patient closely in a clinical setting, and serious adverse "
        "events are rare.",
        "b": "Every patient is closely monitored by nurses in a clinical setting.",
        "c": "Common side effects include nausea and headaches.",
        "d": "Side effects such as nausea and headaches are common.",
        "e": "Side effects are minimal.",
    }
    for name, text in texts.items():
        (folder / f"{name}.txt").write_text(f"Article {name}\n\n{text}\n", encoding="utf-8")
    return folder


def test_points_that_disagree_are_about_the_same_thing(side_effects: Path):
    lib = Library.open(side_effects)
    try:
        points = {p.id: p for listed in lib.points().facets.values() for p in listed}
        with_e = [p for p in points.values() if "e" in p.sentences]
        common = [p for p in points.values() if {"c", "d"} <= set(p.sentences)]
        # "Side effects are minimal" and "such as nausea ... are common" are two points...
        assert with_e and common and not any("d" in p.sentences for p in with_e)
        # ... that disagree, while the point on monitoring disagrees with nothing.
        assert common[0].id in with_e[0].clashes
        watched = [p for p in points.values() if {"a", "b"} <= set(p.sentences)]
        assert watched and not watched[0].clashes
    finally:
        lib.close()


def test_a_point_names_only_clashing_points_of_the_facets_shown(seeds_library: Library):
    for facets in ((), ("risks",), ("mechanism",)):
        points = seeds_library.points(facets=facets)
        shown = {p.id for listed in points.facets.values() for p in listed}
        for listed in points.facets.values():
            for point in listed:
                assert set(point.clashes) <= shown


def test_monitoring_does_not_disagree_with_side_effects_in_the_bundled_articles(
    seeds_library: Library,
):
    points = {p.id: p for listed in seeds_library.points().facets.values() for p in listed}
    for point in points.values():
        if point.label.startswith("supervision"):
            assert not [c for c in point.clashes if "side effects" in points[c].label]


def test_a_word_every_sentence_uses_is_not_what_two_points_disagree_on(tmp_path: Path):
    from kread.index.points import engine
    from kread.index.points.wording import concepts

    texts = {
        "insurer": "Insurance plans do not usually cover ketamine infusions for PTSD.\n\n"
        "Ketamine clinics set their own prices.\n\n"
        "A course of ketamine infusions costs thousands.",
        "regulator": "The agency is funding studies and does not yet recommend ketamine "
        "for PTSD.\n\nKetamine research on PTSD is at an early stage.\n\n"
        "More ketamine studies are planned.",
        "clinic": "Our ketamine infusions are covered by some insurance plans.\n\n"
        "Ketamine infusion prices are listed online.\n\n"
        "Ketamine research is funded by grants.",
    }
    for name, text in texts.items():
        (tmp_path / f"{name}.txt").write_text(f"{name}\n\n{text}\n", encoding="utf-8")
    lib = Library.open(tmp_path)
    try:
        docs = [lib.document(d.id) for d in lib.documents()]
        found = engine.find_points(docs, lib.store.sentence_idf)
        # "does not yet recommend ketamine" denies ketamine as far as words go: with
        # every sentence naming ketamine, that is no disagreement to show.
        assert any(
            engine._about(found.readings[x], found.readings[y], concepts()) == {"ketamin"}
            for x, y in found.clash_pairs
        )
        for x, y in found.disagreements:
            about = engine._about(found.readings[x], found.readings[y], concepts())
            assert about - {"ketamin"}
    finally:
        lib.close()


def test_word_weights_follow_the_corpus_when_articles_are_added(claims: Path):
    """Points weigh a word by how rare it is in the corpus; asked again after an update,
    they use the corpus as it is now, not figures kept from before."""
    lib = Library.open(claims)
    try:
        before = lib.store.sentence_idf(["dissoci"])["dissoci"]
        assert lib.store.sentence_idf(["dissoci"]) == {"dissoci": before}
        (claims / "more.txt").write_text(
            "More\n\nDissociation was common.\n\nDissociation passed within hours.\n",
            encoding="utf-8",
        )
        lib.refresh()
        assert lib.store.sentence_idf(["dissoci"])["dissoci"] < before
    finally:
        lib.close()


def test_points_leave_garbage_collection_as_they_found_it(claims: Path):
    """The engine defers collection while it works; the reader's memory is collected
    again afterwards (and stays off for a caller that had turned it off)."""
    import gc

    lib = Library.open(claims)
    try:
        assert gc.isenabled()
        lib.points()
        assert gc.isenabled()
        gc.disable()
        try:
            lib.points()
            assert not gc.isenabled()
        finally:
            gc.enable()
    finally:
        lib.close()


def test_a_longer_aspect_phrase_keeps_its_words_from_a_shorter_match():
    # "beyond the immediate treatment" says how long relief lasts, not how soon it comes.
    named = {
        name
        for name, _start, _end in read(
            "Some patients report sustained relief beyond the immediate treatment period."
        ).concepts
    }
    assert "lasting" in named and "speed" not in named
    assert "speed" in {name for name, _s, _e in read("Patients report immediate relief.").concepts}
