"""A sentence's words as the points engine reads them: every token (stop words kept,
so "not" and "hasn't" stay visible), its stem, and the aspects of the taxonomy it names.

Aspects are named queries under the taxonomy's facets (topics.yaml), each for one point
made in different words. An aspect whose quoted phrase holds a negation ("not
responded", "not suitable") takes that negation with it: stance does not see it again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from kread.index.engine.analysis import EveryWord, Word, analysed_words, text_analyzer
from kread.index.engine.negation import is_negation

if TYPE_CHECKING:
    from kread.index.facets.taxonomy import Taxonomy

__all__ = ["Concepts", "Token", "Wording", "concepts", "read", "tokens_of", "vocabulary_of"]

# A pattern element: ("=", stem) or ("*", lower-case prefix).
Element = tuple[str, str]
_QUOTED = re.compile(r'"([^"]+)"')
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


class Concepts:
    """The aspects of a taxonomy as the points engine reads them: which aspects a
    sentence names and where, which aspects oppose each other and which are polar.

    Aspects are matched by the taxonomy's own compiled queries; a quoted phrase of an
    aspect's query that holds a negation ("not responded") is also looked for here, so
    that the negation is taken with the aspect (see `Wording.consumed`)."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy
        self.names = taxonomy.aspect_names()
        self.polar = frozenset("~" + a.name for a in taxonomy.aspects if a.polar)
        self.subjects = frozenset("~" + a.name for a in taxonomy.aspects if a.subject)
        self.figures = frozenset(a.name for a in taxonomy.aspects if a.figures)
        self.opposites = {
            frozenset((a.name, a.opposes)) for a in taxonomy.aspects if a.opposes is not None
        }
        self._negating: dict[str, list[tuple[Element, ...]]] = {}
        for aspect in taxonomy.aspects:
            for phrase in _QUOTED.findall(aspect.query):
                tokens = tokens_of(phrase)
                if any(
                    is_negation(tokens, n) and t.word not in _SELF_NEGATING
                    for n, t in enumerate(tokens)
                ):
                    self._negating.setdefault(aspect.name, []).append(_compile(phrase))
        # A comparison reads the same sentences again and again: analysis is most of its cost.
        self.read = lru_cache(maxsize=100_000)(self._read)

    def find(
        self,
        text: str,
        tokens: tuple[Token, ...],
        analysed: tuple[list[Word], list[EveryWord]] | None = None,
    ) -> list[tuple[str, int, int]]:
        """(aspect, first token, one past the last) for each word of ``text`` (read as
        ``tokens``; ``analysed``: its `analysed_words`, when at hand) that matched an
        aspect, and for each of its negation phrases."""
        at = {t.start: n for n, t in enumerate(tokens)}
        found: list[tuple[str, int, int]] = []
        for name, spans in self.taxonomy.aspects_of(text, analysed):
            for start, _end in spans:
                n = at.get(start)
                if n is not None:
                    found.append((name, n, n + 1))
            for pattern in self._negating.get(name, ()):
                for n in range(len(tokens) - len(pattern) + 1):
                    if all(_matches(e, tokens[n + m]) for m, e in enumerate(pattern)):
                        found.append((name, n, n + len(pattern)))
        return found

    def _read(self, text: str) -> Wording:
        # One analysis of the text for its tokens and for the taxonomy's aspects.
        analysed = analysed_words(text)
        tokens = _tokens(text, analysed)
        found = _longest(self.find(text, tokens, analysed), tokens)
        consumed = frozenset(
            n
            for name, start, end in found
            if name in self._negating and end - start > 1
            for n in range(start, end)
            if is_negation(tokens, n) and tokens[n].word not in _SELF_NEGATING
        )
        return Wording(tokens, tuple(found), consumed)


def _longest(
    found: list[tuple[str, int, int]], tokens: tuple[Token, ...]
) -> list[tuple[str, int, int]]:
    """``found`` less the words an aspect matched in a shorter run than another aspect's
    phrase that holds them: "sustained relief ... beyond the immediate treatment" says how
    long relief lasts, not how soon it comes. The longest match wins, as a reader takes
    the phrase whole. Spans of several tokens (negation phrases) are kept as they are."""
    runs: dict[int, dict[str, int]] = {}  # token to each aspect's run length there
    by_name: dict[str, set[int]] = {}
    for name, start, end in found:
        by_name.setdefault(name, set()).update(range(start, end))
    if len(by_name) < 2:  # most sentences: nothing to overlap with
        return found
    for name, hits in by_name.items():
        run: list[int] = []
        for n in [*sorted(hits), None]:
            # The words of one run follow each other, with only stop words between.
            if n is not None and run and all(t.stopped for t in tokens[run[-1] + 1 : n]):
                run.append(n)
                continue
            for m in run:
                runs.setdefault(m, {})[name] = len(run)
            run = [] if n is None else [n]
    return [
        (name, start, end)
        for name, start, end in found
        if end - start > 1 or runs[start][name] >= max(runs[start].values())
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
    """The aspects of the taxonomy kread ships (``index/facets/topics.yaml``)."""
    from kread.index.facets.taxonomy import default_taxonomy_path, load_taxonomy

    return vocabulary_of(load_taxonomy(default_taxonomy_path()))


@lru_cache(maxsize=8)
def vocabulary_of(taxonomy: Taxonomy) -> Concepts:
    """The aspects of ``taxonomy`` as the points engine reads them (one per taxonomy)."""
    return Concepts(taxonomy)


def read(text: str, vocabulary: Concepts | None = None) -> Wording:
    """``text``'s tokens and the aspects they name (the shipped aspects when None)."""
    return (vocabulary or concepts()).read(text)


def _tokens(text: str, analysed: tuple[list[Word], list[EveryWord]]) -> tuple[Token, ...]:
    """`tokens_of` from ``text``'s `analysed_words`: the same analysis (stop words and
    one-letter words kept unstemmed, the others stemmed), so the same tokens."""
    kept, every = analysed
    content = {start for _stem, _word, _position, start, _end in kept}
    return tuple(
        Token(
            word,
            text[start:end].lower().replace("\u2019", "'"),
            start not in content,
            start,
            end,
        )
        for word, _position, start, end in every
    )


@lru_cache(maxsize=100_000)
def tokens_of(text: str) -> tuple[Token, ...]:
    """``text``'s tokens, stop words kept."""
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
