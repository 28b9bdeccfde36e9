"""Title, date, source and author found in the text of a page, by general layout rules.

The date formats themselves are in test_dates.py, titles cut from text in test_titles.py.
"""

from __future__ import annotations

import pytest

from corpus_tui.search.formats.text import extract_article, parse_text
from corpus_tui.search.metadata import (
    banner_site,
    credit_line,
    is_caption,
    is_headline_like,
    parse_byline,
    parse_dateline,
)
from corpus_tui.search.titles import derive_title
from tests.paths import SAMPLE_CORPUS

BODY = (
    "The minister said on Monday that the plan would be ready by the summer, "
    "and that talks with allies had gone well.\n\n"
    '"We are ready," she told reporters.\n'
)


def test_wire_dateline_with_agency_and_date() -> None:
    dateline = parse_dateline("Washington, April 17 (AFP) Apr 17, 2025")
    assert dateline is not None
    assert (dateline.place, dateline.agency, dateline.date, dateline.rest) == (
        "Washington",
        "AFP",
        "2025-04-17",
        "",
    )


def test_dateline_that_opens_the_body() -> None:
    dateline = parse_dateline("VILNIUS, April 2 (Reuters) - Lithuania has signed a contract.")
    assert dateline is not None
    assert dateline.agency == "Reuters"
    assert dateline.date is None
    assert dateline.rest == "Lithuania has signed a contract."


@pytest.mark.parametrize(
    "line",
    [
        "Paris (France) is the capital of fashion",
        "The minister (AFP) said something",
        "Lecornu (left) and Hegseth met on Thursday.",
    ],
)
def test_parenthesis_in_a_sentence_is_not_a_dateline(line: str) -> None:
    assert parse_dateline(line) is None


@pytest.mark.parametrize(
    ("line", "author", "outlet"),
    [
        ("By Li Wei, journalist for China Daily", "Li Wei", "China Daily"),
        (
            "By Marek Zalewski, a correspondent for Baltic Business Review",
            "Marek Zalewski",
            "Baltic Business Review",
        ),
        ("By Sofia Lindgren in Kyiv", "Sofia Lindgren", None),
        ("BY JANE DOE", "JANE DOE", None),
        ("by AFP Staff Writers", None, "AFP"),
        ("Anna Berg, reporter for Nordic Wire", "Anna Berg", "Nordic Wire"),
    ],
)
def test_bylines(line: str, author: str | None, outlet: str | None) -> None:
    byline = parse_byline(line)
    assert byline is not None
    assert (byline.author, byline.outlet) == (author, outlet)


def test_sentence_starting_with_by_is_not_a_byline() -> None:
    assert parse_byline("By the end of the year, output will have doubled.") is None


@pytest.mark.parametrize(
    ("line", "first", "site"),
    [
        ("SpaceWar.com - Your World At War", False, "SpaceWar.com"),
        ("ExampleWire.com - News Around The Clock", True, "ExampleWire.com"),
        ("www.example.org", False, "www.example.org"),
        ("The Continental Observer | Independent reporting", True, "The Continental Observer"),
        ("The Continental Observer | Independent reporting", False, None),
        ("US urges France to take lead on European defense", True, None),
    ],
)
def test_banner_site(line: str, first: bool, site: str | None) -> None:
    assert banner_site(line, first_line=first) == site


@pytest.mark.parametrize(
    ("line", "outlet"),
    [
        ("Source: Danube Courier", "Danube Courier"),
        ("(Source: Danube Courier)", "Danube Courier"),
        ("News.Az", "News.Az"),
        ("Via: Meridian.Az", "Meridian.Az"),
        ("He said the source was reliable.", None),
        ("2025.04", None),
        ("The writer is a freelance journalist for Example Daily.", "Example Daily"),
        ("The author is a contributing editor at the Example Review", "Example Review"),
        ("The writer is a correspondent for Meridian.Az.", "Meridian.Az"),
        ("The writer is a senior fellow at the Example Institute.", None),
        ("The reporter was a journalist for decades before he ran.", None),
    ],
)
def test_credit_lines(line: str, outlet: str | None) -> None:
    assert credit_line(line) == outlet


@pytest.mark.parametrize(
    ("line", "caption"),
    [
        ("(Photo: Workers at the plant, March 1, 2024)", True),
        ("French soldiers cross a river on March 04, 2024 in Poland/AA Photo", True),
        ("Image: the new bridge at dusk", True),
        ("The photographer said the plant was busy.", False),
    ],
)
def test_captions(line: str, caption: bool) -> None:
    assert is_caption(line) is caption


def test_headline_like() -> None:
    assert is_headline_like("EU trade chiefs fear steel tariffs will slow Europe's rearmament")
    assert is_headline_like("Is Europe ready to defend itself?")
    assert not is_headline_like("The minister spoke to reporters on Monday.")
    assert not is_headline_like("Advertisement")
    assert not is_headline_like("x" * 251 + " y")


# --- rules applied to whole made-up articles ---------------------------------------------------


def test_banner_is_skipped_and_dateline_gives_date_and_agency() -> None:
    article = extract_article(
        "ExampleWire.com - News Around The Clock\n"
        "Allies agree on a new air defence plan\n"
        "Brussels, March 3 (AFP) Mar 3, 2025\n" + BODY
    )
    assert article.title == "Allies agree on a new air defence plan"
    assert article.date == "2025-03-03"
    assert article.source == "AFP"
    assert article.text.startswith("The minister said on Monday")
    assert "ExampleWire" not in article.text


def test_long_headline_is_kept_whole() -> None:
    headline = (
        "Paris and Berlin at odds over a ‘buy European’ rule as allies weigh the cost of "
        "strategic autonomy in defence and industry"
    )
    assert len(headline) > 104
    article = extract_article(headline + "\n\n17 April 2025\n\n" + BODY)
    assert article.title == headline
    assert article.date == "2025-04-17"


def test_photo_caption_date_is_not_the_article_date() -> None:
    article = extract_article(
        "Shell maker expands plant\n\n(Photo: The plant in Gdansk, March 1, 2024)\n\n" + BODY
    )
    assert article.date is None
    assert "(Photo: The plant in Gdansk, March 1, 2024)" in article.text


def test_caption_without_prefix_keeps_its_date_out() -> None:
    article = extract_article(
        "France says Europe must rely on itself\n\n"
        "Soldiers cross the Vistula River on March 04, 2024 in Korzeniewo, Poland/AA Photo\n\n"
        + BODY
    )
    assert article.title == "France says Europe must rely on itself"
    assert article.date is None


def test_date_deep_in_the_body_is_ignored() -> None:
    article = extract_article(
        "Ministers meet in Warsaw\n\n" + BODY + "\nThe deal was signed on 12 May 2024.\n"
    )
    assert article.date is None


def test_trailing_credit_line_gives_the_source() -> None:
    article = extract_article("Ministers meet in Warsaw\n\n" + BODY + "\nNews.Az\n")
    assert article.source == "News.Az"
    assert "News.Az" not in article.text
    article = extract_article("Ministers meet in Warsaw\n\n" + BODY + "\nSource: Danube Courier\n")
    assert article.source == "Danube Courier"


def test_journalist_for_byline_gives_the_source() -> None:
    article = extract_article(
        "Ministers meet in Warsaw\nBy Li Wei, journalist for China Daily\n\n" + BODY
    )
    assert article.source == "China Daily"
    assert article.author == "Li Wei"
    assert "journalist for" not in article.text


def test_agency_beats_trailing_credit() -> None:
    article = extract_article(
        "Ministers meet in Warsaw\nWarsaw, May 5 (Reuters) May 5, 2025\n"
        + BODY
        + "\nSource: Example Post\n"
    )
    assert article.source == "Reuters"


def test_no_headline_gives_no_title() -> None:
    article = extract_article(BODY)
    assert article.title is None
    assert article.text.startswith("The minister said")


def test_us_style_dated_lead() -> None:
    article = extract_article(
        "Senate passes aid bill\n\nWASHINGTON, April 17, 2025 — The Senate passed the bill on Thursday.\n"
    )
    assert article.date == "2025-04-17"
    assert article.text.startswith("WASHINGTON, April 17, 2025 — The Senate")


def test_markdown_front_matter_and_syntax() -> None:
    result = parse_text(
        '---\ntitle: "Bridge vote"\ndate: 2025-03-04\nsource: Town Post\ncategory: local\n---\n'
        "# Bridge vote\n\nThe council **backed** the [bridge](https://example.org/b) on Tuesday.\n"
        "![a photo](img.png)\n\n## Next\n\nWork starts in *autumn*.\n",
        markdown=True,
    )
    (article,) = result.articles
    assert (article.title, article.date, article.source) == (
        "Bridge vote",
        "2025-03-04",
        "Town Post",
    )
    assert article.metadata == {"category": "local"}
    assert (
        article.text
        == "The council backed the bridge on Tuesday.\n\nNext\n\nWork starts in autumn."
    )


def test_markdown_heading_is_the_title() -> None:
    (article,) = parse_text("# Town council backs bridge\n\n" + BODY, markdown=True).articles
    assert article.title == "Town council backs bridge"


# --- the sample corpus: what each article was written to exercise --------------------------------

EXPECTED = {
    "001_nato-ammunition-fund.txt": (
        "NATO allies weigh joint ammunition fund as Czech minister presses for faster deliveries",
        "2025-03-03",
        "AFP",
    ),
    "002_veltrix-gdansk-expansion.txt": (
        "Veltrix Industries to double shell output at Gdansk plant after EU loan",
        "2025-03-18",
        "Baltic Business Review",
    ),
    "003_buy-european-rule-dispute.txt": (
        "Paris and Berlin at odds over a ‘buy European’ rule as allies weigh the cost of strategic "
        "autonomy in defence",
        "2025-04-17",
        "Meridian.Az",
    ),
    "004_lithuania-air-defence-order.txt": (
        "Lithuania orders German air defence systems, urges EU to speed up joint purchases",
        "2025-04-02",
        "Reuters",
    ),
    "005_steel-tariffs-defence-industry.txt": (
        "EU trade chiefs fear steel tariffs will slow Europe's rearmament",
        None,
        "Danube Courier",
    ),
    "006_kyiv-coproduction-deal.txt": (
        "Ukraine and Veltrix agree to build artillery shells inside Ukraine",
        "2025-04-08",
        "The Continental Observer",
    ),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample_corpus_metadata(name: str) -> None:
    raw = (SAMPLE_CORPUS / name).read_text(encoding="utf-8")
    (article,) = parse_text(raw).articles
    assert (article.title, article.date, article.source) == EXPECTED[name]


def test_sample_corpus_is_complete() -> None:
    assert sorted(p.name for p in SAMPLE_CORPUS.iterdir()) == sorted(EXPECTED)


def test_title_printed_twice_wins_over_labels_above_it() -> None:
    article = extract_article(
        "Space and Defence News\nMILPLEX\nAllies told to lead on defence\n"
        "Allies told to lead on defence\nby AFP Staff Writers\n"
        "Brussels, Belgium (AFP) Feb 13, 2025\n\n" + BODY
    )
    assert (article.title, article.date, article.source) == (
        "Allies told to lead on defence",
        "2025-02-13",
        "AFP",
    )
    assert article.text.startswith("The minister said")


def test_one_word_label_above_the_headline_is_dropped() -> None:
    article = extract_article("logo\nAllies told to lead on defence\n\n" + BODY)
    assert article.title == "Allies told to lead on defence"
    assert "logo" not in article.text


def test_labelled_date_below_the_lead_is_used() -> None:
    article = extract_article(
        "Allies told to lead on defence\n\nThe minister called on allies to spend more.\n\n"
        "Published April 17,2025\n\n" + BODY
    )
    assert article.date == "2025-04-17"
    assert "Published" not in article.text


def test_hard_wrapped_first_paragraph_is_not_a_headline() -> None:
    article = extract_article(
        "The minister said on Monday that the plan would be ready by\n"
        "the summer, and that talks with allies had gone well.\n"
    )
    assert article.title is None
    article = extract_article(
        "Ministers from twelve countries met in Warsaw to discuss the\nplan.\n"
    )
    assert article.title is None


def test_writer_note_at_the_end_is_the_source_not_the_body() -> None:
    article = extract_article(
        "Ministers meet in Warsaw\n\n" + BODY + "\nThe writer is a journalist for Example Daily.\n"
    )
    assert article.source == "Example Daily"
    assert "journalist" not in article.text
    assert article.text.endswith("she told reporters.")


def test_headline_with_a_section_label_loses_the_label() -> None:
    article = extract_article("Why allies doubt the new air defence plan | Analysis\n\n" + BODY)
    assert article.title == "Why allies doubt the new air defence plan"


WIRE_LEAD = "Ministers from eleven countries agreed on Friday to pool orders for air defence.\n"


def test_wire_dateline_is_not_a_headline() -> None:
    article = extract_article("RIGA 1996-08-30\n\n" + WIRE_LEAD)
    assert article.title is None
    assert article.date == "1996-08-30"
    assert article.text.startswith("RIGA 1996-08-30\n\nMinisters")  # where it was filed
    assert derive_title(article.text) == (
        "Ministers from eleven countries agreed on Friday to pool orders for air defence"
    )


def test_reporter_name_above_a_wire_dateline_is_the_author() -> None:
    for name in ("Anna Kowalska", "Mary Ellen Whitcombe"):
        article = extract_article(f"{name}\n\nTALLINN, Estonia 1996-08-31\n\n" + WIRE_LEAD)
        assert (article.title, article.author, article.date) == (None, name, "1996-08-31")
        assert derive_title(article.text).startswith("Ministers from eleven countries")


def test_place_line_with_a_date_line_below_is_a_dateline() -> None:
    article = extract_article("PORT ELLEN, Scotland\n\n1996-08-30\n\n" + WIRE_LEAD)
    assert (article.title, article.date) == (None, "1996-08-30")
    assert derive_title(article.text).startswith("Ministers from eleven countries")


def test_headline_above_a_wire_dateline_stays_the_title() -> None:
    article = extract_article("Allies Pool Air Defence Orders\n\nRIGA 1996-08-30\n\n" + WIRE_LEAD)
    assert article.title == "Allies Pool Air Defence Orders"
    assert article.date == "1996-08-30"


def test_no_headline_below_the_dateline() -> None:
    article = extract_article("RIGA 1996-08-30\n\nMARKETS ROUND-UP\n\n" + WIRE_LEAD)
    assert article.title is None
    assert "MARKETS ROUND-UP" in article.text
