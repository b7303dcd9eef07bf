"""Issue 3, round 15: given names the gazetteer does not know as written that a reader still places
exactly (spans._suffixed_area, _compass_country, _seat; geo.json country_aliases): 'Kano State' is the
first-level area Kano, 'South Venezuela' the country, 'the Turkish Defence Ministry' sits in Ankara, 'the
Democratic People's Republic of Korea' and 'the Soviet Union' are countries. Before, each fell back to the
article's town, often in another country."""

from __future__ import annotations

from collections.abc import Callable

from frontwatch.types import PlaceMention

Given = Callable[[str, list[str]], list[PlaceMention]]  # conftest's places_given


def _at(mentions: list[PlaceMention], name: str) -> tuple[str | None, str | None, str | None]:
    m = next(m for m in mentions if m.text == name)
    return (m.place.name, m.place.country, m.place.feature) if m.place else (None, None, None)


def test_state_written_with_its_kind_is_the_area(places_given: Given) -> None:
    found = places_given(
        "Traders from Kano State met officials in Abuja and Lagos on Monday.",
        ["Kano State", "Abuja", "Lagos"],
    )
    assert _at(found, "Kano State") == ("Kano", "NG", "A.ADM1")


def test_state_of_the_article_country(places_given: Given) -> None:
    found = places_given(
        "Flooding cut roads in Jalisco State, Mexico, and trucks left Guadalajara.",
        ["Jalisco State", "Mexico", "Guadalajara"],
    )
    assert _at(found, "Jalisco State") == ("Jalisco", "MX", "A.ADM1")


def test_state_word_after_a_town_is_not_an_area(places_given: Given) -> None:
    """Must-not: 'Dodge City State' names no first-level area: it stays where the article is."""
    found = places_given(
        "Fans of Dodge City State cheered in Dodge City, Kansas.",
        ["Dodge City State", "Dodge City", "Kansas"],
    )
    assert _at(found, "Dodge City State")[2] != "A.ADM1"


def test_part_of_a_country_is_the_country(places_given: Given) -> None:
    found = places_given(
        "Drought in South Venezuela and Northern Nigeria worried grain traders in Lagos.",
        ["South Venezuela", "Northern Nigeria", "Lagos"],
    )
    assert _at(found, "South Venezuela") == ("Venezuela", "VE", "A.PCLI")
    assert _at(found, "Northern Nigeria") == ("Nigeria", "NG", "A.PCLI")


def test_compass_word_before_a_non_country(places_given: Given) -> None:
    """Must-not: 'West Fenwick Ridge' is no country's part: it is not resolved to a country."""
    found = places_given(
        "Hikers were lost near West Fenwick Ridge above Lagos.", ["West Fenwick Ridge", "Lagos"]
    )
    assert _at(found, "West Fenwick Ridge")[2] != "A.PCLI"


def test_government_body_sits_in_the_capital(places_given: Given) -> None:
    found = places_given(
        "The Turkish Defence Ministry and the Iranian Parliament protested; diplomats in London waited.",
        ["Turkish Defence Ministry", "Iranian Parliament", "London"],
    )
    assert _at(found, "Turkish Defence Ministry") == ("Ankara", "TR", "P.PPLC")
    assert _at(found, "Iranian Parliament") == ("Tehran", "IR", "P.PPLC")


def test_embassy_is_not_in_its_own_capital(places_given: Given) -> None:
    """Must-not: an embassy sits abroad; it is not put at its country's capital."""
    found = places_given(
        "Protesters gathered outside the Turkish Embassy in London.", ["Turkish Embassy", "London"]
    )
    assert _at(found, "Turkish Embassy")[0] != "Ankara"


def test_official_and_former_country_names(places_given: Given) -> None:
    found = places_given(
        "The Democratic People's Republic of Korea tested a rocket designed in the Soviet Union, Seoul said.",
        ["Democratic People's Republic of Korea", "Soviet Union", "Seoul"],
    )
    assert _at(found, "Democratic People's Republic of Korea") == ("North Korea", "KP", "A.PCLI")
    assert _at(found, "Soviet Union") == ("Russia", "RU", "A.PCLI")
