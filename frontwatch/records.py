"""Records: JSONL/NDJSON, JSON lists, CSV and Parquet, each record one `Document` (fields `id, text,
published, url, title, source`), and the `Skipped` items that say why an input gave no document."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from frontwatch.types import Document

RECORD_FIELDS = ("id", "text", "published", "url", "title", "source")
PARQUET_BATCH_ROWS = 256  # rows decoded at a time: memory stays flat however big the file


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input that gave no document; `reason` is one line that says what to do."""

    origin: str
    reason: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}"


Item = Document | Skipped


class Skip(Exception):
    """Raised inside the readers with a user-facing reason; becomes a `Skipped` at the boundary."""


def document_id(text: str) -> str:
    """Content hash of a text: the first 16 hex characters of its SHA-256."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def guarded(where: str, items: Iterable[Item]) -> Iterator[Item]:
    """The items, then a Skipped at `where` if the reader gives up part way."""
    try:
        yield from items
    except Skip as skip:
        yield Skipped(where, str(skip))


def one(where: str, make: Callable[..., Document], *args: Any) -> Item:
    """`make(*args)`, or a Skipped at `where` when it gives up."""
    try:
        return make(*args)
    except Skip as skip:
        return Skipped(where, str(skip))


def one_line(error: object) -> str:
    return " ".join(str(error).split()) or type(error).__name__


def megabytes(size: int) -> str:
    """52 MB, 1.5 MB, or 900 bytes below a megabyte."""
    return f"{size / 1_000_000:.1f}".removesuffix(".0") + " MB" if size >= 1_000_000 else f"{size:,} bytes"


def parse_day(value: str) -> date | None:
    """YYYY-MM-DD or an ISO datetime (its date as written); None if it is not a date."""
    try:
        return date.fromisoformat(value) if len(value) == 10 else datetime.fromisoformat(value).date()
    except ValueError:
        return None


def record_document(origin: str, record: object, published: date | None) -> Document:
    """One JSONL/JSON/CSV record: `text` required; id, published, url, title, source optional."""
    if not isinstance(record, dict):
        raise Skip(f'expected an object with a "text" field, got {type(record).__name__}: fix or remove it')
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise Skip('no "text" (missing or empty): add the article text as "text" or remove the record')
    day, raw = published, record.get("published")
    if isinstance(raw, date):  # a Parquet date or timestamp column: the date as stored
        day = raw.date() if isinstance(raw, datetime) else raw
    elif raw not in (None, ""):
        day = parse_day(raw.strip()) if isinstance(raw, str) else None
        if day is None:
            raise Skip(f'"published" is {raw!r}, not a date: use YYYY-MM-DD or an ISO datetime')
    if day is None:
        raise Skip('no "published" date: add "published": "YYYY-MM-DD" or pass --published')
    url, title, source = (optional(record.get(key)) for key in ("url", "title", "source"))
    doc_id = optional(record.get("id")) or document_id(text)
    return Document(doc_id, text, day, url=url, title=title, source=source, origin=origin)


def optional(value: object) -> str | None:
    """A metadata value as a stripped string; None when absent, empty or not a scalar."""
    if value is None or isinstance(value, (dict, list)):
        return None
    return str(value).strip() or None


def jsonl_items(origin: str, text: str, published: date | None) -> Iterator[Item]:
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            reason = f"not valid JSON ({error.msg} at column {error.colno}): fix or remove the line"
            yield Skipped(f"{origin}:{number}", reason)
            continue
        yield one(f"{origin}:{number}", record_document, origin, record, published)


def json_items(origin: str, text: str, published: date | None) -> Iterator[Item]:
    try:
        data: Any = json.loads(text)
    except json.JSONDecodeError as error:
        where = f"{error.msg} at line {error.lineno} column {error.colno}"
        raise Skip(f"not valid JSON ({where}): fix the file") from None
    records = [data] if isinstance(data, dict) else data
    if not isinstance(records, list) or not records:
        raise Skip('expected a JSON list of records with a "text" field: fix the file')
    for number, record in enumerate(records, start=1):
        yield one(f"{origin}#{number}", record_document, origin, record, published)


def csv_items(origin: str, text: str, published: date | None) -> Iterator[Item]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header = [name.strip().lower() for name in next(reader, [])]
    if "text" not in header:
        found = ", ".join(header)
        raise Skip(f"no `text` column in the header (found: {found}): name the article column `text`")
    line = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:  # strict mode: report the row, go on with the next line
            yield Skipped(
                f"{origin}:{line}", f"not valid CSV ({one_line(error)}): fix the quoting of this row"
            )
            row = []
        if any(cell.strip() for cell in row):
            record = dict(zip(header, row, strict=False))
            yield one(f"{origin}:{line}", record_document, origin, record, published)
        line = reader.line_num + 1


def parquet_items(path: Path, published: date | None, max_bytes: int) -> Iterator[Item]:
    """Records of a Parquet file, decoded a few hundred rows at a time: memory holds at most one row group."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    origin = str(path)
    try:
        with pq.ParquetFile(path, buffer_size=1 << 20, pre_buffer=False) as file:  # one row group at a time
            names = [name.lower() for name in file.schema_arrow.names]
            _check_parquet_columns(names, published)
            columns = [file.schema_arrow.names[names.index(name)] for name in RECORD_FIELDS if name in names]
            row = 0
            batches = file.iter_batches(batch_size=PARQUET_BATCH_ROWS, columns=columns, use_threads=False)
            for batch in batches:
                for values in batch.to_pylist():
                    row += 1
                    record = {key.lower(): value for key, value in values.items()}
                    yield _parquet_record(f"{origin}:{row}", origin, record, published, max_bytes)
    except (pa.ArrowException, OSError) as error:
        raise Skip(f"not a readable Parquet file ({one_line(error)}): check the file") from None


def _check_parquet_columns(names: list[str], published: date | None) -> None:
    found = ", ".join(names)
    if "text" not in names:
        raise Skip(f"no `text` column (found: {found}): name the article column `text`")
    if "published" not in names and published is None:
        raise Skip(
            f"no `published` column (found: {found}): add a date column `published` or pass --published"
        )


def _parquet_record(
    where: str, origin: str, record: dict[str, Any], published: date | None, limit: int
) -> Item:
    text = record.get("text")
    if isinstance(text, str) and len(text.encode("utf-8", "surrogatepass")) > limit:
        return Skipped(where, f"its text is over the {megabytes(limit)} limit: split it or raise --max-bytes")
    return one(where, record_document, origin, record, published)


def parquet_rows(path: Path) -> int:
    """The row count in a Parquet file's footer (1 when it cannot be read)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        return int(pq.read_metadata(path).num_rows)
    except (pa.ArrowException, OSError):
        return 1
