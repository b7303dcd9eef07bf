"""Bulk loading: many documents and events in one transaction, far faster than one `Store.save` each.

For moving a store (`copy`, the `frontwatch copy` command: a SQLite file onto PostgreSQL and back), archives
recoded elsewhere and benchmarks: rows go in as they are (no extraction, no de-duplication:
each event row carries its own `cluster_id`). The store stays consistent: the search and box indexes that
triggers keep in SQLite are filled in one statement each for the new rows, and an empty store's secondary
indexes are dropped before and rebuilt after the load (sorting once beats a million B-tree inserts).
On any error the whole load is rolled back, indexes and triggers included.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import Any

from frontwatch import db
from frontwatch.store import Store

DOCUMENT_COLUMNS = 8  # id, text_hash, text, published, url, title, source, origin
EVENT_COLUMNS = 21  # as Store.save writes them, cluster_id last
Row = Sequence[Any]


# The other tables of a store, in an order that inserts every row after the rows it references.
OTHER_TABLES = (
    "place_mentions",
    "time_mentions",
    "event_links",
    "merge_blocks",
    "control_changes",
    "quotes",
    "document_bands",
    "document_copies",
)


def load(
    store: Store,
    documents: Iterable[Row],
    events: Iterable[Row],
    batch: int = 50_000,
    others: Iterable[tuple[str, Iterable[Row]]] = (),
) -> int:
    """Insert `documents` then `events` (rows in the tables' column order), then the rows of `others`
    ((table, rows) of OTHER_TABLES), in one transaction; returns how many events went in. A row that breaks a
    constraint (duplicate id, unknown document) aborts the load."""
    conn = store.conn
    conn.execute("BEGIN IMMEDIATE")
    try:
        empty = conn.execute("SELECT count(*) FROM (SELECT 1 FROM events LIMIT 1) AS e").fetchone()[0] == 0
        indexes = _drop_indexes(conn) if empty else []
        if conn.postgres:
            count = _load_postgres(conn, documents, events, batch)
        else:
            count = _load_sqlite(conn, documents, events, batch)
        for sql in indexes:
            conn.execute(sql)
        for table, rows in others:
            if table not in OTHER_TABLES:
                raise ValueError(
                    f"{table!r} is not a table bulk.load fills: one of {', '.join(OTHER_TABLES)}"
                )
            for chunk in _chunks(rows, batch):
                if conn.postgres:
                    conn.copy(table, chunk)
                else:
                    conn.executemany(f"INSERT INTO {table} VALUES ({', '.join('?' * len(chunk[0]))})", chunk)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    # PostgreSQL: VACUUM marks the new pages all-visible, so pages are read from the covering indexes alone
    conn.execute("VACUUM (ANALYZE)" if conn.postgres else "ANALYZE")
    return count


def _load_sqlite(conn: db.Connection, documents: Iterable[Row], events: Iterable[Row], batch: int) -> int:
    triggers = [
        (name, sql)
        for name, sql in conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'events'"
        ).fetchall()
        if name.startswith(db.REFILLED_TRIGGERS)
    ]
    for name, _ in triggers:
        conn.execute(f"DROP TRIGGER {name}")
    after = conn.execute("SELECT coalesce(max(rowid), 0) FROM events").fetchone()[0]
    _insert(conn, "documents", DOCUMENT_COLUMNS, documents, batch)
    count = _insert(conn, "events", EVENT_COLUMNS, events, batch)
    db.refill_search(conn, after)
    for _, sql in triggers:
        conn.execute(sql)
    return count


def _load_postgres(conn: db.Connection, documents: Iterable[Row], events: Iterable[Row], batch: int) -> int:
    count = 0
    for rows in _chunks(documents, batch):
        conn.copy("documents", _checked(rows, DOCUMENT_COLUMNS))
    for rows in _chunks(events, batch):
        conn.copy("events", _checked(rows, EVENT_COLUMNS))
        count += len(rows)
    return count


def _insert(conn: db.Connection, table: str, width: int, rows: Iterable[Row], batch: int) -> int:
    count = 0
    sql = f"INSERT INTO {table} VALUES ({', '.join('?' * width)})"
    for chunk in _chunks(rows, batch):
        conn.executemany(sql, _checked(chunk, width))
        count += len(chunk)
    return count


def _drop_indexes(conn: db.Connection) -> list[str]:
    """Drop the events table's secondary indexes (not its key, not full-text tables); their SQL to rebuild."""
    if conn.postgres:
        sql = (
            "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = 'events' "
            "AND i.schemaname = current_schema() AND i.indexname NOT IN (SELECT conname FROM pg_constraint)"
        )
    else:
        sql = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events' AND sql > ''"
    found = [(r[0], r[1]) for r in conn.execute(sql).fetchall()]
    for name, _ in found:
        conn.execute(f"DROP INDEX {name}")
    return [definition for _, definition in found]


def _chunks(rows: Iterable[Row], size: int) -> Iterator[list[Row]]:
    it = iter(rows)
    while chunk := list(islice(it, size)):
        yield chunk


def _checked(rows: list[Row], width: int) -> list[Row]:
    for r in rows:
        if len(r) != width:
            raise ValueError(f"a row of {len(r)} values where the table has {width} columns: {list(r)[:2]}")
    return rows


def copy(source: Store, target: Store, batch: int = 50_000) -> dict[str, int]:
    """Copy every document, event and derived fact of `source` into the empty store `target` (e.g. a SQLite
    file onto PostgreSQL) in one transaction, reading `source` a batch at a time; the rows of each table."""
    if source.path == target.path:
        raise ValueError("the source and the target are the same store: pass another --db")
    if target.count("documents"):
        raise ValueError(f"{target.path} already holds documents: copy into a new, empty store")
    tables = ("documents", "events", *OTHER_TABLES)
    names = {t: _columns(source, t) for t in tables}
    for table, width in (("documents", DOCUMENT_COLUMNS), ("events", EVENT_COLUMNS)):
        if len(names[table]) != width:
            raise ValueError(f"{source.path}: {table} has {len(names[table])} columns, not {width}")

    def rows(table: str) -> Iterator[Row]:
        return source.conn.stream(f"SELECT {', '.join(names[table])} FROM {table}", batch)

    load(target, rows("documents"), rows("events"), batch, [(t, rows(t)) for t in OTHER_TABLES])
    return {t: int(target.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in tables}


def _columns(store: Store, table: str) -> list[str]:
    """The quoted columns `schema.sql` gives `table`, in order (not PostgreSQL's generated `words`)."""
    if store.conn.postgres:
        sql = (
            "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
            "AND table_schema = current_schema() AND is_generated = 'NEVER' ORDER BY ordinal_position"
        )
        found = [r[0] for r in store.conn.execute(sql, (table,))]
    else:
        found = [r[1] for r in store.conn.execute(f"PRAGMA table_info({table})")]
    return [f'"{c}"' for c in found]
