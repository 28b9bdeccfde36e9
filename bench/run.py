"""Benchmarks: the project against bare Whoosh and SQLite FTS5 on the same generated corpus.

    python bench/run.py                          # 1,000, 3,000 and 10,000 articles
    python bench/run.py --sizes 1000,3000,10000,100000   # `make bench-100k`
    python bench/run.py --quick                  # 1,000 articles, fewer repeats: a smoke test
    python bench/run.py --rewrite                # the last run's report again, measuring nothing

For each size it generates (or reuses) a corpus with bench/make_corpus.py, then measures, in one
run: index time and peak memory of the project, of the project forced to one process, of a bare
Whoosh indexer and of FTS5; query latency over 200 mixed queries; the cold `search --json`
process; TUI start, and the app driven as a person drives it (typing, opening, the sidebar);
one changed file picked up by `index` and by the open app; corpus-wide entities and
quotations. It prints the targets and writes docs/benchmarks.md with the machine, its load, a
PASS/MISS per target (`targets.py`) and each figure against corpus size. The measurements are
kept in the work folder, so the report can be written again (`--rewrite`) without measuring.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import pickle
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import make_corpus  # noqa: E402
from bench_common import (  # noqa: E402
    CORPUS_SEED,
    CORPUS_TUI,
    QUERY_COUNT,
    REPO,
    WARMUP_QUERIES,
    log,
)
from bench_queries import make_queries  # noqa: E402
from measure import (  # noqa: E402
    measure_aggregates,
    measure_changed_file,
    measure_cli_imports,
    measure_cold_search,
    measure_indexing,
    measure_queries,
)
from measure_app import measure_app_pickup, measure_tui  # noqa: E402
from measured import Latency, MeasuredRun, Profile, SizeResult  # noqa: E402
from processes import ProcessRun, timed_process  # noqa: E402
from profiles import profile_app, profile_indexing, profile_queries  # noqa: E402
from report import load_average, rewrite_report, write_report  # noqa: E402

PICKLED_NAMES = (Latency, MeasuredRun, Profile, ProcessRun, SizeResult)
"""A run saved before the measurements moved out of this script names their classes here
(as `__main__`), so they stay reachable from it for `--rewrite`."""
DOC_PATH = REPO / "docs" / "benchmarks.md"
SAVED_RUN = "last-run.pickle"


def ensure_corpus(workdir: Path, count: int) -> Path:
    """The generated corpus for `count`, reused when an earlier run already wrote it."""
    corpus = workdir / f"corpus-{count}-seed{CORPUS_SEED}"
    marker = corpus / ".complete"
    if not marker.exists():
        if corpus.exists():
            shutil.rmtree(corpus)
        started = time.perf_counter()
        make_corpus.make_corpus(count, corpus, seed=CORPUS_SEED)
        marker.write_text("")
        log(f"  generated {count:,} articles in {time.perf_counter() - started:.1f}s")
    return corpus


def compile_sources() -> None:
    """Write the project's bytecode, as installing a wheel does, so that no measured process
    compiles the sources (PYTHONDONTWRITEBYTECODE would otherwise make every one of them do so)."""
    import compileall

    for folder in ("search", "tui"):
        compileall.compile_dir(str(REPO / folder), quiet=1)


def indexed(corpus: Path, sizedir: Path, result: SizeResult, reuse: bool) -> dict[str, Path]:
    """Build the four indexes (or, with `reuse`, take those and the figures of an earlier run)."""
    record = sizedir / "index-runs.json"
    places = {
        "project": sizedir / "index-project",
        "bare Whoosh": sizedir / "index-whoosh",
        "FTS5": sizedir / "fts5.db",
    }
    if reuse and places["project"].exists() and not all(p.exists() for p in places.values()):
        missing = ", ".join(name for name, place in places.items() if not place.exists())
        raise SystemExit(f"--reuse-index: {sizedir} has the project's index but not {missing}")
    if reuse and all(place.exists() for place in places.values()):
        if record.exists():
            saved = json.loads(record.read_text(encoding="utf-8"))
            result.index = {name: ProcessRun(**run) for name, run in saved.items()}
            result.built_earlier = time.strftime(
                "%Y-%m-%d %H:%M", time.localtime(record.stat().st_mtime)
            )
            log(f"  reusing the indexes built {result.built_earlier}")
        else:
            log("  reusing indexes built outside this script: their build is not measured")
        # An index left by other code may need its first update's one-time work (a file the
        # code now keeps beside it): done here, not inside a timed row.
        command = [CORPUS_TUI, "--corpus", str(corpus), "--index", str(places["project"])]
        log(f"  brought up to date in {timed_process([*command, 'index', '--json']):.1f} s")
        return places
    places = measure_indexing(corpus, sizedir, result)
    runs = {name: {**vars(run), "stdout": ""} for name, run in result.index.items()}
    record.write_text(json.dumps(runs), encoding="utf-8")
    return places


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,3000,10000", help="comma-separated article counts")
    parser.add_argument(
        "--reuse-index",
        action="store_true",
        help="keep the indexes (and their build figures) an earlier run left in the work folder "
        "instead of rebuilding them: for measuring the app again on a 100,000-article index",
    )
    parser.add_argument("--quick", action="store_true", help="1,000 articles, fewer repeats")
    parser.add_argument(
        "--workdir",
        type=Path,
        default=Path(tempfile.gettempdir()) / "corpus-tui-bench",
        help="where corpora and indexes go (corpora are reused between runs)",
    )
    parser.add_argument(
        "--output", type=Path, default=DOC_PATH, help="report file (default docs/benchmarks.md)"
    )
    parser.add_argument(
        "--typed",
        type=int,
        default=60,
        metavar="N",
        help="queries the app is driven through at each size (default 60)",
    )
    parser.add_argument(
        "--rewrite",
        action="store_true",
        help=f"measure nothing: write the report again from the work folder's {SAVED_RUN}",
    )
    args = parser.parse_args(argv)
    if args.rewrite:
        return rewrite_report(args.workdir / SAVED_RUN, args.output)
    try:
        sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        parser.error(f"--sizes takes comma-separated whole numbers, not {args.sizes!r}")
    if args.quick:
        sizes = [1000]
    if not sizes or min(sizes) < 100:
        parser.error("each size must be at least 100 articles")
    repeats, keystrokes = (3, 20) if args.quick else (9, max(args.typed, 4))
    args.workdir.mkdir(parents=True, exist_ok=True)
    compile_sources()
    results: dict[int, SizeResult] = {}
    profiles: dict[str, Profile] = {}
    loads: list[str] = []
    for size in sizes:
        loads.append(load_average())
        log(f"{size:,} articles (load average {loads[-1]})")
        corpus = ensure_corpus(args.workdir, size)
        sizedir = args.workdir / f"run-{size}"
        sizedir.mkdir(exist_ok=True)
        result = SizeResult(size)
        places = indexed(corpus, sizedir, result, args.reuse_index)
        queries = make_queries(corpus, QUERY_COUNT + WARMUP_QUERIES)
        if not results:
            measure_cli_imports(result)
        measure_aggregates(corpus, places, result)
        measure_queries(corpus, places, queries, result)
        measure_cold_search(corpus, places, queries, repeats, result)
        measure_tui(corpus, places, queries, repeats, keystrokes, result)
        measure_changed_file(corpus, places, result)
        measure_app_pickup(corpus, places, result)
        results[size] = result
        if size == (10_000 if 10_000 in sizes else max(sizes)):
            log("  profiling")
            profiles["search"] = profile_queries(corpus, places, queries)
            profiles.update(profile_app(corpus, places, queries))
            if result.index:  # not when the indexes were reused without their figures
                profiles["index"] = profile_indexing(corpus, sizedir, 1000)
    loads.append(load_average())
    measured = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    run = MeasuredRun(results, profiles, list(argv or sys.argv[1:]), loads, measured)
    write_report(run, args.output)
    try:
        with (args.workdir / SAVED_RUN).open("wb") as handle:
            pickle.dump(run, handle)
    except (OSError, pickle.PicklingError, TypeError, AttributeError) as error:
        log(f"the report is written, but the run could not be saved for --rewrite: {error}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
