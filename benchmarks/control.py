"""Benchmark `control`: control timelines derived from Wikipedia "Control of cities" rows vs DeepState.

Test-only measure (there is no dev part): never tune frontwatch on it.

Documents: each row of wikipedia-control-of-cities/<LATEST> whose "More information" states a capture (a
sentence with captured / recaptured / capture / liberated / retaken) is one Document, published on the row's
`update` date (2024-08-17 in the latest table), body by this template:
    "<Name> is a settlement in <Oblast> Oblast, Ukraine. " + the row's sentences,
where a sentence opening with a participle ("Captured by Russia on ...", "Mostly recaptured by ...") gets
"<Name> was " in front (first letter lowered), "Capture by X ..." becomes "The capture of <Name> by X ...",
others stay as they are. Clean-up is mechanical: the scraped "See Battle of X" link prefix glued to the first
sentence is cut, spaces collapsed, a sentence glued to a full stop or a digit split off, Cyrillic
look-alikes in Latin words made Latin.
<Oblast>: GeoNames admin1 of the gazetteer place of that name nearest the row's point (none beyond 25 km).
Full mode adds every other distinct capture text in monthly_snapshots/ (2022-03 .. 2024-08), published on its
own `update` date, so a timeline pools several reports as the store does; --quick: the latest table only.

Outside record: deepstate-derived/area_settlements.csv + area_changes.csv (silver, UA / RU / CONTESTED,
2022-04-03 .. 2025-08-03). A row matches the DeepState settlement of the same normalized name (case,
apostrophes, hyphens, a bracketed raion ignored) nearest to its point, within 10 km.

Ours: the Pipeline's Extraction.control changes of the documents matched to a settlement, pooled. A change
counts when its place has the settlement's GeoNames id, else (fallback, counted apart) when it has the same
normalized name and admin1; any other place counts as "elsewhere". Sides: country RU or an actor named after
Russia / DPR / LPR / Wagner -> RU; country UA -> UA; else no side.

(a) Controller agreement at checkpoints (each DeepState change date and each 1st of a month, from the first
snapshot to the latest publication date of the settlement's documents): the side of
`control.state_at(...)["controller"]` vs DeepState's status that day; counted where we name a controller and
DeepState says UA or RU. (b) Date difference: for each distinct (side, interval) of our asserted or claimed
changes dated on or after the first snapshot, days from its midpoint to the nearest DeepState change to that
side, spanning [last snapshot with the old status, first with the new] (inside = 0). (c) Coverage: settlements
with a change of ours; capture statements vs our changes; DeepState changes to UA/RU up to publication that a
change of ours dates within 7 days; all capture rows with a change within 10 km of the row's point.
Issue-5 targets: agreement >= 95 %, median date difference <= 7 days.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from tqdm import tqdm

from benchmarks.common import ROOT, data_dir, floors, gate
from frontwatch.geo.context import great_circle_km
from frontwatch.types import Actor, ControlChange, Document, Extraction, Location

NAME, FOLDER = "control", "control"
WIKI, DEEP = "wikipedia-control-of-cities", "deepstate-derived"
LATEST = "Cities_and_towns_during_the_Russo-Ukrainian_War_latest.csv"
TARGETS = {"agreement": 95.0, "date_diff_median": 7.0}
MATCH_KM, OBLAST_KM, NEAR_KM, RECALL_DAYS = 10.0, 25.0, 10.0, 7
CAPTURE = re.compile(r"\b(?:re)?captur(?:ed?|ing)\b|\bliberat|\bretaken\b", re.IGNORECASE)
PARTICIPLE = re.compile(r"^(?:(?:partially|mostly|fully|reportedly|briefly)\s+)?[a-z]+ed\b", re.IGNORECASE)
NOUN_CAPTURE = re.compile(r"^(Capture|Recapture)\s+by\b")
GLUED = re.compile(r"(?<=[a-z0-9])\.(?=[A-Z])|(?<=\d)(?=[A-Z][a-z])")  # "2022.Recaptured", "2022Recaptured"
SEE_PREFIX = re.compile(r"^See\s(?:.*?[a-z0-9)](?=[A-ZС][a-z])|.*$)")  # a link list glued to the text
RU_NAMES = re.compile(r"russia|donetsk|luhansk|\b(?:dpr|lpr|dnr|lnr)\b|wagner", re.IGNORECASE)
HOMOGLYPHS = str.maketrans("АВСЕНКМОРТХаесорух", "ABCEHKMOPTXaecopyx")
FIRM = ("asserted", "claimed")
Pooled = tuple[list[ControlChange], date]  # a settlement's changes of ours, and its latest publication date
COUNTS = (
    "settlements", "statements", "rows", "fallback_matches", "changes_elsewhere", "changes_without_side",
    "before_record", "not_in_record", "ds_contested_checks", "ours_missing_checks",
)  # fmt: skip


@dataclass(frozen=True)
class Row:
    name: str
    text: str
    published: date
    lat: float | None
    lon: float | None
    origin: str = "latest"  # file stem


@dataclass(frozen=True)
class Settlement:
    geonameid: int
    name: str
    lat: float
    lon: float
    first_status: str
    first_seen: date
    last_seen: date


@dataclass(frozen=True)
class DsChange:
    geonameid: int
    prev: str
    new: str
    last_prev: date
    first_new: date


def _float(s: str | None) -> float | None:
    try:
        return float(s or "")
    except ValueError:
        return None


def parse_update(value: str) -> date | None:
    """'17 August 2024 00h53 UTC' -> 2024-08-17."""
    m = re.search(r"(\d{1,2}) ([A-Z][a-z]+) (\d{4})", value)
    return datetime.strptime(" ".join(m.groups()), "%d %B %Y").date() if m else None


def read_rows(path: Path) -> list[Row]:
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return [
        Row(r["Name"].strip(), r.get("More information", ""), day,
            _float(r.get("Lat") or r.get("lat")), _float(r.get("Lon") or r.get("lng")), path.stem)
        for r in rows
        if (day := parse_update(r.get("update", "")))
    ]  # fmt: skip


def _day(stamp: str) -> date:
    return datetime.strptime(stamp.strip(), "%Y-%m-%d %H:%M").date()


def read_deepstate(folder: Path) -> tuple[list[Settlement], list[DsChange]]:
    with (folder / "area_settlements.csv").open(encoding="utf-8", newline="") as f:
        places = [
            Settlement(int(r["geonameid"]), r["name"], float(r["lat"]), float(r["lon"]),
                       r["status_first_snapshot"], _day(r["first_snapshot_utc"]),
                       _day(r["last_snapshot_utc"]))
            for r in csv.DictReader(f)
        ]  # fmt: skip
    with (folder / "area_changes.csv").open(encoding="utf-8", newline="") as f:
        changes = [
            DsChange(int(r["geonameid"]), r["prev_status"], r["new_status"],
                     _day(r["last_snapshot_prev_utc"]), _day(r["first_snapshot_new_utc"]))
            for r in csv.DictReader(f)
        ]  # fmt: skip
    return places, sorted(changes, key=lambda c: (c.geonameid, c.first_new))


def normalize_name(name: str) -> str:
    s = re.sub(r"\(.*?\)", " ", name).casefold()
    s = re.sub(r"['ʼ’`]", "", s).replace("-", " ")
    return " ".join(s.split())


def clean_text(text: str) -> str:
    """Mechanical clean-up of a scraped row: link prefix, spaces, glued full stops, look-alike letters."""
    s = " ".join(text.replace("\xa0", " ").split())
    s = re.sub(r"\b[A-Za-zА-я]+\b", lambda m: _unglyph(m.group(0)), s)
    s = SEE_PREFIX.sub("", s).strip()
    return GLUED.sub(". ", s)


def _unglyph(word: str) -> str:
    latin = sum(c.isascii() for c in word)
    return word.translate(HOMOGLYPHS) if latin * 2 >= len(word) else word


def split_sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", text) if s.strip()]


def capture_statements(text: str) -> int:
    return sum(1 for s in split_sentences(clean_text(text)) if CAPTURE.search(s))


def with_subject(sentence: str, name: str) -> str:
    if m := NOUN_CAPTURE.match(sentence):
        return f"The {m.group(1).lower()} of {name} by{sentence[m.end() :]}"
    if PARTICIPLE.match(sentence):
        return f"{name} was {sentence[0].lower()}{sentence[1:]}"
    return sentence


def document_body(name: str, oblast: str | None, text: str) -> str:
    where = f"{oblast} Oblast, Ukraine" if oblast else "Ukraine"
    body = " ".join(with_subject(s, name) for s in split_sentences(clean_text(text)))
    return f"{name} is a settlement in {where}. {body}"


km = great_circle_km


def match_settlement(row: Row, places: Sequence[Settlement], max_km: float = MATCH_KM) -> Settlement | None:
    """The DeepState settlement of the same normalized name nearest to the row's point, within max_km."""
    if row.lat is None or row.lon is None:
        return None
    key = normalize_name(row.name)
    near = [
        (km(row.lat, row.lon, p.lat, p.lon), p.geonameid, p) for p in places if normalize_name(p.name) == key
    ]
    return min((t for t in near if t[0] <= max_km), default=(0.0, 0, None))[2]  # fmt: skip


def side_of(actor: Actor | None) -> str | None:
    if actor is None:
        return None
    if actor.country == "RU" or RU_NAMES.search(actor.name):
        return "RU"
    return "UA" if actor.country == "UA" else None


def ds_status(place: Settlement, changes: Sequence[DsChange], day: date) -> str | None:
    """DeepState's status on `day` (after the last change first seen by then); None outside the record."""
    if not place.first_seen <= day <= place.last_seen:
        return None
    return next((c.new for c in reversed(changes) if c.first_new <= day), place.first_status)


def checkpoints(place: Settlement, changes: Sequence[DsChange], until: date) -> list[tuple[date, str]]:
    """(day, kind): every DeepState change date and every 1st of a month in [first snapshot, until]."""
    end = min(until, place.last_seen)
    out = [(c.first_new, "change") for c in changes if place.first_seen <= c.first_new <= end]
    day = date(place.first_seen.year, place.first_seen.month, 1)
    while day <= end:
        if day >= place.first_seen:
            out.append((day, "monthly"))
        day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return sorted(out)


def midpoint(change: ControlChange) -> date:
    return change.date.start + timedelta(days=(change.date.end - change.date.start).days // 2)


def gap_days(day: date, change: DsChange) -> int:
    if change.last_prev <= day <= change.first_new:
        return 0
    return min(abs((day - change.last_prev).days), abs((day - change.first_new).days))


def our_side_at(ours: Sequence[ControlChange], geonameid: int, day: date) -> str | None:
    from frontwatch.control import state_at

    controller = (state_at(ours, geonameid, day) or {}).get("controller")
    if not isinstance(controller, dict):
        return None
    return side_of(Actor(str(controller["name"]), controller.get("country"), ""))


def distinct_dated(ours: Sequence[ControlChange]) -> list[tuple[ControlChange, str]]:
    """Asserted or claimed changes with a side, one per (side, interval): a repeated report counts once."""
    seen: dict[tuple[str, date, date], ControlChange] = {}
    for c in ours:
        if (side := side_of(c.controller)) is not None and c.status in FIRM:
            seen.setdefault((side, c.date.start, c.date.end), c)
    return [(c, key[0]) for key, c in seen.items()]


@dataclass
class Score:
    agree: dict[str, list[int]] = field(default_factory=dict)  # checkpoint kind -> hits
    gaps: list[int] = field(default_factory=list)
    tally: Counter[str] = field(default_factory=Counter)


def score_settlement(
    place: Settlement, ds: Sequence[DsChange], ours: Sequence[ControlChange], until: date, score: Score
) -> list[dict[str, str]]:
    """Add one settlement to `score`; return the checkpoints where we disagree (for the error report)."""
    wrong = []
    for day, kind in checkpoints(place, ds, until):
        theirs, mine = ds_status(place, ds, day), our_side_at(ours, place.geonameid, day)
        if theirs == "CONTESTED":
            score.tally["ds_contested_checks"] += 1
        elif theirs is not None and mine is None:
            score.tally["ours_missing_checks"] += 1
        elif theirs is not None:
            score.agree.setdefault(kind, []).append(int(mine == theirs))
            if mine != theirs:
                wrong.append({"day": day.isoformat(), "kind": kind, "ours": str(mine), "deepstate": theirs})
    dated = distinct_dated(ours)
    for c, side in dated:
        if midpoint(c) < place.first_seen:
            score.tally["before_record"] += 1
        elif (g := min((gap_days(midpoint(c), d) for d in ds if d.new == side), default=None)) is None:
            score.tally["not_in_record"] += 1
        else:
            score.gaps.append(g)
    for d in (d for d in ds if d.new in ("UA", "RU") and d.first_new <= until):
        score.tally["ds_changes"] += 1
        score.tally["ds_recalled"] += any(
            s == d.new and gap_days(midpoint(c), d) <= RECALL_DAYS for c, s in dated
        )
    return wrong


def pct(hits: Iterable[int]) -> float:
    seq = list(hits)
    return ratio(sum(seq), len(seq))


def ratio(num: int, den: int) -> float:
    return round(100.0 * num / den, 1) if den else float("nan")


def figures(score: Score, counts: Counter[str]) -> dict[str, float]:
    every, gaps, t = [h for hits in score.agree.values() for h in hits], score.gaps, score.tally + counts
    return {
        "agreement": pct(every),
        "agreement_changes": pct(score.agree.get("change", [])),
        "agreement_monthly": pct(score.agree.get("monthly", [])),
        "checkpoints": float(len(every)),
        "checkpoint_coverage": ratio(len(every), len(every) + t["ours_missing_checks"]),
        "date_diff_median": float(statistics.median(gaps)) if gaps else float("nan"),
        "date_diff_mean": round(statistics.fmean(gaps), 1) if gaps else float("nan"),
        "within_7d": pct(int(g <= 7) for g in gaps),
        "dated_changes": float(len(gaps)),
        "ds_changes_recalled": ratio(t["ds_recalled"], t["ds_changes"]),
        "settlements_covered": ratio(t["settlements_with_change"], t["settlements"]),
        "statements_covered": ratio(t["changes_at_place"], t["statements"]),
        "rows_covered": ratio(t["rows_with_change_nearby"], t["rows"]),
        **{k: float(t[k]) for k in COUNTS},
    }


@dataclass(frozen=True)
class Case:
    row: Row
    document: Document
    settlement: Settlement | None
    statements: int


def capture_rows(folder: Path, quick: bool) -> list[Row]:
    """Rows stating a capture: the latest table, plus (full mode) other distinct texts of the monthly ones."""
    rows = [r for r in read_rows(folder / LATEST) if capture_statements(r.text)]
    seen = {(r.name, clean_text(r.text)) for r in rows}
    for path in [] if quick else sorted((folder / "monthly_snapshots").glob("*.csv")):
        for r in read_rows(path):
            if (key := (r.name, clean_text(r.text))) not in seen and capture_statements(r.text):
                seen.add(key)
                rows.append(r)
    return rows


def oblast_of(row: Row, gazetteer: Any) -> str | None:
    if row.lat is None or row.lon is None:
        return None
    near = [
        (km(row.lat, row.lon, loc.lat, loc.lon), str(loc.admin1))
        for loc in gazetteer.lookup(row.name, 200)
        if loc.country == "UA" and loc.lat is not None and loc.lon is not None and loc.admin1
    ]
    return min((t for t in near if t[0] <= OBLAST_KM), default=(0.0, None))[1]


def build_cases(rows: Sequence[Row], places: Sequence[Settlement], gazetteer: Any) -> list[Case]:
    out = []
    for i, r in enumerate(rows):
        body = document_body(r.name, oblast_of(r, gazetteer), r.text)
        doc = Document(id=f"wiki-{r.origin}-{i}", text=body, published=r.published, source="wikipedia")
        out.append(Case(r, doc, match_settlement(r, places), capture_statements(r.text)))
    return out


def assign(case: Case, ex: Extraction, gold: Location | None) -> tuple[list[ControlChange], Counter[str]]:
    """The case's changes at its settlement (fallback ones moved onto it) and tallies of the rest."""
    tally: Counter[str] = Counter()
    at_place, r = [], case.row
    for c in ex.control:
        if None not in (r.lat, r.lon, c.place.lat, c.place.lon):
            tally["nearby"] += km(r.lat, r.lon, c.place.lat, c.place.lon) <= NEAR_KM  # type: ignore[arg-type]
        if gold is None:
            continue
        if c.place.geonames_id == gold.geonames_id:
            at_place.append(c)
        elif normalize_name(c.place.name) == normalize_name(gold.name) and c.place.admin1 == gold.admin1:
            at_place.append(replace(c, place=gold))
            tally["fallback_matches"] += 1
        else:
            tally["changes_elsewhere"] += 1
    return at_place, tally


def evaluate(folder: Path, quick: bool) -> dict[str, Any]:
    from frontwatch.pipeline import Pipeline
    from frontwatch.settings import Settings

    places, ds = read_deepstate(folder / DEEP)
    pipe = Pipeline.create(Settings.from_env(progress=False))
    cases = build_cases(capture_rows(folder / WIKI, quick), places, pipe.gazetteer)
    docs = pipe.process_many(c.document for c in cases)
    counts: Counter[str] = Counter()
    pooled: dict[int, Pooled] = {}
    for case, ex in zip(cases, tqdm(docs, total=len(cases), file=sys.stderr, desc=NAME), strict=True):
        counts["rows"] += 1
        counts["changes_without_side"] += sum(side_of(c.controller) is None for c in ex.control)
        gold = pipe.gazetteer.get(case.settlement.geonameid) if case.settlement else None
        mine, tally = assign(case, ex, gold)
        counts["rows_with_change_nearby"] += tally.pop("nearby", 0) > 0
        counts.update(tally)
        if case.settlement is not None:
            before, until = pooled.get(case.settlement.geonameid, ([], case.row.published))
            pooled[case.settlement.geonameid] = (before + mine, max(until, case.row.published))
            counts["statements"] += case.statements
            counts["changes_at_place"] += min(len(mine), case.statements)
    return score_all(places, ds, pooled, counts)


def score_all(
    places: Sequence[Settlement], ds: Sequence[DsChange], pooled: dict[int, Pooled], counts: Counter[str]
) -> dict[str, Any]:
    score, by_id, detail = Score(), {p.geonameid: p for p in places}, []
    for gid in sorted(pooled):
        (mine, until), place, theirs = pooled[gid], by_id[gid], [c for c in ds if c.geonameid == gid]
        wrong = score_settlement(place, theirs, mine, until, score)
        detail.append({
            "geonameid": gid, "name": place.name, "disagreements": wrong,
            "ours": sorted({f"{side_of(c.controller)} {c.status} {c.date.start}..{c.date.end}"
                            for c in mine}),
            "deepstate": [f"{c.prev}->{c.new} {c.last_prev}..{c.first_new}" for c in theirs],
        })  # fmt: skip
    counts.update(settlements=len(pooled), settlements_with_change=sum(1 for v, _ in pooled.values() if v))
    return {"figures": figures(score, counts), "targets": TARGETS, "settlements": detail}


ROWS = (
    ("agreement", "controller agreement, all checkpoints (%)", ">= 95"),
    ("agreement_changes", "  at DeepState change dates (%)", ""),
    ("agreement_monthly", "  on the 1st of each month (%)", ""),
    ("checkpoints", "  checkpoints where both name a side", ""),
    ("checkpoint_coverage", "  DeepState UA/RU checkpoints we give a side (%)", ""),
    ("ds_contested_checks", "  checkpoints DeepState calls contested", ""),
    ("date_diff_median", "date difference, median (days)", "<= 7"),
    ("date_diff_mean", "date difference, mean (days)", ""),
    ("within_7d", "  our changes within 7 days (%)", ""),
    ("dated_changes", "  our changes dated against DeepState", ""),
    ("before_record", "  our changes before the first snapshot", ""),
    ("not_in_record", "  our changes to a side DeepState never shows", ""),
    ("ds_changes_recalled", "DeepState changes we date within 7 days (%)", ""),
    ("settlements", "settlements evaluated (matched to DeepState)", ""),
    ("settlements_covered", "  with at least one change of ours (%)", ""),
    ("statements_covered", "  capture statements yielding a change there (%)", ""),
    ("fallback_matches", "  changes matched by name + oblast only", ""),
    ("changes_elsewhere", "  changes placed at another place", ""),
    ("rows", "all capture rows (documents)", ""),
    ("rows_covered", "  with a change within 10 km (%)", ""),
    ("changes_without_side", "  changes whose controller has no side", ""),
)


def table(report: dict[str, Any]) -> str:
    f = report["figures"]
    lines = [
        f"benchmark {NAME} ({report['mode']}, {report.get('seconds', '?')} s), test only: never tuned on",
        f"{'figure':<50} {'frontwatch':>10} {'target':>8}",
    ]
    for key, label, target in ROWS:
        value = float(f.get(key, float("nan")))
        shown = f"{value:.0f}" if value.is_integer() and "%" not in label else f"{value:.1f}"
        lines.append(f"{label:<50} {shown:>10} {target:>8}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog=f"python -m benchmarks.{NAME}", description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=None, help="data folder (default $FRONTWATCH_DATA, ../shared/data)")
    ap.add_argument("--quick", action="store_true", help="CI gate: the latest table only")
    ap.add_argument("--check", action="store_true", help="exit 1 when a figure misses its pinned floor")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / f"{NAME}.json")
    args = ap.parse_args(argv)
    data, shown = data_dir(args.data)
    if not (data / FOLDER / WIKI).is_dir() or not (data / FOLDER / DEEP).is_dir():
        print(f"benchmark {NAME}: {shown}/{FOLDER} not found, skipped")
        return 0
    began = time.monotonic()
    report = {"mode": "quick" if args.quick else "full", **evaluate(data / FOLDER, args.quick)}
    report["seconds"] = round(time.monotonic() - began, 1)
    print(table(report))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return gate(NAME, report["figures"], floors(NAME, report["mode"])) if args.check else 0


if __name__ == "__main__":
    raise SystemExit(main())
