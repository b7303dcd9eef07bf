"""One event, many reports: which stored event reports describe the same real event.

Two reports match when their types are compatible, their date intervals overlap, their places are the same
or within the reach of their precision, their acting sides agree, and neither is a mere intention or
hypothesis. Matches are links; events are the connected components of the links, so the result does not
depend on the order documents arrive in. A merged event keeps every report as evidence, and why it merged.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from frontwatch.geo.context import great_circle_km

Json = dict[str, Any]

FACTUAL = {"asserted", "claimed", "denied"}  # claims and denials of one change stay linked to one event
TRUST = {"asserted": 0, "claimed": 1, "denied": 2}  # a merged event speaks with its lowest-ranked report
REACH_KM = {"place": 3.0, "near": 15.0, "region": 0.0, "country": 0.0}
DEMONSTRATION = {
    "Peaceful protest",
    "Protest with intervention",
    "Excessive force against protesters",
    "Violent demonstration",
}  # outlets code one protest differently: still one protest
TERRITORY = {
    "Government regains territory",
    "Non-state actor overtakes territory",
    "Non-violent transfer of territory",
}


@dataclass(frozen=True, slots=True)
class Link:
    a: str
    b: str
    reason: str  # which features matched, e.g. "type+date+place(same id)+actor"


def _km(a: Json, b: Json) -> float:
    return great_circle_km(a["lat"], a["lon"], b["lat"], b["lon"])


def _type_match(a: Json, b: Json) -> str | None:
    if a["sub_event_type"] == b["sub_event_type"]:
        return "type"
    if a["sub_event_type"] in TERRITORY and b["sub_event_type"] in TERRITORY:
        return "type(territory)"
    if a["sub_event_type"] in DEMONSTRATION and b["sub_event_type"] in DEMONSTRATION:
        return "type(demonstration)"
    return None


@cache
def _late_in_day() -> re.Pattern[str]:
    data = json.loads(resources.files("frontwatch").joinpath("data/dedup.json").read_text(encoding="utf-8"))
    return re.compile(r"\b(?:" + "|".join(map(re.escape, data["late_in_day"])) + r")\b", re.I)


def _late(d: Json) -> bool:
    return bool(_late_in_day().search(d.get("expression") or ""))


def _day_in_night(day: Json, night: Json) -> bool:
    """Whether a report dated to one day can be a night (an interval over two days) reported elsewhere: on
    the night's first day only if its own words say evening or night ("Tuesday evening"), on the last day
    unless they say evening or night ("Tuesday's attack" is the night before; "Wednesday evening" is not)."""
    if day["start"] == night["start"]:
        return _late(day)
    return not _late(day)


def _date_match(a: Json, b: Json) -> str | None:
    da, db = a["date"], b["date"]
    if not (da["start"] <= db["end"] and db["start"] <= da["end"]):
        return None
    if _span(da) <= 1 and _span(db) <= 1 and (da["start"], da["end"]) != (db["start"], db["end"]):
        if _span(da) == _span(db):
            return None  # two different days, or two different nights
        day, night = (da, db) if _span(da) < _span(db) else (db, da)
        return "date(day+night)" if _day_in_night(day, night) else None
    return "date"


def _place_match(a: Json, b: Json) -> str | None:
    la, lb = a.get("location"), b.get("location")
    if not la or not lb:
        return None  # an unknown place cannot be told to be the same
    if "country" in (la.get("precision"), lb.get("precision")):
        return None  # "in Ukraine" is no place to tell two events apart or together
    if la.get("geonames_id") is not None and la.get("geonames_id") == lb.get("geonames_id"):
        return "place(same id)"
    if None in (la.get("lat"), la.get("lon"), lb.get("lat"), lb.get("lon")):
        return None
    reach = max(
        REACH_KM.get(la.get("precision") or "place", 0.0), REACH_KM.get(lb.get("precision") or "place", 0.0)
    )
    return f"place({_km(la, lb):.1f} km)" if reach and _km(la, lb) <= reach else None


STATE_KINDS = {"state_forces", "government", "police", "external_force"}  # sides named by their country


@cache
def _enemies() -> frozenset[tuple[str, str]]:
    """(group, country) pairs: an armed group that fights the state forces of that country (the registry's
    conflict dyads). M23 and the Congolese army share a country but not a side."""
    from frontwatch.actors import Registry  # only here: reading merged events needs no spaCy otherwise

    reg = Registry.load()
    out = set()
    for pair in reg.conflicts:
        for x, y in (pair, pair[::-1]):
            state, group = reg.by_name.get(x), reg.by_name.get(y)
            if state is None or group is None or not state.country:
                continue
            if state.kind in STATE_KINDS and group.kind not in STATE_KINDS:
                out.add((y, state.country))
    return frozenset(out)


def _side(actor: Json) -> str:
    return str(actor.get("country") or actor.get("name"))


def _opposed(x: Json, y: Json) -> bool:
    return any(
        s.get("kind") in STATE_KINDS and (g.get("name"), s.get("country")) in _enemies()
        for g, s in ((x, y), (y, x))
    )


def _actor_match(a: Json, b: Json) -> str | None:
    x, y = a.get("actor1"), b.get("actor1")
    if not x or not y:
        return "actor(one unknown)"
    if x.get("name") == y.get("name"):
        return "actor"
    return "actor(same side)" if _side(x) == _side(y) and not _opposed(x, y) else None


def match(a: Json, b: Json) -> str | None:
    """The reason two event reports are one event, or None."""
    if a["modality"] not in FACTUAL or b["modality"] not in FACTUAL:
        return None
    reasons = [_type_match(a, b), _date_match(a, b), _place_match(a, b), _actor_match(a, b)]
    return "+".join(r for r in reasons if r) if all(reasons) else None


def _located(e: Json) -> bool:
    loc = e.get("location") or {}
    return loc.get("precision") != "country" and (
        loc.get("geonames_id") is not None or loc.get("lat") is not None
    )


def _document(e: Json) -> str | None:
    return e.get("document_id") or next((ev["document_id"] for ev in e.get("evidence", ())), None)


def _same_document_links(new: Sequence[Json], blocked: set[frozenset[str]]) -> list[Link]:
    """A report with no usable place (a headline: "the city falls to the rebels") is the one located report
    of its own document that it otherwise matches, when there is exactly one; with two it stays alone."""
    out = []
    for e in new:
        if _located(e):
            continue
        fits = []
        for other in new:
            if other is e or not _located(other) or _document(other) != _document(e):
                continue
            if frozenset((e["id"], other["id"])) in blocked or other["modality"] not in FACTUAL:
                continue
            reasons = [_type_match(e, other), _date_match(e, other), _actor_match(e, other)]
            if e["modality"] in FACTUAL and all(reasons):
                fits.append((other, "+".join(r for r in reasons if r) + "+place(same document)"))
        if len(fits) == 1:
            a, b = sorted((e["id"], fits[0][0]["id"]))
            out.append(Link(a, b, fits[0][1]))
    return out


def links_for(new: Sequence[Json], candidates: Iterable[Json], blocked: set[frozenset[str]]) -> list[Link]:
    """Links between each new report and the candidates (and among the new ones), except blocked pairs.
    `new` holds whole documents' reports, so links within one document do not depend on arrival order."""
    pool = {c["id"]: c for c in candidates}
    pool.update({e["id"]: e for e in new})
    out = _same_document_links(new, blocked)
    for e in new:
        for other in pool.values():
            if other["id"] == e["id"] or frozenset((e["id"], other["id"])) in blocked:
                continue
            reason = match(e, other)
            if reason:
                a, b = sorted((e["id"], other["id"]))
                out.append(Link(a, b, reason))
    return sorted(set(out), key=lambda x: (x.a, x.b))


def components(ids: Iterable[str], links: Iterable[Link]) -> dict[str, str]:
    """Cluster id (the smallest member id) for every event id: connected components of the links."""
    parent = {i: i for i in ids}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for link in links:
        if link.a in parent and link.b in parent:
            ra, rb = find(link.a), find(link.b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    return {i: find(i) for i in parent}


def _published(e: Json) -> str:
    return max((ev.get("published") or "" for ev in e["evidence"]), default="")


def merge(
    members: Sequence[Json],
    reasons: Mapping[str, Sequence[str]] | None = None,
    originals: Mapping[str, str] | None = None,
) -> Json:
    """One event from its reports: the most trusted report's coding, the narrowest shared dating, every
    report's evidence, the latest report's casualty counts, and the merge record. `originals` maps each
    document that is a near-duplicate copy to its original (neardup.py): copies stay evidence, marked
    `copy_of`, and do not count as independent reports."""
    copy_of = originals or {}
    evidence = sorted(
        (
            {**ev, "copy_of": copy_of[ev["document_id"]]} if ev["document_id"] in copy_of else ev
            for e in members
            for ev in e["evidence"]
        ),
        key=lambda ev: (ev.get("published") or "", ev["document_id"], ev["start"]),
    )
    counts = {
        "reports": len(members),
        "independent_reports": len({copy_of.get(ev["document_id"], ev["document_id"]) for ev in evidence}),
    }
    if len(members) == 1:
        only = members[0]
        accounts = sorted({only["modality"]} - {"asserted"})
        return {
            **only,
            "evidence": evidence,
            **counts,
            "accounts": accounts,
            "merged_from": [only["id"]],
            "merge_reasons": [],
        }
    best = min(members, key=lambda e: (TRUST.get(e["modality"], len(TRUST)), -e["confidence"], e["id"]))
    start = max(e["date"]["start"] for e in members)
    end = min(e["date"]["end"] for e in members)
    dated = dict(best["date"])
    if start <= end:  # every report's interval contains it: the narrowest honest dating
        narrowest = min(members, key=lambda e: (_span(e["date"]), e["id"]))
        dated = {
            **narrowest["date"],
            "start": max(start, narrowest["date"]["start"]),
            "end": min(end, narrowest["date"]["end"]),
        }
    disputes = sorted({e["modality"] for e in members} - {"asserted"})
    return {
        **best,
        "id": min(e["id"] for e in members),
        "location": _best_location(best, members),
        "date": dated,
        "fatalities": _latest(members, "fatalities"),
        "injuries": _latest(members, "injuries"),
        "evidence": evidence,
        **counts,
        "accounts": disputes,  # e.g. ["claimed", "denied"]: the reports disagree
        "merged_from": sorted(e["id"] for e in members),
        "merge_reasons": sorted({r for e in members for r in (reasons or {}).get(e["id"], ())}),
    }


PRECISION_RANK = {"place": 0, "near": 1, "region": 2, "country": 3}


def _best_location(best: Json, members: Sequence[Json]) -> Json | None:
    """The most trusted report's place, unless it has none or only a country: then the most precise one."""

    def rank(e: Json) -> int:
        loc = e.get("location")
        return PRECISION_RANK.get((loc or {}).get("precision") or "place", 1) if loc else 9

    if rank(best) <= PRECISION_RANK["region"]:
        return best.get("location")
    return min(members, key=lambda e: (rank(e), e["id"])).get("location")


def _latest(members: Sequence[Json], key: str) -> int | None:
    """The count of the latest report that gives one: a rising toll keeps its newest figure, never a sum."""
    known = [e for e in members if e[key] is not None]
    return max(known, key=lambda e: (_published(e), e["id"]))[key] if known else None


def _span(d: Json) -> int:
    return (date.fromisoformat(d["end"]) - date.fromisoformat(d["start"])).days


def group(
    rows: Sequence[Json],
    cluster_of: Mapping[str, str],
    reasons: Mapping[str, Sequence[str]] | None = None,
    originals: Mapping[str, str] | None = None,
) -> list[Json]:
    """Merge rows by cluster, keeping the order of each cluster's first row."""
    clusters: dict[str, list[Json]] = {}
    for r in rows:
        clusters.setdefault(cluster_of.get(r["id"], r["id"]), []).append(r)
    return [merge(members, reasons, originals) for members in clusters.values()]
