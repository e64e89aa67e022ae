"""What kread assumes of the packages it depends on. Most of them float within a major
version (pyproject.toml): when a new release breaks one of these assumptions, the test
that fails says which, instead of a user-facing test failing for no visible reason."""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
import yaml

from kread.index.reading import safe_yaml

ROOT = Path(__file__).resolve().parent.parent


def _pins() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirements = project["dependencies"] + project["optional-dependencies"]["test"]
    pins = {}
    for requirement in requirements:
        found = re.fullmatch(r"([A-Za-z0-9_.-]+)==([^,;\s]+)", requirement.strip())
        if found:
            pins[found[1]] = found[2]
    return pins


@pytest.mark.parametrize("name", sorted(_pins()))
def test_each_exactly_pinned_package_is_installed_at_its_pin(name: str) -> None:
    # Textual's drawing (the snapshots), Whoosh's internals (scoring) and ruff's formatting
    # (CI) are pinned because another version changes what kread shows or how CI judges it.
    assert metadata.version(name) == _pins()[name]


def _flow(depth: int) -> str:
    return "title: " + "[" * depth + "]" * depth + "\n"


def _block(depth: int) -> str:
    return "".join("  " * level + "k:\n" for level in range(depth)) + "  " * depth + "v\n"


@pytest.mark.parametrize("nested", [_flow, _block])
@pytest.mark.parametrize("loader", ["CSafeLoader", "SafeLoader"])
def test_pyyaml_reads_as_deep_as_kread_allows(nested, loader: str) -> None:
    # kread refuses nesting past MAX_DEPTH with its own message; that needs the parser to
    # get at least one level further without a limit of its own.
    if not hasattr(yaml, loader):
        pytest.skip(f"this PyYAML has no {loader}")
    events = list(yaml.parse(nested(safe_yaml.MAX_DEPTH + 1), Loader=getattr(yaml, loader)))
    starts = [e for e in events if isinstance(e, yaml.CollectionStartEvent)]
    assert len(starts) >= safe_yaml.MAX_DEPTH + 1


@pytest.mark.parametrize("nested", [_flow, _block])
def test_pyyaml_pure_parser_yields_events_before_it_reaches_its_own_limits(nested) -> None:
    # libyaml may stop at a limit of its own before it yields anything (PyYAML 6.0.4 does at
    # 1,000 levels); kread then reads the events again with the pure-Python parser, which
    # must hand over the levels one by one.
    events = yaml.parse(nested(20_000), Loader=yaml.SafeLoader)
    starts = 0
    for event in events:
        starts += isinstance(event, yaml.CollectionStartEvent)
        if starts > safe_yaml.MAX_DEPTH:
            break
    assert starts > safe_yaml.MAX_DEPTH


@pytest.mark.parametrize("nested", [_flow, _block])
@pytest.mark.parametrize("depth", [65, 999, 1_001, 20_000])
def test_kread_names_its_own_nesting_limit_whatever_the_parser_does(nested, depth: int) -> None:
    with pytest.raises(safe_yaml.RefusedYAML, match="nested more than 64 levels deep; flatten it"):
        safe_yaml.check(nested(depth))
