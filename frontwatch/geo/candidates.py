"""Candidates of a name: one group per name (and region flag) of an article, with its GeoNames candidates,
duplicates of one settlement collapsed and candidates the name cannot mean dropped (a region word asks for
an area, a big place's own name is not a small town's alternate name though it may be a curated world
region's, a bare name is the town, not the area named after it).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

from frontwatch.geo.context import distance_km, same_place
from frontwatch.geo.filters import PLACE_LABELS
from frontwatch.geo.gazetteer import ADMIN_CORE, PRIMARY, Candidate, Gazetteer
from frontwatch.geo.names import lexicon
from frontwatch.geo.recognition import Found
from frontwatch.types import Location

DOMINANT_POPULATION, DUPLICATE_KM, DUPLICATE_DEG = 100_000, 2.0, 0.02
NAMESAKE_CITY = 1_000_000  # a city this big inside a first-level area of its name is what the bare name means
ALIAS_PAIR_KM = 5.0  # a small town that goes by a big one's name, this close to a same-sentence name

GroupKey = tuple[str, str]  # (normalized name, region level)


@dataclass(frozen=True, slots=True)
class Group:
    """All mentions of one name (and region flag) in an article, with their candidates."""

    key: str
    region: str
    labeled: bool
    metonym_only: bool
    seat: bool
    cands: tuple[Candidate, ...]
    links: frozenset[GroupKey] = frozenset()
    sents: frozenset[int] = frozenset({0})  # the sentences its mentions are in (first token)
    namesake: frozenset[tuple[str | None, str | None]] = frozenset()  # see `namesake_areas`
    doers: frozenset[tuple[str, int]] = frozenset()  # its attackers' country words (key, sentence)


def collapse(cands: Sequence[Candidate]) -> list[Candidate]:
    """Merge duplicate entries of one settlement (same class within ~2 km): keep the larger / better named.
    Kept places are filed by class and latitude band of DUPLICATE_DEG, so each candidate is compared
    with the few in its own and the two neighbouring bands only (farther ones are more than 2 km away)."""
    kept: list[Candidate] = []
    bands: dict[tuple[str, int], list[Location]] = {}
    for c in sorted(
        cands, key=lambda c: (-c.location.population, -c.n_alt, c.kind, c.location.geonames_id or 0)
    ):
        loc = c.location
        if loc.lat is None or loc.lon is None:  # no distance to anything: never a duplicate
            kept.append(c)
            continue
        cls, band = (loc.feature or "?")[0], math.floor(loc.lat / DUPLICATE_DEG)
        if all(_far_apart(k, loc) for b in (band - 1, band, band + 1) for k in bands.get((cls, b), ())):
            kept.append(c)
            bands.setdefault((cls, band), []).append(loc)
    return kept


def _far_apart(a: Location, b: Location) -> bool:
    """At least DUPLICATE_KM apart (DUPLICATE_DEG of latitude is 2.2 km: no need to compute)."""
    if a.lat is not None and b.lat is not None and abs(a.lat - b.lat) > DUPLICATE_DEG:
        return True
    return distance_km(a, b) >= DUPLICATE_KM


def is_admin(c: Candidate) -> bool:
    return (c.location.feature or "").startswith("A.ADM") or c.location.feature == "L.RGN"


def region_candidates(cands: list[Candidate], level: str) -> tuple[Candidate, ...]:
    """Admin areas for 'X region' (first-level for region/oblast, districts for raion/district); towns
    for a newspaper's name."""
    if level in (
        "street",
        "river",
    ):  # a street or river named after a town is not the town ('Pushkin Street')
        return ()
    if level == "town":
        return tuple(c for c in cands if (c.location.feature or "")[:1] == "P") or tuple(cands)
    want = ("A.ADM1", "L.RGN") if level == "adm1" else ("A.ADM2", "A.ADM3")
    admin = [c for c in cands if c.location.feature in want] or [c for c in cands if is_admin(c)]
    if level == "adm2":  # the data may lack this district, named after its seat: the same-named towns, taken
        # only where the article's areas put them (scoring._without_stray_seats when there is no district)
        seats = [c for c in cands if (c.location.feature or "").startswith("P")]
        return tuple(admin) + tuple(
            replace(c, location=replace(c.location, precision="region")) for c in seats
        )
    if admin:
        return tuple(admin)
    return tuple(replace(c, location=replace(c.location, geonames_id=None, feature=None, precision="region"))
                 for c in cands if (c.location.feature or "").startswith("P"))  # fmt: skip


def namesake_areas(cands: Sequence[Candidate]) -> frozenset[tuple[str | None, str | None]]:
    """(country, first-level area) of each area that goes by the name as its own name and holds a city of
    NAMESAKE_CITY or more that goes by it too: bare, 'New York' is New York City, not the state."""
    areas = {(c.location.country, c.location.admin1) for c in cands
             if c.kind == PRIMARY and c.location.feature == "A.ADM1"}  # fmt: skip
    return frozenset(
        (c.location.country, c.location.admin1) for c in cands
        if (c.location.feature or "")[:1] == "P" and c.location.population >= NAMESAKE_CITY
        and (c.location.country, c.location.admin1) in areas
    )  # fmt: skip


def _without_admin_cores(cands: list[Candidate]) -> tuple[Candidate, ...]:
    """A bare name ('Dnipro', 'Raipur') is the town: areas matched by their name's core ('Dnipro Raion')
    and derived areas (no GeoNames id) holding a big town of that name are dropped."""
    towns = [c.location for c in cands if (c.location.feature or "")[:1] == "P"]
    return tuple(c for c in cands if not (
        towns and is_admin(c)
        and (c.kind == ADMIN_CORE or _holds_big_town(c.location, towns))
    ))  # fmt: skip


def _without_minor_aliases(
    cands: Sequence[Candidate], beside: Sequence[Location] = ()
) -> tuple[Candidate, ...]:
    """A name that is the own name of a country, first-level area or big town ('Florida', 'Liverpool')
    is that place, not a smaller town that also goes by it ('East Liverpool', once called Liverpool) --
    unless a name of the same sentence lies next to the smaller one ('shelled Dzerzhinsk and Krymske':
    Toretsk, once Dzerzhinsk, not the Russian city; `beside`: the candidates of those names)."""
    big = [c.location.population for c in cands if c.kind == PRIMARY and dominant(c.location)]
    if not big:
        return tuple(cands)
    floor = min(max(big), DOMINANT_POPULATION)  # 'New York' is also New York City
    return tuple(c for c in cands if c.kind == PRIMARY or c.location.population >= floor
                 or _curated_region(c.location) or _next_to(c.location, beside))  # fmt: skip


def _curated_region(loc: Location) -> bool:
    """A world region of geo.json (no GeoNames id) by one of its curated names: 'the Gulf' may be the
    Persian Gulf, whatever first-level area goes by that name (scoring weighs them)."""
    return loc.feature == "L.RGN" and loc.geonames_id is None


def _next_to(loc: Location, others: Sequence[Location]) -> bool:
    return loc.lat is not None and any(
        o.lat is not None and abs(o.lat - loc.lat) < 0.1 and distance_km(o, loc) <= ALIAS_PAIR_KM
        for o in others if not same_place(o, loc)
    )  # fmt: skip


def dominant(loc: Location) -> bool:
    return loc.feature in ("A.PCLI", "A.ADM1") or loc.population >= DOMINANT_POPULATION


def _holds_big_town(area: Location, towns: list[Location]) -> bool:
    same = [t for t in towns if (t.country, t.admin1) == (area.country, area.admin1)]
    return area.geonames_id is None and any(10 * t.population >= area.population for t in same)


def _statewide(found: Sequence[Found]) -> frozenset[str]:
    """Names the article uses as a first-level area somewhere: with a state word ('upstate New York',
    'New York state', 'New York Gov. X') or after a town it is tied to and a comma ('Buffalo, New York')."""
    ends = {f.j: f for f in found}
    return frozenset(
        f.key for f in found
        if f.state_cue or f.region == "adm1"
        or ((g := ends.get(f.i - 1)) is not None and f.start - g.end == 2 and (f.key, f.region) in g.links)
    )  # fmt: skip


def make_groups(found: Sequence[Found], gaz: Gazetteer) -> dict[GroupKey, Group]:
    lex = lexicon()
    groups: dict[GroupKey, Group] = {}
    every: dict[GroupKey, list[Candidate]] = {}  # all candidates of each name
    names_in: dict[int, set[str]] = {}  # the names of each sentence
    for f in found:
        names_in.setdefault(f.sent, set()).add(f.key)
    statewide = _statewide(found)
    for key, region in dict.fromkeys((f.key, f.region) for f in found):
        members = [f for f in found if f.key == key and f.region == region]
        seat = lex.seats.get(key)
        if seat:
            same = [c for c in gaz.candidates(seat[0]) if c.location.country == seat[1]]
            every[(key, region)] = sorted(same, key=lambda c: c.location.feature != "P.PPLC")[:1]
        else:
            every[(key, region)] = collapse(gaz.candidates(members[0].text))
    for (key, region), cands in every.items():
        members = [f for f in found if f.key == key and f.region == region]
        seat = lex.seats.get(key)
        labeled = region in ("street", "river") or any(
            f.label in PLACE_LABELS or f.place_cue for f in members
        )
        metonym_only = bool(seat) or all(f.metonym_cue for f in members)
        sents = frozenset(f.sent for f in members)
        partners = {k for s in sents for k in names_in[s]} - {key}
        beside = [c.location for (k, _), cs in every.items() if k in partners for c in cs] if any(
            c.kind == PRIMARY and dominant(c.location) for c in cands) else []  # fmt: skip
        cands = list(_without_minor_aliases(cands, beside))
        chosen = region_candidates(cands, region) if region else _without_admin_cores(cands)
        links = frozenset(k for f in members for k in f.links)
        namesake = frozenset() if region or key in statewide else namesake_areas(chosen)
        doers = frozenset(d for f in members for d in f.doers)
        groups[(key, region)] = Group(key, region, labeled, metonym_only, bool(seat), chosen, links, sents,
                                      namesake, doers)  # fmt: skip
    return groups
