"""The exploration views on the bundled seeds and the sample corpus, through the command line."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from corpus_tui.search.cli import main
from corpus_tui.search.engine import Engine
from tests.paths import BENCH, SAMPLE_CORPUS


@pytest.fixture()
def seeds(seeds_index: Path, capsys: pytest.CaptureFixture[str]):
    """Run the CLI on the bundled seeds; returns (exit code, stdout, stderr)."""

    def call(*args: str) -> tuple[int, str, str]:
        code = main(["--index", str(seeds_index), *args])
        out, err = capsys.readouterr()
        return code, out, err

    return call


@pytest.fixture()
def sample(sample_index: Path, capsys: pytest.CaptureFixture[str]):
    def call(*args: str) -> tuple[int, str, str]:
        code = main(["--corpus", str(SAMPLE_CORPUS), "--index", str(sample_index), *args])
        out, err = capsys.readouterr()
        return code, out, err

    return call


def as_json(call, *args: str) -> dict:
    code, out, err = call(*args, "--json")
    assert code == 0, err
    return json.loads(out)


def seed_texts(seeds_index: Path) -> dict[str, str]:
    engine = Engine(None, seeds_index)
    ids = [hit.id for hit in engine.search("*", limit=10).hits]
    return {doc_id: engine.article(doc_id).text for doc_id in ids}


def test_kwic_nato_one_line_per_occurrence(seeds, seeds_index: Path) -> None:
    result = as_json(seeds, "kwic", "NATO")
    assert set(result) == {"query", "total", "lines"}
    texts = seed_texts(seeds_index)
    expected = {
        (doc_id, m.start(), m.end())
        for doc_id, text in texts.items()
        for m in re.finditer(r"(?<!\w)NATO(?!\w)", text)
    }
    assert len(texts) == 5 and len(expected) >= 10
    found = [(line["id"], line["start"], line["end"]) for line in result["lines"]]
    assert sorted(found) == sorted(expected)
    assert result["total"] == len(expected)
    for line in result["lines"]:
        assert set(line) == {"id", "title", "date", "left", "match", "right", "start", "end"}
        text = texts[line["id"]]
        assert line["match"] == text[line["start"] : line["end"]]
        assert len(line["left"]) <= 40 and len(line["right"]) <= 40
        assert "\n" not in line["left"] + line["right"]
        assert (
            text[line["start"] - len(line["left"]) : line["start"]].replace("\n", " ")
            == (line["left"])
        )


def test_kwic_entity_field_gives_every_mention_including_surname(seeds) -> None:
    lines = as_json(seeds, "kwic", 'person:"Emmanuel Macron"')["lines"]
    matches = {line["match"] for line in lines}
    assert matches == {"Emmanuel Macron", "Macron"}
    assert len(lines) == len({(line["id"], line["start"]) for line in lines})


def test_kwic_phrase_wildcard_and_not(seeds) -> None:
    phrase = as_json(seeds, "kwic", '"strategic autonomy"')["lines"]
    assert phrase and all(line["match"].lower() == "strategic autonomy" for line in phrase)
    wild = as_json(seeds, "kwic", "defen*")["lines"]
    assert len({line["match"].lower() for line in wild}) >= 2
    assert all(line["match"].lower().startswith("defen") for line in wild)
    negated = as_json(seeds, "kwic", "NATO NOT Trump")["lines"]
    assert negated and all(line["match"] == "NATO" for line in negated)


def test_kwic_stemming_matches_inflected_forms(seeds) -> None:
    lines = as_json(seeds, "kwic", "ally")["lines"]
    assert {line["match"].lower() for line in lines} >= {"ally", "allies"}


def test_kwic_sorts_and_limits(seeds) -> None:
    full = as_json(seeds, "kwic", "NATO", "--sort", "1R", "--limit", "500")
    following = [re.findall(r"\w+", line["right"])[:1] for line in full["lines"]]
    words = [w[0].lower() if w else "" for w in following]
    assert words == sorted(words)
    left = as_json(seeds, "kwic", "NATO", "--sort", "left", "--limit", "3")
    assert left["total"] == full["total"] and len(left["lines"]) == 3
    dated = as_json(seeds, "kwic", "NATO", "--sort", "date")["lines"]
    assert dated[0]["date"] == "2025-04-17"


def test_related_lists_cooccurring_entities(seeds) -> None:
    result = as_json(seeds, "related", "Emmanuel Macron", "--limit", "500")
    assert result["entity"] == {"name": "Emmanuel Macron", "type": "person"}
    names = {r["name"] for r in result["related"]}
    assert "Donald Trump" in names and "Emmanuel Macron" not in names
    for row in result["related"]:
        assert set(row) == {"name", "type", "articles", "score"}
    scores = [r["score"] for r in result["related"]]
    assert scores == sorted(scores, reverse=True)
    people = as_json(seeds, "related", "Macron", "--type", "person")["related"]
    assert people and all(r["type"] == "person" for r in people)
    code, out, err = seeds("related", "Nobody Atall")
    assert code == 2 and out == "" and "no entity named" in err


def test_speakers_counts_quotations_from_stored_quotes(seeds, seeds_index: Path) -> None:
    result = as_json(seeds, "speakers")
    parnell = next(s for s in result["speakers"] if s["name"] == "Sean Parnell")
    assert parnell == {
        "name": "Sean Parnell",
        "quotes": 2,
        "articles": 1,
        "first": "2025-04-17",
        "last": "2025-04-17",
    }
    quotes = as_json(seeds, "quotes")["quotes"]
    for speaker in result["speakers"]:
        assert speaker["quotes"] == sum(1 for q in quotes if q["speaker"] == speaker["name"])
    counts = [s["quotes"] for s in result["speakers"]]
    assert counts == sorted(counts, reverse=True)


def test_trends_by_year_counts_dated_and_undated(seeds) -> None:
    result = as_json(seeds, "trends", "NATO", "--by", "year")
    assert result["by"] == "year"
    (series,) = result["series"]
    dated = {hit["date"][:4] for hit in as_json(seeds, "search", "NATO")["hits"] if hit["date"]}
    assert {p["period"] for p in series["points"]} == dated
    assert sum(p["articles"] for p in series["points"]) + series["undated"] == 5
    assert series["total"] == 5 and series["undated"] == 4
    assert all(p["share"] == 1.0 for p in series["points"])


def test_collocates_shape_and_measures(seeds) -> None:
    result = as_json(seeds, "collocates", "defense", "--limit", "10")
    assert result["word"] == "defense" and result["collocates"]
    words = [c["word"] for c in result["collocates"]]
    assert "the" not in words and "defense" not in words
    assert "spending" in words
    mi = as_json(seeds, "collocates", "defense", "--measure", "mi", "--min-count", "2")
    assert all(c["count"] >= 2 for c in mi["collocates"])
    code, _, err = seeds("collocates", "person:Macron")
    assert code == 2 and "word or phrase" in err


def test_views_human_output_piped_is_one_record_a_line(seeds) -> None:
    code, out, _ = seeds("kwic", "NATO", "--limit", "5")
    assert code == 0 and len(out.splitlines()) == 5
    assert all(line.split("\t")[4] == "NATO" for line in out.splitlines())
    code, out, _ = seeds("speakers", "--limit", "3")
    assert code == 0 and len(out.splitlines()) == 3 and "\x1b" not in out


def test_bad_view_arguments_exit_2(seeds) -> None:
    for args in (
        ("kwic", "NATO", "--sort", "middle"),
        ("trends", "NATO", "--by", "decade"),
        ("kwic", "nosuchfield:x"),
        ("search", "NATO", "--json", "--format", "csv"),
    ):
        code, out, err = seeds(*args)
        assert code == 2 and out == "" and len(err.splitlines()) == 1, args


def test_trend_points_add_up_to_search_total_on_a_dated_corpus(tmp_path: Path) -> None:
    import importlib.util
    import sys

    bench = BENCH / "make_corpus.py"
    spec = importlib.util.spec_from_file_location("bench_make_corpus_views", bench)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    module.make_corpus(60, tmp_path / "corpus", seed=3, workers=1)
    engine = Engine(tmp_path / "corpus", tmp_path / "index")
    engine.update_index(processes=1)
    for query in ("said", "*"):
        total = engine.search(query, limit=1).total
        for by in ("day", "week", "month", "year"):
            (series,) = engine.trends([query], by=by).series
            assert series.total == total
            assert sum(p.articles for p in series.points) + series.undated == total
            periods = [p.period for p in series.points]
            assert periods == sorted(periods) and len(set(periods)) == len(periods)
    (every,) = engine.trends(["*"], by="month").series
    hits = engine.search("*", limit=100).hits
    assert every.undated == sum(1 for hit in hits if hit.date is None) < len(hits)
    assert all(p.share in (0.0, 1.0) for p in every.points)
    dated = sorted(hit.date for hit in hits if hit.date)
    months = [p.period for p in every.points]
    assert months[0] == dated[0][:7] and months[-1] == dated[-1][:7]
    assert any(p.articles == 0 for p in engine.trends(["*"], by="day").series[0].points)


def test_speakers_and_related_follow_a_query_scope(sample) -> None:
    everyone = as_json(sample, "speakers")["speakers"]
    scoped = as_json(sample, "speakers", "--query", "tariffs")["speakers"]
    assert sum(s["quotes"] for s in scoped) < sum(s["quotes"] for s in everyone)


def test_term_finder_agrees_with_a_full_token_scan(seeds_index: Path) -> None:
    from corpus_tui.search.views.tokens import TOKEN_RE, stem, term_spans

    texts = list(seed_texts(seeds_index).values())
    texts.append("Sébastien SEBASTIEN sebastien's U.S. allies ally, e.g. Łódź Lodz naïve NAÏVE")
    for text in texts:
        every = [(m.span(), stem(m.group())) for m in TOKEN_RE.finditer(text)]
        stems = sorted({s for _, s in every if s})
        for group in (stems[::7], stems[3::11], ["sebastien", "s", "lodz", "naiv", "alli", "u.s"]):
            wanted = set(group)
            assert term_spans(text, wanted) == [span for span, s in every if s in wanted]


def test_kwic_total_with_a_limit_counts_every_occurrence(seeds) -> None:
    for query in ("NATO", "defen*", "allies OR Europe"):
        everything = as_json(seeds, "kwic", query, "--limit", "100000")
        first = as_json(seeds, "kwic", query, "--limit", "2")
        assert first["total"] == everything["total"] == len(everything["lines"]) > 2
        assert first["lines"] == everything["lines"][:2]


def test_view_caches_follow_the_index_generation(tmp_path: Path) -> None:
    import shutil

    corpus = tmp_path / "corpus"
    shutil.copytree(SAMPLE_CORPUS, corpus)
    engine = Engine(corpus, tmp_path / "index")
    engine.update_index(processes=1)
    assert not (tmp_path / "index" / "corpus-tui-summaries.json").exists()
    before = {s.name for s in engine.speakers().speakers}
    assert (tmp_path / "index" / "corpus-tui-summaries.json").exists()
    (corpus / "zz_new.txt").write_text(
        "Harbour strike ends\n\nDockworkers returned on Monday after a week-long strike.\n\n"
        '"We have a fair deal at last and the harbour will reopen," said Ottavio Brennick, '
        "the union's chief negotiator.\n",
        encoding="utf-8",
    )
    engine.update_index(processes=1)
    after = engine.speakers().speakers
    assert {s.name for s in after} - before == {"Ottavio Brennick"}
    fresh = Engine(corpus, tmp_path / "index")
    assert fresh.speakers() == engine.speakers()
    related = fresh.related("Ottavio Brennick")
    assert related.entity.name == "Ottavio Brennick"
    plain = fresh.collocates("harbour", min_count=1)
    from corpus_tui.search.query import parse_query
    from corpus_tui.search.views.collocates import collocates

    searcher = fresh.backend._open()  # type: ignore[attr-defined]
    node = parse_query("harbour")
    assert collocates(searcher, "harbour", node, node, min_count=1) == plain


def test_kwic_resorts_from_the_last_scan_match_fresh_scans(seeds_index: Path) -> None:
    warm = Engine(None, seeds_index)
    warm.kwic("defen*", sort="left")
    for sort in ("right", "2L", "date", "left"):
        fresh = Engine(None, seeds_index).kwic("defen*", sort=sort, limit=7)
        assert warm.kwic("defen*", sort=sort, limit=7) == fresh
    assert warm.kwic("NATO", sort="left") == Engine(None, seeds_index).kwic("NATO", sort="left")


def test_speakers_and_related_follow_entity_corrections(seeds, seeds_index: Path, tmp_path) -> None:
    workspace = str(tmp_path / "workspace")

    def names(*args: str) -> list[str]:
        result = as_json(seeds, *args, "--workspace", workspace)
        rows = result["speakers"] if "speakers" in result else result["related"]
        return [row["name"] for row in rows]

    assert "Sean Parnell" in names("speakers")
    assert "Donald Trump" in names("related", "Emmanuel Macron", "--limit", "500")
    for args in (
        ("rename", "Sean Parnell", "Pentagon Spokesman Parnell"),
        ("hide", "Donald Trump"),
    ):
        code, _, err = seeds("entity", *args, "--workspace", workspace)
        assert code == 0, err
    speakers = names("speakers")
    assert "Pentagon Spokesman Parnell" in speakers and "Sean Parnell" not in speakers
    assert "Donald Trump" not in speakers
    assert "Donald Trump" not in names("related", "Emmanuel Macron", "--limit", "500")
