"""Index build and incremental update of a corpus: wall time, articles per second, index size
and peak RSS, through the `kread index` command and `Library.refresh`.

    python bench/index_build.py --corpus DIR                  # 1 process, 3 runs
    python bench/index_build.py --corpus DIR --jobs 2 --runs 1
    python bench/index_build.py --corpus DIR --update         # change 1 file, add 10, remove 10

A build is ``kread index --rebuild --corpus DIR`` (``--jobs N`` when that kread has the
option) with ``KREAD_CACHE_DIR`` set to a fresh folder; its peak RSS is the child's
``ru_maxrss`` as a wrapper process sees it (``RUSAGE_CHILDREN``), and the index size is the
size of the cache folder after it. An update works on the corpus in place and puts it back:
one file gets a new paragraph, ten new files are added, then those ten are removed, each
followed by ``Library.refresh()`` in this process (as the reader refreshes) and, for the
changed file, also by a whole ``kread index`` process. Figures only; not a test.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: kread's own packages, for Library
    sys.path.insert(0, str(ROOT))

# Runs a command and writes its exit code and peak RSS (KiB) to the file named first.
RUSAGE_WRAPPER = """\
import resource, subprocess, sys
code = subprocess.call(sys.argv[2:])
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
open(sys.argv[1], "w").write(f"{code} {peak}")
"""


class StepTimeout(Exception):
    """A command ran longer than its time limit and was killed."""


@dataclass
class Measured:
    seconds: float
    peak_rss_mb: float
    returncode: int
    stderr: str


def run_measured(
    argv: Sequence[str], env: dict[str, str], timeout: float | None = None
) -> Measured:
    """Wall time and peak RSS of one process; the whole process group is killed at ``timeout``."""
    with tempfile.NamedTemporaryFile(prefix="kread-rusage-", delete=False) as handle:
        report = Path(handle.name)
    try:
        start = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-c", RUSAGE_WRAPPER, str(report), *argv],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        try:
            _, stderr = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            kill_group(proc)
            raise StepTimeout(f"timed out after {timeout:.0f} s") from None
        except BaseException:  # this process is being stopped: stop the build too
            kill_group(proc)
            raise
        seconds = time.perf_counter() - start
        code, peak = report.read_text().split()
    finally:
        report.unlink(missing_ok=True)
    return Measured(seconds, int(peak) / 1024, int(code), stderr)


def kill_group(proc: subprocess.Popen, grace: float = 0.0) -> None:
    """Stop a process started with ``start_new_session``, and all it started: SIGTERM and
    ``grace`` seconds to clean up first if ``grace``, then SIGKILL; reaped."""
    signals = ((signal.SIGTERM, grace),) if grace else ()
    for sig, wait in (*signals, (signal.SIGKILL, None)):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
        try:
            proc.communicate(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def supports_jobs(kread: str) -> bool:
    """Whether `kread index` has the ``--jobs`` option."""
    out = subprocess.run([kread, "index", "--help"], capture_output=True, text=True, check=False)
    return "--jobs" in out.stdout


def folder_size_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 2**20


def kread_env(cache: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["KREAD_CACHE_DIR"] = str(cache)
    return env


@dataclass
class Build:
    seconds: float
    articles_per_s: float
    index_mb: float
    peak_rss_mb: float


def build_once(
    kread: str,
    corpus: Path,
    cache: Path,
    documents: int,
    jobs: int | None = None,
    timeout: float | None = None,
) -> Build:
    """One ``kread index --rebuild`` into an emptied ``cache``."""
    shutil.rmtree(cache, ignore_errors=True)
    cache.mkdir(parents=True)
    argv = [kread, "index", "--rebuild", "--corpus", str(corpus)]
    if jobs is not None:
        argv += ["--jobs", str(jobs)]
    result = run_measured(argv, kread_env(cache), timeout)
    if result.returncode != 0:
        raise RuntimeError(f"`{' '.join(argv)}` exited {result.returncode}: {result.stderr}")
    return Build(
        result.seconds, documents / result.seconds, folder_size_mb(cache), result.peak_rss_mb
    )


def count_documents(corpus: Path) -> int:
    return sum(1 for p in corpus.iterdir() if p.suffix in (".md", ".txt") and p.is_file())


@dataclass
class Update:
    change_one_s: float
    add_ten_s: float
    remove_ten_s: float
    change_one_cli_s: float
    change_one_cli_rss_mb: float


def extra_articles(corpus: Path, n: int = 10) -> list[tuple[str, str]]:
    """(file name, text) of ``n`` articles the corpus does not have: the next ones that
    bench/corpus.py makes after the corpus's own."""
    import corpus as builder  # bench/corpus.py, beside this file

    size = json.loads((corpus / ".corpus.json").read_text())["size"]
    out = []
    for index, article in enumerate(builder.articles(size + n)):
        if index >= size:
            out.append((f"zz-added-{builder.file_name(index, article)}", builder.render(article)))
    return out


def update_runs(kread: str, corpus: Path, cache: Path, runs: int) -> list[Update]:
    """``runs`` rounds of: change one file, add ten, remove those ten, each brought into the
    index by ``Library.refresh()``; the changed file is put back at the end."""
    from kread.index.library import Library

    os.environ["KREAD_CACHE_DIR"] = str(cache)
    library = Library.open(corpus, refresh=False)
    library.refresh()  # the index is current before the first round
    extra = extra_articles(corpus)
    target = sorted(p for p in corpus.iterdir() if p.suffix == ".md")[len(extra)]
    original = target.read_bytes()
    results = []
    try:
        for n in range(runs):
            target.write_bytes(original + f"\nA paragraph added in round {n}.\n".encode())
            start = time.perf_counter()
            report = library.refresh()
            change = time.perf_counter() - start
            assert report.changed, report
            for name, text in extra:
                (corpus / name).write_text(text, encoding="utf-8")
            start = time.perf_counter()
            report = library.refresh()
            add = time.perf_counter() - start
            assert len(report.added) == len(extra), report
            for name, _ in extra:
                (corpus / name).unlink()
            start = time.perf_counter()
            report = library.refresh()
            remove = time.perf_counter() - start
            assert len(report.removed) == len(extra), report
            # The same change seen by a fresh `kread index` process, as from the shell.
            target.write_bytes(original + f"\nAnother paragraph, round {n}.\n".encode())
            cli = run_measured([kread, "index", "--corpus", str(corpus)], kread_env(cache))
            results.append(Update(change, add, remove, cli.seconds, cli.peak_rss_mb))
    finally:
        for name, _ in extra:
            (corpus / name).unlink(missing_ok=True)
        target.write_bytes(original)
        library.close()
    library = Library.open(corpus)  # the index matches the corpus again
    library.close()
    return results


def summary(values: Sequence[float]) -> dict[str, float]:
    return {
        "median": statistics.median(values),
        "min": min(values),
        "max": max(values),
        "n": len(values),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True, help="a folder of articles")
    parser.add_argument("--runs", type=int, default=3, help="runs of each figure (3)")
    parser.add_argument("--jobs", type=int, help="pass --jobs N to kread index")
    parser.add_argument("--update", action="store_true", help="time updates instead of builds")
    parser.add_argument("--kread", help="the kread command (default: the one beside this Python)")
    parser.add_argument("--timeout", type=float, help="seconds one build may take")
    args = parser.parse_args(argv)
    from common import find_kread

    kread = args.kread or find_kread("index_build")
    if args.jobs is not None and not supports_jobs(kread):
        parser.error("this kread's `index` has no --jobs option")
    corpus = args.corpus.resolve()
    documents = count_documents(corpus)
    with tempfile.TemporaryDirectory(prefix="kread-build-") as tmp:
        cache = Path(tmp) / "cache"
        if args.update:
            build_once(kread, corpus, cache, documents, timeout=args.timeout)
            updates = update_runs(kread, corpus, cache, args.runs)
            for name in Update.__dataclass_fields__:
                print(f"{name:<24} " + json.dumps(summary([getattr(u, name) for u in updates])))
            return 0
        builds = [
            build_once(kread, corpus, cache, documents, args.jobs, args.timeout)
            for _ in range(args.runs)
        ]
    print(f"{documents} documents, jobs {args.jobs or 1}")
    for name in Build.__dataclass_fields__:
        print(f"{name:<16} " + json.dumps(summary([asdict(b)[name] for b in builds])))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
