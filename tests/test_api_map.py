"""The map's counts (points, days, places) over merged events on both engines, and how the API serves them:
kept answers that a write invalidates, gzip, the page's files from memory with cache headers."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from benchmarks.queries import fill
from frontwatch import queries as queries_module
from frontwatch.api import ApiSettings, create_app
from frontwatch.queries import EventQuery, all_events, day_counts, map_points, map_view, places
from frontwatch.store import Store

N = 300
# (cluster id, the other report): the pair merges into one event; `_disagree` makes its reports differ
PAIRS = [(f"e{i:08d}", f"e{i + 1:08d}") for i in range(0, 90, 3)]


def _rewrite(store: Store, report_id: str, **changes: Any) -> None:
    row = store.conn.execute("SELECT record FROM events WHERE id = ?", (report_id,)).fetchone()
    record = json.loads(row[0])
    for key, value in changes.items():
        if key == "precision":
            record["location"]["precision"] = value
        else:
            record[key] = value
    store.conn.execute(
        "UPDATE events SET record = ?, modality = ?, event_type = ? WHERE id = ?",
        (json.dumps(record), record["modality"], record["event_type"], report_id),
    )


def _disagree(store: Store) -> None:
    """Pairs whose reports sit at different places and disagree: the second report is the more trusted one
    (more confident, or asserted against a claim), or the trusted one names only a country."""
    for n, (first, second) in enumerate(PAIRS):
        if n % 3 == 0:
            _rewrite(store, second, confidence=0.9, event_type="Explosions/Remote violence")
        elif n % 3 == 1:
            _rewrite(store, first, modality="claimed")
        else:
            _rewrite(store, second, confidence=0.9, precision="country")


@pytest.fixture
def store(store_target: str) -> Iterator[Store]:
    s = Store.open(store_target)
    fill(s, N)
    s.conn.executemany("UPDATE events SET cluster_id = ? WHERE id = ?", PAIRS)
    s.conn.executemany("INSERT INTO event_links VALUES (?, ?, 'test')", PAIRS)
    _disagree(s)
    yield s
    s.close()


def _where(events: list[dict[str, Any]]) -> Counter[tuple[Any, ...]]:
    return Counter(
        (e["location"]["geonames_id"], e["location"]["lat"], e["location"]["lon"], e["event_type"])
        for e in events
    )


def _points(points: list[dict[str, Any]]) -> Counter[tuple[Any, ...]]:
    return Counter({(p["place"], p["lat"], p["lon"], t): n for p in points for t, n in p["types"].items()})


def test_a_merged_event_is_counted_at_its_own_place_and_type(store: Store) -> None:
    merged = store.events()
    moved = [e for e in merged if e["reports"] == 2]
    assert len(merged) == N - len(PAIRS) and len(moved) == len(PAIRS)
    # the fixture makes the merged place differ from the first report's in some pairs, and the type too
    first = {r["id"]: r for r in store.events(merged=False)}
    assert any(e["location"] != first[min(e["merged_from"])]["location"] for e in moved)
    assert any(e["event_type"] == "Explosions/Remote violence" for e in moved)
    assert _points(map_points(store, EventQuery())) == _where(merged)
    for q in ("drones", "Actor 3"):
        matching = all_events(store, EventQuery(q=q), 10_000)
        view = map_view(store, EventQuery(q=q))
        assert _points(view["points"]) == _where(matching), q
        assert sum(d["count"] for d in view["days"]) == len(matching)
    assert sum(d["count"] for d in day_counts(store, EventQuery())) == len(merged)


def test_unmerged_points_count_every_report_at_its_place(store: Store) -> None:
    reports = store.events(merged=False)
    assert _points(map_points(store, EventQuery(unmerged=True))) == _where(reports)
    days = day_counts(store, EventQuery(unmerged=True))
    assert days == sorted(days, key=lambda d: d["day"])
    assert Counter({d["day"]: d["count"] for d in days}) == Counter(r["date"]["end"] for r in reports)


def test_places_count_merged_events(store: Store) -> None:
    merged = store.events()
    expected = Counter(e["location"]["geonames_id"] for e in merged)
    got = {p["geonames_id"]: p["events"] for p in places(store, limit=10_000)}
    assert got == dict(expected)
    one = places(store, "Place 12", 10_000)
    assert one and all("place 12" in p["name"].lower() for p in one)


class Client:
    def __init__(self, app: Any) -> None:
        self.app = app

    def get(self, url: str, **kw: Any) -> httpx.Response:
        async def go() -> httpx.Response:
            transport = httpx.ASGITransport(app=self.app)
            async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
                return await c.get(url, **kw)

        return asyncio.run(go())


@pytest.fixture
def small(tmp_path: Path) -> str:
    path = str(tmp_path / "small.db")
    with Store.open(path) as s:
        fill(s, 50)
    return path


def test_kept_map_answer_follows_writes_from_another_connection(small: str) -> None:
    client = Client(create_app(ApiSettings(db=small)))
    first = client.get("/api/events/map").json()
    assert sum(p["count"] for p in first["points"]) == 50
    assert client.get("/api/events/map").json() == first  # kept
    with sqlite3.connect(small) as conn:  # a writer elsewhere: the next answer must see it
        conn.execute("DELETE FROM events WHERE id IN ('e00000000', 'e00000001')")
    after = client.get("/api/events/map").json()
    assert sum(p["count"] for p in after["points"]) == sum(d["count"] for d in after["days"]) == 48
    assert len(client.get("/api/places?limit=1000").json()) <= 48


def test_json_answers_are_gzipped_when_accepted(small: str) -> None:
    client = Client(create_app(ApiSettings(db=small)))
    raw = client.get("/api/events/map", headers={"Accept-Encoding": "identity"})
    zipped = client.get("/api/events/map", headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in raw.headers and zipped.headers["content-encoding"] == "gzip"
    assert int(zipped.headers["content-length"]) < len(raw.content)
    assert zipped.json() == raw.json()


def test_page_files_cache_headers_etag_and_gzip(small: str) -> None:
    client = Client(create_app(ApiSettings(db=small)))
    lib = client.get("/static/vendor/leaflet/leaflet.js", headers={"Accept-Encoding": "gzip"})
    assert lib.status_code == 200 and lib.headers["content-encoding"] == "gzip"
    assert "max-age=86400" in lib.headers["cache-control"] and "L" in lib.text[:2000]
    own = client.get("/static/app.js", headers={"Accept-Encoding": "identity"})
    assert own.headers["cache-control"] == "no-cache" and "content-encoding" not in own.headers
    assert own.headers["content-type"].startswith("text/javascript")
    again = client.get("/static/app.js", headers={"If-None-Match": own.headers["etag"]})
    assert again.status_code == 304 and not again.content
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "/static/app.js" in page.text
    image = client.get("/static/vendor/leaflet/images/layers.png", headers={"Accept-Encoding": "gzip"})
    assert image.status_code == 200 and "content-encoding" not in image.headers
    for bad in ("/static/%2e%2e/api.py", "/static/nope.js", "/static/vendor"):
        assert client.get(bad).status_code == 404, bad


def test_warm_keeps_the_answers_a_page_load_starts_with(small: str, monkeypatch: pytest.MonkeyPatch) -> None:
    app = create_app(ApiSettings(db=small))
    app.state.warm()  # `frontwatch serve` runs it in a thread at start

    def computed(*_: Any) -> Any:
        raise AssertionError("computed again: the answer was not kept")

    monkeypatch.setattr(queries_module, "map_view", computed)
    monkeypatch.setattr(queries_module, "places", computed)
    client = Client(app)
    assert sum(p["count"] for p in client.get("/api/events/map").json()["points"]) == 50
    assert sum(p["events"] for p in client.get("/api/places").json()) == 50
