"""Query text kread cannot read as written, mended before parsing: unclosed quotes and
brackets, operators that join nothing, unknown or empty fields; each mend is said."""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import NamedTuple

OPERATORS = ("AND", "OR", "NOT", "ANDNOT", "ANDMAYBE")
# Operators that need a query on their left as well as on their right.
BINARY = ("AND", "OR", "ANDNOT", "ANDMAYBE")
# A ``field:`` written by the user (a letter first, so "10:30" is not one).
_FIELD = re.compile(r"(?<![\w:])([^\W\d_][\w]*):")
_PIECE = re.compile(r'"[^"]*"|\(|\)|[^\s()"]+')
# A word with more than one "~" after it ("ketamine~~", "ketamine~~2").
_TILDES = re.compile(r"^(?P<word>.*[^~])~{2,}(?P<edits>\d*(?:/\d+)?)$")


class Repaired(NamedTuple):
    """The query text to parse, and what was mended in it."""

    text: str
    # Why ``text`` differs from what was written, one short reason each.
    reasons: tuple[str, ...]


class _Piece:
    """A word, phrase or bracket of the query, where it was written."""

    __slots__ = ("end", "start", "text")

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text, self.start, self.end = text, start, end


def repair(text: str, fields: Collection[str]) -> Repaired:
    """``text`` mended so the parser reads it as the user most likely meant it; the
    reasons say what was changed. ``fields`` are those a query may name."""
    reasons: list[str] = []
    if text.count('"') % 2:
        text += '"'
        reasons.append('a " was not closed')
    pieces = [_Piece(m.group(), m.start(), m.end()) for m in _PIECE.finditer(text)]
    kept = _tildes(_known_fields(pieces, fields, reasons), reasons)
    kept, closing = _balanced(kept, reasons)
    kept = _joined(kept + closing, reasons)
    if not reasons:
        return Repaired(text, ())
    out, at = [], 0
    for piece in kept:
        if piece.start < 0:  # added: after everything written
            out.append(piece.text)
            continue
        between = text[at : piece.start]
        out.append(between if not between.strip() else " ")  # a left-out piece: a space
        out.append(piece.text)
        at = piece.end
    return Repaired(" ".join("".join(out).split()), tuple(reasons))


def _known_fields(
    pieces: list[_Piece], fields: Collection[str], reasons: list[str]
) -> list[_Piece]:
    out: list[_Piece] = []
    known = ", ".join(fields)
    for n, piece in enumerate(pieces):
        found = None if piece.text.startswith('"') else _FIELD.match(piece.text)
        if found is None:
            out.append(piece)
            continue
        name, value = found.group(1), piece.text[found.end() :]
        following = pieces[n + 1] if n + 1 < len(pieces) else None
        if name not in fields:
            reason = f'there is no field "{name}" (fields: {known})'
            if reason not in reasons:
                reasons.append(reason)
            if value:
                out.append(_Piece(value, piece.start, piece.end))
        elif not value and (
            following is None or following.text == ")" or following.start > piece.end
        ):
            reasons.append(f'"{name}:" had no value (write {name}:word)')
        else:
            out.append(piece)
    return out


def _tildes(pieces: list[_Piece], reasons: list[str]) -> list[_Piece]:
    """One "~" where several were written, and none standing alone: the parser would
    drop them without a word."""
    out: list[_Piece] = []
    for piece in pieces:
        many = _TILDES.match(piece.text)
        if many:
            meant = f"{many['word']}~{many['edits']}"
            reasons.append(
                f'"{piece.text}" had more than one ~ (one ~ after a word finds similar '
                "spellings; ~2 up to two letters off)"
            )
            out.append(_Piece(meant, piece.start, piece.end))
        elif piece.text.strip("~") == "":
            reason = '"~" stood alone: write it right after a word (ketamine~)'
            if reason not in reasons:
                reasons.append(reason)
        else:
            out.append(piece)
    return out


def _balanced(pieces: list[_Piece], reasons: list[str]) -> tuple[list[_Piece], list[_Piece]]:
    """The pieces without unopened ")", and the ")" that close what was left open."""
    out: list[_Piece] = []
    depth = 0
    for piece in pieces:
        if piece.text == ")" and depth == 0:
            reasons.append('a ")" had no "(" before it')
            continue
        depth += (piece.text == "(") - (piece.text == ")")
        out.append(piece)
    if depth:
        reasons.append('a "(" was not closed' if depth == 1 else f'{depth} "(" were not closed')
    return out, [_Piece(")", -1, -1) for _ in range(depth)]


def _joined(pieces: list[_Piece], reasons: list[str]) -> list[_Piece]:
    """Empty brackets and operators with nothing to join left out, until none is left."""
    changed = True
    while changed:
        changed = False
        for n, piece in enumerate(pieces):
            word = piece.text
            before = pieces[n - 1].text if n else "("
            after = pieces[n + 1].text if n + 1 < len(pieces) else ")"
            lonely = (
                (word == "(" and after == ")")
                or (word in OPERATORS and (after == ")" or after in BINARY))
                or (word in BINARY and (before == "(" or before in OPERATORS))
            )
            if not lonely:
                continue
            if word == "(":
                # One the repair closed says so already.
                reason = '"()" held nothing' if pieces[n + 1].start >= 0 else ""
                del pieces[n : n + 2]
            else:
                del pieces[n]
                reason = f'"{word}" had nothing to join'
            if reason and reason not in reasons:
                reasons.append(reason)
            changed = True
            break
    return pieces
