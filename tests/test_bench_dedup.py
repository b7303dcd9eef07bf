"""The de-duplication cost benchmark: its input builder and its timer, on tiny inputs written here."""

from __future__ import annotations

import time
from pathlib import Path
from types import SimpleNamespace

from benchmarks import dedup


def test_cir_rows_become_dated_documents_violent_first(tmp_path: Path) -> None:
    csv = tmp_path / "events.csv"
    csv.write_text(
        "entry,date,title,brief description,town/city,province,violence level\n"
        "A1,2022-03-01,t,Convoy seen on a road,Sumy,Sumy Oblast,1\n"
        "A2,2022-03-02,t,Shelling of a school,Kharkiv,Kharkiv Oblast,3\n"
        "A3,,t,No date given,Kyiv,,3\n",
        encoding="utf-8",
    )
    docs = dedup.cir_documents(csv, 5)
    assert [d["id"] for d in docs] == ["cir-A2", "cir-A1"]
    assert docs[0] == {
        "id": "cir-A2",
        "text": "Shelling of a school. It was reported in Kharkiv, Kharkiv Oblast.",
        "published": "2022-03-02",
    }
    assert len(dedup.cir_documents(csv, 1)) == 1


def test_timed_adds_the_time_spent_inside_and_restores_the_function() -> None:
    def nap() -> str:
        time.sleep(0.02)
        return "done"

    owner = SimpleNamespace(nap=nap)
    spent = [0.0]
    with dedup.timed(owner, "nap", spent):
        assert owner.nap() == "done"
        owner.nap()
    assert spent[0] >= 0.04
    assert owner.nap is nap
