"""Counts in words, the same in the CLI and the app: thousands separators, agreeing plurals."""

from __future__ import annotations

IRREGULAR_PLURALS = {"match": "matches", "entity": "entities"}
"""Nouns whose plural is not the noun plus "s"."""


def plural(count: int, noun: str) -> str:
    """The noun as it agrees with `count`: 1 article, 2 articles, 0 matches."""
    if count == 1:
        return noun
    return IRREGULAR_PLURALS.get(noun, noun + "s")


def counted(count: int, noun: str) -> str:
    """`10,000 articles`, `1 hit`: the count with thousands separators and the agreeing noun."""
    return f"{count:,} {plural(count, noun)}"
