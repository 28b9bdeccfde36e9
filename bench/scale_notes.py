"""Why the 100,000-article targets are missed: one paragraph per missed row, for the report.

`miss_notes.py` explains the 10,000-article rows from that size's profiles; at 100,000 articles the run
has no profiles of its own, so each paragraph quotes the run's own figures for the size and says
which of the rest were timed by hand, phase by phase, on the same generated corpus (seed 7).
"""

from __future__ import annotations

from typing import Any

SEARCHER = "project (snippets)"


def _slowest_kinds(result: Any, count: int = 3) -> str:
    """The query kinds with the highest median in the engine, with their medians."""
    kinds = sorted(
        ((medians.get(SEARCHER, 0.0), kind) for kind, medians in result.latency_by_kind.items()),
        reverse=True,
    )
    return ", ".join(f"{kind} {median:.0f} ms" for median, kind in kinds[:count])


def keystroke_note(result: Any) -> str:
    """The burst's p95 at 100,000 articles, against the engine's own search time."""
    typed, engine = result.tui["typed"], result.latency[SEARCHER]
    return (
        f"- **Keystroke at {result.articles:,} articles.** Typed in a burst: p50 "
        f"{typed.median:.0f} ms, p95 {typed.p95:.0f} ms over {len(typed.times_ms)} queries. "
        f"The engine's own search of 20 hits with snippets in the same run: p50 "
        f"{engine.median:.0f} ms, p95 {engine.p95:.0f} ms, and by query kind (medians) "
        f"{_slowest_kinds(result)}. The index has ten times the postings of the 10,000-article "
        "one and Whoosh scores a query over every matching posting of every segment, so the "
        "search itself is most of the difference from the 10,000-article row, and the slowest "
        "queries are those whose words are in most articles. Timed by hand, phase by phase, on "
        "the same corpus: the slowest of the queries, `swoer mio` (two words both in 9,515 "
        "articles), took 226 ms from "
        "the last key to the frame, of which the search's own CPU in its thread was 187 ms, "
        "and 205-223 ms in the engine alone, warm or not: that is Whoosh's time. With the "
        "app's corpus watch switched off it was no faster. The app's own share (keys, rows, "
        "frame) is the same as at 10,000 articles."
    )


def changed_file_note(result: Any) -> str:
    """`index` (and the open app) after one new file at 100,000 articles, by phase."""
    picked = result.tui.get("pickup")
    app = (
        f"; the open app lists a new file {picked.median / 1000:.1f} s after it is written (median)"
        if picked is not None and picked.times_ms
        else ""
    )
    took = result.changed_file_s
    return (
        f"- **One changed file at {result.articles:,} articles.** `index` takes "
        f"{took:.1f} s in this run{app}. Reading and analysing the new file takes "
        "milliseconds; the rest grows with the corpus. Timed by hand, phase by phase, in one "
        "process on the same corpus, while the machine also built an index: imports 0.23 s; opening the index and loading the manifest 0.33 s; walking "
        "the corpus and taking the stats of its 100,000 files 0.67 s (a bare `scandir` and "
        "`stat` loop over them takes 0.6-1.0 s); planning 0.17 s; then the commit 0.45 s, of "
        "which 0.16-0.38 s is recounting the new article's names (a place named in 7,000 "
        "articles reads 7,000 rows) and merging the corpus entities linked to them. The "
        "manifest used to be parsed from 12-19 MB of JSON on each update (0.7-1.2 s); it is "
        "now read from a `marshal` copy written beside it whenever it is written whole "
        "(0.25-0.4 s), and a small save patches the staleness check's sidecar instead of "
        "sorting 100,000 paths again (0.34 to 0.07 s). The open app runs the same update in a "
        "child process when its timer sees the corpus folders change (one stat per folder, "
        "twice a second), and looks only at the files directly in the folders that changed "
        "(`index --folder`): no walk, a plan of 0.07 s, 0.95 s for the whole update in one "
        "process, timed by hand; a file rewritten in place elsewhere is left for the app's "
        "whole check, which stats every file at most a tenth of the time. From the write to "
        "the frame that lists the file, timed by hand with the bench's own harness on the "
        "busy machine: 3.6-5.5 s before these changes, 1.9-2.9 s (median 2.8 s) after. A walk "
        "in four threads was no faster on two busy cores (0.6-1.0 s either way); recounting "
        "a name from the article's own mentions instead of all of them was not tried."
    )


def memory_note(result: Any) -> str:
    """The app's private memory over the run's queries, and what was found growing."""
    samples = result.tui_rss
    quarter = len(samples) // 4
    return (
        f"- **The app's memory at {result.articles:,} articles.** Private resident memory "
        f"{samples[0]:.0f} MB after the first query, {samples[quarter]:.0f} MB after query "
        f"{quarter + 1}, {samples[-1]:.0f} MB after the last of {len(samples)}; the row is "
        "the slope over the last three quarters. What grows is bounded caches filling: at an "
        "earlier report `tracemalloc` between the 100th and the 160th query found only the "
        "snippets' word forms (at most 65,536), Whoosh's stemming cache (at most 50,000 "
        "words), Rich's cell widths and the fuzzy automata (at most 64) growing; a longer run "
        "by hand at 10,000 articles (400 queries, each searched and its first hit opened) "
        "grew 2.1 MB per 100 queries over its second half, slowing (57.7 MB after 25 queries, "
        "63.5 after 200, 67.7 after 400). At 100,000 articles, by hand on an index of the "
        "same corpus built by an earlier run (`tui_latency.py interact` over 385 queries, each "
        "typed and two of its "
        "hits opened, the sidebar cycled for the first 15): 88 MB after the first query, 133 "
        "after the 25th, 143 after the 150th, 150 after the 250th and 151 MB after the 385th. "
        "It grows in steps (a cache's table doubling as it fills) and levels off: +0.7 MB "
        "per 100 queries over the last 135. A run of 60 queries ends before the caches are "
        "full, so its slope reads them filling as growth."
    )


def build_note(result: Any) -> str:
    """The 100,000-article build against bare Whoosh."""
    ours, bare = result.index["project"], result.index["bare Whoosh"]
    return (
        f"- **Build at {result.articles:,} articles.** {ours.seconds / 60:.0f} min against "
        f"{bare.seconds / 60:.0f} min for bare Whoosh ({ours.seconds / bare.seconds:.2f}×), "
        f"peak {ours.peak_pss_mb:.0f} MB over all processes. The reasons are those of the "
        "10,000-article build (see *Indexing*): the project does about twice bare Whoosh's "
        "work (the analysis on top of the index), and the writer's commits run on one core "
        "while the workers wait; at this size the final merges of the segments grow too."
    )


def notes_at_scale(result: Any, missed: set[str]) -> list[str]:
    """A paragraph for each missed 100,000-article row that the run measured."""
    notes: list[str] = []
    if any(label.startswith("`index` build") for label in missed) and result.index:
        notes.append(build_note(result))
    if (
        any(label.startswith("one changed file") for label in missed)
        and result.changed_file_s is not None
    ):
        notes.append(changed_file_note(result))
    if any(label.startswith("last keystroke") for label in missed) and "typed" in result.tui:
        notes.append(keystroke_note(result))
    if any(label.startswith("the app's memory") for label in missed) and result.tui_rss:
        notes.append(memory_note(result))
    return notes
