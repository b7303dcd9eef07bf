"""Issue 3, round 10: place words inside longer names. A place's name (or a demonym) that only starts the
name of a facility or city area ('the Abu Shouk market', 'Marigny Canal', 'the French Quarter') is the
facility, placed where the article is; a small place's name at the head of a broadcaster's or news
agency's name ('Fox News') is no place; a word of the name of a person the article names ('James Tyler
Williams ... Tyler's lawyer') is the person, unless it names a big place."""

from __future__ import annotations

from collections.abc import Callable

from frontwatch.types import PlaceMention

Places = Callable[[str], list[PlaceMention]]  # conftest's places_in


def _where(mentions: list[PlaceMention]) -> dict[str, str | None]:
    return {m.text: (m.place.country if m.place else None) for m in mentions}


def test_a_market_named_after_a_place_is_in_the_article_s_town(places_in: Places) -> None:
    text = "Armed men looted the stalls of the Abu Shouk market in El Fasher on Tuesday night."
    found = _where(places_in(text))
    assert "Abu" not in found  # not Abu of Rajasthan
    assert found == {"Abu Shouk market": "SD", "El Fasher": "SD"}


def test_a_market_in_an_article_without_a_town_stays_unresolved(places_in: Places) -> None:
    found = _where(places_in("Armed men looted the stalls of the Abu Shouk market on Tuesday night."))
    assert found == {"Abu Shouk market": None}


def test_a_canal_named_after_a_person_is_no_town(places_in: Places) -> None:
    found = _where(places_in("Barges once moved timber along the Marigny Canal near New Orleans."))
    assert found.get("Marigny Canal") == "US" and "Marigny" not in found


def test_a_quarter_named_by_a_demonym_is_no_country(places_in: Places) -> None:
    found = _where(places_in("Brass bands played in the French Quarter of New Orleans all weekend."))
    assert "French" not in found
    assert found.get("French Quarter") == "US"


def test_a_big_town_before_a_facility_word_stays_the_town(places_in: Places) -> None:
    found = _where(places_in("A missile struck Kherson Airport early on Monday, officials said."))
    assert found.get("Kherson") == "UA"


def test_a_town_named_alone_elsewhere_stays_the_town(places_in: Places) -> None:
    text = "Russian forces shelled Avdiivka again overnight. The Avdiivka City Hospital was damaged."
    found = places_in(text)
    assert [m.text for m in found].count("Avdiivka") == 2


def test_region_and_area_words_are_no_facility_words(places_in: Places) -> None:
    text = "Drones hit the Kyiv region, Donetsk Oblast, the Bakhmut district and the Gaza Strip."
    found = _where(places_in(text))
    assert {"Kyiv region", "Donetsk Oblast", "Bakhmut district", "Gaza Strip"} <= set(found)


def test_a_small_town_at_the_head_of_a_broadcaster_is_no_place(places_in: Places) -> None:
    text = (
        "Viewers in Texas and Ohio complained after a Fox News host mocked the students. Advertisers "
        "left Fox News the next week, a Dallas newspaper reported."
    )
    found = _where(places_in(text))
    assert "Fox" not in found
    assert {"Texas", "Ohio", "Dallas"} <= set(found)


def test_an_organization_named_after_a_town_keeps_the_town(places_in: Places) -> None:
    text = "Volunteers of the Zionsville Education Foundation in Indiana raised money for books."
    assert "Zionsville" in _where(places_in(text))


def test_a_middle_name_of_a_person_is_no_town(places_in: Places) -> None:
    text = (
        "The brothers Benjamin Matthew Williams and James Tyler Williams were sentenced in 2002. A judge "
        "rejected the letter from Tyler's attorney."
    )
    assert "Tyler" not in _where(places_in(text))


def test_a_big_place_named_like_a_person_stays_a_place(places_in: Places) -> None:
    text = "Jim Houston spoke for the company. Flights from Houston to Denver were cancelled on Friday."
    assert "Houston" in _where(places_in(text))


def test_a_town_right_before_a_facility_word_stays_the_town(places_in: Places) -> None:
    found = _where(places_in("The injured driver was flown to St. Cloud Hospital in Minnesota on Sunday."))
    assert found.get("St. Cloud") == "US"
