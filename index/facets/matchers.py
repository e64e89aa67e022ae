"""The matchers of single query terms against a sentence's tokens: a word by a test,
a phrase (by stem, or by every word as written), a regular expression, and the edit
distance fuzzy terms are measured by."""

from __future__ import annotations

import re
from collections.abc import Callable

from kread.index.facets.tokens import Matcher, Token, Tokens


def edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance of ``a`` and ``b``, or ``limit + 1`` once it exceeds ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def token_matcher(test: Callable[[Token], bool]) -> Matcher:
    def match(ts: Tokens) -> frozenset[int] | None:
        hits = frozenset(i for i, tok in enumerate(ts.tokens) if test(tok))
        return hits or None

    return match


def phrase_matcher(words: list[str], slop: int) -> Matcher:
    slop = max(1, slop)

    def match(ts: Tokens) -> frozenset[int] | None:
        hits: set[int] = set()

        def extend(chain: list[int]) -> bool:
            if len(chain) == len(words):
                hits.update(chain)
                return True
            last = ts.tokens[chain[-1]].pos
            found = False
            for i in ts.by_stem.get(words[len(chain)], ()):
                if last < ts.tokens[i].pos <= last + slop and extend([*chain, i]):
                    found = True
            return found

        for first in ts.by_stem.get(words[0], ()):
            extend([first])
        return frozenset(hits) or None

    return match


def every_word_phrase_matcher(words: list[str], slop: int) -> Matcher:
    """A phrase matched against every word of the sentence, stop words included; its
    hits are the phrase's content words (a stop word has no token to mark)."""
    slop = max(1, slop)

    def match(ts: Tokens) -> frozenset[int] | None:
        hits: set[int] = set()
        found = False

        def extend(chain: list[int]) -> bool:
            nonlocal found
            if len(chain) == len(words):
                found = True
                hits.update(ts.every[j][2] for j in chain if ts.every[j][2] >= 0)
                return True
            last = ts.every[chain[-1]][1]
            extended = False
            for j in ts.by_word.get(words[len(chain)], ()):
                if last < ts.every[j][1] <= last + slop and extend([*chain, j]):
                    extended = True
            return extended

        for first in ts.by_word.get(words[0], ()):
            extend([first])
        return frozenset(hits) if found else None

    return match


def regex_matcher(pattern: re.Pattern[str]) -> Matcher:
    """A regex searched in the sentence's text; its hits are the tokens it overlaps."""

    def match(ts: Tokens) -> frozenset[int] | None:
        base = ts.text_start
        found = [(m.start() + base, m.end() + base) for m in pattern.finditer(ts.text)]
        if not found:
            return None
        return frozenset(
            i
            for i, tok in enumerate(ts.tokens)
            if any(tok.start < end and tok.end > start for start, end in found)
        )

    return match
