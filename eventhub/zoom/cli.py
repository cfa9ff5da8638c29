"""``flask zoom ...``: reconciliation and attendance imports from the command line.

Output is for organisers at a terminal (English, like the other commands); names are
printed, emails only in the reconciliation lists an organiser asked for.
"""
from __future__ import annotations

import click
from flask.cli import AppGroup

zoom_cli = AppGroup("zoom", help="Zoom webinars: reconciliation and attendance.")


def _event_or_fail(slug: str):
    from eventhub.events.services import get_event

    event = get_event(slug)
    if event is None:
        raise click.ClickException(f"No event with slug {slug!r}.")
    return event


def _session_or_fail(event, number: int):
    session = event.session_by_number(number)
    if session is None:
        raise click.ClickException(f"Event {event.slug} has no session {number}.")
    return session


def _print_rows(title: str, rows, describe) -> None:
    click.echo(f"  {title}: {len(rows)}")
    for row in rows:
        click.echo(f"    - {describe(row)}")


@zoom_cli.command("sync")
@click.option("--event", "slug", required=True, help="Event slug.")
@click.option("--push", is_flag=True, help="Queue sync jobs for the people only registered here.")
@click.option("--import", "import_", is_flag=True,
              help="Create registrations here for the people only registered on Zoom.")
def sync_command(slug, push, import_):
    """Compare each API-mode session with its webinar's registrants on Zoom."""
    from . import console, reconciliation, services
    from .client import ZoomError

    event = _event_or_fail(slug)
    api_sessions = [s for s in event.sessions if services.session_mode(s) == services.API_MODE]
    if not api_sessions:
        click.echo("No session of this event is in Zoom API mode (webinar ID and credentials needed).")
        return
    failed = False
    for session in api_sessions:
        click.echo(f"Session {session.number} (webinar {session.zoom_webinar_id}):")
        try:
            result = reconciliation.reconcile(session)
        except ZoomError as error:
            click.echo(f"  Zoom could not be read: {error.message}", err=True)
            failed = True
            continue
        click.echo(f"  matched: {len(result.matched)}")
        _print_rows("only on Zoom", result.only_on_zoom,
                    lambda row: f"{row.name} <{row.email}> registrant {row.registrant.get('id')}")
        _print_rows("only here", result.only_here,
                    lambda row: f"{row.name} <{row.email}> (zoom state {row.place.zoom_state})")
        _print_rows("differing", result.differing,
                    lambda row: f"{row.name} <{row.email}>: {', '.join(row.differences)}")
        if push and result.only_here:
            console.push_places(session, [row.place for row in result.only_here])
            click.echo(f"  queued the registration of {len(result.only_here)} person(s) (batches of 30)")
        if import_ and result.only_on_zoom:
            imported, refused = console.import_rows(session, result.only_on_zoom)
            click.echo(f"  imported {imported} registration(s)" + (f", {refused} without usable email" if refused else ""))
    if failed:
        raise SystemExit(1)


def _print_import(result) -> None:
    click.echo(f"Session {result.session.number}: {result.matched} matched, {result.attended} attended, "
               f"{result.absent} absent.")
    if result.unmatched:
        click.echo(f"{len(result.unmatched)} row(s) match no registration:")
        for row_number, name in result.unmatched:
            click.echo(f"  row {row_number}: {name}")
    if result.timezone:
        click.echo(f"Times read in {result.timezone} ({result.timezone_source}).")
    if result.instances > 1:
        click.echo(f"{result.instances} webinar instances read.")
    for problem in result.problems:
        click.echo(f"note: {problem}")


@zoom_cli.command("import-report")
@click.argument("file", type=click.File("rb"))
@click.option("--event", "slug", required=True, help="Event slug.")
@click.option("--session", "number", type=int, default=None,
              help="Session number, when the report does not name a webinar ID used by a session.")
@click.option("--timezone", default=None, help="Zoom account time zone of the report's times "
                                                "(default: ZOOM_ACCOUNT_TIMEZONE, else inferred from the "
                                                "report's Actual Start Time and the session's start).")
@click.option("--final", is_flag=True, help="The last report: record everyone no import saw attending as absent.")
def import_report_command(file, slug, number, timezone, final):
    """Import attendance from the portal's Attendee Report CSV (imports add up)."""
    from flask_babel import force_locale

    from .attendance import AttendanceImportError, import_attendee_report

    event = _event_or_fail(slug)
    with force_locale("en"):
        try:
            result = import_attendee_report(event, file.read(), number, timezone, final=final)
        except AttendanceImportError as error:
            raise click.ClickException(str(error)) from None
    _print_import(result)


@zoom_cli.command("import-participants")
@click.option("--event", "slug", required=True, help="Event slug.")
@click.option("--session", "number", type=int, required=True, help="Session number.")
def import_participants_command(slug, number):
    """Import attendance from Zoom's participants report API."""
    from flask_babel import force_locale

    from .attendance import AttendanceImportError, import_participants
    from .client import ZoomError

    event = _event_or_fail(slug)
    session = _session_or_fail(event, number)
    with force_locale("en"):
        try:
            result = import_participants(session)
        except AttendanceImportError as error:
            raise click.ClickException(str(error)) from None
        except ZoomError as error:
            raise click.ClickException(f"Zoom could not be read: {error.message}") from None
    _print_import(result)


@zoom_cli.command("check")
@click.option("--event", "slug", required=True, help="Event slug.")
@click.option("--set-up", "set_up", is_flag=True,
              help="Add eventhub's registration questions to each webinar where they are missing.")
def check_command(slug, set_up):
    """Check each API-mode session's webinar on Zoom: registration, times, interpretation,
    registration questions. Exit status 1 when a check fails."""
    from . import checks, services
    from .client import ZoomError

    from flask_babel import force_locale

    event = _event_or_fail(slug)
    api_sessions = [s for s in event.sessions if services.session_mode(s) == services.API_MODE]
    if not api_sessions:
        click.echo("No session of this event is in Zoom API mode (webinar ID and credentials needed).")
        return
    failed = False
    with force_locale("en"):
        failed = _check_sessions(api_sessions, set_up)
    if failed:
        raise SystemExit(1)


def _check_sessions(api_sessions, set_up: bool) -> bool:
    from . import checks
    from .client import ZoomError

    failed = False
    for session in api_sessions:
        click.echo(f"Session {session.number} (webinar {session.zoom_webinar_id}):")
        if set_up:
            try:
                added = checks.set_up_questions(session)
            except ZoomError as error:
                click.echo(f"  could not set up the questions: {error.message}", err=True)
                failed = True
            else:
                click.echo(f"  questions added: {', '.join(added) if added else 'none needed'}")
        for check in checks.check_session(session):
            click.echo(f"  [{'ok' if check.ok else 'FAIL'}] {check.detail}")
            failed = failed or not check.ok
    return failed


@zoom_cli.command("retry-failed")
@click.option("--event", "slug", required=True, help="Event slug.")
def retry_failed_command(slug):
    """Queue every registration Zoom refused for another attempt."""
    from . import console

    event = _event_or_fail(slug)
    count = sum(1 for place in console.problem_places(event) if console.retry(place))
    click.echo(f"Queued {count} registration(s) for another attempt.")


commands = [zoom_cli]
