"""The benchmark's queries: a deterministic mix drawn from the generated corpus, in the engine's
syntax and in FTS5's."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

import baselines
import make_corpus
from bench_common import QUERY_SEED


@dataclass(frozen=True)
class BenchQuery:
    """One query in the engine's (Whoosh) syntax and in FTS5's."""

    kind: str
    whoosh: str
    fts5: str


_WORD = re.compile(r"[A-Za-z]+")
_NAME = re.compile(r"\b([A-Z][a-z]{2,}) ([A-Z][a-z]{3,})\b")


def make_queries(corpus: Path, count: int, seed: int = QUERY_SEED) -> list[BenchQuery]:
    """A deterministic mix of terms, phrases, title fields and fuzzy terms drawn from the corpus.

    FTS5 has no fuzzy matching, so a prefix of the word stands in for it there.
    """
    rng = random.Random(seed)
    files = baselines.corpus_files(corpus)
    sample = rng.sample(files, min(300, len(files)))
    function = set(make_corpus.FUNCTION_WORDS)
    proper = {w.lower() for w in (*make_corpus.CITIES, *make_corpus.COUNTRIES)}
    articles: list[list[str]] = []
    titles: list[str] = []
    names: list[str] = []
    bigrams: list[str] = []
    for path in sample:
        text = path.read_text(encoding="utf-8")
        lines = [line for line in text.splitlines() if line.strip()]
        headline = lines[1] if ".com - " in lines[0] else lines[0]
        titles += [w.lower() for w in _WORD.findall(headline) if w.lower() not in function]
        words = [w.lower() for w in _WORD.findall(text)]
        content = [w for w in words if w not in function and len(w) > 2]
        articles.append(content)
        for pair in _NAME.findall(text):
            if not {p.lower() for p in pair} & (function | proper | {"minister", "prime"}):
                names.append(" ".join(pair))
        bigrams += [
            f"{a} {b}"
            for a, b in zip(words, words[1:], strict=False)
            if a not in function and b not in function and len(a) > 2 and len(b) > 2
        ]
    everything = [w for content in articles for w in content]
    distinct = sorted(set(everything))
    mix = [
        ("term", 0.25),
        ("rare term", 0.10),
        ("two terms", 0.15),
        ("name phrase", 0.10),
        ("phrase", 0.10),
        ("title field", 0.15),
        ("fuzzy", 0.15),
    ]
    queries: list[BenchQuery] = []
    for kind, share in mix:
        for _ in range(round(count * share)):
            queries.append(
                _one_query(kind, rng, everything, distinct, articles, titles, names, bigrams)
            )
    rng.shuffle(queries)
    return queries[:count]


def _one_query(
    kind: str,
    rng: random.Random,
    everything: list[str],
    distinct: list[str],
    articles: list[list[str]],
    titles: list[str],
    names: list[str],
    bigrams: list[str],
) -> BenchQuery:
    if kind == "term":
        word = rng.choice(everything)
        return BenchQuery(kind, word, word)
    if kind == "rare term":
        word = rng.choice(distinct)
        return BenchQuery(kind, word, word)
    if kind == "two terms":
        content = rng.choice(articles)
        first, second = rng.choice(content), rng.choice(content)
        return BenchQuery(kind, f"{first} {second}", f"{first} {second}")
    if kind in ("name phrase", "phrase"):
        phrase = rng.choice(names if kind == "name phrase" else bigrams)
        return BenchQuery(kind, f'"{phrase}"', f'"{phrase}"')
    if kind == "title field":
        word = rng.choice(titles)
        return BenchQuery(kind, f"title:{word}", f"title:{word}")
    word = rng.choice([w for w in everything if len(w) >= 6] or everything)
    position = rng.randrange(3, len(word)) if len(word) > 3 else len(word) - 1
    letter = rng.choice([c for c in "aeioulnrst" if c != word[position]])
    typo = word[:position] + letter + word[position + 1 :]
    return BenchQuery("fuzzy", f"{typo}~", f"{word[:3]}*")
