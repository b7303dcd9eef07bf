"""The PLOVER export: data/plover.json's mapping, the record shape and `frontwatch events --format plover`."""

from __future__ import annotations

import io
import json
from datetime import date
from importlib import resources
from pathlib import Path

from click.testing import CliRunner

from frontwatch import formats
from frontwatch.cli import main
from frontwatch.types import Actor, DateInterval, Event, Evidence, Location, Modality

PLOVER_EVENTS = {"FIGHT", "ASSAULT", "COERCE", "PROTEST", "MOBILIZE", "RETREAT", "AGREE", "THREATEN"}


def event(sub: str, modality: Modality = "asserted") -> Event:
    return Event(
        id="e1",
        event_type="x",
        sub_event_type=sub,
        actor1=Actor("Military Forces of Russia", "RU", "state_forces"),
        actor2=None,
        location=Location("Kupiansk", 704147, 49.7, 37.6, "UA", None, None, "place"),
        date=DateInterval(date(2024, 3, 1), date(2024, 3, 3), "week", None),
        modality=modality,
        claimed_by=Actor("Government of Russia", "RU", "government") if modality == "claimed" else None,
        fatalities=4,
        injuries=None,
        confidence=0.8,
        evidence=(Evidence("d1", None, date(2024, 3, 4), 0, 30, "Russian guns shelled the town."),),
        trigger="shelled",
    )


def test_every_acled_sub_event_type_is_mapped() -> None:
    data = json.loads(resources.files("frontwatch").joinpath("data/events.json").read_text(encoding="utf-8"))
    subs = {s for group in data["event_types"].values() for s in group}
    types = formats.plover_mapping()["types"]
    assert subs == set(types)
    assert {t["event"] for t in types.values() if t} <= PLOVER_EVENTS


def test_coding_follows_the_sub_event_type_and_the_modality() -> None:
    shell = "Shelling/artillery/missile attack"
    assert formats.plover_coding(shell, "asserted") == {
        "event": "FIGHT",
        "mode": "heavy-weapons",
        "context": "military",
    }
    assert formats.plover_coding(shell, "claimed") == formats.plover_coding(shell, "asserted")
    assert formats.plover_coding("Suicide bomb", "asserted")["mode"] == "suicide-attack"  # type: ignore[index]
    assert formats.plover_coding("Arrests", "asserted")["event"] == "COERCE"  # type: ignore[index]
    assert formats.plover_coding(shell, "intended") == {
        "event": "THREATEN",
        "mode": "violence",
        "context": "military",
    }
    assert formats.plover_coding("Agreement", "intended")["event"] == "AGREE"  # type: ignore[index]
    for modality in ("hypothetical", "negated", "denied"):
        assert formats.plover_coding(shell, modality) is None
    assert formats.plover_coding("Other", "asserted") is None
    assert formats.plover_coding("Peaceful protest", "intended") is None


def test_record_shape_and_skipped_events() -> None:
    rows = [
        formats.event_json(event("Shelling/artillery/missile attack", "claimed")),
        formats.event_json(event("Other")),
    ]
    out = io.StringIO()
    assert formats.write_plover(rows, out) == 1
    rec = json.loads(out.getvalue())
    assert rec["event"] == "FIGHT" and rec["date"] == "2024-03-03"
    assert rec["source"] == [
        {"actorText": "Military Forces of Russia", "country": "RU", "kind": "state_forces"}
    ]
    assert rec["target"] == [] and rec["eventText"] == "shelled"
    assert rec["text"] == "Russian guns shelled the town."
    assert rec["location"]["geonames_id"] == 704147
    assert rec["claimed_by"] == "Government of Russia" and rec["acled_sub_event_type"].startswith("Shelling")


def test_cli_events_format_plover(home: Path, default_gazetteer: object, tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(
        "date 2024-05-12 Police in Tbilisi detained 20 protesters on Saturday. Rebels captured the town of "
        "Goma on Friday.\n",
        encoding="utf-8",
    )
    runner = CliRunner(env={"FRONTWATCH_HOME": str(home), "FRONTWATCH_DB": None})
    db = str(tmp_path / "fw.db")
    ran = runner.invoke(main, ["run", str(article), "--db", db, "--quiet"], catch_exceptions=False)
    assert ran.exit_code == 0, ran.output
    out = runner.invoke(main, ["events", "--db", db, "--format", "plover"], catch_exceptions=False)
    assert out.exit_code == 0, out.output
    records = [json.loads(line) for line in out.output.splitlines()]
    assert records and all(r["event"] in PLOVER_EVENTS for r in records)
    assert any(r["event"] == "COERCE" and r["mode"] in ("seize", "arrest") for r in records)
