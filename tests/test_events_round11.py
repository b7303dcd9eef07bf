"""Events round 11, on sentences written for frontwatch (never taken from a benchmark): a definite 'the rally'
in the next sentence retells the protest just told; damage done by the attackers of the sentence before is
part of their attack, and where they withdrew to is not where it happened; unnamed armed men take ground as
a non-state side; shooting at a civilian vehicle is an attack. Each case has a twin that must not change.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial

import pytest

from frontwatch.types import Extraction

PUBLISHED = date(2025, 9, 19)  # a Friday
Run = Callable[[str], Extraction]
PEACEFUL = "Peaceful protest"
ARSON = "Looting/property destruction"
TAKEOVER = "Non-state actor overtakes territory"
GAIN = "Government regains territory"


@pytest.fixture(scope="module")
def run(extract: Callable[..., Extraction]) -> Run:
    return partial(extract, published=PUBLISHED)


def subs(ex: Extraction) -> list[str]:
    return [e.sub_event_type for e in ex.events]


# (a) a definite protest noun that tells nothing new is the same protest
def test_the_march_retells_the_protest(run: Run) -> None:
    ex = run(
        "In Agadez, about two thousand residents marched on Wednesday against the new tax. "
        "The march ended calmly."
    )
    assert subs(ex) == [PEACEFUL]
    assert ex.events[0].location is not None and ex.events[0].location.name == "Agadez"


def test_another_rally_is_another_protest(run: Run) -> None:
    ex = run(
        "In Agadez, about two thousand residents rallied on Wednesday against the new tax. "
        "Another rally was held in Maradi."
    )
    assert subs(ex) == [PEACEFUL, PEACEFUL]


# (b) damage by the attackers of the sentence before is part of their attack
def test_attackers_burning_vehicles_is_part_of_the_attack(run: Run) -> None:
    ex = run(
        "Gunmen stormed a police station in Maradi on Tuesday, killing six officers. "
        "The gunmen torched two patrol cars before fleeing towards Nigeria."
    )
    assert ARSON not in subs(ex)
    assert len(ex.events) == 1
    assert ex.events[0].fatalities == 6


def test_damage_elsewhere_stays_its_own_event(run: Run) -> None:
    ex = run(
        "Gunmen stormed a police station in Maradi on Tuesday, killing six officers. "
        "On Thursday, the gunmen burned a school in Agadez."
    )
    assert ARSON in subs(ex)


# (c) unnamed armed men are a non-state side
def test_armed_men_overtake_territory(run: Run) -> None:
    ex = run("Armed men took the village of Ayorou on Sunday.")
    assert subs(ex) == [TAKEOVER]


def test_soldiers_still_regain_territory(run: Run) -> None:
    ex = run("Soldiers took the village of Ayorou on Sunday.")
    assert subs(ex) == [GAIN]


# (d) shooting at a civilian vehicle is an attack
def test_shooting_at_a_bus_is_an_attack(run: Run) -> None:
    ex = run("Soldiers shot at a minibus near Agadez, wounding three travellers.")
    assert subs(ex) == ["Attack"]
    assert ex.events[0].actor2 is not None and ex.events[0].actor2.kind == "civilians"


def test_firing_on_a_convoy_of_fighters_is_a_clash(run: Run) -> None:
    ex = run("Troops fired on a convoy of militants near Agadez.")
    assert subs(ex) == ["Armed clash"]


def test_shooting_at_a_target_board_is_no_event(run: Run) -> None:
    ex = run("Soldiers shot at paper targets near Agadez during a training day.")
    assert subs(ex) == []
