"""The straight line: source → Document → spaCy → places · times · actors · quotes → events → control → store.

Each stage is a function of its inputs; this module only wires them, top to bottom.
"""

from __future__ import annotations

import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc
from tqdm import tqdm

from frontwatch import actors, control, events, ingest, nlp, quotes, temporal
from frontwatch.geo import gazetteer as gaz
from frontwatch.geo import resolve
from frontwatch.settings import Settings
from frontwatch.store import Store
from frontwatch.types import Document, Event, Extraction, PlaceMention

EVENT_MODALITIES = {"asserted", "claimed"}
CHUNK_CHARS = 20_000  # a worker task: at most batch_size documents and about this many characters
# one BLAS/OpenMP thread per worker process: N workers on N cores, no oversubscription (Dask's nannies
# set the same by default); a value the user set is kept
WORKER_THREADS = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


@dataclass
class Pipeline:
    """The expensive things, loaded once: the spaCy pipeline, the gazetteer and the actor registry."""

    nlp: Language
    gazetteer: gaz.Gazetteer
    registry: actors.Registry
    batch_size: int = 32

    @classmethod
    def create(cls, settings: Settings) -> Pipeline:
        return cls(
            nlp=nlp.load(settings.model),
            gazetteer=gaz.ensure_default(settings.gazetteer_path, progress=settings.progress),
            registry=actors.Registry.load(),
            batch_size=settings.batch_size,
        )

    def extract(self, doc: Document, sdoc: Doc) -> Extraction:
        sentences = nlp.sentences(sdoc)
        times = temporal.find_times(doc, sentences)
        places = resolve.find_places(doc, sdoc, self.gazetteer)
        actor_mentions = actors.find_actors(doc, sdoc, self.registry)
        found_quotes = quotes.find_quotes(doc, sdoc)
        found_events = events.find_events(doc, sdoc, sentences, places, times, actor_mentions)
        return Extraction(
            document=doc,
            sentences=sentences,
            places=tuple(mark_event_places(places, found_events)),
            times=tuple(times),
            actors=tuple(actor_mentions),
            quotes=tuple(found_quotes),
            events=tuple(found_events),
            control=tuple(control.changes_from_events(found_events)),
        )

    def process(self, doc: Document) -> Extraction:
        return self.extract(doc, self.nlp(doc.text))

    def process_many(self, docs: Iterable[Document]) -> Iterator[Extraction]:
        """Stream documents through spaCy in batches; memory stays flat however many arrive."""
        pairs = self.nlp.pipe(((d.text, d) for d in docs), as_tuples=True, batch_size=self.batch_size)
        for sdoc, doc in pairs:
            yield self.extract(doc, sdoc)

    def process_path(self, path: str | Path, published: date | None = None) -> Extraction:
        """One file in, its extraction out (raises ValueError when the file cannot be read)."""
        for item in ingest.iter_documents([str(path)], published=published):
            if isinstance(item, ingest.Skipped):
                raise ValueError(f"{item.origin}: {item.reason}")
            return self.process(item)
        raise ValueError(f"{path}: no document found")


def mark_event_places(places: Sequence[PlaceMention], found: Sequence[Event]) -> list[PlaceMention]:
    """A mention of a place where an asserted or claimed event happened gets the role `event`."""
    spans = {
        (ev.document_id, ev.start, ev.end, e.location.geonames_id)
        for e in found
        if e.location is not None and e.modality in EVENT_MODALITIES
        for ev in e.evidence
    }
    out = []
    for m in places:
        hit = (
            m.place is not None
            and m.role != "metonym"
            and any(
                doc_id == m.document_id and start <= m.start and m.end <= end and gid == m.place.geonames_id
                for doc_id, start, end, gid in spans
            )
        )
        out.append(replace(m, role="event") if hit else m)
    return out


@dataclass
class RunReport:
    stored: int = 0
    unchanged: int = 0
    skipped: list[ingest.Skipped] = field(default_factory=list)
    events: int = 0
    quotes: int = 0
    control: int = 0

    @property
    def ok(self) -> bool:
        return not self.skipped


@cache
def worker_pipeline(settings: Settings) -> Pipeline:
    """The pipeline of this process, loaded once (a local worker process or a Dask worker)."""
    return Pipeline.create(replace(settings, progress=False))


def _load_worker(settings: Settings) -> None:
    worker_pipeline(settings)


def _extract_chunk(settings: Settings, docs: list[Document]) -> list[Extraction]:
    """A task for a worker process (local pool or Dask): extract a chunk with the process's pipeline."""
    return list(worker_pipeline(settings).process_many(docs))


@contextmanager
def worker_pool(settings: Settings, workers: int) -> Iterator[ProcessPoolExecutor]:
    """`workers` spawned processes, one BLAS thread each, each loading the pipeline as it starts."""
    with (
        _environment(WORKER_THREADS),
        ProcessPoolExecutor(
            workers, mp_context=get_context("spawn"), initializer=_load_worker, initargs=(settings,)
        ) as pool,
    ):
        yield pool


@contextmanager
def _environment(values: Mapping[str, str]) -> Iterator[None]:
    """Set the variables the user has not set, for the processes started meanwhile; then unset them."""
    added = {name: value for name, value in values.items() if name not in os.environ}
    os.environ.update(added)
    try:
        yield
    finally:
        for name in added:
            os.environ.pop(name, None)


def process_parallel(
    settings: Settings, workers: int, docs: Iterable[Document], pool: ProcessPoolExecutor | None = None
) -> Iterator[Extraction]:
    """Extract in `workers` local processes (or in `pool`, already started), in input order."""
    if pool is not None:
        yield from _in_order(pool.submit, settings, docs, 4 * workers)
        return
    with worker_pool(settings, workers) as own:
        yield from _in_order(own.submit, settings, docs, 4 * workers)


def process_dask(
    settings: Settings, scheduler: str | None, workers: int, docs: Iterable[Document]
) -> Iterator[Extraction]:
    """Extract on a Dask cluster: `scheduler` is its address (tcp://host:8786); None starts a local cluster of
    `workers` processes. Every worker loads the pipeline once; this process gathers results in input order."""
    from distributed import Client, LocalCluster

    if scheduler is None:
        cluster = LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40
        )
        client = Client(cluster)  # type: ignore[no-untyped-call]
    else:
        cluster, client = None, Client(scheduler)  # type: ignore[no-untyped-call]
    try:
        client.run(_load_worker, settings)  # every worker loads its pipeline now, all at once
        info = client.scheduler_info().get("workers", {})
        width = sum(w.get("nthreads", 1) for w in info.values()) or workers
        yield from _in_order(lambda f, *a: client.submit(f, *a, pure=False), settings, docs, 4 * width)
    finally:
        client.close()  # type: ignore[no-untyped-call]
        if cluster is not None:
            cluster.close()


def _in_order(
    submit: Callable[..., Any], settings: Settings, docs: Iterable[Document], in_flight: int
) -> Iterator[Extraction]:
    """Submit chunks, keep at most `in_flight` pending (memory stays flat), yield results in input order.
    Several chunks per worker stay queued, so a worker never waits while the oldest chunk is finishing."""
    pending: deque[Any] = deque()
    for chunk in _chunks(docs, settings.batch_size):
        pending.append(submit(_extract_chunk, settings, chunk))
        if len(pending) >= in_flight:
            yield from pending.popleft().result()
    while pending:
        yield from pending.popleft().result()


def _chunks(docs: Iterable[Document], size: int, chars: int = CHUNK_CHARS) -> Iterator[list[Document]]:
    """Consecutive documents, at most `size` and about `chars` characters a chunk: small tasks keep the
    workers evenly loaded, to the last chunk and whatever the documents' lengths."""
    chunk: list[Document] = []
    length = 0
    for d in docs:
        chunk.append(d)
        length += len(d.text)
        if len(chunk) >= size or length >= chars:
            yield chunk
            chunk, length = [], 0
    if chunk:
        yield chunk


def run(
    pipeline: Pipeline | None,
    store: Store,
    inputs: Sequence[str],
    published: date | None = None,
    max_bytes: int = 20_000_000,
    progress: bool = True,
    on_skip: Callable[[ingest.Skipped], None] | None = None,
    workers: int = 1,
    settings: Settings | None = None,
    scheduler: str | None = None,
    cluster: bool = False,
) -> RunReport:
    """Ingest `inputs`, extract every new document and store it. Known documents are left as they are.

    With `workers` > 1 the extraction runs in that many local processes; with `scheduler` (a Dask address)
    or `cluster` (a local Dask cluster of `workers` processes) it runs on Dask. Each worker loads the
    pipeline from `settings`; the store is written by this process only, in input order, so every way of
    running gives the same store.
    """
    distributed = cluster or scheduler is not None
    if (workers > 1 or distributed) and settings is None:
        raise ValueError("run() on several workers needs the settings to load the pipeline in each worker")
    if workers <= 1 and not distributed and pipeline is None:
        raise ValueError("run() needs a pipeline, or workers > 1 and settings")
    report = RunReport()
    seen: set[str] = set()
    total = ingest.count_inputs(inputs) if progress else None
    bar = tqdm(total=total, unit="doc", disable=not progress, file=sys.stderr, desc="frontwatch run")

    def new_documents() -> Iterator[Document]:
        for item in ingest.iter_documents(inputs, published=published, max_bytes=max_bytes):
            if isinstance(item, ingest.Skipped):
                report.skipped.append(item)
                if on_skip:
                    on_skip(item)
                bar.update(1)
            elif item.id in seen or store.has_document(item):
                report.unchanged += 1
                bar.update(1)
            else:
                seen.add(item.id)
                yield item

    try:
        if distributed:
            assert settings is not None
            extractions = process_dask(settings, scheduler, workers, new_documents())
        elif workers > 1:
            assert settings is not None
            extractions = process_parallel(settings, workers, new_documents())
        else:
            assert pipeline is not None
            extractions = pipeline.process_many(new_documents())
        for ex in extractions:
            store.save(ex)
            report.stored += 1
            report.events += len(ex.events)
            report.quotes += len(ex.quotes)
            report.control += len(ex.control)
            bar.update(1)
    finally:
        bar.close()
    return report
