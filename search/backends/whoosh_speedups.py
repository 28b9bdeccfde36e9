"""Two of Whoosh's lookups made cheaper for fuzzy terms, with the same answers.

A fuzzy term (`broonly~`) is expanded by walking each segment's vocabulary with a Levenshtein
automaton: the automaton proposes the next word that could match, the vocabulary is searched
for it, and so on, several hundred times per field and segment. Both steps are pure Python in
Whoosh and are done again for every term, segment and pass.
"""

from __future__ import annotations

from bisect import bisect_left
from functools import lru_cache

from whoosh.codec.base import Automata
from whoosh.filedb.filetables import OrderedHashReader

SEEK_STRIDE = 64
"""Every this many words of a vocabulary, one is kept in memory to narrow each search down."""


def share_fuzzy_automata() -> None:
    """Build each fuzzy term's automaton once, not once per segment and per pass.

    Whoosh builds a Levenshtein DFA (pure Python, the dear part) every time it expands a fuzzy
    term in a segment, and a search expands it twice (to match, then to highlight): 24 builds
    for one `word~` at ten segments. The DFA depends only on the word, distance and prefix, and
    is only read afterwards, so one cached copy serves every segment and thread.
    """
    levenshtein_dfa = Automata.levenshtein_dfa
    if not hasattr(levenshtein_dfa, "cache_info"):
        Automata.levenshtein_dfa = staticmethod(lru_cache(maxsize=64)(levenshtein_dfa))


def seek_words_through_a_sparse_index() -> None:
    """Search a segment's vocabulary from a sparse copy of it kept in memory.

    Whoosh finds the first word at or after a given one by a binary search of the whole sorted
    vocabulary on disk, reading a word at each of its 15-17 steps; expanding one fuzzy term
    does several hundred such searches (about 40 ms of a 45 ms search at 10,000 articles).
    Every `SEEK_STRIDE`th word is read once per segment into a list; a search then bisects
    that list in memory and reads only the 6 words of its stretch. The answer is the same word.
    """
    if getattr(OrderedHashReader.closest_key_pos, "sparse", False):
        return
    whole_search = OrderedHashReader.closest_key_pos

    def closest_key_pos(self: OrderedHashReader, key: bytes) -> int | None:
        if not isinstance(key, bytes):
            return whole_search(self, key)
        sparse: list[bytes] | None = getattr(self, "_sparse_keys", None)
        indexbase, indexsize, key_at, get_pos = (
            self.indexbase,
            self.indexsize,
            self.key_at,
            self._get_pos,
        )
        if sparse is None:
            sparse = [
                key_at(get_pos(indexbase + n * indexsize))
                for n in range(0, self.indexlen, SEEK_STRIDE)
            ]
            self._sparse_keys = sparse
        # The stretch that holds the first word >= key: after the last kept word < key.
        kept = bisect_left(sparse, key)
        lo = max(kept - 1, 0) * SEEK_STRIDE
        hi = min(kept * SEEK_STRIDE, self.indexlen)
        while lo < hi:
            mid = (lo + hi) // 2
            if key_at(get_pos(indexbase + mid * indexsize)) < key:
                lo = mid + 1
            else:
                hi = mid
        if lo == self.indexlen:
            return None
        return get_pos(indexbase + lo * indexsize)

    closest_key_pos.sparse = True  # type: ignore[attr-defined]
    closest_key_pos.whole_search = whole_search  # type: ignore[attr-defined]
    OrderedHashReader.closest_key_pos = closest_key_pos  # type: ignore[method-assign]
