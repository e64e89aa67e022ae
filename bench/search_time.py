"""Wall time of `kread search`/`kread list` as subprocesses, cold and warm index; facet scores.

    python bench/search_time.py                  # 7 runs of each command
    python bench/search_time.py --large 0        # without the generated 1k corpus
    python bench/search_time.py --large-corpus /tmp/corpus-1k   # reuse a generated one
    python bench/search_time.py --runs 15 --json figures.json
    python bench/search_time.py --query 'ketamine AND ptsd'   # other queries (repeatable)
    python bench/search_time.py --corpus DIR --query memory   # another corpus

Each figure is the wall time of a whole `kread ... --json` process on the bundled articles,
as a shell would run it (argv, no shell in between): median, min and max over ``--runs``.
*Cold* runs get a fresh, empty ``KREAD_CACHE_DIR``, so the process builds the index first;
*warm* runs share one cache built beforehand with `kread index`. Cold and warm runs
alternate, so drift in the machine's load spreads over both. For reference the same is
timed for a bare ``python -c pass`` and for ``python -c "import kread.index.library"``. Every
command runs once untimed first; bytecode is cached in a temporary ``PYTHONPYCACHEPREFIX``
(``--keep-env``: as this environment has it, e.g. no .pyc with PYTHONDONTWRITEBYTECODE).
Then the facet scores of bench/facet_scores.py (the default taxonomy) print in the same report.

*Warm start*: `kread list` and `kread search` with a warm index, each as a multiple of a
bare ``python -c "import json"`` (the target: at most 5x), on the bundled articles and on
a corpus of ``--large`` documents (default 1,000) made by bench/corpus.py, which needs the
Debian doc packages it names (``--large-corpus DIR`` reuses one already made).
Figures only, no thresholds; not a test.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from common import bytecode_env, find_kread, make_parser, parse_args

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ("NMDA", '"blood pressure"', "ketamin~", "infus*")
BARE = ('python -c "import json"', [sys.executable, "-c", "import json"])
# Words both the Python and the kernel manuals use, for searches of a generated corpus.
LARGE_QUERIES = ("memory", '"file descriptor"')


@dataclass
class Timing:
    label: str
    argv: list[str]
    cache: str  # "cold", "warm" or "-" (no index involved)
    samples_ms: list[float] = field(default_factory=list)
    cpu_ms: list[float] = field(default_factory=list)  # user + system, where measured
    hits: int | None = None  # search: total hits; list: documents

    @property
    def median_ms(self) -> float:
        return statistics.median(self.samples_ms)

    @property
    def min_ms(self) -> float:
        return min(self.samples_ms)

    @property
    def max_ms(self) -> float:
        return max(self.samples_ms)


def base_env(pycache: Path | None) -> dict[str, str]:
    """This environment, bytecode cached in ``pycache`` if given (``common.bytecode_env``),
    without ``KREAD_CACHE_DIR``: each run gets its own (``child_env``)."""
    env = bytecode_env(pycache)
    env.pop("KREAD_CACHE_DIR", None)
    return env


def child_env(base: dict[str, str], cache_dir: Path | None) -> dict[str, str]:
    env = dict(base)
    if cache_dir is not None:
        env["KREAD_CACHE_DIR"] = str(cache_dir)
    return env


def run_once(
    argv: Sequence[str], base: dict[str, str], cache_dir: Path | None
) -> tuple[float, str]:
    """Wall time in ms of one process and its stdout; fails loudly on exit codes above 1
    (kread exits 1 for a search that finds nothing)."""
    env = child_env(base, cache_dir)
    start = time.perf_counter()
    proc = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    elapsed = (time.perf_counter() - start) * 1000
    if proc.returncode > 1:
        raise SystemExit(
            f"search_time: `{shlex.join(argv)}` exited {proc.returncode}:\n{proc.stderr.strip()}"
        )
    return elapsed, proc.stdout


def count(stdout: str) -> int | None:
    """Hits of a search, documents of a list, from the JSON printed (None if not JSON)."""
    try:
        data = json.loads(stdout)
    except json.JSONDecodeError:
        return None
    if "total" in data:
        return int(data["total"])
    if "documents" in data:
        return len(data["documents"])
    return None


def time_search(
    argv: Sequence[str],
    base: dict[str, str],
    warm_cache: Path,
    scratch: Path,
    runs: int,
    cold_runs: int | None = None,
) -> tuple[Timing, Timing]:
    """Cold and warm wall times of one search command, alternating: a cold run gets a fresh
    cache under ``scratch`` (``cold_runs`` of them, ``runs`` by default), a warm run
    ``warm_cache``, which must hold the index already."""
    label = "kread " + shlex.join(argv[1:])
    cold, warm = Timing(label, list(argv), "cold"), Timing(label, list(argv), "warm")
    for i in range(max(runs, cold_runs or 0)):
        if i < (runs if cold_runs is None else cold_runs):
            cold_cache = scratch / f"cold-{i}"
            elapsed, out = run_once(argv, base, cold_cache)
            cold.samples_ms.append(elapsed)
            cold.hits = count(out)
            shutil.rmtree(cold_cache, ignore_errors=True)
        if i < runs:
            elapsed, out = run_once(argv, base, warm_cache)
            warm.samples_ms.append(elapsed)
            warm.hits = count(out)
    return cold, warm


def measure(
    kread: str,
    queries: Sequence[str],
    runs: int,
    base: dict[str, str],
    corpus: Path | None = None,
) -> list[Timing]:
    python = sys.executable
    where = [] if corpus is None else ["--corpus", str(corpus)]
    timings: list[Timing] = []
    references = [
        ('python -c "import kread.index.library"', [python, "-c", "import kread.index.library"]),
        ("python -c pass", [python, "-c", "pass"]),
    ]
    with tempfile.TemporaryDirectory(prefix="kread-bench-") as tmp:
        tmp_path = Path(tmp)
        warm_cache = tmp_path / "warm"
        run_once([kread, "index", *where], base, warm_cache)
        searches = [[kread, "search", q, "--json", *where] for q in queries]
        listing_argv = [kread, "list", "--json", *where]
        # One untimed run of each command first: bytecode and the OS's file cache warm up.
        for argv in [*searches, listing_argv]:
            run_once(argv, base, warm_cache)
        for _, argv in references:
            run_once(argv, base, None)

        for n, argv in enumerate(searches):
            timings += time_search(argv, base, warm_cache, tmp_path / f"q{n}", runs)

        listing = Timing("kread " + shlex.join(listing_argv[1:]), listing_argv, "warm")
        for _ in range(runs):
            elapsed, out = run_once(listing_argv, base, warm_cache)
            listing.samples_ms.append(elapsed)
            listing.hits = count(out)
        timings.append(listing)

    for label, argv in references:
        timing = Timing(label, argv, "-")
        for _ in range(runs):
            timing.samples_ms.append(run_once(argv, base, None)[0])
        timings.append(timing)
    return timings


def cpu_ms_of(run: Callable[[], tuple[float, str]]) -> tuple[float, float, str]:
    """Wall and CPU time (user + system, of the child process) in ms of ``run()``, and
    its stdout. CPU time is what the machine's load changes least."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    elapsed, out = run()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000
    return elapsed, cpu, out


def measure_warm_start(
    kread: str, corpus: Path | None, queries: Sequence[str], runs: int, base: dict[str, str]
) -> tuple[Timing, list[Timing]]:
    """A bare Python start and `kread list`/`kread search` on a warm index of ``corpus``
    (None: the bundled articles), runs interleaved so drift in the load spreads over all."""
    where = [] if corpus is None else ["--corpus", str(corpus)]
    commands = [[kread, "list", "--json", *where]]
    commands += [[kread, "search", q, "--json", *where] for q in queries]
    with tempfile.TemporaryDirectory(prefix="kread-bench-") as tmp:
        cache = Path(tmp) / "warm"
        run_once([kread, "index", *where], base, cache)
        bare = Timing(BARE[0], BARE[1], "-")
        timings = [Timing("kread " + shlex.join(argv[1:]), argv, "warm") for argv in commands]
        # One untimed run of each first: bytecode and the OS's file cache warm up.
        for timing in [bare, *timings]:
            run_once(timing.argv, base, None if timing is bare else cache)
        for _ in range(runs):
            for timing in [bare, *timings]:
                where_cache = None if timing is bare else cache
                elapsed, cpu, out = cpu_ms_of(
                    lambda t=timing, c=where_cache: run_once(t.argv, base, c)
                )
                timing.samples_ms.append(elapsed)
                timing.cpu_ms.append(cpu)
                timing.hits = count(out)
    return bare, timings


def format_warm_start(name: str, bare: Timing, timings: Sequence[Timing], runs: int) -> str:
    width = max(len(t.label) for t in [bare, *timings])
    lines = [
        f"warm start on {name}, ms (median, min, max of {runs} runs; x: median / bare python's;"
        " cpu: user + system)",
        f"  {'command':<{width}}  {'median':>8} {'min':>8} {'max':>8} {'x':>6}"
        f" {'cpu':>7} {'cpu x':>6} {'hits':>5}",
    ]
    bare_cpu = statistics.median(bare.cpu_ms)
    for t in [bare, *timings]:
        hits = "" if t.hits is None else str(t.hits)
        ratio = t.median_ms / bare.median_ms
        cpu = statistics.median(t.cpu_ms)
        lines.append(
            f"  {t.label:<{width}}  {t.median_ms:>8.1f} {t.min_ms:>8.1f} {t.max_ms:>8.1f}"
            f" {ratio:>5.1f}x {cpu:>7.1f} {cpu / bare_cpu:>5.1f}x {hits:>5}".rstrip()
        )
    return "\n".join(lines)


def large_corpus(size: int, folder: Path) -> Path:
    """A corpus of ``size`` documents by bench/corpus.py, in ``folder``."""
    import corpus as bench_corpus  # bench/corpus.py

    bench_corpus.build(size, folder)
    return folder


def bytecode_note(env: dict[str, str]) -> str:
    if "PYTHONPYCACHEPREFIX" in env:
        return f"cached in {env['PYTHONPYCACHEPREFIX']} (warmed by an untimed run of each command)"
    if env.get("PYTHONDONTWRITEBYTECODE"):
        return "PYTHONDONTWRITEBYTECODE is set: modules without a .pyc are compiled in every run"
    return "as this environment has it"


def format_timings(timings: Sequence[Timing], runs: int) -> str:
    width = max(len(t.label) for t in timings)
    lines = [
        f"wall time per process, ms (median, min, max of {runs} runs)",
        f"  {'command':<{width}}  {'cache':<5} {'median':>8} {'min':>8} {'max':>8} {'hits':>5}",
    ]
    for t in timings:
        hits = "" if t.hits is None else str(t.hits)
        line = (
            f"  {t.label:<{width}}  {t.cache:<5} {t.median_ms:>8.1f} {t.min_ms:>8.1f}"
            f" {t.max_ms:>8.1f} {hits:>5}"
        )
        lines.append(line.rstrip())
    return "\n".join(lines)


def facet_report() -> tuple[str, dict[str, object]]:
    """The tables of bench/facet_scores.py for the default taxonomy, and the figures."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import facet_scores  # bench/facet_scores.py; it puts the repository on sys.path

    from kread.index.facets.taxonomy import load_taxonomy

    taxonomy = load_taxonomy(None)
    tables: list[str] = []
    figures: dict[str, object] = {}
    for name, sentences in facet_scores.load_sets().items():
        result = facet_scores.score(taxonomy, sentences)
        tables.append(facet_scores.format_table(name, result, len(sentences)))
        figures[name] = {
            "sentences": len(sentences),
            "macro_f1": round(result.macro_f1, 4),
            "facets": {
                f.name: {
                    "precision": round(f.precision, 4),
                    "recall": round(f.recall, 4),
                    "f1": round(f.f1, 4),
                    "support": f.support,
                }
                for f in result.labels
            },
        }
    return "\n\n".join(tables), figures


def timing_json(t: Timing) -> dict[str, object]:
    return {
        **asdict(t),
        "median_ms": round(t.median_ms, 2),
        "min_ms": round(t.min_ms, 2),
        "max_ms": round(t.max_ms, 2),
        "samples_ms": [round(s, 2) for s in t.samples_ms],
        "cpu_ms": [round(s, 2) for s in t.cpu_ms],
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = make_parser(__doc__.splitlines()[0], "command")
    parser.add_argument(
        "--query", action="append", dest="queries", help="a query to time (repeatable)"
    )
    parser.add_argument(
        "--corpus", type=Path, help="a folder of articles (default: the bundled articles)"
    )
    parser.add_argument(
        "--large",
        type=int,
        default=1000,
        metavar="N",
        help="documents of the generated corpus of the warm-start figures (default 1000; 0: none)",
    )
    parser.add_argument(
        "--large-corpus", type=Path, metavar="DIR", help="a corpus made by bench/corpus.py"
    )
    parser.add_argument(
        "--warm-start-only", action="store_true", help="only the warm-start figures"
    )
    args = parse_args(parser, argv)

    kread = args.kread or find_kread("search_time")
    queries = args.queries or list(QUERIES)
    print(
        f"kread {kread}\npython {platform.python_version()} on {platform.platform()}, "
        f"{os.cpu_count()} CPUs",
        flush=True,
    )
    with tempfile.TemporaryDirectory(prefix="kread-pycache-") as pycache:
        base = base_env(None if args.keep_env else Path(pycache))
        print(f"bytecode: {bytecode_note(base)}\n", flush=True)
        timings: list[Timing] = []
        if not args.warm_start_only:
            timings = measure(kread, queries, args.runs, base, args.corpus)
            print(format_timings(timings, args.runs), end="\n\n", flush=True)
        warm_start: dict[str, list[Timing]] = {}
        bare, warm = measure_warm_start(kread, args.corpus, queries, args.runs, base)
        name = "the bundled articles" if args.corpus is None else str(args.corpus)
        warm_start[name] = [bare, *warm]
        print(format_warm_start(name, bare, warm, args.runs), end="\n\n", flush=True)
        if args.large_corpus or args.large > 0:
            with tempfile.TemporaryDirectory(prefix="kread-large-") as tmp:
                folder = args.large_corpus or large_corpus(args.large, Path(tmp) / "corpus")
                documents = sum(1 for _ in folder.rglob("*.md"))
                bare, warm = measure_warm_start(kread, folder, LARGE_QUERIES, args.runs, base)
            name = f"{documents} generated articles"
            warm_start[name] = [bare, *warm]
            print(format_warm_start(name, bare, warm, args.runs), end="\n\n", flush=True)
    scores: dict[str, object] = {}
    if not args.warm_start_only:
        tables, scores = facet_report()
        print("facet scores (bench/facet_scores.py, default taxonomy)\n")
        print(tables)

    if args.json:
        figures = {
            "runs": args.runs,
            "kread": kread,
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "bytecode": "env" if args.keep_env else "cached",
            "timings": [timing_json(t) for t in timings],
            "warm_start": {
                name: [
                    timing_json(t) | {"x_bare": round(t.median_ms / ts[0].median_ms, 2)} for t in ts
                ]
                for name, ts in warm_start.items()
            },
            "facet_scores": scores,
        }
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
        print(f"\nfigures written to {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
