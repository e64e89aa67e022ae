"""The appraisal items as data: ``items.yaml`` read, checked and compiled into matchers.

Queries are compiled by the facet query compiler, so an item's query means what the same
words mean in a facet of ``topics.yaml`` or in `kread search`.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from kread.index.errors import KreadError
from kread.index.facets import parsed_queries
from kread.index.facets.query_compiler import Matcher, PrefixTable, compile_facet_query
from kread.index.facets.topics_file import Where
from kread.index.models import ITEM_NAMES
from kread.index.reading import safe_yaml

__all__ = [
    "ITEM_NAMES",
    "ItemDefinition",
    "ItemSet",
    "ItemsError",
    "TreatmentGate",
    "default_items",
    "load_items",
]

_KEYS = (
    "name",
    "question",
    "source",
    "missing",
    "facets",
    "cues",
    "query",
    "pattern",
    "listed_after",
    "listed",
    "metadata",
    "require",
    "exclude",
    "furniture",
    "treatment",
)
_GATE_KEYS = (
    "query",
    "sentences",
    "share",
    "share_alone",
    "words_alone",
    "unambiguous",
    "unambiguous_sentences",
)
_METADATA_FIELDS = ("date", "author", "source", "place", "title")


class ItemsError(KreadError):
    """An items file that cannot be used; the message names the file and the item."""


@dataclass(frozen=True)
class ItemDefinition:
    """What one item asks and how its evidence is found (see ``items.yaml``)."""

    name: str
    question: str
    source: str
    missing: str = ""
    facets: tuple[str, ...] = ()
    cues: tuple[str, ...] = ()
    query: Matcher | None = None
    pattern: re.Pattern[str] | None = None
    # a sentence after one `listed_after` matches, in its paragraph, that has the shape of
    # `listed` (any shape when None): the choices a lead-in like "There are three main
    # choices." goes on to name, each in its own sentence
    listed_after: Matcher | None = None
    listed: re.Pattern[str] | None = None
    metadata: str | None = None
    require: Matcher | None = None
    exclude: Matcher | None = None
    furniture: bool = False
    treatment: bool = False  # asks about a treatment: applies only past the treatment gate


@dataclass(frozen=True)
class TreatmentGate:
    """When a document is about a health intervention at all (``treatment_gate`` in
    ``items.yaml``): at least ``sentences`` of its own sentences, and at least ``share``
    of them, match ``query`` or ``unambiguous``, and at least ``unambiguous_sentences``
    match ``unambiguous``: words other prose does not use (a manual has "side effects"
    and "special treatment", not "patients"). A document where at least ``share_alone``
    of the sentences use health words passes without them: when in doubt the items
    apply, since hiding an article's risks is worse than finding some in a metaphor."""

    query: Matcher
    sentences: int
    share: float
    unambiguous: Matcher | None = None
    unambiguous_sentences: int = 0
    share_alone: float = 1.0
    words_alone: int = 1


@dataclass(frozen=True)
class ItemSet:
    items: tuple[ItemDefinition, ...]
    prefixes: PrefixTable  # the prefix* words of every query, for `Tokens.of`
    source: str
    fingerprint: str = ""  # of the file's text: what an index built with it depends on
    gate: TreatmentGate | None = None  # None: every item applies to every document


def default_items_path() -> Path:
    return Path(__file__).with_name("items.yaml")


@cache
def default_items() -> ItemSet:
    """The items kread ships, read once per process."""
    return load_items(default_items_path())


def _strings(value: object, where: str, key: str) -> list[str]:
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not values or not all(isinstance(v, str) for v in values):
        raise ItemsError(f"{where}: '{key}' must be a string or a list of strings")
    return values


def load_items(path: Path | str) -> ItemSet:
    """Read and compile an items file; `ItemsError` names the file and item at fault."""
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
        data = safe_yaml.load(raw)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        first = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise ItemsError(f"{path}: cannot be read ({first}); fix or restore it") from None
    entries = data.get("items") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise ItemsError(f"{path}: needs a list under 'items:'")
    prefixes: set[str] = set()
    items: list[ItemDefinition] = []
    for n, entry in enumerate(entries, 1):
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            raise ItemsError(f"{path}: item {n} must be a mapping with a 'name'")
        items.append(_definition(path, entry, prefixes))
    names = [i.name for i in items]
    if len(set(names)) != len(names):
        twice = next(name for name in names if names.count(name) > 1)
        raise ItemsError(f"{path}: item '{twice}' is given twice; keep one")
    gate = _gate(path, data.get("treatment_gate"), prefixes)
    parsed_queries.save()
    fingerprint = hashlib.sha256(raw.encode("utf-8")).hexdigest()
    return ItemSet(tuple(items), PrefixTable(prefixes), str(path), fingerprint, gate)


def _gate(path: Path, entry: object, prefixes: set[str]) -> TreatmentGate | None:
    if entry is None:
        return None
    where = f"{path}: treatment_gate"
    if not isinstance(entry, dict) or "query" not in entry:
        raise ItemsError(f"{where}: must be a mapping with a 'query'")
    unknown = sorted(set(entry) - set(_GATE_KEYS))
    if unknown:
        raise ItemsError(f"{where}: unknown key '{unknown[0]}'; allowed: {', '.join(_GATE_KEYS)}")
    sentences, share = entry.get("sentences", 1), entry.get("share", 0)
    unambiguous_sentences = entry.get("unambiguous_sentences", 1 if "unambiguous" in entry else 0)
    words_alone = entry.get("words_alone", 1)
    for key, value, least in (
        ("sentences", sentences, 1),
        ("unambiguous_sentences", unambiguous_sentences, 0),
        ("words_alone", words_alone, 1),
    ):
        if not isinstance(value, int) or isinstance(value, bool) or value < least:
            raise ItemsError(f"{where}: '{key}' must be a whole number of at least {least}")
    share_alone = entry.get("share_alone", 1)
    for key, value in (("share", share), ("share_alone", share_alone)):
        if not isinstance(value, (int, float)) or isinstance(value, bool) or not 0 <= value <= 1:
            raise ItemsError(f"{where}: '{key}' must be a number from 0 to 1")

    def matcher(key: str) -> Matcher | None:
        return _matcher(path, entry, key, "treatment_gate", where, prefixes)

    query = matcher("query")
    assert query is not None  # checked above
    return TreatmentGate(
        query,
        sentences,
        float(share),
        matcher("unambiguous"),
        unambiguous_sentences,
        float(share_alone),
        words_alone,
    )


def _matcher(
    path: Path, entry: dict, key: str, owner: str, where: str, prefixes: set[str]
) -> Matcher | None:
    """``entry[key]``'s query compiled (None when absent); an error names ``where``."""
    if key not in entry:
        return None
    parts = [(text, Where(str(path), 0)) for text in _strings(entry[key], where, key)]
    try:
        return compile_facet_query(f"{owner}.{key}", parts, prefixes)
    except KreadError as error:
        raise ItemsError(f"{where}: {key}: {str(error).split(': ', 2)[-1]}") from None


def _definition(path: Path, entry: dict, prefixes: set[str]) -> ItemDefinition:
    name = entry["name"]
    where = f"{path}: item '{name}'"
    unknown = sorted(set(entry) - set(_KEYS))
    if unknown:
        raise ItemsError(f"{where}: unknown key '{unknown[0]}'; allowed: {', '.join(_KEYS)}")
    for key in ("question", "source"):
        if not isinstance(entry.get(key), str):
            raise ItemsError(f"{where}: needs a '{key}'")

    def matcher(key: str) -> Matcher | None:
        return _matcher(path, entry, key, name, where, prefixes)

    def regex(key: str) -> re.Pattern[str] | None:
        if key not in entry:
            return None
        try:
            return re.compile(_strings(entry[key], where, key)[0])
        except re.error as error:
            raise ItemsError(f"{where}: {key} does not compile: {error}") from None

    pattern = regex("pattern")
    listed = regex("listed")
    if listed is not None and "listed_after" not in entry:
        raise ItemsError(f"{where}: 'listed' needs 'listed_after', the lead-in it follows")
    metadata = entry.get("metadata")
    if metadata is not None and metadata not in _METADATA_FIELDS:
        raise ItemsError(f"{where}: metadata must be one of {', '.join(_METADATA_FIELDS)}")
    found_by = ("facets", "cues", "query", "pattern", "listed_after", "metadata")
    if not any(key in entry for key in found_by):
        raise ItemsError(f"{where}: give at least one of {', '.join(found_by)}")
    return ItemDefinition(
        name=name,
        question=entry["question"],
        source=entry["source"],
        missing=str(entry.get("missing") or ""),
        facets=tuple(_strings(entry["facets"], where, "facets")) if "facets" in entry else (),
        cues=tuple(_strings(entry["cues"], where, "cues")) if "cues" in entry else (),
        query=matcher("query"),
        pattern=pattern,
        listed_after=matcher("listed_after"),
        listed=listed,
        metadata=metadata,
        require=matcher("require"),
        exclude=matcher("exclude"),
        furniture=bool(entry.get("furniture", False)),
        treatment=bool(entry.get("treatment", False)),
    )
