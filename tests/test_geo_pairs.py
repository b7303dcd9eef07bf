"""Issue 3, round 3: names of one sentence decide between homonym villages, a state's own name stays the
state, 'X, Y' and "Y's X" tie a place to its area, newspapers' cities, ties with a big place, demonyms of
areas inside countries."""

from __future__ import annotations

from collections.abc import Callable

from frontwatch.geo.context import distance_km, pair_support
from frontwatch.geo.gazetteer import PRIMARY, Candidate
from frontwatch.geo.resolve import Group, decide
from frontwatch.types import Location, PlaceMention

Places = Callable[[str], list[PlaceMention]]  # conftest's places_in
Given = Callable[[str, list[str]], list[PlaceMention]]  # conftest's places_given


def _loc(name: str, lat: float, lon: float, population: int = 0, feature: str = "P.PPL") -> Location:
    return Location(name, None, lat, lon, "UA", None, None, "place", feature, population)


def test_pair_support_counts_names_of_the_same_sentence_only() -> None:
    a = ("a", "")
    b = ("b", "")
    c = ("c", "")
    cands = {
        a: [_loc("A", 50.0, 35.0), _loc("A", 47.0, 33.0)],
        b: [_loc("B", 50.02, 35.0)],
        c: [_loc("C", 47.0, 33.0)],
    }
    got = pair_support(cands, {a: frozenset({b}), b: frozenset({a})})
    assert got[a][0] > 0.75 and got[a][1] == 0.0  # the A 2 km from B; C is in another sentence
    assert got[c] == [0.0]
    assert pair_support(cands, {})[a] == [0.0, 0.0]


def test_homonym_villages_written_together_resolve_to_the_close_pair(places_in: Places) -> None:
    text = "Shelling hit Vysoke and Verbove in the north on Tuesday, the governor said."
    got = {m.text: m.place for m in places_in(text)}
    vysoke, verbove = got["Vysoke"], got["Verbove"]
    assert vysoke is not None and verbove is not None and distance_km(vysoke, verbove) < 10
    assert vysoke.admin1 == verbove.admin1 == "Sumy"


def test_a_state_name_beside_a_town_stays_the_state(places_given: Given) -> None:
    text = "She was taken while jogging in Redding, northern California, in early November."
    got = places_given(text, ["Redding", "California"])
    assert [(m.place.country, m.place.admin1) for m in got if m.place] == [("US", "California")] * 2


def test_a_town_written_with_its_state_or_country(places_in: Places) -> None:
    text = "Troopers from Harrisburg and Scranton drove to Lewisburg, West Virginia, on Monday."
    got = {m.text: m.place for m in places_in(text)}
    lewisburg = got["Lewisburg"]
    assert lewisburg is not None and lewisburg.admin1 == "West Virginia"
    text = "An engineer who grew up in New York City now lives in Bogota, Colombia."
    got = {m.text: m.place for m in places_in(text)}
    assert got["Bogota"] is not None and got["Bogota"].country == "CO"


def test_a_newspaper_is_named_after_its_city(places_given: Given) -> None:
    text = "The Washington Post and the New York Times both ran the story on Sunday."
    washington, new_york = places_given(text, ["Washington", "New York"])
    assert washington.place and washington.place.feature == "P.PPLC"
    assert new_york.place and new_york.place.feature and new_york.place.feature.startswith("P")


def test_a_tie_with_a_big_place_takes_the_big_place() -> None:
    group = Group("toronto", "", True, False, False, ())
    village = Candidate(_loc("Toronto", 40.46, -80.6, 4_882), PRIMARY, 0)
    city = Candidate(_loc("Toronto", 43.7, -79.4, 2_794_356), PRIMARY, 0)
    decision = decide(group, [(0.70, village), (0.68, city)])
    assert decision.choice == city and decision.confidence == 0.1
    small = Candidate(_loc("Toronto", 43.7, -79.4, 4_000), PRIMARY, 0)
    assert decide(group, [(0.70, village), (0.68, small)]).choice is None  # two small places: abstain


def test_demonyms_of_areas_inside_countries(places_given: Given) -> None:
    text = "In the English city of Salisbury, Kurdish and Philippine officials met Basque leaders."
    english, kurdish, philippine, basque = places_given(text, ["English", "Kurdish", "Philippine", "Basque"])
    assert english.place and english.place.name == "England"
    assert kurdish.place and kurdish.place.name == "Kurdistan"
    assert philippine.place and philippine.place.country == "PH"
    assert basque.place and basque.place.admin1 == "Basque Country"
