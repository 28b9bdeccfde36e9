"""docs/benchmarks.md from one run's measurements, and the tables printed on stdout."""

from __future__ import annotations

import os
import pickle
import platform
import re
import sqlite3
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path

import targets as target_rows
from bench_common import CORPUS_SEED, log
from goals import goals
from measured import MeasuredRun, Profile, SizeResult
from miss_notes import miss_notes


def load_average() -> str:
    """The 1-minute load average: the benchmark shares the machine with whatever else runs."""
    try:
        return f"{os.getloadavg()[0]:.2f}"
    except OSError:
        return "unknown"


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
