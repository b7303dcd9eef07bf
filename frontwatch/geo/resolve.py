"""Toponym recognition, context-aware resolution and roles.

1. Recognize: capitalized token n-grams (1-4 words) that the gazetteer knows, plus spaCy GPE/LOC/FAC
   entities; drop people, months, stop-names and sentence-initial common words (geo/filters.py).
   Country and region adjectives used as modifiers and the EU are associative toponyms (geo/associative.py).
2. Resolve: one decision per name and article. Candidates are scored by population, feature type,
   the article's countries and first-level areas and the distance to places already resolved;
   unambiguous and large places go first, homonyms follow by proximity. Low scores abstain; so do ties,
   unless the best is a place of 50,000 or more (taken at confidence 0.1).
3. Roles: a capital or country that speaks or owns an army ("Moscow contends", "Kyiv's forces") is a
   metonym, and so is every associative toponym; everything else is "mentioned" (the events stage marks
   event locations). Names the gazetteer does not know (streets, landmarks) sit at the article's town.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span

from frontwatch.geo.associative import associative_spans
from frontwatch.geo.context import distance_km, place_unknowns
from frontwatch.geo.filters import (
    PLACE_LABELS,
    capitalized,
    name_shape,
    part_of_longer_name,
    person,
    prominent,
    rejected,
)
from frontwatch.geo.gazetteer import ADMIN_CORE, PRIMARY, Candidate, Gazetteer
from frontwatch.geo.names import Lexicon, lexicon, normalize
from frontwatch.types import Document, Location, PlaceMention, PlaceRole

RULE = "geo.resolve.v1"
CONNECTORS = frozenset(
    {"-", "of", "on", "de", "del", "la", "le", "el", "al", "upon", "and", "the", "da", "am", "sur"}
)
FEATURE_BONUS = {"A.PCLI": 0.9, "L.CONT": 0.9, "P.PPLC": 0.7, "A.ADM1": 0.4, "P.PPLA": 0.35,
                 "L.RGN": 0.3, "P.PPLA2": 0.2, "A.ADM2": 0.15, "P.PPLA3": 0.1, "P.PPLX": -0.2,
                 "P.PPLH": -0.3, "P.PPLQ": -0.3}  # fmt: skip
KIND_BONUS = {PRIMARY: 0.1, 1: 0.0, 2: -0.05, ADMIN_CORE: -0.1, 4: -0.25}
SUPPORT_WEIGHT, SUPPORT_CAP = 0.4, 3
BIG_NAMES, STATE_BONUS = frozenset({"A.PCLI", "L.CONT", "A.ADM1", "L.RGN"}), 0.5
TIE_POPULATION = 50_000
MIN_LABELED, MIN_UNLABELED, MIN_MARGIN, DUPLICATE_KM, PROXIMITY_KM = 0.25, 0.5, 0.05, 2.0, 25.0


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
    region: str = ""  # "adm1" | "adm2" | ""
    near: bool = False
    metonym_cue: bool = False
    place_cue: bool = False
    links: tuple[tuple[str, str], ...] = ()  # places it is tied to ('X near Y', 'X in the Y region')
    associative: bool = False  # an adjective or body standing for the place ('Russian', 'EU')


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


# --- recognition -----------------------------------------------------------------------------------


def _match_at(sdoc: Doc, i: int, end: int, gaz: Gazetteer, lex: Lexicon) -> tuple[int, str] | None:
    """Longest gazetteer (or seat) name starting at token i: (end token, text)."""
    if not capitalized(sdoc[i]):
        return None
    ends: list[int] = []
    n_words, j = 0, i
    while j < end and n_words < 4:
        tok = sdoc[j]
        if capitalized(tok):
            n_words += 1
            ends.append(j + 1)
        elif tok.lower_ not in CONNECTORS or (tok.text == "-" and bool(tok.whitespace_)):
            break
        j += 1
    for stop in reversed(ends):
        text = sdoc[i:stop].text
        key = normalize(text)
        if key in lex.seats or (len(ends) > 1 and key in lex.stop_names) or gaz.candidates(text, limit=1):
            return stop, text
    return None


def _ngram_spans(sdoc: Doc, gaz: Gazetteer, lex: Lexicon) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for sent in sdoc.sents:
        i = sent.start
        while i < sent.end:
            hit = _match_at(sdoc, i, sent.end, gaz, lex)
            if hit:
                spans.append((i, hit[0]))
            i = hit[0] if hit else i + 1
    return spans


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
    """Subject of a speech or stance verb, or possessor of a government noun."""
    tok = span.root
    while tok.dep_ == "conj" and tok.head.i < tok.i:
        tok = tok.head
    head = tok.head
    if tok.dep_ == "nsubj" and head.lemma_.lower() in lex.speech_verbs:
        return True
    if tok.dep_ == "nsubj" and head.lemma_ == "be":
        return any(c.dep_ == "acomp" and c.lemma_.lower() in lex.stance for c in head.children)
    return tok.dep_ == "poss" and head.lemma_.lower() in lex.government | {
        w.rstrip("s") for w in lex.government
    }


def _found(sdoc: Doc, i: int, j: int, lex: Lexicon) -> Found:
    span = sdoc[i:j]
    region, end_tok = _region_level(span, lex)
    k = i  # the sentence's first token (`span.sent` and `sdoc.text` each rebuild the whole document)
    while k > 0 and not sdoc[k].is_sent_start:
        k -= 1
    before = sdoc[k:i].text_with_ws.lower()
    after = sdoc[end_tok].lower_ if end_tok < len(sdoc) else ""
    near = bool(lex.near_before.search(before)) or (not region and after in lex.near_after)
    prev = sdoc[i - 1].lower_ if i > 0 else ""
    labels = {t.ent_type_ for t in span} - {""}
    label = next(iter(labels & PLACE_LABELS), next(iter(labels), ""))
    end = sdoc[end_tok - 1].idx + len(sdoc[end_tok - 1].text)
    cues = (_metonym_cue(span, lex), prev in lex.place_cues)
    return Found(i, j, span.start_char, end, span.text, normalize(span.text), label, region, near, *cues)


def recognize(sdoc: Doc, gaz: Gazetteer) -> list[Found]:
    """Toponyms of a parsed document, people and common words removed, in text order."""
    lex = lexicon()
    spans = _ngram_spans(sdoc, gaz, lex)
    taken = {t for i, j in spans for t in range(i, j)}
    spans = sorted(spans + _ent_spans(sdoc, taken))
    persons = {(i, j) for i, j in spans if person(sdoc[i:j], lex, gaz)}
    people = {normalize(sdoc[i:j].text) for i, j in persons} | {
        normalize(e[-1].text) for e in sdoc.ents if name_shape(e)
    }  # a name once used for a person is a person throughout, unless tagged or known as a big place
    cued = {normalize(sdoc[i:j].text) for i, j in spans if _cued(sdoc[i:j], lex)}
    kept = [
        (i, j) for i, j in spans
        if (i, j) not in persons and not rejected(sdoc[i:j], normalize(sdoc[i:j].text), lex)
        and not (normalize(sdoc[i:j].text) in people and _plain_name(sdoc[i:j], gaz))
        and not (normalize(sdoc[i:j].text) not in cued and _lone_person(sdoc[i:j], gaz))
    ]  # fmt: skip
    placed = {t for i, j in kept for t in range(i, j)}
    keep = [(i, j) for i, j in kept if not part_of_longer_name(sdoc[i:j], lex, placed)]
    found = _with_links(sdoc, [_found(sdoc, i, j, lex) for i, j in keep])
    covered = {t for i, j in keep for t in range(i, j)}
    extra = [_associative(sdoc, i, j, name, lex) for i, j, name in associative_spans(sdoc, covered)]
    return sorted(found + extra, key=lambda f: f.i)


def _associative(sdoc: Doc, i: int, j: int, name: str, lex: Lexicon) -> Found:
    f = _found(sdoc, i, j, lex)
    return replace(f, text=name, key=normalize(name), label="GPE", region="", near=False, metonym_cue=True,
                   associative=True)  # fmt: skip


def _cued(span: Span, lex: Lexicon) -> bool:
    """Tagged as a place by spaCy or after a place word ('in (the) X')."""
    k = span.start - 1 - (span.start > 0 and span.doc[span.start - 1].lower_ == "the")
    return span[0].ent_type_ in PLACE_LABELS or (k >= 0 and span.doc[k].lower_ in lex.place_cues)


def _lone_person(span: Span, gaz: Gazetteer) -> bool:
    """A lone word spaCy calls a person ('Allen said') that is no big place (unless cued elsewhere)."""
    return len(span) == 1 and span[0].ent_type_ == "PERSON" and not prominent(span.text, gaz)


def _plain_name(span: Span, gaz: Gazetteer) -> bool:
    return span[0].ent_type_ not in PLACE_LABELS and not prominent(span.text, gaz)


def _with_links(sdoc: Doc, found: list[Found]) -> list[Found]:
    """Tie each place to the places in its prepositional phrases, directly or through an apposition
    ('Andriivka near Balakliia', 'Andriivka, a village in the Kharkiv region')."""
    at = {t: (f.key, f.region) for f in found for t in range(f.i, f.j)}
    out = []
    for f in found:
        root = sdoc[f.i : f.j].root
        heads = [root, *(c for c in root.children if c.dep_ == "appos")]
        preps = [c for h in heads for c in h.children if c.dep_ == "prep"]
        # 'recaptured X near Y': the parser often hangs the phrase on the verb; take it when adjacent
        preps += [c for c in root.head.children if c.dep_ == "prep" and c.i in (f.j, f.j + 1)]
        linked = {at[t.i] for p in preps for t in p.subtree if t.i in at} - {(f.key, f.region)}
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
        if all(distance_km(k.location, c.location) >= DUPLICATE_KM for k in same):
            kept.append(c)
    return kept


def _is_admin(c: Candidate) -> bool:
    return (c.location.feature or "").startswith("A.ADM") or c.location.feature == "L.RGN"


def _region_candidates(cands: list[Candidate], level: str) -> tuple[Candidate, ...]:
    """Admin areas for 'X region' (first-level for region/oblast, districts for raion/district)."""
    want = ("A.ADM1", "L.RGN") if level == "adm1" else ("A.ADM2", "A.ADM3")
    admin = [c for c in cands if c.location.feature in want] or [c for c in cands if _is_admin(c)]
    if admin or level == "adm2":
        return tuple(admin)  # no district of that name: a same-named town could be anywhere
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


def _holds_big_town(area: Location, towns: list[Location]) -> bool:
    same = [t for t in towns if (t.country, t.admin1) == (area.country, area.admin1)]
    return area.geonames_id is None and any(10 * t.population >= area.population for t in same)


def make_groups(found: Sequence[Found], gaz: Gazetteer) -> dict[GroupKey, Group]:
    lex = lexicon()
    groups: dict[GroupKey, Group] = {}
    for key, region in dict.fromkeys((f.key, f.region) for f in found):
        members = [f for f in found if f.key == key and f.region == region]
        seat = lex.seats.get(key)
        if seat:
            same = [c for c in gaz.candidates(seat[0]) if c.location.country == seat[1]]
            cands = sorted(same, key=lambda c: c.location.feature != "P.PPLC")[:1]
        else:
            cands = collapse(gaz.candidates(members[0].text))
        labeled = any(f.label in PLACE_LABELS or f.place_cue for f in members)
        metonym_only = bool(seat) or all(f.metonym_cue for f in members)
        chosen = _region_candidates(cands, region) if region else _without_admin_cores(cands)
        links = frozenset(k for f in members for k in f.links)
        groups[(key, region)] = Group(key, region, labeled, metonym_only, bool(seat), chosen, links)
    return groups


def _closeness(loc: Location, anchors: Sequence[Location]) -> float:
    near = [a for a in anchors if a.precision in ("place", "near") or a.feature in ("A.ADM2", "A.ADM3")]
    return min(1.0, sum(math.exp(-distance_km(a, loc) / PROXIMITY_KM) for a in near))


def score(c: Candidate, group: Group, anchors: Mapping[GroupKey, Location], support: int = 0) -> float:
    """Prior (population, feature, how the name matched) plus agreement with the article's other places:
    their countries and first-level areas, closeness, and above all the places it is tied to; `support`:
    how many other names of the article could lie in the candidate's first-level area."""
    loc = c.location
    s = 0.12 * max(0.0, math.log10(loc.population + 1) - 2) + KIND_BONUS.get(c.kind, 0.0)
    s += SUPPORT_WEIGHT * min(support, SUPPORT_CAP) / SUPPORT_CAP
    s += FEATURE_BONUS.get(loc.feature or "", 0.0) + _name_prior(c)
    if _is_admin(c) and c.kind != PRIMARY and not group.region and loc.geonames_id is not None:
        s -= 0.6  # 'Donetsk' alone is the city, not the oblast that also goes by it
    if group.metonym_only and loc.feature in ("P.PPLC", "A.PCLI"):
        s += 0.5
    context = [a for k, a in anchors.items() if k[0] != group.key and not _part_of(group.key, k[0], a, loc)]
    if not context:
        return s
    countries = [a.country for a in context if a.country]
    admins = [a.admin1 for a in context if a.admin1 is not None]
    if countries:  # a place without a country (a sea, a world region) gets half
        s += 0.5 * (sum(c == loc.country for c in countries) / len(countries) if loc.country else 0.5)
    s += 0.4 * admins.count(loc.admin1) / len(admins) if admins and loc.admin1 is not None else 0.0
    states = {a.admin1 for a in context if a.feature == "A.ADM1"} - {None}
    s += STATE_BONUS * (loc.admin1 in states and loc.feature != "A.ADM1")
    linked = [anchors[k] for k in group.links if k in anchors]
    s += 0.4 * any(a.admin1 == loc.admin1 and a.admin1 for a in linked) + 1.5 * _closeness(loc, linked)
    return s + 1.5 * _closeness(loc, context)


def _part_of(key: str, other: str, anchor: Location, loc: Location) -> bool:
    """'Mexico City' chose this place and contains 'Mexico': that is no evidence that 'Mexico' is it."""
    return bool(loc.geonames_id) and anchor.geonames_id == loc.geonames_id and f" {key} " in f" {other} "


def _name_prior(c: Candidate) -> float:
    """Big names by their own name win ('Georgia', 'Europe'); tiny places known only by an alternate
    name lose ('Africa' as an old name of a small town)."""
    feature = c.location.feature or ""
    if feature in BIG_NAMES and (c.kind == PRIMARY or c.location.geonames_id is None):  # or curated
        return 0.15 if feature == "A.ADM1" else 0.3
    return -0.3 if c.kind != PRIMARY and feature.startswith("P") and c.location.population < 1000 else 0.0


Area = tuple[str | None, str | None]  # (country, first-level area)


def _ranked(
    group: Group, anchors: Mapping[GroupKey, Location], support: Counter[Area]
) -> list[tuple[float, Candidate]]:
    own = {(c.location.country, c.location.admin1) for c in group.cands if c.location.admin1}
    pairs = [(c, (c.location.country, c.location.admin1)) for c in group.cands]
    scored = [(score(c, group, anchors, support[a] - (a in own)), c) for c, a in pairs]
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
    if tied and placelike and top.location.population >= TIE_POPULATION:
        return Decision(top, 0.1, False, True, tuple(ranked))  # a big place: the better guess, unsure
    if tied or not placelike:
        return Decision(None, 0.0, False, placelike, tuple(ranked))
    confidence = round(1 / (1 + math.exp(-3 * (best - 0.5))) * min(1.0, 0.5 + margin), 3)
    anchor = (best >= 0.5 and margin >= 0.3) or (len(ranked) == 1 and group.labeled)
    return Decision(top, confidence, anchor, True, tuple(ranked))


def resolve_groups(groups: Mapping[GroupKey, Group], rounds: int = 4) -> dict[GroupKey, Decision]:
    """Resolve anchors first, then everything again in their light, until nothing changes."""
    anchors: dict[GroupKey, Location] = {}
    result: dict[GroupKey, Decision] = {}
    support = area_support(groups)
    for _ in range(rounds):
        result = {gk: decide(group, _ranked(group, anchors, support)) for gk, group in groups.items()}
        new_anchors = {
            gk: d.choice.location for gk, d in result.items()
            if d.choice is not None and d.anchor and not groups[gk].metonym_only
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
        capital = choice is not None and choice.location.feature in ("P.PPLC", "A.PCLI", "A.PCLD")
        metonym = group.seat or f.associative or (f.metonym_cue and capital)
        role: PlaceRole = "metonym" if metonym else "mentioned"
        mentions.append(
            PlaceMention(doc.id, doc.text[f.start : f.end], f.start, f.end,
                         _location_for(f, choice) if choice else None, role, confidence, RULE)
        )  # fmt: skip
    return _place_unknowns(mentions, found, resolved, gazetteer)


def _place_unknowns(
    mentions: list[PlaceMention],
    found: Sequence[Found],
    resolved: Mapping[GroupKey, Decision],
    gaz: Gazetteer,
) -> list[PlaceMention]:
    """Names the gazetteer does not know at all (streets, landmarks) placed where the article is
    (context.place_unknowns); names that abstained among candidates stay unresolved."""
    unknown = {(f.start, f.end) for f in found if not resolved[(f.key, f.region)].ranked}
    placed = place_unknowns(mentions, gaz)
    return [p if (m.start, m.end) in unknown else m for m, p in zip(mentions, placed, strict=True)]


def explain(gazetteer: Gazetteer, name: str, context: Sequence[str] = ()) -> list[tuple[Location, float]]:
    """Candidates of `name` with their scores, given other place names of the same article."""
    groups = {(normalize(n), ""): _plain_group(gazetteer, n, True) for n in context}
    target = (normalize(name), "")
    groups[target] = _plain_group(gazetteer, name, False)
    return [(c.location, round(s, 3)) for s, c in resolve_groups(groups)[target].ranked]


def _plain_group(gazetteer: Gazetteer, name: str, labeled: bool) -> Group:
    return Group(normalize(name), "", labeled, False, False, tuple(collapse(gazetteer.candidates(name))))
