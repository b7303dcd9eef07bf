"""Issue 3, round 20: country and area initials ('SA' after 'South Africa'), 'the Gulf' as the Persian
Gulf beside the first-level area of that name, and Arabic names joined by 'al-' that the gazetteer
lacks. Each rule has a twin where the name stays what it was."""

from __future__ import annotations

from collections.abc import Callable

from frontwatch.types import PlaceMention

Places = Callable[[str], list[PlaceMention]]  # conftest's places_in


def _names(mentions: list[PlaceMention]) -> dict[str, str | None]:
    return {m.text: m.place.name if m.place else None for m in mentions}


def test_initials_of_a_country_named_in_full(places_in: Places) -> None:
    found = _names(
        places_in("South Africa's unions called a strike on Monday. Mines across SA closed by noon.")
    )
    assert found.get("SA") == "South Africa"


def test_initials_of_a_people_and_of_an_area(places_in: Places) -> None:
    found = _names(
        places_in(
            "Hundreds of South Africans queued for water in Durban. KZN officials said KwaZulu-Natal "
            "needed help, and SA troops were sent."
        )
    )
    assert found.get("KZN") == "KwaZulu-Natal"
    assert found.get("SA") == "South Africa"


def test_initials_of_longer_country_names(places_in: Places) -> None:
    found = _names(
        places_in(
            "Gunmen attacked a convoy in the Central African Republic, and CAR officials blamed rebels. "
            "Papua New Guinea sent aid; PNG soldiers arrived by plane."
        )
    )
    assert found.get("CAR") == "Central African Republic"
    assert found.get("PNG") == "Papua New Guinea"


def test_initials_without_the_full_name_are_no_place(places_in: Places) -> None:
    found = _names(places_in("Striking miners in Rustenburg said SA mining houses ignored them."))
    assert "SA" not in found


def test_initials_inside_an_organization_name_are_no_place(places_in: Places) -> None:
    found = _names(
        places_in("South Africa's regional airline SA Airlink cancelled flights to Durban on Friday.")
    )
    assert "SA" not in found


def test_lower_case_and_own_forms_keep_their_handling(places_in: Places) -> None:
    found = _names(
        places_in(
            "In the Central African Republic a car bomb hit a UN convoy, and US envoys met EU officials "
            "in the United States and the European Union."
        )
    )
    assert "car" not in found
    assert "UN" not in found or found["UN"] != "United States"
    assert "US" not in found or found["US"] == "United States"


def test_the_gulf_beside_gulf_states_is_the_persian_gulf(places_in: Places) -> None:
    found = _names(places_in("Iran seized a tanker in the Gulf, officials in Saudi Arabia and Qatar said."))
    assert found.get("Gulf") == "Persian Gulf"


def test_the_gulf_beside_papua_new_guinea_is_the_province(places_in: Places) -> None:
    found = places_in(
        "Floods cut roads to Kerema and villages across the Gulf, Papua New Guinea officials said."
    )
    gulf = [m for m in found if m.text == "Gulf"]
    assert gulf and gulf[0].place is not None and gulf[0].place.country == "PG"


def test_name_joined_by_al_is_not_split(places_in: Places) -> None:
    found = _names(places_in("Turkish forces shelled Deir ez-Zor and Dar al-Aman in northern Syria."))
    assert "Dar" not in found and "Aman" not in found
    assert found.get("Deir ez-Zor") == "Deir ez-Zor"


def test_known_name_with_al_stays_one_name(places_in: Places) -> None:
    found = places_in("Turkish troops shelled Ras al-Ayn in northern Syria on Sunday.")
    town = [m for m in found if m.text == "Ras al-Ayn"]
    assert town and town[0].place is not None and town[0].place.country == "SY"


def test_initials_that_are_common_acronyms_stay_out(places_in: Places) -> None:
    found = _names(places_in("Floods hit Akwa Ibom state. Officials said AI tools would map the damage."))
    assert "AI" not in found
