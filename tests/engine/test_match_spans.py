"""Highlight offsets: the fast scan finds exactly the words a plain token-by-token scan finds."""

from __future__ import annotations

import random

from corpus_tui.search.query import _TOKEN_RE, _index_form, spans_for_terms
from corpus_tui.search.schema import body_analyzer, plain_analyzer

WORDS = [
    "Élysée",
    "élections",
    "elected",
    "U.S.",
    "U.S.-led",
    "Macron's",
    "co-operation",
    "naïve",
    "Æsir",
    "aesthetic",
    "ÉTATS",
    "états",
    "3.5",
    "2025",
    "x.y.z",
    "_under",
    "São",
    "Paulo",
    "Zürich",
    "zurich",
    "defense",
    "defence",
    "Defenses",
    "NATO",
    "nato.int",
    "ok",
    "e",
    "a.b",
    "Öl",
    "œuvre",
    "oeuvre",
    "straße",
    "strasse",
    "İstanbul",
    "istanbul",
    "ﬁnance",
    "finance",
]
SEPARATORS = [" ", "  ", ", ", ". ", "\n", "—", "'", '"', "(", ")", "..", "/", "-", "\t"]


def reference_spans(text: str, terms: dict[str, set[str]]) -> list[tuple[int, int]]:
    """Every token analysed, no shortcut: what the fast scan must agree with."""
    body, names = terms.get("body", set()), terms.get("name", set())
    return [
        m.span()
        for m in _TOKEN_RE.finditer(text)
        if _index_form(m.group(), True) in body or _index_form(m.group(), False) in names
    ]


def index_terms(words: list[str]) -> dict[str, set[str]]:
    """What `matched_terms` would give for these words typed as a query."""
    stemmed, plain = body_analyzer(), plain_analyzer()
    return {
        "body": {t.text for w in words for t in stemmed(w)},
        "name": {t.text for w in words for t in plain(w)},
    }


def test_fast_scan_agrees_with_a_token_by_token_scan_on_tricky_text() -> None:
    rng = random.Random(7)
    for _ in range(300):
        text = "".join(
            rng.choice(WORDS) + rng.choice(SEPARATORS) for _ in range(rng.randint(1, 40))
        )
        query = rng.sample(WORDS, rng.randint(1, 4))
        terms = index_terms(query)
        assert spans_for_terms(text, terms) == reference_spans(text, terms), (text, query)


def test_accented_first_letters_still_match_their_folded_terms() -> None:
    text = "Élysée and elysee, Zürich or zurich; Æsir."
    terms = index_terms(["elysee", "zurich"])
    found = [text[s:e] for s, e in spans_for_terms(text, terms)]
    assert found == ["Élysée", "elysee", "Zürich", "zurich"]


def test_a_dotted_abbreviation_is_one_token_not_two() -> None:
    terms = index_terms(["S"])
    assert spans_for_terms("U.S. forces", terms) == reference_spans("U.S. forces", terms)


def test_a_phrase_is_marked_only_where_its_words_stand_together() -> None:
    text = (
        "Franco-US strategic interests differ. Strategic Autonomy, they say; strategic, "
        "autonomy matters, and strategic European autonomy is far off."
    )
    spans = spans_for_terms(text, {"body phrases": {"strateg autonomi"}, "body": {"differ"}})
    assert [text[a:b] for a, b in spans] == ["differ", "Strategic Autonomy", "strategic, autonomy"]


def test_a_name_phrase_needs_its_names_in_order() -> None:
    text = "Macron Emmanuel met Emmanuel Macron and Emmanuel  Macron."
    spans = spans_for_terms(text, {"name phrases": {"emmanuel macron"}})
    assert [text[a:b] for a, b in spans] == ["Emmanuel Macron", "Emmanuel  Macron"]
