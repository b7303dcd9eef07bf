"""The store: round trips in the contract's shape, filters, idempotent saves, refusal of foreign files."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from frontwatch import formats
from frontwatch.control import changes_from_events
from frontwatch.store import EventFilter, Store, StoreError
from frontwatch.types import (
    Actor,
    DateInterval,
    Document,
    Event,
    Evidence,
    Extraction,
    Location,
    PlaceMention,
    Quote,
    Speaker,
)

UA = Actor("Military Forces of Ukraine", "UA", "state_forces", "47th Mechanized Brigade")
RU = Actor("Military Forces of Russia", "RU", "state_forces")
VERBOVE = Location("Verbove", 687000, 47.47, 35.97, "UA", "Zaporizhzhia", "Polohy Raion")
TEXT = "Ukrainian troops retook Verbove on Friday, the brigade said. \u201cWe hold it,\u201d Taras said."


def extraction(doc_id: str = "a1", text: str = TEXT) -> Extraction:
    doc = Document(doc_id, text, date(2023, 9, 24), url="https://example.org/a1")
    ev = Evidence(doc_id, doc.url, doc.published, 0, 60, text[:60])
    event = Event(
        id=f"{doc_id}-e1",
        event_type="Battles",
        sub_event_type="Government regains territory",
        actor1=UA,
        actor2=RU,
        location=VERBOVE,
        date=DateInterval(date(2023, 9, 22), date(2023, 9, 22), "day", "on Friday"),
        modality="asserted",
        claimed_by=None,
        fatalities=None,
        injuries=None,
        confidence=0.8,
        evidence=(ev,),
    )
    quote = Quote(f"{doc_id}-q1", doc_id, "We hold it,", 62, 74, "direct", "said", Speaker("Taras"), ev)
    mention = PlaceMention(doc_id, "Verbove", 24, 31, VERBOVE, "event", 0.9)
    return Extraction(
        document=doc,
        places=(mention,),
        quotes=(quote,),
        events=(event,),
        control=tuple(changes_from_events([event])),
    )


@pytest.fixture
def store(store_target: str) -> Store:
    s = Store.open(store_target)
    yield s
    s.close()


def test_round_trip_in_contract_shape(store: Store) -> None:
    ex = extraction()
    store.save(ex)
    [event] = store.events(merged=False)
    assert event == formats.event_json(ex.events[0])
    [merged] = store.events()
    assert merged["reports"] == 1 and {k: merged[k] for k in event} == event
    assert event["location"]["geonames_id"] == 687000 and event["actor1"]["unit"] == "47th Mechanized Brigade"
    assert formats.event_from_json(event) == ex.events[0]
    [change] = store.control_changes("verbove")
    assert change == ex.control[0]
    assert store.quotes(speaker="taras")[0]["speaker"]["name"] == "Taras"
    assert store.mentions("place")[0]["role"] == "event"


def test_saving_again_replaces_and_same_text_is_known(store: Store) -> None:
    store.save(extraction())
    store.save(extraction())
    assert store.count("documents") == 1 and store.count("events") == 1 and store.count("quotes") == 1
    assert store.has_document(extraction().document)
    assert not store.has_document(replace(extraction().document, text=TEXT + " Updated."))


@pytest.mark.parametrize(
    ("flt", "expected"),
    [
        (EventFilter(place="Verbove"), 1),
        (EventFilter(place="687000"), 1),
        (EventFilter(place="Bakhmut"), 0),
        (EventFilter(since=date(2023, 9, 22), until=date(2023, 9, 22)), 1),
        (EventFilter(since=date(2023, 9, 23)), 0),
        (EventFilter(event_type="Battles"), 1),
        (EventFilter(event_type="government regains territory"), 1),
        (EventFilter(event_type="Protests"), 0),
        (EventFilter(actor="Russia"), 1),
        (EventFilter(actor="Sudan"), 0),
        (EventFilter(modality="claimed"), 0),
        (EventFilter(country="UA"), 1),
    ],
)
def test_event_filters(store: Store, flt: EventFilter, expected: int) -> None:
    store.save(extraction())
    assert len(store.events(flt)) == expected


def test_failed_save_leaves_stored_data_intact(store: Store) -> None:
    store.save(extraction("a1"))
    bad = extraction("a1", TEXT + " New text.")
    broken = replace(bad, events=(replace(bad.events[0], actor1=object()),))  # type: ignore[arg-type]
    with pytest.raises(AttributeError):
        store.save(broken)
    assert store.count("documents") == 1
    assert store.events()[0]["id"] == "a1-e1" and store.has_document(extraction("a1").document)


def test_refuses_files_that_are_not_frontwatch_stores(tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("not a database")
    with pytest.raises(StoreError, match="not a SQLite database"):
        Store.open(text)
    assert text.read_text() == "not a database"
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    with pytest.raises(StoreError, match="not a frontwatch store"):
        Store.open(other)
    with pytest.raises(StoreError, match="directory"):
        Store.open(tmp_path)


def test_wal_mode(tmp_path: Path) -> None:
    s = Store.open(tmp_path / "w.db")
    assert s.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    s.close()


def test_export_formats_from_stored_events(store: Store) -> None:
    import io
    import json

    store.save(extraction())
    rows = store.events()
    buf = io.StringIO()
    formats.write_acled(rows, buf)
    header, line = buf.getvalue().splitlines()
    assert header.split(",")[1:4] == ["event_date", "time_precision", "event_type"]
    assert "2023-09-22" in line and "Verbove" in line
    buf = io.StringIO()
    assert formats.write_geojson(rows, buf) == 1
    feature = json.loads(buf.getvalue())["features"][0]
    assert feature["geometry"]["coordinates"] == [35.97, 47.47]
    csv_text = formats.to_csv_string(rows)
    assert "location.name" in csv_text.splitlines()[0]
