"""Issue 3, round 5: of two homonym-rich names in one sentence the closest pair wins; one place under two
names is weak evidence; a small town that goes by a big one's name beside a same-sentence neighbour;
'St.' is 'Saint'; unknown names at the place they are tied to or in the article's town; spaCy's guesses
for names no gazetteer knows are left out unless written as places."""

from __future__ import annotations

from collections.abc import Callable

from frontwatch.geo.candidates import _without_minor_aliases
from frontwatch.geo.context import SAME_PLACE_KM, distance_km, pair_km, pair_support, place_unknowns
from frontwatch.geo.gazetteer import ALTERNATE, PRIMARY, Candidate, Gazetteer
from frontwatch.geo.recognition import Found
from frontwatch.geo.unknown import bare_unknown
from frontwatch.types import Location, PlaceMention

Places = Callable[[str], list[PlaceMention]]  # conftest's places_in


def _loc(name: str, lat: float, lon: float, population: int = 0, gid: int | None = None) -> Location:
    return Location(name, gid, lat, lon, "UA", None, None, "place", "P.PPL", population)


def test_the_closest_pair_of_two_common_names_stands_out() -> None:
    a, b = ("a", ""), ("b", "")
    cands = {  # two pairs: 2.2 km and 4.4 km apart (far from each other)
        a: [_loc("A", 48.00, 37.00), _loc("A", 50.00, 30.00)],
        b: [_loc("B", 48.02, 37.00), _loc("B", 50.04, 30.00)],
    }
    got = pair_support(cands, {a: frozenset({b}), b: frozenset({a})})
    close, far = got[a]
    assert close > 0.75 and far < 0.3  # 4.4 km alone would give exp(-0.44) = 0.64: sharpened
    assert got[b][0] == close


def test_one_place_under_two_names_counts_as_a_few_kilometres() -> None:
    vesele = _loc("Vesele", 49.0, 36.4, gid=1)
    assert pair_km(vesele, vesele) == SAME_PLACE_KM
    assert pair_km(vesele, _loc("Vesele", 49.0, 36.4)) == 0.0  # no id: nothing to tell
    a, b = ("novoselovka", ""), ("vesele", "")
    cands = {  # Novoselovka: an old name of that Vesele, and a Novoselivka 3 km from another Vesele
        a: [vesele, _loc("Novoselivka", 48.21, 37.79, gid=2)],
        b: [vesele, _loc("Vesele", 48.19, 37.76, gid=3)],
    }
    got = pair_support(cands, {a: frozenset({b}), b: frozenset({a})})
    assert got[a][1] > 0.6 > 0.3 > got[a][0]


def test_a_town_known_by_a_big_citys_name_stays_beside_its_neighbour() -> None:
    city = Candidate(Location("Dzerzhinsk", 1, 56.24, 43.46, "RU", None, None, "place", "P.PPL", 233_000),
                     PRIMARY, 0)  # fmt: skip
    town = Candidate(_loc("Toretsk", 48.39, 37.85, 31_000, gid=2), ALTERNATE, 0)
    assert _without_minor_aliases([city, town]) == (city,)
    assert _without_minor_aliases([city, town], [_loc("Krymske", 48.40, 37.83)]) == (city, town)
    assert _without_minor_aliases([city, town], [_loc("Krymske", 48.9, 37.83)]) == (city,)  # 56 km away


def test_an_abbreviated_own_name_is_the_own_name(default_gazetteer: Gazetteer) -> None:
    saint = [c for c in default_gazetteer.candidates("St. Petersburg") if c.location.country == "RU"]
    assert saint and saint[0].kind == PRIMARY


def _mention(text: str, place: Location | None, start: int = 0, score: float = 0.9) -> PlaceMention:
    return PlaceMention("d", text, start, start + len(text), place, "mentioned", score if place else 0.0, "t")


def test_a_street_is_in_the_articles_town_not_the_town_between(default_gazetteer: Gazetteer) -> None:
    capital = _loc("Tbilisi", 41.69, 44.83, 1_049_000, gid=611717)
    mentions = [
        _mention("Tbilisi", capital, 0),
        _mention("Freedom Avenue", None, 20),
        _mention("Batumi", _loc("Batumi", 41.64, 41.63, 121_000, gid=615532), 60),
        _mention("Kutaisi", _loc("Kutaisi", 42.27, 42.69, 135_000, gid=613607), 80),
    ]
    street = place_unknowns(mentions, default_gazetteer)[1].place
    assert street is not None and street.geonames_id == 611717 and street.precision == "near"


def test_an_unknown_name_tied_to_a_place_sits_there(default_gazetteer: Gazetteer) -> None:
    bratislava = _loc("Bratislava", 48.15, 17.11, 424_000, gid=3060972)
    zilina = _loc("Zilina", 49.22, 18.74, 85_000, gid=3056508)
    mentions = [_mention("Zilina", zilina, 0), _mention("Zilina", zilina, 10),
                _mention("Hviezdna Square", None, 30), _mention("Bratislava", bratislava, 50)]  # fmt: skip
    assert place_unknowns(mentions, default_gazetteer)[2].place.name == "Zilina"  # type: ignore[union-attr]
    tied = place_unknowns(mentions, default_gazetteer, {(30, 45): bratislava})[2].place
    assert tied is not None and tied.name == "Bratislava"


def test_names_no_gazetteer_knows_need_a_place_cue_or_a_facility_label() -> None:
    bare = Found(0, 1, 0, 5, "Zorvo", "zorvo", "GPE")
    assert bare_unknown(bare)
    assert not bare_unknown(Found(0, 1, 0, 5, "Zorvo", "zorvo", "GPE", place_cue=True))  # 'in Zorvo'
    assert not bare_unknown(Found(0, 2, 0, 12, "Zorvo Avenue", "zorvo avenue", "FAC"))


def test_two_common_village_names_in_one_sentence(places_in: Places) -> None:
    text = "Russian forces shelled Bohdanivka and Kalynivka overnight, the governor said."
    got = {m.text: m.place for m in places_in(text)}
    bohdanivka, kalynivka = got["Bohdanivka"], got["Kalynivka"]
    assert bohdanivka is not None and kalynivka is not None and distance_km(bohdanivka, kalynivka) < 5
