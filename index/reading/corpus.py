"""Find and read a corpus folder's documents: text, metadata, sentences and boilerplate marks.

Knows nothing of Whoosh, facets or Textual. Every offset is a Python string index into
``ParsedDocument.text``, which is the sanitised text exactly as it will be shown.

This is the public face; the steps of reading live beside it: `sanitize` (untrusted text
made plain), `formats` (file text to metadata and blocks), `segment` (paragraphs, sentences,
headings, title) and `boilerplate` (which sentences are not the article's own); `limits` (how
large a file may be) and `safe_yaml` (front matter and catalog.yaml as plain data only).
"""

from __future__ import annotations

import codecs
import hashlib
import json
import os
import stat
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from kread.index.errors import CorpusError, CorpusFileError
from kread.index.reading import limits, safe_yaml
from kread.index.reading.boilerplate import mark_boilerplate
from kread.index.reading.formats import front_matter, html_article, markdown_blocks, text_blocks
from kread.index.reading.sanitize import one_line, safe_name, sanitize
from kread.index.reading.segment import (
    WORD,
    Para,
    derive_title,
    is_caption,
    is_heading,
    layout,
    paragraphs,
    split_sentences,
)

TEXT_SUFFIXES = frozenset({".txt"})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
SUFFIXES = TEXT_SUFFIXES | MARKDOWN_SUFFIXES | HTML_SUFFIXES
CATALOG_NAME = "catalog.yaml"
CATALOG_FIELDS = ("title", "source", "place", "date")
# Part of every digest: bump it when reading or marking changes, so stored documents are re-read.
PARSER_VERSION = "4"

_SNIFF_BYTES = 8192  # how much of a file decides "binary"


# -- public data ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceFile:
    """A document file found by `scan`, not yet read."""

    # The file name without extension, relative to the root, "/" between folders; a control or
    # invisible character in it written as an escape (`safe_name`).
    id: str
    # Absolute. A string: a scan of 50,000 files spent a third of its time making Paths.
    location: str | os.PathLike[str]
    size: int
    mtime_ns: int

    @property
    def path(self) -> Path:
        return Path(self.location)

    @property
    def name(self) -> str:
        """The file's name relative to the corpus root, as catalog.yaml keys it."""
        return self.id + os.path.splitext(self.location)[1]


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
    """A document as read, before any taxonomy has seen it: metadata, the text as shown,
    its paragraphs and sentences. Not a `models.Document`: its sentences carry no facets
    yet (the engine classifies them, and only then are there facet counts), and it holds
    what only reading knows, the digest of the raw bytes and what was read but not used."""

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
    # What was read but not used, one line each ("front matter ignored: ...").
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False)
class Catalog:
    """Metadata from catalog.yaml, by file name relative to the root (or by id)."""

    path: Path | None = None
    entries: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    def entry(self, file: SourceFile) -> dict[str, str]:
        """The file's entry (title, source, place, date; only the keys given), or {}."""
        if not self.entries:
            return {}  # no catalog: most folders
        found = self.entries.get(file.name, self.entries.get(file.id))
        return dict(found) if found is not None else {}

    def entry_text(self, file: SourceFile) -> str:
        """A stable text form of the file's entry, part of its digest."""
        entry = self.entry(file)
        return json.dumps(entry, sort_keys=True, ensure_ascii=False) if entry else "{}"


# -- finding files ---------------------------------------------------------------------------


def _label(name: str) -> str:
    """A file name fit for a one-line message: controls and invisible characters escaped, as
    in ids (a newline as ``\\n``)."""
    return safe_name(name.replace("\n", "\\n"))


def scan(root: Path, max_bytes: int | None = None) -> tuple[list[SourceFile], list[str]]:
    """The document files under ``root``, sorted by name, and one warning per file skipped.

    Skipped: hidden files and folders; files over the size limit (``max_bytes``, else
    `limits.max_file_bytes`); FIFOs, sockets and devices; links that lead out of the corpus,
    loop or lead nowhere. A link to a folder inside the corpus is passed over quietly: its
    files are found through the real folder. Folders are walked without recursion, so any
    depth is fine; a file or folder removed during the scan is reported as such."""
    limit = limits.max_file_bytes(max_bytes)
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
    found, warnings = _walk(base)

    files: list[SourceFile] = []
    first_by_id: dict[str, str] = {}
    for rel, entry in sorted(found, key=lambda item: item[0]):
        try:
            info = entry.stat()  # follows a link to a file inside the corpus
        except FileNotFoundError:
            warnings.append(f"skipped {_label(rel)}: removed during the scan")
            continue
        except OSError as error:
            warnings.append(f"skipped {_label(rel)}: cannot read it ({error.strerror})")
            continue
        if not stat.S_ISREG(info.st_mode):
            # FIFOs, sockets and devices would block or never end.
            warnings.append(f"skipped {_label(rel)}: not a regular file")
            continue
        if info.st_size > limit:
            warnings.append(f"skipped {_label(rel)}: {_too_large(limit)}")
            continue
        # The id is shown and typed: a control or invisible character in the name is escaped.
        doc_id = safe_name(os.path.splitext(rel)[0])
        if doc_id in first_by_id:
            warnings.append(
                f"skipped {_label(rel)}: same name as {_label(first_by_id[doc_id])}; "
                "rename one of them"
            )
            continue
        first_by_id[doc_id] = rel
        files.append(SourceFile(doc_id, entry.path, info.st_size, info.st_mtime_ns))
    return files, warnings


def _walk(base: Path) -> tuple[list[tuple[str, os.DirEntry]], list[str]]:
    """(name relative to ``base``, directory entry) of every document file under ``base``,
    and a warning for each folder that cannot be read and each link that is not followed.

    Plain strings, not `Path` objects, for every entry: at 10,000 files the paths cost
    more than the listing itself."""
    found: list[tuple[str, os.DirEntry]] = []
    warnings: list[str] = []
    cut = len(os.path.join(str(base), ""))  # entry paths begin with the base and a slash
    folders = [str(base)]
    while folders:
        folder = folders.pop()
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError as error:
            warnings.append(_folder_warning(base, Path(folder), error))
            continue
        subfolders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            rel = entry.path[cut:].replace(os.sep, "/")
            document = os.path.splitext(entry.name)[1].lower() in SUFFIXES
            try:
                link = entry.is_symlink()
                folder_here = not link and entry.is_dir(follow_symlinks=False)
            except OSError:  # removed since the folder was listed
                continue
            if folder_here:
                subfolders.append(entry.path)
            elif link:
                path = Path(entry.path)
                problem = _link_problem(base, path, document)
                if problem:
                    warnings.append(f"skipped {_label(rel)}: {problem}")
                elif document and not path.is_dir():
                    found.append((rel, entry))
            elif document:
                found.append((rel, entry))
        folders.extend(reversed(subfolders))  # walked in name order
    return found, warnings


def _link_problem(base: Path, link: Path, document: bool) -> str | None:
    """Why a link is not followed, or None: one to a file inside the corpus is read as that
    file; one to a folder inside is passed over quietly, and so is any link that does not
    look like a document or a folder."""
    try:
        target = link.resolve(strict=True)
    except FileNotFoundError:
        return "a link to a file that does not exist" if document else None
    except (OSError, RuntimeError):  # ELOOP (RuntimeError before Python 3.13)
        return "a link that loops back on itself; remove it"
    if target.is_relative_to(base):
        return None
    if target.is_dir():
        return "a link to a folder outside the corpus; copy the files in instead"
    if document:
        return "a link to a file outside the corpus; copy the file in instead"
    return None


def _folder_warning(base: Path, folder: Path, error: OSError) -> str:
    name = folder.relative_to(base).as_posix() if folder != base else str(base)
    if isinstance(error, FileNotFoundError):
        return f"skipped {_label(name)}: removed during the scan"
    hint = "; check its permissions" if isinstance(error, PermissionError) else ""
    return f"skipped {_label(name)}: cannot read the folder ({error.strerror}){hint}"


def _too_large(limit: int) -> str:
    return (
        f"larger than {limits.describe(limit)}; split it, move it out of the folder "
        "or raise the limit (--max-file-size)"
    )


# -- catalog.yaml ------------------------------------------------------------------------------

_YAML_NULL = "tag:yaml.org,2002:null"


def load_catalog(root: Path, max_bytes: int | None = None) -> Catalog:
    """catalog.yaml beside the files: per file name, title, source, place and date.

    An empty catalog when there is none; CorpusError ``FILE:LINE: ...`` when it is invalid,
    over the size limit, or uses what `safe_yaml` refuses (tags, deep nesting, alias bombs)."""
    path = Path(root).expanduser() / CATALOG_NAME
    if not path.is_file():
        return Catalog(None, {})
    label = _label(str(path))
    try:
        text = _read_limited(path, limits.max_file_bytes(max_bytes)).decode("utf-8-sig")
    except _Unreadable as error:
        raise CorpusError(f"{label}: {error}") from None
    except UnicodeDecodeError:
        raise CorpusError(f"{label}:1: not UTF-8 text; save it as UTF-8") from None
    try:
        # Composing (not loading) keeps the line of every key, for messages.
        node = safe_yaml.compose(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        problem = one_line(error.problem or error.context or "invalid YAML")
        if isinstance(error, safe_yaml.RefusedYAML):  # well formed, and says what to do
            raise CorpusError(f"{label}:{line}: {problem}") from None
        raise CorpusError(f"{label}:{line}: {problem}; fix the YAML syntax") from None
    except yaml.YAMLError as error:
        raise CorpusError(f"{label}:1: {one_line(error)}; fix the YAML syntax") from None
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
        name = safe_name(key_node.value.strip().removeprefix("./"))  # as ids are
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
            entry[key] = "" if field_value.tag == _YAML_NULL else one_line(field_value.value)
        entries[name] = entry
    return Catalog(path, entries)


# -- reading a file ----------------------------------------------------------------------------


def _skipped(file: SourceFile, reason: str) -> CorpusFileError:
    return CorpusFileError(f"skipped {_label(file.name)}: {reason}")


class _Unreadable(Exception):
    """Why a file cannot be read, in words for the user."""


_CHUNK = 1 << 20


def _read_limited(path: Path, limit: int) -> bytes:
    """A regular file's bytes, never more than ``limit`` of them in memory: `_Unreadable` when
    it is gone, not a regular file, unreadable or larger (it may have grown since the scan)."""
    # O_NONBLOCK: a file swapped for a FIFO since the scan must not hang the open.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise _Unreadable("removed before it could be read") from None
    except OSError as error:
        raise _Unreadable(f"cannot open it ({error.strerror}); check that it is readable") from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):  # a FIFO or a folder put in its place
        os.close(fd)
        raise _Unreadable("not a regular file")
    with open(fd, "rb", buffering=0) as handle:
        chunks: list[bytes] = []
        size = 0
        # The size at open as the first read, then chunks until the end or past the limit.
        want = min(info.st_size, limit) + 1
        try:
            while size <= limit:
                chunk = handle.read(want)
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
                want = min(_CHUNK, limit + 1 - size) if size <= limit else 0
        except OSError as error:
            raise _Unreadable(f"cannot read it ({error.strerror})") from None
    if size > limit:
        raise _Unreadable(_too_large(limit))
    return b"".join(chunks)


def _read_bytes(file: SourceFile, max_bytes: int | None = None) -> bytes:
    try:
        return _read_limited(file.path, limits.max_file_bytes(max_bytes))
    except _Unreadable as error:
        raise _skipped(file, str(error)) from None


def _digest(raw: bytes, entry_text: str) -> str:
    digest = hashlib.sha256(raw)
    digest.update(b"\0" + entry_text.encode("utf-8") + b"\0" + PARSER_VERSION.encode())
    return digest.hexdigest()


def file_digest(file: SourceFile, catalog: Catalog, max_bytes: int | None = None) -> str:
    """The digest `read_document` would give, without parsing: raw bytes plus catalog entry."""
    return _digest(_read_bytes(file, max_bytes), catalog.entry_text(file))


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


def read_document(
    file: SourceFile, catalog: Catalog, max_bytes: int | None = None
) -> ParsedDocument:
    """Read, decode, sanitise and split one file; CorpusFileError (one line) when unreadable
    or larger than ``max_bytes`` (else `limits.max_file_bytes`)."""
    raw = _read_bytes(file, max_bytes)
    digest = _digest(raw, catalog.entry_text(file))
    if not raw.strip():
        raise _skipped(file, "empty file")
    text = sanitize(_decode(raw, file))
    if not text.strip():
        raise _skipped(file, "empty file")
    suffix = file.path.suffix.lower()
    ignored: str | None = None
    if suffix in HTML_SUFFIXES:
        meta, body, ignored = html_article(text)
        paras = paragraphs(text_blocks(sanitize(body), mode="lines"))
        if not paras:
            raise _skipped(file, "no article text found in the page")
    else:
        if suffix in MARKDOWN_SUFFIXES:
            meta, body, ignored = front_matter(text)
            paras = paragraphs(markdown_blocks(body))
        else:
            meta, paras = {}, paragraphs(text_blocks(text))
        if not paras:
            raise _skipped(file, "empty file")
    text, spans, sentences = _mark(paras)
    entry = catalog.entry(file)
    return ParsedDocument(
        id=file.id,
        path=file.path,
        title=entry.get("title") or meta.get("title") or derive_title(text, sentences),
        source=entry.get("source") or meta.get("source", ""),
        place=entry.get("place") or meta.get("place", ""),
        date=entry.get("date") or meta.get("date", ""),
        text=text,
        paragraphs=tuple(spans),
        sentences=tuple(sentences),
        words=len(WORD.findall(text)),
        digest=digest,
        warnings=(f"{_label(file.name)}: {ignored}",) if ignored else (),
    )


def _mark(paras: list[Para]) -> tuple[str, list[tuple[int, int]], list[SentenceSpan]]:
    """The text shown, its paragraph spans and its sentences, marked heading or boilerplate."""
    text, spans = layout(paras)
    headings = [is_heading(p) for p in paras]
    uses_blank_lines = len({p.block for p in paras}) > 1
    captions = [
        headings[i]
        and not p.md_heading
        and is_caption(p, paras[i + 1] if i + 1 < len(paras) else None, uses_blank_lines)
        for i, p in enumerate(paras)
    ]
    sentences: list[list[tuple[int, int]]] = []
    for p, (start, _end) in zip(paras, spans, strict=True):
        if p.pre:
            local = [(0, len(p.text))]
        else:
            local = [(a + p.marker, b + p.marker) for a, b in split_sentences(p.text[p.marker :])]
        sentences.append([(start + a, start + b) for a, b in local])
    boiler = mark_boilerplate(paras, sentences, text, captions)

    marked: list[SentenceSpan] = []
    for index, para_sentences in enumerate(sentences):
        heading = headings[index] and not captions[index]
        for (start, end), boilerplate in zip(para_sentences, boiler[index], strict=True):
            marked.append(SentenceSpan(start, end, index, boilerplate, heading))
    return text, spans, marked
