"""Events round 16, on sentences written for frontwatch (never taken from a benchmark):

- 'fighting/clashes between A and B' names both sides of an Armed clash, and the dead it killed are the
  clash's toll (not an Attack on civilians); an assault that kills people stays an Attack;
- 'repelled an attack by X' is one Armed clash with X, not a second event; an attack alone stays an attack;
- 'positions/bases/trenches held by X' make X the target, 'held by X in P' puts the event at P;
- 'residents / witnesses / survivors said' is a report by people who are no party: asserted, no claimer;
  a party's report stays claimed.

Each case has a twin that must not change.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial

import pytest

from frontwatch.types import Extraction

PUBLISHED = date(2025, 6, 18)  # a Wednesday
Run = Callable[[str], Extraction]
SD, RSF = "Military Forces of Sudan", "Rapid Support Forces"


@pytest.fixture(scope="module")
def run(extract: Callable[..., Extraction]) -> Run:
    return partial(extract, published=PUBLISHED)


def coded(ex: Extraction) -> list[tuple[str, str | None, str | None]]:
    return [
        (e.sub_event_type, e.actor1.name if e.actor1 else None, e.actor2.name if e.actor2 else None)
        for e in ex.events
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Fighting between the army and the RSF killed 12 people in Khartoum.",
        "Clashes between the army and the RSF left 9 dead in Khartoum on Sunday.",
    ],
)
def test_fighting_between_two_sides_is_their_clash(run: Run, text: str) -> None:
    ex = run(text)
    assert len(ex.events) == 1
    e = ex.events[0]
    assert e.sub_event_type == "Armed clash"
    assert {e.actor1.name if e.actor1 else None, e.actor2.name if e.actor2 else None} == {SD, RSF}
    assert e.fatalities and e.fatalities > 5


def test_storming_that_kills_stays_an_attack(run: Run) -> None:
    ex = run("Soldiers stormed a school in Khartoum, killing two people.")
    assert [s for s, _, _ in coded(ex)] == ["Attack"]


def test_repelled_attack_is_one_clash(run: Run) -> None:
    ex = run("The army said it had repelled an attack by the RSF on El Obeid on Monday.")
    assert coded(ex) == [("Armed clash", SD, RSF)]
    assert ex.events[0].location is not None and ex.events[0].location.name == "El Obeid"


def test_attack_alone_stays_an_attack(run: Run) -> None:
    ex = run("The RSF attacked El Obeid on Monday.")
    assert [s for s, _, _ in coded(ex)] == ["Attack"]


def test_positions_held_by_a_side(run: Run) -> None:
    ex = run("The army shelled positions held by the RSF in Omdurman.")
    assert coded(ex) == [("Shelling/artillery/missile attack", SD, RSF)]
    assert ex.events[0].location is not None and ex.events[0].location.name == "Omdurman"


def test_houses_are_not_held_positions(run: Run) -> None:
    ex = run("The army shelled the houses of civilians in Omdurman.")
    assert [a2 for _, _, a2 in coded(ex)] != [RSF]


@pytest.mark.parametrize("who", ["residents said", "witnesses said", "survivors said"])
def test_bystanders_report_no_claim(run: Run, who: str) -> None:
    ex = run(f"Airstrikes hit the town of Kurakhove on Tuesday, {who}.")
    assert len(ex.events) == 1
    assert ex.events[0].modality == "asserted"
    assert ex.events[0].claimed_by is None


def test_a_party_still_claims(run: Run) -> None:
    ex = run("Airstrikes hit the town of Kurakhove on Tuesday, the Ukrainian army said.")
    assert len(ex.events) == 1
    assert ex.events[0].modality == "claimed"


def test_white_phosphorus_is_a_chemical_weapon(run: Run) -> None:
    ex = run("The army fired white phosphorus shells at the village of Kafr Kila on Monday.")
    assert [e.sub_event_type for e in ex.events] == ["Chemical weapon"]


def test_plain_shells_stay_shelling(run: Run) -> None:
    ex = run("The army fired shells at the village of Kafr Kila on Monday.")
    assert [e.sub_event_type for e in ex.events] == ["Shelling/artillery/missile attack"]


def test_safely_detonated_bomb_is_disrupted(run: Run) -> None:
    ex = run("Police safely detonated a homemade bomb found near a market in Kano on Monday.")
    assert [e.sub_event_type for e in ex.events] == ["Disrupted weapons use"]


def test_detonated_bomb_is_an_explosion(run: Run) -> None:
    ex = run("Militants detonated a homemade bomb near a market in Kano on Monday.")
    assert [e.sub_event_type for e in ex.events] == ["Remote explosive/landmine/IED"]
