"""The latency and scale targets, judged on one run's measurements, and how each figure grows.

`run.py` measures; this turns a run's results into the report's PASS/MISS table (one row per
target, with p50 and p95 where the target is a latency) and the curve of each figure against
corpus size. A target whose size was not run says so instead of guessing.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

MAIN_SIZE = 10_000
LARGE_SIZE = 100_000


@dataclass(frozen=True)
class Target:
    """One row: `value` against `limit` in `unit` (lower is better); None when not measured."""

    label: str
    size: int
    value: float | None
    limit: float
    unit: str
    detail: str

    @property
    def verdict(self) -> str:
        if self.value is None or math.isnan(self.value):
            return "not measured"
        return "PASS" if self.value <= self.limit else "MISS"

    def cells(self) -> list[str]:
        unit = "" if self.unit in ("×", "") else f" {self.unit}"
        limit = f"≤ {self.limit:g}{unit}" if self.unit != "×" else f"≤ {self.limit:g}×"
        shown = "–" if self.verdict == "not measured" else f"{self.value:,.2f}{unit}"
        if self.limit == 0 and self.verdict != "not measured":
            shown = "none" if self.value == 0 else f"{self.value:.0f}"
        if self.unit == "×" and self.verdict != "not measured":
            shown = f"{self.value:.2f}×"
        size = f"{self.size:,}" if self.size else "–"
        return [self.label, size, shown, limit, self.verdict, self.detail]


def _ms(values: Any) -> str:
    return f"p50 {values.median:.0f} ms, p95 {values.p95:.0f} ms"


def _latency_rows(result: Any, size: int, p95_limit: float) -> list[Target]:
    """Keystroke, paced typing, open, scope and filter rows for one size."""
    tui = result.tui if result is not None else {}
    rows: list[Target] = []
    specs: list[tuple[str, str, str, float]] = [
        ("typed", "p95", "last keystroke → results painted, typed in one burst", p95_limit),
        ("typed", "median", "last keystroke → results painted, median", p95_limit / 2),
        ("paced", "p95", "last keystroke → results painted, typed at a person's pace", p95_limit),
    ]
    if size == MAIN_SIZE:
        specs += [
            ("open", "p95", "Enter on a result → reader painted at the first match", 50.0),
            ("scope", "p95", "sidebar scope switch → entities painted", 100.0),
            ("filter", "p95", "entity filter toggled → results painted", 100.0),
        ]
    for kind, stat, label, limit in specs:
        wall, cpu = tui.get(kind), tui.get(f"{kind} cpu")
        if wall is None or not wall.times_ms:
            note = (result.tui_note if result is not None else None) or "size not run"
            rows.append(Target(label, size, None, limit, "ms", note))
            continue
        value = wall.p95 if stat == "p95" else wall.median
        detail = f"{_ms(wall)} over {len(wall.times_ms)}"
        if cpu is not None and cpu.times_ms:
            detail += f"; CPU {_ms(cpu)}"
        rows.append(Target(label, size, value, limit, "ms", detail))
    return rows


def targets(results: dict[int, Any]) -> list[Target]:
    """Every target, at 10,000 articles (3,000 too for indexing) and at 100,000."""
    rows: list[Target] = []
    main = results.get(MAIN_SIZE)
    rows += _latency_rows(main, MAIN_SIZE, 100.0)
    start = main.tui_start_s if main is not None else {}
    if start:
        cpu = main.tui_start_cpu_s
        rows.append(
            Target(
                "start → first results painted, × an empty Textual app",
                MAIN_SIZE,
                start["project TUI"] / start["empty Textual app"],
                1.5,
                "×",
                f"{start['project TUI'] * 1000:.0f} ms vs {start['empty Textual app'] * 1000:.0f} ms"
                + (
                    f"; CPU {cpu['project TUI'] * 1000:.0f} vs "
                    f"{cpu['empty Textual app'] * 1000:.0f} ms"
                    if cpu
                    else ""
                ),
            )
        )
    else:
        rows.append(_missing("start → first results painted, × an empty Textual app", 1.5))
    cold = main.cold_search_s if main is not None else {}
    if cold:
        cpu = main.cold_cpu_s
        rows.append(
            Target(
                "cold `search --json` process, × a bare Whoosh search process",
                MAIN_SIZE,
                cold["project CLI"] / cold["bare Whoosh process"],
                1.5,
                "×",
                f"{cold['project CLI'] * 1000:.0f} ms vs {cold['bare Whoosh process'] * 1000:.0f} ms"
                + (
                    f"; CPU {cpu['project CLI'] * 1000:.0f} vs "
                    f"{cpu['bare Whoosh process'] * 1000:.0f} ms"
                    if cpu
                    else ""
                ),
            )
        )
    else:
        rows.append(_missing("cold `search --json` process, × a bare Whoosh search process", 1.5))
    any_result = next(iter(results.values()))
    for command, heavy in sorted(any_result.cli_imports.items()):
        rows.append(
            Target(
                f"`{command}` imports neither Whoosh nor pydantic",
                0,
                float(len(heavy)),
                0,
                "",
                ", ".join(heavy) if heavy else "neither imported (`python -X importtime`)",
            )
        )
    for size in (3_000, MAIN_SIZE):
        rows.append(_index_row(results.get(size), size, "`index` from scratch"))
    large = results.get(LARGE_SIZE)
    rows.append(_index_row(large, LARGE_SIZE, "`index` build"))
    peak = large.index["project"].peak_pss_mb if large is not None and large.index else None
    rows.append(
        Target(
            "`index` peak memory, all processes (PSS)",
            LARGE_SIZE,
            peak,
            600,
            "MB",
            f"RSS summed {large.index['project'].peak_rss_mb:,.0f} MB"
            + (f" (built by the run of {large.built_earlier})" if large.built_earlier else "")
            if peak
            else "size not run",
        )
    )
    rows.append(
        _scalar(
            large, LARGE_SIZE, "one changed file picked up by `index`", 2.0, "s", "changed_file_s"
        )
    )
    picked = large.tui.get("pickup") if large is not None else None
    rows.append(
        Target(
            "one changed file picked up by the open app, no key pressed",
            LARGE_SIZE,
            picked.median / 1000 if picked and picked.times_ms else None,
            3.0,
            "s",
            f"median of {len(picked.times_ms)}, p95 {picked.p95 / 1000:.2f} s; from the file's "
            "write to the frame that lists it (the app looks for changes on a timer)"
            if picked and picked.times_ms
            else "size not run",
        )
    )
    rows += [r for r in _latency_rows(large, LARGE_SIZE, 150.0) if "median" not in r.label][:1]
    growth = memory_growth(large) if large is not None else None
    rows.append(
        Target(
            "the app's memory over use: growth per 100 actions",
            LARGE_SIZE,
            growth,
            1.0,
            "MB",
            f"private resident memory sampled after each of {len(large.tui_rss)} queries"
            if growth is not None
            else "size not run",
        )
    )
    for name in ("entities --limit 50", "quotes --limit 50"):
        value = large.aggregates_ms.get(name) if large is not None else None
        first = large.aggregates_ms.get(f"{name} (first call)") if large is not None else None
        rows.append(
            Target(
                f"corpus-wide `{name}`",
                LARGE_SIZE,
                value,
                300,
                "ms",
                (f"warm; the first call after indexing took {first:,.0f} ms" if first else "")
                if value is not None
                else "size not run",
            )
        )
    return rows


def memory_growth(result: Any) -> float | None:
    """Least-squares slope of the app's resident memory, in MB per 100 queries (after the
    first quarter, which loads caches)."""
    samples = result.tui_rss[len(result.tui_rss) // 4 :]
    if len(samples) < 4:
        return None
    n = len(samples)
    mean_x, mean_y = (n - 1) / 2, sum(samples) / n
    num = sum((x - mean_x) * (y - mean_y) for x, y in enumerate(samples))
    den = sum((x - mean_x) ** 2 for x in range(n))
    return num / den * 100


def _missing(label: str, limit: float) -> Target:
    return Target(label, MAIN_SIZE, None, limit, "×", "size not run")


def _index_row(result: Any, size: int, label: str) -> Target:
    if result is None or not result.index:
        why = "size not run" if result is None else "indexes reused: their build not measured"
        return Target(f"{label}, × bare single-process Whoosh", size, None, 1.0, "×", why)
    ours, bare = result.index["project"].seconds, result.index["bare Whoosh"].seconds
    return Target(
        f"{label}, × bare single-process Whoosh",
        size,
        ours / bare,
        1.0,
        "×",
        f"{ours:.1f} s vs {bare:.1f} s"
        + (f" (built by the run of {built})" if (built := result.built_earlier) else ""),
    )


def _scalar(result: Any, size: int, label: str, limit: float, unit: str, field: str) -> Target:
    value = getattr(result, field, None) if result is not None else None
    return Target(label, size, value, limit, unit, "" if value is not None else "size not run")


# The curve: each figure against corpus size ---------------------------------------------------


def _tui(kind: str, stat: str) -> Callable[[Any], float | None]:
    def get(result: Any) -> float | None:
        latency = result.tui.get(kind)
        if latency is None or not latency.times_ms:
            return None
        return latency.p95 if stat == "p95" else latency.median

    return get


CURVE: list[tuple[str, Callable[[Any], float | None], str]] = [
    ("`index` time", lambda r: r.index["project"].seconds if r.index else None, "{:,.1f} s"),
    (
        "`index` × bare Whoosh",
        lambda r: r.index["project"].seconds / r.index["bare Whoosh"].seconds if r.index else None,
        "{:.2f}×",
    ),
    (
        "`index` peak PSS",
        lambda r: r.index["project"].peak_pss_mb if r.index else None,
        "{:,.0f} MB",
    ),
    (
        "search with snippets, p50",
        lambda r: r.latency["project (snippets)"].median if r.latency else None,
        "{:.1f} ms",
    ),
    (
        "search with snippets, p95",
        lambda r: r.latency["project (snippets)"].p95 if r.latency else None,
        "{:.1f} ms",
    ),
    ("keystroke → results, p50", _tui("typed", "median"), "{:.0f} ms"),
    ("keystroke → results, p95", _tui("typed", "p95"), "{:.0f} ms"),
    ("keystroke at a person's pace, p95", _tui("paced", "p95"), "{:.0f} ms"),
    ("open an article, p95", _tui("open", "p95"), "{:.0f} ms"),
    ("scope switch, p95", _tui("scope", "p95"), "{:.0f} ms"),
    ("entity filter, p95", _tui("filter", "p95"), "{:.0f} ms"),
    ("TUI start", lambda r: r.tui_start_s.get("project TUI", 0) * 1000 or None, "{:,.0f} ms"),
    (
        "cold `search --json`",
        lambda r: r.cold_search_s.get("project CLI", 0) * 1000 or None,
        "{:,.0f} ms",
    ),
    ("one changed file, `index`", lambda r: r.changed_file_s, "{:.2f} s"),
    (
        "one changed file, the open app",
        lambda r: r.tui["pickup"].median / 1000 if "pickup" in r.tui else None,
        "{:.2f} s",
    ),
    ("app memory growth per 100 queries", memory_growth, "{:+.1f} MB"),
    ("`entities --limit 50`", lambda r: r.aggregates_ms.get("entities --limit 50"), "{:,.0f} ms"),
    ("`quotes --limit 50`", lambda r: r.aggregates_ms.get("quotes --limit 50"), "{:,.0f} ms"),
]


def curve(results: dict[int, Any]) -> list[str]:
    """A markdown table: one row per figure, one column per corpus size."""
    sizes = sorted(results)
    lines = [
        "| figure | " + " | ".join(f"{s:,}" for s in sizes) + " |",
        "|---|" + "---:|" * len(sizes),
    ]
    for name, get, fmt in CURVE:
        cells = []
        for size in sizes:
            try:
                value = get(results[size])
            except (KeyError, ZeroDivisionError):
                value = None
            cells.append("–" if value is None or math.isnan(value) else fmt.format(value))
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return lines


def table(rows: list[Target]) -> list[str]:
    lines = [
        "| target | articles | measured | limit | result | detail |",
        "|---|---:|---:|---:|---|---|",
    ]
    for row in rows:
        lines.append("| " + " | ".join(row.cells()) + " |")
    return lines
