"""Entity rules for real news layouts: wire datelines and sign-offs, subheads, outlets, bodies.

Every paragraph is made up; places are real, people and firms fictional.
"""

from __future__ import annotations

from corpus_tui.search.analysis import analyse
from corpus_tui.search.models import Entity


def entities(text: str, title: str | None = None) -> dict[tuple[str, str], Entity]:
    """(type, name) -> entity, checking every mention's offsets on the way."""
    found, _ = analyse(text, title)
    for entity in found:
        for start, end in entity.mentions:
            assert text[start:end] in {entity.name, *entity.aliases}, (entity, text[start:end])
    return {(e.type, e.name): e for e in found}


def names(text: str, kind: str, title: str | None = None) -> set[str]:
    return {name for (t, name) in entities(text, title) if t == kind}


def test_a_capitalised_dateline_names_the_place_even_when_no_list_knows_it() -> None:
    text = "ZORVANKA, Ruritania 2024-03-02\n\nFarmers blocked the road on Saturday.\n"
    assert names(text, "place") == {"Zorvanka", "Ruritania"}
    text = "LAGOS 2024-03-02\n\nFarmers blocked the road on Saturday.\n"
    assert names(text, "place") == {"Lagos"}


def test_a_dateline_taken_for_the_title_still_names_the_place() -> None:
    found = entities("Farmers blocked the road on Saturday.\n", title="OSLO 2024-03-02")
    assert ("place", "Oslo") in found
    assert found[("place", "Oslo")].mentions == []  # the title is not in the text
    assert found[("place", "Oslo")].count == 1


def test_a_section_label_with_a_dash_is_not_a_dateline() -> None:
    text = "EUROBONDS - Primary activity was thin on Friday.\n"
    assert names(text, "place") == set()


def test_bylines_above_a_dateline_and_sign_offs_are_people() -> None:
    text = (
        "Ilse Varnhagen\n\nVIENNA 2024-03-02\n\nThe shares rose.\n\n"
        "-- Tomasz Ruprecht, Vienna Newsroom +43 1 234 5678\n"
    )
    people = names(text, "person")
    assert {"Ilse Varnhagen", "Tomasz Ruprecht"} <= people
    assert ("org", "Vienna Newsroom") in entities(text)


def test_subheads_of_a_single_spaced_page_are_not_people() -> None:
    text = (
        "The ministry published its plan on Monday.\n"
        "Key Takeaways\n"
        "- The plan doubles the budget.\n"
        "The Quiet Pivot and Northern Worries\n"
        "Officials said the budget would grow.\n"
    )
    assert names(text, "person") == set()


def test_a_headline_is_read_as_a_heading() -> None:
    found = entities("Lena Kowalski spoke in Oslo.", title="Budget Conundrum: Why Oslo waits")
    assert ("person", "Budget Conundrum") not in found
    assert ("place", "Oslo") in found


def test_a_name_beside_an_organisation_noun_is_an_organisation() -> None:
    text = (
        "The news agency Varmola reported the fire. Varmola said two people died. "
        "The Morning Lantern newspaper said the fire began at night."
    )
    orgs = names(text, "org")
    assert {"Varmola", "Morning Lantern"} <= orgs
    assert names(text, "person") == set()


def test_an_owner_of_a_newspaper_stays_a_person() -> None:
    text = "The court reopened Ilse Varnhagen's newspaper on Friday."
    assert names(text, "person") == {"Ilse Varnhagen"}


def test_foreign_titles_and_outlet_cues_make_bodies() -> None:
    text = (
        "Speaking on Kestrel Senat TV, the analyst at La Lanterne said so, "
        "and the Ostrava Daily agreed."
    )
    assert {"Kestrel Senat TV", "La Lanterne", "Ostrava Daily"} <= names(text, "org")
    assert names(text, "person") == set()


def test_events_laws_and_labels_are_not_names() -> None:
    text = (
        "Markets shut for Labour Day. The Harbour Accord was signed after the Cultural Revolution. "
        "They now need a Plan B, officials said."
    )
    assert names(text, "person") == set()
    assert names(text, "org") == set()


def test_a_qualifier_before_a_name_is_not_a_mention() -> None:
    text = "Ohio-based Brantley Corp. bought Lisbon-listed Corvano SA."
    assert names(text, "org") == {"Brantley Corp.", "Corvano SA"}
    assert names(text, "place") == set()


def test_codes_with_digits_are_not_names() -> None:
    text = "Soldiers joined the KESTREL-24 NATO drills near Gdansk."
    found = entities(text)
    assert ("org", "NATO") in found
    assert not [key for key in found if "KESTREL" in key[1]]


def test_company_then_country_and_bodies_with_for_and_in() -> None:
    text = (
        "The Brantley Chemical Co of the United States will invest. The Organisation for Trade "
        "and Cooperation in Europe met. Airline Air France and the Commission on Public Debates "
        "agreed."
    )
    found = entities(text)
    assert ("org", "Brantley Chemical Co") in found
    assert ("place", "United States") in found
    assert ("org", "Organisation for Trade and Cooperation in Europe") in found
    assert ("org", "Air France") in found
    assert ("org", "Commission on Public Debates") in found


def test_places_named_by_a_place_noun() -> None:
    text = "A bomb went off in the coastal town of Vell Marun. Police in Quorra province searched."
    assert {"Vell Marun", "Quorra"} <= names(text, "place")
    assert names(text, "person") == set()


def test_names_after_roles_ranks_and_regnal_numbers() -> None:
    text = (
        "Prime Minister John Major met Queen Elizabeth I's heir. Ramos thanked Indonesian "
        "president Suharto. Army spokesman Lieutenant-Colonel Max Varnhagen spoke. "
        "Brantley CEO Paula Ostrander agreed."
    )
    people = names(text, "person")
    assert {"John Major", "Elizabeth I", "Suharto", "Max Varnhagen", "Paula Ostrander"} <= people
    assert "John" not in people


def test_phrases_written_in_lower_case_elsewhere_are_not_names() -> None:
    text = "Financial Data for the quarter were thin; the data showed a loss, analysts said."
    assert names(text, "person") == set()


def test_a_ministry_named_with_its_country_adjective_also_goes_by_its_short_name() -> None:
    text = "German Foreign Ministry spokesman Jonas Brandauer said talks would go on."
    ministry = entities(text)[("org", "German Foreign Ministry")]
    assert ministry.aliases == ["Foreign Ministry"]


def test_quoted_titles_and_index_names_are_not_entities() -> None:
    text = (
        'He is best known for "The Silent Harbour" and "Lanterns in Winter". '
        "The Brantley Jones industrial average fell."
    )
    assert names(text, "person") == set()
    assert names(text, "org") == set()


def test_the_north_is_a_region_and_a_family_is_its_people() -> None:
    text = (
        "Paula Ostrander met her husband. The scandal would damage the Ostranders. "
        "Seoul said it would talk only if the North accepted."
    )
    found = entities(text)
    assert ("place", "North") in found
    assert "Ostranders" in found[("person", "Paula Ostrander")].aliases


def test_plural_common_nouns_in_capitals_are_not_names() -> None:
    text = "Traders sold Japanese Government Bonds; each bond lost value, the broker said."
    assert names(text, "person") == set()


def test_the_before_a_country_is_only_an_article() -> None:
    assert names("1990 - The United States won pledges.", "place") == {"United States"}
    assert names("1990 - The United States won pledges.", "org") == set()


def test_market_words_after_a_name_make_it_an_instrument() -> None:
    text = "Traders awaited KORVEX futures and the August PMX survey; U.S. data were strong."
    found = entities(text)
    assert names(text, "org") == set()
    assert ("place", "United States") in found


def test_a_qualified_place_ending_in_a_cue_word_is_the_place() -> None:
    text = "Israel announced the expansion of Jewish West Bank settlements on Friday."
    assert "West Bank" in names(text, "place")
    assert names(text, "org") == set()


def test_a_lone_name_after_in_or_before_its_region_is_a_place() -> None:
    text = (
        "The girl was taken from her school in Varnholm near Berlin. The plane fell over "
        "Brackenby, Scotland. The sign was written in Hebrew and in British-ruled areas."
    )
    places = names(text, "place")
    assert {"Varnholm", "Brackenby", "Berlin", "Scotland"} <= places
    assert not places & {"Hebrew", "British-ruled"}


def test_a_many_word_name_before_movement_or_group_is_a_body() -> None:
    text = "He joined the Harbour Lights movement in 1979; the Anna Berg campaign began later."
    assert names(text, "org") == {"Harbour Lights"}
    assert names(text, "person") == {"Anna Berg"}


def test_firms_after_a_location_qualifier_and_outlets_named_like_places() -> None:
    text = (
        "Ohio-based Kestrelcorp bought shares. The official newspaper Granma reported it, "
        "the Hong Kong Standard said, and the September Treasury bond fell while the "
        "U.S. Treasury sold notes."
    )
    orgs = names(text, "org")
    assert {"Kestrelcorp", "Granma", "Hong Kong Standard", "U.S. Treasury"} <= orgs
    assert not [name for name in orgs if name.startswith("September")]


def test_state_abbreviations_and_possessives_after_in() -> None:
    text = "He spoke in Raleigh, N.C. on Monday; the vote in Varnholm's district was close."
    places = names(text, "place")
    assert "North Carolina" in places
    assert "Varnholm" not in places
