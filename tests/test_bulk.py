"""bulk.load on both engines: the same store as row-by-row inserts (search and box indexes included), triggers
and indexes back afterwards, and nothing left behind when a load fails."""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

import pytest

from benchmarks.queries import fake_event
from frontwatch import bulk
from frontwatch.queries import EventQuery, events_page
from frontwatch.store import Store

N = 300


def _docs(n: int) -> list[tuple[Any, ...]]:
    return [(f"d{j}", f"h{j}", "generated", None, None, None, None, None) for j in range((n + 4) // 5)]


def _events(n: int, start: int = 0) -> list[tuple[Any, ...]]:
    rng = random.Random(3)
    return [fake_event(i, rng) for i in range(start, start + n)]


@pytest.fixture
def store(store_target: str) -> Iterator[Store]:
    s = Store.open(store_target)
    yield s
    s.close()


def _ids(store: Store, **kw: Any) -> list[str]:
    return [e["id"] for e in events_page(store, EventQuery(unmerged=True, limit=10_000, **kw)).items]


def _indexes(store: Store) -> set[str]:
    if store.conn.postgres:
        sql = "SELECT indexname FROM pg_indexes WHERE tablename = 'events'"
    else:
        sql = "SELECT name FROM sqlite_master WHERE tbl_name = 'events' AND type IN ('index', 'trigger')"
    return {r[0] for r in store.conn.execute(sql).fetchall()}


def _slow_load(store: Store, docs: list[tuple[Any, ...]], events: list[tuple[Any, ...]]) -> None:
    store.conn.executemany("INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?)", docs)
    store.conn.executemany(f"INSERT INTO events VALUES ({', '.join('?' * 21)})", events)


QUERIES: list[dict[str, Any]] = [
    {},
    {"q": "drones"},
    {"q": "place 12"},
    {"bbox": (21.0, 41.0, 25.5, 44.0)},
    {"q": "mortars", "bbox": (20.0, 40.0, 30.0, 45.0)},
]


def test_a_bulk_load_answers_like_row_by_row_inserts(store: Store, tmp_path: Any) -> None:
    before = _indexes(store)
    assert bulk.load(store, _docs(N), _events(N), batch=70) == N
    assert _indexes(store) == before and store.count("events") == N
    with Store.open(str(tmp_path / "slow.db")) as slow:
        _slow_load(slow, _docs(N), _events(N))
        for kw in QUERIES:
            got = _ids(store, **kw)
            assert got == _ids(slow, **kw), kw
            assert kw == {} or 0 < len(got) < N, kw


def test_loading_more_keeps_indexes_and_triggers_working(store: Store) -> None:
    events = _events(N)
    bulk.load(store, _docs(N), events[:100])
    before = _indexes(store)
    bulk.load(store, [], events[100:])
    assert _indexes(store) == before
    assert len(_ids(store, q="drones")) == len([e for e in events if "drones" in e[19]]) > 0
    store.conn.execute(
        "UPDATE events SET record = replace(record, ' with ', ' with quokkas and ') WHERE id = 'e00000250'"
    )
    assert _ids(store, q="quokkas") == ["e00000250"]
    store.conn.execute("DELETE FROM events WHERE id = 'e00000250'")
    assert _ids(store, q="quokkas") == [] and store.count("events") == N - 1


def test_a_failed_load_leaves_the_store_as_it_was(store: Store) -> None:
    bulk.load(store, _docs(N), _events(50))
    before, found = _indexes(store), _ids(store, q="drones")
    with pytest.raises(Exception, match=r"(?i)unique|duplicate"):
        bulk.load(store, [], _events(60, start=20))  # e00000020… are stored already
    with pytest.raises(ValueError, match="21 columns"):
        bulk.load(store, [], [("e1", "d0")])
    assert store.count("events") == 50 and _indexes(store) == before
    assert _ids(store, q="drones") == found


def test_an_empty_load_is_fine(store: Store) -> None:
    assert bulk.load(store, [], []) == 0
    assert store.count("events") == 0 and _ids(store) == []


def _everything(store: Store) -> dict[str, Any]:
    """What a user reads back: merged and raw events (with full text and a box), merges, control, quotes."""
    return {
        "merged": store.events(),
        "raw": _ids(store),
        "q": _ids(store, q="drones"),
        "box": _ids(store, bbox=(21.0, 41.0, 25.5, 44.0)),
        "actor": _ids(store, actor="Actor 3 forces"),
        "merges": store.merges(),
        "control": store.conn.execute("SELECT record FROM control_changes ORDER BY event_id").fetchall(),
        "quotes": store.quotes(),
        "places": store.mentions("place"),
        "copies": store.conn.execute("SELECT a, b, similarity FROM document_copies ORDER BY a").fetchall(),
    }


def _facts(store: Store) -> None:
    """A few rows in every other table, as extraction and de-duplication would write them."""
    c = store.conn
    c.execute("UPDATE events SET cluster_id = 'e00000001' WHERE id = 'e00000002'")
    c.execute("INSERT INTO event_links VALUES ('e00000001', 'e00000002', 'same place and day')")
    c.execute("INSERT INTO merge_blocks VALUES ('e00000003', 'e00000004')")
    c.execute(
        "INSERT INTO control_changes VALUES ('e00000005', 'd1', 'Place 5', 10005, 'Actor 1 forces', 'UA', "
        "'2022-01-02', '2022-01-03', 'asserted', '{\"place\": \"Place 5\"}')"
    )
    record = '{"id": "q1", "text": "We hold.", "speaker": {"name": "Ilia", "aliases": []}}'
    c.execute("INSERT INTO quotes VALUES ('q1', 'd2', 0, 8, 'direct', 'Ilia', NULL, ?)", (record,))
    c.execute("INSERT INTO place_mentions VALUES ('d2', 0, 5, 'Place', 10001, 'event', 0.9, 'test', '{}')")
    c.execute(
        "INSERT INTO time_mentions VALUES ('d2', 9, 14, 'today', '2022-01-01', 'DATE', NULL, NULL, NULL, "
        "'{}')"
    )
    c.execute("INSERT INTO document_bands VALUES (0, 12345678901, 'd3')")
    c.execute("INSERT INTO document_copies VALUES ('d3', 'd4', 0.9)")


def test_copy_moves_a_whole_store_to_the_other_engine_and_back(store: Store, tmp_path: Any) -> None:
    bulk.load(store, _docs(N), _events(N))
    _facts(store)
    want = _everything(store)
    assert want["q"] and want["box"] and want["actor"] and want["merges"] and want["copies"]
    with Store.open(str(tmp_path / "copy.db")) as middle:  # PostgreSQL -> SQLite -> PostgreSQL; SQLite too
        counts = bulk.copy(store, middle, batch=70)
        assert counts["events"] == N and counts["quotes"] == 1 and counts["document_copies"] == 1
        assert _everything(middle) == want
        with pytest.raises(ValueError, match="already holds documents"):
            bulk.copy(store, middle)
        store.conn.execute("DELETE FROM documents")  # cascades to every table but the blocks
        store.conn.execute("DELETE FROM merge_blocks")
        bulk.copy(middle, store)
    assert _everything(store) == want
