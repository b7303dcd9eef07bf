"""Events round 8, on sentences written for frontwatch (never taken from a benchmark): claims told by a
speech or claim verb coordinated with another verb of the same subject ('denied X and said ...', 'rejected
the report but insisted ...', 'declined to comment but said ...'), and who acts through a weapon: the one
who launched, fired, flew or operated it ('drones launched by X', 'X-launched drones', 'a missile fired from
X-held territory'). Each case has a twin that must not change: a plain assertion stays asserted, a denial
makes no capture, a weapon with no launcher named gets no actor.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial

import pytest

from frontwatch.types import Event, Extraction

PUBLISHED = date(2024, 8, 17)
TAKEOVER = "Non-state actor overtakes territory"
RSF = "Rapid Support Forces"
TOWN = "the town of Um Kadada"
Run = Callable[[str], Extraction]


@pytest.fixture(scope="module")
def run(extract: Callable[..., Extraction]) -> Run:
    return partial(extract, published=PUBLISHED)


def captures(ex: Extraction) -> list[Event]:
    return [e for e in ex.events if e.sub_event_type in (TAKEOVER, "Government regains territory")]


def violent(ex: Extraction) -> list[Event]:
    return [e for e in ex.events if e.event_type == "Explosions/Remote violence"]


@pytest.mark.parametrize(
    "text",
    [
        f"The RSF denied carrying out the strike and said it had captured {TOWN} on Tuesday.",
        f"The RSF rejected the report but insisted its fighters had seized {TOWN} on Monday.",
        f"The RSF declined to comment but said its fighters had taken {TOWN} on Monday.",
        f"The RSF posted a video on Telegram and said its fighters had seized {TOWN} on Monday.",
        f"The RSF said on its Telegram channel that its fighters had captured {TOWN} on Monday.",
        f"The RSF announced on Tuesday that its fighters had seized {TOWN}.",
    ],
)
def test_a_coordinated_or_embedded_report_is_a_claim_by_its_subject(run: Run, text: str) -> None:
    ex = run(text)
    (e,) = captures(ex)
    assert (e.sub_event_type, e.modality) == (TAKEOVER, "claimed")
    assert e.claimed_by is not None and e.claimed_by.name == RSF
    assert e.actor1 is not None and e.actor1.name == RSF
    assert [(c.place.name, c.status) for c in ex.control] == [("Um Kadada", "claimed")]


def test_the_plain_capture_twin_stays_asserted(run: Run) -> None:
    ex = run(f"RSF fighters captured {TOWN} on Tuesday.")
    (e,) = captures(ex)
    assert (e.modality, e.claimed_by) == ("asserted", None)
    assert [(c.place.name, c.status) for c in ex.control] == [("Um Kadada", "asserted")]


def test_a_conjunct_with_its_own_subject_keeps_its_own_speaker(run: Run) -> None:
    ex = run(f"The army denied the report and the RSF said its fighters had captured {TOWN} on Monday.")
    (e,) = captures(ex)
    assert e.modality == "claimed" and e.claimed_by is not None and e.claimed_by.name == RSF


def test_a_state_report_of_its_own_gain_in_a_conjunct_stays_the_event(run: Run) -> None:
    ex = run(f"The Sudanese army declined to comment but said its troops had retaken {TOWN} on Monday.")
    (e,) = captures(ex)
    assert (e.sub_event_type, e.modality) == ("Government regains territory", "asserted")


@pytest.mark.parametrize(
    "text",
    [
        f"The RSF denied capturing {TOWN} on Monday and said its fighters were still outside it.",
        f"The RSF denied that its fighters had captured {TOWN} and said the army still held it.",
    ],
)
def test_a_denied_capture_beside_a_report_is_no_capture(run: Run, text: str) -> None:
    ex = run(text)
    assert all(e.modality == "denied" for e in captures(ex)), [
        (e.sub_event_type, e.modality) for e in ex.events
    ]
    assert all(e.claimed_by is not None and e.claimed_by.name == RSF for e in captures(ex))
    assert not [c for c in ex.control if c.status in ("asserted", "claimed")]


@pytest.mark.parametrize(
    ("text", "sub", "actor1"),
    [
        (
            "Drones launched by the Rapid Support Forces struck a camp in El Fasher, killing 14 civilians.",
            "Air/drone strike",
            RSF,
        ),
        (
            "Shells fired by the army hit a market in El Fasher on Monday, killing five people.",
            "Shelling/artillery/missile attack",
            "Military Forces of Sudan",
        ),
        (
            "A drone operated by Ukrainian troops hit a fuel depot in Belgorod on Friday.",
            "Air/drone strike",
            "Military Forces of Ukraine",
        ),
        (
            "Russian-launched drones struck an apartment block in Odesa overnight, killing two.",
            "Air/drone strike",
            "Military Forces of Russia",
        ),
        (
            "A missile fired from Russian-held territory struck a school in Kharkiv.",
            "Shelling/artillery/missile attack",
            "Military Forces of Russia",
        ),
        (
            "A school in Kharkiv was hit by a missile launched by Russian forces.",
            "Shelling/artillery/missile attack",
            "Military Forces of Russia",
        ),
        (
            "Rockets fired by the Houthis struck a tanker in the Red Sea on Monday.",
            "Shelling/artillery/missile attack",
            "Houthi Movement",
        ),
    ],
)
def test_who_launched_the_weapon_acts(run: Run, text: str, sub: str, actor1: str) -> None:
    (e,) = violent(run(text))
    assert e.sub_event_type == sub
    assert e.actor1 is not None and e.actor1.name == actor1


def test_the_launch_of_what_hit_is_one_event_at_the_target(run: Run) -> None:
    (e,) = violent(run("A missile fired from Kyiv-controlled territory hit a fuel depot in Belgorod."))
    assert e.location is not None and e.location.name == "Belgorod"
    assert e.actor1 is not None and e.actor1.name == "Military Forces of Ukraine"


@pytest.mark.parametrize(
    "text",
    [
        "Drones launched from the sea struck a port in Novorossiysk on Monday.",
        "A missile fired from a field near the village struck a school in Kharkiv.",
    ],
)
def test_a_weapon_with_no_launcher_named_has_no_actor(run: Run, text: str) -> None:
    (e,) = violent(run(text))
    assert e.actor1 is None


def test_the_side_fired_at_is_not_the_one_that_fired(run: Run) -> None:
    events = violent(run("Shells fired at the army hit a market in El Fasher on Monday."))
    assert events and all(e.actor1 is None or e.actor1.name != "Military Forces of Sudan" for e in events)
