"""One paragraph per missed target, from the run's own figures and profiles: what the time is
spent on, what was changed and what was tried and dropped."""

from __future__ import annotations

import targets as target_rows
from goals import goals
from measure import IMPORT_PROBES
from measured import Latency, Profile, SizeResult
from scale_notes import notes_at_scale
from targets import LARGE_SIZE as LARGE

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
        workers = index_shares.get("documents.prepare_file", 0)
        writer = index_shares.get("index_writer.record", 0) + index_shares.get(
            "index_writer.finish", 0
        )
        notes.append(
            f"- **Indexing.** In one process the project takes {one / bare:.2f}× bare Whoosh; "
            f"with the process pool over both cores {pooled / bare:.2f}× ({pooled / one:.2f}× "
            "one process). The one-process profile splits the work: reading, cleaning, entity "
            "and quotation analysis and stemming (`documents.prepare_file`, what the worker "
            f"processes do) {workers:.0%}, the Whoosh writer (`index_writer.record` and "
            f"`finish`: adding documents, the commits) {writer:.0%}. So the project does "
            f"{one / bare:.2f}× bare Whoosh's work, and even with both cores busy all the time "
            f"it could not go below about {one / bare / 2:.2f}× on two cores. Timed by hand at "
            "3,000 articles on the same corpus (wall 21-22 s against 15.6 s): the pooled "
            "build used 33 s of CPU against bare Whoosh's 15.4 s, 16.3-16.8 s in the two "
            "workers and 16.8-16.9 s in the writer, of which 10.3 s were its two commits "
            "(1,000 then 2,000 articles: Whoosh sorts the posting pool and writes each posting "
            "in Python, 3.4 ms an article against 2.4 ms in bare Whoosh's one commit; the "
            "project indexes 393 postings an article against bare Whoosh's 345, the entity, "
            "date and spelling fields). During a commit the workers stop once the window of "
            "work in flight is full, and the last commit has nothing left to overlap. Tried and "
            "dropped, interleaved with the code before: the article text's postings made in "
            "the workers (a field whose `index()` takes the tuples a worker made with the "
            "field's own `index()`, byte for byte the same index): the writer's CPU 16.8 to "
            "15.0 s, but the workers' 16.3 to 18.4 s and the wall 21.2 to 20.7 s; a window of "
            "32 chunks a worker instead of 4, so the workers go on through a commit: 22.0 and "
            "22.4 s to 22.0 and 21.5 s."
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
