"""Read a corpus folder's documents: text, metadata, sentences and boilerplate marks.

Knows nothing of Whoosh, facets or Textual. Every offset is a Python string index into
``ParsedDocument.text``, which is the sanitised text exactly as it will be shown.

This is the public face; the steps of reading live beside it: `scan` (which files are
documents), `catalog` (catalog.yaml), `file_bytes` (a file's bytes within the size limit),
`sanitize` (untrusted text made plain), `formats` (file text to metadata and blocks),
`segment` (paragraphs, sentences, headings, title) and `boilerplate` (which sentences are
not the article's own); `limits` (how large a file may be) and `safe_yaml` (front matter and
catalog.yaml as plain data only).
"""

from __future__ import annotations

import codecs
import hashlib
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from kread.index.errors import CorpusFileError
from kread.index.reading import limits
from kread.index.reading.boilerplate import mark_boilerplate
from kread.index.reading.catalog import CATALOG_FIELDS, CATALOG_NAME, Catalog, load_catalog
from kread.index.reading.file_bytes import Unreadable, file_label, read_limited
from kread.index.reading.formats import front_matter, html_article, markdown_blocks, text_blocks
from kread.index.reading.sanitize import sanitize
from kread.index.reading.scan import HTML_SUFFIXES, MARKDOWN_SUFFIXES, SUFFIXES, SourceFile, scan
from kread.index.reading.segment import (
    WORD,
    Para,
    SentenceSpan,
    derive_title,
    heads_its_block,
    is_caption,
    is_heading,
    layout,
    paragraphs,
    split_sentences,
)

__all__ = [
    "CATALOG_FIELDS",
    "CATALOG_NAME",
    "PARSER_VERSION",
    "SUFFIXES",
    "Catalog",
    "ParsedDocument",
    "SentenceSpan",
    "SourceFile",
    "file_digest",
    "load_catalog",
    "read_document",
    "sanitize",
    "scan",
]

# Part of every digest: bump it when reading or marking changes, so stored documents are re-read.
PARSER_VERSION = "4"

_SNIFF_BYTES = 8192  # how much of a file decides "binary"


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
    author: str = ""  # front matter's `author`


def _skipped(file: SourceFile, reason: str) -> CorpusFileError:
    return CorpusFileError(f"skipped {file_label(file.name)}: {reason}")


def _read_bytes(file: SourceFile, max_bytes: int | None = None) -> bytes:
    try:
        return read_limited(file.path, limits.max_file_bytes(max_bytes))
    except Unreadable as error:
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
        author=meta.get("author", ""),
        text=text,
        paragraphs=tuple(spans),
        sentences=tuple(sentences),
        words=len(WORD.findall(text)),
        digest=digest,
        warnings=(f"{file_label(file.name)}: {ignored}",) if ignored else (),
    )


def _mark(paras: list[Para]) -> tuple[str, list[tuple[int, int]], list[SentenceSpan]]:
    """The text shown, its paragraph spans and its sentences, marked heading or boilerplate."""
    text, spans = layout(paras)
    leads = [heads_its_block(paras, i) for i in range(len(paras))]
    headings = [lead or is_heading(p) for lead, p in zip(leads, paras, strict=True)]
    uses_blank_lines = len({p.block for p in paras}) > 1
    captions = [
        headings[i]
        and not p.md_heading
        and not leads[i]
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
