"""Read plans that page through matches in report order instead of sorting every match.

`queries.events_page` uses them for the two filters whose index does not come in report order. SQLite: full
text (walk the FTS5 matches, whose rowids begin with the report's day) and a bounding box (walk `events_key`,
which holds lat/lon, testing the box on the index alone). PostgreSQL: full text, a window of months at a
time when the matches are many but not dense. `select` is `queries._select`: the plain query.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from frontwatch import db
from frontwatch.store import Store

if TYPE_CHECKING:
    from frontwatch.queries import EventQuery

KEY = "date_end, date_start, document_id, id"
CHUNK = 400  # full-text matches looked up at a time, at most
WALK = 50_000  # index entries a bounding box reads in report order before its R*Tree answers instead
Select = Callable[..., list[Any]]  # (store, filter, after, limit, extra clause) -> rows in report order
ROWID_AT = 5  # where a selected row holds its rowid (queries.ROWID_AT)


def by_text(
    store: Store, f: EventQuery, after: Sequence[Any] | None, limit: int, select: Select
) -> list[Any]:
    """SQLite and `q`: walk the full-text matches (in the box's grid cells, if any) in date order (the
    index's own order) from the first day that can hold a row, look them up with the other filters a chunk
    at a time (the first one page long, each next twice as long, up to CHUNK), and stop once `limit` rows
    of the days read to the end are found: a common word reads a few days of matches, never sorts them all."""
    first = max(f.since.isoformat() if f.since else "", str(after[0]) if after else "")
    rest = replace(f, q=None, bbox=None)  # the box is tested exactly on each looked-up row
    box = (
        ("lon BETWEEN ? AND ? AND lat BETWEEN ? AND ?", [f.bbox[i] for i in (0, 2, 1, 3)]) if f.bbox else None
    )
    done: list[Any] = []  # rows whose day was read to its end
    pending: dict[int, list[Any]] = {}  # the rows of the days still being read, by day
    chunk: list[tuple[int, int]] = []
    size = min(CHUNK, limit + 1)
    for key in db.text_keys(store.conn, f.q or "", first, bbox=f.bbox):  # in its cells: few misses
        chunk.append(key)
        if len(chunk) < size:
            continue
        _lookup(select, store, rest, after, chunk, pending, box)
        done += [r for d in sorted(pending) if d < key[0] for r in pending.pop(d)]
        chunk, size = [], min(CHUNK, size * 2)
        if len(done) >= limit:
            break
    else:
        _lookup(select, store, rest, after, chunk, pending, box)
    done += [r for d in sorted(pending) for r in pending[d]] if len(done) < limit else []
    return sorted(done, key=lambda r: (r[0], r[1], r[2], r[3]))[:limit]


# A window asks the GIN index for at most TERMS months or cell-months (its cost grows faster than their
# number: every candidate is tested against the whole query); after WINDOWS windows the rest is read in one
# query. Matches in at least one report of DENSE are not walked: the covering index in report order finds a
# page of them sooner.
TERMS, WINDOWS, DENSE = 64, 8, 64


def by_words(
    store: Store, f: EventQuery, after: Sequence[Any] | None, limit: int, select: Select
) -> list[Any]:
    """PostgreSQL and `q`: the GIN index finds the matches, which are then read from the table and sorted;
    with a box of few grid cells, only the matches in its cells (db.words_match). When the planner expects
    more matches (in the box) than a few pages, but not dense ones, read them a window of months at a time
    (the words hold each report's month, and cell and month), the first window sized to hold about one
    and a half pages, each next twice as long (up to TERMS terms), and stop once `limit` rows are found:
    windows come in report order, so their rows need no merging."""
    conn = store.conn
    terms = db.text_terms(conn, f.q or "")  # built once: each word is looked up in the index
    if not terms:
        return select(store, f, after, limit)
    # A word most reports hold ('place' in 'place 1234') is tested on the rows the other words find: in
    # the GIN index, each match of a rare word would skip through its list of a million entries.
    rows = _rows(store)
    common = [t for t in terms if len(terms) > 1 and 2 * db.estimate(conn, *db.words_match(t)) >= rows]
    common = common if len(common) < len(terms) else []
    query = " & ".join(f"({t})" for t in terms if t not in common)
    near = db.cells(f.bbox) if f.bbox and db.words_hold_box(conn, f.q, f.bbox) else []
    rest = replace(f, q=None, bbox=None)  # the box is tested exactly here
    tests = [db.box_match(conn, f.bbox, spatial=not near)] if f.bbox else []
    if common:  # IS TRUE: a test of each row, never an index condition
        tests.append(("(words @@ to_tsquery('simple', ?)) IS TRUE", [" & ".join(f"({t})" for t in common)]))

    def read(words: tuple[str, list[Any]], since: str = "") -> list[Any]:
        """A page of rows matching `words` (and the row tests), ending on `since` or later. Always `limit`
        rows at most, even when fewer are missing: with a small LIMIT the planner would walk report order
        from the first report and test each against the words, not knowing that a window's lie far along."""
        clause, args = words
        for test, values in tests:
            clause, args = f"{clause} AND {test}", [*args, *values]
        if since:
            clause, args = f"{clause} AND date_end >= ?", [*args, since]
        return select(store, rest, after, limit, (clause, args))

    whole = db.words_match(query, near)
    span = _months(store, f, after)
    expected = db.estimate(conn, *whole) if len(span) > 1 else 0
    dense = False
    if near and f.bbox:  # the box holds its part of its cells' matches (1 by 1 degree each)
        w, s, e, n = f.bbox
        expected = int(expected * min(1.0, max((e - w) * (n - s), 0.01) / len(near)))
        most, few = TERMS // len(near), 4 * limit  # months a window may hold; matches one query reads
    else:
        most, few = TERMS, 2 * limit
        dense = expected * DENSE >= rows  # read in report order from the covering index instead
    if dense or expected <= few or most < 1:
        return read(whole)
    found: list[Any] = []
    size = min(most, max(1, len(span) * 3 * limit // (2 * expected)))
    for _ in range(WINDOWS):
        if not span or len(found) >= limit:
            return found[:limit]
        found += read(db.words_match(query, near, span[:size]))
        span, size = span[size:], min(most, size * 2)
    if span and len(found) < limit:  # the remaining months at once
        found += read(whole, f"{span[0]}-01")
    return found[:limit]


def _months(store: Store, f: EventQuery, after: Sequence[Any] | None) -> list[str]:
    """The months (YYYY-MM) from the first date_end a page can hold to the last one stored."""
    low, high = store.conn.execute("SELECT min(date_end), max(date_end) FROM events").fetchone()
    if low is None:
        return []
    first = max(low, f.since.isoformat() if f.since else "", str(after[0]) if after else "")
    try:  # (`until` bounds date_start: a report ending later still matches)
        year, month = int(first[:4]), int(first[5:7])
        end = (int(high[:4]), int(high[5:7]))
    except ValueError:
        return []
    out: list[str] = []
    while (year, month) <= end and len(out) <= 1200:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out if (year, month) > end else []  # a span past a hundred years: not walked


def _rows(store: Store) -> int:
    """The planner's count of stored events (PostgreSQL's statistics; -1 before the first ANALYZE)."""
    sql = "SELECT reltuples FROM pg_class WHERE oid = 'events'::regclass"
    return int(store.conn.execute(sql).fetchone()[0])


def _lookup(
    select: Select,
    store: Store,
    f: EventQuery,
    after: Sequence[Any] | None,
    chunk: list[tuple[int, int]],
    out: dict[int, Any],
    box: tuple[str, list[Any]] | None,
) -> None:
    """The rows among `chunk`'s (day, rowid) passing the other filters (and `box`), into `out` by day."""
    if not chunk:
        return
    day = {rowid: d for d, rowid in chunk}
    clause = f"events.rowid IN ({','.join('?' * len(day))})" + (f" AND {box[0]}" if box else "")
    for r in select(store, f, after, len(day), (clause, [*day, *(box[1] if box else [])])):
        out.setdefault(day[r[ROWID_AT]], []).append(r)


def by_box(store: Store, f: EventQuery, after: Sequence[Any] | None, limit: int, select: Select) -> list[Any]:
    """SQLite and a bounding box: the reports inside it among the first WALK entries of the report-order
    index `events_key` (it holds lat/lon, so no row is read to test them). When these are at least `limit`
    they are the answer; fewer mean a small box, which its R*Tree answers better."""
    assert f.bbox is not None
    w, s, e, n = f.bbox
    where, args = ["lon BETWEEN ? AND ? AND lat BETWEEN ? AND ?"], [w, e, s, n]
    inner: list[str] = []
    inner_args: list[Any] = []
    if f.since:
        inner.append("date_end >= ?")
        inner_args.append(f.since.isoformat())
    if f.until:
        inner.append("date_start <= ?")
        inner_args.append(f.until.isoformat())
    if after:
        inner.append(f"({KEY}) > (?, ?, ?, ?)")
        inner_args += list(after)
    walk = (
        "SELECT rowid FROM (SELECT rowid, lat, lon FROM events INDEXED BY events_key"
        + (" WHERE " + " AND ".join(inner) if inner else "")
        + f" ORDER BY {KEY} LIMIT {WALK}) WHERE {where[0]}"
    )
    rest = replace(f, bbox=None)
    return select(store, rest, after, limit, (f"events.rowid IN ({walk})", [*inner_args, *args]))
