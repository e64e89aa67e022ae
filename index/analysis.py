"""The one text analyzer shared by the index, the facet queries and comparison."""

from __future__ import annotations

from functools import cache

from whoosh.analysis import Analyzer, StandardAnalyzer, StemmingAnalyzer


@cache
def text_analyzer() -> Analyzer:
    """English words, lower-cased, stop words and one-letter tokens dropped, Porter-stemmed."""
    return StemmingAnalyzer()


@cache
def spelling_analyzer() -> Analyzer:
    """Words as written (lower-cased, no stemming): what "did you mean" suggests from."""
    return StandardAnalyzer(stoplist=None)
