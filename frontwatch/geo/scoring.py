"""Resolution: every candidate of a group is scored by its prior (population, feature type, how its name
matched) and the article's context (countries and first-level areas of the places already resolved,
closeness to them and to the places the name is tied to, neighbour and same-sentence pair support);
unambiguous and large places anchor first, homonyms follow over rounds. Low scores and far-apart ties
abstain, unless one of the tied is a place of 50,000 or more (taken at confidence 0.1).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from frontwatch.geo.candidates import Group, GroupKey, is_admin
from frontwatch.geo.context import distance_km, neighbour_support, pair_support
from frontwatch.geo.gazetteer import ADMIN_CORE, ALTERNATE, PRIMARY, TRANSLIT, Candidate
from frontwatch.geo.names import words
from frontwatch.types import Location

FEATURE_BONUS = {"A.PCLI": 0.9, "L.CONT": 0.9, "P.PPLC": 0.7, "A.ADM1": 0.4, "P.PPLA": 0.35,
                 "L.RGN": 0.3, "P.PPLA2": 0.2, "A.ADM2": 0.15, "P.PPLA3": 0.1, "P.PPLX": -0.2,
                 "P.PPLH": -0.3, "P.PPLQ": -0.3}  # fmt: skip
KIND_BONUS = {PRIMARY: 0.1, 1: 0.0, 2: -0.05, ADMIN_CORE: -0.1, 4: -0.25}
SUPPORT_WEIGHT, SUPPORT_CAP = 0.4, 3
BIG_NAMES, STATE_BONUS = frozenset({"A.PCLI", "L.CONT", "A.ADM1", "L.RGN"}), 0.5
TIE_POPULATION, WORLD_REGION_PRIOR = 50_000, 0.5
NEIGHBOUR_WEIGHT, PAIR_WEIGHT, POPULATION_WEIGHT, LINKED_AREA = 0.5, 1.0, 0.12, 1.0
MIN_LABELED, MIN_UNLABELED, MIN_MARGIN, PROXIMITY_KM = 0.25, 0.5, 0.05, 25.0
OWN_NAME_TOWN = 10_000  # a town this big by its own name weakens a capital that only once went by it
SEAT_PENALTY = 1.0  # a town standing for a district of its name that the data lacks
NAMESAKE_PENALTY = 1.0  # a first-level area whose big city bears its name, written bare ('New York')
WORD_SENTENCE, WORD_ARTICLE = 0.3, 0.15  # country words ('Nigerian troops'): see `country_words`
DOER_SHARE = 1 / 3  # what an attacker's country word counts for its target ('Russian troops shelled X')
PAIRED = 0.5  # pair support (a same-sentence name about 7 km away) above which country words do not count
FAR_ALIAS_KM = (
    2500.0  # an alternate-name match this far from all the article's places, in none of its countries
)
FAR_ALIAS_CITY = 1_000_000  # ... unless a city this big ('New York' is New York City's other name)
FOREIGN_NAMESAKE = 0.5  # a country that is also the own name of a state of the article's country
FAR_NAMESAKE_KM, BIG_NAMESAKE = 150.0, 20  # a town this far from all the article's places, 20x smaller
SMALL_NAMESAKE = 100_000  # ... than a namesake, and smaller than this: see `_far_namesake`
WATER_BONUS = 1.0  # a sea's name without an area word is the sea ('the Red Sea'): see `_water`


def _closeness(loc: Location, anchors: Sequence[Location]) -> float:
    near = [a for a in anchors if a.precision in ("place", "near") or a.feature in ("A.ADM2", "A.ADM3")]
    return _near_sum(loc, near)


def _near_sum(loc: Location, near: Sequence[Location]) -> float:
    if loc.lat is None:
        return 0.0
    # more than 4 degrees of latitude apart (444 km) adds less than 1e-7: not worth the trigonometry
    near = [a for a in near if a.lat is not None and abs(a.lat - loc.lat) < 4.0]
    return min(1.0, sum(math.exp(-distance_km(a, loc) / PROXIMITY_KM) for a in near))


@dataclass(frozen=True, slots=True)
class Context:
    """The article's other resolved places, summed up once for all candidates of a name."""

    countries: Counter[str]
    n_countries: int
    admins: Counter[str]
    n_admins: int
    states: frozenset[str]
    areas: frozenset[tuple[str | None, str]]  # (country, first-level area) of the first-level areas
    local: tuple[Location, ...]  # the ones closeness counts (settlements and districts)
    linked: tuple[Location, ...]  # the ones the name is tied to


def context_of(places: Sequence[Location], linked: Sequence[Location]) -> Context:
    countries = Counter(a.country for a in places if a.country)
    admins = Counter(a.admin1 for a in places if a.admin1 is not None)
    areas = frozenset((a.country, a.admin1) for a in places if a.feature == "A.ADM1" and a.admin1 is not None)
    states = frozenset(admin1 for _, admin1 in areas)
    local = tuple(a for a in places if a.precision in ("place", "near") or a.feature in ("A.ADM2", "A.ADM3"))
    return Context(countries, countries.total(), admins, admins.total(), states, areas, local, tuple(linked))


def score(c: Candidate, group: Group, anchors: Mapping[GroupKey, Location], support: int = 0) -> float:
    """Prior (population, feature, how the name matched) plus agreement with the article's other places:
    their countries and first-level areas, closeness, and above all the places it is tied to; `support`:
    how many other names of the article could lie in the candidate's first-level area."""
    return _score(c, group, score_context(c, group, anchors), support)


def _score(c: Candidate, group: Group, ctx: Context | None, support: int) -> float:
    return _in_context(_prior(c, group, support), c, group, ctx)


def _prior(c: Candidate, group: Group, support: int, renamed: bool = False) -> float:
    """The part of a candidate's score that does not depend on the places resolved so far; `renamed`:
    the name is only an alternate (often former) name of this capital or country and the own name of a
    town ('Salisbury': Harare until 1982, and the English city), which keeps half its feature bonus."""
    loc = c.location
    s = POPULATION_WEIGHT * max(0.0, math.log10(loc.population + 1) - 2) + KIND_BONUS.get(c.kind, 0.0)
    s += SUPPORT_WEIGHT * min(support, SUPPORT_CAP) / SUPPORT_CAP
    s += FEATURE_BONUS.get(loc.feature or "", 0.0) + _name_prior(c)
    if is_admin(c) and c.kind != PRIMARY and not group.region and loc.geonames_id is not None:
        s -= 0.6  # 'Donetsk' alone is the city, not the oblast that also goes by it
    if group.metonym_only and loc.feature in ("P.PPLC", "A.PCLI"):
        s += 0.5
    if renamed and c.kind == ALTERNATE and loc.feature in ("P.PPLC", "A.PCLI"):
        s -= 0.5 * FEATURE_BONUS[loc.feature]
    if _namesake(c, group):
        s -= NAMESAKE_PENALTY  # 'New York' alone is the city (unless state-level: see _in_context)
    if loc.feature == "L.RGN" and _water(group):
        s += WATER_BONUS
    return s


def _water(group: Group) -> bool:
    """A name of a sea, gulf, strait or lake written without an area word ('in the Red Sea', 'the Gulf'):
    the world region that goes by it, not the first-level area named after the water ('Red Sea state')."""
    return not group.region and bool(set(group.key.split()) & words("water_words"))


def _namesake(c: Candidate, group: Group) -> bool:
    loc = c.location
    return bool(group.namesake) and loc.feature == "A.ADM1" and (loc.country, loc.admin1) in group.namesake


def _in_context(
    s: float, c: Candidate, group: Group, ctx: Context | None, lone: frozenset[str] = frozenset()
) -> float:
    """Prior `s` plus the agreement with the places resolved so far (`ctx`); `lone`: the countries no
    other name of the article has a candidate in."""
    loc = c.location
    seat = group.region == "adm2" and (loc.feature or "").startswith("P")
    if seat:  # 'X district' is the town X only where the article's areas put it
        s -= SEAT_PENALTY / (2 if ctx is not None and loc.admin1 in ctx.states else 1)
    if ctx is None:
        return s
    if ctx.n_countries:  # a place without a country (a sea, a world region) gets half
        s += 0.5 * (ctx.countries[loc.country] / ctx.n_countries if loc.country else 0.5)
    s += 0.4 * ctx.admins[loc.admin1] / ctx.n_admins if ctx.n_admins and loc.admin1 is not None else 0.0
    s += STATE_BONUS * (loc.admin1 in ctx.states and loc.feature != "A.ADM1")
    s -= FOREIGN_NAMESAKE * (c.location.country in lone and _state_namesake(c, group, ctx))
    if loc.feature == "A.ADM1" and loc.country and _water(group):
        home = 0 < ctx.n_countries <= 2 * ctx.countries[loc.country]  # most of the article's places
        s += WATER_BONUS * home  # 'the Gulf' among Papua New Guinea's places: its Gulf province, not the sea
    if _namesake(c, group) and any(a[0] == loc.country and a[1] != loc.admin1 for a in ctx.areas):
        s += NAMESAKE_PENALTY  # other states of its country named: state-level ('New York and New Jersey')
    linked = ctx.linked
    if linked:  # (without: both terms are 0)
        s += 0.4 * any(a.admin1 == loc.admin1 and a.admin1 for a in linked) + 1.5 * _closeness(loc, linked)
        s += LINKED_AREA * any(_inside(loc, a) for a in linked)  # 'Lewisburg, West Virginia'
    return s + 1.5 * _near_sum(loc, ctx.local) if ctx.local else s


def _state_namesake(c: Candidate, group: Group, ctx: Context) -> bool:
    """`c` is a country none of the article's other places is in, and its name is also the own name of a
    first-level area of the country most of them, and two or more, are in: 'Georgia' beside 'Texas' and
    'America' is the state; alone, beside 'Tbilisi', or beside 'the United States' only, the country.
    Only where no other name of the article could lie in the country (`lone` of `_in_context`): 'Gori'
    keeps 'Georgia' the country whether or not it is resolved yet."""
    loc = c.location
    if loc.feature != "A.PCLI" or not loc.country or ctx.countries[loc.country]:
        return False
    states = {o.location.country for o in group.cands if o.kind == PRIMARY and o.location.feature == "A.ADM1"}
    return any(k and ctx.countries[k] >= 2 and 2 * ctx.countries[k] > ctx.n_countries for k in states)


def _inside(loc: Location, area: Location) -> bool:
    """`loc` lies in the first-level area or country `area` (by their codes)."""
    if area.feature == "A.ADM1":
        return loc.feature != "A.ADM1" and (loc.country, loc.admin1) == (area.country, area.admin1)
    return area.feature == "A.PCLI" and loc.feature != "A.PCLI" and loc.country == area.country


def score_context(c: Candidate, group: Group, anchors: Mapping[GroupKey, Location]) -> Context | None:
    loc = c.location
    others = [a for k, a in anchors.items() if k[0] != group.key and not _part_of(group.key, k[0], a, loc)]
    linked = [anchors[k] for k in group.links if k in anchors]
    return context_of(others, linked) if others else None


def _part_of(key: str, other: str, anchor: Location, loc: Location) -> bool:
    """'Mexico City' chose this place and contains 'Mexico': that is no evidence that 'Mexico' is it."""
    return bool(loc.geonames_id) and anchor.geonames_id == loc.geonames_id and f" {key} " in f" {other} "


def _name_prior(c: Candidate) -> float:
    """Big names by their own name win ('Georgia', 'Europe'); tiny places known only by an alternate
    name lose ('Africa' as an old name of a small town), but not by another spelling of their own name
    ('Kleshcheevka': TRANSLIT)."""
    feature = c.location.feature or ""
    if feature in BIG_NAMES and (c.kind == PRIMARY or c.location.geonames_id is None):  # or curated
        return {"A.ADM1": 0.15, "A.PCLI": 0.3}.get(feature, WORLD_REGION_PRIOR)  # oceans, continents
    small = feature.startswith("P") and c.location.population < 1000
    return -0.3 if small and c.kind not in (PRIMARY, TRANSLIT) else 0.0


Area = tuple[str | None, str | None]  # (country, first-level area)


def priors(group: Group, support: Counter[Area]) -> list[float]:
    """The prior of each candidate of a group; `support`: the article's names per first-level area (the
    group's own names not counted)."""
    own = {(c.location.country, c.location.admin1) for c in group.cands if c.location.admin1}
    areas = [(c.location.country, c.location.admin1) for c in group.cands]
    renamed = any(
        c.kind == PRIMARY and (c.location.feature or "")[:1] == "P" and c.location.population >= OWN_NAME_TOWN
        for c in group.cands
    )
    return [
        _prior(c, group, support[a] - (a in own), renamed) for c, a in zip(group.cands, areas, strict=True)
    ]


def ranked_candidates(
    group: Group,
    anchors: Mapping[GroupKey, Location],
    prior: Sequence[float],
    near: Sequence[float] = (),
    pair: Sequence[float] = (),
    contexts: dict[tuple[tuple[GroupKey, ...], ...], Context | None] | None = None,
    lone: frozenset[str] = frozenset(),
) -> list[tuple[float, Candidate]]:
    """The candidates of a group by score; `contexts`: the contexts made so far with the same anchors
    (by the anchors left out and the ones linked), shared by the names of a round; `lone`: the countries
    no other name of the article has a candidate in (`lone_countries`)."""
    others = [(k, a) for k, a in anchors.items() if k[0] != group.key]
    tied = tuple(k for k in group.links if k in anchors)
    memo = {} if contexts is None else contexts
    mine = (tuple(k for k in anchors if k[0] == group.key), tied)
    if mine not in memo:
        memo[mine] = context_of([a for _, a in others], [anchors[k] for k in tied]) if others else None
    base = memo[mine]
    parts = {a.geonames_id for k, a in others if a.geonames_id and f" {group.key} " in f" {k[0]} "}
    scored = []
    for c, p in zip(group.cands, prior, strict=True):
        ctx = score_context(c, group, anchors) if c.location.geonames_id in parts else base
        scored.append((_in_context(p, c, group, ctx, lone), c))
    if near:  # other names with a candidate close to this one
        scored = [(sc + NEIGHBOUR_WEIGHT * n, c) for (sc, c), n in zip(scored, near, strict=True)]
    if pair:  # names of the same sentence with a candidate a few kilometres from this one
        scored = [(sc + PAIR_WEIGHT * n, c) for (sc, c), n in zip(scored, pair, strict=True)]
    return _far_namesake(sorted(scored, key=lambda p: -p[0]), group, base)


def _far_namesake(
    scored: list[tuple[float, Candidate]], group: Group, ctx: Context | None
) -> list[tuple[float, Candidate]]:
    """A town under SMALL_NAMESAKE, FAR_NAMESAKE_KM or more from every place of the article, loses what
    sharing a first-level area with them adds where a town of its country BIG_NAMESAKE times bigger bears
    the name (a namesake abroad is left to the country share: 'Dublin' of Ohio against Ireland's capital):
    'Louisville' beside 'Columbus, Ohio' is the city of Kentucky, not the small Louisville of Ohio far from
    Columbus. One within reach of the article's places keeps it, and so does a name tied to a place."""
    if ctx is None or not ctx.local or group.links or len(scored) < 2:
        return scored
    biggest = Counter[str | None]()  # the biggest town of the name in each country
    for _, c in scored:
        if (c.location.feature or "")[:1] == "P":
            biggest[c.location.country] = max(biggest[c.location.country], c.location.population)
    out = [(sc - _far_pull(c.location, ctx, biggest[c.location.country]), c) for sc, c in scored]
    return sorted(out, key=lambda p: -p[0])


def _far_pull(loc: Location, ctx: Context, biggest: int) -> float:
    """What the article's first-level areas add to a small far town (`_far_namesake`), else 0."""
    if (loc.feature or "")[:1] != "P" or loc.admin1 is None or loc.lat is None:
        return 0.0
    if loc.population >= SMALL_NAMESAKE or biggest < BIG_NAMESAKE * max(loc.population, 1):
        return 0.0
    pull = 0.4 * ctx.admins[loc.admin1] / ctx.n_admins if ctx.n_admins else 0.0
    pull += STATE_BONUS * (loc.admin1 in ctx.states)
    if pull <= 0.0 or any(a.lat is not None and distance_km(a, loc) < FAR_NAMESAKE_KM for a in ctx.local):
        return 0.0
    return pull


def lone_countries(groups: Mapping[GroupKey, Group]) -> dict[GroupKey, frozenset[str]]:
    """For each name: the countries of its country candidates that no other name has a candidate in."""
    own = {gk: {c.location.country for c in g.cands if c.location.country} for gk, g in groups.items()}
    count = Counter(k for ks in own.values() for k in ks)
    countries = {
        gk: {c.location.country for c in g.cands if c.location.feature == "A.PCLI"}
        for gk, g in groups.items()
    }
    return {gk: frozenset(k for k in ks if k and count[k] == 1) for gk, ks in countries.items()}


def area_support(groups: Mapping[GroupKey, Group]) -> Counter[Area]:
    """For each (country, first-level area): how many of the article's names have a candidate in it."""
    return Counter(a for g in groups.values() for a in {(c.location.country, c.location.admin1)
                                                       for c in g.cands if c.location.admin1})  # fmt: skip


@dataclass(frozen=True, slots=True)
class Decision:
    """A group's outcome: the choice (None: abstain), confidence 0..1, whether it anchors others, and
    whether the name looked like a place at all (False: weak gazetteer-only match)."""

    choice: Candidate | None
    confidence: float
    anchor: bool
    placelike: bool
    ranked: tuple[tuple[float, Candidate], ...]


def decide(group: Group, ranked: list[tuple[float, Candidate]]) -> Decision:
    """Best candidate unless it scores too low or ties with a far-away one."""
    if not ranked:
        return Decision(None, 0.0, False, group.labeled, ())
    best, top = ranked[0]
    margin = best - ranked[1][0] if len(ranked) > 1 else 1.0
    placelike = best >= (MIN_LABELED if group.labeled else MIN_UNLABELED)
    tied = len(ranked) > 1 and margin < MIN_MARGIN and distance_km(top.location, ranked[1][1].location) > 25
    if tied and placelike:  # a big place: the better guess, unsure ('Toronto' tied with a village)
        rivals = (c for sc, c in ranked if best - sc < MIN_MARGIN)
        big = top if top.location.population >= TIE_POPULATION else max(rivals, key=_population)
        if big.location.population >= TIE_POPULATION:
            return Decision(big, 0.1, False, True, tuple(ranked))
    if tied or not placelike:
        return Decision(None, 0.0, False, placelike, tuple(ranked))
    confidence = round(1 / (1 + math.exp(-3 * (best - 0.5))) * min(1.0, 0.5 + margin), 3)
    anchor = (best >= 0.5 and margin >= 0.3) or (len(ranked) == 1 and group.labeled)
    return Decision(top, confidence, anchor, True, tuple(ranked))


def _population(c: Candidate) -> int:
    return c.location.population


def _state_name(group: Group) -> bool:
    """The own name of a first-level area ('California', 'Georgia'): beside a town it is the state, and
    no village near a same-sentence name takes it ('Redding, California' is not two Scottish villages).
    Towns and countries may ('Lebanon police ... Boone County': the town of Lebanon, Indiana)."""
    return any(c.kind == PRIMARY and c.location.feature == "A.ADM1" for c in group.cands)


def _together(groups: Mapping[GroupKey, Group]) -> dict[GroupKey, frozenset[GroupKey]]:
    """For each name: the other names written in one of its sentences."""
    by_sent: dict[int, set[GroupKey]] = {}
    for gk, g in groups.items():
        if not g.seat:
            for sent in g.sents:
                by_sent.setdefault(sent, set()).add(gk)
    return {
        gk: frozenset(o for sent in g.sents for o in by_sent.get(sent, ()) if o[0] != gk[0])
        for gk, g in groups.items()
    }


Priors = Mapping[GroupKey, Sequence[float]]


def country_words(groups: Mapping[GroupKey, Group], prior: Priors) -> dict[GroupKey, list[float]]:
    """For each candidate of each name: the support of the article's country words, the names that stand
    for a country's people or government and so never anchor ('Nigerian troops', "Mali's army", 'Kyiv
    said' is not one: capitals are left out). A candidate in a country named so in one of the name's
    sentences gains WORD_SENTENCE, one in a country named so elsewhere in the article WORD_ARTICLE times
    that country's share of the article's country words: 'Sudanese troops shelled Bara' is the Bara of
    Sudan, not the bigger one of Nigeria. Only names that look like places (`Group.labeled`: the words
    never make a weak gazetteer-only match a place) and cannot mean a country or region themselves, and
    not where a name of the same sentence lies close to one of its candidates (`PAIRED`, in
    `resolve_groups`): 'Russian forces shelled X and Y' is the pair of Ukrainian villages a few km
    apart. The demonyms are those of associative toponyms (`associative.name_aliases`:
    data/geonames/countries.json and `region_demonyms` of data/geo.json)."""
    said: dict[str, dict[str, set[int]]] = {}  # country -> its words -> the sentences they are in
    for gk, g in groups.items():
        if g.metonym_only and not g.seat and g.cands:
            best = max(zip(prior[gk], g.cands, strict=True), key=lambda p: p[0])[1].location
            if best.feature == "A.PCLI" and best.country:
                said.setdefault(best.country, {}).setdefault(gk[0], set()).update(g.sents)
    if not said:
        return {}
    total = sum(len(set().union(*by_word.values())) for by_word in said.values())
    out: dict[GroupKey, list[float]] = {}
    for gk, g in groups.items():
        if g.metonym_only or not g.labeled or any(_country_like(c) for c in g.cands):
            continue
        bonus = {country: _word_bonus(by_word, g, total) for country, by_word in said.items()}
        out[gk] = [bonus.get(c.location.country or "", 0.0) for c in g.cands]
    return out


def _word_bonus(by_word: Mapping[str, set[int]], g: Group, total: int) -> float:
    """One country's words' support for name `g`; the words of its attacker ('Russian troops shelled X':
    `Group.doers`, doers.py) count DOER_SHARE."""
    full = {s for key, sents in by_word.items() for s in sents if (key, s) not in g.doers}
    doer = {s for key, sents in by_word.items() for s in sents if (key, s) in g.doers} - full
    here = 1.0 if full & g.sents else DOER_SHARE if doer & g.sents else 0.0
    return WORD_SENTENCE * here + WORD_ARTICLE * (len(full) + DOER_SHARE * len(doer)) / total


def _country_like(c: Candidate) -> bool:
    """A country, first-level area or world region: a name that may mean one is not moved by country
    words ('Palestinian' beside 'U.S. officials' is not Palestine, Illinois)."""
    feature = c.location.feature or ""
    return feature in BIG_NAMES or feature.startswith("A.PCL")


def _without_far_aliases(
    groups: Mapping[GroupKey, Group], result: dict[GroupKey, Decision], prior: Priors
) -> dict[GroupKey, Decision]:
    """A choice matched only by an alternate name (not a spelling of its own name), in a country none of
    the article's other places or country words is in, FAR_ALIAS_KM or more from all of them, is none of
    its candidates: 'a bus hit a bomb near Boni' in an article about Mali is not Bonn, which also goes by
    Boni, but a place the gazetteer does not know, placed where the article is (unknown.py). Countries,
    first-level areas and world regions are left alone ('Holland')."""
    chosen = {gk: d.choice.location for gk, d in result.items() if d.choice is not None}
    if len(chosen) < 2:
        return result
    words = {  # the countries of country words ('Malian troops') that chose nothing
        max(zip(prior[gk], g.cands, strict=True), key=lambda p: p[0])[1].location.country
        for gk, g in groups.items() if g.metonym_only and g.cands and gk not in chosen
    }  # fmt: skip
    out = dict(result)
    for gk, d in result.items():
        c = d.choice
        big = c is not None and c.location.population >= FAR_ALIAS_CITY
        if c is None or c.kind != ALTERNATE or big or _country_like(c) or groups[gk].metonym_only:
            continue
        loc = c.location
        others = [o for k, o in chosen.items() if k[0] != gk[0]]
        if loc.country in words or any(o.country == loc.country for o in others):
            continue
        located = [o for o in others if o.lat is not None]
        if located and all(distance_km(loc, o) >= FAR_ALIAS_KM for o in located):
            out[gk] = Decision(None, 0.0, False, True, ())
    return out


def _without_stray_seats(
    groups: Mapping[GroupKey, Group], result: dict[GroupKey, Decision]
) -> dict[GroupKey, Decision]:
    """'X district' (or county) where the data has no second-level area of that name, only towns called X:
    a district is named after its seat, so the town stands for it (precision 'region'), but only in a
    first-level area or country the name is tied to ('Lakki Marwat district of Khyber Pakhtunkhwa
    province', 'X district, Y': the town Lakki Marwat there). A town elsewhere, or none chosen, is none of its
    candidates: the name is placed like other unknown names (context.place_unknowns: 'X County' at the
    article's area)."""
    chosen = {gk: d.choice.location for gk, d in result.items() if d.choice is not None}
    out = dict(result)
    for gk, d in result.items():
        group, c = groups[gk], d.choice
        if not _seats_only(group):
            continue
        tied = [chosen[k] for k in group.links if k in chosen]
        areas = [a for a in tied if a.feature != "A.PCLI"] or tied  # the province, where one is given
        if c is None or not any(_holds(a, c.location) for a in areas):
            out[gk] = Decision(None, 0.0, False, group.labeled, ())
    return out


def _seats_only(group: Group) -> bool:
    """'X district' with towns called X only: they neither give nor take support (`_without_stray_seats`)."""
    return group.region == "adm2" and bool(group.cands) and not any(is_admin(o) for o in group.cands)


def _holds(area: Location, loc: Location) -> bool:
    """`loc` lies in the country `area` is, or in the first-level area `area` is in."""
    same_admin = area.admin1 is not None and area.admin1 == loc.admin1
    return area.country == loc.country and (area.feature == "A.PCLI" or same_admin)


def resolve_groups(groups: Mapping[GroupKey, Group], rounds: int = 4) -> dict[GroupKey, Decision]:
    """Resolve anchors first, then everything again in their light, until nothing changes."""
    anchors: dict[GroupKey, Location] = {}
    result: dict[GroupKey, Decision] = {}
    support = area_support({gk: g for gk, g in groups.items() if not _seats_only(g)})
    lone = lone_countries(groups)
    prior = {gk: priors(g, support) for gk, g in groups.items()}
    cands = {
        gk: [c.location for c in g.cands] for gk, g in groups.items() if not g.seat and not _seats_only(g)
    }
    near = neighbour_support(cands)
    pair = pair_support({gk: c for gk, c in cands.items() if not _state_name(groups[gk])}, _together(groups))
    for gk, bonus in country_words(groups, prior).items():
        if max(pair.get(gk, ()), default=0.0) < PAIRED:  # a close same-sentence pair says more
            prior[gk] = [p + b for p, b in zip(prior[gk], bonus, strict=True)]
    for _ in range(rounds):
        contexts: dict[tuple[tuple[GroupKey, ...], ...], Context | None] = {}
        result = {
            gk: decide(group, ranked_candidates(group, anchors, prior[gk], near.get(gk, ()), pair.get(gk, ()),
                                                contexts, lone[gk]))
            for gk, group in groups.items()
        }  # fmt: skip
        result = _without_stray_seats(groups, _without_far_aliases(groups, result, prior))
        new_anchors = {
            gk: d.choice.location for gk, d in result.items()
            if d.choice is not None and d.anchor
            and not groups[gk].metonym_only
        }  # fmt: skip
        if new_anchors == anchors:
            break
        anchors = new_anchors
    return result
