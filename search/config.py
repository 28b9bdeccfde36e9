"""The user's config.toml: keys, theme, search defaults, the default corpus.

It lives under the user config dir (`corpus-tui config path`). A config file is never a reason
not to start: bad TOML is one line naming the line, and the defaults apply; a bad value is one
line naming the setting, and the rest of the file still applies.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .keymap import CONFIG_NAME, config_path, toml_error

__all__ = ["CONFIG_NAME", "Config", "config_path", "load_config", "remember_theme", "to_toml"]


TEMPLATE = """\
# corpus-tui settings. Every setting is optional; delete a line to get the default back.

# The app's colour theme (the app remembers a change made with Ctrl+T or the palette).
# theme = "textual-dark"

[keys]
# Rebind any action of the app to any key, named as Textual names keys:
# quit = "ctrl+x"
# focus_search = "ctrl+f"

[search]
# page_size = 20             # results loaded at a time in the app (at most what fills the pane first)
# snippet_length = 220       # characters of snippet around the matches
# default_sort = "relevance" # or "date" (newest first)
# history = true             # remember every query run (corpus-tui history)

[corpus]
# default = "~/news"         # what `corpus-tui` opens without --corpus

[index]
# watch = true               # the open app indexes added, removed and changed files by itself

[backend]
# url = ""                   # reserved for a search server
"""


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SearchSettings(_Section):
    """`[search]`: how searches run and are remembered."""

    page_size: int = Field(20, ge=1, le=1000, description="results loaded at a time")
    snippet_length: int = Field(220, ge=40, le=2000, description="characters per snippet")
    default_sort: Literal["relevance", "date"] = "relevance"
    history: bool = Field(True, description="remember every query run, with its hit count")


class CorpusSettings(_Section):
    """`[corpus]`: `default` is what the app opens when no --corpus is given."""

    default: Path | None = None


class IndexSettings(_Section):
    """`[index]`: `watch` lets the open app notice corpus changes and index them by itself
    (the embedded index only, when it can be written)."""

    watch: bool = Field(True, description="index added, removed and changed files while open")


class BackendSettings(_Section):
    """`[backend]`: `url` names a search cluster (`sphinx://HOST:PORT`); unset or `whoosh` is the
    embedded index. `--backend` on the command line overrides it."""

    url: str | None = None


class Config(_Section):
    """The whole file. `keys` maps an action name to a key (`quit = "ctrl+x"`)."""

    theme: str | None = None
    keys: dict[str, str] = Field(default_factory=dict)
    search: SearchSettings = Field(default_factory=SearchSettings)
    corpus: CorpusSettings = Field(default_factory=CorpusSettings)
    index: IndexSettings = Field(default_factory=IndexSettings)
    backend: BackendSettings = Field(default_factory=BackendSettings)


def load_config(path: Path | None = None) -> tuple[Config, list[str]]:
    """The config and one-line warnings; defaults wherever the file is missing or wrong."""
    path = path or config_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Config(), []
    except (OSError, UnicodeDecodeError) as error:
        return Config(), [f"{path}: cannot read it ({error}); using the defaults"]
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return Config(), [f"{path}: {toml_error(error)}; using the defaults"]
    return _validate(data, path)


def _validate(data: dict[str, Any], path: Path) -> tuple[Config, list[str]]:
    """Validate, dropping each bad setting (with a warning) until the rest is valid."""
    warnings: list[str] = []
    if "corpus" in data and isinstance(data["corpus"], dict) and "default" in data["corpus"]:
        default = data["corpus"]["default"]
        if isinstance(default, str):
            data["corpus"]["default"] = str(Path(default).expanduser())
    for _ in range(50):
        try:
            config = Config.model_validate(data)
        except ValidationError as error:
            first = error.errors()[0]
            location = [str(part) for part in first["loc"]]
            warnings.append(f"{path}: {'.'.join(location)}: {first['msg']}; ignored")
            if not _drop(data, first["loc"]):
                return Config(), [*warnings[:-1], f"{path}: {first['msg']}; using the defaults"]
            continue
        return config, warnings
    return Config(), [*warnings, f"{path}: too many errors; using the defaults"]


def _drop(data: dict[str, Any], location: tuple[int | str, ...]) -> bool:
    """Remove the setting a validation error points at; False when there is nothing to drop."""
    node: Any = data
    for part in location[:-1]:
        if not isinstance(node, dict) or part not in node:
            return False
        node = node[part]
    if isinstance(node, dict) and location and location[-1] in node:
        del node[location[-1]]
        return True
    return False


def to_toml(config: Config) -> str:
    """The effective settings as TOML (what `config show` prints)."""
    lines: list[str] = []
    if config.theme is not None:
        lines.append(f"theme = {_value(config.theme)}")
    for section in ("keys", "search", "corpus", "index", "backend"):
        values = getattr(config, section)
        items = values.items() if isinstance(values, dict) else values.model_dump().items()
        lines.append(f"\n[{section}]")
        for key, value in items:
            if value is None:
                lines.append(f"# {key} is not set")
            else:
                lines.append(f"{_bare_key(key)} = {_value(value)}")
    return "\n".join(lines).lstrip("\n") + "\n"


def _bare_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else _value(key)


def _value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    text = re.sub(r"[\x00-\x1f\x7f]", lambda m: f"\\u{ord(m.group()):04x}", text)
    return f'"{text}"'


def remember_theme(theme: str, path: Path | None = None) -> None:
    """Write `theme = "..."` into config.toml, keeping every other line as the user wrote it."""
    path = path or config_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = TEMPLATE
    line = f"theme = {_value(theme)}"
    pattern = re.compile(r"^theme\s*=.*$", re.MULTILINE)
    head, section, tail = text.partition("\n[")
    if pattern.search(head):
        head = pattern.sub(lambda _: line, head, count=1)
    else:
        head = f"{line}\n{head}" if head else line
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(head + section + tail, encoding="utf-8")
    tmp.replace(path)
