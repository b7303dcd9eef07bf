"""Parquet input and glob patterns in frontwatch.ingest: the same fields as JSONL/CSV, streamed in batches."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from frontwatch import records
from frontwatch.ingest import Skipped, count_inputs, iter_documents
from frontwatch.types import Document

ROWS: list[dict[str, Any]] = [
    {
        "id": "a1",
        "text": "  Shelling hit a depot near the river on Tuesday.\n",
        "published": "2024-03-05",
        "url": "https://example.org/a1",
        "title": "Depot hit",
        "source": "Example Wire",
    },
    {
        "id": "a2",
        "text": "Officials said the bridge was repaired.",
        "published": "2024-03-06T22:15:00+02:00",
        "url": None,
        "title": None,
        "source": "Example Wire",
    },
]


def write(path: Path, columns: dict[str, Any], **kwargs: Any) -> str:
    pq.write_table(pa.table(columns), path, **kwargs)
    return str(path)


def columns_of(rows: list[dict[str, Any]]) -> dict[str, list[Any]]:
    return {key: [row[key] for row in rows] for key in rows[0]}


def items(*inputs: str, **kwargs: object) -> list[Document | Skipped]:
    return list(iter_documents(list(inputs), **kwargs))  # type: ignore[arg-type]


def test_parquet_gives_the_same_documents_as_jsonl(tmp_path: Path) -> None:
    jsonl = tmp_path / "r.jsonl"
    jsonl.write_text("".join(json.dumps(r) + "\n" for r in ROWS), encoding="utf-8")
    parquet = write(tmp_path / "r.parquet", columns_of(ROWS))
    from_jsonl, from_parquet = items(str(jsonl)), items(parquet)
    assert all(isinstance(d, Document) for d in from_parquet)
    assert [replace(d, origin="") for d in from_parquet] == [replace(d, origin="") for d in from_jsonl]
    first = from_parquet[0]
    assert isinstance(first, Document)
    assert first.text == ROWS[0]["text"]  # unchanged, offsets index it exactly
    assert (first.id, first.published, first.url, first.title, first.source) == (
        "a1",
        date(2024, 3, 5),
        "https://example.org/a1",
        "Depot hit",
        "Example Wire",
    )
    assert first.origin == parquet


def test_typed_date_columns_numeric_ids_and_upper_case_names(tmp_path: Path) -> None:
    kyiv = timezone(timedelta(hours=2))
    path = write(
        tmp_path / "typed.parquet",
        {
            "ID": [7, 8],
            "Text": ["Rain fell on the port.", "Drones were shot down overnight."],
            "Published": pa.array([date(2024, 1, 2), date(2024, 1, 3)], pa.date32()),
        },
    )
    found = items(path)
    assert [(d.id, d.published) for d in found if isinstance(d, Document)] == [
        ("7", date(2024, 1, 2)),
        ("8", date(2024, 1, 3)),
    ]
    stamped = write(
        tmp_path / "stamped.parquet",
        {
            "text": ["Late-night strike."],
            "published": pa.array(
                [datetime(2024, 1, 2, 23, 30, tzinfo=kyiv)], pa.timestamp("s", tz="+02:00")
            ),
        },
    )
    (doc,) = items(stamped)
    assert isinstance(doc, Document) and doc.published == date(2024, 1, 2)  # the local date as stored


def test_missing_text_column_says_what_to_do(tmp_path: Path) -> None:
    path = write(tmp_path / "notext.parquet", {"body": ["x"], "published": ["2024-01-01"]})
    (skip,) = items(path)
    assert isinstance(skip, Skipped) and skip.origin == path
    assert "no `text` column (found: body, published)" in skip.reason and "name the article" in skip.reason


def test_missing_published_column_needs_published_argument(tmp_path: Path) -> None:
    path = write(tmp_path / "nodate.parquet", {"text": ["Troops withdrew."]})
    (skip,) = items(path)
    assert isinstance(skip, Skipped)
    assert "no `published` column" in skip.reason and "--published" in skip.reason
    (doc,) = items(path, published=date(2024, 2, 1))
    assert isinstance(doc, Document) and doc.published == date(2024, 2, 1)


def test_bad_rows_are_skipped_with_their_row_number_and_the_rest_goes_on(tmp_path: Path) -> None:
    path = write(
        tmp_path / "mixed.parquet",
        {
            "text": ["Fine.", None, "Also fine.", "Bad date."],
            "published": ["2024-01-01", "2024-01-01", None, "soon"],
        },
    )
    found = items(path, published=date(2024, 5, 5))
    assert [type(x).__name__ for x in found] == ["Document", "Skipped", "Document", "Skipped"]
    assert [x.origin for x in found if isinstance(x, Skipped)] == [f"{path}:2", f"{path}:4"]
    assert found[2].published == date(2024, 5, 5)  # type: ignore[union-attr]


def test_a_text_over_the_limit_is_skipped_not_the_file(tmp_path: Path) -> None:
    path = write(tmp_path / "big.parquet", {"text": ["short", "x" * 500], "published": ["2024-01-01"] * 2})
    found = items(path, max_bytes=100)
    assert isinstance(found[0], Document) and isinstance(found[1], Skipped)
    assert "over the 100 bytes limit" in found[1].reason


def test_not_a_parquet_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.parquet"
    path.write_bytes(b"PAR1 this is not really parquet")
    (skip,) = items(str(path))
    assert isinstance(skip, Skipped) and "not a readable Parquet file" in skip.reason


def test_row_groups_stream_in_order_and_memory_stays_flat(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    n, body = 600, "The convoy moved east. " * 400  # ~9 KB a row, ~5.5 MB in all
    texts = [f"{i} {body}" for i in range(n)]
    path = write(
        tmp_path / "many.parquet",
        {"id": [f"r{i}" for i in range(n)], "text": texts, "published": ["2024-01-01"] * n},
        row_group_size=50,
        compression="none",
    )
    monkeypatch.setattr(records, "PARQUET_BATCH_ROWS", 16)
    ids, held = [], []
    for item in iter_documents([path]):
        assert isinstance(item, Document)
        ids.append(item.id)
        held.append(pa.total_allocated_bytes())
    assert ids == [f"r{i}" for i in range(n)]
    assert max(held) < 2_000_000, f"{max(held)} bytes held while streaming: more than a row group was read"
    assert count_inputs([path]) == n


def test_glob_patterns_expand_sorted_and_say_when_nothing_matches(tmp_path: Path) -> None:
    for name in ("b", "a"):
        write(tmp_path / f"{name}.parquet", {"text": [f"Shard {name}."], "published": ["2024-01-01"]})
    (tmp_path / "notes.txt").write_text("date 2024-01-01 Not a shard.", encoding="utf-8")
    found = items(str(tmp_path / "*.parquet"))
    assert [d.text for d in found if isinstance(d, Document)] == ["Shard a.", "Shard b."]
    assert count_inputs([str(tmp_path / "*.parquet"), str(tmp_path / "**" / "*.txt")]) == 3
    (skip,) = items(str(tmp_path / "*.jsonl"))
    assert isinstance(skip, Skipped) and "no files match this pattern" in skip.reason
