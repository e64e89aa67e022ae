"""Build a benchmark corpus of article-sized Markdown files from Debian's reST doc sources.

    python bench/corpus.py --size 10000 --out /tmp/corpus-10k
    python bench/corpus.py --stats          # how many distinct documents the sources give

The prose comes from the ``_sources`` trees that the Debian packages ``python3.11-doc`` and
``linux-doc-6.1`` install (the reStructuredText of the Python and Linux kernel manuals; the
kernel manual's translations are left out, for English prose only).
Each file is split at its section headings; code, directives that carry no prose (code
blocks, tables of contents, images, kernel-doc), comments and reST role syntax are dropped
or unwrapped (``:func:`open``` becomes ``open``). Consecutive sections of one file are
merged until a document reaches a target length (drawn between 500 and 2,000 words), a
section longer than 3,000 words is cut at paragraph breaks, and what stays under 500 words
is merged into the previous document or left out. Each document is a ``.md`` file with YAML
front matter: ``title`` (the first section's heading) and ``source`` (package and file).

The sources give about 2,700 such documents. Beyond that the same sections are grouped
again with other target lengths and one paragraph of each document left out ("variant 2",
"variant 3", ... in the title and a ``variant`` key in the front matter), so a large corpus
repeats the same prose in different documents; ``.corpus.json`` in the output folder says
how many documents are originals and how many bodies are distinct.
Output is deterministic: the same size gives the same files, and a smaller size is a
prefix (by file name) of a larger one.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import shutil
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

SOURCES = (
    ("python3.11-doc", Path("/usr/share/doc/python3.11/html/_sources")),
    ("linux-doc-6.1", Path("/usr/share/doc/linux-doc-6.1/html/_sources")),
)
INSTALL = "apt-get install -y python3.11-doc linux-doc-6.1"
MIN_WORDS, MAX_WORDS = 500, 3000
TARGETS = (500, 2000)  # each document's target length is drawn from this range
SEED = 20240611
MAX_PASSES = 200

WORD = re.compile(r"\w+")
# A heading's underline (or overline): one punctuation character repeated.
ADORNMENT = re.compile(r"^([=\-~^\"'`#*+:._])\1{2,}\s*$")
DIRECTIVE = re.compile(r"^\.\.\s+([\w:.+-]+)::\s*(.*)$")
OPTION = re.compile(r"^:[\w ./-]+:(\s|$)")
TABLE_RULE = re.compile(r"^[+|]?[-=+| ]*[-=][-=+| ]*$")
BULLET = re.compile(r"^(?:[*+\-•]|#\.|\d+[.)]|\(\d+\))\s+")

# Directives whose whole block is code, markup or navigation: dropped with their content.
_DROP_NAMES = """
    code-block code sourcecode literalinclude toctree image figure kernel-doc kernel-feat
    kernel-abi kernel-include include highlight raw index testcode testoutput testsetup
    testcleanup doctest productionlist graphviz math only tabularcolumns currentmodule module
    moduleauthor sectionauthor c:namespace c:namespace-push c:namespace-pop cpp:namespace
    default-role default-domain rst-class cssclass flat-table list-table csv-table table
    contents sectnum role program option cmdoption envvar opcode pdbcommand 2to3fixer
    audit-event availability impl-detail maxdepth ditaa kernel-figure kernel-render
    parsed-literal literal c:macro"""
DROP = frozenset(_DROP_NAMES.split())
# Directives that describe an API: the signature is kept as a line before the description.
_DESCRIBE_NAMES = """
    function method class attribute data exception decorator decoratormethod
    classmethod staticmethod abstractmethod coroutinefunction coroutinemethod describe
    c:function c:type c:member c:var c:struct c:union c:enum c:enumerator py:function
    py:method py:class py:attribute py:data"""
DESCRIBE = frozenset(_DESCRIBE_NAMES.split())

INLINE = (
    (re.compile(r":(rfc|pep):`(\d+)[^`]*`", re.I), lambda m: f"{m.group(1).upper()} {m.group(2)}"),
    (re.compile(r":(issue|gh|bpo|cve):`([^`]+)`"), r"\1 \2"),
    # :role:`title <target>` and :role:`~a.b` -> the title, the name
    (re.compile(r":[\w:.+-]+:`!?~?([^`<]*?)\s*<[^`>]*>`"), r"\1"),
    (re.compile(r":[\w:.+-]+:`!?~?([^`]*)`"), r"\1"),
    # `title <url>`_ and `word`_ -> the text
    (re.compile(r"`([^`<]+?)\s*<[^`>]*>`__?"), r"\1"),
    (re.compile(r"``(.+?)``"), r"\1"),
    (re.compile(r"`([^`]+)`__?"), r"\1"),
    (re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*"), r"\1"),
    (re.compile(r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])"), r"\1"),
    (re.compile(r"\s*\[(?:#\w*|\d+|\*)\]_"), ""),  # footnote references
    (re.compile(r"\|(\w[^|]*?)\|_?"), r"\1"),  # substitutions
    (re.compile(r"(?<![\w-])([A-Za-z][\w-]*?)__?(?=[\s.,;:)]|$)"), r"\1"),  # word_ references
    (re.compile(r":[\w:.+-]+:(?=\s|$)"), ""),  # a stray role name
    (re.compile(r"\\(.)"), r"\1"),
    (re.compile(r"\s{2,}"), " "),
)


def clean(line: str) -> str:
    for pattern, replacement in INLINE:
        line = pattern.sub(replacement, line)
    return line.strip()


def words(text: str) -> int:
    return len(WORD.findall(text))


@dataclass(frozen=True)
class Section:
    heading: str
    paragraphs: tuple[str, ...]
    words: int


@dataclass(frozen=True)
class Article:
    title: str
    source: str
    body: str  # Markdown: paragraphs and ``##`` headings of the later sections
    words: int
    variant: int  # 1 for the first grouping, 2 and up for regroupings


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _skip_block(lines: Sequence[str], i: int, base: int) -> int:
    """The index after the block that starts at ``i``: blank lines and lines indented
    deeper than ``base``."""
    while i < len(lines) and (not lines[i].strip() or _indent(lines[i]) > base):
        i += 1
    return i


def _is_heading(lines: Sequence[str], i: int) -> bool:
    line, below = lines[i], lines[i + 1].strip() if i + 1 < len(lines) else ""
    text = line.strip()
    return (
        bool(text)
        and _indent(line) == 0
        and len(text) <= 150
        and ADORNMENT.match(below) is not None
        and len(below) >= min(len(text), 4)
        and not ADORNMENT.match(text)
    )


def sections(text: str) -> list[Section]:
    """A reST file as its sections: heading, prose paragraphs, word count."""
    lines = text.expandtabs(8).splitlines()
    found: list[Section] = []
    heading = ""
    paragraphs: list[str] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            paragraph = _join(current)
            if words(paragraph) >= 3:
                paragraphs.append(paragraph)
            current.clear()

    def close() -> None:
        flush()
        if paragraphs:
            # The heading counts: it is a line of the body when the section is not the first.
            count = words(heading) + sum(words(p) for p in paragraphs)
            found.append(Section(heading, tuple(paragraphs), count))
        paragraphs.clear()

    i = 0
    while i < len(lines):
        line = lines[i]
        text_ = line.strip()
        if not text_:
            flush()
            i += 1
            continue
        over = ADORNMENT.match(text_)
        if over and i + 2 < len(lines) and lines[i + 1].strip():
            under = lines[i + 2].strip()
            if under[:1] == text_[:1] and ADORNMENT.match(under):
                close()
                heading = clean(lines[i + 1])
                i += 3
                continue
        if not current and i + 1 < len(lines) and _is_heading(lines, i):
            close()
            heading = clean(text_)
            i += 2
            continue
        if over or TABLE_RULE.match(text_):  # a transition or a table border
            flush()
            i += 1
            continue
        if text_.startswith(".."):
            flush()
            base = _indent(line)
            directive = DIRECTIVE.match(text_)
            if directive is None or directive.group(1).lower() in DROP:
                i = _skip_block(lines, i + 1, base)  # comment, target, footnote, or code
                continue
            name, argument = directive.group(1).lower(), directive.group(2)
            if name in DESCRIBE and argument:
                paragraphs.append(clean(argument))
            elif argument and not name.startswith(("version", "deprecated")):
                current.append(argument)  # a note's or admonition's title
            i += 1
            while i < len(lines) and lines[i].strip() and OPTION.match(lines[i].strip()):
                i += 1
            continue
        if text_.startswith(">>>") or text_.startswith("$ "):  # an interactive session
            flush()
            while i < len(lines) and lines[i].strip():
                i += 1
            continue
        if text_.startswith("|") or text_.startswith("+"):  # a table row or line block
            text_ = text_.strip("|+ ")
            if "|" in text_:
                flush()
                i += 1
                continue
        if current and BULLET.match(text_):
            flush()
        if text_.endswith("::"):
            head = text_.rstrip(":").rstrip()
            current.append(head + ":" if head else "")
            flush()
            i = _skip_block(lines, i + 1, _indent(line))
            continue
        current.append(text_)
        i += 1
    close()
    return found


def _join(lines: Sequence[str]) -> str:
    text = clean(" ".join(lines))
    text = BULLET.sub("- ", text)
    return text.lstrip("#").strip()


def _pieces(section: Section) -> Iterator[Section]:
    """A section of at most ``MAX_WORDS`` words, or one cut at paragraphs into such pieces."""
    if section.words <= MAX_WORDS:
        yield section
        return
    piece: list[str] = []
    count = part = 0
    for paragraph in section.paragraphs:
        n = words(paragraph)
        if piece and count + n > MAX_WORDS // 2:
            part += 1
            yield Section(f"{section.heading} (part {part})", tuple(piece), count)
            piece, count = [], 0
        if n > MAX_WORDS:  # one huge paragraph: keep its first MAX_WORDS // 2 words
            paragraph = " ".join(paragraph.split()[: MAX_WORDS // 2])
            n = words(paragraph)
        piece.append(paragraph)
        count += n
    if piece:
        part += 1
        yield Section(f"{section.heading} (part {part})", tuple(piece), count)


def group(
    parts: Sequence[Section], source: str, title_hint: str, rng: random.Random, variant: int
) -> list[Article]:
    """Consecutive sections merged into articles of ``MIN_WORDS`` to ``MAX_WORDS`` words."""
    pieces = [p for s in parts for p in _pieces(s)]
    groups: list[list[Section]] = []
    current: list[Section] = []
    count = 0
    target = rng.randint(*TARGETS)
    for piece in pieces:
        if current and (count >= target or count + piece.words > MAX_WORDS):
            groups.append(current)
            current, count, target = [], 0, rng.randint(*TARGETS)
        current.append(piece)
        count += piece.words
    if current:
        groups.append(current)
    merged: list[list[Section]] = []
    for g in groups:
        size = sum(s.words for s in g)
        if size < MIN_WORDS and merged and sum(s.words for s in merged[-1]) + size <= MAX_WORDS:
            merged[-1].extend(g)
        elif size >= MIN_WORDS:
            merged.append(list(g))
    articles = []
    for g in merged:
        title = g[0].heading or title_hint or Path(source).stem
        body: list[str] = []
        for n, s in enumerate(g):
            if n and s.heading:
                body.append(f"## {s.heading}")
            body.extend(s.paragraphs)
        if variant > 1:
            title = f"{title} (variant {variant})"
            # One paragraph left out, so that a regrouping equal to its original still differs.
            plain = [i for i, p in enumerate(body) if not p.startswith("## ")]
            if len(plain) > 1:
                body.pop(rng.choice(plain))
        text = "\n\n".join(body)
        if words(text) < MIN_WORDS:  # the first heading, counted above, is not in the body
            continue
        articles.append(Article(title, source, text, words(text), variant))
    return articles


def check_sources() -> None:
    missing = [package for package, folder in SOURCES if not folder.is_dir()]
    if missing:
        raise SystemExit(
            f"corpus: the doc sources of {', '.join(missing)} are missing; "
            f"install them with: {INSTALL}"
        )


@cache
def source_sections() -> tuple[tuple[str, str, tuple[Section, ...]], ...]:
    """(source, title hint, sections) of every source file, in a fixed order."""
    check_sources()
    out = []
    for package, folder in SOURCES:
        for path in sorted(folder.rglob("*.txt")):
            if "translations" in path.relative_to(folder).parts:
                continue  # the kernel manual's Chinese, Japanese, Korean, Italian, ... copies
            text = path.read_text(encoding="utf-8", errors="replace")
            found = sections(text)
            if found:
                rel = path.relative_to(folder).as_posix().removesuffix(".txt")
                out.append((f"{package}: {rel}", found[0].heading, tuple(found)))
    return tuple(out)


def _rng(source: str, variant: int) -> random.Random:
    digest = hashlib.sha256(f"{SEED}:{variant}:{source}".encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def articles(size: int) -> Iterator[Article]:
    """The first ``size`` articles: every original grouping in a fixed shuffled order, then
    regroupings (variant 2, 3, ...) until there are enough."""
    produced = 0
    for variant in range(1, MAX_PASSES + 1):
        batch = [
            a
            for source, hint, found in source_sections()
            for a in group(found, source, hint, _rng(source, variant), variant)
        ]
        random.Random(SEED + variant).shuffle(batch)
        for article in batch:
            if produced == size:
                return
            yield article
            produced += 1
    raise SystemExit(f"corpus: cannot make {size} documents from the sources")


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "untitled"


def file_name(index: int, article: Article) -> str:
    return f"{index:05d}-{slug(article.title)}.md"


def render(article: Article) -> str:
    # JSON strings are valid YAML scalars: titles with colons or quotes stay intact.
    head = [f"title: {json.dumps(article.title)}", f"source: {json.dumps(article.source)}"]
    if article.variant > 1:
        head.append(f"variant: {article.variant}")
    return "---\n" + "\n".join(head) + "\n---\n\n" + article.body + "\n"


def write_article(folder: Path, index: int, article: Article) -> Path:
    path = folder / file_name(index, article)
    path.write_text(render(article), encoding="utf-8")
    return path


def build(size: int, out: Path) -> dict[str, object]:
    """Write ``size`` articles into ``out`` (emptied first) and ``out/.corpus.json``;
    returns what the manifest says."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    counts: list[int] = []
    variants: dict[int, int] = {}
    bodies: set[bytes] = set()
    for index, article in enumerate(articles(size)):
        write_article(out, index, article)
        counts.append(article.words)
        variants[article.variant] = variants.get(article.variant, 0) + 1
        bodies.add(hashlib.sha256(article.body.encode()).digest())
    manifest = {
        "size": size,
        "originals": variants.get(1, 0),
        "distinct_bodies": len(bodies),
        "documents_per_variant": {str(k): v for k, v in sorted(variants.items())},
        "words": {"total": sum(counts), "min": min(counts), "max": max(counts)},
        "sources": [package for package, _ in SOURCES],
        "note": "documents of variant 2 and up regroup the sections of the originals, "
        "each with one paragraph left out",
    }
    (out / ".corpus.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def stats() -> dict[str, int]:
    """What the sources give before any regrouping."""
    found = source_sections()
    originals = [a for source, hint, s in found for a in group(s, source, hint, _rng(source, 1), 1)]
    return {
        "files": len(found),
        "sections": sum(len(s) for _, _, s in found),
        "words_in_sections": sum(x.words for _, _, s in found for x in s),
        "documents": len(originals),
        "words_in_documents": sum(a.words for a in originals),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1000, help="number of documents (1000)")
    parser.add_argument("--out", type=Path, help="the folder to write (emptied first)")
    parser.add_argument("--stats", action="store_true", help="only count what the sources give")
    args = parser.parse_args(argv)
    if args.stats:
        print(json.dumps(stats(), indent=2))
        return 0
    if args.out is None:
        parser.error("--out DIR is needed (or --stats)")
    if args.size < 1:
        parser.error("--size must be at least 1")
    manifest = build(args.size, args.out)
    extra = args.size - int(manifest["originals"])  # type: ignore[call-overload]
    print(
        f"{args.size} documents in {args.out} ({manifest['words']}); "
        f"{manifest['originals']} original groupings of the sources"
        + (f", {extra} regroupings of the same sections (variant 2 and up)" if extra else "")
        + f"; {manifest['distinct_bodies']} distinct bodies",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
