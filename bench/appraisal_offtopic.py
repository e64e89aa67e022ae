"""How often each appraisal item is found in documents that are not about a treatment.

    python bench/appraisal_offtopic.py                  # the Python 3.11 HOWTOs
    python bench/appraisal_offtopic.py FOLDER           # any other folder of documents
    python bench/appraisal_offtopic.py tests/data/appraisal/offtopic   # prose with health metaphors
    python bench/appraisal_offtopic.py --show risks     # also the sentences found for an item

The default folder is the Python HOWTOs (Debian's python3.11-doc package:
``apt-get install -y python3.11-doc``). Technical prose never weighs a treatment's benefits,
harms or open questions, so items such as ``benefits``, ``risks`` and ``uncertainty``
found there are false alarms; ``sources``, ``date`` or ``author`` may rightly be found.
The items about a treatment should say "does not apply" there (the treatment gate in
``items.yaml``), so their counts should be 0. ``tests/data/appraisal/offtopic`` holds
prose that borrows health words as metaphors (the symptoms of a failing battery, a dose
of interest rates, a service's health checks).
The index is built in a temporary cache, so the reader's own one is left alone.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOWTOS = Path("/usr/share/doc/python3.11/html/_sources/howto")

if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))


def found_counts(folder: Path, show: Sequence[str] = ()) -> tuple[int, dict[str, int], list[str]]:
    """(documents, documents each item is found in, the sentences found for the ``show``
    items, each as "doc item: sentence")."""
    from kread.index.library import Library

    counts: dict[str, int] = {}
    shown: list[str] = []
    with tempfile.TemporaryDirectory() as work:
        os.environ["KREAD_CACHE_DIR"] = work
        library = Library.open(folder)
        try:
            ids = [info.id for info in library.documents()]
            for doc_id in ids:
                appraisal = library.appraise(doc_id)
                doc = library.document(doc_id) if show else None
                for item in appraisal.items:
                    counts[item.name] = counts.get(item.name, 0) + item.found
                    if doc is not None and item.name in show:
                        for i in item.evidence:
                            sentence = doc.sentences[i]
                            text = " ".join(doc.text[sentence.start : sentence.end].split())
                            shown.append(f"{doc_id} {item.name}: {text[:160]}")
        finally:
            library.close()
    return len(ids), counts, shown


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=HOWTOS, help="the documents")
    parser.add_argument(
        "--show", action="append", default=[], metavar="ITEM", help="list the item's sentences"
    )
    args = parser.parse_args(argv)
    if not args.folder.is_dir():
        parser.error(f"no folder {args.folder} (the HOWTOs: apt-get install -y python3.11-doc)")
    total, counts, shown = found_counts(args.folder, args.show)
    print(f"{args.folder}: {total} documents; documents each item is found in")
    for name, count in counts.items():
        print(f"    {name:16s} {count}/{total}")
    for line in shown:
        print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
