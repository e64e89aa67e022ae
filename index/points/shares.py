"""The shares of people a sentence gives ("54 percent", "about half", "one in three"),
as percentages, so that two sentences giving different figures can be told apart."""

from __future__ import annotations

import re

__all__ = ["AGREE", "agree", "shares_in"]

# Two figures this many percentage points apart or closer say the same ("about half"
# and "54 percent"); further apart they are different claims.
AGREE = 15.0

_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
_NUMBER = r"(\d+|" + "|".join(_NUMBER_WORDS) + r")"
_WORDS = {
    "half": 50.0,
    "a third": 100 / 3,
    "one third": 100 / 3,
    "a quarter": 25.0,
    "one quarter": 25.0,
    "two thirds": 200 / 3,
    "two-thirds": 200 / 3,
    "three quarters": 75.0,
    "three-quarters": 75.0,
}
_PATTERN = re.compile(
    r"\b(?:(?P<percent>\d+(?:\.\d+)?) ?(?:%|percent\b|per cent\b)"
    rf"|(?P<part>{_NUMBER}) (?:in|out of) (?P<whole>{_NUMBER})\b"
    r"|(?P<word>" + "|".join(sorted(map(re.escape, _WORDS), key=len, reverse=True)) + r")\b)",
    re.IGNORECASE,
)


def _number(text: str) -> float:
    return float(_NUMBER_WORDS.get(text.lower(), 0) or text)


def shares_in(text: str) -> tuple[float, ...]:
    """Every share ``text`` gives, in percent, in order."""
    out: list[float] = []
    for m in _PATTERN.finditer(text):
        if m["percent"] is not None:
            value = float(m["percent"])
        elif m["part"] is not None:
            whole = _number(m["whole"])
            if not whole:
                continue
            value = 100 * _number(m["part"]) / whole
        else:
            value = _WORDS[m["word"].lower()]
        if 0 <= value <= 100:
            out.append(value)
    return tuple(out)


def agree(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    """Whether two sentences' shares agree: either gives none, or some figure of one is
    within `AGREE` points of some figure of the other."""
    if not a or not b:
        return True
    return any(abs(x - y) <= AGREE for x in a for y in b)
