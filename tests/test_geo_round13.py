"""Issue 3, round 13: abbreviated first-level areas in running text (geo/abbreviations.py, geo.json
state_aliases and area_abbreviations): 'Atlanta, Ga.', 'the Calif. senator', 'Toronto, Ont.', 'FATA',
postal codes after a town of their state ('Newark, NJ'); titles, words and other abbreviations are not."""

from __future__ import annotations

from collections.abc import Callable

from frontwatch.types import PlaceMention

Places = Callable[[str], list[PlaceMention]]  # conftest's places_in


def _areas(mentions: list[PlaceMention]) -> dict[str, tuple[str | None, str | None]]:
    return {m.text: (m.place.admin1, m.place.feature) if m.place else (None, None) for m in mentions}


def test_ap_state_after_a_town(places_in: Places) -> None:
    found = _areas(places_in("A tornado struck Macon, Ga., and damaged homes near Tulsa, Okla., overnight."))
    assert found["Ga."] == ("Georgia", "A.ADM1")
    assert found["Okla."] == ("Oklahoma", "A.ADM1")


def test_ap_state_at_the_end_of_a_sentence(places_in: Places) -> None:
    found = _areas(places_in("The plant closed its doors in Wichita, Kan."))
    assert found["Kan."] == ("Kansas", "A.ADM1")  # not Ganzhou, which GeoNames also calls Kan


def test_ap_state_alone(places_in: Places) -> None:
    assert _areas(places_in("A Calif. judge blocked the rule on Monday."))["Calif."] == (
        "California",
        "A.ADM1",
    )


def test_word_like_forms_only_after_a_town(places_in: Places) -> None:
    assert "Mass." not in _areas(places_in("The choir sang at Easter Mass. Then the bells rang."))
    assert "Del." not in _areas(places_in("Del. Laura Brown introduced the bill on Friday."))
    found = _areas(places_in("The company moved from Worcester, Mass., to Dover, Del., last year."))
    assert found["Mass."] == ("Massachusetts", "A.ADM1")
    assert found["Del."] == ("Delaware", "A.ADM1")


def test_canadian_provinces(places_in: Places) -> None:
    found = _areas(places_in("The team flew from Kingston, Ont., to Kelowna, B.C., for the final."))
    assert found["Ont."] == ("Ontario", "A.ADM1")
    assert found["B.C."] == ("British Columbia", "A.ADM1")


def test_era_is_not_a_province(places_in: Places) -> None:
    assert "B.C." not in _areas(places_in("The coins were minted around 200 B.C. in Greece."))


def test_acronym_of_an_area(places_in: Places) -> None:
    found = {
        m.text: m.place.country if m.place else None for m in places_in("Drones struck a compound in FATA.")
    }
    assert found["FATA"] == "PK"


def test_postal_code_after_a_town_of_its_state(places_in: Places) -> None:
    found = _areas(places_in("She opened a bakery in Eugene, OR, and another in Trenton, NJ."))
    assert found["OR"] == ("Oregon", "A.ADM1")
    assert found["NJ"] == ("New Jersey", "A.ADM1")


def test_postal_letters_elsewhere_are_not_states(places_in: Places) -> None:
    found = _areas(places_in("The PA said CA levels in the water near Boise were normal, OR so it seemed."))
    assert not {"PA", "CA", "OR"} & set(found)
    assert "IN" not in _areas(places_in("TROOPS IN Kherson, IN the south, held the line."))


def test_words_without_a_dot_are_not_states(places_in: Places) -> None:
    found = _areas(places_in("Climbers set out from Chamonix for Mont Blanc while Gen. Ruiz watched."))
    assert "Mont" not in found and "Gen." not in found


def test_given_span_uses_the_same_table(places_given: Callable[[str, list[str]], list[PlaceMention]]) -> None:
    got = places_given("Snow fell on Brandon, Man., on Tuesday.", ["Brandon", "Man."])
    assert [(m.place.admin1 if m.place else None) for m in got] == ["Manitoba", "Manitoba"]


def test_abbreviation_inside_a_longer_form_stays_whole(places_in: Places) -> None:
    found = _areas(places_in("He was held in Parkersburg, W. Va., until Monday."))
    assert found.get("W. Va.") == ("West Virginia", "A.ADM1") and "Va." not in found
