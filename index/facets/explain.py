"""Why a sentence carries each of its facets and cues: the alternatives of the query (the
entries of its ``query`` list) that match the sentence, each with the file and line it is
written on and the words it matched, so a reader can judge the mark.

Each alternative is compiled on its own, by the same compiler that classified the sentence,
and matched against the sentence's words analysed as the index analysed them.
"""

from __future__ import annotations

from functools import lru_cache

from kread.index.document import Document
from kread.index.engine.analysis import EveryWord, Word, analysed_words
from kread.index.explanations import FacetReason, MarkExplanation, QueryLine
from kread.index.facets.context import SentenceContext, sentence_contexts
from kread.index.facets.query_compiler import Matcher, PrefixTable, Tokens, compile_facet_query
from kread.index.facets.taxonomy import Taxonomy, default_taxonomy_path
from kread.index.facets.topics_file import Where

__all__ = ["explain_sentence"]

HEADING = "It is a heading: facets are marked on the sentences of the text, not on headings."
BOILERPLATE = (
    "It is page furniture (contact details, calls to action, repeated text): facets are "
    "not marked on it."
)
# A word cut by the end of the slice analysed would be another word: read a little past it.
_WORD_TAIL = 64


def explain_sentence(taxonomy: Taxonomy, doc: Document, index: int) -> MarkExplanation:
    """Why ``doc.sentences[index]`` carries each facet and cue it carries (in taxonomy
    order), with the lines of the taxonomy in force that match it; the marks the reader
    put on or took off are said to be theirs."""
    sentence = doc.sentences[index]
    unmarked = HEADING if sentence.heading else BOILERPLATE if sentence.boilerplate else None
    correction = sentence.correction
    added = set(correction.facets_added + correction.cues_added) if correction else set()
    removed = set(correction.facets_removed + correction.cues_removed) if correction else set()
    facets = [n for n in taxonomy.names() if n in sentence.facets or n in removed]
    # Cues are found in page furniture too (a call to action is promotional), never in headings.
    cues = [n for n in taxonomy.cue_names() if n in sentence.cues or n in removed]
    if unmarked is not None:
        facets = [n for n in facets if n in added or n in removed]
    if sentence.heading:
        cues = [n for n in cues if n in added or n in removed]
    reasons: list[FacetReason] = []
    cue_reasons: list[FacetReason] = []
    if facets or cues:
        words, every = _sentence_words(doc.text, sentence.start, sentence.end)
        # negated: and under: read the sentence's place in the document, as classifying did.
        context = sentence_contexts(doc.text, doc.paragraphs, doc.sentences)[index]
        for names, alternatives, kind, out in (
            (facets, taxonomy.alternatives, "facet", reasons),
            (cues, taxonomy.cue_alternatives, "cue", cue_reasons),
        ):
            for name in names:
                reason = _reason(name, alternatives(name), kind, words, every, context)
                who = "added" if name in added else "removed" if name in removed else None
                out.append(FacetReason(reason.facet, reason.lines, who))
    return MarkExplanation(
        doc_id=doc.id,
        sentence=index,
        start=sentence.start,
        end=sentence.end,
        facets=tuple(reasons),
        unmarked=unmarked,
        cues=tuple(cue_reasons),
    )


def _reason(
    name: str,
    alternatives: list[tuple[str, Where]],
    kind: str,
    words: list[Word],
    every: list[EveryWord],
    context: SentenceContext,
) -> FacetReason:
    compiled = _compiled(name, tuple(alternatives), kind)
    table = PrefixTable({p for *_rest, prefixes in compiled for p in prefixes})
    tokens = Tokens.of(words, table, context, every)
    bundled = str(default_taxonomy_path())
    lines: list[QueryLine] = []
    for text, where, matcher, _prefixes in compiled:
        hits = matcher(tokens)
        if hits is None:
            continue
        spans = tuple(sorted((tokens.tokens[i].start, tokens.tokens[i].end) for i in hits))
        own = where.source == bundled
        lines.append(QueryLine(text.strip(), where.source, where.line, own, spans))
    return FacetReason(name, tuple(lines))


@lru_cache(maxsize=64)
def _compiled(
    name: str, parts: tuple[tuple[str, Where], ...], kind: str
) -> tuple[tuple[str, Where, Matcher, frozenset[str]], ...]:
    """Each alternative compiled alone, with the prefix* words it looks tokens up by."""
    compiled = []
    for text, where in parts:
        prefixes: set[str] = set()
        matcher = compile_facet_query(name, [(text, where)], prefixes, kind=kind)
        compiled.append((text, where, matcher, frozenset(prefixes)))
    return tuple(compiled)


def _sentence_words(text: str, start: int, end: int) -> tuple[list[Word], list[EveryWord]]:
    """The words that start in ``text[start:end]``, as the index analysed them (offsets
    into ``text``), and every word (stop words too): what a sentence was classified by."""
    tail = end
    while tail < min(len(text), end + _WORD_TAIL) and text[tail].isalnum():
        tail += 1
    kept, every = analysed_words(text[start:tail])
    words = [(st, w, pos, start + a, start + b) for st, w, pos, a, b in kept if start + a < end]
    every_word = [(w, pos, start + a, start + b) for w, pos, a, b in every if start + a < end]
    return words, every_word
