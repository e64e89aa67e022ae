"""Which words negate what follows them: "not", "never", "without", "hasn't", "yet to"."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

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
