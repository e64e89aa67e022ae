"""A sentence's analysed tokens as a compiled facet query looks them up: by stem, by the
taxonomy's prefixes, every word as written (for phrases holding stop words), and what
the sentence stands under (for ``under:``); and what a compiled query is (`Matcher`)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field

from kread.index.engine.analysis import EveryWord, Word, analysed_words
from kread.index.engine.negation import negated_starts
from kread.index.facets.context import SentenceContext


@dataclass(frozen=True, slots=True)
class Token:
    """One analysed word of a sentence; offsets are into the text the words came from."""

    stem: str
    word: str  # the raw word, lower-cased
    pos: int
    start: int
    end: int


# Words a prefix table remembers: a corpus repeats its words, so most are looked up once.
_REMEMBERED_WORDS = 100_000


class PrefixTable:
    """The prefix* words of a taxonomy, and which of them each word starts with."""

    def __init__(self, prefixes: Collection[str]) -> None:
        self.prefixes = frozenset(prefixes)
        self._lengths = sorted({len(p) for p in self.prefixes})
        self._known: dict[str, tuple[str, ...]] = {}

    def of(self, word: str) -> tuple[str, ...]:
        found = self._known.get(word)
        if found is None:
            found = tuple(
                word[:n] for n in self._lengths if n <= len(word) and word[:n] in self.prefixes
            )
            if len(self._known) >= _REMEMBERED_WORDS:
                self._known.clear()
            self._known[word] = found
        return found


@dataclass(slots=True)
class Tokens:
    """A sentence's tokens, as a compiled query looks them up: by stem and by prefix."""

    tokens: list[Token]
    by_stem: dict[str, list[int]] = field(default_factory=dict)
    # The tokens whose raw word or stem starts with each prefix of the taxonomy.
    by_prefix: dict[str, set[int]] = field(default_factory=dict)
    # Every word, stop words included, as (text, position among every word, index of its
    # token in ``tokens`` or -1 for a stop word): what a phrase holding stop words reads.
    every: list[tuple[str, int, int]] = field(default_factory=list)
    by_word: dict[str, list[int]] = field(default_factory=dict)  # indexes into ``every``
    # The sentence's text as written, and where it starts in the offsets of the tokens:
    # what an r"regex" is searched in.
    text: str = ""
    text_start: int = 0
    # The sentence's text and what it is under, for negated:, affirmed: and under:.
    context: SentenceContext | None = None
    table: PrefixTable | None = None
    _negated: frozenset[int] | None = None
    _under: Tokens | None = None

    @classmethod
    def of(
        cls,
        words: list[Word],
        table: PrefixTable,
        context: SentenceContext | None = None,
        every: Iterable[EveryWord] = (),
    ) -> Tokens:
        """A sentence's tokens from its `analysed_words` (``every``: its every-word list;
        without it, phrases holding stop words match nothing) in its ``context`` (its text,
        where that starts, what it stands under; without it, r"regex", ``negated:`` and
        ``under:`` match nothing)."""
        tokens = [Token(*word) for word in words]
        by_stem: dict[str, list[int]] = {}
        by_prefix: dict[str, set[int]] = {}
        for i, tok in enumerate(tokens):
            by_stem.setdefault(tok.stem, []).append(i)
            for prefix in table.of(tok.word) + table.of(tok.stem):
                by_prefix.setdefault(prefix, set()).add(i)
        token_at = {tok.start: i for i, tok in enumerate(tokens)}
        every_word: list[tuple[str, int, int]] = []
        by_word: dict[str, list[int]] = {}
        for j, (word, place, start, _end) in enumerate(every):
            every_word.append((word, place, token_at.get(start, -1)))
            by_word.setdefault(word, []).append(j)
        text, text_start = (context.text, context.offset) if context is not None else ("", 0)
        return cls(
            tokens, by_stem, by_prefix, every_word, by_word, text, text_start, context, table
        )

    def negated(self) -> frozenset[int]:
        """The tokens a negation of the sentence denies (none without its text)."""
        if self._negated is None:
            found: frozenset[int] = frozenset()
            if self.context is not None and self.tokens:
                starts = negated_starts(self.context.text)
                offset = self.context.offset
                found = frozenset(
                    i for i, tok in enumerate(self.tokens) if tok.start - offset in starts
                )
            self._negated = found
        return self._negated

    def under(self) -> Tokens:
        """The tokens of what the sentence stands under (its heading, its list's lead-in)."""
        if self._under is None:
            under = self.context.under if self.context is not None else ""
            words, every = analysed_words(under) if under else ([], [])
            self._under = Tokens.of(words, self.table or PrefixTable(()), every=every)
        return self._under


# A compiled query: the indexes of the tokens that made it match (possibly
# none, for a NOT), or None when the sentence does not match.
Matcher = Callable[[Tokens], "frozenset[int] | None"]
