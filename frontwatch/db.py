"""One connection interface over SQLite (the embedded default) and PostgreSQL (for teams and big archives).

The store writes portable SQL with `?` placeholders; for PostgreSQL this module turns it into psycopg's
dialect (`%s`, `ILIKE`, `ON CONFLICT DO NOTHING`). Rows allow both `row[0]` and `row["column"]`.
"""

from __future__ import annotations

import math
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
            conn.row_factory = _row_factory()
            self._sqlite = conn

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        if self.postgres:
            return self._pg.execute(to_postgres(sql), list(params))
        return self._sqlite.execute(sql, params)

    def tuples(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """All rows as plain tuples: faster than `execute` for the big scans of the map and timeline."""
        if self.postgres:
            from psycopg.rows import tuple_row

            with self._pg.cursor(row_factory=tuple_row) as cur:
                return list(cur.execute(to_postgres(sql), list(params)).fetchall())
        cur = self._sqlite.cursor()
        cur.row_factory = None
        return list(cur.execute(sql, params).fetchall())

    def stream(self, sql: str, batch: int = 10_000) -> Iterator[tuple[Any, ...]]:
        """Rows as plain tuples, read `batch` at a time (PostgreSQL: through a server-side cursor), so a whole
        table can be read without holding it in memory."""
        if self.postgres:
            from psycopg.rows import tuple_row

            with (
                self._pg.transaction(),
                self._pg.cursor(name="frontwatch_stream", row_factory=tuple_row) as cur,
            ):
                cur.execute(to_postgres(sql))
                while chunk := cur.fetchmany(batch):
                    yield from chunk
            return
        cur = self._sqlite.cursor()
        cur.row_factory = None
        cur.execute(sql)
        while chunk := cur.fetchmany(batch):
            yield from chunk

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        rows = list(rows)
        if not rows:
            return
        if self.postgres:
            with self._pg.cursor() as cur:
                cur.executemany(to_postgres(sql), rows)
        else:
            self._sqlite.executemany(sql, rows)

    def copy(self, table: str, rows: Iterable[Sequence[Any]]) -> None:
        """PostgreSQL only: `COPY table FROM STDIN`, the fastest way in for many rows."""
        with self._pg.cursor() as cur, cur.copy(f"COPY {table} FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)

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
                "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
                "AND table_schema = current_schema()",
                (table,),
            )
            return {r[0] for r in rows}
        return {r[1] for r in self.execute(f"PRAGMA table_info({table})")}

    def close(self) -> None:
        (self._pg if self.postgres else self._sqlite).close()


class ReadOnlySqlite(Connection):
    """A SQLite connection opened with `mode=ro`: SQLite itself refuses every write."""

    def __init__(self, path: str) -> None:
        self.target = path
        self.postgres = False
        conn = sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True, check_same_thread=False)
        conn.row_factory = _row_factory()
        self._sqlite = conn


def read_only(target: str) -> Connection:
    """A connection that cannot write: SQLite `mode=ro`, or a read-only PostgreSQL session."""
    if not is_postgres(target):
        return ReadOnlySqlite(target)
    conn = Connection(target)
    conn.execute("SET default_transaction_read_only = on")
    return conn


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


def _row_factory() -> Any:
    """Rows for one SQLite connection; column names are worked out once per statement, not once per row."""
    last: list[Any] = [None, ()]  # the cursor description seen last and its names

    def make(cur: sqlite3.Cursor, values: Sequence[Any]) -> Row:
        desc = cur.description
        if desc is not last[0]:
            last[:] = [desc, tuple(d[0] for d in desc)]
        return Row(last[1], values)

    return make


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

    conn = psycopg.connect(target, autocommit=True, row_factory=rows)
    conn.execute("SET jit = off")  # compiling a plan costs more than any of the store's short queries
    # psycopg prepares a statement run 5 times, and PostgreSQL may then plan it once for any values: a plan
    # for a common word (report order) is a disaster for a rare one, and the reverse. Plan each query.
    conn.execute("SET plan_cache_mode = force_custom_plan")
    return conn


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


# --- full text: FTS5 in SQLite, a stored tsvector column with a GIN index in PostgreSQL ---------------------
# The text of a report: its place, actors, types and every evidence sentence (never the JSON's keys).

_SQLITE_TEXT = (
    "coalesce({t}.location, '') || ' ' || coalesce({t}.actor1, '') || ' ' || coalesce({t}.actor2, '') || ' ' "
    "|| {t}.event_type || ' ' || {t}.sub_event_type || ' ' || coalesce((SELECT group_concat("
    "json_extract(value, '$.sentence'), ' ') FROM json_each({t}.record, '$.evidence')), '')"
)
# The FTS5 rowid of a report is its day (date_end as a day number) above its events rowid: matches come out
# in date order, and a day window is a rowid range, so a page of a common word reads a few days of matches
# instead of sorting all of them. Rows with an unreadable date_end get day 0. A second column holds the
# report's grid cell (see `cell`; empty without a point): words and a small box meet inside the index.
ROWID_BITS = 40
_DAY = "coalesce(CAST(julianday({t}.date_end) AS INTEGER), 0)"
_KEY = f"(({_DAY} << {ROWID_BITS}) | {{t}}.rowid)"
_SQLITE_CELL = "(CAST({t}lat + 90 AS INTEGER) * 360 + CAST({t}lon + 180 AS INTEGER))"  # lat + 90 >= 0: floor
_CELL_TEXT = "coalesce(CAST(" + _SQLITE_CELL.format(t="{t}.") + " AS TEXT), '')"
_ROW = f"{_KEY}, {_SQLITE_TEXT}, {_CELL_TEXT}"
_SQLITE_SEARCH = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS events_text USING fts5(body, cell, content='', "
    "tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS events_text_insert AFTER INSERT ON events BEGIN INSERT INTO events_text "
    f"(rowid, body, cell) VALUES ({_ROW.format(t='new')}); END",
    "CREATE TRIGGER IF NOT EXISTS events_text_delete AFTER DELETE ON events BEGIN INSERT INTO events_text "
    f"(events_text, rowid, body, cell) VALUES ('delete', {_ROW.format(t='old')}); END",
    "CREATE TRIGGER IF NOT EXISTS events_text_update AFTER UPDATE OF location, actor1, actor2, event_type, "
    "sub_event_type, record, date_end, lat, lon ON events BEGIN INSERT INTO events_text (events_text, rowid, "
    f"body, cell) VALUES ('delete', {_ROW.format(t='old')}); INSERT INTO events_text (rowid, body, cell) "
    f"VALUES ({_ROW.format(t='new')}); END",
)
_OLD_SEARCH = tuple(  # full text as earlier versions built it (without the cell column): replaced on open
    f"DROP {kind} IF EXISTS {name}"
    for old in ("events_fts", "events_words")
    for kind, name in [("TRIGGER", f"{old}_{t}") for t in ("insert", "delete", "update")] + [("TABLE", old)]
)
# An R*Tree of the events' points (rowid = the event's rowid) for bounding boxes. It stores 32-bit floats
# rounded outwards, so a query asks it for overlaps and then checks lat/lon exactly.
_BOX_ROW = (
    "SELECT {t}.rowid, {t}.lon, {t}.lon, {t}.lat, {t}.lat WHERE {t}.lat IS NOT NULL AND {t}.lon IS NOT NULL"
)
_SQLITE_BOX = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS events_box USING rtree(id, min_lon, max_lon, min_lat, max_lat)",
    "CREATE TRIGGER IF NOT EXISTS events_box_insert AFTER INSERT ON events BEGIN "
    f"INSERT INTO events_box {_BOX_ROW.format(t='new')}; END",
    "CREATE TRIGGER IF NOT EXISTS events_box_delete AFTER DELETE ON events BEGIN "
    "DELETE FROM events_box WHERE id = old.rowid; END",
    "CREATE TRIGGER IF NOT EXISTS events_box_update AFTER UPDATE OF lat, lon ON events BEGIN "
    f"DELETE FROM events_box WHERE id = old.rowid; INSERT INTO events_box {_BOX_ROW.format(t='new')}; END",
)
# Every actor name stored (actor1 or actor2), kept by triggers: the `actor` filter (a part of a name) finds
# the matching names here, then reads each name's (actor, report order) index. Names are never removed (a
# name whose events were all deleted matches nothing): the table grows with the number of distinct names.
_ACTOR_TABLE = "CREATE TABLE IF NOT EXISTS actor_names (name TEXT PRIMARY KEY)"
_ACTOR_ROWS = (
    "SELECT {t}.actor1 WHERE {t}.actor1 IS NOT NULL UNION SELECT {t}.actor2 WHERE {t}.actor2 IS NOT NULL"
)
_SQLITE_ACTORS = (
    _ACTOR_TABLE,
    "CREATE TRIGGER IF NOT EXISTS actor_names_insert AFTER INSERT ON events BEGIN "
    f"INSERT OR IGNORE INTO actor_names {_ACTOR_ROWS.format(t='new')}; END",
    "CREATE TRIGGER IF NOT EXISTS actor_names_update AFTER UPDATE OF actor1, actor2 ON events BEGIN "
    f"INSERT OR IGNORE INTO actor_names {_ACTOR_ROWS.format(t='new')}; END",
)
_PG_ACTORS = (  # statement triggers: one insert per statement (a COPY of a bulk load included)
    _ACTOR_TABLE,
    """CREATE OR REPLACE FUNCTION frontwatch_actor_names() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO actor_names SELECT actor1 FROM added WHERE actor1 IS NOT NULL
            UNION SELECT actor2 FROM added WHERE actor2 IS NOT NULL ON CONFLICT DO NOTHING;
        RETURN NULL;
    END $$""",
    "CREATE OR REPLACE TRIGGER actor_names_insert AFTER INSERT ON events REFERENCING NEW TABLE AS added "
    "FOR EACH STATEMENT EXECUTE FUNCTION frontwatch_actor_names()",
    "CREATE OR REPLACE TRIGGER actor_names_update AFTER UPDATE ON events REFERENCING NEW TABLE AS added "
    "FOR EACH STATEMENT EXECUTE FUNCTION frontwatch_actor_names()",
)
_FILL_ACTORS = (
    "INSERT INTO actor_names SELECT actor1 FROM events WHERE actor1 IS NOT NULL AND {after} "
    "UNION SELECT actor2 FROM events WHERE actor2 IS NOT NULL AND {after}"
)
REFILLED_TRIGGERS = (
    "events_text_",
    "events_box_",
    "actor_names_",
)  # a bulk load turns off, then refill_search
# IMMUTABLE is true of this function (it reads only its arguments), which lets an index use it.
_PG_TEXT_FUNCTION = """
CREATE OR REPLACE FUNCTION frontwatch_event_text(location text, actor1 text, actor2 text, event_type text,
    sub_event_type text, record text) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT to_tsvector('simple', concat_ws(' ', location, actor1, actor2, event_type, sub_event_type,
        (SELECT string_agg(e ->> 'sentence', ' ') FROM jsonb_array_elements(record::jsonb -> 'evidence') e)))
$$"""
_PG_POINT = "point(lon, lat)"
# A report's words and lexemes that no query word can spell: '@' and the month of its date_end ('@2024-02'),
# and with a point '#' and the number of its grid cell (see `cell`) and that cell in that month
# ('#48817@2024-02'). A word and a small box meet inside the GIN index, which reads only the matches in the
# box's cells; walks.by_words reads many matches a window of months (of a box: cell-months) at a time, each
# window's lists short enough to drive the index rather than a common word's list. (Tested as separate
# conditions, the planner underrated how many rows a cell's part of the box holds and read every row of the
# cells.) WORDS_VERSION marks the function's body: `words` made by any other (or by frontwatch_event_text
# alone) are generated again on open.
WORDS_VERSION = "frontwatch words 4"
_PG_WORDS_FUNCTION = f"""
CREATE OR REPLACE FUNCTION frontwatch_report_words(location text, actor1 text, actor2 text, event_type text,
    sub_event_type text, record text, lat double precision, lon double precision, date_end text)
    RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT frontwatch_event_text(location, actor1, actor2, event_type, sub_event_type, record)
        || array_to_tsvector(ARRAY['@' || left(date_end, 7)])
        || CASE WHEN lat IS NULL OR lon IS NULL THEN ''::tsvector ELSE (
            SELECT array_to_tsvector(ARRAY['#' || c, '#' || c || '@' || left(date_end, 7)])
            FROM (SELECT floor(lat + 90)::integer * 360 + floor(lon + 180)::integer AS c) AS grid) END
    -- {WORDS_VERSION}
$$"""
_PG_COLUMNS = "location, actor1, actor2, event_type, sub_event_type, record, lat, lon, date_end"
_PG_TEXT = f"frontwatch_report_words({_PG_COLUMNS})"
# PostgreSQL keeps each report's words in a stored column: a filter tests it without parsing the JSON again,
# so a common word can be read in report order (test each row) as cheaply as a rare one from the GIN index.
_PG_WORDS = (
    f"ALTER TABLE events ADD COLUMN IF NOT EXISTS words tsvector GENERATED ALWAYS AS ({_PG_TEXT}) STORED",
    "CREATE INDEX IF NOT EXISTS events_words_gin ON events USING gin (words)",
    "DROP INDEX IF EXISTS events_text",  # the expression index of older versions
)
_PG_WORDS_EXPRESSION = (  # how the column was generated (current: by frontwatch_report_words)
    "SELECT generation_expression FROM information_schema.columns WHERE table_schema = current_schema() "
    "AND table_name = 'events' AND column_name = 'words'"
)
_WORD = re.compile(r"[^\W_]+")
MAX_CELLS = 64  # a box of more grid cells is tested on each full-text match's row instead


_MAP_INDEX = (
    "CREATE INDEX IF NOT EXISTS events_map ON events (cluster_id, date_end, date_start, document_id, id, "
    "geonames_id, lat, lon, event_type, location)"
)


def cell(conn: Connection) -> str:
    """The expression of a report's 1-degree grid cell (lat, lon rounded down; NULL without a point),
    exactly as the `events_cell_key` index holds it: a small bounding box reads each of its few cells in
    report order."""
    if conn.postgres:
        return "(floor(lat + 90)::integer * 360 + floor(lon + 180)::integer)"
    return _SQLITE_CELL.format(t="")


def cells(bbox: tuple[float, float, float, float]) -> list[int]:
    """The grid cells (see `cell`) that a bounding box (min_lon, min_lat, max_lon, max_lat) touches."""
    w, s, e, n = bbox
    lats = range(math.floor(s + 90), math.floor(n + 90) + 1)
    return [a * 360 + o for a in lats for o in range(math.floor(w + 180), math.floor(e + 180) + 1)]


def ensure_read_indexes(conn: Connection) -> None:
    """Create what the API reads with if the store lacks it (one written by an older version): the covering
    `events_map`; the actor names; full text: SQLite a contentless FTS5 table, PostgreSQL a stored tsvector
    column with a GIN index; bounding boxes: SQLite an R*Tree, PostgreSQL a GiST index on point(lon, lat).
    Tables are filled from the stored events in one transaction and then kept by triggers (the tsvector
    column by PostgreSQL itself). No stored event changes."""
    conn.execute(_MAP_INDEX)
    key = "date_end, date_start, document_id, id, lat, lon"
    conn.execute(f"CREATE INDEX IF NOT EXISTS events_cell_key ON events ({cell(conn)}, {key})")
    if conn.postgres:
        _ensure_postgres(conn)
        return
    conn.execute("PRAGMA recursive_triggers = ON")  # INSERT OR REPLACE then fires the delete trigger
    missing = {"events_text", "events_box", "actor_names"} - conn.tables()
    if not missing:
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        if "events_text" in missing:
            for statement in (*_OLD_SEARCH, *_SQLITE_SEARCH):
                conn.execute(statement)
            _fill_text(conn, 0)
        if "events_box" in missing:
            for statement in _SQLITE_BOX:
                conn.execute(statement)
            _fill_box(conn, 0)
        if "actor_names" in missing:
            for statement in _SQLITE_ACTORS:
                conn.execute(statement)
            _fill_actors(conn, 0)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _ensure_postgres(conn: Connection) -> None:
    conn.execute(f"CREATE INDEX IF NOT EXISTS events_point ON events USING gist ({_PG_POINT})")
    if _words(conn) != "current" or "actor_names" not in conn.tables():
        with conn._pg.transaction():
            conn.execute("LOCK TABLE events IN SHARE ROW EXCLUSIVE MODE")  # one opener changes it, once
            words = _words(conn)
            if words == "old":  # words an earlier version made: generated again
                conn.execute("ALTER TABLE events DROP COLUMN words")  # and the indexes holding it
                conn.execute("DROP FUNCTION IF EXISTS frontwatch_event_words")  # an earlier version's
            if words != "current":
                conn.execute(_PG_TEXT_FUNCTION)
                conn.execute(_PG_WORDS_FUNCTION)
            for statement in _PG_WORDS:  # adding the column rewrites the table once
                conn.execute(statement)
            if "actor_names" not in conn.tables():
                for statement in _PG_ACTORS:
                    conn._pg.execute(statement)
                _fill_actors(conn, 0)
        if words != "current" and conn.execute("SELECT EXISTS (SELECT 1 FROM events)").fetchone()[0]:
            conn.execute("VACUUM (ANALYZE) events")  # the rewritten table: statistics, index-only reads
    # Report order, holding what a page reads and the words: a page of full text is read from this index
    # alone once VACUUM has marked the pages all-visible: a common word tests its entries in order and reads
    # no row.
    conn.execute(
        "CREATE INDEX IF NOT EXISTS events_key_words ON events (date_end, date_start, document_id, id) "
        "INCLUDE (lat, lon, cluster_id, words)"
    )


def _words(conn: Connection) -> str:
    """PostgreSQL: the state of `events.words`: "current" (made by this version's frontwatch_report_words),
    "old" (by another version) or "none"."""
    row = conn.execute(_PG_WORDS_EXPRESSION).fetchone()
    if row is None:
        return "none"
    body = conn.execute("SELECT prosrc FROM pg_proc WHERE proname = 'frontwatch_report_words'").fetchone()
    made = "frontwatch_report_words" in (row[0] or "") and body is not None and WORDS_VERSION in body[0]
    return "current" if made else "old"


def refill_search(conn: Connection, after: int) -> None:
    """SQLite: index the events past rowid `after` in the full-text, box and actor-name tables, for a load
    that ran with their triggers off (bulk.load)."""
    _fill_text(conn, after)
    _fill_box(conn, after)
    _fill_actors(conn, after)


def _fill_actors(conn: Connection, after: int) -> None:
    if conn.postgres:
        conn.execute(_FILL_ACTORS.format(after="TRUE") + " ON CONFLICT DO NOTHING")
        return
    sql = "INSERT OR IGNORE " + _FILL_ACTORS.format(after="rowid > ?")[len("INSERT ") :]
    conn.execute(sql, [after, after])


def _fill_text(conn: Connection, after: int) -> None:
    conn.execute(
        f"INSERT INTO events_text (rowid, body, cell) SELECT {_ROW.format(t='events')} FROM events "
        "WHERE rowid > ?",
        [after],
    )


def _fill_box(conn: Connection, after: int) -> None:
    conn.execute(
        "INSERT INTO events_box SELECT rowid, lon, lon, lat, lat FROM events "
        "WHERE lat IS NOT NULL AND lon IS NOT NULL AND rowid > ?",
        [after],
    )


def box_match(
    conn: Connection, bbox: tuple[float, float, float, float], spatial: bool = True
) -> tuple[str, list[Any]]:
    """A WHERE clause on `events` for reports inside `bbox` (min_lon, min_lat, max_lon, max_lat), inclusive:
    the engine's spatial index narrows, the exact test on lat/lon decides. Not `spatial`: the exact test
    alone (another index narrows, see `words_hold_box`)."""
    w, s, e, n = bbox
    exact = "lon BETWEEN ? AND ? AND lat BETWEEN ? AND ?"
    if not spatial:  # on lon + 0: no index of lat/lon either, whose bitmap the planner would AND in vain
        return "lon + 0 BETWEEN ? AND ? AND lat + 0 BETWEEN ? AND ?", [w, e, s, n]
    if conn.postgres:
        return f"{_PG_POINT} <@ box(point(?, ?), point(?, ?)) AND {exact}", [w, s, e, n, w, e, s, n]
    index = (
        "events.rowid IN (SELECT id FROM events_box WHERE max_lon >= ? AND min_lon <= ? "
        "AND max_lat >= ? AND min_lat <= ?)"
    )
    return f"{index} AND {exact}", [w, e, s, n, w, e, s, n]


VOWELS = "aeiou"


def word_forms(word: str) -> list[str]:
    """`word` (lower case) and its regular English inflections: shell → shells, shelled, shelling; capture →
    captured, capturing; city → cities; plan → planned; bombing → bombings (a word ending in s or ed is taken
    as inflected already). Forms that no report holds cost one index probe."""
    if len(word) < 3 or not word.isalpha() or word.endswith(("s", "ed")):
        return [word]
    if word.endswith("ing"):
        return [word, word + "s"]
    if word.endswith("e"):
        return [word, word + "s", word + "d", word[:-1] + "ing"]
    if word.endswith("y") and word[-2] not in VOWELS:
        return [word, word[:-1] + "ies", word[:-1] + "ied", word + "ing"]
    forms = [word, word + ("es" if word.endswith(("x", "z", "ch", "sh")) else "s"), word + "ed", word + "ing"]
    if word[-1] not in VOWELS + "wxy" and word[-2] in VOWELS and word[-3] not in VOWELS:
        forms += [word + word[-1] + "ed", word + word[-1] + "ing"]
    return forms


def _query_words(q: str) -> list[list[str]]:
    """The words of `q`, each as its parts (`Bakhmut-based` is the phrase bakhmut based), lower case."""
    return [parts for parts in (_WORD.findall(w.lower()) for w in q.split()) if parts]


def text_query(conn: Connection, q: str) -> str | None:
    """The engine's full-text query for `q` (FTS5 MATCH or to_tsquery('simple') text); None when `q` has no
    word. Every word must occur. A word that some report holds matches itself and its inflections
    (`word_forms`); a word that none holds matches as the start of a word (`klish` finds Klishchiivka). A
    word of several parts is a phrase whose last part matches as the start of a word. Each word is one
    exact-term test, so no query merges the whole list of a common word (a prefix of `place` would)."""
    terms = text_terms(conn, q)
    if not terms:
        return None
    if conn.postgres:
        return " & ".join(f"({t})" for t in terms)
    return "body : (" + " AND ".join(f"({t})" for t in terms) + ")"  # never the cell column


def text_terms(conn: Connection, q: str) -> list[str]:
    """The engine's query term of each word of `q` (see `text_query`), in order."""
    terms = []
    for parts in _query_words(q):
        if len(parts) > 1:
            terms.append(" <-> ".join(parts) + ":*" if conn.postgres else '"' + " ".join(parts) + '"*')
        elif not _holds(conn, parts[0]):
            terms.append(parts[0] + ":*" if conn.postgres else f'"{parts[0]}"*')
        elif conn.postgres:
            terms.append(" | ".join(word_forms(parts[0])))
        else:
            terms.append(" OR ".join(f'"{w}"' for w in word_forms(parts[0])))
    return terms


def words_match(query: str, near: Sequence[int] = (), months: Sequence[str] = ()) -> tuple[str, list[Any]]:
    """PostgreSQL: the clause for `query` (see `text_query`) on reports in the grid cells `near`, and when
    given, ending in the months `months` (YYYY-MM)."""
    if near:
        marks = [f"'#{c}@{m}'" for c in near for m in months] if months else [f"'#{c}'" for c in near]
    else:
        marks = [f"'@{m}'" for m in months]
    if not marks:
        return "words @@ to_tsquery('simple', ?)", [query]
    return "words @@ (to_tsquery('simple', ?) && ?::tsquery)", [query, " | ".join(marks)]


def estimate(conn: Connection, clause: str, args: Sequence[Any]) -> int:
    """PostgreSQL: how many events the planner expects to match `clause` (from its statistics; no rows are
    read)."""
    plan = conn.execute(f"EXPLAIN (FORMAT JSON) SELECT 1 FROM events WHERE {clause}", args).fetchone()[0]
    return int(plan[0]["Plan"]["Plan Rows"])


def _holds(conn: Connection, word: str) -> bool:
    """Whether some report holds `word` as a whole word (one probe of the full-text index)."""
    if conn.postgres:
        sql = "SELECT 1 FROM events WHERE words @@ to_tsquery('simple', ?) LIMIT 1"
    else:
        sql = "SELECT 1 FROM events_text WHERE events_text MATCH ? LIMIT 1"
    return conn.execute(sql, [word if conn.postgres else f'body : "{word}"']).fetchone() is not None


def words_hold_box(conn: Connection, q: str | None, bbox: tuple[float, float, float, float] | None) -> bool:
    """Whether PostgreSQL's words narrow a query for `q` to `bbox`'s grid cells (see `text_match`)."""
    return conn.postgres and bool(q and q.strip()) and bbox is not None and len(cells(bbox)) <= MAX_CELLS


def text_match(
    conn: Connection,
    q: str,
    days: tuple[str, str] | None = None,
    bbox: tuple[float, float, float, float] | None = None,
    each_row: bool = False,
) -> tuple[str, list[Any]] | None:
    """A WHERE clause on `events` for reports holding every word of `q` (see `text_query`); None when `q`
    has no word characters at all. `days` (first, last date_end, YYYY-MM-DD) narrows it to reports ending in
    that window, which SQLite reads alone from its index. PostgreSQL: given a box of at most MAX_CELLS grid
    cells, also to reports in its cells: the GIN index intersects words and cells (the caller tests the
    box exactly). `each_row`: PostgreSQL tests the words on each row another condition finds (a few
    clusters' reports), never through the GIN index."""
    query = text_query(conn, q)
    if query is None:
        return None
    window = "date_end BETWEEN ? AND ?" if days else ""
    if conn.postgres:
        near = cells(bbox) if bbox and words_hold_box(conn, q, bbox) and not each_row else []
        clause, args = words_match(query, near)
        clause = f"({clause}) IS TRUE" if each_row else clause
        return (f"{clause} AND {window}", [*args, *days]) if days else (clause, args)
    mask = (1 << ROWID_BITS) - 1
    if not days:
        return f"events.rowid IN (SELECT rowid & {mask} FROM events_text WHERE events_text MATCH ?)", [query]
    bounds = f"rowid BETWEEN (CAST(julianday(?) AS INTEGER) << {ROWID_BITS}) AND "
    bounds += f"((CAST(julianday(?) AS INTEGER) + 1) << {ROWID_BITS}) - 1"
    clause = (
        f"events.rowid IN (SELECT rowid & {mask} FROM events_text WHERE events_text MATCH ? AND {bounds})"
    )
    return f"{clause} AND {window}", [query, *days, *days]


def text_keys(
    conn: Connection,
    q: str,
    first: str,
    last: str = "9999-12-31",
    bbox: tuple[float, float, float, float] | None = None,
) -> Iterator[tuple[int, int]]:
    """SQLite: (day number, events rowid) of the reports matching `q` whose date_end is within `first`..`last`
    (YYYY-MM-DD; "" for the earliest), in date_end order, read lazily from the full-text index. Given a box
    of at most MAX_CELLS grid cells, only reports in its cells (the caller tests the box exactly)."""
    query = text_query(conn, q)
    if query is None:
        return
    if bbox and len(near := cells(bbox)) <= MAX_CELLS:
        query += " AND cell : (" + " OR ".join(f'"{c}"' for c in near) + ")"
    day = "coalesce(CAST(julianday(?) AS INTEGER), 0)"
    cur = conn._sqlite.cursor()
    cur.row_factory = None
    cur.execute(
        "SELECT rowid FROM events_text WHERE events_text MATCH ? AND rowid BETWEEN "
        f"({day} << {ROWID_BITS}) AND (({day} + 1) << {ROWID_BITS}) - 1 ORDER BY rowid",
        [query, first, last],
    )
    mask = (1 << ROWID_BITS) - 1
    while batch := cur.fetchmany(256):
        for (key,) in batch:
            yield key >> ROWID_BITS, key & mask
