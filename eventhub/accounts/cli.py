"""``flask users ...`` and ``flask tokens ...``: staff accounts and API tokens.

Command output is for the operator at the terminal, in English; refusals reuse the
services' messages.
"""
from __future__ import annotations

import os

import click
from flask.cli import AppGroup

from eventhub.lazy_import import lazy_module

# Loaded when a command first uses it: listing the commands (flask --help) imports no
# domain (eventhub/__init__.py).
services = lazy_module("eventhub.accounts.services")

users_cli = AppGroup("users", help="Console accounts (admin, organiser, staff).")
tokens_cli = AppGroup("tokens", help="Bearer tokens for the organiser API.")

#: ``services.ROLES`` (the ``Role`` values), written out so that building this module
#: imports no model; tests/test_startup.py checks they agree.
ROLES = ("admin", "organiser", "staff")
ROLE_CHOICE = click.Choice(ROLES)


def _fail(error: Exception):
    raise click.ClickException(str(error))


def _read_password(email: str) -> str:
    """EVENTHUB_PASSWORD for scripts; otherwise a hidden prompt typed twice."""
    password = os.environ.get("EVENTHUB_PASSWORD")
    if password:
        return password
    return click.prompt(f"Password for {email}", hide_input=True, confirmation_prompt=True)


@users_cli.command("create")
@click.argument("email")
@click.option("--role", type=ROLE_CHOICE, required=True, help="admin, organiser or staff.")
@click.option("--event", "events", multiple=True, metavar="SLUG",
              help="Limit the role to this event's team (repeatable). Without it: every event.")
def create_user_command(email, role, events):
    """Create an account. The password comes from EVENTHUB_PASSWORD or a prompt."""
    from . import teams

    try:
        email = services.normalise_email(email)
        if services.get_user_by_email(email) is not None:
            raise services.AccountError(f"An account with the email address {email} already exists.")
        teams.check_team(role, events)  # before asking for a password
        password = _read_password(email)
        user = services.create_user(email, role, password, events=list(events) or None)
    except services.AccountError as exc:
        _fail(exc)
    click.echo(f"Created {user.role} account {user.email} ({_scope_text(user)}).")


def _scope_text(user) -> str:
    from . import teams

    if not teams.is_limited(user):
        return "every event"
    slugs = [event.slug for event in teams.team_events(user)]
    return "events: " + (", ".join(slugs) if slugs else "none")


@users_cli.command("set-events")
@click.argument("email")
@click.argument("slugs", nargs=-1)
@click.option("--all-events", is_flag=True, help="The role applies to every event again.")
def set_events_command(email, slugs, all_events):
    """Limit an account to the events SLUGS (their teams), or --all-events.

    With neither, the account is limited to no event at all. Its sign-in sessions end."""
    from . import teams

    if all_events and slugs:
        _fail(click.UsageError("Give either event slugs or --all-events, not both."))
    try:
        user = services.require_user(email)
        changed = teams.set_events(user, None if all_events else list(slugs), actor="cli", via="cli")
    except services.AccountError as exc:
        _fail(exc)
    click.echo(f"{user.email} ({user.role}): {_scope_text(user)}" + ("." if changed else " (unchanged)."))


@users_cli.command("list")
def list_users_command():
    """Every account with its role and state."""
    users = services.list_users()
    if not users:
        click.echo("No accounts.")
    for user in users:
        state = "active" if user.active else "deactivated"
        last = f"{user.last_login_at:%Y-%m-%d %H:%M}Z" if user.last_login_at else "never"
        click.echo(f"{user.email}\t{user.role}\t{state}\tlast sign-in: {last}\t{_scope_text(user)}")


@users_cli.command("set-role")
@click.argument("email")
@click.argument("role", type=ROLE_CHOICE)
def set_role_command(email, role):
    """Change an account's role."""
    try:
        user = services.require_user(email)
        services.set_role(user, role)
    except services.AccountError as exc:
        _fail(exc)
    click.echo(f"{user.email} is now {user.role}.")


@users_cli.command("deactivate")
@click.argument("email")
def deactivate_command(email):
    """Stop an account from signing in and its tokens from working."""
    try:
        user = services.require_user(email)
        services.set_active(user, False)
    except services.AccountError as exc:
        _fail(exc)
    click.echo(f"Deactivated {user.email}.")


@users_cli.command("activate")
@click.argument("email")
def activate_command(email):
    """Let a deactivated account sign in again (also clears a sign-in lock)."""
    try:
        user = services.require_user(email)
        services.set_active(user, True)
    except services.AccountError as exc:
        _fail(exc)
    click.echo(f"Activated {user.email}.")


@users_cli.command("set-password")
@click.argument("email")
def set_password_command(email):
    """Replace an account's password (EVENTHUB_PASSWORD or a prompt); clears a lock."""
    try:
        user = services.require_user(email)
        services.set_password(user, _read_password(user.email))
    except services.AccountError as exc:
        _fail(exc)
    click.echo(f"Password changed for {user.email}.")


@tokens_cli.command("create")
@click.argument("email")
@click.option("--label", default="", help="What the token is for, e.g. 'registrations sync'.")
def create_token_command(email, label):
    """Create a token and print it once: it cannot be shown again."""
    try:
        user = services.require_user(email)
        api_token, token = services.create_token(user, label)
    except services.AccountError as exc:
        _fail(exc)
    click.echo(f"Token {api_token.id} for {user.email} ({user.role}); store it now, it is not kept:",
               err=True)
    click.echo(token)


@tokens_cli.command("list")
@click.argument("email", required=False)
def list_tokens_command(email):
    """Tokens (numbers, labels, last use), for one account or all."""
    from eventhub.extensions import db

    from .models import ApiToken

    query = db.select(ApiToken).order_by(ApiToken.id)
    if email:
        try:
            query = query.filter_by(user_id=services.require_user(email).id)
        except services.AccountError as exc:
            _fail(exc)
    rows = db.session.execute(query).scalars().all()
    if not rows:
        click.echo("No tokens.")
    for row in rows:
        state = f"revoked {row.revoked_at:%Y-%m-%d}" if row.revoked_at else "active"
        used = f"{row.last_used_at:%Y-%m-%d %H:%M}Z" if row.last_used_at else "never"
        click.echo(f"{row.id}\t{row.user.email}\t{row.label or '-'}\t{state}\tlast used: {used}")


@tokens_cli.command("revoke")
@click.argument("token")
def revoke_token_command(token):
    """Revoke a token by its number (see `tokens list`) or by its value."""
    try:
        if token.isdecimal():
            api_token = services.revoke_token(int(token))
        else:
            found = services.find_token(token)
            if found is None:
                raise services.AccountError("No such API token.")
            api_token = services.revoke_token(found.id)
    except services.AccountError as exc:
        _fail(exc)
    click.echo(f"Revoked token {api_token.id} of {api_token.user.email}.")


commands = [users_cli, tokens_cli]
