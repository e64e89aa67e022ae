"""What a workbook file holds, and its JSON: corrections and notes on sentences, scores
and notes on articles. Reading is forgiving: an entry kread cannot read is kept exactly as
written (and written back so), and named once; the rest is read as usual."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from kread.index.models import ITEM_NAMES
from kread.index.workbook.anchors import Anchor

FORMAT = 1
HEADER = "the reader's own work on one corpus, kept by kread (edit with care: kread keeps a backup)"

ITEMS = ITEM_NAMES  # the appraisal items a score or note may name
SCORES = range(1, 6)

_LISTS = ("facets_added", "facets_removed", "cues_added", "cues_removed")


class Damaged(ValueError):
    """The file as a whole cannot be read (not JSON, not a workbook, a newer format)."""


@dataclass
class SentenceWork:
    """The reader's work on one sentence: marks put on or taken off, and a note."""

    anchor: Anchor
    facets_added: list[str] = field(default_factory=list)
    facets_removed: list[str] = field(default_factory=list)
    cues_added: list[str] = field(default_factory=list)
    cues_removed: list[str] = field(default_factory=list)
    note: str = ""
    changed: str = ""  # when, in UTC (ISO 8601)
    quoted: bool = False  # copied with its citation: one of the reader's quotes

    @property
    def empty(self) -> bool:
        return not (self.note or self.quoted or any(getattr(self, name) for name in _LISTS))

    @property
    def corrected(self) -> bool:
        return any(getattr(self, name) for name in _LISTS)


@dataclass
class ItemWork:
    """The reader's score (1-5, or None) and note on one appraisal item of an article, and
    their correction of kread's found / not found (None: kread's stands)."""

    score: int | None = None
    note: str = ""
    found: bool | None = None

    @property
    def empty(self) -> bool:
        return self.score is None and not self.note and self.found is None


@dataclass
class Contents:
    sentences: list[SentenceWork] = field(default_factory=list)
    articles: dict[str, dict[str, ItemWork]] = field(default_factory=dict)
    # Entries kread could not read, as written: kept, and written back as they were.
    kept_sentences: list[object] = field(default_factory=list)
    kept_articles: dict[str, dict[str, object]] = field(default_factory=dict)
    kept_whole: dict[str, object] = field(default_factory=dict)  # an article not an object
    problems: list[str] = field(default_factory=list)  # one per entry kept unread

    def of_document(self, doc_id: str) -> list[SentenceWork]:
        return [w for w in self.sentences if w.anchor.doc == doc_id]


def _strings(value: object) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError("a list of names was expected")
    return list(dict.fromkeys(value))


def _sentence(raw: object) -> SentenceWork:
    if not isinstance(raw, Mapping):
        raise ValueError("not an object")
    doc, text, start, end = (raw.get(k) for k in ("document", "text", "start", "end"))
    if not isinstance(doc, str) or not doc or not isinstance(text, str):
        raise ValueError('"document" and "text" must be strings')
    if not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in (start, end)):
        raise ValueError('"start" and "end" must be offsets (whole numbers)')
    note, changed = raw.get("note", ""), raw.get("changed", "")
    if not isinstance(note, str) or not isinstance(changed, str):
        raise ValueError('"note" must be text')
    quoted = raw.get("quoted", False)  # absent in workbooks written before quotes were kept
    if not isinstance(quoted, bool):
        raise ValueError('"quoted" must be true or false')
    lists = {name: _strings(raw.get(name, [])) for name in _LISTS}
    return SentenceWork(Anchor(doc, " ".join(text.split()), start, end), **lists, note=note,
                        changed=changed, quoted=quoted)  # fmt: skip


def _item(raw: object) -> ItemWork:
    if not isinstance(raw, Mapping):
        raise ValueError("not an object")
    score, note = raw.get("score"), raw.get("note", "")
    if score is not None and (isinstance(score, bool) or score not in SCORES):
        raise ValueError('"score" must be 1-5 or null')
    if not isinstance(note, str):
        raise ValueError('"note" must be text')
    found = raw.get("found")  # absent in workbooks written before items could be corrected
    if found is not None and not isinstance(found, bool):
        raise ValueError('"found" must be true, false or null')
    return ItemWork(score, note, found)


def from_json(data: object) -> Contents:
    """The contents of a parsed workbook file (`Damaged` if it is not one)."""
    if not isinstance(data, Mapping):
        raise Damaged("it is not a JSON object")
    version = data.get("format", FORMAT)
    if not isinstance(version, int) or version > FORMAT:
        raise Damaged(f"format {version!r} is newer than this kread reads ({FORMAT})")
    sentences, articles = data.get("sentences", []), data.get("articles", {})
    if not isinstance(sentences, list) or not isinstance(articles, Mapping):
        raise Damaged('"sentences" must be a list and "articles" an object')
    contents = Contents()
    kept = data.get("unreadable_articles", {})
    contents.kept_whole = dict(kept) if isinstance(kept, Mapping) else {"": kept}
    for number, raw in enumerate(sentences, 1):
        try:
            contents.sentences.append(_sentence(raw))
        except ValueError as error:
            contents.kept_sentences.append(raw)
            contents.problems.append(f"sentence entry {number}: {error}")
    for doc, items in articles.items():
        if not isinstance(items, Mapping):
            contents.kept_whole[doc] = items
            contents.problems.append(f"article {doc!r}: not an object")
            continue
        for name, raw in items.items():
            try:
                if name not in ITEMS:
                    raise ValueError("not an appraisal item kread knows")
                contents.articles.setdefault(doc, {})[name] = _item(raw)
            except ValueError as error:
                contents.kept_articles.setdefault(doc, {})[name] = raw
                contents.problems.append(f"article {doc!r} item {name!r}: {error}")
    return contents


def to_json(contents: Contents, corpus: str) -> dict:
    """The file's JSON: only what holds something, in a stable order a person can read."""
    sentences = []
    for work in sorted(contents.sentences, key=lambda w: (w.anchor.doc, w.anchor.start)):
        if work.empty:
            continue
        entry: dict = {
            "document": work.anchor.doc,
            "start": work.anchor.start,
            "end": work.anchor.end,
            "text": work.anchor.text,
        }
        entry.update({name: getattr(work, name) for name in _LISTS if getattr(work, name)})
        if work.note:
            entry["note"] = work.note
        if work.quoted:  # only then: older kread reads the file as before
            entry["quoted"] = True
        if work.changed:
            entry["changed"] = work.changed
        sentences.append(entry)
    sentences.extend(contents.kept_sentences)
    articles: dict[str, dict] = {}
    for doc in sorted(set(contents.articles) | set(contents.kept_articles)):
        items: dict[str, object] = {}
        for name in ITEMS:
            work = contents.articles.get(doc, {}).get(name)
            if work is not None and not work.empty:
                items[name] = {"score": work.score, "note": work.note}
                if work.found is not None:  # only then: older kread reads the file as before
                    items[name]["found"] = work.found
        items.update(contents.kept_articles.get(doc, {}))
        if items:
            articles[doc] = items
    data = {"kread": HEADER, "format": FORMAT, "corpus": corpus, "sentences": sentences,
            "articles": articles}  # fmt: skip
    if contents.kept_whole:
        data["unreadable_articles"] = contents.kept_whole
    return data
