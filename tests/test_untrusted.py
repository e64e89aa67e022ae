"""Untrusted text from a corpus nobody checked: escape sequences, C1 controls, markup, bidi
overrides and zero-width characters in contents, file names and metadata, a 1 MB line and a
100,000-character word. The real `kread` is run: its commands as processes, and the reader in
a pseudo-terminal, where every byte it writes is checked."""

from __future__ import annotations

import json
import resource
import subprocess
import unicodedata
from pathlib import Path

import pytest
from hostile import (
    BIDI_UTF8,
    C1_UTF8,
    KREAD,
    MARKUP,
    Terminal,
    assert_no_document_escapes,
    kread_env,
    write_hostile_corpus,
)
from hypothesis import given, settings
from hypothesis import strategies as st

# The markup tags a reader must see as written.
TAGS = ["[bold]B[/]", "[@click=app.quit]Q[/]", "[link=http://e.vil/markup]L[/link]", "[$accent]V"]
# Characters no shown text may hold: controls (but newline) and the invisible ones.
INVISIBLE = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b\u200c\u200d\ufeff")
ODD_NAME_ID = "c-name\\x1b]0;shown\\x07\\u202e\\x9b2J\\u200b"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """The hostile corpus, indexed once (in a cache of its own) for this module's tests."""
    folder = tmp_path_factory.mktemp("hostile") / "corpus"
    write_hostile_corpus(folder)
    env = kread_env(KREAD_CACHE_DIR=str(tmp_path_factory.mktemp("hostile-cache")), COLUMNS="250")
    done = subprocess.run(
        [*KREAD, "--corpus", str(folder), "index"],
        env=env,
        capture_output=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return folder, env


def kread(corpus, *args: str, code: int = 0) -> bytes:
    folder, env = corpus
    done = subprocess.run(
        [*KREAD, "--corpus", str(folder), *args], env=env, capture_output=True, timeout=120
    )
    assert done.returncode == code, done.stderr
    assert_clean(done.stderr)
    return done.stdout


def assert_clean(output: bytes) -> None:
    """Plain output (not a terminal): no ESC byte at all, no C1 control, no bidi override."""
    assert b"\x1b" not in output
    assert not C1_UTF8.search(output)
    assert not BIDI_UTF8.search(output)
    assert_no_document_escapes(output)


def assert_shown_safely(value: str) -> None:
    for char in value:
        assert char == "\n" or unicodedata.category(char) != "Cc", repr(value)
        assert char not in INVISIBLE, repr(value)


# -- the commands ------------------------------------------------------------------------------


def test_list_json_is_clean_and_exact(corpus):
    out = kread(corpus, "list", "--json")
    assert_clean(out)
    documents = {d["id"]: d for d in json.loads(out)["documents"]}
    assert set(documents) == {"a-hostile", "b-front", ODD_NAME_ID, "d-long-line"}
    for doc in documents.values():
        for key in ("id", "title", "source", "place", "date"):
            assert_shown_safely(doc[key])
        # The path is exact (a script can open it): its controls are \u escapes in the JSON.
        assert Path(doc["path"]).is_file()
    hostile = documents["a-hostile"]
    assert hostile["title"] == "Cat [link=http://e.vil/markup]L[/link] [/]"
    assert hostile["source"] == "Catalog [@click=app.quit]Q[/] src"
    assert hostile["date"] == "2024 0;c1pwned"
    front = documents["b-front"]
    assert front["title"] == "Front [bold]matter[/] title"
    assert front["source"] == "Src [@click=app.quit]Q[/]"
    assert front["place"] == "Place [/]"
    # The odd file name: its id shows the controls as escapes, and its path is the real one.
    odd = documents[ODD_NAME_ID]
    assert Path(odd["path"]).name == "c-name\x1b]0;shown\x07\u202e\x9b2J\u200b.txt"
    assert documents["d-long-line"]["words"] == 2 * (1_000_000 // 14) + 2


def test_list_human_output_is_clean_and_shows_markup_as_written(corpus):
    out = kread(corpus, "list")
    assert_clean(out)
    text = out.decode()
    for shown in (
        "Cat [link=http://e.vil/markup]L[/link] [/]",
        "Catalog [@click=app.quit]Q[/] src",
        "Front [bold]matter[/] title",
        ODD_NAME_ID[:18],  # the id column folds at 24
    ):
        assert shown in text


def test_show_json_text_is_clean_with_offsets_that_fit(corpus):
    out = kread(corpus, "show", "a-hostile", "--json")
    assert_clean(out)
    doc = json.loads(out)
    text = doc["text"]
    assert_shown_safely(text)
    assert MARKUP in text
    # The sequences are gone, the text between them stays (C1 controls are dropped alone).
    assert "Escapes: here there moved 0;c1pwned end of escapes." in " ".join(text.split())
    assert "Bidi: evil iso and zerowidth here." in text
    for payload in ("pwnedtitle", "Y2xpcGJvYXJk", "e.vil/osc8", "e.vil/st", "q544e"):
        assert payload not in text
    assert doc["sentences"]
    for sentence in doc["sentences"]:
        assert 0 <= sentence["start"] < sentence["end"] <= len(text)
        assert text[sentence["start"] : sentence["end"]].strip()
        for start, end, _facet in sentence["facet_words"]:
            assert sentence["start"] <= start < end <= sentence["end"]
    risky = [s for s in doc["sentences"] if "risks" in s["facets"]]
    assert [text[s["start"] : s["end"]] for s in risky] == ["Ketamine can raise blood pressure."]


def test_show_human_output_is_clean_and_shows_markup_as_written(corpus):
    out = kread(corpus, "show", "a-hostile")
    assert_clean(out)
    text = out.decode()
    for tag in TAGS:
        assert tag in text
    assert "Cat [link=http://e.vil/markup]L[/link] [/]" in text


def test_a_document_with_an_odd_name_is_shown_by_its_escaped_id(corpus):
    out = kread(corpus, "show", ODD_NAME_ID, "--json")
    assert_clean(out)
    assert json.loads(out)["id"] == ODD_NAME_ID
    assert_clean(kread(corpus, "show", "c-name"))  # a prefix, human output


def test_search_output_is_clean_with_matches_on_the_words(corpus):
    out = kread(corpus, "search", "click OR accent OR bold", "--json")
    assert_clean(out)
    result = json.loads(out)
    assert result["total"] >= 1
    text = json.loads(kread(corpus, "show", "a-hostile", "--json"))["text"]
    (hit,) = [h for h in result["hits"] if h["id"] == "a-hostile"]
    assert_shown_safely(hit["snippet"])
    assert_shown_safely(hit["title"])
    words = {text[a:b].lower() for a, b in hit["matches"]}
    assert words <= {"click", "accent", "bold"} and words
    human = kread(corpus, "search", "click OR accent OR bold")
    assert_clean(human)
    assert "Cat [link=http://e.vil/markup]L[/link] [/]" in human.decode()


def test_a_query_with_escapes_is_not_echoed_raw(corpus):
    out = kread(corpus, "search", "\x1b]0;pwnedtitle\x07ketamine \x9b2J[bold]")
    assert_clean(out)
    assert "ketamine [bold]" in out.decode()


def test_a_one_megabyte_line_is_read_searched_and_shown(corpus):
    out = kread(corpus, "search", "dose", "--json")
    result = json.loads(out)
    assert [h["id"] for h in result["hits"]] == ["d-long-line"]
    assert len(result["hits"][0]["snippet"]) < 1000
    doc = json.loads(kread(corpus, "show", "d-long-line", "--json"))
    assert len(doc["text"]) == len("Long line\n\n") + 14 * (1_000_000 // 14) - 1
    assert_clean(kread(corpus, "show", "d-long-line"))


def _limit_memory() -> None:  # in the child: 2 GiB of address space
    resource.setrlimit(resource.RLIMIT_AS, (2 * 2**30, 2 * 2**30))


def test_a_hundred_thousand_character_word_is_read_in_bounded_memory(tmp_path: Path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "word.txt").write_text(f"Big word\n\nStart {'a' * 100_000} ketamine end.\n")
    env = kread_env()
    done = subprocess.run(
        [*KREAD, "--corpus", str(folder), "search", "ketamine", "--json"],
        env=env,
        capture_output=True,
        timeout=60,
        preexec_fn=_limit_memory,
    )
    assert done.returncode == 0, done.stderr[-500:]
    assert [h["id"] for h in json.loads(done.stdout)["hits"]] == ["word"]


# -- the reader in a real terminal --------------------------------------------------------------


def test_the_reader_never_sends_a_documents_escapes_to_the_terminal(corpus):
    folder, env = corpus
    env = {k: v for k, v in env.items() if k != "COLUMNS"}
    with Terminal([*KREAD, "--corpus", str(folder)], env, columns=100, rows=30) as term:
        # The first document is previewed at once: its markup drawn as written.
        for tag in TAGS:
            term.wait_for(tag.encode())
        term.wait_quiet()
        at = len(term.output)
        term.send("\r")  # open it in the reader
        term.send("G")  # to its end
        # (Its risk words are drawn in their own colour: wait for the plain part.)
        at = max(at, term.wait_for(b"Ketamine can "))
        # The command palette lists documents by title and source (markup in both).
        term.wait_quiet()
        term.send("\x10")  # ctrl+p
        term.wait_for(b"Search for commands", since=at)
        term.send("front")
        at = term.wait_for(b"Src [@click=app.quit]Q[/]", since=at)
        term.wait_quiet()
        term.send("\r")
        at = term.wait_for(b"Ketamine in front matter.", since=at)
        term.wait_quiet()
        term.send("\x11")  # ctrl+q
        assert term.wait_exit() == 0
        term.wait_quiet(0.2, timeout=5)
        output = bytes(term.output)
    assert_no_document_escapes(output)


def test_the_commands_in_a_terminal_send_no_document_escapes(corpus):
    """With a terminal, Rich colours its output; the documents' own sequences still never pass."""
    folder, env = corpus
    env = {k: v for k, v in env.items() if k != "COLUMNS"}
    for args in (["list"], ["show", "a-hostile"], ["search", "click OR markup"]):
        with Terminal([*KREAD, "--corpus", str(folder), *args], env, columns=120) as term:
            assert term.wait_exit() in (0, 1)
            term.wait_quiet(0.2, timeout=5)
            output = bytes(term.output)
        assert b"\x1b[" in output or args[0] == "search"  # styled: it is a terminal
        assert_no_document_escapes(output)
        assert b"=app.quit]Q[/]" in output  # ("click" is marked as a hit in search)


# -- the helpers that make text safe -----------------------------------------------------------


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=60))
@settings(max_examples=300, deadline=None)
def test_palette_text_is_shown_as_written(text: str):
    from textual.content import Content

    from kread.tui.app import literal

    content = Content.from_markup(literal(text))
    assert content.plain == text
    assert not content.spans


@given(st.text(max_size=40))
@settings(max_examples=300, deadline=None)
def test_safe_names_show_no_controls_and_keep_plain_names(name: str):
    from kread.index.reading.sanitize import safe_name, unsafe_in_name

    shown = safe_name(name)
    assert not unsafe_in_name().search(shown)
    assert_shown_safely(shown)
    if not unsafe_in_name().search(name):
        assert shown == name


@given(st.dictionaries(st.text(max_size=8), st.text(max_size=30), max_size=4))
@settings(max_examples=200, deadline=None)
def test_json_output_is_exact_and_free_of_raw_controls(data: dict[str, str]):
    import contextlib
    import io

    from kread.tui.commands import print_json

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        print_json(data)
    out = buffer.getvalue().encode("utf-8")  # lone surrogates would fail here
    assert json.loads(out) == data
    assert b"\x1b" not in out and not C1_UTF8.search(out) and not BIDI_UTF8.search(out)
