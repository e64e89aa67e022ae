"""Blocks of lines to paragraphs, sentences, headings, captions and a title, and the text shown."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kread.index.reading.formats import Block
from kread.index.reading.sanitize import one_line

_MAX_HEADING_WORDS = 14
# The longest sentence: longer runs of text without a full stop are cut (see `_add_span`).
MAX_SENTENCE_CHARS = 3000
_MAX_TITLE_WORDS = 15


# -- paragraphs ------------------------------------------------------------------------------

# A list item's marker: a bullet or a number ("1." "2)") then space.
_LIST_MARKER = re.compile(r"(?:[-*+\u2022\u25e6\u25aa\u2023\u2013]|\d{1,3}[.)])[ \t]+(?=\S)")
# A line that ends a sentence or clause: the next line starts a new paragraph.
_ENDS_CLAUSE = re.compile(r"[.!?:;\u2026][\"'\u201d\u2019)\]\u00bb]*$")


@dataclass
class Para:
    """A paragraph of a block, its lines joined, and how it is to be shown."""

    text: str  # without indent; a list item keeps its marker
    block: int
    lines: int = 1
    indent: str = ""
    marker: int = 0  # length of the list marker (and its spaces) at the start of text
    pre: bool = False
    md_heading: bool = False
    mode: str = "soft"  # its block's: lines, wrapped, soft (markdown) or pre
    row: bool = False  # a row of a table: never a heading


@dataclass(frozen=True)
class SentenceSpan:
    """A sentence as offsets into the document's text, with how it is to be treated."""

    start: int
    end: int
    paragraph: int  # index into ParsedDocument.paragraphs
    boilerplate: bool  # contact details, calls to action, page furniture, repeated text
    heading: bool  # a heading line: facets ignore it


def _joins(previous: str, line: str, block: Block) -> bool:
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


# A word broken at a line's end ("anaes-" then "thetic"), as text taken from a PDF has it.
_BROKEN_WORD = re.compile(r"(?<![\w-])([^\W\d_]{2,})-$")
_NEXT_WORD = re.compile(r"[^\W\d_]+")
_HYPHENATED = re.compile(r"(?<![\w-])[^\W\d_]+-[^\W\d_]+(?![\w-])")


def _hyphenated_words(blocks: list[Block]) -> frozenset[str]:
    """The hyphenated words the document writes within a line ("prescription-only")."""
    return frozenset(
        word.lower()
        for block in blocks
        if block.mode != "pre"
        for line in block.lines
        if "-" in line
        for word in _HYPHENATED.findall(line)
    )


def _mend(previous: str, line: str, hyphenated: frozenset[str]) -> str | None:
    """``previous`` and ``line`` as one word where a word was broken at the line's end: the
    hyphen dropped, unless the document writes the word with one elsewhere; else None."""
    if not previous.endswith("-") or not line[:1].islower():
        return None
    broken = _BROKEN_WORD.search(previous[-80:])
    if broken is None:
        return None
    rest = _NEXT_WORD.match(line)
    keep = rest is not None and f"{broken.group(1)}-{rest.group()}".lower() in hyphenated
    return previous if keep else previous[:-1]


def paragraphs(blocks: list[Block]) -> list[Para]:
    paras: list[Para] = []
    hyphenated = _hyphenated_words(blocks)
    for number, block in enumerate(blocks):
        if block.mode == "pre":
            code = "\n".join(block.lines).strip("\n")
            body = code.lstrip()
            if body:
                paras.append(
                    Para(
                        body.rstrip(),
                        number,
                        len(block.lines),
                        code[: len(code) - len(body)],
                        pre=True,
                    )
                )
            continue
        lines: list[list[str]] = []  # the stripped lines of each paragraph of the block
        counts: list[int] = []  # how many lines each paragraph has
        last = ""
        for line in block.lines:
            stripped = line.strip()
            if lines and _joins(last, line, block):
                if (mended := _mend(lines[-1][-1], stripped, hyphenated)) is not None:
                    lines[-1][-1] = mended + stripped
                else:
                    lines[-1].append(stripped)
                counts[-1] += 1
            else:
                lines.append([stripped])
                counts.append(1)
                marker = _LIST_MARKER.match(stripped)
                paras.append(
                    Para(
                        "",
                        number,
                        indent=line[: len(line) - len(line.lstrip())][:8] if marker else "",
                        marker=marker.end() if marker else 0,
                        md_heading=block.md_heading,
                        mode=block.mode,
                        row=block.row,
                    )
                )
            last = line
        own = paras[len(paras) - len(lines) :]
        for para, parts, count in zip(own, lines, counts, strict=True):
            para.text = " ".join(parts)
            para.lines = count
    return [p for p in paras if p.text[p.marker :].strip()]


def layout(paras: list[Para]) -> tuple[str, list[tuple[int, int]]]:
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


def split_sentences(text: str) -> list[tuple[int, int]]:
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
    # A "sentence" longer than MAX_SENTENCE_CHARS (a megabyte line with no full stop) is cut
    # at spaces into pieces of at most that: every later step costs by the sentence.
    while end - start > MAX_SENTENCE_CHARS:
        limit = start + MAX_SENTENCE_CHARS
        cut = max(text.rfind(" ", start + 1, limit), text.rfind("\n", start + 1, limit))
        if cut <= start + MAX_SENTENCE_CHARS // 2:
            cut = limit  # no space near the end: one very long word is cut where it must be
        _add_piece(spans, text, start, cut)
        start = cut
    _add_piece(spans, text, start, end)


def _add_piece(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if stripped:
        left = start + len(piece) - len(piece.lstrip())
        spans.append((left, left + len(stripped)))


# -- headings, captions, titles --------------------------------------------------------------

WORD = re.compile(r"[^\W_]+(?:['\u2019.-][^\W_]+)*")
_SMALL_WORDS = _wordset(
    "a an and as at but by for from in into nor of off on onto or over per the to up via vs with"
)


def _title_case(text: str) -> bool:
    """Most words other than small ones start with a capital, as in a headline."""
    words = [w for w in WORD.findall(text) if w[0].isalpha()]
    big = [w for w in words if w.lower() not in _SMALL_WORDS] or words
    return bool(big) and sum(w[0].isupper() for w in big) * 4 >= len(big) * 3


# A page's number as a line of its own, as text taken from a PDF has it: "Page 2 of 4".
PAGE_NUMBER = re.compile(r"(?i)(?:page\s+)?\d{1,4}\s*(?:of|/)\s*\d{1,4}|page\s+\d{1,4}")


def _final_mark(text: str) -> str:
    return text.rstrip("\"'\u201d\u2019)]\u00bb*").rstrip()[-1:]


def is_heading(para: Para) -> bool:
    """A single short line without final . ! (a title-case question counts), not a list item."""
    if para.md_heading:
        return True
    if para.pre or not _heading_shaped(para):
        return False
    mark = _final_mark(para.text)
    if mark == "?":
        return _title_case(para.text)  # "What Is Ketamine?"
    return mark not in {".", "!", "…"}


def _heading_shaped(para: Para) -> bool:
    """One short line, not a list item, a table row or a page's number, with no sentence
    ending inside it: what any heading is, whatever its final mark."""
    if para.marker or para.row or para.lines != 1:
        return False
    if PAGE_NUMBER.fullmatch(para.text.strip()):
        return False  # "Page 2 of 4": a page's foot, and the section runs on past it
    if not 1 <= len(WORD.findall(para.text)) <= _MAX_HEADING_WORDS:
        return False
    # "Side effects are common. They include:" is prose and a lead-in
    return not _SENTENCE_INSIDE.search(para.text)


# A sentence ending inside the line: a lower-case word, its stop, then a capital ("Dr. Lee"
# or "vs. Placebo" in a title end no sentence).
_SENTENCE_INSIDE = re.compile(r"\b[a-z]{3,}[.!?]\s+[A-Z]")


def heads_its_block(paras: list[Para], index: int) -> bool:
    """In text wrapped at a fixed width (a leaflet taken from a PDF), a short line that opens
    its block with the block's text straight under it: a heading, even as a question in
    sentence case ("What are the risks?"), and no caption unless it describes a picture."""
    para = paras[index]
    if para.mode != "wrapped" or not _heading_shaped(para):
        return False
    if index and paras[index - 1].block == para.block:
        return False
    if index + 1 >= len(paras) or paras[index + 1].block != para.block:
        return False
    if _DEPICTION.search(para.text):
        return False
    return _final_mark(para.text) not in {".", "!", "\u2026"}


# Alt text and captions describe a picture: a person doing something, or the picture itself.
_DEPICTION = re.compile(
    r"(?i)\b(?:photo|photograph|image|picture|illustration|stock|close-up|portrait|headshot|"
    r"logo|icon|banner|infographic|screenshot)\b"
    r"|(?<=\w )(?:holding|sitting|standing|smiling|wearing|looking|lying|walking|talking|"
    r"hugging|laughing|posing|sleeping|crying|shaking|embracing|comforting|reading|writing|"
    r"typing|receiving|pointing)\b"
)


def is_caption(para: Para, following: Para | None, uses_blank_lines: bool) -> bool:
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


def derive_title(text: str, sentences: list[SentenceSpan]) -> str:
    """The first line if it reads as a headline, else the first heading, else the first
    sentence shortened; page furniture and lead-ins ending ":" do not count."""
    content = [s for s in sentences if not s.boilerplate] or sentences

    def headline(span: SentenceSpan) -> bool:
        line = text[span.start : span.end]
        return (
            "\n" not in line
            # reST rules ("=====") and markup lines (":tocdepth: 2", ".. _label:") are no titles
            and not line.lstrip().startswith((":", ".."))
            and 0 < len(WORD.findall(line)) <= _MAX_TITLE_WORDS
            and _final_mark(line) not in {".", ":", "!", ",", ";"}
        )

    first = sentences[0]
    one_sentence = sum(s.paragraph == first.paragraph for s in sentences) == 1
    if not first.boilerplate and one_sentence and headline(first):
        return one_line(text[first.start : first.end])
    for span in content:
        if span.heading and headline(span):
            return one_line(text[span.start : span.end])
    words = one_line(text[content[0].start : content[0].end]).split()
    if len(words) <= 12:
        return " ".join(words).rstrip(".")
    return " ".join(words[:10]).rstrip(",;:") + "…"
