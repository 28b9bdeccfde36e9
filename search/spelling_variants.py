"""British and American spellings folded into one form ("defence" and "defense" both index as
"defense"), from the list in `data/spelling_variants.tsv`, like stemming folds "defences".

The list is made by `scripts/make_spelling_variants.py`; it is read once, on the first token.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache
from importlib import resources

from whoosh.analysis import Filter, Token

VARIANTS_FILE = "spelling_variants.tsv"


@cache
def variant_map() -> dict[str, str]:
    """Lower-case British spelling -> American spelling (about 1,700 words; loads in ~1 ms)."""
    text = resources.files(__package__).joinpath("data", VARIANTS_FILE).read_text(encoding="utf-8")
    mapping: dict[str, str] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            british, american = line.split("\t")
            mapping[british] = american
    return mapping


class SpellingVariantFilter(Filter):
    """Rewrites each lower-cased token to its American spelling; keeps offsets and positions.

    It holds no state, so the schema pickled into the index stays small and two schemas
    compare equal; the list itself is data, loaded on first use.
    """

    def __call__(self, tokens: Iterable[Token]) -> Iterator[Token]:
        variants = variant_map()
        for token in tokens:
            token.text = variants.get(token.text, token.text)
            yield token
