"""The user's config.toml: keys, theme, search defaults, the default corpus.

It lives under the user config dir (`corpus-tui config path`). A config file is never a reason
not to start: bad TOML is one line naming the line, and the defaults apply; a bad value is one
line naming the setting, and the rest of the file still applies.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

import platformdirs
from pydantic import BaseModel, ConfigDict, Field, ValidationError

CONFIG_NAME = "config.toml"

TEMPLATE = """\
# corpus-tui settings. Every setting is optional; delete a line to get the default back.

# The app's colour theme (the app remembers a change made with Ctrl+T or the palette).
# theme = "textual-dark"

[keys]
# Rebind any action of the app to any key, named as Textual names keys:
# quit = "ctrl+x"
# focus_search = "ctrl+f"

[search]
# page_size = 50             # results loaded at a time in the app
# snippet_length = 160       # characters of context around matches
# default_sort = "relevance" # or "date" (newest first)
# history = true             # remember every query run (corpus-tui history)

[corpus]
# default = "~/news"         # what `corpus-tui` opens without --corpus

[backend]
# url = ""                   # reserved for a search server
"""


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SearchSettings(_Section):
    """`[search]`: how searches run and are remembered."""

    page_size: int = Field(50, ge=1, le=5000, description="results loaded at a time")
    snippet_length: int = Field(160, ge=20, le=2000, description="characters per snippet")
    default_sort: Literal["relevance", "date"] = "relevance"
    history: bool = Field(True, description="remember every query run, with its hit count")


class CorpusSettings(_Section):
    """`[corpus]`: `default` is what the app opens when no --corpus is given."""

    default: Path | None = None


class BackendSettings(_Section):
    """`[backend]`: reserved for a search server; the embedded index is used when unset."""

    url: str | None = None


class Config(_Section):
    """The whole file. `keys` maps an action name to a key (`quit = "ctrl+x"`)."""

    theme: str | None = None
    keys: dict[str, str] = Field(default_factory=dict)
    search: SearchSettings = Field(default_factory=SearchSettings)
    corpus: CorpusSettings = Field(default_factory=CorpusSettings)
    backend: BackendSettings = Field(default_factory=BackendSettings)


def config_path() -> Path:
    """config.toml under the user config dir."""
    return platformdirs.user_config_path("corpus-tui") / CONFIG_NAME


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
        return Config(), [f"{path}: {_toml_error(error)}; using the defaults"]
    return _validate(data, path)


def _toml_error(error: tomllib.TOMLDecodeError) -> str:
    """'line N: reason' from tomllib's '<reason> (at line N, column M)'."""
    message = str(error)
    match = re.search(r"\(at line (\d+), column \d+\)", message)
    if match is None:
        return f"not valid TOML: {message}"
    reason = message[: match.start()].strip()
    return f"line {match.group(1)}: not valid TOML: {reason}"


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
    for section in ("keys", "search", "corpus", "backend"):
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


# Keys ----------------------------------------------------------------------------------------

_NAMED_KEY_WORDS = """
escape enter tab space backspace delete insert home end pageup pagedown up down left right
slash question_mark exclamation_mark comma full_stop colon semicolon minus plus equals_sign
underscore left_square_bracket right_square_bracket left_curly_bracket right_curly_bracket
less_than_sign greater_than_sign number_sign dollar_sign percent_sign ampersand asterisk
apostrophe quotation_mark grave_accent tilde circumflex_accent vertical_line backslash at
left_parenthesis right_parenthesis
"""
_NAMED_KEYS = frozenset(_NAMED_KEY_WORDS.split())
_KEY_RE = re.compile(r"^(?:(?:ctrl|shift|alt|meta|super)\+)*(?P<base>[^+\s]+)$")


def is_key_name(key: str) -> bool:
    """Whether `key` is a key as Textual names it: `q`, `Q`, `ctrl+x`, `f5`, `escape`, `/`."""
    match = _KEY_RE.match(key)
    if match is None:
        return False
    base = match.group("base")
    return (
        (len(base) == 1 and base.isprintable())
        or base in _NAMED_KEYS
        or bool(re.fullmatch(r"f([1-9]|1[0-9]|2[0-4])", base))
    )


def _action_name(action: str) -> str:
    """`app.quit` and `screen.copy` are `quit` and `copy` in config.toml."""
    return action.rsplit(".", 1)[-1]


def check_keys(
    keys: Mapping[str, str], actions: Mapping[str, str]
) -> tuple[dict[str, str], list[str]]:
    """The user's keymap checked against the app's actions (name -> default keys).

    Returns the bindings that apply (action -> key) and one warning per rejected line: an
    unknown action, a key Textual does not know, or a key already taken by another action,
    naming both sides. The other lines still apply.
    """
    known = {_action_name(action): default for action, default in actions.items()}
    applied: dict[str, str] = {}
    warnings: list[str] = []
    taken: dict[str, str] = {}
    for action, default in known.items():
        if action not in keys:
            for key in default.split(","):
                taken.setdefault(key.strip(), action)
    for action, key in keys.items():
        name = _action_name(action)
        wanted = [k.strip() for k in str(key).split(",") if k.strip()]
        if name not in known:
            close = difflib.get_close_matches(name, list(known), n=1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            warnings.append(f"keys: unknown action '{action}'{hint}; ignored")
            continue
        bad = [k for k in wanted if not is_key_name(k)]
        if not wanted or bad:
            warnings.append(f"keys: '{key}' for {name} is not a key name; {name} keeps its key")
            continue
        clash = next((k for k in wanted if k in taken and taken[k] != name), None)
        if clash is not None:
            warnings.append(
                f"keys: '{clash}' for {name} is already {taken[clash]}'s key; {name} keeps its key"
            )
            continue
        for k in wanted:
            taken[k] = name
        applied[name] = ",".join(wanted)
    return applied, warnings
