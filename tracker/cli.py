"""The `tracker` command: a thin layer over the stages; no logic lives here."""
from __future__ import annotations

import datetime as dt
import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from tracker.errors import TrackerError
from tracker.model import to_json
from tracker.output import files
from tracker.output.terminal import SafeConsole
from tracker.paths import bundled

# typer vendors click and exports only BadParameter; its base is click's UsageError.
UsageError: type[Exception] = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "UsageError")

app = typer.Typer(
    add_completion=False,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    help="Corroborate news claims about flights against recorded ADS-B tracks.",
)
fetch_app = typer.Typer(help="Download raw tracks into files the readers take.", no_args_is_help=True)
app.add_typer(fetch_app, name="fetch")

out = SafeConsole(soft_wrap=True)  # data never sends control sequences to the terminal
err = SafeConsole(stderr=True, soft_wrap=True)


class FailOn(str, Enum):
    contradicted = "contradicted"
    never = "never"


def _date(value: Optional[str]) -> dt.date | None:
    if value is None:
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)", param_hint="--published") from None
    from tracker.claims.articles import check_date_range

    return check_date_range(day, "--published")


def _writable(target: Optional[Path]) -> None:
    """Check an output path before any work is done (see `tracker.output.files.check`)."""
    files.check(target)


def _now(value: Optional[str]) -> dt.datetime | None:
    """--now: the reference for "a timestamp in the future" (ISO 8601, UTC when no zone is given)."""
    if value is None:
        return None
    try:
        when = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        return when.replace(tzinfo=dt.timezone.utc) if when.tzinfo is None else when.astimezone(dt.timezone.utc)
    except (ValueError, OverflowError):
        raise typer.BadParameter(f"{value!r} is not an ISO 8601 time (e.g. 2024-08-01T06:00Z)", param_hint="--now") from None


def _print_json(payload: object) -> None:
    sys.stdout.write(json.dumps(to_json(payload), ensure_ascii=False, indent=2) + "\n")


ArticlesArg = Annotated[list[str], typer.Argument(help="Article .txt/.html files, folders of them, or http(s) URLs.")]
AdsbArg = Annotated[list[str], typer.Argument(help="ADS-B files or folders (format recognised from content).")]
Published = Annotated[Optional[str], typer.Option("--published", help="Publication date YYYY-MM-DD (overrides META.json).")]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]
Now = Annotated[Optional[str], typer.Option(
    "--now", help="Reference time for rejecting timestamps in the future (ISO 8601, UTC). "
                  "Default: each file's modification time (so reruns agree), or the run start; the read report states it.")]
Force = Annotated[bool, typer.Option("--force", help="Replace existing files this tool did not write.")]
AircraftDb = Annotated[
    Optional[list[Path]],
    typer.Option("--aircraft-db", help="Extra aircraft database: OpenSky aircraftDatabase.csv or tar1090-db aircraft.csv.gz."),
]


def _detect(table):
    from tracker.flights import segment

    return segment.detect(table)


def _corroborate(claims, result, table):
    from tracker.corroborate import core

    return core.corroborate(claims, result, table)


def _maps():
    from tracker.output import maps  # folium is imported only when a map is drawn

    return maps


def _load_articles(sources: list[str], published: Optional[str]):
    when = _date(published)
    from tracker.claims import articles, extractor

    docs = articles.load(sources, published=when)
    return docs, {doc.id: extractor.extract(doc) for doc in docs}


def _read_tracks(paths: list[str], aircraft_db: Optional[list[Path]], now: Optional[str] = None):
    from tracker import adsb

    return adsb.read(paths, aircraft_db=aircraft_db or [], progress=err.is_terminal, now=_now(now))


@app.command()
def extract(sources: ArticlesArg, published: Published = None, as_json: AsJson = False) -> None:
    """Find every flight claim in articles and print them as records."""
    from tracker.output import report

    docs, found = _load_articles(sources, published)
    if as_json:
        _print_json(report.claims_payload(docs, found))
    else:
        report.print_claims(out, docs, found)


@app.command()
def read(paths: AdsbArg, as_json: AsJson = False, aircraft_db: AircraftDb = None, now: Now = None) -> None:
    """Read ADS-B files into the canonical table; print the read report and aircraft."""
    from tracker.output import report

    table, reports = _read_tracks(paths, aircraft_db, now)
    if as_json:
        _print_json(report.read_payload(table, reports))
    else:
        report.print_read(out, table, reports)


@app.command()
def flights(paths: AdsbArg, as_json: AsJson = False, aircraft_db: AircraftDb = None, now: Now = None) -> None:
    """Cut tracks into flights (takeoff, landing, airports, gaps) and ground stays."""
    from tracker.output import report

    table, reports = _read_tracks(paths, aircraft_db, now)
    result = _detect(table)
    if as_json:
        _print_json(report.flights_payload(result, reports))
    else:
        report.print_flights(out, result, reports)


@app.command()
def corroborate(
    sources: Annotated[Optional[list[str]], typer.Argument(help="Articles (default: the bundled seeds/).")] = None,
    adsb_paths: Annotated[Optional[list[str]], typer.Option("--adsb", help="ADS-B files or folders (default: fixtures/adsb/).")] = None,
    published: Published = None,
    as_json: AsJson = False,
    markdown: Annotated[bool, typer.Option("--markdown", help="Print the report as Markdown.")] = False,
    csv_path: Annotated[Optional[Path], typer.Option("--csv", help="Also write the field checks as CSV.")] = None,
    map_path: Annotated[Optional[Path], typer.Option("--map", help="Write the overview map here (trip maps beside it).")] = None,
    aircraft_db: AircraftDb = None,
    fail_on: Annotated[FailOn, typer.Option("--fail-on", help="Exit 1 when any claim is contradicted.")] = FailOn.never,
    now: Now = None,
    force: Force = False,
) -> None:
    """Match claims to flights and stays and give each claim and field a verdict."""
    with files.session(force=force):
        _corroborate_run(sources, adsb_paths, published, as_json, markdown, csv_path, map_path, aircraft_db, fail_on, now)


def _corroborate_run(sources, adsb_paths, published, as_json, markdown, csv_path, map_path, aircraft_db, fail_on, now) -> None:
    from tracker.output import report
    if as_json and markdown:
        raise typer.BadParameter("choose one of --json and --markdown", param_hint="--json/--markdown")
    default_run = not sources and not adsb_paths
    map_target = map_path or (Path.cwd() / "maps" / "index.html" if default_run else None)
    for target in (csv_path, map_target):
        _writable(target)

    docs, found = _load_articles(sources or [str(bundled("seeds"))], published)
    table, reports = _read_tracks(adsb_paths or [str(bundled("fixtures/adsb"))], aircraft_db, now)
    result = _detect(table)
    verdicts = _corroborate([c for cs in found.values() for c in cs], result, table)

    if as_json:
        _print_json(report.verdicts_payload(verdicts, docs, found))
    elif markdown:
        sys.stdout.write(report.markdown(docs, found, verdicts))
    else:
        report.print_verdicts(out, docs, found, verdicts)
    if csv_path:
        report.write_checks_csv(csv_path, verdicts)
    if map_target:
        written = _maps().write_maps(map_target, result, table, verdicts=verdicts)
        err.print(f"maps: {len(written)} file(s) written, overview {map_target}", markup=False, highlight=False)
    if fail_on is FailOn.contradicted and any(v.outcome == "contradicted" for v in verdicts):
        raise typer.Exit(1)


@app.command("map")
def map_(
    paths: AdsbArg,
    out_path: Annotated[Path, typer.Option("--out", help="Overview HTML; trip maps are written beside it.")] = Path("maps/index.html"),
    articles_in: Annotated[Optional[list[str]], typer.Option("--articles", help="Articles whose claims to show beside the tracks.")] = None,
    published: Published = None,
    geojson: Annotated[Optional[Path], typer.Option("--geojson", help="Also export flights and stays as GeoJSON.")] = None,
    kml: Annotated[Optional[Path], typer.Option("--kml", help="Also export flights and stays as KML.")] = None,
    aircraft_db: AircraftDb = None,
    now: Now = None,
    force: Force = False,
) -> None:
    """Write self-contained offline maps of flights, gaps, stays (and claims)."""
    with files.session(force=force):
        _map_run(paths, out_path, articles_in, published, geojson, kml, aircraft_db, now)


def _map_run(paths, out_path, articles_in, published, geojson, kml, aircraft_db, now) -> None:
    for target in (out_path, geojson, kml):
        _writable(target)
    table, _ = _read_tracks(paths, aircraft_db, now)
    result = _detect(table)
    verdicts = None
    if articles_in:
        _, found = _load_articles(articles_in, published)
        verdicts = _corroborate([c for cs in found.values() for c in cs], result, table)
    written = _maps().write_maps(out_path, result, table, verdicts=verdicts)
    from tracker.output import export

    if geojson:
        export.write_geojson(geojson, result, table)
    if kml:
        export.write_kml(kml, result, table)
    err.print(f"maps: {len(written)} file(s) written, overview {out_path}", markup=False, highlight=False)


@fetch_app.command("opensky")
def fetch_opensky(
    icao24: Annotated[str, typer.Option("--icao24", help="Transponder address, hex.")],
    begin: Annotated[str, typer.Option("--begin", help="UTC start, ISO 8601.")],
    end: Annotated[Optional[str], typer.Option("--end", help="UTC end, ISO 8601.")] = None,
    out_path: Annotated[Path, typer.Option("--out", help="Where to save the raw response.")] = Path("opensky.json"),
    base_url: Annotated[str, typer.Option("--base-url", envvar="OPENSKY_BASE_URL")] = "https://opensky-network.org/api",
) -> None:
    """Fetch OpenSky REST flights and tracks for one aircraft into files the readers read.

    Credentials: OPENSKY_CLIENT_ID and OPENSKY_CLIENT_SECRET (OAuth2 client credentials), or
    OPENSKY_USERNAME and OPENSKY_PASSWORD for older accounts.
    """
    from tracker.adsb import fetch

    for path in fetch.opensky(icao24=icao24, begin=begin, end=end, out=out_path, base_url=base_url):
        err.print(f"saved {path}")


def main() -> None:
    """Entry point: user-facing errors become one line on stderr and exit 2."""
    try:
        code = app(standalone_mode=False)
    except TrackerError as exc:
        err.print(f"tracker: error: {exc}", markup=False, highlight=False)
        sys.exit(2)
    except UsageError as exc:  # bad options or arguments: one line, like every other error
        ctx = getattr(exc, "ctx", None)
        if ctx is not None and type(exc).__name__ == "NoArgsIsHelpError":
            err.print(ctx.get_help(), markup=False, highlight=False)
            sys.exit(2)
        hint = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
        message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
        err.print(f"tracker: error: {message}{hint}", markup=False, highlight=False)
        sys.exit(2)
    except typer.Abort:
        err.print("tracker: aborted", markup=False, highlight=False)
        sys.exit(130)
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    main()
