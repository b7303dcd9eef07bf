"""Issue 3, round 9: end-to-end recognition. A place's name that starts a person's name ('Ben Wagner',
'Charlotte Smith') is a first name; streets no gazetteer knows, written with a street word ('Royal
Street', 'Dubonet Drive'), are places of their own; a storm's name ('Hurricane Betsy') is no town."""

from __future__ import annotations

from collections.abc import Callable

from frontwatch.types import PlaceMention

Places = Callable[[str], list[PlaceMention]]  # conftest's places_in


def _texts(mentions: list[PlaceMention]) -> list[str]:
    return [m.text for m in mentions]


def test_an_alternate_name_of_a_capital_is_a_first_name_before_a_surname(places_in: Places) -> None:
    # 'Ben' is an alternate name of Bern, 'Sam' of Damascus: not their own names
    text = "Ben Wagner will call the game on Thursday, and Sam Gallagher is out injured."
    assert _texts(places_in(text)) == []


def test_a_big_town_s_own_name_is_a_first_name_before_a_surname(places_in: Places) -> None:
    text = "The record was set by Charlotte Smith of North Carolina in 1994."
    assert _texts(places_in(text)) == ["North Carolina"]


def test_a_place_before_a_title_stays_a_place(places_in: Places) -> None:
    found = places_in("Kyiv Mayor Vitali Klitschko said the city was attacked overnight.")
    assert [(m.text, m.place.country if m.place else None) for m in found] == [("Kyiv", "UA")]


def test_a_lone_place_name_stays_a_place(places_in: Places) -> None:
    assert "Charlotte" in _texts(places_in("Flights to Charlotte were cancelled on Monday."))


def test_a_street_no_gazetteer_knows_is_a_place_in_the_article_s_town(places_in: Places) -> None:
    text = "Thieves broke into a shop on Dubonet Drive in Toronto late on Sunday."
    found = {m.text: m for m in places_in(text)}
    assert "Dubonet Drive" in found
    place = found["Dubonet Drive"].place
    assert place is not None and place.country == "CA"


def test_a_street_at_the_start_of_a_sentence_is_a_place(places_in: Places) -> None:
    text = "Protesters marched through New Orleans. Royal Street was closed to traffic for hours."
    assert "Royal Street" in _texts(places_in(text))


def test_a_street_named_after_a_town_is_left_to_the_street_rule(places_in: Places) -> None:
    found = places_in("Protesters gathered on Pushkin Street in Kharkiv.")
    assert "Pushkin Street" not in _texts(found)


def test_saint_before_a_name_is_no_street_word(places_in: Places) -> None:
    assert "Rainbow St." not in _texts(places_in("They played with Rainbow St. Paul and the band."))


def test_a_storm_is_no_town(places_in: Places) -> None:
    text = "Hurricane Betsy destroyed the church in New Orleans in 1965."
    assert _texts(places_in(text)) == ["New Orleans"]


def test_the_town_named_like_a_storm_stays_a_town(places_in: Places) -> None:
    text = "Two teenagers were found under a railroad bridge in Hurricane, West Virginia, police said."
    assert "Hurricane" in _texts(places_in(text))


def test_a_surname_like_a_street_word_is_no_street(places_in: Places) -> None:
    text = "The driver, Virginia L. Lane, 77, of Williston, received minor injuries."
    assert "Virginia L. Lane" not in _texts(places_in(text))
