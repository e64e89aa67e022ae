"""Installed, kread is one import name, `kread`: the repository's folders are mapped onto it
by pyproject.toml, and no code reaches them by their folder names."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = {"index": "kread.index", "tui": "kread.tui", "seeds": "kread.seeds"}


def _setuptools() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]


def test_every_package_folder_installs_under_kread() -> None:
    # A subpackage left out of the list is missing from the wheel: kread would import in
    # the repository and fail once installed.
    config = _setuptools()
    assert config["package-dir"] == {name: folder for folder, name in FOLDERS.items()}
    folders = {
        ".".join((FOLDERS[init.relative_to(ROOT).parts[0]], *init.relative_to(ROOT).parts[1:-1]))
        for folder in ("index", "tui")
        for init in (ROOT / folder).rglob("__init__.py")
    }
    listed = set(config["packages"])
    assert folders <= listed, f"not installed: {sorted(folders - listed)}"
    assert all(name == "kread" or name.startswith("kread.") for name in listed)


def _folder(package: str) -> Path:
    mapped = max((name for name in FOLDERS.values() if package.startswith(name)), key=len)
    rest = package[len(mapped) :].strip(".").split(".")
    return ROOT / _setuptools()["package-dir"][mapped] / Path(*filter(None, rest))


def test_data_files_ship_with_their_package() -> None:
    data = _setuptools()["package-data"]
    for package, patterns in data.items():
        assert any(any(_folder(package).glob(pattern)) for pattern in patterns), package
    assert "topics.yaml" in {p.name for p in _folder("kread.index.facets").glob("*.yaml")}


def test_no_module_imports_a_folder_name_instead_of_kread() -> None:
    # `import index` works from a checkout (the folder is on sys.path) and nowhere else.
    bare = []
    for folder in ("index", "tui", "tests", "bench"):
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = []
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                bare += [
                    f"{path.relative_to(ROOT)}:{node.lineno} {name}"
                    for name in names
                    if name.split(".")[0] in FOLDERS
                ]
    assert bare == []
