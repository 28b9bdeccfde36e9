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
import cProfile
import datetime as dt
import io
import json
import os
import pickle
import platform
import pstats
import random
import re
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
sys.path.insert(0, str(BENCH_DIR))

import baselines  # noqa: E402
import make_corpus  # noqa: E402
import targets as target_rows  # noqa: E402
from scale_notes import notes_at_scale  # noqa: E402
from targets import LARGE_SIZE as LARGE  # noqa: E402

PYTHON = sys.executable
CORPUS_TUI = str(Path(PYTHON).with_name("corpus-tui"))
DOC_PATH = REPO / "docs" / "benchmarks.md"
CORPUS_SEED = 7
QUERY_SEED = 11
QUERY_COUNT = 200
WARMUP_QUERIES = 10
POLL_SECONDS = 0.05
ONE_PROCESS_MAX = 10_000
"""Above this size the project is not also indexed in one process."""

ONE_PROCESS_CODE = """
import sys
from pathlib import Path
from corpus_tui.search.engine import Engine
Engine(Path(sys.argv[1]), Path(sys.argv[2])).update_index(processes=1)
"""


# Processes and their memory -------------------------------------------------------------------


@dataclass
class ProcessRun:
    """Wall time and peak memory of a command and all its descendants."""

    seconds: float
    peak_pss_mb: float
    """Sum over the process tree of proportional set size: shared pages counted once."""
    peak_rss_mb: float
    """Sum over the process tree of resident set size: pages shared after fork counted twice."""
    stdout: str


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(child) for child in text.split()]


def _tree(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(_children(current))
    return found


def _memory_kb(pid: int) -> tuple[int, int]:
    """(Pss, Rss) of one process in kB; zeros if it has just exited."""
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0, 0
    values = dict(re.findall(r"^(Pss|Rss):\s+(\d+) kB", text, re.M))
    return int(values.get("Pss", 0)), int(values.get("Rss", 0))


def run_process(command: Sequence[str], env: dict[str, str] | None = None) -> ProcessRun:
    """Run a command to completion, sampling the memory of its process tree as it goes."""
    started = time.perf_counter()
    child = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        env=env,
        text=True,
    )
    peaks = [0, 0]

    def sample() -> None:
        while child.poll() is None:
            pss = rss = 0
            for pid in _tree(child.pid):
                one_pss, one_rss = _memory_kb(pid)
                pss, rss = pss + one_pss, rss + one_rss
            peaks[0], peaks[1] = max(peaks[0], pss), max(peaks[1], rss)
            time.sleep(POLL_SECONDS)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = child.communicate()
    seconds = time.perf_counter() - started
    sampler.join()
    if child.returncode != 0:
        last = stderr.strip().splitlines()[-1:] or [f"exit status {child.returncode}"]
        raise RuntimeError(f"{' '.join(command[:4])} ... failed: {last[0]}")
    return ProcessRun(seconds, peaks[0] / 1024, peaks[1] / 1024, stdout)


def timed_process(command: Sequence[str]) -> float:
    """Wall time of a short command (no memory sampling, which would perturb it)."""
    return cpu_timed_process(command)[0]


def cpu_timed_process(command: Sequence[str]) -> tuple[float, float]:
    """(wall, CPU) seconds of a short command; CPU is user + system time of the child."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    took = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        last = done.stderr.strip().splitlines()[-1:] or [f"exit status {done.returncode}"]
        raise RuntimeError(f"{' '.join(command[:4])} ... failed: {last[0]}")
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return took, cpu


# Corpus and queries ---------------------------------------------------------------------------


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


@dataclass(frozen=True)
class BenchQuery:
    """One query in the engine's (Whoosh) syntax and in FTS5's."""

    kind: str
    whoosh: str
    fts5: str


_WORD = re.compile(r"[A-Za-z]+")
_NAME = re.compile(r"\b([A-Z][a-z]{2,}) ([A-Z][a-z]{3,})\b")


def make_queries(corpus: Path, count: int, seed: int = QUERY_SEED) -> list[BenchQuery]:
    """A deterministic mix of terms, phrases, title fields and fuzzy terms drawn from the corpus.

    FTS5 has no fuzzy matching, so a prefix of the word stands in for it there.
    """
    rng = random.Random(seed)
    files = baselines.corpus_files(corpus)
    sample = rng.sample(files, min(300, len(files)))
    function = set(make_corpus.FUNCTION_WORDS)
    proper = {w.lower() for w in (*make_corpus.CITIES, *make_corpus.COUNTRIES)}
    articles: list[list[str]] = []
    titles: list[str] = []
    names: list[str] = []
    bigrams: list[str] = []
    for path in sample:
        text = path.read_text(encoding="utf-8")
        lines = [line for line in text.splitlines() if line.strip()]
        headline = lines[1] if ".com - " in lines[0] else lines[0]
        titles += [w.lower() for w in _WORD.findall(headline) if w.lower() not in function]
        words = [w.lower() for w in _WORD.findall(text)]
        content = [w for w in words if w not in function and len(w) > 2]
        articles.append(content)
        for pair in _NAME.findall(text):
            if not {p.lower() for p in pair} & (function | proper | {"minister", "prime"}):
                names.append(" ".join(pair))
        bigrams += [
            f"{a} {b}"
            for a, b in zip(words, words[1:], strict=False)
            if a not in function and b not in function and len(a) > 2 and len(b) > 2
        ]
    everything = [w for content in articles for w in content]
    distinct = sorted(set(everything))
    mix = [
        ("term", 0.25),
        ("rare term", 0.10),
        ("two terms", 0.15),
        ("name phrase", 0.10),
        ("phrase", 0.10),
        ("title field", 0.15),
        ("fuzzy", 0.15),
    ]
    queries: list[BenchQuery] = []
    for kind, share in mix:
        for _ in range(round(count * share)):
            queries.append(
                _one_query(kind, rng, everything, distinct, articles, titles, names, bigrams)
            )
    rng.shuffle(queries)
    return queries[:count]


def _one_query(
    kind: str,
    rng: random.Random,
    everything: list[str],
    distinct: list[str],
    articles: list[list[str]],
    titles: list[str],
    names: list[str],
    bigrams: list[str],
) -> BenchQuery:
    if kind == "term":
        word = rng.choice(everything)
        return BenchQuery(kind, word, word)
    if kind == "rare term":
        word = rng.choice(distinct)
        return BenchQuery(kind, word, word)
    if kind == "two terms":
        content = rng.choice(articles)
        first, second = rng.choice(content), rng.choice(content)
        return BenchQuery(kind, f"{first} {second}", f"{first} {second}")
    if kind in ("name phrase", "phrase"):
        phrase = rng.choice(names if kind == "name phrase" else bigrams)
        return BenchQuery(kind, f'"{phrase}"', f'"{phrase}"')
    if kind == "title field":
        word = rng.choice(titles)
        return BenchQuery(kind, f"title:{word}", f"title:{word}")
    word = rng.choice([w for w in everything if len(w) >= 6] or everything)
    position = rng.randrange(3, len(word)) if len(word) > 3 else len(word) - 1
    letter = rng.choice([c for c in "aeioulnrst" if c != word[position]])
    typo = word[:position] + letter + word[position + 1 :]
    return BenchQuery("fuzzy", f"{typo}~", f"{word[:3]}*")


# Measurements --------------------------------------------------------------------------------


@dataclass
class Latency:
    """Per-query times in milliseconds."""

    times_ms: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.times_ms) if self.times_ms else float("nan")

    @property
    def p95(self) -> float:
        return percentile(self.times_ms, 95)


def percentile(values: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(pct / 100 * len(ordered) + 0.4999)))
    return ordered[rank - 1]


@dataclass
class SizeResult:
    """Every measurement for one corpus size."""

    articles: int
    index: dict[str, ProcessRun] = field(default_factory=dict)
    latency: dict[str, Latency] = field(default_factory=dict)
    latency_by_kind: dict[str, dict[str, float]] = field(default_factory=dict)
    cold_search_s: dict[str, float] = field(default_factory=dict)
    cold_cpu_s: dict[str, float] = field(default_factory=dict)
    tui_start_s: dict[str, float] = field(default_factory=dict)
    tui_start_cpu_s: dict[str, float] = field(default_factory=dict)
    tui: dict[str, Latency] = field(default_factory=dict)
    """Per action kind ("typed", "open", ...) and its CPU time ("typed cpu", ...)."""
    tui_rss: list[float] = field(default_factory=list)
    tui_note: str | None = None
    query_errors: dict[str, int] = field(default_factory=dict)
    cli_imports: dict[str, list[str]] = field(default_factory=dict)
    """Heavy modules (Whoosh, pydantic) each light command imports; empty is the goal."""
    changed_file_s: float | None = None
    aggregates_ms: dict[str, float] = field(default_factory=dict)
    built_earlier: str | None = None
    """When the indexes were reused: when the run that built them (and measured it) did so."""


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
            _call(runner, query, rejected)
    for query in timed:
        for name, runner in runners.items():
            started = time.perf_counter()
            ok = _call(runner, query, rejected)
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


def _call(
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


def measure_tui(
    corpus: Path,
    places: dict[str, Path],
    queries: list[BenchQuery],
    repeats: int,
    keystrokes: int,
    result: SizeResult,
) -> None:
    """TUI start against an empty Textual app, and keystroke-to-results latency (tui_latency.py)."""
    helper = [PYTHON, str(BENCH_DIR / "tui_latency.py")]
    target = ["--corpus", str(corpus), "--index", str(places["project"])]
    try:
        starts: dict[str, list[tuple[float, float]]] = {"project TUI": [], "empty Textual app": []}
        for _ in range(repeats):
            starts["empty Textual app"].append(_first_paint([*helper, "start-empty"]))
            starts["project TUI"].append(_first_paint([*helper, "start-app", *target]))
        result.tui_start_s = {n: statistics.median(w for w, _ in t) for n, t in starts.items()}
        result.tui_start_cpu_s = {n: statistics.median(c for _, c in t) for n, t in starts.items()}
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
            json.dump([q.whoosh for q in queries[WARMUP_QUERIES:][:keystrokes]], handle)
        try:
            measured = _helper_json(["interact", *target, "--queries", handle.name], 3600)
        finally:
            Path(handle.name).unlink()
        result.tui_rss = measured.pop("rss", [])
        result.tui = {kind: Latency(times) for kind, times in measured.items()}
    except (RuntimeError, OSError, subprocess.TimeoutExpired, ValueError) as error:
        result.tui_note = f"not measured: {error}"
        log(f"  TUI {result.tui_note}")
        return
    for name, seconds in result.tui_start_s.items():
        log(f"  start {name:<24} median {seconds * 1000:7.0f} ms")
    for kind, latency in result.tui.items():
        log(f"  TUI {kind:<24} median {latency.median:7.1f} ms  p95 {latency.p95:7.1f} ms")


def _first_paint(command: list[str]) -> tuple[float, float]:
    """(wall, CPU) seconds from starting the process to its `painted` line (printed on paint,
    with the CPU seconds the process had used by then)."""
    started = time.perf_counter()
    child = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True
    )
    assert child.stdout is not None
    line = child.stdout.readline()
    took = time.perf_counter() - started
    _, stderr = child.communicate(timeout=60)
    if not line.startswith("painted"):
        last = stderr.strip().splitlines()[-1:] or [f"exit status {child.returncode}"]
        raise RuntimeError(f"{command[2]}: {last[0]}")
    return took, float(line.split()[1])


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


PICKUP_REPEATS = 3


def _helper_json(arguments: list[str], timeout: float) -> dict[str, Any]:
    """The JSON line a `tui_latency.py` mode prints last; RuntimeError with its last error line
    when it fails."""
    done = subprocess.run(
        [PYTHON, str(BENCH_DIR / "tui_latency.py"), *arguments],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=timeout,
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr.strip().splitlines()[-1:] or f"{arguments[0]} failed")
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure_app_pickup(corpus: Path, places: dict[str, Path], result: SizeResult) -> None:
    """The open app noticing a new article by itself (tui_latency.py `pickup`), in "pickup"."""
    target = ["--corpus", str(corpus), "--index", str(places["project"])]
    try:
        measured = _helper_json(["pickup", *target, "--repeats", str(PICKUP_REPEATS)], 1800)
    except (RuntimeError, OSError, subprocess.TimeoutExpired, ValueError) as error:
        log(f"  the open app's pickup not measured: {error}")
        return
    result.tui.update({kind: Latency(times) for kind, times in measured.items()})
    log(f"  one new file: the open app lists it after {result.tui['pickup'].median / 1000:.2f} s")


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


@dataclass
class Profile:
    """A cProfile run: the markdown table, and each function's cumulative share by name."""

    table: str
    shares: dict[str, float]


def profile_indexing(corpus: Path, workdir: Path, count: int) -> Profile:
    """Where one process spends its indexing time: cProfile over the first `count` files."""
    from corpus_tui.search.engine import Engine

    subset = workdir / "profile-corpus"
    if subset.exists():
        shutil.rmtree(subset)
    for path in baselines.corpus_files(corpus)[:count]:
        target = subset / path.relative_to(corpus)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    index_dir = workdir / "profile-index"
    if index_dir.exists():
        shutil.rmtree(index_dir)
    profiler = cProfile.Profile()
    profiler.enable()
    Engine(subset, index_dir).update_index(processes=1)
    profiler.disable()
    return _profile(profiler, 14)


def profile_queries(corpus: Path, places: dict[str, Path], queries: list[BenchQuery]) -> Profile:
    """Where the engine's search time goes over the benchmark queries."""
    from corpus_tui.search.engine import Engine
    from corpus_tui.search.errors import EngineError

    engine = Engine(corpus, places["project"])
    for query in queries[:WARMUP_QUERIES]:
        _call(lambda q: engine.search(q.whoosh), query, (EngineError,))
    profiler = cProfile.Profile()
    profiler.enable()
    for query in queries[WARMUP_QUERIES:]:
        _call(lambda q: engine.search(q.whoosh), query, (EngineError,))
    profiler.disable()
    engine.close()
    return _profile(profiler, 12)


def profile_app(corpus: Path, places: dict[str, Path], queries: list[BenchQuery]) -> None:
    """The app's event loop under cProfile while it is driven (a separate, shorter run: the
    profiler slows it), one table per kind of action."""
    prefix = places["project"].parent / "app-profile"
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump([q.whoosh for q in queries[WARMUP_QUERIES:][:APP_PROFILE_QUERIES]], handle)
    command = [PYTHON, str(BENCH_DIR / "tui_latency.py"), "interact"]
    command += ["--corpus", str(corpus), "--index", str(places["project"])]
    command += ["--queries", handle.name, "--profile", str(prefix)]
    try:
        subprocess.run(command, capture_output=True, stdin=subprocess.DEVNULL, timeout=3600)
    except subprocess.TimeoutExpired:
        return
    finally:
        Path(handle.name).unlink()
    for kind in ("typed", "open", "scope", "filter"):
        path = Path(f"{prefix}.{kind}")
        if path.exists():
            PROFILES_DONE[f"app {kind}"] = _profile(pstats.Stats(str(path)), 16, EVENT_LOOP)


APP_PROFILE_QUERIES = 8
EVENT_LOOP = frozenset(
    [
        "_run_once",
        "_run",
        "invoke",
        "_invoke",
        "_run_timer",
        "_tick",
        "_process_messages",
        "_process_messages_loop",
        "_dispatch_message",
        "_on_message",
        "on_event",
        "on_callback",
        "_pre_process",
        "_on_timer_update",
        "run_app",
        "_process_message",
        "post_message",
        "call_later",
    ]
)
"""Event-loop plumbing that wraps every action: left out of the app's profiles."""
PROFILES_DONE: dict[str, Profile] = {}
"""Profiles made along the way, added to the report's."""


def _profile(
    profiler: cProfile.Profile | pstats.Stats, rows: int, skip: frozenset[str] = frozenset()
) -> Profile:
    """Top functions by cumulative time, as markdown rows (share of the profiled total)."""
    stats = (
        profiler
        if isinstance(profiler, pstats.Stats)
        else pstats.Stats(profiler, stream=io.StringIO())
    )
    total = max(stats.total_tt, 1e-9)  # type: ignore[attr-defined]
    entries = []
    for (filename, line, name), (_, calls, own, cumulative, _) in stats.stats.items():  # type: ignore[attr-defined]
        if name.startswith("<") or "cProfile" in filename or filename.startswith(str(BENCH_DIR)):
            continue
        if name in skip or "/asyncio/" in filename:
            continue
        entries.append((cumulative, own, calls, _short_path(filename), line, name))
    entries.sort(reverse=True)
    shares: dict[str, float] = {}
    for cumulative, _, _, filename, _, name in entries:
        key = f"{Path(filename).stem}.{name}"
        shares[key] = max(shares.get(key, 0.0), cumulative / total)
    lines = ["| function | calls | cumulative | own |", "|---|---:|---:|---:|"]
    for cumulative, own, calls, filename, line, name in entries[:rows]:
        lines.append(
            f"| `{filename}:{line} {name}` | {calls:,} | {cumulative / total:.0%} | {own / total:.0%} |"
        )
    return Profile("\n".join(lines), shares)


def _short_path(filename: str) -> str:
    for marker in ("site-packages/", "/search/", "/bench/"):
        if marker in filename:
            tail = filename.split(marker, 1)[1]
            return ("search/" + tail) if marker == "/search/" else tail
    return Path(filename).name


# Report ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Goal:
    label: str
    size: int
    ratio: float | None
    target: float
    detail: str

    @property
    def verdict(self) -> str:
        if self.ratio is None or self.ratio != self.ratio:
            return "not measured"
        return "PASS" if self.ratio <= self.target else "MISS"


def goals(results: dict[int, SizeResult]) -> list[Goal]:
    """Search and indexing against the reference engines, at 10k articles (or the largest run).

    The latency, start-up, cold-process and 100k targets are in `targets.py`."""
    main_size = 10_000 if 10_000 in results else max(results)
    main = results[main_size]
    listed: list[Goal] = []
    ours, bare = main.latency["project (snippets)"], main.latency["bare Whoosh + highlight"]
    listed.append(
        Goal(
            "search with snippets vs bare Whoosh + highlight (median)",
            main_size,
            ours.median / bare.median,
            1.2,
            f"{ours.median:.2f} ms vs {bare.median:.2f} ms; p95 {ours.p95:.1f} vs {bare.p95:.1f} ms",
        )
    )
    hits_only = main.latency["bare Whoosh, hits only"]
    listed.append(
        Goal(
            "search with snippets vs bare Whoosh, hits only (median)",
            main_size,
            ours.median / hits_only.median,
            1.2,
            f"{ours.median:.2f} ms vs {hits_only.median:.2f} ms (the bare side makes no snippets)",
        )
    )
    return listed


def load_average() -> str:
    """The 1-minute load average: the benchmark shares the machine with whatever else runs."""
    try:
        return f"{os.getloadavg()[0]:.2f}"
    except OSError:
        return "unknown"


GC_NOTE = (
    "Python's garbage collector: Textual leaves thousands of objects in reference cycles "
    "behind each action (a strip keeps itself in its own caches), so with Python's "
    "thresholds a full collection, which walks every object the app holds (about 90 ms at "
    "10,000 articles), came every few actions at whatever allocation tipped it: in four "
    "interaction runs 14-16 of 120 timed actions held one, 15-20% of their time. The app "
    "now runs the due full collection itself once it is quiet (frame painted, no engine "
    "call running, no key for 50 ms, still so 30 ms later; `tui/quiet_collector.py`): as "
    "many collections, and in a run by hand after the change none of the 120 timed actions "
    "held one. What the rows' collector figures hold now is mostly the younger collections, "
    "about 3 ms each, a few per action; typed at a person's pace (80 ms between keys) a "
    "collection can still start in a gap and hold up the next key. Tried and dropped: freezing what survives each full collection (38 ms each, "
    "but no row moved, and memory grew faster in use without pauses)."
)
"""Measured at 10,000 articles by interaction runs with and without each change."""


def _gc_share(tui: dict[str, Latency], kind: str) -> str:
    """ ", the garbage collector's pauses p50 …" for an action kind, when the run timed them."""
    pauses = tui.get(f"{kind} gc")
    if pauses is None:
        return ""
    return (
        f"; Python's garbage collector paused it for p50 {pauses.median:.0f} ms, "
        f"p95 {pauses.p95:.0f} ms of that"
    )


def miss_notes(results: dict[int, SizeResult], profiles: dict[str, Profile]) -> list[str]:
    """One paragraph per missed goal, with the measurements that explain it."""
    listed = goals(results)
    missed = {goal.label for goal in listed if goal.verdict == "MISS"}
    rows = target_rows.targets(results)
    missed |= {row.label for row in rows if row.verdict == "MISS"}
    missed_large = {row.label for row in rows if row.verdict == "MISS" and row.size == LARGE}
    keystroke_missed = any(
        row.label.startswith("last keystroke") and row.verdict == "MISS" and row.size != LARGE
        for row in rows
    )
    main = results[listed[0].size]
    index_shares = profiles["index"].shares if "index" in profiles else {}
    search_shares = profiles["search"].shares if "search" in profiles else {}
    notes: list[str] = []
    if any(label.startswith("`index`") for label in missed) and "project, 1 process" in main.index:
        bare = main.index["bare Whoosh"].seconds
        one = main.index["project, 1 process"].seconds
        pooled = main.index["project"].seconds
        writer = index_shares.get("writing.add_document", 0) + index_shares.get("writing.commit", 0)
        notes.append(
            f"- **Indexing.** In one process the project takes {one / bare:.2f}× bare Whoosh; "
            f"with the process pool {pooled / bare:.2f}× ({pooled / one:.2f}× one process). In the one-process profile Whoosh's `add_document` takes "
            f"{index_shares.get('writing.add_document', 0):.0%} (its field analysis, "
            f"`fields.index`, {index_shares.get('fields.index', 0):.0%}) and `commit` "
            f"{index_shares.get('writing.commit', 0):.0%}; entity and quote analysis "
            f"(`analysis.analyse`) {index_shares.get('analysis.analyse', 0):.0%}. Only the "
            "last moves to the worker processes: the writer's share "
            f"({writer:.0%}) stays on one core, so with one writer the pool can at best reach "
            f"about {max(writer, 0.5):.2f}× one process. An experiment outside this script "
            "(1,000 articles, same machine): handing the writer pre-analysed postings computed in the workers (a "
            "field whose `index()` returns the worker's `(term, freq, weight, value)` list) "
            "cut `add_document` from 3.2 s to 0.4 s; `commit` (sorting and writing "
            "the postings: the project writes about twice bare Whoosh's postings because of "
            "the `spell` field and the entity fields) then dominates. Committing every 1,000 "
            "articles also leaves many segments that later commits merge again."
        )
    if any(label.startswith("search with snippets") for label in missed):
        ours = main.latency["project (snippets)"]
        slow = sorted(
            (
                (medians["project (snippets)"] / max(medians["bare Whoosh, hits only"], 1e-6), k)
                for k, medians in main.latency_by_kind.items()
            ),
            reverse=True,
        )
        worst = ", ".join(f"{kind} {ratio:.1f}×" for ratio, kind in slow[:3])
        notes.append(
            f"- **Search.** The engine's median is {ours.median:.1f} ms. Against bare Whoosh "
            f"with hits only, the worst query kinds are {worst}. In the search profile "
            f"`spans_for_terms` (a regex scan of each shown hit, analysing candidate words "
            f"through a cache) takes {search_shares.get('query.spans_for_terms', 0):.0%}, "
            f"`matched_terms` (which indexed words to highlight) "
            f"{search_shares.get('query.matched_terms', 0):.0%} and `suggest` "
            f"{search_shares.get('query.suggest', 0):.0%}; the rest is Whoosh's own search and "
            "loading each shown hit's stored text. Fuzzy, prefix and wildcard terms are "
            "expanded once per segment and query, and every later pass (Whoosh's clause "
            "ordering, matching, the estimated total, the highlighting) reuses the word lists: "
            "Whoosh walked the vocabulary again in each pass (`broonly~` at 10,000 articles in "
            "9 segments: 170 ms before, 51 ms after, same hits and scores). Each walk seeks "
            "the vocabulary several hundred times; a seek bisects every 64th word of the "
            "segment's vocabulary, kept in memory, and reads about 6 words on disk instead of "
            "15-17 (a new fuzzy term's first search about 9 ms shorter). A skip inside a block "
            "of postings bisects the block's ids instead of stepping through them, and the ids' "
            "running sums are taken in C: a query on a word in most articles stepped through "
            "every posting (3-5% off the 10,000-article queries' total, 10-20% off the broadest, "
            "timed by hand). Snippets are the "
            "price: against bare Whoosh with its highlighter the engine is faster (previous "
            "goal row)."
        )
    cold = main.cold_search_s
    if any(label.startswith("cold `search --json`") for label in missed) and cold:
        engine_import = cold.get(next(iter(IMPORT_PROBES)), float("nan"))
        whoosh_import = cold.get(list(IMPORT_PROBES)[1], float("nan"))
        notes.append(
            f"- **Cold search.** A process that only imports the engine module takes "
            f"{engine_import * 1000:.0f} ms against {whoosh_import * 1000:.0f} ms for "
            "Whoosh's index and parser (pydantic's model building is most of the difference); "
            "the rest is opening the index once, the staleness check, which stats every "
            "article file against a small sidecar of the manifest's file stats, and the "
            "search with snippets."
        )
    if any(label.startswith("start →") for label in missed) and main.tui_start_s:
        notes.append(
            "- **TUI start.** The app paints the newest articles kept beside the index (plain "
            "JSON, written when the engine last listed them for this commit) before it imports "
            "the engine; Whoosh and pydantic then load in a worker, which lists the same page "
            "and adopts it without a redraw. Objects alive at start are frozen out of the "
            "garbage collector first (a full collection, about 50 ms, used to land on the "
            "first frame). What is left over the empty app, timed by hand at 10,000 "
            "articles: importing the app's own modules (50-80 ms), Textual parsing the "
            "stylesheet again as each new widget class registers its CSS (about 30 ms in "
            "five passes), styling and laying out the three panes (about 25 ms), and a "
            "first full frame of the three panes (about 50 ms) where the empty app paints a "
            "blank screen. On a shared machine the wall ratio also counts waiting for a "
            "core: compare the CPU figures in the row."
        )
    tui = main.tui
    if keystroke_missed and "typed" in tui:
        search = main.latency["project (snippets)"]
        notes.append(
            f"- **Keystroke.** Typed in a burst: p50 {tui['typed'].median:.0f} ms, p95 "
            f"{tui['typed'].p95:.0f} ms wall, of which the process's CPU p50 "
            f"{tui['typed cpu'].median:.0f} ms, p95 {tui['typed cpu'].p95:.0f} ms{_gc_share(tui, 'typed')}. The engine's "
            f"own search of 20 hits with snippets takes p50 {search.median:.0f} ms, p95 "
            f"{search.p95:.0f} ms in the same run (slowest: fuzzy terms, and queries matching "
            "most articles); the app asks only for the hits that fill its pane (nine at "
            "120x40), each of which costs its stored text and a snippet, and the rest of the "
            "page once typing pauses. The app asks it not to count (Whoosh counts in a second pass) and "
            "counts in its own worker after the hits are drawn (a page it did not fill is an "
            "exact count at once), and re-marks the open article only once typing pauses. The "
            "rest is Textual's: each key of the burst goes through Textual's input (about 1 ms "
            "a key) and redraws the search box, then the rows are built and the results pane "
            "is painted (see the app's keystroke profile below). The keys of a burst start one "
            "search, for the text they leave (a change already overtaken posts nothing). Rows "
            "are drawn by the app's own line renderer, wrapped once for their height and their "
            "lines (text of one-cell characters by length, not by measuring every word's "
            "cells), each line one strip carrying its row's index; the scrollbars' segments "
            "become strips directly instead of through Rich's console. Textual puts every "
            "line a widget draws through its border, outline, padding, tint and opacity rules "
            "again (about 50 us a line); the panes work their frame (border and padding) out "
            "once a frame and build each middle line from it, and a scrollbar's lines skip "
            "those rules, which it has none of. "
            "Neither the search box's new length nor a page of another height lays the "
            "screen out any more (each did, 3-4 ms a keystroke): the box asks for a layout only "
            "when its text is wider than it, a list's height only moves its scrollbar, and the "
            "sort label keeps the width of the widest order it has shown. The "
            "frame with the hits is drawn as soon as the list asks, not at Textual's next "
            "frame tick (8 ms later on average), and the count, the rows' tags and the history "
            "start after it (for a keystroke, once typing pauses): their threads took turns "
            "with that frame. A search still waiting when a newer keystroke comes is "
            "dropped, and one still running gives up (its collector asks before each segment "
            "and every 256 articles), so a burst costs little more than the last search. "
            "Timed by hand (frame by frame, 10,000 articles, medians of 30 queries): the "
            "burst's keys and the search box's frame take about 7 ms, 3 ms more until the "
            "search's thread starts, the search 17-18 ms in its thread (its CPU 17 ms), the "
            "results handler 4 ms, and 15 ms until the results frame is drawn (the frame "
            "itself 13.5 ms: the results pane 6.5 ms of it, the two status labels 1 ms, the "
            "rest Textual's compositor and the panes it redraws from cache; all main-thread "
            "CPU). Before the panes framed their lines once a frame the results frame took "
            "20-22 ms. At 1,000 articles, where the search takes a few milliseconds, the "
            "row's p50 is 37-50 ms: that is the app's own share, Textual's input, the rows "
            "and the frame. Tried and dropped: a thread switch interval of 1 ms instead of "
            "Python's 5 ms (the search's thread starts 1.4 ms sooner, but the row's p50 did "
            "not move: 57 ms with it against 54 ms without, three runs each), and holding the younger garbage "
            "collections for a quiet moment too (p50 59 ms with it against 61 ms without, but the p95 "
            "104 against 90 ms: with no quiet moment between the benchmark's actions, a "
            "collection of 25,000 young objects, 16-25 ms, landed inside one). Also "
            "dropped: "
            "reading each segment's field lengths for BM25 into a list once (no change in the "
            "engine's search), and starting the "
            "search's thread from the key's handler instead of a turn of the event loop later "
            "made the burst slower (p50 107-119 ms against 91-100 ms in the same hour): the "
            "thread and the search box's frame then take turns on the one interpreter lock. "
            "Drawing every change at once (Textual at 240 frames a second) made it slower too "
            "(p50 88 against 69 ms), and Textual's optional compiled geometry "
            "(`textual-speedups`) did not move it. " + GC_NOTE
        )
    if any(label.startswith("Enter on a result") for label in missed) and "open" in tui:
        notes.append(
            f"- **Open.** p50 {tui['open'].median:.0f} ms, p95 {tui['open'].p95:.0f} ms wall, "
            f"CPU p50 {tui['open cpu'].median:.0f} ms{_gc_share(tui, 'open')}. Reading the "
            "article from the index and "
            "marking its matches takes a few milliseconds. The reader draws only the lines in "
            "view (the article is wrapped once per width), and opens scrolled to the first "
            "match in the same frame; the sidebar lists the article's entities a frame later. "
            "The frame that shows the article is drawn as soon as the reader asks, and the "
            "focus moves into the reader a frame later: moving it restyles the results pane, "
            "both scrollbars and the footer, which doubled the article's frame (25-40 ms, "
            "against 10-20 ms for the reader and its scrollbar alone). Timed by hand at 10,000 "
            "articles: 10-15 ms from Enter to the reader holding the article (3 ms of it "
            "reading it in a worker), then the frame: the reader 6-14 ms, its scrollbar "
            "2-5 ms. See the app's open profile below."
        )
    if any(label.startswith(("sidebar scope", "entity filter")) for label in missed) and tui:
        notes.append(
            f"- **Sidebar.** Scope switch p95 {tui['scope'].p95:.0f} ms (CPU "
            f"{tui['scope cpu'].p95:.0f} ms), filter p95 {tui['filter'].p95:.0f} ms. *The "
            "results* scope lists the ids of every hit and joins them to the aggregate beside "
            "the index in one SQLite query, about 45 us a hit: 20-80 ms for 500-1,500 hits. "
            "For a query matching most articles the engine lists the others' ids instead and "
            "their mentions are taken from each entity's totals, so the worst case is half the "
            "corpus; the entities come back as three columns (names, types, article counts), "
            "not a model each (6,000 models took 50-80 ms). A query matching 9,283 of 10,000 "
            "articles, from `v` to the painted frame: 490 ms at the last report, 170 ms now "
            "(timed by hand, same rows), 60 ms of it Whoosh listing the matching articles. "
            "Every switch to the results also listed all the live articles, whether it needed "
            "them or not (Whoosh asks for each one which segment holds it and whether it is "
            "deleted there); now only a query matching most articles lists them, a segment's "
            "range at a time: in the engine, 63 to 36 ms for 459 hits, 111 to 61 ms for "
            "9,519, 33 to 11 ms for 93 (timed by hand). The rows of the last four "
            "searches are kept, so coming back to the scope or removing a filter just added "
            "costs nothing. *The corpus* reads the same three columns once per index generation "
            "and set of corrections (11-18 ms for 6,000 entities, against 65-165 ms as models). "
            "Each switch lists 100 rows of each kind anew (38-40 ms of CPU with 4,700 people, "
            "45-50 ms with 150, timed apart). A filter is a new search and a new sidebar list. "
            "Then the sidebar's "
            "and the results' lines are painted."
        )
    if any(label.startswith("`index` peak memory") for label in missed):
        sizes = ", ".join(
            f"{size:,}: {r.index['project'].peak_pss_mb:.0f} MB pooled, "
            f"{r.index['project, 1 process'].peak_pss_mb:.0f} MB in one process"
            for size, r in sorted(results.items())
            if "project, 1 process" in r.index
        )
        notes.append(
            f"- **Memory.** Peak PSS by size ({sizes}). The pool keeps a bounded window of "
            "work in flight, so what grows with the corpus is the writer: Whoosh's `limitmb` "
            "is a soft bound on its posting pool, and the final merge reads every segment."
        )
    if LARGE in results:
        notes += notes_at_scale(results[LARGE], missed_large)
    return notes


def machine(loads: Sequence[str], measured: str) -> list[str]:
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    model = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.M)
    memory = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    total = re.search(r"^MemTotal:\s+(\d+) kB", memory, re.M)
    return [
        f"- Date: {measured}",
        f"- CPU: {os.cpu_count()} × {model.group(1).strip() if model else platform.processor()}"
        + (f", {int(total.group(1)) / 1024 / 1024:.0f} GB RAM" if total else ""),
        f"- {platform.system()} {platform.release()}; Python {platform.python_version()}",
        f"- whoosh-reloaded {metadata.version('whoosh-reloaded')}, textual "
        f"{metadata.version('textual')}, pydantic {metadata.version('pydantic')}, "
        f"SQLite {sqlite3.sqlite_version}",
        f"- 1-minute load average when each size started and at the end: {', '.join(loads)} "
        "(above 0.2 means other work shared the cores, and the ratios are noisier)",
    ]


PROFILE_TITLES = {
    "search": "Where search time goes (cProfile, the goal size, 200 queries)",
    "index": "Where indexing time goes (cProfile, one process, 1,000 articles)",
    "app typed": "Where the app's event loop spends a keystroke's time (cProfile, the goal size)",
    "app open": "Where the app's event loop spends opening an article (cProfile, the goal size)",
    "app scope": "Where the app's event loop spends a scope switch (cProfile, the goal size)",
    "app filter": "Where the app's event loop spends an entity filter (cProfile, the goal size)",
}


def render(
    results: dict[int, SizeResult],
    profiles: dict[str, Profile],
    argv: list[str],
    loads: list[str],
    measured: str,
) -> str:
    """docs/benchmarks.md, from one run's measurements (`measured` is when that run ended)."""
    out = [
        "# Benchmarks",
        "",
        f"Written by `{' '.join(['python bench/run.py', *argv])}`. One run, one "
        "generated corpus per size (`bench/make_corpus.py`, seed "
        f"{CORPUS_SEED}: ~600-word wire stories with headlines, datelines, quoted speakers, "
        "some site banners and link lists). Ratios are the project's time over the reference's; "
        "absolute times only make sense on this machine.",
        "",
        "## Machine",
        "",
        *machine(loads, measured),
        "",
        "## Targets",
        "",
        "Latencies are wall-clock from the key to the repaint, on this machine as loaded above; "
        "the CPU figures in the detail column are the process's own time over the same span, "
        "what the action costs on an idle core.",
        "",
        *target_rows.table(target_rows.targets(results)),
        "",
        "## Each figure against corpus size",
        "",
        *target_rows.curve(results),
        "",
        "## Search and indexing against the reference engines",
        "",
        "| goal | articles | measured | ratio | target | result |",
        "|---|---:|---|---:|---:|---|",
    ]
    for goal in goals(results):
        ratio = "–" if goal.ratio is None else f"{goal.ratio:.2f}"
        target = f"≤ {goal.target:g}"
        if "target" in goal.label:
            ratio = "–" if goal.ratio is None else f"{goal.ratio:.2f} of target"
            target = "≤ 1"
        out.append(
            f"| {goal.label} | {goal.size:,} | {goal.detail} | {ratio} | {target} | {goal.verdict} |"
        )
    notes = miss_notes(results, profiles)
    if notes:
        out += ["", "## Why targets are missed (from this run's measurements)", "", *notes]
    for size, result in sorted(results.items()):
        out += ["", f"## {size:,} articles", "", *_size_tables(result)]
        if result.aggregates_ms or result.changed_file_s is not None:
            out += ["", "| corpus-wide | time |", "|---|---:|"]
            out += [f"| `{name}` | {ms:,.0f} ms |" for name, ms in result.aggregates_ms.items()]
            if result.changed_file_s is not None:
                out.append(f"| `index` after one new file | {result.changed_file_s:.2f} s |")
    for key, profile in profiles.items():
        out += ["", f"## {PROFILE_TITLES[key]}", "", profile.table]
    out += ["", "## How each row is measured", "", *METHOD_NOTES]
    return "\n".join(out) + "\n"


def _size_tables(result: SizeResult) -> list[str]:
    if not result.index:
        rows = ["Indexes reused from an earlier run: their build was not measured in this one."]
        return rows + _latency_tables(result)
    bare = result.index["bare Whoosh"].seconds
    built = result.built_earlier
    rows = [
        *(
            [
                f"Indexes reused: built, and their build measured, by the run of {built}; "
                "everything else below is this run's.",
                "",
            ]
            if built
            else []
        ),
        "| indexer | time | articles/s | × bare Whoosh | peak memory (PSS, all processes) |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, run in result.index.items():
        rows.append(
            f"| {name} | {run.seconds:.1f} s | {result.articles / run.seconds:,.0f} | "
            f"{run.seconds / bare:.2f} | {run.peak_pss_mb:,.0f} MB |"
        )
    return rows + _latency_tables(result)


def _latency_tables(result: SizeResult) -> list[str]:
    reference = result.latency["bare Whoosh + highlight"].median
    rows = [
        "",
        f"Query latency over {len(next(iter(result.latency.values())).times_ms)} mixed queries, "
        "20 hits each:",
        "",
        "| searcher | median | p95 | median × bare Whoosh + highlight | rejected queries |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, latency in result.latency.items():
        rows.append(
            f"| {name} | {latency.median:.2f} ms | {latency.p95:.2f} ms | "
            f"{latency.median / reference:.2f} | {result.query_errors.get(name, 0)} |"
        )
    names = list(result.latency)
    rows += ["", "Median by query kind (ms):", "", "| kind | " + " | ".join(names) + " |"]
    rows.append("|---|" + "---:|" * len(names))
    for kind, medians in sorted(result.latency_by_kind.items()):
        cells = " | ".join(f"{medians.get(n, float('nan')):.2f}" for n in names)
        rows.append(f"| {kind} | {cells} |")
    rows += ["", "| process or action | median | p95 | CPU median |", "|---|---:|---:|---:|"]
    for name, seconds in result.cold_search_s.items():
        cpu = result.cold_cpu_s.get(name)
        rows.append(f"| {name} (cold process) | {seconds * 1000:.0f} ms | | {_ms(cpu)} |")
    for name, seconds in result.tui_start_s.items():
        cpu = result.tui_start_cpu_s.get(name)
        rows.append(f"| start to first paint: {name} | {seconds * 1000:.0f} ms | | {_ms(cpu)} |")
    for kind, latency in result.tui.items():
        if kind.endswith(" cpu") or not latency.times_ms:
            continue
        cpu = result.tui.get(f"{kind} cpu")
        rows.append(
            f"| TUI {TUI_ACTIONS.get(kind, kind)} ({len(latency.times_ms)}) | "
            f"{latency.median:.1f} ms | {latency.p95:.1f} ms | "
            f"{cpu.median:.1f} ms |"
            if cpu
            else f"| TUI {_tui_label(kind)} | {latency.median:.1f} ms | {latency.p95:.1f} ms | |"
        )
    if result.tui_note:
        rows.append(f"| TUI | {result.tui_note} | | |")
    return rows


TUI_ACTIONS = {
    "pickup": "new file written → the open app lists it (no key pressed)",
    "typed": "last key of a burst → results painted",
    "paced": "last key at a typist's pace → results painted",
    "open": "Enter on a result → reader at the first match",
    "scope": "sidebar scope switch → entities painted",
    "filter": "entity filter on or off → results painted",
}


def _tui_label(kind: str) -> str:
    """ "open gc" reads "… of it, the garbage collector's pauses"."""
    action, _, part = kind.partition(" ")
    if part == "gc" and action in TUI_ACTIONS:
        return f"{TUI_ACTIONS[action]}: of it, the garbage collector's pauses"
    return kind


def _ms(seconds: float | None) -> str:
    return "" if seconds is None else f"{seconds * 1000:.0f} ms"


METHOD_NOTES = [
    "- **Index**: each indexer runs as its own process on a fresh directory, timed wall-clock "
    "from start to exit. *project* is `corpus-tui index --json` (process pool over all cores "
    "feeding one Whoosh writer, entities and quotes included); *project, 1 process* calls "
    "`Engine.update_index(processes=1)`; *bare Whoosh* (`bench/baselines.py`) stores path, title "
    "(first line) and body with Whoosh's default `StemmingAnalyzer`, one writer, one commit; "
    "*FTS5* is SQLite's `porter unicode61` tokenizer in one transaction.",
    "- **Peak memory**: the process tree is sampled every 50 ms from /proc; PSS (proportional "
    "set size) summed over the tree counts pages shared by forked workers once.",
    "- **Queries**: 200 queries drawn from a sample of the corpus (terms weighted by frequency, "
    "rare terms, two terms, person-name and word phrases, `title:` fields, fuzzy `~` with one "
    "typo), after 10 warm-up queries, run in this process with the searchers kept open and the "
    "four searchers interleaved query by query. The project's time is `Engine.search(q, "
    "limit=20)`: parse, search, total count, snippets with match offsets for 20 hits and the "
    "spelling suggestion. Bare Whoosh parses with the same MultifieldParser (title, body, "
    "fuzzy plugin) and reads the 20 stored titles; *+ highlight* adds Whoosh's own "
    "`hit.highlights()` per hit. FTS5 has no fuzzy search: a prefix query stands in.",
    "- **Cold search**: wall time of `corpus-tui --corpus C --index I search TERM --json` as a "
    "new process (staleness check included), against `bench/baselines.py whoosh-search`, a "
    "process that imports only Whoosh and json, opens the index, searches and prints 20 hits, "
    "each with a fragment from Whoosh's highlighter, as JSON. The project's sources are compiled to bytecode first, as an installed wheel is. CPU "
    "is the child's user + system time.",
    "- **`--version` / `--help`**: `python -X importtime -m corpus_tui.search --version` (and "
    "`--help`); the row lists any Whoosh or pydantic module in the import log.",
    "- **TUI start**: `bench/tui_latency.py` runs the app headless with `App.run_test()` in a new "
    "process; the time is from starting the process to the first frame drawn with rows in the "
    "results list (every frame is watched from before the app starts). The reference is an "
    "empty `App` to its first frame, watched the same way. CPU is what the process had used "
    "by then.",
    "- **TUI actions** (`bench/tui_latency.py interact`, one app process on the benchmark "
    "queries that have hits): keys go through the driver without waiting between them, as a "
    "terminal delivers them. Each action ends with the first frame, after the change, that "
    "draws the widget it changed (a frame at Textual's clock tick can come before the widget "
    "has asked to be drawn, and does not count), and the clock is read inside that frame. "
    "*Typed*: the query typed in one burst into an empty search bar; "
    "the time runs from the last key to the frame that draws the results list with that "
    "query's hits (the app searches on every keystroke; a search still waiting when a newer "
    "one comes is dropped). Each action also reports the garbage collector's pauses within it "
    "(`gc.callbacks`). *Paced*: the same with 80 ms between keys. *Open*: Enter on a "
    "result to the frame that draws the reader scrolled to the first match. *Scope*: `v` in "
    "the sidebar to the frame that draws it listing the next scope (this article, the "
    "results, the corpus). *Filter*: Enter on a sidebar entity, then Escape, each to the frame "
    "that draws the results list with the filtered hits. CPU is the whole process's (all threads) over the "
    "same span.",
    "- **One changed file**: a new article file is added to the corpus and `corpus-tui index "
    "--json` timed as a process; the file is then removed and the index updated again. "
    "*By the open app*: `tui_latency.py pickup` opens the app on a search for a made-up word, "
    "writes a file holding it into the corpus and times from the write to the frame that "
    "draws the results list with it, no key pressed (three times, the file removed between). "
    "With `--reuse-index`, each reused index first gets one untimed `index`.",
    "- **Corpus-wide entities and quotes**: `Engine.entities(limit=50)` and "
    "`Engine.quotes(limit=50)` in one process on the built index: the first call, then the "
    "median of five.",
    "- **App memory**: private resident memory (`RssAnon`: not the index's memory-mapped file "
    "pages, which are page cache and grow as queries read more of the index) of the "
    "`interact` process after each query's actions; the growth is the least-squares slope "
    "over the last three quarters of the samples.",
]


# Main ------------------------------------------------------------------------------------------


def log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


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


def print_table(results: dict[int, SizeResult]) -> None:
    """The targets, then the reference comparisons, as plain tables on stdout."""
    for row in target_rows.targets(results):
        cells = row.cells()
        print(f"{cells[0]:<70} {cells[1]:>8} {cells[2]:>10} {cells[3]:>10}  {cells[4]}")
    print(f"{'goal':<62} {'size':>7} {'ratio':>7} {'target':>7}  result")
    for goal in goals(results):
        ratio = "-" if goal.ratio is None else f"{goal.ratio:.2f}"
        print(f"{goal.label:<62} {goal.size:>7,} {ratio:>7} {goal.target:>7g}  {goal.verdict}")
        print(f"{'':<4}{goal.detail}")


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
            profile_app(corpus, places, queries)
            profiles.update(PROFILES_DONE)
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


@dataclass
class MeasuredRun:
    """Everything one run measured, kept so the report can be written again from it."""

    results: dict[int, SizeResult]
    profiles: dict[str, Profile]
    argv: list[str]
    loads: list[str]
    measured: str


SAVED_RUN = "last-run.pickle"


def write_report(run: MeasuredRun, output: Path) -> None:
    """Print the targets and write the report of one run's measurements."""
    print_table(run.results)
    output.parent.mkdir(parents=True, exist_ok=True)
    text = render(run.results, run.profiles, run.argv, run.loads, run.measured)
    output.write_text(text, "utf-8")
    log(f"wrote {output}")


def rewrite_report(saved: Path, output: Path) -> int:
    """Write the report again from a saved run, measuring nothing (after its wording changed)."""
    with saved.open("rb") as handle:
        run = pickle.load(handle)  # noqa: S301 - a file this script wrote in its own work folder
    write_report(run, output)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
