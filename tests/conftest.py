"""Shared fixtures: every test gets its own index cache, and the bundled corpus is
opened once per session for the tests that only read it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kread.index.library import Library

# Compiles the default topics, aspects and appraisal items, so that their parses are kept.
_PARSE_ALL = """
from kread.index.appraisal.items import default_items
from kread.index.facets.taxonomy import load_taxonomy

taxonomy = load_taxonomy(None)
taxonomy.classify("Ketamine may raise blood pressure.")
taxonomy.aspects_of("Ketamine may raise blood pressure.")
default_items()
"""


@pytest.fixture(scope="session")
def parsed_queries_file(tmp_path_factory: pytest.TempPathFactory) -> Path | None:
    """The parsed topics and items queries, made once per test process: each test's new
    cache starts with a copy, so the hundreds of kread processes the tests start do not
    each run Whoosh's parser over the same texts (about a second apiece). Tests of the
    file itself use folders of their own."""
    cache = tmp_path_factory.mktemp("parsed-queries")
    env = {**os.environ, "KREAD_CACHE_DIR": str(cache)}
    subprocess.run([sys.executable, "-c", _PARSE_ALL], env=env, timeout=300, check=True)
    found = sorted(cache.glob("parsed-queries-*.pickle"))
    return found[0] if found else None


@pytest.fixture(autouse=True)
def isolated_cache(
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    parsed_queries_file: Path | None,
):
    """No test reads or writes the user's real cache, config or data (notes, corrections)."""
    cache = tmp_path_factory.mktemp("cache")
    if parsed_queries_file is not None:
        shutil.copy2(parsed_queries_file, cache / parsed_queries_file.name)
    monkeypatch.setenv("KREAD_CACHE_DIR", str(cache))
    monkeypatch.setenv("KREAD_DATA_DIR", str(tmp_path_factory.mktemp("data")))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config")))
    monkeypatch.delenv("KREAD_CONFIG_FILE", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    return cache


@pytest.fixture(scope="session")
def seeds_library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    """The bundled articles, indexed once for the whole session (read-only use)."""
    cache = tmp_path_factory.mktemp("seeds-cache")
    places = {"KREAD_CACHE_DIR": cache, "KREAD_DATA_DIR": tmp_path_factory.mktemp("seeds-data")}
    previous = {name: os.environ.get(name) for name in places}
    os.environ.update({name: str(path) for name, path in places.items()})
    try:
        library = Library.open()
    finally:
        for name, value in previous.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    yield library
    library.close()


@pytest.fixture
def small_corpus(tmp_path: Path) -> Path:
    """A folder of three short articles kread has never seen."""
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "alpha.txt").write_text(
        "Esketamine and the FDA\n\n"
        "The FDA approved esketamine nasal spray for treatment-resistant depression in 2019. "
        "It must be given in a certified healthcare setting under the REMS programme.\n\n"
        "Patients reported rapid relief of depressive symptoms within a day.\n",
        encoding="utf-8",
    )
    (folder / "beta.md").write_text(
        "---\ntitle: Glutamate and the brain\nsource: Science Weekly\n---\n"
        "# How it works\n\n"
        "Ketamine blocks NMDA receptors and triggers a glutamate surge that promotes "
        "synaptogenesis in the prefrontal cortex.\n\n"
        "Common side effects include dissociation, nausea and raised blood pressure.\n",
        encoding="utf-8",
    )
    (folder / "gamma.txt").write_text(
        "Gardening in spring\n\n"
        "Tomatoes like a sunny spot and regular watering. Plant them after the last frost.\n",
        encoding="utf-8",
    )
    return folder
