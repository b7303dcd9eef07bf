"""Scoring code of benchmarks/events.py on tiny hand-made inputs (no shared data needed)."""

from __future__ import annotations

import json
import sys
from datetime import date
from importlib import resources
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the project root holds `benchmarks`

from benchmarks import events as bench  # noqa: E402
from benchmarks.common import below_floor  # noqa: E402
from frontwatch.types import DateInterval, Event, Modality  # noqa: E402

WHEN = DateInterval(date(2021, 1, 1), date(2021, 1, 1), "day")


def event(sub: str, confidence: float, modality: Modality = "asserted", trigger: str = "hit") -> Event:
    return Event(
        id=f"{sub}{confidence}",
        event_type="x",
        sub_event_type=sub,
        actor1=None,
        actor2=None,
        location=None,
        date=WHEN,
        modality=modality,
        claimed_by=None,
        fatalities=None,
        injuries=None,
        confidence=confidence,
        evidence=(),
        trigger=trigger,
    )


def test_every_acled_sub_event_type_has_a_case_label() -> None:
    data = json.loads(resources.files("frontwatch").joinpath("data/events.json").read_text(encoding="utf-8"))
    subs = {s for group in data["event_types"].values() for s in group}
    assert subs == set(bench.CASE_LABEL)
    assert len(set(bench.CASE_LABEL.values())) == len(bench.CASE_LABEL)


def test_main_event_prefers_firm_then_confident_then_first() -> None:
    found = [
        event("Attack", 0.9, "denied"),
        event("Armed clash", 0.6),
        event("Grenade", 0.7, "claimed"),
        event("Air/drone strike", 0.7),
    ]
    main = bench.main_event(found)
    assert main is not None and main.sub_event_type == "Grenade"
    assert bench.main_event([event("Attack", 0.9, "intended")]) is None


def test_predict_maps_to_case_labels_and_falls_back_to_other() -> None:
    assert bench.predict(
        7, [event("Shelling/artillery/missile attack", 0.8, trigger="shelled")]
    ) == bench.Prediction(7, "ART_MISS_ATTACK", "shelled")
    assert bench.predict(8, []).label == "OTHER"
    with pytest.raises(KeyError):
        bench.to_label("Shootout")


def test_read_snippets_and_labels(tmp_path: Path) -> None:
    tsv = tmp_path / "s.tsv"
    tsv.write_text(
        'id\tEventSnippet\tSubType\n3\tA mob "burned" a car\tMOB_VIOL\n501\tTroops left.\tOTHER \n',
        encoding="utf-8",
    )
    rows = bench.read_snippets(tsv)
    assert rows == [
        bench.Snippet(3, 'A mob "burned" a car', "MOB_VIOL"),
        bench.Snippet(501, "Troops left.", "OTHER"),
    ]
    assert [bench.split_of(r.id) for r in rows] == ["dev", "test"]
    (tmp_path / "l.txt").write_text("ARREST\n\nATTACK\n", encoding="utf-8")
    assert bench.read_labels(tmp_path / "l.txt") == ["ARREST", "ATTACK"]


def test_scores_by_hand() -> None:
    gold = ["A", "A", "A", "B"]
    pred = ["A", "A", "B", "B"]
    table = bench.per_label(gold, pred)
    assert table["A"]["precision"] == 100 and table["A"]["recall"] == pytest.approx(200 / 3)
    assert table["B"]["precision"] == 50 and table["B"]["support"] == 1
    s = bench.scores(gold, pred)
    f_a, f_b = 80.0, 200 / 3
    assert s["accuracy"] == 75
    assert s["weighted_f1"] == pytest.approx((3 * f_a + f_b) / 4)
    assert s["macro_f1"] == pytest.approx((f_a + f_b) / 2)
    assert bench.scores([], [])["n"] == 0


def test_macro_counts_a_label_only_predicted() -> None:
    s = bench.scores(["A", "A"], ["A", "C"])
    assert s["macro_f1"] == pytest.approx((200 / 3 + 0) / 2)
    assert s["weighted_f1"] == pytest.approx(200 / 3)


def test_confusions_are_ranked() -> None:
    gold = ["A", "A", "B", "B", "B", "C"]
    pred = ["B", "B", "A", "C", "B", "A"]
    assert bench.confusions(gold, pred, top=2) == [("A", "B", 2), ("B", "A", 1)]


def test_evaluate_splits_and_subtasks() -> None:
    snippets = [
        bench.Snippet(1, "", "ARREST"),
        bench.Snippet(2, "", "DIPLO"),
        bench.Snippet(3, "", "ORG_CRIME"),
        bench.Snippet(600, "", "ARREST"),
        bench.Snippet(601, "", "ATTACK"),
    ]
    preds = [
        bench.Prediction(1, "ARREST", "held"),
        bench.Prediction(2, "OTHER", ""),
        bench.Prediction(3, "OTHER", ""),
        bench.Prediction(600, "ATTACK", "shot"),
        bench.Prediction(601, "ATTACK", "shot"),
    ]
    fig = bench.evaluate(snippets, preds, ["ARREST", "ATTACK", "OTHER"])
    assert fig["dev.subtask1"]["n"] == 1 and fig["dev.subtask1"]["accuracy"] == 100
    assert fig["dev.subtask2"]["n"] == 2 and fig["dev.subtask3"]["n"] == 3
    assert fig["test.subtask1"]["accuracy"] == 50
    assert fig["dev.confusions"] == []  # the unseen labels are left out of the confusions
    assert "DIPLO" in fig["dev.per_label"]
    flat = bench.flat(fig)
    assert flat["test.subtask1.accuracy"] == 50 and "test.subtask1.n" not in flat


def test_below_floor_names_the_figure() -> None:
    figures = {"test.subtask1.weighted_f1": 55.0, "dev.subtask1.macro_f1": 50.0}
    assert below_floor(figures, {"test.subtask1.weighted_f1": 54.0}) == []
    failed = below_floor(figures, {"test.subtask1.weighted_f1": 56.0, "missing.figure": 1.0})
    assert len(failed) == 2 and failed[1].startswith("test.subtask1.weighted_f1: 55.0")


def test_floors_file_has_quick_and_full() -> None:
    floors = json.loads(
        (Path(bench.ROOT) / "benchmarks" / "floors" / "events.json").read_text(encoding="utf-8")
    )
    assert set(floors) >= {"quick", "full"}
    assert all(isinstance(v, float | int) for part in ("quick", "full") for v in floors[part].values())


def test_missing_data_is_skipped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert bench.main(["--data", str(tmp_path), "--check"]) == 0
    assert "not found, skipped" in capsys.readouterr().out
