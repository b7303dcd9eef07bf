"""Cross-document de-duplication: one real event, many reports; different events stay apart."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from frontwatch import dedup, formats
from frontwatch.store import Store, StoreError
from frontwatch.types import Actor, DateInterval, Document, Event, Evidence, Extraction, Location

UA = Actor("Military Forces of Ukraine", "UA", "state_forces")
RU = Actor("Military Forces of Russia", "RU", "state_forces")
KYIV = Location("Kyiv", 703448, 50.45466, 30.5238, "UA", "Kyiv City", None)
KYIV_NEAR = Location("Kyiv", None, 50.47, 30.55, "UA", "Kyiv City", None, precision="near")
LVIV = Location("Lviv", 702550, 49.83826, 24.02324, "UA", "Lviv", None)


def report(
    doc: str,
    day: str,
    place: Location | None = KYIV,
    modality: str = "asserted",
    sub: str = "Air/drone strike",
    actor: Actor | None = RU,
    killed: int | None = None,
    end: str | None = None,
) -> Extraction:
    published = date.fromisoformat(end or day)
    document = Document(
        doc, f"Report {doc} about {sub} on {day}.", published, url=f"https://news.example/{doc}"
    )
    event = Event(
        id=f"{doc}-e",
        event_type="Explosions/Remote violence",
        sub_event_type=sub,
        actor1=actor,
        actor2=None,
        location=place,
        date=DateInterval(date.fromisoformat(day), published, "day" if not end else "week", day),
        modality=modality,  # type: ignore[arg-type]
        claimed_by=actor if modality != "asserted" else None,
        fatalities=killed,
        injuries=None,
        confidence=0.7,
        evidence=(Evidence(doc, document.url, published, 0, 20, document.text),),
    )
    return Extraction(document=document, events=(event,))


@pytest.fixture
def store(store_target: str) -> Store:
    s = Store.open(store_target)
    yield s
    s.close()


def test_ten_outlets_one_strike_and_next_day_stays_apart(store: Store) -> None:
    for i in range(10):
        store.save(report(f"m{i}", "2024-07-08", killed=30 + i))
    store.save(report("tue", "2024-07-09"))
    events = store.events()
    assert len(events) == 2
    monday = next(e for e in events if e["reports"] == 10)
    assert len(monday["evidence"]) == 10 and monday["merged_from"] == sorted(f"m{i}-e" for i in range(10))
    assert monday["fatalities"] == 39  # the latest report's toll, never a sum
    assert any("place(same id)" in r for r in monday["merge_reasons"])
    assert len(store.events(merged=False)) == 11


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        (report("a", "2024-07-08"), report("b", "2024-07-08", place=KYIV_NEAR), True),  # 2 km apart, near
        (report("a", "2024-07-08"), report("b", "2024-07-08", place=LVIV), False),
        (
            report("a", "2024-07-08"),
            report("b", "2024-07-08", place=None),
            False,
        ),  # unknown place: can't tell
        (report("a", "2024-07-08"), report("b", "2024-07-08", actor=UA), False),
        (report("a", "2024-07-08"), report("b", "2024-07-08", actor=None), True),
        (
            report("a", "2024-07-08"),
            report("b", "2024-07-08", sub="Shelling/artillery/missile attack"),
            False,
        ),
        (
            report("a", "2024-07-08"),
            report("b", "2024-07-02", end="2024-07-08"),
            True,
        ),  # a week containing it
        (report("a", "2024-07-08"), report("b", "2024-07-08", modality="intended"), False),
        (
            report("a", "2024-07-08"),
            report("b", "2024-07-08", modality="denied"),
            True,
        ),  # a denial stays linked
    ],
)
def test_match_rules(a: Extraction, b: Extraction, same: bool) -> None:
    ea, eb = formats.event_json(a.events[0]), formats.event_json(b.events[0])
    assert (dedup.match(ea, eb) is not None) is same
    assert (dedup.match(eb, ea) is not None) is same


def test_result_does_not_depend_on_arrival_order(tmp_path: Path) -> None:
    reports = [
        report("x", "2024-07-02", end="2024-07-08"),
        report("y", "2024-07-08"),
        report("z", "2024-07-09"),
        report("w", "2024-07-08", place=KYIV_NEAR),
    ]
    seen = set()
    for n, order in enumerate(itertools.permutations(reports)):
        with Store.open(tmp_path / f"o{n}.db") as s:
            for r in order:
                s.save(r)
            seen.add(tuple(sorted(tuple(e["merged_from"]) for e in s.events())))
    assert len(seen) == 1
    assert sorted(len(m) for m in seen.pop()) == [1, 3]  # z (the 9th) alone; x, y, w together


def test_merged_event_is_dated_by_the_narrowest_report(store: Store) -> None:
    store.save(report("wk", "2024-07-02", end="2024-07-08"))
    store.save(report("day", "2024-07-05", end=None))
    [e] = store.events()
    assert (e["date"]["start"], e["date"]["end"], e["date"]["precision"]) == (
        "2024-07-05",
        "2024-07-05",
        "day",
    )


def test_unmerge_is_kept_and_reextraction_relinks_others(store: Store) -> None:
    for doc in ("a", "b", "c"):
        store.save(report(doc, "2024-07-08"))
    assert len(store.events()) == 1
    assert store.unmerge("b-e") == 2
    assert sorted(e["reports"] for e in store.events()) == [1, 2]
    store.save(replace(report("b", "2024-07-08"), notes=("again",)))  # re-extracting b keeps it apart
    store.save(report("c", "2024-07-08", killed=3))  # c changed: still linked to a
    assert sorted(e["reports"] for e in store.events()) == [1, 2]
    with pytest.raises(StoreError, match="no event report"):
        store.unmerge("nope")


def test_replacing_a_document_reclusters_what_it_touched(store: Store) -> None:
    store.save(report("a", "2024-07-08"))
    store.save(report("b", "2024-07-08"))
    store.save(report("b", "2024-07-09"))  # b corrected to another day
    assert sorted(e["reports"] for e in store.events()) == [1, 1]


def dated(start: str, end: str, expression: str | None) -> dict[str, object]:
    e = formats.event_json(report("x", "2024-07-08").events[0])
    return {**e, "date": {"start": start, "end": end, "precision": "day", "expression": expression}}


@pytest.mark.parametrize(
    ("day", "expression", "same"),
    [
        ("2024-07-08", "Monday evening", True),  # runs into the night that starts on Monday
        ("2024-07-08", "Monday", False),  # a bare day stays apart from the night after it
        ("2024-07-08", "early on Monday", False),  # the night before, not this one
        ("2024-07-09", "Tuesday", True),  # "Tuesday's attack" can be the night before
        ("2024-07-09", "Tuesday night", False),  # the next night
        ("2024-07-10", "Wednesday evening", False),  # no overlap at all
    ],
)
def test_a_day_and_a_night_are_one_event_only_when_the_words_join_them(
    day: str, expression: str, same: bool
) -> None:
    night = dated("2024-07-08", "2024-07-09", "overnight")
    one_day = dated(day, day, expression)
    assert (dedup.match(one_day, night) is not None) is same
    assert (dedup.match(night, one_day) is not None) is same


def test_an_unlocated_report_joins_the_one_located_report_of_its_document() -> None:
    headline = formats.event_json(report("d", "2024-07-08", place=None).events[0])
    body = {**formats.event_json(report("d", "2024-07-08").events[0]), "id": "d-body"}
    links = dedup.links_for([headline, body], [], set())
    assert [(x.a, x.b) for x in links] == [("d-body", "d-e")]
    assert "place(same document)" in links[0].reason
    # with two located reports it could be either: it stays alone
    other = {**formats.event_json(report("d", "2024-07-08", place=LVIV).events[0]), "id": "d-lviv"}
    assert dedup.links_for([headline, body, other], [], set()) == []
    # never across documents
    elsewhere = formats.event_json(report("e", "2024-07-08").events[0])
    assert dedup.links_for([headline], [elsewhere], set()) == []


M23 = Actor("M23: March 23 Movement", "CD", "rebel_group")
FARDC = Actor("Military Forces of the Democratic Republic of Congo", "CD", "state_forces")
WAGNER = Actor("Wagner Group", "RU", "external_force")


@pytest.mark.parametrize(
    ("x", "y", "same"),
    [
        (M23, FARDC, False),  # one country, two sides of a war
        (WAGNER, RU, True),  # Wagner fights on Russia's side
        (RU, UA, False),
    ],
)
def test_sides_follow_the_conflict_dyads_not_only_the_country(x: Actor, y: Actor, same: bool) -> None:
    a = formats.event_json(report("a", "2024-07-08", actor=x).events[0])
    b = formats.event_json(report("b", "2024-07-08", actor=y).events[0])
    assert (dedup.match(a, b) is not None) is same


def test_a_merged_event_takes_a_located_reports_place_when_the_trusted_one_has_none() -> None:
    headline = formats.event_json(report("d", "2024-07-08", place=None).events[0])
    located = {**formats.event_json(report("e", "2024-07-08", modality="claimed").events[0])}
    merged = dedup.merge([headline, located])
    assert merged["modality"] == "asserted" and merged["location"]["name"] == "Kyiv"
