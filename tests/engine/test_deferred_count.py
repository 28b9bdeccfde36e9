"""A search may leave counting for later: the app shows the hits first, then the exact count."""

from __future__ import annotations

from corpus_tui.search.engine import Engine

QUERIES = ["NATO", "Macron OR Trump", '"strategic autonomy"', "Macron NOT Trump", "title:conundrum"]


def test_uncounted_search_gives_the_same_hits_and_an_estimate_no_smaller_than_them(
    sample_engine: Engine,
) -> None:
    for query in [*QUERIES, "*", "zzzznothing"]:
        counted = sample_engine.search(query, limit=3)
        uncounted = sample_engine.search(query, limit=3, count=False)
        assert [h.id for h in uncounted.hits] == [h.id for h in counted.hits]
        assert counted.total_exact
        assert uncounted.total >= len(uncounted.hits)
        if uncounted.total_exact:
            assert uncounted.total == counted.total
        assert sample_engine.count(query) == counted.total


def test_count_applies_the_filters_like_search(sample_engine: Engine) -> None:
    filters = ['"strategic autonomy"']
    assert sample_engine.count("*", filters) == sample_engine.search("*", filters=filters).total


def test_an_or_is_only_estimated_until_counted(seeds_index) -> None:  # noqa: ANN001
    engine = Engine(None, seeds_index)
    result = engine.search("Macron OR Trump", limit=1, count=False)
    # Whoosh's estimate adds up each word's articles, counting the ones with both twice.
    assert not result.total_exact
    assert result.total > engine.count("Macron OR Trump") == engine.search("Macron OR Trump").total
    engine.close()
