"""Query latency: p50/p95 of the filters analysts run, over a store of generated events.

    python -m benchmarks.queries [--events 1000000] [--pg postgresql://…] [--queries 200]

Generates N events (deterministic, spread over 2,000 places, 1,000 days, 25 sub-event types, 40 actors) into
a fresh SQLite store (and a PostgreSQL one with --pg or $FRONTWATCH_TEST_PG), then times `Store.events` for
place, date range, type, actor, and country + date filters, 100 rows a page as the API serves them, and the
API's own path (`queries.events_page`, merged events) for full text `q` (FTS5 / tsvector GIN) and `bbox`.
Target (DESIGN.md): p95 < 50 ms over 1M events on both engines.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from tqdm import tqdm

from frontwatch.queries import EventQuery, events_page, map_view
from frontwatch.store import EventFilter, Store

ROOT = Path(__file__).resolve().parent.parent
TYPES = [f"Sub-event type {i}" for i in range(25)]
ACTORS = [f"Actor {i} forces" for i in range(40)]
COUNTRIES = ["UA", "RU", "SD", "MM", "CD", "SY", "YE", "ML"]
VERBS = ["shelled", "attacked", "captured", "struck", "withdrew from", "advanced on", "bombed", "raided"]
NOUNS = ["artillery", "drones", "mortars", "airstrikes", "tanks", "snipers", "missiles", "infantry"]
DAY0 = date(2022, 1, 1)


def fake_event(i: int, rng: random.Random) -> tuple[Any, ...]:
    """One generated report as an `events` row (its record in the output contract's shape)."""
    place = rng.randrange(2000)
    day = DAY0 + timedelta(days=rng.randrange(1000))
    sub = rng.choice(TYPES)
    actor = rng.choice(ACTORS)
    country = COUNTRIES[place % len(COUNTRIES)]
    lat, lon = 40 + place % 100 / 10, 20 + place // 100
    sentence = f"{actor} {rng.choice(VERBS)} Place {place} with {rng.choice(NOUNS)} on day {i % 997}."
    record = {
        "id": f"e{i:08d}",
        "event_type": "Battles",
        "sub_event_type": sub,
        "actor1": {"name": actor, "country": country, "kind": "state_forces", "unit": None},
        "actor2": None,
        "location": {
            "name": f"Place {place}",
            "geonames_id": 10_000 + place,
            "lat": lat,
            "lon": lon,
            "country": country,
            "admin1": None,
            "admin2": None,
            "precision": "place",
        },
        "date": {"start": day.isoformat(), "end": day.isoformat(), "precision": "day", "expression": None},
        "modality": "asserted",
        "claimed_by": None,
        "fatalities": None,
        "injuries": None,
        "confidence": 0.5,
        "evidence": [
            {
                "document_id": f"d{i // 5}",
                "url": None,
                "published": None,
                "start": 0,
                "end": len(sentence),
                "sentence": sentence,
            }
        ],
    }
    return (
        record["id"],
        f"d{i // 5}",
        "Battles",
        sub,
        actor,
        None,
        f"Place {place}",
        10_000 + place,
        country,
        None,
        lat,
        lon,
        day.isoformat(),
        day.isoformat(),
        "day",
        "asserted",
        None,
        None,
        "bench",
        json.dumps(record),
        record["id"],
    )


def fill(store: Store, n: int) -> None:
    rng = random.Random(7)
    docs = [(f"d{j}", f"h{j}", "generated", None, None, None, None, None) for j in range((n + 4) // 5)]
    store.conn.execute("BEGIN")
    store.conn.executemany("INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?)", docs)
    batch = []
    for i in tqdm(range(n), desc=f"generate {store.path[:40]}", unit="event", mininterval=1):
        batch.append(fake_event(i, rng))
        if len(batch) == 20_000:
            store.conn.executemany(f"INSERT INTO events VALUES ({', '.join('?' * 21)})", batch)
            batch = []
    store.conn.executemany(f"INSERT INTO events VALUES ({', '.join('?' * 21)})", batch)
    store.conn.execute("COMMIT")
    store.conn.execute("ANALYZE")


def filters(rng: random.Random) -> dict[str, EventFilter]:
    start = DAY0 + timedelta(days=rng.randrange(970))
    return {
        "place": EventFilter(place=f"Place {rng.randrange(2000)}", limit=100),
        "place id": EventFilter(place=str(10_000 + rng.randrange(2000)), limit=100),
        "date range (1 month)": EventFilter(since=start, until=start + timedelta(days=30), limit=100),
        "type + date": EventFilter(
            event_type=rng.choice(TYPES), since=start, until=start + timedelta(days=30), limit=100
        ),
        "actor": EventFilter(actor=rng.choice(ACTORS), limit=100),
        "country + date": EventFilter(
            country=rng.choice(COUNTRIES), since=start, until=start + timedelta(days=7), limit=100
        ),
    }


def api_filters(rng: random.Random) -> dict[str, EventQuery]:
    """The API's path (queries.events_page: merged events, keyset pages) for full text and bounding box."""
    lat, lon = 40 + rng.randrange(90) / 10, 20 + rng.randrange(18)
    start = DAY0 + timedelta(days=rng.randrange(970))
    return {
        "api: first page": EventQuery(),
        "api: q one word": EventQuery(q=rng.choice(NOUNS)),
        "api: q two words": EventQuery(q=f"{rng.choice(VERBS).split()[0]} {rng.choice(NOUNS)}"),
        "api: q rare (place)": EventQuery(q=f"place {rng.randrange(2000)}"),
        "api: bbox 1x1 deg": EventQuery(bbox=(lon, lat, lon + 1, lat + 1)),
        "api: bbox + month": EventQuery(
            bbox=(lon, lat, lon + 2, lat + 2), since=start, until=start + timedelta(days=30)
        ),
        "api: q + bbox": EventQuery(q=rng.choice(NOUNS), bbox=(lon, lat, lon + 2, lat + 2)),
    }


def measure(store: Store, queries: int) -> dict[str, dict[str, float]]:
    rng = random.Random(11)
    times: dict[str, list[float]] = {}
    for _ in range(queries):
        for name, f in filters(rng).items():
            t0 = time.perf_counter()
            store.events(f)
            times.setdefault(name, []).append((time.perf_counter() - t0) * 1000)
        for name, q in api_filters(rng).items():
            t0 = time.perf_counter()
            events_page(store, q)
            times.setdefault(name, []).append((time.perf_counter() - t0) * 1000)
    for _ in range(3):  # the page's one aggregated request: a scan of every event, not a p95 target
        t0 = time.perf_counter()
        map_view(store, EventQuery())
        times.setdefault("map view (all events)", []).append((time.perf_counter() - t0) * 1000)
    return {
        name: {
            "p50_ms": round(statistics.median(v), 2),
            "p95_ms": round(statistics.quantiles(v, n=20)[18] if len(v) > 1 else v[0], 2),
        }
        for name, v in times.items()
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--pg", default=os.environ.get("FRONTWATCH_TEST_PG"))
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "queries.json"))
    args = ap.parse_args(argv)
    results: dict[str, Any] = {"events": args.events}
    with tempfile.TemporaryDirectory() as tmp:
        targets = {"sqlite": str(Path(tmp) / "q.db")}
        if args.pg:
            targets["postgresql"] = args.pg
        else:
            print("PostgreSQL: no --pg URL or FRONTWATCH_TEST_PG, measured SQLite only")
        for engine, target in targets.items():
            if engine == "postgresql":
                import psycopg

                with psycopg.connect(target, autocommit=True) as conn:
                    conn.execute("DROP SCHEMA IF EXISTS public CASCADE")
                    conn.execute("CREATE SCHEMA public")
            with Store.open(target) as store:
                fill(store, args.events)
                results[engine] = measure(store, args.queries)
    print(f"query latency over {args.events:,} events, 100 rows a page (target p95 < 50 ms)")
    for engine in ("sqlite", "postgresql"):
        for name, r in results.get(engine, {}).items():
            print(f"  {engine:<10} {name:<24} p50 {r['p50_ms']:>8} ms   p95 {r['p95_ms']:>8} ms")
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(results, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
