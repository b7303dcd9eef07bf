"""Read news reports from files, folders, stdin and RSS/Atom feeds into `Document` records.

Formats: the date-prefixed text format (`date YYYY-MM-DD` then the body; .txt/.text/.md and stdin), JSONL/NDJSON,
JSON (a list of records), CSV, HTML pages (trafilatura) and RSS/Atom feeds (feedparser). Bad input never raises:
it becomes a `Skipped` entry whose reason says what to do, and the batch goes on.

Text rules: for the text format, `Document.text` is the body after the date with leading whitespace stripped; a
BOM is dropped and Windows (\\r\\n) and old Mac (\\r) line endings become \\n. A JSONL/JSON/CSV record's `text`
is kept unchanged. Every Document has a publication date: its own, else the `published` argument, else the
input is skipped. Feed entry dates are the local date as written in the feed, not the UTC date.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import os
import re
import sys
import urllib.request
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from functools import partial
from http.client import HTTPException
from pathlib import Path
from types import MappingProxyType
from typing import Any, TextIO

import feedparser
import lxml.html
import trafilatura
from lxml.etree import ParserError

from frontwatch.types import Document

KINDS: Mapping[str, str] = MappingProxyType({
    ".txt": "text", ".text": "text", ".md": "text", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json",
    ".csv": "csv", ".html": "html", ".htm": "html", ".xml": "feed", ".rss": "feed", ".atom": "feed",
})
READABLE = ".txt .text .md .jsonl .ndjson .json .csv .html .htm .xml .rss .atom"
NO_DATE = "no date found in line 1: start the file with `date YYYY-MM-DD` or pass --published"
USER_AGENT = "frontwatch/0.1 (news event extraction; +https://pypi.org/project/frontwatch/)"
_DATE_LINE = re.compile(r"\A\s*date:?[ \t]+(\d\S*)", re.IGNORECASE)
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_HTML_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_CHARSET = re.compile(rb"""<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_BLOCKS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "pre", "section")
Item = Document | Skipped


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input that gave no document; `reason` is one line that says what to do."""

    origin: str
    reason: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}"


class _Skip(Exception):
    """Internal: raised by the readers with a user-facing reason; turned into `Skipped` at the boundary."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def document_id(text: str) -> str:
    """Content hash of a text: the first 16 hex characters of its SHA-256."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def fetch_url(url: str, timeout: float = 30.0, limit: int = 100_000_000) -> bytes:
    """GET a URL with a timeout and a User-Agent; read at most `limit` bytes."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - http(s) only
        data: bytes = response.read(limit)
    return data


def iter_documents(
    inputs: Sequence[str],
    published: date | None = None,
    max_bytes: int = 20_000_000,
    stdin: TextIO | None = None,
    fetch: Callable[[str], bytes] | None = None,
) -> Iterator[Document | Skipped]:
    """Yield a Document or a Skipped for every report in `inputs` (paths, folders, "-" for stdin, feed URLs)."""
    for given in inputs:
        if given == "-":
            yield from _from_stdin(stdin if stdin is not None else sys.stdin, published, max_bytes)
        elif _is_url(given):
            yield from _from_url(given, published, max_bytes, fetch or partial(fetch_url, limit=max_bytes + 1))
        else:
            yield from _from_path(Path(given), published, max_bytes)


def count_inputs(inputs: Sequence[str]) -> int | None:
    """A cheap estimate of how many documents `inputs` hold; None when unknown (stdin, URLs)."""
    total = 0
    for given in inputs:
        if given == "-" or _is_url(given):
            return None
        path = Path(given)
        files = _walk(path)[0] if path.is_dir() else [path] if path.is_file() else []
        total += sum(_count_file(file) for file in files)
    return total


# --- inputs -------------------------------------------------------------------------------------------


def _is_url(given: str) -> bool:
    return given.lower().startswith(("http://", "https://"))


def _walk(folder: Path) -> tuple[list[Path], int]:
    """Readable files under a folder, sorted, hidden files and folders skipped; and how many others there were."""
    found: list[Path] = []
    ignored = 0
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(name for name in dirs if not name.startswith("."))
        for name in files:
            if name.startswith("."):
                continue
            if Path(name).suffix.lower() in KINDS:
                found.append(Path(root, name))
            else:
                ignored += 1
    return sorted(found), ignored


def _from_path(path: Path, published: date | None, max_bytes: int) -> Iterator[Item]:
    if path.is_dir():
        files, ignored = _walk(path)
        if not files:
            others = f" ({ignored} other files ignored)" if ignored else ""
            yield Skipped(str(path), f"no readable files in this folder{others}: add files of a type we read "
                          f"({READABLE})")
        for file in files:
            yield from _from_file(file, published, max_bytes)
    elif path.exists():
        yield from _from_file(path, published, max_bytes)
    else:
        yield Skipped(str(path), "no such file or folder: check the path")


def _from_file(path: Path, published: date | None, max_bytes: int) -> Iterator[Item]:
    origin = str(path)
    kind = KINDS.get(path.suffix.lower())
    try:
        if kind is None:
            raise _Skip(f"unknown file type '{path.suffix or path.name}': convert it to one we read ({READABLE})")
        data = _read_bytes(path, max_bytes)
        yield from _parse(kind, origin, data, published)
    except _Skip as skip:
        yield Skipped(origin, skip.reason)
    except OSError as error:
        yield Skipped(origin, f"cannot read it ({error.strerror or error}): check its permissions")


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    """The file's bytes; the size is checked before anything is read."""
    size = path.stat().st_size
    if size > max_bytes:
        raise _Skip(_too_big(size, max_bytes))
    data = path.read_bytes()
    if not data.strip():
        raise _Skip("is empty: add text or remove the file")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise _Skip(f"is UTF-16, not UTF-8: convert with `{_iconv('UTF-16', path)}`")
    if b"\x00" in data[:65536]:
        raise _Skip(f"is a binary file, not text: pass text, JSONL, CSV, HTML or RSS/Atom files ({READABLE})")
    return data


def _too_big(size: int, limit: int) -> str:
    shown, limit_shown = _megabytes(size), _megabytes(limit)
    if shown == limit_shown:
        shown, limit_shown = f"{size:,} bytes", f"{limit:,}-byte"
    return f"is {shown}, over the {limit_shown} limit: split it or raise --max-bytes"


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f}".removesuffix(".0") + " MB"


def _iconv(encoding: str, path: Path | None) -> str:
    if path is None:
        return f"iconv -f {encoding} -t UTF-8"
    return f"iconv -f {encoding} -t UTF-8 {path.name} > {path.stem}.utf8{path.suffix}"


def _from_stdin(stream: TextIO, published: date | None, max_bytes: int) -> Iterator[Item]:
    try:
        text = stream.read(max_bytes + 1)
    except UnicodeDecodeError:
        yield Skipped("<stdin>", f"not UTF-8: convert with `{_iconv('WINDOWS-1252', None)}` (or its encoding)")
        return
    if len(text) > max_bytes:
        yield Skipped("<stdin>", f"is over the {_megabytes(max_bytes)} limit: split it or raise --max-bytes")
    elif not text.strip():
        yield Skipped("<stdin>", "is empty: pipe a `date YYYY-MM-DD` text or JSONL records into it")
    else:
        text = text.removeprefix("\ufeff")
        yield from _parse_text_input("<stdin>", text, published)


def _parse_text_input(origin: str, text: str, published: date | None) -> Iterator[Item]:
    """Stdin: JSONL when it starts with `{`, a JSON list when it parses as one, else the text format."""
    head = text.lstrip()
    if head.startswith("{"):
        yield from _jsonl_items(origin, text, published)
        return
    if head.startswith("["):
        try:
            records = json.loads(text)
        except ValueError:
            records = None
        if isinstance(records, list):
            yield from _record_list(origin, records, published)
            return
    yield from _guarded(origin, lambda: [_text_document(origin, text, published)])


def _from_url(url: str, published: date | None, max_bytes: int, fetch: Callable[[str], bytes]) -> Iterator[Item]:
    try:
        data = fetch(url)
    except (OSError, ValueError, HTTPException) as error:
        yield Skipped(url, f"could not fetch it ({_one_line(error)}): check the URL and your network")
        return
    if len(data) > max_bytes:
        yield Skipped(url, f"is over the {_megabytes(max_bytes)} limit: raise --max-bytes")
    elif not data.strip():
        yield Skipped(url, "returned nothing: check the URL")
    elif _looks_like_html(data):
        yield from _guarded(url, lambda: [_html_document(url, data, published, url)])
    else:
        yield from _guarded(url, lambda: _feed_items(url, data, published))


def _looks_like_html(data: bytes) -> bool:
    head = data[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html"))


def _guarded(origin: str, produce: Callable[[], Iterable[Item]]) -> Iterator[Item]:
    try:
        yield from produce()
    except _Skip as skip:
        yield Skipped(origin, skip.reason)


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split()) or type(error).__name__


# --- formats ------------------------------------------------------------------------------------------


def _parse(kind: str, origin: str, data: bytes, published: date | None) -> Iterator[Item]:
    path = Path(origin)
    if kind == "html":
        yield _html_document(origin, data, published, None)
    elif kind == "feed":
        _decode(data, path, _XML_CHARSET)  # fail early and clearly on undeclared non-UTF-8 bytes
        yield from _feed_items(origin, data, published)
    else:
        text = _decode(data, path, None)
        if kind == "text":
            yield _text_document(origin, text, published)
        elif kind == "jsonl":
            yield from _jsonl_items(origin, text, published)
        elif kind == "json":
            yield from _json_items(origin, text, published)
        else:
            yield from _csv_items(origin, text, published)


def _decode(data: bytes, path: Path, declared: re.Pattern[bytes] | None) -> str:
    """Decode as the file declares (HTML/XML), else strict UTF-8; never guess silently."""
    found = declared.search(data[:4096]) if declared else None
    encoding = found.group(1).decode("ascii") if found else "utf-8"
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        raise _Skip(f"declares an unknown encoding '{encoding}': fix the declaration or convert to UTF-8") from None
    try:
        return data.decode("utf-8-sig" if name == "utf-8" else name)
    except UnicodeDecodeError as error:
        if _looks_binary(data):
            raise _Skip("is a binary file, not text: pass text, JSONL, CSV, HTML or RSS/Atom files") from None
        bad = data[error.start]
        said = f", although it declares {encoding}" if found else ""
        raise _Skip(f"not UTF-8 (byte 0x{bad:02x} at offset {error.start}{said}): convert with "
                    f"`{_iconv(_encoding_hint(data), path)}` (or its real encoding)") from None


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    controls = sum(1 for byte in sample if byte < 32 and byte not in b"\t\n\r\f" or byte == 127)
    return controls > len(sample) * 0.05


def _encoding_hint(data: bytes) -> str:
    """A hint for the message only: mostly high bytes suggest Cyrillic windows-1251, few suggest windows-1252."""
    sample = data[:65536]
    high = sum(1 for byte in sample if byte >= 0x80)
    letters = sum(1 for byte in sample if 65 <= byte <= 90 or 97 <= byte <= 122)
    return "WINDOWS-1251" if high > letters else "WINDOWS-1252"


def _text_document(origin: str, text: str, published: date | None) -> Document:
    """The date-prefixed text format, or plain text dated by `published`."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    match = _DATE_LINE.match(text)
    if match:
        value = match.group(1)
        day = _parse_day(value) if _ISO_DAY.fullmatch(value) else None
        if day is None:
            raise _Skip(f"line 1 has `date {value}`, which is not a calendar date: write `date YYYY-MM-DD`")
        body = text[match.end():].lstrip()
        if not body:
            raise _Skip("has a date but no text after it: add the article body")
        return Document(id=document_id(body), text=body, published=day, origin=origin)
    if published is None:
        raise _Skip(NO_DATE)
    if not text.strip():
        raise _Skip("is empty: add text or remove the file")
    return Document(id=document_id(text), text=text, published=published, origin=origin)


def _parse_day(value: str) -> date | None:
    """YYYY-MM-DD or an ISO datetime (its date as written); None if it is not a date."""
    try:
        return date.fromisoformat(value) if len(value) == 10 else datetime.fromisoformat(value).date()
    except ValueError:
        return None


def _record(where: str, origin: str, record: object, published: date | None) -> Document:
    """One JSONL/JSON/CSV record: text required; id, published, url, title, source optional."""
    if not isinstance(record, dict):
        raise _Skip(f"expected an object with a \"text\" field, got {type(record).__name__}: fix or remove it")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise _Skip("no \"text\" (missing or empty): add the article text as \"text\" or remove the record")
    day = published
    raw = record.get("published")
    if raw not in (None, ""):
        day = _parse_day(raw) if isinstance(raw, str) else None
        if day is None:
            raise _Skip(f"\"published\" is {raw!r}, not a date: use YYYY-MM-DD or an ISO datetime")
    if day is None:
        raise _Skip("no \"published\" date: add \"published\": \"YYYY-MM-DD\" or pass --published")
    given_id = _optional(record.get("id"))
    return Document(id=given_id or document_id(text), text=text, published=day, url=_optional(record.get("url")),
                    title=_optional(record.get("title")), source=_optional(record.get("source")), origin=origin)


def _optional(value: object) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    text = str(value).strip()
    return text or None


def _record_items(where: str, origin: str, record: object, published: date | None) -> Iterator[Item]:
    try:
        yield _record(where, origin, record, published)
    except _Skip as skip:
        yield Skipped(where, skip.reason)


def _jsonl_items(origin: str, text: str, published: date | None) -> Iterator[Item]:
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{origin}:{number}"
        try:
            record = json.loads(line)
        except ValueError as error:
            yield Skipped(where, f"not valid JSON ({_json_error(error)}): fix or remove the line")
            continue
        yield from _record_items(where, origin, record, published)


def _json_error(error: ValueError) -> str:
    if isinstance(error, json.JSONDecodeError):
        return f"{error.msg} at line {error.lineno} column {error.colno}"
    return _one_line(error)


def _json_items(origin: str, text: str, published: date | None) -> Iterator[Item]:
    try:
        data: Any = json.loads(text)
    except ValueError as error:
        raise _Skip(f"not valid JSON ({_json_error(error)}): fix the file") from None
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        raise _Skip("expected a JSON list of records with a \"text\" field: fix the file")
    yield from _record_list(origin, data, published)


def _record_list(origin: str, records: list[Any], published: date | None) -> Iterator[Item]:
    if not records:
        yield Skipped(origin, "holds no records: add records with a \"text\" field")
    for number, record in enumerate(records, start=1):
        yield from _record_items(f"{origin}#{number}", origin, record, published)


def _csv_items(origin: str, text: str, published: date | None) -> Iterator[Item]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [name.strip().lower() for name in next(reader)]
    except (StopIteration, csv.Error) as error:
        raise _Skip(f"no CSV header ({_one_line(error)}): start the file with a header row") from None
    if "text" not in header:
        raise _Skip(f"no `text` column in the header (found: {', '.join(header)}): name the article column `text`")
    line = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield Skipped(f"{origin}:{line}", f"not valid CSV ({_one_line(error)}): fix the quoting; "
                                             "the rest of the file was not read")
            return
        if any(cell.strip() for cell in row):
            yield from _record_items(f"{origin}:{line}", origin, dict(zip(header, row, strict=False)), published)
        line = reader.line_num + 1


def _html_document(origin: str, data: bytes, published: date | None, url: str | None) -> Document:
    """The main text of an HTML page and its metadata (date, title, canonical URL, site name)."""
    html = _decode(data, Path(origin) if url is None else Path("page.html"), _HTML_CHARSET)
    page = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False,
        # metadata only (no date search in the running text); a fixed max_date keeps runs deterministic
        date_extraction_params={"original_date": True, "extensive_search": False, "max_date": "2099-12-31"},
    )
    text = getattr(page, "text", None)
    if not text or not text.strip():
        raise _Skip("no main text found in the page: check that it is an article, or save its text as .txt")
    found = getattr(page, "date", None)
    day = _parse_day(found) if isinstance(found, str) else None
    if day is None and published is None:
        raise _Skip("no publication date in the page's metadata: pass --published")
    page_url = getattr(page, "url", None) or url
    return Document(id=document_id(text), text=text, published=day or published, url=page_url,
                    title=getattr(page, "title", None), source=getattr(page, "sitename", None), origin=origin)


def _feed_items(origin: str, data: bytes, published: date | None) -> Iterator[Item]:
    parsed = feedparser.parse(io.BytesIO(data), resolve_relative_uris=False, sanitize_html=True)
    if not parsed.entries:
        if not parsed.get("version") or parsed.get("bozo"):
            problem = _one_line(parsed["bozo_exception"]) if parsed.get("bozo") else "no channel or feed element"
            raise _Skip(f"not an RSS or Atom feed ({problem}): check the file or URL")
        raise _Skip("the feed has no entries: nothing to ingest")
    source = _optional(parsed.feed.get("title"))
    for number, entry in enumerate(parsed.entries, start=1):
        try:
            yield _entry_document(origin, entry, source, published)
        except _Skip as skip:
            yield Skipped(f"{origin}#{number}", skip.reason)


def _entry_document(origin: str, entry: Mapping[str, Any], source: str | None, published: date | None) -> Document:
    text = _entry_text(entry)
    if not text:
        raise _Skip("the entry has no content or summary: nothing to ingest")
    day = _entry_day(entry) or published
    if day is None:
        raise _Skip("the entry has no published or updated date: pass --published")
    link = _optional(entry.get("link"))
    entry_id = _optional(entry.get("id")) or link or document_id(text)
    return Document(id=entry_id, text=text, published=day, url=link, title=_optional(entry.get("title")),
                    source=source, origin=origin)


def _entry_text(entry: Mapping[str, Any]) -> str:
    """The longest content part, else the summary, as plain text."""
    parts = [part for part in entry.get("content") or [] if str(part.get("value", "")).strip()]
    if parts:
        best = max(parts, key=lambda part: len(str(part["value"])))
        value, kind = str(best["value"]), str(best.get("type", "text/html"))
    else:
        detail = entry.get("summary_detail") or {}
        value, kind = str(entry.get("summary") or ""), str(detail.get("type", "text/html"))
    if kind == "text/plain":
        return value.replace("\r\n", "\n").strip()
    return html_to_text(value)


def _entry_day(entry: Mapping[str, Any]) -> date | None:
    """The entry's date as written (the publisher's local date), else feedparser's UTC date."""
    for key in ("published", "updated"):
        raw = entry.get(key)
        if isinstance(raw, str) and raw.strip():
            try:
                return parsedate_to_datetime(raw).date()
            except (TypeError, ValueError):
                pass
            if day := _parse_day(raw.strip()):
                return day
        parsed = entry.get(f"{key}_parsed")
        if parsed:
            return date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
    return None


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment: one line per block element, whitespace collapsed, scripts dropped."""
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (ParserError, ValueError):
        return " ".join(fragment.split())
    for bad in root.xpath(".//script|.//style"):
        bad.drop_tree()
    for element in root.iter(*_BLOCKS):
        element.tail = "\n" + (element.tail or "")
    lines = (" ".join(line.split()) for line in root.text_content().split("\n"))
    return "\n".join(line for line in lines if line)


def _count_file(path: Path) -> int:
    kind = KINDS.get(path.suffix.lower())
    try:
        if kind == "jsonl":
            return _count_bytes(path, b"\n", trailing=True)
        if kind == "csv":
            return max(_count_bytes(path, b"\n", trailing=True) - 1, 0)
        if kind == "feed":
            return _count_bytes(path, b"<item") + _count_bytes(path, b"<entry")
        if kind == "json":
            return max(_count_bytes(path, b'"text"'), 1)
    except OSError:
        return 1
    return 1 if kind else 0


def _count_bytes(path: Path, needle: bytes, trailing: bool = False) -> int:
    """Occurrences of `needle` in a file, read in chunks; `trailing` adds one for a last unterminated line."""
    count, carry, last = 0, b"", b""
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            window = carry + chunk
            count += window.count(needle) - carry.count(needle)
            carry, last = window[-(len(needle) - 1):] if len(needle) > 1 else b"", chunk[-1:]
    return count + (1 if trailing and last not in (b"", needle[-1:]) else 0)
