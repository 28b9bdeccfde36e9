"""The benchmark's targets table: a verdict per row from the run's figures, never a guess."""

from __future__ import annotations

import importlib.util
import sys
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

import pytest

from tests.paths import BENCH as BENCH_DIR


@pytest.fixture(scope="module")
def targets() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_targets", BENCH_DIR / "targets.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@dataclass
class Times:
    times_ms: list[float]

    @property
    def median(self) -> float:
        ordered = sorted(self.times_ms)
        return ordered[len(ordered) // 2]

    @property
    def p95(self) -> float:
        return sorted(self.times_ms)[-1]


@dataclass
class Result:
    """The fields of `run.SizeResult` the targets read."""

    tui: dict[str, Any] = field(default_factory=dict)
    tui_note: str | None = None
    tui_start_s: dict[str, float] = field(default_factory=dict)
    tui_start_cpu_s: dict[str, float] = field(default_factory=dict)
    cold_search_s: dict[str, float] = field(default_factory=dict)
    cold_cpu_s: dict[str, float] = field(default_factory=dict)
    cli_imports: dict[str, list[str]] = field(default_factory=dict)
    index: dict[str, Any] = field(default_factory=dict)
    tui_rss: list[float] = field(default_factory=list)
    changed_file_s: float | None = None
    aggregates_ms: dict[str, float] = field(default_factory=dict)


def test_each_row_is_judged_on_its_own_figure(targets: ModuleType) -> None:
    result = Result(
        tui={"typed": Times([20.0, 30.0, 120.0]), "open": Times([10.0, 40.0])},
        tui_start_s={"project TUI": 0.3, "empty Textual app": 0.2},
        cold_search_s={"project CLI": 0.5, "bare Whoosh process": 0.2},
        cli_imports={"--version": [], "--help": ["pydantic"]},
    )
    rows = {(row.label, row.size): row for row in targets.targets({10_000: result})}
    burst = "last keystroke → results painted, typed in one burst"
    assert rows[(burst, 10_000)].verdict == "MISS"  # p95 120 ms > 100 ms
    assert rows[("last keystroke → results painted, median", 10_000)].verdict == "PASS"
    assert rows[("Enter on a result → reader painted at the first match", 10_000)].verdict == "PASS"
    start = rows[("start → first results painted, × an empty Textual app", 10_000)]
    assert start.value == pytest.approx(1.5) and start.verdict == "PASS"
    cold = rows[("cold `search --json` process, × a bare Whoosh search process", 10_000)]
    assert cold.verdict == "MISS"
    assert rows[("`--version` imports neither Whoosh nor pydantic", 0)].verdict == "PASS"
    assert rows[("`--help` imports neither Whoosh nor pydantic", 0)].verdict == "MISS"
    assert rows[("sidebar scope switch → entities painted", 10_000)].verdict == "not measured"
    assert rows[(burst, 100_000)].detail == "size not run"


def test_memory_growth_is_the_slope_after_warm_up(targets: ModuleType) -> None:
    flat = Result(tui_rss=[300.0] * 4 + [100.0] * 12)
    growing = Result(tui_rss=[100.0 + 0.5 * i for i in range(16)])
    assert targets.memory_growth(flat) == pytest.approx(0.0)
    assert targets.memory_growth(growing) == pytest.approx(50.0)  # MB per 100 queries
    assert targets.memory_growth(Result(tui_rss=[1.0, 2.0])) is None
