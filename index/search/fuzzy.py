"""Fuzzy words (``word~``) that keep their first letter and are expanded once per index reader."""

from __future__ import annotations

from collections.abc import Iterable
from weakref import WeakKeyDictionary

from whoosh.query import FuzzyTerm, Query
from whoosh.support.levenshtein import distance

# Fuzzy expansions remembered per index reader.
FUZZY_REMEMBERED = 256


class _FuzzyTerm(FuzzyTerm):
    """Whoosh's fuzzy term, with its words found once per index reader (the search and
    the snippets both ask) and words of the wrong length skipped before measuring."""

    _found: WeakKeyDictionary = WeakKeyDictionary()

    def _btexts(self, ixreader) -> tuple[str, ...]:
        known = self._found.setdefault(ixreader, {})
        key = (self.fieldname, self.text, self.maxdist, self.prefixlength)
        if key not in known:
            if len(known) >= FUZZY_REMEMBERED:
                known.clear()
            known[key] = tuple(self._within(ixreader))
        return known[key]

    def _within(self, ixreader) -> Iterable[str]:
        field, text, most = ixreader.schema[self.fieldname], self.text, self.maxdist
        for btext in ixreader.expand_prefix(self.fieldname, text[: self.prefixlength]):
            word = field.from_bytes(btext)
            if abs(len(word) - len(text)) <= most and distance(word, text, limit=most) <= most:
                yield word


def keep_first_letter(q: Query) -> Query:
    """A fuzzy word keeps its first letter (as "did you mean" does): most misspellings
    do, and it spares measuring the distance to every word of the index (at 10,000
    articles, ~2 s a query instead of ~0.1 s)."""
    if isinstance(q, FuzzyTerm):
        prefix = q.prefixlength or 1
        return _FuzzyTerm(q.fieldname, q.text, q.boost, q.maxdist, prefixlength=prefix)
    return q
