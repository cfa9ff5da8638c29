"""``flask inputs compile``: the compilation as a file, for staff without the console."""
from pathlib import Path

import click
from flask.cli import AppGroup

inputs_cli = AppGroup("inputs", help="Parliamentary inputs.")


@inputs_cli.command("compile")
@click.option("--event", "slug", required=True, help="Event slug, e.g. safe-cyberspace-2022.")
@click.option("--format", "output_format", type=click.Choice(["docx", "html", "md"]), required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True, path_type=Path), required=True,
              help="File to write.")
@click.option("--status", "statuses", multiple=True,
              type=click.Choice(["received", "in_review", "included", "not_included"]),
              help="Compile inputs with this status (repeatable). Default: every input not marked not_included.")
@click.option("--lang", default="en", type=click.Choice(["en", "fr", "es", "ar"]), show_default=True,
              help="Language of headings, country and language names.")
@click.option("--group-by", default="objective", show_default=True, help="Grouping of the document.")
def compile_command(slug, output_format, output, statuses, lang, group_by):
    """Write the compilation of an event's inputs."""
    from eventhub.events.services import get_event

    from .compilation import GROUPINGS, build_compilation, render, select_inputs

    event = get_event(slug)
    if event is None:
        raise click.BadParameter(f"no event with slug {slug!r}", param_hint="--event")
    if group_by not in GROUPINGS:
        raise click.BadParameter(f"choose one of {', '.join(sorted(GROUPINGS))}", param_hint="--group-by")
    inputs = select_inputs(event, statuses=list(statuses) or None)
    data = render(build_compilation(event, inputs, lang=lang, group_by=group_by), output_format)
    output.write_bytes(data)
    click.echo(f"Wrote {len(inputs)} inputs to {output} ({len(data)} bytes).")


commands = [inputs_cli]
