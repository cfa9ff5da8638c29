import click
from flask.cli import AppGroup

demo_cli = AppGroup("demo", help="The demo event and its practice copy.")


@demo_cli.command("load")
def load_command():
    """Create or refresh the 2022 demo event and a practice copy (safe to run again)."""
    from .demo import load_demo_event, load_practice_copy

    event, created = load_demo_event()
    click.echo(f"{'Created' if created else 'Updated'} demo event {event.slug} "
               f"with {len(event.sessions)} sessions ({event.lifecycle}).")
    practice, created = load_practice_copy()
    first = practice.first_session_start
    click.echo(f"{'Created' if created else 'Kept'} practice copy {practice.slug} "
               f"({practice.lifecycle}, first session {first:%Y-%m-%d %H:%M} UTC).")


commands = [demo_cli]
