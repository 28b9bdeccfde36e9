"""The user's keymap: `[keys]` of config.toml checked against the app's actions.

Kept free of pydantic so the app can apply the user's keys before its first paint without
paying for the settings model; the rest of config.toml is read by `config.py`.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path

import platformdirs

CONFIG_NAME = "config.toml"


def config_path() -> Path:
    """config.toml under the user config dir."""
    return platformdirs.user_config_path("corpus-tui") / CONFIG_NAME


def read_config_toml(path: Path | None = None) -> tuple[dict[str, object], list[str]]:
    """config.toml as plain data and one-line warnings; empty when absent or not TOML."""
    path = path or config_path()
    try:
        return tomllib.loads(path.read_text(encoding="utf-8")), []
    except FileNotFoundError:
        return {}, []
    except (OSError, UnicodeDecodeError) as error:
        return {}, [f"{path}: cannot read it ({error}); using the defaults"]
    except tomllib.TOMLDecodeError as error:
        return {}, [f"{path}: {toml_error(error)}; using the defaults"]


def toml_error(error: tomllib.TOMLDecodeError) -> str:
    """'line N: reason' from tomllib's '<reason> (at line N, column M)'."""
    message = str(error)
    match = re.search(r"\(at line (\d+), column \d+\)", message)
    if match is None:
        return f"not valid TOML: {message}"
    reason = message[: match.start()].strip()
    return f"line {match.group(1)}: not valid TOML: {reason}"


def user_keys(data: Mapping[str, object]) -> tuple[dict[str, str], list[str]]:
    """`[keys]` of the config data (action -> key), with a warning per unusable line."""
    keys = data.get("keys", {})
    if not isinstance(keys, dict):
        return {}, ['keys: [keys] must be a table of action = "key"; ignored']
    good = {str(k): v for k, v in keys.items() if isinstance(v, str)}
    bad = [f"keys: {k} must be a key name in quotes; ignored" for k in keys if k not in good]
    return good, bad


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
