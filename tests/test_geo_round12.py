"""Issue 3, round 12: a candidate matched only by an alternate name, far from all the article's places and
in none of its countries, is none of the candidates ('near Boni' in an article about Mali is not Bonn);
'X River' / 'River X' is the river, not the town or state named like it (geo.json river_words)."""

from __future__ import annotations

from collections.abc import Callable

from frontwatch.types import PlaceMention

Places = Callable[[str], list[PlaceMention]]  # conftest's places_in


def _where(mentions: list[PlaceMention]) -> dict[str, str | None]:
    return {m.text: (m.place.country if m.place else None) for m in mentions}


def _feature(mentions: list[PlaceMention], text: str) -> str | None:
    place = next(m.place for m in mentions if m.text == text)
    return place.feature if place else None


def test_far_alternate_name_is_no_candidate(places_in: Places) -> None:
    text = "Gunmen attacked a convoy near Boni in central Mali on Friday. The army sent troops from Bamako."
    assert _where(places_in(text))["Boni"] != "DE"


def test_alternate_name_in_a_country_of_the_article_stays(places_in: Places) -> None:
    assert _where(places_in("Flights from Boni to Berlin were cancelled."))["Boni"] == "DE"


def test_big_city_by_its_other_name_stays(places_in: Places) -> None:
    found = places_in("Traders in London and New York sold the shares on Monday.")
    assert _where(found)["New York"] == "US"


def test_river_is_not_the_state(places_in: Places) -> None:
    found = places_in("Floods along the Mississippi River drove families from their homes in Memphis.")
    where = _where(found)
    assert "Mississippi" not in where
    assert where["Mississippi River"] == "US"
    river = next(m.place for m in found if m.text == "Mississippi River")
    assert river is not None and river.precision == "region"


def test_state_without_river_stays(places_in: Places) -> None:
    found = places_in("Voters in Mississippi went to the polls on Tuesday.")
    assert _feature(found, "Mississippi") == "A.ADM1"


def test_river_is_not_the_city(places_in: Places) -> None:
    found = places_in("Russian forces shelled villages on the Dnipro River overnight.")
    assert "Dnipro" not in _where(found)
    river = next(m for m in found if m.text == "Dnipro River")
    assert river.place is None or river.place.country != "RU"  # never the attacker's country


def test_lowercase_river_and_river_first(places_in: Places) -> None:
    assert "Dnipro river" in _where(places_in("Boats crossed the Dnipro river near Kherson at night."))
    assert "River Thames" in _where(places_in("Police searched the River Thames in London."))


def test_city_without_river_stays(places_in: Places) -> None:
    found = places_in("Russian forces shelled Dnipro overnight.")
    assert _where(found)["Dnipro"] == "UA"
    assert _feature(found, "Dnipro") == "P.PPLA"
    assert _where(places_in("Grain left the Kherson river port."))["Kherson"] == "UA"
