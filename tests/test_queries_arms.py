"""Filters read as several ordered index walks (queries._arms): a small bounding box by grid cell, an actor by
each stored name containing it, a type as sub-event type or event type. Each must page exactly like the plain
query that sorts every match, on both engines; older stores get the indexes and the actor names on open."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from benchmarks.queries import fill
from frontwatch import queries as queries_module
from frontwatch.queries import EventQuery, events_page
from frontwatch.store import REPLACED_INDEXES, Store

N = 500
PAIRS = [(f"e{i:08d}", f"e{i + 1:08d}") for i in range(0, 150, 5)]  # (cluster id, second report)


def _fill(store: Store, n: int = N) -> None:
    fill(store, n)
    store.conn.executemany("UPDATE events SET cluster_id = ? WHERE id = ?", PAIRS)
    store.conn.executemany("INSERT INTO event_links VALUES (?, ?, 'test')", PAIRS)
    # an actor2 that also names actor1s, an event type shared by none, a lower-case type
    store.conn.execute("UPDATE events SET actor2 = 'Actor 7 forces' WHERE id IN ('e00000003', 'e00000004')")
    store.conn.execute("UPDATE events SET actor2 = actor1 WHERE id = 'e00000009'")
    store.conn.execute("UPDATE events SET event_type = 'Riots' WHERE id IN ('e00000011', 'e00000012')")
    store.conn.execute("UPDATE events SET sub_event_type = 'riots' WHERE id = 'e00000013'")


@pytest.fixture
def store(store_target: str) -> Iterator[Store]:
    s = Store.open(store_target)
    _fill(s)
    yield s
    s.close()


def _pages(store: Store, f: EventQuery) -> list[Any]:
    out, cursor = [], None
    while True:
        page = events_page(store, replace(f, cursor=cursor))
        out += page.items
        if not (cursor := page.next_cursor):
            return out


QUERIES = [
    EventQuery(actor="Actor 7 forces"),
    EventQuery(actor="actor 7"),  # several names: one arm each, as actor1 and as actor2
    EventQuery(actor="forces"),  # more names than arms: one plain query
    EventQuery(actor="nobody"),
    EventQuery(actor="Actor 1", since=date(2022, 6, 1), country="UA"),
    EventQuery(event_type="riots"),
    EventQuery(event_type="Sub-event type 3", until=date(2023, 6, 1)),
    EventQuery(event_type="battles", country="RU"),
    EventQuery(bbox=(21.0, 41.0, 22.5, 42.5)),  # 2 x 2 cells
    EventQuery(bbox=(23.0, 40.0, 23.0, 42.9)),  # on the edge of cells
    EventQuery(bbox=(20.0, 40.0, 39.0, 49.0)),  # too many cells: the walks / the spatial index
    EventQuery(bbox=(21.5, 40.0, 24.5, 43.0), actor="Actor 2", since=date(2022, 9, 1)),
]


@pytest.mark.parametrize("i", range(len(QUERIES)))
def test_arms_page_like_the_plain_query(store: Store, i: int, monkeypatch: pytest.MonkeyPatch) -> None:
    f = QUERIES[i]
    with monkeypatch.context() as m:
        m.setattr(queries_module, "_arms", lambda _store, f: ([], f))  # one SELECT, the engine sorts
        expected = [_pages(store, replace(g, limit=1000)) for g in (f, replace(f, unmerged=True))]
    assert f.actor == "nobody" or expected[1], f
    for g, want in zip((f, replace(f, unmerged=True)), expected, strict=True):
        assert _pages(store, replace(g, limit=7)) == want, g
        assert _pages(store, replace(g, limit=1000)) == want, g


def test_arms_read_their_indexes_in_order(store: Store) -> None:
    if store.conn.postgres:
        pytest.skip("SQLite's plan; PostgreSQL reads each arm's first page from its index (docs/scale.md)")
    seen: list[tuple[str, Any]] = []
    tuples = store.conn.tuples

    def spy(sql: str, params: Any = ()) -> Any:
        seen.append((sql, params))
        return tuples(sql, params)

    store.conn.tuples = spy  # type: ignore[method-assign]
    for f in (
        EventQuery(actor="actor 7"),
        EventQuery(event_type="riots"),
        EventQuery(bbox=(21, 41, 22.5, 42.5)),
    ):
        seen.clear()
        events_page(store, f)
        sql, args = next(q for q in seen if "UNION ALL" in q[0])
        plan = [str(r[-1]) for r in store.conn.execute("EXPLAIN QUERY PLAN " + sql, args).fetchall()]
        assert any("MERGE (UNION ALL)" in p for p in plan) and not any("TEMP B-TREE" in p for p in plan), plan


def _older(store: Store) -> None:
    """Shape the store like one written before the report-order indexes and the actor names."""
    c = store.conn
    cells = ["events_cell_key", *(["events_key_words"] if c.postgres else [])]
    for name in ("events_place_key", "events_type_key", "events_actor1_key", *cells):
        c.execute(f"DROP INDEX {name}")
    c.execute("CREATE INDEX events_type ON events (sub_event_type, date_end)")
    c.execute("CREATE INDEX events_place ON events (geonames_id, date_end)")
    c.execute("DROP TABLE actor_names")
    if c.postgres:
        c.execute("DROP FUNCTION frontwatch_actor_names CASCADE")
    else:
        c.execute("DROP TRIGGER actor_names_insert")
        c.execute("DROP TRIGGER actor_names_update")


def _indexes(store: Store) -> set[str]:
    if store.conn.postgres:
        return {
            r[0] for r in store.conn.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'events'")
        }
    sql = "SELECT name FROM sqlite_master WHERE tbl_name = 'events' AND type = 'index'"
    return {r[0] for r in store.conn.execute(sql)}


def test_an_older_store_gets_the_new_indexes_on_open(store_target: str) -> None:
    with Store.open(store_target) as s:
        _fill(s, 200)
        want = [_pages(s, replace(f, limit=1000)) for f in QUERIES]
        indexes = _indexes(s)
        _older(s)
    with Store.open(store_target) as s:
        assert _indexes(s) == indexes and not set(REPLACED_INDEXES) & _indexes(s)
        assert [_pages(s, replace(f, limit=1000)) for f in QUERIES] == want
        s.conn.execute("UPDATE events SET actor1 = 'Quokka brigade' WHERE id = 'e00000020'")  # triggers back
        assert [e["id"] for e in _pages(s, EventQuery(actor="quokka", unmerged=True))] == ["e00000020"]
