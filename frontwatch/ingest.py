"""Read news reports from files, folders, stdin and RSS/Atom feeds into `Document` records.

Formats: the date-prefixed text format (`date YYYY-MM-DD`, then the body; .txt .text .md and stdin),
JSONL/NDJSON, JSON (a list of records), CSV, Parquet (read in row-group batches, pyarrow), HTML pages
(trafilatura) and RSS/Atom feeds (feedparser). Inputs may be glob patterns (`data/*.parquet`, `**`).
Bad input never raises: it becomes a `Skipped` whose reason says what to do, and the batch goes on.

Text rules: in the text format `Document.text` is the body after the date, leading whitespace stripped; a BOM
is dropped and \\r\\n (and a lone \\r) become \\n. A JSONL/JSON/CSV record's `text` is kept unchanged. Every
Document has a date: its own, else the `published` argument, else the input is skipped. A feed entry's date
is the local date as written in the feed, not the UTC date.
"""

from __future__ import annotations

import codecs
import glob
import io
import os
import re
import sys
import urllib.request
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date
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

from frontwatch.records import (
    RECORD_FIELDS,
    Item,
    Skip,
    Skipped,
    csv_items,
    document_id,
    guarded,
    json_items,
    jsonl_items,
    megabytes,
    one,
    one_line,
    optional,
    parquet_items,
    parquet_rows,
    parse_day,
)
from frontwatch.types import Document

__all__ = [
    "RECORD_FIELDS",
    "Item",
    "Skipped",
    "count_inputs",
    "document_id",
    "html_to_text",
    "iter_documents",
]

KINDS: Mapping[str, str] = MappingProxyType(
    dict.fromkeys((".txt", ".text", ".md"), "text")
    | dict.fromkeys((".jsonl", ".ndjson"), "jsonl")
    | {".json": "json", ".csv": "csv", ".html": "html", ".htm": "html", ".parquet": "parquet"}
    | dict.fromkeys((".xml", ".rss", ".atom"), "feed")
)
READABLE = " ".join(KINDS)
NO_DATE = "no date found in line 1: start the file with `date YYYY-MM-DD` or pass --published"
USER_AGENT = "frontwatch/0.1 (news event extraction)"
_DATE_LINE = re.compile(r"\A\s*date:?[ \t]+(\d\S*)", re.IGNORECASE)
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_HTML_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_CHARSET = re.compile(rb"""<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_BLOCKS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "pre", "section")
# htmldate: dates from the page's metadata only; a fixed max_date keeps runs independent of today's date
_DATE_PARAMS = MappingProxyType({"original_date": True, "extensive_search": False, "max_date": "2099-12-31"})


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
    """A Document or a Skipped for every report in `inputs`: paths, folders, "-" (stdin), feed URLs."""
    for given in inputs:
        if given == "-":
            yield from _from_stdin(stdin if stdin is not None else sys.stdin, published, max_bytes)
        elif _is_url(given):
            getter = fetch or partial(fetch_url, limit=max_bytes + 1)
            yield from _from_url(given, published, max_bytes, getter)
        elif _is_glob(given):
            yield from _from_glob(given, published, max_bytes)
        else:
            yield from _from_path(Path(given), published, max_bytes)


def count_inputs(inputs: Sequence[str]) -> int | None:
    """A cheap estimate of how many documents `inputs` hold; None when unknown (stdin, URLs)."""
    total = 0
    for given in inputs:
        if given == "-" or _is_url(given):
            return None
        for path in map(Path, _expand(given) if _is_glob(given) else [given]):
            files = _walk(path)[0] if path.is_dir() else [path] if path.is_file() else []
            total += sum(_count_file(file) for file in files)
    return total


# --- inputs -----------------------------------------------------------------------------------------------


def _is_url(given: str) -> bool:
    return given.lower().startswith(("http://", "https://"))


def _is_glob(given: str) -> bool:
    """A pattern (`*`, `?`, `[`) that names no existing file as it is written."""
    return glob.has_magic(given) and not Path(given).exists()


def _expand(pattern: str) -> list[str]:
    """Visible paths matching a glob pattern (`**` recurses), sorted."""
    return sorted(glob.glob(pattern, recursive=True))


def _from_glob(pattern: str, published: date | None, max_bytes: int) -> Iterator[Item]:
    matches = _expand(pattern)
    if not matches:
        yield Skipped(pattern, "no files match this pattern: check the folder and the file extension")
    for match in matches:
        yield from _from_path(Path(match), published, max_bytes)


def _walk(folder: Path) -> tuple[list[Path], int]:
    """Readable files under a folder, sorted, hidden ones skipped; and the count of other files."""
    found: list[Path] = []
    ignored = 0
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(name for name in dirs if not name.startswith("."))
        for name in (name for name in files if not name.startswith(".")):
            if Path(name).suffix.lower() in KINDS:
                found.append(Path(root, name))
            else:
                ignored += 1
    return sorted(found), ignored


def _from_path(path: Path, published: date | None, max_bytes: int) -> Iterator[Item]:
    if not path.exists():
        yield Skipped(str(path), "no such file or folder: check the path")
    elif not path.is_dir():
        yield from _from_file(path, published, max_bytes)
    else:
        files, ignored = _walk(path)
        if not files:
            others = f" ({ignored} other files ignored)" if ignored else ""
            yield Skipped(str(path), f"no readable files in this folder{others}: add {READABLE} files")
        for file in files:
            yield from _from_file(file, published, max_bytes)


def _from_file(path: Path, published: date | None, max_bytes: int) -> Iterator[Item]:
    kind = KINDS.get(path.suffix.lower())
    try:
        if kind is None:
            raise Skip(f"unknown file type '{path.suffix or path.name}': convert it to one of {READABLE}")
        if kind == "parquet":
            yield from parquet_items(path, published, max_bytes)
        else:
            yield from _parse(kind, path, _read_bytes(path, max_bytes), published)
    except Skip as skip:
        yield Skipped(str(path), str(skip))
    except OSError as error:
        yield Skipped(str(path), f"cannot read it ({error.strerror or error}): check its permissions")


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    """The file's bytes; its size is checked before anything is read."""
    size = path.stat().st_size
    if size > max_bytes:
        shown, limit = megabytes(size), megabytes(max_bytes)
        if shown == limit:
            shown, limit = f"{size:,} bytes", f"{max_bytes:,} bytes"
        raise Skip(f"is {shown}, over the {limit} limit: split it or raise --max-bytes")
    data = path.read_bytes()
    if not data.strip():
        raise Skip("is empty: add text or remove the file")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise Skip(f"is UTF-16, not UTF-8: convert with `{_iconv('UTF-16', path)}`")
    if b"\x00" in data[:65536] or _looks_binary(data):
        raise Skip("is a binary file, not text: pass text, JSONL, CSV, HTML or RSS/Atom files")
    return data


def _iconv(encoding: str, path: Path) -> str:
    return f"iconv -f {encoding} -t UTF-8 {path.name} > {path.stem}.utf8{path.suffix}"


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    controls = sum(1 for byte in sample if (byte < 32 and byte not in b"\t\n\r\f") or byte == 127)
    return controls > len(sample) * 0.05


def _from_stdin(stream: TextIO, published: date | None, max_bytes: int) -> Iterator[Item]:
    """Stdin holds JSONL when it starts with `{`, else one report in the text format."""
    try:
        text = stream.read(max_bytes + 1).removeprefix("\ufeff")
    except UnicodeDecodeError:
        yield Skipped("<stdin>", "not UTF-8: pipe it through `iconv -f ENCODING -t UTF-8` first")
        return
    if len(text) > max_bytes:
        yield Skipped("<stdin>", f"is over the {megabytes(max_bytes)} limit: split it or raise --max-bytes")
    elif not text.strip():
        yield Skipped("<stdin>", "is empty: pipe a `date YYYY-MM-DD` text or JSONL records into it")
    elif text.lstrip().startswith("{"):
        yield from jsonl_items("<stdin>", text, published)
    else:
        yield one("<stdin>", _text_document, "<stdin>", text, published)


def _from_url(url: str, published: date | None, limit: int, fetch: Callable[[str], bytes]) -> Iterator[Item]:
    try:
        data = fetch(url)
    except (OSError, ValueError, HTTPException) as error:
        yield Skipped(url, f"could not fetch it ({one_line(error)}): check the URL and your network")
        return
    if len(data) > limit:
        yield Skipped(url, f"is over the {megabytes(limit)} limit: raise --max-bytes")
    elif not data.strip():
        yield Skipped(url, "returned nothing: check the URL")
    elif data[:1024].lstrip().lower().startswith((b"<!doctype html", b"<html")):
        yield one(url, _html_document, url, data, published, url)
    else:
        yield from guarded(url, _feed_items(url, data, published))


# --- formats ----------------------------------------------------------------------------------------------


def _parse(kind: str, path: Path, data: bytes, published: date | None) -> Iterator[Item]:
    origin = str(path)
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
            yield from jsonl_items(origin, text, published)
        elif kind == "json":
            yield from json_items(origin, text, published)
        else:
            yield from csv_items(origin, text, published)


def _decode(data: bytes, path: Path, declared: re.Pattern[bytes] | None) -> str:
    """Decode as the file declares (HTML/XML), else as strict UTF-8; never guess silently."""
    found = declared.search(data[:4096]) if declared else None
    encoding = found.group(1).decode("ascii") if found else "utf-8"
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        raise Skip(f"declares an unknown encoding '{encoding}': fix it or convert to UTF-8") from None
    try:
        return data.decode("utf-8-sig" if name == "utf-8" else name)
    except UnicodeDecodeError as error:
        said = f", though it declares {encoding}" if found else ""
        raise Skip(
            f"not UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start}{said}): convert with "
            f"`{_iconv(_encoding_hint(data), path)}` (or name its real encoding)"
        ) from None


def _encoding_hint(data: bytes) -> str:
    """For the message only: more high bytes than ASCII letters suggests Cyrillic windows-1251."""
    sample = data[:65536]
    high = sum(1 for byte in sample if byte >= 0x80)
    letters = sum(1 for byte in sample if 65 <= byte <= 90 or 97 <= byte <= 122)
    return "WINDOWS-1251" if high > letters else "WINDOWS-1252"


def _text_document(origin: str, text: str, published: date | None) -> Document:
    """The date-prefixed text format, or plain text dated by `published`."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    match = _DATE_LINE.match(text)
    if match is None:
        if published is None:
            raise Skip(NO_DATE)
        return Document(document_id(text), text, published, origin=origin)
    value = match.group(1)
    day = parse_day(value) if _ISO_DAY.fullmatch(value) else None
    if day is None:
        raise Skip(f"line 1 has `date {value}`, which is not a calendar date: write `date YYYY-MM-DD`")
    body = text[match.end() :].lstrip()
    if not body:
        raise Skip("has a date but no text after it: add the article body")
    return Document(document_id(body), body, day, origin=origin)


def _html_document(origin: str, data: bytes, published: date | None, url: str | None) -> Document:
    """The main text of an HTML page and its metadata (date, title, canonical URL, site name)."""
    html = _decode(data, Path(origin) if url is None else Path("page.html"), _HTML_CHARSET)
    page = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, date_extraction_params=dict(_DATE_PARAMS)
    )
    text = getattr(page, "text", None)
    if not isinstance(text, str) or not text.strip():
        raise Skip("no main text found in the page: check that it is an article, or save its text as .txt")
    found = getattr(page, "date", None)
    day = (parse_day(found) if isinstance(found, str) else None) or published
    if day is None:
        raise Skip("no publication date in the page's metadata: pass --published")
    url = optional(getattr(page, "url", None)) or url
    title, site = optional(getattr(page, "title", None)), optional(getattr(page, "sitename", None))
    return Document(document_id(text), text, day, url=url, title=title, source=site, origin=origin)


def _feed_items(origin: str, data: bytes, published: date | None) -> Iterator[Item]:
    parsed = feedparser.parse(io.BytesIO(data), resolve_relative_uris=False, sanitize_html=True)
    if not parsed.entries:
        if parsed.get("bozo") or not parsed.get("version"):
            problem = one_line(parsed.get("bozo_exception") or "no channel or feed element")
            raise Skip(f"not an RSS or Atom feed ({problem}): check the file or URL")
        raise Skip("the feed has no entries: nothing to ingest")
    source = optional(parsed.feed.get("title"))
    for number, entry in enumerate(parsed.entries, start=1):
        yield one(f"{origin}#{number}", _entry_document, origin, entry, source, published)


def _entry_document(origin: str, entry: Mapping[str, Any], source: str | None, day: date | None) -> Document:
    text = _entry_text(entry)
    if not text:
        raise Skip("the entry has no content or summary: nothing to ingest")
    day = _entry_day(entry) or day
    if day is None:
        raise Skip("the entry has no published or updated date: pass --published")
    link, title = optional(entry.get("link")), optional(entry.get("title"))
    entry_id = optional(entry.get("id")) or link or document_id(text)
    return Document(entry_id, text, day, url=link, title=title, source=source, origin=origin)


def _entry_text(entry: Mapping[str, Any]) -> str:
    """The longest content part, else the summary, as plain text."""
    parts = [part for part in entry.get("content") or [] if str(part.get("value", "")).strip()]
    best = (
        max(parts, key=lambda part: len(str(part["value"]))) if parts else entry.get("summary_detail") or {}
    )
    value = str(best.get("value") or entry.get("summary") or "")
    if best.get("type") == "text/plain":
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
                if day := parse_day(raw.strip()):
                    return day
        if parsed := entry.get(f"{key}_parsed"):
            return date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
    return None


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment: a line per block element, whitespace collapsed, scripts dropped."""
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
    """Records in one file, roughly: lines of JSONL/CSV, items of feeds, "text" keys of JSON, Parquet rows,
    else 1."""
    kind = KINDS.get(path.suffix.lower())
    if kind == "parquet":
        return parquet_rows(path)
    needle = {"jsonl": b"\n", "csv": b"\n", "feed": b"<item", "json": b'"text"'}.get(kind or "")
    if needle is None:
        return 1 if kind else 0
    try:
        with path.open("rb") as handle:
            found = sum(chunk.count(needle) for chunk in iter(partial(handle.read, 1 << 20), b""))
            if kind == "feed" and not found:
                handle.seek(0)
                found = sum(chunk.count(b"<entry") for chunk in iter(partial(handle.read, 1 << 20), b""))
    except OSError:
        return 1
    return max(found - (kind == "csv"), 1)
