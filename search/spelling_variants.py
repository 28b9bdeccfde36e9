"""British and American spellings folded into one form ("defence" and "defense" both index as
"defens"), from the list in `data/spelling_variants.tsv`, as stemming folds "defences".

The list is made by `scripts/make_spelling_variants.py`; it is read once, on the first token.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from whoosh.lang.porter import stem

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


def fold_and_stem(word: str) -> str:
    """The stem of a word's American spelling: the body analyzer's stemming function.

    Folding inside the stemmer rides on its cache of 50,000 words, so it costs nothing per
    token once a word has been seen; a separate filter stage would add a step for every token.
    Module-level, so the schema pickled into the index refers to it by name.
    """
    return stem(variant_map().get(word, word))
