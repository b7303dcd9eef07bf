"""Issue 3, round 17: resolution follow-ups.

- 'X district of Y province' where the data has no district X, only a town X in Y: the town, at precision
  'region' (scoring._without_stray_seats), not the province; a town outside the area it is tied to is not.
- A name written with a hyphen or space between two parts finds the town the gazetteer writes as one word,
  and the reverse (gazetteer.joined_key; towns of JOINED_POPULATION or more).
- A small town far from all the article's places does not take a name from a town of its country twenty
  times bigger merely by sharing a state with them (scoring._far_namesake).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from frontwatch.types import PlaceMention

Places = Callable[[str], list[PlaceMention]]


def _at(mentions: list[PlaceMention], name: str) -> tuple[str | None, str | None, str | None, str | None]:
    m = next(m for m in mentions if m.text == name)
    p = m.place
    return (p.name, p.country, p.admin1, p.precision) if p else (None, None, None, None)


def test_district_named_after_its_seat_is_the_town(places_in: Places) -> None:
    found = places_in(
        "Gunmen raided a police post on Monday. The raid took place in Lakki Marwat district of "
        "Khyber Pakhtunkhwa province."
    )
    assert _at(found, "Lakki Marwat district") == ("Lakki", "PK", "Khyber Pakhtunkhwa", "region")


def test_district_seat_outside_the_given_province_is_not_taken(places_in: Places) -> None:
    """Must-not: the town lies in another province than the one the district is written with."""
    found = places_in(
        "Gunmen raided a police post on Monday. "
        "The raid took place in Lakki Marwat district of Sindh province."
    )
    assert _at(found, "Lakki Marwat district")[:3] == ("Sindh", "PK", "Sindh")


def test_district_words_with_a_known_area_unchanged(places_in: Places) -> None:
    """Must-not: a county the data has, and an oblast, stay what they are."""
    county = places_in("Crews cleared roads in Laurel County, Kentucky, after the storm.")
    assert _at(county, "Laurel County")[:3] == ("Laurel County", "US", "Kentucky")
    oblast = places_in("Shelling hit the Donetsk region overnight.")
    assert _at(oblast, "Donetsk region")[1:3] == ("UA", "Donetsk")


def test_hyphenated_name_finds_the_one_word_town(places_in: Places, default_gazetteer: Any) -> None:
    found = places_in("Protesters marched through Pétion-Ville on Sunday.")
    assert _at(found, "Pétion-Ville")[:2] == ("Pétionville", "HT")
    assert [c.location.name for c in default_gazetteer.candidates("Portauprince")] == ["Port-au-Prince"]


def test_joined_lookup_only_for_towns_of_some_size(default_gazetteer: Any) -> None:
    """Must-not: a word that is a small town's two-part name joined ('Redbud': Red Bud, Illinois) or two
    words that join into a small town's name find nothing; an exact match is never widened."""
    assert default_gazetteer.candidates("Redbud") == []
    assert default_gazetteer.known(["Redbud", "Pétion-Ville"]) == {"Pétion-Ville"}
    assert {c.location.name for c in default_gazetteer.candidates("Port au Prince")} == {"Port-au-Prince"}


def test_far_small_namesake_does_not_take_a_big_city(places_in: Places) -> None:
    found = places_in(
        "The team left Columbus, Ohio, on Friday and beat Louisville in overtime on Saturday. "
        "Fans from Dayton, Ohio, cheered."
    )
    assert _at(found, "Louisville")[:3] == ("Louisville", "US", "Kentucky")


def test_small_namesake_near_the_article_places_keeps_its_state(places_in: Places) -> None:
    """Must-not: Louisville, Ohio lies next to Canton."""
    found = places_in("Police in Canton, Ohio, said a truck crashed in Louisville on Friday.")
    assert _at(found, "Louisville")[:3] == ("Louisville", "US", "Ohio")
