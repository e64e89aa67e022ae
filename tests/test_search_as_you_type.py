"""Search as the reader issues it while the user types: the word being typed completed,
snippets only for the hits a screen shows, match offsets found when a hit is opened."""

from __future__ import annotations

from pathlib import Path

from index.library import Library
from tests.pilot import ready, wait_until
from tui.app import KreadApp
from tui.widgets.document_list import DocumentList


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
