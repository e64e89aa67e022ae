"""Where a query matched in a document's text: the words it stands for and their offsets."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import NamedTuple

from whoosh.query import Phrase, Query, Term
from whoosh.searching import Searcher

from kread.index.engine.analysis import text_analyzer
from kread.index.search.parse import WORDS_FIELD, leaves_and_phrases

# A character of a word in the body analyzer's tokenizer (``[\w*]+(\.?[\w*]+)*``):
# where there is none between two words, they stand side by side.
_WORD_CHAR = re.compile(r"[\w*]")
# Fields whose phrases are marked in the body (``words`` holds the body's words too).
_PHRASE_FIELDS = ("body", WORDS_FIELD)
# Past this many wanted forms (a wildcard's), words are picked by their first letter.
_MANY_FORMS = 64
# Around each likely match, this much text is analysed; at most this many places are
# looked at.
WINDOW_CHARS = 150
WINDOWS = 4


class MatchRules(NamedTuple):
    """Which analysed words of a body count as matched for one hit. (Search's own values
    are named tuples: every search defines them at its start, and a frozen dataclass
    takes several times as long to create.)"""

    loose: frozenset[str]
    phrases: tuple[tuple[str, ...], ...]


def match_rules(query: Query, matched: Iterable[str]) -> MatchRules:
    matched = frozenset(matched)
    leaves = list(leaves_and_phrases(query))
    phrases = [p for p in leaves if isinstance(p, Phrase)]
    phrase_words = {w for p in phrases for w in p.words}
    plain_terms = {
        leaf.text for leaf in leaves if isinstance(leaf, Term) and leaf.fieldname == "body"
    }
    # A word that was only asked for inside a phrase is marked only where the phrase stands.
    loose = frozenset(w for w in matched if w not in phrase_words or w in plain_terms)
    ours = [p for p in phrases if p.fieldname in _PHRASE_FIELDS]
    strict = tuple(tuple(p.words) for p in ours if p.slop <= 1)
    loose_phrases = {w for p in ours if p.slop > 1 for w in p.words}
    return MatchRules(loose | (loose_phrases & matched), strict)


@lru_cache(maxsize=100_000)
def _index_form(word: str) -> str:
    """``word`` as the index turns it into a term (a stop word lower-cased, as the
    ``words`` field keeps it): the analyzer once per distinct word, instead of its
    filter chain per token."""
    token = next(iter(text_analyzer()(word, mode="index", removestops=False)), None)
    return token.text if token is not None else word.lower()


def _beginnings(rules: MatchRules) -> frozenset[str]:
    """How every word the query wants begins: its index form short of the last letter
    (stemming only changes a word's ending, by at most that letter besides what it cuts
    off), or its first letter when it is wanted in too many forms to list. A word that
    begins otherwise cannot match and is not analysed."""
    wanted = [w for w in rules.loose.union(*rules.phrases) if w]
    if len(wanted) > _MANY_FORMS:
        return frozenset(w[:1] for w in wanted)
    found = sorted({w[: max(1, len(w) - 1)] for w in wanted})
    # "infu" covers "infus": one of them is enough
    return frozenset(b for i, b in enumerate(found) if not any(b.startswith(a) for a in found[:i]))


@lru_cache(maxsize=256)
def _words_beginning(beginnings: frozenset[str]) -> re.Pattern[str]:
    """Lower-case text from each of ``beginnings`` to the end of the index tokenizer's
    word (``[\\w*]+(\\.?[\\w*]+)*``) it is in. A literal start lets the scan skip ahead
    (lookbehinds or IGNORECASE at every character made it twenty times slower); whether a
    word starts there is checked after (`_candidates`)."""
    return re.compile(rf"(?:{_any_of(beginnings)})[\w*]*(?:\.?[\w*]+)*")


@lru_cache(maxsize=256)
def _words_beginning_any_case(beginnings: frozenset[str]) -> re.Pattern[str]:
    """The words of `_words_beginning` in text that lower-casing would lengthen (a word
    starts where the character before is not part of a word, nor a dot that joins two
    parts of one)."""
    return re.compile(
        rf"(?<![\w*])(?<![\w*]\.)(?:{_any_of(beginnings)})[\w*]*(?:\.?[\w*]+)*", re.IGNORECASE
    )


def _any_of(beginnings: frozenset[str]) -> str:
    """A regex alternation of ``beginnings``, longest first."""
    return "|".join(re.escape(b) for b in sorted(beginnings, key=len, reverse=True))


def _candidates(text: str, beginnings: frozenset[str]) -> Iterator[tuple[str, int, int]]:
    """Each word of ``text`` that begins as a wanted word does, as (its index form, start,
    end)."""
    lowered = text.lower()
    if len(lowered) != len(text):
        # Offsets in the lowered text would be wrong, and a letter such as "İ" lowers to
        # two: only the first letter of a wanted word is asked for.
        initials = frozenset(b[:1] for b in beginnings)
        for m in _words_beginning_any_case(initials).finditer(text):
            yield _index_form(m.group()), m.start(), m.end()
        return
    for m in _words_beginning(beginnings).finditer(lowered):
        start = m.start()
        if start and (
            _WORD_CHAR.match(lowered, start - 1)
            or (lowered[start - 1] == "." and start > 1 and _WORD_CHAR.match(lowered, start - 2))
        ):
            continue  # inside a word
        yield _index_form(m.group()), start, m.end()


def matched_spans(text: str, rules: MatchRules) -> list[tuple[int, int]]:
    """The (start, end) of every word of ``text`` the query matched."""
    beginnings = _beginnings(rules)
    if not beginnings:
        return []
    if not rules.phrases:
        # Only words that can match are cut out of the text: most of a text is skipped.
        loose = rules.loose
        return [(start, end) for form, start, end in _candidates(text, beginnings) if form in loose]
    return _phrase_spans(text, rules, beginnings)


def _phrase_spans(
    text: str, rules: MatchRules, beginnings: frozenset[str]
) -> list[tuple[int, int]]:
    """The loose words and the phrases of ``rules`` in ``text``. Only words that can match
    are cut out; two of them stand side by side when no other word lies between them."""
    loose = rules.loose
    forms: list[str] = []
    spans: list[tuple[int, int]] = []
    # runs[i]: where the unbroken run of wanted words that ends at word i starts
    runs: list[int] = []
    for form, start, end in _candidates(text, beginnings):
        beside = bool(spans) and _WORD_CHAR.search(text, spans[-1][1], start) is None
        runs.append(runs[-1] if beside else len(spans))
        forms.append(form)
        spans.append((start, end))
    matched = [form in loose for form in forms]
    for phrase in rules.phrases:
        size = len(phrase)
        for i in range(len(forms) - size + 1):
            last = i + size - 1
            if runs[last] <= i and tuple(forms[i : last + 1]) == phrase:
                matched[i : last + 1] = [True] * size
    return [span for span, hit in zip(spans, matched, strict=True) if hit]


def matched_spans_near(text: str, words: Sequence[str], rules: MatchRules) -> list[tuple[int, int]]:
    """The matched words of the parts of ``text`` around the first places where a
    matched stem may stand (found by a quick scan for its first letters); of all of the
    text when the scan finds none."""
    stems = [w for w in words if len(w) > 1]
    if not stems:
        return matched_spans(text, rules)
    # A Porter stem, short of its last letter, starts the words it comes from.
    starts = sorted({re.escape(w[: max(2, len(w) - 1)]) for w in stems}, key=len, reverse=True)
    pattern = re.compile(r"\b(?:" + "|".join(starts) + ")", re.IGNORECASE)
    windows: list[list[int]] = []
    for found in pattern.finditer(text):
        start = max(0, found.start() - WINDOW_CHARS)
        end = min(len(text), found.start() + WINDOW_CHARS)
        while start > 0 and not text[start - 1].isspace():
            start -= 1  # whole words only
        while end < len(text) and not text[end].isspace():
            end += 1
        if windows and start <= windows[-1][1]:
            windows[-1][1] = end
        elif len(windows) == WINDOWS:
            break
        else:
            windows.append([start, end])
    spans = [
        (s + start, e + start)
        for start, end in windows
        for s, e in matched_spans(text[start:end], rules)
    ]
    return spans or matched_spans(text, rules)


def body_terms(searcher: Searcher, query: Query) -> list[str]:
    """Every word of the bodies the query stands for, prefixes and fuzzy terms expanded
    to the words of the index they match."""
    field = searcher.schema["body"]
    # Asked for by field: Whoosh's existing_terms reuses its ``fieldname`` argument.
    found = query.existing_terms(searcher.reader(), expand=True, fieldname="body")
    return sorted({field.from_bytes(term) for name, term in found if name == "body"})
