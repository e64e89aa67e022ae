"""Time of the reader's own work: saving a note or a correction, and reading documents
and the list with many notes on them.

    python bench/workbook_time.py                    # 10, 100 and 1,000 notes
    python bench/workbook_time.py --sizes 100,5000 --runs 20

The library is the bundled articles, with ``--sizes`` notes spread over their sentences
(kept in a temporary data directory). Each save writes the whole file atomically (a
temporary file, fsync, rename, fsync of the folder) under its lock, so its time is mostly
the disk's fsync. Figures are means over ``--runs`` calls. Figures only, no thresholds;
not a test.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Sequence

from common import make_parser, parse_args


def mean_seconds(call, runs: int) -> float:
    started = time.perf_counter()
    for _ in range(runs):
        call()
    return (time.perf_counter() - started) / runs


def measure(size: int, runs: int) -> tuple[float, float, float, float, int]:
    """Save, document, list (seconds), the file's size (KiB) and the sentences with a
    note, after ``size`` notes (a note on a sentence that has one replaces it)."""
    from kread.index.library import Library

    os.environ["KREAD_DATA_DIR"] = tempfile.mkdtemp(prefix="kread-workbook-data-")
    library = Library.open()
    places = [
        (d.id, i) for d in library.documents() for i in range(len(library.document(d.id).sentences))
    ]
    for n in range(size):
        doc_id, index = places[n % len(places)]
        library.note(doc_id, index, f"note {n}" + " and more" * (n // len(places)))
    doc_id, index = places[0]
    counter = iter(range(10**9))
    save = mean_seconds(lambda: library.note(doc_id, index, f"again {next(counter)}"), runs)
    # `document` lays the notes over the document on every call; the list, once per change.
    document = mean_seconds(lambda: library.document(doc_id), runs)
    listing = mean_seconds(lambda: Library.open().documents(), runs)
    entries = len(library.workbook.file.contents().sentences)
    return save, document, listing, library.workbook.path.stat().st_size / 1024, entries


def main(argv: Sequence[str] | None = None) -> int:
    parser = make_parser(__doc__.splitlines()[0], "call")
    parser.set_defaults(runs=10)
    parser.add_argument("--sizes", default="10,100,1000", help="notes (comma-separated)")
    args = parse_args(parser, argv)
    os.environ["KREAD_CACHE_DIR"] = tempfile.mkdtemp(prefix="kread-workbook-cache-")
    print(f"python {sys.version.split()[0]}; mean of {args.runs} calls")
    print(f"{'notes':>7} {'noted':>7} {'save':>10} {'document':>10} {'open+list':>10} {'file':>9}")
    for size in (int(s) for s in args.sizes.split(",")):
        save, document, listing, kib, noted = measure(size, args.runs)
        print(
            f"{size:>7} {noted:>7} {save * 1e3:>8.1f}ms {document * 1e3:>8.1f}ms "
            f"{listing * 1e3:>8.1f}ms {kib:>7.0f}KiB"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
