"""``flask data purge --event <slug> --before DATE [--dry-run]``: retention of personal data."""
from __future__ import annotations

import datetime as dt

import click
from flask.cli import AppGroup

data_cli = AppGroup("data", help="Personal data: retention.")


@data_cli.command("purge")
@click.option("--event", "slug", required=True, help="Event slug.")
@click.option("--before", required=True, type=click.DateTime(formats=["%Y-%m-%d"]),
              help="Anonymise registrations created before this date (YYYY-MM-DD, 00:00 UTC).")
@click.option("--dry-run", is_flag=True, help="Only count what would be anonymised.")
def purge_command(slug, before, dry_run):
    """Anonymise old registrations, keeping country, role, sessions and languages for statistics."""
    # Imported here: listing the commands (flask --help) imports no domain (eventhub/__init__.py).
    from eventhub.events.services import get_event

    from .operations import count_to_purge, purge_event

    event = get_event(slug)
    if event is None:
        raise click.ClickException(f"No event with slug {slug!r}.")
    cutoff = before.replace(tzinfo=dt.timezone.utc)
    if dry_run:
        count = count_to_purge(event, cutoff)
        click.echo(f"{count} registration(s) of {slug} created before {cutoff:%Y-%m-%d} would be anonymised "
                   "(dry run: nothing changed).")
        return
    count = purge_event(event, cutoff, actor="system:purge")
    click.echo(f"Anonymised {count} registration(s) of {slug} created before {cutoff:%Y-%m-%d}.")


commands = [data_cli]
