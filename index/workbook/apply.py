"""The reader's work laid over a document as the index gives it: corrected facets and
cues on its sentences, their notes, facet counts recounted, and what no longer attaches."""

from __future__ import annotations

from collections.abc import Sequence

from kread.index.document import Document
from kread.index.models import Sentence
from kread.index.reading.sanitize import sanitize
from kread.index.workbook.anchors import attach_all
from kread.index.workbook.contents import SentenceWork
from kread.index.workbook.models import Correction, DetachedWork


def attached(doc: Document, works: Sequence[SentenceWork]) -> dict[int, list[SentenceWork]]:
    """The sentence (index) each piece of work attaches to; -1 for those that do not."""
    where: dict[int, list[SentenceWork]] = {}
    found = attach_all([w.anchor for w in works], doc.text, doc.sentences)
    for work, index in zip(works, found, strict=True):
        where.setdefault(-1 if index is None else index, []).append(work)
    return where


def apply(doc: Document, works: Sequence[SentenceWork], facet_order: Sequence[str]) -> Document:
    """``doc`` (as kread marked it) with the reader's ``works`` on it."""
    if not works:
        return doc
    where = attached(doc, works)
    sentences = list(doc.sentences)
    for index, on_it in where.items():
        if index >= 0:
            sentences[index] = corrected(sentences[index], on_it, facet_order)
    detached = tuple(
        DetachedWork(
            sanitize(w.anchor.text),
            w.anchor.start,
            w.anchor.end,
            sanitize(w.note),
            _correction(w) or None,
            w.quoted,
        )
        for w in where.get(-1, [])
    )
    counts = dict.fromkeys(doc.facet_counts, 0)
    cue_counts = dict.fromkeys(doc.cue_counts, 0)
    for sentence in sentences:
        for facet in sentence.facets:
            counts[facet] = counts.get(facet, 0) + 1
        for cue in sentence.cues:
            cue_counts[cue] = cue_counts.get(cue, 0) + 1
    return doc._replace(
        sentences=tuple(sentences),
        facet_counts=counts,
        cue_counts=cue_counts,
        detached=detached,
    )


def corrected(sentence: Sentence, works: Sequence[SentenceWork], order: Sequence[str]) -> Sentence:
    """A sentence with the reader's corrections and notes: what they took off goes, what
    they put on comes, in taxonomy order (facets unknown to it last)."""
    removed = {f for w in works for f in w.facets_removed}
    added = {f for w in works for f in w.facets_added} - removed
    facets = _ordered((set(sentence.facets) - removed) | added, order)
    cues_removed = {c for w in works for c in w.cues_removed}
    cues_added = {c for w in works for c in w.cues_added} - cues_removed
    cues = tuple(c for c in sentence.cues if c not in cues_removed) + tuple(
        sorted(cues_added - set(sentence.cues))
    )
    merged = SentenceWork(
        works[0].anchor,
        facets_added=sorted(added),
        facets_removed=sorted(removed),
        cues_added=sorted(cues_added),
        cues_removed=sorted(cues_removed),
    )
    correction = _correction(merged, sentence.facets, sentence.cues)
    note = sanitize("\n".join(w.note for w in works if w.note))
    spans = tuple(s for s in sentence.spans if s[2] in facets)
    quoted = any(w.quoted for w in works)
    return sentence._replace(
        facets=facets,
        cues=cues,
        spans=spans,
        correction=correction or None,
        note=note,
        quoted=quoted,
    )


def _correction(
    work: SentenceWork, facets: Sequence[str] | None = None, cues: Sequence[str] | None = None
) -> Correction:
    """What ``work`` changes of the marks kread put on (``facets``, ``cues``); for
    detached work (None: nothing to compare with), all it says."""
    detached = facets is None
    facets, cues = facets or (), cues or ()
    return Correction(
        facets_added=tuple(f for f in work.facets_added if f not in facets),
        facets_removed=tuple(f for f in work.facets_removed if detached or f in facets),
        cues_added=tuple(c for c in work.cues_added if c not in cues),
        cues_removed=tuple(c for c in work.cues_removed if detached or c in cues),
    )


def _ordered(names: set[str], order: Sequence[str]) -> tuple[str, ...]:
    known = [n for n in order if n in names]
    return tuple(known + sorted(names - set(known)))
