"""Entity rules, each on a short made-up paragraph (all people and firms are fictional)."""

from __future__ import annotations

from corpus_tui.search.analysis import analyse
from corpus_tui.search.analysis.corpus import merge_corpus_entities, speaker_map
from corpus_tui.search.analysis.lexicon import lexicon
from corpus_tui.search.models import Entity


def entities(text: str) -> dict[tuple[str, str], Entity]:
    """(type, name) -> entity, checking every mention's offsets on the way."""
    found, _ = analyse(text)
    for entity in found:
        assert entity.count == len(entity.mentions)
        for start, end in entity.mentions:
            assert text[start:end] in {entity.name, *entity.aliases}, (entity, text[start:end])
    return {(e.type, e.name): e for e in found}


def names(text: str, kind: str) -> set[str]:
    return {name for (t, name) in entities(text) if t == kind}


def test_titles_and_roles_are_cues_not_names() -> None:
    text = (
        "Defense Secretary Paul Ostrander met French Deputy Defense Minister Claire Venturi "
        "on Monday, and President Mark Halvorsen joined them later."
    )
    assert names(text, "person") == {"Paul Ostrander", "Claire Venturi", "Mark Halvorsen"}


def test_title_before_a_lone_surname_makes_a_person() -> None:
    text = "The plan was backed by President Halvorsen on Tuesday."
    assert names(text, "person") == {"Halvorsen"}


def test_surname_after_full_name_is_an_alias() -> None:
    text = "Lena Kowalski arrived in Warsaw on Monday. Kowalski said talks would go on."
    found = entities(text)
    person = found[("person", "Lena Kowalski")]
    assert person.aliases == ["Kowalski"]
    assert person.count == 2
    assert ("person", "Kowalski") not in found


def test_sentence_initial_words_are_not_entities() -> None:
    text = "Speaking in Oslo, Lena Kowalski said the talks were over. Analysts were not surprised."
    assert names(text, "person") == {"Lena Kowalski"}
    assert names(text, "org") == set()


def test_words_used_lowercase_elsewhere_are_not_entities() -> None:
    text = "“We are ready,” Harvest said.\n\nThe harvest was late this year."
    assert names(text, "person") == set()


def test_headings_are_not_entities() -> None:
    text = (
        "The ministers met in Oslo on Monday.\n\nRising Tensions Ahead\n\nTalks resumed on Tuesday."
    )
    found = entities(text)
    assert set(found) == {("place", "Oslo")}


def test_us_forms_are_one_place() -> None:
    text = (
        "Officials in the US were wary. U.S. envoys flew in, the United States said, "
        "and USA diplomats stayed."
    )
    place = entities(text)[("place", "United States")]
    assert place.count == 4
    assert set(place.aliases) == {"US", "U.S.", "USA"}


def test_possessives_map_to_the_entity() -> None:
    text = "Mark Halvorsen's plan worried Paris’s mayor. Halvorsen's aides were quiet."
    found = entities(text)
    person = found[("person", "Mark Halvorsen")]
    assert person.count == 2
    assert found[("place", "Paris")].count == 1
    start, end = person.mentions[0]
    assert text[start:end] == "Mark Halvorsen"


def test_acronyms_are_organisations() -> None:
    text = "Leaders of NATO, the EU, the UN and the G7 met; AFP and the IMF reported it."
    assert names(text, "org") == {"NATO", "EU", "UN", "G7", "AFP", "IMF"}


def test_organisations_from_cue_words() -> None:
    text = (
        "The Ministry of Defence, the Council of Ministers, the European Commission and "
        "Norvik Industries all met the Pentagon and the Kremlin."
    )
    assert names(text, "org") == {
        "Ministry of Defence",
        "Council of Ministers",
        "European Commission",
        "Norvik Industries",
        "Pentagon",
        "Kremlin",
    }


def test_acronym_after_full_organisation_is_an_alias() -> None:
    text = "The Independent Electoral Commission (IEC) met. The IEC said the vote would go ahead."
    org = entities(text)[("org", "Independent Electoral Commission")]
    assert org.aliases == ["IEC"]


def test_places_come_from_the_gazetteer() -> None:
    text = "Convoys left Kyiv for Sumy while talks went on in Gaza and Washington."
    assert names(text, "place") == {"Kyiv", "Sumy", "Gaza", "Washington"}


def test_given_names_and_surnames_are_not_places() -> None:
    places = lexicon().place_forms
    assert "Marco" not in places and "Alice" not in places and "Rubio" not in places
    text = "Marco Delacruz and Alice Brennan met Rubio Okafor."
    assert names(text, "person") == {"Marco Delacruz", "Alice Brennan", "Rubio Okafor"}
    assert names(text, "place") == set()


def test_demonyms_are_not_places() -> None:
    text = "French and Ukrainian officials met. Europeans were divided."
    found = entities(text)
    assert names(text, "place") == set()
    assert ("group", "Europeans") in found


def test_single_unknown_word_is_not_a_person() -> None:
    text = "The talks, held under Clearwater rules, ended late."
    assert names(text, "person") == set()


def test_name_particles() -> None:
    text = (
        "Hendrik van der Meulen spoke first. Karim bin Saleh and Omar al-Rashid followed.\n\n"
        "Van der Meulen said he was pleased."
    )
    found = entities(text)
    assert {"Hendrik van der Meulen", "Karim bin Saleh", "Omar al-Rashid"} <= names(text, "person")
    assert found[("person", "Hendrik van der Meulen")].aliases == ["Van der Meulen"]


def test_initials_with_and_without_dots_are_one_person() -> None:
    text = "KT Morrow spoke on Monday. On Tuesday K.T. Morrow spoke again, and Morrow left."
    found = entities(text)
    people = [e for (t, _), e in found.items() if t == "person"]
    assert len(people) == 1
    assert people[0].count == 3


def test_hyphens_and_accents_in_names() -> None:
    text = "Jean-Noël Fabre met Sébastien Lemaître in Lyon. Fabre thanked Lemaître."
    found = entities(text)
    assert found[("person", "Jean-Noël Fabre")].aliases == ["Fabre"]
    assert found[("person", "Sébastien Lemaître")].aliases == ["Lemaître"]


def test_all_caps_dateline_city_is_the_place() -> None:
    text = "LAGOS — Officials in Lagos said on Monday that the vote would be delayed."
    place = entities(text)[("place", "Lagos")]
    assert place.count == 2


def test_corpus_merge_joins_lone_surname_to_its_full_name() -> None:
    doc1, _ = analyse("Defense Secretary Rosa Lindqvist visited Oslo. Lindqvist spoke.")
    doc2, _ = analyse("The plan, drafted by Secretary Lindqvist, was approved.")
    merged = {(e.type, e.name): e for e in merge_corpus_entities([doc1, doc2])}
    person = merged[("person", "Rosa Lindqvist")]
    assert person.docs == 2
    assert person.count == 3
    assert "Lindqvist" in person.aliases
    assert ("person", "Lindqvist") not in merged


def test_corpus_merge_keeps_ambiguous_surnames_apart() -> None:
    doc1, _ = analyse("Anna Berg met Tomas Berg in Oslo.")
    doc2, _ = analyse("The plan, drafted by Minister Berg, was approved.")
    merged = {(e.type, e.name) for e in merge_corpus_entities([doc1, doc2])}
    assert ("person", "Berg") in merged


def test_corpus_merge_sums_and_sorts() -> None:
    doc1, _ = analyse("NATO met. NATO agreed. Lena Kowalski spoke.")
    doc2, _ = analyse("NATO met again in Oslo.")
    merged = merge_corpus_entities([doc1, doc2])
    assert merged[0].name == "NATO" and merged[0].count == 3 and merged[0].docs == 2
    counts = [e.count for e in merged]
    assert counts == sorted(counts, reverse=True)


def test_speaker_map_points_surnames_at_full_names() -> None:
    doc1, _ = analyse("Defense Secretary Rosa Lindqvist visited Oslo.")
    doc2, _ = analyse("“We are ready,” Secretary Lindqvist said.")
    mapping = speaker_map(merge_corpus_entities([doc1, doc2]))
    assert mapping["Lindqvist"] == "Rosa Lindqvist"


def test_role_words_that_are_not_person_titles_do_not_make_people() -> None:
    text = "Delegates met at the Munich Security Conference on Saturday."
    assert names(text, "person") == set()
    assert names(text, "org") == {"Munich Security Conference"}


def test_corpus_merge_joins_a_form_used_alone_that_elsewhere_is_an_alias() -> None:
    from corpus_tui.search.models import Entity

    full = Entity(name="European Union", type="org", aliases=["EU"], count=3, mentions=[])
    alone = Entity(name="EU", type="org", aliases=[], count=2, mentions=[])
    other = Entity(name="NATO", type="org", aliases=[], count=1, mentions=[])
    merged = {e.name: e for e in merge_corpus_entities([[full], [alone, other]])}
    assert set(merged) == {"European Union", "NATO"}
    assert (merged["European Union"].count, merged["European Union"].docs) == (5, 2)
