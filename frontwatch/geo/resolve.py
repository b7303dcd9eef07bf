"""Places of an article: recognition, context-aware resolution and roles.

1. Recognize (geo/recognition.py): capitalized token n-grams (1-4 words) that the gazetteer knows, plus
   spaCy GPE/LOC/FAC entities; people, months, stop-names and sentence-initial common words dropped
   (geo/filters.py). Country and region adjectives used as modifiers and the EU are associative toponyms
   (geo/associative.py).
2. Group (geo/candidates.py): one decision per name and article, its GeoNames candidates with duplicates
   collapsed and the ones the name cannot mean dropped.
3. Resolve (geo/scoring.py): candidates are scored by population, feature type, the article's countries
   and first-level areas and the distance to places already resolved; unambiguous and large places go
   first, homonyms follow by proximity (above all to the names of the same sentence, and to the state or
   country a name is written with: 'Lewisburg, West Virginia'). Low scores abstain; so do ties, unless one
   of them is a place of 50,000 or more (taken at confidence 0.1).
4. Roles: a capital or country that speaks or owns an army ("Moscow contends", "Kyiv's forces") is a
   metonym, and so is every associative toponym; everything else is "mentioned" (the events stage marks
   event locations). Names the gazetteer does not know (geo/unknown.py: streets, landmarks) sit at the
   place they are tied to ('X Square in Y') or at the article's town; spaCy's GPE/LOC guesses for such
   names are left out unless cued as places ('in X').
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Doc

from frontwatch.geo.candidates import Group, GroupKey, collapse, make_groups, namesake_areas
from frontwatch.geo.doers import with_doers
from frontwatch.geo.gazetteer import Candidate, Gazetteer
from frontwatch.geo.names import lexicon, normalize
from frontwatch.geo.recognition import Found, recognize
from frontwatch.geo.scoring import Decision, decide, resolve_groups
from frontwatch.geo.unknown import bare_unknown, name_only_settlements, place_unknown_names, settlement_cued
from frontwatch.types import Document, Location, PlaceMention, PlaceRole

__all__ = [
    "RULE", "Decision", "Found", "Group", "GroupKey", "collapse", "decide", "explain", "find_places",
    "location_for", "make_groups", "recognize", "resolve_groups",
]  # fmt: skip

RULE = "geo.resolve.v1"


def location_for(f: Found, choice: Candidate) -> Location:
    loc = choice.location
    if f.near and loc.precision == "place":
        return replace(loc, precision="near")
    return loc


def find_places(doc: Document, sdoc: Doc, gazetteer: Gazetteer) -> list[PlaceMention]:
    """Place mentions of a document: recognized, resolved (or abstained: place None) and with roles."""
    found = with_doers(sdoc, recognize(sdoc, gazetteer), lexicon())
    groups, mentions = make_groups(found, gazetteer), []
    resolved = resolve_groups(groups)
    for f in found:
        group, decision = groups[(f.key, f.region)], resolved[(f.key, f.region)]
        choice, confidence = decision.choice, decision.confidence
        if not decision.placelike:
            continue  # a gazetteer-only match that nothing supports: not a place
        if not decision.ranked and bare_unknown(f) and not settlement_cued(sdoc, f, lexicon()):
            continue  # a name no gazetteer knows, not written as a place: spaCy's guess alone
        capital = choice is not None and choice.location.feature in ("P.PPLC", "A.PCLI", "A.PCLD")
        metonym = group.seat or f.associative or (f.metonym_cue and capital)
        role: PlaceRole = "metonym" if metonym else "mentioned"
        mentions.append(
            PlaceMention(doc.id, doc.text[f.start : f.end], f.start, f.end,
                         location_for(f, choice) if choice else None, role, confidence, RULE)
        )  # fmt: skip
    placed = place_unknown_names(mentions, found, resolved, gazetteer)
    return name_only_settlements(placed, found, resolved, sdoc)


def explain(gazetteer: Gazetteer, name: str, context: Sequence[str] = ()) -> list[tuple[Location, float]]:
    """Candidates of `name` with their scores, given other place names of the same article."""
    groups = {(normalize(n), ""): _plain_group(gazetteer, n, True) for n in context}
    target = (normalize(name), "")
    groups[target] = _plain_group(gazetteer, name, False)
    return [(c.location, round(s, 3)) for s, c in resolve_groups(groups)[target].ranked]


def _plain_group(gazetteer: Gazetteer, name: str, labeled: bool) -> Group:
    cands = tuple(collapse(gazetteer.candidates(name)))
    return Group(normalize(name), "", labeled, False, False, cands, namesake=namesake_areas(cands))
