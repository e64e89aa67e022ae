"""How many sentences of off-topic prose each claim cue marks.

    python bench/cue_offtopic.py                 # the Python 3.11 HOWTOs
    python bench/cue_offtopic.py FOLDER          # any folder of text files
    python bench/cue_offtopic.py --show hedged   # also the sentences a cue marks

Technical prose has few claims about treatments, so a cue query made looser should not
mark more of it: compare the counts before and after a change. Paragraphs are split at
blank lines and then into sentences as the reader splits them.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOWTOS = Path("/usr/share/doc/python3.11/html/_sources/howto")

if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from kread.index.facets.taxonomy import load_taxonomy  # noqa: E402
from kread.index.reading.segment import split_sentences  # noqa: E402


def sentences_in(folder: Path) -> Iterator[str]:
    """Every sentence of every file in a folder, one paragraph (blank-line block) at a time."""
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        text = path.read_text(encoding="utf-8", errors="replace")
        for block in text.split("\n\n"):
            paragraph = " ".join(block.split())
            for begin, end in split_sentences(paragraph):
                yield paragraph[begin:end]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=HOWTOS)
    parser.add_argument("--topics", type=Path, help="a taxonomy file (default: the bundled one)")
    parser.add_argument("--show", action="append", default=[], help="list a cue's sentences")
    args = parser.parse_args(argv)
    taxonomy = load_taxonomy(args.topics)
    counts = dict.fromkeys(taxonomy.cue_names(), 0)
    total = 0
    for sentence in sentences_in(args.folder):
        total += 1
        for cue in taxonomy.cues_of(sentence)[0]:
            counts[cue] += 1
            if cue in args.show:
                print(f"{cue}: {sentence}")
    print(f"{total} sentences in {args.folder}")
    for cue, count in counts.items():
        print(f"  {cue:<12} {count}")
    print(f"  {'all marks':<12} {sum(counts.values())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
