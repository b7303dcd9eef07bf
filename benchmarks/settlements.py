"""Front-line settlements: is every DeepState-area settlement found and resolved in a sentence of ours?

    python -m benchmarks.settlements [--data ../shared/data] [--quick] [--check]

Issue 3's target: every settlement of control/deepstate-derived/area_settlements.csv (298 villages and towns
near Bakhmut, Avdiivka and Robotyne) is found by its GeoNames name and its common alternate spellings, and
resolves within 5 km, when written in a sentence with a neighbouring town. The sentences are ours: each
settlement's name (and each Latin-script GeoNames alternate the gazetteer indexes for it, title-cased, but
not syllable-by-syllable readings such as Chinese 'A Fu Di Fu Ka', which no English text uses) goes into
TEMPLATES beside its nearest other settlement of the list (within 25 km; not a twin entry of the same
village: within 2 km and sharing a name), and the place stage runs on each sentence alone (dated
2023-06-01, no other context). Found: a place mention covers the name's words;
resolved: that mention's place lies within 5 km of the settlement's point. --quick: the first 100
settlements. No part of this was used to tune the resolver (the settlement list is test-only data).
"""

from __future__ import annotations

import argparse
import csv
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from tqdm import tqdm

from benchmarks.common import ROOT, data_dir, floors, gate
from frontwatch.geo.context import great_circle_km

NAME = "settlements"
TEMPLATES = (
    "Russian forces shelled {place} and {neighbour} overnight, regional officials said.",
    "Ukrainian troops repelled an assault on {place}, a village near {neighbour}.",
    "Fighting continued around {place}, about {km} km from {neighbour}, the army said on Thursday.",
)
NEIGHBOUR_KM = 25.0
TWIN_KM = 2.0  # a "neighbour" this close that shares a name is the same village twice
WITHIN_KM = 5.0


@dataclass(frozen=True)
class Settlement:
    geonameid: int
    name: str
    lat: float
    lon: float


def distance_km(a: Settlement, lat: float, lon: float) -> float:
    return great_circle_km(a.lat, a.lon, lat, lon)


def read_settlements(path: Path) -> list[Settlement]:
    with path.open(encoding="utf-8", newline="") as f:
        return [
            Settlement(int(r["geonameid"]), r["name"], float(r["lat"]), float(r["lon"]))
            for r in csv.DictReader(f)
        ]


def neighbour(
    s: Settlement, places: list[Settlement], names: Callable[[Settlement], set[str]] = lambda s: {s.name}
) -> tuple[Settlement, float] | None:
    """The nearest other settlement of the list with another name, within NEIGHBOUR_KM. Not one within
    TWIN_KM that shares a name with `s` (`names`: its GeoNames name and alternates): that is the same village
    entered twice in GeoNames (Vidrodzhennia and Vidrozhennia, 0 km apart), not a neighbour."""
    others = [
        (km, o)
        for o in places
        if o.name != s.name and not ((km := distance_km(s, o.lat, o.lon)) <= TWIN_KM and names(s) & names(o))
    ]
    if not others:
        return None
    km, o = min(others, key=lambda x: x[0])
    return (o, km) if km <= NEIGHBOUR_KM else None


def syllables(key: str) -> bool:
    """Whether an alternate is a name spelled out syllable by syllable ('A Fu Di Fu Ka', the Chinese
    reading of Avdiivka; 'Xiao Tuo Ke Ma Qi Ka', 'Ku Pi Yang Si Ke'): three or more words of at most four
    letters. No English text writes a place so."""
    words = key.split()
    return len(words) >= 3 and all(len(w) <= 4 for w in words)


def title(key: str) -> str:
    """A normalized gazetteer key ('novoselivka druha') written as a name ('Novoselivka Druha')."""
    return " ".join("-".join(p[:1].upper() + p[1:] for p in w.split("-")) for w in key.split())


def alternates(s: Settlement, gaz: Any) -> set[str]:
    """The normalized Latin-script alternates the gazetteer indexes for this place (not its own name)."""
    from frontwatch.geo.gazetteer import ALTERNATE
    from frontwatch.geo.names import normalize

    own = normalize(s.name)
    rows = gaz.conn.execute("SELECT key FROM names WHERE id = ? AND kind = ?", (s.geonameid, ALTERNATE))
    return {k for (k,) in rows if k != own and k.isascii()}


def spellings(s: Settlement, gaz: Any) -> list[str]:
    """The GeoNames name, then each Latin-script alternate the gazetteer indexes for this place, except
    syllable-by-syllable readings (see `syllables`)."""
    return [s.name, *(title(k) for k in sorted(alternates(s, gaz)) if not syllables(k))]


def sentences(s: Settlement, near: Settlement, km: float, names: list[str]) -> Iterator[tuple[str, str, int]]:
    """(sentence, spelling, offset of the spelling) for every template and spelling."""
    for template in TEMPLATES:
        for name in names:
            text = template.format(place=name, neighbour=near.name, km=max(1, round(km)))
            yield text, name, text.index(name)


def score(mentions: list[Any], s: Settlement, start: int, end: int) -> tuple[bool, bool]:
    """(found, resolved within WITHIN_KM) for the spelling at [start, end)."""
    hits = [m for m in mentions if m.start <= start and end <= m.end]
    found = bool(hits)
    resolved = any(
        m.place is not None
        and m.place.lat is not None
        and m.place.lon is not None
        and distance_km(s, m.place.lat, m.place.lon) <= WITHIN_KM
        for m in hits
    )
    return found, resolved


def run(settlements: list[Settlement], pipeline: Any, progress: bool = True) -> dict[str, Any]:
    from frontwatch.geo import resolve
    from frontwatch.geo.names import normalize
    from frontwatch.types import Document

    cases: list[tuple[Settlement, str, str, int, int]] = []  # settlement, kind, text, start, end
    no_neighbour = skipped = 0
    known = {s.geonameid: {normalize(s.name)} | alternates(s, pipeline.gazetteer) for s in settlements}
    for s in settlements:
        near = neighbour(s, settlements, lambda x: known[x.geonameid])
        if near is None:
            no_neighbour += 1
            continue
        names = spellings(s, pipeline.gazetteer)
        skipped += sum(syllables(k) for k in alternates(s, pipeline.gazetteer))
        for text, name, start in sentences(s, *near, names):
            cases.append((s, "name" if name == s.name else "alternate", text, start, start + len(name)))
    tally = {k: {"sentences": 0, "found": 0, "resolved": 0} for k in ("name", "alternate")}
    per_place: dict[int, bool] = {}
    texts = [c[2] for c in cases]
    parsed = pipeline.nlp.pipe(texts, batch_size=64)
    for (s, kind, text, start, end), sdoc in tqdm(
        zip(cases, parsed, strict=True), total=len(cases), desc="benchmark settlements", disable=not progress
    ):
        doc = Document(id="s", text=text, published=date(2023, 6, 1))
        found, resolved = score(resolve.find_places(doc, sdoc, pipeline.gazetteer), s, start, end)
        t = tally[kind]
        t["sentences"] += 1
        t["found"] += found
        t["resolved"] += resolved
        per_place[s.geonameid] = per_place.get(s.geonameid, True) and resolved
    figures: dict[str, Any] = {
        "settlements": len(settlements),
        "without_neighbour": no_neighbour,
        "syllable_alternates_skipped": skipped,
    }
    for kind, t in tally.items():
        n = max(t["sentences"], 1)
        figures[f"{kind}.sentences"] = t["sentences"]
        figures[f"{kind}.found"] = round(100 * t["found"] / n, 1)
        figures[f"{kind}.resolved_5km"] = round(100 * t["resolved"] / n, 1)
    figures["settlements_always_resolved"] = round(100 * sum(per_place.values()) / max(len(per_place), 1), 1)
    return figures


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", help="data folder (default $FRONTWATCH_DATA, else ../shared/data)")
    ap.add_argument("--quick", action="store_true", help="CI gate: the first 100 settlements")
    ap.add_argument("--check", action="store_true", help="exit 1 when a figure is below its pinned floor")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / f"{NAME}.json")
    args = ap.parse_args(argv)
    data, shown = data_dir(args.data)
    path = data / "control" / "deepstate-derived" / "area_settlements.csv"
    if not path.exists():
        print(
            f"{shown}/control/deepstate-derived/area_settlements.csv not found: settlements benchmark skipped"
        )
        return 0
    from frontwatch.pipeline import Pipeline
    from frontwatch.settings import Settings

    settlements = read_settlements(path)[: 100 if args.quick else None]
    figures = run(settlements, Pipeline.create(Settings.from_env()))
    alone = figures["without_neighbour"]
    print(
        f"front-line settlements ({figures['settlements']}, {alone} without a neighbour; "
        f"{figures['syllable_alternates_skipped']} syllable-by-syllable alternates not written)"
    )
    for kind in ("name", "alternate"):
        print(
            f"  {kind:<10} {figures[f'{kind}.sentences']:>5} sentences   found {figures[f'{kind}.found']:>5}%"
            f"   resolved within 5 km {figures[f'{kind}.resolved_5km']:>5}%"
        )
    print(f"  settlements resolved in every sentence: {figures['settlements_always_resolved']}% (target 100)")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    return gate(NAME, figures, floors(NAME, "quick" if args.quick else "full")) if args.check else 0


if __name__ == "__main__":
    raise SystemExit(main())
