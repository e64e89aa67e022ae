"""The facet-only query operators: NEAR/n and BEFORE/n, negated: and affirmed:, under:;
and the default facets' hard cases they are used for."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from kread.index.engine import build
from kread.index.errors import TaxonomyError
from kread.index.facets.context import sentence_contexts
from kread.index.facets.taxonomy import Taxonomy, load_taxonomy
from kread.index.reading import corpus


def one_facet(tmp_path: Path, query: str) -> Taxonomy:
    path = tmp_path / "topics.yaml"
    path.write_text(
        textwrap.dedent(
            f"""\
            replace: true
            facets:
              - name: f
                query: {query!r}
            """
        ),
        encoding="utf-8",
    )
    return load_taxonomy(path)


def marks(tax: Taxonomy, sentence: str, under: str = "") -> list[str] | None:
    """The words the facet marks, or None when it does not match."""
    facets, spans = tax.classify(sentence, under)
    return [sentence[a:b] for a, b, _f in spans] if facets else None


# -- NEAR/n, BEFORE/n ------------------------------------------------------------------------


def test_near_matches_words_within_n_words_in_either_order(tmp_path: Path) -> None:
    tax = one_facet(tmp_path, "ketamine NEAR/3 relief")
    assert marks(tax, "Ketamine brought quick relief.") == ["Ketamine", "relief"]
    assert marks(tax, "Relief followed ketamine.") == ["Relief", "ketamine"]
    # Stop words are not counted: "the", "of", "is" do not push the words apart.
    assert marks(tax, "Ketamine is the source of relief.") == ["Ketamine", "relief"]


def test_near_does_not_match_words_further_apart_or_alone(tmp_path: Path) -> None:
    tax = one_facet(tmp_path, "ketamine NEAR/3 relief")
    assert marks(tax, "Ketamine was given to veterans in clinics, bringing relief.") is None
    assert marks(tax, "Ketamine was given.") is None
    assert marks(tax, "Relief came.") is None


def test_before_needs_the_first_side_first(tmp_path: Path) -> None:
    tax = one_facet(tmp_path, "than BEFORE/2 ketamine")
    assert marks(tax, "Therapy did better than ketamine.") == ["than", "ketamine"]
    assert marks(tax, "Ketamine did better than therapy.") is None


def test_near_takes_groups_and_binds_tighter_than_or(tmp_path: Path) -> None:
    tax = one_facet(tmp_path, "ketamine NEAR/2 (relief OR remission) OR placebo")
    assert marks(tax, "Ketamine led to remission.") == ["Ketamine", "remission"]
    assert marks(tax, "A placebo was given.") == ["placebo"]
    assert marks(tax, "Remission is rare; many years later, people tried ketamine.") is None


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ("ketamine NEAR/3", "NEAR/3 needs words on both sides"),
        ("NEAR/3 ketamine", "NEAR/3 needs words on both sides"),
        ("ketamine NEAR/0 relief", "the distance must be 1 to 50 words"),
        ("the NEAR/2 ketamine", "needs content words on both sides"),
    ],
)
def test_a_bad_near_is_named_with_its_line(tmp_path: Path, query: str, says: str) -> None:
    with pytest.raises(TaxonomyError) as caught:
        one_facet(tmp_path, query)
    message = str(caught.value)
    assert "topics.yaml:4" in message and "query does not parse" in message and says in message


# -- negated:, affirmed: ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Ketamine is not approved for PTSD.",
        "Ketamine hasn't been approved for PTSD.",
        "Ketamine hasn\u2019t been approved for PTSD.",
        "There is no evidence that ketamine is approved for PTSD.",
        "The drug has never been approved for this use.",
        "Ketamine has yet to be approved for PTSD.",
    ],
)
def test_negated_matches_a_word_a_negation_denies(tmp_path: Path, sentence: str) -> None:
    assert marks(one_facet(tmp_path, "negated:approved"), sentence) is not None
    assert marks(one_facet(tmp_path, "affirmed:approved"), sentence) is None


@pytest.mark.parametrize(
    "sentence",
    [
        "Esketamine was approved in 2019.",
        "It is not only approved for depression but also widely used.",
        # The negation's clause ends at the comma and "but".
        "Ketamine is not new, and esketamine is approved.",
        "It is not licensed for PTSD, but esketamine is approved for depression.",
    ],
)
def test_negated_does_not_match_a_word_no_negation_reaches(tmp_path: Path, sentence: str) -> None:
    assert marks(one_facet(tmp_path, "negated:approved"), sentence) is None
    assert marks(one_facet(tmp_path, "affirmed:approved"), sentence) == ["approved"]


def test_negated_and_affirmed_take_groups_prefixes_and_phrases(tmp_path: Path) -> None:
    tax = one_facet(tmp_path, 'negated:(reduc* OR "side effects")')
    assert marks(tax, "Ketamine did not significantly reduce symptoms.") == ["reduce"]
    assert marks(tax, "There were no side effects.") == ["side", "effects"]
    assert marks(tax, "Ketamine reduced symptoms.") is None
    tax = one_facet(tmp_path, "affirmed:(reduc* OR improv*) AND symptoms")
    assert marks(tax, "Ketamine reduced symptoms.") == ["reduced", "symptoms"]
    assert marks(tax, "Ketamine did not reduce or improve symptoms.") is None


@pytest.mark.parametrize("scope", ["affirmed", "negated"])
def test_a_phrase_keeps_its_stop_words_inside_a_scope(tmp_path: Path, scope: str) -> None:
    tax = one_facet(tmp_path, f'{scope}:("works for" OR "side effects of the")')
    denied = "not " if scope == "negated" else ""
    # (A stop word has no mark of its own: the phrase's other words are marked.)
    assert marks(tax, f"It {denied}works for me.") == ["works"]
    assert marks(tax, f"There were {denied}side effects of the drug.") == ["side", "effects"]
    # Without its "for", "works" is not the phrase; nor are the words out of order.
    assert marks(tax, f"It {denied}works by blocking receptors.") is None
    assert marks(tax, f"Effects of the side {denied}wore off.") is None
    # A single such phrase, not in a group, too.
    tax = one_facet(tmp_path, f'{scope}:"works for"')
    assert marks(tax, f"It {denied}works by blocking receptors.") is None
    assert marks(tax, f"It {denied}works for me.") == ["works"]


def test_under_keeps_a_phrases_stop_words(tmp_path: Path) -> None:
    tax = one_facet(tmp_path, 'numb AND under:"side effects of"')
    assert marks(tax, "Feeling numb", under="Side effects of the drug:") == ["numb"]
    assert marks(tax, "Feeling numb", under="Side effects") is None


def test_negated_marks_only_the_denied_use_of_a_word(tmp_path: Path) -> None:
    sentence = "It was approved for depression but not approved for PTSD."
    _, spans = one_facet(tmp_path, "negated:approved").classify(sentence)
    assert [a for a, _b, _f in spans] == [sentence.rindex("approved")]


# -- under: ----------------------------------------------------------------------------------


def test_under_matches_what_a_sentence_stands_under(tmp_path: Path) -> None:
    tax = one_facet(tmp_path, "numb ANDNOT under:symptom*")
    assert marks(tax, "Feeling numb", under="Common symptoms of PTSD include:") is None
    assert marks(tax, "Feeling numb", under="Side effects may include:") == ["numb"]
    assert marks(tax, "Feeling numb") == ["numb"]
    # under: marks no word of the sentence itself.
    tax = one_facet(tmp_path, 'numb AND under:"side effects"')
    assert marks(tax, "Feeling numb", under="Side effects may include:") == ["numb"]
    assert marks(tax, "Feeling numb", under="Symptoms") is None


def article(tmp_path: Path, text: str) -> corpus.ParsedDocument:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.md").write_text(textwrap.dedent(text), encoding="utf-8")
    files, _ = corpus.scan(folder)
    return corpus.read_document(files[0], corpus.load_catalog(folder))


LEAFLET = """\
    # Living with PTSD

    Some common signs and symptoms of trauma include:

    - Feeling disconnected or numb
    - Headaches

    ## Side effects of ketamine

    Common side effects may include:

    - Feeling detached or numb
    - Headache

    People often feel numb after a loss.
    """


def test_a_list_item_stands_under_its_heading_and_its_lead_in(tmp_path: Path) -> None:
    parsed = article(tmp_path, LEAFLET)
    contexts = sentence_contexts(parsed.text, parsed.paragraphs, parsed.sentences)
    under = {c.text + " @" + str(c.offset): c.under for c in contexts}
    first = parsed.text.index("Feeling disconnected")
    second = parsed.text.index("Feeling detached")
    assert under[f"Feeling disconnected or numb @{first}"] == (
        "Living with PTSD\nSome common signs and symptoms of trauma include:"
    )
    assert under[f"Feeling detached or numb @{second}"] == (
        "Side effects of ketamine\nCommon side effects may include:"
    )
    # Not a list item: only the heading.
    assert under[f"People often feel numb after a loss. @{parsed.text.index('People')}"] == (
        "Side effects of ketamine"
    )


def test_the_index_marks_side_effects_listed_but_not_symptoms_listed(tmp_path: Path) -> None:
    parsed = article(tmp_path, LEAFLET)
    doc = build.classified(parsed, "digest", (0, 0, ""), load_taxonomy(None)).document
    facets = [
        (doc.text[s.start : s.end], s.facets)
        for s in doc.sentences
        if doc.text[s.start : s.end].startswith(("Feeling", "Headache"))
    ]
    assert facets == [
        ("Feeling disconnected or numb", ()),
        ("Headaches", ()),
        ("Feeling detached or numb", ("risks",)),
        ("Headache", ("risks",)),
    ]


# -- the default facets' hard cases ----------------------------------------------------------


@pytest.fixture(scope="module")
def default() -> Taxonomy:
    return load_taxonomy(None)


@pytest.mark.parametrize(
    "sentence",
    [
        "Exposure therapy led to greater improvement than ketamine at three months.",
        "Unlike ketamine, prazosin reduced nightmares in the trial.",
        "Ketamine did not significantly reduce PTSD symptoms compared with placebo.",
        "There is no evidence that the effect lasts beyond a month.",
    ],
)
def test_another_treatment_winning_or_an_effect_not_found_is_a_risk_not_a_benefit(
    default: Taxonomy, sentence: str
) -> None:
    facets, _ = default.classify(sentence)
    assert "benefits" not in facets
    assert "risks" in facets


@pytest.mark.parametrize(
    "sentence",
    [
        "Trauma-focused psychotherapy produces large and lasting improvements.",
        "Antidepressants may ease low mood and anxiety within a few weeks.",
    ],
)
def test_benefits_of_other_treatments_are_not_benefits(default: Taxonomy, sentence: str) -> None:
    assert "benefits" not in default.classify(sentence)[0]


def test_a_benefit_of_ketamine_still_is(default: Taxonomy) -> None:
    assert "benefits" in default.classify("Ketamine significantly reduced PTSD symptoms.")[0]
    assert (
        "benefits"
        in default.classify(
            "Ketamine was not only well tolerated but also eased symptoms quickly."
        )[0]
    )


@pytest.mark.parametrize(
    "sentence",
    [
        "The trial was small, with 41 participants.",
        "Only a few dozen patients took part, so the findings need confirming.",
        "Responses vary from person to person.",
        "One participant reported suicidal thoughts after the session.",
        "A few patients described thoughts of self-harm in the days after the infusion.",
        "Repeated doses have not been shown to keep symptoms away.",
    ],
)
def test_limits_and_harms_are_risks(default: Taxonomy, sentence: str) -> None:
    assert "risks" in default.classify(sentence)[0]


@pytest.mark.parametrize(
    ("sentence", "under"),
    [
        ("Feeling disconnected or numb", "Some common signs and symptoms of trauma include:"),
        ("Feeling tired or sleepy", "Symptoms of PTSD"),
        ("Insurance coverage can vary, so check with your provider.", ""),
        ("Costs vary depending on how many sessions you need.", ""),
    ],
)
def test_symptoms_listed_and_costs_that_vary_are_not_risks(
    default: Taxonomy, sentence: str, under: str
) -> None:
    assert "risks" not in default.classify(sentence, under)[0]


def test_a_side_effect_listed_under_a_side_effects_lead_in_is_a_risk(default: Taxonomy) -> None:
    assert "risks" in default.classify("Headache or nausea", "Common side effects include:")[0]
    assert (
        "risks"
        in default.classify(
            "Feeling detached from your surroundings",
            "Side effects\nDuring a session you may feel:",
        )[0]
    )
