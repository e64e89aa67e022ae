"""Find and read a corpus folder's documents: text, metadata, sentences and boilerplate marks.

Knows nothing of Whoosh, facets or Textual. Every offset is a Python string index into
``ParsedDocument.text``, which is the sanitised text exactly as it will be shown.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import os
import re
import stat
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import yaml

from index.errors import CorpusError, CorpusFileError

MAX_FILE_BYTES = 20 * 1024 * 1024
TEXT_SUFFIXES = frozenset({".txt"})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
SUFFIXES = TEXT_SUFFIXES | MARKDOWN_SUFFIXES | HTML_SUFFIXES
CATALOG_NAME = "catalog.yaml"
CATALOG_FIELDS = ("title", "source", "place", "date")
# Part of every digest: bump it when reading or marking changes, so stored documents are re-read.
PARSER_VERSION = "2"

_SNIFF_BYTES = 8192  # how much of a file decides "binary"
_MAX_HEADING_WORDS = 14
_MAX_TITLE_WORDS = 15


# -- public data ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceFile:
    """A document file found by `scan`, not yet read."""

    id: str  # file name without extension, relative to the root, "/" between folders
    path: Path  # absolute
    size: int
    mtime_ns: int

    @property
    def name(self) -> str:
        """The file's name relative to the corpus root, as catalog.yaml keys it."""
        return self.id + self.path.suffix


@dataclass(frozen=True)
class SentenceSpan:
    """A sentence as offsets into the document's text, with how it is to be treated."""

    start: int
    end: int
    paragraph: int  # index into ParsedDocument.paragraphs
    boilerplate: bool  # contact details, calls to action, page furniture, repeated text
    heading: bool  # a heading line: facets ignore it


@dataclass(frozen=True)
class ParsedDocument:
    """A document as read: metadata, the text as shown, its paragraphs and sentences."""

    id: str
    path: Path
    title: str
    source: str
    place: str
    date: str
    text: str
    paragraphs: tuple[tuple[int, int], ...]
    sentences: tuple[SentenceSpan, ...]
    words: int
    digest: str  # sha256 of the raw bytes, the catalog entry and PARSER_VERSION


@dataclass(frozen=True, eq=False)
class Catalog:
    """Metadata from catalog.yaml, by file name relative to the root (or by id)."""

    path: Path | None = None
    entries: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    def entry(self, file: SourceFile) -> dict[str, str]:
        """The file's entry (title, source, place, date; only the keys given), or {}."""
        found = self.entries.get(file.name, self.entries.get(file.id))
        return dict(found) if found is not None else {}

    def entry_text(self, file: SourceFile) -> str:
        """A stable text form of the file's entry, part of its digest."""
        return json.dumps(self.entry(file), sort_keys=True, ensure_ascii=False)


# -- sanitising ------------------------------------------------------------------------------

# Terminal escape sequences: CSI (ESC [ ... final byte: colours, cursor moves), OSC/DCS/SOS/PM/APC
# strings (ESC ] P X ^ _ ... ended by BEL or ST: hyperlinks, window titles, clipboard writes),
# other two-byte ESC sequences, and complete 8-bit CSI sequences. An unterminated string runs to
# the end of its line.
_ESCAPE_SEQUENCE = re.compile(
    r"\x1b\[[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?"
    r"|\x9b[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]"
    r"|\x1b[\]PX^_][^\x07\x1b\n]*(?:\x07|\x1b\\)?"
    r"|\x1b[\x20-\x2f]*[\x30-\x7e]?"
)
# C0 and C1 controls and DEL, except newline and tab.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Invisible characters that reorder or hide text: bidi embeddings, overrides and isolates,
# zero-width characters and BOMs, soft hyphens (they split words for search), tag characters.
_INVISIBLE = re.compile(
    "[\u00ad\u200b-\u200d\u2060\ufeff\u202a-\u202e\u2066-\u2069\U000e0000-\U000e007f]"
)
# No-break and other fixed-width spaces become plain spaces.
_SPACES = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_TRAILING_SPACE = re.compile(r"[ \t]+$", re.MULTILINE)


def sanitize(text: str) -> str:
    """Untrusted text made safe and plain: LF line ends, NFC, no escape sequences, no control,
    bidi-override or zero-width characters, tabs and no-break spaces as spaces, no trailing
    spaces on lines. ``[`` and ``]`` are kept: the text is never used as markup."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _ESCAPE_SEQUENCE.sub("", text)
    for old, new in (("\f", "\n"), ("\v", "\n"), ("\u2028", "\n"), ("\u2029", "\n\n")):
        text = text.replace(old, new)
    text = _INVISIBLE.sub("", _CONTROL.sub("", text))
    text = _SPACES.sub(" ", text).expandtabs(4)
    text = unicodedata.normalize("NFC", text)
    return _TRAILING_SPACE.sub("", text)


def _one_line(value: object) -> str:
    """Metadata text: sanitised, on one line, spaces collapsed."""
    return " ".join(sanitize(str(value)).split())


def _label(name: str) -> str:
    """A file name fit for a one-line message."""
    return sanitize(name).replace("\n", "\\n")


# -- finding files ---------------------------------------------------------------------------


def scan(root: Path) -> tuple[list[SourceFile], list[str]]:
    """The document files under ``root``, sorted by name, and one warning per file skipped.

    Hidden files and folders are skipped, and so are symlinked folders (their files are either
    outside the corpus or already found through the real folder)."""
    root = Path(root).expanduser()
    if not root.exists():
        raise CorpusError(
            f"corpus folder {_label(str(root))} does not exist; "
            "give a folder of .txt, .md or .html files"
        )
    if not root.is_dir():
        raise CorpusError(
            f"{_label(str(root))} is not a folder; give a folder of .txt, .md or .html files"
        )
    base = root.resolve()
    warnings: list[str] = []
    found: list[tuple[str, Path]] = []

    def unreadable(error: OSError) -> None:
        where = Path(error.filename or base)
        name = where.relative_to(base).as_posix() if where.is_relative_to(base) else str(where)
        warnings.append(
            f"skipped {_label(name)}: cannot read the folder ({error.strerror}); "
            "check its permissions"
        )

    for folder, dirnames, filenames in os.walk(base, onerror=unreadable):
        here = Path(folder)
        kept = []
        for name in sorted(dirnames):
            if name.startswith("."):
                continue
            sub = here / name
            if sub.is_symlink():
                try:
                    inside = sub.resolve().is_relative_to(base)
                except (OSError, RuntimeError):  # a link loop
                    inside = False
                if not inside:
                    warnings.append(
                        f"skipped {_label(sub.relative_to(base).as_posix())}: "
                        "a link to a folder outside the corpus; copy the files in instead"
                    )
                continue
            kept.append(name)
        dirnames[:] = kept
        for name in filenames:
            if not name.startswith(".") and Path(name).suffix.lower() in SUFFIXES:
                found.append(((here / name).relative_to(base).as_posix(), here / name))

    files: list[SourceFile] = []
    first_by_id: dict[str, str] = {}
    for rel, path in sorted(found):
        try:
            info = path.stat()  # follows a link to a file, which is fine
        except FileNotFoundError:
            warnings.append(f"skipped {_label(rel)}: a link to a file that does not exist")
            continue
        except OSError as error:
            warnings.append(f"skipped {_label(rel)}: cannot read it ({error.strerror})")
            continue
        if not stat.S_ISREG(info.st_mode):
            # FIFOs, sockets and devices would block or never end.
            warnings.append(f"skipped {_label(rel)}: not a regular file")
            continue
        if info.st_size > MAX_FILE_BYTES:
            warnings.append(f"skipped {_label(rel)}: {_too_large()}")
            continue
        doc_id = rel[: -len(path.suffix)]
        if doc_id in first_by_id:
            warnings.append(
                f"skipped {_label(rel)}: same name as {_label(first_by_id[doc_id])}; "
                "rename one of them"
            )
            continue
        first_by_id[doc_id] = rel
        files.append(SourceFile(doc_id, path, info.st_size, info.st_mtime_ns))
    return files, warnings


def _too_large() -> str:
    return f"larger than {MAX_FILE_BYTES / 2**20:g} MiB; split it or move it out of the folder"


# -- catalog.yaml ------------------------------------------------------------------------------

_YAML_NULL = "tag:yaml.org,2002:null"


def load_catalog(root: Path) -> Catalog:
    """catalog.yaml beside the files: per file name, title, source, place and date.

    An empty catalog when there is none; CorpusError ``FILE:LINE: ...`` when it is invalid."""
    path = Path(root).expanduser() / CATALOG_NAME
    if not path.is_file():
        return Catalog(None, {})
    label = _label(str(path))
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as error:
        raise CorpusError(
            f"{label}: cannot read it ({error.strerror}); check its permissions"
        ) from None
    except UnicodeDecodeError:
        raise CorpusError(f"{label}:1: not UTF-8 text; save it as UTF-8") from None
    try:
        # Composing (not loading) keeps the line of every key, for messages.
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        problem = _one_line(error.problem or error.context or "invalid YAML")
        raise CorpusError(f"{label}:{line}: {problem}; fix the YAML syntax") from None
    except yaml.YAMLError as error:
        raise CorpusError(f"{label}:1: {_one_line(error)}; fix the YAML syntax") from None
    if node is None or (isinstance(node, yaml.ScalarNode) and node.tag == _YAML_NULL):
        return Catalog(path, {})

    def fail(at: yaml.Node, message: str) -> CorpusError:
        return CorpusError(f"{label}:{at.start_mark.line + 1}: {message}")

    if not isinstance(node, yaml.MappingNode):
        raise fail(node, "expected file names, each with title, source, place or date")
    entries: dict[str, dict[str, str]] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode) or not key_node.value.strip():
            raise fail(key_node, "expected a file name as the key")
        name = key_node.value.strip().removeprefix("./")
        if name in entries:
            raise fail(key_node, f"{_label(name)} is listed twice; keep one entry")
        if isinstance(value_node, yaml.ScalarNode) and value_node.tag == _YAML_NULL:
            entries[name] = {}
            continue
        if not isinstance(value_node, yaml.MappingNode):
            raise fail(
                value_node, f"the entry for {_label(name)} must be title:, source:, ... lines"
            )
        entry: dict[str, str] = {}
        for field_node, field_value in value_node.value:
            key = field_node.value if isinstance(field_node, yaml.ScalarNode) else None
            if key not in CATALOG_FIELDS:
                raise fail(
                    field_node,
                    f"unknown key {_label(str(key))!r} for {_label(name)}; "
                    "use title, source, place or date",
                )
            if key in entry:
                raise fail(field_node, f"{key} is given twice for {_label(name)}")
            if not isinstance(field_value, yaml.ScalarNode):
                raise fail(field_value, f"{key} of {_label(name)} must be plain text")
            # The scalar as written: a date stays "2023" or "2023-05-01", not a parsed value.
            entry[key] = "" if field_value.tag == _YAML_NULL else _one_line(field_value.value)
        entries[name] = entry
    return Catalog(path, entries)


# -- reading a file ----------------------------------------------------------------------------


def _skipped(file: SourceFile, reason: str) -> CorpusFileError:
    return CorpusFileError(f"skipped {_label(file.name)}: {reason}")


def _read_bytes(file: SourceFile) -> bytes:
    # O_NONBLOCK: a file swapped for a FIFO since the scan must not hang the open.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(file.path, flags)
    except OSError as error:
        raise _skipped(
            file, f"cannot open it ({error.strerror}); check that it is readable"
        ) from None
    with open(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise _skipped(file, "not a regular file")
        try:
            raw = handle.read(MAX_FILE_BYTES + 1)
        except OSError as error:
            raise _skipped(file, f"cannot read it ({error.strerror})") from None
    if len(raw) > MAX_FILE_BYTES:
        raise _skipped(file, _too_large())
    return raw


def _digest(raw: bytes, entry_text: str) -> str:
    digest = hashlib.sha256(raw)
    digest.update(b"\0" + entry_text.encode("utf-8") + b"\0" + PARSER_VERSION.encode())
    return digest.hexdigest()


def file_digest(file: SourceFile, catalog: Catalog) -> str:
    """The digest `read_document` would give, without parsing: raw bytes plus catalog entry."""
    return _digest(_read_bytes(file), catalog.entry_text(file))


def _decode(raw: bytes, file: SourceFile) -> str:
    """Bytes to text: a BOM decides; else UTF-8, else cp1252/latin-1, unless it looks binary."""
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16: its BOM starts the same way
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if raw.startswith(bom):
            try:
                return raw.decode(codec)
            except UnicodeDecodeError:
                raise _skipped(file, f"not valid {codec.upper()} text; save it as UTF-8") from None
    if raw.startswith(codecs.BOM_UTF8):
        return raw[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    if b"\0" in raw[:_SNIFF_BYTES]:
        raise _skipped(file, "binary file (not text)")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError:
            text = raw.decode("latin-1")
    # Bytes full of control characters (ESC aside: coloured logs are text) are not text.
    sample = text[:_SNIFF_BYTES]
    controls = sum(1 for c in sample if unicodedata.category(c) == "Cc" and c not in "\t\n\r\f\x1b")
    if controls * 20 > len(sample):
        raise _skipped(file, "binary file (not text)")
    return text


def read_document(file: SourceFile, catalog: Catalog) -> ParsedDocument:
    """Read, decode, sanitise and split one file; CorpusFileError (one line) when unreadable."""
    raw = _read_bytes(file)
    digest = _digest(raw, catalog.entry_text(file))
    if not raw.strip():
        raise _skipped(file, "empty file")
    text = sanitize(_decode(raw, file))
    if not text.strip():
        raise _skipped(file, "empty file")
    suffix = file.path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        meta, body = _html_article(text)
        paras = _paragraphs(_text_blocks(sanitize(body), mode="lines"))
        if not paras:
            raise _skipped(file, "no article text found in the page")
    else:
        if suffix in MARKDOWN_SUFFIXES:
            meta, body = _front_matter(text)
            paras = _paragraphs(_markdown_blocks(body))
        else:
            meta, paras = {}, _paragraphs(_text_blocks(text))
        if not paras:
            raise _skipped(file, "empty file")
    text, spans, sentences = _mark(paras)
    entry = catalog.entry(file)
    return ParsedDocument(
        id=file.id,
        path=file.path,
        title=entry.get("title") or meta.get("title") or _derive_title(text, sentences),
        source=entry.get("source") or meta.get("source", ""),
        place=entry.get("place") or meta.get("place", ""),
        date=entry.get("date") or meta.get("date", ""),
        text=text,
        paragraphs=tuple(spans),
        sentences=tuple(sentences),
        words=len(_WORD.findall(text)),
        digest=digest,
    )


def _mark(paras: list[_Para]) -> tuple[str, list[tuple[int, int]], list[SentenceSpan]]:
    """The text shown, its paragraph spans and its sentences, marked heading or boilerplate."""
    text, spans = _layout(paras)
    headings = [_is_heading(p) for p in paras]
    uses_blank_lines = len({p.block for p in paras}) > 1
    captions = [
        headings[i]
        and not p.md_heading
        and _is_caption(p, paras[i + 1] if i + 1 < len(paras) else None, uses_blank_lines)
        for i, p in enumerate(paras)
    ]
    sentences: list[list[tuple[int, int]]] = []
    for p, (start, _end) in zip(paras, spans, strict=True):
        if p.pre:
            local = [(0, len(p.text))]
        else:
            local = [(a + p.marker, b + p.marker) for a, b in _split_sentences(p.text[p.marker :])]
        sentences.append([(start + a, start + b) for a, b in local])
    boiler = _boilerplate(paras, sentences, text, captions)

    marked: list[SentenceSpan] = []
    for index, para_sentences in enumerate(sentences):
        heading = headings[index] and not captions[index]
        for (start, end), boilerplate in zip(para_sentences, boiler[index], strict=True):
            marked.append(SentenceSpan(start, end, index, boilerplate, heading))
    return text, spans, marked


# -- markdown and html -------------------------------------------------------------------------

_FRONT_MATTER_END = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
# Front matter keys for each field, first found wins.
_META_KEYS = {
    "title": ("title",),
    "source": ("source", "publisher", "site", "site_name", "author"),
    "place": ("place", "location"),
    "date": ("date",),
}


def _meta_value(value: object) -> str:
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, list):
        # Only plain items: joining nested aliased lists could blow up in size.
        return ", ".join(_meta_value(v) for v in value if not isinstance(v, (list, dict)))
    if isinstance(value, dict):
        return ""
    return _one_line(value)[:300]


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    """YAML front matter between ``---`` lines: its metadata and the body after it.

    Malformed front matter is ignored and the body kept; no closing line means no front matter."""
    if not text.startswith("---\n"):
        return {}, text
    end = _FRONT_MATTER_END.search(text, 4)
    if end is None:
        return {}, text
    block, body = text[4 : end.start()], text[end.end() :]
    try:
        data = yaml.safe_load(block)
    except yaml.YAMLError:
        return {}, body
    if not isinstance(data, dict):
        return {}, text  # not front matter: a rule, some text, a rule
    meta = {}
    for name, keys in _META_KEYS.items():
        for key in keys:
            value = _meta_value(data.get(key))
            if value:
                meta[name] = value
                break
    return meta, body


def _html_article(html: str) -> tuple[dict[str, str], str]:
    """The article text of a page and its title, site name and date (trafilatura); the body's
    text (lxml) when trafilatura finds no article."""
    import trafilatura  # slow to import: only when there is HTML

    try:
        result = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            # Only dates the page declares: the extensive search guesses from copyright lines.
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception:  # a heuristic extractor: any failure falls back to plain body text
        result = None
    meta: dict[str, str] = {}
    body = ""
    if result is not None:
        body = result.text or ""
        for name, value in (
            ("title", result.title),
            ("source", result.sitename),
            ("date", result.date),
        ):
            if value:
                meta[name] = _one_line(value)[:300]
    # The page's own title beats trafilatura's guess, which can be any early heading
    # (a "Keyboard shortcuts" pop-up, say).
    title, site = _html_declared_title(html)
    if title:
        meta["title"] = title
    if site and "source" not in meta:
        meta["source"] = site
    if not body.strip():
        body = _html_body_text(html)
    return meta, body


# "Article - Site", "Article | Site", "Article — Site": the site is the shorter last part.
_TITLE_SITE_SEPARATOR = re.compile(r"\s+[-|\u2013\u2014]\s+(?=[^-|\u2013\u2014]+$)")


def _html_declared_title(html: str) -> tuple[str, str]:
    """(title, site) as the page declares them: og:title, else <title> split at a site suffix."""
    import lxml.etree
    import lxml.html

    try:
        parser = lxml.html.HTMLParser(encoding="utf-8")
        root = lxml.html.document_fromstring(html.encode("utf-8"), parser=parser)
    except (lxml.etree.ParserError, ValueError):
        return "", ""
    og = root.xpath('string(//meta[@property="og:title"]/@content)')
    site = root.xpath('string(//meta[@property="og:site_name"]/@content)')
    if og.strip():
        return _one_line(og)[:300], _one_line(site)[:300]
    title = _one_line(root.xpath("string(//title)"))
    parts = _TITLE_SITE_SEPARATOR.split(title, maxsplit=1)
    if len(parts) == 2 and len(parts[1]) < len(parts[0]) + 20:
        return parts[0][:300], (site or parts[1])[:300]
    return title[:300], _one_line(site)[:300]


# Elements whose content starts on a new line in the fallback text.
_HTML_BLOCKS = (
    "p", "div", "section", "article", "header", "footer", "main", "aside", "nav", "li", "ul",
    "ol", "h1", "h2", "h3", "h4", "h5", "h6", "br", "tr", "table", "blockquote", "pre",
    "figure", "figcaption", "dd", "dt",
)  # fmt: skip


def _html_body_text(html: str) -> str:
    import lxml.etree
    import lxml.html

    try:
        # Bytes with an explicit encoding: lxml refuses str input that declares one.
        parser = lxml.html.HTMLParser(encoding="utf-8")
        root = lxml.html.document_fromstring(html.encode("utf-8"), parser=parser)
    except (lxml.etree.ParserError, ValueError):
        return ""
    for element in root.xpath("//script|//style|//noscript|//template|//head"):
        element.drop_tree()
    body = root.find("body")
    if body is None:
        body = root
    for element in body.iter(*_HTML_BLOCKS):
        element.tail = "\n" + (element.tail or "")
        if element.tag == "li":
            element.text = "\n- " + (element.text or "")
    lines = (" ".join(line.split()) for line in body.text_content().split("\n"))
    return "\n".join(line for line in lines if line)


# Markdown inline syntax, undone in this order. Spans are bounded so that a long line full of
# unmatched * or [ costs linear, not quadratic, time.
_SPAN = 300
_URL = r"(?:[^()]|\([^()]{0,300}\)){0,2000}"
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>~|])")
_MD_ESCAPED = re.compile("[\U000f0000-\U000f007f]")  # escaped characters, parked out of the way
_MD_INLINE = (
    # inline code: keep the code
    (re.compile(r"`+([^`]+?)`+"), r"\1"),
    # images: gone
    (re.compile(rf"!\[[^\]]{{0,{_SPAN}}}\](?:\({_URL}\)|\[[^\]]{{0,{_SPAN}}}\])"), ""),
    # [text](url) and [text][ref]: the text
    (re.compile(rf"\[([^\]]{{1,{_SPAN}}})\]\({_URL}\)"), r"\1"),
    (re.compile(rf"\[([^\]]{{1,{_SPAN}}})\]\[[^\]]{{0,{_SPAN}}}\]"), r"\1"),
    # <url>: the url
    (re.compile(r"<((?:https?|mailto):[^>\s]+)>"), r"\1"),
    # **strong**, __strong__ (not __init__), *em* (not 2 * 3), _em_ (not snake_case), ~~strike~~
    (re.compile(rf"\*\*(?=\S)(.{{1,{_SPAN}}}?)(?<=\S)\*\*"), r"\1"),
    (re.compile(rf"(?<!\w)__(?=\S)(.{{1,{_SPAN}}}?)(?<=\S)__(?!\w)"), r"\1"),
    (re.compile(rf"(?<![\w*])\*(?=[^\s*])(.{{1,{_SPAN}}}?)(?<=[^\s*])\*(?![\w*])"), r"\1"),
    (re.compile(rf"(?<![\w_])_(?=[^\s_])(.{{1,{_SPAN}}}?)(?<=[^\s_])_(?![\w_])"), r"\1"),
    (re.compile(rf"~~(?=\S)(.{{1,{_SPAN}}}?)(?<=\S)~~"), r"\1"),
)
_MD_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}(?:\s+(.*?))?(?:\s+#+)?\s*$")
_MD_SETEXT = re.compile(r"^\s{0,3}(?:=+|-+)\s*$")
_MD_RULE = re.compile(r"^\s{0,3}(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,})$")
_MD_LINK_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S+")
_MD_QUOTE = re.compile(r"^\s{0,3}(?:>\s?)+")
_MD_BULLET = re.compile(r"^(\s*)[*+](\s+)")


def _md_inline(line: str) -> str:
    line = _MD_ESCAPE.sub(lambda m: chr(0xF0000 + ord(m.group(1))), line)
    for pattern, replacement in _MD_INLINE:
        line = pattern.sub(replacement, line)
    return _MD_ESCAPED.sub(lambda m: chr(ord(m.group()) - 0xF0000), line)


_Mode = Literal["lines", "wrapped", "soft", "pre"]


@dataclass
class _Block:
    """Lines between blank lines, and how their line breaks are to be read."""

    lines: list[str]
    mode: _Mode  # lines: a break ends a paragraph unless it is a hard wrap;
    # wrapped: text wrapped at a fixed width; soft: markdown; pre: kept as is
    width: int = 0
    md_heading: bool = False


def _markdown_blocks(body: str) -> list[_Block]:
    blocks: list[_Block] = []
    current: list[str] = []
    fence: str | None = None
    code: list[str] = []

    def flush() -> None:
        if current:
            blocks.append(_Block(current.copy(), "soft"))
            current.clear()

    for line in body.split("\n"):
        if fence is not None:
            if line.strip().startswith(fence):
                fence = None
                if any(c.strip() for c in code):
                    blocks.append(_Block(code.copy(), "pre"))
                code.clear()
            else:
                code.append(line)
            continue
        if match := _MD_FENCE.match(line):
            flush()
            fence = match.group(1)
            continue
        if not line.strip():
            flush()
            continue
        if current and _MD_SETEXT.match(line):
            title = current.pop()
            flush()
            blocks.append(_Block([_md_inline(title.strip())], "soft", md_heading=True))
            continue
        if _MD_RULE.match(line) or _MD_LINK_DEFINITION.match(line):
            flush()
            continue
        if match := _MD_HEADING.match(line):
            flush()
            if heading := _md_inline(match.group(1) or "").strip():
                blocks.append(_Block([heading], "soft", md_heading=True))
            continue
        line = _md_inline(_MD_BULLET.sub(r"\1-\2", _MD_QUOTE.sub("", line)))
        if line.strip():  # a line of only an image is gone
            current.append(line)
    flush()
    if fence is not None and any(c.strip() for c in code):
        blocks.append(_Block(code, "pre"))
    return blocks


def _text_blocks(text: str, mode: _Mode | None = None) -> list[_Block]:
    """Plain text in blocks between blank lines; a file wrapped at a fixed width is read as such."""
    lines = text.split("\n")
    filled = [line for line in lines if line.strip()]
    width = max((len(line) for line in filled), default=0)
    if mode is None:
        # Wrapped: blank lines between paragraphs, no long lines, and most lines near full.
        wrapped = (
            len(filled) >= 3
            and len(filled) < len(lines)
            and width <= 100
            and 3 * sum(len(line) >= 50 for line in filled) >= len(filled)
        )
        mode = "wrapped" if wrapped else "lines"
    blocks: list[_Block] = []
    current: list[str] = []
    for line in [*lines, ""]:
        if line.strip():
            current.append(line)
        elif current:
            blocks.append(_Block(current, mode, width))
            current = []
    return blocks


# -- paragraphs ------------------------------------------------------------------------------

# A list item's marker: a bullet or a number ("1." "2)") then space.
_LIST_MARKER = re.compile(r"(?:[-*+\u2022\u25e6\u25aa\u2023\u2013]|\d{1,3}[.)])[ \t]+(?=\S)")
# A line that ends a sentence or clause: the next line starts a new paragraph.
_ENDS_CLAUSE = re.compile(r"[.!?:;\u2026][\"'\u201d\u2019)\]\u00bb]*$")


@dataclass
class _Para:
    text: str  # without indent; a list item keeps its marker
    block: int
    lines: int = 1
    indent: str = ""
    marker: int = 0  # length of the list marker (and its spaces) at the start of text
    pre: bool = False
    md_heading: bool = False


def _joins(previous: str, line: str, block: _Block) -> bool:
    """Whether ``line`` continues the paragraph whose last line is ``previous``."""
    if _LIST_MARKER.match(line.lstrip()):
        return False
    if block.mode == "soft":
        return True
    ends = _ENDS_CLAUSE.search(previous.rstrip())
    lower = line.lstrip()[:1].islower()
    if block.mode == "wrapped":
        return len(previous) >= 0.6 * block.width or (not ends and lower)
    # One paragraph per line, but a long line cut mid-sentence ("reduce\nsuicidal") is a wrap.
    return not ends and lower and len(previous.split()) >= 6


def _paragraphs(blocks: list[_Block]) -> list[_Para]:
    paras: list[_Para] = []
    for number, block in enumerate(blocks):
        if block.mode == "pre":
            code = "\n".join(block.lines).strip("\n")
            body = code.lstrip()
            if body:
                paras.append(
                    _Para(
                        body.rstrip(),
                        number,
                        len(block.lines),
                        code[: len(code) - len(body)],
                        pre=True,
                    )
                )
            continue
        lines: list[list[str]] = []  # the stripped lines of each paragraph of the block
        last = ""
        for line in block.lines:
            stripped = line.strip()
            if lines and _joins(last, line, block):
                lines[-1].append(stripped)
            else:
                lines.append([stripped])
                marker = _LIST_MARKER.match(stripped)
                paras.append(
                    _Para(
                        "",
                        number,
                        indent=line[: len(line) - len(line.lstrip())][:8] if marker else "",
                        marker=marker.end() if marker else 0,
                        md_heading=block.md_heading,
                    )
                )
            last = line
        for para, parts in zip(paras[len(paras) - len(lines) :], lines, strict=True):
            para.text = " ".join(parts)
            para.lines = len(parts)
    return [p for p in paras if p.text[p.marker :].strip()]


def _layout(paras: list[_Para]) -> tuple[str, list[tuple[int, int]]]:
    """The text shown: a blank line between paragraphs, a newline between items of one list."""
    pieces: list[str] = []
    spans: list[tuple[int, int]] = []
    position = 0
    for index, para in enumerate(paras):
        if index:
            previous = paras[index - 1]
            same_list = para.marker and previous.marker and para.block == previous.block
            pieces.append("\n" if same_list else "\n\n")
            position += len(pieces[-1])
        pieces.append(para.indent + para.text)
        start = position + len(para.indent)
        position += len(pieces[-1])
        spans.append((start, position))
    return "".join(pieces), spans


# -- sentences -------------------------------------------------------------------------------

# A sentence end: . ! ? or an ellipsis, then any closing quotes or brackets.
_TERMINAL = re.compile(r"(?:\.{2,}|\u2026|[.!?]+)[\"'\u201d\u2019)\]\u00bb]*")


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Words whose "." never ends a sentence: titles before a name, Latin and reference abbreviations.
_ABBREVIATIONS = _wordset(
    "mr mrs ms mx dr prof rev hon gen col capt lt sgt sen rep gov pres supt st mt "
    "vs v e.g i.e cf viz al ph.d m.d d.o b.a b.s m.a m.s r.n"
)
# Abbreviations that end no sentence when a number follows ("No. 5", "Jan. 2020", "approx. 30").
_BEFORE_NUMBER = _wordset(
    "no nos fig figs vol vols p pp ch sec art approx ca est "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
)
_ACRONYM = re.compile(r"(?:[a-z]\.)+[a-z]")  # u.s, e.g, a.m
_SPACES_AT = re.compile(r"\s*")
_LAST_TOKEN = re.compile(r"\S+$")
_OPENERS = "\"'\u201c\u2018([\u00ab\u00bf\u00a1"


def _split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans in a paragraph, without surrounding whitespace."""
    spans: list[tuple[int, int]] = []
    begin = 0
    for match in _TERMINAL.finditer(text):
        end = match.end()
        if end < len(text):
            if not text[end].isspace():
                continue  # 3.5, U.S., www.site.com
            after = _SPACES_AT.match(text, end).end()
            if after == len(text):
                continue
            first = text[after]
            if not (first.isupper() or first.isdigit() or first in _OPENERS):
                continue  # "e.g. the", "what? he said"
            if match.group().startswith(".") and not match.group().startswith(".."):
                # Only the few characters before: long tokens are no abbreviations.
                token = _LAST_TOKEN.search(text, max(0, match.start() - 32), match.start())
                word = token.group().lstrip(_OPENERS) if token else ""
                lowered = word.lower()
                if (
                    lowered in _ABBREVIATIONS
                    or (lowered in _BEFORE_NUMBER and first.isdigit())
                    or _ACRONYM.fullmatch(lowered)
                    or (len(word) == 1 and word.isupper())  # an initial: "J. Smith"
                ):
                    continue
        _add_span(spans, text, begin, end)
        begin = end
    _add_span(spans, text, begin, len(text))
    return spans


def _add_span(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if stripped:
        left = start + len(piece) - len(piece.lstrip())
        spans.append((left, left + len(stripped)))


# -- headings, captions, titles --------------------------------------------------------------

_WORD = re.compile(r"[^\W_]+(?:['\u2019.-][^\W_]+)*")
_SMALL_WORDS = _wordset(
    "a an and as at but by for from in into nor of off on onto or over per the to up via vs with"
)


def _title_case(text: str) -> bool:
    """Most words other than small ones start with a capital, as in a headline."""
    words = [w for w in _WORD.findall(text) if w[0].isalpha()]
    big = [w for w in words if w.lower() not in _SMALL_WORDS] or words
    return bool(big) and sum(w[0].isupper() for w in big) * 4 >= len(big) * 3


def _final_mark(text: str) -> str:
    return text.rstrip("\"'\u201d\u2019)]\u00bb*").rstrip()[-1:]


def _is_heading(para: _Para) -> bool:
    """A single short line without final . ! (a title-case question counts), not a list item."""
    if para.md_heading:
        return True
    if para.marker or para.pre or para.lines != 1:
        return False
    if not 1 <= len(_WORD.findall(para.text)) <= _MAX_HEADING_WORDS:
        return False
    mark = _final_mark(para.text)
    if mark == "?":
        return _title_case(para.text)  # "What Is Ketamine?"
    return mark not in {".", "!", "…"}


# Alt text and captions describe a picture: a person doing something, or the picture itself.
_DEPICTION = re.compile(
    r"(?i)\b(?:photo|photograph|image|picture|illustration|stock|close-up|portrait|headshot|"
    r"logo|icon|banner|infographic|screenshot)\b"
    r"|(?<=\w )(?:holding|sitting|standing|smiling|wearing|looking|lying|walking|talking|"
    r"hugging|laughing|posing|sleeping|crying|shaking|embracing|comforting|reading|writing|"
    r"typing|receiving|pointing)\b"
)


def _is_caption(para: _Para, following: _Para | None, uses_blank_lines: bool) -> bool:
    """An image's alt text or caption, given a heading-like line: not title-case and not a
    lead-in ending ":", and either it describes a picture or, in a file that puts blank lines
    between paragraphs, it sits directly on the line above another (the caption under it)."""
    if _final_mark(para.text) == ":" or _title_case(para.text):
        return False
    if _DEPICTION.search(para.text):
        return True
    return (
        uses_blank_lines
        and following is not None
        and following.block == para.block
        and not following.marker
    )


def _derive_title(text: str, sentences: list[SentenceSpan]) -> str:
    """The first line if it reads as a headline, else the first heading, else the first
    sentence shortened; page furniture and lead-ins ending ":" do not count."""
    content = [s for s in sentences if not s.boilerplate] or sentences

    def headline(span: SentenceSpan) -> bool:
        line = text[span.start : span.end]
        return (
            "\n" not in line
            and len(_WORD.findall(line)) <= _MAX_TITLE_WORDS
            and _final_mark(line) not in {".", ":", "!", ",", ";"}
        )

    first = sentences[0]
    one_sentence = sum(s.paragraph == first.paragraph for s in sentences) == 1
    if not first.boilerplate and one_sentence and headline(first):
        return _one_line(text[first.start : first.end])
    for span in content:
        if span.heading and headline(span):
            return _one_line(text[span.start : span.end])
    words = _one_line(text[content[0].start : content[0].end]).split()
    if len(words) <= 12:
        return " ".join(words).rstrip(".")
    return " ".join(words[:10]).rstrip(",;:") + "…"


# -- boilerplate -----------------------------------------------------------------------------

_US_STATES = (
    "Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|"
    "Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|"
    "Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|"
    "New Mexico|New York|North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|"
    "Rhode Island|South Carolina|South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington|"
    "West Virginia|Wisconsin|Wyoming"
)
# An email address; it starts at a token's start, so a long token is scanned once, not per position.
_EMAIL = r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
# Cues that make a sentence boilerplate, each a regex; they are searched as two alternations
# (one case-sensitive, one not), as one search per sentence is much faster than twenty.
# Contact details: a sentence with one is the page's contact block, not the article.
_CONTACT_CUES = (
    # phone numbers: (855) 588-1422, 385-287-1469, +1 555.123.4567, +44 20 7946 0958
    r"(?<![\w-])(?:\+?1[\s.-]?)?\(?\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}(?![\w-])",
    r"\+\d{1,3}[\s.-]\(?\d{1,4}\)?(?:[\s.-]\d{2,4}){2,3}(?!\w)",
    _EMAIL,
    # street addresses: "7050 S Highland Drive", "12 Main St."
    r"\b\d{1,6}\s+(?:[NSEW]\.?\s+)?(?:[A-Z][\w.'-]*\s+){1,4}"
    r"(?:Street|St|Avenue|Ave|Road|Rd|Drive|Dr|Boulevard|Blvd|Lane|Ln|Way|Court|Ct|"
    r"Place|Pl|Parkway|Pkwy|Highway|Hwy|Suite|Ste|Circle|Cir|Terrace|Square|Sq)\b",
    # a town and US state or state code with a zip code: "Cottonwood Heights, Utah 84121"
    rf",\s*(?:[A-Z]{{2}}|{_US_STATES})\.?\s+\d{{5}}(?:-\d{{4}})?\b",
)
_CONTACT_LABEL_CUES = (
    r"^(?:phone|tel|telephone|fax|call|text)\s*:",  # "Phone: ..."
    r"\bP\.?\s?O\.?\s+Box\s+\d+",  # "PO Box 12"
)
# Copyright lines.
_COPYRIGHT_CUES = (
    r"\u00a9|\(c\)\s*\d{4}",
    r"^\s*copyright\b|\bcopyright\s*(?:\(c\)|\d{4})",
    r"\ball\s+rights\s+reserved\b",
)
# Calls to action and sales lines of clinic and company pages.
_CALL_TO_ACTION_CUES = (
    # "Contact us", "call us", "email us", "visit us", "reach out to us"
    r"\b(?:contact|call|e-?mail|text|message|visit)\s+us\b",
    r"\breach\s+out\s+to\s+(?:us|our)\b",
    # an imperative "Contact/Call/Visit ... today/now": "Contact Alternative Pathways today"
    r"^(?:please\s+)?(?:contact|call|visit|e-?mail|text)\b.{0,60}?\b(?:today|now)\b",
    r"\bcall\s+(?:us\s+)?(?:today|now|24/7)\b",
    # booking: "schedule a (free) consultation", "book your assessment"
    r"\b(?:schedule|book|request|arrange)\s+(?:a|an|your)\s+(?:[\w-]+\s+){0,3}"
    r"(?:consultation|assessment)\b",
    r"\bget\s+(?:help|started)\s+(?:today|now|for\s+(?:yourself|you|your|a\s+loved))\b",
    r"^get\s+help\b",
    # reassurance pitched at the reader
    r"\bwe\s+can\s+help(?:\s+you)?\b|\blet\s+us\s+help\b",
    r"\b(?:we(?:'re|\u2019re|\s+are)|team\s+is)\s+(?:here\s+to\s+help|standing\s+by)\b",
    r"\bis\s+our\s+(?:top|first|number\s+one|#1)\s+priority\b",
    r"\bevery\s+step\s+of\s+the\s+way\b",
    # offers
    r"\b100\s*%\s+confidential\b|\bno\s+obligations?\b",
    r"\bfree\s+(?:consultation|assessment)\b|\bverify\s+(?:your\s+)?insurance\b",
    r"\bclick\s+here\b|\b(?:subscribe|sign\s+up)\s+(?:to|for)\s+(?:our|the)\s+newsletter\b",
)


def _alternation(patterns: tuple[str, ...], flags: int = 0) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{pattern})" for pattern in patterns), flags)


_SENTENCE_CUES = _alternation(_CONTACT_CUES)
_SENTENCE_CUES_ANY_CASE = _alternation(
    _CONTACT_LABEL_CUES + _COPYRIGHT_CUES + _CALL_TO_ACTION_CUES, re.IGNORECASE
)
# Page furniture: navigation, sharing and comment widgets, when that is the whole paragraph.
_FURNITURE_LINE = re.compile(
    r"(?i)back\s+to\s+(?:\w+\s+)?(?:articles?|blog|news|posts?|top|home|resources)"
    r"|(?:\d+\s+)?comments?|leave\s+a\s+(?:comment|reply)|no\s+comments(?:\s+yet)?"
    r"|share(?:\s+this)?(?:\s+(?:article|post|story|page))?(?:\s+(?:on|via)\s+\w+)?"
    r"|read\s+(?:more|next|the\s+full\s+(?:article|story))|continue\s+reading|(?:see|load|show)\s+more"
    r"|(?:posted|published|filed|written)\s+(?:in|on|by|under)\b.*|(?:tags?|categor(?:y|ies))\s*:.*"
    r"|related\s+(?:posts|articles|stories|reading)|you\s+(?:may|might)\s+also\s+like"
    r"|(?:previous|next|older|newer)\s+(?:post|article|story|entry)"
    r"|skip\s+to\s+(?:main\s+)?content|(?:main\s+)?menu|search|home|print|subscribe|sign\s+up"
    r"|log\s*in|sign\s+in|advertisement|sponsored(?:\s+content)?|follow\s+us(?:\s+on\s+.*)?"
    r"|table\s+of\s+contents"
)
# Words that make a short line a widget or badge: logos, review badges, social links.
_FURNITURE_WORDS = re.compile(
    r"(?i)\blogo\b|\bicon\b|\bbadge\b|\bgoogle\s+reviews?\b|\byelp\b|\btrustpilot\b"
    r"|\bfollow\s+us\b|\bshare\s+on\b"
)
_LINK = re.compile(rf"https?://\S+|www\.\S+|{_EMAIL}")
# A line of one to three names or initials ("Ethan Parry", "J. Smith"), no other punctuation.
_NAME_LINE = re.compile(r"(?:[^\W\d_](?:\.|[\w'\u2019-]*))(?:\s[^\W\d_](?:\.|[\w'\u2019-]*)){0,2}")
_FURNITURE_TRIM = " :|\u00bb\u203a>\u2022*-\u2013\u2014"


def _boilerplate(
    paras: list[_Para], sentences: list[list[tuple[int, int]]], text: str, captions: list[bool]
) -> list[list[bool]]:
    """Per paragraph, per sentence: whether it is boilerplate (kept in the text, marked)."""
    marks: list[list[bool]] = []
    for spans in sentences:
        marks.append([_boilerplate_sentence(text[a:b]) for a, b in spans])

    seen: set[str] = set()
    for index, para in enumerate(paras):
        body = para.text[para.marker :]
        words = len(_WORD.findall(body))
        key = " ".join(_WORD.findall(body.lower()))
        whole = (
            captions[index]
            or (words <= 12 and bool(_FURNITURE_LINE.fullmatch(body.strip(_FURNITURE_TRIM))))
            or (words <= 8 and bool(_FURNITURE_WORDS.search(body)))
            or (bool(_LINK.search(body)) and len(_WORD.findall(_LINK.sub("", body))) <= 2)
            # The same paragraph again (a repeated intro, a widget twice): the copy is boilerplate.
            or (words >= 3 and key in seen)
        )
        if words >= 3:
            seen.add(key)
        if whole:
            marks[index] = [True] * len(marks[index])

    _mark_name_tail(paras, marks)

    # A short paragraph inside a block of boilerplate (the blurb between a phone number and the
    # staff list) belongs to it.
    full = [all(m) for m in marks]
    for index in range(1, len(paras) - 1):
        between = full[index - 1] and full[index + 1] and not full[index]
        if between and len(marks[index]) <= 3 and len(_WORD.findall(paras[index].text)) <= 60:
            marks[index] = [True] * len(marks[index])
    return marks


def _boilerplate_sentence(sentence: str) -> bool:
    return bool(_SENTENCE_CUES.search(sentence) or _SENTENCE_CUES_ANY_CASE.search(sentence))


def _mark_name_tail(paras: list[_Para], marks: list[list[bool]]) -> None:
    """Mark a list of names at the end of the document (staff, authors), looking back past
    other boilerplate. Mostly capitalised name lines make such a list when there are three or
    more, or two on adjacent lines, or a name repeats (pages often list a name twice)."""
    names: list[int] = []
    for index in range(len(paras) - 1, -1, -1):
        para = paras[index]
        if not para.marker and not para.pre and _NAME_LINE.fullmatch(para.text):
            names.append(index)
        elif not all(marks[index]):
            break
    if len(names) < 2:
        return
    capitalised = sum(all(w[0].isupper() for w in paras[i].text.split()) for i in names)
    distinct = {paras[i].text.casefold() for i in names}
    adjacent = len({paras[i].block for i in names}) < len(names)
    listed = len(names) >= 3 or adjacent or len(distinct) < len(names)
    if listed and capitalised * 2 >= len(names):
        for index in names:
            marks[index] = [True] * len(marks[index])
