"""kread's own folders on Linux are the ones platformdirs names, whatever the XDG
variables and HOME say; a cache, settings or work kept before is found again."""

from __future__ import annotations

import hashlib
import re
import sys
from collections.abc import Callable
from pathlib import Path

import platformdirs
import pytest

from kread.index import locations

KINDS = {
    "cache": platformdirs.user_cache_dir,
    "config": platformdirs.user_config_dir,
    "data": platformdirs.user_data_dir,
}
VARIABLES = ("XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME")


@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize(
    "xdg",
    [None, "", "/srv/xdg", "/srv/xdg/", "relative/xdg", " /srv/xdg", "~/xdg"],
)
@pytest.mark.parametrize("home", [None, "/home/reader", "/home/reader/", "/", "relative"])
def test_user_folders_are_the_ones_platformdirs_names(
    monkeypatch: pytest.MonkeyPatch, kind: str, xdg: str | None, home: str | None
) -> None:
    for name in VARIABLES:
        if xdg is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, xdg)
    if home is None:
        monkeypatch.delenv("HOME", raising=False)
    else:
        monkeypatch.setenv("HOME", home)
    assert _answer(lambda: locations.user_folder(kind)) == _answer(
        lambda: Path(KINDS[kind]("kread"))
    )


def _answer(lookup: Callable[[], Path]) -> Path | type[Exception]:
    """The folder, or the kind of error when there is no home folder to find."""
    try:
        return lookup()
    except RuntimeError as error:
        return type(error)


@pytest.mark.skipif(sys.platform != "linux", reason="the XDG variables are Linux's")
def test_cache_work_and_topics_follow_the_xdg_variables(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("KREAD_CACHE_DIR", raising=False)
    monkeypatch.delenv("KREAD_DATA_DIR", raising=False)
    for name in VARIABLES:
        monkeypatch.setenv(name, str(tmp_path / name))
    assert locations.cache_root() == tmp_path / "XDG_CACHE_HOME" / "kread"
    assert locations.data_root() == tmp_path / "XDG_DATA_HOME" / "kread"
    assert locations.user_topics_file() == tmp_path / "XDG_CONFIG_HOME" / "kread" / "topics.yaml"


def test_other_systems_ask_platformdirs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "darwin")
    monkeypatch.setattr(platformdirs, "user_cache_dir", lambda app: f"/Library/Caches/{app}")
    assert locations.user_folder("cache") == Path("/Library/Caches/kread")


@pytest.mark.parametrize("folder", ["/home/reader/articles", "/srv/ünïcode corpus", "/tmp/x\udcff"])
def test_a_corpus_keeps_its_folders_and_work_file(tmp_path: Path, folder: str) -> None:
    """The names are SHA-256 digests of the corpus's path, as they were: an index built
    and work saved by an earlier kread are found again."""
    corpus = Path(folder)
    digest = hashlib.sha256(str(corpus.resolve()).encode("utf-8", "surrogateescape"))
    key = digest.hexdigest()[:12]
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", corpus.resolve().name)
    assert (
        locations.index_folder(corpus, tmp_path).name == f"{name}-{key}-v{locations.SCHEMA_VERSION}"
    )
    assert locations.workbook_file(corpus, tmp_path).name == f"{name}-{key}.json"
