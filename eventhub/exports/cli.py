"""``flask export registrations|zoom|interpretation ...``: the console's exports from the
command line, recorded in the same audit log (actor "cli:<system user>")."""
from __future__ import annotations

import getpass

import click
from flask.cli import AppGroup
from flask_babel import force_locale

from eventhub.extensions import db
from eventhub.i18n import LANGUAGES
from eventhub.lazy_import import lazy_module

from .columns import EXPORT_COLUMNS, parse_columns
from .writers import FORMATS

# Loaded when a command first uses them: listing the commands (flask --help) imports no
# domain (eventhub/__init__.py).
services = lazy_module("eventhub.exports.services")
selection = lazy_module("eventhub.exports.selection")

export_cli = AppGroup("export", help="Export registrations (recorded in the audit log).")


def _actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except Exception:  # no login name in some containers
        return "cli"


def _event(slug):
    from eventhub.events.services import get_event

    event = get_event(slug)
    if event is None:
        raise click.ClickException(f"No event with slug {slug!r}.")
    return event


def _write(export, output) -> None:
    with click.open_file(output, "wb") as handle:
        for chunk in export.chunks:
            handle.write(chunk)


@export_cli.command("registrations")
@click.option("--event", "slug", required=True, help="Event slug, e.g. safe-cyberspace-2022.")
@click.option("--format", "file_format", type=click.Choice(FORMATS), default="csv", show_default=True)
@click.option("--session", type=int, help="Only this session number.")
@click.option("--status", help="confirmed, waitlisted or cancelled.")
@click.option("--country", help="Two-letter ISO country code.")
@click.option("--role", help="member, staff or other.")
@click.option("--language", help="Listening language: en, fr, es or ar.")
@click.option("--search", "q", default="", help="Words to find in names, email, parliament.")
@click.option("--columns", default="", help="Comma-separated column keys; default: all but accessibility needs. "
              "Keys: " + ", ".join(EXPORT_COLUMNS))
@click.option("--lang", type=click.Choice(LANGUAGES), default="en", show_default=True,
              help="Language of the header and labels.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, writable=True, allow_dash=True),
              help="File to write ('-' for standard output).")
def registrations_command(slug, file_format, session, status, country, role, language, q, columns, lang, output):
    """Registrations, one row per person and session."""
    event = _event(slug)
    values = {"session": session, "status": status, "country": country, "role": role,
              "language": language, "q": q}
    with force_locale(lang):
        filters, errors = selection.parse_filters({k: v for k, v in values.items() if v is not None}, event)
        chosen, unknown = parse_columns(columns.split(","))
        if unknown:
            errors["columns"] = f"Unknown column(s): {', '.join(unknown)}."
        if errors:
            raise click.UsageError(" ".join(str(message) for message in errors.values()))
        export = services.export_registrations(event, filters, chosen, file_format,
                                               actor=_actor(), via="cli")
        _write(export, output)
    record = db.session.get(services.ExportRecord, export.record_id)
    click.echo(f"Wrote {record.row_count} row(s) to {output}.", err=True)


@export_cli.command("zoom")
@click.option("--event", "slug", required=True)
@click.option("--session", "number", type=int, required=True, help="Session number.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, writable=True, allow_dash=True))
def zoom_command(slug, number, output):
    """CSV for Zoom's "Import registrants" (confirmed places of one session)."""
    event = _event(slug)
    session = event.session_by_number(number)
    if session is None:
        raise click.ClickException(f"No session {number} in {slug}.")
    export = services.export_zoom_csv(event, session, actor=_actor(), via="cli")
    _write(export, output)
    record = db.session.get(services.ExportRecord, export.record_id)
    click.echo(f"Wrote {record.row_count} registrant(s) to {output}.", err=True)


@export_cli.command("interpretation")
@click.option("--event", "slug", required=True)
@click.option("--lang", type=click.Choice(LANGUAGES), default="en", show_default=True)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, writable=True, allow_dash=True))
def interpretation_command(slug, lang, output):
    """Listeners per session and listening language (confirmed and waiting list)."""
    event = _event(slug)
    with force_locale(lang):
        export = services.export_interpretation_csv(event, actor=_actor(), via="cli")
        _write(export, output)
    click.echo(f"Wrote the interpretation headcount to {output}.", err=True)


commands = [export_cli]
