"""config.toml: defaults, bad TOML in one line, bad values dropped one by one, the keymap check,
and the `config` commands."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from corpus_tui.search.cli import main
from corpus_tui.search.cli_workspace import app_corpus
from corpus_tui.search.config import Config, config_path, load_config, remember_theme
from corpus_tui.search.keymap import check_keys

ACTIONS = {"app.quit": "q", "help": "question_mark,f1", "focus_search": "slash", "copy": "y"}


@pytest.fixture()
def config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    path = config_path()
    path.parent.mkdir(parents=True)
    return path


def test_missing_file_is_the_defaults(config_file: Path) -> None:
    config, warnings = load_config()
    assert config == Config() and warnings == []
    assert config.search.history is True and config.search.default_sort == "relevance"


def test_bad_toml_is_one_line_with_the_line_number(config_file: Path) -> None:
    config_file.write_text('theme = "nord"\n\n[search\npage_size = 10\n', encoding="utf-8")
    config, warnings = load_config()
    assert config == Config()
    assert len(warnings) == 1 and "line 3" in warnings[0] and "\n" not in warnings[0]


def test_a_bad_value_is_dropped_and_the_rest_applies(config_file: Path) -> None:
    config_file.write_text(
        'theme = "nord"\n[search]\npage_size = "many"\ndefault_sort = "date"\ncolour = 1\n'
        '[corpus]\ndefault = "~/news"\n',
        encoding="utf-8",
    )
    config, warnings = load_config()
    assert config.theme == "nord" and config.search.default_sort == "date"
    assert config.search.page_size == 20
    assert config.corpus.default == Path("~/news").expanduser()
    assert [w.split(": ")[1] for w in warnings] == ["search.page_size", "search.colour"]
    assert app_corpus(None) == Path("~/news").expanduser()
    assert app_corpus(Path("/elsewhere")) == Path("/elsewhere")


def test_keymap_conflicts_and_unknown_actions_name_both_sides() -> None:
    keys = {"quit": "ctrl+x", "help": "y", "frobnicate": "z", "focus_search": "ctrl+nonsense"}
    applied, warnings = check_keys(keys, ACTIONS)
    assert applied == {"quit": "ctrl+x"}
    assert len(warnings) == 3
    conflict = next(w for w in warnings if "'y'" in w)
    assert "help" in conflict and "copy" in conflict
    assert any("frobnicate" in w and "unknown action" in w for w in warnings)
    assert any("ctrl+nonsense" in w for w in warnings)
    # Freeing a key by moving its action lets another action take it.
    applied, warnings = check_keys({"quit": "ctrl+x", "help": "q"}, ACTIONS)
    assert applied == {"quit": "ctrl+x", "help": "q"} and warnings == []


def test_remember_theme_keeps_the_users_lines(config_file: Path) -> None:
    config_file.write_text("# mine\n[search]\npage_size = 10\n", encoding="utf-8")
    remember_theme("textual-light")
    assert load_config()[0].theme == "textual-light"
    remember_theme("nord")
    text = config_file.read_text(encoding="utf-8")
    assert text.count("theme =") == 1 and "# mine" in text and "page_size = 10" in text
    assert load_config()[0].search.page_size == 10


def test_config_commands(
    config_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["config", "path"]) == 0
    assert capsys.readouterr().out.strip() == str(config_file)
    editor = f"{sys.executable} -c \"import sys; open(sys.argv[1], 'a').write('theme = 3\\n')\""
    monkeypatch.setenv("EDITOR", editor)
    monkeypatch.delenv("VISUAL", raising=False)
    assert main(["config", "edit"]) == 0
    _, err = capsys.readouterr()
    assert "theme" in err and err.count("\n") == 1  # the edit made a bad value: one warning
    assert "[search]" in config_file.read_text(encoding="utf-8")  # created from the template
    config_file.write_text('theme = "nord"\n[keys]\nquit = "ctrl+x"\n', encoding="utf-8")
    assert main(["config", "show", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["config"]["keys"] == {"quit": "ctrl+x"} and shown["warnings"] == []
    assert main(["config", "show"]) == 0
    assert 'quit = "ctrl+x"' in capsys.readouterr().out
    config_file.write_text("[search\n", encoding="utf-8")
    assert main(["config", "show"]) == 0
    assert "line 1" in capsys.readouterr().err


def test_snippet_length_applies_to_the_cli(
    config_file: Path, sample_corpus: Path, sample_index: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--corpus", str(sample_corpus), "--index", str(sample_index), "search", "NATO"]
    assert main([*args, "--json"]) == 0
    default = json.loads(capsys.readouterr().out)["hits"]
    assert max(len(hit["snippet"]) for hit in default) > 80
    config_file.write_text("[search]\nsnippet_length = 60\n", encoding="utf-8")
    assert main([*args, "--json"]) == 0
    short = json.loads(capsys.readouterr().out)["hits"]
    assert [h["id"] for h in short] == [h["id"] for h in default]
    assert all(len(hit["snippet"]) <= 62 for hit in short)
