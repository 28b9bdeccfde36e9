"""Where the time goes: cProfile tables of indexing, search and the app's event loop, each
function's share kept by name for the notes on missed targets."""

from __future__ import annotations

import cProfile
import io
import json
import pstats
import shutil
import subprocess
import tempfile
from pathlib import Path

import baselines
from bench_common import BENCH_DIR, PYTHON, WARMUP_QUERIES
from bench_queries import BenchQuery
from measure import call_query
from measured import Profile


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
        call_query(lambda q: engine.search(q.whoosh), query, (EngineError,))
    profiler = cProfile.Profile()
    profiler.enable()
    for query in queries[WARMUP_QUERIES:]:
        call_query(lambda q: engine.search(q.whoosh), query, (EngineError,))
    profiler.disable()
    engine.close()
    return _profile(profiler, 12)


def profile_app(
    corpus: Path, places: dict[str, Path], queries: list[BenchQuery]
) -> dict[str, Profile]:
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
        return {}
    finally:
        Path(handle.name).unlink()
    made: dict[str, Profile] = {}
    for kind in ("typed", "open", "scope", "filter"):
        path = Path(f"{prefix}.{kind}")
        if path.exists():
            made[f"app {kind}"] = _profile(pstats.Stats(str(path)), 16, EVENT_LOOP)
    return made


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
        module = Path(filename)
        # A package's `__init__.py` is known by the package's name: `analysis.analyse`.
        key = f"{module.parent.name if module.stem == '__init__' else module.stem}.{name}"
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
