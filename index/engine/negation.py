"""Which words negate what follows them ("not", "never", "without", "hasn't", "yet to"),
and how far a negation reaches: shared by the facet queries (``negated:``) and by the
points engine's stance, so both read "has not been approved" alike."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, NamedTuple, Protocol

from whoosh.analysis import STOP_WORDS
from whoosh.analysis.tokenizers import default_pattern

__all__ = ["CLAUSE_BREAKS", "clause_breaks", "is_negation", "negated_starts", "scope"]

_NEGATIONS = frozenset(
    [
        "not",
        "no",
        "never",
        "none",
        "nor",
        "neither",
        "cannot",
        "without",
        "lack",
        "lacks",
        "lacking",
        "absence",
        "absent",
        "fail",
        "fails",
        "failed",
        "unapproved",
        "unlicensed",
        "unproven",
        "nobody",
        "nothing",
    ]
)
# "n't" is split off by the tokenizer: "hasn't" reads as "hasn" "t".
_CONTRACTED = frozenset(
    [
        "isn",
        "aren",
        "wasn",
        "weren",
        "hasn",
        "haven",
        "hadn",
        "doesn",
        "don",
        "didn",
        "won",
        "wouldn",
        "shouldn",
        "couldn",
        "can",
        "mustn",
    ]
)
# Words that turn a following negation into something else: "not only", "not just";
# and "not all", "not always": some do not, which limits a claim without denying it.
_NOT_NEGATING_NEXT = frozenset(
    ["only", "just", "merely", "necessarily", "all", "every", "everyone", "everybody", "always"]
)


def is_negation(tokens: Sequence[Any], n: int) -> bool:
    """Whether token ``n`` (a `wording.Token`) negates what follows it."""
    token = tokens[n]
    word = token.word
    if word == "t" and n and tokens[n - 1].word in _CONTRACTED:
        return True
    if word.endswith("n't"):  # "hasn't" kept whole by the tokenizer
        return True
    if word in ("off", "yet") and n + 1 < len(tokens):
        following = tokens[n + 1].word
        return (word, following) in {("off", "label"), ("yet", "to")}
    if word not in _NEGATIONS:
        return False
    following = tokens[n + 1].word if n + 1 < len(tokens) else ""
    return not (word == "not" and following in _NOT_NEGATING_NEXT)


# A clause ends at these: a negation's scope stops there.
CLAUSE_BREAKS = frozenset(["but", "while", "although", "though", "whereas", "however"])
_SCOPE = 8  # content words a negation reaches at most
_BREAKING_MARK = re.compile("[,;:.!?()\u2014\u2013]")


class _Token(Protocol):
    word: str
    stopped: bool
    start: int
    end: int


class _Word(NamedTuple):
    word: str
    stopped: bool  # a stop word or one letter: not a content word
    start: int
    end: int


def clause_breaks(text: str, tokens: Sequence[_Token]) -> list[bool]:
    """For each token, whether punctuation that ends a clause comes right before it."""
    breaks = [False] * len(tokens)
    search = _BREAKING_MARK.search
    for n in range(1, len(tokens)):
        breaks[n] = search(text, tokens[n - 1].end, tokens[n].start) is not None
    return breaks


def scope(tokens: Sequence[_Token], n: int, breaks: Sequence[bool], words: int = _SCOPE) -> range:
    """The tokens after negation ``n`` that it denies: up to the end of its clause, and
    at most ``words`` content words (eight unless told)."""
    reach = 0
    for m in range(n + 1, len(tokens)):
        if breaks[m] or tokens[m].word in CLAUSE_BREAKS:
            return range(n + 1, m)
        reach += not tokens[m].stopped
        if reach >= words:
            return range(n + 1, m + 1)
    return range(n + 1, len(tokens))


def negated_starts(text: str) -> frozenset[int]:
    """The offsets in ``text`` where the words a negation denies start (words as
    `analysis.text_analyzer` splits them, so the offsets are its tokens')."""
    tokens = [
        _Word(
            word := match.group().lower().replace("\u2019", "'"),
            len(word) < 2 or word in STOP_WORDS,
            match.start(),
            match.end(),
        )
        for match in default_pattern.finditer(text)
    ]
    breaks = clause_breaks(text, tokens)
    starts: set[int] = set()
    for n in range(len(tokens)):
        if is_negation(tokens, n):
            starts.update(tokens[m].start for m in scope(tokens, n, breaks))
    return frozenset(starts)
