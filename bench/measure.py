"""The engine's measurements: indexing four ways, query latency against the references, the
cold `search --json` process, the light commands' imports, one changed file and the
corpus-wide aggregates."""

from __future__ import annotations

import json
import shutil
import sqlite3
import statistics
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import baselines
from bench_common import BENCH_DIR, CORPUS_TUI, PYTHON, WARMUP_QUERIES, log
from bench_queries import BenchQuery
from measured import Latency, SizeResult
from processes import cpu_timed_process, run_process, timed_process

ONE_PROCESS_MAX = 10_000
"""Above this size the project is not also indexed in one process."""

ONE_PROCESS_CODE = """
import sys
from pathlib import Path
from corpus_tui.search.engine import Engine
Engine(Path(sys.argv[1]), Path(sys.argv[2])).update_index(processes=1)
"""


def measure_indexing(corpus: Path, workdir: Path, result: SizeResult) -> dict[str, Path]:
    """Index the corpus four ways into fresh directories; returns where each index went."""
    places = {
        "project": workdir / "index-project",
        "project, 1 process": workdir / "index-project-1proc",
        "bare Whoosh": workdir / "index-whoosh",
        "FTS5": workdir / "fts5.db",
    }
    for place in places.values():
        if place.is_dir():
            shutil.rmtree(place)
        elif place.exists():
            place.unlink()
    commands = {
        "project": [
            CORPUS_TUI,
            "--corpus",
            str(corpus),
            "--index",
            str(places["project"]),
            "index",
            "--json",
        ],
        "project, 1 process": [
            PYTHON,
            "-c",
            ONE_PROCESS_CODE,
            str(corpus),
            str(places["project, 1 process"]),
        ],
        "bare Whoosh": [PYTHON, str(BENCH_DIR / "baselines.py"), "whoosh-index", str(corpus)]
        + [str(places["bare Whoosh"])],
        "FTS5": [PYTHON, str(BENCH_DIR / "baselines.py"), "fts5-index", str(corpus)]
        + [str(places["FTS5"])],
    }
    if result.articles > ONE_PROCESS_MAX:
        del commands["project, 1 process"]  # a quarter of an hour at 100k, and only compared at 10k
    for name, command in commands.items():
        run = run_process(command)
        result.index[name] = run
        log(
            f"  index {name:<20} {run.seconds:8.1f}s  "
            f"{result.articles / run.seconds:7.0f} articles/s  peak {run.peak_pss_mb:6.0f} MB"
        )
    summary = json.loads(result.index["project"].stdout)
    if summary.get("documents") != result.articles:
        raise RuntimeError(f"the project indexed {summary.get('documents')} of {result.articles}")
    return places


def measure_queries(
    corpus: Path, places: dict[str, Path], queries: list[BenchQuery], result: SizeResult
) -> None:
    """Latency per query, the four searchers interleaved query by query to share any noise."""
    from corpus_tui.search.engine import Engine
    from corpus_tui.search.errors import EngineError

    engine = Engine(corpus, places["project"])
    whoosh = baselines.WhooshSearcher(places["bare Whoosh"])
    fts5 = baselines.Fts5Searcher(places["FTS5"])
    runners: dict[str, Callable[[BenchQuery], object]] = {
        "project (snippets)": lambda q: engine.search(q.whoosh, limit=20),
        "bare Whoosh, hits only": lambda q: whoosh.search(q.whoosh, limit=20),
        "bare Whoosh + highlight": lambda q: whoosh.search(q.whoosh, limit=20, highlight=True),
        "FTS5 + snippet()": lambda q: fts5.search(q.fts5, limit=20),
    }
    page = tui_page_size()
    if page is not None and page != 20:
        runners[f"project, a TUI page ({page} hits)"] = lambda q: engine.search(
            q.whoosh, limit=page
        )
    warmup, timed = queries[:WARMUP_QUERIES], queries[WARMUP_QUERIES:]
    by_kind: dict[str, dict[str, list[float]]] = {}
    for name in runners:
        result.latency[name] = Latency()
        result.query_errors[name] = 0
    rejected = (EngineError, sqlite3.Error)
    for query in warmup:
        for runner in runners.values():
            call_query(runner, query, rejected)
    for query in timed:
        for name, runner in runners.items():
            started = time.perf_counter()
            ok = call_query(runner, query, rejected)
            took = (time.perf_counter() - started) * 1000
            if not ok:
                result.query_errors[name] += 1
                continue
            result.latency[name].times_ms.append(took)
            by_kind.setdefault(query.kind, {}).setdefault(name, []).append(took)
    result.latency_by_kind = {
        kind: {name: statistics.median(times) for name, times in names.items()}
        for kind, names in by_kind.items()
    }
    engine.close()
    whoosh.close()
    fts5.close()
    for name, latency in result.latency.items():
        log(f"  query {name:<24} median {latency.median:7.2f} ms  p95 {latency.p95:7.2f} ms")


def tui_page_size() -> int | None:
    """How many hits the TUI asks the engine for at a time, if the TUI is installed."""
    try:
        from corpus_tui.tui.engine_session import PAGE_SIZE
    except ImportError:
        return None
    return int(PAGE_SIZE)


def call_query(
    runner: Callable[[BenchQuery], object],
    query: BenchQuery,
    rejected: tuple[type[BaseException], ...],
) -> bool:
    """Run one query; a query the searcher rejects (a parse error) counts apart, not as a time."""
    try:
        runner(query)
    except rejected:
        return False
    return True


IMPORT_PROBES = {
    "process importing the engine only": "import corpus_tui.search.engine",
    "process importing Whoosh's index and parser only": "import whoosh.index, whoosh.qparser",
}
"""What the cold search pays before it reads the index, for the notes on that goal."""


def measure_cold_search(
    corpus: Path,
    places: dict[str, Path],
    queries: list[BenchQuery],
    repeats: int,
    result: SizeResult,
) -> None:
    """`corpus-tui search --json` as a whole process against a bare Whoosh search process."""
    samples: dict[str, list[tuple[float, float]]] = {"project CLI": [], "bare Whoosh process": []}
    chosen = [q for q in queries if q.kind == "term"][:repeats]
    for query in chosen:
        samples["project CLI"].append(
            cpu_timed_process(
                [CORPUS_TUI, "--corpus", str(corpus), "--index", str(places["project"])]
                + ["search", query.whoosh, "--json"]
            )
        )
        samples["bare Whoosh process"].append(
            cpu_timed_process(
                [PYTHON, str(BENCH_DIR / "baselines.py"), "whoosh-search"]
                + [str(places["bare Whoosh"]), query.whoosh]
            )
        )
    for label, code in IMPORT_PROBES.items():
        samples[label] = [cpu_timed_process([PYTHON, "-c", code]) for _ in range(repeats)]
    result.cold_search_s = {
        name: statistics.median(wall for wall, _ in runs) for name, runs in samples.items()
    }
    result.cold_cpu_s = {
        name: statistics.median(cpu for _, cpu in runs) for name, runs in samples.items()
    }
    for name, seconds in result.cold_search_s.items():
        log(f"  cold {name:<25} median {seconds * 1000:7.0f} ms")


HEAVY_MODULES = ("whoosh", "pydantic")
LIGHT_COMMANDS = ("--version", "--help")


def measure_cli_imports(result: SizeResult) -> None:
    """Which heavy modules `--version` and `--help` import (`python -X importtime`)."""
    for command in LIGHT_COMMANDS:
        done = subprocess.run(
            [PYTHON, "-X", "importtime", "-m", "corpus_tui.search", command],
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
        )
        names = {
            line.split("|")[-1].strip().split(".")[0]
            for line in done.stderr.splitlines()
            if line.startswith("import time:")
        }
        result.cli_imports[command] = sorted(names & set(HEAVY_MODULES))
        log(f"  {command} imports {result.cli_imports[command] or 'neither Whoosh nor pydantic'}")


CHANGED_NAME = "zz-bench-changed.txt"


def measure_changed_file(corpus: Path, places: dict[str, Path], result: SizeResult) -> None:
    """`index` after one new file: the time to pick up a single change on a built index.

    The file is a copy of the first article with its headline changed; it is removed (and the
    index brought back in line) afterwards, so the corpus stays what make_corpus wrote.
    """
    first = baselines.corpus_files(corpus)[0]
    added = corpus / CHANGED_NAME
    command = [CORPUS_TUI, "--corpus", str(corpus), "--index", str(places["project"])]
    added.write_text("A changed article\n\n" + first.read_text(encoding="utf-8"), "utf-8")
    try:
        result.changed_file_s = timed_process([*command, "index", "--json"])
    finally:
        added.unlink()
        timed_process([*command, "index", "--json"])
    log(f"  one changed file: index {result.changed_file_s:.2f} s")


def measure_aggregates(corpus: Path, places: dict[str, Path], result: SizeResult) -> None:
    """Corpus-wide `entities --limit 50` and `quotes --limit 50` in-process: the first call
    after indexing, then the median of warm calls."""
    from corpus_tui.search.engine import Engine

    engine = Engine(corpus, places["project"])
    calls: dict[str, Callable[[], object]] = {
        "entities --limit 50": lambda: engine.entities(limit=50),
        "quotes --limit 50": lambda: engine.quotes(limit=50),
    }
    for name, call in calls.items():
        started = time.perf_counter()
        call()
        result.aggregates_ms[f"{name} (first call)"] = (time.perf_counter() - started) * 1000
        warm = []
        for _ in range(5):
            started = time.perf_counter()
            call()
            warm.append((time.perf_counter() - started) * 1000)
        result.aggregates_ms[name] = statistics.median(warm)
        log(
            f"  {name}: first {result.aggregates_ms[f'{name} (first call)']:,.0f} ms, "
            f"warm {result.aggregates_ms[name]:,.0f} ms"
        )
    engine.close()
