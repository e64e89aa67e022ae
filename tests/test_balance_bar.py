"""The balance of each article in the document list: kept with its record when it is
indexed, the same as its appraisal's, recounted with the reader's corrections, and drawn
as a few cells."""

from __future__ import annotations

from pathlib import Path

import pytest

from kread.index.appraisal.engine import appraise_document, document_balance
from kread.index.appraisal.items import default_items
from kread.index.library import Library
from kread.index.models import Balance, DocumentInfo, info_from_json, info_json
from kread.tui import render


@pytest.fixture
def balance_corpus(tmp_path: Path) -> Path:
    """A page that states its benefits as certain and names no risk, and a leaflet that
    hedges and says what the risks are."""
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "certain.txt").write_text(
        "Ketamine for PTSD\n\n"
        "Ketamine is proven to work quickly and gives life-changing relief from PTSD. "
        "Patients report lasting improvement in their mood.\n",
        encoding="utf-8",
    )
    (folder / "careful.txt").write_text(
        "Ketamine and depression\n\n"
        "Ketamine may ease symptoms of depression for some people. "
        "Common side effects include nausea, dissociation and raised blood pressure. "
        "Ketamine is not approved by the FDA for PTSD.\n",
        encoding="utf-8",
    )
    return folder


def listed(library: Library, doc_id: str) -> DocumentInfo:
    return next(d for d in library.documents() if d.id == doc_id)


def test_benefits_stated_as_certain_and_no_risk_give_the_warning(balance_corpus: Path):
    library = Library.open(balance_corpus)
    try:
        certain = listed(library, "certain")
        balance = certain.balance
        assert balance is not None
        assert balance.benefits >= 1 and balance.risks == 0 and balance.regulation == 0
        assert balance.absolute is not None and balance.absolute >= 1
        assert balance.warning is not None and "stated as certain" in balance.warning
        # the list's balance is the appraisal's own
        assert balance == library.appraise("certain").balance
        facets = library.taxonomy.facets
        assert render.balance_bar(balance, facets).plain == "▰▰▰▰!"

        careful = listed(library, "careful").balance
        assert careful is not None and careful.warning is None
        assert careful == library.appraise("careful").balance
        bar = render.balance_bar(careful, facets).plain
        assert render.RISK_CELL in bar and bar.endswith(" ")
    finally:
        library.close()


def test_a_risk_the_reader_marks_takes_the_warning_away(balance_corpus: Path):
    library = Library.open(balance_corpus)
    try:
        assert listed(library, "certain").balance.warning is not None
        doc = library.document("certain")
        last = len(doc.sentences) - 1
        library.correct("certain", last, "risks", True)
        balance = listed(library, "certain").balance
        assert balance.risks == 1 and balance.warning is None
        assert balance == library.appraise("certain").balance
    finally:
        library.close()


def test_every_bundled_article_is_listed_with_its_appraisals_balance(seeds_library):
    items = default_items()
    for info in seeds_library.documents():
        doc = seeds_library.document(info.id)
        assert info.balance == appraise_document(doc, items).balance, info.id
        assert document_balance(doc, items) == info.balance


def test_the_bar_gives_each_side_that_has_sentences_a_cell():
    assert render.balance_bar(Balance(40, 1, 0), ()).plain == "▰▰▰▱ "
    assert render.balance_bar(Balance(0, 3, 2), ()).plain == "▱▱▱▱ "
    assert render.balance_bar(Balance(5, 5, 0), ()).plain == "▰▰▱▱ "
    assert render.balance_bar(Balance(0, 0, 0), ()).plain == "···· "


def test_the_balance_goes_through_the_lists_json_and_back():
    balance = Balance(3, 1, 2, hedged=1, absolute=2, warning=None)
    info = DocumentInfo("a", "A", "", "/a.txt", 10, {"risks": 1}, balance=balance)
    assert info_from_json(info_json(info)) == info
    assert info_from_json({**info_json(info), "balance": None}).balance is None
