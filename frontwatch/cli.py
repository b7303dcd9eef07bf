"""The `frontwatch` command: a thin click shell over the library."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import click

from frontwatch import formats
from frontwatch.settings import Settings
from frontwatch.store import EventFilter, Store, StoreError

EXIT_SKIPPED = 3  # `run` finished but skipped some inputs

EVENT_COLUMNS = [
    ("date", "date.end"),
    ("prec", "date.precision"),
    ("sub_event_type", "sub_event_type"),
    ("actor1", "actor1.name"),
    ("actor2", "actor2.name"),
    ("location", "location.name"),
    ("admin1", "location.admin1"),
    ("modality", "modality"),
    ("fatal", "fatalities"),
    ("inj", "injuries"),
    ("expression", "date.expression"),
]
CHANGE_COLUMNS = [
    ("from", "date.start"),
    ("to", "date.end"),
    ("place", "place.name"),
    ("geonames_id", "place.geonames_id"),
    ("controller", "controller.name"),
    ("previous", "previous_controller.name"),
    ("status", "status"),
    ("expression", "date.expression"),
]
QUOTE_COLUMNS = [("speaker", "speaker.name"), ("kind", "kind"), ("cue", "cue"), ("text", "text")]
PLACE_MENTION_COLUMNS = [
    ("document", "document_id"),
    ("start", "start"),
    ("text", "text"),
    ("role", "role"),
    ("resolved", "place.name"),
    ("geonames_id", "place.geonames_id"),
    ("admin1", "place.admin1"),
    ("country", "place.country"),
]
TIME_MENTION_COLUMNS = [
    ("document", "document_id"),
    ("start", "start"),
    ("text", "text"),
    ("value", "value"),
    ("type", "type"),
    ("from", "date.start"),
    ("to", "date.end"),
    ("precision", "date.precision"),
]


def _date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date: use YYYY-MM-DD, e.g. 2023-11-12") from None


db_option = click.option(
    "--db",
    envvar="FRONTWATCH_DB",
    default="frontwatch.db",
    show_default=True,
    help="The store: a SQLite file, or a postgresql://… URL (env FRONTWATCH_DB).",
)


def format_option(*choices: str, default: str = "table") -> Callable[[Any], Any]:
    return click.option("--format", "fmt", type=click.Choice(choices), default=default, show_default=True)


def _open_store(db: str, must_exist: bool = True) -> Store:
    if must_exist and db != ":memory:" and "://" not in db and not Path(db).exists():
        raise click.ClickException(f"no store at {db}: run `frontwatch run INPUTS --db {db}` first")
    try:
        return Store.open(db)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None


def _emit(rows: Sequence[dict[str, Any]], fmt: str, columns: Sequence[tuple[str, str]]) -> None:
    out = sys.stdout
    if fmt == "jsonl":
        formats.write_jsonl(rows, out)
    elif fmt == "json":
        json.dump(list(rows), out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif fmt == "csv":
        formats.write_csv(rows, out)
    elif fmt == "acled":
        formats.write_acled(rows, out)
    elif fmt == "geojson":
        formats.write_geojson(rows, out)
    elif fmt == "plover":
        formats.write_plover(rows, out)
    else:
        formats.write_table(rows, columns, out)


@click.group()
@click.version_option(package_name="frontwatch")
def main() -> None:
    """frontwatch: events, territorial control and quotes from dated conflict news, with evidence."""


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@db_option
@click.option("--published", callback=_date, help="Publication date for inputs that carry none (YYYY-MM-DD).")
@click.option("--max-bytes", default=20_000_000, show_default=True, help="Skip files larger than this.")
@click.option("--quiet", is_flag=True, help="No progress bar and no summary.")
@click.option(
    "--workers",
    type=click.IntRange(1, 256),
    default=1,
    show_default=True,
    help="Extract in this many processes (each loads the model once; ~0.7 GB each).",
)
@click.option("--scheduler", help="Run the extraction on a Dask cluster at this address (tcp://HOST:8786).")
@click.option(
    "--cluster", type=click.Choice(["local"]), help="Start a local Dask cluster of --workers processes."
)
def run(
    inputs: tuple[str, ...],
    db: str,
    published: date | None,
    max_bytes: int,
    quiet: bool,
    workers: int,
    scheduler: str | None,
    cluster: str | None,
) -> None:
    """Extract events, control changes and quotes from INPUTS into the store.

    INPUTS are files, folders (recursively), RSS/Atom feed URLs, or - for stdin. Documents already
    stored are left unchanged. Exit code 3 means some inputs were skipped (each is reported on stderr).
    """
    from frontwatch.pipeline import Pipeline
    from frontwatch.pipeline import run as run_pipeline

    settings = Settings.from_env(db=db, progress=not quiet)
    store = _open_store(db, must_exist=False)
    try:
        local = workers == 1 and scheduler is None and cluster is None
        if not local:  # build the gazetteer once here, not in every local worker
            from frontwatch.geo.gazetteer import ensure_default

            ensure_default(settings.gazetteer_path, progress=not quiet).close()
        report = run_pipeline(
            Pipeline.create(settings) if local else None,
            store,
            list(inputs),
            published=published,
            max_bytes=max_bytes,
            progress=not quiet,
            on_skip=lambda s: click.echo(f"skipped {s.origin}: {s.reason}", err=True),
            workers=workers,
            settings=settings,
            scheduler=scheduler,
            cluster=cluster == "local",
        )
    finally:
        store.close()
    if not quiet:
        click.echo(
            f"{report.stored} document(s) stored, {report.unchanged} unchanged, "
            f"{len(report.skipped)} skipped; "
            f"{report.events} event(s), {report.control} control change(s), {report.quotes} quote(s) -> {db}",
            err=True,
        )
    if report.skipped:
        sys.exit(EXIT_SKIPPED)


@main.command()
@db_option
@click.option("--place", help="Place name or GeoNames id.")
@click.option("--since", callback=_date, help="Events on or after this date.")
@click.option("--until", callback=_date, help="Events on or before this date.")
@click.option("--type", "event_type", help="Event type or sub-event type, e.g. 'Battles'.")
@click.option("--actor", help="Part of an actor's name, e.g. Ukraine.")
@click.option(
    "--modality", type=click.Choice(["asserted", "claimed", "denied", "intended", "hypothetical", "negated"])
)
@click.option("--country", help="ISO country code of the location, e.g. UA.")
@click.option("--limit", type=int)
@click.option("--unmerged", is_flag=True, help="The raw reports, not one event per real event.")
@format_option("table", "jsonl", "json", "csv", "acled", "geojson", "plover")
def events(
    db: str,
    place: str | None,
    since: date | None,
    until: date | None,
    event_type: str | None,
    actor: str | None,
    modality: str | None,
    country: str | None,
    limit: int | None,
    unmerged: bool,
    fmt: str,
) -> None:
    """List events with their date, place, actors, modality and evidence.

    Reports of one real event from several documents are merged into one event whose evidence lists every
    report (`reports`, `merged_from`, `merge_reasons`); --unmerged shows the raw reports.
    """
    with _open_store(db) as store:
        rows = store.events(
            EventFilter(
                place=place,
                since=since,
                until=until,
                event_type=event_type,
                actor=actor,
                modality=modality,
                country=country,
                limit=limit,
            ),
            merged=not unmerged,
        )
    _emit(rows, fmt, EVENT_COLUMNS if unmerged else [*EVENT_COLUMNS, ("reports", "reports")])


@main.command()
@click.argument("source")
@db_option
def copy(source: str, db: str) -> None:
    """Copy the whole store SOURCE (a SQLite file or a postgresql://… URL) into the new, empty store --db.

    For moving a laptop's SQLite file onto PostgreSQL (or back): every document, event, merge, control
    change, quote and mention, in one transaction, with the indexes built once at the end.
    """
    from frontwatch import bulk

    with _open_store(source) as src, _open_store(db, must_exist=False) as dst:
        try:
            counts = bulk.copy(src, dst)
        except ValueError as exc:
            raise click.ClickException(str(exc)) from None
    click.echo(
        f"copied {counts['documents']} document(s), {counts['events']} event(s), "
        f"{counts['control_changes']} control change(s), {counts['quotes']} quote(s) -> {db}",
        err=True,
    )


@main.command()
@click.argument("report_id")
@db_option
def unmerge(report_id: str, db: str) -> None:
    """Take the event report REPORT_ID out of the event it was merged into, for good.

    Report ids are in `frontwatch events --unmerged`; nothing is re-extracted.
    """
    with _open_store(db) as store:
        try:
            n = store.unmerge(report_id)
        except StoreError as exc:
            raise click.ClickException(str(exc)) from None
    click.echo(f"{report_id}: {n} link(s) removed; it stays a separate event")


@main.command()
@db_option
@format_option("table", "jsonl", "json", "csv")
def merges(db: str, fmt: str) -> None:
    """List the merge decisions: which reports were taken as one event, and why."""
    with _open_store(db) as store:
        rows = store.merges()
    _emit(rows, fmt, [("a", "a"), ("b", "b"), ("reason", "reason")])


@main.command()
@click.argument("place", required=False)
@db_option
@click.option("--at", callback=_date, help="Who held PLACE on this date (default: today).")
@click.option("--changes", is_flag=True, help="List control changes instead (of PLACE, or of all places).")
@format_option("table", "json", "jsonl", "csv")
def control(place: str | None, db: str, at: date | None, changes: bool, fmt: str) -> None:
    """Who held PLACE on a date and since when, on what evidence; or --changes."""
    from frontwatch.control import state_at

    with _open_store(db) as store:
        found = store.control_changes(place)
    if changes or place is None:
        _emit([formats.control_json(c) for c in found], fmt, CHANGE_COLUMNS)
        return
    result = state_at(found, place, at or datetime.now().date())
    if result is None:
        raise click.ClickException(
            f"no control changes known for {place!r}: try `frontwatch control --changes`"
        )
    if fmt in ("json", "jsonl"):
        click.echo(json.dumps(result, ensure_ascii=False, indent=2 if fmt == "json" else None))
    elif fmt == "csv":
        formats.write_csv([result], sys.stdout)
    else:
        since: dict[str, Any] = result["since"] or {}  # type: ignore[assignment]
        controller: dict[str, Any] = result["controller"] or {}  # type: ignore[assignment]
        click.echo(
            f"{place} on {result['at']}: {result['status']}"
            + (f", held by {controller.get('name')}" if controller else "")
            + (
                f" since {since.get('start')}..{since.get('end')} ({since.get('expression')})"
                if since
                else ""
            )
        )
        for ev in result["evidence"]:  # type: ignore[attr-defined]
            click.echo(f"  evidence {ev['document_id']}:{ev['start']}-{ev['end']}: {ev['sentence']}")
        for d in result["disputed_by"]:  # type: ignore[attr-defined]
            click.echo(
                f"  disputed: {d['controller']['name']} ({d['status']}) "
                f"{d['date']['start']}..{d['date']['end']}"
            )


@main.command()
@db_option
@click.option("--speaker", help="Part of the speaker's name or an alias.")
@click.option("--affiliation", help="Part of the speaker's affiliation.")
@click.option("--kind", type=click.Choice(["direct", "indirect"]))
@click.option("--document", "document_id", help="Only quotes of this document id.")
@format_option("table", "jsonl", "json", "csv")
def quotes(
    db: str, speaker: str | None, affiliation: str | None, kind: str | None, document_id: str | None, fmt: str
) -> None:
    """List quotes with their speakers."""
    with _open_store(db) as store:
        rows = store.quotes(speaker=speaker, affiliation=affiliation, kind=kind, document_id=document_id)
    _emit(rows, fmt, QUOTE_COLUMNS)


@main.command()
@db_option
@click.option("--kind", type=click.Choice(["place", "time"]), default="place", show_default=True)
@click.option("--document", "document_id", help="Only mentions of this document id.")
@click.option("--place", help="Place mentions of this name or GeoNames id.")
@format_option("table", "jsonl", "json", "csv")
def mentions(db: str, kind: str, document_id: str | None, place: str | None, fmt: str) -> None:
    """List place or time mentions with their resolution."""
    with _open_store(db) as store:
        rows = store.mentions(kind, document_id=document_id, place=place)
    _emit(rows, fmt, PLACE_MENTION_COLUMNS if kind == "place" else TIME_MENTION_COLUMNS)


@main.group()
def gazetteer() -> None:
    """The GeoNames gazetteer: build it, add country dumps, look names up."""


def _gazetteer_path(path: str | None) -> Path:
    return Path(path) if path else Settings.from_env().gazetteer_path


gazetteer_option = click.option(
    "--gazetteer",
    "gaz_path",
    envvar="FRONTWATCH_GAZETTEER",
    help="Gazetteer file (default: $FRONTWATCH_HOME/gazetteer.sqlite).",
)


@gazetteer.command("build")
@gazetteer_option
def gazetteer_build(gaz_path: str | None) -> None:
    """Build the default gazetteer now (otherwise built on first use)."""
    from frontwatch.geo.gazetteer import ensure_default

    path = _gazetteer_path(gaz_path)
    ensure_default(path, progress=True).close()
    click.echo(f"gazetteer ready at {path}")


@gazetteer.command("add")
@click.argument("dump", type=click.Path(exists=True, dir_okay=False))
@gazetteer_option
def gazetteer_add(dump: str, gaz_path: str | None) -> None:
    """Add a GeoNames country dump (XX.zip or XX.txt from the GeoNames export)."""
    from frontwatch.geo.gazetteer import ensure_default

    g = ensure_default(_gazetteer_path(gaz_path), progress=True)
    try:
        n = g.add_dump(Path(dump), progress=True)
    except (ValueError, OSError) as exc:
        raise click.ClickException(f"{dump}: {exc}") from None
    finally:
        g.close()
    click.echo(f"added {n} GeoNames entries from {dump}")


@gazetteer.command("lookup")
@click.argument("name")
@click.option("--context", multiple=True, help="Other place names of the article (repeatable).")
@click.option("--limit", default=15, show_default=True)
@gazetteer_option
@format_option("table", "jsonl")
def gazetteer_lookup(name: str, context: tuple[str, ...], limit: int, gaz_path: str | None, fmt: str) -> None:
    """Show the candidates for NAME with their scores, given --context places."""
    from frontwatch.geo.gazetteer import ensure_default
    from frontwatch.geo.resolve import explain

    g = ensure_default(_gazetteer_path(gaz_path), progress=True)
    try:
        scored = explain(g, name, list(context))[:limit]
    finally:
        g.close()
    if not scored:
        raise click.ClickException(
            f"no GeoNames entry named {name!r}: check the spelling or add a country dump"
        )
    rows = [
        {
            **(formats.location_json(loc) or {}),
            "feature": loc.feature,
            "population": loc.population,
            "score": round(score, 3),
        }
        for loc, score in scored
    ]
    _emit(
        rows,
        fmt,
        [
            ("score", "score"),
            ("geonames_id", "geonames_id"),
            ("name", "name"),
            ("feature", "feature"),
            ("admin1", "admin1"),
            ("admin2", "admin2"),
            ("country", "country"),
            ("population", "population"),
            ("lat", "lat"),
            ("lon", "lon"),
        ],
    )


def _register_serve() -> None:
    from frontwatch.api import serve_command

    main.add_command(serve_command)


_register_serve()

if __name__ == "__main__":
    main()
