"""Names the gazetteer does not know, placed where the article is.

Streets, landmarks, quarters, rivers and institutions are mostly in or near the town the article is
about; an unknown 'X County' lies in the first-level area most of the article's places are in.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import TypeVar

from frontwatch.geo.gazetteer import Gazetteer
from frontwatch.geo.names import normalize, words
from frontwatch.types import Location, LocationPrecision, PlaceMention

K = TypeVar("K", bound=tuple[str, str])
WIDE = frozenset({"A.PCLI", "L.CONT", "L.RGN"})  # too wide to say where an article's streets are
FAR_KM, FOCUS_KM = 2000.0, 200.0


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The haversine distance between two points in degrees (the one distance every stage uses)."""
    p = math.pi / 180
    h = (
        math.sin((lat2 - lat1) * p / 2) ** 2
        + math.cos(lat1 * p) * math.cos(lat2 * p) * math.sin((lon2 - lon1) * p / 2) ** 2
    )
    return 12742.0 * math.asin(math.sqrt(min(1.0, h)))


def distance_km(a: Location, b: Location) -> float:
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return math.inf
    return great_circle_km(a.lat, a.lon, b.lat, b.lon)


def place_unknowns(
    mentions: list[PlaceMention], gazetteer: Gazetteer, tied: Mapping[tuple[int, int], Location] | None = None
) -> list[PlaceMention]:
    """Names without candidates placed where the article is: at the place they are tied to ('Kamenne
    Square in Bratislava', "London's Heathrow Animal Reception Center"; `tied`: mention span -> place),
    else 'X County' at the first-level area most of its places are in; other names (streets, landmarks,
    rivers, quarters) at its town (`_focus`), else that area, else its most mentioned country; always
    at low confidence."""
    unknown = [i for i, m in enumerate(mentions) if m.place is None]
    if not unknown:
        return mentions
    area_words, river_words = words("area_words"), words("river_words")
    area = _main_area(mentions, gazetteer)
    town = _focus(mentions) or area
    focus = town or _focus(mentions, ("A.PCLI",))
    out = list(mentions)
    for i in unknown:
        parts = normalize(mentions[i].text).split()
        county = parts[-1:] in [[w] for w in area_words]
        river = bool(parts) and (
            parts[-1] in river_words or parts[0] in river_words
        )  # never a country's middle
        spot = (tied or {}).get((mentions[i].start, mentions[i].end)) or (
            area or focus if county else town if river else focus
        )
        if spot is not None:
            wide = county or river or spot.precision != "place"
            precision: LocationPrecision = "region" if wide else "near"
            out[i] = replace(mentions[i], place=replace(spot, precision=precision), score=0.1)
    return out


def _focus(mentions: Sequence[PlaceMention], features: Sequence[str] = ("P", "A.ADM2")) -> Location | None:
    """The article's town (or place of these feature classes): around the one closest to all its
    resolved mentions (distances capped at FAR_KM, so one far-off homonym does not pull it), the most
    mentioned place within FOCUS_KM, then the biggest, then the first named. An article naming Tbilisi,
    Batumi and Kutaisi once each is about Tbilisi, not about Kutaisi, the town between them: a street
    it names ('Rustaveli Avenue') is in Tbilisi."""
    wide = WIDE - set(features)
    places = [m.place for m in mentions if m.place and m.place.feature not in wide]
    options = {_key(p): p for p in places if (p.feature or "").startswith(tuple(features))}
    if not options:
        return None
    counts = Counter(_key(p) for p in places)
    order = {k: i for i, k in reversed(list(enumerate(_key(p) for p in places)))}

    def cost(key: str | int) -> tuple[float, int, int]:
        spot = options[key]
        return sum(min(distance_km(spot, p), FAR_KM) for p in places), -counts[key], order[key]

    centre = options[min(options, key=cost)]
    close = [k for k, p in options.items() if distance_km(p, centre) <= FOCUS_KM]
    return options[min(close, key=lambda k: (-counts[k], -options[k].population, order[k]))]


def _key(place: Location) -> str | int:
    return place.geonames_id or place.name


def _main_area(mentions: Sequence[PlaceMention], gazetteer: Gazetteer) -> Location | None:
    admins = Counter((m.place.country, m.place.admin1) for m in mentions if m.place and m.place.admin1)
    if not admins:
        return None
    (country, admin1), _ = admins.most_common(1)[0]
    area = next(
        (c.location for c in gazetteer.candidates(str(admin1))
         if c.location.feature == "A.ADM1" and c.location.country == country),
        None,
    )  # fmt: skip
    return replace(area, precision="region") if area else None


NEIGHBOUR_KM, NEIGHBOUR_CAP, CELL = 60.0, 3, 0.5  # CELL: grid cell in degrees (about 55 km)
SAME_PLACE_KM = 5.0


def _local(loc: Location) -> bool:
    """A settlement or a district with a point: what 'close to' means something for."""
    feature = loc.feature or "P"
    return (
        loc.lat is not None
        and loc.lon is not None
        and (feature[:1] == "P" or feature in ("A.ADM2", "A.ADM3"))
    )


def same_place(a: Location, b: Location) -> bool:
    return a.geonames_id is not None and a.geonames_id == b.geonames_id


def pair_km(a: Location, b: Location) -> float:
    """How far apart two names' candidates are as evidence: one GeoNames entry that goes by both names
    counts as SAME_PLACE_KM, not 0. Two names in one sentence are more often two places close together
    ('shelled Novoselovka and Vesele': not the Vesele once called Novoselovka, when a Novoselivka lies
    3 km from another Vesele) than one place twice ('Semyhiria (Maryanovka)'), which still wins when no
    two places of those names lie that close."""
    return SAME_PLACE_KM if same_place(a, b) else distance_km(a, b)


def _cell(loc: Location) -> tuple[int, int]:
    return int((loc.lat or 0.0) // CELL), int((loc.lon or 0.0) // CELL)


def neighbour_support(cands: Mapping[K, Sequence[Location]]) -> dict[K, list[float]]:
    """For each candidate of each name (keys: (name, ...) tuples): how many of the article's other
    names have a candidate close to it, as the sum over those names of exp(-km / NEIGHBOUR_KM) for the
    nearest one, capped at NEIGHBOUR_CAP and divided by it (0..1). Villages that share a name with dozens
    of others are told apart by the names around them even when none of those is certain yet. Settlements
    and districts only; a grid of half-degree cells keeps it linear in the number of candidates."""
    cells: dict[tuple[int, int], list[tuple[K, Location]]] = {}
    for key, locs in cands.items():
        for loc in locs:
            if _local(loc):
                cells.setdefault(_cell(loc), []).append((key, loc))
    out: dict[K, list[float]] = {}
    for key, locs in cands.items():
        values = []
        for loc in locs:
            best: dict[K, float] = {}
            if _local(loc):
                y, x = _cell(loc)
                for other, there in (
                    p for dy in (-1, 0, 1) for dx in (-1, 0, 1) for p in cells.get((y + dy, x + dx), ())
                ):
                    if other[0] != key[0]:
                        best[other] = max(best.get(other, 0.0), math.exp(-pair_km(loc, there) / NEIGHBOUR_KM))
            values.append(min(float(NEIGHBOUR_CAP), sum(best.values())) / NEIGHBOUR_CAP)
        out[key] = values
    return out


PAIR_KM, PAIR_REL_KM = 10.0, 2.0


def pair_support(
    cands: Mapping[K, Sequence[Location]], together: Mapping[K, frozenset[K]]
) -> dict[K, list[float]]:
    """For each candidate of each name: how close the names written in the same sentence can lie to it,
    as the sum over those names of exp(-km / PAIR_KM) for their nearest candidate, capped at 1. 'Shelled
    Vysoke and Verbove', 'an assault on Vysoke, a village near Verbove': of the dozens of villages of
    each name, the two a few kilometres apart are the ones meant. The closest pair stands out: each
    term also falls off with the distance beyond the closest pair's of those two names (PAIR_REL_KM), so
    two villages 2.8 km apart win clearly over two others 4.6 km apart. Distances by `pair_km`.
    Settlements and districts only."""
    cells: dict[tuple[int, int], list[tuple[K, Location]]] = {}
    for key, locs in cands.items():
        if together.get(key):
            for loc in locs:
                if _local(loc):
                    cells.setdefault(_cell(loc), []).append((key, loc))
    out: dict[K, list[float]] = {}
    for key, locs in cands.items():
        partners = together.get(key, frozenset())
        nearest: list[dict[K, float]] = []  # per candidate: km to each partner's nearest candidate
        for loc in locs:
            best: dict[K, float] = {}
            if partners and _local(loc):
                y, x = _cell(loc)
                for other, there in (
                    p for dy in (-1, 0, 1) for dx in (-1, 0, 1) for p in cells.get((y + dy, x + dx), ())
                ):
                    if other in partners:
                        best[other] = min(best.get(other, math.inf), pair_km(loc, there))
            nearest.append(best)
        closest = {o: min((b.get(o, math.inf) for b in nearest), default=math.inf) for o in partners}
        out[key] = [
            min(1.0, sum(math.exp(-km / PAIR_KM - (km - closest[o]) / PAIR_REL_KM) for o, km in best.items()))
            for best in nearest
        ]
    return out
