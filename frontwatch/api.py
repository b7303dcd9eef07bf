"""`frontwatch serve`: a read-only JSON API over the store (FastAPI, OpenAPI spec) and the map at /.

Every read opens the SQLite file read-only (`mode=ro`), so no read request can change the store. The write
endpoint (submit a document) exists only when a token is configured and requires it as a Bearer token. CORS
is off unless origins are configured. Errors share one shape: `{"error": {"status", "code", "message"}}`.
"""

from __future__ import annotations

import gzip
import hashlib
import hmac
import io
import json
import mimetypes
import os
import sqlite3
import stat
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

import click
from fastapi import Depends, FastAPI, Header, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import Scope

from frontwatch import db, formats, queries
from frontwatch.control import state_at
from frontwatch.store import Store, StoreError

Json = dict[str, Any]
MAX_PAGE = 1000
MAX_EXPORT = 100_000
Text = Annotated[str | None, Query(max_length=200)]
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description=f"page size, 1..{MAX_PAGE}")]
Cursor = Annotated[str | None, Query(max_length=400, description="next_cursor of the previous page")]


class ErrorDetail(BaseModel):
    status: int
    code: str
    message: str


class ErrorBody(BaseModel):
    error: ErrorDetail


class Page(BaseModel):
    items: list[dict[str, Any]]
    next_cursor: str | None = Field(description="pass as `cursor` for the next page; null on the last page")


class EventOut(BaseModel):
    """An event in the output contract's shape. Merged events (the default) add `reports`, `accounts`,
    `merged_from` (report ids) and `merge_reasons`, and their `evidence` lists every report."""

    model_config = ConfigDict(extra="allow")
    id: str
    event_type: str
    sub_event_type: str
    location: dict[str, Any] | None
    date: dict[str, Any]
    modality: str
    evidence: list[dict[str, Any]]


class EventPage(Page):
    items: list[EventOut]  # type: ignore[assignment]


class MapPoint(BaseModel):
    place: int | None = Field(description="GeoNames id")
    name: str | None
    lat: float
    lon: float
    count: int = Field(description="matching events here")
    types: dict[str, int] = Field(description="events here by event type")
    last: str = Field(description="the latest day of an event here")


class MapView(BaseModel):
    points: list[MapPoint]
    days: list[DayCount] = Field(description="as /api/events/days, from the same scan")


class PlaceTimeline(BaseModel):
    place: dict[str, Any]
    changes: list[dict[str, Any]]
    spans: list[dict[str, Any]]


class PlaceOut(BaseModel):
    name: str | None
    geonames_id: int
    lat: float | None
    lon: float | None
    country: str | None
    admin1: str | None
    events: int = Field(description="merged events here")
    control_changes: int


class DocumentOut(BaseModel):
    id: str
    published: str | None
    url: str | None
    title: str | None
    source: str | None
    text: str
    spans: list[dict[str, Any]]


class DayCount(BaseModel):
    day: str
    count: int


class Config(BaseModel):
    tile_url: str | None
    writable: bool
    max_page: int


class Submission(BaseModel):
    text: str = Field(min_length=1, max_length=2_000_000)
    published: date
    id: str | None = Field(default=None, max_length=200)
    url: str | None = Field(default=None, max_length=2000)
    title: str | None = Field(default=None, max_length=1000)


class SubmitResult(BaseModel):
    document_id: str
    events: int
    control_changes: int
    quotes: int


@dataclass
class ApiSettings:
    db: str
    token: str | None = None
    cors_origins: Sequence[str] = ()
    tile_url: str | None = None
    pipeline_factory: Callable[[], Any] | None = None  # () -> Pipeline, for the write endpoint
    _pipeline: Any = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def pipeline(self) -> Any:
        with self._lock:
            if self._pipeline is None:
                if self.pipeline_factory is None:
                    from frontwatch.pipeline import Pipeline
                    from frontwatch.settings import Settings

                    self._pipeline = Pipeline.create(Settings.from_env(db=self.db, progress=False))
                else:
                    self._pipeline = self.pipeline_factory()
            return self._pipeline


class Answers:
    """Encoded answers of the reads every page load asks for (map, timeline days, places), kept while the
    store is unchanged: `PRAGMA data_version` on one long-lived read-only SQLite connection changes when any
    other connection, in any process, commits; a replaced file has a new inode. PostgreSQL answers are
    computed every time. Gzipped once when a client accepts it."""

    SIZE = 64  # answers kept; the oldest goes first

    def __init__(self, db_path: str) -> None:
        self.path = None if db_path == ":memory:" or db.is_postgres(db_path) else db_path
        self._lock = threading.Lock()
        self._watch: sqlite3.Connection | None = None
        self._file: tuple[int, int] | None = None
        self._seen: tuple[Any, ...] | None = None
        self._kept: dict[Any, tuple[bytes, bytes | None]] = {}

    def _version(self) -> tuple[Any, ...] | None:
        if self.path is None:
            return None
        try:
            st = os.stat(self.path)
        except OSError:
            return None
        if self._watch is None or self._file != (st.st_dev, st.st_ino):
            if self._watch is not None:
                self._watch.close()
            uri = Path(self.path).resolve().as_uri() + "?mode=ro"
            self._watch = sqlite3.connect(uri, uri=True, check_same_thread=False)
            self._file = (st.st_dev, st.st_ino)
        return (self._file, self._watch.execute("PRAGMA data_version").fetchone()[0])

    def keep(self, key: Any, compute: Callable[[], Any]) -> None:
        """Compute and keep an answer ahead of its first request (see `warm`)."""
        with self._lock:
            version = self._version()
            if version is None:
                return
            if version != self._seen:
                self._kept.clear()
                self._seen = version
        found = self._encode(None, compute, False)
        with self._lock:
            if self._seen == version:
                self._kept[key] = found

    async def respond(self, request: Request, key: Any, compute: Callable[[], Any]) -> Response:
        """`compute()` (run in a worker thread) as a JSON response, or the kept answer when the store has not
        changed since: then no thread, no connection, no encoding."""
        with self._lock:
            version = self._version()
            if version != self._seen:
                self._kept.clear()
                self._seen = version
            found = self._kept.get(key) if version is not None else None
        zipped = "gzip" in request.headers.get("accept-encoding", "")
        if found is None or (zipped and found[1] is None):
            found = await run_in_threadpool(self._encode, found, compute, zipped)
            if version is not None:
                with self._lock:
                    if self._seen == version:
                        self._kept[key] = found
                        while len(self._kept) > self.SIZE:
                            self._kept.pop(next(iter(self._kept)))
        headers = {"Vary": "Accept-Encoding"}
        if zipped and found[1] is not None:
            headers["Content-Encoding"] = "gzip"
            return Response(found[1], media_type="application/json", headers=headers)
        return Response(found[0], media_type="application/json", headers=headers)

    @staticmethod
    def _encode(
        found: tuple[bytes, bytes | None] | None, compute: Callable[[], Any], zipped: bool
    ) -> tuple[bytes, bytes | None]:
        body = (
            found[0] if found else json.dumps(compute(), separators=(",", ":"), ensure_ascii=False).encode()
        )
        return body, gzip.compress(body, 6) if zipped and len(body) > 1400 else None


ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "bad parameter"},
    404: {"model": ErrorBody, "description": "not found"},
    422: {"model": ErrorBody, "description": "invalid parameter"},
}


EXPORT_CONTENT: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "CSV, ACLED CSV or GeoJSON",
        "content": {
            "text/csv": {"schema": {"type": "string"}},
            "application/geo+json": {"schema": {"type": "object"}},
        },
    },
}


Q_HELP = (
    "words that must all occur: a word the store holds with its regular inflections (shell: shelled, "
    "shelling), any other word as the start of a word (klish: Klishchiivka)"
)


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": {"status": status, "code": code, "message": message}}, status_code=status)


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors()[:5]:
        where = ".".join(str(p) for p in err.get("loc", ()) if p not in ("query", "path", "body"))
        parts.append(f"{where or 'request'}: {err.get('msg', 'invalid')}")
    return "; ".join(parts)


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(_r: Request, exc: StarletteHTTPException) -> JSONResponse:
        codes = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found"}
        codes[405] = "method_not_allowed"
        return _error(exc.status_code, codes.get(exc.status_code, "error"), str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def invalid(_r: Request, exc: RequestValidationError) -> JSONResponse:
        return _error(422, "invalid_parameter", _validation_message(exc))

    @app.exception_handler(queries.QueryError)
    async def bad_query(_r: Request, exc: queries.QueryError) -> JSONResponse:
        return _error(400, "bad_request", str(exc))

    @app.exception_handler(UnicodeError)
    async def bad_text(_r: Request, exc: UnicodeError) -> JSONResponse:
        return _error(400, "bad_request", "parameters must be valid UTF-8 text")

    @app.exception_handler(OverflowError)
    async def too_big(_r: Request, exc: OverflowError) -> JSONResponse:
        return _error(400, "bad_request", "a number is out of range")

    @app.exception_handler(Exception)
    async def crash(_r: Request, exc: Exception) -> JSONResponse:
        return _error(500, "internal_error", f"{type(exc).__name__}: please report this request")

    @app.exception_handler(sqlite3.Error)
    async def store_error(_r: Request, exc: sqlite3.Error) -> JSONResponse:
        return _error(503, "store_unavailable", f"the store cannot answer: {exc}")


def _reader(settings: ApiSettings) -> Callable[[], Iterator[Store]]:
    def open_read_only() -> Iterator[Store]:
        conn = queries.read_only(settings.db)
        try:
            yield Store(conn, settings.db)
        finally:
            conn.close()

    return open_read_only


async def _event_params(
    place: Annotated[str | None, Query(max_length=200, description="place name or GeoNames id")] = None,
    since: Annotated[
        str | None, Query(max_length=40, description="YYYY-MM-DD: events ending on or after")
    ] = None,
    until: Annotated[
        str | None, Query(max_length=40, description="YYYY-MM-DD: events starting on or before")
    ] = None,
    type: Annotated[str | None, Query(max_length=200, description="event type or sub-event type")] = None,
    actor: Text = None,
    modality: Text = None,
    document_id: Text = None,
    country: Text = None,
    bbox: Annotated[str | None, Query(max_length=200, description="min_lon,min_lat,max_lon,max_lat")] = None,
    q: Annotated[str | None, Query(max_length=200, description=Q_HELP)] = None,
    unmerged: Annotated[bool, Query(description="raw reports, not one merged event per real event")] = False,
) -> queries.EventQuery:
    return queries.EventQuery(
        place=place,
        since=queries.parse_day(since, "since"),
        until=queries.parse_day(until, "until"),
        event_type=type,
        actor=actor,
        modality=modality,
        document_id=document_id,
        country=country,
        bbox=queries.parse_bbox(bbox) if bbox else None,
        q=q,
        unmerged=unmerged,
    )


def create_app(settings: ApiSettings) -> FastAPI:
    """The API and the page over the store at `settings.db` (which must exist)."""
    Store.open(settings.db).close()  # creates the schema if the file is new; refuses a foreign file
    app = FastAPI(title="frontwatch", version="1", description=__doc__, responses=ERRORS)
    _install_error_handlers(app)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type"],
        )
    reader = Depends(_reader(settings))
    answers = Answers(settings.db)
    _read_routes(app, settings, reader, answers)
    app.state.warm = lambda: _warm(settings, answers)
    if settings.token:
        _write_routes(app, settings)
    _page_routes(app)
    return app


def _warm(settings: ApiSettings, answers: Answers) -> None:
    """Keep the answers every page load starts with (the map of all events, the places), so that the first
    visitor after `frontwatch serve` does not wait for them. Failures only mean a cold first load."""
    conn = queries.read_only(settings.db)
    try:
        store = Store(conn, settings.db)
        answers.keep(("map", queries.EventQuery()), lambda: queries.map_view(store, queries.EventQuery()))
        answers.keep(("places", None, 500), lambda: queries.places(store, None, 500))
    except (sqlite3.Error, OSError) as exc:
        click.echo(f"frontwatch: could not prepare the map ahead: {exc}", err=True)
    finally:
        conn.close()


def _read_routes(app: FastAPI, settings: ApiSettings, reader: Any, answers: Answers) -> None:  # noqa: C901
    events = Depends(_event_params)

    @app.get("/api/events", response_model=EventPage, tags=["events"])
    def list_events(
        store: Store = reader, p: queries.EventQuery = events, cursor: Cursor = None, limit: Limit = 100
    ) -> Json:
        """Events matching every filter, by date; `next_cursor` pages on. One merged event per real event
        (every report as evidence) where any of its reports matches; `unmerged=true`: the raw reports."""
        page = queries.events_page(store, replace(p, cursor=cursor, limit=limit))
        return {"items": page.items, "next_cursor": page.next_cursor}

    def reading(read: Callable[[Store], Any]) -> Callable[[], Any]:
        """`read` over a read-only connection opened for it (only when an answer is not kept)."""

        def run() -> Any:
            conn = queries.read_only(settings.db)
            try:
                return read(Store(conn, settings.db))
            finally:
                conn.close()

        return run

    @app.get("/api/events/days", response_model=list[DayCount], tags=["events"])
    async def event_days(request: Request, p: queries.EventQuery = events) -> Response:
        """How many matching events end on each day (the timeline)."""
        return await answers.respond(request, ("days", p), reading(lambda s: queries.day_counts(s, p)))

    @app.get("/api/events/map", response_model=MapView, tags=["events"])
    async def event_map(request: Request, p: queries.EventQuery = events) -> Response:
        """Matching events per place (the map's markers) and per day (the timeline), in one response. A merged
        event is counted once, at its own place (its most trusted report's, as the event's JSON has it)."""
        return await answers.respond(request, ("map", p), reading(lambda s: queries.map_view(s, p)))

    @app.get("/api/events/{event_id}", response_model=EventOut, tags=["events"])
    def one_event(event_id: Annotated[str, PathParam(max_length=200)], store: Store = reader) -> Json:
        """One event with all its evidence: the merged event of this report, every report's sentence."""
        found = queries.merged_event(store, event_id)
        if found is None:
            raise HTTPException(404, f"no event {event_id!r}")
        return found

    @app.get("/api/export/{fmt}", tags=["events"], response_class=Response, responses=EXPORT_CONTENT)
    def export(
        fmt: Literal["csv", "acled", "geojson"], store: Store = reader, p: queries.EventQuery = events
    ) -> Response:
        """Matching events (at most 100,000) as CSV, ACLED CSV or GeoJSON."""
        buf = io.StringIO()
        writers = {"csv": formats.write_csv, "acled": formats.write_acled, "geojson": formats.write_geojson}
        writers[fmt](queries.all_events(store, p, MAX_EXPORT), buf)
        media = "application/geo+json" if fmt == "geojson" else "text/csv; charset=utf-8"
        name = f"events.{'geojson' if fmt == 'geojson' else fmt + '.csv'}"
        disposition = {"Content-Disposition": f'attachment; filename="{name}"'}
        return Response(buf.getvalue(), media_type=media, headers=disposition)

    @app.get("/api/control", tags=["control"])
    def control_at(
        place: Annotated[str, Query(min_length=1, max_length=200)],
        store: Store = reader,
        at: Annotated[str | None, Query(max_length=40, description="YYYY-MM-DD, default today")] = None,
    ) -> Json:
        """Who held `place` on `at`, since when, on what evidence."""
        day = queries.parse_day(at, "at") or datetime.now().date()
        changes = [formats.control_from_json(c) for c in queries.control_changes(store, place)]
        result = state_at(changes, place, day)
        if result is None:
            raise HTTPException(404, f"no control changes known for {place!r}")
        return result

    @app.get("/api/control/changes", response_model=Page, tags=["control"])
    def control_changes(
        store: Store = reader, place: Text = None, cursor: Cursor = None, limit: Limit = 100
    ) -> Json:
        """Control changes, oldest first."""
        page = queries.control_changes_page(store, place, cursor, limit)
        return {"items": page.items, "next_cursor": page.next_cursor}

    @app.get("/api/places", response_model=list[PlaceOut], tags=["control"])
    async def list_places(request: Request, q: Text = None, limit: Limit = 500) -> Response:
        """Resolved places with events, those with control changes first; `events` counts merged events."""
        return await answers.respond(
            request, ("places", q, limit), reading(lambda s: queries.places(s, q, limit))
        )

    @app.get("/api/places/{place}/timeline", response_model=PlaceTimeline, tags=["control"])
    def place_timeline(place: Annotated[str, PathParam(max_length=200)], store: Store = reader) -> Json:
        """A place's control changes and the spans they imply (held, contested, changing)."""
        page = queries.control_changes_page(store, place, None, MAX_PAGE)
        if not page.items:
            raise HTTPException(404, f"no control changes known for {place!r}")
        return {
            "place": page.items[-1]["place"],
            "changes": page.items,
            "spans": queries.control_spans(page.items),
        }

    @app.get("/api/quotes", response_model=Page, tags=["quotes"])
    def list_quotes(
        store: Store = reader,
        speaker: Text = None,
        affiliation: Text = None,
        document_id: Text = None,
        kind: Literal["direct", "indirect"] | None = None,
        cursor: Cursor = None,
        limit: Limit = 100,
    ) -> Json:
        """Quotes with their speakers, by document and position."""
        page = queries.quotes_page(store, speaker, affiliation, document_id, kind, cursor, limit)
        return {"items": page.items, "next_cursor": page.next_cursor}

    @app.get("/api/documents", response_model=Page, tags=["documents"])
    def list_documents(store: Store = reader, cursor: Cursor = None, limit: Limit = 100) -> Json:
        page = queries.documents_page(store, cursor, limit)
        return {"items": page.items, "next_cursor": page.next_cursor}

    @app.get("/api/documents/{document_id}", response_model=DocumentOut, tags=["documents"])
    def one_document(document_id: Annotated[str, PathParam(max_length=200)], store: Store = reader) -> Json:
        """A document's text with every extracted span (event, quote, place, time) by offsets."""
        found = queries.document(store, document_id)
        if found is None:
            raise HTTPException(404, f"no document {document_id!r}")
        return found

    @app.get("/api/config", response_model=Config, tags=["meta"])
    def config() -> Json:
        return {"tile_url": settings.tile_url, "writable": bool(settings.token), "max_page": MAX_PAGE}


def _write_routes(app: FastAPI, settings: ApiSettings) -> None:
    def require_token(authorization: Annotated[str | None, Header()] = None) -> None:
        given = (authorization or "").removeprefix("Bearer ").strip()
        if not given or not hmac.compare_digest(given.encode(), str(settings.token).encode()):
            raise HTTPException(401, "this endpoint needs the API token: Authorization: Bearer TOKEN")

    @app.post(
        "/api/documents",
        response_model=SubmitResult,
        status_code=201,
        tags=["documents"],
        dependencies=[Depends(require_token)],
        responses={401: {"model": ErrorBody}},
    )
    def submit(doc: Submission) -> Json:
        """Extract one document and store it (needs the token)."""
        from frontwatch.store import text_hash
        from frontwatch.types import Document

        document = Document(
            id=doc.id or text_hash(doc.text)[:16],
            text=doc.text,
            published=doc.published,
            url=doc.url,
            title=doc.title,
            source="api",
            origin="api",
        )
        extraction = settings.pipeline().process(document)
        with settings._lock, Store.open(settings.db) as store:
            store.save(extraction)
        return {
            "document_id": document.id,
            "events": len(extraction.events),
            "control_changes": len(extraction.control),
            "quotes": len(extraction.quotes),
        }

    @app.post(
        "/api/events/{event_id}/unmerge",
        status_code=200,
        tags=["events"],
        dependencies=[Depends(require_token)],
        responses={401: {"model": ErrorBody}},
    )
    def unmerge(event_id: Annotated[str, PathParam(max_length=200)]) -> Json:
        """Take one report out of its merged event for good (needs the token)."""
        with settings._lock, Store.open(settings.db) as store:
            try:
                removed = store.unmerge(event_id)
            except StoreError as exc:
                raise HTTPException(404, str(exc)) from None
        return {"event_id": event_id, "links_removed": removed}


def web_root() -> Path:
    return Path(str(resources.files("frontwatch").joinpath("web")))


class PageFiles(StaticFiles):
    """The page's files, served from memory (read once per file version, no worker thread per request).
    Vendored libraries and outlines change only with the package: browsers keep them a day; the page's own
    script and style are revalidated (ETag) on every load. Text files go gzipped to clients that accept it,
    compressed once."""

    ZIPPED = (".js", ".css", ".json", ".html", ".svg")
    LARGEST = 4_000_000  # bytes; larger files are streamed from disk as usual

    def __init__(self, directory: Path) -> None:
        super().__init__(directory=directory)
        self._kept: dict[str, tuple[tuple[int, int], str, bytes, bytes | None]] = {}
        self._lock = threading.Lock()

    async def get_response(self, path: str, scope: Scope) -> Response:
        full, st = self.lookup_path(path)  # refuses paths outside the directory
        if st is None or not stat.S_ISREG(st.st_mode) or st.st_size > self.LARGEST:
            return await super().get_response(path, scope)
        with self._lock:
            kept = self._kept.get(path)
        if kept is None or kept[0] != (st.st_mtime_ns, st.st_size):
            body = Path(full).read_bytes()
            etag = '"' + hashlib.md5(body, usedforsecurity=False).hexdigest() + '"'
            zipped = gzip.compress(body, 9) if path.endswith(self.ZIPPED) and len(body) > 1400 else None
            kept = ((st.st_mtime_ns, st.st_size), etag, body, zipped)
            with self._lock:
                self._kept[path] = kept
        vendored = path.replace("\\", "/").startswith("vendor/")
        headers = {"ETag": kept[1], "Cache-Control": "public, max-age=86400" if vendored else "no-cache"}
        request_headers = Headers(scope=scope)
        if kept[1] in request_headers.get("if-none-match", ""):
            return Response(status_code=304, headers=headers)
        media = mimetypes.guess_type(full)[0] or "application/octet-stream"
        if media.startswith("text/") or media.endswith(("javascript", "json")):
            media += "; charset=utf-8"
        if kept[3] is not None and "gzip" in request_headers.get("accept-encoding", ""):
            headers.update({"Content-Encoding": "gzip", "Vary": "Accept-Encoding"})
            return Response(kept[3], media_type=media, headers=headers)
        if kept[3] is not None:
            headers["Vary"] = "Accept-Encoding"
        return Response(kept[2], media_type=media, headers=headers)


def _page_routes(app: FastAPI) -> None:
    root = web_root()

    files = PageFiles(root)

    @app.get("/", include_in_schema=False)
    async def index(request: Request) -> Response:
        return await files.get_response("index.html", request.scope)

    app.mount("/static", files, name="static")


@click.command("serve")
@click.option(
    "--db",
    envvar="FRONTWATCH_DB",
    default="frontwatch.db",
    show_default=True,
    help="SQLite file of the store (env FRONTWATCH_DB).",
)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--token", envvar="FRONTWATCH_API_TOKEN", help="Enables the write endpoint, which requires it.")
@click.option(
    "--cors-origin", "cors", multiple=True, help="Allow browser calls from this origin (repeatable)."
)
@click.option(
    "--tile-url", envvar="FRONTWATCH_TILE_URL", help="Online tiles, e.g. https://…/{z}/{x}/{y}.png."
)
def serve_command(
    db: str, host: str, port: int, token: str | None, cors: tuple[str, ...], tile_url: str | None
) -> None:
    """Serve the API (OpenAPI at /docs) and the map at / over the store."""
    import uvicorn

    if db != ":memory:" and not Path(db).exists():
        raise click.ClickException(f"no store at {db}: run `frontwatch run INPUTS --db {db}` first")
    try:
        app = create_app(ApiSettings(db=db, token=token, cors_origins=cors, tile_url=tile_url))
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(
        f"frontwatch: http://{host}:{port}/  (API docs /docs; {'writable' if token else 'read-only'})",
        err=True,
    )
    threading.Thread(target=app.state.warm, name="warm", daemon=True).start()
    uvicorn.run(app, host=host, port=port, log_level="warning")
