"""Untrusted text made safe and plain to show: no escape sequences, controls or invisibles."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

# Terminal escape sequences: CSI (ESC [ ... final byte: colours, cursor moves), OSC/DCS/SOS/PM/APC
# strings (ESC ] P X ^ _ ... ended by BEL or ST: hyperlinks, window titles, clipboard writes),
# other two-byte ESC sequences, and complete 8-bit CSI sequences. An unterminated string runs to
# the end of its line.
_ESCAPE_SEQUENCE = (
    r"\x1b\[[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?"
    r"|\x9b[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]"
    r"|\x1b[\]PX^_][^\x07\x1b\n]*(?:\x07|\x1b\\)?"
    r"|\x1b[\x20-\x2f]*[\x30-\x7e]?"
)
# C0 and C1 controls and DEL, except newline and tab.
_CONTROL = r"[\x00-\x08\x0b-\x1f\x7f-\x9f]"
# Invisible characters that reorder or hide text: bidi embeddings, overrides and isolates,
# zero-width characters and BOMs, soft hyphens (they split words for search), tag characters.
_INVISIBLE = "[\u00ad\u200b-\u200d\u2060\ufeff\u202a-\u202e\u2066-\u2069\U000e0000-\U000e007f]"
# No-break and other fixed-width spaces become plain spaces.
_SPACES = "[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]"
_TRAILING_SPACE = r"(?m)[ \t]+$"


@cache
def _pattern(source: str) -> re.Pattern[str]:
    """``source`` compiled when first needed: compiling them all at import cost every
    command a few milliseconds, and most commands need only some."""
    return re.compile(source)


def sanitize(text: str) -> str:
    """Untrusted text made safe and plain: LF line ends, NFC, no escape sequences, no control,
    bidi-override or zero-width characters, tabs and no-break spaces as spaces, no trailing
    spaces on lines. ``[`` and ``]`` are kept: the text is never used as markup."""
    if text.isascii() and text.isprintable():
        # No line break, control, escape, tab or invisible to take out (a query, a title).
        return text.rstrip(" ")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _pattern(_ESCAPE_SEQUENCE).sub("", text)
    for old, new in (("\f", "\n"), ("\v", "\n"), ("\u2028", "\n"), ("\u2029", "\n\n")):
        text = text.replace(old, new)
    text = _pattern(_INVISIBLE).sub("", _pattern(_CONTROL).sub("", text))
    text = _pattern(_SPACES).sub(" ", text).expandtabs(4)
    text = unicodedata.normalize("NFC", text)
    return _pattern(_TRAILING_SPACE).sub("", text)


def one_line(value: object) -> str:
    """Metadata text: sanitised, on one line, spaces collapsed."""
    return " ".join(sanitize(str(value)).split())


# What a terminal would act on or hide: DEL and C1 controls, the invisible characters above,
# bidi marks, line separators, and the lone surrogates that stand for the bytes of a file name
# that is not UTF-8.
_UNSHOWN = (
    "\x7f-\x9f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060\u2066-\u2069"
    "\ufeff\ud800-\udfff\U000e0000-\U000e007f"
)


def unsafe_in_name() -> re.Pattern[str]:
    """What is not in a name as shown: those, C0 controls, newline and tab."""
    return _pattern(f"[\x00-\x1f{_UNSHOWN}]")


def unsafe_in_json() -> re.Pattern[str]:
    """What is not raw in JSON output (`json` escapes C0 itself)."""
    return _pattern(f"[{_UNSHOWN}]")


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def safe_name(name: str) -> str:
    """A file name made safe to show and type, and still distinct: every control, invisible
    or undecodable character written as a visible escape (ESC as ``\\x1b``, U+202E as
    ``\\u202e``)."""
    return unsafe_in_name().sub(_escaped, name)
