"""Toponym recognition, context-aware resolution and roles.

1. Recognize: capitalized token n-grams (1-4 words) that the gazetteer knows, plus spaCy GPE/LOC/FAC
   entities; drop people, months, stop-names and sentence-initial common words (geo/filters.py).
   Country and region adjectives used as modifiers and the EU are associative toponyms (geo/associative.py).
2. Resolve: one decision per name and article. Candidates are scored by population, feature type,
   the article's countries and first-level areas and the distance to places already resolved;
   unambiguous and large places go first, homonyms follow by proximity (above all to the names of the
   same sentence, and to the state or country a name is written with: 'Lewisburg, West Virginia').
   Low scores abstain; so do ties, unless one of them is a place of 50,000 or more (taken at
   confidence 0.1).
3. Roles: a capital or country that speaks or owns an army ("Moscow contends", "Kyiv's forces") is a
   metonym, and so is every associative toponym; everything else is "mentioned" (the events stage marks
   event locations). Names the gazetteer does not know (streets, landmarks) sit at the place they are
   tied to ('X Square in Y') or at the article's town; spaCy's GPE/LOC guesses for such names are left
   out unless cued as places ('in X').
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span

from frontwatch.geo.associative import associative_spans
from frontwatch.geo.context import distance_km, neighbour_support, pair_support, place_unknowns, same_place
from frontwatch.geo.filters import (
    PLACE_LABELS,
    capitalized,
    lone_person,
    name_shape,
    part_of_longer_name,
    person,
    place_cued,
    place_verb,
    plain_name,
    rejected,
    used_as_place,
)
from frontwatch.geo.gazetteer import ADMIN_CORE, PRIMARY, TRANSLIT, Candidate, Gazetteer
from frontwatch.geo.names import Lexicon, lexicon, normalize, words
from frontwatch.geo.ngrams import ngram_spans
from frontwatch.geo.tokens import Tokens, tokens_of
from frontwatch.types import Document, Location, PlaceMention, PlaceRole

RULE = "geo.resolve.v1"
FEATURE_BONUS = {"A.PCLI": 0.9, "L.CONT": 0.9, "P.PPLC": 0.7, "A.ADM1": 0.4, "P.PPLA": 0.35,
                 "L.RGN": 0.3, "P.PPLA2": 0.2, "A.ADM2": 0.15, "P.PPLA3": 0.1, "P.PPLX": -0.2,
                 "P.PPLH": -0.3, "P.PPLQ": -0.3}  # fmt: skip
KIND_BONUS = {PRIMARY: 0.1, 1: 0.0, 2: -0.05, ADMIN_CORE: -0.1, 4: -0.25}
SUPPORT_WEIGHT, SUPPORT_CAP = 0.4, 3
BIG_NAMES, STATE_BONUS = frozenset({"A.PCLI", "L.CONT", "A.ADM1", "L.RGN"}), 0.5
TIE_POPULATION, DOMINANT_POPULATION, WORLD_REGION_PRIOR = 50_000, 100_000, 0.5
LINK_DEPS = frozenset({"prep", "advmod", "npadvmod"})  # 'X near Y', 'X (5 km) north of Y'
OWN_DEPS = frozenset({"poss", "appos", "npadvmod"})  # "Y's X", 'X, Y'
NEIGHBOUR_WEIGHT, PAIR_WEIGHT, POPULATION_WEIGHT, LINKED_AREA = 0.5, 1.0, 0.12, 1.0
MIN_LABELED, MIN_UNLABELED, MIN_MARGIN, DUPLICATE_KM, PROXIMITY_KM = 0.25, 0.5, 0.05, 2.0, 25.0
AREA_FEATURES = frozenset({"A.ADM1", "A.ADM2", "A.ADM3", "L.RGN"})  # areas with a meaningful middle
SEAT_PENALTY = 1.0  # a town standing for a district of its name that the data lacks
ALIAS_PAIR_KM = 5.0  # a small town that goes by a big one's name, this close to a same-sentence name


@dataclass(frozen=True, slots=True)
class Found:
    """A recognized toponym: name tokens [i, j), mention chars [start, end) (with a region word)."""

    i: int
    j: int
    start: int
    end: int
    text: str
    key: str
    label: str
    region: str = ""  # "adm1" | "adm2" | "town" (a newspaper's city) | ""
    near: bool = False
    metonym_cue: bool = False
    place_cue: bool = False
    links: tuple[tuple[str, str], ...] = ()  # places it is tied to ('X near Y', 'X in the Y region')
    associative: bool = False  # an adjective or body standing for the place ('Russian', 'EU')
    sent: int = 0  # the first token of its sentence


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


# --- recognition -----------------------------------------------------------------------------------


def _ent_spans(sdoc: Doc, taken: set[int]) -> list[tuple[int, int]]:
    """spaCy GPE/LOC/FAC entities (without a leading 'the') that no n-gram covered."""
    out = []
    for ent in sdoc.ents:
        i = ent.start + (ent[0].lower_ == "the")
        free = not taken & set(range(ent.start, ent.end))
        if ent.label_ in PLACE_LABELS and i < ent.end and free and capitalized(sdoc[i]):
            out.append((i, ent.end))
    return out


def _region_level(span: Span, lex: Lexicon) -> tuple[str, int]:
    """('adm1' | 'adm2' | '', end token) from a region word after the name ('the Kharkiv region',
    'the Kharkiv and Donetsk regions')."""
    nxt = span.doc[span.end] if span.end < len(span.doc) else None
    tok = span.root
    while tok.dep_ == "conj" and tok.head.i < tok.i:
        tok = tok.head
    heads = [nxt] if nxt is not None else []
    if tok.dep_ in ("compound", "nmod", "amod") and tok.head.i > span.root.i:
        heads.append(tok.head)
    for head in heads:
        word = head.lower_
        if word in lex.adm1 or word in lex.adm2:
            return ("adm1" if word in lex.adm1 else "adm2"), (span.end + 1 if head is nxt else span.end)
    return "", span.end


def _metonym_cue(span: Span, lex: Lexicon) -> bool:
    """Subject of a speech or stance verb, object of a verb that addresses a party, or possessor of a
    government noun."""
    tok = span.root
    while tok.dep_ == "conj" and tok.head.i < tok.i:
        tok = tok.head
    head = tok.head
    if tok.dep_ == "nsubj" and head.lemma_.lower() in lex.speech_verbs:
        return True
    if tok.dep_ == "dobj" and head.lemma_.lower() in words("party_object_verbs"):
        return True  # 'accused Kigali of backing the rebels'
    if tok.dep_ == "nsubj" and head.lemma_ == "be":
        return any(c.dep_ == "acomp" and c.lemma_.lower() in lex.stance for c in head.children)
    return tok.dep_ == "poss" and head.lemma_.lower() in lex.government | {
        w.rstrip("s") for w in lex.government
    }


def _found(sdoc: Doc, i: int, j: int, lex: Lexicon, tk: Tokens | None = None) -> Found:
    span, tk = sdoc[i:j], tk or tokens_of(sdoc)
    region, end_tok = _region_level(span, lex)
    before = tk.text_with_ws(tk.first[i], i).lower()  # from the sentence's first token
    after = tk.texts[end_tok].lower() if end_tok < len(tk.texts) else ""
    near = bool(lex.near_before.search(before)) or (not region and after in lex.near_after)
    prev = tk.texts[i - 1].lower() if i > 0 else ""
    labels = {t.ent_type_ for t in span} - {""}
    label = next(iter(labels & PLACE_LABELS), next(iter(labels), ""))
    end = sdoc[end_tok - 1].idx + len(sdoc[end_tok - 1].text)
    cues = (_metonym_cue(span, lex), prev in lex.place_cues)
    newspaper = after and normalize(after) in words("newspaper_words")
    if not region and newspaper and after[:1] != tk.texts[end_tok][:1]:
        region = "town"  # 'The Washington Post', 'New York Times': the city, not the state
    return Found(i, j, span.start_char, end, span.text, normalize(span.text), label, region, near, *cues,
                 sent=tk.first[i])  # fmt: skip


def recognize(sdoc: Doc, gaz: Gazetteer) -> list[Found]:
    """Toponyms of a parsed document, people and common words removed, in text order."""
    lex, tk = lexicon(), tokens_of(sdoc)
    spans = ngram_spans(tk, gaz, lex)
    taken = {t for i, j in spans for t in range(i, j)}
    spans = sorted(spans + _ent_spans(sdoc, taken))
    span = {(i, j): sdoc[i:j] for i, j in spans}
    key = {(i, j): normalize(tk.text(i, j)) for i, j in spans}
    persons = {s for s in spans if person(span[s], lex, gaz)}
    people = {key[s] for s in persons} | {
        normalize(e[-1].text) for e in sdoc.ents if name_shape(e)
    }  # a name once used for a person is a person throughout, unless tagged or known as a big place
    cued = {key[s] for s in spans if place_cued(span[s], lex)}
    lone = {s for s in spans if key[s] not in cued and lone_person(span[s], gaz)}
    sure = {t for i, j in spans if (i, j) not in lone | persons for t in range(i, j)}
    used = {key[s] for s in spans if used_as_place(span[s], lex, sure)}
    rescued = {key[s] for s in lone} & used
    verbs = rescued | {key[s] for s in spans if place_verb(span[s], lex)}  # count as cued
    kept = [
        s for s in spans
        if s not in persons and not rejected(span[s], key[s], lex, key[s] in used)
        and not (key[s] in people and plain_name(span[s], gaz))
        and not (s in lone and key[s] not in rescued)
    ]  # fmt: skip
    placed = {t for i, j in kept for t in range(i, j)}
    keep = [s for s in kept if not part_of_longer_name(span[s], lex, placed)]
    found = [_found(sdoc, i, j, lex, tk) for i, j in keep]
    found = [replace(f, place_cue=True) if f.key in verbs else f for f in found]
    found = _with_links(sdoc, _shared_cues(sdoc, found))
    covered = {t for i, j in keep for t in range(i, j)}
    extra = [_associative(sdoc, i, j, name, lex, tk) for i, j, name in associative_spans(sdoc, covered, tk)]
    return sorted(found + extra, key=lambda f: f.i)


def _shared_cues(sdoc: Doc, found: list[Found]) -> list[Found]:
    """'near Andriivka, Kurdiumivka and Ozarianivka': the place word before the first name of a list
    cues them all."""
    cued = {t for f in found if f.place_cue for t in range(f.i, f.j)}
    return [
        replace(f, place_cue=True)
        if not f.place_cue and any(t.i in cued for t in sdoc[f.i : f.j].root.conjuncts) else f
        for f in found
    ]  # fmt: skip


def _associative(sdoc: Doc, i: int, j: int, name: str, lex: Lexicon, tk: Tokens) -> Found:
    f = _found(sdoc, i, j, lex, tk)
    return replace(f, text=name, key=normalize(name), label="GPE", region="", near=False, metonym_cue=True,
                   associative=True)  # fmt: skip


def _with_links(sdoc: Doc, found: list[Found]) -> list[Found]:
    """Tie each place to the places in its prepositional phrases, directly or through an apposition
    ('Andriivka near Balakliia', 'Andriivka, a village in the Kharkiv region')."""
    at = {t: (f.key, f.region) for f in found for t in range(f.i, f.j)}
    starts = {f.i: (f.key, f.region) for f in found}
    out = []
    for f in found:
        after = sdoc[f.j] if f.j < len(sdoc) else None
        root = sdoc[f.i : f.j].root
        heads = [root, *(c for c in root.children if c.dep_ == "appos")]
        preps = [c for h in heads for c in h.children if c.dep_ in LINK_DEPS]
        # 'recaptured X near Y', 'pushed toward X north of Y': the parser often hangs the phrase on
        # the verb; take it when it follows the name
        up = {a.i for a in root.ancestors}
        preps += [t for t in sdoc[f.j : f.j + 2] if t.dep_ in LINK_DEPS and t.head.i in up]
        linked = {at[t.i] for p in preps for t in p.subtree if t.i in at}
        # 'London's Heathrow', 'Lewisburg, West Virginia': a place that owns it or stands beside it
        linked |= {at[c.i] for c in root.children if c.dep_ in OWN_DEPS and c.i in at}
        if root.dep_ == "appos" and root.head.i in at:
            linked.add(at[root.head.i])
        if after is not None and after.text == "," and f.j + 1 in starts:  # 'Bogota, Colombia'
            linked.add(starts[f.j + 1])
        linked -= {(f.key, f.region)}
        out.append(replace(f, links=tuple(sorted(linked))))
    return out


# --- resolution ------------------------------------------------------------------------------------


def collapse(cands: Sequence[Candidate]) -> list[Candidate]:
    """Merge duplicate entries of one settlement (same class within ~2 km): keep the larger / better named."""
    kept: list[Candidate] = []
    for c in sorted(
        cands, key=lambda c: (-c.location.population, -c.n_alt, c.kind, c.location.geonames_id or 0)
    ):
        same = [k for k in kept if (k.location.feature or "?")[0] == (c.location.feature or "?")[0]]
        if all(_far_apart(k.location, c.location) for k in same):
            kept.append(c)
    return kept


def _far_apart(a: Location, b: Location) -> bool:
    """At least DUPLICATE_KM apart (0.02 degrees of latitude is 2.2 km: no need to compute)."""
    if a.lat is not None and b.lat is not None and abs(a.lat - b.lat) > 0.02:
        return True
    return distance_km(a, b) >= DUPLICATE_KM


def _is_admin(c: Candidate) -> bool:
    return (c.location.feature or "").startswith("A.ADM") or c.location.feature == "L.RGN"


def _region_candidates(cands: list[Candidate], level: str) -> tuple[Candidate, ...]:
    """Admin areas for 'X region' (first-level for region/oblast, districts for raion/district); towns
    for a newspaper's name."""
    if level == "town":
        return tuple(c for c in cands if (c.location.feature or "")[:1] == "P") or tuple(cands)
    want = ("A.ADM1", "L.RGN") if level == "adm1" else ("A.ADM2", "A.ADM3")
    admin = [c for c in cands if c.location.feature in want] or [c for c in cands if _is_admin(c)]
    if level == "adm2":  # no district of that name: a same-named town could be anywhere (context.py places
        # it in the article's area); one elsewhere: the data may lack this one, named after its seat
        seats = [c for c in cands if (c.location.feature or "").startswith("P")] if admin else []
        return tuple(admin) + tuple(
            replace(c, location=replace(c.location, precision="region")) for c in seats
        )
    if admin:
        return tuple(admin)
    return tuple(replace(c, location=replace(c.location, geonames_id=None, feature=None, precision="region"))
                 for c in cands if (c.location.feature or "").startswith("P"))  # fmt: skip


def _without_admin_cores(cands: list[Candidate]) -> tuple[Candidate, ...]:
    """A bare name ('Dnipro', 'Raipur') is the town: areas matched by their name's core ('Dnipro Raion')
    and derived areas (no GeoNames id) holding a big town of that name are dropped."""
    towns = [c.location for c in cands if (c.location.feature or "")[:1] == "P"]
    return tuple(c for c in cands if not (
        towns and _is_admin(c)
        and (c.kind == ADMIN_CORE or _holds_big_town(c.location, towns))
    ))  # fmt: skip


def _without_minor_aliases(
    cands: Sequence[Candidate], beside: Sequence[Location] = ()
) -> tuple[Candidate, ...]:
    """A name that is the own name of a country, first-level area or big town ('Florida', 'Liverpool')
    is that place, not a smaller town that also goes by it ('East Liverpool', once called Liverpool) --
    unless a name of the same sentence lies next to the smaller one ('shelled Dzerzhinsk and Krymske':
    Toretsk, once Dzerzhinsk, not the Russian city; `beside`: the candidates of those names)."""
    big = [c.location.population for c in cands if c.kind == PRIMARY and _dominant(c.location)]
    if not big:
        return tuple(cands)
    floor = min(max(big), DOMINANT_POPULATION)  # 'New York' is also New York City
    return tuple(c for c in cands if c.kind == PRIMARY or c.location.population >= floor
                 or _next_to(c.location, beside))  # fmt: skip


def _next_to(loc: Location, others: Sequence[Location]) -> bool:
    return loc.lat is not None and any(
        o.lat is not None and abs(o.lat - loc.lat) < 0.1 and distance_km(o, loc) <= ALIAS_PAIR_KM
        for o in others if not same_place(o, loc)
    )  # fmt: skip


def _dominant(loc: Location) -> bool:
    return loc.feature in ("A.PCLI", "A.ADM1") or loc.population >= DOMINANT_POPULATION


def _holds_big_town(area: Location, towns: list[Location]) -> bool:
    same = [t for t in towns if (t.country, t.admin1) == (area.country, area.admin1)]
    return area.geonames_id is None and any(10 * t.population >= area.population for t in same)


def make_groups(found: Sequence[Found], gaz: Gazetteer) -> dict[GroupKey, Group]:
    lex = lexicon()
    groups: dict[GroupKey, Group] = {}
    every: dict[GroupKey, list[Candidate]] = {}  # all candidates of each name
    names_in: dict[int, set[str]] = {}  # the names of each sentence
    for f in found:
        names_in.setdefault(f.sent, set()).add(f.key)
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
        labeled = any(f.label in PLACE_LABELS or f.place_cue for f in members)
        metonym_only = bool(seat) or all(f.metonym_cue for f in members)
        sents = frozenset(f.sent for f in members)
        partners = {k for s in sents for k in names_in[s]} - {key}
        beside = [c.location for (k, _), cs in every.items() if k in partners for c in cs] if any(
            c.kind == PRIMARY and _dominant(c.location) for c in cands) else []  # fmt: skip
        cands = list(_without_minor_aliases(cands, beside))
        chosen = _region_candidates(cands, region) if region else _without_admin_cores(cands)
        links = frozenset(k for f in members for k in f.links)
        groups[(key, region)] = Group(key, region, labeled, metonym_only, bool(seat), chosen, links, sents)
    return groups


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
    local: tuple[Location, ...]  # the ones closeness counts (settlements and districts)
    linked: tuple[Location, ...]  # the ones the name is tied to


def context_of(places: Sequence[Location], linked: Sequence[Location]) -> Context:
    countries = Counter(a.country for a in places if a.country)
    admins = Counter(a.admin1 for a in places if a.admin1 is not None)
    states = frozenset(a.admin1 for a in places if a.feature == "A.ADM1" and a.admin1 is not None)
    local = tuple(a for a in places if a.precision in ("place", "near") or a.feature in ("A.ADM2", "A.ADM3"))
    return Context(countries, countries.total(), admins, admins.total(), states, local, tuple(linked))


def score(c: Candidate, group: Group, anchors: Mapping[GroupKey, Location], support: int = 0) -> float:
    """Prior (population, feature, how the name matched) plus agreement with the article's other places:
    their countries and first-level areas, closeness, and above all the places it is tied to; `support`:
    how many other names of the article could lie in the candidate's first-level area."""
    return _score(c, group, score_context(c, group, anchors), support)


def _score(c: Candidate, group: Group, ctx: Context | None, support: int) -> float:
    loc = c.location
    s = POPULATION_WEIGHT * max(0.0, math.log10(loc.population + 1) - 2) + KIND_BONUS.get(c.kind, 0.0)
    s += SUPPORT_WEIGHT * min(support, SUPPORT_CAP) / SUPPORT_CAP
    s += FEATURE_BONUS.get(loc.feature or "", 0.0) + _name_prior(c)
    if _is_admin(c) and c.kind != PRIMARY and not group.region and loc.geonames_id is not None:
        s -= 0.6  # 'Donetsk' alone is the city, not the oblast that also goes by it
    if group.metonym_only and loc.feature in ("P.PPLC", "A.PCLI"):
        s += 0.5
    seat = group.region == "adm2" and (loc.feature or "").startswith("P")
    if seat:  # 'X district' is the town X only where the article's areas put it
        s -= SEAT_PENALTY / (2 if ctx is not None and loc.admin1 in ctx.states else 1)
    if ctx is None:
        return s
    if ctx.n_countries:  # a place without a country (a sea, a world region) gets half
        s += 0.5 * (ctx.countries[loc.country] / ctx.n_countries if loc.country else 0.5)
    s += 0.4 * ctx.admins[loc.admin1] / ctx.n_admins if ctx.n_admins and loc.admin1 is not None else 0.0
    s += STATE_BONUS * (loc.admin1 in ctx.states and loc.feature != "A.ADM1")
    linked = ctx.linked
    s += 0.4 * any(a.admin1 == loc.admin1 and a.admin1 for a in linked) + 1.5 * _closeness(loc, linked)
    s += LINKED_AREA * any(_inside(loc, a) for a in linked)  # 'Lewisburg, West Virginia'
    return s + 1.5 * _near_sum(loc, ctx.local)


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


def _ranked(
    group: Group,
    anchors: Mapping[GroupKey, Location],
    support: Counter[Area],
    near: Sequence[float] = (),
    pair: Sequence[float] = (),
) -> list[tuple[float, Candidate]]:
    own = {(c.location.country, c.location.admin1) for c in group.cands if c.location.admin1}
    others = [(k, a) for k, a in anchors.items() if k[0] != group.key]
    linked = [anchors[k] for k in group.links if k in anchors]
    base = context_of([a for _, a in others], linked) if others else None
    parts = {a.geonames_id for k, a in others if a.geonames_id and f" {group.key} " in f" {k[0]} "}
    scored = []
    for c in group.cands:
        area = (c.location.country, c.location.admin1)
        ctx = score_context(c, group, anchors) if c.location.geonames_id in parts else base
        scored.append((_score(c, group, ctx, support[area] - (area in own)), c))
    if near:  # other names with a candidate close to this one
        scored = [(sc + NEIGHBOUR_WEIGHT * n, c) for (sc, c), n in zip(scored, near, strict=True)]
    if pair:  # names of the same sentence with a candidate a few kilometres from this one
        scored = [(sc + PAIR_WEIGHT * n, c) for (sc, c), n in zip(scored, pair, strict=True)]
    return sorted(scored, key=lambda p: -p[0])


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


def resolve_groups(groups: Mapping[GroupKey, Group], rounds: int = 4) -> dict[GroupKey, Decision]:
    """Resolve anchors first, then everything again in their light, until nothing changes."""
    anchors: dict[GroupKey, Location] = {}
    result: dict[GroupKey, Decision] = {}
    support = area_support(groups)
    cands = {gk: [c.location for c in g.cands] for gk, g in groups.items() if not g.seat}
    near = neighbour_support(cands)
    pair = pair_support({gk: c for gk, c in cands.items() if not _state_name(groups[gk])}, _together(groups))
    for _ in range(rounds):
        result = {
            gk: decide(group, _ranked(group, anchors, support, near.get(gk, ()), pair.get(gk, ())))
            for gk, group in groups.items()
        }
        new_anchors = {
            gk: d.choice.location for gk, d in result.items()
            if d.choice is not None and d.anchor
            and not groups[gk].metonym_only
        }  # fmt: skip
        if new_anchors == anchors:
            break
        anchors = new_anchors
    return result


# --- roles and output ------------------------------------------------------------------------------


def _location_for(f: Found, choice: Candidate) -> Location:
    loc = choice.location
    if f.near and loc.precision == "place":
        return replace(loc, precision="near")
    return loc


def find_places(doc: Document, sdoc: Doc, gazetteer: Gazetteer) -> list[PlaceMention]:
    """Place mentions of a document: recognized, resolved (or abstained: place None) and with roles."""
    groups, mentions = make_groups(found := recognize(sdoc, gazetteer), gazetteer), []
    resolved = resolve_groups(groups)
    for f in found:
        group, decision = groups[(f.key, f.region)], resolved[(f.key, f.region)]
        choice, confidence = decision.choice, decision.confidence
        if not decision.placelike:
            continue  # a gazetteer-only match that nothing supports: not a place
        if not decision.ranked and _bare_unknown(f) and not _settlement_cued(sdoc, f, lexicon()):
            continue  # a name no gazetteer knows, not written as a place: spaCy's guess alone
        capital = choice is not None and choice.location.feature in ("P.PPLC", "A.PCLI", "A.PCLD")
        metonym = group.seat or f.associative or (f.metonym_cue and capital)
        role: PlaceRole = "metonym" if metonym else "mentioned"
        mentions.append(
            PlaceMention(doc.id, doc.text[f.start : f.end], f.start, f.end,
                         _location_for(f, choice) if choice else None, role, confidence, RULE)
        )  # fmt: skip
    placed = _place_unknowns(mentions, found, resolved, gazetteer)
    return _name_only_settlements(placed, found, resolved, sdoc)


def _settlement_cued(sdoc: Doc, f: Found, lex: Lexicon) -> bool:
    """Written as a settlement: 'X, a trading town', 'the village of X'."""
    root = sdoc[f.i : f.j].root
    nouns = lex.uses["settlements"]
    if any(c.dep_ == "appos" and c.lemma_.lower() in nouns for c in root.children):
        return True
    head = root.head
    return root.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in nouns


def _name_only_settlements(
    mentions: list[PlaceMention], found: Sequence[Found], resolved: Mapping[GroupKey, Decision], sdoc: Doc
) -> list[PlaceMention]:
    """A name no gazetteer knows, written somewhere as a settlement ('X, a border town in Y', 'the town
    of X'), is that settlement, not Y: every mention of the name becomes a place of its own name in the
    country of the places it is tied to (not a country it borders: 'near the border with Uganda'); at a
    tied town's point with precision 'near' ('X, 60 km from Goma'), else at a tied first- or second-level
    area's with precision 'region', else without coordinates (never a country's middle)."""
    lex = lexicon()
    unknown = {f.key for f in found if not resolved[(f.key, f.region)].ranked and not f.region}
    towns = {f.key for f in found if f.key in unknown and _settlement_cued(sdoc, f, lex)}
    if not towns:
        return mentions
    spots: dict[str, list[Location]] = {k: [] for k in towns}
    for f in found:
        if f.key in towns:
            spots[f.key] += _ties(sdoc, f, found, resolved)
    at = {(f.start, f.end): f.key for f in found}
    out = []
    for m in mentions:
        key = at.get((m.start, m.end))
        out.append(
            m if key not in towns or m.role == "metonym" else replace(m, place=_settlement(m, spots[key]))
        )
    return out


def _ties(
    sdoc: Doc, f: Found, found: Sequence[Found], resolved: Mapping[GroupKey, Decision]
) -> list[Location]:
    """The resolved places a mention is tied to, without those it borders ('the border with Uganda')."""
    border = words("border_nouns")
    beyond = {
        (g.key, g.region) for g in found if g.sent == f.sent
        and (w := sdoc[g.i : g.j].root.head).lower_ == "with" and w.head.lemma_.lower() in border
    }  # fmt: skip
    return [d.choice.location for k in f.links if k not in beyond and (d := resolved.get(k)) and d.choice]


def _settlement(m: PlaceMention, spots: Sequence[Location]) -> Location:
    """The place a settlement-cued unknown name stands for, from the places its mentions are tied to."""
    countries = Counter(s.country for s in spots if s.country)
    country = countries.most_common(1)[0][0] if countries else None
    here = [s for s in spots if s.country == country and s.lat is not None]
    town = next((s for s in here if (s.feature or "").startswith("P")), None)
    area = next((s for s in here if s.feature in AREA_FEATURES), None)
    name = " ".join(m.text.split())
    if town is not None:
        return Location(name, None, town.lat, town.lon, country, town.admin1, town.admin2, "near", "P.PPL")
    if area is not None:  # 'a village in the Karak governorate': somewhere in it
        return Location(name, None, area.lat, area.lon, country, area.admin1, area.admin2, "region", "P.PPL")
    return Location(name, None, None, None, country, None, None, "place", "P.PPL")


def _bare_unknown(f: Found) -> bool:
    """A name without candidates that only spaCy calls a place (GPE, LOC), with no place cue ('in X',
    'near X', 'the X region'): as often a team, a firm, a product or a person ('UConn', 'IoTX') as a
    place, so it is left out. Facilities (FAC: 'Rustaveli Avenue') stay and sit in the article's town."""
    return not (f.associative or f.place_cue or f.near or f.region or f.label == "FAC")


def _place_unknowns(
    mentions: list[PlaceMention],
    found: Sequence[Found],
    resolved: Mapping[GroupKey, Decision],
    gaz: Gazetteer,
) -> list[PlaceMention]:
    """Names the gazetteer does not know at all (streets, landmarks) placed where the article is
    (context.place_unknowns); names that abstained among candidates stay unresolved."""
    unknown = {(f.start, f.end) for f in found if not resolved[(f.key, f.region)].ranked}
    placed = place_unknowns(mentions, gaz, tied_places(found, resolved))
    return [p if (m.start, m.end) in unknown else m for m, p in zip(mentions, placed, strict=True)]


def tied_places(
    found: Sequence[Found], resolved: Mapping[GroupKey, Decision]
) -> dict[tuple[int, int], Location]:
    """For each mention tied to a resolved place ('Kamenne Square in Bratislava', "London's Heathrow
    Animal Reception Center"): that place (a town before an area), where a name the gazetteer does not
    know is put."""
    out = {}
    for f in found:
        places = [d.choice.location for k in f.links if (d := resolved.get(k)) and d.choice is not None]
        if places:
            out[(f.start, f.end)] = min(places, key=lambda p: (p.feature or "")[:1] != "P")
    return out


def explain(gazetteer: Gazetteer, name: str, context: Sequence[str] = ()) -> list[tuple[Location, float]]:
    """Candidates of `name` with their scores, given other place names of the same article."""
    groups = {(normalize(n), ""): _plain_group(gazetteer, n, True) for n in context}
    target = (normalize(name), "")
    groups[target] = _plain_group(gazetteer, name, False)
    return [(c.location, round(s, 3)) for s, c in resolve_groups(groups)[target].ranked]


def _plain_group(gazetteer: Gazetteer, name: str, labeled: bool) -> Group:
    return Group(normalize(name), "", labeled, False, False, tuple(collapse(gazetteer.candidates(name))))
