"""Issue 3, round 18: false hits on the first word of a longer name, surnames spaCy tags as places, and
admin areas written one doubled letter away from the gazetteer's spelling. Each rule has a twin where the
name stays what it was."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from frontwatch.geo.filters import person_words
from frontwatch.geo.spelling import variants
from frontwatch.geo.tokens import tokens_of
from frontwatch.types import PlaceMention

Places = Callable[[str], list[PlaceMention]]  # conftest's places_in


def _names(mentions: list[PlaceMention]) -> dict[str, str | None]:
    return {m.text: m.place.name if m.place else None for m in mentions}


def test_area_known_one_doubled_letter_away(places_in: Places) -> None:
    found = places_in("Aid reached the Middle Shabelle region on Monday, officials in Mogadishu said.")
    area = [m for m in found if m.text.startswith("Middle Shabelle")]
    assert area and area[0].place is not None and area[0].place.country == "SO"


def test_no_respelling_without_an_area_word(places_in: Places) -> None:
    found = _names(
        places_in("Aid convoys stopped near Middle Shabelle on Monday, officials in Mogadishu said.")
    )
    assert not any(name.startswith("Middle") for name in found)
    assert found["Mogadishu"] == "Mogadishu"


def test_variants_are_one_doubled_letter_away() -> None:
    assert "Middle Shabele" in variants("Middle Shabelle")
    assert "Shabelle" in variants("Shabele")
    assert "Shabele" not in variants("Shabele")


def test_first_word_of_a_firm_name_is_no_place(places_in: Places) -> None:
    found = _names(places_in("She held senior roles at Lombard Odier, Pictet and UBS in Geneva."))
    assert "Lombard" not in found
    assert found["Geneva"] == "Geneva"


def test_place_before_a_kind_word_stays(places_in: Places) -> None:
    found = _names(places_in("The Mansfield Police Department said the road to Shreveport was closed."))
    assert "Mansfield" in found


def test_name_used_as_a_place_elsewhere_stays(places_in: Places) -> None:
    found = places_in("She held senior roles at Lombard Odier in Geneva before moving to Lombard, Illinois.")
    assert [m.text for m in found].count("Lombard") == 2


def test_surname_of_a_person_tagged_as_a_place(places_in: Places) -> None:
    text = (
        "Wrestling coach Darren Ripley praised the team in Minnesota. "
        '"They fought hard," states coach Ripley. "It was tough," comments coach Ripley.'
    )
    found = _names(places_in(text))
    assert "Ripley" not in found
    assert found["Minnesota"] == "Minnesota"


def test_big_place_named_like_a_surname_stays(places_in: Places) -> None:
    found = _names(places_in("Former first lady Martha Washington spoke in Washington on Friday."))
    assert "Washington" in found


def test_surname_before_a_possessive(nlp: Any) -> None:
    doc = nlp("The Rev. Roy Jones' new job was announced in Mansfield. Jones will start Monday.")
    assert "jones" in person_words(tokens_of(doc))


def test_court_kind_is_no_town(places_in: Places) -> None:
    found = _names(
        places_in("He is due to appear in Litchfield Superior Court on Monday, police in Torrington said.")
    )
    assert "Superior" not in found
    assert "Litchfield" in found


def test_town_named_like_a_court_kind_stays(places_in: Places) -> None:
    found = _names(places_in("The family later moved to Superior, Wisconsin, and opened a bakery."))
    assert found["Superior"] == "Superior"
