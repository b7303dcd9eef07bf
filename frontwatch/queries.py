"""Read queries the API needs beyond `Store`'s: keyset pages, a bounding box, full text, one record by id.

Every function takes a `Store` and runs parameterized SQL on `store.conn`; nothing here writes. A cursor is
an opaque URL-safe string holding the sort key of the last row of the previous page.
"""

from __future__ import annotations

import base64
import binascii
import functools
import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from frontwatch import db, mapview, walks
from frontwatch.store import Store

Json = dict[str, Any]
MAX_INT = 2**63 - 1
KEY = "date_end, date_start, document_id, id"  # the order of reports, as `frontwatch events` lists them
CLUSTER = "cluster_id"  # indexed; Store.open fills it in stores written before de-duplication


read_only = db.read_only  # a connection that cannot write


class QueryError(ValueError):
    """A parameter the store cannot answer (bad cursor, bad bounding box): the caller's mistake."""


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
    unmerged: bool = False  # raw reports instead of one merged event per real event


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


def parse_day(value: str | None, name: str) -> date | None:
    """A YYYY-MM-DD parameter; QueryError names the parameter otherwise."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise QueryError(f"{name} {value[:40]!r} is not a date: use YYYY-MM-DD, e.g. 2023-11-12") from None


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


def _event_where(
    f: EventQuery, conn: db.Connection, days: tuple[str, str] | None = None, each_row: bool = False
) -> tuple[list[str], list[Any]]:
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
        clause, values = db.box_match(conn, f.bbox, spatial=not db.words_hold_box(conn, f.q, f.bbox))
        where.append(clause)
        args += values
    if f.q is not None and f.q.strip():
        match = db.text_match(conn, f.q, days, f.bbox, each_row)
        where.append(match[0] if match else "0 = 1")  # only punctuation: no word can match
        args += match[1] if match else []
    return where, args


def events_page(store: Store, f: EventQuery) -> Page:
    """Events matching `f` in report order, one page after `f.cursor`: merged events (each with every
    report's evidence) unless `f.unmerged`. A merged event sits where its first matching report does."""
    after = decode_cursor(f.cursor, 4) if f.cursor else None
    if f.unmerged:
        rows = _reports(store, f, after, f.limit + 1, record=True)
        items = [json.loads(r[RECORD]) for r in rows[: f.limit]]
        last = rows[f.limit - 1] if len(rows) > f.limit else None
        return Page(items, encode_cursor(_key(last)) if last else None)
    leads = _leads(store, f, after, f.limit + 1)
    merged = merge_clusters(store, [c for _, c in leads[: f.limit]])
    items = [merged[c] for _, c in leads[: f.limit]]
    return Page(items, encode_cursor(leads[f.limit - 1][0]) if len(leads) > f.limit else None)


# The columns of a selected report, by position: its sort key, its cluster, its rowid (SQLite; 0 in
# PostgreSQL) and, when asked for, its record.
CLUSTER_AT, ROWID_AT, RECORD = 4, 5, 6
MAX_ARMS = 16  # an OR filter is read as this many index walks at most (see _arms), else as one query


def _key(row: Sequence[Any]) -> list[Any]:
    return [row[0], row[1], row[2], row[3]]


def _reports(
    store: Store, f: EventQuery, after: Sequence[Any] | None, limit: int, record: bool = False
) -> list[tuple[Any, ...]]:
    """The first `limit` matching reports after `after`, in report order (see the column positions above)."""
    select = functools.partial(_select, record=record)
    if f.q:
        walk = walks.by_words if store.conn.postgres else walks.by_text
        return walk(store, f, after, limit, select)
    if f.bbox and not store.conn.postgres and len(db.cells(f.bbox)) > MAX_ARMS:  # a large box
        rows = walks.by_box(store, f, after, limit, select)
        if len(rows) >= limit:
            return rows
    return select(store, f, after, limit)


def _select(
    store: Store,
    f: EventQuery,
    after: Sequence[Any] | None,
    limit: int,
    extra: tuple[str, list[Any]] = ("", []),
    record: bool = False,
) -> list[tuple[Any, ...]]:
    """The first `limit` reports matching `f` (and `extra`) after `after`. A filter that `_arms` splits runs
    as one SELECT per alternative, each walking its own index in report order, merged by the engine (SQLite
    merges the ordered arms; PostgreSQL sorts each arm's first `limit`), so no page sorts every match.
    `extra` (the walks' chosen rowids) narrows the rows enough: the filter is then one plain SELECT."""
    arms, rest = _arms(store, f) if not extra[0] else ([], f)
    where, args = _event_where(rest, store.conn)
    if extra[0]:
        where.append(extra[0])
        args += extra[1]
    if after:
        where.append(f"({KEY}) > (?, ?, ?, ?)")
        args += list(after)
    columns = f"{KEY}, {CLUSTER}, " + ("0" if store.conn.postgres else "events.rowid")  # no rowid: 0
    columns += ", record" if record else ""
    selects: list[str] = []
    values: list[Any] = []
    for clause, arm_args in arms or [("", [])]:
        every = [*where, clause] if clause else where
        selects.append(f"SELECT {columns} FROM events" + (" WHERE " + " AND ".join(every) if every else ""))
        values += [*args, *arm_args]
    if len(selects) == 1:
        sql = f"{selects[0]} ORDER BY {KEY}"
    elif store.conn.postgres:  # each arm's first `limit` from its index, then one small sort
        arms_sql = " UNION ALL ".join(f"({one} ORDER BY {KEY} LIMIT {int(limit)})" for one in selects)
        sql = f"SELECT * FROM ({arms_sql}) AS arms ORDER BY {KEY}"
    else:
        sql = " UNION ALL ".join(selects) + " ORDER BY 1, 2, 3, 4"
    return store.conn.tuples(sql + " LIMIT ?", [*values, limit])


def _arms(store: Store, f: EventQuery) -> tuple[list[tuple[str, list[Any]]], EventQuery]:
    """Disjoint alternatives whose union is one of `f`'s filters, each an equality on the first column of an
    index in report order, and the rest of `f`. A small bounding box is each grid cell it touches (with the
    exact test); an actor (a part of a name) each stored name that contains it, as actor1 or else as actor2;
    a type the sub-event type or else the event type. ([], f) when none applies (or needs too many arms)."""
    in_words = db.words_hold_box(store.conn, f.q, f.bbox)  # the words narrow to the cells
    if f.bbox and len(cells := db.cells(f.bbox)) <= MAX_ARMS and not in_words:
        w, s, e, n = f.bbox
        exact = f"{db.cell(store.conn)} = ? AND lon BETWEEN ? AND ? AND lat BETWEEN ? AND ?"
        return [(exact, [c, w, e, s, n]) for c in cells], replace(f, bbox=None)
    if f.actor:
        names = [r[0] for r in store.conn.tuples(_ACTOR_NAMES, [_like(f.actor), MAX_ARMS // 2 + 1])]
        if not names:
            return [("0 = 1", [])], replace(f, actor=None)
        if len(names) <= MAX_ARMS // 2:
            marks = ",".join("?" * len(names))
            second = f"actor2 = ? AND (actor1 IS NULL OR actor1 NOT IN ({marks}))"
            arms = [("actor1 = ?", [n]) for n in names] + [(second, [n, *names]) for n in names]
            return arms, replace(f, actor=None)
    if f.event_type:
        t = f.event_type
        arms = [
            ("lower(sub_event_type) = lower(?)", [t]),
            ("lower(event_type) = lower(?) AND lower(sub_event_type) <> lower(?)", [t, t]),
        ]
        return arms, replace(f, event_type=None)
    return [], f


_ACTOR_NAMES = "SELECT name FROM actor_names WHERE name LIKE ? ESCAPE '\\' ORDER BY name LIMIT ?"


def _leads(
    store: Store, f: EventQuery, after: Sequence[Any] | None, limit: int
) -> list[tuple[list[Any], str]]:
    """(sort key, cluster id) of the first `limit` clusters after `after`, each at its first matching report:
    reads reports in key order and keeps those that no earlier matching report of their cluster precedes."""
    out: list[tuple[list[Any], str]] = []
    chunk = max(2 * limit, 50)  # one read usually finds `limit` clusters
    while len(out) < limit:
        rows = _reports(store, f, after, chunk)
        if not rows:
            break
        first = _first_matches(store, f, rows)
        for r in rows:
            key = _key(r)
            if first.get(r[CLUSTER_AT]) == key:
                out.append((key, r[CLUSTER_AT]))
                if len(out) == limit:
                    break
        after = _key(rows[-1])
        if len(rows) < chunk:
            break
    return out


def _first_matches(store: Store, f: EventQuery, rows: list[tuple[Any, ...]]) -> dict[str, list[Any]]:
    """The smallest sort key among the matching reports of each cluster of `rows`. A cluster of one report
    is its own first; the filter runs again only over clusters with several reports."""
    first: dict[str, list[Any]] = {}
    for r in rows:
        first.setdefault(r[CLUSTER_AT], _key(r))  # rows come in key order
    marks = ",".join("?" * len(first))
    sql = (
        f"SELECT {CLUSTER}, min(date_end), max(date_end) FROM events WHERE {CLUSTER} IN ({marks}) "
        f"GROUP BY {CLUSTER} HAVING count(*) > 1"
    )
    several = store.conn.tuples(sql, list(first))
    if not several:
        return first
    clusters = [r[0] for r in several]
    marks = ",".join("?" * len(clusters))
    # full text is looked up in the days these clusters span
    span = (min(r[1] for r in several), max(r[2] for r in several)) if f.q else None
    # the box as an exact test of each member (not through its spatial index); SQLite reads the members
    # through the cluster index whatever else the filter could use
    where, args = _event_where(replace(f, bbox=None), store.conn, span, each_row=True)
    if f.bbox:
        where.append("lon BETWEEN ? AND ? AND lat BETWEEN ? AND ?")
        args += [f.bbox[0], f.bbox[2], f.bbox[1], f.bbox[3]]
    where.append(f"{CLUSTER} IN ({marks})")
    members = "events" if store.conn.postgres else "events INDEXED BY events_cluster"
    sql = f"SELECT {KEY}, {CLUSTER} FROM {members} WHERE " + " AND ".join(where)
    for r in store.conn.tuples(sql, [*args, *clusters]):
        if list(r[:4]) < first[r[4]]:
            first[r[4]] = list(r[:4])
    return first


def merge_clusters(store: Store, clusters: Sequence[str]) -> dict[str, Json]:
    """One merged event per cluster id, over all of its reports (as `Store.events` merges them)."""
    return store.merge_clusters(clusters)


def all_events(store: Store, f: EventQuery, cap: int) -> list[Json]:
    """Every matching event (for exports), at most `cap`; merged unless `f.unmerged`."""
    if f.unmerged:
        return [json.loads(r[RECORD]) for r in _reports(store, f, None, cap, record=True)]
    leads = _leads(store, f, None, cap)
    merged = merge_clusters(store, [c for _, c in leads])
    return [merged[c] for _, c in leads]


def event(store: Store, event_id: str) -> Json | None:
    """One stored report as extracted."""
    row = store.conn.execute("SELECT record FROM events WHERE id = ?", (event_id,)).fetchone()
    return None if row is None else dict(json.loads(row["record"]))


def merged_event(store: Store, event_id: str) -> Json | None:
    """The event a report (or a merged event's id) belongs to, merged over all its reports."""
    row = store.conn.execute(f"SELECT {CLUSTER} AS cluster FROM events WHERE id = ?", (event_id,)).fetchone()
    found = merge_clusters(store, [row["cluster"]]).get(row["cluster"]) if row else None
    return found or event(store, event_id)


def day_counts(store: Store, f: EventQuery) -> list[Json]:
    """Events per day (by the last day of each event's first matching report), oldest first."""
    where, args = _event_where(f, store.conn)
    return mapview.counted(store.conn, where, args, f.unmerged)


def map_view(store: Store, f: EventQuery) -> Json:
    """The map's points and the timeline's days: {"points": map_points, "days": day_counts}."""
    where, args = _event_where(f, store.conn)
    return mapview.view(store.conn, where, args, f.unmerged)


def map_points(store: Store, f: EventQuery) -> list[Json]:
    """One point per place with matching events: how many, of which types, the latest day (for the map).
    A merged event is counted at its own place and type (its most trusted report's), as its JSON has them."""
    where, args = _event_where(f, store.conn)
    return list(mapview.view(store.conn, where, args, f.unmerged)["points"])


def places(store: Store, q: str | None = None, limit: int = 500) -> list[Json]:
    """Resolved places with events, those with control changes first, then most (merged) events."""
    rows = mapview.places(store.conn, _like(q) if q else None)
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
