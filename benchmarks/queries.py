"""Query latency: p50/p95 of the filters analysts run, over a store of generated events.

    python -m benchmarks.queries [--events 1000000] [--pg postgresql://…] [--queries 200] [--keep DIR]

Generates N events (deterministic; 2,000 places, 1,000 days, 25 sub-event types, 40 actors; one report in five
is a second report of the event before) with `bulk.load` into a SQLite store (in DIR with --keep, reused
when it already holds N events) and a PostgreSQL one (--pg, $FRONTWATCH_BENCH_PG or $FRONTWATCH_TEST_PG; its
schema is dropped first), then times the API's own path, `queries.events_page` (100 merged events a page,
or raw reports where named `unmerged`), for each filter, and the page after the first through its cursor.
Prints the load average too: on a shared machine the wall-clock figures are only as good as it is quiet
(the CPU time of the benchmark's process, also printed, changes less; PostgreSQL's own work is not in it).
Target (issues 8 and 9): p95 < 50 ms over 1M events on both engines.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import tempfile
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from tqdm import tqdm

from frontwatch import bulk, db
from frontwatch.queries import EventQuery, events_page, map_view
from frontwatch.store import Store

ROOT = Path(__file__).resolve().parent.parent
TYPES = [f"Sub-event type {i}" for i in range(25)]
ACTORS = [f"Actor {i} forces" for i in range(40)]
COUNTRIES = ["UA", "RU", "SD", "MM", "CD", "SY", "YE", "ML"]
VERBS = ["shelled", "attacked", "captured", "struck", "withdrew from", "advanced on", "bombed", "raided"]
NOUNS = ["artillery", "drones", "mortars", "airstrikes", "tanks", "snipers", "missiles", "infantry"]
DAY0 = date(2022, 1, 1)


def fake_event(i: int, rng: random.Random, like: tuple[Any, ...] | None = None) -> tuple[Any, ...]:
    """One generated report as an `events` row (its record in the output contract's shape); with `like` (an
    earlier row) a second report of that event: same place, same day, same cluster."""
    place = rng.randrange(2000)
    day = DAY0 + timedelta(days=rng.randrange(1000))
    if like is not None:
        place, day = like[7] - 10_000, date.fromisoformat(like[12])
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
        like[20] if like is not None else record["id"],
    )


def _events(n: int, rng: random.Random, clusters: bool) -> Iterator[tuple[Any, ...]]:
    """`n` generated reports; with `clusters` one in five is a second report of the one before."""
    last: tuple[Any, ...] | None = None
    for i in range(n):
        last = fake_event(i, rng, last if clusters and i % 5 == 1 else None)
        yield last


def fill(store: Store, n: int, clusters: bool = False) -> float:
    """Generate `n` events (and a document for every five) into the store with `bulk.load`; seconds taken."""
    rng = random.Random(7)
    docs = ((f"d{j}", f"h{j}", "generated", None, None, None, None, None) for j in range((n + 4) // 5))
    rows = _events(n, rng, clusters)
    t0 = time.perf_counter()
    if n >= 100_000:
        rows = tqdm(rows, total=n, desc=f"generate {store.path[:40]}", unit="event", mininterval=5)
    bulk.load(store, docs, rows)
    return time.perf_counter() - t0


def filters(rng: random.Random) -> dict[str, EventQuery]:
    """The filters analysts run, as the API asks for them (queries.events_page, 100 merged events a page)."""
    lat, lon = 40 + rng.randrange(90) / 10, 20 + rng.randrange(18)
    start = DAY0 + timedelta(days=rng.randrange(970))
    month = EventQuery(since=start, until=start + timedelta(days=30))
    return {
        "first page": EventQuery(),
        "first page, unmerged": EventQuery(unmerged=True),
        "place (name)": EventQuery(place=f"Place {rng.randrange(2000)}"),
        "place (GeoNames id)": EventQuery(place=str(10_000 + rng.randrange(2000))),
        "date range (1 month)": month,
        "date range, unmerged": replace(month, unmerged=True),
        "type + date": replace(month, event_type=rng.choice(TYPES)),
        "actor": EventQuery(actor=rng.choice(ACTORS)),
        "country + date (1 week)": EventQuery(
            country=rng.choice(COUNTRIES), since=start, until=start + timedelta(days=7)
        ),
        "bbox 1x1 deg": EventQuery(bbox=(lon, lat, lon + 1, lat + 1)),
        "bbox + month": replace(month, bbox=(lon, lat, lon + 2, lat + 2)),
        "q common word (1 in 8)": EventQuery(q=rng.choice(NOUNS)),
        "q common, unmerged": EventQuery(q=rng.choice(NOUNS), unmerged=True),
        "q two words": EventQuery(q=f"{rng.choice(VERBS).split()[0]} {rng.choice(NOUNS)}"),
        "q rare (a place)": EventQuery(q=f"place {rng.randrange(2000)}"),
        "q + bbox": EventQuery(q=rng.choice(NOUNS), bbox=(lon, lat, lon + 2, lat + 2)),
        "q + month": replace(month, q=rng.choice(NOUNS)),
    }


def measure(store: Store, queries: int) -> dict[str, dict[str, float]]:
    """p50/p95 (ms) of each filter's first page and of the page after it (through its cursor)."""
    rng = random.Random(11)
    times: dict[str, list[float]] = {}
    cpu: dict[str, list[float]] = {}  # this process's CPU time: what a busy machine changes least (SQLite)
    for _ in range(queries):
        for name, f in filters(rng).items():
            t0, c0 = time.perf_counter(), time.process_time()
            page = events_page(store, f)
            times.setdefault(name, []).append((time.perf_counter() - t0) * 1000)
            cpu.setdefault(name, []).append((time.process_time() - c0) * 1000)
            if name == "first page" and page.next_cursor:
                t0 = time.perf_counter()
                events_page(store, replace(f, cursor=page.next_cursor))
                times.setdefault("next page (cursor)", []).append((time.perf_counter() - t0) * 1000)
    for _ in range(3):  # the page's one aggregated request: a scan of every event, not a p95 target
        t0 = time.perf_counter()
        map_view(store, EventQuery(since=DAY0, until=DAY0 + timedelta(days=30)))
        times.setdefault("map view (1 month)", []).append((time.perf_counter() - t0) * 1000)
    return {
        name: {
            "p50_ms": round(statistics.median(v), 2),
            "p95_ms": round(statistics.quantiles(v, n=20)[18] if len(v) > 1 else v[0], 2),
            "cpu_p95_ms": round(statistics.quantiles(cpu[name], n=20)[18] if name in cpu else -1, 2),
            "runs": len(v),
        }
        for name, v in times.items()
    }


def prepare(target: str, n: int, reuse: bool) -> tuple[Store, float | None]:
    """An open store holding the `n` generated events: reused when `reuse` and it already holds them."""
    if db.is_postgres(target):
        with Store.open(target) as store:
            have = store.count("events")
        if not (reuse and have == n):
            import psycopg

            with psycopg.connect(target, autocommit=True) as conn:
                conn.execute("DROP SCHEMA IF EXISTS public CASCADE")
                conn.execute("CREATE SCHEMA public")
    elif Path(target).exists() and not reuse:
        for suffix in ("", "-wal", "-shm"):
            Path(target + suffix).unlink(missing_ok=True)
    store = Store.open(target)
    if store.count("events") == n:
        return store, None
    return store, fill(store, n, clusters=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--queries", type=int, default=200, help="runs of each filter")
    ap.add_argument(
        "--pg", default=os.environ.get("FRONTWATCH_BENCH_PG") or os.environ.get("FRONTWATCH_TEST_PG")
    )
    ap.add_argument("--keep", help="directory for the SQLite store; reuse stores that hold --events events")
    ap.add_argument("--engines", default="sqlite,postgresql")
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "queries.json"))
    args = ap.parse_args(argv)
    results: dict[str, Any] = {"events": args.events}
    with tempfile.TemporaryDirectory() as tmp:
        targets = {"sqlite": str(Path(args.keep or tmp) / f"queries-{args.events}.db")}
        if args.pg:
            targets["postgresql"] = args.pg
        else:
            print("PostgreSQL: no --pg URL, FRONTWATCH_BENCH_PG or FRONTWATCH_TEST_PG: measured SQLite only")
        for engine, target in targets.items():
            if engine not in args.engines.split(","):
                continue
            store, seconds = prepare(target, args.events, reuse=bool(args.keep))
            with store:
                results[engine] = {"generate_s": round(seconds, 1) if seconds else None}
                results[engine]["load_before"] = os.getloadavg()[0]
                results[engine].update(measure(store, args.queries))
                results[engine]["load_after"] = os.getloadavg()[0]
    print(f"query latency over {args.events:,} events, 100 events a page (target p95 < 50 ms)")
    for engine in ("sqlite", "postgresql"):
        r = results.get(engine)
        if not r:
            continue
        print(
            f"  {engine}: generated in {r['generate_s']} s; load average {r['load_before']:.2f} before, "
            f"{r['load_after']:.2f} after"
        )
        for name, v in r.items():
            if isinstance(v, dict):
                cpu = f"   CPU p95 {v['cpu_p95_ms']:>8} ms" if v["cpu_p95_ms"] >= 0 else ""
                times = f"p50 {v['p50_ms']:>8} ms   p95 {v['p95_ms']:>8} ms{cpu}"
                print(f"    {name:<26} {times}   ({v['runs']} runs)")
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(results, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
