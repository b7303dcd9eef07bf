"""Speed: the whole frontwatch pipeline against bare spaCy `nlp.pipe` on the same texts, in one run.

    python -m benchmarks.speed [--data ../shared/data] [--quick] [--docs N]

Texts: the PolNeAR articles (../shared/data/polnear/data/*/…txt) when present, else the example articles
repeated. Prints words/s of bare `nlp.pipe`, of the whole pipeline (parse + every stage, no store), their
ratio, documents/s, the stages' own share, and the peak resident memory of this process. Target (DESIGN.md):
the pipeline at ≥ 0.8× the words/s of bare spaCy with the same model.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def texts_from(data: Path, limit: int) -> tuple[list[str], str]:
    folder = data / "polnear" / "data"
    files = sorted(folder.glob("*/**/*.txt")) if folder.is_dir() else []
    if files:
        texts = [f.read_text(encoding="utf-8", errors="replace") for f in files[:limit]]
        return texts, f"PolNeAR articles ({len(texts)} of {len(files)})"
    examples = sorted((ROOT / "examples").glob("*.txt"))
    bodies = [p.read_text(encoding="utf-8").split(maxsplit=2)[2] for p in examples]
    texts = [bodies[i % len(bodies)] for i in range(limit)]
    return texts, f"example articles repeated ({len(texts)}); ../shared/data/polnear not found"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default_data = os.environ.get("FRONTWATCH_DATA") or str(ROOT.parent / "shared" / "data")
    ap.add_argument("--data", default=default_data)
    ap.add_argument("--quick", action="store_true", help="100 documents instead of 400")
    ap.add_argument("--docs", type=int)
    ap.add_argument(
        "--workers2", action="store_true", help="also time 2 worker processes (incl. their start-up)"
    )
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "speed.json"))
    args = ap.parse_args(argv)

    from frontwatch.pipeline import Pipeline
    from frontwatch.settings import Settings
    from frontwatch.types import Document

    n = args.docs or (100 if args.quick else 400)
    texts, source = texts_from(Path(args.data), n)
    pipeline = Pipeline.create(Settings.from_env(progress=False))
    nlp = pipeline.nlp
    words = sum(len(t.split()) for t in texts)
    list(nlp.pipe(texts[:5]))  # warm up

    t0 = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=pipeline.batch_size):
        pass
    bare = time.perf_counter() - t0

    docs = [Document(id=f"s{i}", text=t, published=date(2020, 1, 1)) for i, t in enumerate(texts)]
    t0 = time.perf_counter()
    events = sum(len(ex.events) for ex in pipeline.process_many(docs))
    whole = time.perf_counter() - t0

    workers_s: float | None = None
    if args.workers2:
        from frontwatch.pipeline import process_parallel
        from frontwatch.settings import Settings as S

        t0 = time.perf_counter()
        sum(1 for _ in process_parallel(S.from_env(progress=False), 2, docs))
        workers_s = time.perf_counter() - t0

    result = {
        "source": source,
        "documents": len(texts),
        "words": words,
        "bare_spacy_words_per_s": round(words / bare),
        "pipeline_words_per_s": round(words / whole),
        "pipeline_docs_per_s": round(len(texts) / whole, 2),
        "ratio": round(bare / whole, 3),
        "stages_share": round((whole - bare) / whole, 3),
        "events": events,
        "peak_rss_mb": round(peak_rss_mb()),
        "two_workers_speedup": None if workers_s is None else round(whole / workers_s, 2),
        "machine": f"{os.cpu_count()} cores, {sys.platform}",
    }
    print(f"speed on {source}: {words} words")
    print(f"  bare spaCy nlp.pipe   {result['bare_spacy_words_per_s']:>8} words/s")
    print(
        f"  whole pipeline        {result['pipeline_words_per_s']:>8} words/s  "
        f"{result['pipeline_docs_per_s']} docs/s"
    )
    print(f"  ratio                 {result['ratio']:>8}   (target >= 0.8)")
    if workers_s is not None:
        print(
            f"  2 workers vs 1        {result['two_workers_speedup']:>8}x  (target >= 1.8; includes loading)"
        )
    print(f"  peak memory           {result['peak_rss_mb']:>8} MB (target < 1500)")
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
