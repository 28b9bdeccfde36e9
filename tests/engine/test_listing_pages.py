"""Paging through quotations and entities: a page reads only the articles it needs."""

from __future__ import annotations

import pytest

from corpus_tui.search.engine import Engine
from tests.stored_reads import count_stored_reads

ANALYSIS_PAGE = 64
"""The engine reads stored analyses this many articles at a time."""
ARTICLES = 3 * ANALYSIS_PAGE


@pytest.fixture(scope="module")
def many_quotes(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """Articles with two quotations each, dated so that newest-first order is known."""
    corpus = tmp_path_factory.mktemp("quotes-corpus")
    for number in range(ARTICLES):
        day = 1 + number % 28
        month = 1 + number // 28 % 12
        (corpus / f"{number:04d}.txt").write_text(
            f"Harbour board vote {number}\n\n"
            f"PORTVALE, 2024-{month:02d}-{day:02d} (Coast Wire) - The harbour board met again. "
            f'"We will dredge channel {number} in spring," said board chair Ana Costa. '
            f'Fisher Tom Reyes said: "Channel {number} is our living."\n',
            encoding="utf-8",
        )
    engine = Engine(corpus, tmp_path_factory.mktemp("quotes-index"))
    engine.update_index()
    engine.entities()  # the corpus-wide entity cache, built once per index generation
    yield engine
    engine.close()


def test_a_page_of_quotes_reads_one_page_of_articles(
    many_quotes: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    every = many_quotes.quotes().quotes
    assert len(every) == 2 * ARTICLES
    reads = count_stored_reads(many_quotes, monkeypatch)
    page = many_quotes.quotes(limit=5, offset=3).quotes
    assert page == every[3:8]
    assert len(reads) <= ANALYSIS_PAGE, f"read {len(reads)} of {ARTICLES} articles for 5 quotes"


def test_paging_by_speaker_and_past_the_end(many_quotes: Engine) -> None:
    costa = many_quotes.quotes(speaker="costa").quotes
    assert len(costa) == ARTICLES and all(q.speaker == "Ana Costa" for q in costa)
    assert many_quotes.quotes(speaker="costa", limit=4, offset=ARTICLES - 2).quotes == costa[-2:]
    assert many_quotes.quotes(limit=10, offset=10 * ARTICLES).quotes == []


def test_entities_page(many_quotes: Engine) -> None:
    every = many_quotes.entities().entities
    assert many_quotes.entities(limit=2, offset=1).entities == every[1:3]
