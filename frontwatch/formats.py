"""Records in the output contract's shapes (DESIGN.md) and back, and the export formats.

`*_json` functions turn records into plain dicts as users script against them; `*_from_json` read them
back from the store. Writers print dicts as table, jsonl, json, csv, ACLED CSV, GeoJSON or PLOVER records
(JSON Lines, mapped by data/plover.json).
"""

from __future__ import annotations

import csv
import dataclasses
import functools
import io
import json
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from frontwatch.types import (
    Actor,
    ControlChange,
    DateInterval,
    Event,
    Evidence,
    Location,
    PlaceMention,
    Quote,
    Speaker,
    TimeMention,
)

Json = dict[str, Any]
LOCATION_KEYS = ("name", "geonames_id", "lat", "lon", "country", "admin1", "admin2", "precision")
PLOVER_PATH = Path(__file__).parent / "data" / "plover.json"


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def location_json(loc: Location | None) -> Json | None:
    if loc is None:
        return None
    return {k: getattr(loc, k) for k in LOCATION_KEYS}


def actor_json(actor: Actor | None) -> Json | None:
    return None if actor is None else _plain(actor)


def date_json(interval: DateInterval) -> Json:
    return _plain(interval)  # type: ignore[no-any-return]


def event_json(event: Event) -> Json:
    return {
        "id": event.id,
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "actor1": actor_json(event.actor1),
        "actor2": actor_json(event.actor2),
        "location": location_json(event.location),
        "date": date_json(event.date),
        "modality": event.modality,
        "claimed_by": actor_json(event.claimed_by),
        "fatalities": event.fatalities,
        "injuries": event.injuries,
        "casualties_vague": event.casualties_vague,
        "confidence": round(event.confidence, 3),
        "trigger": event.trigger,
        "rule": event.rule,
        "evidence": [_plain(e) for e in event.evidence],
    }


def control_json(change: ControlChange) -> Json:
    return {
        "place": location_json(change.place),
        "controller": actor_json(change.controller),
        "previous_controller": actor_json(change.previous_controller),
        "date": date_json(change.date),
        "status": change.status,
        "event_id": change.event_id,
        "evidence": [_plain(e) for e in change.evidence],
    }


def quote_json(quote: Quote) -> Json:
    return {
        "id": quote.id,
        "document_id": quote.document_id,
        "text": quote.text,
        "start": quote.start,
        "end": quote.end,
        "kind": quote.kind,
        "cue": quote.cue,
        "speaker": None if quote.speaker is None else _plain(quote.speaker),
        "evidence": _plain(quote.evidence),
        "rule": quote.rule,
    }


def place_mention_json(m: PlaceMention) -> Json:
    return {
        "document_id": m.document_id,
        "text": m.text,
        "start": m.start,
        "end": m.end,
        "place": location_json(m.place),
        "role": m.role,
        "score": round(m.score, 3),
        "rule": m.rule,
    }


def time_mention_json(t: TimeMention) -> Json:
    return {
        "document_id": t.document_id,
        "text": t.text,
        "start": t.start,
        "end": t.end,
        "value": t.value,
        "type": t.type,
        "date": None
        if t.interval is None
        else {
            "start": t.interval.start.isoformat(),
            "end": t.interval.end.isoformat(),
            "precision": t.interval.precision,
        },
    }


# --- back from the store -------------------------------------------------------------------------------


def location_from_json(d: Json | None) -> Location | None:
    if d is None:
        return None
    return Location(**{k: d.get(k) for k in LOCATION_KEYS})  # type: ignore[arg-type]


def actor_from_json(d: Json | None) -> Actor | None:
    if d is None:
        return None
    return Actor(
        name=d["name"], country=d.get("country"), kind=d.get("kind") or "unknown", unit=d.get("unit")
    )


def date_from_json(d: Json) -> DateInterval:
    return DateInterval(
        date.fromisoformat(d["start"]), date.fromisoformat(d["end"]), d["precision"], d.get("expression")
    )


def evidence_from_json(d: Json) -> Evidence:
    published = d.get("published")
    return Evidence(
        document_id=d["document_id"],
        url=d.get("url"),
        published=date.fromisoformat(published) if published else None,
        start=d["start"],
        end=d["end"],
        sentence=d["sentence"],
    )


def event_from_json(d: Json) -> Event:
    return Event(
        id=d["id"],
        event_type=d["event_type"],
        sub_event_type=d["sub_event_type"],
        actor1=actor_from_json(d["actor1"]),
        actor2=actor_from_json(d["actor2"]),
        location=location_from_json(d["location"]),
        date=date_from_json(d["date"]),
        modality=d["modality"],
        claimed_by=actor_from_json(d["claimed_by"]),
        fatalities=d["fatalities"],
        injuries=d["injuries"],
        confidence=d["confidence"],
        evidence=tuple(evidence_from_json(e) for e in d["evidence"]),
        trigger=d.get("trigger", ""),
        casualties_vague=d.get("casualties_vague", False),
        rule=d.get("rule", "events.v1"),
    )


def control_from_json(d: Json) -> ControlChange:
    place = location_from_json(d["place"])
    assert place is not None
    controller = actor_from_json(d["controller"])
    assert controller is not None
    return ControlChange(
        place=place,
        controller=controller,
        previous_controller=actor_from_json(d.get("previous_controller")),
        date=date_from_json(d["date"]),
        status=d["status"],
        evidence=tuple(evidence_from_json(e) for e in d["evidence"]),
        event_id=d["event_id"],
    )


def speaker_from_json(d: Json | None) -> Speaker | None:
    if d is None:
        return None
    return Speaker(d["name"], tuple(d.get("aliases") or ()), d.get("description"), d.get("affiliation"))


# --- writers -------------------------------------------------------------------------------------------


def _flat(d: Json, prefix: str = "") -> Json:
    out: Json = {}
    for key, value in d.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(_flat(value, name + "."))
        elif isinstance(value, list):
            out[name] = json.dumps(value, ensure_ascii=False)
        else:
            out[name] = value
    return out


def write_jsonl(rows: Iterable[Json], out: TextIO) -> int:
    n = 0
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
        n += 1
    return n


def write_csv(rows: Iterable[Json], out: TextIO) -> int:
    flat = [_flat(r) for r in rows]
    if not flat:
        return 0
    columns: list[str] = []
    for r in flat:
        columns.extend(k for k in r if k not in columns)
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(flat)
    return len(flat)


def write_table(
    rows: Sequence[Json], columns: Sequence[tuple[str, str]], out: TextIO, width: int = 48
) -> int:
    """A plain aligned table: `columns` are (header, dotted key)."""
    flat = [_flat(r) for r in rows]
    cells = [[_cell(r.get(key), width) for _, key in columns] for r in flat]
    headers = [h for h, _ in columns]
    widths = [max([len(h), *(len(c[i]) for c in cells)]) for i, h in enumerate(headers)]
    out.write("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip() + "\n")
    for c in cells:
        out.write("  ".join(v.ljust(w) for v, w in zip(c, widths, strict=True)).rstrip() + "\n")
    return len(cells)


def _cell(value: Any, width: int) -> str:
    text = "" if value is None else str(value).replace("\n", " ")
    return text if len(text) <= width else text[: width - 1] + "…"


ACLED_COLUMNS = (
    "event_id_cnty",
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "country",
    "admin1",
    "admin2",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "notes",
    "fatalities",
)
ACLED_TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "season": 3, "year": 3}
ACLED_GEO_PRECISION = {"place": 1, "near": 2, "region": 3, "country": 3}


def acled_row(e: Json) -> Json:
    """One event as an ACLED-style row. The event date is the interval's end: ACLED codes the latest day."""
    loc = e["location"] or {}
    evidence = e["evidence"]
    return {
        "event_id_cnty": e["id"],
        "event_date": e["date"]["end"],
        "time_precision": ACLED_TIME_PRECISION.get(e["date"]["precision"], 3),
        "event_type": e["event_type"],
        "sub_event_type": e["sub_event_type"],
        "actor1": (e["actor1"] or {}).get("name", ""),
        "actor2": (e["actor2"] or {}).get("name", ""),
        "country": loc.get("country") or "",
        "admin1": loc.get("admin1") or "",
        "admin2": loc.get("admin2") or "",
        "location": loc.get("name") or "",
        "latitude": loc.get("lat") if loc.get("lat") is not None else "",
        "longitude": loc.get("lon") if loc.get("lon") is not None else "",
        "geo_precision": ACLED_GEO_PRECISION.get(loc.get("precision") or "", ""),
        "source": "; ".join(sorted({ev.get("url") or ev["document_id"] for ev in evidence})),
        "notes": evidence[0]["sentence"] if evidence else "",
        "fatalities": e["fatalities"] if e["fatalities"] is not None else 0,
    }


def write_acled(rows: Iterable[Json], out: TextIO) -> int:
    writer = csv.DictWriter(out, fieldnames=ACLED_COLUMNS, lineterminator="\n")
    writer.writeheader()
    n = 0
    for row in rows:
        writer.writerow(acled_row(row))
        n += 1
    return n


def write_geojson(rows: Iterable[Json], out: TextIO) -> int:
    """Events with coordinates as a GeoJSON FeatureCollection; events without are left out (not guessed)."""
    features = []
    for e in rows:
        loc = e.get("location") or {}
        if loc.get("lat") is None or loc.get("lon") is None:
            continue
        props = {k: v for k, v in e.items() if k != "location"}
        props["location"] = loc
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [loc["lon"], loc["lat"]]},
                "properties": props,
            }
        )
    json.dump({"type": "FeatureCollection", "features": features}, out, ensure_ascii=False)
    out.write("\n")
    return len(features)


@functools.cache
def plover_mapping(path: Path = PLOVER_PATH) -> Json:
    """data/plover.json: ACLED sub-event type -> PLOVER event/mode/context, and what each modality does."""
    return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def plover_coding(sub_event_type: str, modality: str) -> Json | None:
    """The PLOVER event, mode and context of an ACLED sub-event type read with a modality; None when PLOVER
    has no counterpart ('Other') or the modality is not exported (hypothetical, negated, denied)."""
    data = plover_mapping()
    base, how = data["types"].get(sub_event_type), data["modality"].get(modality)
    if base is None or how is None:
        return None
    if how == "keep":
        return dict(base)
    intent = data["intent_modes"].get(base["event"])
    if intent is None:
        return None
    return (
        dict(base) if intent == "keep" else {"event": "THREATEN", "mode": intent, "context": base["context"]}
    )


def plover_row(e: Json) -> Json | None:
    """One event as a PLOVER record (source = actor1, target = actor2), or None when it maps to nothing."""
    coding = plover_coding(e["sub_event_type"], e["modality"])
    if coding is None:
        return None
    evidence = e["evidence"]
    loc = e["location"]
    return {
        "id": e["id"],
        "date": e["date"]["end"],
        "event": coding["event"],
        "mode": coding["mode"],
        "context": coding["context"],
        "source": _plover_actor(e["actor1"]),
        "target": _plover_actor(e["actor2"]),
        "eventText": e["trigger"],
        "text": evidence[0]["sentence"] if evidence else "",
        "location": None
        if loc is None
        else {k: loc.get(k) for k in ("name", "geonames_id", "lat", "lon", "country")},
        "modality": e["modality"],
        "claimed_by": (e["claimed_by"] or {}).get("name"),
        "fatalities": e["fatalities"],
        "acled_sub_event_type": e["sub_event_type"],
    }


def _plover_actor(actor: Json | None) -> list[Json]:
    if actor is None:
        return []
    return [{"actorText": actor["name"], "country": actor.get("country"), "kind": actor.get("kind")}]


def write_plover(rows: Iterable[Json], out: TextIO) -> int:
    """PLOVER records as JSON Lines; events PLOVER has no code for (see plover_coding) are left out."""
    return write_jsonl((r for e in rows if (r := plover_row(e)) is not None), out)


def to_csv_string(rows: Iterable[Json]) -> str:
    buf = io.StringIO()
    write_csv(rows, buf)
    return buf.getvalue()
