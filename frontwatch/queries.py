"""Read queries the API needs beyond `Store`'s: keyset pages, a bounding box, full text, one record by id.

Every function takes a `Store` and runs parameterized SQL on `store.conn`; nothing here writes. A cursor is
an opaque URL-safe string holding the sort key of the last row of the previous page.
"""

from __future__ import annotations

import base64
import binascii
import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from frontwatch import db
from frontwatch.store import EventFilter, Store

Json = dict[str, Any]
MAX_INT = 2**63 - 1
# Full text: a word must occur in a name, a type or an evidence sentence (not in the JSON's keys).
TEXT_MATCH = (
    "(location LIKE ? ESCAPE '\\' OR actor1 LIKE ? ESCAPE '\\' OR actor2 LIKE ? ESCAPE '\\' "
    "OR sub_event_type LIKE ? ESCAPE '\\' OR event_type LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM "
    "json_each(record, '$.evidence') WHERE json_extract(value, '$.sentence') LIKE ? ESCAPE '\\'))"
)


class QueryError(ValueError):
    """A parameter the store cannot answer (bad cursor, bad bounding box): the caller's mistake."""


class ReadOnlySqlite(db.Connection):
    """A SQLite connection opened with `mode=ro`: SQLite itself refuses every write."""

    def __init__(self, path: str) -> None:
        self.target = path
        self.postgres = False
        conn = sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True, check_same_thread=False)
        conn.row_factory = lambda cur, values: db.Row(tuple(d[0] for d in cur.description), values)
        self._sqlite = conn


def read_only(target: str) -> db.Connection:
    """A connection that cannot write: SQLite `mode=ro`, or a read-only PostgreSQL session."""
    if not db.is_postgres(target):
        return ReadOnlySqlite(target)
    conn = db.Connection(target)
    conn.execute("SET default_transaction_read_only = on")
    return conn


@dataclass(frozen=True)
class EventQuery:
    place: str | None = None  # name (case-insensitive) or GeoNames id
    since: date | None = None
    until: date | None = None
    event_type: str | None = None  # event type or sub-event type
    actor: str | None = None
    modality: str | None = None
    document_id: str | None = None
    country: str | None = None
    bbox: tuple[float, float, float, float] | None = None  # min_lon, min_lat, max_lon, max_lat
    q: str | None = None  # words that must all occur in the record (sentence, names, types)
    cursor: str | None = None
    limit: int = 100


@dataclass(frozen=True)
class Page:
    items: list[Json]
    next_cursor: str | None


def encode_cursor(key: Sequence[Any]) -> str:
    raw = json.dumps(list(key), separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(cursor: str, size: int) -> list[Any]:
    """The sort key in `cursor`; QueryError when it is not one this module wrote."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        key = json.loads(raw.decode("utf-8"))
    except (binascii.Error, ValueError, UnicodeError):
        raise QueryError(f"invalid cursor {cursor[:40]!r}: pass next_cursor from a previous page") from None
    if not isinstance(key, list) or len(key) != size or not all(isinstance(k, (str, int)) for k in key):
        raise QueryError(f"invalid cursor {cursor[:40]!r}: pass next_cursor from a previous page")
    return key


def parse_bbox(text: str) -> tuple[float, float, float, float]:
    """`min_lon,min_lat,max_lon,max_lat` in degrees."""
    parts = text.split(",")
    try:
        values = [float(p) for p in parts]
    except ValueError:
        values = []
    if len(values) != 4 or any(v != v for v in values):
        raise QueryError(f"bbox {text[:60]!r} must be min_lon,min_lat,max_lon,max_lat, e.g. 36,47,39,49.5")
    w, s, e, n = values
    if not (-180 <= w <= e <= 180 and -90 <= s <= n <= 90):
        raise QueryError(
            f"bbox {text[:60]!r} is out of range: need min<=max, lon in -180..180, lat in -90..90"
        )
    return w, s, e, n


def _place_clause(column_id: str, column_name: str, place: str) -> tuple[str, list[Any]]:
    if place.isascii() and place.isdigit():  # not str.isdigit alone: "²" is a digit that int() refuses
        value = int(place)
        return f"{column_id} = ?", [value if value <= MAX_INT else -1]
    return f"lower({column_name}) = lower(?)", [place]


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _event_where(f: EventQuery, postgres: bool = False) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    args: list[Any] = []
    if f.place:
        clause, values = _place_clause("geonames_id", "location", f.place)
        where.append(clause)
        args += values
    if f.since:
        where.append("date_end >= ?")
        args.append(f.since.isoformat())
    if f.until:
        where.append("date_start <= ?")
        args.append(f.until.isoformat())
    if f.event_type:
        where.append("(lower(sub_event_type) = lower(?) OR lower(event_type) = lower(?))")
        args += [f.event_type, f.event_type]
    if f.actor:
        where.append("(actor1 LIKE ? ESCAPE '\\' OR actor2 LIKE ? ESCAPE '\\')")
        args += [_like(f.actor), _like(f.actor)]
    for column, value in (("modality", f.modality), ("document_id", f.document_id), ("country", f.country)):
        if value:
            where.append(f"{column} = ?")
            args.append(value)
    if f.bbox:
        where.append("lon BETWEEN ? AND ? AND lat BETWEEN ? AND ?")
        args += [f.bbox[0], f.bbox[2], f.bbox[1], f.bbox[3]]
    for word in (f.q or "").split():
        where.append(TEXT_MATCH if not postgres else "record LIKE ? ESCAPE '\\'")
        args += [_like(word)] * (6 if not postgres else 1)
    return where, args


def events_page(store: Store, f: EventQuery) -> Page:
    """Events matching `f`, ordered by date then id, one page after `f.cursor`."""
    where, args = _event_where(f, store.conn.postgres)
    if f.cursor:
        key = decode_cursor(f.cursor, 4)
        where.append("(date_start, date_end, document_id, id) > (?, ?, ?, ?)")
        args += key
    sql = "SELECT date_start, date_end, document_id, id, record FROM events"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY date_start, date_end, document_id, id LIMIT ?"
    rows = store.conn.execute(sql, [*args, f.limit + 1]).fetchall()
    items = [json.loads(r["record"]) for r in rows[: f.limit]]
    more = len(rows) > f.limit
    last = rows[f.limit - 1] if more else None
    cursor = encode_cursor([last[0], last[1], last[2], last[3]]) if last else None
    return Page(items, cursor)


def all_events(store: Store, f: EventQuery, cap: int) -> list[Json]:
    """Every matching event (for exports), at most `cap`."""
    where, args = _event_where(f, store.conn.postgres)
    sql = "SELECT record FROM events" + (" WHERE " + " AND ".join(where) if where else "")
    sql += " ORDER BY date_start, date_end, document_id, id LIMIT ?"
    return [json.loads(r["record"]) for r in store.conn.execute(sql, [*args, cap])]


def event(store: Store, event_id: str) -> Json | None:
    """One stored report as extracted."""
    row = store.conn.execute("SELECT record FROM events WHERE id = ?", (event_id,)).fetchone()
    return None if row is None else dict(json.loads(row["record"]))


def merged_event(store: Store, event_id: str) -> Json | None:
    """The event a report belongs to, merged over all its reports (every report's evidence)."""
    row = store.conn.execute("SELECT document_id FROM events WHERE id = ?", (event_id,)).fetchone()
    if row is None:
        return None
    for e in store.events(EventFilter(document_id=row[0])):
        if event_id in e.get("merged_from", [e["id"]]):
            return e
    return event(store, event_id)


def day_counts(store: Store, f: EventQuery) -> list[Json]:
    """Events per day (by the last day of each event's interval), oldest first."""
    where, args = _event_where(f, store.conn.postgres)
    sql = "SELECT date_end AS day, count(*) AS n FROM events" + (
        " WHERE " + " AND ".join(where) if where else ""
    )
    rows = store.conn.execute(sql + " GROUP BY date_end ORDER BY date_end", args)
    return [{"day": r["day"], "count": r["n"]} for r in rows]


def places(store: Store, q: str | None = None, limit: int = 500) -> list[Json]:
    """Resolved places with events or control changes, most events first."""
    sql = (
        "SELECT max(location) AS name, geonames_id, max(lat) AS lat, max(lon) AS lon, "
        "max(country) AS country, max(admin1) AS admin1, count(*) AS events "
        "FROM events WHERE geonames_id IS NOT NULL"
    )
    args: list[Any] = []
    if q:
        sql += " AND location LIKE ? ESCAPE '\\'"
        args.append(_like(q))
    rows = [dict(r) for r in store.conn.execute(sql + " GROUP BY geonames_id", args)]
    changes = dict(
        store.conn.execute(
            "SELECT geonames_id, count(*) FROM control_changes GROUP BY geonames_id"
        ).fetchall()
    )
    for r in rows:
        r["control_changes"] = changes.get(r["geonames_id"], 0)
    rows.sort(key=lambda r: (r["control_changes"] == 0, -r["events"], r["name"] or ""))
    return rows[:limit]


def control_changes(store: Store, place: str) -> list[Json]:
    """Every control change of one place (name or GeoNames id), oldest first."""
    return control_changes_page(store, place, None, 1_000_000).items


def control_changes_page(store: Store, place: str | None, cursor: str | None, limit: int) -> Page:
    where: list[str] = []
    args: list[Any] = []
    if place:
        clause, values = _place_clause("geonames_id", "place", place)
        where.append(clause)
        args += values
    if cursor:
        where.append("(date_end, date_start, event_id) > (?, ?, ?)")
        args += decode_cursor(cursor, 3)
    sql = "SELECT date_end, date_start, event_id, record FROM control_changes"
    sql += (
        " WHERE " + " AND ".join(where) if where else ""
    ) + " ORDER BY date_end, date_start, event_id LIMIT ?"
    rows = store.conn.execute(sql, [*args, limit + 1]).fetchall()
    more = len(rows) > limit
    last = rows[limit - 1] if more else None
    return Page(
        [json.loads(r["record"]) for r in rows[:limit]],
        encode_cursor([last[0], last[1], last[2]]) if last else None,
    )


def quotes_page(
    store: Store,
    speaker: str | None,
    affiliation: str | None,
    document_id: str | None,
    kind: str | None,
    cursor: str | None,
    limit: int,
) -> Page:
    """Quotes ordered by document and offset; `speaker` matches the name or an alias."""
    where: list[str] = []
    args: list[Any] = []
    if speaker:
        where.append("speaker IS NOT NULL AND record LIKE ? ESCAPE '\\'")
        args.append(_like(speaker))
    if affiliation:
        where.append("affiliation LIKE ? ESCAPE '\\'")
        args.append(_like(affiliation))
    for column, value in (("document_id", document_id), ("kind", kind)):
        if value:
            where.append(f"{column} = ?")
            args.append(value)
    if cursor:
        where.append("(document_id, start, id) > (?, ?, ?)")
        args += decode_cursor(cursor, 3)
    sql = "SELECT document_id, start, id, record FROM quotes"
    sql += (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY document_id, start, id LIMIT ?"
    items: list[Json] = []
    last: Any = None
    needle = (speaker or "").casefold()
    for row in store.conn.execute(sql, [*args, limit + 1]):
        record = json.loads(row["record"])
        if needle and not _speaker_matches(record.get("speaker"), needle):
            continue
        if len(items) == limit:
            return Page(items, encode_cursor([last[0], last[1], last[2]]))
        items.append(record)
        last = row
    return Page(items, None)


def _speaker_matches(speaker: Json | None, needle: str) -> bool:
    names = [speaker.get("name") or "", *(speaker.get("aliases") or [])] if speaker else []
    return any(needle in n.casefold() for n in names)


def document(store: Store, document_id: str) -> Json | None:
    """A document's text and metadata with every extracted span: events, places, times, quotes."""
    row = store.conn.execute(
        "SELECT id, published, url, title, source, text FROM documents WHERE id = ?", (document_id,)
    ).fetchone()
    if row is None:
        return None
    return {**dict(row), "spans": document_spans(store, document_id)}


def document_spans(store: Store, document_id: str) -> list[Json]:
    spans: list[Json] = []
    for r in store.conn.execute(
        "SELECT id, sub_event_type, record FROM events WHERE document_id = ?", (document_id,)
    ):
        for ev in json.loads(r["record"])["evidence"]:
            if ev["document_id"] == document_id:
                spans.append(_span("event", ev["start"], ev["end"], r["sub_event_type"], r["id"]))
    for r in store.conn.execute(
        'SELECT id, start, "end", speaker FROM quotes WHERE document_id = ?', (document_id,)
    ):
        spans.append(_span("quote", r["start"], r["end"], r["speaker"] or "unknown speaker", r["id"]))
    for r in store.conn.execute(
        'SELECT start, "end", text, geonames_id, role FROM place_mentions WHERE document_id = ?',
        (document_id,),
    ):
        label = f"{r['text']} ({r['role']}, GeoNames {r['geonames_id']})" if r["geonames_id"] else r["text"]
        spans.append(_span("place", r["start"], r["end"], label, None))
    for r in store.conn.execute(
        'SELECT start, "end", value FROM time_mentions WHERE document_id = ?', (document_id,)
    ):
        spans.append(_span("time", r["start"], r["end"], r["value"], None))
    return sorted(spans, key=lambda s: (s["start"], -s["end"], s["kind"]))


def _span(kind: str, start: int, end: int, label: str, ref: str | None) -> Json:
    return {"kind": kind, "start": start, "end": end, "label": label, "ref": ref}


def documents_page(store: Store, cursor: str | None, limit: int) -> Page:
    where: list[str] = []
    args: list[Any] = []
    if cursor:
        where.append("id > ?")
        args += decode_cursor(cursor, 1)
    sql = "SELECT id, published, url, title, source FROM documents" + (" WHERE " + where[0] if where else "")
    rows = store.conn.execute(sql + " ORDER BY id LIMIT ?", [*args, limit + 1]).fetchall()
    more = len(rows) > limit
    return Page([dict(r) for r in rows[:limit]], encode_cursor([rows[limit - 1]["id"]]) if more else None)


def control_spans(changes: Sequence[Json]) -> list[Json]:
    """Who held a place when, from its changes oldest first: a `changing` span while a change's interval
    runs, then `held` (asserted) or `contested` (claimed, denied) until the next change starts."""
    out: list[Json] = []
    for i, c in enumerate(changes):
        start, end = c["date"]["start"], c["date"]["end"]
        who = (c.get("controller") or {}).get("name")
        nxt = changes[i + 1]["date"]["start"] if i + 1 < len(changes) else None
        if start < end:
            out.append(
                {"from": start, "to": end, "controller": who, "status": "changing", "event_id": c["event_id"]}
            )
        status = "held" if c["status"] == "asserted" else "contested"
        out.append(
            {
                "from": end,
                "to": max(nxt, end) if nxt else None,
                "controller": who,
                "status": status,
                "event_id": c["event_id"],
            }
        )
    return out
