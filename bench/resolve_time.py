"""Time of `Library.resolve` (the reader calls it, through `document`, on every cursor move).

    python bench/resolve_time.py                      # 10,000 and 50,000 documents
    python bench/resolve_time.py --sizes 1000,100000 --runs 2000

The library is the bundled articles with its list of documents replaced by ``--sizes``
copies (ids ``000000_1c05f3c2``..., shaped as kread makes them), as if it held that many:
building a real index of 50,000 articles takes many minutes, and resolve reads only the
list. Each figure is the mean
time of one call over ``--runs`` calls, for a full id and for a unique prefix of one.
Figures only, no thresholds; not a test.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Sequence

from common import make_parser, parse_args


def main(argv: Sequence[str] | None = None) -> int:
    parser = make_parser(__doc__.splitlines()[0], "lookup")
    parser.set_defaults(runs=500)
    parser.add_argument("--sizes", default="10000,50000", help="documents (comma-separated)")
    args = parse_args(parser, argv)
    os.environ["KREAD_CACHE_DIR"] = tempfile.mkdtemp(prefix="kread-resolve-")
    from kread.index.library import Library

    library = Library.open()
    model = library.documents()[0]
    print(f"python {sys.version.split()[0]}; mean of {args.runs} calls")
    print(f"{'documents':>10} {'full id':>12} {'prefix':>12}")
    for size in (int(s) for s in args.sizes.split(",")):
        library._documents = [model._replace(id=f"{n:06d}_1c05f3c2") for n in range(size)]
        library.resolve("000000")  # the first call after a change may build what it keeps
        figures = []
        middle = f"{size // 2:06d}"
        for wanted in (f"{middle}_1c05f3c2", middle):
            started = time.perf_counter()
            for _ in range(args.runs):
                library.resolve(wanted)
            figures.append((time.perf_counter() - started) / args.runs)
        print(f"{size:>10} {figures[0] * 1e6:>10.1f}us {figures[1] * 1e6:>10.1f}us")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
