"""The corpus as a REFI-QDA project (`.qdpx`), for QualCoder, NVivo, ATLAS.ti or MAXQDA.

A `.qdpx` is a zip of ``project.qde`` (QDA-XML, namespace ``urn:QDA-XML:project:1.0``) and
``sources/``: each article's text, exactly as `kread show` gives it, as a UTF-8 plain-text
source, so the character offsets of its codings are the offsets kread uses. Facets and
cues are codes under two parents; each sentence with marks (the reader's corrections
applied) is a selection coded with them; the reader's sentence notes are notes on their
selections, and each article's appraisal (items found, the reader's scores and notes) is
a note on its source, its scores also integer variables of the source.

Every GUID is a uuid5 of the corpus and what it names, and the zip's entries carry a fixed
date, so two exports of the same state are the same bytes.
"""

from __future__ import annotations

import io
import re
import uuid
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from xml.etree import ElementTree as ET

from kread.index.appraisal.models import DOES_NOT_APPLY, Appraisal, reader_said
from kread.index.document import Document
from kread.index.facets.models import Cue
from kread.index.models import Facet

NAMESPACE = "urn:QDA-XML:project:1.0"
PROJECT_FILE = "project.qde"
SOURCES_FOLDER = "sources"
# A fixed namespace for kread's GUIDs: uuid5 of it and a name is the same on every run.
KREAD_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "kread:refi-qda")
ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can say: the bytes do not vary

# XML 1.0 has no place for these characters, even escaped.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_HEX_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3}){1,2}")


@dataclass(frozen=True)
class Counts:
    """What an export holds: for the line the command prints, and for tests."""

    sources: int
    codes: int
    selections: int
    codings: int
    notes: int


class _Ids:
    """The GUIDs of one corpus's project, each a uuid5 of the corpus and a path of names."""

    def __init__(self, corpus: str) -> None:
        self.base = uuid.uuid5(KREAD_NAMESPACE, corpus)

    def __call__(self, *names: object) -> str:
        return str(uuid.uuid5(self.base, "\0".join(str(n) for n in names)))


def qdpx_bytes(
    corpus: str,
    project_name: str,
    facets: Sequence[Facet],
    cues: Sequence[Cue],
    documents: Sequence[Document],
    appraisals: Sequence[Appraisal],
    origin: str = "kread",
) -> tuple[bytes, Counts]:
    """The `.qdpx` archive of ``documents`` (with their ``appraisals``, in the same order)
    and what it holds. ``corpus`` keys the GUIDs (the corpus folder's absolute path)."""
    project, sources, counts = _project(
        _Ids(corpus), project_name, facets, cues, documents, appraisals, origin
    )
    ET.register_namespace("", NAMESPACE)
    ET.indent(project)
    xml = ET.tostring(project, encoding="utf-8", xml_declaration=True)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        _add(archive, PROJECT_FILE, xml)
        for name, text in sources:
            # One character for one: a lone surrogate becomes "?", so offsets still hold.
            _add(archive, f"{SOURCES_FOLDER}/{name}", text.encode("utf-8", "replace"))
    return out.getvalue(), counts


def _add(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    archive.writestr(info, data)


def _tag(name: str) -> str:
    return f"{{{NAMESPACE}}}{name}"


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("", text)


def _element(parent: ET.Element, tag: str, /, **attributes: str) -> ET.Element:
    return ET.SubElement(
        parent, _tag(tag), {key: _xml_text(value) for key, value in attributes.items()}
    )


def _text_element(parent: ET.Element, name: str, text: str) -> ET.Element:
    element = _element(parent, name)
    element.text = _xml_text(text)
    return element


@dataclass
class _Builder:
    """One project as it is built: its GUIDs, users, codes, variables and notes so far."""

    ids: _Ids
    kread: str = ""  # the users' GUIDs
    reader: str = ""
    selections: int = 0
    codings: int = 0

    def __post_init__(self) -> None:
        self.kread, self.reader = self.ids("user", "kread"), self.ids("user", "reader")
        self.codes: dict[tuple[str, str], str] = {}  # (kind, name) -> GUID
        self.variables: dict[str, str] = {}  # item name -> GUID of its score variable
        self.notes: list[ET.Element] = []


def _project(
    ids: _Ids,
    project_name: str,
    facets: Sequence[Facet],
    cues: Sequence[Cue],
    documents: Sequence[Document],
    appraisals: Sequence[Appraisal],
    origin: str,
) -> tuple[ET.Element, list[tuple[str, str]], Counts]:
    built = _Builder(ids)
    project = ET.Element(
        _tag("Project"),
        {"name": _xml_text(project_name), "origin": origin, "creatingUserGUID": built.kread},
    )
    users = _element(project, "Users")
    _element(users, "User", guid=built.kread, name="kread (marks found in the text)")
    _element(users, "User", guid=built.reader, name="reader (corrections, notes and scores)")
    _codebook(project, built, facets, cues, documents)
    if appraisals:
        _variables(project, built, appraisals[0])
    sources = ET.Element(_tag("Sources"))
    files = []
    for doc, appraisal in zip(documents, appraisals, strict=True):
        files.append(_source(sources, built, doc, appraisal))
    if len(sources):  # the schema wants at least one source in <Sources>
        project.append(sources)
    if built.notes:
        _element(project, "Notes").extend(built.notes)
    counts = Counts(
        sources=len(documents),
        codes=len(built.codes),
        selections=built.selections,
        codings=built.codings,
        notes=len(built.notes),
    )
    return project, files, counts


def _codebook(
    project: ET.Element,
    built: _Builder,
    facets: Sequence[Facet],
    cues: Sequence[Cue],
    documents: Sequence[Document],
) -> None:
    """A code per facet and per cue under the parents "Facets" and "Cues"; also any name
    the reader's corrections still carry from an earlier taxonomy, so no coding points
    nowhere."""
    facet_names = [f.name for f in facets]
    cue_names = [c.name for c in cues]
    for doc in documents:
        for sentence in doc.sentences:
            facet_names += [f for f in sentence.facets if f not in facet_names]
            cue_names += [c for c in sentence.cues if c not in cue_names]
    codes = _element(_element(project, "CodeBook"), "Codes")
    described = {("facet", f.name): f for f in facets} | {("cue", c.name): c for c in cues}
    for kind, parent_name, names in (
        ("facet", "Facets", facet_names),
        ("cue", "Cues", cue_names),
    ):
        parent = _element(
            codes, "Code", guid=built.ids("code", kind), name=parent_name, isCodable="false"
        )
        for name in names:
            built.codes[kind, name] = guid = built.ids("code", kind, name)
            about = described.get((kind, name))
            attributes = {"guid": guid, "name": name, "isCodable": "true"}
            if about is not None and _HEX_COLOUR.fullmatch(about.colour):
                attributes["color"] = about.colour
            code = _element(parent, "Code", **attributes)
            if about is not None:
                label = f"{about.label}: " if about.label and about.label != name else ""
                _text_element(code, "Description", label + about.description.strip())


def _variables(project: ET.Element, built: _Builder, appraisal: Appraisal) -> None:
    """An integer variable per appraisal item: the reader's score (1-5) of each source,
    where they gave one, as an attribute a QDA program can sort and filter by."""
    variables = _element(project, "Variables")
    for item in appraisal.items:
        built.variables[item.name] = guid = built.ids("variable", "score", item.name)
        variable = _element(
            variables, "Variable", guid=guid, name=f"score {item.name}", typeOfVariable="Integer"
        )
        _text_element(variable, "Description", f"Your score (1-5): {item.question}")


def _source(
    sources: ET.Element, built: _Builder, doc: Document, appraisal: Appraisal
) -> tuple[str, str]:
    """The source of ``doc``: its selections and codings, notes and scores; the name and
    text of its file in ``sources/``."""
    ids = built.ids
    source_id = ids("source", doc.id)
    file_name = f"{source_id}.txt"
    source = _element(
        sources,
        "TextSource",
        guid=source_id,
        name=doc.title or doc.id,
        plainTextPath=f"internal://{file_name}",
        creatingUser=built.kread,
    )
    byline = ", ".join(p for p in (doc.source, doc.place, doc.date) if p)
    _text_element(source, "Description", f"kread id {doc.id}" + (f"; {byline}" if byline else ""))
    for index, sentence in enumerate(doc.sentences):
        if sentence.facets or sentence.cues or sentence.note:
            _selection(source, built, doc, index)
    source_notes = [
        (ids("appraisal", doc.id), f"{doc.id} appraisal", appraisal_memo(appraisal), built.kread)
    ]
    source_notes += [
        (
            ids("detached", doc.id, work.start, work.end, work.text),
            f"{doc.id} note no longer attached",
            f"On a sentence no longer in the article: {work.text}\n\n{work.note}",
            built.reader,
        )
        for work in doc.detached
        if work.note
    ]
    for note_id, name, text, user in source_notes:
        built.notes.append(_note(note_id, name, text, user))
        _element(source, "NoteRef", targetGUID=note_id)
    for item in appraisal.items:
        if item.score is not None and item.name in built.variables:
            value = _element(source, "VariableValue")
            _element(value, "VariableRef", targetGUID=built.variables[item.name])
            _text_element(value, "IntegerValue", str(item.score))
    return file_name, doc.text


def _selection(source: ET.Element, built: _Builder, doc: Document, index: int) -> None:
    """Sentence ``index`` as a selection, coded with its facets and cues (the reader's
    corrections applied; a mark they put on is theirs), with their note on it."""
    sentence = doc.sentences[index]
    where = ("sentence", doc.id, sentence.start, sentence.end)
    selection = _element(
        source,
        "PlainTextSelection",
        guid=built.ids(*where),
        name=f"sentence {index}",
        startPosition=str(sentence.start),
        endPosition=str(sentence.end),
        creatingUser=built.kread,
    )
    built.selections += 1
    change = sentence.correction
    for kind, names, put_on in (
        ("facet", sentence.facets, change.facets_added if change else ()),
        ("cue", sentence.cues, change.cues_added if change else ()),
    ):
        for name in names:
            coding = _element(
                selection,
                "Coding",
                guid=built.ids(*where, kind, name),
                creatingUser=built.reader if name in put_on else built.kread,
            )
            _element(coding, "CodeRef", targetGUID=built.codes[kind, name])
            built.codings += 1
    if sentence.note:
        note_id = built.ids(*where, "note")
        built.notes.append(
            _note(note_id, f"{doc.id} sentence {index}", sentence.note, built.reader)
        )
        _element(selection, "NoteRef", targetGUID=note_id)


def _note(guid: str, name: str, text: str, user: str) -> ET.Element:
    note = ET.Element(_tag("Note"), {"guid": guid, "name": _xml_text(name), "creatingUser": user})
    _text_element(note, "PlainTextContent", text)
    return note


def appraisal_memo(appraisal: Appraisal) -> str:
    """An article's appraisal as a memo: each item found or not, with its evidence
    sentences, and the reader's score and note; then what the article does not tell you."""
    lines = [f"Appraisal of {appraisal.title}", ""]
    for item in appraisal.items:
        if item.evidence:  # numbered from 1, as the reader counts
            found = "found in sentences " + ", ".join(str(i + 1) for i in item.evidence)
        elif item.found:
            found = f"found: {item.metadata}"
        elif not item.applies:
            found = DOES_NOT_APPLY
        else:
            found = "not found"
        if item.corrected:
            found = f"{reader_said(item)}: {found}"
        line = f"{item.name} ({item.source}): {found}"
        if item.score is not None:
            line += f"; your score {item.score}/5"
        if item.note:
            line += f"; your note: {item.note}"
        lines.append(line)
    if appraisal.not_told:
        lines += ["", "What this article does not tell you:"]
        lines += [f"- {item.missing}" for item in appraisal.not_told]
    lines += ["", "Sentences are numbered from 0, as `kread show --json` numbers them."]
    return "\n".join(lines)
