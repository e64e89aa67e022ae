"""Run the whole benchmark of issue 6 on corpora of several sizes; print one table, write JSON.

    python bench/run.py                                  # 1k and 10k documents, 5 runs
    python bench/run.py --sizes 1000,10000 --runs 5 --json out.json
    python bench/run.py --quick                          # 1k, 2 runs: a smoke run
    python bench/run.py --sizes 50000 --timeout 7200     # a large corpus, long builds allowed
    python bench/run.py --sizes 50000 --steps build2,launch,search,queries,tantivy,rg,update \
        --cold-runs 0                                    # ... built once, with 2 processes

For each size, bench/corpus.py makes (or reuses) a corpus under ``--work``, then each step
runs in its own process, killed after ``--timeout`` seconds ("timed out after N s"):

1. launch to the first screen with titles, kread vs a bare Textual app (bench/launch.py);
2. `kread search` wall time, warm index and cold (no index) (bench/search_time.py);
3. `kread index --rebuild` with 1 process and with ``--jobs 2`` ("n/a" if that kread has no
   such option): articles per second, index size, peak RSS (bench/index_build.py);
4. incremental update: change 1 file, add 10, remove 10 (bench/index_build.py);
5. query latency of a fixed mix through ``Library.search``, top 20 hits highlighted;
6. search as you type: every prefix of each query of the mix (bench/queries.py);
7. tantivy on the same documents (build with 1 and 2 threads, the same queries) and
   ``rg -l -i -w`` for the single-term queries, as ratios kread/tantivy and kread/rg.

Each figure is the median of several runs (``n`` in the table), with min and max. Builds
take minutes at 10k documents with the current kread, so a build and a cold search run
``--build-runs`` and ``--cold-runs`` times (by default 3 up to 1,000 documents, else 1).
The index of step 3 serves steps 1, 2 and 4-7. The benchmark measures the kread of this
working tree as it is, uncommitted changes included (the JSON records ``git status``).
Figures only, no pass/fail: "met?" compares with the targets of the issue.
Needs: ``apt-get install -y python3.11-doc linux-doc-6.1 ripgrep`` and ``pip install tantivy``
(or ``pip install -e '.[bench]'``).
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import corpus  # noqa: E402
import index_build as build  # noqa: E402  (bench/ is on sys.path: the scripts beside this one)
import queries  # noqa: E402
from common import find_kread  # noqa: E402

SEARCH_QUERIES = ("memory", '"file descriptor"')
LAUNCH_TIMEOUT = 120.0  # seconds one launch may take to show the titles


# -- the steps, each run in a child process ---------------------------------------------------


def step_launch(p: dict[str, Any]) -> dict[str, Any]:
    import launch

    with tempfile.TemporaryDirectory(prefix="kread-launch-") as tmp:
        env = launch.child_env(Path(p["cache"]), Path(tmp) / "pycache")
        series, title = launch.measure(
            p["kread"],
            p["runs"],
            env,
            Path(tmp) / "bare_app.py",
            Path(p["corpus"]),
            timeout=LAUNCH_TIMEOUT,
        )
    kread_run, bare_run = series
    return {
        "title": title,
        "marker": kread_run.marker,
        "kread_ms": [r.marker_ms for r in kread_run.runs],
        "bare_ms": [r.marker_ms for r in bare_run.runs],
        "kread_first_byte_ms": [r.first_byte_ms for r in kread_run.runs],
        "bare_first_byte_ms": [r.first_byte_ms for r in bare_run.runs],
    }


def step_search(p: dict[str, Any]) -> dict[str, Any]:
    import search_time

    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="kread-search-") as tmp:
        base = search_time.base_env(Path(tmp) / "pycache")
        warm = Path(p["cache"])
        for n, query in enumerate(p["queries"]):
            argv = [p["kread"], "search", query, "--json", "--corpus", p["corpus"]]
            search_time.run_once(argv, base, warm)  # untimed: bytecode and file cache
            cold_runs = p["cold_runs"] if n == 0 else 0  # a cold run is a whole build
            cold, warm_t = search_time.time_search(
                argv, base, warm, Path(tmp) / f"q{n}", p["runs"], cold_runs
            )
            out[query] = {
                "warm_ms": warm_t.samples_ms,
                "cold_ms": cold.samples_ms,
                "hits": warm_t.hits,
            }
    return out


def step_build(p: dict[str, Any]) -> dict[str, Any]:
    documents = build.count_documents(Path(p["corpus"]))
    runs = [
        asdict(
            build.build_once(p["kread"], Path(p["corpus"]), Path(p["cache"]), documents, p["jobs"])
        )
        for _ in range(p["runs"])
    ]
    return {"documents": documents, "runs": runs}


def step_update(p: dict[str, Any]) -> dict[str, Any]:
    updates = build.update_runs(p["kread"], Path(p["corpus"]), Path(p["cache"]), p["runs"])
    return {"runs": [asdict(u) for u in updates]}


def step_queries(p: dict[str, Any]) -> dict[str, Any]:
    os.environ["KREAD_CACHE_DIR"] = p["cache"]
    library = queries.open_library(Path(p["corpus"]))
    start = time.perf_counter()
    mix = queries.time_searches(queries.kread_search(library), queries.MIX, p["runs"])
    typing = queries.time_searches(
        queries.kread_typing(library), queries.typed(queries.MIX), p["runs"]
    )
    slowest = sorted(((statistics.median(v), k) for k, v in typing.by_label.items()), reverse=True)[
        :8
    ]
    return {
        "mix": mix.summary(),
        "typing": {**typing.summary(), "by_query_median_ms": None},
        "typing_slowest": [{"query": k, "median_ms": ms} for ms, k in slowest],
        "totals": queries.kread_totals(library, queries.MIX),
        "peak_rss_mb": queries.peak_rss_mb(),
        "seconds": time.perf_counter() - start,
    }


def step_tantivy(p: dict[str, Any]) -> dict[str, Any]:
    os.environ["KREAD_CACHE_DIR"] = p["cache"]
    from kread.index.library import Library

    library = Library.open(Path(p["corpus"]), refresh=False)
    facets = queries.kread_facets(library)
    library.close()
    out: dict[str, Any] = {"build": {}}
    with tempfile.TemporaryDirectory(prefix="kread-tantivy-") as tmp:
        for threads in (1, 2):
            runs = []
            for _ in range(p["build_runs"]):
                folder = Path(tmp) / f"t{threads}"
                index, seconds = queries.tantivy_build(Path(p["corpus"]), folder, threads, facets)
                runs.append({"seconds": seconds, "index_mb": build.folder_size_mb(folder)})
            out["build"][threads] = runs
        search = queries.tantivy_search(index)
        out["mix"] = queries.time_searches(search, queries.MIX, p["runs"]).summary()
        typing = queries.time_searches(search, queries.typed(queries.MIX), p["runs"])
        out["typing"] = {**typing.summary(), "by_query_median_ms": None}
        out["totals"] = queries.tantivy_totals(index, queries.MIX)
    return out


def step_rg(p: dict[str, Any]) -> dict[str, Any]:
    return queries.rg_times(Path(p["corpus"]), queries.single_terms(queries.MIX), p["runs"])


STEPS = {
    "launch": step_launch,
    "search": step_search,
    "build": step_build,
    "update": step_update,
    "queries": step_queries,
    "tantivy": step_tantivy,
    "rg": step_rg,
}


def worker(name: str, params_file: Path, out_file: Path) -> int:
    # SIGTERM (a timeout) as an exception: `finally` blocks stop the apps a step started
    # and put the corpus back.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    params = json.loads(params_file.read_text())
    result = STEPS[name](params)
    out_file.write_text(json.dumps(result), encoding="utf-8")
    return 0


@dataclass
class Outcome:
    result: dict[str, Any] | None
    error: str | None
    seconds: float


def run_step(name: str, params: dict[str, Any], timeout: float, log: Path) -> Outcome:
    """One step in a child process (``--step``), its stderr appended to ``log``."""
    with tempfile.TemporaryDirectory(prefix="kread-step-") as tmp:
        params_file, out_file = Path(tmp) / "params.json", Path(tmp) / "out.json"
        params_file.write_text(json.dumps(params), encoding="utf-8")
        argv = [sys.executable, str(Path(__file__).resolve()), "--step", name]
        argv += [str(params_file), str(out_file)]
        start = time.perf_counter()
        with log.open("a", encoding="utf-8") as err:
            err.write(f"\n=== {name} {json.dumps(params)}\n")
            err.flush()
            proc = subprocess.Popen(argv, stdout=err, stderr=err, cwd=ROOT, start_new_session=True)
            try:
                code = proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                build.kill_group(proc, grace=10)
                return Outcome(None, f"timed out after {timeout:.0f} s", timeout)
        seconds = time.perf_counter() - start
        if code != 0 or not out_file.exists():
            last = log.read_text(encoding="utf-8").strip().splitlines()[-1:] or ["?"]
            return Outcome(None, f"failed (exit {code}): {last[0][:200]}", seconds)
        return Outcome(json.loads(out_file.read_text()), None, seconds)


# -- the table ------------------------------------------------------------------------------


@dataclass
class Row:
    size: int
    figure: str
    unit: str
    median: float | None = None
    min: float | None = None
    max: float | None = None
    n: int = 0
    target: str = ""
    met: bool | None = None
    note: str = ""


def stat(values: Sequence[float]) -> tuple[float, float, float, int]:
    return statistics.median(values), min(values), max(values), len(values)


def row(
    size: int,
    figure: str,
    unit: str,
    values: Sequence[float],
    target: str = "",
    ok: Any = None,
    note: str = "",
) -> Row:
    """A row of the median, min and max of ``values``; ``ok(median)`` says if a target is met."""
    median, low, high, n = stat(values)
    return Row(size, figure, unit, median, low, high, n, target, ok(median) if ok else None, note)


def missing(size: int, figure: str, why: str, target: str = "") -> Row:
    return Row(size, figure, "", target=target, note=why)


def fmt(value: float | None) -> str:
    if value is None:
        return "-"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.3g}" if abs(value) < 10 else f"{value:.1f}"


def format_table(rows: Sequence[Row]) -> str:
    """Aligned columns; a figure a step could not give has a dash and the reason why."""
    head = ["size", "figure", "unit", "median", "min", "max", "n", "target", "met?", "note"]
    lines = [head]
    notes = []
    for r in rows:
        met = "" if r.met is None else ("yes" if r.met else "NO")
        figures = [fmt(r.median), fmt(r.min), fmt(r.max), str(r.n) if r.n else "-"]
        why = r.note if r.median is None else ""
        lines.append([f"{r.size:,}", r.figure, r.unit, *figures, r.target, met, why])
        if r.note and r.median is not None:
            notes.append(f"  {r.figure} ({r.size:,}): {r.note}")
    widths = [max(len(line[i]) for line in lines) for i in range(len(head))]
    left = {1, 2, 7, 9}
    out = [
        "  ".join(
            cell.ljust(widths[i]) if i in left else cell.rjust(widths[i])
            for i, cell in enumerate(line)
        ).rstrip()
        for line in lines
    ]
    out.insert(1, "-" * max(len(line) for line in out))
    return "\n".join(out) + ("\nnotes:\n" + "\n".join(notes) if notes else "")


def rows_for(size: int, steps: dict[str, Outcome], jobs: bool) -> list[Row]:
    """The table's rows for one corpus size from what the steps returned."""
    rows: list[Row] = []
    at_10k = size == 10_000
    rss_target = "< 300 MB at 10k" if at_10k else ""

    def failed(name: str) -> str | None:
        outcome = steps.get(name)
        if outcome is None:
            return "not run"
        return outcome.error

    def result(name: str) -> dict[str, Any]:
        outcome = steps[name]
        assert outcome.result is not None
        return outcome.result

    # 1. launch
    if why := failed("launch"):
        rows.append(missing(size, "first screen, kread / bare Textual", why, "<= 1.3"))
    else:
        r = result("launch")
        rows.append(row(size, "first screen, kread", "ms", r["kread_ms"]))
        rows.append(row(size, "first screen, bare Textual app", "ms", r["bare_ms"]))
        ratios = [k / b for k, b in zip(r["kread_ms"], r["bare_ms"], strict=True)]
        rows.append(
            row(
                size,
                "first screen, kread / bare Textual",
                "x",
                ratios,
                "<= 1.3",
                lambda v: v <= 1.3,
                "ratio of the paired runs (launches alternate)",
            )
        )
    # 2. kread search from the shell
    if why := failed("search"):
        rows.append(missing(size, "kread search, warm index", why))
    else:
        for query, r in result("search").items():
            rows.append(row(size, f"kread search {query}, warm index", "ms", r["warm_ms"]))
            if r["cold_ms"]:
                rows.append(
                    row(
                        size,
                        f"kread search {query}, cold (no index)",
                        "ms",
                        r["cold_ms"],
                        note="a cold search builds the whole index first",
                    )
                )
    # 3. builds
    for label, name, target in (
        ("1 process", "build", ""),
        ("2 processes", "build2", ">= 500/s"),
    ):
        why = failed(name)
        if name == "build2" and not jobs:
            why = "n/a: `kread index` has no --jobs option"
        if why:
            rows.append(missing(size, f"index build, {label}", why, target))
            continue
        runs = result(name)["runs"]
        rows.append(
            row(
                size,
                f"index build, {label}",
                "articles/s",
                [b["articles_per_s"] for b in runs],
                target,
                (lambda v: v >= 500) if target else None,
            )
        )
        rows.append(
            row(size, f"index build, {label}, wall time", "s", [b["seconds"] for b in runs])
        )
        rows.append(
            row(
                size,
                f"index build, {label}, peak RSS",
                "MB",
                [b["peak_rss_mb"] for b in runs],
                rss_target,
                (lambda v: v < 300) if at_10k else None,
            )
        )
        if name == "build":
            rows.append(row(size, "index size", "MB", [b["index_mb"] for b in runs]))
    # 4. updates
    if why := failed("update"):
        rows.append(missing(size, "update after changing 1 file", why))
    else:
        runs = result("update")["runs"]
        rows.append(
            row(
                size,
                "update after changing 1 file (Library.refresh)",
                "s",
                [u["change_one_s"] for u in runs],
                "< 0.5 s at 10k" if at_10k else "",
                (lambda v: v < 0.5) if at_10k else None,
            )
        )
        rows.append(
            row(
                size,
                "update after adding 10 (Library.refresh)",
                "s",
                [u["add_ten_s"] for u in runs],
            )
        )
        rows.append(
            row(
                size,
                "update after removing 10 (Library.refresh)",
                "s",
                [u["remove_ten_s"] for u in runs],
            )
        )
        rows.append(
            row(
                size,
                "update after changing 1 file (kread index)",
                "s",
                [u["change_one_cli_s"] for u in runs],
                note="a whole process from the shell",
            )
        )
    # 5, 6. queries
    kread_q = None if failed("queries") else result("queries")
    if kread_q is None:
        rows.append(missing(size, "query latency, the mix", failed("queries") or ""))
    else:
        for key, label in (("mix", "query latency, the mix"), ("typing", "search as you type")):
            for p in ("p50", "p95"):
                s = kread_q[key][p]
                target, ok = "", None
                if key == "typing" and p == "p95" and size in (10_000, 50_000):
                    limit = 50 if size == 10_000 else 150
                    target, ok = f"<= {limit} ms", (lambda v, limit=limit: v <= limit)
                rows.append(
                    Row(
                        size,
                        f"{label}, {p}",
                        "ms",
                        s["median"],
                        s["min"],
                        s["max"],
                        s["n"],
                        target,
                        ok(s["median"]) if ok else None,
                    )
                )
        rows.append(
            row(
                size,
                "peak RSS, Library open + all queries",
                "MB",
                [kread_q["peak_rss_mb"]],
                rss_target,
                (lambda v: v < 300) if at_10k else None,
            )
        )
    # 7. tantivy and rg
    if why := failed("tantivy"):
        rows.append(missing(size, "tantivy", why))
    else:
        t = result("tantivy")
        documents = result("build")["documents"] if not failed("build") else size
        for threads, runs in t["build"].items():
            rows.append(
                row(
                    size,
                    f"tantivy build, {threads} thread{'s' if threads != '1' else ''}",
                    "articles/s",
                    [documents / b["seconds"] for b in runs],
                )
            )
        rows.append(row(size, "tantivy index size", "MB", [b["index_mb"] for b in t["build"]["1"]]))
        for key, label in (("mix", "the mix"), ("typing", "as you type")):
            for p in ("p50", "p95"):
                s = t[key][p]
                figure = f"tantivy, {label}, {p}"
                rows.append(Row(size, figure, "ms", s["median"], s["min"], s["max"], s["n"]))
                if kread_q is not None:
                    ratio = kread_q[key][p]["median"] / s["median"]
                    rows.append(
                        Row(
                            size,
                            f"kread / tantivy, {label}, {p}",
                            "x",
                            ratio,
                            ratio,
                            ratio,
                            1,
                            "<= 3",
                            ratio <= 3,
                        )
                    )
    if why := failed("rg"):
        rows.append(missing(size, "rg -l -i -w, single terms", why))
    else:
        rg = result("rg")
        rows.append(
            row(size, "rg -l -i -w, single terms", "ms", [v["median"] for v in rg.values()])
        )
        if kread_q is not None:
            ratios = [
                kread_q["mix"]["by_query_median_ms"][term] / v["median"] for term, v in rg.items()
            ]
            rows.append(
                row(
                    size,
                    "kread / rg, single terms",
                    "x",
                    ratios,
                    note="per term: kread's median latency / rg's median wall time; "
                    "median, min, max over the terms",
                )
            )
    return rows


# -- the run --------------------------------------------------------------------------------


@contextlib.contextmanager
def corpus_restored(folder: Path) -> Iterator[None]:
    """Whatever the update step does (it may be killed halfway), the corpus is as before."""
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.suffix == ".md"}
    try:
        yield
    finally:
        for path in folder.iterdir():
            if path.suffix == ".md" and path.name not in before:
                path.unlink()
        for name, data in before.items():
            path = folder / name
            if not path.exists() or path.read_bytes() != data:
                path.write_bytes(data)


@contextlib.contextmanager
def work_lock(work: Path) -> Iterator[None]:
    """Only one run at a time in a work folder: the update step edits the corpus in place
    and every run reuses the same index folders."""
    with (work / ".lock").open("w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise SystemExit(
                f"run: another bench/run.py is using {work}; wait for it or give --work "
                "another folder"
            ) from None
        yield


def ensure_corpus(size: int, work: Path) -> Path:
    folder = work / f"corpus-{size}"
    manifest = folder / ".corpus.json"
    if manifest.exists() and json.loads(manifest.read_text()).get("size") == size:
        return folder
    print(f"making a corpus of {size} documents in {folder} ...", file=sys.stderr, flush=True)
    corpus.build(size, folder)
    return folder


def git_state() -> dict[str, Any]:
    """The commit measured and the files changed since, or nothing outside a git checkout."""

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True, check=False
        ).stdout.strip()

    return {"commit": git("rev-parse", "HEAD"), "status": git("status", "--porcelain").splitlines()}


def describe(state: dict[str, Any]) -> str:
    if not state["commit"]:
        return f"{ROOT}, not a git checkout"
    changed = f", {len(state['status'])} files changed" if state["status"] else ""
    return f"commit {state['commit'][:10]}{changed}"


def run_size(size: int, args: argparse.Namespace, kread: str, jobs: bool) -> dict[str, Any]:
    folder = ensure_corpus(size, args.work)
    cache = args.work / f"cache-{size}"
    small = size <= 1000
    build_runs = args.build_runs or (3 if small else 1)
    cold_runs = (
        args.cold_runs if args.cold_runs is not None else (min(3, args.runs) if small else 1)
    )
    base = {"kread": kread, "corpus": str(folder), "cache": str(cache), "runs": args.runs}
    log = args.work / f"log-{size}.txt"
    steps: dict[str, Outcome] = {}

    def step(key: str, name: str, **extra: Any) -> None:
        if key not in args.steps:
            return
        print(f"[{size}] {key} ...", file=sys.stderr, flush=True)
        outcome = run_step(name, {**base, **extra}, args.timeout, log)
        steps[key] = outcome
        state = outcome.error or "done"
        print(f"[{size}] {key}: {state} ({outcome.seconds:.0f} s)", file=sys.stderr, flush=True)

    # With --jobs, kread's default is a process per CPU: ask for one explicitly.
    step("build", "build", runs=build_runs, jobs=1 if jobs else None)
    index_ready = "build" in steps and steps["build"].error is None
    if not index_ready and "build" in args.steps:
        why = f"skipped: no index ({steps['build'].error})"
        for key in ("launch", "search", "queries", "tantivy", "update"):
            steps[key] = Outcome(None, why, 0)
    if jobs:
        jobs2 = Path(str(cache) + "-jobs2")
        step("build2", "build", runs=build_runs, jobs=2, cache=str(jobs2))
        if "build" not in args.steps and "build2" in steps and steps["build2"].error is None:
            # No one-process build asked for (a large corpus): this index serves the rest.
            shutil.rmtree(cache, ignore_errors=True)
            jobs2.rename(cache)
        shutil.rmtree(jobs2, ignore_errors=True)
    if index_ready or "build" not in args.steps:
        step("launch", "launch", runs=max(args.runs, 3))
        step("search", "search", queries=list(SEARCH_QUERIES), cold_runs=cold_runs)
        step("queries", "queries")
        step("tantivy", "tantivy", build_runs=build_runs)
    step("rg", "rg")
    if index_ready or "build" not in args.steps:
        with corpus_restored(folder):
            step("update", "update")
    if not args.keep:
        shutil.rmtree(cache, ignore_errors=True)
    rows = rows_for(size, steps, jobs)
    return {
        "corpus": json.loads((folder / ".corpus.json").read_text()),
        "rows": [asdict(r) for r in rows],
        "steps": {k: asdict(v) for k, v in steps.items()},
    }


def main(argv: Sequence[str] | None = None) -> int:
    if argv is None and len(sys.argv) > 1 and sys.argv[1] == "--step":
        return worker(sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4]))
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        epilog="Steps: " + ", ".join(ALL_STEPS) + ".",
    )
    parser.add_argument("--sizes", default="1000,10000", help="corpus sizes (1000,10000)")
    parser.add_argument("--runs", type=int, default=5, help="runs of each figure (5)")
    parser.add_argument("--build-runs", type=int, help="builds per figure (3 up to 1k, else 1)")
    parser.add_argument("--cold-runs", type=int, help="cold searches (3 up to 1k, else 1)")
    parser.add_argument(
        "--timeout", type=float, default=3600, help="seconds any one step may take (3600)"
    )
    parser.add_argument("--steps", default=",".join(ALL_STEPS), help="only these steps")
    parser.add_argument("--quick", action="store_true", help="1k documents, 2 runs, 1 build")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the figures here")
    parser.add_argument(
        "--work",
        type=Path,
        default=Path(tempfile.gettempdir()) / "kread-bench",
        help="where corpora (kept) and indexes (removed) go (%(default)s)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the indexes too")
    parser.add_argument("--kread", help="the kread command (default: the one beside this Python)")
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes, args.runs = "1000", 2
        args.build_runs = args.build_runs or 1
        args.cold_runs = 1 if args.cold_runs is None else args.cold_runs
    try:
        sizes = [int(s.replace("_", "").replace("k", "000")) for s in args.sizes.split(",")]
    except ValueError:
        parser.error(f"--sizes takes numbers like 1000,10000, not {args.sizes!r}")
    args.steps = set(args.steps.split(","))
    if unknown := args.steps - set(ALL_STEPS):
        parser.error(f"unknown steps {sorted(unknown)}; the steps are {', '.join(ALL_STEPS)}")
    if args.runs < 1 or any(s < 20 for s in sizes):
        parser.error("--runs must be at least 1 and each size at least 20")
    corpus.check_sources()
    kread = args.kread or find_kread("run")
    args.work = args.work.resolve()
    args.work.mkdir(parents=True, exist_ok=True)
    jobs = build.supports_jobs(kread)
    figures: dict[str, Any] = {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "kread": kread,
        "git": git_state(),
        "jobs_option": jobs,
        "runs": args.runs,
        "timeout_s": args.timeout,
        "queries": [asdict(q) for q in queries.MIX],
        "sizes": {},
    }
    rows: list[Row] = []
    started = time.perf_counter()
    with work_lock(args.work):
        for size in sizes:
            figures["sizes"][size] = run_size(size, args, kread, jobs)
            rows += [Row(**r) for r in figures["sizes"][size]["rows"]]
            if args.json:  # written after each size, so a long run leaves what it has
                args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(
        f"kread {kread} ({describe(figures['git'])}); "
        f"python {figures['python']}, {figures['cpus']} CPUs; "
        f"{time.perf_counter() - started:.0f} s in all; logs in {args.work}\n"
    )
    for size in sizes:
        c = figures["sizes"][size]["corpus"]
        print(
            f"corpus {size:,}: {c['originals']} original documents, "
            f"{c['size'] - c['originals']} regroupings; {c['distinct_bodies']} distinct bodies; "
            f"{c['words']['total']:,} words ({c['words']['min']}-{c['words']['max']} a document)"
        )
    print("query mix: " + "; ".join(f"{q.kind}: {q.label}" for q in queries.MIX) + "\n")
    print(format_table(rows))
    print(
        "  kread / tantivy: the ratio of the two medians; search as you type: the same "
        "Library.search call for every prefix of each query of the mix"
    )
    if args.json:
        print(f"\nfigures written to {args.json}")
    return 0


ALL_STEPS = ("build", "build2", "launch", "search", "queries", "tantivy", "rg", "update")

if __name__ == "__main__":
    raise SystemExit(main())
