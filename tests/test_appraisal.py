"""`kread appraise` and `Library.appraise`: items with their evidence or not found, what
an article does not tell you, its balance, and the report formats."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from kread.index.appraisal.engine import appraise_document
from kread.index.appraisal.items import ITEM_NAMES, ItemsError, default_items, load_items
from kread.index.library import Library
from kread.index.workbook.models import ItemJudgement
from kread.tui.cli import main

ITEM_KEYS = {
    "name",
    "question",
    "source",
    "found",
    "reader_found",
    "evidence",
    "metadata",
    "score",
    "note",
    "applies",
}


@pytest.fixture
def appraisal_corpus(tmp_path: Path) -> Path:
    """A clinic page that only sells, and a leaflet that says what it costs and risks."""
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "clinic.txt").write_text(
        "Ketamine for PTSD\n\n"
        "Ketamine offers rapid relief from PTSD symptoms within hours. "
        "Many patients report lasting improvement in their mood.\n\n"
        "Call us today at (555) 123-4567 to book a free consultation.\n",
        encoding="utf-8",
    )
    (folder / "leaflet.md").write_text(
        "---\ntitle: Ketamine leaflet\ndate: 2024-05-01\n---\n"
        "# Ketamine leaflet\n\n"
        "Ketamine can ease symptoms of depression quickly. "
        "Common side effects include nausea, dissociation and raised blood pressure. "
        "Ketamine is not approved by the FDA for PTSD. "
        "A course costs $400 per infusion | not covered by most plans.\n\n"
        "Talk to your doctor about other treatments such as psychotherapy.\n",
        encoding="utf-8",
    )
    return folder


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys, *args: str) -> dict:
    code, out, err = run(capsys, "appraise", *args, "--json")
    assert code == 0, err
    return json.loads(out)


def test_json_has_every_item_in_order_with_its_question_source_and_no_score(capsys):
    data = run_json(capsys, "000")
    assert data["id"] == "000_944167e6c0212a66"
    assert data["title"] == "The Effectiveness of Ketamine Therapy for Trauma"
    assert [item["name"] for item in data["items"]] == list(ITEM_NAMES)
    sentences = json.loads(run(capsys, "show", "000", "--json")[1])["sentences"]
    for item in data["items"]:
        assert set(item) == ITEM_KEYS
        assert item["question"].endswith("?") and item["source"]
        # kread never rates an item: the score is the reader's
        assert item["score"] is None and item["note"] == ""
        assert item["reader_found"] is None  # nor corrects one
        assert item["found"] == bool(item["evidence"] or item["metadata"])
        assert all(0 <= i < len(sentences) for i in item["evidence"])
    by_name = {item["name"]: item for item in data["items"]}
    assert by_name["sources"]["source"].startswith("DISCERN 4")
    assert set(data) >= {"id", "title", "items", "cues", "not_told", "balance"}
    assert set(data["balance"]) == {
        "benefits",
        "risks",
        "regulation",
        "hedged",
        "absolute",
        "warning",
    }


def test_an_item_the_article_lacks_is_not_found_and_told_to_the_reader(capsys, appraisal_corpus):
    clinic = run_json(capsys, "--corpus", str(appraisal_corpus), "clinic")
    items = {item["name"]: item for item in clinic["items"]}
    assert items["costs"] == {**items["costs"], "found": False, "evidence": []}
    assert items["risks"]["found"] is False
    told = {entry["item"]: entry["text"] for entry in clinic["not_told"]}
    assert (
        told["costs"]
        == "It does not say what the treatment costs or whether insurance pays for it."
    )
    assert told["sources"] == "It does not name any study or other source for what it says."
    # a page that does not promote is not a gap for the reader
    assert "promotion" not in told and items["promotion"]["found"] is True

    leaflet = run_json(capsys, "--corpus", str(appraisal_corpus), "leaflet")
    items = {item["name"]: item for item in leaflet["items"]}
    for name in ("risks", "regulation", "costs", "alternatives", "shared_decision", "benefits"):
        assert items[name]["found"], name
    assert items["promotion"]["found"] is False
    assert items["date"]["metadata"] == "date: 2024-05-01"
    assert "costs" not in {entry["item"] for entry in leaflet["not_told"]}


def test_benefits_without_any_risk_are_warned_about(capsys, appraisal_corpus):
    clinic = run_json(capsys, "--corpus", str(appraisal_corpus), "clinic")
    assert clinic["balance"]["benefits"] >= 1
    assert "no risk or side effect" in clinic["balance"]["warning"]
    # the balance counts the same hedged and absolute sentences as the cue counts
    assert clinic["balance"]["hedged"] == clinic["cues"].get("hedged", 0)
    assert clinic["balance"]["absolute"] == clinic["cues"].get("absolute", 0) >= 1
    leaflet = run_json(capsys, "--corpus", str(appraisal_corpus), "leaflet")
    assert leaflet["balance"]["warning"] is None
    code, out, _ = run(capsys, "--corpus", str(appraisal_corpus), "appraise", "clinic")
    assert code == 0
    assert "no risk or side effect" in out
    assert "What this article does not tell you" in out
    assert "It does not say what the treatment costs" in out


def test_a_claim_that_side_effects_are_minimal_describes_no_risk(seeds_library):
    appraisal = seeds_library.appraise("000")
    doc = seeds_library.document("000")
    texts = [
        doc.text[doc.sentences[i].start : doc.sentences[i].end]
        for i in appraisal.item("risks").evidence
    ]
    assert not any(text.startswith("Minimal side effects") for text in texts)


@pytest.mark.parametrize("doc", ["nosuch", "00"])
def test_an_unknown_or_ambiguous_id_exits_2_with_one_line(capsys, doc):
    code, out, err = run(capsys, "appraise", doc)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1
    assert "kread list" in err or "give more of the id" in err


def test_a_unique_prefix_is_accepted(capsys):
    assert run_json(capsys, "004")["id"] == "004_c59edfe8f18d82a9"


def test_markdown_reads_back_as_a_table_of_every_item(capsys, appraisal_corpus):
    data = run_json(capsys, "--corpus", str(appraisal_corpus), "leaflet")
    code, markdown, _ = run(
        capsys, "--corpus", str(appraisal_corpus), "appraise", "leaflet", "--markdown"
    )
    assert code == 0
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    rows, row = [], None
    for token in tokens:
        if token.type == "tr_open":
            row = []
        elif token.type == "inline" and row is not None:
            row.append(token.content)
        elif token.type == "tr_close":
            rows.append(row)
            row = None
    header, *body = rows
    assert header == ["item", "question", "source", "found", "evidence", "score", "note"]
    assert [r[0] for r in body] == [item["name"] for item in data["items"]]
    for cells, item in zip(body, data["items"], strict=True):
        assert len(cells) == 7  # a "|" in the article's text does not split a row
        assert cells[3] == ("yes" if item["found"] else "no")
        assert cells[5] == ""  # no score until the reader gives one
        if item["evidence"]:
            # numbered from 1, as the reader counts; the JSON indexes from 0
            assert [int(i) - 1 for i in cells[4].split(", ")] == item["evidence"]
    headings = [
        t.content for i, t in enumerate(tokens) if i and tokens[i - 1].type == "heading_open"
    ]
    assert "What this article does not tell you" in headings
    # the sentence with "|" is quoted as written, not read as Markdown
    html = MarkdownIt("commonmark").enable("table").render(markdown)
    assert "A course costs $400 per infusion | not covered by most plans." in html


def test_a_reader_rating_is_carried_and_never_invented(seeds_library):
    doc = seeds_library.document("001")
    rating = {"risks": ItemJudgement(4, "lists side effects")}
    rated = appraise_document(doc, default_items(), rating)
    assert rated.item("risks").score == 4 and rated.item("risks").note == "lists side effects"
    assert all(item.score is None for item in rated.items if item.name != "risks")


def test_an_items_file_with_a_bad_query_names_the_file_and_item(tmp_path):
    path = tmp_path / "items.yaml"
    path.write_text(
        "items:\n  - name: costs\n    question: Costs?\n    source: x\n    query: '(price'\n",
        encoding="utf-8",
    )
    with pytest.raises(ItemsError, match=r"items\.yaml: item 'costs': query"):
        load_items(path)


def test_appraise_never_imports_textual():
    code = (
        "import sys\n"
        "from kread.tui.cli import main\n"
        "rc = main(['appraise', '000', '--json'])\n"
        "assert 'textual' not in sys.modules, 'textual was imported'\n"
        "sys.exit(rc)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_library_appraise_resolves_prefixes(appraisal_corpus):
    library = Library.open(appraisal_corpus)
    try:
        assert library.appraise("leaf").id == "leaflet"
    finally:
        library.close()


def test_technical_prose_citing_no_study_is_not_credited_with_sources(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "manual.txt").write_text(
        "Argument Clinic is a preprocessor for CPython C files. "
        "If Argument Clinic produced no output, it found an error in your input. "
        "The method is looked up according to the precedence rules listed below. "
        "A call returns a reference to the same logger object. "
        "See the Python Library Reference for the full list of references.\n",
        encoding="utf-8",
    )
    (folder / "report.txt").write_text(
        "Ketamine eased symptoms, according to a 2025 study in JAMA Psychiatry. "
        "Ketamine has not received the green light from the FDA for PTSD.\n",
        encoding="utf-8",
    )
    library = Library.open(folder)
    try:
        assert not library.appraise("manual").item("sources").found
        sources = library.appraise("report").item("sources")
        assert sources.evidence == (0,)  # the study, not the regulator's approval
    finally:
        library.close()


def test_a_front_matter_author_answers_the_author_item(capsys, tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "report.md").write_text(
        "---\ntitle: Ketamine trial\nauthor: Sam Okafor\n---\n\nKetamine eased symptoms.\n",
        encoding="utf-8",
    )
    (folder / "bare.md").write_text("Ketamine eased symptoms.\n", encoding="utf-8")
    data = run_json(capsys, "--corpus", str(folder), "report")
    author = next(item for item in data["items"] if item["name"] == "author")
    assert author["found"] and author["metadata"] == "author: Sam Okafor"
    data = run_json(capsys, "--corpus", str(folder), "bare")
    assert not next(item for item in data["items"] if item["name"] == "author")["found"]


def test_evidence_sentences_are_numbered_from_1_as_the_reader_counts(capsys):
    data = run_json(capsys, "000")
    (index,) = next(item for item in data["items"] if item["name"] == "date")["evidence"]
    code, out, _err = run(capsys, "appraise", "000")
    assert code == 0 and f"({index + 1}) Copyright" in out
    code, out, _err = run(capsys, "appraise", "000", "--markdown")
    assert code == 0 and f"- ({index + 1}) Copyright" in out


def test_a_readers_correction_of_found_wins_survives_a_rebuild_and_is_exported(
    capsys, appraisal_corpus
):
    library = Library.open(appraisal_corpus)
    try:
        library.set_found("clinic", "risks", True)  # kread: not found
        library.set_found("clinic", "promotion", False)  # kread: found
        saved = json.loads(library.workbook.path.read_text(encoding="utf-8"))
        assert saved["articles"]["clinic"]["risks"] == {"score": None, "note": "", "found": True}
    finally:
        library.close()
    assert main(["--corpus", str(appraisal_corpus), "index", "--rebuild"]) == 0
    capsys.readouterr()
    data = run_json(capsys, "--corpus", str(appraisal_corpus), "clinic")
    items = {item["name"]: item for item in data["items"]}
    assert (items["risks"]["found"], items["risks"]["reader_found"]) == (False, True)
    assert (items["promotion"]["found"], items["promotion"]["reader_found"]) == (True, False)
    assert items["costs"]["reader_found"] is None
    assert "risks" not in [gap["item"] for gap in data["not_told"]]
    assert data["balance"]["warning"] is None  # the reader found a risk described
    code, out, _err = run(capsys, "--corpus", str(appraisal_corpus), "appraise", "clinic")
    assert code == 0 and "corrected by you (kread: not found)" in out
    code, out, _err = run(
        capsys, "--corpus", str(appraisal_corpus), "appraise", "clinic", "--markdown"
    )
    assert "| risks |" in out and "yes (corrected by you (kread: not found))" in out
    code, out, _err = run(capsys, "--corpus", str(appraisal_corpus), "export", "csv", "clinic")
    rows = {row["item"]: row for row in csv.DictReader(io.StringIO(out, newline=""))}
    assert (rows["risks"]["found"], rows["risks"]["reader_found"]) == ("no", "yes")
    assert rows["costs"]["reader_found"] == ""


def test_a_workbook_from_before_corrections_of_found_still_loads(appraisal_corpus):
    library = Library.open(appraisal_corpus)
    try:
        library.set_score("clinic", "risks", 2)
        path = library.workbook.path
        data = json.loads(path.read_text(encoding="utf-8"))
        assert "found" not in data["articles"]["clinic"]["risks"]  # as older kread wrote it
    finally:
        library.close()
    library = Library.open(appraisal_corpus)
    try:
        risks = library.appraise("clinic").item("risks")
        assert (risks.score, risks.reader_found, risks.answered) == (2, None, False)
        assert library.workbook.warning is None
    finally:
        library.close()


# A manual, in the way technical prose words things: side effects of functions, a risk of
# lost data, special treatment of a case, performance that improves. None is a treatment.
MANUAL = (
    "# Caching results\n\n"
    "This guide shows how to cache the results of slow functions. "
    "A cached function returns the stored value instead of computing it again, which "
    "improves performance and reduces the load on the database. "
    "Functions with side effects should not be cached, because the side effects would "
    "happen only once. "
    "There is a risk of stale data when the cache is never cleared. "
    "Keys that are lists get special treatment: they are converted to tuples first. "
    "More research is needed into the best size for a cache, and results vary from one "
    "program to the next. "
    "Unlike a dictionary, the cache forgets the oldest entries when it is full. "
    "Contact us on the mailing list to learn more.\n\n"
    "## Clearing the cache\n\n"
    "Call the clear method to empty the cache. "
    "The statistics show how many calls were answered from the cache. "
    "A small cache is cheap, and a large one costs memory.\n"
)

# A health article on another topic, which names the condition and the tablets but
# never says "patient" or "treatment".
STATIN = (
    "# Statins and your heart\n\n"
    "High cholesterol narrows the arteries over many years. "
    "Statin tablets lower the amount of cholesterol in the blood and reduce the chance "
    "of a heart attack or stroke. "
    "Common side effects include headache, feeling sick and aching muscles. "
    "Rarely, statins cause serious muscle damage, so tell your doctor about any "
    "unexplained muscle pain. "
    "Ask your pharmacist what the tablets will do for your own risk.\n"
)


@pytest.fixture
def mixed_corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "caching.md").write_text(MANUAL, encoding="utf-8")
    (folder / "statins.md").write_text(STATIN, encoding="utf-8")
    return folder


def test_treatment_items_do_not_apply_to_a_technical_text(capsys, mixed_corpus):
    data = run_json(capsys, "--corpus", str(mixed_corpus), "caching")
    assert data["about_treatment"] is False
    items = {item["name"]: item for item in data["items"]}
    general = {"sources", "date", "author"}
    for name, item in items.items():
        if name in general:
            assert item["applies"] is True, name
        else:  # neither found nor a gap
            assert item == {**item, "applies": False, "found": False, "evidence": []}, name
    assert {entry["item"] for entry in data["not_told"]} <= general
    assert data["balance"]["warning"] is None

    code, out, _ = run(capsys, "--corpus", str(mixed_corpus), "appraise", "caching")
    assert code == 0
    assert " ".join(out.split()).count("does not apply (not about a treatment)") == 2
    assert "It does not say what side effects" not in out  # not a gap here
    assert "It does not name any study" in out  # the items that apply still do

    code, out, _ = run(capsys, "--corpus", str(mixed_corpus), "appraise", "caching", "--markdown")
    assert "does not apply (not about a treatment)" in out
    assert "### benefits" not in out and "| benefits |" in out

    code, out, _ = run(capsys, "--corpus", str(mixed_corpus), "export", "csv", "caching")
    rows = {row["item"]: row for row in csv.DictReader(io.StringIO(out, newline=""))}
    assert (rows["risks"]["found"], rows["risks"]["applies"]) == ("no", "no")
    assert rows["sources"]["applies"] == "yes"


def test_a_health_article_on_another_topic_finds_its_benefits_and_risks(capsys, mixed_corpus):
    data = run_json(capsys, "--corpus", str(mixed_corpus), "statins")
    assert data["about_treatment"] is True
    items = {item["name"]: item for item in data["items"]}
    assert all(item["applies"] for item in items.values())
    assert items["benefits"]["found"] and items["risks"]["found"]
    assert items["costs"]["found"] is False
    assert "costs" in {entry["item"] for entry in data["not_told"]}


def test_a_short_clinic_page_without_clinical_words_is_still_about_a_treatment(capsys, tmp_path):
    # No "patients", "doctor" or "medication": the words health care shares with other
    # prose, in most of its sentences. When in doubt the treatment items apply.
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "reset.md").write_text(
        "# Feel like yourself again\n\n"
        "Our team offers infusion therapy for depression and anxiety. "
        "Many people find their mood lifts after the first few sessions. "
        "Some feel dizzy or have a headache for an hour afterwards. "
        "We are open six days a week, with free parking behind the building. "
        "Call us today to book your first visit.\n",
        encoding="utf-8",
    )
    data = run_json(capsys, "--corpus", str(folder), "reset")
    assert data["about_treatment"] is True
    items = {item["name"]: item for item in data["items"]}
    assert all(item["applies"] for item in items.values())
    assert "costs" in {entry["item"] for entry in data["not_told"]}


def test_a_treatment_gate_with_a_bad_share_names_the_file_and_the_gate(tmp_path):
    path = tmp_path / "items.yaml"
    path.write_text(
        "treatment_gate:\n  query: patient*\n  share: 2\n"
        "items:\n  - name: risks\n    question: Risks?\n    source: x\n    query: risk*\n",
        encoding="utf-8",
    )
    with pytest.raises(ItemsError, match=r"items\.yaml: treatment_gate: 'share'"):
        load_items(path)


def test_release_notes_claiming_relief_get_no_warning_about_missing_risks(capsys, tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "release.md").write_text(
        "# Release notes\n\n"
        "The new loader brings rapid relief for slow start-up times. "
        "Most programs start twice as fast, a lasting improvement over the last release. "
        "The cache is now cleared on upgrade. "
        "Plugins written for the last release still load.\n",
        encoding="utf-8",
    )
    appraised = run_json(capsys, "--corpus", str(folder), "release")
    assert appraised["balance"]["benefits"] >= 1  # the words of a benefit are there
    assert appraised["about_treatment"] is False
    assert appraised["balance"]["warning"] is None
    code, out, err = run(capsys, "--corpus", str(folder), "show", "release", "--json")
    assert code == 0, err
    assert json.loads(out)["balance"]["warning"] is None  # the list's balance says the same


def test_a_supplement_shops_regulator_disclaimer_is_regulation_not_a_risk(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "shop.md").write_text(
        "# SleepWell magnesium\n\n"
        "Our magnesium capsules help you fall asleep faster and wake up refreshed. "
        "Take two capsules with water before bed. "
        "These statements have not been evaluated by the Food and Drug Administration.\n",
        encoding="utf-8",
    )
    library = Library.open(folder)
    try:
        appraised = library.appraise("shop")
        assert appraised.item("regulation").found
        assert not appraised.item("risks").found  # the shop describes no side effect
    finally:
        library.close()


def test_a_guideline_recommending_a_treatment_is_not_its_regulatory_status(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "exercise.md").write_text(
        "# Exercise for back pain\n\n"
        "Guided exercise classes eased back pain for most patients in the trial. "
        "National guidelines from NICE already recommend exercise for low back pain. "
        "Patients found the classes nice and said they felt better.\n",
        encoding="utf-8",
    )
    (folder / "licensed.md").write_text(
        "# Esketamine\n\n"
        "Esketamine eased depression for many patients in the trials. "
        "In the UK it is licensed for adults whose depression has not improved "
        "on two antidepressants.\n",
        encoding="utf-8",
    )
    library = Library.open(folder)
    try:
        assert not library.appraise("exercise").item("regulation").found
        assert library.appraise("licensed").item("regulation").evidence == (2,)
    finally:
        library.close()


def test_hype_about_a_treatment_is_not_promotion_of_a_provider(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "feature.md").write_text(
        "# A new hope for PTSD\n\n"
        "Many patients with PTSD have tried therapy for years. "
        "A groundbreaking treatment called ketamine infusion therapy "
        "is offering new hope to patients. "
        "Some report that their symptoms eased within days.\n",
        encoding="utf-8",
    )
    (folder / "clinic.md").write_text(
        "# Ketamine at Bright Clinic\n\n"
        "Ketamine infusion therapy is a game-changer for our patients with PTSD. "
        "Many patients report that their symptoms eased within days.\n",
        encoding="utf-8",
    )
    library = Library.open(folder)
    try:
        assert not library.appraise("feature").item("promotion").found
        assert library.appraise("clinic").item("promotion").found  # "our patients"
    finally:
        library.close()


def test_an_outcome_told_as_a_change_over_time_is_a_benefit(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "diary.md").write_text(
        "# My six weeks of sleep therapy\n\n"
        "My therapist set strict times for bed and for getting up, and the first weeks were hard. "
        "By week four I was falling asleep within twenty minutes "
        "instead of lying awake for hours.\n",
        encoding="utf-8",
    )
    library = Library.open(folder)
    try:
        doc = library.document("diary")
        benefits = library.appraise("diary").item("benefits")
        shown = [doc.text[doc.sentences[i].start : doc.sentences[i].end] for i in benefits.evidence]
        assert any(text.startswith("By week four") for text in shown)
    finally:
        library.close()


def _shown(library: Library, doc_id: str, item: str) -> list[str]:
    """The evidence sentences `item` shows for ``doc_id``, as text."""
    doc = library.document(doc_id)
    found = library.appraise(doc_id).item(item)
    return [doc.text[doc.sentences[i].start : doc.sentences[i].end] for i in found.evidence]


@contextmanager
def _library(tmp_path: Path, **pages: str) -> Iterator[Library]:
    """A library of ``pages`` (file name: Markdown), closed after the block."""
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in pages.items():
        (folder / f"{name}.md").write_text(text, encoding="utf-8")
    library = Library.open(folder)
    try:
        yield library
    finally:
        library.close()


def test_a_review_date_given_by_month_dates_the_page(tmp_path):
    with _library(
        tmp_path,
        page=(
            "# Physiotherapy for a frozen shoulder\n\n"
            "Physiotherapy helps most patients move the shoulder more freely. "
            "Exercises can be sore for a day or two at first.\n\n"
            "Last checked: March 2025\n"
        ),
    ) as library:
        assert any("March 2025" in text for text in _shown(library, "page", "date"))


def test_a_line_saying_who_the_writer_is_answers_author_and_is_neither_source_nor_sales(tmp_path):
    with _library(
        tmp_path,
        column=(
            "# Should I take a statin?\n\n"
            "Statins lower cholesterol and the chance of a heart attack for many patients. "
            "Some people get aching muscles.\n\n"
            "Dr Omar Reyes is a consultant cardiologist and answers readers' questions each week.\n"
        ),
    ) as library:
        line = "Dr Omar Reyes is a consultant cardiologist"
        assert any(text.startswith(line) for text in _shown(library, "column", "author"))
        for item in ("sources", "promotion", "shared_decision"):
            assert not any(text.startswith(line) for text in _shown(library, "column", item))


def test_emergency_and_advice_lines_are_support_and_a_clinics_booking_line_is_not(tmp_path):
    with _library(
        tmp_path,
        leaflet=(
            "# Low mood after an illness\n\n"
            "Talking therapy helps many patients whose mood dips after a long illness. "
            "If you think you might harm yourself, ring 999 or go to your nearest A&E. "
            "A free advice line is open day or night for anyone who is struggling.\n"
        ),
        clinic=(
            "# Talking therapy at Brook House\n\n"
            "Talking therapy helps many patients whose mood dips after a long illness. "
            "Call our team on 01632 960 111 to book your first session.\n"
        ),
    ) as library:
        shown = _shown(library, "leaflet", "support")
        assert any("ring 999" in text for text in shown)
        assert any("advice line" in text for text in shown)
        assert not library.appraise("clinic").item("support").found


def test_the_limits_of_the_evidence_in_a_reviews_words_are_uncertainty(tmp_path):
    with _library(
        tmp_path,
        summary=(
            "# Light therapy for winter depression\n\n"
            "Light boxes eased low mood for many patients in the studies. "
            "The reviewers judged the certainty of the evidence to be low. "
            "Most of the studies were short and involved only a few dozen people.\n"
        ),
    ) as library:
        shown = _shown(library, "summary", "uncertainty")
        assert any("certainty of the evidence" in text for text in shown)
        assert any(text.startswith("Most of the studies were short") for text in shown)


def test_an_interaction_with_other_medicines_is_a_risk(tmp_path):
    with _library(
        tmp_path,
        leaflet=(
            "# Fluconazole capsules\n\n"
            "Fluconazole clears most fungal infections within a week. "
            "It interacts with several heart medicines, "
            "so tell your pharmacist what else you take. "
            "Taken together with a blood thinner, it makes bleeding more likely.\n"
        ),
    ) as library:
        shown = _shown(library, "leaflet", "risks")
        assert any(text.startswith("It interacts") for text in shown)
        assert any(text.startswith("Taken together with a blood thinner") for text in shown)


def test_costs_in_everyday_words_without_a_price_are_found(tmp_path):
    with _library(
        tmp_path,
        page=(
            "# Hearing aids\n\n"
            "Hearing aids help most patients follow a conversation again. "
            "They are free on the NHS if your GP refers you. "
            "Privately they are not cheap, though many shops let you spread the cost.\n"
        ),
    ) as library:
        shown = _shown(library, "page", "costs")
        assert any(text.startswith("They are free on the NHS") for text in shown)
        assert any(text.startswith("Privately they are not cheap") for text in shown)


def test_what_the_condition_does_on_its_own_is_what_happens_without_treatment(tmp_path):
    with _library(
        tmp_path,
        page=(
            "# Tennis elbow\n\n"
            "A steroid injection eases the pain for some patients for a few weeks. "
            "Tennis elbow often settles by itself within a year. "
            "In a few people it can become a long-term problem that limits work.\n"
        ),
    ) as library:
        shown = _shown(library, "page", "no_treatment")
        assert any(text.startswith("Tennis elbow often settles") for text in shown)
        assert any(text.startswith("In a few people it can become") for text in shown)


def test_questions_taken_to_the_appointment_help_decide(tmp_path):
    with _library(
        tmp_path,
        page=(
            "# Cataract surgery\n\n"
            "Cataract surgery restores clear sight for most patients. "
            "Before your appointment, make a list of the questions that matter to you.\n"
        ),
    ) as library:
        shown = _shown(library, "page", "shared_decision")
        assert any(text.startswith("Before your appointment") for text in shown)


def test_a_hospitals_plain_line_about_its_clinic_is_not_promotion(tmp_path):
    with _library(
        tmp_path,
        hospital=(
            "# The memory clinic\n\n"
            "Patients are assessed for memory problems and offered treatment. "
            "Our clinic is held on Tuesday afternoons on the second floor.\n"
        ),
        practice=(
            "# The memory clinic\n\n"
            "Patients are assessed for memory problems and offered treatment. "
            "Our friendly team runs the clinic on Tuesday afternoons, so book your visit today.\n"
        ),
    ) as library:
        assert not library.appraise("hospital").item("promotion").found
        assert library.appraise("practice").item("promotion").found


def test_a_review_date_in_figures_dates_the_page(tmp_path):
    with _library(
        tmp_path,
        page=(
            "# Knee injections\n\n"
            "Steroid injections ease knee pain for many patients for a few months. "
            "The knee can be sore for a day afterwards.\n\n"
            "Page reviewed 11/2024\n"
        ),
    ) as library:
        assert any("11/2024" in text for text in _shown(library, "page", "date"))


def test_other_medicines_it_interacts_with_are_a_risk_and_no_alternative(tmp_path):
    with _library(
        tmp_path,
        leaflet=(
            "# Clarithromycin\n\n"
            "Clarithromycin clears most chest infections within a week. "
            "It can raise the levels of other medicines such as digoxin, "
            "so tell your pharmacist what else you take.\n"
        ),
    ) as library:
        line = "It can raise the levels of other medicines"
        assert any(text.startswith(line) for text in _shown(library, "leaflet", "risks"))
        assert not library.appraise("leaflet").item("alternatives").found


def test_questions_listed_for_the_doctor_help_decide_and_a_shops_faq_does_not(tmp_path):
    with _library(
        tmp_path,
        leaflet=(
            "# Hip replacement\n\n"
            "A new hip relieves pain for most patients within months.\n\n"
            "## Questions to ask your surgeon\n\n"
            "- How long will the new joint last?\n"
        ),
        shop=(
            "# Joint Ease capsules\n\n"
            "Joint Ease supports comfortable joints for patients who stay active.\n\n"
            "## Frequently asked questions\n\n"
            "- How long before I notice a difference?\n"
        ),
    ) as library:
        shown = _shown(library, "leaflet", "shared_decision")
        assert any("How long will the new joint last?" in text for text in shown)
        assert not library.appraise("shop").item("shared_decision").found


def test_an_unapproved_product_is_regulatory_status(tmp_path):
    with _library(
        tmp_path,
        page=(
            "# Psilocybin therapy\n\n"
            "Psilocybin eased depression for some patients in early trials. "
            "Outside trials it remains an unapproved medicine in most countries.\n"
        ),
    ) as library:
        shown = _shown(library, "page", "regulation")
        assert any("unapproved medicine" in text for text in shown)


def test_research_paid_for_by_the_maker_is_uncertainty(tmp_path):
    with _library(
        tmp_path,
        story=(
            "# A new eczema cream\n\n"
            "The cream cleared eczema for many patients in the trial. "
            "The study was funded by the company that makes the cream.\n"
        ),
    ) as library:
        shown = _shown(library, "story", "uncertainty")
        assert any(text.startswith("The study was funded by the company") for text in shown)


def test_a_lifeline_as_a_figure_of_speech_is_no_support_line(tmp_path):
    with _library(
        tmp_path,
        page=(
            "# Infusions at Bright Clinic\n\n"
            "Infusion therapy can offer a lifeline to patients who feel stuck. "
            "Many patients report that their symptoms eased within days.\n"
        ),
    ) as library:
        assert not library.appraise("page").item("support").found


def test_a_heading_saying_what_happens_if_you_do_not_get_help_is_no_call_to_action(tmp_path):
    with _library(
        tmp_path,
        page=(
            "# Treatment for panic attacks\n\n"
            "Talking therapy helps most patients have fewer panic attacks.\n\n"
            "## If you do not get help\n\n"
            "Without support, panic attacks can make people avoid going out.\n"
        ),
    ) as library:
        assert not library.appraise("page").item("promotion").found
        shown = _shown(library, "page", "no_treatment")
        assert any(text.startswith("Without support") for text in shown)


def test_a_gain_lost_once_treatment_stops_is_uncertainty(tmp_path):
    with _library(
        tmp_path,
        page=(
            "# Steroid injections for a trigger finger\n\n"
            "An injection frees the finger for most patients within weeks. "
            "In some people the catching comes back once they stop having injections.\n"
        ),
    ) as library:
        shown = _shown(library, "page", "uncertainty")
        assert any("comes back once they stop" in text for text in shown)


def test_a_hospitals_nurses_checking_is_no_promotion_and_praise_of_its_nurses_is(tmp_path):
    with _library(
        tmp_path,
        hospital=(
            "# Iron infusions\n\n"
            "An iron infusion helps most patients feel less tired within weeks. "
            "Our nurses will check your blood pressure before the drip starts.\n"
        ),
        clinic=(
            "# Iron infusions\n\n"
            "An iron infusion helps most patients feel less tired within weeks. "
            "Our nurses are the friendliest in town, so book your drip today.\n"
        ),
    ) as library:
        assert not library.appraise("hospital").item("promotion").found
        assert library.appraise("clinic").item("promotion").found


def test_groups_for_families_are_support(tmp_path):
    with _library(
        tmp_path,
        page=(
            "# Speech therapy after a stroke\n\n"
            "Speech therapy helps many patients find words again. "
            "Local family groups meet monthly to share what has helped.\n"
        ),
    ) as library:
        shown = _shown(library, "page", "support")
        assert any(text.startswith("Local family groups") for text in shown)


def test_a_practitioner_line_with_years_of_practice_is_author_and_no_source(tmp_path):
    with _library(
        tmp_path,
        page=(
            "# Physiotherapy for neck pain\n\n"
            "Physiotherapy eases neck pain for most patients within weeks. "
            "Some people feel sore for a day after a session.\n\n"
            "Dr. Maya Ortiz, DPT, has practiced physical therapy in Austin for 12 years.\n"
        ),
    ) as library:
        line = "Dr. Maya Ortiz, DPT, has practiced"
        assert any(text.startswith(line) for text in _shown(library, "page", "author"))
        assert not any(text.startswith(line) for text in _shown(library, "page", "sources"))


def test_a_named_committee_that_recommends_is_a_source(tmp_path):
    with _library(
        tmp_path,
        page=(
            "# Flu vaccine\n\n"
            "The flu vaccine prevents many infections in older patients each winter. "
            "The Joint Committee on Vaccination and Immunisation "
            "recommends it for everyone over 65.\n"
        ),
    ) as library:
        shown = _shown(library, "page", "sources")
        assert any(text.startswith("The Joint Committee") for text in shown)


def test_a_rare_serious_harm_is_a_risk_and_dosing_schedules_shared_online_are_support(tmp_path):
    with _library(
        tmp_path,
        page=(
            "# Coming off sleeping tablets\n\n"
            "Cutting down slowly helps most patients stop sleeping tablets. "
            "Stopping all at once has rarely been linked to fits. "
            "A charity runs an online forum where people share their tapering schedules.\n"
        ),
    ) as library:
        assert any(
            text.startswith("Stopping all at once") for text in _shown(library, "page", "risks")
        )
        support = _shown(library, "page", "support")
        assert any(text.startswith("A charity runs an online forum") for text in support)


def test_a_companys_legal_notice_of_uncertainties_is_not_about_the_evidence(tmp_path):
    with _library(
        tmp_path,
        release=(
            "# A new eye drop is approved\n\n"
            "The drops lowered eye pressure for most patients in two trials. "
            "Forward-looking statements: this release involves risks and uncertainties "
            "about future sales.\n"
        ),
    ) as library:
        assert not library.appraise("release").item("uncertainty").found


def test_a_person_named_as_the_one_who_said_it_is_a_source(tmp_path):
    with _library(
        tmp_path,
        story=(
            "# Hospital trials a new hearing implant\n\n"
            "The implant helped most patients follow speech again. "
            '"It is a big step for people with severe hearing loss," said Priya Raman, '
            "the audiologist who led the trial.\n"
        ),
    ) as library:
        shown = _shown(library, "story", "sources")
        assert any("said Priya Raman" in text for text in shown)


def test_pounds_lost_are_weight_and_no_cost(tmp_path):
    with _library(
        tmp_path,
        page=(
            "# A diet programme for type 2 diabetes\n\n"
            "Most patients on the programme lost 20 pounds in six months "
            "and needed fewer diabetes tablets.\n"
        ),
    ) as library:
        assert not library.appraise("page").item("costs").found


def test_a_charitys_helpline_praised_by_a_patient_is_support_and_no_promotion(tmp_path):
    with _library(
        tmp_path,
        blog=(
            "# My first months on a migraine preventer\n\n"
            "The tablets cut my migraines to a few a month, and my GP checked on me every month. "
            "The Headache Trust has a really good helpline and fact sheets.\n"
        ),
    ) as library:
        appraisal = library.appraise("blog")
        assert not appraisal.item("promotion").found
        assert any("helpline" in text for text in _shown(library, "blog", "support"))


def test_a_service_that_is_free_says_what_it_costs(tmp_path):
    with _library(
        tmp_path,
        page=(
            "# Stop smoking support\n\n"
            "Advisers and nicotine patches help many patients stop smoking for good. "
            "The service is free.\n"
        ),
    ) as library:
        assert any(text == "The service is free." for text in _shown(library, "page", "costs"))


def test_a_credit_line_naming_a_team_answers_author_and_is_neither_source_nor_sales(tmp_path):
    with _library(
        tmp_path,
        leaflet=(
            "# Your iron infusion\n\n"
            "An iron infusion raises iron levels faster than tablets for most patients. "
            "Some people feel flushed or get a headache during the drip.\n\n"
            "Written by the patient information team at Westgate Hospital.\n\n"
            "This leaflet was checked by our medicines safety committee.\n"
        ),
    ) as library:
        shown = _shown(library, "leaflet", "author")
        assert any(text.startswith("Written by the patient information team") for text in shown)
        assert any(text.startswith("This leaflet was checked by") for text in shown)
        assert not library.appraise("leaflet").item("promotion").found
        assert not any("team at Westgate" in text for text in _shown(library, "leaflet", "sources"))


def test_not_having_to_cope_alone_and_a_crisis_line_are_no_risk_of_the_treatment(tmp_path):
    with _library(
        tmp_path,
        page=(
            "# Counselling after a bereavement\n\n"
            "Counselling helps many patients who are grieving to sleep and eat again. "
            "You do not have to face this alone. "
            "If you feel you might hurt yourself, call 111 or go to the emergency department.\n"
        ),
    ) as library:
        appraisal = library.appraise("page")
        assert not appraisal.item("risks").found
        assert any("call 111" in text for text in _shown(library, "page", "support"))


def test_a_hard_start_and_sexual_side_effects_are_risks(tmp_path):
    with _library(
        tmp_path,
        blog=(
            "# Two months on an antidepressant\n\n"
            "My doctor prescribed the tablets for my low mood. "
            "The first few weeks were really rough. "
            "Some people have a lower sex drive while they take it.\n"
        ),
    ) as library:
        shown = _shown(library, "blog", "risks")
        assert "The first few weeks were really rough." in shown
        assert any("sex drive" in text for text in shown)


def test_doubt_said_with_a_contraction_is_uncertainty(tmp_path):
    with _library(
        tmp_path,
        blog=(
            "# My migraine tablets\n\n"
            "My GP prescribed a daily tablet to prevent my migraines. "
            "It's not entirely clear how the tablets prevent attacks. "
            "It isn't a cure, but I have fewer bad days.\n"
        ),
    ) as library:
        shown = _shown(library, "blog", "uncertainty")
        assert any(text.startswith("It's not entirely clear") for text in shown)
        assert any(text.startswith("It isn't a cure") for text in shown)


def test_asking_the_next_step_and_deciding_together_help_decide(tmp_path):
    with _library(
        tmp_path,
        blog=(
            "# Waiting for knee surgery\n\n"
            "Knee replacement surgery eases pain for most patients with worn joints. "
            "Keep a note of your pain and remember to ask what the next step is. "
            "My consultant went over the risks, so we decided to wait a month.\n"
        ),
    ) as library:
        shown = _shown(library, "blog", "shared_decision")
        assert any("remember to ask what" in text for text in shown)
        assert any("so we decided to wait" in text for text in shown)


def test_the_treatment_the_evidence_favours_is_a_benefit_and_no_good_evidence_is_not(tmp_path):
    with _library(
        tmp_path,
        page=(
            "# Treatments for knee pain\n\n"
            "Of the treatments for knee pain, exercise has the best evidence. "
            "There is no good evidence that magnetic bracelets help patients.\n"
        ),
    ) as library:
        shown = _shown(library, "page", "benefits")
        assert any("exercise has the best evidence" in text for text in shown)
        assert not any("magnetic bracelets" in text for text in shown)


def test_telling_the_reader_to_contact_their_own_doctor_is_no_promotion(tmp_path):
    with _library(
        tmp_path,
        leaflet=(
            "# Using your steroid cream\n\n"
            "The cream calms eczema for most patients within a week. "
            "If the rash spreads, contact your GP the same day.\n"
        ),
    ) as library:
        assert not library.appraise("leaflet").item("promotion").found


def test_a_condition_that_settles_without_any_treatment_says_what_happens_without_it(tmp_path):
    with _library(
        tmp_path,
        page=(
            "# Ankle sprains\n\n"
            "Physiotherapy helps patients with a bad sprain get back to sport sooner. "
            "Most mild sprains settle without any treatment within a few weeks.\n"
        ),
    ) as library:
        shown = _shown(library, "page", "no_treatment")
        assert any(text.startswith("Most mild sprains settle") for text in shown)


def test_what_a_talking_therapy_has_you_do_with_thoughts_is_how_it_works(tmp_path):
    with _library(
        tmp_path,
        page=(
            "# Therapy for health anxiety\n\n"
            "Therapy helps many patients who worry constantly about illness. "
            "CBT helps you make sense of your worries and change the thoughts that feed them.\n"
        ),
    ) as library:
        shown = _shown(library, "page", "how_it_works")
        assert any(text.startswith("CBT helps you make sense") for text in shown)


def test_a_helpline_and_its_groups_are_support_and_no_other_treatment(tmp_path):
    with _library(
        tmp_path,
        page=(
            "# Living with tinnitus\n\n"
            "Sound therapy helps many patients notice the ringing less. "
            "Our helpline is open every evening, and our peer support groups meet each week.\n"
        ),
    ) as library:
        assert not library.appraise("page").item("alternatives").found
        assert any("helpline" in text for text in _shown(library, "page", "support"))


def test_a_body_known_by_its_initials_is_a_source_and_clear_symptoms_are_no_clearance(tmp_path):
    with _library(
        tmp_path,
        page=(
            "# Blood pressure tablets\n\n"
            "Tablets lower blood pressure and the chance of a stroke for most patients. "
            "NICE advises doctors to check blood pressure at home before starting them. "
            "The Heart Society advises doctors to treat only patients with clear symptoms.\n"
        ),
    ) as library:
        shown = _shown(library, "page", "sources")
        assert any(text.startswith("NICE advises") for text in shown)
        assert any(text.startswith("The Heart Society advises") for text in shown)


def test_precautions_and_what_it_does_to_other_medicines_are_risks(tmp_path):
    with _library(
        tmp_path,
        leaflet=(
            "# Taking an anti-inflammatory for gout\n\n"
            "The tablets ease the pain of a gout attack within a day for most patients. "
            "It can make some heart tablets work less well. "
            "People with kidney disease should check with their pharmacist first.\n"
        ),
    ) as library:
        shown = _shown(library, "leaflet", "risks")
        assert any("work less well" in text for text in shown)
        assert any(text.startswith("People with kidney disease") for text in shown)


def test_what_has_not_helped_and_a_comparison_with_drugs_name_alternatives(tmp_path):
    with _library(
        tmp_path,
        page=(
            "# Nerve blocks for cluster headache\n\n"
            "A nerve block is offered to patients whose tablets have not helped. "
            "In one study it worked about as well as preventive drugs.\n"
        ),
    ) as library:
        alternatives = _shown(library, "page", "alternatives")
        assert any("tablets have not helped" in text for text in alternatives)
        assert any("as well as preventive drugs" in text for text in alternatives)
        benefits = _shown(library, "page", "benefits")
        assert any("as well as preventive drugs" in text for text in benefits)


def test_weighing_what_you_want_and_booking_to_ask_your_doctor_help_decide(tmp_path):
    with _library(
        tmp_path,
        page=(
            "# Treatments for an overactive bladder\n\n"
            "Bladder training and tablets help many patients go to the toilet less often. "
            "It can help to think about what matters most to you before choosing. "
            "I will book a review and ask whether a lower dose would do.\n"
        ),
    ) as library:
        shown = _shown(library, "page", "shared_decision")
        assert any(text.startswith("It can help to think about what matters") for text in shown)
        assert any(text.startswith("I will book a review and ask whether") for text in shown)


def test_insurance_terms_and_paying_privately_are_costs_and_research_funding_is_not(tmp_path):
    with _library(
        tmp_path,
        us=(
            "# Physical therapy after a sprain\n\n"
            "Physical therapy helps patients walk normally again sooner. "
            "You may still owe your deductible before the visits are covered.\n"
        ),
        uk=(
            "# A new gout study\n\n"
            "The tablets eased attacks for most patients in the trial. "
            "The trial was paid for by a university grant.\n"
        ),
    ) as library:
        assert any("deductible" in text for text in _shown(library, "us", "costs"))
        assert not library.appraise("uk").item("costs").found


def test_complications_and_a_higher_chance_of_failing_are_risks(tmp_path):
    with _library(
        tmp_path,
        page=(
            "# Hip resurfacing\n\n"
            "Resurfacing lets most patients walk without pain within months. "
            "Complications are uncommon but include a dislocated joint. "
            "Heavy smokers have a higher chance of the new joint failing.\n"
        ),
    ) as library:
        shown = _shown(library, "page", "risks")
        assert any(text.startswith("Complications are uncommon") for text in shown)
        assert any(text.startswith("Heavy smokers have a higher chance") for text in shown)


def test_more_than_a_number_is_no_comparison_with_another_treatment(tmp_path):
    with _library(
        tmp_path,
        page=(
            "# Flu vaccine\n\n"
            "The vaccine protects against the strains expected this winter. "
            "The vaccine is licensed by the Medicines and Healthcare products Regulatory Agency, "
            "and more than 10 million doses are given each year.\n"
        ),
    ) as library:
        assert not library.appraise("page").item("alternatives").found
        assert any("protects against" in text for text in _shown(library, "page", "benefits"))


def test_what_a_procedure_does_and_lets_the_body_do_is_how_it_works(tmp_path):
    with _library(
        tmp_path,
        page=(
            "# Sinus surgery\n\n"
            "Surgery helps most patients breathe through the nose again. "
            "The surgeon removes the blocked tissue and puts in a small dissolving stent. "
            "The stent holds the passage open so the mucus can drain.\n"
        ),
    ) as library:
        shown = _shown(library, "page", "how_it_works")
        assert any(text.startswith("The surgeon removes") for text in shown)
        assert any("so the mucus can drain" in text for text in shown)


def test_offered_free_and_plan_cover_are_costs(tmp_path):
    with _library(
        tmp_path,
        uk=(
            "# Shingles vaccine\n\n"
            "The vaccine protects most older adults against shingles. "
            "It is offered free to everyone aged 65.\n"
        ),
        us=(
            "# Sleep studies\n\n"
            "A sleep study helps doctors treat patients who stop breathing at night. "
            "Your plan covers a home sleep test once a year.\n"
        ),
    ) as library:
        assert any("offered free" in text for text in _shown(library, "uk", "costs"))
        assert any("plan covers" in text for text in _shown(library, "us", "costs"))


def test_outgrowing_it_and_no_harm_in_waiting_say_what_happens_without_treatment(tmp_path):
    with _library(
        tmp_path,
        page=(
            "# Bedwetting alarms\n\n"
            "Your GP may suggest an alarm, which helps most children stay dry within a few months. "
            "Many children grow out of it by the age of seven. "
            "There is no harm in waiting if it does not bother your child.\n"
        ),
    ) as library:
        shown = _shown(library, "page", "no_treatment")
        assert any("grow out of it" in text for text in shown)
        assert any(text.startswith("There is no harm in waiting") for text in shown)


def test_a_driving_licence_and_an_insurers_prior_authorization_are_no_regulation(tmp_path):
    with _library(
        tmp_path,
        page=(
            "# Laser eye treatment\n\n"
            "Laser treatment helps most patients see clearly without glasses. "
            "You must meet the eyesight standard to keep your driving licence. "
            "Your insurer may ask for prior authorization before the treatment.\n"
        ),
    ) as library:
        assert not library.appraise("page").item("regulation").found


def test_a_clinic_speaking_of_itself_and_a_writers_own_shop_are_promotion(tmp_path):
    with _library(
        tmp_path,
        clinic=(
            "# Teeth straightening\n\n"
            "Clear aligners straighten crooked teeth for most patients in a year. "
            "At Elm Road Dental, we have been fitting aligners for over 10 years.\n"
        ),
        blog=(
            "# My yoga routine for back pain\n\n"
            "My physiotherapist suggested gentle yoga, and it eased my back pain. "
            "You can download my full 6-week plan from my shop for £9.\n"
        ),
    ) as library:
        assert any(
            text.startswith("At Elm Road Dental") for text in _shown(library, "clinic", "promotion")
        )
        assert any("my shop" in text for text in _shown(library, "blog", "promotion"))


def test_a_leaflet_credited_to_a_pharmacy_and_results_at_a_meeting_name_author_and_source(
    tmp_path,
):
    with _library(
        tmp_path,
        leaflet=(
            "# Treating head lice\n\n"
            "A leaflet from Parkside Pharmacy\n\n"
            "The lotion clears head lice for most patients after two treatments. "
            "It worked in 8 of 10 children, according to results presented at a conference.\n"
        ),
    ) as library:
        assert any(
            text.startswith("A leaflet from Parkside")
            for text in _shown(library, "leaflet", "author")
        )
        assert any(
            "presented at a conference" in text for text in _shown(library, "leaflet", "sources")
        )


def test_a_spray_that_works_better_than_tablets_is_a_benefit_and_no_better_than_placebo_is_not(
    tmp_path,
):
    with _library(
        tmp_path,
        good=(
            "# Nasal sprays\n\n"
            "For most patients a daily spray clears a blocked nose better than tablets do. "
            "Some people notice stinging or nosebleeds.\n"
        ),
        level=(
            "# Copper bracelets\n\n"
            "In trials of patients with arthritis the bracelets did no better than a placebo. "
            "Some people notice a green mark on the skin.\n"
        ),
    ) as library:
        assert any("better than tablets" in text for text in _shown(library, "good", "benefits"))
        assert not any("no better than" in text for text in _shown(library, "level", "benefits"))
        assert any("nosebleeds" in text for text in _shown(library, "good", "risks"))


def test_a_stop_smoking_page_is_about_a_treatment_and_credits_its_service(tmp_path):
    with _library(
        tmp_path,
        page=(
            "# Nicotine patches\n\n"
            "From the Quit Smoking Service, Eastvale Council.\n\n"
            "Patches release nicotine slowly through the skin, so you get less of the craving. "
            "Some people get vivid dreams or itchy skin under the patch. "
            "You can also call the national smokefree helpline for free advice.\n"
        ),
    ) as library:
        appraisal = library.appraise("page")
        assert appraisal.about_treatment
        assert any(
            text.startswith("From the Quit Smoking Service")
            for text in _shown(library, "page", "author")
        )
        assert appraisal.item("support").found


def test_a_midwife_who_goes_through_the_options_and_asking_her_help_decide(tmp_path):
    with _library(
        tmp_path,
        page=(
            "# Pain relief in labour\n\n"
            "Gas and air eases labour pain for many patients. "
            "Your midwife can go through the choices with you before the birth. "
            "Ask your midwife whether a birthing pool is free on the day.\n"
        ),
    ) as library:
        shown = _shown(library, "page", "shared_decision")
        assert any(text.startswith("Your midwife can go through") for text in shown)
        assert any(text.startswith("Ask your midwife whether") for text in shown)


def test_a_sellers_testimonials_and_praise_of_its_own_product_are_promotion(tmp_path):
    with _library(
        tmp_path,
        page=(
            "# FlexiJoint capsules\n\n"
            "Many customers tell us their knees ache less within a week. "
            "Our capsules are made from the finest marine collagen. "
            "Some people get an upset stomach, and the capsules are not suitable in pregnancy.\n"
        ),
    ) as library:
        shown = _shown(library, "page", "promotion")
        assert any(text.startswith("Many customers tell us") for text in shown)
        assert any(text.startswith("Our capsules are made") for text in shown)
        assert any("upset stomach" in text for text in _shown(library, "page", "risks"))


def test_a_leaflets_approval_by_a_group_dates_it_and_is_no_licence(tmp_path):
    with _library(
        tmp_path,
        leaflet=(
            "# Wrist splints\n\n"
            "A splint at night eases tingling in the hand for most patients with carpal tunnel. "
            "Approved by the Hand Therapy Group, March 2025.\n"
        ),
    ) as library:
        appraisal = library.appraise("leaflet")
        assert any("March 2025" in text for text in _shown(library, "leaflet", "date"))
        assert not appraisal.item("regulation").found


def test_links_from_observational_studies_are_uncertainty_and_not_everyone_needing_it_is_not(
    tmp_path,
):
    with _library(
        tmp_path,
        column=(
            "# Long-term antacid tablets\n\n"
            "The tablets heal an inflamed gullet for most patients within weeks. "
            "The links come from observational studies, "
            "so we cannot be sure the tablets are the cause.\n"
        ),
        page=(
            "# Knee arthroscopy\n\n"
            "Keyhole surgery helps some patients whose knee locks. "
            "Not everyone needs surgery.\n"
        ),
    ) as library:
        assert any("cannot be sure" in text for text in _shown(library, "column", "uncertainty"))
        assert not library.appraise("page").item("uncertainty").found


def test_what_a_medicine_switches_off_and_a_graft_that_replaces_a_ligament_are_how_it_works(
    tmp_path,
):
    with _library(
        tmp_path,
        page=(
            "# Two treatments\n\n"
            "Patients are offered blockers, which switch off the pumps that make acid. "
            "The surgeon replaces the torn tendon with a piece of tendon from the leg.\n"
        ),
    ) as library:
        shown = _shown(library, "page", "how_it_works")
        assert any("which switch off the pumps" in text for text in shown)
        assert any("replaces the torn tendon" in text for text in shown)


def test_a_return_to_sport_is_a_benefit(tmp_path):
    with _library(
        tmp_path,
        page=(
            "# Shoulder surgery\n\n"
            "Shoulder surgery is offered to patients whose joint keeps slipping out. "
            "Most patients go back to sport within six months of the operation.\n"
        ),
    ) as library:
        assert any("back to sport" in text for text in _shown(library, "page", "benefits"))


def test_a_line_that_is_only_a_name_is_no_source_and_content_reviewed_by_credits_and_dates(
    tmp_path,
):
    with _library(
        tmp_path,
        page=(
            "# Hip replacement\n\n"
            "Orthopaedic Clinic, Eastfield University.\n\n"
            "Content reviewed by the joint surgery team, June 2025.\n\n"
            "Hip replacement eases pain for most patients with worn joints.\n"
        ),
    ) as library:
        appraisal = library.appraise("page")
        assert not appraisal.item("sources").found
        assert any("Content reviewed" in text for text in _shown(library, "page", "author"))
        assert any("June 2025" in text for text in _shown(library, "page", "date"))


def test_most_cases_clearing_up_is_the_course_untreated_and_getting_better_with_it_is_not(
    tmp_path,
):
    with _library(
        tmp_path,
        page=(
            "# Antibiotics for ear infections\n\n"
            "Antibiotics kill bacteria, but most ear infections in children are caused by viruses. "
            "Most cases clear up within three days. "
            "Most children get better with antibiotics in a day or two.\n"
        ),
    ) as library:
        shown = _shown(library, "page", "no_treatment")
        assert "Most cases clear up within three days." in shown
        assert not any("with antibiotics" in text for text in shown)
        assert any("kill bacteria" in text for text in _shown(library, "page", "how_it_works"))


def test_a_writer_saying_who_they_are_is_the_author_and_a_bargain_and_a_crowd_are_promotion(
    tmp_path,
):
    with _library(
        tmp_path,
        blog=(
            "# Exercises for a stiff neck\n\n"
            "I'm Sara Lund, a chartered physiotherapist, and I treat patients with neck pain. "
            "Gentle stretches ease neck pain for most patients. "
            "My 4-week video plan costs just £15. Join 2,000 happy readers today!\n"
        ),
    ) as library:
        assert any(text.startswith("I'm Sara Lund") for text in _shown(library, "blog", "author"))
        promotion = _shown(library, "blog", "promotion")
        assert any("video plan" in text for text in promotion)
        assert any(text.startswith("Join 2,000") for text in promotion)


def test_urgent_help_from_111_is_support(tmp_path):
    with _library(
        tmp_path,
        page=(
            "# Sore throat\n\n"
            "Throat lozenges ease the pain for many patients. "
            "Get urgent help from 111 if you find it hard to swallow or breathe.\n"
        ),
    ) as library:
        assert any("from 111" in text for text in _shown(library, "page", "support"))


def test_benefits_in_everyday_words_are_found(tmp_path):
    with _library(
        tmp_path,
        page=(
            "# Nerve stimulation for back pain\n\n"
            "In studies, about half of patients had their pain cut by at least half. "
            "Many walked further, slept better and took fewer opioids. "
            '"My pain went from an eight to a five," one patient said. '
            '"I can get through a shift again." '
            '"I walked out of the clinic feeling like a new person."\n'
        ),
    ) as library:
        shown = _shown(library, "page", "benefits")
        for words in ("pain cut", "slept better", "eight to a five", "again", "new person"):
            assert any(words in text for text in shown), words


def test_a_second_operation_and_a_harm_told_as_one_in_so_many_are_risks(tmp_path):
    with _library(
        tmp_path,
        page=(
            "# Knee ligament surgery\n\n"
            "The surgeon replaces the torn ligament with a tendon. "
            "Most patients return to sport. "
            "About one patient in ten needs a second operation. "
            "Around one in five people later develop stiffness. "
            "You will need to take vitamin tablets for life.\n"
        ),
    ) as library:
        shown = _shown(library, "page", "risks")
        for words in ("second operation", "later develop", "for life"):
            assert any(words in text for text in shown), words


def test_scarce_evidence_and_people_it_did_nothing_for_are_uncertainty(tmp_path):
    with _library(
        tmp_path,
        page=(
            "# Vitamin drips\n\n"
            "Patients say a drip lifts their energy. "
            "Research into drips in healthy people is still limited. "
            "Independent studies comparing drips with tablets are still few. "
            "A few patients felt no different at all.\n"
        ),
    ) as library:
        shown = _shown(library, "page", "uncertainty")
        for words in ("still limited", "still few", "no different"):
            assert any(words in text for text in shown), words


def test_talking_it_over_with_a_clinician_helps_decide_and_skipping_the_gp_does_not(tmp_path):
    with _library(
        tmp_path,
        page=(
            "# Physiotherapy and sleep machines\n\n"
            "Physiotherapy eases back pain for many patients. "
            "If you are curious, talk it over with your GP, who knows what else you take. "
            "Please don't change your machine's settings without talking to your sleep team. "
            "You can refer yourself to the physiotherapy service without seeing your GP first.\n"
        ),
    ) as library:
        shown = _shown(library, "page", "shared_decision")
        assert any("talk it over" in text for text in shown)
        assert any("sleep team" in text for text in shown)
        assert not any("refer yourself" in text for text in shown)


def test_a_number_to_call_and_a_hook_are_promotion_and_a_call_for_volunteers_is_not(tmp_path):
    with _library(
        tmp_path,
        clinic=(
            "# Pain clinic\n\n"
            "Struggling with back pain at work?\n\n"
            "Our stimulators ease nerve pain for many patients. "
            "Ask your doctor for a referral, or call the Pain Medicine clinic at 555-0142. "
            "Walk-ins welcome, seven days a week.\n"
        ),
        news=(
            "# Trial of a pill for fibromyalgia\n\n"
            "Doctors will test whether the pill eases pain for patients. "
            "Anyone interested in volunteering can email the research team "
            "at trial@hospital.example.\n\n"
            "## Where else can I get help?\n\n"
            "The Fibromyalgia Association has guides to pain and sleep for patients.\n"
        ),
    ) as library:
        promotion = _shown(library, "clinic", "promotion")
        for words in ("Struggling", "555-0142", "Walk-ins"):
            assert any(words in text for text in promotion), words
        assert not library.appraise("news").item("promotion").found
        assert any("guides" in text for text in _shown(library, "news", "support"))


def test_a_saving_and_who_gives_the_estimate_are_costs(tmp_path):
    with _library(
        tmp_path,
        page=(
            "# Vitamin drips\n\n"
            "Our nurses give each drip through a cannula in the arm. "
            "Book a course of five and save 20%. "
            "Our financial counselors can give you an estimate before you decide.\n"
        ),
    ) as library:
        shown = _shown(library, "page", "costs")
        assert any("save 20%" in text for text in shown)
        assert any("financial counselors" in text for text in shown)


def test_how_it_is_given_and_what_it_holds_open_are_how_it_works(tmp_path):
    with _library(
        tmp_path,
        page=(
            "# Treatments for sleep apnoea and diabetes\n\n"
            "Most patients with sleep apnoea feel less tired on treatment. "
            "A CPAP machine blows a steady stream of air through a mask. "
            "The gentle pressure holds your throat open while you sleep, so it can't collapse. "
            "An insulin pump gives you a steady trickle of insulin "
            "through a thin tube under the skin.\n\n"
            "## How does it work?\n\n"
            "Older devices replace pain with a tingling feeling.\n"
        ),
    ) as library:
        shown = _shown(library, "page", "how_it_works")
        for words in ("through a mask", "holds your throat open", "thin tube", "tingling"):
            assert any(words in text for text in shown), words


def test_a_credit_line_put_together_by_volunteers_answers_author(tmp_path):
    with _library(
        tmp_path,
        page=(
            "# New to CPAP?\n\n"
            "Put together by the volunteer moderators of the Sleep Apnoea Support board.\n\n"
            "Most patients feel less sleepy within weeks of starting treatment.\n"
        ),
    ) as library:
        assert any("Put together" in text for text in _shown(library, "page", "author"))


def test_side_effects_said_to_be_minimal_describe_no_risk_and_a_named_one_does(tmp_path):
    with _library(
        tmp_path,
        page=(
            "# Light therapy for acne\n\n"
            "Patients see fewer spots after a course of sessions. "
            "Side effects are minimal.\n"
        ),
        named=(
            "# Light therapy for acne\n\n"
            "Patients see fewer spots after a course of sessions. "
            "Side effects are rare but include redness and dry skin.\n"
        ),
    ) as library:
        assert not library.appraise("page").item("risks").found
        assert any("redness" in text for text in _shown(library, "named", "risks"))


def test_a_life_given_back_in_a_patients_words_is_a_benefit(tmp_path):
    with _library(
        tmp_path,
        page=(
            "# Living with asthma\n\n"
            "My doctor changed my treatment last year. "
            "Most people return to their usual activities within a week. "
            "He no longer needs his reliever inhaler. "
            "I have had no attacks since starting. "
            "It takes the edge off the pain.\n"
        ),
    ) as library:
        shown = _shown(library, "page", "benefits")
        for words in ("usual activities", "no longer needs", "no attacks since", "edge off"):
            assert any(words in text for text in shown), words


def test_no_long_term_data_is_uncertainty(tmp_path):
    with _library(
        tmp_path,
        page=(
            "# A new migraine injection\n\n"
            "Patients had fewer migraine days a month. "
            "We don't have long-term data yet.\n"
        ),
    ) as library:
        assert any("long-term data" in text for text in _shown(library, "page", "uncertainty"))
        assert not any("long-term data" in text for text in _shown(library, "page", "risks"))


def test_everyday_wordings_of_choices_course_status_funding_and_help_are_found(tmp_path):
    with _library(
        tmp_path,
        page=(
            "# Treatments for a smoker's cough\n\n"
            "Doctors often prescribe a short course of tablets. "
            "You could also try a nicotine patch instead. "
            "Without treatment, the cough can drag on for months. "
            "Without it, around 1 in 4 smokers would get a chest infection. "
            "The inhaler is only available on prescription. "
            "The spacer has a CE mark. "
            "It is not available on the NHS in most areas. "
            "You can find more help at the Quit Smoking website.\n"
        ),
    ) as library:
        expected = {
            "alternatives": "patch instead",
            "no_treatment": "Without it",
            "regulation": "CE mark",
            "costs": "on the NHS",
            "support": "more help",
        }
        for item, words in expected.items():
            assert any(words in text for text in _shown(library, "page", item)), item
        assert any("on prescription" in text for text in _shown(library, "page", "regulation"))


def test_a_prescription_charge_is_a_cost_and_no_regulatory_status(tmp_path):
    with _library(
        tmp_path,
        page=(
            "# Sertraline\n\n"
            "Sertraline eases low mood for many patients. "
            "Each item on a prescription costs the standard charge.\n"
        ),
    ) as library:
        assert not library.appraise("page").item("regulation").found
        assert _shown(library, "page", "costs")


def test_side_effects_in_few_everyday_words_are_risks(tmp_path):
    with _library(
        tmp_path,
        page=(
            "# The flu jab for children\n\n"
            "The vaccine protects most children against flu. "
            "The jab can make your child's arm ache for a day. "
            "Some children get a mild fever afterwards. "
            "There is a small chance of scarring. "
            "Long-term use can thin the bones.\n"
        ),
    ) as library:
        shown = _shown(library, "page", "risks")
        for words in ("arm ache", "mild fever", "scarring", "thin the bones"):
            assert any(words in text for text in shown), words


def test_mixed_results_an_open_trial_and_experts_who_disagree_are_uncertainty(tmp_path):
    with _library(
        tmp_path,
        page=(
            "# Acupuncture for back pain\n\n"
            "Some patients say it eases their pain. "
            "The results were mixed. "
            "The trial was not blinded. "
            "Experts disagree on how well it works. "
            "The benefits may not last.\n"
        ),
    ) as library:
        shown = _shown(library, "page", "uncertainty")
        for words in ("mixed", "not blinded", "disagree", "not last"):
            assert any(words in text for text in shown), words


def test_self_praise_as_the_leading_clinic_is_promotion_and_an_author_line_is_the_author(
    tmp_path,
):
    with _library(
        tmp_path,
        page=(
            "# Laser eye surgery\n\n"
            "Author: Jane Smith\n\n"
            "Most patients see well without glasses after surgery. "
            "We are the leading clinic in Manchester. "
            "Jane Smith is a health journalist.\n"
        ),
    ) as library:
        assert any("leading clinic" in text for text in _shown(library, "page", "promotion"))
        assert any(text.startswith("Author: Jane") for text in _shown(library, "page", "author"))
        assert not any("journalist" in text for text in _shown(library, "page", "sources"))


def test_what_a_treatment_does_to_the_body_in_plain_verbs_is_how_it_works(tmp_path):
    with _library(
        tmp_path,
        page=(
            "# Treatments your doctor may offer\n\n"
            "The pill thickens the mucus in the cervix. "
            "The stent props the artery open. "
            "The laser reshapes the front of the eye.\n"
        ),
    ) as library:
        shown = _shown(library, "page", "how_it_works")
        for words in ("thickens", "props", "reshapes"):
            assert any(words in text for text in shown), words


def test_a_named_commission_or_office_that_advises_or_shows_is_a_source(tmp_path):
    with _library(
        tmp_path,
        page=(
            "# Surgery abroad\n\n"
            "Many patients travel for a cheaper knee operation. "
            "The Care Quality Commission advises patients to check the surgeon's registration. "
            "Data from the Office for National Statistics show more people travelling each year. "
            "Figures from Public Health England show rates falling. "
            "Bring someone with you to the appointment.\n"
        ),
    ) as library:
        shown = _shown(library, "page", "sources")
        assert any("Commission" in text for text in shown)
        assert any("Office for National Statistics" in text for text in shown)
        assert any("Public Health England" in text for text in shown)
        assert any("Bring someone" in text for text in _shown(library, "page", "shared_decision"))


def test_dates_and_bylines_in_other_sites_shapes_date_and_sign_the_page(tmp_path):
    with _library(
        tmp_path,
        blog=(
            "# Stretches for heel pain\n\n"
            "Posted on March 3, 2025 by Dr Anna Lee\n\n"
            "Stretching eases heel pain for most patients.\n"
        ),
        clinic=(
            "# Physiotherapy\n\n"
            "Contributor: Hannah Li, RD\n\n"
            "Physiotherapy eases back pain for most patients.\n\n"
            "© 2024 Healthwise Clinic\n"
        ),
        leaflet=(
            "# Hay fever sprays\n\n"
            "Our content is written by qualified pharmacists.\n\n"
            "A spray eases a blocked nose for most patients.\n\n"
            "Date: 5th March 2025\n"
        ),
    ) as library:
        assert any("Dr Anna Lee" in text for text in _shown(library, "blog", "author"))
        assert any("Contributor" in text for text in _shown(library, "clinic", "author"))
        assert any("© 2024" in text for text in _shown(library, "clinic", "date"))
        assert any("qualified pharmacists" in text for text in _shown(library, "leaflet", "author"))
        assert any("5th March" in text for text in _shown(library, "leaflet", "date"))


def test_funding_help_and_status_in_australian_and_other_words_are_found(tmp_path):
    with _library(
        tmp_path,
        page=(
            "# Physiotherapy for back pain\n\n"
            "Physiotherapy eases back pain for most patients. "
            "It's bulk-billed at many clinics. "
            "The full course sets you back about a thousand dollars. "
            "Visit healthdirect.gov.au for more. "
            "Speak to a peer worker at your local recovery college. "
            "The old painkiller is banned in several countries.\n"
        ),
    ) as library:
        costs = _shown(library, "page", "costs")
        assert any("bulk-billed" in text for text in costs)
        assert any("sets you back" in text for text in costs)
        support = _shown(library, "page", "support")
        assert any("healthdirect" in text for text in support)
        assert any("peer worker" in text for text in support)
        assert any("banned" in text for text in _shown(library, "page", "regulation"))


def test_a_forum_posters_words_for_better_and_worse_are_benefits_and_risks(tmp_path):
    with _library(
        tmp_path,
        forum=(
            "# Three months on the new tablets\n\n"
            "My doctor started me on them in spring. "
            "The bloating has basically gone. "
            "It made a real difference to my mood. "
            "I'm off the painkillers completely now. "
            "It didn't make a real difference to my sleep, though. "
            "I put on a few pounds. "
            "It messed with my periods for a while.\n"
        ),
    ) as library:
        benefits = _shown(library, "forum", "benefits")
        for words in ("bloating", "difference to my mood", "off the painkillers"):
            assert any(words in text for text in benefits), words
        assert not any("didn't make" in text for text in benefits)
        risks = _shown(library, "forum", "risks")
        assert any("few pounds" in text for text in risks)
        assert any("periods" in text for text in risks)
        assert not any("few pounds" in text for text in _shown(library, "forum", "costs"))


def test_early_days_untested_and_unproven_are_uncertainty_and_no_risk(tmp_path):
    with _library(
        tmp_path,
        page=(
            "# A new gel for arthritis\n\n"
            "Some patients say the gel eases their knee pain. "
            "It's early days for this treatment. "
            "It has only been tested in mice. "
            "It hasn't been compared with standard care. "
            "It may not help everyone.\n"
        ),
    ) as library:
        uncertainty = _shown(library, "page", "uncertainty")
        risks = _shown(library, "page", "risks")
        for words in ("early days", "mice", "compared", "help everyone"):
            assert any(words in text for text in uncertainty), words
            assert not any(words in text for text in risks), words


def test_a_condition_left_alone_or_not_treated_is_what_happens_without_treatment(tmp_path):
    with _library(
        tmp_path,
        page=(
            "# Warts\n\n"
            "Your pharmacist can suggest a freezing spray for patients with warts. "
            "If you don't treat it, the wart may spread. "
            "Most warts get better within two years whatever you do.\n"
        ),
    ) as library:
        shown = _shown(library, "page", "no_treatment")
        assert any("don't treat" in text for text in shown)
        assert any("whatever you do" in text for text in shown)


def test_plain_facts_a_hospital_and_a_vaccine_page_state_are_neither_sales_nor_doubt(tmp_path):
    with _library(
        tmp_path,
        page=(
            "# The MMR vaccine\n\n"
            "The vaccine protects children against measles, mumps and rubella. "
            "The children's ward is open seven days a week. "
            "There is no evidence that the vaccine causes autism. "
            "Blood samples are tested in the lab.\n"
        ),
    ) as library:
        appraisal = library.appraise("page")
        assert not appraisal.item("promotion").found
        assert not appraisal.item("uncertainty").found


def test_options_listed_and_a_second_opinion_help_choose(tmp_path):
    with _library(
        tmp_path,
        page=(
            "# An enlarged prostate\n\n"
            "Tablets ease the symptoms for many patients. "
            "Your options are watchful waiting, tablets or surgery. "
            "Your doctor should explain the risks and benefits. "
            "You can ask for a second opinion.\n"
        ),
    ) as library:
        assert any("options are" in text for text in _shown(library, "page", "alternatives"))
        shown = _shown(library, "page", "shared_decision")
        assert any("should explain" in text for text in shown)
        assert any("second opinion" in text for text in shown)


def test_choices_a_lead_in_announces_are_alternatives_each_in_its_sentence(tmp_path):
    with _library(
        tmp_path,
        page=(
            "# Tablets for travel sickness\n\n"
            "Travel sickness tablets help most people on long journeys. "
            "There are two main choices. "
            "Hyoscine works within half an hour but can make your mouth dry. "
            "Cinnarizine lasts longer and is taken two hours before you set off. "
            "They are sold by pharmacists without a prescription.\n"
        ),
    ) as library:
        shown = _shown(library, "page", "alternatives")
        assert any(text.startswith("Hyoscine") for text in shown)
        assert any(text.startswith("Cinnarizine") for text in shown)
        # a sentence that goes on about the last one names no new choice
        assert not any(text.startswith("They are sold") for text in shown)


def test_another_treatment_named_in_a_comparing_frame_is_an_alternative(tmp_path):
    with _library(
        tmp_path,
        page=(
            "# Light therapy for acne\n\n"
            "Blue light sessions calm spots in some patients. "
            "Two creams have stronger evidence: benzoyl peroxide and adapalene gel. "
            "Sessions cost £60 each.\n"
        ),
        other=(
            "# Tea for hay fever\n\n"
            "Nettle tea is said to ease sneezing for some patients. "
            "Antihistamine-free nasal rinses also have good evidence. "
            "The tea costs £3 a box.\n"
        ),
    ) as library:
        assert any("stronger evidence" in t for t in _shown(library, "page", "alternatives"))
        assert any("nasal rinses" in t for t in _shown(library, "other", "alternatives"))


def test_a_condition_that_passes_or_kills_untreated_says_what_happens_without_treatment(tmp_path):
    with _library(
        tmp_path,
        page=(
            "# Laser caps for hair loss\n\n"
            "The cap shines red light on the scalp and may help some patients. "
            "Hair lost after an illness often grows back by itself within months.\n"
        ),
        other=(
            "# Rabies jabs before you travel\n\n"
            "The vaccine is given as three injections before you go. "
            "Rabies kills almost everyone who catches it if it isn't treated quickly.\n"
        ),
    ) as library:
        assert any("grows back" in t for t in _shown(library, "page", "no_treatment"))
        assert any("isn't treated" in t for t in _shown(library, "other", "no_treatment"))


def test_credit_lines_by_their_shape_name_the_author(tmp_path):
    with _library(
        tmp_path,
        leaflet=(
            "# Hay fever\n\n"
            "Allergy Clinic, Northfield General Hospital\n\n"
            "Antihistamine tablets ease sneezing for most patients.\n\n"
            "Page checked June 2025 by Sam Ode, allergy nurse.\n"
        ),
        podcast=(
            "# Episode 12: sleep\n\n"
            "This week, host Ria Das talks to psychologist Tom Hale about insomnia therapy. "
            "Therapy helps most patients sleep better.\n"
        ),
        plain=(
            "# Hay fever\n\n"
            "## Allergy Clinic\n\n"
            "Antihistamine tablets ease sneezing for most patients.\n"
        ),
    ) as library:
        leaflet = _shown(library, "leaflet", "author")
        assert any("Northfield General Hospital" in text for text in leaflet)
        assert any("checked June 2025 by Sam Ode" in text for text in leaflet)
        assert any("host Ria Das" in text for text in _shown(library, "podcast", "author"))
        # a heading naming a service is not a credit line
        assert not library.appraise("plain").item("author").found


def test_star_ratings_subscriptions_and_no_perfect_protection_are_read(tmp_path):
    with _library(
        tmp_path,
        page=(
            "# Flu jabs at Kestrel Pharmacy\n\n"
            "The flu vaccine lowers the chance of a bad winter illness for most patients. "
            "No vaccine is 100% effective, so keep washing your hands. "
            "Jabs are free from any community pharmacy if you are over 65. "
            "Rated 4.8 stars by 900 customers! "
            "Subscribe to our newsletter for winter health tips.\n"
        ),
    ) as library:
        assert any("100% effective" in t for t in _shown(library, "page", "uncertainty"))
        promotion = _shown(library, "page", "promotion")
        assert any("Rated 4.8 stars" in t for t in promotion)
        assert any("Subscribe" in t for t in promotion)
        # where to get it is not the source of a claim
        assert not library.appraise("page").item("sources").found


def test_a_list_under_a_heading_naming_harms_is_risks(tmp_path):
    with _library(
        tmp_path,
        page=(
            "# Gallbladder removal\n\n"
            "Most patients go home the next day.\n\n"
            "## Possible complications\n\n"
            "- Bleeding from the wound\n"
            "- A stiff, aching shoulder for a day or two\n"
        ),
        other=(
            "# Gallbladder removal\n\n"
            "Most patients go home the next day.\n\n"
            "## Benefits of the operation\n\n"
            "- No more attacks of pain after meals\n\n"
            "## Risks of leaving it untreated\n\n"
            "- Repeated attacks of pain after meals\n"
        ),
    ) as library:
        shown = _shown(library, "page", "risks")
        assert "Bleeding from the wound" in shown
        assert "A stiff, aching shoulder for a day or two" in shown
        # a list under a heading of benefits, or of what happens untreated, names no harm of it
        other = _shown(library, "other", "risks")
        assert "No more attacks of pain after meals" not in other
        assert "Repeated attacks of pain after meals" not in other


def test_never_needing_it_and_deciding_against_it_say_what_happens_without_treatment(tmp_path):
    with _library(
        tmp_path,
        page=(
            "# Tongue-tie division\n\n"
            "The midwife snips the tight skin under the tongue for patients who cannot feed. "
            "Most babies never need it, and feeding improves with time.\n"
        ),
        other=(
            "# Knee injections\n\n"
            "A steroid injection can ease knee pain for some patients. "
            "If you decide not to have the injection, the pain often settles with exercise.\n"
        ),
        near=(
            "# Knee injections\n\n"
            "A steroid injection can ease knee pain for some patients. "
            "If you decide not to come, please tell us. "
            "Most people never need to pay for it.\n"
        ),
    ) as library:
        assert any("never need it" in t for t in _shown(library, "page", "no_treatment"))
        assert any("decide not to have" in t for t in _shown(library, "other", "no_treatment"))
        assert not library.appraise("near").item("no_treatment").found


def test_another_thing_to_try_first_or_as_effective_is_an_alternative(tmp_path):
    with _library(
        tmp_path,
        page=(
            "# Steroid injections for tennis elbow\n\n"
            "An injection can ease the pain for some patients. "
            "Try a brace and rest for six weeks first.\n"
        ),
        other=(
            "# Shockwave therapy for heel pain\n\n"
            "Shockwave sessions ease heel pain for some patients. "
            "Stretching the calf is also effective for many people.\n"
        ),
        near=(
            "# Shockwave therapy for heel pain\n\n"
            "Shockwave sessions ease heel pain for some patients. "
            "Try to arrive ten minutes early for your first session.\n"
        ),
    ) as library:
        assert any("brace and rest" in t for t in _shown(library, "page", "alternatives"))
        assert any("also effective" in t for t in _shown(library, "other", "alternatives"))
        assert not library.appraise("near").item("alternatives").found


def test_what_the_surgeon_does_and_what_the_tools_let_them_see_is_how_it_works(tmp_path):
    with _library(
        tmp_path,
        page=(
            "# Removing a cyst\n\n"
            "The surgeon makes a small cut and lifts the cyst out in one piece. "
            "Most patients are back at work the next day.\n"
        ),
        other=(
            "# Looking inside the bladder\n\n"
            "A cystoscopy helps patients whose symptoms have no clear cause. "
            "It uses a thin tube with a camera, so the doctor can see inside the bladder.\n"
        ),
        near=(
            "# Our clinic\n\n"
            "The surgeon will see you after the operation to talk about it. "
            "We use a booking system, so the doctor can see you sooner, and patients wait less.\n"
        ),
    ) as library:
        assert any("makes a small cut" in t for t in _shown(library, "page", "how_it_works"))
        assert any("see inside the bladder" in t for t in _shown(library, "other", "how_it_works"))
        near = _shown(library, "near", "how_it_works")
        assert not any("see you after" in t or "booking system" in t for t in near)


def test_a_referral_to_another_service_is_support_and_to_our_own_is_not(tmp_path):
    with _library(
        tmp_path,
        page=(
            "# Weight loss injections\n\n"
            "The weekly injection helps patients lose weight. "
            "Your GP can refer you to a local weight management group.\n"
        ),
        near=(
            "# Weight loss injections\n\n"
            "The weekly injection helps patients lose weight. "
            "We can refer you to our dietitian.\n"
        ),
    ) as library:
        assert any("refer you to a local" in t for t in _shown(library, "page", "support"))
        assert not any("refer you to" in t for t in _shown(library, "near", "support"))


def test_little_good_evidence_is_uncertainty_and_good_evidence_is_not(tmp_path):
    with _library(
        tmp_path,
        page=(
            "# Cranberry capsules for cystitis\n\n"
            "Cranberry capsules are sold to patients to prevent bladder infections. "
            "There is little good evidence that they work.\n"
        ),
        near=(
            "# Cranberry capsules for cystitis\n\n"
            "Cranberry capsules are sold to patients to prevent bladder infections. "
            "There is good evidence that drinking water helps.\n"
        ),
    ) as library:
        assert any("little good evidence" in t for t in _shown(library, "page", "uncertainty"))
        assert not library.appraise("near").item("uncertainty").found


def test_working_physically_is_how_it_works_and_working_quickly_is_not(tmp_path):
    with _library(
        tmp_path,
        page=(
            "# Barrier gel for mouth ulcers\n\n"
            "The gel eases pain for most patients. "
            "It works physically, forming a film over the ulcer.\n"
        ),
        near=(
            "# Barrier gel for mouth ulcers\n\n"
            "The gel eases pain for most patients. "
            "It works quickly for most people.\n"
        ),
    ) as library:
        assert any("works physically" in t for t in _shown(library, "page", "how_it_works"))
        assert not library.appraise("near").item("how_it_works").found


def test_answers_from_a_pharmacist_thanks_for_checking_and_a_newsletter_issue_sign_it(tmp_path):
    with _library(
        tmp_path,
        page=(
            "# Cold sores\n\n"
            "Answers from our pharmacist, Ana Ruiz MPharm, for the shop blog.\n\n"
            "Antiviral cream can shorten an attack for some patients.\n"
        ),
        other=(
            "# Chilblains\n\n"
            "From the Winter 2025 newsletter of the Elmfield Patient Group.\n\n"
            "Warming the feet slowly eases chilblains for most patients.\n\n"
            "With thanks to Dr Omar Hale, GP, for checking the facts.\n"
        ),
        near=(
            "# Cold sores\n\n"
            "Answers from our customers are below.\n\n"
            "Antiviral cream can shorten an attack for some patients. "
            "Thanks to Dr Omar Hale for the lovely flowers. "
            "In spring 2026 the shop moves to a new street.\n"
        ),
    ) as library:
        assert any("Ana Ruiz" in t for t in _shown(library, "page", "author"))
        other = _shown(library, "other", "author")
        assert any("newsletter of the Elmfield" in t for t in other)
        assert any("for checking the facts" in t for t in other)
        assert any("Winter 2025 newsletter" in t for t in _shown(library, "other", "date"))
        assert not library.appraise("near").item("author").found
        assert not library.appraise("near").item("date").found


def test_a_school_nurse_to_speak_to_and_asking_for_a_review_help_decide(tmp_path):
    with _library(
        tmp_path,
        page=(
            "# Bedwetting alarms\n\n"
            "An alarm helps most patients stay dry within a few months. "
            "If it has not helped after three months, speak to your school nurse.\n"
        ),
        other=(
            "# Tennis elbow\n\n"
            "A brace eases the pain for some patients. "
            "Ask for a review if the pain stops you working.\n"
        ),
        near=(
            "# Tennis elbow\n\n"
            "A brace eases the pain for some patients. "
            "Ask for a receipt when you pay.\n"
        ),
    ) as library:
        assert any("school nurse" in t for t in _shown(library, "page", "shared_decision"))
        assert any("Ask for a review" in t for t in _shown(library, "other", "shared_decision"))
        assert not library.appraise("near").item("shared_decision").found


def test_muscles_that_join_a_bone_are_no_promotion_and_joining_a_crowd_is(tmp_path):
    with _library(
        tmp_path,
        page=(
            "# Tennis elbow straps\n\n"
            "A strap eases elbow pain for some patients. "
            "The pain comes from the tendon where the forearm muscles join the bone.\n"
        ),
        near=(
            "# Tennis elbow straps\n\n"
            "A strap eases elbow pain for some patients. "
            "Join the thousands of happy golfers who wear one.\n"
        ),
    ) as library:
        assert not library.appraise("page").item("promotion").found
        assert any("Join the thousands" in t for t in _shown(library, "near", "promotion"))


def test_a_forum_run_by_others_is_support_and_our_own_is_not(tmp_path):
    with _library(
        tmp_path,
        page=(
            "# Knee braces\n\n"
            "A brace steadies the knee for some patients. "
            "Knee Pain UK has a forum where people swap tips.\n"
        ),
        near=(
            "# Knee braces\n\n"
            "A brace steadies the knee for some patients. "
            "Our forum is where we post our latest offers.\n"
        ),
    ) as library:
        assert any("forum" in t for t in _shown(library, "page", "support"))
        assert not library.appraise("near").item("support").found


def test_a_gain_that_lasts_a_while_before_the_condition_returns_is_uncertainty(tmp_path):
    with _library(
        tmp_path,
        page=(
            "# Light treatment for eczema\n\n"
            "Light sessions calm eczema for most patients. "
            "The improvement lasts for months, but eczema usually returns in time.\n"
        ),
        near=(
            "# Light treatment for eczema\n\n"
            "Light sessions calm eczema for most patients. "
            "Eczema often returns in winter, and the side effects return with each course.\n"
        ),
    ) as library:
        assert any("usually returns" in t for t in _shown(library, "page", "uncertainty"))
        assert not library.appraise("near").item("uncertainty").found


def test_what_raises_the_chance_of_a_harm_and_who_it_does_not_suit_are_risks(tmp_path):
    with _library(
        tmp_path,
        page=(
            "# Light treatment for eczema\n\n"
            "Light sessions calm eczema for most patients. "
            "Having many courses raises the chance of skin cancer. "
            "Light treatment is not suitable if you have had skin cancer.\n"
        ),
        near=(
            "# Blood pressure tablets\n\n"
            "The tablets lower blood pressure for most patients. "
            "Without treatment, the condition raises the chance of a fall.\n"
        ),
    ) as library:
        risks = _shown(library, "page", "risks")
        assert any("raises the chance" in t for t in risks)
        assert any("not suitable if you" in t for t in risks)
        assert not any("raises the chance" in t for t in _shown(library, "near", "risks"))


def test_choosing_to_live_with_it_and_creams_that_failed_are_read(tmp_path):
    with _library(
        tmp_path,
        page=(
            "# Light treatment for psoriasis\n\n"
            "Light sessions calm the patches for most patients. "
            "They are offered when creams have not controlled the patches. "
            "Psoriasis is not dangerous, and some people choose to live with mild patches.\n"
        ),
        near=(
            "# Light treatment for psoriasis\n\n"
            "Light sessions calm the patches for most patients. "
            "Some people choose to live in the city near the clinic.\n"
        ),
    ) as library:
        assert any("choose to live with" in t for t in _shown(library, "page", "no_treatment"))
        assert any("creams have not" in t for t in _shown(library, "page", "alternatives"))
        assert not library.appraise("near").item("no_treatment").found
