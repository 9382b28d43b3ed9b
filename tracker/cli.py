"""The `tracker` command: a thin layer over the stages; no logic lives here."""
from __future__ import annotations

if __name__ == "__main__":  # `python -m tracker.cli flights PATH… --json` is answered before typer and rich load
    import sys as _sys

    from tracker import entry as _entry

    if (_code := _entry.flights_json(_sys.argv[1:])) is not None:
        _entry.exit_now(_code)

import datetime as dt
import functools
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from tracker.entry import exit_now as _exit
from tracker.entry import plain_flights as _plain_flights
from tracker.entry import write_json
from tracker.errors import TrackerError
from tracker.output import files
from tracker.output.terminal import SafeConsole
from tracker.paths import bundled

# typer vendors click and exports only BadParameter; its base is click's UsageError.
UsageError: type[Exception] = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "UsageError")

HELP_OPTIONS = {"help_option_names": ["-h", "--help"]}
app = typer.Typer(
    add_completion=False,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    context_settings=HELP_OPTIONS,
    help="Corroborate news claims about flights against recorded ADS-B tracks.",
)
fetch_app = typer.Typer(help="Download raw tracks into files the readers take.", no_args_is_help=True,
                        context_settings=HELP_OPTIONS)
app.add_typer(fetch_app, name="fetch")
archive_app = typer.Typer(help="A local Parquet archive of tracks (hive-partitioned by UTC date).", no_args_is_help=True)
app.add_typer(archive_app, name="archive")

# typer's rich help prints a flag's Python type ("--json <bool>") as if it took a value; a flag
# takes none, so its type column is left empty (click's own help does the same).
_display_type_rich = typer.core.TyperOption.display_type_rich
typer.core.TyperOption.display_type_rich = (  # type: ignore[method-assign]
    lambda self, ctx: None if self.is_flag else _display_type_rich(self, ctx))


def _version(value: bool) -> None:
    if value:
        from tracker import __version__

        out.print(f"tracker {__version__}", markup=False, highlight=False)
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")] = False,
) -> None:
    """Corroborate news claims about flights against recorded ADS-B tracks."""

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


#: This run's clock reference (--now), set by `_run` before a command reads any track.
_RUN: dict[str, dt.datetime | None] = {"now": None}


def _run(command):
    """Wrap a command: its `--now` becomes the reading clock, its outputs one session (`--force`,
    and no path written twice in a run). The signature is kept, so typer sees the same options."""
    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        _RUN["now"] = _now(kwargs.get("now"))
        with files.session(force=bool(kwargs.get("force", False))):
            return command(*args, **kwargs)
    return wrapper


def _print_json(payload: object) -> None:
    write_json(payload)


ArticlesArg = Annotated[list[str], typer.Argument(help="Article .txt/.html files, folders of them, or http(s) URLs.")]
AdsbArg = Annotated[list[str], typer.Argument(help="ADS-B files or folders (format recognised from content).")]
Published = Annotated[Optional[str], typer.Option("--published", help="Publication date YYYY-MM-DD (overrides META.json).")]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]
Now = Annotated[Optional[str], typer.Option(
    "--now", help="Reference time for rejecting timestamps in the future (ISO 8601, UTC). "
                  "Default: each file's modification time (so reruns agree), or the run start; the read report states it.")]
Force = Annotated[bool, typer.Option("--force", help="Replace existing files this tool did not write.")]
NoCache = Annotated[bool, typer.Option(
    "--no-cache", help="Read every ADS-B file afresh: neither use nor fill the cache of read files (README: Cache).")]
AircraftDb = Annotated[
    Optional[list[Path]],
    typer.Option("--aircraft-db", help="Extra aircraft database: OpenSky aircraftDatabase.csv or tar1090-db aircraft.csv.gz."),
]


Archive = Annotated[Optional[str], typer.Option("--archive", help="Parquet archive folder written by `tracker archive add`.")]
Engine = Annotated[Optional[str], typer.Option(
    "--engine", help="Where the archive selection runs: duckdb (default), spark[://master], trino://user@host[:port]/catalog/schema.")]
Icao24Opt = Annotated[Optional[list[str]], typer.Option("--icao24", help="Only this aircraft (hex); repeatable.")]
RegistrationOpt = Annotated[Optional[list[str]], typer.Option("--registration", help="Only this registration; repeatable.")]
CallsignOpt = Annotated[Optional[list[str]], typer.Option("--callsign", help="Only aircraft flying this callsign; repeatable.")]
Since = Annotated[Optional[str], typer.Option("--since", help="UTC start, ISO 8601 (a date is its 00:00).")]
Until = Annotated[Optional[str], typer.Option("--until", help="UTC end, ISO 8601 (a date is the end of that day).")]


def _detect(table):
    from tracker.flights import segment

    return segment.detect(table)


def _corroborate(claims, result, table):
    from tracker import evidence
    from tracker.corroborate import corroborate

    return evidence.cite(corroborate(claims, result, table), table)  # each time check names its rows


def _write_maps(target: Path, result, table, verdicts=None) -> str:
    """Draw the maps unless the same inputs already made these exact pages (folium is imported
    only when a map is drawn); the line to print."""
    from tracker.output import unchanged

    pages, drawn = unchanged.write_maps(target, result, table, verdicts=verdicts)
    return f"maps: {len(pages)} file(s) {'written' if drawn else 'unchanged'}, overview {target}"


def _load_articles(sources: list[str], published: Optional[str]):
    when = _date(published)
    from tracker.claims import articles, extract_all

    docs = articles.load(sources, published=when)
    return docs, extract_all(docs)


def _read_tracks(paths: Optional[list[str]], aircraft_db: Optional[list[Path]], selection=None,
                 archive: Optional[str] = None, engine: Optional[str] = None, whole_files: bool = False,
                 no_cache: bool = False):
    from tracker.inputs import expand

    files = expand(paths, what="ADS-B files") if paths else []
    from tracker.archive import sources

    return sources.read(files, aircraft_db=[str(p) for p in aircraft_db or []], selection=selection,
                        archive=archive, engine=engine, progress=err.is_terminal, now=_RUN["now"],
                        whole_files=whole_files, cache=not no_cache)


def _need_input(paths, archive) -> None:
    if not paths and not archive:
        raise UsageError("Missing argument 'PATHS...' (ADS-B files, folders or tars; or --archive)")


def _selection(icao24=None, registration=None, callsign=None, since=None, until=None):
    """A selection from --icao24/--registration/--callsign/--since/--until, or None (everything)."""
    if not any((icao24, registration, callsign, since, until)):
        return None
    from tracker.archive import selection

    return selection.Selection([selection.want(icao24 or (), registration or (), callsign or (),
                                                since=_moment(since, "--since", end=False),
                                                until=_moment(until, "--until", end=True))])


def _moment(value: Optional[str], hint: str, end: bool) -> dt.datetime | None:
    if value is None:
        return None
    try:
        if len(value) == 10:
            day = dt.datetime.combine(dt.date.fromisoformat(value), dt.time(), dt.timezone.utc)
            return day + dt.timedelta(days=1) - dt.timedelta(microseconds=1) if end else day
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a UTC time (ISO 8601)", param_hint=hint) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)


def _write_report(target: Path, docs, found, verdicts, result, table, reports, adsb_paths, aircraft_db) -> None:
    from tracker.inputs import expand
    from tracker.output import html_report

    written = html_report.write(target, docs, found, verdicts, result, table, reports,
                                adsb_files=expand(adsb_paths, what="ADS-B files") if adsb_paths else [], aircraft_db=[str(p) for p in aircraft_db or []])
    err.print(f"report: {target}" + (f" (+ {len(written) - 1} saved page text(s))" if len(written) > 1 else ""),
              markup=False, highlight=False)


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
@_run
def read(paths: Annotated[Optional[list[str]], typer.Argument(help="ADS-B files, folders or globe_history tars.")] = None,
         as_json: AsJson = False, aircraft_db: AircraftDb = None, archive: Archive = None, engine: Engine = None,
         icao24: Icao24Opt = None, registration: RegistrationOpt = None, callsign: CallsignOpt = None,
         since: Since = None, until: Until = None, now: Now = None, no_cache: NoCache = False) -> None:
    """Read ADS-B files into the canonical table; print the read report and aircraft."""
    from tracker.output import report

    _need_input(paths, archive or engine)
    table, reports = _read_tracks(paths, aircraft_db, _selection(icao24, registration, callsign, since, until),
                                  archive, engine, no_cache=no_cache)
    if as_json:
        _print_json(report.read_payload(table, reports))
    else:
        report.print_read(out, table, reports)


@app.command()
@_run
def flights(paths: Annotated[Optional[list[str]], typer.Argument(help="ADS-B files, folders or globe_history tars.")] = None,
            as_json: AsJson = False, aircraft_db: AircraftDb = None, archive: Archive = None, engine: Engine = None,
            icao24: Icao24Opt = None, registration: RegistrationOpt = None, callsign: CallsignOpt = None,
            since: Since = None, until: Until = None, now: Now = None, no_cache: NoCache = False) -> None:
    """Cut tracks into flights (takeoff, landing, airports, gaps) and ground stays."""
    from tracker.output import report

    _need_input(paths, archive or engine)
    table, reports = _read_tracks(paths, aircraft_db, _selection(icao24, registration, callsign, since, until),
                                  archive, engine, no_cache=no_cache)
    result = _detect(table)
    if as_json:
        _print_json(report.flights_payload(result, reports))
    else:
        report.print_flights(out, result, reports)


@app.command()
@_run
def corroborate(
    sources: Annotated[Optional[list[str]], typer.Argument(help="Articles (default: the bundled seeds/).")] = None,
    adsb_paths: Annotated[Optional[list[str]], typer.Option("--adsb", help="ADS-B files or folders (default: fixtures/adsb/).")] = None,
    published: Published = None,
    as_json: AsJson = False,
    markdown: Annotated[bool, typer.Option("--markdown", help="Print the report as Markdown.")] = False,
    csv_path: Annotated[Optional[Path], typer.Option("--csv", help="Also write the field checks as CSV.")] = None,
    map_path: Annotated[Optional[Path], typer.Option("--map", help="Write the overview map here (trip maps beside it).")] = None,
    aircraft_db: AircraftDb = None,
    archive: Archive = None,
    engine: Engine = None,
    fail_on: Annotated[FailOn, typer.Option("--fail-on", help="Exit 1 when any claim is contradicted.")] = FailOn.never,
    report_path: Annotated[Optional[Path], typer.Option("--report", help="Also write the evidence report (one offline HTML file).")] = None,
    whole_files: Annotated[bool, typer.Option(
        "--whole-files", help="Read single ADS-B files whole (default: only the aircraft and windows the claims need).")] = False,
    now: Now = None,
    force: Force = False,
    no_cache: NoCache = False,
) -> None:
    """Match claims to flights and stays and give each claim and field a verdict."""
    from tracker.output import report
    if as_json and markdown:
        raise typer.BadParameter("choose one of --json and --markdown", param_hint="--json/--markdown")
    default_run = not sources and not adsb_paths and not archive and not engine
    map_target = map_path or (Path.cwd() / "maps" / "index.html" if default_run else None)
    for target in (csv_path, map_target, report_path):
        _writable(target)

    if not archive and not (engine or "").startswith("trino"):  # an archive or Trino alone is a source
        adsb_paths = adsb_paths or [str(bundled("fixtures/adsb"))]
    docs, found = _load_articles(sources or [str(bundled("seeds"))], published)
    claims = [c for cs in found.values() for c in cs]
    from tracker.archive import selection

    wanted = selection.from_claims(claims)  # every source reads only what the claims need
    table, reports = _read_tracks(adsb_paths, aircraft_db, wanted, archive, engine, whole_files=whole_files,
                                  no_cache=no_cache)
    result = _detect(table)
    verdicts = _corroborate(claims, result, table)

    if as_json:
        _print_json(report.verdicts_payload(verdicts, docs, found))
    elif markdown:
        sys.stdout.write(report.markdown(docs, found, verdicts))
    else:
        report.print_verdicts(out, docs, found, verdicts)
    if csv_path:
        report.write_checks_csv(csv_path, verdicts)
    if map_target:
        err.print(_write_maps(map_target, result, table, verdicts=verdicts), markup=False, highlight=False)
    if report_path:
        _write_report(report_path, docs, found, verdicts, result, table, reports, adsb_paths, aircraft_db)
    if fail_on is FailOn.contradicted and any(v.outcome == "contradicted" for v in verdicts):
        raise typer.Exit(1)


@app.command("report")
@_run
def report_(
    sources: Annotated[Optional[list[str]], typer.Argument(help="Articles (default: the bundled seeds/).")] = None,
    adsb_paths: Annotated[Optional[list[str]], typer.Option("--adsb", help="ADS-B files or folders (default: fixtures/adsb/).")] = None,
    out_path: Annotated[Path, typer.Option("--out", help="The report: one self-contained offline HTML file.")] = Path("report.html"),
    published: Published = None,
    aircraft_db: AircraftDb = None,
    now: Now = None,
    force: Force = False,
    no_cache: NoCache = False,
) -> None:
    """Write the evidence package: verdicts, quotes, checks with cited rows, maps and provenance in one HTML file."""
    _writable(out_path)
    adsb_paths = adsb_paths or [str(bundled("fixtures/adsb"))]
    docs, found = _load_articles(sources or [str(bundled("seeds"))], published)
    table, reports = _read_tracks(adsb_paths, aircraft_db, no_cache=no_cache)
    result = _detect(table)
    verdicts = _corroborate([c for cs in found.values() for c in cs], result, table)
    _write_report(out_path, docs, found, verdicts, result, table, reports, adsb_paths, aircraft_db)


@app.command("map")
@_run
def map_(
    paths: AdsbArg,
    out_path: Annotated[Path, typer.Option("--out", help="Overview HTML; trip maps are written beside it.")] = Path("maps/index.html"),
    articles_in: Annotated[Optional[list[str]], typer.Option("--articles", help="Articles whose claims to show beside the tracks.")] = None,
    published: Published = None,
    geojson: Annotated[Optional[Path], typer.Option("--geojson", help="Also export flights, stays (and claims) as GeoJSON.")] = None,
    kml: Annotated[Optional[Path], typer.Option("--kml", help="Also export flights (gx:Track), stays (and claims) as KML.")] = None,
    aircraft_db: AircraftDb = None,
    now: Now = None,
    force: Force = False,
    no_cache: NoCache = False,
) -> None:
    """Write self-contained offline maps of flights, gaps, stays (and claims)."""
    for target in (out_path, geojson, kml):
        _writable(target)
    table, _ = _read_tracks(paths, aircraft_db, no_cache=no_cache)
    result = _detect(table)
    verdicts = None
    if articles_in:
        _, found = _load_articles(articles_in, published)
        verdicts = _corroborate([c for cs in found.values() for c in cs], result, table)
    line = _write_maps(out_path, result, table, verdicts=verdicts)
    from tracker.output import export

    if geojson:
        export.write_geojson(geojson, result, table, verdicts)
    if kml:
        export.write_kml(kml, result, table, verdicts)
    err.print(line, markup=False, highlight=False)


@archive_app.command("add")
def archive_add(
    paths: AdsbArg,
    to: Annotated[Path, typer.Option("--to", help="Archive folder (created if missing).")],
    aircraft_db: AircraftDb = None,
) -> None:
    """Add ADS-B files (any format, globe_history tars too) to a Parquet archive."""
    from tracker.archive import store
    from tracker.output import report

    from tracker.inputs import expand

    files = expand(paths, what="ADS-B files")
    reports, skipped, written = store.add(files, to, aircraft_db=[str(p) for p in aircraft_db or []],
                                          progress=err.is_terminal)
    if reports:
        report.print_read_report(err, reports)
    for name in skipped:
        err.print(f"already in the archive, skipped: {name}", markup=False, highlight=False)
    err.print(f"archive {to}: {written:,} rows added", markup=False, highlight=False)


@app.command()
def history(
    aircraft: Annotated[str, typer.Argument(help="Registration (RA-86559) or icao24 (15f1a7).")],
    since: Since = None,
    until: Until = None,
    adsb_paths: Annotated[Optional[list[str]], typer.Option("--adsb", help="ADS-B files, folders or tars.")] = None,
    archive: Archive = None,
    engine: Engine = None,
    as_json: AsJson = False,
    map_path: Annotated[Optional[Path], typer.Option("--map", help="Also write an offline map of the flights and stays.")] = None,
    aircraft_db: AircraftDb = None,
    no_cache: NoCache = False,
) -> None:
    """List one aircraft's flights and ground stays over a period (no article needed)."""
    import re

    from tracker.output import report

    if not adsb_paths and not archive and not (engine or "").startswith("trino"):
        raise UsageError("give --adsb PATH or --archive ARCHIVE (or --engine trino://…)")
    _writable(map_path)
    is_hex = re.fullmatch(r"~?[0-9a-fA-F]{6}", aircraft.strip()) is not None
    wanted = _selection(icao24=[aircraft] if is_hex else None, registration=None if is_hex else [aircraft],
                        since=since, until=until)
    table, reports = _read_tracks(adsb_paths, aircraft_db, wanted, archive, engine, no_cache=no_cache)
    result = _detect(table)
    if as_json:
        _print_json(report.flights_payload(result, reports))
    else:
        report.print_flights(out, result, reports)
    if map_path:
        err.print(_write_maps(map_path, result, table), markup=False, highlight=False)


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


def run(argv: list[str] | None = None) -> int:
    """Run the command line on `argv` (default: sys.argv) and return its exit code.

    User-facing errors become one line on stderr and code 2; the entry point and the
    in-process tests (typer's CliRunner) share this, so both see the same behaviour.
    """
    direct = _plain_flights(sys.argv[1:] if argv is None else list(argv))
    try:
        if direct is not None:
            try:
                code = flights(paths=direct[0], as_json=direct[1])
            except UsageError:  # cannot happen with paths and no options; if it does, typer words it
                return run(["flights", *direct[0], *(["--json"] if direct[1] else [])])
            except (EOFError, KeyboardInterrupt):  # as click turns them into Abort
                sys.stderr.write("\n")
                raise typer.Abort() from None
        else:
            code = app(args=argv, standalone_mode=False)
    except TrackerError as exc:
        err.print(f"tracker: error: {exc}", markup=False, highlight=False)
        return 2
    except UsageError as exc:  # bad options or arguments: one line, like every other error
        ctx = getattr(exc, "ctx", None)
        if ctx is not None and type(exc).__name__ == "NoArgsIsHelpError":
            err.print(ctx.get_help(), markup=False, highlight=False)
            return 2
        hint = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
        message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
        err.print(f"tracker: error: {message}{hint}", markup=False, highlight=False)
        return 2
    except typer.Abort:
        err.print("tracker: aborted", markup=False, highlight=False)
        return 130
    return code if isinstance(code, int) else 0


def main() -> None:
    """Entry point (`tracker`, `python -m tracker.cli`)."""
    _exit(run())


if __name__ == "__main__":
    main()
