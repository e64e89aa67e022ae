"""File text to metadata and blocks of lines: Markdown, HTML pages and plain text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Literal

import yaml

from kread.index.reading import safe_yaml
from kread.index.reading.sanitize import one_line

if TYPE_CHECKING:  # lxml is imported only when a page is read
    from lxml.html import HtmlElement

_Mode = Literal["lines", "wrapped", "soft", "pre"]


@dataclass
class Block:
    """Lines between blank lines, and how their line breaks are to be read."""

    lines: list[str]
    mode: _Mode  # lines: a break ends a paragraph unless it is a hard wrap;
    # wrapped: text wrapped at a fixed width; soft: markdown; pre: kept as is
    width: int = 0
    md_heading: bool = False
    row: bool = False  # a row of a table


# -- markdown front matter -------------------------------------------------------------------

# Front matter larger than this is not read (its YAML would cost seconds per megabyte).
FRONT_MATTER_MAX_CHARS = 64 * 1024
_FRONT_MATTER_END = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
# The first line of a block that means to be front matter: "title: ...".
_FRONT_MATTER_KEY = re.compile(r"[A-Za-z_][\w -]{0,80}:(?:[ \t]|$)", re.MULTILINE)
# Front matter keys for each field, first found wins.
_META_KEYS = {
    "title": ("title",),
    "source": ("source", "publisher", "site", "site_name", "author"),
    "place": ("place", "location"),
    "date": ("date",),
    "author": ("author", "authors", "byline"),
}
# Scalars that say "no value" rather than give one.
_NO_VALUE = frozenset({"tag:yaml.org,2002:null", "tag:yaml.org,2002:bool"})


def _meta_value(node: yaml.Node) -> str:
    """A field's text as written: a scalar, or a list of scalars joined (nothing nested:
    aliased lists are never expanded)."""
    if isinstance(node, yaml.ScalarNode):
        return "" if node.tag in _NO_VALUE else one_line(node.value)[:300]
    if isinstance(node, yaml.SequenceNode):
        items = (_meta_value(item) for item in node.value if isinstance(item, yaml.ScalarNode))
        return ", ".join(item for item in items if item)[:300]
    return ""


def front_matter(text: str) -> tuple[dict[str, str], str, str | None]:
    """YAML front matter between ``---`` lines: its metadata, the body after it, and why it
    was not read (None when it was, or when there is none).

    Front matter that cannot be read (bad YAML, a tag beyond plain YAML's, an alias bomb,
    more than `FRONT_MATTER_MAX_CHARS`) is ignored and the body kept. A block that is no
    mapping is not front matter (a rule, some text, a rule): the whole text is kept."""
    if not text.startswith("---\n"):
        return {}, text, None
    end = _FRONT_MATTER_END.search(text, 4)
    if end is None:
        if _FRONT_MATTER_KEY.match(text, 4):
            return {}, text, "its front matter has no closing '---' line; it is read as text"
        return {}, text, None
    block, body = text[4 : end.start()], text[end.end() :]
    if len(block) > FRONT_MATTER_MAX_CHARS:
        if not _FRONT_MATTER_KEY.match(block):
            return {}, text, None
        limit = FRONT_MATTER_MAX_CHARS // 1024
        return {}, body, f"front matter larger than {limit} KiB ignored; shorten it"
    try:
        node = safe_yaml.compose(block)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 2 if mark else 2  # the block starts on the file's second line
        problem = one_line(error.problem or error.context or "invalid YAML")
        return {}, body, f"front matter ignored: line {line}: {problem}"
    except yaml.YAMLError as error:
        return {}, body, f"front matter ignored: {one_line(error)}"
    if not isinstance(node, yaml.MappingNode):
        return {}, text, None
    fields = {k.value: v for k, v in node.value if isinstance(k, yaml.ScalarNode)}
    meta = {}
    for name, keys in _META_KEYS.items():
        for key in keys:
            value = _meta_value(fields[key]) if key in fields else ""
            if value:
                meta[name] = value
                break
    return meta, body, None


# -- html ------------------------------------------------------------------------------------


def html_article(html: str) -> tuple[dict[str, str], str, str | None]:
    """The article text of a page and its title, site name and date (trafilatura); the body's
    text (lxml) when trafilatura finds no article; and a note when the page could only be
    read as plain text (None when it was read as a page)."""
    root, whole = _html_root(html)
    meta: dict[str, str] = {}
    body = ""
    if whole:
        meta, body = _trafilatura_article(html)
    if root is None:
        return meta, body, None
    # The page's own title beats trafilatura's guess, which can be any early heading
    # (a "Keyboard shortcuts" pop-up, say).
    title, site = _html_declared_title(root)
    if title:
        meta["title"] = title
    if site and "source" not in meta:
        meta["source"] = site
    if not whole:
        # libxml2 stops at 256 levels of nesting: a tree holds only the start of the page.
        return meta, _html_stream_text(html), HTML_TOO_DEEP
    if not body.strip():
        body = _html_body_text(root)
    return meta, body, None


def _trafilatura_article(html: str) -> tuple[dict[str, str], str]:
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
        return {}, ""
    if result is None:
        return {}, ""
    meta = {}
    found = (("title", result.title), ("source", result.sitename), ("date", result.date))
    for name, value in found:
        if value:
            meta[name] = one_line(value)[:300]
    return meta, result.text or ""


HTML_TOO_DEEP = (
    "its HTML is nested too deeply to read as a page; read as plain text, "
    "menus and footers included"
)


def _html_root(html: str) -> tuple[HtmlElement | None, bool]:
    """The page parsed once by lxml, for its declared title and the fallback text, and
    whether the parse reached the end (a fatal error, such as nesting past libxml2's limit,
    stops it where it is)."""
    import lxml.etree
    import lxml.html

    try:
        # Bytes with an explicit encoding: lxml refuses str input that declares one.
        parser = lxml.html.HTMLParser(encoding="utf-8")
        root = lxml.html.document_fromstring(html.encode("utf-8"), parser=parser)
    except (lxml.etree.ParserError, ValueError):
        return None, True
    fatal = lxml.etree.ErrorLevels.FATAL
    return root, not any(error.level == fatal for error in parser.error_log)


# "Article - Site", "Article | Site", "Article — Site": the site is the shorter last part.
_TITLE_SITE_SEPARATOR = re.compile(r"\s+[-|\u2013\u2014]\s+(?=[^-|\u2013\u2014]+$)")


def _html_declared_title(root: HtmlElement) -> tuple[str, str]:
    """(title, site) as the page declares them: og:title, else <title> split at a site suffix."""
    og = root.xpath('string(//meta[@property="og:title"]/@content)')
    site = root.xpath('string(//meta[@property="og:site_name"]/@content)')
    if og.strip():
        return one_line(og)[:300], one_line(site)[:300]
    title = one_line(root.xpath("string(//title)"))
    parts = _TITLE_SITE_SEPARATOR.split(title, maxsplit=1)
    if len(parts) == 2 and len(parts[1]) < len(parts[0]) + 20:
        return parts[0][:300], (site or parts[1])[:300]
    return title[:300], one_line(site)[:300]


# Elements whose content starts on a new line in the fallback text.
_HTML_BLOCKS = (
    "p", "div", "section", "article", "header", "footer", "main", "aside", "nav", "li", "ul",
    "ol", "h1", "h2", "h3", "h4", "h5", "h6", "br", "tr", "table", "blockquote", "pre",
    "figure", "figcaption", "dd", "dt",
)  # fmt: skip


def _html_body_text(root: HtmlElement) -> str:
    """The visible text of the page's body, a line per block element."""
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


class _TextOfPage(HTMLParser):
    """The visible text of a page from the tokens alone, with no tree: any nesting is fine."""

    HIDDEN = frozenset({"script", "style", "noscript", "template", "head", "title"})
    BLOCKS = frozenset(_HTML_BLOCKS)

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "body":
            self.hidden = 0  # a <head> never closed
        elif tag in self.HIDDEN:
            self.hidden += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def _html_stream_text(html: str) -> str:
    """The page's visible text, a line per block element, read without building a tree."""
    reader = _TextOfPage()
    reader.feed(html)
    reader.close()
    lines = (" ".join(line.split()) for line in "".join(reader.parts).split("\n"))
    return "\n".join(line for line in lines if line)


# -- markdown body ---------------------------------------------------------------------------

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
# A paragraph that is one bold line asking a question ("**What does CPAP do?**"): a FAQ's
# heading. Short, so a reader's bold letter of several sentences stays prose.
_MD_BOLD_QUESTION = re.compile(r"^\s{0,3}(\*\*|__)(?=\S)([^*_]{1,120}\?)\1\s*$")
_MD_BOLD_QUESTION_WORDS = 14


def _md_inline(line: str) -> str:
    line = _MD_ESCAPE.sub(lambda m: chr(0xF0000 + ord(m.group(1))), line)
    for pattern, replacement in _MD_INLINE:
        line = pattern.sub(replacement, line)
    return _MD_ESCAPED.sub(lambda m: chr(ord(m.group()) - 0xF0000), line)


# A table's delimiter row under its header: "| --- | :---: |" or "--- | ---".
_MD_TABLE_DELIMITER = re.compile(r"^\s{0,3}\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_MD_TABLE_CELL_BREAK = re.compile(r"(?<!\\)\|")


def _md_table_rows(lines: list[str]) -> dict[int, bool]:
    """The lines of tables, each a row (True) or a delimiter row to drop (False): a header
    row, the delimiter row under it, and the lines with a pipe after that."""
    rows: dict[int, bool] = {}
    index = 1
    while index < len(lines):
        header = lines[index - 1]
        delimiter = lines[index]
        # a pipe in both: "text\n---" alone is a heading, as Markdown reads it
        if "|" in header and "|" in delimiter and _MD_TABLE_DELIMITER.match(delimiter):
            rows[index - 1], rows[index] = True, False
            index += 1
            while index < len(lines) and "|" in lines[index] and lines[index].strip():
                rows[index] = True
                index += 1
            continue
        index += 1
    return rows


def _md_table_row(line: str) -> str:
    """A table row as one line: its cells between " | ", the outer pipes gone."""
    cells = _MD_TABLE_CELL_BREAK.split(line.strip().strip("|"))
    return " | ".join(cell for cell in (_md_inline(c.strip()) for c in cells) if cell)


def markdown_blocks(body: str) -> list[Block]:
    blocks: list[Block] = []
    current: list[str] = []
    fence: str | None = None
    code: list[str] = []

    raw: list[str] = []  # the current paragraph's lines as written

    def flush() -> None:
        if current:
            question = len(raw) == 1 and _MD_BOLD_QUESTION.match(raw[0]) is not None
            if question and len(current[0].split()) > _MD_BOLD_QUESTION_WORDS:
                question = False
            blocks.append(Block(current.copy(), "soft", md_heading=question))
            current.clear()
        raw.clear()

    lines = body.split("\n")
    table = _md_table_rows(lines) if "|" in body else {}
    for number, line in enumerate(lines):
        if fence is None and number in table:
            # Each row its own paragraph, never a heading; the delimiter row is gone.
            flush()
            if table[number] and (row := _md_table_row(line)):
                blocks.append(Block([row], "soft", row=True))
            continue
        if fence is not None:
            if line.strip().startswith(fence):
                fence = None
                if any(c.strip() for c in code):
                    blocks.append(Block(code.copy(), "pre"))
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
            blocks.append(Block([_md_inline(title.strip())], "soft", md_heading=True))
            continue
        if _MD_RULE.match(line) or _MD_LINK_DEFINITION.match(line):
            flush()
            continue
        if match := _MD_HEADING.match(line):
            flush()
            if heading := _md_inline(match.group(1) or "").strip():
                blocks.append(Block([heading], "soft", md_heading=True))
            continue
        raw.append(line)
        line = _md_inline(_MD_BULLET.sub(r"\1-\2", _MD_QUOTE.sub("", line)))
        if line.strip():  # a line of only an image is gone
            current.append(line)
    flush()
    if fence is not None and any(c.strip() for c in code):
        blocks.append(Block(code, "pre"))
    return blocks


# -- plain text ------------------------------------------------------------------------------


def text_blocks(text: str, mode: _Mode | None = None) -> list[Block]:
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
    blocks: list[Block] = []
    current: list[str] = []
    for line in [*lines, ""]:
        if line.strip():
            current.append(line)
        elif current:
            blocks.append(Block(current, mode, width))
            current = []
    return blocks
