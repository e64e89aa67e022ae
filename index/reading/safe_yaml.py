"""YAML from files nobody checked (front matter, catalog.yaml, topics files): composed by the
safe loader after a pass over its events that refuses what could run code or cost unbounded
time and memory.

Refused, each as a `yaml.MarkedYAMLError` that names the line: a tag beyond plain YAML's
(``!!python/object/apply:...``, ``!local``), nesting deeper than `MAX_DEPTH` (libyaml's
composer recurses in C and crashes on a few thousand ``[``), and aliases that would expand
to more than `MAX_EXPANDED` values (a "billion laughs" bomb). Nothing is ever constructed
from a tag, so no code runs whatever the file says.
"""

from __future__ import annotations

import yaml

from kread.index.reading.sanitize import one_line

# libyaml's loader when it is there: ten times faster, and as safe.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_DEPTH = 64
MAX_EXPANDED = 1_000_000

_CORE = "tag:yaml.org,2002:"
_PLAIN_TAGS = frozenset(
    _CORE + name
    for name in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp", "binary")
)


class RefusedYAML(yaml.MarkedYAMLError):
    """YAML that is well formed but not read: an unsafe tag, too deep, an alias bomb."""


def _refuse(problem: str, event: yaml.Event) -> RefusedYAML:
    return RefusedYAML(problem=problem, problem_mark=event.start_mark)


def _shown_tag(tag: str) -> str:
    tag = "!!" + tag[len(_CORE) :] if tag.startswith(_CORE) else tag
    shown = one_line(tag)
    return shown if len(shown) <= 60 else shown[:57] + "..."


def check(text: str) -> None:
    """Raise `RefusedYAML` (or the parser's own `yaml.YAMLError`) unless ``text`` is plain,
    bounded YAML. Stops at the first problem, so a bomb costs no more than its first
    million values.

    kread's own limits are named first whatever the parser's are: libyaml scans ahead
    and may stop at a limit of its own (PyYAML 6.0.4 refuses 1,000 levels of nesting
    before a single event reaches us), so when it fails the events are read again with
    PyYAML's pure-Python parser, which yields them as it goes."""
    try:
        _check(text, SAFE_LOADER)
    except RefusedYAML:
        raise
    except yaml.YAMLError as libyaml_error:
        if SAFE_LOADER is yaml.SafeLoader:
            raise
        try:
            _check(text, yaml.SafeLoader)
        except RefusedYAML:
            raise
        except yaml.YAMLError:
            pass
        raise libyaml_error from None


def _check(text: str, loader: type) -> None:
    sizes: dict[str, int] = {}  # anchor -> how many values it stands for
    open_: list[list] = []  # per open collection: [values so far, its anchor]
    total = 0
    for event in yaml.parse(text, Loader=loader):
        tag = getattr(event, "tag", None)
        if tag is not None and tag != "!" and tag not in _PLAIN_TAGS:
            raise _refuse(
                f"the tag {_shown_tag(tag)} is not allowed; kread reads plain YAML only, "
                "remove the tag",
                event,
            )
        if isinstance(event, yaml.CollectionStartEvent):
            if len(open_) >= MAX_DEPTH:
                raise _refuse(f"nested more than {MAX_DEPTH} levels deep; flatten it", event)
            open_.append([1, event.anchor])
            continue
        if isinstance(event, yaml.ScalarEvent):
            size = 1
            if event.anchor is not None:
                sizes[event.anchor] = 1
        elif isinstance(event, yaml.AliasEvent):
            size = sizes.get(event.anchor, 1)
        elif isinstance(event, yaml.CollectionEndEvent):
            size, anchor = open_.pop()
            if anchor is not None:
                sizes[anchor] = size
        else:
            continue
        total = open_[-1][0] + size if open_ else total + size
        if open_:
            open_[-1][0] = total
        if total > MAX_EXPANDED:
            raise _refuse(
                f"its aliases expand to more than {MAX_EXPANDED:,} values; "
                "write the values out instead",
                event,
            )


def compose(text: str) -> yaml.Node | None:
    """The document's node tree (aliases share their node: nothing is expanded), after
    `check`; None for an empty document."""
    check(text)
    return yaml.compose(text, Loader=SAFE_LOADER)


def load(text: str) -> object:
    """The document's plain data (kread's own files, such as items.yaml), after `check`."""
    check(text)
    return yaml.load(text, Loader=SAFE_LOADER)


def problem_at(error: yaml.YAMLError) -> tuple[int, str]:
    """Where a YAML error is (1-based line) and what it says, worded for a person:
    kread's own refusals say what to do; the parser's say to fix the syntax."""
    if not isinstance(error, yaml.MarkedYAMLError):
        return 1, f"invalid YAML: {' '.join(str(error).split())}; fix the syntax"
    mark = error.problem_mark or error.context_mark
    line = mark.line + 1 if mark else 1
    problem = error.problem or error.context or "syntax error"
    if isinstance(error, RefusedYAML):
        return line, problem
    if error.context and problem.startswith("but "):
        problem = f"{error.context}, {problem}"
    column = f" (column {mark.column + 1})" if mark else ""
    return line, f"invalid YAML: {problem}{column}; fix the syntax"
