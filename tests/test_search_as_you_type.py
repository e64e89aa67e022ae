"""Search as the reader issues it while the user types: the word being typed completed,
snippets only for the hits a screen shows, match offsets found when a hit is opened."""

from __future__ import annotations

from pathlib import Path

from textual import events

from kread.index.library import Library
from kread.tui.app import KreadApp
from kread.tui.screens.search import SNIPPET_SHOWN, SearchScreen
from kread.tui.widgets.document_list import DocumentList
from tests.pilot import ready, wait_until


def test_a_word_being_typed_finds_the_words_it_begins(seeds_library: Library):
    assert seeds_library.search("ketam").total == 0  # as a whole word, no such word
    typed = seeds_library.search("ketam", typing=True)
    assert typed.total == 5
    assert any("etamine" in hit.snippet for hit in typed.hits)
    # Two letters are not completed: they would match half the vocabulary.
    assert seeds_library.search("ke", typing=True).total == 0


def test_only_the_last_plain_word_is_completed(seeds_library: Library):
    whole = seeds_library.search("blood pressure").total
    assert seeds_library.search("blood pres", typing=True).total == whole
    # After NOT, inside a phrase or as a field's value, the text means what it says.
    assert seeds_library.search("ketamine NOT pressur", typing=True).total == (
        seeds_library.search("ketamine NOT pressur").total
    )
    assert seeds_library.search('"blood pres', typing=True).total == (
        seeds_library.search('"blood pres').total
    )
    assert seeds_library.search("title:ketam", typing=True).total == 0
    # OR keeps its meaning: either word.
    either = seeds_library.search("nasal OR infus", typing=True).total
    assert either == seeds_library.search("nasal OR infusion OR infusions").total


def test_snippets_only_for_the_first_hits_and_matches_on_opening(seeds_library: Library):
    result = seeds_library.search("ketamine", snippets=2, matches=False)
    assert [bool(h.snippet) for h in result.hits] == [True, True, False, False, False]
    assert all(h.matches == () for h in result.hits)
    full = seeds_library.search("ketamine")
    for hit in full.hits:
        assert seeds_library.matches(hit.id, "ketamine") == hit.matches
    doc = seeds_library.document(full.hits[0].id)
    assert all(doc.text[a:b].lower().startswith("ketamin") for a, b in full.hits[0].matches)


def test_a_snippet_shows_a_match_deep_in_a_long_document(small_corpus: Path):
    filler = "Gardeners water tomatoes in the evening. " * 400
    (small_corpus / "long.txt").write_text(
        f"A long page\n\n{filler}\n\nAt the very end, esketamine is mentioned once.\n"
    )
    library = Library.open(small_corpus)
    (hit,) = [h for h in library.search("esketamine", matches=False).hits if h.id == "long"]
    marked = [hit.snippet[a:b] for a, b in hit.snippet_marks]
    assert marked == ["esketamine"]


async def test_the_reader_finds_hits_while_a_word_is_half_typed():
    app = KreadApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("slash", *"ketam")
        search = app.screen
        await wait_until(pilot, lambda: search.result is not None and search.result.total == 5)
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is not search)
        main = app.screen
        shown = main.query_one(DocumentList)
        doc = main.library.document(shown.documents[shown.highlighted].id)
        # The reader jumps between the words the half-typed query found.
        assert main.matches
        assert all(doc.text[a:b].lower().startswith("ketamin") for a, b in main.matches)


async def test_a_query_typed_in_one_read_with_the_slash_is_not_lost():
    """A paste, or a slow link, hands "/keta" and Enter over at once: every key is read
    before the search screen has opened."""
    app = KreadApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        main = app.screen
        for key, character in [("slash", "/"), *((c, c) for c in "keta"), ("enter", "\r")]:
            app.post_message(events.Key(key, character))
        await wait_until(pilot, lambda: app.screen is main and main.matches)
        # The letters went to the query, then Enter opened the first hit at its matches.
        assert main.last_query == "keta"


def many_articles(folder: Path, count: int) -> Path:
    """``count`` short articles that all mention ketamine; some also a risk."""
    folder.mkdir()
    for i in range(count):
        risk = " It can raise blood pressure." if i % 3 == 0 else ""
        (folder / f"note{i:02}.txt").write_text(
            f"Note {i}\n\nKetamine was given at dose {i}.{risk} Ketamine again.\n",
            encoding="utf-8",
        )
    return folder


def test_a_keystroke_search_skips_counting_past_its_limit(tmp_path: Path):
    library = Library.open(many_articles(tmp_path / "notes", 12))
    full = library.search("ketam", typing=True, limit=30)
    assert full.counted and full.total == 12 and full.facet_counts["risks"] == 4
    quick = library.search("ketam", typing=True, limit=8, keystroke=True)
    assert not quick.counted
    assert quick.total == 8 and quick.facet_counts == {}
    assert [h.id for h in quick.hits] == [h.id for h in full.hits[:8]]  # the same ranking
    # Fewer matches than the limit: all of them were seen, so the counts are exact.
    few = library.search("ketam", ["risks"], typing=True, limit=8, keystroke=True)
    assert few.counted and few.total == 4 and few.facet_counts["risks"] == 4


def test_a_fuzzy_word_keeps_its_first_letter(seeds_library: Library):
    assert seeds_library.search("ketamin~").total == 5
    assert seeds_library.search("ketamin~").total == seeds_library.search("ketamine").total
    # One edit away, but at the first letter: not found, as "did you mean" would not.
    assert seeds_library.search("detamine~").total == 0


async def test_the_counts_follow_when_typing_pauses(tmp_path: Path):
    app = KreadApp(corpus=many_articles(tmp_path / "notes", 12))
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("slash", *"ketam")
        search = app.screen
        # The counted search of the whole word: on a loaded machine a pause after "ke"
        # gives a counted search of that first.
        await wait_until(
            pilot,
            lambda: (
                search.result is not None
                and search.result.query == "ketam"
                and search.result.counted
            ),
        )
        status = str(search.query_one("#search-status").render())
        assert status.startswith("12 hits") and "R 4" in status
        assert len(search.result.hits) == 12 and all(h.snippet for h in search.result.hits)


async def test_a_long_snippet_on_the_search_screen_is_cut_between_words():
    app = KreadApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("slash", *"ketamine")
        search = app.screen
        await wait_until(
            pilot, lambda: search.result is not None and all(h.snippet for h in search.result.hits)
        )
        long = [h for h in search.result.hits if len(h.snippet) > SNIPPET_SHOWN]
        assert long, "the bundled articles give snippets longer than the screen shows"
        for hit in long:
            shown = SearchScreen._prompt(hit).plain.split("\n", 1)[1]
            assert shown.endswith(" …")
            kept = shown[: -len(" …")]
            # What is kept is the snippet's own start, ending where a word ends.
            assert hit.snippet.startswith(kept)
            assert hit.snippet[len(kept)] == " "
