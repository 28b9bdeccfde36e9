"""Search against the reference engines (bare Whoosh with and without its highlighter), at the
goal size: the report's second table. The latency and scale targets are in `targets.py`."""

from __future__ import annotations

from dataclasses import dataclass

from measured import SizeResult


@dataclass(frozen=True)
class Goal:
    label: str
    size: int
    ratio: float | None
    target: float
    detail: str

    @property
    def verdict(self) -> str:
        if self.ratio is None or self.ratio != self.ratio:
            return "not measured"
        return "PASS" if self.ratio <= self.target else "MISS"


def goals(results: dict[int, SizeResult]) -> list[Goal]:
    """Search and indexing against the reference engines, at 10k articles (or the largest run).

    The latency, start-up, cold-process and 100k targets are in `targets.py`."""
    main_size = 10_000 if 10_000 in results else max(results)
    main = results[main_size]
    listed: list[Goal] = []
    ours, bare = main.latency["project (snippets)"], main.latency["bare Whoosh + highlight"]
    listed.append(
        Goal(
            "search with snippets vs bare Whoosh + highlight (median)",
            main_size,
            ours.median / bare.median,
            1.2,
            f"{ours.median:.2f} ms vs {bare.median:.2f} ms; p95 {ours.p95:.1f} vs {bare.p95:.1f} ms",
        )
    )
    hits_only = main.latency["bare Whoosh, hits only"]
    listed.append(
        Goal(
            "search with snippets vs bare Whoosh, hits only (median)",
            main_size,
            ours.median / hits_only.median,
            1.2,
            f"{ours.median:.2f} ms vs {hits_only.median:.2f} ms (the bare side makes no snippets)",
        )
    )
    return listed
