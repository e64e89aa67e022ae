"""The one text analyzer shared by the index, the facet queries and comparison."""

from __future__ import annotations

from functools import cache

from whoosh.analysis import Analyzer, StandardAnalyzer, StemmingAnalyzer

# A word as `stemmed_words` gives it: (stem, word lower-cased as written, position, start, end).
Word = tuple[str, str, int, int, int]


@cache
def text_analyzer() -> Analyzer:
    """English words, lower-cased, stop words and one-letter tokens dropped, Porter-stemmed."""
    return StemmingAnalyzer()


@cache
def spelling_analyzer() -> Analyzer:
    """Words as written (lower-cased, no stemming): what "did you mean" suggests from."""
    return StandardAnalyzer(stoplist=None)


def stemmed_words(text: str) -> list[Word]:
    """The words `text_analyzer` keeps in ``text``, with positions and offsets: one pass
    over a document serves its facets and its postings."""
    return [
        (t.text, text[t.startchar : t.endchar].lower(), t.pos, t.startchar, t.endchar)
        for t in text_analyzer()(text, positions=True, chars=True)
    ]
