"""`kread appraise` output: one document's appraisal as a Markdown report or Rich text for
the terminal (the JSON is `appraisal_json`, beside the data it writes).

Every sentence quoted is the document's own text: it enters Rich as plain `Text` and
Markdown escaped, never as markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kread.index.appraisal.models import (
    DOES_NOT_APPLY,
    Appraisal,
    AppraisalItem,
    kread_said,
    reader_said,
)
from kread.index.document import Document
from kread.tui.compare_report import markdown_text
from kread.tui.render import sentence_of, sentence_preview

if TYPE_CHECKING:
    from rich.console import Console

# The human output previews this many evidence sentences per item; --markdown quotes all.
PREVIEWS = 3
PREVIEW_CHARS = 100
FOUND_GLYPH, NOT_FOUND_GLYPH, NOT_APPLICABLE_GLYPH = "✓", "✗", "·"
NOT_FOUND = "not found"
NO_SCORE = "Scores are yours: kread finds the evidence and never rates it."


def balance_line(appraisal: Appraisal) -> str:
    """The balance in one line: benefit sentences against risk and regulation ones, and
    hedged against absolute claims when the index has claim cues."""
    b = appraisal.balance
    parts = [f"benefits {b.benefits}", f"risks {b.risks}", f"regulation {b.regulation}"]
    if b.hedged is not None and b.absolute is not None:
        parts += [f"hedged {b.hedged}", f"absolute {b.absolute}"]
    return " · ".join(parts)


def treatment_notice(appraisal: Appraisal) -> str | None:
    """The one line that says the treatment items do not apply, naming them; None when
    the document is about a treatment."""
    if appraisal.about_treatment:
        return None
    names = ", ".join(item.name for item in appraisal.items if not item.applies)
    return f"{names}: {DOES_NOT_APPLY}"


def not_applicable(item: AppraisalItem) -> bool:
    """Whether the item does not apply and the reader has not said it is answered."""
    return not item.applies and not item.answered


def nothing_missing(appraisal: Appraisal) -> str:
    """What "does not tell you" says when it lists no gap."""
    if appraisal.about_treatment:
        return "Every item was found."
    return "Every item that applies was found."


def _yes_no(item: AppraisalItem) -> str:
    """The table's ``found``: kread's answer, or the reader's with kread's beside it."""
    if item.corrected:
        return f"{'yes' if item.answered else 'no'} ({kread_said(item)})"
    if not_applicable(item):
        return "n/a"
    return "yes" if item.found else "no"


def _where_found(item: AppraisalItem) -> str:
    if item.evidence:
        return f"{len(item.evidence)} sentence" + ("s" if len(item.evidence) != 1 else "")
    return item.metadata or ""


# -- Markdown ---------------------------------------------------------------------------
def appraisal_markdown(doc: Document, appraisal: Appraisal, level: int = 1) -> str:
    """The `appraise --markdown` report: a table of the items, what the article does not
    tell you, its balance, then every evidence sentence quoted under its item. Its title
    is a heading of ``level`` (2 in a report of many articles), its sections one deeper."""
    md = markdown_text
    h1, h2, h3 = ("#" * (level + n) for n in range(3))
    byline = ", ".join(p for p in (doc.source, doc.place, doc.date) if p)
    lines = [
        f"{h1} Appraisal: {md(doc.title)}",
        "",
        f"`{doc.id}`" + (f" · {md(byline)}" if byline else ""),
        "",
    ]
    notice = treatment_notice(appraisal)
    if notice:
        lines += [f"*{md(notice)}*", ""]
    lines += [
        "| item | question | source | found | evidence | score | note |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for item in appraisal.items:
        evidence = ", ".join(str(i + 1) for i in item.evidence) or md(item.metadata or "")
        score = "" if item.score is None else str(item.score)
        lines.append(
            f"| {item.name} | {md(item.question)} | {md(item.source)} | "
            f"{_yes_no(item)} | {evidence} | {score} | {md(item.note)} |"
        )
    lines += ["", f"*{NO_SCORE}*", "", f"{h2} What this article does not tell you", ""]
    missing = appraisal.not_told
    lines += [f"- {md(item.missing)}" for item in missing] or [f"- {nothing_missing(appraisal)}"]
    lines += ["", f"{h2} Balance", ""]
    lines += [md(balance_line(appraisal)) if appraisal.about_treatment else DOES_NOT_APPLY, ""]
    if appraisal.balance.warning:
        lines += [f"> **Warning:** {md(appraisal.balance.warning)}", ""]
    lines += [f"{h2} Evidence", ""]
    for item in appraisal.items:
        if not_applicable(item):
            continue  # said once, at the top
        lines += [f"{h3} {item.name}: {md(item.question)}", ""]
        if item.metadata:
            lines += [f"- from the article's metadata: {md(item.metadata)}"]
        lines += [f"- ({i + 1}) {md(sentence_of(doc, i))}" for i in item.evidence]
        if item.corrected:
            lines.append(f"*{reader_said(item)}*")
        elif not item.found:
            lines.append(f"*{NOT_FOUND}*")
        lines.append("")
    return "\n".join(lines)


# -- the terminal -------------------------------------------------------------------------
def print_appraisal(console: Console, doc: Document, appraisal: Appraisal) -> None:
    """Each item found or not, with a preview of its first evidence sentences; then what
    the article does not tell you, its balance and any warning."""
    from rich.table import Table
    from rich.text import Text

    head = Text(doc.title, style="bold")
    byline = ", ".join(p for p in (doc.source, doc.place, doc.date) if p)
    head.append(f"\n{doc.id}" + (f" · {byline}" if byline else ""), style="dim")
    console.print(head)
    console.print()
    notice = treatment_notice(appraisal)
    if notice:
        console.print(Text(notice, style="yellow"))
        console.print()
    table = Table(show_header=False, box=None, padding=(0, 1), expand=False)
    table.add_column(width=1, no_wrap=True)
    table.add_column(no_wrap=True)
    table.add_column(ratio=1)
    for item in appraisal.items:
        if not_applicable(item):
            continue  # said once, above
        glyph = Text(FOUND_GLYPH, "green") if item.answered else Text(NOT_FOUND_GLYPH, "red")
        about = Text(item.question)
        about.append(f"  {item.source}", style="dim")
        if item.corrected:
            about.append(f"\n{kread_said(item)}", style="bold")
        if item.found:
            about.append(f"\n{_where_found(item)}", style="dim")
            for i in item.evidence[:PREVIEWS]:
                about.append(f"\n({i + 1}) ", style="dim")  # counted from 1, as the reader does
                about.append(sentence_preview(doc, i, PREVIEW_CHARS))
            if len(item.evidence) > PREVIEWS:
                more = len(item.evidence) - PREVIEWS
                about.append(f"\n… {more} more (kread appraise --markdown)", style="dim")
        elif not item.corrected:
            about.append(f"\n{NOT_FOUND}", style="red")
        if item.score is not None or item.note:
            about.append(f"\nyour score: {item.score or '-'}  {item.note}", style="bold")
        table.add_row(glyph, Text(item.name, style="bold"), about)
    console.print(table)
    console.print()
    missing = appraisal.not_told
    if missing:
        console.print(Text("What this article does not tell you", style="bold"))
        for item in missing:
            console.print(Text(f"  • {item.missing}"))
        console.print()
    balance = balance_line(appraisal) if appraisal.about_treatment else DOES_NOT_APPLY
    console.print(Text.assemble(("Balance  ", "bold"), balance))
    if appraisal.balance.warning:
        console.print(Text(f"⚠ {appraisal.balance.warning}", style="bold yellow"))
    console.print(Text(NO_SCORE, style="dim"))
