"""Search as you type: the word being typed widened to the commonest words it starts."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection
from itertools import islice

from whoosh.query import And, NullQuery, Or, Query, Term
from whoosh.searching import Searcher

from kread.index.search.parse import SEARCH_FIELDS, ParsedQuery, QueryReader

# The word being typed is completed from this many letters on, to this many of the
# commonest words of the index that start with it.
COMPLETE_FROM = 3
COMPLETIONS = 8
# At a keystroke the body's long posting lists are the cost: its two commonest words.
KEYSTROKE_BODY_COMPLETIONS = 2
# Completions are picked among this many words of the term list, in order.
COMPLETION_CANDIDATES = 200

_TYPED_WORD = re.compile(r"(?:^|\s)([^\W_]+)$")


def with_completions(
    searcher: Searcher,
    reader: QueryReader,
    parsed: ParsedQuery,
    keystroke: bool,
    facets: Collection[str] | None = None,
) -> Query:
    """The query with its last word, if it is a plain word being typed, widened to
    ``word OR completion1 OR ...``: the words of the term lists of titles and bodies
    that start with it, commonest first (at a ``keystroke``, fewer of the bodies')."""
    typed = _TYPED_WORD.search(parsed.text)
    if typed is None or len(typed.group(1)) < COMPLETE_FROM:
        return parsed.query
    head = parsed.text[: typed.start(1)].rstrip()
    *rest, operator = head.split() or [""]
    if (
        head.endswith(":")
        or head.count('"') % 2
        or head.count("(") != head.count(")")
        or operator in ("NOT", "ANDNOT", "ANDMAYBE")
    ):
        return parsed.query  # a field's value, inside a phrase or group, after NOT: as written
    combine = Or if operator == "OR" else And
    if operator in ("AND", "OR"):
        head = " ".join(rest)
    word = typed.group(1).lower()
    completions: list[Query] = []
    for field in SEARCH_FIELDS:
        wanted = KEYSTROKE_BODY_COMPLETIONS if keystroke and field == "body" else COMPLETIONS
        completions += [Term(field, t) for t in _commonest(searcher, field, word, wanted)]
    if not completions:
        return parsed.query
    head_query = reader.parse(head, facets).query if head else NullQuery
    widened = Or([reader.parse(typed.group(1)).query, *completions])
    if head_query is NullQuery:
        return widened.normalize()
    return combine([head_query, widened]).normalize()


def _commonest(searcher: Searcher, field: str, prefix: str, wanted: int) -> list[str]:
    """The ``wanted`` words of ``field`` that start with ``prefix`` and most documents
    use, among the first `COMPLETION_CANDIDATES` of each segment's term list."""
    frequency: Counter[str] = Counter()
    # Each segment's term list read in order gives every term's document count as it
    # goes; asking the whole index term by term costs a lookup per segment per term.
    for segment, _offset in searcher.reader().leaf_readers():
        if field not in segment.indexed_field_names():
            continue
        terms = segment.iter_prefix(field, prefix)
        for text, info in islice(terms, COMPLETION_CANDIDATES):
            frequency[text.decode()] += info.doc_frequency()
    return [term for term, _count in frequency.most_common(wanted)]
