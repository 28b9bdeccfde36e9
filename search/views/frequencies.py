"""Corpus frequency of every word in the body field, for the collocates view's expected counts.

Looking a word up in Whoosh's term tables costs about 90 µs across ten segments, and a node word
in 1,000 articles has about a thousand candidate collocates; reading the whole vocabulary once
per index generation (segment by segment, ~1 s at 10,000 articles, done right after indexing) and
keeping it in a file beside the index makes each later lookup a dict access.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

from whoosh.searching import Searcher

from .common import save_beside_index

FREQUENCY_CACHE_NAME = "corpus-tui-frequencies.json"


class FrequencyCache:
    """Body-field word frequencies for one index generation, in memory and on disk."""

    def __init__(self, index_path: Path) -> None:
        self.path = index_path / FREQUENCY_CACHE_NAME
        self._generation: int | None = None
        self._frequencies: dict[str, int] = {}
        self._lock = threading.Lock()

    def get(self, searcher: Searcher) -> dict[str, int]:
        """Occurrences of each stemmed word in all articles, for the searcher's generation."""
        generation = searcher.reader().generation()
        with self._lock:
            if self._generation != generation:
                loaded = self._load(generation)
                self._frequencies = loaded if loaded is not None else self._build(searcher)
                self._generation = generation
                if loaded is None:
                    self._save(generation)
            return self._frequencies

    def _load(self, generation: int) -> dict[str, int] | None:
        try:
            cached = json.loads(self.path.read_text(encoding="utf-8"))
            if cached.get("generation") != generation:
                return None
            return {str(k): int(v) for k, v in cached["frequencies"].items()}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    @staticmethod
    def _build(searcher: Searcher) -> dict[str, int]:
        frequencies: dict[str, int] = {}
        for reader, _ in searcher.reader().leaf_readers():
            for term, info in reader.iter_field("body"):
                word = term.decode("utf-8") if isinstance(term, bytes) else str(term)
                frequencies[word] = frequencies.get(word, 0) + int(info.weight())
        return frequencies

    def _save(self, generation: int) -> None:
        save_beside_index(self.path, {"generation": generation, "frequencies": self._frequencies})
