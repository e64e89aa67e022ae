"""API results to Rich Text: facet letters and colours, marks, and untrusted text kept plain."""

from __future__ import annotations

from rich.console import Console

from kread.index.document import Document
from kread.index.models import Facet, Hit, Sentence
from kread.index.points.models import Clash, FacetComparison, SharedPoint
from kread.tui import render

FACETS = (
    Facet("mechanism", "Mechanism", "M", "#5fafff", "how", "nmda"),
    Facet("risks", "Risks", "R", "#ff5f5f", "harm", "nausea"),
)


def plain(text) -> str:
    console = Console(width=80, color_system=None, file=None)
    with console.capture() as capture:
        console.print(text, end="")
    return capture.get()


def test_facet_letters_keep_one_column_per_facet():
    assert render.facet_letters(FACETS, {"risks"}).plain == " R"
    assert render.facet_letters(FACETS, {"mechanism", "risks"}).plain == "MR"


def test_facet_counts_name_every_facet_even_at_zero():
    text = render.facet_counts(FACETS, {"mechanism": 3})
    assert text.plain == "M3 R0"
    zero = next(span for span in text.spans if text.plain[span.start : span.end] == "R0")
    assert zero.style.dim


def test_markup_in_a_document_is_shown_literally():
    body = "Take [bold]this[/] and [@click=app.quit]that[/]. Nausea is common."
    doc = Document(
        id="x", title="t", source="", path="", words=8, facet_counts={},
        text=body, paragraphs=((0, len(body)),),
        sentences=(
            Sentence(0, 35, 0),
            Sentence(36, len(body), 0, ("risks",), spans=((36, 42, "risks"),)),
        ),
    )  # fmt: skip
    text = render.paragraph_text(doc, 0, FACETS, {"risks"})
    assert plain(text) == body
    risky = [s for s in text.spans if s.start == 36]
    assert risky and any(getattr(s.style, "color", None) for s in risky)


def test_switched_off_facets_are_not_coloured():
    body = "Nausea is common."
    doc = Document(
        id="x", title="t", source="", path="", words=3, facet_counts={},
        text=body, paragraphs=((0, len(body)),),
        sentences=(Sentence(0, len(body), 0, ("risks",), spans=((0, 6, "risks"),)),),
    )  # fmt: skip
    assert render.paragraph_text(doc, 0, FACETS, set()).spans == []


def test_snippet_marks_the_matched_words():
    hit = Hit("x", "t", "", 1.0, "raised blood pressure", ((7, 12), (13, 21)), ())
    text = render.snippet_text(hit)
    marked = [text.plain[s.start : s.end] for s in text.spans]
    assert marked == ["blood", "pressure"]


def test_word_spans_find_longer_forms_in_any_case_without_overlaps():
    text = "Relief came fast; reliefs vary. Blood pressure, bloodstream."
    spans = render.word_spans(text, ["relief", "blood", "bloodstream", "", "pressure"])
    assert [text[a:b] for a, b in spans] == [
        "Relief",
        "reliefs",
        "Blood",
        "pressure",
        "bloodstream",
    ]
    assert spans == sorted(spans)
    assert render.word_spans(text, ["lief"]) == []  # only at the start of a word


def test_shared_words_are_emphasised_where_word_spans_finds_them():
    text = "Blood pressure rose; the bloodstream carried it."
    shown = render.emphasise_words(text, ["blood", "pressure"])
    emphasised = [text[s.start : s.end] for s in shown.spans if s.style == render.SHARED_STYLE]
    assert emphasised == ["Blood", "pressure", "bloodstream"]


def test_silence_is_said_once_per_silent_side_or_once_for_both():
    facet = Facet("regulation", "Regulation", "G", "red", "", "fda")
    assert render.silences(facet, True, False) == ["A says nothing about regulation."]
    assert render.silences(facet, False, True) == ["B says nothing about regulation."]
    assert render.silences(facet, True, True) == ["Neither A nor B says anything about regulation."]
    assert render.silences(facet, False, False) == []


def _doc(doc_id: str, *sentences: str) -> Document:
    body, spans = "", []
    for sentence in sentences:
        spans.append(Sentence(len(body), len(body) + len(sentence), 0, ("risks",)))
        body += sentence + " "
    return Document(
        id=doc_id, title=doc_id, source="", path="", words=len(body.split()),
        facet_counts={}, text=body, paragraphs=((0, len(body)),), sentences=tuple(spans),
    )  # fmt: skip


def test_a_side_that_only_disagrees_is_not_called_silent():
    a = _doc("a", "Side effects are minimal.")
    b = _doc("b", "Common side effects include nausea.", "Most feel tired after.")
    result = FacetComparison(clashes=(Clash(a=(0,), b=(0,), label="side effects"),), only_b=(1,))
    shown = plain(render.comparison_section(FACETS[1], result, a, b, stacked=True))
    assert "says nothing" not in shown
    clash = shown.index("≠ disagree · side effects")
    assert clash < shown.index("A Side effects are minimal.") < shown.index("B Common side")
    assert "B Most feel tired after.  only in B" in shown


def test_a_point_row_holds_every_sentence_of_each_side():
    a = _doc("a", "Relief came within hours.", "Patients felt better the same day.")
    b = _doc("b", "Symptoms eased within hours.")
    point = SharedPoint(a=(0, 1), b=(0,), label="speed", similarity=0.5, shared_terms=("hours",))
    shown = plain(render.comparison_section(FACETS[1], FacetComparison(points=(point,)), a, b))
    row = next(line for line in shown.splitlines() if "Relief came" in line)
    assert "Symptoms eased" in row and "only in" not in shown.split("\n", 1)[1]
    assert shown.index("= speed") < shown.index("Relief came") < shown.index("Patients felt")
