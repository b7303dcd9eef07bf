"""Events round 12, on sentences written for frontwatch (never taken from a benchmark): a definite attack noun
in the next sentence, placed inside the region of the violent event just told and with no day of its own, is
that event and sharpens its place; its civilians become civilians of the finer place's country. Each case has
a twin that must not change (an indefinite noun, a place outside the region, another day, two towns).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial

import pytest

from frontwatch.types import Extraction

PUBLISHED = date(2026, 6, 26)
Run = Callable[[str], Extraction]
GAZA = "Airstrikes killed 11 people across the Gaza Strip overnight, health officials said. "
KHERSON = "Shelling killed four people in Kherson region on Monday, officials said. "


@pytest.fixture(scope="module")
def run(extract: Callable[..., Extraction]) -> Run:
    return partial(extract, published=PUBLISHED)


def places(ex: Extraction) -> list[str | None]:
    return [e.location.name if e.location else None for e in ex.events]


def test_the_strike_on_a_camp_sharpens_the_strikes(run: Run) -> None:
    ex = run(
        GAZA
        + "A farmer who lost his brother in the strike on the Bureij refugee camp said they had been asleep."
    )
    assert len(ex.events) == 1
    event = ex.events[0]
    assert event.sub_event_type == "Air/drone strike" and event.fatalities == 11
    assert event.location is not None and event.location.precision == "place"
    assert event.location.country == "PS" and event.location.admin1 == "Gaza Strip"


def test_a_strike_on_a_camp_is_another_strike(run: Run) -> None:
    ex = run(
        GAZA
        + "A farmer who lost his brother in a strike on the Bureij refugee camp said they had been asleep."
    )
    assert len(ex.events) == 2
    assert ex.events[0].location is not None and ex.events[0].location.precision == "region"


def test_the_strike_last_week_is_another_strike(run: Run) -> None:
    ex = run(
        GAZA + "A farmer who lost his brother in the strike on the Bureij camp last week was at the funeral."
    )
    assert len(ex.events) == 2


def test_the_shelling_of_a_town_in_the_region_sharpens_it(run: Run) -> None:
    ex = run(KHERSON + "A woman who was wounded in the shelling of Beryslav said she had no warning.")
    assert places(ex) == ["Beryslav"]
    assert ex.events[0].fatalities == 4


def test_the_shelling_of_a_town_elsewhere_is_another_shelling(run: Run) -> None:
    ex = run(KHERSON + "A woman who was wounded in the shelling of Kramatorsk said she had no warning.")
    assert len(ex.events) == 2
    assert places(ex)[0] == "Kherson Oblast"


def test_a_strike_on_another_town_is_another_strike(run: Run) -> None:
    ex = run(
        "An air strike hit Khan Younis overnight, medics said. A man lost his son in the strike on Rafah."
    )
    assert len(ex.events) == 2


def test_a_quote_two_sentences_on_still_sharpens(run: Run) -> None:
    ex = run(
        GAZA + "The army said it had hit militant sites. It gave no figures. "
        "A teacher who lost her husband in the strike on the Bureij refugee camp said the house fell at once."
    )
    assert [e.location.precision if e.location else None for e in ex.events] == ["place"]


def test_civilians_are_of_the_finer_place(run: Run) -> None:
    ex = run(
        "JERUSALEM (AP) — Israeli airstrikes killed at least 11 people across the Gaza Strip overnight, "
        "health officials said. A farmer who lost his brother in the strike on the Bureij refugee camp said "
        "they had been asleep."
    )
    assert len(ex.events) == 1
    victims = ex.events[0].actor2
    assert victims is not None and victims.country == "PS"


def test_stated_civilians_keep_their_country(run: Run) -> None:
    ex = run(
        "Rockets struck southern Israel on Monday, killing two Israeli civilians, officials said. "
        "A neighbour who saw the strike on Sderot said the sirens sounded late."
    )
    victims = [e.actor2 for e in ex.events if e.actor2 is not None]
    assert victims and all(v.country == "IL" for v in victims)
