"""Issue 3, round 19: seas and regions of conflict news (geo.json world_regions), a sea's name against the
first-level area named after it, navy formations named after a sea, and names joined by Arabic and
French particles. Each rule has a twin where the name stays what it was."""

from __future__ import annotations

from collections.abc import Callable

from frontwatch.types import PlaceMention

Places = Callable[[str], list[PlaceMention]]  # conftest's places_in


def _names(mentions: list[PlaceMention]) -> dict[str, str | None]:
    return {m.text: m.place.name if m.place else None for m in mentions}


def test_seas_and_straits_are_places(places_in: Places) -> None:
    found = _names(
        places_in("A drone hit a cargo ship in the Black Sea, and tankers waited in the Strait of Hormuz.")
    )
    assert found.get("Black Sea") == "Black Sea"
    assert found.get("Strait of Hormuz") == "Strait of Hormuz"


def test_regions_of_conflict_news(places_in: Places) -> None:
    found = _names(
        places_in("Hunger spread across the Horn of Africa while gunmen raided villages near Lake Chad.")
    )
    assert found.get("Horn of Africa") == "Horn of Africa"
    assert found.get("Lake Chad") == "Lake Chad"


def test_sea_name_alone_is_the_sea(places_in: Places) -> None:
    found = places_in("Red Sea shipping fell by half after the attacks on freighters.")
    sea = [m for m in found if m.text == "Red Sea"]
    assert sea and sea[0].place is not None and sea[0].place.country is None


def test_sea_name_with_state_word_is_the_state(places_in: Places) -> None:
    found = places_in("The army moved troops to Port Sudan, the capital of Red Sea state.")
    state = [m for m in found if m.text.startswith("Red Sea")]
    assert state and state[0].place is not None and state[0].place.country == "SD"


def test_fleet_named_after_a_sea_is_no_place(places_in: Places) -> None:
    found = _names(places_in("The Black Sea Fleet moved two frigates out of Sevastopol on Sunday."))
    assert "Black Sea" not in found
    assert found.get("Sevastopol") == "Sevastopol"


def test_names_with_arabic_and_french_particles(places_in: Places) -> None:
    found = _names(
        places_in(
            "Aid flights left Dar es Salaam for Deir ez-Zor, and a gang burned homes"
            " in a suburb of Port-au-Prince."
        )
    )
    assert found.get("Dar es Salaam") == "Dar es Salaam"
    assert found.get("Deir ez-Zor") == "Deir ez-Zor"
    assert found.get("Port-au-Prince") == "Port-au-Prince"


def test_particle_does_not_join_unknown_names(places_in: Places) -> None:
    found = _names(places_in("Officials in Kyiv as Moscow watched said nothing."))
    assert "Kyiv as Moscow" not in found
    assert found.get("Kyiv") == "Kyiv"
