"""Scoring code of benchmarks/control.py on tiny hand-written inputs (no shared data needed)."""

from __future__ import annotations

import sys
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the project root holds `benchmarks`

from benchmarks.control import (  # noqa: E402
    Case,
    DsChange,
    Row,
    Score,
    Settlement,
    assign,
    capture_statements,
    checkpoints,
    clean_text,
    distinct_dated,
    document_body,
    ds_status,
    figures,
    gap_days,
    main,
    match_settlement,
    normalize_name,
    parse_update,
    read_deepstate,
    read_rows,
    score_settlement,
    side_of,
    with_subject,
)
from frontwatch.types import Actor, ControlChange, DateInterval, Document, Extraction, Location  # noqa: E402

RUS = Actor("Military Forces of Russia", "RU", "state_forces")
UKR = Actor("Military Forces of Ukraine", "UA", "state_forces")
HAMLET = Location("Pinevale", 42, 48.0, 37.0, "UA", "Donetsk", None)
PLACE = Settlement(42, "Pinevale", 48.0, 37.0, "UA", date(2022, 4, 3), date(2025, 8, 3))
DS = [
    DsChange(42, "UA", "CONTESTED", date(2022, 6, 1), date(2022, 6, 3)),
    DsChange(42, "CONTESTED", "RU", date(2022, 6, 20), date(2022, 6, 22)),
]


def change(who: Actor, start: date, end: date | None = None, status: str = "asserted") -> ControlChange:
    span = DateInterval(start, end or start, "day")
    return ControlChange(HAMLET, who, None, span, status, (), "e1")  # type: ignore[arg-type]


def test_normalize_name_ignores_case_apostrophes_hyphens_and_raion() -> None:
    assert normalize_name("Stary-Kut'ove (Izmail raion)") == normalize_name("stary kutove")


def test_clean_text_cuts_link_prefix_spaces_glued_stops_and_lookalikes() -> None:
    raw = (
        "See Siege of Pinevale (1999)Taken\xa0by  the\u00a0guards.Lost 1 May 2020Held by McAdam. \u0421aught."
    )
    assert clean_text(raw) == "Taken by the guards. Lost 1 May 2020. Held by McAdam. Caught."


def test_a_bare_link_list_is_no_statement() -> None:
    assert clean_text("See Siege of Pinevale and Liberation of Pinevale") == ""
    assert capture_statements("See Siege of Pinevale and Liberation of Pinevale") == 0


def test_capture_statements_counts_sentences() -> None:
    assert capture_statements("Captured by A 1 May 2020. Contested by B. Recaptured by C in June 2020.") == 2
    assert capture_statements("Pressured by A since spring.") == 0


def test_with_subject_and_document_body() -> None:
    said = with_subject("Mostly recaptured by A on 2 May.", "Pinevale")
    assert said == "Pinevale was mostly recaptured by A on 2 May."
    assert (
        with_subject("Capture by A claimed 3 May.", "Pinevale")
        == "The capture of Pinevale by A claimed 3 May."
    )
    assert with_subject("Home to a mill.", "Pinevale") == "Home to a mill."
    body = document_body("Pinevale", "Donetsk", "Captured by A 1 May 2020.")
    assert (
        body == "Pinevale is a settlement in Donetsk Oblast, Ukraine. Pinevale was captured by A 1 May 2020."
    )
    assert document_body("Pinevale", None, "").startswith("Pinevale is a settlement in Ukraine.")


def test_parse_update() -> None:
    assert parse_update("3 March 2023 11h02 UTC") == date(2023, 3, 3)
    assert parse_update("") is None


def test_match_settlement_needs_same_name_and_nearness() -> None:
    far = Settlement(7, "Pinevale", 49.0, 37.0, "UA", date(2022, 4, 3), date(2025, 8, 3))
    row = Row("Pinevale", "", date(2024, 1, 1), 48.01, 37.01)
    assert match_settlement(row, [far, PLACE]) is PLACE
    assert match_settlement(Row("Oakford", "", date(2024, 1, 1), 48.0, 37.0), [PLACE]) is None
    assert match_settlement(Row("Pinevale", "", date(2024, 1, 1), None, None), [PLACE]) is None


def test_side_of() -> None:
    assert side_of(RUS) == "RU" and side_of(UKR) == "UA"
    assert side_of(Actor("Luhansk People's Republic", "UA", "rebel_group")) == "RU"
    assert side_of(Actor("Protesters", None, "protesters")) is None and side_of(None) is None


def test_ds_status_and_checkpoints() -> None:
    assert ds_status(PLACE, DS, date(2022, 5, 1)) == "UA"
    assert ds_status(PLACE, DS, date(2022, 6, 3)) == "CONTESTED"
    assert ds_status(PLACE, DS, date(2022, 6, 22)) == "RU"
    assert ds_status(PLACE, DS, date(2021, 1, 1)) is None
    points = checkpoints(PLACE, DS, date(2022, 7, 15))
    assert points == [
        (date(2022, 5, 1), "monthly"),
        (date(2022, 6, 1), "monthly"),
        (date(2022, 6, 3), "change"),
        (date(2022, 6, 22), "change"),
        (date(2022, 7, 1), "monthly"),
    ]


def test_gap_days_is_zero_inside_the_bracket() -> None:
    assert gap_days(date(2022, 6, 21), DS[1]) == 0
    assert gap_days(date(2022, 6, 30), DS[1]) == 8
    assert gap_days(date(2022, 6, 10), DS[1]) == 10


def test_distinct_dated_drops_repeats_denials_and_sideless() -> None:
    ours = [
        change(RUS, date(2022, 6, 21)),
        change(RUS, date(2022, 6, 21)),
        change(UKR, date(2022, 7, 1), status="contested"),
        change(Actor("Protesters", None, "protesters"), date(2022, 7, 2)),
    ]
    assert [side for _, side in distinct_dated(ours)] == ["RU"]


def test_score_settlement_agreement_and_dates() -> None:
    score = Score()
    ours = [change(UKR, date(2020, 1, 1)), change(RUS, date(2022, 6, 1), date(2022, 6, 30))]
    wrong = score_settlement(PLACE, DS, ours, date(2022, 7, 15), score)
    # checkpoints: 05-01 UA/UA, 06-01 UA/UA (ours starts 06-01..06-30: not complete), 06-03 contested,
    # 06-22 RU vs ours UA (still in progress), 07-01 RU/RU
    assert score.agree == {"monthly": [1, 1, 1], "change": [0]}
    assert wrong == [{"day": "2022-06-22", "kind": "change", "ours": "UA", "deepstate": "RU"}]
    assert score.tally["ds_contested_checks"] == 1 and score.tally["before_record"] == 1
    assert score.gaps == [5]  # midpoint 06-15 vs [06-20, 06-22]
    assert score.tally["ds_changes"] == 1 and score.tally["ds_recalled"] == 1


def test_score_settlement_counts_missing_and_unrecorded_sides() -> None:
    score = Score()
    score_settlement(PLACE, DS, [change(UKR, date(2022, 7, 10))], date(2022, 7, 15), score)
    assert score.tally["ours_missing_checks"] == 4  # 05-01, 06-01, 06-22, 07-01: nothing known before 07-10
    assert score.agree == {}
    assert score.tally["not_in_record"] == 1 and score.gaps == []  # DeepState never turns it back to UA
    assert score.tally["ds_changes"] == 1 and score.tally["ds_recalled"] == 0


def test_figures() -> None:
    score = Score(agree={"change": [1, 0], "monthly": [1, 1]}, gaps=[0, 4, 20])
    score.tally.update(ours_missing_checks=4, ds_changes=4, ds_recalled=1)
    figs = figures(score, Counter(settlements=2, settlements_with_change=1, statements=4, changes_at_place=3))
    assert figs["agreement"] == 75.0 and figs["agreement_changes"] == 50.0
    assert figs["checkpoint_coverage"] == 50.0
    assert figs["date_diff_median"] == 4.0 and figs["date_diff_mean"] == 8.0
    assert figs["within_7d"] == pytest.approx(66.7)
    assert figs["ds_changes_recalled"] == 25.0 and figs["settlements_covered"] == 50.0
    assert figs["statements_covered"] == 75.0 and figs["changes_elsewhere"] == 0.0


def test_assign_by_id_fallback_and_elsewhere() -> None:
    row = Row("Pinevale", "", date(2024, 1, 1), 48.0, 37.0)
    case = Case(row, Document("d", "", date(2024, 1, 1)), PLACE, 3)
    twin = Location("Pinevale", 99, 48.05, 37.0, "UA", "Donetsk", None)
    other = Location("Oakford", 77, 50.0, 30.0, "UA", "Kyiv", None)
    base = change(RUS, date(2022, 6, 21))
    changes = (base, ControlChange(twin, RUS, None, base.date, "asserted", (), "e2"),
               ControlChange(other, RUS, None, base.date, "asserted", (), "e3"))  # fmt: skip
    mine, tally = assign(case, Extraction(document=case.document, control=changes), HAMLET)
    assert [c.place.geonames_id for c in mine] == [42, 42]
    assert tally == Counter(nearby=2, fallback_matches=1, changes_elsewhere=1)


def test_readers(tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text(
        '"Name","More information","update","Lat","Lon"\n'
        '"Pinevale ","Captured by A 1 May 2020.","2 June 2024 10h00 UTC","48.0","37.0"\n'
        '"Oakford","","","",""\n',
        encoding="utf-8",
    )
    assert read_rows(table) == [
        Row("Pinevale", "Captured by A 1 May 2020.", date(2024, 6, 2), 48.0, 37.0, "t")
    ]
    (tmp_path / "area_settlements.csv").write_text(
        "geonameid,name,lat,lon,status_first_snapshot,first_snapshot_utc,last_snapshot_utc\n"
        "42,Pinevale,48.0,37.0,UA,2022-04-03 12:33,2025-08-03 19:58\n",
        encoding="utf-8",
    )
    (tmp_path / "area_changes.csv").write_text(
        "geonameid,prev_status,new_status,last_snapshot_prev_utc,first_snapshot_new_utc\n"
        "42,CONTESTED,RU,2022-06-20 08:00,2022-06-22 09:00\n"
        "42,UA,CONTESTED,2022-06-01 08:00,2022-06-03 09:00\n",
        encoding="utf-8",
    )
    places, changes = read_deepstate(tmp_path)
    assert places == [PLACE] and changes == DS


def test_main_skips_without_data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data", str(tmp_path), "--out", str(tmp_path / "r.json")]) == 0
    assert "not found, skipped" in capsys.readouterr().out
