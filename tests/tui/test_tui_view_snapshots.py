"""Snapshot tests of the exploration views at 80x24 (and KWIC at 120x40), on fixed answers.

The views get their data from a stand-in session built from the fixed articles of
test_tui_snapshots, so the pictures change only when the views' drawing changes.
Update after a deliberate change with `pytest tests/tui/test_tui_view_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable

from textual.pilot import Pilot
from textual.screen import Screen

from corpus_tui.search.models import QuoteHit, QuotesResult
from corpus_tui.search.views.kwic import KwicLine, KwicResult
from corpus_tui.search.views.related import EntityRef, RelatedEntity, RelatedResult
from corpus_tui.search.views.speakers import Speaker, SpeakersResult
from corpus_tui.search.views.trends import TrendPoint, TrendSeries, TrendsResult
from corpus_tui.tui.app import CorpusApp
from corpus_tui.tui.screens.kwic import KwicScreen
from corpus_tui.tui.screens.related import RelatedScreen
from corpus_tui.tui.screens.speakers import QuotesScreen, SpeakersScreen
from corpus_tui.tui.screens.trends import TrendsScreen

from .test_tui_snapshots import ARTICLES, FixedSession, settle_still


class FixedViews(FixedSession):
    """View answers computed plainly from the fixed articles."""

    def kwic(self, query: str, filters: tuple[str, ...], sort: str) -> KwicResult:
        lines = []
        for article in ARTICLES:
            for m in re.finditer(rf"\b{re.escape(query)}\b", article.text, re.IGNORECASE):
                left = article.text[max(0, m.start() - 40) : m.start()].replace("\n", " ")
                right = article.text[m.end() : m.end() + 40].replace("\n", " ")
                lines.append(
                    KwicLine(
                        id=article.id,
                        title=article.title,
                        date=article.date,
                        left=left,
                        match=m.group(),
                        right=right,
                        start=m.start(),
                        end=m.end(),
                    )
                )
        return KwicResult(query=query, total=len(lines), lines=lines)

    def trends(self, queries: list[str], by: str, filters: tuple[str, ...]) -> TrendsResult:
        months = ["2025-01", "2025-02", "2025-03", "2025-04", "2025-05"]
        counts = [0, 2, 1, 3, 1]
        points = [
            TrendPoint(period=p, articles=c, share=round(c / 4, 4))
            for p, c in zip(months, counts, strict=True)
        ]
        series = [TrendSeries(query=q, total=8, undated=1, points=points) for q in queries]
        return TrendsResult(by=by, series=series)

    def speakers(self, query: str, filters: tuple[str, ...]) -> SpeakersResult:
        tally: dict[str, list[str]] = {}
        for article in ARTICLES:
            for quote in article.quotes:
                if quote.speaker:
                    tally.setdefault(quote.speaker, []).append(article.date or "")
        return SpeakersResult(
            speakers=[
                Speaker(name=n, quotes=len(d), articles=1, first=min(d), last=max(d))
                for n, d in sorted(tally.items(), key=lambda item: (-len(item[1]), item[0]))
            ]
        )

    def quotes_by(self, speaker: str, query: str, filters: tuple[str, ...]) -> QuotesResult:
        return QuotesResult(
            quotes=[
                QuoteHit(
                    id=a.id, title=a.title, text=q.text, speaker=q.speaker, start=q.start, end=q.end
                )
                for a in ARTICLES
                for q in a.quotes
                if q.speaker == speaker
            ]
        )

    def related(self, name: str, query: str, filters: tuple[str, ...]) -> RelatedResult:
        rows = [("Lisbon", "place", 1, 3.82), ("Rui Matos", "person", 1, 2.91)]
        rows += [("Tagus Coalition", "org", 1, 2.91), ("Porto", "place", 0, -1.2)]
        return RelatedResult(
            entity=EntityRef(name=name, type="person"),
            related=[RelatedEntity(name=n, type=t, articles=a, score=s) for n, t, a, s in rows],
        )


def shows(make: Callable[[FixedViews], Screen]) -> Callable[[Pilot], Awaitable[None]]:
    async def run_before(pilot: Pilot) -> None:
        await settle_still(pilot)
        session = pilot.app.session  # type: ignore[attr-defined]
        await pilot.app.push_screen(make(session))
        await settle_still(pilot)

    return run_before


def app() -> CorpusApp:
    return CorpusApp(session=FixedViews(), show_timings=False)


def test_kwic_80x24(snap_compare) -> None:  # noqa: ANN001
    run = shows(lambda s: KwicScreen(s, "harbour", ()))
    assert snap_compare(app(), terminal_size=(80, 24), run_before=run)


def test_kwic_120x40(snap_compare) -> None:  # noqa: ANN001
    run = shows(lambda s: KwicScreen(s, "harbour", ()))
    assert snap_compare(app(), terminal_size=(120, 40), run_before=run)


def test_trends_80x24(snap_compare) -> None:  # noqa: ANN001
    run = shows(lambda s: TrendsScreen(s, ["harbour", "ferry"], ()))
    assert snap_compare(app(), terminal_size=(80, 24), run_before=run)


def test_speakers_80x24(snap_compare) -> None:  # noqa: ANN001
    run = shows(lambda s: SpeakersScreen(s, "*", ()))
    assert snap_compare(app(), terminal_size=(80, 24), run_before=run)


def test_quotes_80x24(snap_compare) -> None:  # noqa: ANN001
    run = shows(lambda s: QuotesScreen(s, "Ana Costa", "*", ()))
    assert snap_compare(app(), terminal_size=(80, 24), run_before=run)


def test_related_80x24(snap_compare) -> None:  # noqa: ANN001
    run = shows(lambda s: RelatedScreen(s, "Ana Costa", "*", ()))
    assert snap_compare(app(), terminal_size=(80, 24), run_before=run)
