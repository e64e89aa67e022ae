"""File text to metadata and blocks of lines: Markdown, HTML pages and plain text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import yaml

from index.sanitize import one_line

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


# -- markdown front matter -------------------------------------------------------------------

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
    return one_line(value)[:300]


def front_matter(text: str) -> tuple[dict[str, str], str]:
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


# -- html ------------------------------------------------------------------------------------


def html_article(html: str) -> tuple[dict[str, str], str]:
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
                meta[name] = one_line(value)[:300]
    # The page's own title beats trafilatura's guess, which can be any early heading
    # (a "Keyboard shortcuts" pop-up, say).
    root = _html_root(html)
    if root is None:
        return meta, body
    title, site = _html_declared_title(root)
    if title:
        meta["title"] = title
    if site and "source" not in meta:
        meta["source"] = site
    if not body.strip():
        body = _html_body_text(root)
    return meta, body


def _html_root(html: str) -> HtmlElement | None:
    """The page parsed once by lxml, for its declared title and the fallback text."""
    import lxml.etree
    import lxml.html

    try:
        # Bytes with an explicit encoding: lxml refuses str input that declares one.
        parser = lxml.html.HTMLParser(encoding="utf-8")
        return lxml.html.document_fromstring(html.encode("utf-8"), parser=parser)
    except (lxml.etree.ParserError, ValueError):
        return None


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


def _md_inline(line: str) -> str:
    line = _MD_ESCAPE.sub(lambda m: chr(0xF0000 + ord(m.group(1))), line)
    for pattern, replacement in _MD_INLINE:
        line = pattern.sub(replacement, line)
    return _MD_ESCAPED.sub(lambda m: chr(ord(m.group()) - 0xF0000), line)


def markdown_blocks(body: str) -> list[Block]:
    blocks: list[Block] = []
    current: list[str] = []
    fence: str | None = None
    code: list[str] = []

    def flush() -> None:
        if current:
            blocks.append(Block(current.copy(), "soft"))
            current.clear()

    for line in body.split("\n"):
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
