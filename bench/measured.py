"""What a run measures, as plain dataclasses: kept in the work folder (pickled) so the report
can be written again without measuring."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field

from processes import ProcessRun


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


@dataclass
class Profile:
    """A cProfile run: the markdown table, and each function's cumulative share by name."""

    table: str
    shares: dict[str, float]


@dataclass
class MeasuredRun:
    """Everything one run measured, kept so the report can be written again from it."""

    results: dict[int, SizeResult]
    profiles: dict[str, Profile]
    argv: list[str]
    loads: list[str]
    measured: str
