"""The facet taxonomy: an ordered set of facets and of claim cues, each a named query, and
which of them a sentence carries; and the aspects named under facets (one query each for
a point made in different words), which the points engine reads.

Aspects are not in the `fingerprint`: they feed no stored index, only points, which are
worked out when asked for, so a changed aspect needs no re-index.

How a query matches a sentence is `query_compiler`'s; how a topics file is read, with the
line of every value, is `topics_file`'s.

The default taxonomy is ``index/facets/topics.yaml``. A user file (``--topics FILE`` or
``topics.yaml`` in kread's user config directory) extends it: an entry with the
name of a default facet overrides the keys it gives, a new name appends a facet; its
``cues:`` list does the same to the cues. With ``replace: true`` at its top level the file
replaces the default facets instead, and the default cues too when it has a ``cues:`` list.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path

from kread.index.engine.analysis import EveryWord, Word, analysed_words
from kread.index.errors import KreadError
from kread.index.facets import parsed_queries
from kread.index.facets.colours import terminal_colour
from kread.index.facets.models import Aspect, Cue
from kread.index.facets.query_compiler import (
    MATCH_RULES_VERSION,
    Matcher,
    PrefixTable,
    SentenceContext,
    Tokens,
    compile_facet_query,
)
from kread.index.facets.topics_file import AspectEntry, Entry, Where, read_topics
from kread.index.models import Facet

__all__ = [
    "Taxonomy",
    "UnknownFacet",
    "default_taxonomy_path",
    "load_taxonomy",
    "user_taxonomy_path",
]

# Colours for facets that do not give one (readable on dark and light terminals).
_SPARE_COLOURS = ("#af87ff", "#5fd7d7", "#ff87d7", "#d7af5f", "#87d787", "#8787ff")
# Glyphs for cues that do not give one: never a letter or digit, so never a facet's mark.
_SPARE_GLYPHS = ("◆", "▲", "●", "■", "★", "✚", "◇", "△", "○", "□")

Span = tuple[int, int, str]


class UnknownFacet(KreadError, ValueError):
    """A facet name, prefix or letter that names no facet, or more than one."""


def default_taxonomy_path() -> Path:
    """The taxonomy shipped with kread: ``index/facets/topics.yaml``."""
    return Path(__file__).with_name("topics.yaml")


def user_taxonomy_path() -> Path:
    """Where a user's own taxonomy is read from when no ``--topics`` file is given."""
    from kread.index import locations

    return locations.user_topics_file()


class Taxonomy:
    """An ordered set of facets, each with its compiled query."""

    __slots__ = (
        "_aspect_matchers",
        "_aspect_prefixes",
        "_aspect_queries",
        "_by_name",
        "_cue_matchers",
        "_cue_queries",
        "_matchers",
        "_prefixes",
        "_queries",
        "aspects",
        "cues",
        "facets",
        "fingerprint",
        "source",
    )

    facets: tuple[Facet, ...]
    cues: tuple[Cue, ...]
    aspects: tuple[Aspect, ...]
    source: str
    fingerprint: str

    def __init__(
        self,
        facets: Iterable[tuple[Facet, list[tuple[str, Where]]]],
        source: str,
        cues: Iterable[tuple[Cue, list[tuple[str, Where]]]] = (),
        aspects: Iterable[tuple[Aspect, list[tuple[str, Where]]]] = (),
    ) -> None:
        pairs = list(facets)
        cue_pairs = list(cues)
        aspect_pairs = list(aspects)
        self.facets = tuple(f for f, _ in pairs)
        self.cues = tuple(c for c, _ in cue_pairs)
        self.aspects = tuple(a for a, _ in aspect_pairs)
        self._aspect_queries = tuple((a.name, parts) for a, parts in aspect_pairs)
        self._aspect_matchers: tuple[tuple[str, Matcher], ...] | None = None
        self._aspect_prefixes = PrefixTable(())
        # Queries are compiled on first use: opening the reader needs only names and colours.
        self._queries = tuple((f.name, parts) for f, parts in pairs)
        self._cue_queries = tuple((c.name, parts) for c, parts in cue_pairs)
        self._matchers: tuple[tuple[str, Matcher], ...] | None = None
        self._cue_matchers: tuple[tuple[str, Matcher], ...] = ()
        self._prefixes = PrefixTable(())
        self._by_name = {f.name: f for f in self.facets}
        self.source = source
        definitions = {
            "rules": MATCH_RULES_VERSION,
            "facets": [[f.name, f.query] for f in self.facets],
            "cues": [[c.name, c.query] for c in self.cues],
        }
        blob = json.dumps(definitions, ensure_ascii=False, separators=(",", ":"))
        self.fingerprint = hashlib.sha256(blob.encode("utf-8")).hexdigest()

    def __repr__(self) -> str:
        return f"Taxonomy({', '.join(self.names())} from {self.source})"

    def __len__(self) -> int:
        return len(self.facets)

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def names(self) -> tuple[str, ...]:
        """The facet names, in taxonomy order."""
        return tuple(f.name for f in self.facets)

    def get(self, name: str) -> Facet:
        """The facet called ``name``; :class:`UnknownFacet` when there is none."""
        facet = self._by_name.get(name)
        if facet is None:
            raise UnknownFacet(f"unknown facet {name!r}; known: {', '.join(self.names())}")
        return facet

    def resolve(self, name_or_prefix_or_letter: str) -> str:
        """The canonical name for a name, label, letter or unique name prefix (any case)."""
        wanted = name_or_prefix_or_letter.strip().lower()
        known = ", ".join(f"{f.name} ({f.letter})" for f in self.facets)
        if not wanted:
            raise UnknownFacet(f"empty facet name; known: {known}")
        for facet in self.facets:
            if wanted in (facet.name, facet.label.lower()):
                return facet.name
        if len(wanted) == 1:
            for facet in self.facets:
                if facet.letter.lower() == wanted:
                    return facet.name
        matches = [f.name for f in self.facets if f.name.startswith(wanted)]
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise UnknownFacet(
                f"facet {name_or_prefix_or_letter!r} is ambiguous: {', '.join(matches)}; "
                "type more of the name"
            )
        raise UnknownFacet(f"unknown facet {name_or_prefix_or_letter!r}; known: {known}")

    def alternatives(self, name: str) -> list[tuple[str, Where]]:
        """The entries of a facet's ``query`` (its alternatives), each with where it is
        written: what `explain` reports a mark with."""
        self.get(name)
        return next(list(parts) for n, parts in self._queries if n == name)

    def cue_alternatives(self, name: str) -> list[tuple[str, Where]]:
        """The entries of a cue's ``query``, each with where it is written."""
        found = next((list(parts) for n, parts in self._cue_queries if n == name), None)
        if found is None:
            raise KreadError(f"no cue {name!r}; the cues are {', '.join(self.cue_names())}")
        return found

    def check(self) -> None:
        """Compile every facet, cue and aspect query now; :class:`TaxonomyError` names the
        file and line."""
        self._compiled()
        self._compiled_aspects()

    def aspect_names(self) -> tuple[str, ...]:
        """The aspect names, in taxonomy order (facet by facet)."""
        return tuple(a.name for a in self.aspects)

    def aspects_of(
        self, text: str, analysed: tuple[list[Word], list[EveryWord]] | None = None
    ) -> tuple[tuple[str, tuple[tuple[int, int], ...]], ...]:
        """The aspects a sentence carries, in taxonomy order, each with the offsets
        (start, end) into ``text`` of the words that matched it. ``analysed``: the
        sentence's `analysed_words`, when the caller has them already."""
        matchers = self._compiled_aspects()
        if not matchers:
            return ()
        words, every = analysed if analysed is not None else analysed_words(text)
        tokens = Tokens.of(words, self._aspect_prefixes, SentenceContext(text, 0, ""), every)
        found = []
        for name, matcher in matchers:
            hits = matcher(tokens)
            if hits is not None:
                spans = sorted((tokens.tokens[i].start, tokens.tokens[i].end) for i in hits)
                found.append((name, tuple(spans)))
        return tuple(found)

    def _compiled_aspects(self) -> tuple[tuple[str, Matcher], ...]:
        if self._aspect_matchers is None:
            # A table of their own: the facets' prefixes would only slow aspects down.
            prefixes: set[str] = set()
            matchers = tuple(
                (name, compile_facet_query(name, parts, prefixes, kind="aspect"))
                for name, parts in self._aspect_queries
            )
            self._aspect_prefixes = PrefixTable(prefixes)
            self._aspect_matchers = matchers
            parsed_queries.save()
        return self._aspect_matchers

    def cue_names(self) -> tuple[str, ...]:
        """The cue names, in taxonomy order."""
        return tuple(c.name for c in self.cues)

    def _compiled(self) -> tuple[tuple[str, Matcher], ...]:
        if self._matchers is None:
            prefixes: set[str] = set()
            matchers = tuple(
                (name, compile_facet_query(name, parts, prefixes)) for name, parts in self._queries
            )
            self._cue_matchers = tuple(
                (name, compile_facet_query(name, parts, prefixes, kind="cue"))
                for name, parts in self._cue_queries
            )
            self._prefixes = PrefixTable(prefixes)
            self._matchers = matchers
            parsed_queries.save()
        return self._matchers

    def classify(self, sentence: str, under: str = "") -> tuple[tuple[str, ...], tuple[Span, ...]]:
        """The facets a sentence carries, in taxonomy order, and the matched words;
        ``under``: the heading (and list lead-in) it stands under, for ``under:``.

        Spans are ``(start, end, facet)`` offsets into ``sentence``, one per
        matched word, sorted by position and then taxonomy order.
        """
        return self.classify_words(*analysed_words(sentence), SentenceContext(sentence, 0, under))

    def classify_words(
        self,
        words: list[Word],
        every: Iterable[EveryWord] = (),
        context: SentenceContext | None = None,
    ) -> tuple[tuple[str, ...], tuple[Span, ...]]:
        """`classify` for a sentence's `analysed_words` (made from a whole document, their
        offsets are the document's, and so are the spans'), in its context (without one,
        ``negated:``, ``under:`` and r"regex" match nothing)."""
        return self._marks(self._compiled(), Tokens.of(words, self._prefixes, context, every))

    def cues_of(self, sentence: str, under: str = "") -> tuple[tuple[str, ...], tuple[Span, ...]]:
        """The cues a sentence carries, in taxonomy order, and the matched words (as
        `classify` gives facets)."""
        words, every = analysed_words(sentence)
        return self.classify_sentence(words, every, SentenceContext(sentence, 0, under))[2:]

    def classify_sentence(
        self, words: list[Word], every: Iterable[EveryWord], context: SentenceContext
    ) -> tuple[tuple[str, ...], tuple[Span, ...], tuple[str, ...], tuple[Span, ...]]:
        """A sentence's facets and their words, and its cues and theirs, from its
        `analysed_words` in its ``context`` (its text, where that starts, what it is under)."""
        facet_matchers = self._compiled()
        tokens = Tokens.of(words, self._prefixes, context, every)
        return (
            *self._marks(facet_matchers, tokens),
            *self._marks(self._cue_matchers, tokens),
        )

    @staticmethod
    def _marks(
        matchers: tuple[tuple[str, Matcher], ...], tokens: Tokens
    ) -> tuple[tuple[str, ...], tuple[Span, ...]]:
        found: list[str] = []
        spans: list[tuple[int, int, int, str]] = []
        for order, (name, matcher) in enumerate(matchers):
            hits = matcher(tokens)
            if hits is None:
                continue
            found.append(name)
            for i in hits:
                tok = tokens.tokens[i]
                spans.append((tok.start, order, tok.end, name))
        spans.sort()
        return tuple(found), tuple((start, end, name) for start, _o, end, name in spans)


def _joined_query(parts: list[tuple[str, Where]]) -> str:
    """A facet's query as one string: its alternatives ORed together."""
    texts = [t.strip() for t, _ in parts]
    return texts[0] if len(texts) == 1 else " OR ".join(f"({t})" for t in texts)


def _merge(base: list[Entry], extra: Iterable[Entry]) -> list[Entry]:
    merged = {e.name: Entry(e.name, e.where, dict(e.values)) for e in base}
    for entry in extra:
        if entry.name in merged:
            values = merged[entry.name].values
            own = dict(entry.values)
            if "aspects" in own and "aspects" in values:
                # Aspects merge by name: a file adds or replaces some, it need not repeat all.
                aspects = {a.name: a for a in values["aspects"][0]}
                aspects.update({a.name: a for a in own["aspects"][0]})
                own["aspects"] = (list(aspects.values()), own["aspects"][1])
            values.update(own)
        else:
            merged[entry.name] = entry
    return list(merged.values())


def _aspects(entries: list[Entry]) -> list[tuple[Aspect, list[tuple[str, Where]]]]:
    """Every facet's aspects, facet by facet. Names are one namespace across facets: the
    points engine reads every aspect in every sentence, whatever facets it carries."""
    owner: dict[str, tuple[str, AspectEntry]] = {}
    dropped: set[str] = set()
    for entry in entries:
        for aspect in entry.values.get("aspects", ([], None))[0]:
            if aspect.query is None:
                dropped.add(aspect.name)  # by the file that names it without a query
                continue
            if aspect.name in owner:
                facet, first = owner[aspect.name]
                raise aspect.where.error(
                    f"aspect '{aspect.name}' is already an aspect of facet '{facet}' "
                    f"({first.where.source}:{first.where.line}); give this one another name"
                )
            owner[aspect.name] = (entry.name, aspect)
    out = []
    for name, (facet, aspect) in owner.items():
        opposes = None
        if aspect.opposes is not None and aspect.opposes[0] not in dropped - set(owner):
            # An aspect a user dropped opposes nothing any more; a misspelt name is an error.
            opposes, where = aspect.opposes
            if opposes not in owner or opposes == name:
                raise where.error(
                    f"aspect '{name}': 'opposes' names {opposes!r}, which is not another "
                    "aspect; name one defined under any facet"
                )
        query = _joined_query(aspect.query or [])
        made = Aspect(name, facet, query, opposes, aspect.polar, aspect.subject, aspect.figures)
        out.append((made, aspect.query or []))
    return out


def _build(entries: list[Entry], source: str, cue_entries: Iterable[Entry] = ()) -> Taxonomy:
    letters: dict[str, str] = {}
    pairs: list[tuple[Facet, list[tuple[str, Where]]]] = []
    spare = iter(_SPARE_COLOURS * (len(entries) // len(_SPARE_COLOURS) + 1))
    # Explicit letters first, so a default letter never takes one given explicitly.
    for entry in entries:
        if "letter" in entry.values:
            letter, where = entry.values["letter"]
            if len(letter) != 1 or not letter.isalnum():
                raise where.error(
                    f"facet '{entry.name}': letter {letter!r} must be one letter or digit"
                )
            if letter.lower() in letters:
                raise where.error(
                    f"facet '{entry.name}': letter '{letter}' is already used by facet "
                    f"'{letters[letter.lower()]}'; choose another"
                )
            letters[letter.lower()] = entry.name
    for entry in entries:
        values = {k: v for k, (v, _w) in entry.values.items()}
        if "query" not in entry.values:
            raise entry.where.error(
                f"facet '{entry.name}' has no 'query'; give the words that mark it"
            )
        query_text = _joined_query(values["query"])
        if "letter" in values:
            letter = values["letter"]
        else:
            letter = entry.name[0].upper()
            if letter.lower() in letters:
                raise entry.where.error(
                    f"facet '{entry.name}': its default letter '{letter}' is already used by "
                    f"facet '{letters[letter.lower()]}'; give it a 'letter:'"
                )
            letters[letter.lower()] = entry.name
        colour = values.get("colour") or next(spare)
        if "colour" in entry.values:
            colour = _drawn_colour(entry.name, colour, entry.values["colour"][1])
        facet = Facet(
            name=entry.name,
            label=values.get("label") or entry.name.replace("_", " ").capitalize(),
            letter=letter,
            colour=colour,
            description=" ".join(values.get("description", "").split()),
            query=query_text,
        )
        pairs.append((facet, values["query"]))
    return Taxonomy(pairs, source, _cues(cue_entries), _aspects(entries))


def _cues(entries: Iterable[Entry]) -> list[tuple[Cue, list[tuple[str, Where]]]]:
    entries = list(entries)
    glyphs: dict[str, str] = {}
    for entry in entries:
        if "glyph" in entry.values:
            glyph, where = entry.values["glyph"]
            if len(glyph) != 1 or glyph.isalnum() or glyph.isspace():
                raise where.error(
                    f"cue '{entry.name}': glyph {glyph!r} must be one character that is not "
                    "a letter, a digit or a space (those mark facets); e.g. '?' or '!'"
                )
            if glyph in glyphs:
                raise where.error(
                    f"cue '{entry.name}': glyph '{glyph}' is already used by cue "
                    f"'{glyphs[glyph]}'; choose another"
                )
            glyphs[glyph] = entry.name
    spare = (g for g in _SPARE_GLYPHS if g not in glyphs)
    colours = iter(_SPARE_COLOURS[::-1] * (len(entries) // len(_SPARE_COLOURS) + 1))
    cues: list[tuple[Cue, list[tuple[str, Where]]]] = []
    for entry in entries:
        values = {k: v for k, (v, _w) in entry.values.items()}
        if "query" not in entry.values:
            raise entry.where.error(
                f"cue '{entry.name}' has no 'query'; give the words that mark it"
            )
        glyph = values.get("glyph") or next(spare, "*")
        colour = values.get("colour") or next(colours)
        if "colour" in entry.values:
            colour = _drawn_colour(entry.name, colour, entry.values["colour"][1], "cue")
        cue = Cue(
            name=entry.name,
            label=values.get("label") or entry.name.replace("_", " ").capitalize(),
            glyph=glyph,
            colour=colour,
            description=" ".join(values.get("description", "").split()),
            query=_joined_query(values["query"]),
        )
        cues.append((cue, values["query"]))
    return cues


def _drawn_colour(name: str, colour: str, where: Where, kind: str = "facet") -> str:
    drawn = terminal_colour(colour)
    if drawn is None:
        raise where.error(
            f"{kind} '{name}': colour {colour!r} is not a colour; use a name like 'red' "
            "or a hex value like '#5fafff'"
        )
    return drawn


def load_taxonomy(path: Path | str | None = None, check: bool = True) -> Taxonomy:
    """Read and validate a taxonomy.

    ``None``: the default (``index/facets/topics.yaml``), extended by the user's
    ``topics.yaml`` in kread's config directory when there is one. A ``path``
    extends the default the same way, or replaces it when the file says
    ``replace: true``. Any problem raises :class:`TaxonomyError` as
    ``FILE:LINE: what is wrong; what to do``. With ``check=False`` the facet
    queries are only compiled (and their errors raised) when first used.
    """
    taxonomy = _load(path)
    if check:
        taxonomy.check()
    return taxonomy


def _load(path: Path | str | None) -> Taxonomy:
    default = default_taxonomy_path()
    extra: Path | None
    if path is None:
        candidate = user_taxonomy_path()
        extra = candidate if candidate.is_file() else None
    else:
        extra = Path(path).expanduser()
        if extra.exists() and default.exists() and extra.resolve() == default.resolve():
            extra = None
    if extra is None:
        base = read_topics(default)
        return _build(base.facets, str(default), base.cues or [])
    own = read_topics(extra)
    if own.replace and own.cues is not None:
        return _build(own.facets, str(extra), own.cues)
    base = read_topics(default) if default.exists() else None
    base_cues = base.cues or [] if base else []
    cues = _merge(base_cues, own.cues or [])
    if own.replace:
        return _build(own.facets, str(extra), cues)
    base_facets = base.facets if base else []
    return _build(_merge(base_facets, own.facets), f"{default} + {extra}", cues)
