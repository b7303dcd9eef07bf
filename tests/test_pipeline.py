"""Tests for frontwatch.pipeline's scaling parts: chunks, ordering, worker environment, and the same store
whichever way a run goes (one process, local workers, a local Dask cluster), from Parquet shards too."""

from __future__ import annotations

import os
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from frontwatch import ingest
from frontwatch import pipeline as pl
from frontwatch.settings import Settings
from frontwatch.store import Store
from frontwatch.types import Document

ARTICLES = [
    "Russian forces shelled Kherson on Tuesday, killing three civilians and wounding 12, the regional "
    "governor said. Ukrainian troops recaptured the village of Robotyne last week, the general staff said.",
    "A missile struck an apartment block in Dnipro on Saturday. At least five people were killed, "
    'emergency services said. "We heard two explosions," a resident named Oksana told reporters.',
    "Protesters gathered outside parliament in Tbilisi on Sunday. Police detained 20 people, the interior "
    "ministry said in a statement.",
    "Ukrainian drones attacked an oil depot in Bryansk overnight, the Russian defence ministry said, "
    "adding that all of them had been shot down.",
]


def doc(i: int, text: str = "x") -> Document:
    return Document(id=f"d{i}", text=text, published=date(2024, 1, 1))


def test_chunks_keep_order_and_cap_documents_and_characters() -> None:
    docs = [doc(i, "x" * n) for i, n in enumerate([10, 10, 10, 10, 10, 95, 5, 200, 1])]
    chunks = list(pl._chunks(docs, size=4, chars=100))
    assert [[d.id for d in c] for c in chunks] == [
        ["d0", "d1", "d2", "d3"],  # four documents: the count cap
        ["d4", "d5"],  # 105 characters: the character cap
        ["d6", "d7"],  # a long document ends its chunk
        ["d8"],
    ]
    assert list(pl._chunks([], size=4)) == []


def test_in_order_yields_input_order_and_bounds_pending_work() -> None:
    pending, most = [0], [0]
    lock = threading.Lock()

    def slow_first(_: Any, chunk: list[Document]) -> list[Document]:
        time.sleep(0.05 if chunk[0].id == "d0" else 0.0)  # the first chunk finishes last
        with lock:
            pending[0] -= 1
        return chunk

    with ThreadPoolExecutor(4) as pool:

        def submit(_fn: Any, settings: Settings, chunk: list[Document]) -> Future[list[Document]]:
            with lock:
                pending[0] += 1
                most[0] = max(most[0], pending[0])
            return pool.submit(slow_first, settings, chunk)

        settings = Settings(batch_size=2)
        out: list[Any] = list(pl._in_order(submit, settings, (doc(i) for i in range(20)), in_flight=3))
    assert [d.id for d in out] == [f"d{i}" for i in range(20)]
    assert most[0] <= 3


def test_environment_sets_only_unset_variables_and_restores(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OMP_NUM_THREADS", "4")
    monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    with pl._environment({"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}):
        assert os.environ["OMP_NUM_THREADS"] == "4"  # the user's choice stays
        assert os.environ["OPENBLAS_NUM_THREADS"] == "1"
    assert "OPENBLAS_NUM_THREADS" not in os.environ and os.environ["OMP_NUM_THREADS"] == "4"


def snapshot(db: str) -> list[Any]:
    store = Store.open(db)
    try:
        return [
            store.events(merged=False),
            store.events(),
            store.quotes(),
            store.mentions("place"),
            store.mentions("time"),
            store.control_changes(),
            [tuple(row) for row in store.documents()],
        ]
    finally:
        store.close()


def shards(folder: Path) -> str:
    """The articles as two Parquet shards; the glob that names them."""
    folder.mkdir()
    for n, part in enumerate((ARTICLES[:2], ARTICLES[2:])):
        table = pa.table(
            {
                "id": [f"s{n}-{i}" for i in range(len(part))],
                "text": part,
                "published": pa.array([date(2024, 3, 10)] * len(part), pa.date32()),
                "source": ["Test Wire"] * len(part),
            }
        )
        pq.write_table(table, folder / f"part-{n}.parquet", row_group_size=1)
    return str(folder / "*.parquet")


def run_into(db: str, inputs: list[str], pipeline: Any = None, **kwargs: Any) -> pl.RunReport:
    store = Store.open(db)
    try:
        return pl.run(pipeline, store, inputs, progress=False, **kwargs)
    finally:
        store.close()


def test_parquet_and_jsonl_inputs_give_the_same_store(pipeline: Any, tmp_path: Path) -> None:
    import json

    pattern = shards(tmp_path / "shards")
    jsonl = tmp_path / "all.jsonl"
    rows = [
        {"id": f"s{n}-{i}", "text": t, "published": "2024-03-10", "source": "Test Wire"}
        for n, part in enumerate((ARTICLES[:2], ARTICLES[2:]))
        for i, t in enumerate(part)
    ]
    jsonl.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    report = run_into(str(tmp_path / "p.db"), [pattern], pipeline)
    assert report.stored == 4 and report.ok and report.events > 0
    run_into(str(tmp_path / "j.db"), [str(jsonl)], pipeline)
    parquet, from_jsonl = snapshot(str(tmp_path / "p.db")), snapshot(str(tmp_path / "j.db"))
    assert parquet[:-1] == from_jsonl[:-1] and parquet[0]
    assert [row[:-1] for row in parquet[-1]] == [row[:-1] for row in from_jsonl[-1]]  # all but origin


def test_workers_and_dask_give_the_same_store_as_one_process(
    pipeline: Any, default_gazetteer: Any, home: Path, tmp_path: Path
) -> None:
    pattern = shards(tmp_path / "shards")
    settings = Settings(home=home, progress=False, batch_size=2)
    run_into(str(tmp_path / "one.db"), [pattern], pipeline)
    docs = [d for d in ingest.iter_documents([pattern]) if isinstance(d, Document)]
    with pl.worker_pool(settings, 2) as pool:
        threads = pool.submit(os.getenv, "OPENBLAS_NUM_THREADS").result()
        assert threads == os.environ.get("OPENBLAS_NUM_THREADS", "1")  # one BLAS thread a worker
        store = Store.open(str(tmp_path / "pool.db"))
        try:
            for ex in pl.process_parallel(settings, 2, docs, pool):
                store.save(ex)
        finally:
            store.close()
    run_into(str(tmp_path / "dask.db"), [pattern], workers=2, settings=settings, cluster=True)
    one = snapshot(str(tmp_path / "one.db"))
    assert one[0] and one == snapshot(str(tmp_path / "pool.db")) == snapshot(str(tmp_path / "dask.db"))
