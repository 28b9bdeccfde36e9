"""Every module of both packages imports: a module moved or renamed without its importers
updated fails here, not in front of a user on the one command that reaches it."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import corpus_tui.search
import corpus_tui.tui


def _modules() -> list[str]:
    names: list[str] = []
    for package in (corpus_tui.search, corpus_tui.tui):
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            if not info.name.endswith("__main__"):  # running it starts the program
                names.append(info.name)
    return names


@pytest.mark.parametrize("name", _modules())
def test_module_imports(name: str) -> None:
    importlib.import_module(name)
