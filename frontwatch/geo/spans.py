"""Resolution of given place spans (from a corpus, an annotator or another tagger).

The spans are taken as places: demonyms ('Russian') resolve to their country or region, press
abbreviations ('W.Va.') to their state, continents and world regions to their point; everything
then goes through the same grouping, context scoring and rounds as `find_places`. A span whose name
has candidates is never left unresolved (a tie takes the better-scored one, at low confidence).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Doc

from frontwatch.geo.abbreviations import abbreviation_table
from frontwatch.geo.associative import name_aliases, state_abbreviations
from frontwatch.geo.candidates import Group, collapse, dominant, make_groups, region_candidates
from frontwatch.geo.context import place_unknowns
from frontwatch.geo.gazetteer import PRIMARY, Candidate, Gazetteer
from frontwatch.geo.names import lexicon, normalize, words
from frontwatch.geo.recognition import Found, make_found, with_links
from frontwatch.geo.resolve import RULE, location_for
from frontwatch.geo.scoring import Decision, resolve_groups
from frontwatch.geo.tokens import Tokens, tokens_of
from frontwatch.geo.unknown import tied_places
from frontwatch.types import Document, PlaceMention, PlaceRole

CAPITALS = frozenset({"P.PPLC", "A.PCLI", "A.PCLD"})


def _strip(text: str) -> str:
    """Drop a leading 'the' and a possessive: "the Ukraine's" → 'Ukraine'."""
    if text.lower().startswith("the "):
        text = text[4:]
    for tail in ("'s", "’s"):
        if text.endswith(tail):
            text = text[: -len(tail)]
    return text.strip()


def _span_found(sdoc: Doc, text: str, start: int, end: int, gazetteer: Gazetteer, tk: Tokens) -> Found | None:
    """A Found for characters [start, end) whose name is the one to look up (alias resolved)."""
    span = sdoc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    f = make_found(sdoc, span.start, span.end, lexicon(), tk)
    name = _strip(text[start:end])
    state = state_abbreviations().get(normalize(name)) if "." in name else None
    state = state or abbreviation_table().get(name, ("", False))[0]  # 'Ont.', 'FATA'
    if state:  # 'Ga.' is the state of Georgia, not the country; 'Ont.' is Ontario
        return replace(f, start=start, end=end, text=state, key=normalize(state), label="GPE", region="adm1")
    alias = name_aliases().get(normalize(name))
    if alias and not _direct_place(name, gazetteer):
        name = alias
        f = replace(f, region="")  # 'Russian state TV' is Russia, not a region called Russia
    elif not alias and not gazetteer.candidates(name, limit=1):
        area = _suffixed_area(name, gazetteer)
        if area:  # 'Sokoto State': the first-level area Sokoto, not the article's town
            key = normalize(area)
            return replace(f, start=start, end=end, text=area, key=key, label="GPE", region="adm1")
        # 'South Venezuela': Venezuela; 'Russian Foreign Ministry': Moscow; 'Colorado State University'
        inside = _compass_country(name, gazetteer) or _seat(name, gazetteer) or _embedded(name, gazetteer)
        name = inside or name
    kept = f.region == "street" or region_candidates(collapse(gazetteer.candidates(name)), f.region)
    region = f.region if kept else ""
    return replace(f, start=start, end=end, text=name, key=normalize(name), label="GPE", region=region)


def _suffixed_area(name: str, gazetteer: Gazetteer) -> str | None:
    """'Sokoto State', 'Sindh Province' (last word of geo.json `state_suffix_words`): the name before it,
    where that is the own name of a first-level area."""
    *rest, last = name.split() or [""]
    if not rest or normalize(last) not in words("state_suffix_words"):
        return None
    area = " ".join(rest)
    hit = any(c.kind == PRIMARY and c.location.feature == "A.ADM1" for c in gazetteer.candidates(area))
    return area if hit else None


def _country_named(name: str, gazetteer: Gazetteer) -> str | None:
    """The country a name or demonym stands for ('US', 'Russian'), else None."""
    name = name_aliases().get(normalize(name)) or name
    return name if any(c.location.feature == "A.PCLI" for c in gazetteer.candidates(name, limit=5)) else None


def _compass_country(name: str, gazetteer: Gazetteer) -> str | None:
    """'South Venezuela', 'the Western US' (first word of geo.json `compass_words`): the country."""
    first, *rest = name.split() or [""]
    if not rest or normalize(first) not in words("compass_words"):
        return None
    return _country_named(" ".join(rest), gazetteer)


def _seat(name: str, gazetteer: Gazetteer) -> str | None:
    """A country's central government body ('Russian Foreign Ministry', 'Iranian Parliament'; words of
    geo.json `seat_words`): the country's capital."""
    if not words("seat_words") & {normalize(p) for p in name.replace("-", " ").split()}:
        return None
    inside = _embedded(name, gazetteer)
    country = _country_named(inside, gazetteer) if inside else None
    place = next((c.location for c in gazetteer.candidates(country, limit=5)
                  if c.location.feature == "A.PCLI"), None) if country else None  # fmt: skip
    capital = gazetteer.capital(place.country) if place is not None and place.country else None
    return capital.name if capital is not None else None


def _embedded(name: str, gazetteer: Gazetteer) -> str | None:
    """The place inside an institution's name the gazetteer does not know ('Bank of England',
    'British Embassy Tokyo', 'Iowa House'; words of geo.json `institution_words`): the longest, then
    last, run of words that is a demonym or the own name of a country, a first-level area or a town
    of 100,000 or more (a small place's name inside an institution's is as likely a person's)."""
    parts = name.replace("-", " ").split()
    if not words("institution_words") & {normalize(p) for p in parts}:
        return None
    runs = [
        " ".join(parts[i : i + n])
        for n in range(len(parts) - 1, 0, -1)
        for i in range(len(parts) - n, -1, -1)
    ]
    for run in runs:
        if not run[:1].isupper() or normalize(run) in lexicon().stop_names:
            continue
        alias = name_aliases().get(normalize(run))
        if alias or any(dominant(c.location) and c.kind == PRIMARY for c in gazetteer.candidates(run)):
            return alias or run
    return None


def _direct_place(name: str, gazetteer: Gazetteer) -> bool:
    """The name itself is a country, region or big place ('Georgia'), not only an adjective."""
    best = gazetteer.candidates(name, limit=1)
    return bool(best) and best[0].kind == 0 and best[0].location.population >= 100_000


def _choice(decision: Decision) -> tuple[Candidate | None, float]:
    if decision.choice is not None:
        return decision.choice, decision.confidence
    if decision.ranked:
        return decision.ranked[0][1], 0.1
    return None, 0.0


def resolve_spans(
    doc: Document, sdoc: Doc, spans: Sequence[tuple[int, int]], gazetteer: Gazetteer
) -> list[PlaceMention]:
    """Place mentions for given character spans of `doc.text`, in the order given (place None: no
    candidate at all), resolved with the same context features as `find_places`."""
    tk = tokens_of(sdoc)
    found = {(s, e): _span_found(sdoc, doc.text, s, e, gazetteer, tk) for s, e in spans}
    kept = with_links(sdoc, [f for f in found.values() if f is not None])
    found = {(f.start, f.end): f for f in kept} | {k: None for k, f in found.items() if f is None}
    groups = {k: replace(g, labeled=True) for k, g in make_groups(kept, gazetteer).items()}
    resolved = resolve_groups(groups)
    out: list[PlaceMention] = []
    for s, e in spans:
        f = found[(s, e)]
        if f is None:
            out.append(PlaceMention(doc.id, doc.text[s:e], s, e, None, "mentioned", 0.0, RULE))
            continue
        out.append(_mention(doc, f, groups[(f.key, f.region)], resolved[(f.key, f.region)]))
    return place_unknowns(out, gazetteer, tied_places(kept, resolved))


def _mention(doc: Document, f: Found, group: Group, decision: Decision) -> PlaceMention:
    choice, confidence = _choice(decision)
    place = location_for(f, choice) if choice is not None else None
    capital = place is not None and place.feature in CAPITALS
    role: PlaceRole = "metonym" if group.seat or (f.metonym_cue and capital) else "mentioned"
    return PlaceMention(doc.id, doc.text[f.start : f.end], f.start, f.end, place, role, confidence, RULE)
