"""Shortcuts a search takes (no count, a cached date order) give the answers the long way gives."""

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


def test_a_page_not_filled_is_an_exact_count(sample_engine: Engine) -> None:
    """Fewer hits than asked for: every match was collected, so the total is exact at once."""
    counted = sample_engine.search("Veltrix OR harbour")
    assert 1 < counted.total < 50
    uncounted = sample_engine.search("Veltrix OR harbour", limit=50, count=False)
    assert uncounted.total_exact and uncounted.total == counted.total


def test_the_estimate_of_a_fuzzy_term_is_whooshs_own(sample_engine: Engine) -> None:
    """Estimated segment by segment (an automaton per segment, not a scan of the word list),
    the "about" figure is the number Whoosh's whole-index estimate gives."""
    from corpus_tui.search.backends.whoosh_backend import _estimated_hits
    from corpus_tui.search.query import parse_query

    searcher = sample_engine.backend._open()  # type: ignore[attr-defined]
    query = parse_query("veltrx~ OR harbor~")
    assert _estimated_hits(searcher, query) == query.estimate_size(searcher.reader()) > 0


def test_every_article_newest_first_matches_whoosh_sorting_page_by_page(
    sample_engine: Engine,
) -> None:
    """The full list by date is served from one sorted list; it must be Whoosh's order."""
    from whoosh import query as wq

    from corpus_tui.search.backends.whoosh_backend import _newest_first

    searcher = sample_engine.backend._open()  # type: ignore[attr-defined]
    expected = [
        hit["id"] for hit in searcher.search(wq.Every(), limit=None, sortedby=_newest_first())
    ]
    pages = [sample_engine.search("*", limit=2, offset=o, sort="date") for o in range(0, 8, 2)]
    assert [hit.id for page in pages for hit in page.hits] == expected
    assert all(page.total == len(expected) for page in pages)


def test_entities_of_the_hits_from_the_aggregate_match_the_articles(seeds_index) -> None:  # noqa: ANN001
    """The sidebar's *results* scope: a join in the aggregate gives the article counts of
    merging the hits' own analyses, each name as the whole corpus knows it ("Hegseth" alone in
    the hits is listed as Pete Hegseth, as everywhere else)."""
    engine = Engine(None, seeds_index)
    corpus_name = {
        (alias, entity.type): entity.name
        for entity in engine.entities().entities
        for alias in [entity.name, *entity.aliases]
    }
    for query in ["NATO", "Macron", "Trump OR Hegseth", '"strategic autonomy"']:
        tally = engine.entities_in_hits(query)
        fast = set(zip(tally.names, tally.types, tally.docs, strict=True))
        slow = {
            (corpus_name.get((e.name, e.type), e.name), e.type, e.docs)
            for e in engine.entities(query=query).entities
        }
        assert fast == slow, query
    engine.close()


def test_entities_of_the_hits_never_read_stored_articles(seeds_index, monkeypatch) -> None:  # noqa: ANN001
    engine = Engine(None, seeds_index)
    engine.search("NATO")  # the index open, as in the app
    backend = engine.backend
    monkeypatch.setattr(backend, "stored", lambda ids: (_ for _ in ()).throw(AssertionError))
    assert engine.entities_in_hits("NATO")
    engine.close()


def test_the_hits_ids_reach_sqlite_one_by_one_where_it_has_no_json_functions() -> None:
    import sqlite3

    from corpus_tui.search.aggregate_hits import _fill_wanted

    db = sqlite3.connect(":memory:")
    db.execute("CREATE TEMP TABLE wanted(id TEXT PRIMARY KEY)")
    _fill_wanted(db, ["a", "b", "a"])
    assert sorted(row[0] for row in db.execute("SELECT id FROM wanted")) == ["a", "b"]

    class NoJson:
        """A connection whose SQLite lacks json_each."""

        def __init__(self) -> None:
            self.rows: list[tuple[str, ...]] = []

        def execute(self, sql: str, params: object = ()) -> None:
            raise sqlite3.OperationalError("no such table: json_each")

        def executemany(self, sql: str, rows: object) -> None:
            self.rows.extend(rows)  # type: ignore[call-overload]

    fallback = NoJson()
    _fill_wanted(fallback, ["x", "y"])  # type: ignore[arg-type]
    assert fallback.rows == [("x",), ("y",)]


def test_entities_of_most_of_the_corpus_are_its_totals_less_the_rest(seeds_index) -> None:  # noqa: ANN001
    """Hits that are most of the corpus are counted from the articles left out, taken from
    each entity's totals: the same names and article counts as the direct join, whether the
    engine hands over the hits' ids or the others'."""
    from corpus_tui.search import aggregate_hits
    from corpus_tui.search.engine_listings import wq

    engine = Engine(None, seeds_index)
    engine.search("*")
    everything = engine.backend.matching_ids(wq.Every())
    broad = 0
    for query in ["the", "said", "NATO", "Macron", "Trump OR Hegseth"]:
        ids = engine.backend.matching_ids(engine._scope(query, None))
        broad += 2 * len(ids) > len(everything)
        stored = engine._aggregate()
        assert stored is not None
        direct = [tuple(row[:3]) for row in _direct_rows(stored._db, ids, aggregate_hits)]
        tally = stored.entities_of(ids)
        assert list(zip(tally.names, tally.types, tally.docs, strict=True)) == direct
        stored.close()
        tally = engine.entities_in_hits(query)
        assert list(zip(tally.names, tally.types, tally.docs, strict=True)) == direct
    assert broad >= 2  # the shortcut was taken, and checked
    _, rest = engine.backend.hit_ids_or_rest(engine._scope("the", None))
    assert rest  # the engine hands over the few articles left out
    engine.close()


def _direct_rows(db, ids, aggregate_hits):  # noqa: ANN001, ANN202
    aggregate_hits.entities_of(db, [])  # makes the temporary table
    aggregate_hits._fill_wanted(db, list(ids))
    return db.execute(aggregate_hits.HITS_SQL).fetchall()


def test_the_entity_tally_is_the_corpus_list_in_three_columns(seeds_index, tmp_path) -> None:  # noqa: ANN001
    """The sidebar's corpus scope reads names, types and article counts as columns: the same
    entities in the same order as `entities`, from the aggregate, and from the articles once
    a correction is in force (the aggregate knows nothing of corrections)."""
    engine = Engine(None, seeds_index, workspace_dir=tmp_path)

    def as_rows() -> list[tuple[str, str, int]]:
        tally = engine.entity_tally()
        return list(zip(tally.names, tally.types, tally.docs, strict=True))

    listed = [(e.name, e.type, e.docs) for e in engine.entities().entities]
    assert len(listed) > 20
    assert as_rows() == listed
    name, kind, _ = listed[0]
    engine.workspace.set_correction("rename", name, kind, f"{name} Renamed", kind)
    renamed = [(e.name, e.type, e.docs) for e in engine.entities().entities]
    assert f"{name} Renamed" in [row[0] for row in renamed]
    assert as_rows() == renamed
    engine.close()
