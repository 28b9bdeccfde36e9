"""British and American spellings find each other in the body, like stemmed forms do."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus_tui.search.engine import Engine
from corpus_tui.search.schema import body_analyzer
from corpus_tui.search.spelling_variants import variant_map


def tokens(text: str) -> list[str]:
    return [token.text for token in body_analyzer()(text)]


def test_british_and_american_spellings_index_alike() -> None:
    for british, american in [
        ("defence", "defense"),
        ("defences", "defenses"),
        ("colour", "color"),
        ("organisation", "organization"),
        ("centre", "center"),
        ("travelled", "traveled"),
        ("programme", "program"),
    ]:
        assert tokens(british) == tokens(american), (british, american)
    assert tokens("defence") != tokens("defend")


def test_words_with_another_meaning_are_not_folded() -> None:
    assert tokens("tyre") != tokens("tire")
    assert tokens("draught") != tokens("draft")
    assert "tyre" not in variant_map() and "defence" in variant_map()


def test_offsets_survive_the_folding() -> None:
    text = "Their defence budget"
    spans = [(t.text, t.startchar, t.endchar) for t in body_analyzer()(text, chars=True)]
    assert [text[start:end] for word, start, end in spans if word == "defens"] == ["defence"]


@pytest.fixture(scope="module")
def seeds_engine(seeds_index: Path) -> Engine:
    engine = Engine(None, seeds_index)
    yield engine
    engine.close()


def test_either_spelling_finds_every_seed_article(seeds_engine: Engine) -> None:
    seeds = sorted(p.name for p in Path(seeds_engine.corpus_path).glob("*.txt"))
    assert len(seeds) == 5
    for query in ("defence", "defense", "defences", "title:defence OR defense"):
        result = seeds_engine.search(query, limit=20)
        assert sorted(hit.id for hit in result.hits) == seeds, query
    phrase = seeds_engine.search('"defence spending"').total
    assert phrase == seeds_engine.search('"defense spending"').total > 0


def test_the_british_spelling_is_highlighted_where_it_stands(seeds_engine: Engine) -> None:
    words = {
        hit.snippet[start:end].lower()
        for hit in seeds_engine.search("defense", limit=20).hits
        for start, end in hit.matches
    }
    assert {"defence", "defense"} <= words
