"""Query latency through kread's `Library` (a fixed mix, and search as you type) next to
tantivy on the same documents and ripgrep on the raw files.

    python bench/queries.py --corpus DIR                 # kread: the mix and as-you-type
    python bench/queries.py --corpus DIR --tantivy --rg  # and the comparisons
    python bench/queries.py --corpus DIR --profile       # cProfile of as-you-type, top 25

kread: ``Library.open(corpus)`` (the index in ``KREAD_CACHE_DIR``, built first if missing),
then ``lib.search(query, facets, limit=20, matches=False)``: the top 20 hits with their
highlighted snippets, facet counts and "did you mean" (match offsets over a whole text are
found when the reader opens a hit). One untimed pass first. *Search as you type* issues
every prefix of each query of the mix, character by character, as the reader's search
screen does at each keystroke in an 80x24 terminal (without its debounce): ``typing=True``
(the last word completed), ``keystroke=True`` (the 6 hits the screen shows, each with its
snippet, nothing counted past them), no "did you mean". Each run gives the
p50 and p95 over its searches; the report has the median, min and max of those over the
runs.

tantivy (a bench-only dependency: ``pip install tantivy``) indexes the same files (title and
body with its ``en_stem`` tokenizer, and each document's facets as kread classified them)
with 1 and with 2 writer threads, then answers the same mix: top 20 and a
``SnippetGenerator`` snippet of each. It does less per query than kread (no facet counts,
no spelling suggestion, no match offsets over the whole text). ripgrep runs
``rg -l -i -w TERM DIR`` for the single-term queries of the mix. Figures only; not a test.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: kread's own packages, for Library
    sys.path.insert(0, str(ROOT))

LIMIT = 20


@dataclass(frozen=True)
class Query:
    kind: str
    text: str
    facets: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return self.text + "".join(f" [facet {f}]" for f in self.facets)


# Words the Python and kernel manuals use often, rarely, and in between.
MIX = (
    Query("single term", "memory"),
    Query("single term", "deadlock"),
    Query("single term", "unicode"),
    Query("two terms", "thread lock"),
    Query("phrase", '"file descriptor"'),
    Query("prefix", "interrup*"),
    Query("fuzzy", "schedulr~"),
    Query("facet filter", "error", ("risks",)),
)


def percentile(values: Sequence[float], p: float) -> float:
    """The ``p``-th percentile (0-100), linear between the closest ranks."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    rank = (len(ordered) - 1) * p / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def spread(values: Sequence[float]) -> dict[str, float]:
    """Median, min and max, and how many values."""
    return {
        "median": statistics.median(values),
        "min": min(values),
        "max": max(values),
        "n": len(values),
    }


@dataclass
class Series:
    """Latencies in ms, one list per run; ``by_label`` keeps each search's own samples."""

    runs: list[list[float]]
    by_label: dict[str, list[float]]

    def summary(self) -> dict[str, Any]:
        return {
            "p50": spread([percentile(r, 50) for r in self.runs]),
            "p95": spread([percentile(r, 95) for r in self.runs]),
            "pooled_p50": percentile([v for r in self.runs for v in r], 50),
            "pooled_p95": percentile([v for r in self.runs for v in r], 95),
            "searches_per_run": len(self.runs[0]) if self.runs else 0,
            "by_query_median_ms": {k: statistics.median(v) for k, v in self.by_label.items()},
        }


def prefixes(query: Query) -> Iterator[Query]:
    """What the search box holds after each keystroke of ``query``."""
    for end in range(1, len(query.text) + 1):
        yield Query(query.kind, query.text[:end], query.facets)


def time_searches(search: Callable[[Query], object], queries: Sequence[Query], runs: int) -> Series:
    """Each query once per run, after one untimed pass; ms per search."""
    for query in queries:
        search(query)
    series = Series([], {q.label: [] for q in queries})
    for _ in range(runs):
        samples = []
        for query in queries:
            start = time.perf_counter()
            search(query)
            elapsed = (time.perf_counter() - start) * 1000
            samples.append(elapsed)
            series.by_label[query.label].append(elapsed)
        series.runs.append(samples)
    return series


# -- kread ----------------------------------------------------------------------------------


def open_library(corpus: Path) -> Any:
    from kread.index.library import Library

    return Library.open(corpus)


def kread_search(library: Any) -> Callable[[Query], object]:
    def search(query: Query) -> object:
        return library.search(query.text, query.facets, limit=LIMIT, matches=False)

    return search


def kread_typing(library: Any) -> Callable[[Query], object]:
    """A search as the reader's search screen issues it at a keystroke in 80x24: it asks
    for the hits that screen shows."""
    from kread.tui.screens.search import hits_on_screen

    shown = hits_on_screen(24)

    def search(query: Query) -> object:
        return library.search(
            query.text,
            query.facets,
            limit=shown,
            matches=False,
            typing=True,
            suggest=False,
            keystroke=True,
        )

    return search


def kread_totals(library: Any, queries: Sequence[Query]) -> dict[str, int]:
    return {q.label: library.search(q.text, q.facets, limit=LIMIT).total for q in queries}


def typed(queries: Sequence[Query]) -> list[Query]:
    return [p for q in queries for p in prefixes(q)]


def peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def profile_typing(library: Any, queries: Sequence[Query], top: int = 25) -> str:
    """cProfile of one pass of search as you type: the ``top`` functions by own time and by
    cumulative time."""
    search = kread_typing(library)
    profile = cProfile.Profile()
    profile.enable()
    for query in typed(queries):
        search(query)
    profile.disable()
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out).strip_dirs()
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    return out.getvalue()


# -- tantivy --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Article:
    id: str
    title: str
    body: str


FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)


def read_article(path: Path) -> Article:
    """Title from the front matter bench/corpus.py writes; the rest is the body."""
    text = path.read_text(encoding="utf-8")
    title, body = path.stem, text
    if match := FRONT_MATTER.match(text):
        body = text[match.end() :]
        for line in match.group(1).splitlines():
            if line.startswith("title: "):
                title = json.loads(line.removeprefix("title: "))
    return Article(path.stem, title, body)


def article_files(corpus: Path) -> list[Path]:
    return sorted(p for p in corpus.iterdir() if p.suffix in (".md", ".txt") and p.is_file())


def tantivy_schema() -> Any:
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw")
    builder.add_text_field("title", stored=True, tokenizer_name="en_stem")
    builder.add_text_field("body", stored=True, tokenizer_name="en_stem")
    builder.add_text_field("facet", tokenizer_name="raw")
    return builder.build()


def tantivy_build(
    corpus: Path, folder: Path, threads: int, facets: dict[str, list[str]]
) -> tuple[Any, float]:
    """A tantivy index of the corpus in ``folder``; the index and the seconds it took,
    reading the files included (as kread's build reads them)."""
    import tantivy

    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    start = time.perf_counter()
    index = tantivy.Index(tantivy_schema(), path=str(folder))
    writer = index.writer(heap_size=128_000_000, num_threads=threads)
    for path in article_files(corpus):
        article = read_article(path)
        writer.add_document(
            tantivy.Document(
                id=article.id,
                title=article.title,
                body=article.body,
                facet=facets.get(article.id, []),
            )
        )
    writer.commit()
    writer.wait_merging_threads()
    seconds = time.perf_counter() - start
    index.reload()
    return index, seconds


PREFIX = re.compile(r"(\w+)\*")
FUZZY = re.compile(r"(\w+)~")


def tantivy_query(index: Any, query: Query) -> Any:
    """The mix's queries in tantivy's terms: words ANDed over title and body, a phrase as
    a phrase, ``word*`` as a regex over the terms, ``word~`` as a fuzzy term (distance 1,
    as Whoosh's), a facet as a required term."""
    import tantivy

    schema = index.schema
    text = query.text.strip()
    fields = ("title", "body")
    if PREFIX.fullmatch(text):
        word = PREFIX.fullmatch(text).group(1).lower()  # type: ignore[union-attr]
        parts = [tantivy.Query.regex_query(schema, f, re.escape(word) + ".*") for f in fields]
        q = tantivy.Query.boolean_query([(tantivy.Occur.Should, p) for p in parts])
    elif FUZZY.fullmatch(text):
        word = FUZZY.fullmatch(text).group(1).lower()  # type: ignore[union-attr]
        parts = [tantivy.Query.fuzzy_term_query(schema, f, word, distance=1) for f in fields]
        q = tantivy.Query.boolean_query([(tantivy.Occur.Should, p) for p in parts])
    else:
        q, _errors = index.parse_query_lenient(text, list(fields), conjunction_by_default=True)
    if query.facets:
        musts = [(tantivy.Occur.Must, q)]
        musts += [
            (tantivy.Occur.Must, tantivy.Query.term_query(schema, "facet", f)) for f in query.facets
        ]
        q = tantivy.Query.boolean_query(musts)
    return q


def tantivy_search(index: Any) -> Callable[[Query], object]:
    import tantivy

    searcher = index.searcher()
    schema = index.schema

    def search(query: Query) -> object:
        q = tantivy_query(index, query)
        result = searcher.search(q, LIMIT)
        generator = tantivy.SnippetGenerator.create(searcher, q, schema, "body")
        generator.set_max_num_chars(280)  # kread: two fragments of 140 characters
        hits = []
        for _score, address in result.hits:
            doc = searcher.doc(address)
            snippet = generator.snippet_from_doc(doc)
            hits.append((doc["id"][0], snippet.fragment(), snippet.highlighted()))
        return hits

    return search


def tantivy_totals(index: Any, queries: Sequence[Query]) -> dict[str, int]:
    searcher = index.searcher()
    return {q.label: searcher.search(tantivy_query(index, q), 1).count for q in queries}


def kread_facets(library: Any) -> dict[str, list[str]]:
    """Each document's facets as kread classified them, for tantivy's facet field."""
    return {d.id: [name for name, n in d.facet_counts.items() if n] for d in library.documents()}


# -- ripgrep --------------------------------------------------------------------------------


def rg_times(corpus: Path, terms: Sequence[str], runs: int) -> dict[str, dict[str, Any]]:
    """Wall ms of ``rg -l -i -w TERM DIR`` per term (one untimed run first), and files found."""
    rg = shutil.which("rg")
    if rg is None:
        raise SystemExit("queries: no `rg`; install it with: apt-get install -y ripgrep")
    out: dict[str, dict[str, Any]] = {}
    for term in terms:
        argv = [rg, "-l", "-i", "-w", term, str(corpus)]
        subprocess.run(argv, capture_output=True, check=False)
        samples = []
        files = 0
        for _ in range(runs):
            start = time.perf_counter()
            proc = subprocess.run(argv, capture_output=True, check=False)
            samples.append((time.perf_counter() - start) * 1000)
            files = len(proc.stdout.splitlines())
        out[term] = {**spread(samples), "files": files}
    return out


def single_terms(queries: Sequence[Query]) -> list[str]:
    return [q.text for q in queries if q.kind == "single term"]


# -- the command ----------------------------------------------------------------------------


def format_series(name: str, summary: dict[str, Any]) -> str:
    def row(what: str) -> str:
        s = summary[what]
        return f"{s['median']:8.1f} {s['min']:8.1f} {s['max']:8.1f}"

    lines = [
        f"{name} ({summary['searches_per_run']} searches per run), ms: median min max",
        f"  p50 {row('p50')}",
        f"  p95 {row('p95')}",
    ]
    for label, ms in summary["by_query_median_ms"].items():
        lines.append(f"    {ms:8.1f}  {label}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True, help="a folder of articles")
    parser.add_argument("--runs", type=int, default=5, help="passes over the mix (5)")
    parser.add_argument("--tantivy", action="store_true", help="also tantivy (pip install it)")
    parser.add_argument("--rg", action="store_true", help="also rg on the single-term queries")
    parser.add_argument("--profile", action="store_true", help="cProfile search as you type")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the figures here")
    args = parser.parse_args(argv)
    corpus = args.corpus.resolve()
    figures: dict[str, Any] = {"corpus": str(corpus), "runs": args.runs}
    with tempfile.TemporaryDirectory(prefix="kread-queries-") as tmp:
        os.environ.setdefault("KREAD_CACHE_DIR", str(Path(tmp) / "cache"))
        library = open_library(corpus)
        if args.profile:
            print(profile_typing(library, MIX))
            return 0
        mix = time_searches(kread_search(library), MIX, args.runs).summary()
        typing = time_searches(kread_typing(library), typed(MIX), args.runs).summary()
        figures["kread"] = {
            "mix": mix,
            "typing": typing,
            "totals": kread_totals(library, MIX),
            "peak_rss_mb": peak_rss_mb(),
        }
        print(format_series("kread, the mix", mix))
        print(format_series("kread, as you type", typing).split("\n    ")[0])
        if args.tantivy:
            facets = kread_facets(library)
            built = {}
            for threads in (1, 2):
                folder = Path(tmp) / f"tantivy-{threads}"
                index, seconds = tantivy_build(corpus, folder, threads, facets)
                size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 2**20
                built[threads] = {"seconds": seconds, "index_mb": size}
            search = tantivy_search(index)
            t_mix = time_searches(search, MIX, args.runs).summary()
            t_typing = time_searches(search, typed(MIX), args.runs).summary()
            figures["tantivy"] = {
                "build_s": built,
                "mix": t_mix,
                "typing": t_typing,
                "totals": tantivy_totals(index, MIX),
            }
            print(f"tantivy build: {built}")
            print(format_series("tantivy, the mix", t_mix))
        if args.rg:
            figures["rg"] = rg_times(corpus, single_terms(MIX), args.runs)
            print(f"rg: {json.dumps(figures['rg'])}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
