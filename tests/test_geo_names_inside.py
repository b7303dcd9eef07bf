"""Issue 3, round 2: big places over small towns known by the same alternate name, places inside
institutions' names, adjectives in hyphenated compounds, building words after a name, oceans."""

from __future__ import annotations

from collections.abc import Callable

from frontwatch.geo.candidates import _without_minor_aliases
from frontwatch.geo.gazetteer import PRIMARY, Candidate
from frontwatch.types import Location, PlaceMention

Places = Callable[[str], list[PlaceMention]]  # conftest's places_in
Given = Callable[[str, list[str]], list[PlaceMention]]  # conftest's places_given


def _cand(name: str, feature: str, population: int, kind: int, gid: int) -> Candidate:
    loc = Location(name, gid, 10.0, 10.0, "US", None, None, "place", feature, population)
    return Candidate(loc, kind, 0)


def test_a_small_town_known_by_a_big_places_name_is_dropped() -> None:
    state = _cand("Florida", "A.ADM1", 20_000_000, PRIMARY, 1)
    town = _cand("Valle Vista", "P.PPL", 14_000, 1, 2)
    village = _cand("Florida", "P.PPL", 3_000, PRIMARY, 3)
    assert _without_minor_aliases([state, town, village]) == (state, village)
    city = _cand("New York City", "P.PPL", 8_000_000, 1, 4)  # a big place by an alternate name stays
    assert city in _without_minor_aliases([state, city])
    assert _without_minor_aliases([town, village]) == (town, village)  # nothing dominant: all stay


def test_places_inside_institutions_names(places_given: Given) -> None:
    text = (
        "Economists at Colorado State University and the Bank of Japan disagreed, and a spokesman of "
        "the Egyptian Football Museum in Cairo declined to comment."
    )
    names = ["Colorado State University", "Bank of Japan", "Egyptian Football Museum", "Cairo"]
    got = {m.text: m.place for m in places_given(text, names)}
    assert got["Colorado State University"] and got["Colorado State University"].name == "Colorado"
    assert got["Bank of Japan"] and got["Bank of Japan"].country == "JP"
    assert got["Egyptian Football Museum"] and got["Egyptian Football Museum"].country == "EG"


def test_demonyms_before_state_are_the_country(places_given: Given) -> None:
    text = "Russian state television and Chinese state media repeated the claim."
    got = {m.text: m.place for m in places_given(text, ["Russian", "Chinese"])}
    assert got["Russian"] and got["Russian"].geonames_id == 2017370
    assert got["Chinese"] and got["Chinese"].country == "CN" and got["Chinese"].feature == "A.PCLI"


def test_hyphenated_adjectives_and_building_words(places_in: Places) -> None:
    text = (
        "Turkish-backed fighters shelled villages near the Syrian-Turkish border. Pilgrims gathered at "
        "Manila Cathedral, and the ferry crossed the Atlantic."
    )
    found = {m.text: m for m in places_in(text)}
    assert found["Turkish"].place and found["Turkish"].place.country == "TR"
    assert found["Syrian"].place and found["Syrian"].place.country == "SY"
    assert "Cathedral" not in found  # not the hamlet of Cathedral, Saskatchewan
    assert found["Atlantic"].place and found["Atlantic"].place.name == "Atlantic Ocean"
