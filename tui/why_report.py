"""Why a sentence carries its facets and cues, for people and scripts: the words that matched and
the line of the topics file each was matched by (the reader's `w` screen and
`kread show DOC --why N`). Document text and queries go into Text, never markup."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from rich.color import ColorParseError
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.style import Style
from rich.text import Text

from kread.index.document import Document
from kread.index.explanations import FacetReason, MarkExplanation, QueryLine
from kread.index.facets.models import Cue
from kread.index.models import Facet
from kread.tui.render import FACET_WORD_STYLE, cue_style, facet_style
from kread.tui.wrap import sanitise

# A query line longer than this is cut around the matched words: the benefits query
# alone runs to forty lines.
QUERY_CHARS = 150
_SPACES = re.compile(r"\s+")
# The terms of a query as written: a "phrase" (with its ~N), or a run without spaces,
# brackets or quotes.
_QUERY_TERM = re.compile(r'"[^"]*"(?:~\d+)?|[^\s()"]+')


def why_text(
    why: MarkExplanation,
    doc: Document,
    facets: Mapping[str, Facet],
    footer: str = "",
    cues: Mapping[str, Cue] | None = None,
) -> Group:
    """The explanation as Rich renderables: the sentence with its matched words in each
    facet's colour, then each facet, and each claim cue, with its matching lines and their
    words."""
    return _Report(why, doc, facets, cues or {}).render(footer)


class _Report:
    def __init__(
        self,
        why: MarkExplanation,
        doc: Document,
        facets: Mapping[str, Facet],
        cues: Mapping[str, Cue],
    ) -> None:
        self.explanation, self.doc, self.facets, self.cues = why, doc, facets, cues

    def render(self, footer: str) -> Group:
        why, doc = self.explanation, self.doc
        parts: list[RenderableType] = [
            Text(f"Why these marks · sentence {why.sentence + 1} of {len(doc.sentences)}", "bold"),
            Text(),
            self._sentence(why),
        ]
        if why.unmarked:
            parts += [Text(), Text(f"No facets. {why.unmarked}", "italic")]
        elif not why.facets:
            parts += [Text(), Text("No facets: no facet's query matches this sentence.", "italic")]
        for reason in why.facets:
            parts.append(Text())
            parts.extend(self._reason(reason))
        if why.cues:
            parts += [Text(), Text("Claim cues", "bold underline")]
        for reason in why.cues:
            parts.append(Text())
            parts.extend(self._reason(reason, cue=True))
        if footer:
            parts += [Text(), Text(footer, "dim")]
        return Group(*parts)

    def _sentence(self, why: MarkExplanation) -> Text:
        # One character for one, so the word offsets hold; its lines joined into one.
        text = Text(sanitise(self.doc.text[why.start : why.end]).replace("\n", " "))
        for reason in reversed(why.facets):  # the first facet's colour wins on a shared word
            if reason.reader == "removed":
                continue
            style = self._style(reason.facet) + FACET_WORD_STYLE
            for a, b in reason.words:
                text.stylize(style, a - why.start, b - why.start)
        return text

    def _reason(self, reason: FacetReason, cue: bool = False) -> list[RenderableType]:
        mark = (self.cues if cue else self.facets).get(reason.facet)
        style = self._style(reason.facet, cue)
        head = Text()
        if mark is not None:
            sign = mark.glyph if isinstance(mark, Cue) else mark.letter
            head.append(f"{sign} ", style + Style(bold=True))
        head.append(mark.label if mark else reason.facet, style + Style(bold=True))
        if reason.reader == "added":
            head.append(" · put on by you", "bold")
            if not reason.lines:
                note = Text("No line of the topics file matches it: the mark is yours.", "italic")
                return [head, Padding(note, (0, 0, 0, 2), expand=False)]
        elif reason.reader == "removed":
            head.append(" · kread's mark, taken off by you", "bold")
        if not reason.lines:
            note = Text(
                "No line of the topics file in force matches it now: the mark is from an "
                "earlier version of the file. `kread index` marks the sentences again.",
                "italic",
            )
            return [head, Padding(note, (0, 0, 0, 2), expand=False)]
        head.append(": ")
        head.append_text(self._words(reason.words, style))
        parts: list[RenderableType] = [head]
        for line in reason.lines:
            where = Text(f"{_file_name(line)} line {line.line}: ", "bold")
            where.append(query_excerpt(line.query, self._word_list(line.words)))
            matched = Text("matched ").append_text(self._words(line.words, style))
            parts += [
                Padding(where, (0, 0, 0, 2), expand=False),
                Padding(matched, (0, 0, 0, 4), expand=False),
            ]
        return parts

    def _word_list(self, spans: Sequence[tuple[int, int]]) -> list[str]:
        """The matched words as written, each once; words side by side with only a
        hyphen or a space between them (a phrase, "game-changer") as one."""
        joined: list[list[int]] = []
        for a, b in spans:
            if joined and 0 <= a - joined[-1][1] <= 1:
                joined[-1][1] = b
            else:
                joined.append([a, b])
        words: list[str] = []
        for a, b in joined:
            word = " ".join(sanitise(self.doc.text[a:b]).split())
            if word not in words:
                words.append(word)
        return words

    def _words(self, spans: Sequence[tuple[int, int]], style: Style) -> Text:
        words = self._word_list(spans)
        if not words:
            return Text("no words (the query matched by what the sentence lacks)", "italic")
        return Text(", ").join(Text(w, style + FACET_WORD_STYLE) for w in words)

    def _style(self, name: str, cue: bool = False) -> Style:
        try:
            if cue:
                found = self.cues.get(name)
                return cue_style(found) if found else Style()
            facet = self.facets.get(name)
            return facet_style(facet) if facet else Style()
        except ColorParseError:  # a bad colour in a user's file costs the colour, not the screen
            return Style()


def _file_name(line: QueryLine) -> str:
    """The topics file as the reader knows it: kread's own by name, a user's by its path."""
    if line.bundled:
        return "topics.yaml (kread's own)"
    path = Path(line.source)
    try:
        shown = f"~/{path.relative_to(Path.home())}"
    except ValueError:
        shown = str(path)
    return sanitise(shown)


def query_excerpt(query: str, words: Sequence[str]) -> str:
    """A query as written on one line; a long one cut to the part around the first term
    that names one of ``words`` (a word, a prefix* it starts with, a phrase with it)."""
    query = _SPACES.sub(" ", sanitise(query)).strip()
    if len(query) <= QUERY_CHARS:
        return query
    wanted = [w.lower() for w in words]
    at = 0
    for term in _QUERY_TERM.finditer(query):
        if _names_one(term.group().lower(), wanted):
            at = term.start()
            break
    start = max(0, at - QUERY_CHARS // 4)
    if start:
        start = query.find(" ", start) + 1 or start
    end = min(len(query), start + QUERY_CHARS)
    if end < len(query):
        end = query.rfind(" ", start, end) if query.rfind(" ", start, end) > at else end
    return ("… " if start else "") + query[start:end].strip() + (" …" if end < len(query) else "")


def _names_one(term: str, words: Sequence[str]) -> bool:
    if term.startswith('"'):
        phrase = term.split('"')[1]
        return any(w in phrase or w.replace("-", " ") in phrase for w in words)
    if term.endswith("*"):
        return any(w.startswith(term[:-1]) for w in words if term[:-1])
    return term.rstrip("~0123456789") in words
