"""`kread export markdown`: the appraisal of many articles in one Markdown report.

First a table, items down and articles across, of what kread found and the reader's
scores; then each article's appraisal as `kread appraise --markdown` gives it, followed by
the reader's own work on it: sentence notes and marks put on or taken off.
"""

from __future__ import annotations

from collections.abc import Sequence

from kread.index.appraisal.models import Appraisal, AppraisalItem
from kread.index.document import Document
from kread.tui.appraisal_report import NO_SCORE, appraisal_markdown, not_applicable
from kread.tui.compare_report import markdown_text, short_ids
from kread.tui.render import sentence_of

FOUND, NOT_FOUND = "✓", "✗"


def corpus_markdown(
    corpus: str,
    documents: Sequence[Document],
    appraisals: Sequence[Appraisal],
    every_id: Sequence[str],
) -> str:
    """The report of ``documents`` (with their ``appraisals``, in the same order);
    ``every_id`` is every document of the corpus, for the short ids heading the columns."""
    md = markdown_text
    short = short_ids(every_id, documents)
    count = f"{len(documents)} article" + ("s" if len(documents) != 1 else "")
    lines = [f"# Appraisal of {count}: {md(corpus)}", "", f"*{NO_SCORE}*", ""]
    if not documents:
        return "\n".join([*lines, "No articles.", ""])
    lines += ["## Items by article", ""]
    lines += [f"- `{short[d.id]}`: {md(d.title)} (`{d.id}`)" for d in documents]
    lines += [
        "",
        f"{FOUND} N: kread found the item, in N sentences ({FOUND} alone: in the "
        f"article's metadata); {NOT_FOUND}: not found; n/a: does not apply (not about a "
        "treatment); N/5: your score.",
        "",
        "| item | " + " | ".join(f"`{short[d.id]}`" for d in documents) + " |",
        "| --- |" + " --- |" * len(documents),
    ]
    for name in (item.name for item in appraisals[0].items):
        lines.append(f"| {name} | " + " | ".join(_cell(a.item(name)) for a in appraisals) + " |")
    lines.append("")
    for doc, appraisal in zip(documents, appraisals, strict=True):
        lines += [appraisal_markdown(doc, appraisal, level=2).rstrip("\n"), ""]
        lines += _own_work(doc)
    return "\n".join(lines)


def _cell(item: AppraisalItem) -> str:
    if item.corrected:  # the reader's answer, marked as theirs
        found = f"{FOUND if item.answered else NOT_FOUND} (yours)"
    elif not_applicable(item):
        found = "n/a"
    elif item.evidence:
        found = f"{FOUND} {len(item.evidence)}"
    else:
        found = FOUND if item.found else NOT_FOUND
    return found if item.score is None else f"{found} · {item.score}/5"


def _own_work(doc: Document) -> list[str]:
    """The reader's notes and corrections on ``doc``'s sentences, each with its sentence."""
    md = markdown_text
    lines = ["### Your notes and marks", ""]
    worked = [(i, s) for i, s in enumerate(doc.sentences) if s.note or s.correction]
    for index, sentence in worked:
        lines.append(f"- ({index + 1}) {md(sentence_of(doc, index))}")
        change = sentence.correction
        if change:
            put_on = ", ".join((*change.facets_added, *change.cues_added))
            took_off = ", ".join((*change.facets_removed, *change.cues_removed))
            said = [f"put on {put_on}"] * bool(put_on) + [f"took off {took_off}"] * bool(took_off)
            lines.append(f"  - your marks: {'; '.join(said)}")
        if sentence.note:
            lines.append(f"  - your note: {md(sentence.note)}")
    for work in doc.detached:
        lines.append(f"- (no longer in the article) {md(work.text)}")
        if work.note:
            lines.append(f"  - your note: {md(work.note)}")
    if len(lines) == 2:
        lines.append("*None.*")
    return [*lines, ""]
