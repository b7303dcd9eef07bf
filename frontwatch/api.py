"""`frontwatch serve`: a read-only JSON API over the store (FastAPI, OpenAPI spec) and the map at /.

Every read opens the SQLite file read-only (`mode=ro`), so no read request can change the store. The write
endpoint (submit a document) exists only when a token is configured and requires it as a Bearer token. CORS
is off unless origins are configured. Errors share one shape: `{"error": {"status", "code", "message"}}`.
"""

from __future__ import annotations

import hmac
import io
import sqlite3
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
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from frontwatch import formats, queries
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


def _event_params(
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
    q: Annotated[
        str | None, Query(max_length=200, description="words that must all occur (as prefixes)")
    ] = None,
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
    _read_routes(app, settings, reader)
    if settings.token:
        _write_routes(app, settings)
    _page_routes(app)
    return app


def _read_routes(app: FastAPI, settings: ApiSettings, reader: Any) -> None:  # noqa: C901
    events = Depends(_event_params)

    @app.get("/api/events", response_model=EventPage, tags=["events"])
    def list_events(
        store: Store = reader, p: queries.EventQuery = events, cursor: Cursor = None, limit: Limit = 100
    ) -> Json:
        """Events matching every filter, by date; `next_cursor` pages on. One merged event per real event
        (every report as evidence) where any of its reports matches; `unmerged=true`: the raw reports."""
        page = queries.events_page(store, replace(p, cursor=cursor, limit=limit))
        return {"items": page.items, "next_cursor": page.next_cursor}

    @app.get("/api/events/days", response_model=list[DayCount], tags=["events"])
    def event_days(store: Store = reader, p: queries.EventQuery = events) -> list[Json]:
        """How many matching events end on each day (the timeline)."""
        return queries.day_counts(store, p)

    @app.get("/api/events/map", response_model=MapView, tags=["events"])
    def event_map(store: Store = reader, p: queries.EventQuery = events) -> Json:
        """Matching events per place (the map's markers) and per day (the timeline), in one response."""
        return queries.map_view(store, p)

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

    @app.get("/api/places", tags=["control"])
    def list_places(store: Store = reader, q: Text = None, limit: Limit = 500) -> list[Json]:
        """Resolved places with events, those with control changes first."""
        return queries.places(store, q, limit)

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


def _page_routes(app: FastAPI) -> None:
    root = web_root()

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(root / "index.html", media_type="text/html")

    app.mount("/static", StaticFiles(directory=root), name="static")


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
    uvicorn.run(app, host=host, port=port, log_level="warning")
