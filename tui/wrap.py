"""Word wrapping of plain text to a width in cells, as offsets into the text.

Shared by the reader and the document list: both draw only the rows on screen
(Textual's Line API), so they wrap text themselves and keep offsets, not copies.
"""

from __future__ import annotations

import re

from rich.cells import cell_len, chop_cells

# Characters that take exactly one cell (rich's `cell_len` agrees: see the tests). A
# hard line made only of these can be wrapped by counting characters, which is much
# faster than measuring.
NARROW_RANGES = ((0x20, 0x7E), (0xA0, 0x2FF), (0x370, 0x482), (0x2010, 0x2027), (0x2030, 0x205E))
_is_narrow = re.compile(
    "[" + "".join(f"{re.escape(chr(lo))}-{re.escape(chr(hi))}" for lo, hi in NARROW_RANGES) + "]*"
).fullmatch
_WORD = re.compile(r"[^ ]+")
# Text is sanitised at ingest; this is a second fence, one character for one so
# that offsets still hold. Tabs become spaces because cell widths ignore them.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def sanitise(text: str) -> str:
    """The text with tabs as spaces and other control characters (bar newline)
    as U+FFFD, keeping every offset."""
    text = text.replace("\t", " ")
    return _CONTROL.sub("\ufffd", text) if _CONTROL.search(text) else text


def wrap_offsets(text: str, start: int, end: int, width: int) -> list[tuple[int, int]]:
    """Word-wrap ``text[start:end]`` to ``width`` cells, as (start, end) offsets.

    Breaks at spaces (dropped at the break) and at newlines; a word wider than
    the width is folded. Every row is at most ``width`` cells, except a single
    double-width character on a one-cell width.
    """
    width = max(1, width)
    out: list[tuple[int, int]] = []
    lo = start
    while True:
        newline = text.find("\n", lo, end)
        hi = end if newline == -1 else newline
        if _is_narrow(text[lo:hi]):
            _wrap_narrow(text, lo, hi, width, out)
        else:
            _wrap_measured(text, lo, hi, width, out)
        if newline == -1:
            return out
        lo = newline + 1


def _rstrip(text: str, lo: int, hi: int) -> int:
    while hi > lo and text[hi - 1] == " ":
        hi -= 1
    return hi


def _wrap_narrow(text: str, lo: int, hi: int, width: int, out: list[tuple[int, int]]) -> None:
    """Greedy wrap of one hard line whose characters are all one cell wide."""
    pos = lo
    emitted = False
    while hi - pos > width:
        first = pos
        while first < hi and text[first] == " ":
            first += 1  # never break inside the indentation
        cut = text.rfind(" ", first + 1, pos + width + 1)
        if cut == -1:
            out.append((pos, pos + width))  # a word longer than the row: fold it
            pos += width
        else:
            out.append((pos, _rstrip(text, pos, cut)))
            pos = cut + 1
            while pos < hi and text[pos] == " ":
                pos += 1
        emitted = True
    if pos < hi or not emitted:
        out.append((pos, _rstrip(text, pos, hi)))


def _wrap_measured(text: str, lo: int, hi: int, width: int, out: list[tuple[int, int]]) -> None:
    """Greedy wrap of one hard line, measuring words in cells (wide characters)."""
    start, used, end = lo, 0, -1  # end == -1: nothing on the current row yet
    emitted = False
    for word in _WORD.finditer(text, lo, hi):
        ws, we = word.span()
        word_cells = cell_len(word.group())
        if end != -1:
            if used + (ws - end) + word_cells <= width:  # the gap is spaces: one cell each
                used += ws - end + word_cells
                end = we
                continue
            out.append((start, end))
            emitted = True
            start, used = ws, 0
        cells = cell_len(text[start:ws]) + word_cells  # the first row keeps its indent
        if cells <= width:
            used, end = cells, we
            continue
        pieces = chop_cells(text[start:we], width)
        for piece in pieces[:-1]:
            out.append((start, start + len(piece)))
            start += len(piece)
        emitted = True
        used, end = cell_len(pieces[-1]), we
    if end != -1:
        out.append((start, end))
    elif not emitted:
        out.append((lo, lo))
