"""How long points take: `compare` of two bundled articles, and `points` over corpora of
growing size (how the cost grows with the number of articles).

    python bench/points_time.py                        # compare, then 50, 200, 1000 articles
    python bench/points_time.py --sizes 50,200 --runs 3

Corpora come from bench/corpus.py (articles of 500-2,000 words) and are kept in
``--work``; each is indexed once before timing. "first" is the first call in the process
(every sentence read and analysed), "warm" the median of the calls after it. Targets
(issue 14): compare <= 100 ms warm; points over 50 articles of ~1,000 words <= 2 s.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from kread.index.library import Library  # noqa: E402


def timed(call: Callable[[], object], runs: int) -> tuple[float, float]:
    """(first, median of the next ``runs``) wall time of ``call``, in seconds."""
    start = time.perf_counter()
    call()
    first = time.perf_counter() - start
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return first, statistics.median(times)


def corpus(size: int, work: Path) -> Path:
    folder = work / f"corpus-{size}"
    if not (folder / ".corpus.json").exists():
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "bench" / "corpus.py"),
                "--size",
                str(size),
                "--out",
                str(folder),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return folder


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="50,200,1000", help="articles per corpus")
    parser.add_argument("--runs", type=int, default=5, help="warm runs of each (default 5)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/kread-bench-points"))
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s]

    lib = Library.open()
    try:
        first, warm = timed(lambda: lib.compare("001", "004"), args.runs)
        print(f"compare 001 004 (bundled)   first {first * 1e3:6.0f} ms  warm {warm * 1e3:5.0f} ms")
        first, warm = timed(lambda: lib.points(), args.runs)
        print(f"points, 5 bundled articles  first {first * 1e3:6.0f} ms  warm {warm * 1e3:5.0f} ms")
    finally:
        lib.close()

    print(
        f"{'articles':>8} {'words':>9} {'sentences':>9} {'first s':>8} {'warm s':>7} {'points':>7}"
    )
    for size in sizes:
        folder = corpus(size, args.work)
        lib = Library.open(folder)
        try:
            documents = lib.documents()
            words = sum(d.words for d in documents)
            sentences = sum(len(lib.document(d.id).sentences) for d in documents)
            first, warm = timed(lib.points, max(1, args.runs // 2))
            count = len({p.id for listed in lib.points().facets.values() for p in listed})
            print(
                f"{len(documents):8d} {words:9d} {sentences:9d} {first:8.2f} {warm:7.2f} {count:7d}"
            )
        finally:
            lib.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
