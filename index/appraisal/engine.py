"""The appraisal of one document: per item the sentences that answer it, what the document
leaves out, and its balance of benefit claims against risks and regulation."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from kread.index.appraisal.items import ItemDefinition, ItemSet, TreatmentGate
from kread.index.appraisal.models import (
    CUE_NAMES,
    Appraisal,
    AppraisalItem,
    Balance,
)
from kread.index.document import Document
from kread.index.engine.analysis import analysed_words
from kread.index.facets.context import SentenceContext, sentence_contexts
from kread.index.facets.query_compiler import Tokens
from kread.index.facets.tokens import Token
from kread.index.models import Sentence
from kread.index.workbook.models import ItemJudgement

__all__ = ["appraise_document", "document_balance"]

# The item whose absence, beside benefit claims, makes the balance's warning.
RISKS = "risks"


def appraise_document(
    doc: Document, items: ItemSet, ratings: Mapping[str, ItemJudgement] | None = None
) -> Appraisal:
    """``doc`` appraised item by item. kread finds evidence and never scores it: each
    item's ``score`` and ``note`` are the reader's, from ``ratings`` (by item name; the
    reader's store supplies them), else None and ""."""
    texts = [doc.text[s.start : s.end] for s in doc.sentences]
    contexts = sentence_contexts(doc.text, doc.paragraphs, doc.sentences)
    tokens = [_tokens(text, context, items) for text, context in zip(texts, contexts, strict=True)]
    ratings = ratings or {}
    about = items.gate is None or _passes(items.gate, doc.sentences, tokens)
    found_items = []
    for definition in items.items:
        applies = about or not definition.treatment
        listed = _listed(definition, doc.sentences, texts, tokens) if applies else set()
        evidence = tuple(
            i
            for i, sentence in enumerate(doc.sentences)
            if applies and _answers(definition, sentence, texts[i], tokens[i], i in listed)
        )
        metadata = _metadata(definition, doc) if applies else None
        rating = ratings.get(definition.name, ItemJudgement())
        found_items.append(
            AppraisalItem(
                name=definition.name,
                question=definition.question,
                source=definition.source,
                found=bool(evidence or metadata),
                evidence=evidence,
                metadata=metadata,
                missing=definition.missing,
                score=rating.score,
                note=rating.note,
                reader_found=rating.found,
                applies=applies,
            )
        )
    appraised = tuple(found_items)
    # no treatment, no balance of its benefits against its risks to warn about
    risks_found = _found(appraised, RISKS) if about else None
    return Appraisal(
        id=doc.id,
        title=doc.title,
        items=appraised,
        balance=_balance(doc, risks_found),
        cues=_cue_counts(doc),
        about_treatment=about,
    )


def _passes(gate: TreatmentGate, sentences: Sequence[Sentence], tokens: Sequence[Tokens]) -> bool:
    """Whether enough of the document's own sentences (not furniture, not headings) use
    the gate's general health words: a passing mention is not an article about health."""
    own = [t for s, t in zip(sentences, tokens, strict=True) if not s.boilerplate and not s.heading]
    plain = [gate.unambiguous is not None and gate.unambiguous(t) is not None for t in own]
    matched, stems = 0, set()
    for unambiguous, sentence in zip(plain, own, strict=True):
        hits = gate.query(sentence)
        if unambiguous or hits is not None:
            matched += 1
            stems.update(_terms(sentence, hits or ()))
    if matched < gate.sentences or matched < gate.share * len(own):
        return False
    if sum(plain) >= gate.unambiguous_sentences:
        return True
    # Without words only health care uses: many sentences, and several health words (a
    # manual's "side effects" and "special treatment" are two).
    return matched >= gate.share_alone * len(own) and len(stems) >= gate.words_alone


def _terms(tokens: Tokens, hits: Iterable[int]) -> set[str]:
    """The health terms a sentence's hits are: words in a row are one ("side effects")."""
    terms: list[list[Token]] = []
    for token in sorted((tokens.tokens[i] for i in hits), key=lambda token: token.pos):
        if terms and token.pos == terms[-1][-1].pos + 1:
            terms[-1].append(token)
        else:
            terms.append([token])
    return {" ".join(token.stem for token in term) for term in terms}


def document_balance(doc: Document, items: ItemSet) -> Balance:
    """``doc``'s balance as `appraise_document` gives it, at a fraction of the cost: of
    the items only ``risks`` is looked for, and only when the warning hangs on it."""
    definition = next((d for d in items.items if d.name == RISKS), None)
    if definition is None:
        return _balance(doc, None)
    if not any("benefits" in s.facets for s in _content(doc)):
        return _balance(doc, True)  # no benefit claimed: no warning, whatever the risks
    texts = [doc.text[s.start : s.end] for s in doc.sentences]
    contexts = sentence_contexts(doc.text, doc.paragraphs, doc.sentences)
    # Made as the risks are looked for, which stops at the first found; all of them first
    # when the gate must read every sentence.
    tokens: Iterable[Tokens] = (
        _tokens(text, context, items) for text, context in zip(texts, contexts, strict=True)
    )
    if definition.treatment and items.gate is not None:
        tokens = list(tokens)
        if not _passes(items.gate, doc.sentences, tokens):
            return _balance(doc, None)  # about no treatment: no risks to miss
    found = _metadata(definition, doc) is not None or any(
        _answers(definition, sentence, text, token)
        for sentence, text, token in zip(doc.sentences, texts, tokens, strict=True)
    )
    return _balance(doc, found)


def _tokens(text: str, context: SentenceContext, items: ItemSet) -> Tokens:
    words, every = analysed_words(text)
    return Tokens.of(words, items.prefixes, SentenceContext(text, 0, context.under), every)


def _found(items: tuple[AppraisalItem, ...], name: str) -> bool | None:
    """Whether the item ``name`` is answered (the reader's correction wins); None when the
    items have no such item."""
    return next((item.answered for item in items if item.name == name), None)


def _listed(
    definition: ItemDefinition,
    sentences: Sequence[Sentence],
    texts: Sequence[str],
    tokens: Sequence[Tokens],
) -> set[int]:
    """The sentences that follow a lead-in `listed_after` matches in the same paragraph
    and have the `listed` shape: the choices the lead-in announced."""
    if definition.listed_after is None:
        return set()
    found: set[int] = set()
    led = None  # the paragraph of the last lead-in
    for i, sentence in enumerate(sentences):
        if sentence.paragraph != led:
            led = None
        if led is not None and (definition.listed is None or definition.listed.search(texts[i])):
            found.add(i)
        if not sentence.heading and definition.listed_after(tokens[i]) is not None:
            led = sentence.paragraph
    return found


def _answers(
    definition: ItemDefinition,
    sentence: Sentence,
    text: str,
    tokens: Tokens,
    listed: bool = False,
) -> bool:
    if (sentence.boilerplate or sentence.heading) and not definition.furniture:
        return False
    candidate = (
        listed
        or any(f in sentence.facets for f in definition.facets)
        or any(c in sentence.cues for c in definition.cues)
        or (definition.query is not None and definition.query(tokens) is not None)
        or (definition.pattern is not None and definition.pattern.search(text) is not None)
    )
    if not candidate:
        return False
    if definition.require is not None and definition.require(tokens) is None:
        return False
    return definition.exclude is None or definition.exclude(tokens) is None


def _metadata(definition: ItemDefinition, doc: Document) -> str | None:
    if definition.metadata is None:
        return None
    value = getattr(doc, definition.metadata, "")
    return f"{definition.metadata}: {value}" if value else None


def _content(doc: Document) -> list[Sentence]:
    """The sentences that are the article's own: no page furniture, no headings."""
    return [s for s in doc.sentences if not s.boilerplate and not s.heading]


def _cue_counts(doc: Document) -> dict[str, int]:
    """Sentences per claim cue; empty when the index marked no cues at all (then zeros
    would claim that none was found)."""
    content = _content(doc)
    if not any(s.cues for s in doc.sentences):
        return {}
    return {cue: sum(cue in s.cues for s in content) for cue in CUE_NAMES}


def _balance(doc: Document, risks_found: bool | None) -> Balance:
    """The counts, and the warning when benefits are claimed and the ``risks`` item was
    not found (``risks_found`` None: the items ask no such question, so no warning)."""
    content = _content(doc)
    has_cues = any(s.cues for s in doc.sentences)
    benefits = [s for s in content if "benefits" in s.facets]
    warning = None
    if benefits and risks_found is False:
        absolute = sum("absolute" in s.cues for s in benefits)
        if absolute:
            warning = (
                f"It claims benefits in {len(benefits)} sentences, {absolute} of them "
                "stated as certain, and describes no risk or side effect."
            )
        else:
            warning = (
                f"It claims benefits in {len(benefits)} sentences and describes "
                "no risk or side effect."
            )
    return Balance(
        benefits=len(benefits),
        risks=sum("risks" in s.facets for s in content),
        regulation=sum("regulation" in s.facets for s in content),
        hedged=sum("hedged" in s.cues for s in content) if has_cues else None,
        absolute=sum("absolute" in s.cues for s in content) if has_cues else None,
        warning=warning,
    )
