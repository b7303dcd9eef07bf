"""Territorial control: territory-change events become a timeline of who holds each place.

Only territory changes with a resolved place and an actor of a known side count (not an unidentified armed
group). Asserted changes settle control; claims
and denials are kept as such and make the place `contested` until a later asserted report settles it. One
article's reports of the same change (a claim, then the losing side's concession) are one change.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from frontwatch.types import Actor, ControlChange, DateInterval, Event, Evidence, Location

TERRITORY_TYPES = {
    "Government regains territory",
    "Non-state actor overtakes territory",
    "Non-violent transfer of territory",
}
UNIDENTIFIED = "Unidentified Armed Group"
STATUS_BY_MODALITY = {"asserted": "asserted", "claimed": "claimed", "denied": "contested"}

StateStatus = Literal["held", "contested", "unknown"]


def changes_from_events(events: Iterable[Event]) -> list[ControlChange]:
    """A control change for every asserted, claimed or denied territory change at a known place."""
    out = []
    for e in events:
        status = STATUS_BY_MODALITY.get(e.modality)
        if e.sub_event_type not in TERRITORY_TYPES or status is None:
            continue
        if e.location is None or e.actor1 is None or e.location.precision == "country" or _unknown(e.actor1):
            continue
        out.append(
            ControlChange(
                place=e.location,
                controller=e.actor1,
                previous_controller=None if e.actor2 is None or _unknown(e.actor2) else e.actor2,
                date=e.date,
                status=status,  # type: ignore[arg-type]
                evidence=e.evidence,
                event_id=e.id,
            )
        )
    return _merge_reports(out)


def _merge_reports(changes: list[ControlChange]) -> list[ControlChange]:
    """One article telling the same change twice ('X claimed the capture of B on Sunday' ... 'our troops
    withdrew from B', the army said) tells one change: the reports of one place by one document, in text
    order, that give it to the same side with no other side's change between them, become one change,
    dated from the earliest report, asserted if any report is. Denials (contested) stay their own."""
    out: list[ControlChange] = []
    first_at: list[int] = []  # for each change of out, where its first report stood in `changes`
    order = {id(c): n for n, c in enumerate(changes)}
    last: dict[tuple[str, object], int] = {}  # (document, place) -> index in out of its latest change
    for c in sorted(changes, key=_text_order):
        key = (c.evidence[0].document_id if c.evidence else "", c.place.geonames_id or c.place.name)
        prev = out[last[key]] if key in last else None
        if prev is None or not _same_change(prev, c):
            last[key] = len(out)
            out.append(c)
            first_at.append(order[id(c)])
            continue
        first = min(prev, c, key=lambda x: (x.date.start, x.date.end))
        out[last[key]] = ControlChange(
            place=first.place,
            controller=first.controller,
            previous_controller=prev.previous_controller or c.previous_controller,
            date=first.date,
            status="asserted" if "asserted" in (prev.status, c.status) else prev.status,
            evidence=prev.evidence + tuple(e for e in c.evidence if e not in prev.evidence),
            event_id=first.event_id,
        )
    return [c for _, c in sorted(zip(first_at, out, strict=True), key=lambda p: p[0])]


def _text_order(change: ControlChange) -> tuple[str, int]:
    ev = change.evidence[0] if change.evidence else None
    return (ev.document_id, ev.start) if ev else ("", 0)


def _same_change(a: ControlChange, b: ControlChange) -> bool:
    firm = {"asserted", "claimed"}
    return a.status in firm and b.status in firm and _side(a.controller) == _side(b.controller)


def _unknown(actor: Actor) -> bool:
    """An unidentified armed group: its name carries the country it acts in, not the side it fights for, so
    a timeline cannot say whose the place became ('captured by separatists'): abstain."""
    return actor.name.startswith(UNIDENTIFIED)


@dataclass(frozen=True, slots=True)
class ControlState:
    place: Location
    at: date
    controller: Actor | None
    status: StateStatus
    since: DateInterval | None
    evidence: tuple[Evidence, ...]
    disputed_by: tuple[ControlChange, ...] = ()


def _side(actor: Actor) -> str:
    return actor.country or actor.name


def _matches(change: ControlChange, place: str | int) -> bool:
    if isinstance(place, int):
        return change.place.geonames_id == place
    return change.place.name.casefold() == place.casefold() or str(change.place.geonames_id) == place


def timeline(changes: Iterable[ControlChange], place: str | int) -> list[ControlChange]:
    """The changes of one place, oldest first (by interval end, then start)."""
    return sorted((c for c in changes if _matches(c, place)), key=lambda c: (c.date.end, c.date.start))


def state(changes: Sequence[ControlChange], place: str | int, at: date) -> ControlState | None:
    """Who held `place` on `at`: the latest asserted change known to be complete by then.

    A change whose interval straddles `at`, or a later claim or denial by another side before `at`, makes
    the place `contested`. None when nothing is known about the place.
    """
    line = timeline(changes, place)
    if not line:
        return None
    settled = [c for c in line if c.status == "asserted" and c.date.end <= at]
    last = settled[-1] if settled else None
    after = [
        c
        for c in line
        if c is not last and c.date.start <= at and (last is None or c.date.end >= last.date.end)
    ]
    disputes = tuple(
        c
        for c in after
        if c.status != "asserted" or c.date.end > at
        if last is None or _side(c.controller) != _side(last.controller) or c.status == "contested"
    )
    place_loc = line[-1].place
    if last is None:
        status: StateStatus = "contested" if disputes else "unknown"
        return ControlState(place_loc, at, None, status, None, (), disputes)
    return ControlState(
        place=last.place,
        at=at,
        controller=last.controller,
        status="contested" if disputes else "held",
        since=last.date,
        evidence=last.evidence,
        disputed_by=disputes,
    )


def state_at(changes: Sequence[ControlChange], place: str | int, at: date) -> dict[str, object] | None:
    """`state` in the output contract's shape (`frontwatch control PLACE --at DATE --format json`)."""
    from frontwatch.formats import _plain, control_json, location_json

    s = state(changes, place, at)
    if s is None:
        return None
    return {
        "place": location_json(s.place),
        "at": s.at.isoformat(),
        "controller": None
        if s.controller is None
        else {"name": s.controller.name, "country": s.controller.country},
        "status": s.status,
        "since": None if s.since is None else _plain(s.since),
        "evidence": [_plain(e) for e in s.evidence],
        "disputed_by": [control_json(c) for c in s.disputed_by],
    }
