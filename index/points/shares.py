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
    "twelve": 12,
    "twenty": 20,
    "fifty": 50,
    "hundred": 100,
    "thousand": 1000,
}
# A figure with thousands separators is one number: "1 in 10,000" is not one in ten.
_NUMBER = r"(\d{1,3}(?:,\d{3})+(?![\d,])|\d+|" + "|".join(_NUMBER_WORDS) + r")"
_PEOPLE = r"(?:people|persons?|patients?|participants?|adults|children|men|women|veterans)"
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
    rf"|(?P<part>{_NUMBER}) (?:{_PEOPLE} )?(?:in|out of) (?:a |every )?(?P<whole>{_NUMBER})\b"
    # "19 of the 29 people": a count of people out of those counted
    rf"|(?P<of_part>{_NUMBER}) of (?:the |those )?(?P<of_whole>{_NUMBER}) {_PEOPLE}\b"
    r"|(?P<word>" + "|".join(sorted(map(re.escape, _WORDS), key=len, reverse=True)) + r")\b)",
    re.IGNORECASE,
)


def _number(text: str) -> float:
    return float(_NUMBER_WORDS.get(text.lower(), 0) or text.replace(",", ""))


def shares_in(text: str) -> tuple[float, ...]:
    """Every share ``text`` gives, in percent, in order."""
    out: list[float] = []
    for m in _PATTERN.finditer(text):
        if m["percent"] is not None:
            value = float(m["percent"])
        elif m["part"] is not None or m["of_part"] is not None:
            part, whole = (
                (m["part"], m["whole"]) if m["part"] is not None else m.group("of_part", "of_whole")
            )
            if not _number(whole):
                continue
            value = 100 * _number(part) / _number(whole)
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
