"""The appraisal worksheet as CSV: one row per article and item, kread's findings beside
the reader's score and note, for a spreadsheet or a script."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from kread.index.appraisal.models import Appraisal

COLUMNS = (
    "doc_id",
    "title",
    "item",
    "source",
    "found",
    "evidence",
    "metadata",
    "score",
    "note",
    "reader_found",
    "applies",
)


def worksheet_csv(appraisals: Sequence[Appraisal]) -> str:
    """``appraisals`` as CSV text with a header row (RFC 4180 quoting, CRLF line ends).

    ``found`` is ``yes`` or ``no``; ``evidence`` the sentence numbers, from 1 as the
    reader, `kread appraise` and `kread show --why N` count them (`--json` indexes
    from 0), separated by spaces;
    ``metadata`` the catalog or front-matter value that answers the item; ``score`` the
    reader's 1-5 or empty; ``note`` the reader's note on the item; ``reader_found`` the
    reader's correction of ``found`` (kread's answer), ``yes`` or ``no``, or empty;
    ``applies`` ``no`` for an item about a treatment in a document that is not about one
    (then ``found`` is ``no`` but is no gap)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for appraisal in appraisals:
        for item in appraisal.items:
            writer.writerow(
                (
                    appraisal.id,
                    _cell(appraisal.title),
                    item.name,
                    item.source,
                    "yes" if item.found else "no",
                    " ".join(str(i + 1) for i in item.evidence),
                    _cell(item.metadata or ""),
                    "" if item.score is None else item.score,
                    _cell(item.note),
                    "" if item.reader_found is None else "yes" if item.reader_found else "no",
                    "yes" if item.applies else "no",
                )
            )
    return out.getvalue()


def _cell(text: str) -> str:
    """A spreadsheet reads a cell starting ``=``, ``+``, ``-`` or ``@`` as a formula: text
    from an article or a note must stay text, so such a cell starts with a quote mark."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
