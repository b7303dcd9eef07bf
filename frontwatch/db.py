"""One connection interface over SQLite (the embedded default) and PostgreSQL (for teams and big archives).

The store writes portable SQL with `?` placeholders; for PostgreSQL this module turns it into psycopg's
dialect (`%s`, `ILIKE`, `ON CONFLICT DO NOTHING`). Rows allow both `row[0]` and `row["column"]`.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any


def is_postgres(target: str) -> bool:
    return target.startswith(("postgresql://", "postgres://"))


class Row(tuple[Any, ...]):
    """A result row: index it like a tuple or by column name (`dict(row)` works too)."""

    _names: tuple[str, ...]

    def __new__(cls, names: tuple[str, ...], values: Sequence[Any]) -> Row:
        row = super().__new__(cls, values)
        row._names = names
        return row

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            return tuple.__getitem__(self, self._names.index(key))
        return tuple.__getitem__(self, key)

    def keys(self) -> tuple[str, ...]:
        return self._names


_PLACEHOLDER = re.compile(r"\?")
_REPLACE = re.compile(r"INSERT OR (?:REPLACE|IGNORE) INTO (.+?)\)\s*$", re.S)


def to_postgres(sql: str) -> str:
    """SQLite-flavoured SQL → PostgreSQL. The store's statements keep to the subset this handles."""
    out = _PLACEHOLDER.sub("%s", sql.replace(" COLLATE NOCASE", "").replace(" LIKE ", " ILIKE "))
    out = out.replace("BEGIN IMMEDIATE", "BEGIN")
    match = _REPLACE.match(out.strip())
    if match:
        out = f"INSERT INTO {match.group(1)}) ON CONFLICT DO NOTHING"
    return out


class Connection:
    """What the store and the API need of a DB-API connection, for both engines."""

    def __init__(self, target: str) -> None:
        self.target = target
        self.postgres = is_postgres(target)
        if self.postgres:
            self._pg = _connect_postgres(target)
        else:
            conn = sqlite3.connect(target, isolation_level=None, check_same_thread=False)
            conn.row_factory = lambda cur, values: Row(tuple(d[0] for d in cur.description), values)
            self._sqlite = conn

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        if self.postgres:
            return self._pg.execute(to_postgres(sql), list(params))
        return self._sqlite.execute(sql, params)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        rows = list(rows)
        if not rows:
            return
        if self.postgres:
            with self._pg.cursor() as cur:
                cur.executemany(to_postgres(sql), rows)
        else:
            self._sqlite.executemany(sql, rows)

    def executescript(self, script: str) -> None:
        if self.postgres:
            for statement in _statements(script):
                self._pg.execute(statement.replace(" COLLATE NOCASE", ""))
        else:
            self._sqlite.executescript(script)

    def tables(self) -> set[str]:
        if self.postgres:
            sql = "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
        else:
            sql = "SELECT name FROM sqlite_master WHERE type = 'table'"
        return {r[0] for r in self.execute(sql)}

    def columns(self, table: str) -> set[str]:
        if self.postgres:
            rows = self.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ?", (table,)
            )
            return {r[0] for r in rows}
        return {r[1] for r in self.execute(f"PRAGMA table_info({table})")}

    def close(self) -> None:
        (self._pg if self.postgres else self._sqlite).close()


def reachable(conn: Connection, table: str, seeds: Iterable[str]) -> set[str]:
    """Every id linked to the seeds, directly or not, through the `(a, b)` pairs of a link table."""
    seen: set[str] = set()
    frontier = set(seeds)
    while frontier:
        seen |= frontier
        marks = ",".join("?" * len(frontier))
        rows = conn.execute(
            f"SELECT a, b FROM {table} WHERE a IN ({marks}) OR b IN ({marks})", [*frontier, *frontier]
        ).fetchall()
        frontier = {x for r in rows for x in r} - seen
    return seen


def _statements(script: str) -> Iterator[str]:
    lines = [line.split("--", 1)[0] for line in script.splitlines()]
    for statement in "\n".join(lines).split(";"):
        if statement.strip():
            yield statement.strip()


def _connect_postgres(target: str) -> Any:
    try:
        import psycopg
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise RuntimeError("PostgreSQL needs psycopg: pip install 'psycopg[binary]'") from exc

    def rows(cursor: Any) -> Any:
        names = tuple(d.name for d in cursor.description or ())
        return lambda values: Row(names, values)

    return psycopg.connect(target, autocommit=True, row_factory=rows)


def sqlite_path_ok(path: str) -> str | None:
    """Why `path` cannot be a SQLite store, or None."""
    if path == ":memory:":
        return None
    p = Path(path)
    if p.is_dir():
        return f"{path} is a directory: pass a database file with --db, e.g. --db frontwatch.db"
    if p.exists() and p.stat().st_size > 0:
        with open(p, "rb") as fh:
            if fh.read(16) != b"SQLite format 3\x00":
                return f"{path} is not a SQLite database: pass another --db path"
    return None
