"""The reader's own work (corrections, notes, scores): kept per corpus in the user data
directory, never lost to a crash, a damaged file, a second kread or a rebuilt index, and
found again after the article was edited."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kread.index.errors import KreadError
from kread.index.library import Library
from kread.index.locations import workbook_file
from kread.index.workbook import file as workbook_file_module
from kread.tui.cli import main

ALPHA_RELIEF = "Patients reported rapid relief of depressive symptoms within a day."


def sentence_index(library: Library, doc_id: str, starts_with: str) -> int:
    doc = library.document(doc_id)
    for index, sentence in enumerate(doc.sentences):
        if doc.text[sentence.start : sentence.end].startswith(starts_with):
            return index
    raise AssertionError(f"no sentence starting {starts_with!r} in {doc_id}")


@pytest.fixture
def library(small_corpus: Path):
    library = Library.open(small_corpus)
    yield library
    library.close()


def saved(library: Library) -> dict:
    return json.loads(library.workbook.path.read_text(encoding="utf-8"))


# -- where it lives and what it holds -------------------------------------------------
def test_work_lives_in_the_data_directory_one_file_per_corpus(library, small_corpus, tmp_path):
    index = sentence_index(library, "alpha", "Patients")
    library.note("alpha", index, "Which patients? How many?")
    path = workbook_file(small_corpus)
    assert path.parent == Path(os.environ["KREAD_DATA_DIR"])
    assert path == library.workbook.path
    other = tmp_path / "other"
    other.mkdir()
    assert workbook_file(other) != path
    entry = saved(library)["sentences"][0]
    assert entry["document"] == "alpha"
    assert entry["text"] == ALPHA_RELIEF
    assert entry["note"] == "Which patients? How many?"
    sentence = library.document("alpha").sentences[index]
    assert (entry["start"], entry["end"]) == (sentence.start, sentence.end)


def test_a_correction_wins_in_the_document_and_its_counts(library):
    index = sentence_index(library, "alpha", "Patients")
    before = library.document("alpha")
    assert "benefits" in before.sentences[index].facets
    doc = library.correct("alpha", index, "benefits", False)
    doc = library.correct("alpha", index, "risks", True)
    sentence = doc.sentences[index]
    assert "benefits" not in sentence.facets and "risks" in sentence.facets
    assert sentence.correction.facets_removed == ("benefits",)
    assert sentence.correction.facets_added == ("risks",)
    assert doc.facet_counts["benefits"] == before.facet_counts["benefits"] - 1
    assert doc.facet_counts["risks"] == before.facet_counts["risks"] + 1
    listed = {d.id: d for d in library.documents()}["alpha"]
    assert listed.facet_counts == doc.facet_counts


def test_undoing_a_correction_leaves_kreads_marks_and_no_entry(library):
    index = sentence_index(library, "alpha", "Patients")
    library.correct("alpha", index, "benefits", False)
    doc = library.correct("alpha", index, "benefits", True)
    assert "benefits" in doc.sentences[index].facets
    assert doc.sentences[index].correction is None
    assert saved(library)["sentences"] == []


def test_facets_are_named_as_everywhere_else(library):
    index = sentence_index(library, "alpha", "Patients")
    doc = library.correct("alpha", index, "R", True)  # the facet's letter
    assert "risks" in doc.sentences[index].facets
    with pytest.raises(KreadError, match="unknown facet"):
        library.correct("alpha", index, "astrology", True)
    with pytest.raises(KreadError, match="no sentence 999"):
        library.note("alpha", 999, "x")


def test_scores_and_notes_per_appraisal_item(library):
    library.set_score("alp", "risks", 2)
    library.set_note("alpha", "risks", "Says nothing of dissociation.")
    library.set_score("alpha", "sources", 4)
    scores = library.scores("alpha")
    assert scores["risks"].score == 2 and scores["risks"].note == "Says nothing of dissociation."
    assert scores["sources"].score == 4 and scores["sources"].note == ""
    assert "costs" not in scores
    library.set_score("alpha", "sources", None)
    assert "sources" not in library.scores("alpha")
    for bad in (0, 6, True):
        with pytest.raises(KreadError, match="1 to 5"):
            library.set_score("alpha", "risks", bad)
    with pytest.raises(KreadError, match="no appraisal item 'price'"):
        library.set_score("alpha", "price", 3)
    assert library.scores("alpha")["risks"].score == 2
    # the appraisal carries them, and only them: kread never scores an item itself
    items = {item.name: item for item in library.appraise("alpha").items}
    assert (items["risks"].score, items["risks"].note) == (2, "Says nothing of dissociation.")
    assert all(item.score is None for name, item in items.items() if name != "risks")


# -- written atomically -------------------------------------------------------------------
@pytest.mark.parametrize("failing", ["replace", "fsync"])
def test_a_crash_while_saving_leaves_the_old_file_whole(library, monkeypatch, failing):
    index = sentence_index(library, "alpha", "Patients")
    library.note("alpha", index, "first thought")
    path = library.workbook.path
    before = path.read_bytes()

    def crash(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(workbook_file_module.os, failing, crash)
    with pytest.raises(KreadError, match=r"could not save your work to .*No space left"):
        library.note("alpha", index, "second thought")
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")] == []
    # What is shown is what was saved, not the change that failed.
    assert library.document("alpha").sentences[index].note == "first thought"


# -- damaged or hand-edited ---------------------------------------------------------
def test_a_damaged_file_is_named_in_one_line_and_kept_as_a_backup(small_corpus, capsys):
    path = workbook_file(small_corpus)
    path.parent.mkdir(parents=True, exist_ok=True)
    damaged = b'{"format": 1, "sentences": [{"document": "alpha", "text": "Pat'
    path.write_bytes(damaged)
    library = Library.open(small_corpus)
    try:
        lines = [w for w in library.warnings if str(path) in w]
        assert len(lines) == 1 and "\n" not in lines[0]
        assert "cannot be read" in lines[0] and "line 1" in lines[0]
        assert path.read_bytes() == damaged  # reading never writes
        index = sentence_index(library, "alpha", "Patients")
        library.note("alpha", index, "new work")
        backups = list(path.parent.glob(path.name + ".bak-*"))
        assert [b.read_bytes() for b in backups] == [damaged]
        assert saved(library)["sentences"][0]["note"] == "new work"
        library.note("alpha", index, "more work")  # one backup, not one per save
        assert len(list(path.parent.glob(path.name + ".bak-*"))) == 1
    finally:
        library.close()


def test_a_bad_entry_costs_only_itself_and_is_written_back_as_it_was(small_corpus):
    path = workbook_file(small_corpus)
    path.parent.mkdir(parents=True, exist_ok=True)
    bad = {"document": "alpha", "text": "x", "start": "twelve", "end": 3, "note": "mine"}
    good = {"document": "alpha", "text": ALPHA_RELIEF, "start": 0, "end": 0, "note": "kept"}
    contents = {
        "format": 1,
        "sentences": [bad, good],
        "articles": {"alpha": {"risks": {"score": 9, "note": "typo"}}},
    }
    path.write_text(json.dumps(contents), encoding="utf-8")
    library = Library.open(small_corpus)
    try:
        lines = [w for w in library.warnings if str(path) in w]
        assert len(lines) == 1 and "sentence entry 1" in lines[0] and "1 more" in lines[0]
        index = sentence_index(library, "alpha", "Patients")
        assert library.document("alpha").sentences[index].note == "kept"
        assert "risks" not in library.scores("alpha")
        library.set_score("alpha", "costs", 3)
        after = saved(library)
        assert bad in after["sentences"]
        assert after["articles"]["alpha"]["risks"] == {"score": 9, "note": "typo"}
        assert after["articles"]["alpha"]["costs"]["score"] == 3
        assert len(list(path.parent.glob(path.name + ".bak-*"))) == 1
    finally:
        library.close()


def test_a_file_from_a_newer_kread_is_never_overwritten(small_corpus):
    path = workbook_file(small_corpus)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('{"format": 99, "sentences": []}', encoding="utf-8")
    library = Library.open(small_corpus)
    try:
        assert any("newer" in w and str(path) in w for w in library.warnings)
        with pytest.raises(KreadError, match="not saved"):
            library.set_score("alpha", "risks", 3)
        assert path.read_text(encoding="utf-8") == '{"format": 99, "sentences": []}'
    finally:
        library.close()


# -- two kread processes ------------------------------------------------------------------
WRITER = """
import sys
from kread.index.library import Library
library = Library.open(sys.argv[1])
who = sys.argv[2]
doc = library.document(who)
for number in range(int(sys.argv[3])):
    library.set_note("alpha", "risks", f"{who} {number}")  # both write here: the last wins
    library.note(who, number % len(doc.sentences), f"{who} note {number}")
    library.set_score(who, "risks", number % 5 + 1)
print("done")
"""


def test_two_processes_saving_at_once_lose_nothing(small_corpus):
    Library.open(small_corpus).close()  # the index is built before they start
    rounds = 25
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(small_corpus), who, str(rounds)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for who in ("beta", "gamma")
    ]
    for writer in writers:
        _out, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
    library = Library.open(small_corpus)
    try:
        # Each process's last work on its own document survived the other's saves.
        for who in ("beta", "gamma"):
            assert library.scores(who)["risks"].score == (rounds - 1) % 5 + 1
            sentences = library.document(who).sentences
            last = {n % len(sentences): n for n in range(rounds)}
            assert [s.note for s in sentences] == [f"{who} note {last[i]}" for i in last]
        assert library.scores("alpha")["risks"].note in (
            f"beta {rounds - 1}",
            f"gamma {rounds - 1}",
        )
    finally:
        library.close()


# -- anchors -------------------------------------------------------------------------------
def test_work_follows_its_sentence_when_the_file_is_edited(library, small_corpus):
    index = sentence_index(library, "alpha", "Patients")
    library.correct("alpha", index, "risks", True)
    library.note("alpha", index, "Which patients?")
    file = small_corpus / "alpha.txt"
    text = file.read_text(encoding="utf-8")
    edited = text.replace(
        "Esketamine and the FDA\n\n",
        "Esketamine and the FDA\n\nA new first paragraph moves every offset after it. "
        "It has two sentences.\n\n",
    )
    file.write_text(edited, encoding="utf-8")
    library.refresh()
    doc = library.document("alpha")
    moved = [s for s in doc.sentences if s.note]
    assert len(moved) == 1
    assert doc.text[moved[0].start : moved[0].end] == ALPHA_RELIEF
    assert moved[0].start > text.index(ALPHA_RELIEF)
    assert "risks" in moved[0].facets and moved[0].note == "Which patients?"
    assert doc.detached == ()


def test_work_follows_a_sentence_reworded_slightly(library, small_corpus):
    index = sentence_index(library, "alpha", "Patients")
    library.note("alpha", index, "Which patients?")
    file = small_corpus / "alpha.txt"
    reworded = ALPHA_RELIEF.replace("rapid", "quick")
    file.write_text(file.read_text(encoding="utf-8").replace(ALPHA_RELIEF, reworded), "utf-8")
    library.refresh()
    doc = library.document("alpha")
    noted = [doc.text[s.start : s.end] for s in doc.sentences if s.note]
    assert noted == [reworded]


def test_work_on_a_sentence_that_is_gone_is_kept_and_shown_detached(library, small_corpus, capsys):
    index = sentence_index(library, "alpha", "Patients")
    library.note("alpha", index, "Which patients?")
    library.correct("alpha", index, "benefits", False)
    file = small_corpus / "alpha.txt"
    file.write_text(file.read_text(encoding="utf-8").replace(ALPHA_RELIEF, ""), "utf-8")
    library.refresh()
    doc = library.document("alpha")
    assert not any(s.note for s in doc.sentences)
    assert len(doc.detached) == 1
    assert doc.detached[0].text == ALPHA_RELIEF and doc.detached[0].note == "Which patients?"
    assert doc.detached[0].correction.facets_removed == ("benefits",)
    assert saved(library)["sentences"][0]["note"] == "Which patients?"  # never dropped
    capsys.readouterr()
    assert main(["--corpus", str(small_corpus), "show", "alpha", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)["detached"]
    assert shown[0]["note"] == "Which patients?" and shown[0]["text"] == ALPHA_RELIEF
    assert main(["--corpus", str(small_corpus), "show", "alpha"]) == 0
    assert "1 of your notes or corrections no longer attach" in capsys.readouterr().out
    # Put back, it attaches again.
    file.write_text(file.read_text(encoding="utf-8") + "\n" + ALPHA_RELIEF + "\n", "utf-8")
    library.refresh()
    assert library.document("alpha").detached == ()


def test_a_quote_is_kept_follows_its_sentence_and_outlives_it(library, small_corpus, capsys):
    index = sentence_index(library, "alpha", "Patients")
    doc = library.quote("alpha", [index])
    assert doc.sentences[index].quoted
    assert saved(library)["sentences"][0]["quoted"] is True
    assert [d.id for d in library.quoted()] == ["alpha"]
    # Taken out again, nothing is left of it.
    library.quote("alpha", [index], quoted=False)
    assert saved(library)["sentences"] == [] and library.quoted() == []
    library.quote("alpha", [index])
    file = small_corpus / "alpha.txt"
    file.write_text(file.read_text(encoding="utf-8").replace(ALPHA_RELIEF, ""), "utf-8")
    library.refresh()
    [detached] = library.document("alpha").detached
    assert detached.quoted and detached.text == ALPHA_RELIEF
    capsys.readouterr()
    assert main(["--corpus", str(small_corpus), "export", "quotes"]) == 0
    out = capsys.readouterr().out
    assert f"> {ALPHA_RELIEF}" in out and "no longer in the article as it now reads" in out


def test_a_workbook_from_before_quotes_reads_as_unquoted_and_a_bad_flag_is_kept(small_corpus):
    library = Library.open(small_corpus)
    index = sentence_index(library, "alpha", "Patients")
    library.note("alpha", index, "kept")
    data = saved(library)
    assert "quoted" not in data["sentences"][0]  # a note alone writes no flag
    data["sentences"].append({**data["sentences"][0], "note": "", "quoted": "yes"})
    library.workbook.path.write_text(json.dumps(data), encoding="utf-8")
    library.close()
    library = Library.open(small_corpus)
    assert not library.document("alpha").sentences[index].quoted
    assert library.document("alpha").sentences[index].note == "kept"
    assert '"quoted" must be true or false' in (library.workbook.warning or "")
    library.close()


# -- the index is not the reader's work ------------------------------------------------
def test_corrections_survive_a_rebuilt_index(small_corpus, capsys):
    library = Library.open(small_corpus)
    index = sentence_index(library, "gamma", "Tomatoes")
    library.correct("gamma", index, "risks", True)
    library.note("gamma", index, "Frost is a risk to tomatoes.")
    saved_bytes = library.workbook.path.read_bytes()
    library.close()
    assert main(["--corpus", str(small_corpus), "index", "--rebuild"]) == 0
    assert workbook_file(small_corpus).read_bytes() == saved_bytes  # never touched
    capsys.readouterr()
    assert main(["--corpus", str(small_corpus), "show", "gamma", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)["sentences"][index]
    assert "risks" in shown["facets"]
    assert shown["corrected"]["facets_added"] == ["risks"]
    assert shown["note"] == "Frost is a risk to tomatoes."
    assert main(["--corpus", str(small_corpus), "list", "--json"]) == 0
    listed = {d["id"]: d for d in json.loads(capsys.readouterr().out)["documents"]}
    assert listed["gamma"]["facet_counts"]["risks"] == 1


def test_show_json_keeps_its_keys_and_says_what_the_reader_did(library, small_corpus, capsys):
    index = sentence_index(library, "alpha", "Patients")
    library.correct("alpha", index, "benefits", False)
    capsys.readouterr()
    assert main(["--corpus", str(small_corpus), "show", "alpha", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["detached"] == []
    for number, sentence in enumerate(data["sentences"]):
        assert {"start", "end", "facets", "cues", "boilerplate", "note", "corrected"} <= set(
            sentence
        )
        if number == index:
            assert sentence["corrected"]["facets_removed"] == ["benefits"]
            assert "benefits" not in sentence["facets"]
        else:
            assert sentence["corrected"] is None and sentence["note"] == ""
    # A facet filter sees the corrected marks too.
    assert main(["--corpus", str(small_corpus), "show", "alpha", "--facet", "risks", "--json"]) in (
        0,
        1,
    )
    capsys.readouterr()
    library.correct("alpha", index, "risks", True)
    assert main(["--corpus", str(small_corpus), "show", "alpha", "--facet", "risks", "--json"]) == 0
    starts = [s["start"] for s in json.loads(capsys.readouterr().out)["sentences"]]
    assert library.document("alpha").sentences[index].start in starts


def test_compare_and_points_see_the_readers_marks(library):
    index = sentence_index(library, "gamma", "Tomatoes")
    before = library.compare("alpha", "gamma", facets=["risks"]).facets["risks"]
    assert index not in before.only_b
    library.correct("gamma", index, "risks", True)
    after = library.compare("alpha", "gamma", facets=["risks"]).facets["risks"]
    assert index in after.only_b or any(index in p.b for p in after.points)
    points = library.points(["gamma"], facets=["risks"]).facets["risks"]
    assert any(index in p.sentences.get("gamma", ()) for p in points)
