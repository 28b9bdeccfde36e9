"""The app's measurements, each in its own process through `tui_latency.py`: start to first
paint, the actions driven as a person drives them, and the open app picking up a new file."""

from __future__ import annotations

import json
import statistics
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from bench_common import BENCH_DIR, PYTHON, WARMUP_QUERIES, log
from bench_queries import BenchQuery
from measured import Latency, SizeResult


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
