"""Hostile files and folders: what `kread` does with a corpus nobody checked. Empty, binary and
oddly encoded files, a sparse 500 MB file, a multi-megabyte line, FIFOs, sockets, link loops and
links out of the folder, names with newlines, escapes and bytes that are not UTF-8, tens of
thousands of files, deep folders, files that change or vanish while they are read, HTML nested
100,000 deep, and front matter, catalog.yaml and topics files that are malformed, enormous, or
carry Python tags or alias bombs.

Each is read correctly or skipped with one warning line that names the file (escaped); every
good file is still listed; time and memory stay bounded. The real `kread` runs as a process
(with an address-space limit, a time limit, files changed under it and SIGSTOP/SIGCONT), and
`hypothesis` feeds arbitrary bytes to the reader and arbitrary text to the query parser.
"""

from __future__ import annotations

import json
import os
import re
import resource
import signal
import socket
import subprocess
import sys
import time
import tracemalloc
import unicodedata
from pathlib import Path

import pytest
from hostile import KREAD, kread_env
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kread.index.errors import CorpusError, CorpusFileError, KreadError
from kread.index.reading import corpus, limits, safe_yaml
from kread.index.reading.corpus import Catalog
from kread.index.reading.formats import FRONT_MATTER_MAX_CHARS, front_matter
from kread.index.reading.segment import MAX_SENTENCE_CHARS, split_sentences

GOOD = "A short note about ketamine and blood pressure. It is read in full.\n"
BIG_LIMIT = 1536 * 2**20  # address space for a kread child: ample for it, far below a blow-up


# -- helpers -------------------------------------------------------------------------------


def _limit_memory(limit: int = BIG_LIMIT) -> None:  # in the child
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def kread(*args: str, timeout: float = 120, **env: str) -> subprocess.CompletedProcess[str]:
    """`kread ARGS` as a process with bounded memory and time; text output."""
    return subprocess.run(
        [*KREAD, *args],
        env=kread_env(**env),
        capture_output=True,
        text=True,
        errors="surrogateescape",
        timeout=timeout,
        preexec_fn=_limit_memory,
    )


def warnings_of(done: subprocess.CompletedProcess[str]) -> list[str]:
    """The warning lines on stderr, each checked to be one `kread:` line and no traceback."""
    assert "Traceback" not in done.stderr, done.stderr[-2000:]
    lines = done.stderr.splitlines()
    for line in lines:
        assert line.startswith("kread: "), line
    return [line.removeprefix("kread: ") for line in lines]


def listed_ids(folder: Path, *args: str, **env: str) -> tuple[list[str], list[str]]:
    done = kread("list", "--json", "--corpus", str(folder), *args, **env)
    assert done.returncode == 0, done.stderr[-2000:]
    return [d["id"] for d in json.loads(done.stdout)["documents"]], warnings_of(done)


def write(path: Path, text: str = GOOD) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def write_bytes_name(folder: Path, name: bytes, data: bytes) -> None:
    """A file whose name is raw bytes (need not be UTF-8)."""
    fd = os.open(os.fsencode(folder) + b"/" + name, os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        os.write(fd, data)
    finally:
        os.close(fd)


def read_one(path: Path, max_bytes: int | None = None) -> corpus.ParsedDocument:
    files, _ = corpus.scan(path.parent, max_bytes)
    (file,) = [f for f in files if f.path.name == path.name]
    return corpus.read_document(file, Catalog(), max_bytes)


def alias_bomb(levels: int = 12, key: str = "lol") -> str:
    """A "billion laughs": each anchor nine times the one before (9**levels values)."""
    lines = [f"a0: &a0 [{', '.join([key] * 9)}]"]
    for n in range(1, levels):
        lines.append(f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]")
    return "\n".join(lines) + "\n"


MARKER_NAME = "executed-by-yaml"


def python_tag(marker: Path) -> str:
    return f"!!python/object/apply:os.system ['touch {marker}']"


# -- one folder of everything, through `kread list` --------------------------------------------


def test_a_folder_of_hostile_files_lists_every_good_file_and_warns_once_per_bad_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "corpus"
    outside = tmp_path / "outside"
    marker = tmp_path / MARKER_NAME
    write(outside / "secret.txt", "Secret text outside the corpus. It must not be read.\n")
    write(folder / "good.txt")
    write(folder / "inside-link-target.txt")
    (folder / "inside-link.txt").symlink_to(folder / "inside-link-target.txt")
    (folder / "latin1.txt").write_bytes(
        "Se\u00f1or d\u00e9j\u00e0 vu. Cr\u00e8me.\n".encode("latin-1")
    )
    (folder / "utf16.txt").write_bytes(("\ufeff" + GOOD).encode("utf-16-le"))
    write_bytes_name(folder, b"new\nline.txt", GOOD.encode())
    write_bytes_name(folder, b"esc\x1b[31mred.txt", GOOD.encode())
    write_bytes_name(folder, b"bad\xff\xfeutf8.txt", GOOD.encode())
    write_bytes_name(folder, b"empty\nname.txt", b"")
    deep = folder.joinpath(*(f"d{n}" for n in range(50)))
    write(deep / "deep.txt")
    # A two-megabyte line with no full stop (ten megabytes take over a minute to index).
    write(folder / "long-line.txt", "word " * (2 * 2**20 // 5))
    (folder / "nested.html").write_text(
        "<html><head><title>Deep page</title></head><body>"
        + "<div>" * 100_000
        + "<p>Deep text is read. It is here.</p>"
        + "</div>" * 100_000
        + "</body></html>"
    )
    write(folder / "fm-huge.md", "---\ntitle: Huge\n" + "key: value\n" * 100_000 + "---\n" + GOOD)
    write(folder / "fm-python.md", f"---\ntitle: {python_tag(marker)}\n---\n{GOOD}")
    write(folder / "fm-bomb.md", f"---\n{alias_bomb()}title: *a11\n---\n{GOOD}")
    write(folder / "fm-bad.md", f"---\ntitle: [unclosed\n---\n{GOOD}")
    # the bad ones
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)) * 4)
    with open(folder / "huge.txt", "wb") as handle:
        handle.truncate(500 * 2**20)  # sparse: it must be skipped without being read
    os.mkfifo(folder / "fifo.txt")
    monkeypatch.chdir(folder)  # a socket's path must be short
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind("socket.txt")
        (folder / "loop").symlink_to(folder / "loop")
        (folder / "loop-a.txt").symlink_to("loop-b.txt")
        (folder / "loop-b.txt").symlink_to("loop-a.txt")
        (folder / "secret.txt").symlink_to(outside / "secret.txt")
        (folder / "elsewhere").symlink_to(outside, target_is_directory=True)
        (folder / "sub-link").symlink_to(deep, target_is_directory=True)

        started = time.monotonic()
        ids, warnings = listed_ids(folder)
        seconds = time.monotonic() - started

    assert not marker.exists()
    assert ids == [
        "bad\\udcff\\udcfeutf8",
        "d0/d1/d2/d3/d4/d5/d6/d7/d8/d9/d10/d11/d12/d13/d14/d15/d16/d17/d18/d19/d20/d21/d22/"
        "d23/d24/d25/d26/d27/d28/d29/d30/d31/d32/d33/d34/d35/d36/d37/d38/d39/d40/d41/d42/d43/"
        "d44/d45/d46/d47/d48/d49/deep",
        "esc\\x1b[31mred",
        "fm-bad",
        "fm-bomb",
        "fm-huge",
        "fm-python",
        "good",
        "inside-link",
        "inside-link-target",
        "latin1",
        "long-line",
        "nested",
        "new\\x0aline",
        "utf16",
    ]
    assert sorted(warnings) == sorted(
        [
            "skipped binary.txt: binary file (not text)",
            "skipped empty.txt: empty file",
            "skipped empty\\x0aname.txt: empty file",
            "skipped elsewhere: a link to a folder outside the corpus; copy the files in instead",
            "skipped fifo.txt: not a regular file",
            "skipped socket.txt: not a regular file",
            "skipped huge.txt: larger than 20 MiB; split it, move it out of the folder or "
            "raise the limit (--max-file-size)",
            "skipped loop: a link that loops back on itself; remove it",
            "skipped loop-a.txt: a link that loops back on itself; remove it",
            "skipped loop-b.txt: a link that loops back on itself; remove it",
            "skipped secret.txt: a link to a file outside the corpus; copy the file in instead",
            "fm-bad.md: front matter ignored: line 3: did not find expected ',' or ']'",
            "fm-bomb.md: front matter ignored: line 8: its aliases expand to more than "
            "1,000,000 values; write the values out instead",
            "fm-huge.md: front matter larger than 64 KiB ignored; shorten it",
            "fm-python.md: front matter ignored: line 2: the tag "
            "!!python/object/apply:os.system is not allowed; kread reads plain YAML only, "
            "remove the tag",
            "nested.html: its HTML is nested too deeply to read as a page; read as plain "
            "text, menus and footers included",
        ]
    )
    assert seconds < 90

    show = kread("show", "nested", "--json", "--corpus", str(folder))
    assert "Deep text is read. It is here." in json.loads(show.stdout)["text"]
    show = json.loads(kread("show", "long-line", "--json", "--corpus", str(folder)).stdout)
    assert len(show["text"]) == len("word " * (2 * 2**20 // 5)) - 1
    assert max(s["end"] - s["start"] for s in show["sentences"]) <= MAX_SENTENCE_CHARS
    show = json.loads(kread("show", "fm-huge", "--json", "--corpus", str(folder)).stdout)
    assert show["text"] == GOOD.strip() and show["title"] != "Huge"


def test_a_ten_megabyte_line_is_cut_into_bounded_sentences_at_spaces() -> None:
    line = "word " * (2 * 2**20)
    started = time.monotonic()
    spans = split_sentences(line)
    assert time.monotonic() - started < 10
    assert max(end - start for start, end in spans) <= MAX_SENTENCE_CHARS
    assert spans[0][0] == 0 and spans[-1][1] == len(line) - 1
    assert all(line[end] == " " for _, end in spans[:-1])  # no word is cut
    assert " ".join(line[a:b] for a, b in spans) == line.strip()
    word = "a" * 100_000  # no space at all: cut where it must be
    assert split_sentences(word)[:2] == [(0, MAX_SENTENCE_CHARS), (3000, 6000)]


# -- the size limit ------------------------------------------------------------------------------


@pytest.fixture
def sized(tmp_path: Path) -> Path:
    folder = tmp_path / "sized"
    write(folder / "small.txt", GOOD)  # 68 bytes
    write(folder / "medium.txt", "Medium text about a dose. " * 200)  # 5,200 bytes
    write(folder / "large.txt", "Large text about a dose. " * 2000)  # 50,000 bytes
    return folder


def test_the_size_limit_is_20_mib_unless_an_option_or_the_environment_says_otherwise(
    sized: Path,
) -> None:
    ids, warnings = listed_ids(sized)
    assert ids == ["large", "medium", "small"] and warnings == []

    ids, warnings = listed_ids(sized, "--max-file-size", "20K")
    assert ids == ["medium", "small"]
    assert warnings == [
        "skipped large.txt: larger than 20 KiB; split it, move it out of the folder or "
        "raise the limit (--max-file-size)"
    ]
    # before the command too, and the environment when no option is given
    done = kread("--max-file-size", "1M", "list", "--json", "--corpus", str(sized))
    assert [d["id"] for d in json.loads(done.stdout)["documents"]] == ["large", "medium", "small"]
    ids, warnings = listed_ids(sized, KREAD_MAX_FILE_SIZE="1k")
    assert ids == ["small"] and len(warnings) == 2
    ids, _ = listed_ids(sized, "--max-file-size", "2M", KREAD_MAX_FILE_SIZE="1k")
    assert ids == ["large", "medium", "small"]


async def test_the_reader_takes_the_limit_too(sized: Path) -> None:
    from pilot import ready

    from kread.tui.app import KreadApp

    app = KreadApp(corpus=sized, max_file_bytes=20 * 1024)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        assert [d.id for d in app.library.documents()] == ["medium", "small"]
        assert any(
            w.startswith("skipped large.txt: larger than 20 KiB") for w in app.library.warnings
        )


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (["--max-file-size", "20X"], {}, "--max-file-size: '20X' is not a size; "),
        (["--max-file-size", "0"], {}, "--max-file-size: '0' is no size at all; "),
        (["--max-file-size=-5M"], {}, "--max-file-size: '-5M' is not a size; "),
        ([], {"KREAD_MAX_FILE_SIZE": "lots"}, "KREAD_MAX_FILE_SIZE: 'lots' is not a size; "),
    ],
)
def test_a_bad_size_limit_is_one_line_and_exit_2(
    sized: Path, args: list[str], env: dict[str, str], message: str
) -> None:
    for command in (["list"], ["index"], ["search", "text"]):
        done = kread(*command, "--corpus", str(sized), *args, **env)
        assert done.returncode == 2
        assert done.stdout == ""
        assert done.stderr.startswith(f"kread: error: {message}")
        assert done.stderr.count("\n") == 1, done.stderr


@pytest.mark.parametrize(
    ("text", "size"),
    [("500K", 500 * 1024), ("20M", 20 * 2**20), ("1G", 2**30), ("1.5m", 3 * 2**19),
     ("64KiB", 65536), ("2 MB", 2 * 2**20), ("1000", 1000)],
)  # fmt: skip
def test_sizes_are_read_as_people_write_them(text: str, size: int) -> None:
    assert limits.parse_size(text) == size


def test_a_file_that_grows_past_the_limit_after_the_scan_is_skipped(tmp_path: Path) -> None:
    path = write(tmp_path / "growing.txt")
    (file,), _ = corpus.scan(tmp_path, 1000)
    with open(path, "a") as handle:
        handle.write("More text. " * 200)
    with pytest.raises(CorpusFileError, match=r"^skipped growing\.txt: larger than 1000 bytes"):
        corpus.read_document(file, Catalog(), 1000)


def test_reading_never_holds_more_than_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "sparse.txt"
    with open(path, "wb") as handle:
        handle.truncate(500 * 2**20)
    file = corpus.SourceFile("sparse", path, 0, 0)  # as if it was small when scanned
    tracemalloc.start()
    try:
        with pytest.raises(CorpusFileError, match="larger than 1 MiB"):
            corpus.read_document(file, Catalog(), 2**20)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 4 * 2**20


def test_a_catalog_over_the_limit_is_refused_without_reading_it(tmp_path: Path) -> None:
    write(tmp_path / "good.txt")
    with open(tmp_path / "catalog.yaml", "wb") as handle:
        handle.truncate(600 * 2**20)
    with pytest.raises(CorpusError, match=r"catalog\.yaml: larger than 20 MiB"):
        corpus.load_catalog(tmp_path)


# -- many files, deep folders, links --------------------------------------------------------------


def test_twenty_thousand_files_are_all_found_quickly(tmp_path: Path) -> None:
    # 100,000 files take about 3 s to make and 2-5 s to scan on 2 cores: 20,000 keep CI quick.
    folder = tmp_path / "many"
    folder.mkdir()
    base = os.fsencode(folder)
    for n in range(20_000):
        fd = os.open(base + b"/f%05d.txt" % n, os.O_WRONLY | os.O_CREAT, 0o644)
        os.write(fd, b"Note %d about ketamine. It is short.\n" % n)
        os.close(fd)
    started = time.monotonic()
    files, warnings = corpus.scan(folder)
    assert time.monotonic() - started < 20
    assert warnings == []
    assert [f.id for f in files] == [f"f{n:05d}" for n in range(20_000)]


def test_folders_of_any_depth_are_walked_without_recursion(tmp_path: Path) -> None:
    levels = 1500  # 3,000 characters of path: deeper than Python's recursion limit
    deep = tmp_path
    for _ in range(levels):  # Path.mkdir(parents=True) itself would recurse too deep
        deep = deep / "d"
        deep.mkdir()
    write(deep / "bottom.txt")
    write(tmp_path.joinpath(*(f"level{n}" for n in range(50))) / "fifty.txt")
    try:
        files, warnings = corpus.scan(tmp_path)
        assert warnings == []
        assert [f.id.rsplit("/", 1)[-1] for f in files] == ["bottom", "fifty"]
        assert files[0].id.count("/") == levels
    finally:  # bottom up, as shutil.rmtree would recurse as deep
        (deep / "bottom.txt").unlink()
        while deep != tmp_path:
            deep.rmdir()
            deep = deep.parent


def test_links_inside_are_followed_once_and_links_out_or_round_are_skipped(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    write(root / "real" / "article.txt")
    write(tmp_path / "outside" / "secret.md")
    (root / "alias.txt").symlink_to(root / "real" / "article.txt")  # a second name: read
    (root / "real-again").symlink_to(root / "real", target_is_directory=True)  # quiet
    (root / "up").symlink_to(tmp_path, target_is_directory=True)  # out
    (root / "secret.md").symlink_to(tmp_path / "outside" / "secret.md")  # out
    (root / "self.txt").symlink_to("self.txt")  # a loop
    (root / "gone.txt").symlink_to(root / "nowhere.txt")  # dangling
    (root / "gone-folder").symlink_to(root / "nowhere")  # dangling, not a document: quiet
    files, warnings = corpus.scan(root)
    assert [f.id for f in files] == ["alias", "real/article"]
    assert warnings == [
        "skipped gone.txt: a link to a file that does not exist",
        "skipped secret.md: a link to a file outside the corpus; copy the file in instead",
        "skipped self.txt: a link that loops back on itself; remove it",
        "skipped up: a link to a folder outside the corpus; copy the files in instead",
    ]


# -- files that change or vanish during the scan ----------------------------------------------


def test_a_file_removed_between_listing_and_stat_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "stays.txt")
    write(tmp_path / "goes.txt")
    write(tmp_path / "sub" / "inner.txt")
    listing = os.scandir

    def scandir_then_delete(path):
        entries = list(listing(path))
        if Path(path) == tmp_path:
            (tmp_path / "goes.txt").unlink()
            for inner in (tmp_path / "sub").iterdir():
                inner.unlink()
            (tmp_path / "sub").rmdir()
        return _Listing(entries)

    monkeypatch.setattr(os, "scandir", scandir_then_delete)
    files, warnings = corpus.scan(tmp_path)
    assert [f.id for f in files] == ["stays"]
    assert warnings == [
        "skipped sub: removed during the scan",
        "skipped goes.txt: removed during the scan",
    ]


class _Listing(list):
    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        return None


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda p: p.unlink(), "removed before it could be read"),
        (lambda p: p.write_bytes(b""), "empty file"),
        (lambda p: (p.unlink(), os.mkfifo(p)), "not a regular file"),
        (lambda p: (p.unlink(), p.mkdir()), "not a regular file"),
        (lambda p: p.chmod(0), None),  # root reads it anyway
    ],
)
def test_a_file_changed_between_scan_and_read_is_skipped_with_its_reason(
    tmp_path: Path, change, reason: str | None
) -> None:
    path = write(tmp_path / "changing.txt")
    (file,), _ = corpus.scan(tmp_path)
    change(path)
    if reason is None and os.geteuid() == 0:
        assert corpus.read_document(file, Catalog()).text == GOOD.strip()
        return
    with pytest.raises(CorpusFileError) as raised:
        corpus.read_document(file, Catalog())
    message = str(raised.value)
    assert message.startswith("skipped changing.txt: ")
    if reason:
        assert message == f"skipped changing.txt: {reason}"


CHURNER = r"""
import os, random, shutil, sys, time
root, seconds = sys.argv[1], float(sys.argv[2])
random.seed(int(sys.argv[3]))
end = time.monotonic() + seconds
while time.monotonic() < end:
    n = random.randrange(400)
    folder = f"{root}/d{n % 8}"
    path = f"{folder}/f{n}.txt"
    try:
        op = random.randrange(8)
        if op == 0:
            os.unlink(path)
        elif op == 1 and os.path.isfile(path):
            with open(path, "a") as f:
                f.write("Changed text. " * random.randrange(1, 40))
        elif op == 2:
            os.unlink(path); os.mkfifo(path)
        elif op == 3 and random.random() < 0.05:
            shutil.rmtree(folder)
        elif op == 4 and os.path.isfile(path):
            os.truncate(path, 0)
        else:
            if os.path.lexists(path) and not os.path.isfile(path):
                os.unlink(path)
            os.makedirs(folder, exist_ok=True)
            with open(path, "w") as f:
                f.write(f"Note {n} about ketamine. It is back.\n")
    except OSError:
        pass
    time.sleep(0.0005)
"""


def _churn_corpus(folder: Path, files: int = 400) -> None:
    for n in range(files):
        write(folder / f"d{n % 8}" / f"f{n}.txt", f"Note {n} about ketamine. It is new.\n")


def _good_files(folder: Path) -> list[str]:
    """The ids a quiet folder should list: its regular, non-empty .txt files."""
    return sorted(
        p.relative_to(folder).with_suffix("").as_posix()
        for p in folder.rglob("*.txt")
        if p.is_file() and not p.is_symlink() and p.stat().st_size
    )


def test_kread_index_while_another_process_changes_and_removes_files(tmp_path: Path) -> None:
    folder = tmp_path / "churn"
    _churn_corpus(folder)
    churner = subprocess.Popen([sys.executable, "-c", CHURNER, str(folder), "6", "1"])
    try:
        runs = 0
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline or runs < 2:
            done = kread("index", "--corpus", str(folder), timeout=60)
            assert done.returncode == 0, done.stderr[-2000:]
            for line in warnings_of(done):
                assert re.fullmatch(
                    r"skipped d\d(?:/f\d+\.txt)?: (?:removed during the scan|removed before it "
                    r"could be read|not a regular file|empty file)",
                    line,
                ), line
            runs += 1
    finally:
        churner.wait(timeout=30)
    # Once the folder is quiet, the index holds exactly its good files.
    ids, _ = listed_ids(folder)
    assert ids == _good_files(folder)


def test_files_removed_while_kread_is_stopped_are_skipped_and_the_rest_indexed(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "stopped"
    _churn_corpus(folder, 1200)
    process = subprocess.Popen(
        [*KREAD, "index", "--corpus", str(folder)],
        env=kread_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_limit_memory,
    )
    try:
        time.sleep(1.5)  # started: importing, scanning or reading
        process.send_signal(signal.SIGSTOP)
        for n in range(0, 1200, 3):
            path = folder / f"d{n % 8}" / f"f{n}.txt"
            path.unlink()
            if n % 2:
                os.mkfifo(path)
        process.send_signal(signal.SIGCONT)
        _, err = process.communicate(timeout=120)
    finally:
        process.kill()
        process.wait()
    assert process.returncode == 0, err[-2000:]
    for line in err.splitlines():
        assert re.fullmatch(
            r"kread: skipped d\d/f\d+\.txt: (?:removed before it could be read|not a regular "
            r"file)",
            line,
        ), line
    ids, _ = listed_ids(folder)
    assert ids == _good_files(folder)
    assert len(ids) == 1200 - len(range(0, 1200, 3))


# -- HTML ------------------------------------------------------------------------------------------


def test_html_nested_100000_deep_is_read_as_text_in_bounded_time(tmp_path: Path) -> None:
    page = tmp_path / "deep.html"
    page.write_text(
        "<html><head><title>Deep page</title><style>p { color: red }</style></head><body>"
        "<p>Opening sentence here. It is shallow.</p>"
        + "<div><b>" * 50_000
        + "<p>Deep text is read &amp; kept.</p>"
        + "</b></div>" * 50_000
        + "<script>var hidden = 1;</script><p>Closing sentence after the nest.</p></body></html>"
    )
    started = time.monotonic()
    doc = read_one(page)
    assert time.monotonic() - started < 20
    assert doc.title == "Deep page"
    assert doc.text.split("\n\n") == [
        "Opening sentence here. It is shallow.",
        "Deep text is read & kept.",
        "Closing sentence after the nest.",
    ]
    assert doc.warnings == (
        "deep.html: its HTML is nested too deeply to read as a page; read as plain text, "
        "menus and footers included",
    )


def test_html_nested_within_the_parsers_limit_is_read_as_a_page(tmp_path: Path) -> None:
    page = tmp_path / "fine.html"
    page.write_text(
        "<html><head><title>Fine page</title></head><body>"
        + "<div>" * 200
        + "<p>Nested text is read. It stays in the article.</p>"
        + "</div>" * 200
        + "</body></html>"
    )
    doc = read_one(page)
    assert "Nested text is read." in doc.text and doc.warnings == ()


# -- Markdown front matter ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("head", "warning", "title"),
    [
        ("---\ntitle: Fine\n---\n", None, "Fine"),
        # unterminated: read as text, said once
        ("---\ntitle: Open\n\n", "its front matter has no closing '---' line; it is read as text",
         "title: Open"),
        # a rule, a line of text, a rule: not front matter at all
        ("---\nJust a line between rules\n---\n", None, "Just a line between rules"),
        ("---\n- a\n- b\n---\n", None, "a"),
        ("---\ntitle: [unclosed\n---\n", "front matter ignored: line 3: did not find expected "
         "',' or ']'", None),
        ("---\ntitle: x\n  bad: indent\n---\n", "front matter ignored: line 3: mapping values "
         "are not allowed in this context", None),
        ("---\ntitle: !local thing\n---\n", "front matter ignored: line 2: the tag !local is "
         "not allowed; kread reads plain YAML only, remove the tag", None),
        ("---\ntitle: " + "[" * 5000 + "]" * 5000 + "\n---\n", "front matter ignored: line 2: "
         "nested more than 64 levels deep; flatten it", None),
        (f"---\n{alias_bomb(4)}title: *a3\nsource: [*a0, *a0]\n---\n", None, None),
        ("---\ntitle: true\ndate: 2024-05-01\n---\n", None, None),
        ("---\ntitle: [Part one, Part two]\n---\n", None, "Part one, Part two"),
    ],
)  # fmt: skip
def test_front_matter_is_read_or_ignored_with_a_reason(
    tmp_path: Path, head: str, warning: str | None, title: str | None
) -> None:
    write(tmp_path / "doc.md", head + GOOD)
    doc = read_one(tmp_path / "doc.md")
    assert doc.warnings == ((f"doc.md: {warning}",) if warning else ())
    assert "A short note about ketamine" in doc.text
    assert doc.title == (title or "A short note about ketamine and blood pressure")
    if "date:" in head:
        assert doc.date == "2024-05-01"


def test_a_python_tag_in_front_matter_runs_nothing(tmp_path: Path) -> None:
    marker = tmp_path / MARKER_NAME
    for n, value in enumerate(
        [
            python_tag(marker),
            f"!!python/object/new:os.system ['touch {marker}']",
            "!!python/name:os.system",
            "!!python/object:subprocess.Popen {args: ['touch', '" + str(marker) + "']}",
        ]
    ):
        write(tmp_path / f"doc{n}.md", f"---\ntitle: {value}\n---\n{GOOD}")
        doc = read_one(tmp_path / f"doc{n}.md")
        assert doc.warnings[0].startswith(f"doc{n}.md: front matter ignored: line 2: the tag")
    assert not marker.exists()


def test_ten_megabytes_of_front_matter_cost_no_yaml(tmp_path: Path) -> None:
    text = "---\ntitle: Huge\n" + "key: value\n" * 1_000_000 + "---\n" + GOOD
    started = time.monotonic()
    meta, body, ignored = front_matter(text)
    assert time.monotonic() - started < 2
    assert (meta, body.strip(), ignored) == (
        {},
        GOOD.strip(),
        f"front matter larger than {FRONT_MATTER_MAX_CHARS // 1024} KiB ignored; shorten it",
    )


# -- catalog.yaml and topics files ---------------------------------------------------------------


def _bad_yaml(marker: Path) -> dict[str, tuple[str, str]]:
    """Hostile YAML documents, keyed by kind: (text, the line's expected message tail)."""
    return {
        "python tag": (
            f"good.txt:\n  title: {python_tag(marker)}\n",
            ":2: the tag !!python/object/apply:os.system is not allowed; kread reads plain "
            "YAML only, remove the tag",
        ),
        "alias bomb": (
            alias_bomb(),
            ":7: its aliases expand to more than 1,000,000 values; write the values out instead",
        ),
        "deep nesting": (
            "good.txt: " + "[" * 100_000 + "]" * 100_000 + "\n",
            ":1: nested more than 64 levels deep; flatten it",
        ),
    }


@pytest.mark.parametrize("kind", ["python tag", "alias bomb", "deep nesting"])
def test_a_hostile_catalog_is_one_line_and_exit_2(tmp_path: Path, kind: str) -> None:
    marker = tmp_path / MARKER_NAME
    folder = tmp_path / "corpus"
    write(folder / "good.txt")
    text, tail = _bad_yaml(marker)[kind]
    write(folder / "catalog.yaml", text)
    started = time.monotonic()
    done = kread("list", "--corpus", str(folder), timeout=60)
    assert time.monotonic() - started < 30
    assert done.returncode == 2
    assert done.stderr == f"kread: error: {folder / 'catalog.yaml'}{tail}\n"
    assert not marker.exists()


@pytest.mark.parametrize("kind", ["python tag", "alias bomb", "deep nesting"])
def test_a_hostile_topics_file_is_one_line_and_exit_2(tmp_path: Path, kind: str) -> None:
    marker = tmp_path / MARKER_NAME
    text, tail = _bad_yaml(marker)[kind]
    text = text.replace("good.txt:", "facets:", 1)
    if kind == "alias bomb":
        text, tail = _topics_bomb(), tail.replace(":7:", ":22:")
    topics = write(tmp_path / "topics.yaml", text)
    done = kread("topics", "--topics", str(topics), timeout=60)
    assert done.returncode == 2
    assert done.stderr == f"kread: error: {topics}{tail}\n"
    assert not marker.exists()


def _topics_bomb() -> str:
    """A topics file whose facets' descriptions are a billion laughs."""
    lines = ["facets:", "  - name: f0", "    query: price", f"    description: &a0 [{'x, ' * 8}x]"]
    for n in range(1, 12):
        refs = ", ".join([f"*a{n - 1}"] * 9)
        lines += [f"  - name: f{n}", "    query: price", f"    description: &a{n} [{refs}]"]
    return "\n".join(lines) + "\n"


def test_yaml_is_read_only_through_the_guarded_loader() -> None:
    """Every YAML read in the package goes through `safe_yaml` (or builds a SafeLoader to
    construct one checked scalar): no `yaml.load`, `full_load`, `unsafe_load` or Loader."""
    root = Path(__file__).resolve().parent.parent
    unsafe = re.compile(
        r"(?<![\w.])yaml\.(?:load|load_all|full_load|full_load_all|unsafe_load|unsafe_load_all|"
        r"safe_load|safe_load_all|compose|compose_all|parse)\s*\(|"
        r"(?<![\w.])yaml\.(?:Loader|FullLoader|UnsafeLoader|CLoader|CFullLoader|CUnsafeLoader)\b"
    )
    found = [
        f"{path.relative_to(root)}:{number}: {line.strip()}"
        for folder in ("index", "tui")
        for path in sorted((root / folder).rglob("*.py"))
        if path.name != "safe_yaml.py"
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if unsafe.search(line)
    ]
    assert found == []


@given(st.text(max_size=300))
@settings(max_examples=300, deadline=None)
def test_the_yaml_guard_refuses_or_passes_but_never_crashes(text: str) -> None:
    try:
        safe_yaml.compose(text)
    except safe_yaml.RefusedYAML as error:
        assert error.problem and "\n" not in error.problem
    except Exception as error:  # the parser's own errors, all YAMLError
        import yaml

        assert isinstance(error, yaml.YAMLError), repr(error)


# -- hypothesis: arbitrary bytes in, a clean document or one-line error out ----------------------

_PIECES = st.sampled_from(
    [
        b"---\n", b"title: x\n", b"&a [1, 2]\n", b"*a\n", b"!!python/name:os.system\n",
        b"<p>", b"</p>", b"<div>", b"<script>", b"<title>T</title>", b"&amp;", b"&#0;",
        b"\x1b[31m", b"\x1b]0;t\x07", b"\xc2\x9b", b"\xe2\x80\xae", b"\x00", b"\xff\xfe",
        b"\r\n", b"\n\n", b"# Heading\n", b"- item\n", b"Dr. Smith said so. ", b"e.g. this ",
        b"word " * 50, b"\t", b"[link](http://x)", b"**bold**", b"```\n",
    ]
)  # fmt: skip
_CONTENT = st.one_of(
    st.binary(max_size=600),
    st.lists(_PIECES, max_size=40).map(b"".join),
    st.text(max_size=300).map(lambda s: s.encode("utf-8", "surrogatepass")),
)


def _check_read(folder: Path, name: str, data: bytes) -> None:
    path = folder / name
    path.write_bytes(data)
    file = corpus.SourceFile(path.stem, path, len(data), 0)
    try:
        doc = corpus.read_document(file, Catalog())
    except KreadError as error:
        assert "\n" not in str(error) and str(error).startswith(f"skipped {name}: ")
        return
    text = doc.text
    for char in text:
        assert char == "\n" or unicodedata.category(char) not in ("Cc", "Cs"), repr(char)
    for meta in (doc.title, doc.source, doc.place, doc.date):
        assert all(unicodedata.category(c) not in ("Cc", "Cs") for c in meta), repr(meta)
    for span in doc.sentences:
        assert 0 <= span.start < span.end <= len(text)
        assert text[span.start : span.end].strip() == text[span.start : span.end]
        start, end = doc.paragraphs[span.paragraph]
        assert start <= span.start and span.end <= end
    for warning in doc.warnings:
        assert "\n" not in warning


@pytest.mark.parametrize("suffix", [".txt", ".md", ".html"])
@given(data=_CONTENT)
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_any_bytes_read_as_a_clean_document_or_a_one_line_skip(
    tmp_path: Path, suffix: str, data: bytes
) -> None:
    _check_read(tmp_path, f"doc{suffix}", data)


@given(query=st.one_of(
    st.text(max_size=60),
    st.lists(
        st.sampled_from(['ketamine', 'dose', '"', '(', ')', '*', '?', '~', '~2', '^', ':',
                         'title:', 'AND', 'OR', 'NOT', 'TO', '[', ']', '{', '}', '-', '+',
                         '\\', '/', '\x1b', '\u202e', ' ']),
        max_size=15,
    ).map(" ".join),
))  # fmt: skip
@settings(max_examples=200, deadline=None)
def test_any_query_gives_results_or_a_one_line_error(seeds_library, query: str) -> None:
    try:
        result = seeds_library.search(query)
    except KreadError as error:
        assert "\n" not in str(error)
        return
    assert result.total >= len(result.hits)
    assert set(result.facet_counts) == set(seeds_library.taxonomy.names())
    for hit in result.hits:
        length = len(seeds_library.document(hit.id).text)
        assert all(0 <= a < b <= length for a, b in hit.matches)
