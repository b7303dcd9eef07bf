"""The command line end to end, on the real model and the shipped gazetteer."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from frontwatch.cli import EXIT_SKIPPED, main

EXAMPLES = Path(__file__).parent.parent / "examples"
README = Path(__file__).parent.parent / "README.md"

ARTICLE = (
    "date 2024-02-18 Ukrainian forces withdrew from Avdiivka on Saturday, the army said, after months of "
    "fighting. Russian troops took control of the town.\n"
)


@pytest.fixture
def cli(home: Path, default_gazetteer: object) -> CliRunner:
    return CliRunner(env={"FRONTWATCH_HOME": str(home), "FRONTWATCH_DB": None})


def invoke(cli: CliRunner, *args: str, input: str | None = None) -> Result:
    return cli.invoke(main, list(args), input=input, catch_exceptions=False)


@pytest.fixture(scope="module")
def examples_db(tmp_path_factory: pytest.TempPathFactory, home: Path, default_gazetteer: object) -> Path:
    db = tmp_path_factory.mktemp("cli") / "fw.db"
    runner = CliRunner(env={"FRONTWATCH_HOME": str(home)})
    result = runner.invoke(main, ["run", str(EXAMPLES), "--db", str(db), "--quiet"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return db


def test_run_twice_stores_each_document_once(cli: CliRunner, tmp_path: Path, examples_db: Path) -> None:
    db = tmp_path / "again.db"
    shutil.copy(examples_db, db)
    before = json.loads(invoke(cli, "events", "--db", str(db), "--format", "json").output)
    result = invoke(cli, "run", str(EXAMPLES), "--db", str(db))
    assert result.exit_code == 0
    assert "0 document(s) stored" in result.output
    after = json.loads(invoke(cli, "events", "--db", str(db), "--format", "json").output)
    assert before == after and len(after) > 0


def test_events_jsonl_in_contract_shape(cli: CliRunner, examples_db: Path) -> None:
    out = invoke(cli, "events", "--db", str(examples_db), "--format", "jsonl").output
    rows = [json.loads(line) for line in out.splitlines()]
    assert rows
    for r in rows:
        assert {
            "id",
            "event_type",
            "sub_event_type",
            "actor1",
            "actor2",
            "location",
            "date",
            "modality",
            "claimed_by",
            "fatalities",
            "injuries",
            "confidence",
            "evidence",
        } <= set(r)
        assert r["date"]["precision"] in {"day", "week", "month", "season", "year", "decade", "unknown"}
        for ev in r["evidence"]:
            doc_text_slice = ev["sentence"]
            assert doc_text_slice and ev["end"] > ev["start"]


def test_reference_control_and_no_ukrainian_capture_of_bakhmut(cli: CliRunner, tmp_path: Path) -> None:
    db = str(tmp_path / "ref.db")
    assert invoke(cli, "run", str(EXAMPLES / "reference.txt"), "--db", db, "--quiet").exit_code == 0
    state = json.loads(
        invoke(cli, "control", "Bakhmut", "--at", "2023-11-12", "--db", db, "--format", "json").output
    )
    assert state["controller"]["country"] == "RU" and state["status"] == "held"
    assert state["since"]["start"] == "2023-05-01" and state["since"]["precision"] == "month"
    out = invoke(
        cli, "events", "--db", db, "--place", "Bakhmut", "--modality", "asserted", "--format", "jsonl"
    ).output
    for r in map(json.loads, out.splitlines()):
        assert not (r["sub_event_type"].endswith("territory") and (r["actor1"] or {}).get("country") == "UA")


def test_no_event_in_moscow_or_kyiv(cli: CliRunner, examples_db: Path) -> None:
    for place in ("Moscow", "Kyiv"):
        out = invoke(cli, "events", "--db", str(examples_db), "--place", place, "--format", "jsonl").output
        rows = [json.loads(x) for x in out.splitlines()]
        assert all("reference" not in r["evidence"][0]["document_id"] for r in rows)


def test_exports(cli: CliRunner, examples_db: Path) -> None:
    acled = invoke(cli, "events", "--db", str(examples_db), "--format", "acled").output.splitlines()
    assert acled[0].startswith("event_id_cnty,event_date,time_precision,event_type,sub_event_type")
    geo = json.loads(invoke(cli, "events", "--db", str(examples_db), "--format", "geojson").output)
    assert geo["type"] == "FeatureCollection" and geo["features"]
    table = invoke(cli, "events", "--db", str(examples_db)).output
    assert table.splitlines()[0].split()[:3] == ["date", "prec", "sub_event_type"]


def test_quotes_and_mentions(cli: CliRunner, examples_db: Path) -> None:
    rows = [
        json.loads(x)
        for x in invoke(
            cli, "quotes", "--db", str(examples_db), "--speaker", "Victor", "--format", "jsonl"
        ).output.splitlines()
    ]
    assert rows and all(r["speaker"]["name"] == rows[0]["speaker"]["name"] for r in rows)
    places = [
        json.loads(x)
        for x in invoke(
            cli, "mentions", "--kind", "place", "--db", str(examples_db), "--format", "jsonl"
        ).output.splitlines()
    ]
    assert {"document_id", "text", "start", "end", "place", "role"} <= set(places[0])
    times = [
        json.loads(x)
        for x in invoke(
            cli, "mentions", "--kind", "time", "--db", str(examples_db), "--format", "jsonl"
        ).output.splitlines()
    ]
    assert any(t["value"] == "2023-W44" for t in times)


def test_bad_inputs_are_skipped_and_the_rest_goes_on(cli: CliRunner, tmp_path: Path) -> None:
    batch = tmp_path / "batch"
    batch.mkdir()
    (batch / "a_good.txt").write_text(ARTICLE)
    (batch / "b_empty.txt").write_text("")
    (batch / "c_binary.txt").write_bytes(b"\x00\x01\x02PNG\x00" * 50)
    (batch / "d_nodate.txt").write_text("Shelling hit Kherson overnight.")
    (batch / "e_broken.jsonl").write_text(
        '{"id": "x1", "text": "Protesters marched in Tbilisi.", "published": "2024-12-01"}\n{broken\n'
    )
    (batch / "f_latin1.txt").write_bytes("date 2024-01-01 Caf\xe9 bombed in Kherson.".encode("latin-1"))
    db = tmp_path / "fw.db"
    result = invoke(cli, "run", str(batch), "--db", str(db), "--quiet")
    assert result.exit_code == EXIT_SKIPPED
    skipped = [line for line in result.output.splitlines() if line.startswith("skipped")]
    assert len(skipped) == 5, result.output
    docs = json.loads(invoke(cli, "events", "--db", str(db), "--format", "json").output)
    assert docs  # the good article still produced events
    again = invoke(cli, "run", str(batch / "a_good.txt"), "--db", str(db), "--quiet")
    assert again.exit_code == 0


def test_bad_db_and_dates_get_clear_errors(cli: CliRunner, tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("keep me")
    result = cli.invoke(main, ["events", "--db", str(notes)])
    assert result.exit_code == 1 and "not a SQLite database" in result.output
    assert notes.read_text() == "keep me"
    result = cli.invoke(main, ["events", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1 and "frontwatch run" in result.output
    result = cli.invoke(main, ["events", "--db", str(notes), "--since", "12/11/2023"])
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.output


def test_stdin_with_published(cli: CliRunner, tmp_path: Path) -> None:
    db = tmp_path / "fw.db"
    result = invoke(
        cli,
        "run",
        "-",
        "--published",
        "2024-02-18",
        "--db",
        str(db),
        "--quiet",
        input="Russian troops captured Avdiivka on Saturday.",
    )
    assert result.exit_code == 0, result.output


def test_gazetteer_lookup_shows_scored_candidates(cli: CliRunner) -> None:
    out = invoke(
        cli,
        "gazetteer",
        "lookup",
        "Andriivka",
        "--context",
        "Bakhmut",
        "--context",
        "Klishchiivka",
        "--format",
        "jsonl",
    ).output
    rows = [json.loads(x) for x in out.splitlines()]
    assert len(rows) > 5 and rows[0]["geonames_id"] == 9114136
    assert rows[0]["score"] >= rows[1]["score"]


def test_every_command_is_documented_in_the_readme() -> None:
    readme = README.read_text()
    commands = {name for name in main.commands if name != "gazetteer"}  # type: ignore[attr-defined]
    commands |= {f"gazetteer {n}" for n in main.commands["gazetteer"].commands}  # type: ignore[attr-defined]
    missing = [c for c in sorted(commands) if not re.search(rf"frontwatch {c}\b", readme)]
    assert not missing, f"undocumented commands: {missing}"


def test_local_workers_and_dask_give_the_same_store(cli: CliRunner, tmp_path: Path) -> None:
    files = [str(EXAMPLES / n) for n in ("reference.txt", "dnipro_missile_strike.txt", "tbilisi_protest.txt")]
    outputs = []
    for n, how in enumerate(
        (["--workers", "1"], ["--workers", "2"], ["--cluster", "local", "--workers", "2"])
    ):
        db = str(tmp_path / f"w{n}.db")
        assert invoke(cli, "run", *files, "--db", db, "--quiet", *how).exit_code == 0
        outputs.append(
            [invoke(cli, what, "--db", db, "--format", "jsonl").output for what in ("events", "quotes")]
        )
    assert outputs[0] == outputs[1] == outputs[2] and outputs[0][0]


def test_sqlite_and_postgresql_give_the_same_outputs(
    cli: CliRunner, tmp_path: Path, store_target: str
) -> None:
    files = [
        str(EXAMPLES / n) for n in ("reference.txt", "avdiivka_withdrawal.txt", "bakhmut_wagner_claim.txt")
    ]
    sqlite_db = str(tmp_path / "same.db")
    outputs = []
    for db in (sqlite_db, store_target):
        assert invoke(cli, "run", *files, "--db", db, "--quiet").exit_code == 0
        outputs.append(
            [
                invoke(cli, *args, "--db", db, "--format", "jsonl").output
                for args in (
                    ("events",),
                    ("events", "--place", "bakhmut"),
                    ("events", "--unmerged"),
                    ("quotes", "--speaker", "viktor"),
                    ("control", "--changes"),
                    ("merges",),
                )
            ]
        )
    assert outputs[0] == outputs[1] and all(outputs[0][:4])


def test_copy_moves_a_store_and_refuses_a_full_one(cli: CliRunner, examples_db: Path, tmp_path: Path) -> None:
    copied = tmp_path / "copy.db"
    result = invoke(cli, "copy", str(examples_db), "--db", str(copied))
    assert result.exit_code == 0 and "event(s)" in result.output, result.output
    for command in (["events", "--format", "jsonl"], ["control", "--changes", "--format", "jsonl"]):
        want = invoke(cli, *command, "--db", str(examples_db)).output
        assert want.strip() and invoke(cli, *command, "--db", str(copied)).output == want, command
    again = cli.invoke(main, ["copy", str(examples_db), "--db", str(copied)])
    assert again.exit_code == 1 and "already holds documents" in again.output
    missing = cli.invoke(main, ["copy", str(tmp_path / "none.db"), "--db", str(tmp_path / "x.db")])
    assert missing.exit_code == 1 and "no store at" in missing.output
