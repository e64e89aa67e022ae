"""The facet taxonomy: accuracy on labelled sentences, query semantics, user files and errors."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest

from kread.index.errors import KreadError, TaxonomyError
from kread.index.facets.taxonomy import (
    Taxonomy,
    UnknownFacet,
    default_taxonomy_path,
    load_taxonomy,
    user_taxonomy_path,
)

ROOT = Path(__file__).resolve().parent.parent


def _bench():
    """bench/facet_scores.py holds the one scoring function; load it as a module."""
    name = "facet_scores"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / "facet_scores.py")
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


@pytest.fixture(autouse=True)
def no_user_config(monkeypatch, tmp_path):
    """Never read the real user's topics.yaml."""
    monkeypatch.setattr(
        "kread.index.facets.taxonomy.user_taxonomy_path", lambda: tmp_path / "no-config.yaml"
    )


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return load_taxonomy(default_taxonomy_path())


def write(tmp_path: Path, text: str, name: str = "topics.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def spans_text(sentence: str, spans, facet: str | None = None) -> list[str]:
    return [sentence[a:b] for a, b, f in spans if facet is None or f == facet]


# --------------------------------------------------------------------------
# Accuracy
# --------------------------------------------------------------------------

# risk_wording is about many treatments (see the comment at the top of its file); voices
# was held back as heldout_3 before it was tuned on.
THRESHOLDS = {
    "bundled": 0.96,
    "unseen": 0.94,
    "varied": 0.93,
    "risk_wording": 0.90,
    "voices": 0.97,
    "probes": 0.94,
    "benefit_wording": 0.81,
}


@pytest.mark.parametrize("set_name", sorted(THRESHOLDS))
def test_macro_f1(taxonomy: Taxonomy, set_name: str) -> None:
    bench = _bench()
    sentences = bench.load_sets()[set_name]
    result = bench.score(taxonomy, sentences)
    print()
    print(bench.format_table(set_name, result, len(sentences)))
    assert result.macro_f1 >= THRESHOLDS[set_name]


def test_fixture_is_large_enough_and_uses_known_facets(taxonomy: Taxonomy) -> None:
    sets = _bench().load_sets()
    assert len(sets["bundled"]) >= 80
    assert len(sets["unseen"]) >= 80
    for items in sets.values():
        for name in taxonomy.names():
            assert any(name in item.facets for item in items), name
        assert any(not item.facets for item in items)
        for item in items:
            assert item.facets <= set(taxonomy.names()), item.text


def test_bundled_sentences_are_verbatim_from_the_seeds() -> None:
    seeds = " ".join(
        re.sub(r"\s+", " ", p.read_text(encoding="utf-8"))
        for p in sorted((ROOT / "seeds").glob("*.txt"))
    )
    for item in _bench().load_sets()["bundled"]:
        assert re.sub(r"\s+", " ", item.text) in seeds, item.text


# --------------------------------------------------------------------------
# The default taxonomy
# --------------------------------------------------------------------------


def test_default_facets(taxonomy: Taxonomy) -> None:
    assert taxonomy.names() == ("mechanism", "benefits", "risks", "regulation")
    assert [f.letter for f in taxonomy.facets] == ["M", "B", "R", "G"]
    from rich.color import Color

    for facet in taxonomy.facets:
        Color.parse(facet.colour)
        assert facet.label and facet.description and facet.query
    assert len({f.colour for f in taxonomy.facets}) == 4
    assert str(default_taxonomy_path()) in taxonomy.source
    assert re.fullmatch(r"[0-9a-f]{64}", taxonomy.fingerprint)


def test_load_none_is_the_default(taxonomy: Taxonomy) -> None:
    assert load_taxonomy().fingerprint == taxonomy.fingerprint


def test_classify_returns_facets_in_order_and_spans(taxonomy: Taxonomy) -> None:
    sentence = (
        "Ketamine blocks NMDA receptors, brings rapid relief, can raise blood pressure "
        "and is not FDA-approved for PTSD."
    )
    facets, spans = taxonomy.classify(sentence)
    assert facets == ("mechanism", "benefits", "risks", "regulation")
    assert spans == tuple(sorted(spans, key=lambda s: s[0]))
    assert spans_text(sentence, spans, "mechanism") == ["NMDA", "receptors"]
    assert spans_text(sentence, spans, "risks") == ["raise", "blood", "pressure"]
    assert "FDA" in spans_text(sentence, spans, "regulation")


def test_classify_nothing(taxonomy: Taxonomy) -> None:
    assert taxonomy.classify("") == ((), ())
    assert taxonomy.classify("PTSD can follow a car crash or an assault.") == ((), ())


def test_span_covers_exactly_the_word(taxonomy: Taxonomy) -> None:
    sentence = "It acts on (NMDA) receptors."
    _, spans = taxonomy.classify(sentence)
    start = sentence.index("NMDA")
    assert (start, start + 4, "mechanism") in spans


def test_risk_of_suicide_is_not_a_risk(taxonomy: Taxonomy) -> None:
    facets, _ = taxonomy.classify(
        "Ketamine may lower the risk of suicide in the days after treatment."
    )
    assert "risks" not in facets
    assert "risks" in taxonomy.classify("Ketamine carries a risk of bladder damage.")[0]


def test_comorbid_substance_abuse_is_not_a_risk(taxonomy: Taxonomy) -> None:
    facets, _ = taxonomy.classify("Many people with PTSD also struggle with substance abuse.")
    assert "risks" not in facets
    assert "risks" in taxonomy.classify("Ketamine has a potential for abuse and misuse.")[0]


# --------------------------------------------------------------------------
# Query semantics (small taxonomies written for the test)
# --------------------------------------------------------------------------


def one_facet(tmp_path: Path, query: str) -> Taxonomy:
    path = write(
        tmp_path,
        f"replace: true\nfacets:\n  - name: topic\n    colour: red\n    query: '{query}'\n",
    )
    return load_taxonomy(path)


def matches(tax: Taxonomy, sentence: str) -> bool:
    return bool(tax.classify(sentence)[0])


def test_phrase_needs_consecutive_words(tmp_path: Path) -> None:
    tax = one_facet(tmp_path, '"side effects"')
    sentence = "Common side effects include nausea."
    assert matches(tax, sentence)
    assert spans_text(sentence, tax.classify(sentence)[1]) == ["side", "effects"]
    assert not matches(tax, "The side of the box lists its effects.")
    assert not matches(tax, "The effects on one side.")


def test_phrase_slop(tmp_path: Path) -> None:
    tax = one_facet(tmp_path, '"reduce symptoms"~3')
    assert matches(tax, "It may reduce PTSD symptoms.")
    assert matches(tax, "It reduces the severity of symptoms.")  # stop words do not count
    assert not matches(tax, "Symptoms reduce.")  # order matters
    assert not matches(tax, "It reduces anxiety, sleep problems, anger and other symptoms.")


def test_a_phrase_keeps_its_stop_words(tmp_path: Path) -> None:
    tax = one_facet(tmp_path, '"research is needed"')
    assert matches(tax, "More research is needed.")
    assert not matches(tax, "Research needed on dosing.")


def test_stemming(tmp_path: Path) -> None:
    tax = one_facet(tmp_path, "infusion")
    sentence = "Six infusions were given."
    assert matches(tax, sentence)
    assert spans_text(sentence, tax.classify(sentence)[1]) == ["infusions"]
    assert not matches(tax, "An injection was given.")


def test_prefix_matches_the_raw_word(tmp_path: Path) -> None:
    tax = one_facet(tmp_path, "neuroplastic*")
    sentence = "Ketamine promotes neuroplasticity."
    assert spans_text(sentence, tax.classify(sentence)[1]) == ["neuroplasticity"]
    # Whoosh would stem the prefix "psychos*" to "psycho*"; facets take it as written.
    tax = one_facet(tmp_path, "psychos*")
    assert matches(tax, "A history of psychosis.")
    assert not matches(tax, "It is combined with psychotherapy.")


def test_prefixes_anywhere_in_a_query_match_words_and_stems(tmp_path: Path) -> None:
    long_prefix = "pneumonoultramicroscopicsilicovolcanoconi"  # longer than most words
    path = write(
        tmp_path,
        "replace: true\nfacets:\n"
        "  - name: brain\n    colour: red\n    query: 'neuro* OR (plastic* AND synap*)'\n"
        "  - name: plastic\n    colour: blue\n    query: 'neuroplastic* ANDNOT rodent*'\n"
        f"  - name: mood\n    colour: green\n    query: ['happi*', '{long_prefix}*']\n",
    )
    tax = load_taxonomy(path)
    sentence = "Neuroplasticity rises."
    assert tax.classify(sentence) == (("brain", "plastic"), ((0, 15, "brain"), (0, 15, "plastic")))
    sentence = "Plasticity of synapses in rodents, neuroplasticity too."
    assert spans_text(sentence, tax.classify(sentence)[1], "brain") == [
        "Plasticity",
        "synapses",
        "neuroplasticity",
    ]
    assert tax.classify(sentence)[0] == ("brain",)  # ANDNOT rodent*
    assert not matches(tax, "Plasticity alone.")
    # "happy" is stemmed "happi": the prefix matches the stem, not the word as written.
    assert spans_text("A happy patient.", tax.classify("A happy patient.")[1]) == ["happy"]
    word = long_prefix + "osis"
    assert spans_text(f"Not {word}.", tax.classify(f"Not {word}.")[1]) == [word]


def test_wildcard(tmp_path: Path) -> None:
    tax = one_facet(tmp_path, "synap?e*")
    assert matches(tax, "New synapses form.")
    assert not matches(tax, "Synaptic density rises.")


def test_fuzzy(tmp_path: Path) -> None:
    tax = one_facet(tmp_path, "ketamine~1")
    assert matches(tax, "Ketamin infusions.")
    assert matches(tax, "Ketamine infusions.")
    assert not matches(tax, "Esketamine infusions.")


def test_boolean_operators(tmp_path: Path) -> None:
    tax = one_facet(tmp_path, "risk* ANDNOT suicide")
    assert matches(tax, "There is a risk of dependence.")
    assert not matches(tax, "It may cut the risk of suicide.")
    tax = one_facet(tmp_path, "(nausea OR dizziness) AND infusion")
    assert matches(tax, "Dizziness during the infusion.")
    assert not matches(tax, "Dizziness is common.")
    sentence = "Dizziness during the infusion."
    assert spans_text(sentence, tax.classify(sentence)[1]) == ["Dizziness", "infusion"]
    tax = one_facet(tmp_path, "nausea AND NOT infusion")
    assert matches(tax, "Nausea is common.")
    assert not matches(tax, "Nausea during the infusion.")
    tax = one_facet(tmp_path, "nausea ANDMAYBE vomiting")
    sentence = "Nausea and vomiting."
    assert spans_text(sentence, tax.classify(sentence)[1]) == ["Nausea", "vomiting"]
    assert not matches(tax, "Vomiting.")


def test_hyphenated_word_is_a_phrase(tmp_path: Path) -> None:
    tax = one_facet(tmp_path, "off-label")
    assert matches(tax, "It is used off-label.")
    assert matches(tax, "It is used off label.")
    assert not matches(tax, "The label says so.")


def test_classify_is_pure_and_repeatable(taxonomy: Taxonomy) -> None:
    sentence = "Dissociation and nausea are common side effects."
    assert taxonomy.classify(sentence) == taxonomy.classify(sentence)


# --------------------------------------------------------------------------
# Names, letters, resolve, fingerprint
# --------------------------------------------------------------------------


def test_resolve(taxonomy: Taxonomy) -> None:
    assert taxonomy.resolve("R") == "risks"
    assert taxonomy.resolve("r") == "risks"
    assert taxonomy.resolve("risk") == "risks"
    assert taxonomy.resolve("reg") == "regulation"
    assert taxonomy.resolve("Mechanism") == "mechanism"
    assert taxonomy.resolve("G") == "regulation"
    with pytest.raises(UnknownFacet, match=r"unknown facet 'cost'; known: mechanism \(M\)"):
        taxonomy.resolve("cost")
    assert taxonomy.resolve("re") == "regulation"
    with pytest.raises(UnknownFacet, match="empty"):
        taxonomy.resolve("")


def test_resolve_ambiguous_prefix(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "facets:\n  - name: cost\n    query: price\n"
        "  - name: cortex\n    letter: X\n    query: cortex\n",
    )
    tax = load_taxonomy(path)
    with pytest.raises(UnknownFacet, match="'co' is ambiguous: cost, cortex"):
        tax.resolve("co")
    assert tax.resolve("cos") == "cost"


def test_get(taxonomy: Taxonomy) -> None:
    assert taxonomy.get("risks").letter == "R"
    with pytest.raises(UnknownFacet, match="unknown facet 'risk'; known: mechanism, benefits"):
        taxonomy.get("risk")
    with pytest.raises(ValueError):
        taxonomy.get("nope")
    with pytest.raises(KreadError):
        taxonomy.get("nope")


def test_fingerprint_follows_the_queries(tmp_path: Path) -> None:
    a = one_facet(tmp_path, "nausea")
    b = one_facet(tmp_path, "nausea")
    c = one_facet(tmp_path, "nausea vomiting")
    assert a.fingerprint == b.fingerprint != c.fingerprint
    recoloured = write(
        tmp_path,
        "replace: true\nfacets:\n  - name: topic\n    colour: blue\n    query: nausea\n",
        "recoloured.yaml",
    )
    assert load_taxonomy(recoloured).fingerprint == a.fingerprint  # colour is not indexed


# --------------------------------------------------------------------------
# User files
# --------------------------------------------------------------------------


def test_user_file_extends_the_default(tmp_path: Path, taxonomy: Taxonomy) -> None:
    path = write(
        tmp_path,
        """
facets:
  - name: risks
    colour: "#ff0000"
  - name: regulation
    query: 'fda OR dea'
  - name: cost
    label: Cost
    colour: magenta
    query: price* cost* insurance
""",
    )
    tax = load_taxonomy(path)
    assert tax.names() == ("mechanism", "benefits", "risks", "regulation", "cost")
    assert tax.get("risks").colour == "#ff0000"
    assert tax.get("risks").query == taxonomy.get("risks").query
    assert tax.get("regulation").query == "fda OR dea"
    assert tax.get("cost").letter == "C"
    assert "cost" in tax.classify("The price is high.")[0]
    assert str(path) in tax.source and str(default_taxonomy_path()) in tax.source
    assert tax.fingerprint != taxonomy.fingerprint


def test_user_file_replaces_the_default(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "replace: true\nfacets:\n  - name: cost\n    query: [price, 'cost*']\n",
    )
    tax = load_taxonomy(path)
    assert tax.names() == ("cost",)
    assert tax.get("cost").query == "(price) OR (cost*)"
    assert tax.get("cost").label == "Cost"
    assert tax.source == str(path)


def test_user_config_file_is_read_when_no_path_is_given(monkeypatch, tmp_path: Path) -> None:
    config = write(tmp_path, "facets:\n  - name: cost\n    query: price\n", "config.yaml")
    monkeypatch.setattr("kread.index.facets.taxonomy.user_taxonomy_path", lambda: config)
    assert load_taxonomy().names()[-1] == "cost"


def test_user_taxonomy_path_is_in_the_config_dir() -> None:
    assert user_taxonomy_path().name == "topics.yaml"


# --------------------------------------------------------------------------
# Errors: FILE:LINE: what; what to do
# --------------------------------------------------------------------------


def error_of(path: Path) -> str:
    with pytest.raises(TaxonomyError) as info:
        load_taxonomy(path)
    return str(info.value)


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.yaml"
    assert error_of(path) == f"{path}: no such file"


def test_invalid_yaml_names_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, "facets:\n  - name: a\n    query: [x\n  - name: b\n")
    message = error_of(path)
    assert message.startswith(f"{path}:")
    assert re.match(rf"{re.escape(str(path))}:\d+: invalid YAML", message)


def test_not_a_mapping(tmp_path: Path) -> None:
    assert error_of(write(tmp_path, "- a\n- b\n")).startswith(f"{tmp_path / 'topics.yaml'}:1: ")


def test_empty_file(tmp_path: Path) -> None:
    assert "empty" in error_of(write(tmp_path, "# nothing\n"))


def test_unknown_key_lists_the_allowed(tmp_path: Path) -> None:
    path = write(tmp_path, "facets:\n  - name: cost\n    query: price\n    color: red\n")
    message = error_of(path)
    assert message.startswith(f"{path}:4: unknown key 'color'")
    assert "name, label, letter, colour, description, query" in message
    top = write(tmp_path, "facet:\n  - name: cost\n", "top.yaml")
    assert error_of(top).startswith(f"{top}:1: unknown key 'facet'")


def test_bad_colour(tmp_path: Path) -> None:
    path = write(tmp_path, "facets:\n  - name: cost\n    query: price\n    colour: '#12345'\n")
    message = error_of(path)
    assert message.startswith(f"{path}:4: facet 'cost': colour '#12345' is not a colour")


def test_bad_query(tmp_path: Path) -> None:
    unbalanced = write(tmp_path, "facets:\n  - name: cost\n    query: '\"price'\n")
    assert error_of(unbalanced).startswith(f"{unbalanced}:3: facet 'cost': query does not parse")
    empty = write(tmp_path, "facets:\n  - name: cost\n    query: 'the of'\n", "empty.yaml")
    assert "empty" in error_of(empty)
    item = write(
        tmp_path,
        "facets:\n  - name: cost\n    query:\n      - price\n      - '(cost'\n",
        "item.yaml",
    )
    assert error_of(item).startswith(f"{item}:5: facet 'cost': query does not parse")


def test_a_comment_line_inside_a_quoted_query_is_refused_not_read_as_words(
    tmp_path: Path,
) -> None:
    # YAML folds the lines of a quoted value: "# ..." is no comment there, and its words
    # ("treatment", "worked") would quietly join the query.
    path = write(
        tmp_path,
        "facets:\n  - name: cost\n    query: 'price OR fee\n"
        "      # the treatment worked\n      OR tariff'\n",
    )
    message = error_of(path)
    assert message.startswith(f"{path}:3: facet 'cost': query does not parse: '#'")
    assert "move the comment above the query" in message
    # A '#' inside a phrase or a pattern is the user's own text.
    fine = write(
        tmp_path,
        'facets:\n  - name: cost\n    query: \'price OR "room #4" OR r"#\\d+"\'\n',
        "fine.yaml",
    )
    assert "cost" in load_taxonomy(fine).names()


def test_unsupported_query_construct(tmp_path: Path) -> None:
    path = write(tmp_path, "facets:\n  - name: cost\n    query: '[a TO z]'\n")
    assert error_of(path).startswith(f"{path}:3: facet 'cost': query uses a range")
    every = write(tmp_path, "facets:\n  - name: cost\n    query: '*'\n", "every.yaml")
    assert "which facets do not support" in error_of(every)


def test_query_that_matches_everything(tmp_path: Path) -> None:
    path = write(tmp_path, "facets:\n  - name: cost\n    query: 'price NOT cheap'\n")
    assert "would match every sentence" in error_of(path)


def test_missing_name_or_query(tmp_path: Path) -> None:
    no_name = write(tmp_path, "facets:\n  - query: price\n")
    assert error_of(no_name).startswith(f"{no_name}:2: a facet has no 'name'")
    no_query = write(tmp_path, "facets:\n  - name: cost\n", "noquery.yaml")
    assert error_of(no_query).startswith(f"{no_query}:2: facet 'cost' has no 'query'")


def test_duplicate_name(tmp_path: Path) -> None:
    path = write(
        tmp_path, "facets:\n  - name: cost\n    query: a1\n  - name: cost\n    query: b2\n"
    )
    assert error_of(path).startswith(f"{path}:4: facet 'cost' is defined twice (first at line 2)")


def test_duplicate_letter(tmp_path: Path) -> None:
    explicit = write(tmp_path, "facets:\n  - name: cost\n    letter: R\n    query: price\n")
    assert error_of(explicit).startswith(
        f"{explicit}:3: facet 'cost': letter 'R' is already used by facet 'risks'"
    )
    default = write(tmp_path, "facets:\n  - name: reviews\n    query: review\n", "default.yaml")
    message = error_of(default)
    assert "default letter 'R' is already used by facet 'risks'" in message
    assert "give it a 'letter:'" in message
    fixed = write(
        tmp_path, "facets:\n  - name: reviews\n    letter: V\n    query: review\n", "fixed.yaml"
    )
    assert load_taxonomy(fixed).resolve("v") == "reviews"


def test_bad_letter_and_name(tmp_path: Path) -> None:
    letter = write(tmp_path, "facets:\n  - name: cost\n    letter: CO\n    query: price\n")
    assert "must be one letter" in error_of(letter)
    name = write(tmp_path, "facets:\n  - name: Big Cost\n    query: price\n", "name.yaml")
    assert error_of(name).startswith(f"{name}:2: facet name 'Big Cost' is not valid")


def test_replace_must_be_boolean(tmp_path: Path) -> None:
    path = write(tmp_path, "replace: maybe\nfacets:\n  - name: cost\n    query: price\n")
    assert error_of(path).startswith(f"{path}:1: 'replace' must be true or false")


def test_only_safe_yaml(tmp_path: Path) -> None:
    path = write(tmp_path, "facets: !!python/object/apply:os.system ['echo hi']\n")
    assert error_of(path).startswith(f"{path}:1: ")
