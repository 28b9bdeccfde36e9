"""The same queries on Whoosh and on a real two-node Sphinx cluster, and the cluster's faults.

Corpus: the bundled seeds plus a few hundred generated articles. Boolean, phrase, field and date
queries must find exactly the same articles on both backends; ranked queries must share most
of their top ten. Killing a node must flag the answer partial; restarting it makes it whole.
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from corpus_tui.search.backends.sphinx.backend import SphinxBackend
from corpus_tui.search.backends.sphinx.local import LocalCluster
from corpus_tui.search.engine import Engine
from corpus_tui.search.errors import BackendUnavailable
from corpus_tui.search.views.collocates import CollocatesRequest
from tests.paths import BENCH, SEEDS

GENERATED = 300
pytestmark = pytest.mark.slow
"""Slow: the corpus is analysed for both backends (about 40 s on two cores). Each test holds
whatever order the tests run in, and a test worker that runs any of them starts its own cluster."""

EXACT_QUERIES = (
    "said",
    "minister OR president",
    "minister AND NOT president",
    "government -said",
    '"prime minister"',
    '"the government"',
    "defen*",
    "gov*rn*",
    "title:minister",
    "source:afp OR source:reuters",
    "date:2025",
    "date:[2024-01-01 TO 2024-06-30]",
    "said date:[2024-03-01 TO 2025-12-31]",
    "minister OR date:2024",
    "NOT said",
    "*",
)
RANKED_QUERIES = (
    "minister",
    "government security",
    "president said",
    "defence",
    "report",
    "official talks",
    "security council",
)


def _make_corpus(root: Path) -> Path:
    spec = importlib.util.spec_from_file_location(
        "bench_make_corpus_cluster", BENCH / "make_corpus.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    corpus = root / "corpus"
    module.make_corpus(GENERATED, corpus / "generated", seed=5, workers=1)
    (corpus / "seeds").mkdir()
    for seed in SEEDS.glob("*.txt"):
        shutil.copy(seed, corpus / "seeds" / seed.name)
    return corpus


@pytest.fixture(scope="module")
def both(
    sphinx_cluster: LocalCluster, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Engine, SphinxBackend, Path]]:
    root = tmp_path_factory.mktemp("both")
    corpus = _make_corpus(root)
    whoosh = Engine(corpus, root / "whoosh-index")
    whoosh.update_index(processes=2)
    sphinx = SphinxBackend(sphinx_cluster.url, root / "sphinx-index", corpus)
    summary = sphinx.update(corpus, processes=2)
    assert summary.documents == GENERATED + 5
    yield whoosh, sphinx, corpus
    whoosh.close()
    sphinx.close()


def _whoosh_ids(engine: Engine, query: str) -> set[str]:
    return {hit.id for hit in engine.search(query, limit=10_000).hits}


def _entity_queries(engine: Engine) -> list[str]:
    """Field queries on the corpus's own most named people, organisations and places."""
    queries = []
    for kind in ("person", "org", "place"):
        for entity in engine.entities(type=kind, limit=3).entities:
            words = entity.name.split()
            queries.append(f'{kind}:"{entity.name}"' if len(words) > 1 else f"{kind}:{words[0]}")
            queries.append(f"{kind}:{words[-1]}")
    speakers = [e for e in engine.entities(type="person", limit=5).entities]
    queries += [f"speaker:{e.name.split()[-1]}" for e in speakers[:2]]
    return queries


def test_exact_queries_find_the_same_articles(both: tuple[Engine, SphinxBackend, Path]) -> None:
    whoosh, sphinx, _ = both
    queries = [*EXACT_QUERIES, *_entity_queries(whoosh)]
    differing = []
    for query in queries:
        expected = _whoosh_ids(whoosh, query)
        found = set(sphinx.matching_ids(whoosh.parse(query)))
        total = sphinx.search(whoosh.parse(query), 0, 5, False).total
        if found != expected or total != len(expected):
            differing.append((query, len(expected), len(found), total))
    assert not differing
    assert any(_whoosh_ids(whoosh, q) for q in queries[-6:])  # entity queries do match


def test_ranked_queries_share_most_of_their_top_ten(
    both: tuple[Engine, SphinxBackend, Path],
) -> None:
    whoosh, sphinx, _ = both
    overlaps = []
    for query in RANKED_QUERIES:
        expected = [hit.id for hit in whoosh.search(query, limit=10).hits]
        if not expected:
            continue
        found = [hit.stored["id"] for hit in sphinx.search(whoosh.parse(query), 0, 10, False).hits]
        overlaps.append(len(set(expected) & set(found)) / max(1, len(expected)))
    print("top-10 overlap per ranked query:", overlaps)
    assert sum(overlaps) / len(overlaps) >= 0.75


def test_date_order_and_paging_match(both: tuple[Engine, SphinxBackend, Path]) -> None:
    whoosh, sphinx, _ = both
    for query in ("said", "*"):
        expected = [hit.id for hit in whoosh.search(query, limit=15, offset=30, sort="date").hits]
        page = sphinx.search(whoosh.parse(query), 30, 15, True)
        assert [hit.stored["id"] for hit in page.hits] == expected


def test_stored_fields_come_back_as_written(both: tuple[Engine, SphinxBackend, Path]) -> None:
    whoosh, sphinx, _ = both
    ids = [hit.id for hit in whoosh.search("said", limit=20).hits]
    for stored in sphinx.stored(ids):
        article = whoosh.article(str(stored["id"]))
        from corpus_tui.search.store import article_from_stored

        assert article_from_stored(stored).model_dump(exclude={"tags", "notes"}) == (
            article.model_dump(exclude={"tags", "notes"})
        )


def test_an_unchanged_corpus_is_not_rewritten(both: tuple[Engine, SphinxBackend, Path]) -> None:
    _, sphinx, corpus = both
    sphinx.update(corpus)  # whatever another test changed is written now
    before = sphinx.generation()
    summary = sphinx.update(corpus)
    assert (summary.new, summary.changed, summary.removed) == (0, 0, 0)
    assert summary.unchanged == summary.documents > 0
    assert not sphinx.is_stale(corpus)
    assert sphinx.generation() == before


def test_a_dead_node_flags_the_answer_partial_and_a_restarted_one_is_used_again(
    both: tuple[Engine, SphinxBackend, Path], sphinx_cluster: LocalCluster
) -> None:
    whoosh, sphinx, _ = both
    q = whoosh.parse("said")
    whole = sphinx.search(q, 0, 10, False)
    assert whole.warning is None
    sphinx_cluster.kill(2)
    try:
        partial = sphinx.search(q, 0, 10, False)
        assert partial.warning and partial.total < whole.total
        with pytest.raises(BackendUnavailable, match="did not answer"):
            sphinx.matching_ids(q)
    finally:
        sphinx_cluster.start(2)
    again = sphinx.search(q, 0, 10, False)
    assert again.warning is None and again.total == whole.total


def test_views_give_the_same_answers(both: tuple[Engine, SphinxBackend, Path]) -> None:
    from whoosh import query as wq

    whoosh, sphinx, _ = both
    for query in ("minister", '"prime minister"', "defen*", "person:" + _a_surname(whoosh)):
        expected = whoosh.kwic(query, sort="right")
        found = sphinx.kwic(query, whoosh.parse(query), 40, "right", None)
        assert found.model_dump() == expected.model_dump(), query
    for by in ("month", "year"):
        expected_trends = whoosh.trends(["minister", "*"], by=by)
        parsed = [(q, whoosh.parse(q)) for q in ("minister", "*")]
        assert sphinx.trends(parsed, wq.Every(), by).model_dump() == expected_trends.model_dump()
    expected_collocates = whoosh.collocates("minister", min_count=2)
    found_collocates = sphinx.collocates(
        CollocatesRequest("minister", whoosh.parse("minister"), wq.Every(), 5, "ll", None, 2)
    )
    assert {c.word: c.count for c in found_collocates.collocates} == {
        c.word: c.count for c in expected_collocates.collocates
    }


def _a_surname(engine: Engine) -> str:
    return engine.entities(type="person", limit=1).entities[0].name.split()[-1]


def test_every_command_answers_alike_through_the_engine(
    both: tuple[Engine, SphinxBackend, Path], sphinx_cluster: LocalCluster
) -> None:
    whoosh, sphinx, corpus = both
    engine = Engine(corpus, sphinx.index_path, backend=sphinx_cluster.url)
    try:
        assert engine.has_index() and not engine.is_stale()
        for query in ('"prime minister"', "date:2025", "defen*"):
            for sort in ("date", "relevance"):
                mine = engine.search(query, limit=200, sort=sort).model_dump(exclude={"took_ms"})
                theirs = whoosh.search(query, limit=200, sort=sort).model_dump(exclude={"took_ms"})
                if sort == "relevance":  # scores and the order of equal ones differ by backend
                    for result in (mine, theirs):
                        result["hits"] = sorted(
                            ({**h, "score": 0} for h in result["hits"]), key=lambda h: h["id"]
                        )
                theirs["suggestion"] = None  # the cluster offers no spelling suggestions
                assert mine == theirs, (query, sort)
        first = whoosh.search("said", limit=1).hits[0].id
        assert engine.article(first) == whoosh.article(first)
        assert engine.article(first[: first.rindex(".")]).id == first  # an unambiguous prefix
        assert engine.entities(limit=30) == whoosh.entities(limit=30)
        assert engine.entities(query="minister", limit=30) == whoosh.entities(
            query="minister", limit=30
        )
        assert engine.quotes(limit=40) == whoosh.quotes(limit=40)
        assert engine.speakers(limit=20) == whoosh.speakers(limit=20)
        name = _a_surname(whoosh)
        assert engine.related(name, limit=10) == whoosh.related(name, limit=10)
        assert engine.kwic("minister", sort="left") == whoosh.kwic("minister", sort="left")
        assert engine.trends(["said"], by="month") == whoosh.trends(["said"], by="month")
    finally:
        engine.close()


def test_the_cli_searches_the_cluster(
    both: tuple[Engine, SphinxBackend, Path], sphinx_cluster: LocalCluster
) -> None:
    import json
    import subprocess

    _, sphinx, corpus = both
    command = [sys.executable, "-m", "corpus_tui.search", "--backend", sphinx_cluster.url]
    command += ["--corpus", str(corpus), "--index", str(sphinx.index_path)]
    done = subprocess.run(
        [*command, "search", "said", "--json", "--limit", "3"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert answer["partial"] is False and len(answer["hits"]) == 3
    fuzzy = subprocess.run(
        [*command, "search", "Macrn~"], capture_output=True, text=True, check=False
    )
    assert fuzzy.returncode == 2 and "Whoosh backend" in fuzzy.stderr
    assert len(fuzzy.stderr.strip().splitlines()) == 1


def test_the_app_says_when_an_answer_is_partial(
    both: tuple[Engine, SphinxBackend, Path], sphinx_cluster: LocalCluster
) -> None:
    from corpus_tui.tui.app import CorpusApp
    from corpus_tui.tui.engine_session import EngineSession
    from tests.tui_support import main_screen, run_async, search

    _, sphinx, corpus = both

    def status(app: CorpusApp) -> str:
        return str(main_screen(app).query_one("#status-text").render())

    @run_async
    async def drive() -> None:
        session = EngineSession(corpus, sphinx.index_path, None, sphinx_cluster.url)
        app = CorpusApp(corpus, sphinx.index_path, session=session, show_timings=False)
        async with app.run_test(size=(120, 40)) as pilot:
            await search(pilot, "said")
            assert "partial answer" not in status(app)
            sphinx_cluster.kill(2)
            try:
                await search(pilot, "minister")
                assert "partial answer" in status(app)
            finally:
                sphinx_cluster.start(2)
            await search(pilot, "said")
            assert "partial answer" not in status(app)

    drive()


def test_changed_and_removed_files_reach_the_cluster(
    both: tuple[Engine, SphinxBackend, Path],
) -> None:
    whoosh, sphinx, corpus = both
    documents = sphinx.search(whoosh.parse("*"), 0, 1, True).total
    victims = sorted((corpus / "generated").rglob("*.txt"))[:2]
    changed, removed = victims
    changed.write_text(changed.read_text() + "\nA zanzibarian postscript.\n")
    removed.unlink()
    whoosh.update_index(processes=1)
    summary = sphinx.update(corpus, processes=1)
    assert (summary.changed, summary.removed, summary.new) == (1, 1, 0)
    assert summary.documents == documents - 1
    assert set(sphinx.matching_ids(whoosh.parse("zanzibarian"))) == _whoosh_ids(
        whoosh, "zanzibarian"
    )
    assert len(_whoosh_ids(whoosh, "zanzibarian")) == 1
    assert sphinx.search(whoosh.parse("*"), 0, 1, True).total == documents - 1
