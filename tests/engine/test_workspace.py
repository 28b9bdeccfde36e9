"""The analyst's workspace on the bundled seeds: tags in queries, saved searches, history,
notes, entity corrections, surviving a rebuild, export and import."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corpus_tui.search.cli import main
from corpus_tui.search.engine import Engine
from corpus_tui.search.errors import QueryError
from corpus_tui.search.workspace import default_workspace_dir


@pytest.fixture()
def user_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh user data dir (where workspaces live) for each test."""
    data = tmp_path / "data"
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return data


@pytest.fixture()
def cli(seeds_index: Path, user_data: Path, capsys: pytest.CaptureFixture[str]):
    """Run the CLI on the seeds; returns (exit code, stdout, stderr)."""

    def call(*args: str) -> tuple[int, str, str]:
        code = main(["--index", str(seeds_index), *args])
        out, err = capsys.readouterr()
        return code, out, err

    return call


def as_json(cli, *args: str) -> dict:
    code, out, err = cli(*args, "--json")
    assert code == 0, err
    return json.loads(out)


def ids(cli, query: str) -> list[str]:
    return [hit["id"] for hit in as_json(cli, "search", query)["hits"]]


def entity(cli, name: str) -> dict | None:
    listed = as_json(cli, "entities", "--limit", "1000")["entities"]
    return next((e for e in listed if e["name"] == name), None)


def test_tag_three_articles_and_search_tag_lead_nato(cli) -> None:
    every = sorted(ids(cli, "*"))
    nato = set(ids(cli, "NATO"))
    lead = every[:3]
    for doc_id in lead:
        assert as_json(cli, "tag", doc_id[:3], "lead")["tags"] == ["lead"]
    as_json(cli, "tag", every[3], "Star")
    assert sorted(ids(cli, "tag:lead NATO")) == sorted(set(lead) & nato)
    assert sorted(ids(cli, "tag:lead")) == lead
    assert sorted(ids(cli, "NOT tag:lead")) == every[3:]
    assert sorted(ids(cli, "tag:lead OR tag:star")) == every[:4]
    assert sorted(ids(cli, "tag:*")) == every[:4]
    assert ids(cli, "tag:nothing") == []
    assert as_json(cli, "search", "tag:lead NATO")["parsed"].startswith("(tag:lead AND")
    tags = as_json(cli, "tags")
    assert tags["tags"][0] == {"name": "lead", "count": 3, "missing": 0}
    code, _, err = cli("search", "tag:")
    assert code == 2 and "tag:" in err and "Traceback" not in err


def test_show_json_has_tags_and_notes(cli) -> None:
    first = sorted(ids(cli, "*"))[0]
    assert as_json(cli, "show", first)["tags"] == []
    as_json(cli, "tag", first, "lead", "check")
    notes = as_json(cli, "note", first, "figures", "to", "verify")["notes"]
    assert [n["text"] for n in notes] == ["figures to verify"]
    shown = as_json(cli, "show", first)
    assert shown["tags"] == ["check", "lead"]
    assert [n["text"] for n in shown["notes"]] == ["figures to verify"]
    assert shown["notes"][0]["at"].endswith("Z")
    code, out, _ = cli("show", first)
    assert code == 0 and "tags: check lead" in out and "figures to verify" in out
    assert as_json(cli, "untag", first, "check")["tags"] == ["lead"]


def test_saved_search_list_counts_and_run(cli) -> None:
    total = as_json(cli, "search", "NATO France")["total"]
    assert cli("saved", "add", "nf", "NATO", "France")[0] == 0
    code, _, err = cli("saved", "add", "nf", "other")
    assert code == 2 and "exists" in err
    listed = as_json(cli, "saved", "list")["saved"]
    assert [(s["name"], s["query"], s["total"]) for s in listed] == [("nf", "NATO France", total)]
    assert as_json(cli, "search", "--saved", "nf")["total"] == total
    code, _, err = cli("search", "--saved", "nope")
    assert code == 2 and "nope" in err
    assert cli("saved", "rm", "nf")[0] == 0
    assert as_json(cli, "saved", "list")["saved"] == []


def test_history_records_queries_with_hits(cli, user_data: Path) -> None:
    cli("search", "NATO", "--json")
    cli("search", "Ukraine")
    history = as_json(cli, "history", "--limit", "5")["history"]
    assert [h["query"] for h in history] == ["Ukraine", "NATO"]
    assert history[1]["total"] == as_json(cli, "search", "NATO")["total"]
    config = user_data.parent / "config" / "corpus-tui" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text("[search]\nhistory = false\n", encoding="utf-8")
    cli("search", "Kyiv")
    assert [h["query"] for h in as_json(cli, "history")["history"]][:1] == ["NATO"]


def test_hide_and_merge_show_in_entities_at_once(cli) -> None:
    assert entity(cli, "Pentagon") is not None
    nato, alliance = entity(cli, "NATO"), entity(cli, "Atlantic Alliance")
    assert cli("entity", "hide", "Pentagon")[0] == 0
    assert cli("entity", "merge", "Atlantic Alliance", "NATO")[0] == 0
    assert entity(cli, "Pentagon") is None
    assert entity(cli, "Atlantic Alliance") is None
    merged = entity(cli, "NATO")
    assert merged["count"] == nato["count"] + alliance["count"]
    assert "Atlantic Alliance" in merged["aliases"]
    # A query naming the entity now also finds the name merged into it.
    parsed = as_json(cli, "search", "org:nato")["parsed"]
    assert 'org:"atlantic alliance"' in parsed
    listed = as_json(cli, "entity", "list")["corrections"]
    assert {(c["action"], c["name"]) for c in listed} == {
        ("hide", "Pentagon"),
        ("merge", "Atlantic Alliance"),
    }
    # Undo both.
    assert cli("entity", "unhide", "Pentagon")[0] == 0
    assert cli("entity", "split", "Atlantic Alliance")[0] == 0
    assert entity(cli, "Pentagon") is not None
    assert entity(cli, "NATO") == nato


def test_rename_reaches_article_quotes_and_person_queries(cli) -> None:
    assert ids(cli, 'person:"Mark Rutte"') == []
    assert cli("entity", "rename", "Marc Rutte", "Mark Rutte")[0] == 0
    found = ids(cli, 'person:"Mark Rutte"')
    assert len(found) == 1
    names = [e["name"] for e in as_json(cli, "show", found[0])["entities"]]
    assert "Mark Rutte" in names and "Marc Rutte" not in names
    # A renamed speaker is renamed in the quotations too.
    before = as_json(cli, "quotes", "--speaker", "Kempf")["quotes"]
    assert before and {q["speaker"] for q in before} == {"Olivier Kempf"}
    cli("entity", "rename", "Olivier Kempf", "O. Kempf")
    after = as_json(cli, "quotes", "--speaker", "Kempf")["quotes"]
    assert {q["speaker"] for q in after} == {"O. Kempf"}
    # Renaming back undoes it.
    cli("entity", "rename", "O. Kempf", "Olivier Kempf")
    assert not [c for c in as_json(cli, "entity", "list")["corrections"] if "Kempf" in c["name"]]


def test_entity_errors_are_one_line(cli) -> None:
    code, out, err = cli("entity", "hide", "No Such Entity Here")
    assert code == 2 and out == "" and err.count("\n") == 1 and "no entity named" in err
    code, _, err = cli("entity", "unhide", "NATO")
    assert code == 2 and "not hidden" in err


def test_rebuild_keeps_the_workspace(cli, seeds_index: Path, user_data: Path) -> None:
    first = sorted(ids(cli, "*"))[0]
    cli("tag", first, "lead")
    cli("note", first, "keep me")
    cli("saved", "add", "s", "NATO")
    cli("entity", "hide", "Key Takeaways")
    assert cli("index", "--rebuild", "--json")[0] == 0
    assert ids(cli, "tag:lead") == [first]
    assert [n["text"] for n in as_json(cli, "show", first)["notes"]] == ["keep me"]
    assert [s["name"] for s in as_json(cli, "saved", "list")["saved"]] == ["s"]
    assert entity(cli, "Key Takeaways") is None
    # Nothing of it is in the index directory; it is under the user data dir.
    workspace = default_workspace_dir(Engine().corpus_path)
    assert workspace.is_relative_to(user_data) and (workspace / "workspace.sqlite3").exists()
    assert not list(seeds_index.glob("*.sqlite3"))


def test_export_then_import_into_a_fresh_user_dir(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = sorted(ids(cli, "*"))[:2]
    cli("tag", first, "lead", "star")
    cli("note", second, "ask the agency")
    cli("saved", "add", "s", "NATO", "--sort", "date")
    cli("search", "Ukraine")
    cli("entity", "merge", "Atlantic Alliance", "NATO")
    exported = tmp_path / "investigation.json"
    assert cli("workspace", "export", str(exported))[0] == 0

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "colleague"))
    assert as_json(cli, "tags")["tags"] == []
    cli("saved", "add", "s", "their own query")
    added = as_json(cli, "workspace", "import", str(exported))["added"]
    history = json.loads(exported.read_text(encoding="utf-8"))["history"]
    assert "Ukraine" in [h["query"] for h in history]
    assert added == {"saved": 0, "history": len(history), "tags": 2, "notes": 1, "corrections": 1}
    assert sorted(ids(cli, "tag:star OR tag:lead")) == [first]
    assert [n["text"] for n in as_json(cli, "show", second)["notes"]] == ["ask the agency"]
    # Import merges and never clobbers: the colleague's own saved search stays.
    assert [s["query"] for s in as_json(cli, "saved", "list")["saved"]] == ["their own query"]
    assert "Atlantic Alliance" in entity(cli, "NATO")["aliases"]
    again = as_json(cli, "workspace", "import", str(exported))["added"]
    assert set(again.values()) == {0}


def test_import_refuses_a_foreign_file_in_one_line(cli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "something else"}', encoding="utf-8")
    code, out, err = cli("workspace", "import", str(bad))
    assert code == 2 and out == "" and err.count("\n") == 1 and "not a corpus-tui" in err
    bad.write_text("{not json", encoding="utf-8")
    code, _, err = cli("workspace", "import", str(bad))
    assert code == 2 and "line 1" in err


def test_tags_on_deleted_articles_are_kept_and_reported(
    tmp_path: Path, user_data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    seeds = sorted(Engine().corpus_path.glob("*.txt"))[:2]
    for seed in seeds:
        (corpus / seed.name).write_bytes(seed.read_bytes())
    base = ["--corpus", str(corpus), "--index", str(tmp_path / "idx")]
    assert main([*base, "tag", seeds[0].name, "lead"]) == 0
    assert main([*base, "tag", seeds[1].name, "lead"]) == 0
    (corpus / seeds[0].name).unlink()
    capsys.readouterr()
    assert main([*base, "tags", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["tags"] == [{"name": "lead", "count": 2, "missing": 1}]
    assert report["missing"] == [{"id": seeds[0].name, "tags": ["lead"]}]
    assert main([*base, "tags"]) == 0
    assert "no longer in the corpus" in capsys.readouterr().err
    assert main([*base, "search", "tag:lead", "--json"]) == 0
    assert [h["id"] for h in json.loads(capsys.readouterr().out)["hits"]] == [seeds[1].name]


def test_engine_queries_reject_bad_tag_syntax(seeds_index: Path, user_data: Path) -> None:
    engine = Engine(None, seeds_index)
    with pytest.raises(QueryError):
        engine.search("NATO tag:")
    # A quoted "tag:" is words, not a field.
    assert engine.search('"tag:lead"').total == 0


def test_a_damaged_workspace_is_one_line_and_searching_goes_on(
    cli, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    damaged = tmp_path / "damaged"
    damaged.mkdir()
    (damaged / "workspace.sqlite3").write_bytes(b"not a database at all" * 100)
    code, out, err = cli("--workspace", str(damaged), "tags")
    assert code == 1 and out == "" and err.count("\n") == 1 and "not a database" in err
    code, out, err = cli("--workspace", str(damaged), "search", "NATO", "--json")
    assert code == 0 and json.loads(out)["total"] > 0
    assert err.count("\n") == 1 and "history not saved" in err
    code, out, _ = cli("--workspace", str(damaged), "show", sorted(ids(cli, "*"))[0], "--json")
    assert code == 0 and json.loads(out)["tags"] == []
