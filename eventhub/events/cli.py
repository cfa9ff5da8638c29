import click
from flask.cli import AppGroup

demo_cli = AppGroup("demo", help="The demo event.")


@demo_cli.command("load")
def load_command():
    """Create or refresh the demo event (safe to run again)."""
    from .demo import load_demo_event

    event, created = load_demo_event()
    click.echo(f"{'Created' if created else 'Updated'} demo event {event.slug} "
               f"with {len(event.sessions)} sessions.")


commands = [demo_cli]
