"""flask --app wsgi invitations import|send|resend ..."""
from __future__ import annotations

import getpass
from pathlib import Path

import click
from flask.cli import AppGroup

invitations_cli = AppGroup("invitations", help="Invitee lists and invitation emails.")


def _event_or_fail(slug: str):
    from eventhub.events.services import get_event

    event = get_event(slug)
    if event is None:
        raise click.ClickException(f"No event with slug {slug!r}.")
    return event


def _cli_actor(actor: str | None) -> str:
    return actor or f"cli:{getpass.getuser()}"


@invitations_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--event", "slug", required=True, help="Event slug, e.g. safe-cyberspace-2022.")
@click.option("--column", "columns", multiple=True, metavar="FIELD=HEADER",
              help="Which column holds a field when its header is not recognised "
                   "(header name or 1-based number), e.g. --column email=Mail. Repeatable.")
def import_command(file: Path, slug: str, columns: tuple[str, ...]):
    """Import invitees from a CSV or XLSX FILE and print the validation report."""
    from .importing import FIELDS, import_invitees

    event = _event_or_fail(slug)
    mapping = {}
    for item in columns:
        field, _, header = item.partition("=")
        if field not in FIELDS or not header:
            raise click.BadParameter(f"expected FIELD=HEADER with FIELD one of {', '.join(FIELDS)}",
                                     param_hint="--column")
        mapping[field] = header
    report = import_invitees(event, file.read_bytes(), file.name, columns=mapping or None)
    click.echo(report.as_text())
    if not report.ok:
        if report.needs_mapping:
            click.echo("Columns found: " + ", ".join(f"{i + 1}={h!r}" for i, h in enumerate(report.headers)))
            click.echo("Name the columns with --column FIELD=HEADER.")
        raise SystemExit(1)


@invitations_cli.command("send")
@click.option("--event", "slug", required=True)
@click.option("--all", "send_all", is_flag=True, help="Queue every invitation not yet sent.")
@click.option("--yes", "assume_yes", is_flag=True, help="Do not ask for confirmation.")
@click.option("--actor", default=None, help="Recorded as who asked (default cli:<user>).")
def send_command(slug: str, send_all: bool, assume_yes: bool, actor: str | None):
    """Queue invitations (only those not yet sent; people who have registered and
    addresses that unsubscribed are skipped; safe to run again). Asks first, stating
    the number, unless --yes."""
    from .operations import queue_invitations, sendable_count, sync_registered

    if not send_all:
        raise click.UsageError("Say --all to queue every invitation not yet sent.")
    event = _event_or_fail(slug)
    sync_registered(event)
    count = sendable_count(event)
    if count and not assume_yes and not click.confirm(
            f"Send {count} invitation{'s' if count != 1 else ''} for {event.slug}?", default=False):
        click.echo("Nothing sent.")
        raise SystemExit(1)
    count = queue_invitations(event, actor=_cli_actor(actor))
    click.echo(f"Queued {count} invitation(s) for {event.slug}.")


@invitations_cli.command("resend")
@click.argument("email")
@click.option("--event", "slug", required=True)
@click.option("--actor", default=None, help="Recorded as who asked (default cli:<user>).")
def resend_command(email: str, slug: str, actor: str | None):
    """Send the invitation to EMAIL again (recorded with time and actor)."""
    from .operations import InvitationError, find_invitee_by_email, resend_invitation

    event = _event_or_fail(slug)
    invitee = find_invitee_by_email(event, email.strip())
    if invitee is None:
        raise click.ClickException(f"{email} is not invited to {event.slug}.")
    try:
        send = resend_invitation(invitee, actor=_cli_actor(actor))
    except InvitationError as exc:
        raise click.ClickException("An invitation to this address is already waiting to be sent."
                                   if exc.code == "already_queued" else exc.code)
    click.echo(f"Queued a {send.kind} of the invitation to {invitee.email}.")


commands = [invitations_cli]
