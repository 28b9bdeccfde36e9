"""Quotation rules, each on a short made-up paragraph (all people are fictional)."""

from __future__ import annotations

from corpus_tui.search.analysis import analyse
from corpus_tui.search.models import Quote


def quotes(text: str) -> list[Quote]:
    """Quotes, checking that each span starts and ends where its marks are."""
    _, found = analyse(text)
    for quote in found:
        span = text[quote.start : quote.end]
        assert span[0] in "“\"‘'«", span
        assert quote.text in span
    return found


def pairs(text: str) -> list[tuple[str, str | None]]:
    return [(q.text, q.speaker) for q in quotes(text)]


def test_curly_and_straight_double_quotes() -> None:
    text = 'Lena Kowalski said: “We are ready.”\n\nOmar Haddad said: "So are we."'
    assert pairs(text) == [("We are ready.", "Lena Kowalski"), ("So are we.", "Omar Haddad")]


def test_quote_span_includes_marks_and_text_excludes_them() -> None:
    text = "Lena Kowalski said: “We are ready.”"
    (quote,) = quotes(text)
    assert text[quote.start : quote.end] == "“We are ready.”"
    assert quote.text == "We are ready."


def test_single_quotes_only_at_word_boundaries() -> None:
    text = (
        "Paris’s mayor doesn’t agree with the Europeans’ view, and Lena Kowalski called "
        "the plan ‘a fantasy’ on Monday."
    )
    assert pairs(text) == [("a fantasy", "Lena Kowalski")]


def test_straight_single_quotes_as_quotation_marks() -> None:
    text = "'We will not back down,' said Rachel Moreau. 'Never.'"
    assert pairs(text) == [
        ("We will not back down,", "Rachel Moreau"),
        ("Never.", "Rachel Moreau"),
    ]


def test_open_quote_runs_to_paragraph_end_and_continues() -> None:
    text = (
        "“The first thing you notice is the salt,” Amara Osei said. “It gets into the rice.\n\n"
        "“Then it gets into the politics.”"
    )
    found = quotes(text)
    assert [q.text for q in found] == [
        "The first thing you notice is the salt,",
        "It gets into the rice.",
        "Then it gets into the politics.",
    ]
    assert text[found[1].end - 1] == "."  # the open quotation stops at its paragraph's end
    assert {q.speaker for q in found} == {"Amara Osei"}


def test_quotes_pair_within_a_paragraph_only() -> None:
    text = "He called it “a mistake.\n\nNobody said “yes” to that."
    found = quotes(text)
    assert [q.text for q in found] == ["a mistake.", "yes"]


def test_quote_then_name_said() -> None:
    assert pairs("“We will win,” Lena Kowalski said.") == [("We will win,", "Lena Kowalski")]


def test_quote_then_said_name_with_role() -> None:
    text = "“We will win,” said Pentagon spokesman Sean Parrish."
    assert pairs(text) == [("We will win,", "Sean Parrish")]


def test_name_said_colon_quote() -> None:
    text = "Lena Kowalski said: “We will win.”"
    assert pairs(text) == [("We will win.", "Lena Kowalski")]


def test_name_other_speech_verbs_before_quote() -> None:
    text = (
        "Lena Kowalski, speaking after the vote, warned: “This is the last chance.”\n\n"
        "Omar Haddad insisted: “It is not.”"
    )
    assert pairs(text) == [
        ("This is the last chance.", "Lena Kowalski"),
        ("It is not.", "Omar Haddad"),
    ]


def test_pronoun_resolves_to_last_subject_of_matching_gender() -> None:
    text = (
        "Mr. Haddad met Ms. Lindqvist on Monday. Ms. Lindqvist later spoke to Mr. Haddad's "
        "aides.\n\n“We disagree on almost everything,” she told reporters."
    )
    assert pairs(text) == [("We disagree on almost everything,", "Lindqvist")]


def test_pronoun_gender_learned_from_earlier_use() -> None:
    text = (
        "“I am hopeful,” Amara Osei said. Tomasz Wielgus disagreed. “It will fail,” he said.\n\n"
        "Wielgus left early. “It went well,” she said."
    )
    assert pairs(text) == [
        ("I am hopeful,", "Amara Osei"),
        ("It will fail,", "Tomasz Wielgus"),
        ("It went well,", "Amara Osei"),
    ]


def test_statement_paragraph_then_quote_paragraph() -> None:
    text = (
        "Lena Kowalski expressed concern about the delays on Monday.\n\n"
        "“We cannot wait another year for these systems.”"
    )
    assert pairs(text) == [("We cannot wait another year for these systems.", "Lena Kowalski")]


def test_uncued_quote_paragraph_continues_previous_speaker() -> None:
    text = "“We are ready,” said Omar Haddad.\n\n“The only question is when the others will be.”"
    assert pairs(text) == [
        ("We are ready,", "Omar Haddad"),
        ("The only question is when the others will be.", "Omar Haddad"),
    ]


def test_partial_quote_in_reported_speech() -> None:
    text = (
        "Vice President Karl Dorn argued that Europe had become a “permanent security vassal” "
        "of its ally."
    )
    assert pairs(text) == [("permanent security vassal", "Karl Dorn")]


def test_nominal_speaker_is_none() -> None:
    text = "“We are studying the offer,” a Pentagon spokesman said."
    assert pairs(text) == [("We are studying the offer,", None)]


def test_scare_quotes_after_non_speech_verbs_have_no_speaker() -> None:
    text = (
        "Lena Kowalski has long championed “strategic autonomy”, while officials avoided "
        "the immediate “coup” label."
    )
    assert pairs(text) == [("strategic autonomy", None), ("coup", None)]


def test_quoted_title_has_no_speaker() -> None:
    text = "Ministers discussed the 'Coalition of the willing' in Paris on Monday."
    assert pairs(text) == [("Coalition of the willing", None)]


def test_so_called_marks_a_scare_quote_even_beside_a_speech_verb() -> None:
    text = "Lena Kowalski said the so-called “peace dividend” was gone."
    assert pairs(text) == [("peace dividend", None)]


def test_new_sentence_after_quote_is_not_its_attribution() -> None:
    text = "Officials hoped for “a quick deal.” Omar Haddad said later that it was unlikely."
    assert pairs(text) == [("a quick deal.", None)]


def test_coordinated_verbs_share_the_pronoun_subject() -> None:
    text = (
        "Rachel Moreau spoke first.\n\n"
        "“We are ready,” she said and warned that the budget was “at risk.”"
    )
    assert pairs(text) == [("We are ready,", "Rachel Moreau"), ("at risk.", "Rachel Moreau")]


def test_participle_after_quote_is_not_an_attribution() -> None:
    text = "Rachel Moreau said the plan was 'a first step', urging allies to follow."
    assert pairs(text) == [("a first step", "Rachel Moreau")]


def test_empty_and_stray_marks() -> None:
    for text in ("", "“", "'", '"', "\n\n\n", "’90s and ’80s", "rock 'n' roll"):
        entities, found = analyse(text)
        assert entities == [] and found == [], text
