"""The layers stay apart: the index draws nothing, the reader never touches Whoosh, and no
kread module imports one that imports it back."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import kread.index
import kread.tui

# Cycles known to exist, each owned by another change: the test fails on any other cycle, and
# on a listed one once it is gone (remove it here then).
KNOWN_CYCLES: list[list[str]] = []


def _modules() -> dict[str, tuple[Path, bool]]:
    """Every kread module: name -> (file, is a package)."""
    found: dict[str, tuple[Path, bool]] = {}
    for package in (kread.index, kread.tui):
        root = Path(next(iter(package.__path__)))
        for path in sorted(root.rglob("*.py")):
            parts = list(path.relative_to(root).with_suffix("").parts)
            is_package = parts[-1] == "__init__"
            if is_package:
                parts.pop()
            found[".".join([package.__name__, *parts])] = (path, is_package)
    return found


MODULES = _modules()
ROOT = Path(next(iter(kread.index.__path__))).parent  # the repository


def _imported(name: str) -> list[tuple[str, int]]:
    """(module, line) of every import in a module, at any depth: module level, inside
    functions and under `if TYPE_CHECKING:` alike."""
    path, is_package = MODULES[name]
    imports: list[tuple[str, int]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            imports += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: from the module's package
                base = name.split(".")[: len(name.split(".")) - node.level + is_package]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            for alias in node.names:
                submodule = f"{module}.{alias.name}"
                imports.append((submodule if submodule in MODULES else module, node.lineno))
    return imports


def _graph() -> dict[str, set[str]]:
    return {
        name: {m for m, _line in _imported(name) if m in MODULES and m != name} for name in MODULES
    }


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan), each sorted."""
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        order[node] = low[node] = len(order)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph[node]):
            if other not in order:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], order[other])
        if low[node] == order[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in order:
            visit(node)
    return sorted(groups)


def _path_around(graph: dict[str, set[str]], group: list[str]) -> str:
    """One cycle through a group, as `a -> b -> a`, for the failure message."""
    start, members = group[0], set(group)
    paths = {start: [start]}
    pending = [start]
    while pending:
        node = pending.pop(0)
        for other in sorted(graph[node] & members):
            if other == start:
                return " -> ".join([*paths[node], start])
            if other not in paths:
                paths[other] = [*paths[node], other]
                pending.append(other)
    return " <-> ".join(group)


def test_the_module_walk_finds_the_layers() -> None:
    assert "kread.index.library" in MODULES
    assert "kread.index.reading.corpus" in MODULES
    assert "kread.tui.widgets.reader" in MODULES
    graph = _graph()
    assert "kread.index.reading.segment" in graph["kread.index.reading.corpus"]
    assert "kread.index.facets.taxonomy" in graph["kread.index.library"]


def test_the_cycle_finder_names_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(graph) == [["a", "b", "c"]]
    assert _path_around(graph, ["a", "b", "c"]) == "a -> b -> c -> a"


def test_no_import_cycles_among_kread_modules() -> None:
    graph = _graph()
    cycles = _cycles(graph)
    new = [_path_around(graph, c) for c in cycles if c not in KNOWN_CYCLES]
    assert not new, "import cycles: " + "; ".join(new)
    gone = [c for c in KNOWN_CYCLES if c not in cycles]
    assert not gone, f"no longer cycles, remove them from KNOWN_CYCLES: {gone}"


def _third_party(prefix: str, roots: tuple[str, ...]) -> list[str]:
    """`file:line: module` of each import of ``roots`` by a module under ``prefix``."""
    return sorted(
        {
            f"{MODULES[name][0].relative_to(ROOT)}:{line}: {module}"
            for name in MODULES
            if name.startswith(prefix)
            for module, line in _imported(name)
            if module.split(".")[0] in roots
        }
    )


def test_no_module_of_the_index_imports_textual_or_rich() -> None:
    assert not _third_party("kread.index", ("textual", "rich"))


def test_no_module_of_the_reader_imports_whoosh() -> None:
    assert not _third_party("kread.tui", ("whoosh",))


def test_the_index_at_work_loads_neither_textual_nor_rich() -> None:
    # Every module imported, the default taxonomy checked (colours and queries), a corpus
    # read: what a dependency imports on the way counts too.
    index_modules = sorted(n for n in MODULES if n.startswith("kread.index"))
    code = (
        "import importlib, sys\n"
        f"for name in {index_modules!r}:\n"
        "    importlib.import_module(name)\n"
        "from kread.index.facets.taxonomy import default_taxonomy_path, load_taxonomy\n"
        "from kread.index.reading import corpus\n"
        "load_taxonomy(default_taxonomy_path())\n"
        "import kread.seeds, pathlib\n"
        "root = pathlib.Path(next(iter(kread.seeds.__path__)))\n"
        "files, _ = corpus.scan(root)\n"
        "catalog = corpus.load_catalog(root)\n"
        "for file in files:\n"
        "    corpus.read_document(file, catalog)\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "assert not loaded, f'loaded: {loaded}'\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
