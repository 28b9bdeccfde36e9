"""Latency of each exploration view at one corpus size (default 10,000 articles), for a query
matching about 1,000 articles, against the goal of 300 ms.

Calls go through one open `Engine`, as the app makes them: the first call of a view that reads the
per-article summaries builds them (or loads them from the file beside the index), so that first
call is reported on its own, then the median and worst of the repeats, and the median as a ratio
to a search for the same query in the same run (absolute times depend on the machine's load).
`kwic --sort left` is a full scan each time; `kwic re-sort` re-sorts the engine's last scan, as
the app's `s` key does.

    python bench/views_speed.py [--size 10000] [--index DIR] [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import run  # noqa: E402  (bench/ is a folder of scripts, not a package)

from corpus_tui.search.engine import Engine  # noqa: E402

GOAL_MS = 300.0
TARGET_HITS = 1000


def query_near(engine: Engine, hits: int) -> tuple[str, int]:
    """A one-word query whose article count is nearest `hits`, from the body's vocabulary."""
    searcher = engine.backend._open()  # type: ignore[attr-defined]  # the Whoosh backend
    reader = searcher.reader()
    candidates = sorted(
        (abs(info.doc_frequency() - hits), term.decode("utf-8"))
        for term, info in reader.iter_field("body")
        if term.isalpha()
    )
    for _, term in candidates[:20]:
        total = engine.search(term, limit=1).total
        if total:
            return term, total
    raise SystemExit("no query found")


def fresh_kwic(engine: Engine, query: str, sort: str) -> object:
    """A full KWIC scan, not a re-sort of the engine's last one."""
    engine.backend._kwic_memo = None  # type: ignore[attr-defined]
    return engine.kwic(query, sort=sort, limit=100)


def timed(call: Callable[[], object], repeat: int) -> tuple[float, float, float]:
    """First call, median and worst of the following ones, in ms."""
    times = []
    for _ in range(repeat + 1):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return times[0], statistics.median(times[1:]), max(times[1:])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--corpus", type=Path, default=None, help="default: a generated corpus")
    parser.add_argument("--index", type=Path, default=None, help="default: one beside it")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--workdir", type=Path, default=Path(tempfile.gettempdir()) / "corpus-tui-bench"
    )
    args = parser.parse_args(argv)
    corpus = args.corpus or run.ensure_corpus(args.workdir, args.size)
    index = args.index or args.workdir / f"views-{args.size}" / "index"
    engine = Engine(corpus, index)
    if not engine.has_index() or engine.is_stale():
        engine.update_index()
    query, hits = query_near(engine, TARGET_HITS)
    person = next(e.name for e in engine.entities(type="person", limit=1).entities)
    print(f"{args.size:,} articles; query {query!r} matches {hits} articles; person {person!r}")
    views: list[tuple[str, Callable[[], object]]] = [
        ("kwic", lambda: engine.kwic(query, limit=100)),
        ("kwic --sort left", lambda: fresh_kwic(engine, query, "left")),
        ("kwic re-sort 1R", lambda: engine.kwic(query, sort="1R", limit=100)),
        ("trends --by month", lambda: engine.trends([query], by="month")),
        ("trends --by day", lambda: engine.trends([query], by="day")),
        ("speakers --query", lambda: engine.speakers(query=query, limit=20)),
        ("speakers (corpus)", lambda: engine.speakers(limit=20)),
        ("related --query", lambda: engine.related(person, limit=20, query=query)),
        ("related (corpus)", lambda: engine.related(person, limit=20)),
        ("collocates", lambda: engine.collocates(query, limit=20)),
    ]
    print(f"{'view':<20} {'first':>9} {'median':>9} {'worst':>9}  goal {GOAL_MS:.0f} ms")
    reference = timed(lambda: engine.search(query, limit=20), args.repeat)[1]
    for name, call in views:
        first, median, worst = timed(call, args.repeat)
        verdict = "PASS" if median <= GOAL_MS else "MISS"
        ratio = median / reference if reference else 0.0
        print(
            f"{name:<20} {first:>7.0f}ms {median:>7.0f}ms {worst:>7.0f}ms  {verdict}"
            f"  ({ratio:.1f}x search)"
        )
    print(f"{'search, 20 hits':<20} {'':>9} {reference:>7.0f}ms  (reference, same run)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
