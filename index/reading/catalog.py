"""catalog.yaml beside a corpus's files: a title, source, place and date per file name."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from kread.index.errors import CorpusError
from kread.index.reading import limits, safe_yaml
from kread.index.reading.file_bytes import Unreadable, file_label, read_limited
from kread.index.reading.sanitize import one_line, safe_name
from kread.index.reading.scan import SourceFile

__all__ = ["CATALOG_FIELDS", "CATALOG_NAME", "Catalog", "load_catalog"]

CATALOG_NAME = "catalog.yaml"
CATALOG_FIELDS = ("title", "source", "place", "date")


@dataclass(frozen=True, eq=False)
class Catalog:
    """Metadata from catalog.yaml, by file name relative to the root (or by id)."""

    path: Path | None = None
    entries: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    def entry(self, file: SourceFile) -> dict[str, str]:
        """The file's entry (title, source, place, date; only the keys given), or {}."""
        if not self.entries:
            return {}  # no catalog: most folders
        found = self.entries.get(file.name, self.entries.get(file.id))
        return dict(found) if found is not None else {}

    def entry_text(self, file: SourceFile) -> str:
        """A stable text form of the file's entry, part of its digest."""
        entry = self.entry(file)
        return json.dumps(entry, sort_keys=True, ensure_ascii=False) if entry else "{}"


_YAML_NULL = "tag:yaml.org,2002:null"


def load_catalog(root: Path, max_bytes: int | None = None) -> Catalog:
    """catalog.yaml beside the files: per file name, title, source, place and date.

    An empty catalog when there is none; CorpusError ``FILE:LINE: ...`` when it is invalid,
    over the size limit, or uses what `safe_yaml` refuses (tags, deep nesting, alias bombs)."""
    path = Path(root).expanduser() / CATALOG_NAME
    if not path.is_file():
        return Catalog(None, {})
    label = file_label(str(path))
    try:
        text = read_limited(path, limits.max_file_bytes(max_bytes)).decode("utf-8-sig")
    except Unreadable as error:
        raise CorpusError(f"{label}: {error}") from None
    except UnicodeDecodeError:
        raise CorpusError(f"{label}:1: not UTF-8 text; save it as UTF-8") from None
    try:
        # Composing (not loading) keeps the line of every key, for messages.
        node = safe_yaml.compose(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        problem = one_line(error.problem or error.context or "invalid YAML")
        if isinstance(error, safe_yaml.RefusedYAML):  # well formed, and says what to do
            raise CorpusError(f"{label}:{line}: {problem}") from None
        raise CorpusError(f"{label}:{line}: {problem}; fix the YAML syntax") from None
    except yaml.YAMLError as error:
        raise CorpusError(f"{label}:1: {one_line(error)}; fix the YAML syntax") from None
    if node is None or (isinstance(node, yaml.ScalarNode) and node.tag == _YAML_NULL):
        return Catalog(path, {})

    def fail(at: yaml.Node, message: str) -> CorpusError:
        return CorpusError(f"{label}:{at.start_mark.line + 1}: {message}")

    if not isinstance(node, yaml.MappingNode):
        raise fail(node, "expected file names, each with title, source, place or date")
    entries: dict[str, dict[str, str]] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode) or not key_node.value.strip():
            raise fail(key_node, "expected a file name as the key")
        name = safe_name(key_node.value.strip().removeprefix("./"))  # as ids are
        if name in entries:
            raise fail(key_node, f"{file_label(name)} is listed twice; keep one entry")
        if isinstance(value_node, yaml.ScalarNode) and value_node.tag == _YAML_NULL:
            entries[name] = {}
            continue
        if not isinstance(value_node, yaml.MappingNode):
            raise fail(
                value_node, f"the entry for {file_label(name)} must be title:, source:, ... lines"
            )
        entry: dict[str, str] = {}
        for field_node, field_value in value_node.value:
            key = field_node.value if isinstance(field_node, yaml.ScalarNode) else None
            if key not in CATALOG_FIELDS:
                raise fail(
                    field_node,
                    f"unknown key {file_label(str(key))!r} for {file_label(name)}; "
                    "use title, source, place or date",
                )
            if key in entry:
                raise fail(field_node, f"{key} is given twice for {file_label(name)}")
            if not isinstance(field_value, yaml.ScalarNode):
                raise fail(field_value, f"{key} of {file_label(name)} must be plain text")
            # The scalar as written: a date stays "2023" or "2023-05-01", not a parsed value.
            entry[key] = "" if field_value.tag == _YAML_NULL else one_line(field_value.value)
        entries[name] = entry
    return Catalog(path, entries)
