"""Speed: the whole frontwatch pipeline against bare spaCy `nlp.pipe` on the same texts, in one run.

    python -m benchmarks.speed [--data ../shared/data] [--quick] [--docs N] [--workers2]

Texts: the PolNeAR articles (../shared/data/polnear/data/*/…txt) when present, else the example articles
repeated. Prints words/s of bare `nlp.pipe` (with spaCy's default blis kernels and with the NumPy BLAS
frontwatch loads the model with), of the whole pipeline (parse + every stage, no store), their ratio,
documents/s, the stages' own share, and the peak resident memory of this process. The ratio is given twice:
by wall-clock time and by this process's CPU time, which a busy machine disturbs far less (the load
average is printed beside them). With --workers2: 1 and
2 worker processes (started and loaded before the clock starts; their start-up is printed apart), and the
CPU this process spends meanwhile (ingest order, unpickling: the serial part). Every process runs one
BLAS thread, so N processes use N cores. Targets (DESIGN.md): the pipeline at ≥ 0.8× the words/s of bare
spaCy with the same model; 2 workers ≥ 1.8× one.
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
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ONE_THREAD = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


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


def bare_seconds(nlp: Any, texts: list[str], batch_size: int) -> tuple[float, float]:
    """Wall-clock and CPU seconds of bare `nlp.pipe` over the texts."""
    list(nlp.pipe(texts[:5]))  # warm up
    t0, c0 = time.perf_counter(), time.process_time()
    for _ in nlp.pipe(texts, batch_size=batch_size):
        pass
    return time.perf_counter() - t0, time.process_time() - c0


def loaded_pid(settings: Any) -> int:
    """A worker's pid once its pipeline is loaded (the pause lets the other workers take a task too)."""
    from frontwatch.pipeline import worker_pipeline

    worker_pipeline(settings)
    time.sleep(0.3)
    return os.getpid()


def time_workers(settings: Any, workers: int, docs: list[Any]) -> dict[str, float]:
    """Start `workers` processes, wait until every one has loaded, then time the documents through them."""
    from frontwatch.pipeline import process_parallel, worker_pool

    t0 = time.perf_counter()
    with worker_pool(settings, workers) as pool:
        pids: set[int] = set()
        while len(pids) < workers:
            pids |= {f.result() for f in [pool.submit(loaded_pid, settings) for _ in range(workers)]}
        start = time.perf_counter()
        cpu = time.process_time()
        sum(1 for _ in process_parallel(settings, workers, docs, pool))
        end = time.perf_counter()
        cpu = time.process_time() - cpu
    return {"startup_s": start - t0, "seconds": end - start, "main_cpu_share": cpu / (end - start)}


def main(argv: list[str] | None = None) -> int:
    for name, value in ONE_THREAD.items():  # before NumPy loads: one BLAS thread in this process too
        os.environ.setdefault(name, value)
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default_data = os.environ.get("FRONTWATCH_DATA") or str(ROOT.parent / "shared" / "data")
    ap.add_argument("--data", default=default_data)
    ap.add_argument("--quick", action="store_true", help="100 documents instead of 400")
    ap.add_argument("--docs", type=int)
    ap.add_argument("--workers2", action="store_true", help="also time 1 and 2 worker processes")
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "speed.json"))
    args = ap.parse_args(argv)

    from frontwatch import nlp as fw_nlp
    from frontwatch.pipeline import Pipeline
    from frontwatch.settings import Settings
    from frontwatch.types import Document

    n = args.docs or (100 if args.quick else 400)
    texts, source = texts_from(Path(args.data), n)
    settings = Settings.from_env(progress=False)
    pipeline = Pipeline.create(settings)
    words = sum(len(t.split()) for t in texts)
    bare, bare_cpu = bare_seconds(pipeline.nlp, texts, pipeline.batch_size)

    docs = [Document(id=f"s{i}", text=t, published=date(2020, 1, 1)) for i, t in enumerate(texts)]
    t0, c0 = time.perf_counter(), time.process_time()
    events = sum(len(ex.events) for ex in pipeline.process_many(docs))
    whole, whole_cpu = time.perf_counter() - t0, time.process_time() - c0
    peak = peak_rss_mb()  # before a second model is loaded for the blis figure
    blis, _ = bare_seconds(fw_nlp.load(settings.model, use_blis=True), texts, pipeline.batch_size)

    scaling: dict[str, dict[str, float]] = {}
    if args.workers2:
        scaling = {str(w): time_workers(settings, w, docs) for w in (1, 2)}

    result = {
        "source": source,
        "documents": len(texts),
        "words": words,
        "bare_spacy_words_per_s": round(words / bare),
        "bare_spacy_blis_words_per_s": round(words / blis),
        "pipeline_words_per_s": round(words / whole),
        "pipeline_docs_per_s": round(len(texts) / whole, 2),
        "ratio": round(bare / whole, 3),
        "ratio_cpu": round(bare_cpu / whole_cpu, 3),
        "load_average": round(os.getloadavg()[0], 2),
        "stages_share": round((whole - bare) / whole, 3),
        "events": events,
        "peak_rss_mb": round(peak),
        "workers": scaling,
        "two_workers_speedup": (
            round(scaling["1"]["seconds"] / scaling["2"]["seconds"], 2) if scaling else None
        ),
        "machine": f"{os.cpu_count()} cores, {sys.platform}",
    }
    report(result)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=1) + "\n")
    return 0


def report(result: dict[str, Any]) -> None:
    print(f"speed on {result['source']}: {result['words']} words")
    print(
        f"  bare spaCy nlp.pipe   {result['bare_spacy_words_per_s']:>8} words/s (NumPy BLAS, as frontwatch)"
    )
    print(f"  bare spaCy, blis      {result['bare_spacy_blis_words_per_s']:>8} words/s (spaCy's default)")
    print(
        f"  whole pipeline        {result['pipeline_words_per_s']:>8} words/s  "
        f"{result['pipeline_docs_per_s']} docs/s"
    )
    print(f"  ratio                 {result['ratio']:>8}   (target >= 0.8)")
    print(f"  ratio by CPU time     {result['ratio_cpu']:>8}   (load average {result['load_average']})")
    for w, figures in result["workers"].items():
        print(
            f"  {w} worker(s)           {figures['seconds']:>8.1f} s  "
            f"(start-up {figures['startup_s']:.1f} s, this process {figures['main_cpu_share']:.1%} of a core)"
        )
    if result["two_workers_speedup"] is not None:
        print(f"  2 workers vs 1        {result['two_workers_speedup']:>8}x  (target >= 1.8; loaded workers)")
    print(f"  peak memory           {result['peak_rss_mb']:>8} MB (target < 1500)")


if __name__ == "__main__":
    raise SystemExit(main())
