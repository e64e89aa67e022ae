"""Aspects of the taxonomy in points: a user's aspect brings together sentences that
say one thing in other words, and opposite aspects keep them apart."""

from __future__ import annotations

from pathlib import Path

import pytest

from kread.index.document import Document
from kread.index.library import Library


def _index(doc: Document, words: str) -> int:
    found = [i for i, s in enumerate(doc.sentences) if words in doc.text[s.start : s.end]]
    assert len(found) == 1, f"{words!r} is in {len(found)} sentences of {doc.id}"
    return found[0]


@pytest.fixture
def offers(tmp_path: Path) -> Path:
    folder = tmp_path / "offers"
    folder.mkdir()
    (folder / "spa.txt").write_text(
        "Spa\n\nOur package includes a sunset session on the terrace.\n\n"
        "Bookings open every Monday.\n",
        encoding="utf-8",
    )
    (folder / "hotel.txt").write_text(
        "Hotel\n\nThe package comes with a dusk walk along the river.\n\n"
        "Parking costs extra for guests.\n",
        encoding="utf-8",
    )
    return folder


def _topics(tmp_path: Path, aspects: str) -> Path:
    topics = tmp_path / "topics.yaml"
    topics.write_text(
        "facets:\n  - name: offers\n    letter: O\n    query: package\n" + aspects,
        encoding="utf-8",
    )
    return topics


def _together(lib: Library) -> tuple[bool, list[str]]:
    spa, hotel = lib.document("spa"), lib.document("hotel")
    i, j = _index(spa, "sunset session"), _index(hotel, "dusk walk")
    points = lib.points(facets=["offers"]).facets["offers"]
    joined = [
        p for p in points if i in p.sentences.get("spa", ()) and j in p.sentences.get("hotel", ())
    ]
    return bool(joined), [p.label for p in joined]


def test_a_users_aspect_joins_two_sentences_that_share_no_word(offers: Path, tmp_path: Path):
    # "sunset session on the terrace" and "dusk walk along the river" share no word but
    # "package", which both documents use in every offer.
    plain = Library.open(offers, _topics(tmp_path, ""))
    try:
        assert not _together(plain)[0]
    finally:
        plain.close()
    topics = _topics(tmp_path, "    aspects:\n      evening: 'sunset dusk twilight'\n")
    lib = Library.open(offers, topics)
    try:
        joined, labels = _together(lib)
        assert joined
        assert labels[0].startswith("evening")  # the point is named after its aspect
        point = next(
            p for p in lib.points(facets=["offers"]).facets["offers"] if p.label == labels[0]
        )
        assert point.aspect == "evening"
    finally:
        lib.close()


def test_opposite_aspects_keep_two_claims_apart_and_show_the_disagreement(tmp_path: Path):
    from kread.index.points.engine import find_points

    folder = tmp_path / "relief"
    folder.mkdir()
    (folder / "clinic.txt").write_text(
        "Clinic\n\nThe relief from ketamine infusions is long-lasting for most patients.\n",
        encoding="utf-8",
    )
    (folder / "review.txt").write_text(
        "Review\n\nThe relief from ketamine infusions is short-lived for most patients.\n",
        encoding="utf-8",
    )
    lib = Library.open(folder)
    try:
        docs = [lib.document("clinic"), lib.document("review")]
        found = find_points(docs, lib.store.sentence_idf)
        assert not any(len(found.members(g)) == 2 for g in range(len(found.groups)))
        assert found.disagreements and found.clashes
    finally:
        lib.close()


def _pressure(tmp_path: Path, subject: str) -> Path:
    """A taxonomy of one facet whose one aspect names blood pressure."""
    topics = tmp_path / f"pressure-{subject}.yaml"
    topics.write_text(
        "replace: true\nfacets:\n  - name: risks\n    letter: R\n    query: pressure\n"
        "    aspects:\n      pressure:\n        query: '\"blood pressure\"'\n"
        f"        subject: {subject}\n",
        encoding="utf-8",
    )
    return topics


def _linked(tmp_path: Path, subject: str, a: str, b: str) -> bool:
    folder = tmp_path / f"pair-{subject}-{abs(hash((a, b)))}"
    folder.mkdir()
    (folder / "leaflet.txt").write_text(f"Leaflet\n\n{a}\n", encoding="utf-8")
    (folder / "trial.txt").write_text(f"Trial\n\n{b}\n", encoding="utf-8")
    lib = Library.open(folder, _pressure(tmp_path, subject))
    try:
        points = lib.compare("leaflet", "trial").facets["risks"].points
        return any(p.a and p.b for p in points)
    finally:
        lib.close()


def test_sharing_only_a_subject_is_not_making_one_point(tmp_path: Path):
    # Both name blood pressure; one says it is checked, the other that it rose.
    checked = "Your blood pressure will be checked during each visit."
    rose = "Blood pressure rose briefly in some patients."
    assert _linked(tmp_path, "false", checked, rose)  # an aspect that is a claim links
    assert not _linked(tmp_path, "true", checked, rose)


def test_a_subject_and_what_is_said_of_it_still_make_one_point(tmp_path: Path):
    raised = "Ketamine can raise blood pressure for a while."
    also = "Esketamine can also raise blood pressure."
    assert _linked(tmp_path, "true", raised, also)
