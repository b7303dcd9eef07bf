"""queries.py and the API's read paths on both engines (SQLite; PostgreSQL when FRONTWATCH_TEST_PG is set):
merged pages, full text and bounding box from their indexes, the migration that adds them to older stores."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from typing import Any

import httpx
import pytest

from benchmarks.queries import fill
from frontwatch import db, walks
from frontwatch import queries as queries_module
from frontwatch.api import ApiSettings, create_app
from frontwatch.queries import EventQuery, all_events, day_counts, events_page, map_points, map_view
from frontwatch.store import Store

N = 400
PAIRS = [(f"e{i:08d}", f"e{i + 1:08d}") for i in range(0, 120, 4)]  # (cluster id, second report)


def _fill(store: Store, n: int = N) -> None:
    fill(store, n)
    store.conn.executemany("UPDATE events SET cluster_id = ? WHERE id = ?", PAIRS)
    store.conn.executemany("INSERT INTO event_links VALUES (?, ?, 'test')", PAIRS)


@pytest.fixture
def store(store_target: str) -> Iterator[Store]:
    s = Store.open(store_target)
    _fill(s)
    yield s
    s.close()


def _pages(store: Store, f: EventQuery) -> list[Any]:
    out, cursor = [], None
    while True:
        page = events_page(store, EventQuery(**{**f.__dict__, "cursor": cursor}))
        out += page.items
        cursor = page.next_cursor
        if not cursor:
            return out


def _tokens(record: dict[str, Any]) -> list[str]:
    loc = record["location"] or {}
    parts = [loc.get("name"), *((record[a] or {}).get("name") for a in ("actor1", "actor2"))]
    parts += [record["event_type"], record["sub_event_type"], *(e["sentence"] for e in record["evidence"])]
    return re.findall(r"[^\W_]+", " ".join(p for p in parts if p).lower())


def _has_phrase(tokens: list[str], parts: list[str]) -> bool:
    n = len(parts)
    return any(
        tokens[i : i + n - 1] == parts[:-1] and tokens[i + n - 1].startswith(parts[-1])
        for i in range(len(tokens) - n + 1)
    )


def _expected_q(reports: list[Any], q: str) -> list[str]:
    """A word some report holds matches its forms (db.word_forms), any other word matches word starts."""
    words = [re.findall(r"[^\W_]+", w.lower()) for w in q.split()]
    words = [w for w in words if w]
    held = {t for r in reports for t in _tokens(r)}
    return [r["id"] for r in reports if words and all(_has_word(_tokens(r), w, held) for w in words)]


def _has_word(tokens: list[str], parts: list[str], held: set[str]) -> bool:
    if len(parts) == 1 and parts[0] in held:
        return bool(set(db.word_forms(parts[0])) & set(tokens))
    return _has_phrase(tokens, parts)


def test_merged_pages_are_the_cli_events(store: Store) -> None:
    merged = store.events()
    assert len(merged) == N - len(PAIRS)
    for size in (7, 1000):
        assert _pages(store, EventQuery(limit=size)) == merged
    pairs = sorted(tuple(sorted(e["merged_from"])) for e in merged if e["reports"] == 2)
    assert pairs == sorted(PAIRS) and all(len(e["evidence"]) == e["reports"] for e in merged)
    raw = _pages(store, EventQuery(limit=50, unmerged=True))
    assert [e["id"] for e in raw] == [e["id"] for e in store.events(merged=False)]
    assert len(all_events(store, EventQuery(), 10_000)) == len(merged)


def test_merged_filter_sits_at_the_first_matching_report(store: Store) -> None:
    raw = _pages(store, EventQuery(q="drones", unmerged=True, limit=1000))
    cluster = dict(store.conn.execute("SELECT id, cluster_id FROM events").fetchall())
    expected = list(dict.fromkeys(cluster[e["id"]] for e in raw))
    got = _pages(store, EventQuery(q="drones", limit=9))
    assert [min(e["merged_from"]) for e in got] == expected


def test_q_matches_held_words_with_their_forms_and_other_words_as_word_starts(store: Store) -> None:
    reports = store.events(merged=False)
    for q in ("drones", "Actor 3", "shell", "raid", "place 12 mortars", "DRONES advanced", "%%", "zzz"):
        got = [e["id"] for e in _pages(store, EventQuery(q=q, unmerged=True, limit=1000))]
        assert got == _expected_q(reports, q), q
        if q in ("drones", "Actor 3", "shell", "raid"):
            assert 0 < len(got) < len(reports), q
    # 12 is a word reports hold, so it is not the start of 120 or 1200
    twelve = _pages(store, EventQuery(q="place 12", unmerged=True, limit=1000))
    assert twelve and all("12" in _tokens(e) for e in twelve)
    raided = _pages(store, EventQuery(q="raided", unmerged=True, limit=1000))
    assert _pages(store, EventQuery(q="raid", unmerged=True, limit=1000)) == raided != []  # raid is not held


def test_word_forms_are_the_regular_inflections() -> None:
    assert {"shells", "shelled", "shelling"} <= set(db.word_forms("shell"))
    assert {"captured", "captures", "capturing"} <= set(db.word_forms("capture"))
    assert {"cities"} <= set(db.word_forms("city")) and {"planned", "planning"} <= set(db.word_forms("plan"))
    assert db.word_forms("bombing") == ["bombing", "bombings"]
    assert db.word_forms("drones") == ["drones"] and db.word_forms("12") == ["12"]


def test_bbox_and_dates(store: Store) -> None:
    reports = store.events(merged=False)
    box = (21.0, 41.0, 25.5, 44.0)
    got = _pages(store, EventQuery(bbox=box, unmerged=True, limit=1000))
    inside = [
        e["id"]
        for e in reports
        if box[0] <= e["location"]["lon"] <= box[2] and box[1] <= e["location"]["lat"] <= box[3]
    ]
    assert [e["id"] for e in got] == inside and 0 < len(inside) < len(reports)


def test_days_and_map_count_merged_events(store: Store) -> None:
    merged = store.events()
    assert sum(d["count"] for d in day_counts(store, EventQuery())) == len(merged)
    points = map_points(store, EventQuery())
    assert sum(p["count"] for p in points) == len(merged)
    assert sum(p["count"] for p in map_points(store, EventQuery(unmerged=True))) == N
    assert all(sum(p["types"].values()) == p["count"] for p in points)
    assert map_view(store, EventQuery()) == {"points": points, "days": day_counts(store, EventQuery())}
    few = map_points(store, EventQuery(q="drones"))
    assert 0 < sum(p["count"] for p in few) < len(merged)


def _plan(store: Store, where: str, args: list[Any]) -> str:
    if store.conn.postgres:
        store.conn.execute("SET enable_seqscan = off")
        rows = store.conn.execute(f"EXPLAIN SELECT id FROM events WHERE {where}", args).fetchall()
        return "\n".join(r[0] for r in rows)
    rows = store.conn.execute(f"EXPLAIN QUERY PLAN SELECT id FROM events WHERE {where}", args).fetchall()
    return "\n".join(str(r[-1]) for r in rows)


def test_q_and_bbox_are_answered_from_indexes(store: Store) -> None:
    match = db.text_match(store.conn, "drones")
    assert match is not None
    plan = _plan(store, *match)
    assert ("events_words_gin" in plan) if store.conn.postgres else ("VIRTUAL TABLE INDEX" in plan), plan
    plan = _plan(store, *db.box_match(store.conn, (21, 41, 25.5, 44)))
    assert ("events_point" in plan) if store.conn.postgres else ("events_box VIRTUAL TABLE" in plan), plan
    window = db.text_match(store.conn, "drones", ("2022-03-01", "2022-03-04"))
    assert window is not None
    plan = _plan(store, *window)  # PostgreSQL may read a few days by date and test the words there
    assert ("Index" in plan) if store.conn.postgres else ("VIRTUAL TABLE INDEX" in plan), plan


def _drop_search(store: Store) -> None:
    store.conn.execute("DROP TABLE actor_names")
    if store.conn.postgres:
        store.conn.execute("ALTER TABLE events DROP COLUMN words")
        store.conn.execute("DROP FUNCTION frontwatch_report_words")
        store.conn.execute("DROP FUNCTION frontwatch_event_text")
        store.conn.execute("DROP FUNCTION frontwatch_actor_names CASCADE")  # and its triggers
        return
    for trigger in ("insert", "delete", "update"):
        store.conn.execute(f"DROP TRIGGER events_text_{trigger}")
        store.conn.execute(f"DROP TRIGGER events_box_{trigger}")
    for trigger in ("insert", "update"):
        store.conn.execute(f"DROP TRIGGER actor_names_{trigger}")
    store.conn.execute("DROP TABLE events_text")
    store.conn.execute("DROP TABLE events_box")
    # full text as older versions kept it (rowid = the events rowid; no cell column): replaced on open
    store.conn.execute("CREATE VIRTUAL TABLE events_fts USING fts5(body, content='')")
    store.conn.execute("CREATE VIRTUAL TABLE events_words USING fts5(body, content='')")
    store.conn.execute(
        "CREATE TRIGGER events_words_insert AFTER INSERT ON events BEGIN "
        "INSERT INTO events_words (rowid, body) VALUES (new.rowid, new.location); END"
    )


def test_an_older_store_gets_its_search_index_on_open(store_target: str) -> None:
    with Store.open(store_target) as s:
        _fill(s, 120)
        _drop_search(s)  # now shaped like a store from before full text
        before = s.events()
    with Store.open(store_target) as s:
        assert s.events() == before
        reports = s.events(merged=False)
        got = [e["id"] for e in _pages(s, EventQuery(q="drones", unmerged=True, limit=1000))]
        assert got and got == _expected_q(reports, "drones")
        box = [e["id"] for e in _pages(s, EventQuery(bbox=(21.0, 41.0, 25.5, 44.0), unmerged=True))]
        assert box and all(21 <= e["location"]["lon"] <= 25.5 for e in reports if e["id"] in box)
        actor = [e["id"] for e in _pages(s, EventQuery(actor="actor 3", unmerged=True))]
        assert actor == [e["id"] for e in reports if "actor 3" in e["actor1"]["name"].lower()] and actor
        assert not {"events_fts", "events_words"} & s.conn.tables()
        if not s.conn.postgres:
            triggers = "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'events_words%'"
            assert s.conn.execute(triggers).fetchall() == []


def test_the_index_follows_updates_and_deletes(store: Store) -> None:
    row = store.conn.execute("SELECT id, document_id, record FROM events WHERE id = 'e00000200'").fetchone()
    record = json.loads(row["record"])
    record["evidence"][0]["sentence"] = "Quokkas were seen near the river."
    store.conn.execute("UPDATE events SET record = ? WHERE id = ?", (json.dumps(record), row["id"]))
    assert [e["id"] for e in events_page(store, EventQuery(q="quokka", unmerged=True)).items] == [row["id"]]
    box = (100.0, 10.0, 100.5, 10.5)  # far from every other report
    assert events_page(store, EventQuery(q="quokka", bbox=box, unmerged=True)).items == []
    store.conn.execute("UPDATE events SET lat = 10.2, lon = 100.2 WHERE id = ?", (row["id"],))
    moved = events_page(store, EventQuery(q="quokka", bbox=box, unmerged=True)).items
    assert [e["id"] for e in moved] == [row["id"]]
    store.conn.execute("DELETE FROM documents WHERE id = ?", (row["document_id"],))  # cascades to events
    assert events_page(store, EventQuery(q="quokka", unmerged=True)).items == []
    assert events_page(store, EventQuery(q="quokka", bbox=box, unmerged=True)).items == []
    reports = store.events(merged=False)
    got = [e["id"] for e in _pages(store, EventQuery(q="drones", unmerged=True, limit=1000))]
    assert got == _expected_q(reports, "drones")


@pytest.mark.parametrize("q", ["drones", "shell mortars", "place 1", "actor 3 drones"])
def test_q_walking_its_index_by_date_gives_the_sorted_answer(
    store: Store, q: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    queries = [EventQuery(q=q), EventQuery(q=q, unmerged=True), EventQuery(q=q, since=date(2022, 6, 1))]
    queries.append(EventQuery(q=q, bbox=(21.0, 41.0, 29.5, 49.0), until=date(2024, 1, 1)))
    with monkeypatch.context() as m:
        m.setattr(queries_module, "_reports", queries_module._select)  # every match, sorted by the engine
        expected = [_pages(store, replace(f, limit=1000)) for f in queries]
    monkeypatch.setattr(walks, "CHUNK", 3)  # a few matches at a time: days end inside chunks
    for f, want in zip(queries, expected, strict=True):
        assert want and _pages(store, replace(f, limit=7)) == want, f
        assert _pages(store, replace(f, limit=1000)) == want, f


@pytest.mark.parametrize("walk", [50_000, 40])  # the walk finds every page / the R*Tree answers most
def test_bbox_pages_walk_the_report_order_or_ask_the_rtree(
    store: Store, walk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    queries = [
        EventQuery(bbox=(21.0, 41.0, 25.5, 44.0), unmerged=True),
        EventQuery(bbox=(20.0, 40.0, 39.0, 45.0)),
    ]
    queries.append(EventQuery(bbox=(20.0, 40.0, 30.0, 49.0), since=date(2022, 9, 1), until=date(2023, 6, 1)))
    with monkeypatch.context() as m:
        m.setattr(
            queries_module, "_reports", queries_module._select
        )  # the R*Tree alone, sorted by the engine
        expected = [_pages(store, replace(f, limit=1000)) for f in queries]
    monkeypatch.setattr(walks, "WALK", walk)
    for f, want in zip(queries, expected, strict=True):
        assert want and _pages(store, replace(f, limit=7)) == want, f


def test_the_bbox_walk_reads_only_its_index(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    if store.conn.postgres:
        pytest.skip(
            "SQLite's walk; PostgreSQL reads its GiST index (test_q_and_bbox_are_answered_from_indexes)"
        )
    seen: list[tuple[str, Any]] = []
    tuples = store.conn.tuples

    def spy(sql: str, params: Any = ()) -> Any:
        seen.append((sql, params))
        return tuples(sql, params)

    monkeypatch.setattr(store.conn, "tuples", spy)
    events_page(store, EventQuery(bbox=(20.0, 40.0, 39.0, 45.0), limit=5))
    sql, args = next(q for q in seen if "INDEXED BY events_key" in q[0])
    monkeypatch.undo()
    plan = [str(r[-1]) for r in store.conn.execute("EXPLAIN QUERY PLAN " + sql, args).fetchall()]
    assert any("COVERING INDEX events_key" in p for p in plan), plan


@pytest.mark.parametrize(
    "q, bbox",
    [
        ("drones", (21.0, 41.0, 23.0, 43.0)),  # 9 grid cells: the index meets words and cells
        ("shell place", (20.0, 40.0, 27.5, 47.5)),  # 64 cells, the most it joins
        ("mortars", (24.0, 40.5, 24.0, 49.9)),  # a thin box on a column of points
        ("drones", (20.0, 40.0, 30.5, 49.0)),  # too many cells: the box is tested on each match
    ],
)
def test_q_in_a_box_finds_what_the_box_and_the_words_do(
    store: Store, q: str, bbox: tuple[float, float, float, float]
) -> None:
    reports = store.events(merged=False)
    words = set(_expected_q(reports, q))
    w, s, e, n = bbox
    inside = {r["id"] for r in reports if w <= r["location"]["lon"] <= e and s <= r["location"]["lat"] <= n}
    want = [r["id"] for r in reports if r["id"] in words and r["id"] in inside]
    assert want, (q, bbox)
    got = _pages(store, EventQuery(q=q, bbox=bbox, unmerged=True, limit=7))
    assert sorted(e["id"] for e in got) == sorted(want)


def _sorted_by_engine(store: Store, queries: list[EventQuery], monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every page of each query with no walk: every match, sorted by the engine."""
    with monkeypatch.context() as m:
        m.setattr(queries_module, "_reports", queries_module._select)
        return [_pages(store, replace(f, limit=1000)) for f in queries]


def _month_windows(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """The months asked of the words in each query from now on (db.words_match; () without months)."""
    windows: list[Any] = []
    words_match = db.words_match

    def spy(query: str, near: Any = (), months: Any = ()) -> Any:
        windows.append(months)
        return words_match(query, near, months)

    monkeypatch.setattr(db, "words_match", spy)
    return windows


@pytest.mark.parametrize("expected", [1_000, 100_000])  # the planner's guess: first windows of months, of one
def test_postgres_reads_many_matches_in_a_box_a_window_of_months_at_a_time(
    store: Store, expected: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not store.conn.postgres:
        pytest.skip("PostgreSQL's walk; SQLite walks its FTS5 rowids by day")
    queries = [
        EventQuery(q="drones", bbox=(21.0, 41.0, 27.0, 47.0), unmerged=True),  # 49 cells: the rest at once
        EventQuery(q="place", bbox=(25.0, 44.0, 25.9, 44.9)),  # one cell
        EventQuery(q="place", bbox=(22.0, 40.0, 24.5, 45.0), since=date(2022, 6, 15), until=date(2023, 2, 1)),
        EventQuery(q="shell", bbox=(20.0, 40.0, 30.5, 49.0)),  # too many cells: box tested on each match
        EventQuery(q="drones", unmerged=True),  # no box: one query
    ]
    want = _sorted_by_engine(store, queries, monkeypatch)
    windows = _month_windows(monkeypatch)
    monkeypatch.setattr(db, "estimate", lambda *a: expected)
    for f, w in zip(queries, want, strict=True):
        assert w and _pages(store, replace(f, limit=7)) == w, f
    assert any(m and len(m) == 1 for m in windows) and any(m and len(m) >= 4 for m in windows), windows


def test_postgres_reads_many_sparse_matches_a_window_of_months_at_a_time(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not store.conn.postgres:
        pytest.skip("PostgreSQL's walk; SQLite walks its FTS5 rowids by day")
    queries = [
        EventQuery(q="drones", unmerged=True),
        EventQuery(q="place", since=date(2022, 6, 15), until=date(2023, 2, 1)),
        EventQuery(q="shell", bbox=(20.0, 40.0, 30.5, 49.0)),  # too many cells: months, box tested exactly
    ]
    want = _sorted_by_engine(store, queries, monkeypatch)
    windows = _month_windows(monkeypatch)
    monkeypatch.setattr(db, "estimate", lambda *a: 3_000)
    monkeypatch.setattr(walks, "_rows", lambda s: 10**9)  # the matches are sparse
    for f, w in zip(queries, want, strict=True):
        assert w and _pages(store, replace(f, limit=7)) == w, f
    assert any(m and len(m) >= 2 for m in windows), windows
    monkeypatch.setattr(walks, "_rows", lambda s: 10_000)  # dense: one query in report order
    windows.clear()
    assert _pages(store, replace(queries[0], limit=7)) == want[0] and not any(windows)


def test_postgres_tests_a_word_most_reports_hold_on_the_rows_the_others_find(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not store.conn.postgres:
        pytest.skip("PostgreSQL's walk")
    queries = [
        EventQuery(q="place 12", unmerged=True),
        EventQuery(q="drones place", bbox=(21.0, 41.0, 27.0, 47.0)),
    ]
    want = _sorted_by_engine(store, queries, monkeypatch)
    monkeypatch.setattr(walks, "_rows", lambda s: 1_000)
    monkeypatch.setattr(db, "estimate", lambda conn, clause, args: 900 if "place" in args[0] else 10)
    seen: list[str] = []
    tuples = store.conn.tuples

    def spy(sql: str, args: Any = ()) -> Any:
        seen.append(sql)
        return tuples(sql, args)

    monkeypatch.setattr(store.conn, "tuples", spy)
    for f, w in zip(queries, want, strict=True):
        assert w and _pages(store, replace(f, limit=7)) == w, f
    assert any("IS TRUE" in sql for sql in seen)


def test_postgres_words_hold_cell_and_month_and_older_words_are_made_again(
    store_target: str,
) -> None:
    with Store.open(store_target) as s:
        if not s.conn.postgres:
            pytest.skip("PostgreSQL's stored words; SQLite keeps the cell in its FTS5 table")
        fill(s, 60)
        row = s.conn.execute("SELECT id, lat, lon, date_end FROM events WHERE id = 'e00000007'").fetchone()
        cell = db.cells((row["lon"], row["lat"], row["lon"], row["lat"]))[0]
        holds = "SELECT id FROM events WHERE words @@ ?::tsquery"
        month = f"'#{cell}@{row['date_end'][:7]}' & '@{row['date_end'][:7]}'"  # the cell in that month
        assert row["id"] in [r[0] for r in s.conn.execute(holds, [f"'#{cell}' & {month}"]).fetchall()]
        # words as earlier versions generated them: no grid cell
        s.conn.execute("ALTER TABLE events DROP COLUMN words")
        s.conn.execute(
            "ALTER TABLE events ADD COLUMN words tsvector GENERATED ALWAYS AS (frontwatch_event_text("
            "location, actor1, actor2, event_type, sub_event_type, record)) STORED"
        )
        assert s.conn.execute(holds, [f"'#{cell}'"]).fetchall() == []
        before = s.events()
    with Store.open(store_target) as s:
        assert s.events() == before
        assert row["id"] in [r[0] for r in s.conn.execute(holds, [f"'#{cell}' & {month}"]).fetchall()]
        box = (row["lon"], row["lat"], row["lon"], row["lat"])
        assert row["id"] in [e["id"] for e in _pages(s, EventQuery(q="place", bbox=box, unmerged=True))]
        indexes = "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = ?"
        held = {r[0] for r in s.conn.execute(indexes, ["events"]).fetchall()}
        assert {"events_words_gin", "events_key_words"} <= held
        # an earlier body of the same function (no version mark): its words are made again too
        s.conn.execute(db._PG_WORDS_FUNCTION.replace(db.WORDS_VERSION, "an earlier version"))
    with Store.open(store_target) as s:
        body = "SELECT prosrc FROM pg_proc WHERE proname = 'frontwatch_report_words'"
        assert db.WORDS_VERSION in s.conn.execute(body).fetchone()[0]  # made again by this version
        assert row["id"] in [r[0] for r in s.conn.execute(holds, [f"'#{cell}' & {month}"]).fetchall()]


def test_a_bbox_on_the_edge_is_inclusive(store: Store) -> None:
    row = store.conn.execute("SELECT id, lat, lon FROM events WHERE id = 'e00000010'").fetchone()
    got = _pages(store, EventQuery(bbox=(row["lon"], row["lat"], row["lon"], row["lat"]), unmerged=True))
    assert row["id"] in [e["id"] for e in got]
    assert all((e["location"]["lat"], e["location"]["lon"]) == (row["lat"], row["lon"]) for e in got)


def _get(app: Any, url: str) -> Any:
    async def go() -> httpx.Response:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
            return await c.get(url)

    r = asyncio.run(go())
    assert r.status_code == 200, (url, r.text)
    return r.json()


def test_api_reads_on_both_engines(store: Store) -> None:
    app = create_app(ApiSettings(db=store.path))
    merged = store.events()
    page = _get(app, "/api/events?limit=1000")
    assert [e["id"] for e in page["items"]] == [e["id"] for e in merged] and page["next_cursor"] is None
    assert len(_get(app, "/api/events?limit=1000&unmerged=true")["items"]) == N
    drones = _get(app, "/api/events?q=drones&limit=1000")["items"]
    assert drones and all("drones" in json.dumps(e).lower() for e in drones)
    boxed = _get(app, "/api/events?bbox=21,41,25.5,44&unmerged=true&limit=1000")["items"]
    assert boxed and all(21 <= e["location"]["lon"] <= 25.5 for e in boxed)
    assert sum(d["count"] for d in _get(app, "/api/events/days")) == len(merged)
    view = _get(app, "/api/events/map?q=drones")
    assert sum(p["count"] for p in view["points"]) == sum(d["count"] for d in view["days"]) == len(drones)
    one = _get(app, f"/api/events/{PAIRS[0][1]}")
    assert sorted(one["merged_from"]) == sorted(PAIRS[0])
    assert len(_get(app, "/api/export/geojson?q=drones")["features"]) == len(drones)
