"""A sentence's words as the points engine reads them: every token (stop words kept,
so "not" and "hasn't" stay visible), its stem, and the related-term concepts it names.

Concepts come from related.yaml beside this module: each is a set of words, prefix*
words and "phrases" (tokens in a row, stop words included) that make the same point in
different words. A concept whose phrase holds a negation ("not responded", "not
suitable") takes that negation with it: stance does not see it again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from kread.index.engine.analysis import text_analyzer
from kread.index.engine.negation import is_negation
from kread.index.reading import safe_yaml

__all__ = ["Concepts", "Token", "Wording", "concepts", "read"]

# A pattern element: ("=", stem) or ("*", lower-case prefix).
Element = tuple[str, str]
_PATTERN = re.compile(r'(-?)(?:"([^"]+)"|(\S+))')
_SHORTEST_PREFIX = 3
# Words that are negative by themselves: a concept naming them keeps their negation.
_SELF_NEGATING = frozenset({"off", "unapproved", "unlicensed", "unproven", "without"})


@dataclass(frozen=True)
class Token:
    stem: str
    word: str  # lower-cased as written, curly apostrophes straightened
    stopped: bool  # a stop word or a one-letter word: not a content term
    start: int  # offsets into the text given to `read`
    end: int


@dataclass(frozen=True)
class Wording:
    tokens: tuple[Token, ...]
    # (concept, first token, one past the last token) for every match.
    concepts: tuple[tuple[str, int, int], ...]
    # Token indexes a concept took with it (negations inside a concept's phrase).
    consumed: frozenset[int]


def tokens_of(text: str) -> tuple[Token, ...]:
    analyzer = text_analyzer()
    return tuple(
        Token(
            t.text,
            text[t.startchar : t.endchar].lower().replace("\u2019", "'"),
            t.stopped,
            t.startchar,
            t.endchar,
        )
        for t in analyzer(text, removestops=False, chars=True)
    )


class Concepts:
    """Compiled concept patterns, looked up by their first element."""

    def __init__(
        self,
        definitions: dict[str, str],
        opposites: list[list[str]],
        polar: list[str] = (),
    ) -> None:
        self.names = tuple(definitions)
        self.polar = frozenset("~" + name for name in polar)
        self.by_stem: dict[str, list[tuple[str, tuple[Element, ...]]]] = {}
        self.by_prefix: dict[str, list[tuple[str, tuple[Element, ...]]]] = {}
        self.opposites = {frozenset(pair) for pair in opposites if len(pair) == 2}
        for name, text in definitions.items():
            for minus, phrase, word in _PATTERN.findall(" ".join(text.split())):
                pattern = _compile(phrase or word)
                if not pattern:
                    continue
                kind, value = pattern[0]
                table = self.by_stem if kind == "=" else self.by_prefix
                # A -"phrase" is an exception: where it matches, the concept does not.
                table.setdefault(value, []).append(("-" + name if minus else name, pattern))

    def find(self, tokens: tuple[Token, ...]) -> list[tuple[str, int, int]]:
        found: list[tuple[str, int, int]] = []
        for n, token in enumerate(tokens):
            starts = list(self.by_stem.get(token.stem, ()))
            word = token.word
            for k in range(_SHORTEST_PREFIX, len(word) + 1):
                starts.extend(self.by_prefix.get(word[:k], ()))
            for name, pattern in starts:
                end = n + len(pattern)
                if end <= len(tokens) and all(
                    _matches(element, tokens[n + m]) for m, element in enumerate(pattern)
                ):
                    found.append((name, n, end))
        excepted = [(name[1:], start, end) for name, start, end in found if name[0] == "-"]
        return [
            (name, start, end)
            for name, start, end in found
            if name[0] != "-"
            and not any(e == name and s < end and start < t for e, s, t in excepted)
        ]


def _compile(text: str) -> tuple[Element, ...]:
    elements: list[Element] = []
    for part in text.lower().split():
        if part.endswith("*") and len(part) > _SHORTEST_PREFIX:
            elements.append(("*", part[:-1]))
        else:
            elements.extend(("=", t.stem) for t in tokens_of(part))
    return tuple(elements)


def _matches(element: Element, token: Token) -> bool:
    kind, value = element
    return token.stem == value if kind == "=" else token.word.startswith(value)


@cache
def concepts() -> Concepts:
    """The concepts shipped in related.yaml."""
    raw = resources.files("kread.index.points").joinpath("related.yaml").read_text("utf-8")
    data = safe_yaml.load(raw)
    return Concepts(data["concepts"], data.get("opposites") or [], data.get("polar") or [])


def read(text: str, vocabulary: Concepts | None = None) -> Wording:
    """``text``'s tokens and the concepts they name (the shipped concepts when None)."""
    if vocabulary is None:
        return _read_cached(text)
    return _read(text, vocabulary)


@lru_cache(maxsize=100_000)
def _read_cached(text: str) -> Wording:
    # A comparison reads the same sentences again and again: analysis is most of its cost.
    return _read(text, concepts())


def _read(text: str, vocabulary: Concepts) -> Wording:
    tokens = tokens_of(text)
    found = vocabulary.find(tokens)
    consumed = frozenset(
        n
        for _name, start, end in found
        for n in range(start, end)
        if is_negation(tokens, n) and tokens[n].word not in _SELF_NEGATING
    )
    return Wording(tokens, tuple(found), consumed)
