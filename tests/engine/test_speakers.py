"""Speaker attribution rules on short made-up paragraphs (all people are fictional)."""

from __future__ import annotations

from corpus_tui.search.analysis import analyse


def pairs(text: str) -> list[tuple[str, str | None]]:
    _, found = analyse(text)
    return [(q.text, q.speaker) for q in found]


def test_speech_verbs_beyond_said() -> None:
    text = (
        "“Please come home,” Lena Kowalski implored.\n\n"
        "“It was a lost year,” Omar Haddad lamented.\n\n"
        "Rachel Moreau chimed in: “Not for everyone.”"
    )
    assert pairs(text) == [
        ("Please come home,", "Lena Kowalski"),
        ("It was a lost year,", "Omar Haddad"),
        ("Not for everyone.", "Rachel Moreau"),
    ]


def test_name_with_apposition_before_the_verb() -> None:
    text = (
        "Tomas Kelly flew twice.\n\n"
        "“We were never alone up there,” Mr. Kelly, a retired astronaut, said on Monday."
    )
    assert pairs(text) == [("We were never alone up there,", "Tomas Kelly")]


def test_name_with_party_label_and_state() -> None:
    text = (
        "“The bill is dead,” Sen. Dana Whitcombe (D-Ore.) said.\n\n"
        "“We will try again,” Rep. Carl Ostrow, R-Kan., said Tuesday."
    )
    assert pairs(text) == [
        ("The bill is dead,", "Dana Whitcombe"),
        ("We will try again,", "Carl Ostrow"),
    ]


def test_name_after_the_verb_and_a_title_abbreviation() -> None:
    text = "“We march at noon,” said the Rev. Tobias Wren, of the Grace Chapel."
    assert pairs(text) == [("We march at noon,", "Tobias Wren")]


def test_round_up_lines_credit_the_name() -> None:
    text = (
        "What the columnists wrote.\n\n"
        "Karen Holt, The Daily Ledger: “The plan is a mess.”\n\n"
        "“It will pass anyway.” ― Omar Haddad"
    )
    assert pairs(text) == [
        ("The plan is a mess.", "Karen Holt"),
        ("It will pass anyway.", "Omar Haddad"),
    ]


def test_shared_surname_goes_to_the_one_named_last() -> None:
    text = (
        "Tom Brant runs the farm. His sister Lisa Brant runs the shop.\n\n"
        "“Sales are up,” Brant said.\n\n"
        "Tom Brant was less sure.\n\n"
        "“The harvest was poor,” Brant said."
    )
    assert pairs(text) == [("Sales are up,", "Lisa Brant"), ("The harvest was poor,", "Tom Brant")]


def test_pronoun_takes_the_gender_of_the_given_name() -> None:
    text = "Maria Lindqvist and Paul Durand met on Monday.\n\nShe further asserted, “We agree.”"
    assert pairs(text) == [("We agree.", "Maria Lindqvist")]


def test_two_word_speech_verb_with_an_adverb() -> None:
    text = "Olaf Brenner also pointed out that “nothing has changed since May.”"
    assert pairs(text) == [("nothing has changed since May.", "Olaf Brenner")]


def test_subject_speaking_on_a_channel_remarked() -> None:
    text = (
        "Romanian historian and political scientist Nadia Petrescu, speaking on Channel 5 "
        "on Monday, remarked: “Time is short.”"
    )
    assert pairs(text) == [("Time is short.", "Nadia Petrescu")]


def test_statement_then_sentence_quote_in_the_same_paragraph() -> None:
    text = "The talks were slow, Ruth Abara said. “Nobody wants to move first.”"
    assert pairs(text) == [("Nobody wants to move first.", "Ruth Abara")]


def test_source_line_with_a_colon_then_quote_paragraph() -> None:
    text = "Karl Dorn made the following comment:\n\n“Budgets are choices.”"
    assert pairs(text) == [("Budgets are choices.", "Karl Dorn")]


def test_transcript_labels_name_the_speaker() -> None:
    text = (
        "Karl Dorn was interviewed by Jo Wallis.\n\n"
        '"WALLIS: Will you run?\n\n'
        '"DORN: Not this year."'
    )
    assert pairs(text) == [
        ("WALLIS: Will you run?", "Jo Wallis"),
        ("DORN: Not this year.", "Karl Dorn"),
    ]


def test_heading_paragraph_in_quotes_has_no_speaker() -> None:
    text = "Lena Kowalski criticised the plan.\n\n'Coalition of the willing'\n\nThe talks went on."
    assert pairs(text) == [("Coalition of the willing", None)]


def test_name_the_entity_pass_missed_after_said() -> None:
    text = "“Nobody wants this,” said Charlie King, a local organiser."
    assert pairs(text) == [("Nobody wants this,", "Charlie King")]


def test_country_as_subject_of_a_speech_verb() -> None:
    text = "Japan branded the launch an “outlaw act.”"
    assert pairs(text) == [("outlaw act.", "Japan")]


def test_titles_of_shows_are_not_quotations() -> None:
    text = "On “Meet the Voters,” Lena Kowalski said the vote was “a disgrace.”"
    assert pairs(text) == [("a disgrace.", "Lena Kowalski")]


def test_straight_quote_with_spaces_closes_after_a_nested_quote() -> None:
    text = "\"I dislike the term 'outreach,' \" Karl Dorn told the group, adding a note."
    assert pairs(text) == [("I dislike the term 'outreach,'", "Karl Dorn")]


def test_straight_quote_after_a_dash_closes() -> None:
    text = 'They swore to "stop any intruder--" who came near, Karl Dorn said.'
    assert [t for t, _ in pairs(text)] == ["stop any intruder--"]


def test_markup_attributes_and_stage_notes_are_not_quotations() -> None:
    text = (
        '<post pic="pic.example.com/" author="someone">\n\n'
        '"(CROSSTALK.)\n\n'
        "“We are ready,” said Omar Haddad."
    )
    assert pairs(text) == [("We are ready,", "Omar Haddad")]


def test_quoted_nickname_inside_a_name_is_not_a_quotation() -> None:
    text = 'State Del. Marta "Tia" Price shouted to the crowd: "We have his back."'
    assert [quoted for quoted, _ in pairs(text)] == ["We have his back."]


def test_author_after_a_passive_verb() -> None:
    text = "Omar Haddad covered it. “Salt and Smoke” was written by Amara Osei in 1999."
    assert pairs(text) == [("Salt and Smoke", "Amara Osei")]


def test_first_of_two_coordinated_subjects() -> None:
    text = "Karl Dorn and Lena Kowalski call them “lone wolves” and move on."
    assert pairs(text) == [("lone wolves", "Karl Dorn")]


def test_lone_proper_name_as_subject_and_after_the_verb() -> None:
    text = (
        "FactWatch rated the claim as “mostly false.”\n\n"
        "“Turnout is up,” reported Ledgerwire. Other outlets agreed."
    )
    assert pairs(text) == [("mostly false.", "FactWatch"), ("Turnout is up,", "Ledgerwire")]


def test_colon_after_a_statement_goes_to_the_subject() -> None:
    text = "Facing doubts, Karl Dorn is rolling out a new message: “It is about me.”"
    assert pairs(text) == [("It is about me.", "Karl Dorn")]
