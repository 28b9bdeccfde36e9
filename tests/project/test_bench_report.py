"""The benchmark's report written again from a saved run (`run.py --rewrite`), measuring nothing:
the saved figures reach the targets table, the reference table and the notes on what missed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.paths import BENCH as BENCH_DIR

SAVE_RUN = """
import pickle, sys
sys.path.insert(0, sys.argv[1])
from measured import Latency, MeasuredRun, SizeResult
from processes import ProcessRun

result = SizeResult(10_000)
result.index = {
    "project": ProcessRun(30.0, 300.0, 400.0, ""),
    "project, 1 process": ProcessRun(45.0, 200.0, 200.0, ""),
    "bare Whoosh": ProcessRun(20.0, 150.0, 150.0, ""),
}
result.latency = {
    "project (snippets)": Latency([10.0, 12.0, 14.0]),
    "bare Whoosh, hits only": Latency([5.0, 6.0, 7.0]),
    "bare Whoosh + highlight": Latency([20.0, 22.0, 24.0]),
}
result.cold_search_s = {"project CLI": 0.40, "bare Whoosh process": 0.20}
result.cold_cpu_s = {"project CLI": 0.35, "bare Whoosh process": 0.18}
result.tui = {"typed": Latency([30.0, 40.0, 60.0]), "typed cpu": Latency([20.0, 25.0, 30.0])}
result.cli_imports = {"--version": [], "--help": []}
run = MeasuredRun({10_000: result}, {}, ["--sizes", "10000"], ["0.10", "0.20"], "2026-12-02")
with open(sys.argv[2], "wb") as handle:
    pickle.dump(run, handle)
"""


def test_rewrite_renders_the_saved_figures(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-c", SAVE_RUN, str(BENCH_DIR), str(tmp_path / "last-run.pickle")],
        check=True,
    )
    output = tmp_path / "benchmarks.md"
    done = subprocess.run(
        [sys.executable, str(BENCH_DIR / "run.py"), "--rewrite", "--workdir", str(tmp_path)]
        + ["--output", str(output)],
        capture_output=True,
        text=True,
        check=True,
    )
    report = output.read_text(encoding="utf-8")
    assert "Written by `python bench/run.py --sizes 10000`" in report
    burst = "| last keystroke → results painted, typed in one burst | 10,000 | 60.00 ms |"
    assert burst in report and "PASS" in report.split(burst)[1].splitlines()[0]
    cold = "| cold `search --json` process, × a bare Whoosh search process | 10,000 | 2.00× |"
    assert cold in report and "MISS" in report.split(cold)[1].splitlines()[0]
    assert "| project | 30.0 s | 333 | 1.50 | 300 MB |" in report
    assert "| project (snippets) | 12.00 ms | 14.00 ms | 0.55 | 0 |" in report
    assert "- **Cold search.**" in report and "- **Indexing.** In one process" in report
    assert "- **Keystroke.**" not in report  # met, so not explained
    assert "2.00×" in done.stdout and f"wrote {output}" in done.stderr
