"""The quick tokenisers, and the postings made ahead of the writer, give exactly what the
Whoosh analyzers and fields of the index give: a difference would make search, facets,
comparisons and "did you mean" disagree with one another."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.analysis import spelling_analyzer, spelling_words, stemmed_words, text_analyzer
from index.store import body_postings, docs_schema, spelling_postings

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


def whoosh_stemmed(text: str) -> list[tuple[str, str, int, int, int]]:
    return [
        (t.text, text[t.startchar : t.endchar].lower(), t.pos, t.startchar, t.endchar)
        for t in text_analyzer()(text, positions=True, chars=True)
    ]


def texts() -> list[str]:
    return TRICKY + [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.*"))]


@pytest.mark.parametrize("text", texts(), ids=lambda t: t[:20] or "empty")
def test_stemmed_words_are_the_index_analyzers_tokens(text: str) -> None:
    assert stemmed_words(text) == whoosh_stemmed(text)


@pytest.mark.parametrize("text", texts(), ids=lambda t: t[:20] or "empty")
def test_spelling_words_are_the_spelling_analyzers_tokens(text: str) -> None:
    assert spelling_words(text) == [t.text for t in spelling_analyzer()(text)]


@pytest.mark.parametrize("text", texts(), ids=lambda t: t[:20] or "empty")
def test_postings_made_ahead_are_what_the_fields_would_index(text: str) -> None:
    fields = docs_schema()
    made = list(body_postings(text).items())
    assert sorted(made) == sorted(fields["body"].index(text))
    words = " ".join(dict.fromkeys(t.text for t in spelling_analyzer()(f"Title\n{text}")))
    assert list(spelling_postings("Title", text).items()) == list(fields["spell"].index(words))
