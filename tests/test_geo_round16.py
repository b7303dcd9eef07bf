"""Issue 3, round 16: place names inside other names (geo/orgnames.py). A country, first-level area or big
town closing an organization's name after 'of' is a place ('the University of Manitoba'); a name joined by
'&' to another capitalized word is a firm's ('Johnson & Johnson'), a name before a disease word a
disease's ('Reston ebolavirus', 'Mad Cow disease'), and a name followed by an age between commas a
person's ('Harper, 37,'). Each rule has a twin where the name stays what it was."""

from __future__ import annotations

from collections.abc import Callable

from frontwatch.types import PlaceMention

Places = Callable[[str], list[PlaceMention]]  # conftest's places_in


def _names(mentions: list[PlaceMention]) -> dict[str, str | None]:
    return {m.text: m.place.country if m.place else None for m in mentions}


def test_country_closing_an_organization_name(places_in: Places) -> None:
    assert (
        _names(places_in("The Central Bank of Ireland raised its growth forecast on Tuesday."))["Ireland"]
        == "IE"
    )
    assert (
        _names(places_in("He spoke to the Heart Foundation of Australia about the new drug."))["Australia"]
        == "AU"
    )


def test_province_closing_a_university_name(places_in: Places) -> None:
    found = _names(
        places_in("She studies floods as a geologist at the University of Manitoba and lives nearby.")
    )
    assert found["Manitoba"] == "CA"


def test_no_place_closing_an_organization_name(places_in: Places) -> None:
    assert _names(places_in("The Board of Aldermen met on Tuesday to discuss the budget.")) == {}
    # a small town at the end of a club's name stays inside the name
    assert "Ellsworth" not in _names(
        places_in("He is the treasurer of the Garden Club of Ellsworth and bakes bread.")
    )


def test_ampersand_names_a_firm(places_in: Places) -> None:
    found = _names(places_in("Investors sold shares of Johnson & Johnson on Friday in New York."))
    assert "Johnson" not in found
    assert found["New York"] == "US"


def test_big_town_joined_by_ampersand_stays(places_in: Places) -> None:
    assert _names(places_in("The show moved to Stamford & Norwalk last year."))["Stamford"] == "US"


def test_disease_named_after_a_place(places_in: Places) -> None:
    found = _names(
        places_in("Monkeys in the lab were infected with Reston ebolavirus, officials in Manila said.")
    )
    assert "Reston" not in found
    assert found["Manila"] == "PH"
    assert "Mad" not in _names(places_in("Farmers in Alberta found a case of Mad Cow disease."))
    assert "Lyme" not in _names(places_in("Cases of Lyme disease rose in Connecticut this summer."))


def test_town_without_disease_word_stays(places_in: Places) -> None:
    assert _names(places_in("The firm hired Paul Keller, a banker in Reston, Virginia."))["Reston"] == "US"
    assert _names(places_in("The United States flu season peaked early."))["United States"] == "US"


def test_name_with_an_age_is_a_person(places_in: Places) -> None:
    assert "Harper" not in _names(
        places_in("The police said Harper, 37, was arrested in Tulsa. Harper denied the charge.")
    )


def test_town_without_an_age_stays(places_in: Places) -> None:
    assert _names(places_in("Crews drove from Harper to Wichita on Monday."))["Harper"] == "US"
