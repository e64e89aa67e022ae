"""Reading a topics YAML file: its facet and cue entries, each value with the file and line it
came from, so that every problem found later can be reported as ``FILE:LINE: what; what to
do``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from kread.index.errors import TaxonomyError
from kread.index.reading import safe_yaml

__all__ = ["AspectEntry", "Entry", "TopicsFile", "Where", "read_topics", "read_topics_file"]

_TOP_KEYS = ("facets", "cues", "replace")
_FACET_KEYS = ("name", "label", "letter", "colour", "description", "query", "aspects")
_ASPECT_KEYS = ("query", "opposes", "polar", "subject", "figures")
_CUE_KEYS = ("name", "label", "glyph", "colour", "description", "query")
_NAME_RE = re.compile(r"^[a-z][a-z0-9_-]*$")


@dataclass(frozen=True)
class Where:
    """A place in a topics file; a problem found there is reported with it."""

    source: str
    line: int

    def error(self, message: str) -> TaxonomyError:
        return TaxonomyError(f"{self.source}:{self.line}: {message}")


def _where(source: str, node: yaml.Node) -> Where:
    return Where(source, node.start_mark.line + 1)


def _scalar(source: str, node: yaml.Node) -> Any:
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_object(node, deep=True)
    except yaml.MarkedYAMLError as exc:
        raise _where(source, node).error(f"invalid value: {exc.problem}") from None
    finally:
        loader.dispose()


def _mapping_items(
    source: str, node: yaml.Node, allowed: tuple[str, ...], what: str
) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    where = _where(source, node)
    if not isinstance(node, yaml.MappingNode):
        raise where.error(f"{what} must be a mapping of {', '.join(allowed)}")
    items: dict[str, tuple[yaml.Node, yaml.Node]] = {}
    for key_node, value_node in node.value:
        key = _scalar(source, key_node) if isinstance(key_node, yaml.ScalarNode) else None
        kwhere = _where(source, key_node)
        if not isinstance(key, str) or key not in allowed:
            raise kwhere.error(f"unknown key {key!r} in {what}; allowed keys: {', '.join(allowed)}")
        if key in items:
            raise kwhere.error(f"key '{key}' is given twice in {what}; keep one")
        items[key] = (key_node, value_node)
    return items


_MAX_TOPICS_BYTES = 2**20


def _compose(path: Path) -> tuple[str, yaml.Node]:
    source = str(path)
    if not path.exists():
        raise TaxonomyError(f"{source}: no such file")
    if not path.is_file():
        raise TaxonomyError(f"{source}: not a file; give a topics YAML file")
    try:
        if path.stat().st_size > _MAX_TOPICS_BYTES:
            raise TaxonomyError(f"{source}: larger than 1 MiB; a topics file is a few kilobytes")
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise TaxonomyError(f"{source}: not UTF-8 text ({exc.reason}); save it as UTF-8") from None
    except OSError as exc:
        raise TaxonomyError(f"{source}: cannot be read ({exc.strerror})") from None
    try:
        # Tags, deep nesting and alias bombs refused; nothing is constructed from a tag.
        node = safe_yaml.compose(text)
    except yaml.YAMLError as exc:
        line, problem = safe_yaml.problem_at(exc)
        raise TaxonomyError(f"{source}:{line}: {problem}") from None
    if node is None:
        raise TaxonomyError(f"{source}:1: the file is empty; it needs a 'facets:' list")
    return source, node


@dataclass
class Entry:
    """One facet entry of a file, before defaults and merging: key -> (value, where)."""

    name: str
    where: Where
    values: dict[str, tuple[Any, Where]]


@dataclass
class AspectEntry:
    """One aspect of a facet as a file gives it. ``query`` None: the file drops an aspect
    of that name (``name:`` with no query)."""

    name: str
    where: Where
    query: list[tuple[str, Where]] | None
    opposes: tuple[str, Where] | None = None
    polar: bool = False
    subject: bool = False
    figures: bool = False


@dataclass
class TopicsFile:
    """What a topics file gives: facet entries, cue entries (None: no ``cues:`` list)
    and whether it says ``replace: true``."""

    facets: list[Entry]
    cues: list[Entry] | None
    replace: bool


def read_topics_file(path: Path) -> tuple[list[Entry], bool]:
    """The facet entries of a file and whether it says ``replace: true``."""
    read = read_topics(path)
    return read.facets, read.replace


def read_topics(path: Path) -> TopicsFile:
    """The facet and cue entries of a file and whether it says ``replace: true``.

    A file needs a ``facets:`` list, except one that only adds or changes cues."""
    source, root = _compose(path)
    top = _mapping_items(source, root, _TOP_KEYS, "the top level")
    replace_all = False
    if "replace" in top:
        value = _scalar(source, top["replace"][1])
        if not isinstance(value, bool):
            raise _where(source, top["replace"][1]).error("'replace' must be true or false")
        replace_all = value
    cues = _entries(source, top["cues"][1], "cue", _CUE_KEYS) if "cues" in top else None
    if "facets" not in top:
        if cues is not None and not replace_all:
            return TopicsFile([], cues, replace_all)
        raise _where(source, root).error("no 'facets:' list; add one with at least one facet")
    return TopicsFile(_entries(source, top["facets"][1], "facet", _FACET_KEYS), cues, replace_all)


def _entries(source: str, node: yaml.Node, kind: str, keys: tuple[str, ...]) -> list[Entry]:
    """The entries of a ``facets:`` or ``cues:`` list (``kind``: facet or cue)."""
    plural = f"{kind}s"
    if not isinstance(node, yaml.SequenceNode):
        raise _where(source, node).error(f"'{plural}' must be a list of {plural} ('- name: ...')")
    if not node.value:
        raise _where(source, node).error(f"'{plural}' is empty; add at least one {kind}")
    entries: list[Entry] = []
    seen: dict[str, Where] = {}
    example = "risks" if kind == "facet" else "hedged"
    for item in node.value:
        where = _where(source, item)
        fields = _mapping_items(source, item, keys, f"a {kind}")
        values: dict[str, tuple[Any, Where]] = {}
        for key, (_key_node, value_node) in fields.items():
            vwhere = _where(source, value_node)
            if key == "query":
                values[key] = (_query_text(source, value_node), vwhere)
                continue
            if key == "aspects":
                values[key] = (_aspects(source, value_node), vwhere)
                continue
            value = _scalar(source, value_node)
            if value is None and key not in ("name", "query"):
                continue  # an empty key is the same as an absent one
            if isinstance(value, (int, float)) and not isinstance(value, bool) and key != "name":
                value = str(value)
            if not isinstance(value, str):
                raise vwhere.error(f"'{key}' must be text")
            values[key] = (value.strip(), vwhere)
        if "name" not in values:
            raise where.error(f"a {kind} has no 'name'; give it one (lower-case, e.g. '{example}')")
        name, nwhere = values["name"]
        _check_name(kind, name, nwhere, seen)
        entries.append(Entry(name, where, values))
    return entries


def _query_text(source: str, node: yaml.Node) -> list[tuple[str, Where]]:
    """A query is one string, or a list of strings each an alternative (joined by OR)."""
    if isinstance(node, yaml.SequenceNode):
        parts = []
        for item in node.value:
            value = _scalar(source, item)
            if not isinstance(value, str):
                raise _where(source, item).error("each item of 'query' must be text")
            parts.append((value, _where(source, item)))
        if not parts:
            raise _where(source, node).error("'query' is empty; give words or a Whoosh query")
        return parts
    value = _scalar(source, node)
    if not isinstance(value, str):
        raise _where(source, node).error("'query' must be text or a list of texts")
    return [(value, _where(source, node))]


def _aspects(source: str, node: yaml.Node) -> list[AspectEntry]:
    """A facet's ``aspects:`` map: name -> query (text or a list of texts), or name ->
    a mapping of query, opposes (another aspect's name), polar, subject and figures
    (true or false)."""
    where = _where(source, node)
    if isinstance(node, yaml.ScalarNode) and _scalar(source, node) is None:
        return []
    if not isinstance(node, yaml.MappingNode):
        raise where.error(
            "'aspects' must be a mapping of aspect name to query, e.g. "
            "dissociation: 'dissociat* detach*'"
        )
    aspects: list[AspectEntry] = []
    seen: dict[str, Where] = {}
    for key_node, value_node in node.value:
        name = _scalar(source, key_node) if isinstance(key_node, yaml.ScalarNode) else None
        nwhere = _where(source, key_node)
        _check_name("aspect", name, nwhere, seen)
        if isinstance(value_node, yaml.MappingNode):
            fields = _mapping_items(source, value_node, _ASPECT_KEYS, f"aspect '{name}'")
            aspect = AspectEntry(name, nwhere, None)
            if "query" in fields:
                aspect.query = _query_text(source, fields["query"][1])
            if "opposes" in fields:
                other = _scalar(source, fields["opposes"][1])
                owhere = _where(source, fields["opposes"][1])
                if not isinstance(other, str) or not other.strip():
                    raise owhere.error(f"aspect '{name}': 'opposes' must name another aspect")
                aspect.opposes = (other.strip(), owhere)
            for flag in ("polar", "subject", "figures"):
                if flag in fields:
                    value = _scalar(source, fields[flag][1])
                    if not isinstance(value, bool):
                        raise _where(source, fields[flag][1]).error(
                            f"aspect '{name}': '{flag}' must be true or false"
                        )
                    setattr(aspect, flag, value)
            if aspect.query is None:
                raise nwhere.error(f"aspect '{name}' has no 'query'; give the words that mark it")
        elif isinstance(value_node, yaml.ScalarNode) and _scalar(source, value_node) in (None, ""):
            aspect = AspectEntry(name, nwhere, None)  # drops the default aspect of that name
        else:
            aspect = AspectEntry(name, nwhere, _query_text(source, value_node))
        aspects.append(aspect)
    return aspects


def _check_name(kind: str, name: object, where: Where, seen: dict[str, Where]) -> None:
    """A facet's, cue's or aspect's name is valid and not given twice (``seen``: the
    names so far, which it joins)."""
    if not isinstance(name, str) or not _NAME_RE.match(name):
        raise where.error(
            f"{kind} name {name!r} is not valid; use lower-case letters, digits, '-' or '_'"
        )
    if name in seen:
        raise where.error(
            f"{kind} '{name}' is defined twice (first at line {seen[name].line}); keep one"
        )
    seen[name] = where
