"""``flask inputs compile``: the compilation as a file, for staff without the console."""
from pathlib import Path

import click
from flask.cli import AppGroup

inputs_cli = AppGroup("inputs", help="Parliamentary inputs.")


@inputs_cli.command("compile")
@click.option("--event", "slug", required=True, help="Event slug, e.g. safe-cyberspace-2022.")
@click.option("--format", "output_format", type=click.Choice(["docx", "pdf", "html", "md"]), required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True, path_type=Path), required=True,
              help="File to write.")
@click.option("--status", "statuses", multiple=True,
              type=click.Choice(["received", "in_review", "included", "not_included"]),
              help="Compile inputs with this status (repeatable). Default: the accepted inputs (included).")
@click.option("--lang", default="en", type=click.Choice(["en", "fr", "es", "ar"]), show_default=True,
              help="Language of the document: headings, labels, country and language names.")
@click.option("--group-by", default="country", show_default=True,
              help="Grouping: country (alphabetical), objective or paragraph.")
@click.option("--paper", default="a4", type=click.Choice(["a4", "letter"]), show_default=True)
@click.option("--symbol", default="", help="Document symbol, e.g. IPU/C-I/2026/1 (cover and running header).")
@click.option("--date", "date", default="", help="Date of the document, YYYY-MM-DD (cover, file properties).")
@click.option("--addressee", default=None, help="Addressee on the cover. Default: the event's setting.")
@click.option("--attachments-zip", type=click.Path(dir_okay=False, writable=True, path_type=Path), default=None,
              help="Also write the inputs' attachments to this ZIP file.")
def compile_command(slug, output_format, output, statuses, lang, group_by, paper, symbol, date, addressee,
                    attachments_zip):
    """Write the compilation of an event's inputs."""
    from eventhub.events.services import get_event

    from . import compilation as compilation_module

    event = get_event(slug)
    if event is None:
        raise click.BadParameter(f"no event with slug {slug!r}", param_hint="--event")
    if group_by not in compilation_module.GROUPINGS:
        raise click.BadParameter(f"choose one of {', '.join(sorted(compilation_module.GROUPINGS))}",
                                 param_hint="--group-by")
    inputs = compilation_module.select_inputs(event, statuses=list(statuses) or None)
    if not inputs:
        raise click.ClickException("No accepted input to compile (mark inputs “included”, or choose --status).")
    try:
        compiled = compilation_module.build_compilation(
            event, inputs, lang=lang, group_by=group_by, paper=paper, symbol=symbol, date=date or None,
            addressee=addressee,
        )
    except compilation_module.OptionError as error:
        raise click.ClickException(str(error)) from None
    data = compilation_module.render(compiled, output_format)
    output.write_bytes(data)
    click.echo(f"Wrote {len(inputs)} inputs to {output} ({len(data)} bytes).")
    if attachments_zip is not None:
        archive = compilation_module.attachments_zip(inputs)
        attachments_zip.write_bytes(archive)
        click.echo(f"Wrote the attachments to {attachments_zip} ({len(archive)} bytes).")


commands = [inputs_cli]
