"""What de-duplication costs: the share of `frontwatch run` spent merging 2,000 documents (issue 7: <= 10%).

Input: incident reports of the CIR/Bellingcat map (../shared/data/cir-events/events.csv), in file order, the
violent ones first; each becomes one short dated document (its description and its town and province).
They are a worst case for merging: many short reports of shelling in the same towns on the same days, so
many candidates and links per word of text. Optionally (--articles N) PolNeAR articles are mixed in, as in
a news feed.

The run is the real `frontwatch.pipeline.run` into a fresh SQLite store; the benchmark times, inside that
one run, the two steps that exist only for de-duplication — linking a document's reports to the stored ones
(`Store._link_events`, dedup.py) and indexing the document for near-duplicates (`neardup.index`) — and
reports their share of the whole run.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from benchmarks.common import ROOT, data_dir, floors
from frontwatch import neardup, pipeline
from frontwatch.settings import Settings
from frontwatch.store import Store

TARGET_PCT = 10.0


def cir_documents(path: Path, n: int) -> list[dict[str, str]]:
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    violent = [r for r in rows if r.get("violence level", "") not in ("", "0", "1")]
    docs = []
    for r in violent + [r for r in rows if r not in violent]:
        text = (r.get("brief description") or r.get("title") or "").strip().rstrip(".")
        town, province = (r.get("town/city") or "").strip(), (r.get("province") or "").strip()
        if not text or not r.get("date"):
            continue
        where = ", ".join(x for x in (town, province) if x)
        body = f"{text}." + (f" It was reported in {where}." if where else "")
        docs.append({"id": f"cir-{r['entry']}", "text": body, "published": r["date"][:10]})
        if len(docs) == n:
            break
    return docs


def polnear_documents(folder: Path, n: int) -> list[dict[str, str]]:
    docs = []
    for txt in sorted(folder.rglob("*.txt"))[:n]:
        docs.append(
            {"id": f"polnear-{txt.stem}", "text": txt.read_text(encoding="utf-8"), "published": "2016-10-01"}
        )
    return docs


@contextmanager
def timed(owner: Any, name: str, spent: list[float]) -> Iterator[None]:
    """Wrap owner.name so that the time spent inside it is added to spent[0]."""
    original: Callable[..., Any] = getattr(owner, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        t = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            spent[0] += time.perf_counter() - t

    setattr(owner, name, wrapper)
    try:
        yield
    finally:
        setattr(owner, name, original)


def measure(docs: list[dict[str, str]], workdir: Path) -> dict[str, float]:
    inputs = workdir / "docs.jsonl"
    inputs.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    pipe = pipeline.Pipeline.create(Settings.from_env())
    linking, indexing = [0.0], [0.0]
    with Store.open(workdir / "store.db") as store, timed(Store, "_link_events", linking):
        with timed(neardup, "index", indexing):
            t = time.perf_counter()
            report = pipeline.run(pipe, store, [str(inputs)])
            total = time.perf_counter() - t
        merged = len(store.events())
        raw = len(store.events(merged=False))
        copies = store.conn.execute("SELECT count(*) FROM document_copies").fetchone()[0]
    spent = linking[0] + indexing[0]
    return {
        "documents": report.stored,
        "reports": raw,
        "events": merged,
        "copies": copies,
        "run_s": total,
        "linking_s": linking[0],
        "neardup_s": indexing[0],
        "merge_pct": 100 * spent / total,
        "merge_overhead_pct": 100 * spent / (total - spent),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data")
    ap.add_argument("--quick", action="store_true", help="300 documents (the CI gate)")
    ap.add_argument("--check", action="store_true", help="exit 1 when a figure breaks its pinned bound")
    ap.add_argument("--documents", type=int, default=2000)
    ap.add_argument("--articles", type=int, default=0, help="also mix in N PolNeAR articles")
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "dedup.json"))
    args = ap.parse_args(argv)
    data, shown = data_dir(args.data)
    source = data / "cir-events" / "events.csv"
    if not source.exists():
        print(f"benchmark dedup: {shown}/cir-events not found, skipped")
        return 0
    n = 300 if args.quick else args.documents
    docs = cir_documents(source, n - args.articles)
    if args.articles:
        docs += polnear_documents(data / "polnear", args.articles)
    with tempfile.TemporaryDirectory() as tmp:
        figures = measure(docs, Path(tmp))
    f = figures
    print(f"\nde-duplication cost in one `frontwatch run` ({f['documents']:.0f} documents, {shown})")
    print(f"  reports {f['reports']:.0f} -> events {f['events']:.0f}; near-duplicate links {f['copies']:.0f}")
    print(f"  run {f['run_s']:.1f} s; linking {f['linking_s']:.2f} s; near-duplicates {f['neardup_s']:.2f} s")
    print(
        f"  merging adds {f['merge_overhead_pct']:.1f}% to the rest of the run (target <= {TARGET_PCT:.0f}%)"
    )
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(figures, indent=2), encoding="utf-8")
    if args.check:
        ceiling = floors("dedup", "quick" if args.quick else "full")["max_merge_overhead_pct"]
        if figures["merge_overhead_pct"] > ceiling:
            print(
                f"merge overhead {figures['merge_overhead_pct']:.1f}% > pinned ceiling {ceiling:.1f}%",
                file=sys.stderr,
            )
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
