"""Why a sentence carries its facets: the lines of the topics file that match it, where they
are written, and the words each matched; in the library and in the reader (key w)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pilot import plain, ready, wait_until

from kread.index.errors import KreadError
from kread.index.facets.taxonomy import default_taxonomy_path
from kread.index.library import Library
from kread.tui.app import KreadApp
from kread.tui.cli import main
from kread.tui.screens.library import LibraryScreen
from kread.tui.screens.why import WhyScreen
from kread.tui.why_report import query_excerpt, why_text
from kread.tui.widgets.reader import Reader

USER_TOPICS = """\
facets:
  - name: garden
    label: Garden
    letter: D
    colour: "#87d787"
    description: Plants and the weather they like.
    query:
      - 'zebra* giraffe*'
      - 'tomato* cucumber*'
      - 'frost OR "sunny spot"'
  - name: risks
    query: 'nausea dissociation'
"""


def _line_of(path: Path, fragment: str) -> int:
    """The 1-based line of ``path`` that holds ``fragment`` (only one may)."""
    found = [n for n, line in enumerate(path.read_text().splitlines(), 1) if fragment in line]
    assert len(found) == 1, found
    return found[0]


def _sentence(library: Library, doc_id: str, words: str) -> int:
    doc = library.document(doc_id)
    return next(i for i, s in enumerate(doc.sentences) if words in doc.text[s.start : s.end])


@pytest.fixture
def small_library(small_corpus: Path) -> Library:
    library = Library.open(small_corpus)
    yield library
    library.close()


def test_each_matching_line_of_the_default_taxonomy_is_named_with_its_words(small_library):
    index = _sentence(small_library, "beta", "glutamate surge")
    why = small_library.explain("beta", index)
    text = small_library.document("beta").text
    mechanism = next(r for r in why.facets if r.facet == "mechanism")
    by_line = {line.line: line for line in mechanism.lines}
    default = default_taxonomy_path()
    glutamate = by_line[_line_of(default, "'glutamat* gaba* interneuron*")]
    assert glutamate.query.startswith("glutamat* gaba*")
    assert [text[a:b] for a, b in glutamate.words] == ["glutamate"]
    receptors = by_line[_line_of(default, "'nmda ampa ")]
    assert [text[a:b] for a, b in receptors.words] == ["NMDA", "receptors"]
    assert all(line.bundled and line.source == str(default) for line in mechanism.lines)
    # The lines that do not match this sentence are not named.
    assert _line_of(default, '\'bdnf "brain-derived"') not in by_line
    # The facet's words are every word its lines matched, and only those.
    assert [text[a:b] for a, b in mechanism.words] == [
        "NMDA",
        "receptors",
        "glutamate",
        "synaptogenesis",
        "prefrontal",
        "cortex",
    ]


def test_cues_are_explained_with_their_lines_and_words(small_library):
    index = _sentence(small_library, "alpha", "rapid relief")
    doc = small_library.document("alpha")
    assert "absolute" in doc.sentences[index].cues or "quantified" in doc.sentences[index].cues
    why = small_library.explain("alpha", index)
    assert [r.facet for r in why.cues] == list(doc.sentences[index].cues)
    for reason in why.cues:
        assert reason.lines and reason.reader is None
        assert all(doc.text[a:b] for a, b in reason.words)
    facets = {f.name: f for f in small_library.facets}
    cues = {c.name: c for c in small_library.taxonomy.cues}
    shown = plain(why_text(why, doc, facets, cues=cues))
    assert "Claim cues" in shown and cues[why.cues[0].facet].label in shown


def test_the_readers_own_marks_are_said_to_be_theirs(small_library):
    index = _sentence(small_library, "gamma", "Tomatoes like")
    doc = small_library.document("gamma")
    assert not doc.sentences[index].facets
    small_library.correct("gamma", index, "risks", True)
    small_library.correct("gamma", index, "hedged", True, cue=True)
    why = small_library.explain("gamma", index)
    assert [(r.facet, r.reader, r.lines) for r in why.facets] == [("risks", "added", ())]
    assert [(r.facet, r.reader) for r in why.cues] == [("hedged", "added")]
    facets = {f.name: f for f in small_library.facets}
    shown = plain(why_text(why, doc, facets))
    assert "put on by you" in shown and "earlier version" not in shown
    # kread's mark taken off is still explained, as the reader's doing.
    beta = _sentence(small_library, "beta", "glutamate surge")
    small_library.correct("beta", beta, "mechanism", False)
    why = small_library.explain("beta", beta)
    mechanism = next(r for r in why.facets if r.facet == "mechanism")
    assert mechanism.reader == "removed" and mechanism.lines
    assert "taken off by you" in plain(why_text(why, small_library.document("beta"), facets))


def test_a_user_topics_file_reports_its_own_path_and_line(small_corpus, tmp_path):
    topics = tmp_path / "my-topics.yaml"
    topics.write_text(USER_TOPICS, encoding="utf-8")
    library = Library.open(small_corpus, topics)
    try:
        why = library.explain("gamma", _sentence(library, "gamma", "sunny spot"))
        text = library.document("gamma").text
        (garden,) = why.facets
        assert garden.facet == "garden"
        # Only the lines that match, each with its own line: not the zebras.
        assert [(line.source, line.line) for line in garden.lines] == [
            (str(topics), _line_of(topics, "tomato*")),
            (str(topics), _line_of(topics, "sunny spot")),
        ]
        assert not any(line.bundled for line in garden.lines)
        assert [text[a:b] for a, b in garden.lines[0].words] == ["Tomatoes"]
        assert [text[a:b] for a, b in garden.lines[1].words] == ["sunny", "spot"]
        # An overridden default facet names the user's line, not the default's.
        why = library.explain("beta", _sentence(library, "beta", "side effects"))
        (risks,) = [r for r in why.facets if r.facet == "risks"]
        assert [(line.source, line.line) for line in risks.lines] == [
            (str(topics), _line_of(topics, "nausea dissociation"))
        ]
        assert [text for text in (line.query for line in risks.lines)] == ["nausea dissociation"]
    finally:
        library.close()


def test_a_sentence_with_no_facet_or_a_heading_says_why(small_library):
    why = small_library.explain("gamma", _sentence(small_library, "gamma", "Plant them"))
    assert why.facets == () and why.unmarked is None
    doc = small_library.document("beta")
    heading = next(i for i, s in enumerate(doc.sentences) if s.heading)
    why = small_library.explain("beta", heading)
    assert why.facets == ()
    assert "heading" in why.unmarked


def test_a_sentence_number_out_of_range_is_one_clear_error(small_library):
    count = len(small_library.document("beta").sentences)
    with pytest.raises(KreadError, match=rf"beta has {count} sentences; there is no sentence "):
        small_library.explain("beta", count)


def test_a_long_query_is_cut_around_the_term_that_matched():
    query = " ".join(f"word{i}" for i in range(60)) + ' "game-changer" ' + "tail " * 40
    shown = query_excerpt(query, ["game-changer"])
    assert '"game-changer"' in shown and shown.startswith("… ") and shown.endswith(" …")
    assert len(shown) <= 160
    assert query_excerpt("nmda ampa receptor*", ["NMDA"]) == "nmda ampa receptor*"


async def test_w_in_the_reader_shows_why_and_escape_closes(small_corpus):
    app = KreadApp(small_corpus)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        await pilot.press("j", "enter")  # beta: glutamate and the brain
        await wait_until(pilot, lambda: screen.query_one(Reader).document.id == "beta")
        await pilot.press("]", "w")
        await wait_until(
            pilot, lambda: isinstance(app.screen, WhyScreen) and app.screen.explanation
        )
        why = app.screen
        shown = plain(why.explain_text())
        line = _line_of(default_taxonomy_path(), "'glutamat* gaba* interneuron*")
        assert f"topics.yaml (kread's own) line {line}: glutamat* gaba*" in shown
        assert "Ketamine blocks NMDA receptors" in shown
        assert "matched glutamate" in shown
        await pilot.press("]")  # the next sentence: side effects, under risks
        await wait_until(pilot, lambda: why.explanation.sentence == why.sentence)
        assert "Risks: side effects" in plain(why.explain_text())
        await pilot.press("escape")
        assert isinstance(app.screen, LibraryScreen)
        assert screen.query_one(Reader).has_focus


async def test_w_on_an_unmarked_sentence_says_it_has_no_facets(small_corpus):
    app = KreadApp(small_corpus)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        await pilot.press("j", "j", "enter")  # gamma: gardening, nothing marked
        await wait_until(pilot, lambda: screen.query_one(Reader).document.id == "gamma")
        await pilot.press("w")
        await wait_until(
            pilot, lambda: isinstance(app.screen, WhyScreen) and app.screen.explanation
        )
        assert "No facets" in plain(app.screen.explain_text())


def test_why_screen_snapshot(snap_compare, monkeypatch):
    """The marks of the first marked sentence of 001, explained, at 80x24."""
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")

    async def why(pilot):
        await ready(pilot)
        await pilot.press("j", "enter", "]", "w")
        await wait_until(
            pilot, lambda: isinstance(pilot.app.screen, WhyScreen) and pilot.app.screen.explanation
        )
        await pilot.pause()

    assert snap_compare(KreadApp(), terminal_size=(80, 24), run_before=why)


def test_the_words_explained_are_the_words_the_reader_underlines(seeds_library):
    """Every marked sentence of the bundled articles: each facet has a line that matches,
    and the lines' words are the very words the index marked for that facet."""
    for info in seeds_library.documents():
        doc = seeds_library.document(info.id)
        for index, sentence in enumerate(doc.sentences):
            if not sentence.facets:
                continue
            why = seeds_library.explain(doc.id, index)
            assert [r.facet for r in why.facets] == list(sentence.facets)
            for reason in why.facets:
                marked = sorted((a, b) for a, b, f in sentence.spans if f == reason.facet)
                assert reason.lines, (doc.id, index, reason.facet)
                assert list(reason.words) == marked, (doc.id, index, reason.facet)


def test_show_why_prints_the_lines_and_json_has_their_offsets(capsys, small_corpus, tmp_path):
    topics = tmp_path / "my-topics.yaml"
    topics.write_text(USER_TOPICS, encoding="utf-8")
    common = ("--corpus", str(small_corpus), "--topics", str(topics))
    assert main(["show", "gamma", *common, "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    index = next(i for i, s in enumerate(shown["sentences"]) if s["facets"] == ["garden"])
    assert main(["show", "gamma", "--why", str(index + 1), *common, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["sentence"] == index and "sunny spot" in data["text"]
    (garden,) = data["facets"]
    assert [(line["line"], line["query"]) for line in garden["lines"]] == [
        (_line_of(topics, "tomato*"), "tomato* cucumber*"),
        (_line_of(topics, "sunny spot"), 'frost OR "sunny spot"'),
    ]
    assert [shown["text"][a:b] for a, b in garden["words"]] == ["Tomatoes", "sunny", "spot"]
    assert main(["show", "gamma", "--why", str(index + 1), *common]) == 0
    out = capsys.readouterr().out
    assert f'line {_line_of(topics, "sunny spot")}: frost OR "sunny spot"' in out
    assert "matched sunny spot" in out
    # A sentence that is not there: one line, exit 2.
    assert main(["show", "gamma", "--why", "99", *common]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "there is no sentence 99" in err


def test_the_explanation_shows_document_text_as_written_never_as_markup(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "odd.txt").write_text(
        "Odd\n\n[bold]Ketamine[/] blocks [@click=app.quit]NMDA receptors[/b] in the brain.\n",
        encoding="utf-8",
    )
    library = Library.open(folder)
    try:
        doc = library.document("odd")
        index = _sentence(library, "odd", "NMDA")
        why = library.explain("odd", index)
        shown = plain(why_text(why, doc, {f.name: f for f in library.facets}))
        assert "[bold]Ketamine[/] blocks [@click=app.quit]NMDA receptors[/b]" in shown
        assert "matched NMDA receptors" in shown
    finally:
        library.close()


async def test_w_in_the_full_text_of_a_comparison_shows_why_too():
    app = KreadApp()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("j", "m", "m", "c")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "CompareScreen")
        await pilot.pause(0.2)
        await pilot.press("v", "]", "w")
        await wait_until(
            pilot, lambda: isinstance(app.screen, WhyScreen) and app.screen.explanation
        )
        assert "matched" in plain(app.screen.explain_text())
        await pilot.press("escape")
        assert type(app.screen).__name__ == "CompareScreen"
