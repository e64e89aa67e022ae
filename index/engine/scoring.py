"""BM25F as Whoosh scores it, with each segment's field lengths read once.

Whoosh's scorer looks a document's field length up through four layers of calls for
every posting it scores: a sixth of a keystroke search's time at 10,000 documents.
Here a segment's lengths are read into a list the first time one of its fields is
scored, and kept while the segment lives (its lengths never change, whatever is
deleted); the length part of BM25 is then worked out once per document for the
index's current averages. The arithmetic is Whoosh's own, in the same order, so
scores are the same to the last bit.
"""

from __future__ import annotations

from typing import Any

from whoosh.codec.whoosh3 import LENGTHS_COLUMN
from whoosh.reading import IndexReader
from whoosh.scoring import BM25F, BM25FScorer
from whoosh.util.numeric import byte_to_length

# Segments whose lengths are kept: an index has a handful; old ones fall out.
SEGMENTS_KEPT = 32


class CachedBM25F(BM25F):
    """`BM25F` whose scorers read field lengths from a per-segment list."""

    def scorer(self, searcher: Any, fieldname: str, text: str, qf: int = 1) -> Any:
        scorer = super().scorer(searcher, fieldname, text, qf)
        reader = searcher.reader()
        # Collectors score segment by segment; a whole-index scorer is left as it was.
        if type(scorer) is not BM25FScorer or not reader.is_atomic():
            return scorer
        return _NormScorer(scorer, _norms(reader, fieldname, scorer))


class _NormScorer(BM25FScorer):
    """Scores as `BM25FScorer` does: ``idf * tf * (K1 + 1) / (tf + norm[doc])``."""

    def __init__(self, scorer: BM25FScorer, norms: list[float]) -> None:
        self.__dict__.update(scorer.__dict__)
        self._norms = norms
        self._k1_plus_1 = scorer.K1 + 1

    def score(self, matcher: Any) -> float:
        tf = matcher.weight()
        return self.idf * ((tf * self._k1_plus_1) / (tf + self._norms[matcher.id()]))


class _Segment:
    """A segment's field lengths and the norms last made from them, by field."""

    def __init__(self) -> None:
        self.lengths: dict[str, list[int]] = {}
        self.norms: dict[str, tuple[tuple[float, float, float], list[float]]] = {}


_SEGMENTS: dict[str, _Segment] = {}


def _norms(reader: IndexReader, fieldname: str, scorer: BM25FScorer) -> list[float]:
    """``K1 * ((1 - B) + B * length / average length)`` for each document of the
    segment ``reader``, as Whoosh's ``bm25`` computes it."""
    segment_id = reader.segment().segment_id()
    segment = _SEGMENTS.get(segment_id)
    if segment is None:
        if len(_SEGMENTS) >= SEGMENTS_KEPT:
            del _SEGMENTS[next(iter(_SEGMENTS))]  # the oldest
        segment = _SEGMENTS[segment_id] = _Segment()
    params = (scorer.B, scorer.K1, scorer.avgfl)  # the average changes with each commit
    made = segment.norms.get(fieldname)
    if made is not None and made[0] == params:
        return made[1]
    lengths = segment.lengths.get(fieldname)
    if lengths is None:
        lengths = segment.lengths[fieldname] = field_lengths(reader, fieldname)
    b, k1, average = params
    norms = [k1 * ((1 - b) + b * n / average) for n in lengths]
    segment.norms[fieldname] = (params, norms)
    return norms


def field_lengths(reader: IndexReader, fieldname: str) -> list[int]:
    """Each document's length of ``fieldname`` in the segment ``reader``; 0 for a
    document without the field (none of its postings asks for it).

    Read in one piece from the segment's column of length bytes where this version of
    Whoosh keeps one (a call per document cost 0.2 s of every `kread search` at 10,000
    articles), else asked document by document."""
    count = reader.doc_count_all()
    try:
        column = reader._perdoc._cached_reader(f"_{fieldname}_len", LENGTHS_COLUMN)
        if column is None:
            return [0] * count
        if column._fixedlen == 1:
            raw = column._dbfile.get(column._basepos, min(column._count, count))
            return [byte_to_length(b) if b else 0 for b in raw] + [0] * (count - len(raw))
    except AttributeError:
        pass
    length = reader.doc_field_length
    return [length(n, fieldname) or 0 for n in range(count)]
