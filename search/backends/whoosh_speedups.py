"""Three of Whoosh's lookups made cheaper, with the same answers.

A fuzzy term (`broonly~`) is expanded by walking each segment's vocabulary with a Levenshtein
automaton: the automaton proposes the next word that could match, the vocabulary is searched
for it, and so on, several hundred times per field and segment. Both steps are pure Python in
Whoosh and are done again for every term, segment and pass. And a posting list skips ahead
inside a block one posting at a time.
"""

from __future__ import annotations

from bisect import bisect_left
from functools import lru_cache
from itertools import accumulate

from whoosh.codec.base import Automata
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.filedb.filetables import OrderedHashReader
from whoosh.matching import ReadTooFar

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


def skip_inside_blocks_by_bisection() -> None:
    """Skip to a document inside a block of postings by bisecting its ids.

    Whoosh's posting lists come in blocks of up to 128 postings with each block's last id in its
    header: a skip passes whole blocks by their headers, then steps through the block it lands
    in one posting at a time, two method calls a step. A query whose words are in most articles
    (an OR of the title and body fields, or an AND of common words) skips thousands of times a
    search: at 100,000 articles `kix` stepped through 100,000 postings. The block's ids are a
    sorted tuple, so the same posting is found by bisection.
    """
    if getattr(W3LeafMatcher.skip_to, "bisects", False):
        return
    whole_steps = W3LeafMatcher.skip_to

    def skip_to(self: W3LeafMatcher, targetid: int) -> None:
        if not self.is_active():
            raise ReadTooFar
        if targetid <= self.id():
            return
        if targetid > self._maxid:
            self._skip_to_block(lambda: targetid > self._maxid)
            if not self.is_active():
                return
        if self._ids is None:
            self._read_ids()
        # The block's last id is >= targetid, so the posting is in this block.
        self._i = bisect_left(self._ids, targetid, self._i)

    def read_ids(self: W3LeafMatcher) -> None:
        """Whoosh's `_read_ids`, the ids' running sums taken in C (`accumulate`) rather than by
        a Python generator: a block of 128 ids was 128 steps of it, a broad query 100,000."""
        if self._data is None:
            self._read_data()
        ids = self._data[0]
        self._ids = ids if self._byteids else tuple(accumulate(ids))

    skip_to.bisects = True  # type: ignore[attr-defined]
    skip_to.whole_steps = whole_steps  # type: ignore[attr-defined]
    read_ids.one_by_one = W3LeafMatcher._read_ids  # type: ignore[attr-defined]
    W3LeafMatcher.skip_to = skip_to  # type: ignore[method-assign]
    W3LeafMatcher._read_ids = read_ids  # type: ignore[method-assign]
