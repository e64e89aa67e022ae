"""What a document's preparation makes of its text is what the index's own analysis gives:
a difference would make search, facets and comparisons disagree with one another."""

from __future__ import annotations

from pathlib import Path

import pytest
from whoosh.analysis import STOP_WORDS

from kread.index.engine import build
from kread.index.engine.analysis import (
    analysed_words,
    every_word_analyzer,
    spelling_analyzer,
    stemmed_words,
    text_analyzer,
)
from kread.index.engine.schema import (
    body_postings,
    docs_schema,
    spelling_postings,
    word_postings,
)
from kread.index.facets.context import sentence_contexts
from kread.index.facets.taxonomy import load_taxonomy
from kread.index.reading import corpus

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

TRICKY = [
    "",
    "a",
    "The the THE and of",  # nothing but stop words
    "It is a test of it: the first kept word keeps its place.",
    "e.g. U.S.A. 3.14 v2.0 file.txt ...dots.. end.",
    "Wildcards* stay*in tokens, like *this* and th*at.",
    "Unicode: naïve café Ärzte İstanbul ß straße ǅemal ﬁnance ΣΊΣΥΦΟΣ 東京 ١٢٣",
    "Tabs\tand\nnew lines\r\nand    spaces; happy happiness ponies running",
    "x" * 5000 + " y",
]


def texts() -> list[str]:
    return TRICKY + [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.*"))]


@pytest.mark.parametrize("text", texts(), ids=lambda t: t[:20] or "empty")
def test_postings_made_ahead_are_what_the_fields_would_index(text: str) -> None:
    fields = docs_schema()
    made = list(body_postings(stemmed_words(text)).items())
    assert sorted(made) == sorted(fields["body"].index(text))
    assert stemmed_words(text) == [
        (t.text, text[t.startchar : t.endchar].lower(), t.pos, t.startchar, t.endchar)
        for t in text_analyzer()(text, positions=True, chars=True)
    ]
    words = " ".join(dict.fromkeys(t.text for t in spelling_analyzer()(f"Title\n{text}")))
    assert list(spelling_postings("Title", text).items()) == list(fields["spell"].index(words))


@pytest.mark.parametrize("text", texts(), ids=lambda t: t[:20] or "empty")
def test_every_word_keeps_the_body_stems_and_adds_the_stop_words_in_place(text: str) -> None:
    every = [
        (t.text, text[t.startchar : t.endchar].lower())
        for t in every_word_analyzer()(text, chars=True)
    ]
    kept = [stem for stem, word in every if len(word) > 1 and word not in STOP_WORDS]
    assert kept == [w[0] for w in stemmed_words(text)]  # the body's stems, in order
    assert all(stem == word for stem, word in every if word in STOP_WORDS)  # as written
    # The words field of a document without a title holds the text's words as its own
    # analysis gives them (the text's positions start after the title's gap).
    every_word = analysed_words(text)[1]
    made = {term: frequency for term, frequency, _w, _v in word_postings("", every_word).items()}
    indexed = {term: frequency for term, frequency, _w, _v in docs_schema()["words"].index(text)}
    assert made == indexed


def test_a_documents_facets_are_those_of_each_sentence_on_its_own() -> None:
    """Preparing a document analyses its text once and shares the words out to its
    sentences; each sentence gets the facets and marks it gets when classified alone."""
    taxonomy = load_taxonomy(None)
    files, _ = corpus.scan(SEEDS)
    catalog = corpus.load_catalog(SEEDS)
    marked = 0
    for file in files:
        parsed = corpus.read_document(file, catalog)
        doc = build.classified(parsed, "digest", (0, 0, ""), taxonomy).document
        contexts = sentence_contexts(parsed.text, parsed.paragraphs, parsed.sentences)
        for sentence, context in zip(doc.sentences, contexts, strict=True):
            if sentence.boilerplate or sentence.heading:
                assert sentence.facets == () and sentence.spans == ()
                continue
            # On its own, but under its heading and list lead-in (for `under:`).
            facets, spans = taxonomy.classify(context.text, context.under)
            assert sentence.facets == facets
            assert sentence.spans == tuple(
                (sentence.start + a, sentence.start + b, f) for a, b, f in spans
            )
            marked += bool(spans)
    assert marked > 100
