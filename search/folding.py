"""Case and accent folding, so names compare equal however a page spells them.

Apart from the word lists (`analysis/lexicon.py`, which reads its files at import) because the
entity listings and corrections need only this, and every cold command imports them.
"""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Lower-case and strip accents, so "LAGOS", "Lagos" and "Lagós" compare equal."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
