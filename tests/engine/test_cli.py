"""The command line as a script would use it: JSON shapes, exit codes, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corpus_tui.search.cli import main
from tests.paths import SAMPLE_CORPUS


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture()
def cli(sample_index: Path, capsys: pytest.CaptureFixture[str]):
    """Run the CLI on the indexed sample corpus; returns (exit code, stdout, stderr)."""

    def call(*args: str) -> tuple[int, str, str]:
        return run(capsys, "--corpus", str(SAMPLE_CORPUS), "--index", str(sample_index), *args)

    return call


def search_ids(cli, query: str) -> list[str]:
    code, out, err = cli("search", query, "--json")
    assert code == 0, err
    return [hit["id"] for hit in json.loads(out)["hits"]]


def test_search_json_shape_and_match_offsets(cli) -> None:
    code, out, err = cli("search", "NATO", "--json")
    assert code == 0 and err == ""
    result = json.loads(out)
    assert set(result) == {
        "query",
        "parsed",
        "total",
        "took_ms",
        "suggestion",
        "hits",
        "partial",
        "warning",
        "total_exact",
    }
    assert result["partial"] is False and result["warning"] is None
    assert result["total"] >= 4
    assert isinstance(result["took_ms"], float)
    for hit in result["hits"]:
        assert set(hit) == {
            "id",
            "title",
            "derived_title",
            "source",
            "date",
            "score",
            "snippet",
            "matches",
        }
        assert hit["matches"], hit
        for start, end in hit["matches"]:
            assert hit["snippet"][start:end].lower() == "nato"


def test_phrase_not_and_title_queries(cli) -> None:
    assert search_ids(cli, '"same three factories"') == ["001_nato-ammunition-fund.txt"]
    assert search_ids(cli, "Veltrix NOT NATO") == ["006_kyiv-coproduction-deal.txt"]
    assert set(search_ids(cli, "Ukraine NOT tariffs")) == set(search_ids(cli, "Ukraine")) - set(
        search_ids(cli, "tariffs")
    )
    assert search_ids(cli, "title:autonomy") == ["003_buy-european-rule-dispute.txt"]


def test_link_list_after_article_is_not_indexed(cli) -> None:
    assert search_ids(cli, "Zephyrion") == []
    assert search_ids(cli, "jackpot") == []


def test_every_document_sorted_newest_first_undated_last(cli) -> None:
    code, out, _ = cli("search", "*", "--json", "--limit", "50")
    hits = json.loads(out)["hits"]
    assert len(hits) == 6
    dates = [h["date"] for h in hits]
    dated = [d for d in dates if d]
    assert dated == sorted(dated, reverse=True)
    assert dates[: len(dated)] == dated, "undated articles come after dated ones"


def test_date_sort_and_date_field(cli) -> None:
    code, out, _ = cli("search", "defence", "--sort", "date", "--json")
    dates = [h["date"] for h in json.loads(out)["hits"] if h["date"]]
    assert dates == sorted(dates, reverse=True)
    code, out, _ = cli("search", "date:2025", "--json")
    assert json.loads(out)["total"] >= 3


def test_spelling_suggestion(cli) -> None:
    code, out, _ = cli("search", "Petrk", "--json")
    result = json.loads(out)
    assert result["total"] == 0
    assert result["suggestion"] == "petrak"


def test_unknown_field_is_a_one_line_error(cli) -> None:
    code, out, err = cli("search", "colour:red")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "unknown field 'colour:'" in err and "person:" in err


def test_fuzzy_and_wildcard(cli) -> None:
    assert "001_nato-ammunition-fund.txt" in search_ids(cli, "Petrak~1")
    assert len(search_ids(cli, "ammun*")) >= 2


def test_show_by_prefix_and_raw(cli) -> None:
    code, out, _ = cli("show", "004", "--json")
    article = json.loads(out)
    assert set(article) == {
        *("id", "path", "title", "derived_title", "source", "date", "text", "entities"),
        *("url", "author", "quotes", "tags", "notes"),
    }
    assert article["id"] == "004_lithuania-air-defence-order.txt"
    code, out, err = cli("show", "00", "--json")
    assert code == 2 and out == "" and "matches several" in err
    code, out, _ = cli("show", "004", "--raw", "--json")
    raw = json.loads(out)
    assert set(raw) == {"id", "path", "raw"} and "Share this article" in raw["raw"]


def test_global_options_after_the_subcommand(sample_index: Path, capsys) -> None:
    code, out, err = run(
        capsys,
        "search",
        "NATO",
        "--json",
        "--corpus",
        str(SAMPLE_CORPUS),
        "--index",
        str(sample_index),
    )
    assert code == 0, err
    assert json.loads(out)["total"] >= 4


def test_entities_and_quotes_shapes(cli) -> None:
    code, out, _ = cli("entities", "--json", "--limit", "5")
    entities = json.loads(out)["entities"]
    assert 0 < len(entities) <= 5
    for entity in entities:
        assert set(entity) == {"name", "type", "aliases", "count", "docs"}
        assert isinstance(entity["docs"], int)
    code, out, _ = cli("quotes", "--json")
    quotes = json.loads(out)["quotes"]
    assert quotes
    assert set(quotes[0]) == {"id", "title", "text", "speaker", "start", "end"}


def test_human_output_is_plain_when_piped(cli) -> None:
    code, out, _ = cli("search", "NATO")
    assert code == 0 and "\x1b[" not in out
    lines = out.splitlines()
    assert lines and all(line.count("\t") == 4 for line in lines), "one record a line, no header"


def test_version(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.startswith("corpus-tui ")


def test_bad_usage_exits_2_with_one_line(capsys) -> None:
    code, out, err = run(capsys, "search", "x", "--limit", "zero")
    assert code == 2 and out == "" and err.count("\n") == 1


def test_a_query_that_runs_too_long_is_stopped_with_a_message(sample_engine, monkeypatch) -> None:
    from whoosh.searching import Searcher, TimeLimit

    from corpus_tui.search.errors import QueryError

    def too_slow(self, query, collector) -> None:  # noqa: ANN001
        raise TimeLimit

    monkeypatch.setattr(Searcher, "search_with_collector", too_slow)
    with pytest.raises(QueryError, match="was stopped"):
        sample_engine.search("NATO")


def test_search_works_from_a_worker_thread(sample_engine) -> None:
    """The app searches in worker threads, where signal-based time limits cannot run."""
    import threading

    found: list[int] = []
    worker = threading.Thread(target=lambda: found.append(sample_engine.search("NATO").total))
    worker.start()
    worker.join(timeout=60)
    assert found and found[0] >= 4


def test_a_search_of_an_empty_corpus_says_it_is_empty(tmp_path: Path, capsys) -> None:
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "notes.bin").write_bytes(b"\x00\x01")
    base = ["--corpus", str(tmp_path / "corpus"), "--index", str(tmp_path / "ix")]
    assert main([*base, "search", "foo"]) == 0
    err = capsys.readouterr().err
    assert "the corpus has no articles yet" in err and len(err.strip().splitlines()) == 1


def test_a_search_without_hits_in_a_corpus_with_articles_says_nothing_more(cli) -> None:
    assert cli("search", "zzqqxx") == (0, "", "")
