"""Issue 3, round 14: a country that is also the own name of a first-level area ('Georgia') is the
state when two or more of the article's other places, and most of them, lie in that state's country and
none in the country's (scoring._state_namesake); alone, beside its own towns or beside a single place of
the other country it stays the country."""

from __future__ import annotations

from collections.abc import Callable

from frontwatch.types import PlaceMention

Places = Callable[[str], list[PlaceMention]]  # conftest's places_in


def _where(mentions: list[PlaceMention], name: str) -> set[tuple[str | None, str | None]]:
    return {
        (m.place.country, m.place.feature) if m.place else (None, None) for m in mentions if m.text == name
    }


def test_state_beside_other_states(places_in: Places) -> None:
    found = places_in(
        "Storms knocked out power across Georgia on Tuesday. Crews from Alabama and Tennessee drove in "
        "to help, and Georgia's governor asked for federal aid."
    )
    assert _where(found, "Georgia") == {("US", "A.ADM1")}


def test_country_beside_one_place_of_another_country(places_in: Places) -> None:
    found = places_in("A senator from Texas visited Georgia to meet the defence minister.")
    assert _where(found, "Georgia") == {("GE", "A.PCLI")}


def test_country_beside_its_own_capital(places_in: Places) -> None:
    found = places_in(
        "Officials from Texas and Ohio flew to Georgia and met the defence minister in Tbilisi."
    )
    assert _where(found, "Georgia") == {("GE", "A.PCLI")}


def test_country_beside_countries(places_in: Places) -> None:
    found = places_in(
        "Protesters gathered in Georgia after the vote, and the United States and Russia urged calm."
    )
    assert _where(found, "Georgia") == {("GE", "A.PCLI")}


def test_country_without_a_state_namesake(places_in: Places) -> None:
    found = places_in("Jordan closed its border crossing with Syria after clashes near Daraa.")
    assert _where(found, "Jordan") == {("JO", "A.PCLI")}


def test_country_beside_one_of_its_towns(places_in: Places) -> None:
    found = places_in("A general from Texas and a senator from Ohio flew to Georgia and drove on to Gori.")
    assert _where(found, "Georgia") == {("GE", "A.PCLI")}
