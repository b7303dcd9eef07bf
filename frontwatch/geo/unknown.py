"""Names the gazetteer does not know: a name written as a settlement ('X, a border town in Y', 'the
village of X') becomes a place of its own name beside the places it is tied to; streets and landmarks sit
at the place they are tied to ('X Square in Y') or at the article's town (context.place_unknowns); spaCy's
GPE/LOC guesses for such names are left out unless cued as places ('in X').
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import replace

from spacy.tokens import Doc

from frontwatch.geo.candidates import GroupKey
from frontwatch.geo.context import place_unknowns
from frontwatch.geo.gazetteer import Gazetteer
from frontwatch.geo.names import Lexicon, lexicon, words
from frontwatch.geo.recognition import Found
from frontwatch.geo.scoring import Decision
from frontwatch.types import Location, PlaceMention

AREA_FEATURES = frozenset({"A.ADM1", "A.ADM2", "A.ADM3", "L.RGN"})  # areas with a meaningful middle


def settlement_cued(sdoc: Doc, f: Found, lex: Lexicon) -> bool:
    """Written as a settlement: 'X, a trading town', 'the village of X'."""
    root = sdoc[f.i : f.j].root
    nouns = lex.uses["settlements"]
    if any(c.dep_ == "appos" and c.lemma_.lower() in nouns for c in root.children):
        return True
    head = root.head
    return root.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in nouns


def name_only_settlements(
    mentions: list[PlaceMention], found: Sequence[Found], resolved: Mapping[GroupKey, Decision], sdoc: Doc
) -> list[PlaceMention]:
    """A name no gazetteer knows, written somewhere as a settlement ('X, a border town in Y', 'the town
    of X'), is that settlement, not Y: every mention of the name becomes a place of its own name in the
    country of the places it is tied to (not a country it borders: 'near the border with Uganda'); at a
    tied town's point with precision 'near' ('X, 60 km from Goma'), else at a tied first- or second-level
    area's with precision 'region', else without coordinates (never a country's middle)."""
    lex = lexicon()
    unknown = {f.key for f in found if not resolved[(f.key, f.region)].ranked and not f.region}
    towns = {f.key for f in found if f.key in unknown and settlement_cued(sdoc, f, lex)}
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


def bare_unknown(f: Found) -> bool:
    """A name without candidates that only spaCy calls a place (GPE, LOC), with no place cue ('in X',
    'near X', 'the X region'): as often a team, a firm, a product or a person ('UConn', 'IoTX') as a
    place, so it is left out. Facilities (FAC: 'Rustaveli Avenue') stay and sit in the article's town."""
    return not (f.associative or f.place_cue or f.near or f.region or f.label == "FAC")


def place_unknown_names(
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
