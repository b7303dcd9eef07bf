"""Control timelines from territory-change events: asserted settles, claims and denials contest."""

from __future__ import annotations

from datetime import date

from frontwatch.control import changes_from_events, state, state_at, timeline
from frontwatch.types import Actor, DateInterval, Event, Evidence, Location

UA = Actor("Military Forces of Ukraine", "UA", "state_forces")
RU = Actor("Military Forces of Russia", "RU", "state_forces")
TOWN = Location("Robotyne", 700000, 47.45, 35.84, "UA", "Zaporizhzhia", None)


def event(
    eid: str,
    actor: Actor,
    other: Actor | None,
    start: str,
    end: str,
    modality: str = "asserted",
    sub: str = "Government regains territory",
    place: Location | None = TOWN,
) -> Event:
    return Event(
        id=eid,
        event_type="Battles",
        sub_event_type=sub,
        actor1=actor,
        actor2=other,
        location=place,
        date=DateInterval(date.fromisoformat(start), date.fromisoformat(end), "day", None),
        modality=modality,  # type: ignore[arg-type]
        claimed_by=actor if modality != "asserted" else None,
        fatalities=None,
        injuries=None,
        confidence=0.8,
        evidence=(Evidence("doc-" + eid, None, None, 0, 10, "s"),),
    )


def test_only_territory_changes_at_known_places_become_changes() -> None:
    events = [
        event("a", UA, RU, "2023-08-28", "2023-08-28"),
        event("b", UA, RU, "2023-08-29", "2023-08-29", sub="Armed clash"),
        event("c", UA, RU, "2023-08-30", "2023-08-30", place=None),
        event("d", UA, RU, "2023-08-31", "2023-08-31", modality="intended"),
        event("e", RU, UA, "2023-09-01", "2023-09-01", modality="negated"),
    ]
    changes = changes_from_events(events)
    assert [c.event_id for c in changes] == ["a"]
    assert changes[0].controller == UA and changes[0].previous_controller == RU


def test_held_since_the_latest_asserted_change() -> None:
    changes = changes_from_events(
        [
            event("old", RU, UA, "2022-03-01", "2022-03-31"),
            event("new", UA, RU, "2023-08-28", "2023-08-28"),
        ]
    )
    before = state(changes, "robotyne", date(2023, 1, 1))
    after = state(changes, 700000, date(2023, 9, 1))
    assert before and before.controller == RU and before.status == "held"
    assert after and after.controller == UA and after.since and after.since.start == date(2023, 8, 28)


def test_claim_by_the_other_side_makes_it_contested_until_settled() -> None:
    changes = changes_from_events(
        [
            event("held", UA, RU, "2023-08-28", "2023-08-28"),
            event("claim", RU, UA, "2023-10-01", "2023-10-01", modality="claimed"),
            event("settled", UA, RU, "2023-10-10", "2023-10-10"),
        ]
    )
    mid = state(changes, "Robotyne", date(2023, 10, 5))
    assert mid and mid.status == "contested" and mid.controller == UA
    assert [c.event_id for c in mid.disputed_by] == ["claim"]
    later = state(changes, "Robotyne", date(2023, 10, 11))
    assert later and later.status == "held" and later.controller == UA


def test_denial_is_kept_as_contested_change() -> None:
    changes = changes_from_events([event("deny", RU, UA, "2023-10-01", "2023-10-01", modality="denied")])
    assert changes[0].status == "contested"
    s = state(changes, "Robotyne", date(2023, 10, 2))
    assert s and s.status == "contested" and s.controller is None


def test_interval_straddling_the_date_is_not_yet_settled() -> None:
    changes = changes_from_events([event("wk", UA, RU, "2023-10-30", "2023-11-12")])
    assert state(changes, "Robotyne", date(2023, 11, 5)).status == "contested"  # type: ignore[union-attr]
    assert state(changes, "Robotyne", date(2023, 11, 12)).status == "held"  # type: ignore[union-attr]


def test_unknown_place_and_contract_shape() -> None:
    changes = changes_from_events([event("a", UA, RU, "2023-08-28", "2023-08-28")])
    assert state(changes, "Elsewhere", date(2024, 1, 1)) is None
    assert timeline(changes, "Elsewhere") == []
    shaped = state_at(changes, "Robotyne", date(2024, 1, 1))
    assert shaped is not None
    assert set(shaped) >= {"place", "at", "controller", "status", "since", "evidence"}
    assert shaped["controller"] == {"name": "Military Forces of Ukraine", "country": "UA"}
    assert shaped["status"] == "held" and shaped["at"] == "2024-01-01"


def test_an_allied_groups_capture_is_on_its_states_side() -> None:
    """The DPR (registry country RU) holds for Russia's side: a later Russian claim does not contest it, a
    Ukrainian one does."""
    dpr = Actor("DPR: Donetsk People's Republic", "RU", "rebel_group")
    changes = changes_from_events(
        [
            event("dpr", dpr, UA, "2022-03-05", "2022-03-05", sub="Non-state actor overtakes territory"),
            event("ru", RU, UA, "2022-04-01", "2022-04-01", modality="claimed"),
        ]
    )
    allied = state(changes, "Robotyne", date(2022, 4, 10))
    assert allied and allied.status == "held" and allied.controller == dpr
    shaped = state_at(changes, "Robotyne", date(2022, 4, 10))
    assert shaped is not None and shaped["controller"] == {"name": dpr.name, "country": "RU"}
    contested = changes_from_events([event("ua", UA, dpr, "2022-05-01", "2022-05-01", modality="claimed")])
    mid = state([*changes, *contested], "Robotyne", date(2022, 5, 2))
    assert mid and mid.status == "contested" and mid.controller == dpr
