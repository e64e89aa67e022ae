"""Reading a corpus folder: files found and skipped, text cleaned, sentences split and marked."""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kread.index.errors import CorpusError, CorpusFileError
from kread.index.reading import corpus
from kread.index.reading.corpus import Catalog, ParsedDocument, SourceFile

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
DATA = Path(__file__).resolve().parent / "data" / "corpus"


# -- helpers -------------------------------------------------------------------------------


def load(root: Path, catalog: Catalog | None = None) -> tuple[dict[str, ParsedDocument], list[str]]:
    """Every document under root, as the library loads them: skipped files become warnings."""
    files, warnings = corpus.scan(root)
    catalog = corpus.load_catalog(root) if catalog is None else catalog
    documents = {}
    for file in files:
        try:
            documents[file.id] = corpus.read_document(file, catalog)
        except CorpusFileError as error:
            warnings.append(str(error))
    return documents, warnings


def read_one(path: Path, catalog: Catalog | None = None) -> ParsedDocument:
    root = path.parent
    files, _ = corpus.scan(root)
    (file,) = [f for f in files if f.path.name == path.name]
    return corpus.read_document(file, catalog or corpus.load_catalog(root))


def sentences(doc: ParsedDocument) -> dict[str, corpus.SentenceSpan]:
    return {doc.text[s.start : s.end]: s for s in doc.sentences}


def find(doc: ParsedDocument, start: str) -> corpus.SentenceSpan:
    found = [s for s in doc.sentences if doc.text[s.start : s.end].startswith(start)]
    assert len(found) == 1, f"{len(found)} sentences start with {start!r}"
    return found[0]


@pytest.fixture(scope="module")
def seeds() -> dict[str, ParsedDocument]:
    documents, warnings = load(SEEDS)
    assert warnings == []
    return {doc_id[:3]: doc for doc_id, doc in documents.items()}


def assert_well_formed(doc: ParsedDocument) -> None:
    """Offsets a renderer can trust: in order, inside their paragraph, no outer whitespace."""
    last_end = 0
    for span in doc.sentences:
        piece = doc.text[span.start : span.end]
        assert piece and piece == piece.strip()
        assert span.start >= last_end
        p_start, p_end = doc.paragraphs[span.paragraph]
        assert p_start <= span.start < span.end <= p_end
        last_end = span.end
    for start, end in doc.paragraphs:
        assert doc.text[start:end] == doc.text[start:end].strip()


# -- the bundled seeds -----------------------------------------------------------------------


def test_the_five_seeds_load_with_their_words(seeds: dict[str, ParsedDocument]) -> None:
    assert sorted(seeds) == ["000", "001", "002", "003", "004"]
    for doc in seeds.values():
        assert doc.words >= 300
        assert len(doc.digest) == 64
        assert_well_formed(doc)


@pytest.mark.parametrize(
    ("seed", "sentence"),
    [
        (
            "000",
            "Ketamine works by blocking N-methyl-D-aspartate (NMDA) receptors, which are "
            "involved in the brain's response to stress and trauma.",
        ),
        # a numbered list item: the "1." is neither a sentence nor part of one
        (
            "000",
            "Rapid relief of symptoms: Ketamine therapy has been shown to provide rapid relief of "
            "symptoms associated with trauma, such as anxiety, depression, and post-traumatic "
            "stress disorder (PTSD).",
        ),
        ("000", "Substance abuse or self-destructive behaviors."),
        ("002", "Conclusion"),
        ("004", "They include:"),
        ("004", "This rapid response is crucial."),
        ("004", "Ketamine is a potential game-changer for PTSD treatment."),
        (
            "004",
            "This process, sometimes referred to as \u201cneuroplasticity,\u201d could be a "
            "game-changer for helping individuals reframe and process traumatic memories in a "
            "more adaptive way.",
        ),
    ],
)
def test_seed_sentences_are_split_where_they_end(
    seeds: dict[str, ParsedDocument], seed: str, sentence: str
) -> None:
    assert sentence in sentences(seeds[seed])


def test_a_list_marker_is_not_a_sentence(seeds: dict[str, ParsedDocument]) -> None:
    for doc in seeds.values():
        for text in sentences(doc):
            assert not re.match(r"(?:\d{1,3}[.)]|[-\u2022])(?:\s|$)", text), text


def test_a_hard_wrapped_line_joins_its_sentence(seeds: dict[str, ParsedDocument]) -> None:
    doc = seeds["000"]
    joined = (
        "Reduced suicidal ideation: Ketamine therapy has been shown to significantly reduce "
        "suicidal ideation in individuals with trauma-related symptoms."
    )
    span = sentences(doc)[joined]
    assert not span.boilerplate and not span.heading
    assert not any(doc.text[a:b].startswith("suicidal ideation") for a, b in doc.paragraphs)


@pytest.mark.parametrize(
    ("seed", "start"),
    [
        ("000", "Contact Alternative Pathways today"),
        ("000", "7050 S Highland Drive"),
        ("000", "Cottonwood Heights, Utah 84121"),
        ("000", "Phone: 385-287-1469"),
        ("000", "Copyright"),
        ("000", "Alternative Pathways, All Rights Reserved."),
        ("001", "To learn if ketamine is the right PTSD treatment for you, reach out to us"),
        ("002", "Comments"),
        ("003", "Back to Articles"),
        ("004", "google review Get Help Today"),
        ("004", "A hand holding a white pill"),
        ("004", "A palm holding pills"),
        ("004", "Men in military uniforms in group therapy"),
        ("004", "Your well-being is our top priority"),
        ("004", "Get Help for Yourself or Your Loved One"),
        ("004", "Call Now: (855) 588-1422"),
        ("004", "sun logo"),
        ("004", "Our Team Is Standing By"),
        ("004", "100% Confidential, No Obligations"),
        ("004", "Most of our staff is in recovery"),
        ("004", "You CAN get sober, and we can help you."),
        ("004", "Greg Goushian"),
        ("004", "dena valenzuela"),
        ("004", "Dena Valenzuela"),
    ],
)
def test_seed_boilerplate_is_marked(
    seeds: dict[str, ParsedDocument], seed: str, start: str
) -> None:
    assert find(seeds[seed], start).boilerplate


@pytest.mark.parametrize(
    ("seed", "start"),
    [
        ("000", "Ketamine therapy is typically administered in a controlled clinical setting"),
        ("000", "Alternative Pathways is a reputable clinic"),
        ("000", "Some common signs and symptoms of trauma include:"),
        ("001", "Ketamine infusion therapy involves the administration"),
        ("002", "Ketamine infusion therapy for PTSD should always be administered"),
        ("003", "Women are more likely than men"),
        ("004", "Ketamine is a potential game-changer for PTSD treatment."),
        ("004", "Psychological Dissociation: Ketamine might briefly make you feel detached"),
        ("004", "It\u2019s usually short-lived, but we\u2019re here to support you through it."),
        ("004", "Additionally, it\u2019s worth noting that insurance coverage"),
        ("004", "Consult healthcare professionals for personalized guidance."),
        ("004", "What You Should Know About Ketamine Treatment For PTSD"),
    ],
)
def test_seed_content_is_not_boilerplate(
    seeds: dict[str, ParsedDocument], seed: str, start: str
) -> None:
    assert not find(seeds[seed], start).boilerplate


def test_every_seed_keeps_most_of_its_sentences_as_content(
    seeds: dict[str, ParsedDocument],
) -> None:
    for doc in seeds.values():
        content = [s for s in doc.sentences if not (s.boilerplate or s.heading)]
        assert len(content) >= 0.6 * len(doc.sentences)


def test_the_repeated_paragraph_of_003_is_marked_once_the_second_time(
    seeds: dict[str, ParsedDocument],
) -> None:
    doc = seeds["003"]
    start = "Post-traumatic stress disorder (PTSD) is a debilitating condition"
    copies = [s for s in doc.sentences if doc.text[s.start : s.end].startswith(start)]
    assert len(copies) == 2
    assert [s.boilerplate for s in copies] == [False, True]
    # the whole second copy, not just its first sentence
    second = [s for s in doc.sentences if s.paragraph == copies[1].paragraph]
    assert len(second) == 3 and all(s.boilerplate for s in second)


@pytest.mark.parametrize(
    ("seed", "heading"),
    [
        ("001", "Understanding PTSD: A Brief Overview"),
        ("001", "Parting Thoughts"),
        ("002", "Conclusion"),
        ("003", "Understanding the Gendered Impact of PTSD:"),
        ("003", "Exploring Ketamine Therapy for PTSD: A Promising Path to Healing"),
        ("004", "The Side Effects"),
        ("004", "What Is Ketamine?"),
    ],
)
def test_seed_headings_are_marked(
    seeds: dict[str, ParsedDocument], seed: str, heading: str
) -> None:
    assert sentences(seeds[seed])[heading].heading


@pytest.mark.parametrize(
    ("seed", "start"),
    [
        ("000", "Irritability or anger"),  # a list item
        ("003", "Recognition of Gender-Specific Trauma:"),  # a numbered list item
        ("004", "A hand holding a white pill"),  # a caption
        ("004", "They include:"),  # the end of a paragraph
        ("004", "Ketamine is a potential game-changer for PTSD treatment."),
    ],
)
def test_seed_non_headings(seeds: dict[str, ParsedDocument], seed: str, start: str) -> None:
    assert not find(seeds[seed], start).heading


def test_derived_titles_are_headlines_not_ids_or_furniture() -> None:
    documents, _ = load(SEEDS, Catalog())
    titles = {doc_id[:3]: doc.title for doc_id, doc in documents.items()}
    assert titles["003"] == "Exploring Ketamine Therapy for PTSD: A Promising Path to Healing"
    assert titles["004"] == "What You Should Know About Ketamine Treatment For PTSD"
    # no headline at the top and only a lead-in line: the first sentence, shortened
    assert titles["000"].startswith("Trauma is a common but often debilitating")
    assert len(titles["000"].split()) <= 12
    for doc in documents.values():
        assert doc.title and doc.id not in doc.title and doc.source == ""


# -- markdown and html ---------------------------------------------------------------------


def test_markdown_front_matter_and_syntax(tmp_path: Path) -> None:
    (tmp_path / "primer.md").write_text(
        "---\n"
        "title: Ketamine, a primer\n"
        "publisher: Example News\n"
        "location: Boston\n"
        "date: 2024-02-03\n"
        "---\n\n"
        "# Why ketamine **matters**\n\n"
        "Ketamine is an _anaesthetic_ that\n"
        "was approved in 1970. See the [FDA label](https://fda.gov/x) for more.\n"
        "![A chart of doses](chart.png)\n\n"
        "* First point with `code`\n"
        "* Second point\n\n"
        "```\ndef f(x):\n    return x * 2\n```\n\n"
        "Keep [brackets], snake_case_names and 2 * 3 * 4.\n"
    )
    doc = read_one(tmp_path / "primer.md")
    assert (doc.title, doc.source, doc.place, doc.date) == (
        "Ketamine, a primer",
        "Example News",
        "Boston",
        "2024-02-03",
    )
    found = sentences(doc)
    assert found["Why ketamine matters"].heading
    # soft line breaks join, link syntax goes, the image goes
    assert "Ketamine is an anaesthetic that was approved in 1970." in found
    assert "See the FDA label for more." in found
    assert "chart" not in doc.text and "fda.gov" not in doc.text
    assert "First point with code" in found
    assert "def f(x):\n    return x * 2" in doc.text
    assert "Keep [brackets], snake_case_names and 2 * 3 * 4." in found
    assert_well_formed(doc)


def test_malformed_front_matter_is_ignored_and_the_body_kept(tmp_path: Path) -> None:
    (tmp_path / "bad.md").write_text(
        "---\ntitle: [unclosed\n---\nThe body stays here. It has two sentences.\n"
    )
    doc = read_one(tmp_path / "bad.md")
    assert "The body stays here." in sentences(doc)
    assert "unclosed" not in doc.text
    assert doc.title == "The body stays here"


def test_html_article_is_extracted_without_page_junk() -> None:
    doc = read_one(DATA / "clinic_page.html")
    assert doc.title == "Ketamine and Sleep: What the Trials Show"
    assert doc.source == "Calm Harbor Clinic"
    assert doc.date == "2024-03-05"
    found = sentences(doc)
    assert (
        "In several small trials, patients slept longer and woke less often after an infusion."
        in found
    )
    assert found["What the studies found"].heading
    assert "Fewer night wakings in the first week" in found
    # "Dr." does not end a sentence
    assert any(t.startswith("Dr. Rivera, who led one of them") for t in found)
    for junk in ("tracking-code", "footer script", "Services", "Related posts", "(503) 555-0142"):
        assert junk not in doc.text
    assert_well_formed(doc)


def test_html_falls_back_to_body_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import trafilatura

    monkeypatch.setattr(trafilatura, "bare_extraction", lambda *args, **kwargs: None)
    (tmp_path / "page.htm").write_text(
        "<html><head><title>T</title><style>p{color:red}</style></head><body>"
        "<script>var secret = 1;</script><h1>A Plain Page</h1>"
        "<p>The only paragraph of this page.</p><ul><li>One item</li></ul></body></html>"
    )
    doc = read_one(tmp_path / "page.htm")
    found = sentences(doc)
    assert found["A Plain Page"].heading
    assert "The only paragraph of this page." in found
    assert "One item" in found
    assert "secret" not in doc.text and "color" not in doc.text


# -- metadata --------------------------------------------------------------------------------


def test_catalog_entry_wins_over_front_matter_and_derived(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(
        "---\ntitle: Front Title\nsource: Front Source\n---\nBody text.\n"
    )
    (tmp_path / "b.txt").write_text("A Derived Headline\n\nBody text of b.\n")
    (tmp_path / "catalog.yaml").write_text(
        "a.md:\n  title: Catalog Title\n  place: Here\n"
        "b.txt:\n  source: Catalog Source\n  date: 2023\n"
    )
    documents, warnings = load(tmp_path)
    assert warnings == []
    a, b = documents["a"], documents["b"]
    assert (a.title, a.source, a.place) == ("Catalog Title", "Front Source", "Here")
    assert (b.title, b.source, b.date) == ("A Derived Headline", "Catalog Source", "2023")


def test_a_catalog_edit_changes_the_digest(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Some text here.\n")
    (file,), _ = corpus.scan(tmp_path)
    before = corpus.file_digest(file, corpus.load_catalog(tmp_path))
    assert before == corpus.read_document(file, corpus.load_catalog(tmp_path)).digest
    (tmp_path / "catalog.yaml").write_text("a.txt:\n  title: New\n")
    after = corpus.file_digest(file, corpus.load_catalog(tmp_path))
    assert after != before
    assert after == corpus.read_document(file, corpus.load_catalog(tmp_path)).digest


@pytest.mark.parametrize(
    ("content", "line", "words"),
    [
        ("a.txt:\n  title: Fine\nb.txt:\n  title: [unclosed\n", 5, "expected"),
        ("a.txt:\n  title: Fine\n  author: Someone\n", 3, "unknown key 'author'"),
        ("a.txt:\n  title: Fine\na.txt:\n  title: Again\n", 3, "listed twice"),
        ("- a.txt\n- b.txt\n", 1, "expected file names"),
        ("a.txt: just a string\n", 1, "must be"),
    ],
)
def test_an_invalid_catalog_names_its_file_and_line(
    tmp_path: Path, content: str, line: int, words: str
) -> None:
    (tmp_path / "catalog.yaml").write_text(content)
    with pytest.raises(CorpusError) as raised:
        corpus.load_catalog(tmp_path)
    message = str(raised.value)
    assert f"catalog.yaml:{line}: " in message
    assert words in message
    assert "\n" not in message


# -- decoding and skipping -----------------------------------------------------------------


def test_unreadable_files_are_skipped_with_a_warning_and_the_rest_load(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("A good file. It loads.\n")
    (tmp_path / "binary.txt").write_bytes(
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
    )
    (tmp_path / "empty.md").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b" \n\t\r\n")
    (tmp_path / "broken16.txt").write_bytes(b"\xff\xfe" + "ok".encode("utf-16-le") + b"\x00\xd8")
    (tmp_path / "noise.html").write_bytes(bytes(range(1, 32)) * 40)
    documents, warnings = load(tmp_path)
    assert list(documents) == ["good"]
    assert sorted(warnings) == [
        "skipped binary.txt: binary file (not text)",
        "skipped blank.txt: empty file",
        "skipped broken16.txt: not valid UTF-16 text; save it as UTF-8",
        "skipped empty.md: empty file",
        "skipped noise.html: binary file (not text)",
    ]


def test_legacy_and_utf16_encodings_decode(tmp_path: Path) -> None:
    text = "Caf\u00e9 cr\u00e8me \u2013 \u201cquoted\u201d text."
    (tmp_path / "cp1252.txt").write_bytes(text.encode("cp1252"))
    (tmp_path / "latin1.txt").write_bytes(
        "Se\u00f1or \u00bfQu\u00e9? \u00a9 d\u00e9j\u00e0 vu.".encode("latin-1")
    )
    (tmp_path / "utf16le.txt").write_bytes(("\ufeff" + text).encode("utf-16-le"))
    (tmp_path / "utf16be.txt").write_bytes(("\ufeff" + text).encode("utf-16-be"))
    (tmp_path / "bom8.txt").write_bytes(("\ufeff" + text).encode("utf-8"))
    documents, warnings = load(tmp_path)
    assert warnings == []
    for name in ("cp1252", "utf16le", "utf16be", "bom8"):
        assert documents[name].text == text, name
    assert documents["latin1"].text == "Se\u00f1or \u00bfQu\u00e9? \u00a9 d\u00e9j\u00e0 vu."


def test_line_ends_spaces_and_unicode_are_normalised(tmp_path: Path) -> None:
    (tmp_path / "crlf.txt").write_bytes(
        "First line here.   \r\nSecond\u00a0line, cafe\u0301.\rThird\tline.\r\n".encode()
    )
    doc = read_one(tmp_path / "crlf.txt")
    assert "\r" not in doc.text and "\u00a0" not in doc.text and "\t" not in doc.text
    assert "First line here.\n" in doc.text
    assert "Second line, caf\u00e9." in doc.text
    assert unicodedata.is_normalized("NFC", doc.text)


ESCAPES = (
    "\x1b[31;1m",  # colour
    "\x1b[2J\x1b[H",  # clear screen, cursor home
    "\x1b]0;pwned window title\x07",  # window title
    "\x1b]8;;https://evil.example/\x1b\\",  # hyperlink start
    "\x1b]8;;\x1b\\",  # hyperlink end
    "\x1bP+q544e\x1b\\",  # DCS query
    "\x9b31m",  # 8-bit CSI
)


def test_escape_sequences_and_controls_are_removed_from_text_and_titles(tmp_path: Path) -> None:
    body = (
        f"{ESCAPES[2]}Harm\u202eless {ESCAPES[0]}Title\u2066\u200b\n\n"
        f"The {ESCAPES[3]}link{ESCAPES[4]} is here{ESCAPES[1]}. Bell\x07 and back\x08space "
        f"and {ESCAPES[5]}DCS{ESCAPES[6]} go, [brackets] and [/] stay.\n"
    )
    (tmp_path / "evil.txt").write_text(body)
    (tmp_path / "evil2.md").write_text('---\ntitle: "Bad\\e[2J \\u202eTitle"\n---\nText.\n')
    (tmp_path / "catalog.yaml").write_text('evil.txt:\n  source: "Src\\e]0;x\\a\\u2067"\n')
    documents, warnings = load(tmp_path)
    assert warnings == []
    for doc in documents.values():
        for field in (doc.text, doc.title, doc.source):
            assert not any(unicodedata.category(c) == "Cc" and c != "\n" for c in field), field
            assert not set(field) & {"\u202e", "\u2066", "\u2067", "\u200b"}
    doc = documents["evil"]
    assert doc.title == "Harmless Title"
    assert doc.source == "Src"
    assert "The link is here." in sentences(doc)
    assert "Bell and backspace and DCS go, [brackets] and [/] stay." in sentences(doc)
    assert "pwned" not in doc.text and "evil.example" not in doc.text
    assert documents["evil2"].title == "Bad Title"


INVISIBLE = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")  # bidi
INVISIBLE |= set("\u200b\u200c\u200d\u2060\ufeff")  # zero-width


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
@settings(max_examples=300, deadline=None)
def test_sanitize_leaves_no_controls_or_invisible_characters(text: str) -> None:
    clean = corpus.sanitize(text)
    for char in clean:
        assert char == "\n" or unicodedata.category(char) != "Cc"
        assert char not in INVISIBLE
    assert corpus.sanitize(clean) == clean


@given(
    st.lists(
        st.sampled_from(
            [
                "A Heading Line",
                "Dr. Smith said it works. Then he left!",
                "- a list item",
                "  2. Numbered item: with text.",
                "a line cut in the middle of a long sentence that keeps going",
                "lowercase continuation ends here.",
                "",
                "Call Now: (555) 123-4567",
                "Why? Because\u2026 It is.",
                "\u201cQuoted.\u201d After",
                "Ethan Parry",
                "\x1b[31m",
            ]
        ),
        min_size=1,
        max_size=30,
    )
)
@settings(max_examples=150, deadline=None)
def test_any_text_file_gives_consistent_offsets(
    tmp_path_factory: pytest.TempPathFactory, lines: list[str]
) -> None:
    root = tmp_path_factory.mktemp("prop")
    (root / "doc.txt").write_text("\n".join(lines))
    try:
        doc = read_one(root / "doc.txt")
    except CorpusFileError as error:
        assert "empty file" in str(error)
        return
    assert_well_formed(doc)
    assert {s.paragraph for s in doc.sentences} == set(range(len(doc.paragraphs)))


# -- finding files ---------------------------------------------------------------------------


def test_scan_finds_documents_and_skips_the_rest(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("b")
    (tmp_path / "a.md").write_text("a")
    (tmp_path / "a.txt").write_text("same id as a.md")
    (tmp_path / "page.HTML").write_text("<p>x</p>")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    (tmp_path / ".hidden.txt").write_text("hidden")
    (tmp_path / "catalog.yaml").write_text("")
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    (tmp_path / "sub" / "deeper" / "c.markdown").write_text("c")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("x")
    outside = tmp_path.parent / f"{tmp_path.name}-outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("secret")
    (tmp_path / "linked").symlink_to(outside, target_is_directory=True)
    (tmp_path / "inside-link").symlink_to(tmp_path / "sub", target_is_directory=True)

    files, warnings = corpus.scan(tmp_path)
    assert [f.id for f in files] == ["a", "b", "page", "sub/deeper/c"]
    assert all(f.path.is_absolute() and f.path.is_file() for f in files)
    assert files[0].path.name == "a.md" and files[0].size == 1
    assert warnings == [
        "skipped linked: a link to a folder outside the corpus; copy the files in instead",
        "skipped a.txt: same name as a.md; rename one of them",
    ]


def test_a_fifo_is_skipped_without_blocking(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "real.txt").write_text("Real text.")
    documents, warnings = load(tmp_path)
    assert list(documents) == ["real"]
    assert warnings == ["skipped pipe.txt: not a regular file"]


def test_a_file_swapped_for_a_fifo_after_the_scan_does_not_hang(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    file = SourceFile("pipe", tmp_path / "pipe.txt", 0, 0)
    with pytest.raises(CorpusFileError, match="not a regular file"):
        corpus.read_document(file, Catalog())


def test_files_over_the_size_limit_are_skipped(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_text("word " * 30)
    (tmp_path / "small.txt").write_text("Small.")
    files, warnings = corpus.scan(tmp_path, 100)
    assert [f.id for f in files] == ["small"]
    assert len(warnings) == 1
    assert warnings[0].startswith("skipped big.txt: larger than")


def test_a_missing_or_non_folder_root_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="does not exist"):
        corpus.scan(tmp_path / "nowhere")
    (tmp_path / "file.txt").write_text("x")
    with pytest.raises(CorpusError, match="is not a folder"):
        corpus.scan(tmp_path / "file.txt")


def test_file_names_in_messages_are_escaped(tmp_path: Path) -> None:
    (tmp_path / "bad\x1b[31mname.txt").write_bytes(b"")
    documents, warnings = load(tmp_path)
    assert documents == {}
    assert warnings == ["skipped bad\\x1b[31mname.txt: empty file"]


def test_text_wrapped_at_a_fixed_width_is_read_as_paragraphs(tmp_path: Path) -> None:
    (tmp_path / "wrapped.txt").write_text(
        "Notes on Ketamine\n\n"
        "Ketamine was first made in 1962 and approved as an anaesthetic in 1970.\n"
        "Its use for depression came decades later, after trials at Yale showed\n"
        "Fast effects in patients who had not responded to other drugs.\n"
        "Short last line.\n\n"
        "A second paragraph begins here and it also runs on for a while until\n"
        "it ends.\n"
    )
    doc = read_one(tmp_path / "wrapped.txt")
    found = sentences(doc)
    assert found["Notes on Ketamine"].heading
    assert (
        "Its use for depression came decades later, after trials at Yale showed Fast effects in "
        "patients who had not responded to other drugs." in found
    )
    assert len(doc.paragraphs) == 3
    assert "A second paragraph begins here and it also runs on for a while until it ends." in found


def test_html_title_is_the_pages_own_not_an_early_heading(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(
        "<html><head><title>Advanced features - The Handbook</title></head><body>"
        "<div class='popup'><h2>Keyboard shortcuts</h2><p>Press ? to show this help.</p></div>"
        "<main><h1>Advanced features</h1>"
        "<p>The features listed on this page fall outside the main categories of the handbook, "
        "and each of them is explained with an example of its use in a real project.</p>"
        "<p>Another paragraph long enough to count as article text for the extractor, with "
        "several more words about the features and the reasons to use them.</p></main>"
        "</body></html>",
        encoding="utf-8",
    )
    doc = read_one(tmp_path / "page.html")
    assert doc.title == "Advanced features"
    assert doc.source == "The Handbook"


def test_a_restructuredtext_page_is_titled_by_its_heading_not_its_markup(tmp_path: Path):
    (tmp_path / "design.rst.txt").write_text(
        ":tocdepth: 2\n\n"
        "======================\n"
        "Design and History FAQ\n"
        "======================\n\n"
        ".. only:: html\n\n"
        "Why does Python use indentation for grouping of statements? Guido thought so.\n"
    )
    files, _ = corpus.scan(tmp_path)
    parsed = corpus.read_document(files[0], corpus.load_catalog(tmp_path))
    assert parsed.title == "Design and History FAQ"


def test_a_bold_question_alone_in_its_paragraph_is_a_markdown_heading(tmp_path: Path) -> None:
    (tmp_path / "faq.md").write_text(
        "# Sleep clinic FAQ\n\n"
        "**What does the machine do?**\n\n"
        "It blows air through a mask.\n\n"
        "**Q: I have tried three sprays and none of them worked for me at all. "
        "Is it worth asking my doctor about this?**\n\n"
        "**Jamie:** Does it hurt?\n",
        encoding="utf-8",
    )
    doc = read_one(tmp_path / "faq.md")
    assert find(doc, "What does the machine do?").heading
    assert not find(doc, "It blows air").heading
    # a reader's bold letter of several sentences, and a speaker's bold name, stay prose
    assert not find(doc, "Is it worth asking").heading
    assert not find(doc, "Jamie: Does it hurt?").heading


def test_a_short_paragraph_of_a_sentence_and_a_lead_in_is_prose(tmp_path: Path) -> None:
    (tmp_path / "leaflet.md").write_text(
        "# Side effects\n\n"
        "Stomach upsets are very common. They include:\n\n"
        "- feeling sick\n- diarrhoea\n\n"
        "Ketamine vs. Esketamine\n\n"
        "Both are given in a clinic.\n",
        encoding="utf-8",
    )
    doc = read_one(tmp_path / "leaflet.md")
    assert not find(doc, "Stomach upsets are very common.").heading
    assert find(doc, "Ketamine vs. Esketamine").heading


# A leaflet taken from a PDF: wrapped at a fixed width, a running head on each page, page
# numbers, words broken at line ends, question headings in sentence case.
PDF_LEAFLET = (
    "Westbury Community Health Services\n"
    "Leaflet for patients and carers\n\n"
    "Why am I having this test?\n"
    "Your nurse has asked for a sample because your blood pres-\n"
    "sure has been high at two visits, and the result will help\n"
    "choose between tablets. It is a simple test for well-trained\n"
    "staff that most people find easy, and the sample is taken by a\n"
    "well-\n"
    "trained nurse in about five minutes at your own practice.\n\n"
    "Getting ready\n"
    "Drink water as usual before you come and take your tablets\n"
    "unless the nurse has told you otherwise at an earlier visit.\n"
    "Is it painful? Most people feel only a sharp scratch that\n"
    "fades in a minute or two, and bruising is uncommon.\n\n"
    "                                             Page 1 of 2\n\n"
    "Westbury Community Health Services\n"
    "Leaflet for patients and carers\n\n"
    "Your results\n"
    "The practice will send you a text within a week, or ring you\n"
    "if anything needs to be talked through before your next visit.\n\n"
    "                                             Page 2 of 2\n"
)


def test_a_word_broken_at_a_line_end_is_read_whole(tmp_path: Path) -> None:
    (tmp_path / "leaflet.txt").write_text(PDF_LEAFLET, encoding="utf-8")
    doc = read_one(tmp_path / "leaflet.txt")
    assert "blood pressure has been high at two visits" in doc.text
    assert "pres- sure" not in doc.text
    # a word the leaflet writes with a hyphen elsewhere keeps it when broken at the hyphen
    assert "by a well-trained nurse" in doc.text
    assert "welltrained" not in doc.text


def test_a_hyphen_after_a_space_or_before_a_capital_is_no_broken_word(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text(
        "These notes were written for the spring meeting of the local group -\n"
        "most of them by the chair, and a few of them by members of the\n"
        "committee who work with the staff and the volunteers of the North-\n"
        "East team and the people who use its services every single week.\n\n"
        "A second paragraph that is here so the file reads as wrapped text,\n"
        "with a few more words on the line to make it long enough to count.\n",
        encoding="utf-8",
    )
    doc = read_one(tmp_path / "notes.txt")
    assert "local group - most of them" in doc.text
    assert "North- East team" in doc.text


def test_a_pdf_leaflets_lines_opening_a_block_are_headings(tmp_path: Path) -> None:
    (tmp_path / "leaflet.txt").write_text(PDF_LEAFLET, encoding="utf-8")
    doc = read_one(tmp_path / "leaflet.txt")
    question = find(doc, "Why am I having this test?")
    assert question.heading and not question.boilerplate
    ready = find(doc, "Getting ready")
    assert ready.heading and not ready.boilerplate  # a heading, not a picture's caption
    # a question inside the paragraph is prose
    assert not find(doc, "Is it painful?").heading
    assert not find(doc, "Your nurse has asked").heading


def test_a_sentence_case_question_line_in_markdown_stays_prose(tmp_path: Path) -> None:
    (tmp_path / "page.md").write_text(
        "# Blood tests\n\nWhy am I having this test?\nYour nurse has asked for it.\n",
        encoding="utf-8",
    )
    doc = read_one(tmp_path / "page.md")
    assert not find(doc, "Why am I having this test?").heading


def test_a_pdf_leaflets_running_head_and_page_numbers_are_furniture(tmp_path: Path) -> None:
    (tmp_path / "leaflet.txt").write_text(PDF_LEAFLET, encoding="utf-8")
    doc = read_one(tmp_path / "leaflet.txt")
    heads = [s for s in doc.sentences if doc.text[s.start : s.end].startswith("Westbury")]
    assert len(heads) == 2 and all(s.boilerplate for s in heads)
    for number in ("Page 1 of 2", "Page 2 of 2"):
        page = find(doc, number)
        assert page.boilerplate and not page.heading
    assert not find(doc, "The practice will send you a text").boilerplate


def test_a_line_said_once_in_a_pdf_leaflet_is_no_running_head(tmp_path: Path) -> None:
    once = PDF_LEAFLET.replace(
        "Westbury Community Health Services\nLeaflet for patients and carers\n\nYour results",
        "Your results",
    )
    (tmp_path / "leaflet.txt").write_text(once, encoding="utf-8")
    doc = read_one(tmp_path / "leaflet.txt")
    assert not find(doc, "Westbury Community Health Services").boilerplate


def test_a_markdown_table_is_read_row_by_row(tmp_path: Path) -> None:
    (tmp_path / "prices.md").write_text(
        "# Prices\n\n"
        "Our fees for this year.\n\n"
        "| Appointment | Price |\n"
        "| :--- | ---: |\n"
        "| First visit | **£60** |\n"
        "| Follow-up \\| review | £40 |\n\n"
        "Fees | and more words here\n"
        "---\n\n"
        "Tea | coffee | and cake are served in the waiting room.\n",
        encoding="utf-8",
    )
    doc = read_one(tmp_path / "prices.md")
    found = sentences(doc)
    assert "Appointment | Price" in found
    first = found["First visit | £60"]
    assert not first.heading and not first.boilerplate
    assert "Follow-up | review | £40" in found
    assert "---" not in doc.text and ":---" not in doc.text
    # a line with a pipe over "---" is a Markdown heading, and a pipe in prose is no table
    assert found["Fees | and more words here"].heading
    assert not find(doc, "Tea | coffee").heading
