"""The one text analyzer shared by the index, the facet queries and comparison."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from whoosh.analysis import (
    STOP_WORDS,
    Analyzer,
    LowercaseFilter,
    RegexTokenizer,
    StandardAnalyzer,
    StemFilter,
    StemmingAnalyzer,
    StopFilter,
    Token,
)
from whoosh.analysis.tokenizers import default_pattern
from whoosh.lang.porter import stem

# A word as `stemmed_words` gives it: (stem, word lower-cased as written, position, start, end).
Word = tuple[str, str, int, int, int]
# A word as `every_word_analyzer` gives it: (text, position, start, end); stop words kept.
EveryWord = tuple[str, int, int, int]


@cache
def text_analyzer() -> Analyzer:
    """English words, lower-cased, stop words and one-letter tokens dropped, Porter-stemmed."""
    return StemmingAnalyzer()


class EveryWordAnalyzer(Analyzer):
    """`text_analyzer` keeping its stop words and one-letter tokens, as written (only the
    other words stemmed), at their own positions: what phrases are matched against, so
    ``"not approved"`` needs its "not" and ``"hasn't"`` its "t"."""

    def __call__(self, value: str, **kwargs: object) -> Iterator[Token]:
        kwargs["removestops"] = False
        for token in _every_word_chain()(value, **kwargs):
            # Left unstemmed, but kept: Whoosh indexes and parses only unstopped tokens.
            token.stopped = False
            yield token

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self))


@cache
def every_word_analyzer() -> Analyzer:
    return EveryWordAnalyzer()


@cache
def _every_word_chain() -> Analyzer:
    # StemmingAnalyzer's own chain, but a kept stop word keeps its place: by default the
    # stop filter renumbers the other words as if the stop words were gone.
    return (
        RegexTokenizer(default_pattern)
        | LowercaseFilter()
        | StopFilter(STOP_WORDS, minsize=2, renumber=False)
        | StemFilter(stem, cachesize=50000)
    )


@cache
def spelling_analyzer() -> Analyzer:
    """Words as written (lower-cased, no stemming): what "did you mean" suggests from."""
    return StandardAnalyzer(stoplist=None)


def stemmed_words(text: str) -> list[Word]:
    """The words `text_analyzer` keeps in ``text``, with positions and offsets: one pass
    over a document serves its facets and its postings."""
    return analysed_words(text)[0]


def analysed_words(text: str) -> tuple[list[Word], list[EveryWord]]:
    """`stemmed_words` of ``text``, and every word of it (as `every_word_analyzer` gives
    it) with its position and offsets: one pass of the analysis for both."""
    kept: list[Word] = []
    every: list[EveryWord] = []
    position = None
    for t in _every_word_chain()(text, positions=True, chars=True, removestops=False):
        every.append((t.text, t.pos, t.startchar, t.endchar))
        if not t.stopped:
            # Numbered as text_analyzer's stop filter numbers the words it keeps.
            position = t.pos if position is None else position + 1
            word = text[t.startchar : t.endchar].lower()
            kept.append((t.text, word, position, t.startchar, t.endchar))
    return kept, every
