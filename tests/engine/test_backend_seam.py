"""The search-backend seam: the engine speaks to one backend object, chosen by a URL, and
scopes (query plus filters) mean the same for search, entities, quotes and the views."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corpus_tui.search.backends import open_backend
from corpus_tui.search.backends.whoosh_backend import WhooshBackend
from corpus_tui.search.cli import main
from corpus_tui.search.engine import Engine
from corpus_tui.search.errors import BackendUnavailable


def test_whoosh_is_the_default_and_answers_by_id(seeds_index: Path) -> None:
    engine = Engine(None, seeds_index)
    assert isinstance(engine.backend, WhooshBackend)
    named = Engine(None, seeds_index, backend="whoosh://")
    assert [h.id for h in named.search("NATO").hits] == [h.id for h in engine.search("NATO").hits]
    backend = engine.backend
    ids = backend.matching_ids(engine.parse("NATO"), by_date=True)
    dates = [str(s["date_str"]) for s in backend.stored(ids)]
    assert len(ids) == 5 and dates == sorted(dates, reverse=True)
    assert backend.stored(["no-such-id", ids[0]])[0]["id"] == ids[0]
    assert backend.existing_ids({ids[1], "no-such-id"}) == {ids[1]}
    assert backend.ids_with_prefix(ids[0][:-1], 6)[0].startswith(ids[0][:-1])


def test_an_unknown_backend_is_one_line(
    seeds_index: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(BackendUnavailable, match="unknown backend"):
        open_backend("elastic://localhost:9200", seeds_index, Path("."))
    code = main(["--index", str(seeds_index), "--backend", "elastic://x:1", "search", "NATO"])
    err = capsys.readouterr().err
    assert code == 1
    assert err.count("\n") == 1 and "unknown backend 'elastic://x:1'" in err


def test_config_names_the_backend_and_the_option_overrides_it(
    seeds_index: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from corpus_tui.search.config import config_path

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    path = config_path()
    path.parent.mkdir(parents=True)
    path.write_text('[backend]\nurl = "elastic://x:1"\n', encoding="utf-8")
    assert main(["--index", str(seeds_index), "search", "NATO", "--json"]) == 1
    assert "unknown backend" in capsys.readouterr().err
    args = ["--index", str(seeds_index), "--backend", "whoosh", "search", "NATO", "--json"]
    assert main(args) == 0
    assert json.loads(capsys.readouterr().out)["total"] == 5


def test_filters_scope_entities_and_quotes_like_the_query(seeds_index: Path) -> None:
    engine = Engine(None, seeds_index)
    combined = engine.entities(query='NATO AND person:"Sophie Primas"')
    filtered = engine.entities(query="NATO", filters=['person:"Sophie Primas"'])
    assert filtered == combined
    assert filtered != engine.entities()
    only_filter = engine.entities(query="*", filters=['person:"Sophie Primas"'])
    assert only_filter == engine.entities(query='person:"Sophie Primas"')
    quotes = engine.quotes(query="*", filters=["Lecornu AND Hegseth"])
    assert quotes.quotes and {q.id for q in quotes.quotes} == {
        h.id for h in engine.search("Lecornu AND Hegseth").hits
    }
    assert quotes == engine.quotes(query="Lecornu AND Hegseth")
