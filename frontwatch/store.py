"""The one place that writes: SQLite (WAL, foreign keys), one transaction per document.

Readers return contract-shaped dicts (see formats.py) straight from the `record` column; filters run on
indexed columns.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import re
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from frontwatch import db, dedup, formats, neardup
from frontwatch.types import ControlChange, Document, Extraction

SCHEMA_VERSION = "1"
# Indexes of older versions that schema.sql's (column, report order) indexes replace: dropped on open.
REPLACED_INDEXES = (
    "events_date",
    "events_place",
    "events_location",
    "events_type",
    "events_event_type",
    "events_actor1",
    "events_actor2",
    "events_country",
)


class StoreError(RuntimeError):
    pass


def _safe(target: str) -> str:
    """A store address for messages, without a password."""
    return re.sub(r"//([^:/@]+):[^@]*@", r"//\\1:***@", target)


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class EventFilter:
    place: str | None = None  # name (case-insensitive) or GeoNames id
    since: date | None = None  # events whose interval ends on or after
    until: date | None = None  # events whose interval starts on or before
    event_type: str | None = None  # event type or sub-event type
    actor: str | None = None  # substring of actor1 or actor2
    modality: str | None = None
    document_id: str | None = None
    country: str | None = None
    limit: int | None = None


class Store:
    def __init__(self, conn: db.Connection, path: str) -> None:
        self.conn = conn
        self.path = path

    @classmethod
    def open(cls, path: str | Path) -> Store:
        """Open or create a store: a SQLite file, or a `postgresql://…` URL. A file or database that is not a
        frontwatch store is refused, never changed."""
        path = str(path)
        if not db.is_postgres(path):
            if problem := db.sqlite_path_ok(path):
                raise StoreError(problem)
            if path != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
        try:
            conn = db.Connection(path)
        except Exception as exc:  # psycopg.OperationalError and friends: say what to do
            raise StoreError(f"cannot connect to {_safe(path)}: {str(exc).strip().splitlines()[0]}") from None
        try:
            if not conn.postgres:
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA foreign_keys=ON")
                conn.execute("PRAGMA synchronous=NORMAL")
            tables = conn.tables()
            if tables and "documents" not in tables:
                raise StoreError(f"{_safe(path)} is a database but not a frontwatch store: pass another --db")
            conn.executescript(resources.files("frontwatch").joinpath("schema.sql").read_text("utf-8"))
            for name in REPLACED_INDEXES:  # schema.sql has just built the indexes that replace them
                conn.execute(f"DROP INDEX IF EXISTS {name}")
            if "cluster_id" not in conn.columns("events"):  # a store written before de-duplication
                conn.execute("ALTER TABLE events ADD COLUMN cluster_id TEXT")
                conn.execute("UPDATE events SET cluster_id = id")
            conn.execute("CREATE INDEX IF NOT EXISTS events_cluster ON events (cluster_id)")
            db.ensure_read_indexes(conn)  # map index and full text, built from the stored events if missing
            conn.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (SCHEMA_VERSION,))
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise StoreError(f"cannot open {path}: {exc}") from exc
        except BaseException:
            conn.close()
            raise
        return cls(conn, path)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- writing ------------------------------------------------------------------------------------

    def has_document(self, doc: Document) -> bool:
        """True when this exact document (same id, same text) is already stored."""
        row = self.conn.execute("SELECT text_hash FROM documents WHERE id = ?", (doc.id,)).fetchone()
        return row is not None and row[0] == text_hash(doc.text)

    def save(self, ex: Extraction) -> None:
        """Replace everything stored for the document with this extraction, in one transaction."""
        d = ex.document
        c = self.conn
        c.execute("BEGIN IMMEDIATE")
        try:
            touched = self._cluster_members_of_document(d.id)
            c.execute("DELETE FROM documents WHERE id = ?", (d.id,))
            c.execute(
                "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (d.id, text_hash(d.text), d.text, _iso(d.published), d.url, d.title, d.source, d.origin),
            )
            neardup.index(c, d.id, d.text)
            c.executemany(
                "INSERT OR REPLACE INTO place_mentions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        d.id,
                        m.start,
                        m.end,
                        m.text,
                        m.place.geonames_id if m.place else None,
                        m.role,
                        m.score,
                        m.rule,
                        _dump(formats.place_mention_json(m)),
                    )
                    for m in ex.places
                ],
            )
            c.executemany(
                "INSERT OR REPLACE INTO time_mentions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        d.id,
                        t.start,
                        t.end,
                        t.text,
                        t.value,
                        t.type,
                        _iso(t.interval.start if t.interval else None),
                        _iso(t.interval.end if t.interval else None),
                        t.interval.precision if t.interval else None,
                        _dump(formats.time_mention_json(t)),
                    )
                    for t in ex.times
                ],
            )
            c.executemany(
                f"INSERT OR REPLACE INTO events VALUES ({', '.join('?' * 21)})",
                [_event_row(d.id, e) for e in ex.events],
            )
            self._link_events([formats.event_json(e) for e in ex.events], touched)
            c.executemany(
                "INSERT OR REPLACE INTO control_changes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        ch.event_id,
                        d.id,
                        ch.place.name,
                        ch.place.geonames_id,
                        ch.controller.name,
                        ch.controller.country,
                        ch.date.start.isoformat(),
                        ch.date.end.isoformat(),
                        ch.status,
                        _dump(formats.control_json(ch)),
                    )
                    for ch in ex.control
                ],
            )
            c.executemany(
                "INSERT OR REPLACE INTO quotes VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        q.id,
                        d.id,
                        q.start,
                        q.end,
                        q.kind,
                        q.speaker.name if q.speaker else None,
                        q.speaker.affiliation if q.speaker else None,
                        _dump(formats.quote_json(q)),
                    )
                    for q in ex.quotes
                ],
            )
            c.execute("COMMIT")
        except BaseException:
            c.execute("ROLLBACK")
            raise

    # --- de-duplication (dedup.py decides; this writes) ----------------------------------------------

    def _cluster_members_of_document(self, document_id: str) -> set[str]:
        rows = self.conn.execute(
            "SELECT e2.id FROM events e1 JOIN events e2 ON e2.cluster_id = e1.cluster_id "
            "WHERE e1.document_id = ?",
            (document_id,),
        )
        return {r[0] for r in rows}

    def _candidates(self, e: dict[str, Any]) -> list[dict[str, Any]]:
        """Stored reports that could be the same event: overlapping dates and the same or a nearby place."""
        loc = e.get("location") or {}
        if loc.get("lat") is None and loc.get("geonames_id") is None:
            return []
        sql = "SELECT record FROM events WHERE date_start <= ? AND date_end >= ? AND (geonames_id = ?"
        args: list[Any] = [e["date"]["end"], e["date"]["start"], loc.get("geonames_id") or -1]
        if loc.get("lat") is not None:
            sql += " OR (lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?)"
            dlat, dlon = 0.2, 0.2 / max(0.1, math.cos(math.radians(loc["lat"])))
            args += [loc["lat"] - dlat, loc["lat"] + dlat, loc["lon"] - dlon, loc["lon"] + dlon]
        return [json.loads(r[0]) for r in self.conn.execute(sql + ")", args)]

    def _link_events(self, new: list[dict[str, Any]], touched: set[str]) -> None:
        """Link the new reports to the stored ones they match, then re-cluster what the change touched."""
        c = self.conn
        blocked = {frozenset((r[0], r[1])) for r in c.execute("SELECT a, b FROM merge_blocks")}
        candidates = {x["id"]: x for e in new for x in self._candidates(e)}
        links = dedup.links_for(new, candidates.values(), blocked)
        c.executemany(
            "INSERT OR REPLACE INTO event_links VALUES (?, ?, ?)", [(x.a, x.b, x.reason) for x in links]
        )
        self._recluster({e["id"] for e in new} | {x.a for x in links} | {x.b for x in links} | touched)

    def _recluster(self, seeds: set[str]) -> None:
        """Connected components over the links, starting from `seeds`; cluster id = smallest member id."""
        c = self.conn
        seen = db.reachable(c, "event_links", seeds)
        if not seen:
            return
        found = c.execute(f"SELECT id FROM events WHERE id IN ({','.join('?' * len(seen))})", list(seen))
        existing = [r[0] for r in found]
        marks = ",".join("?" * len(existing)) or "NULL"
        rows = c.execute(f"SELECT a, b, reason FROM event_links WHERE a IN ({marks})", existing)
        links = [dedup.Link(r[0], r[1], r[2]) for r in rows]
        clusters = dedup.components(existing, links)
        c.executemany("UPDATE events SET cluster_id = ? WHERE id = ?", [(k, i) for i, k in clusters.items()])

    def unmerge(self, event_id: str) -> int:
        """Take one report out of its merged event for good (its links are blocked); returns links removed."""
        c = self.conn
        if c.execute("SELECT 1 FROM events WHERE id = ?", (event_id,)).fetchone() is None:
            raise StoreError(
                f"no event report {event_id!r}: see `frontwatch events --unmerged` for report ids"
            )
        c.execute("BEGIN IMMEDIATE")
        try:
            rows = c.execute(
                "SELECT a, b FROM event_links WHERE a = ? OR b = ?", (event_id, event_id)
            ).fetchall()
            c.executemany("INSERT OR IGNORE INTO merge_blocks VALUES (?, ?)", [(r[0], r[1]) for r in rows])
            c.execute("DELETE FROM event_links WHERE a = ? OR b = ?", (event_id, event_id))
            self._recluster({event_id} | {x for r in rows for x in r})
            c.execute("COMMIT")
        except BaseException:
            c.execute("ROLLBACK")
            raise
        return len(rows)

    def merges(self) -> list[dict[str, Any]]:
        rows = self.conn.execute("SELECT a, b, reason FROM event_links ORDER BY a, b")
        return [{"a": r[0], "b": r[1], "reason": r[2]} for r in rows]

    # --- reading ------------------------------------------------------------------------------------

    def count(self, table: str) -> int:
        if table not in {
            "documents",
            "events",
            "control_changes",
            "quotes",
            "place_mentions",
            "time_mentions",
        }:
            raise ValueError(table)
        return int(self.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])

    def events(self, f: EventFilter = EventFilter(), merged: bool = True) -> list[dict[str, Any]]:
        """Events matching the filter: by default one per real event with every report as evidence
        (`merged=False`: the raw reports)."""
        rows = self._reports(f)
        if not merged or not rows:
            return rows
        ids = [r["id"] for r in rows]
        marks = ",".join("?" * len(ids))
        cluster_of = dict(
            self.conn.execute(f"SELECT id, cluster_id FROM events WHERE id IN ({marks})", ids).fetchall()
        )
        merged_events = self.merge_clusters(sorted(set(cluster_of.values())))
        return [merged_events[k] for k in dict.fromkeys(cluster_of[i] for i in ids)]

    def merge_clusters(self, clusters: Sequence[str]) -> dict[str, dict[str, Any]]:
        """One merged event per cluster id, over all of its reports, with why they merged and which of
        their documents are copies of one story."""
        if not clusters:
            return {}
        marks = ",".join("?" * len(clusters))
        members = self.conn.execute(
            f"SELECT id, cluster_id, record FROM events WHERE cluster_id IN ({marks})", list(clusters)
        ).fetchall()
        by_id = {m[0]: json.loads(m[2]) for m in members}
        reasons: dict[str, list[str]] = {}
        marks = ",".join("?" * len(by_id))
        for link in self.conn.execute(
            f"SELECT a, b, reason FROM event_links WHERE a IN ({marks})", list(by_id)
        ):
            reasons.setdefault(link[0], []).append(link[2])
            reasons.setdefault(link[1], []).append(link[2])
        grouped: dict[str, list[dict[str, Any]]] = {}
        for m in sorted(members, key=lambda m: str(m[0])):
            grouped.setdefault(m[1], []).append(by_id[m[0]])
        documents = {ev["document_id"] for e in by_id.values() for ev in e["evidence"]}
        originals = neardup.originals(self.conn, documents)
        return {k: dedup.merge(rows, reasons, originals) for k, rows in grouped.items()}

    def _reports(self, f: EventFilter) -> list[dict[str, Any]]:
        where: list[str] = []
        args: list[Any] = []
        if f.place:
            if f.place.isascii() and f.place.isdigit():
                where.append("geonames_id = ?")
                args.append(int(f.place))
            else:
                where.append("lower(location) = lower(?)")
                args.append(f.place)
        if f.since:
            where.append("date_end >= ?")
            args.append(f.since.isoformat())
        if f.until:
            where.append("date_start <= ?")
            args.append(f.until.isoformat())
        if f.event_type:
            name = _canonical_type(f.event_type)  # lower(): as the (type, report order) indexes hold them
            where.append("(lower(sub_event_type) = lower(?) OR lower(event_type) = lower(?))")
            args += [name, name]
        if f.actor:
            where.append("(actor1 LIKE ? OR actor2 LIKE ?)")
            args += [f"%{f.actor}%", f"%{f.actor}%"]
        for column, value in (
            ("modality", f.modality),
            ("document_id", f.document_id),
            ("country", f.country),
        ):
            if value:
                where.append(f"{column} = ?")
                args.append(value)
        sql = "SELECT record FROM events"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY date_end, date_start, document_id, id"
        if f.limit:
            sql += f" LIMIT {int(f.limit)}"
        return [json.loads(r["record"]) for r in self.conn.execute(sql, args)]

    def control_changes(self, place: str | None = None) -> list[ControlChange]:
        sql = "SELECT record FROM control_changes"
        args: list[Any] = []
        if place:
            if place.isascii() and place.isdigit():
                sql += " WHERE geonames_id = ?"
                args.append(int(place))
            else:
                sql += " WHERE lower(place) = lower(?)"
                args.append(place)
        sql += " ORDER BY date_end, date_start, event_id"
        return [formats.control_from_json(json.loads(r["record"])) for r in self.conn.execute(sql, args)]

    def quotes(
        self,
        speaker: str | None = None,
        affiliation: str | None = None,
        document_id: str | None = None,
        kind: str | None = None,
    ) -> list[dict[str, Any]]:
        where: list[str] = []
        args: list[Any] = []
        if speaker:
            where.append("record LIKE ?")  # name or alias, anywhere in the speaker object
            args.append(f"%{speaker}%")
            where.append("speaker IS NOT NULL")
        if affiliation:
            where.append("affiliation LIKE ?")
            args.append(f"%{affiliation}%")
        if document_id:
            where.append("document_id = ?")
            args.append(document_id)
        if kind:
            where.append("kind = ?")
            args.append(kind)
        sql = "SELECT record FROM quotes" + (" WHERE " + " AND ".join(where) if where else "")
        rows = [
            json.loads(r["record"]) for r in self.conn.execute(sql + " ORDER BY document_id, start", args)
        ]
        if speaker:
            needle = speaker.casefold()
            rows = [r for r in rows if _speaker_matches(r.get("speaker"), needle)]
        return rows

    def mentions(
        self, kind: str, document_id: str | None = None, place: str | None = None
    ) -> list[dict[str, Any]]:
        table = {"place": "place_mentions", "time": "time_mentions"}[kind]
        where: list[str] = []
        args: list[Any] = []
        if document_id:
            where.append("document_id = ?")
            args.append(document_id)
        if place and kind == "place":
            where.append("(geonames_id = ? OR lower(text) = lower(?))")
            args += [int(place) if (place.isascii() and place.isdigit()) else -1, place]
        sql = f"SELECT record FROM {table}" + (" WHERE " + " AND ".join(where) if where else "")
        return [
            json.loads(r["record"]) for r in self.conn.execute(sql + " ORDER BY document_id, start", args)
        ]

    def documents(self) -> Iterator[db.Row]:
        yield from self.conn.execute(
            "SELECT id, published, url, title, source, origin FROM documents ORDER BY id"
        )

    def place_names(self, query: str) -> Sequence[str]:
        rows = self.conn.execute(
            "SELECT DISTINCT place FROM control_changes WHERE place LIKE ? ORDER BY place", (f"%{query}%",)
        )
        return [r[0] for r in rows]


@functools.cache
def _type_names() -> dict[str, str]:
    """ACLED's event and sub-event type names by their lower-case form (from data/events.json)."""
    ontology = json.loads(resources.files("frontwatch").joinpath("data/events.json").read_text("utf-8"))
    names = [*ontology["event_types"], *(s for subs in ontology["event_types"].values() for s in subs)]
    return {n.lower(): n for n in names}


def _canonical_type(name: str) -> str:
    return _type_names().get(name.strip().lower(), name)


def _speaker_matches(speaker: dict[str, Any] | None, needle: str) -> bool:
    if not speaker:
        return False
    names = [speaker.get("name") or "", *(speaker.get("aliases") or [])]
    return any(needle in n.casefold() for n in names)


def _event_row(document_id: str, e: Any) -> tuple[Any, ...]:
    loc = e.location
    return (
        e.id,
        document_id,
        e.event_type,
        e.sub_event_type,
        e.actor1.name if e.actor1 else None,
        e.actor2.name if e.actor2 else None,
        loc.name if loc else None,
        loc.geonames_id if loc else None,
        loc.country if loc else None,
        loc.admin1 if loc else None,
        loc.lat if loc else None,
        loc.lon if loc else None,
        e.date.start.isoformat(),
        e.date.end.isoformat(),
        e.date.precision,
        e.modality,
        e.fatalities,
        e.injuries,
        e.rule,
        _dump(formats.event_json(e)),
        e.id,
    )


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _dump(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=False)
