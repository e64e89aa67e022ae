"""`Workbook`: the reader's work on one corpus as the library asks for it and changes it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from kread.index.document import Document
from kread.index.errors import KreadError
from kread.index.workbook.anchors import anchor_of, attach_all
from kread.index.workbook.apply import apply
from kread.index.workbook.contents import ITEMS, SCORES, Contents, ItemWork, SentenceWork
from kread.index.workbook.file import WorkbookFile

# A note is the reader's text, not a document: long enough for a paragraph of thought.
MAX_NOTE_CHARS = 10_000


class Workbook:
    def __init__(self, path: Path, corpus: str) -> None:
        self.file = WorkbookFile(path, corpus)

    @property
    def path(self) -> Path:
        return self.file.path

    @property
    def warning(self) -> str | None:
        """One line when the file could not be read in full, else None."""
        self.file.contents()
        return self.file.warning

    @property
    def generation(self) -> int:
        self.file.contents()
        return self.file.generation

    def on_document(self, doc_id: str) -> list[SentenceWork]:
        return self.file.contents().of_document(doc_id)

    def applied(self, doc: Document, facet_order: Sequence[str]) -> Document:
        """``doc`` as kread marked it, with the reader's corrections and notes on it."""
        return apply(doc, self.on_document(doc.id), facet_order)

    # -- sentences -----------------------------------------------------------
    def set_mark(self, doc: Document, index: int, name: str, on: bool, cue: bool = False) -> None:
        """Whether sentence ``index`` of ``doc`` (as kread marked it) carries facet (or,
        with ``cue``, cue) ``name``, in the reader's judgement."""
        sentence = _sentence(doc, index)
        kreads = sentence.cues if cue else sentence.facets
        added, removed = (
            ("cues_added", "cues_removed") if cue else ("facets_added", "facets_removed")
        )

        def change(work: SentenceWork) -> None:
            put_on, took_off = getattr(work, added), getattr(work, removed)
            for names in (put_on, took_off):
                if name in names:
                    names.remove(name)
            if on and name not in kreads:
                put_on.append(name)
            elif not on and name in kreads:
                took_off.append(name)

        self._change_sentence(doc, index, change)

    def set_sentence_note(self, doc: Document, index: int, text: str) -> None:
        """The reader's note on sentence ``index`` of ``doc``; empty text removes it."""
        note = _note(text)

        def change(work: SentenceWork) -> None:
            work.note = note

        self._change_sentence(doc, index, change)

    def quoted_documents(self) -> set[str]:
        """The ids of the documents with a sentence the reader quoted."""
        return {w.anchor.doc for w in self.file.contents().sentences if w.quoted}

    def set_quoted(self, doc: Document, indexes: Sequence[int], quoted: bool) -> None:
        """Whether sentences ``indexes`` of ``doc`` are among the reader's quotes (one
        save for them all)."""

        def change(work: SentenceWork) -> None:
            work.quoted = quoted

        self._change_sentences(doc, indexes, change)

    def _change_sentence(self, doc: Document, index: int, change) -> None:
        self._change_sentences(doc, [index], change)

    def _change_sentences(self, doc: Document, indexes: Sequence[int], change) -> None:
        sentences = {index: _sentence(doc, index) for index in indexes}

        def update(contents: Contents) -> None:
            on_document = contents.of_document(doc.id)
            found = attach_all([w.anchor for w in on_document], doc.text, doc.sentences)
            for index, sentence in sentences.items():
                mine = [w for w, at in zip(on_document, found, strict=True) if at == index]
                anchor = anchor_of(doc.id, doc.text, sentence)
                work = mine[0] if mine else SentenceWork(anchor)
                for other in mine[1:]:  # work that now lands on one sentence becomes one entry
                    for name in ("facets_added", "facets_removed", "cues_added", "cues_removed"):
                        getattr(work, name).extend(getattr(other, name))
                    work.note = "\n".join(n for n in (work.note, other.note) if n)
                    work.quoted = work.quoted or other.quoted
                    contents.sentences.remove(other)
                work.anchor = anchor  # where the sentence is now
                change(work)
                work.changed = _now()
                if not mine:
                    contents.sentences.append(work)
                elif work.empty:
                    contents.sentences.remove(work)

        self.file.update(update)

    # -- articles ------------------------------------------------------------
    def items(self, doc_id: str) -> dict[str, ItemWork]:
        """The reader's score and note on each appraisal item of a document they rated or
        wrote on."""
        return dict(self.file.contents().articles.get(doc_id, {}))

    def set_score(self, doc_id: str, item: str, score: int | None) -> None:
        _item(item)
        if score is not None and (isinstance(score, bool) or score not in SCORES):
            raise KreadError(f"a score is 1 to 5 (or none), not {score!r}")

        def change(work: ItemWork) -> None:
            work.score = score

        self._change_item(doc_id, item, change)

    def set_item_note(self, doc_id: str, item: str, text: str) -> None:
        _item(item)
        note = _note(text)

        def change(work: ItemWork) -> None:
            work.note = note

        self._change_item(doc_id, item, change)

    def set_found(self, doc_id: str, item: str, found: bool | None) -> None:
        """The reader's answer to an item, found or not, over kread's (None: kread's)."""
        _item(item)

        def change(work: ItemWork) -> None:
            work.found = found

        self._change_item(doc_id, item, change)

    def _change_item(self, doc_id: str, item: str, change) -> None:
        def update(contents: Contents) -> None:
            items = contents.articles.setdefault(doc_id, {})
            work = items.setdefault(item, ItemWork())
            change(work)
            if work.empty:
                del items[item]
            if not items:
                del contents.articles[doc_id]

        self.file.update(update)


def _sentence(doc: Document, index: int):
    if not 0 <= index < len(doc.sentences):
        raise KreadError(f"{doc.id} has no sentence {index} (it has {len(doc.sentences)})")
    return doc.sentences[index]


def _item(item: str) -> None:
    if item not in ITEMS:
        raise KreadError(f"no appraisal item {item!r}; the items are {', '.join(ITEMS)}")


def _note(text: str) -> str:
    note = text.strip()
    if len(note) > MAX_NOTE_CHARS:
        raise KreadError(f"a note holds at most {MAX_NOTE_CHARS} characters")
    return note


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
