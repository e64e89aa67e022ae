"""The one text analyzer shared by the index, the facet queries and comparison."""

from __future__ import annotations

from functools import cache, lru_cache

from whoosh.analysis import STOP_WORDS, Analyzer, StandardAnalyzer, StemmingAnalyzer
from whoosh.analysis.tokenizers import default_pattern
from whoosh.lang.porter import stem

# What `text_analyzer` drops, and how it finds and stems words, for `stemmed_words`.
_STOPS = frozenset(STOP_WORDS)
_WORD = default_pattern
_stem = lru_cache(maxsize=50_000)(stem)


@cache
def text_analyzer() -> Analyzer:
    """English words, lower-cased, stop words and one-letter tokens dropped, Porter-stemmed."""
    return StemmingAnalyzer()


@cache
def spelling_analyzer() -> Analyzer:
    """Words as written (lower-cased, no stemming): what "did you mean" suggests from."""
    return StandardAnalyzer(stoplist=None)


def stemmed_words(text: str) -> list[tuple[str, str, int, int, int]]:
    """``(stem, word, position, start, end)`` of each word `text_analyzer` keeps, the word
    lower-cased as written; the same tokens it gives with positions and chars, made a few
    times faster (classifying sentences and indexing them tokenise every sentence).

    A stop word is not counted in positions, except before the first word kept: the
    first keeps its place among all words (as Whoosh's StopFilter numbers them)."""
    words = []
    position = -1
    for index, match in enumerate(_WORD.finditer(text)):
        word = match.group().lower()
        if len(word) < 2 or word in _STOPS:
            continue
        position = index if position < 0 else position + 1
        words.append((_stem(word), word, position, match.start(), match.end()))
    return words


def spelling_words(text: str) -> list[str]:
    """The words `spelling_analyzer` gives for ``text``, in order."""
    return [match.group().lower() for match in _WORD.finditer(text)]
