"""The map's points, the timeline's days and the places list, counted over merged events.

A merged event (one cluster of reports, see dedup.py) is counted once: on the day its first matching report
ends (the order reports are listed in), and at the merged event's own place and type, which are its most
trusted report's, as `dedup.merge` picks them for the event's JSON (place: that report's, unless it has none
or only a country; then the most precise report's). SQL reduces the reports to one row per merged event
(`_leads`); a cluster whose reports agree on place and type is read from the covering index alone, and only
the reports of clusters that disagree have their JSON read (confidence, precision) to rank them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from frontwatch import db
from frontwatch.dedup import PRECISION_RANK, TRUST

Json = dict[str, Any]
NO_PLACE = 9  # dedup._best_location's rank of a report without a place


def _json(postgres: bool, path: str) -> str:
    """The value at `path` (dotted) in a report's stored record, by id `m.id`, as SQL text."""
    if postgres:
        keys = path.split(".")
        arrows = "".join(f" -> '{k}'" for k in keys[:-1]) + f" ->> '{keys[-1]}'"
        return f"(SELECT x.record::jsonb{arrows} FROM events x WHERE x.id = m.id)"
    return f"(SELECT json_extract(x.record, '$.{path}') FROM events x WHERE x.id = m.id)"


def _leads(conn: db.Connection, where: Sequence[str]) -> str:
    """SQL for the CTE `lead`: one row per merged event with a matching report: c (cluster), day (its first
    matching report's date_end), kind (the merged event's type), at (the id of the report whose place the
    merged event has) and that place: g (GeoNames id), loc (name), lat, lon. A cluster whose reports all
    agree on place and type (one report, or copies of one story) is read from the covering index `events_map`
    alone; only clusters whose reports disagree rank them by trust."""
    place = "min(e.geonames_id) AS g, min(e.location) AS loc, min(e.lat) AS lat, min(e.lon) AS lon"
    # the reports agree when one text of place and type is the same for all (NULL parts as empty text)
    parts = ("e.geonames_id", "e.location", "e.lat", "e.lon", "e.event_type")
    key = " || '|' || ".join(f"coalesce(CAST({c} AS TEXT), '')" for c in parts)
    agree = f"min({key}) = max({key})"
    first = (
        f"CASE WHEN {agree} THEN 1 ELSE 0 END AS same, min(e.id) AS at, min(e.event_type) AS kind, {place}"
    )
    if where:
        groups = (
            "hit AS (SELECT cluster_id AS c, min(date_end) AS day FROM events WHERE "
            + " AND ".join(where)
            + f" GROUP BY cluster_id), grp AS (SELECT hit.c, hit.day, {first} "
            "FROM hit JOIN events e ON e.cluster_id = hit.c GROUP BY hit.c, hit.day)"
        )
    else:  # every report matches: one pass over the index
        groups = (
            f"grp AS (SELECT e.cluster_id AS c, min(e.date_end) AS day, {first} "
            "FROM events e GROUP BY e.cluster_id)"
        )
    trust = " ".join(f"WHEN '{k}' THEN {v}" for k, v in TRUST.items())
    modality = "(SELECT x.modality FROM events x WHERE x.id = m.id)"
    confidence = _json(conn.postgres, "confidence")
    if conn.postgres:
        confidence = f"CAST({confidence} AS DOUBLE PRECISION)"
    ranks = " ".join(f"WHEN '{k}' THEN {v}" for k, v in PRECISION_RANK.items())
    precision = _json(conn.postgres, "location.precision")
    region = PRECISION_RANK["region"]
    return f"""{groups}, member AS (
  SELECT grp.c, grp.day, e.id, e.event_type, e.geonames_id, e.location, e.lat, e.lon
  FROM grp JOIN events e ON e.cluster_id = grp.c WHERE grp.same = 0
), ranked AS (
  SELECT m.*,
    CASE WHEN m.location IS NULL THEN {NO_PLACE}
      ELSE CASE coalesce(nullif({precision}, ''), 'place') {ranks} ELSE 1 END END AS lr,
    row_number() OVER (PARTITION BY m.c ORDER BY
      CASE {modality} {trust} ELSE {len(TRUST)} END, -{confidence}, m.id) AS t
  FROM member m
), placed AS (
  SELECT r.*, row_number() OVER (PARTITION BY r.c ORDER BY
    CASE WHEN r.t = 1 AND r.lr <= {region} THEN -1 ELSE r.lr END, r.id) AS l
  FROM ranked r
), lead AS (
  SELECT c, day, kind, at, g, loc, lat, lon FROM grp WHERE same = 1
  UNION ALL
  SELECT c, day, max(CASE WHEN t = 1 THEN event_type END), max(CASE WHEN l = 1 THEN id END),
    max(CASE WHEN l = 1 THEN geonames_id END), max(CASE WHEN l = 1 THEN location END),
    max(CASE WHEN l = 1 THEN lat END), max(CASE WHEN l = 1 THEN lon END)
  FROM placed GROUP BY c, day
)"""


def counted(conn: db.Connection, where: Sequence[str], args: Sequence[Any], unmerged: bool) -> list[Json]:
    """Matching events per day, oldest first: [{"day", "count"}]."""
    if unmerged:
        sql = "SELECT date_end, count(*) FROM events"
        sql += (" WHERE " + " AND ".join(where) if where else "") + " GROUP BY date_end ORDER BY date_end"
    else:
        sql = (
            "WITH hit AS (SELECT cluster_id AS c, min(date_end) AS day FROM events"
            + (" WHERE " + " AND ".join(where) if where else "")
            + " GROUP BY cluster_id) SELECT day, count(*) FROM hit GROUP BY day ORDER BY day"
        )
    return [{"day": day, "count": int(n)} for day, n in conn.tuples(sql, list(args))]


def view(conn: db.Connection, where: Sequence[str], args: Sequence[Any], unmerged: bool) -> Json:
    """{"points", "days"} from one read of the counted events, one row each (its day, place and type): one
    point per place with matching events (how many, of which types, the latest day; most first), and the
    events per day, oldest first."""
    if unmerged:
        sql = "SELECT date_end, geonames_id, location, lat, lon, event_type FROM events"
        sql += " WHERE " + " AND ".join(where) if where else ""
    else:
        sql = f"WITH {_leads(conn, where)} SELECT day, g, loc, lat, lon, kind FROM lead"
    rows = conn.tuples(sql, list(args))
    days = [{"day": day, "count": n} for day, n in sorted(Counter(r[0] for r in rows).items())]
    last: dict[tuple[Any, ...], str] = {}
    for day, place, _, lat, lon, _ in rows:
        if lat is not None and lon is not None and last.get((place, lat, lon), "") < day:
            last[(place, lat, lon)] = day
    kinds = Counter(r[1:] for r in rows if r[3] is not None and r[4] is not None)
    found: dict[tuple[Any, ...], Json] = {}
    for (place, name, lat, lon, kind), n in kinds.items():
        p = found.get((place, lat, lon))
        if p is None:
            p = found[(place, lat, lon)] = {"place": place, "name": name, "lat": lat, "lon": lon, "count": 0}
            p["types"], p["last"] = {}, last[(place, lat, lon)]
        if name is not None and (p["name"] is None or name < p["name"]):
            p["name"] = name  # one name per point whatever order the rows come in
        p["count"] += n
        p["types"][kind] = p["types"].get(kind, 0) + n
    points = sorted(found.values(), key=lambda p: (-p["count"], p["name"] or ""))
    return {"points": points, "days": days}


def places(conn: db.Connection, like: str | None) -> list[Json]:
    """Resolved places of merged events (each at its own place), with how many; `like` a LIKE pattern on the
    name. Unordered."""
    match = " AND loc LIKE ? ESCAPE '\\'" if like else ""
    sql = (
        f"WITH {_leads(conn, ())}, here AS (SELECT g, max(loc) AS name, max(lat) AS lat, max(lon) AS lon, "
        f"count(*) AS events, max(at) AS at FROM lead WHERE g IS NOT NULL{match} GROUP BY g) "
        "SELECT here.name, here.g, here.lat, here.lon, p.country, p.admin1, here.events "
        "FROM here JOIN events p ON p.id = here.at"
    )
    columns = ("name", "geonames_id", "lat", "lon", "country", "admin1", "events")
    return [dict(zip(columns, r, strict=True)) for r in conn.tuples(sql, [like] if like else [])]
