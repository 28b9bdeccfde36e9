"""The Sphinx backend's parts that need no server: configs, URL, query translation, routing."""

from __future__ import annotations

import builtins
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from corpus_tui.search.backends.sphinx.cluster import parse_url
from corpus_tui.search.backends.sphinx.conf import charset_table, write_configs
from corpus_tui.search.backends.sphinx.tokens import range_words, sphinx_word
from corpus_tui.search.backends.sphinx.translate import translate
from corpus_tui.search.backends.sphinx.writer import (
    BATCH_BYTES,
    COLUMNS,
    doc_number,
    replace_statements,
    shard_of,
)
from corpus_tui.search.errors import BackendUnavailable, QueryError
from corpus_tui.search.query import parse_query


def test_sphinx_conf_command_prints_one_start_command_per_node_then_the_url(
    tmp_path: Path,
) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "corpus_tui.search", "backend", "sphinx-conf"]
        + ["--nodes", "3", "--port", "20000", "--data", str(tmp_path / "c")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[:3] == [f"searchd -c {tmp_path / 'c' / f'node{k}.conf'}" for k in (1, 2, 3)]
    assert lines[3] == "sphinx://127.0.0.1:20001,127.0.0.1:20003,127.0.0.1:20005/corpus"
    first = (tmp_path / "c" / "node1.conf").read_text()
    assert "type = distributed" in first and "local = corpus_1" in first
    assert (
        "agent = 127.0.0.1:20002:corpus_2" in first and "agent = 127.0.0.1:20004:corpus_3" in first
    )
    third = (tmp_path / "c" / "node3.conf").read_text()
    assert "type = distributed" not in third and "index corpus_3" in third
    assert "listen = 127.0.0.1:20005:mysql41" in third


def test_sphinx_conf_refuses_bad_options_in_one_line(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "corpus_tui.search", "backend", "sphinx-conf", "--nodes", "0"]
        + ["--data", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert done.stdout == "" and len(done.stderr.strip().splitlines()) == 1


def test_charset_table_folds_accented_latin_without_the_non_cjk_shortcut() -> None:
    table = charset_table()
    assert "non_cjk" not in table
    assert "U+00FC->u" in table  # ü
    assert "U+00E9->e" in table  # é
    assert "U+0141->l" in table  # Ł


def test_config_carries_timeouts_flushes_and_packet_size(tmp_path: Path) -> None:
    paths, _ = write_configs(2, 21000, tmp_path)
    text = paths[0].read_text()
    for setting in (
        "agent_connect_timeout",
        "agent_query_timeout",
        "rt_flush_period",
        "binlog_flush",
        "max_packet_size",
        "rt_mem_limit",
    ):
        assert setting in text


def test_url_lists_nodes_and_index() -> None:
    address = parse_url("sphinx://a:1,b:2/news")
    assert address.nodes == (("a", 1), ("b", 2)) and address.index == "news"
    assert parse_url("sphinx://h:9306").index == "corpus"
    for bad in ("sphinx://", "sphinx://h", "sphinx://h:x", "http://h:1", "sphinx://h:1/bad-name"):
        with pytest.raises(BackendUnavailable):
            parse_url(bad)


def test_without_pymysql_the_backend_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    from corpus_tui.search.backends.sphinx.client import NodeConnection

    real_import = builtins.__import__

    def no_pymysql(name: str, *args: object, **kwargs: object) -> object:
        if name == "pymysql":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pymysql)
    with pytest.raises(BackendUnavailable, match=r"pip install 'corpus-tui\[cluster\]'"):
        NodeConnection("127.0.0.1", 1).query("SHOW TABLES")


def test_fuzzy_terms_are_refused_naming_the_whoosh_backend() -> None:
    with pytest.raises(QueryError, match="Whoosh backend"):
        translate(parse_query("Macrn~"))


def test_translation_keeps_fields_phrases_and_negation() -> None:
    match = translate(parse_query('"prime minister" NOT person:smith')).match
    assert '(@body "prime minist")' in match and '(@title "prime minist")' in match
    assert "-((@person smith))" in match
    alone = translate(parse_query("NOT war")).match
    assert alone.startswith("((@everything zzall) -(")


def test_top_level_dates_filter_and_nested_dates_become_words() -> None:
    top = translate(parse_query("war date:[2025-01-01 TO 2025-06-30]"))
    assert (top.date_from, top.date_to, top.dated_only) == (20250101, 20250630, True)
    assert "@dates" not in top.match
    nested = translate(parse_query("war OR date:2025"))
    assert "(@dates y2025)" in nested.match and not nested.dated_only


def test_range_words_cover_exactly_the_days() -> None:
    first, last = date(2024, 12, 30), date(2026, 3, 2)
    words = range_words(first, last)
    assert words == ["d20241230", "d20241231", "y2025", "m202601", "m202602"] + [
        "d20260301",
        "d20260302",
    ]


def test_tokens_sphinx_would_split_become_one_word() -> None:
    assert sphinx_word("zurich") == "zurich" and sphinx_word("u.s") == "u.s"
    assert sphinx_word("ქართ").startswith("zzx")


def test_routing_is_stable_and_spreads_articles() -> None:
    ids = [f"folder/{n}.txt" for n in range(1000)]
    shards = [shard_of(i, 2) for i in ids]
    assert shards == [shard_of(i, 2) for i in ids]
    assert 400 < shards.count(0) < 600
    assert len({doc_number(i) for i in ids}) == len(ids) and all(doc_number(i) > 0 for i in ids)


def test_replace_batches_stay_under_the_packet_budget() -> None:
    row = {c: (1 if c in ("id", "datekey") else "x" * 50_000) for c in COLUMNS}
    statements = replace_statements("corpus_1", [row] * 40)
    assert len(statements) > 1
    assert all(len(s.encode()) <= BATCH_BYTES for s in statements)


def test_the_apps_indexer_child_writes_to_the_same_backend() -> None:
    from corpus_tui.search.indexproc import indexer_command

    command = indexer_command(Path("/corpus"), Path("/index"), False, "sphinx://h:1/news")
    assert command[command.index("--backend") + 1] == "sphinx://h:1/news"
    assert "--backend" not in indexer_command(Path("/corpus"), None, False)
