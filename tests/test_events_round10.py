"""Events round 10, on sentences written for frontwatch (never taken from a benchmark): a killing told by its
complement ('shot dead', 'gunned down', 'beaten to death', 'burned alive') counts its dead, a shot in a limb
its wounded; a protest that absorbs the force used on it keeps that force's time, place and toll; setting a
building on fire is arson, not a base set up; a territory taken by 'take' needs a doer that can take ground
and no complement of another sense. Each case has a twin that must not change.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial

import pytest

from frontwatch.types import Event, Extraction

PUBLISHED = date(2025, 3, 14)  # a Friday
Run = Callable[[str], Extraction]
HQ = "Headquarters or base established"
ARSON = "Looting/property destruction"
TAKEOVER = "Non-state actor overtakes territory"
GAIN = "Government regains territory"


@pytest.fixture(scope="module")
def run(extract: Callable[..., Extraction]) -> Run:
    return partial(extract, published=PUBLISHED)


def subs(ex: Extraction) -> list[str]:
    return [e.sub_event_type for e in ex.events]


def only(ex: Extraction) -> Event:
    (e,) = ex.events
    return e


@pytest.mark.parametrize(
    ("text", "dead"),
    [
        ("Soldiers shot dead six villagers in Kitgum on Tuesday.", 6),
        ("Gunmen gunned down three traders in Maiduguri on Tuesday.", 3),
        ("A crowd beat two suspected thieves to death in Kisumu on Tuesday.", 2),
        ("Attackers hacked to death four herders in Makurdi on Tuesday.", 4),
        ("Five passengers were burned alive in Maiduguri on Tuesday.", 5),
        ("Troops shot two fishermen dead in Kitgum on Tuesday.", 2),
    ],
)
def test_a_killing_told_by_its_complement_counts_its_dead(run: Run, text: str, dead: int) -> None:
    e = only(run(text))
    assert (e.fatalities, e.injuries) == (dead, None)


@pytest.mark.parametrize(
    ("text", "hurt"),
    [
        ("Gunmen shot and wounded four farmers in Makurdi on Tuesday.", 4),
        ("Police shot three students in the leg in Kisumu on Tuesday.", 3),
    ],
)
def test_a_shot_that_wounds_counts_injuries_not_deaths(run: Run, text: str, hurt: int) -> None:
    e = only(run(text))
    assert (e.fatalities, e.injuries) == (None, hurt)


def test_a_shot_without_a_complement_counts_nobody(run: Run) -> None:
    e = only(run("Soldiers shot two villagers in Kitgum on Tuesday."))
    assert (e.fatalities, e.injuries) == (None, None)


def test_a_protest_keeps_the_time_place_and_toll_of_the_force_it_absorbs(run: Run) -> None:
    ex = run(
        "Riot police shot dead at least five people on Tuesday as hundreds of traders marched on the "
        "governor's office in Kisumu."
    )
    e = only(ex)
    assert e.sub_event_type == "Excessive force against protesters"
    assert (e.date.start, e.date.precision) == (date(2025, 3, 11), "day")
    assert e.location is not None and e.location.name == "Kisumu"
    assert e.fatalities == 5


def test_a_protest_dated_by_itself_keeps_its_own_day(run: Run) -> None:
    ex = run("Hundreds of traders marched on the governor's office in Kisumu on Wednesday.")
    e = only(ex)
    assert e.date.start == date(2025, 3, 12) and e.fatalities is None


def test_setting_a_post_on_fire_in_a_protest_is_its_violence_not_a_base(run: Run) -> None:
    ex = run("In Kisumu on Tuesday, angry protesters threw rocks and set a police post on fire.")
    assert HQ not in subs(ex)
    assert subs(ex) == ["Violent demonstration"]


def test_setting_a_building_on_fire_alone_is_arson(run: Run) -> None:
    ex = run("Arsonists set a police post on fire in Kitgum on Tuesday.")
    assert subs(ex) == [ARSON]


def test_setting_up_a_post_is_still_a_base(run: Run) -> None:
    ex = run("Rebels set up a new post outside Kitgum on Tuesday.")
    assert subs(ex) == [HQ]


@pytest.mark.parametrize(
    "text",
    [
        "The mayor took Lyon on a tour on Tuesday.",  # another sense, told by its complement
        "The singer took Kisumu on a journey.",  # no doer that can take ground
    ],
)
def test_taking_a_city_on_a_tour_is_no_capture(run: Run, text: str) -> None:
    ex = run(text)
    assert not [e for e in ex.events if e.sub_event_type in (TAKEOVER, GAIN)]


def test_rebels_taking_a_town_still_capture_it(run: Run) -> None:
    ex = run("Rebels took the town of Kitgum on Tuesday.")
    assert [e.sub_event_type for e in ex.events] == [TAKEOVER]
