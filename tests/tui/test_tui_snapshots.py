"""Snapshot tests of the main screen at 120x40 and 80x24.

The app runs on a fixed in-memory corpus (a stand-in for the engine session) so the pictures
change only when the app's own drawing changes, not when extraction rules improve.
Update after a deliberate change with `pytest tests/tui/test_tui_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

import re

from textual.pilot import Pilot
from textual.widgets import Input

from corpus_tui.search.models import Article, Entity, Hit, IndexSummary, Quote, SearchResult
from corpus_tui.tui.app import CorpusApp
from corpus_tui.tui.engine_session import EngineSession
from corpus_tui.tui.messages import EntityRow, Scope
from tests.tui_support import settle


def _article(
    doc_id: str,
    title: str,
    date: str,
    source: str,
    paragraphs: list[str],
    people: dict[str, str | None],
    places: list[str],
    orgs: list[str],
) -> Article:
    """An article whose entities and quotes are found by plain string search in its text."""
    text = "\n\n".join(paragraphs)
    entities = []
    for kind, names in (("person", list(people)), ("place", places), ("org", orgs)):
        for name in names:
            surname = name.split()[-1]
            mentions = [(m.start(), m.end()) for m in re.finditer(re.escape(name), text)]
            if surname != name:
                mentions += [
                    (m.start(), m.end())
                    for m in re.finditer(rf"(?<!{name.split()[0]} ){re.escape(surname)}", text)
                ]
            entities.append(
                Entity(name=name, type=kind, count=len(mentions), mentions=sorted(mentions))
            )
    quotes = []
    for match in re.finditer(r"“([^”]*)”", text):
        speaker = next(
            (person for person, said in people.items() if said and said in match.group(1)), None
        )
        quotes.append(
            Quote(text=match.group(1), speaker=speaker, start=match.start(), end=match.end())
        )
    return Article(
        id=doc_id,
        path=doc_id,
        title=title,
        source=source or None,
        date=date or None,
        text=text,
        entities=entities,
        quotes=quotes,
    )


ARTICLES = [
    _article(
        "harbour-vote.txt",
        "Lisbon harbour board backs channel dredging plan",
        "2025-05-02",
        "Atlantic Wire",
        [
            "LISBON, May 2 (Atlantic Wire) - The harbour board of Lisbon voted on Friday to "
            "dredge the northern channel, a plan that shipping firms say will let larger "
            "container vessels dock without waiting for the tide.",
            "“We will not be rushed by anyone, but we will not wait for ever either,” said "
            "board chair Ana Costa after the vote. “The channel is our business.”",
            "Environmental groups criticised the decision. Rui Matos of the Tagus Coalition "
            "said the board had ignored the estuary's wetlands.",
            "“Dredging on this scale changes the river for a generation,” Matos said.",
            "The Port Authority of Lisbon expects the work to begin in the autumn and to cost "
            "about 80 million euros, shared with the national government in Lisbon.",
        ],
        {"Ana Costa": "rushed", "Rui Matos": "Dredging"},
        ["Lisbon"],
        ["Tagus Coalition", "Port Authority"],
    ),
    _article(
        "ferry-strike.txt",
        "Ferry crews in Porto walk out over rosters",
        "2025-04-18",
        "Northern Courier",
        [
            "Ferry crews in Porto stopped work on Thursday in a dispute over new rosters, "
            "leaving thousands of commuters to find other ways across the river.",
            "“Nobody asked the crews,” union delegate Marta Lopes told reporters.",
        ],
        {"Marta Lopes": "Nobody"},
        ["Porto"],
        [],
    ),
    _article(
        "undated-note.md",
        "Harbour dues to rise next year",
        "",
        "",
        ["Harbour dues will rise by four percent next year, the port said in a short note."],
        {},
        [],
        [],
    ),
]


class FixedSession(EngineSession):
    """Answers from the articles above, the way the engine would, without an index."""

    def __init__(self) -> None:
        super().__init__(None, None)

    def open(self) -> bool:
        return True

    def index_generation(self) -> str | None:
        return "1"  # a fixed corpus: no other process ever commits

    def is_stale(self) -> bool:
        return False

    def build_index(self, rebuild, on_progress, on_notice) -> IndexSummary:  # noqa: ANN001
        raise AssertionError("the fixed corpus is never indexed")

    def _found(self, query: str, filters: tuple[str, ...]) -> list[Article]:
        words = [] if query.strip() in ("", "*") else query.lower().split()
        found = [a for a in ARTICLES if all(w in a.text.lower() for w in words)]
        for clause in filters:
            name = clause.split(":", 1)[-1].strip('"')
            found = [a for a in found if any(e.name == name for e in a.entities)]
        return found

    def search(
        self,
        query: str,
        sort: str,
        filters: tuple[str, ...],
        offset: int,
        limit: int | None = None,
    ) -> SearchResult:
        found = sorted(self._found(query, filters), key=lambda a: a.date or "", reverse=True)
        words = [] if query.strip() in ("", "*") else query.lower().split()
        hits = []
        for article in found[offset : None if limit is None else offset + limit]:
            snippet = article.text.split("\n\n")[0][:160]
            matches = [
                (m.start(), m.end())
                for w in words
                for m in re.finditer(re.escape(w), snippet, re.IGNORECASE)
            ]
            hits.append(
                Hit(
                    id=article.id,
                    title=article.title,
                    source=article.source or None,
                    date=article.date or None,
                    score=1.0,
                    snippet=snippet,
                    matches=sorted(matches),
                )
            )
        return SearchResult(query=query, parsed=query, total=len(found), took_ms=1.0, hits=hits)

    def article(self, doc_id: str, query: str) -> tuple[Article, list[tuple[int, int]]]:
        article = next(a for a in ARTICLES if a.id == doc_id)
        return article, self.match_spans(article, query)

    def match_spans(self, article: Article, query: str) -> list[tuple[int, int]]:
        words = [] if query.strip() in ("", "*") else query.lower().split()
        spans = [
            (m.start(), m.end())
            for w in words
            for m in re.finditer(re.escape(w), article.text, re.IGNORECASE)
        ]
        return sorted(spans)

    def entity_rows(
        self, scope: Scope, article: Article | None, query: str, filters: tuple[str, ...]
    ) -> list[EntityRow]:
        if scope == "article":
            return super().entity_rows(scope, article, query, filters)
        articles = ARTICLES if scope == "corpus" else self._found(query, filters)
        counts: dict[tuple[str, str], int] = {}
        for item in articles:
            for entity in item.entities:
                counts[(entity.name, entity.type)] = counts.get((entity.name, entity.type), 0) + 1
        return [EntityRow(name, kind, count) for (name, kind), count in counts.items()]

    def close(self) -> None:
        """Nothing to release."""


def fixed_app() -> CorpusApp:
    return CorpusApp(session=FixedSession(), show_timings=False)


async def settle_still(pilot: Pilot) -> None:
    """Settle, then stop the cursor blinking so the snapshot is the same every time."""
    await settle(pilot)
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False


async def search_and_read(pilot: Pilot) -> None:
    await settle_still(pilot)
    await pilot.press("slash", *"harbour", "enter")
    await settle_still(pilot)
    await pilot.press("enter")
    await settle_still(pilot)
    await pilot.press("right_square_bracket")
    await settle_still(pilot)


def test_main_screen_at_start_120x40(snap_compare) -> None:  # noqa: ANN001
    assert snap_compare(fixed_app(), terminal_size=(120, 40), run_before=settle_still)


def test_search_and_reader_120x40(snap_compare) -> None:  # noqa: ANN001
    assert snap_compare(fixed_app(), terminal_size=(120, 40), run_before=search_and_read)


def test_main_screen_80x24(snap_compare) -> None:  # noqa: ANN001
    assert snap_compare(fixed_app(), terminal_size=(80, 24), run_before=search_and_read)
