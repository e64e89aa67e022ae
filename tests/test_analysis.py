"""The quick tokenisers give exactly the tokens of the Whoosh analyzers the index uses: a
difference would make facets, comparisons and "did you mean" disagree with search."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.analysis import spelling_analyzer, spelling_words, stemmed_words, text_analyzer

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
