"""Derive the compact GeoNames file the package ships from an official country dump.

    python scripts/build_geonames_data.py ../shared/data/geonames/UA.zip

reads XX.zip (or XX.txt) in the standard `geoname` format and writes frontwatch/data/geonames/XX.tsv.gz
with only the columns the gazetteer uses (id, name, lat, lon, feature class.code, country, admin1 name,
admin2 name, population, alternate names) for populated places, admin areas and a few useful other
features (see gazetteer.KEEP_CODES). Alternate names are limited to Latin and Cyrillic script and
deduplicated by normalized form; admin codes become names from the dump's own ADM1/ADM2 rows.
The output is deterministic (rows sorted by id, gzip mtime 0).

    python scripts/build_geonames_data.py --countries

writes frontwatch/data/geonames/countries.json instead: for each ISO code the country's point (close to
GeoNames' own) and demonym, taken from the `countryinfo` package
(needed only to run this; the gazetteer build reads the JSON).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from frontwatch.geo.admin_data import write_tsv
from frontwatch.geo.gazetteer import dump_rows

OUT_DIR = Path(__file__).resolve().parent.parent / "frontwatch" / "data" / "geonames"


def country_table() -> dict[str, dict[str, object]]:
    """ISO alpha-2 code → name, lat, lon and demonym from countryinfo."""
    from countryinfo import all_countries  # type: ignore[import-not-found, unused-ignore]

    table: dict[str, dict[str, object]] = {}
    for info in (c.info() for c in all_countries()):
        code, point = (info.get("ISO") or {}).get("alpha2"), info.get("latlng") or []
        if code and len(point) == 2:
            table[code] = {
                "name": info.get("name", ""), "lat": float(point[0]), "lon": float(point[1]),
                "demonym": info.get("demonym") or "",
            }  # fmt: skip
    return dict(sorted(table.items()))


def write_countries(out: Path) -> int:
    table = country_table()
    comment = (
        "Country points and demonyms derived from the countryinfo package (scripts/build_geonames_data.py)."
    )
    out.write_text(
        json.dumps({"comment": comment, "countries": table}, ensure_ascii=False, indent=0) + "\n",
        encoding="utf-8",
    )
    return len(table)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Derive frontwatch's compact GeoNames file from a country dump."
    )
    parser.add_argument("dump", type=Path, nargs="?", help="GeoNames country dump, XX.zip or XX.txt")
    parser.add_argument("--countries", action="store_true", help="write countries.json from countryinfo")
    parser.add_argument(
        "--out", type=Path, help="output .tsv.gz (default frontwatch/data/geonames/XX.tsv.gz)"
    )
    args = parser.parse_args(argv)
    if args.countries or args.dump is None:
        target = args.out or OUT_DIR / "countries.json"
        print(f"{write_countries(target)} countries → {target}", file=sys.stderr)
        return 0
    out = args.out or OUT_DIR / f"{args.dump.name.split('.')[0].upper()}.tsv.gz"
    out.parent.mkdir(parents=True, exist_ok=True)
    count = write_tsv(out, dump_rows(args.dump))
    print(f"{count} features → {out} ({out.stat().st_size / 1e6:.2f} MB)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
