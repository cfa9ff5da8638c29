"""``flask --app wsgi texts import FILE --event <slug> --kind draft|adopted [--title ...]``."""
from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

texts_cli = AppGroup("texts", help="Reference texts (draft and adopted resolutions).")

#: Fragments printed in full; the rest are counted (the console shows them all).
SHOWN_FRAGMENTS = 50


def _shorten(text: str, limit: int = 100) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def format_import_result(result, slug: str) -> list[str]:
    """The lines ``texts import`` prints (a function so tests can read it too)."""
    document = result.document
    verb = "Replaced" if result.replaced else "Imported"
    lines = [
        f'{verb} the {document.kind} text of {slug} as document {document.id}: "{document.title}"'
        + (f" (from {document.source_filename})" if document.source_filename else "")
        + "."
    ]
    lines.append("Paragraphs found:")
    for language in result.languages:
        preambular = result.paragraph_counts.get("preambular", {}).get(language, 0)
        operative = result.paragraph_counts.get("operative", {}).get(language, 0)
        notes = result.note_counts.get(language, {})
        lines.append(
            f"  {language}: {preambular} preambular, {operative} operative, "
            f"{notes.get('note', 0)} notes, {notes.get('reservation', 0)} reservations"
        )
    for part, per_language in result.paragraph_counts.items():
        if len(set(per_language.values())) > 1:
            found = ", ".join(f"{language} {count}" for language, count in per_language.items())
            lines.append(f"Warning: the languages differ in {part} paragraphs ({found}); check the file.")
    if result.replaced:
        lines.append(
            f"Compared with the previous import: {result.kept} paragraphs kept, {result.added} added, "
            f"{result.removed} removed; {result.links_moved} input links moved to a merged paragraph, "
            f"{result.links_removed} removed with their paragraphs."
        )
        lines.append("The document is unpublished until an organiser publishes it again.")
    if result.ignored:
        lines.append(f"Skipped {len(result.ignored)} lines of page furniture or headings.")
    if result.unplaced:
        lines.append(f"Could not place {len(result.unplaced)} fragments:")
        for fragment in result.unplaced[:SHOWN_FRAGMENTS]:
            lines.append(f"  line {fragment.line} ({fragment.language}): {_shorten(fragment.text)}")
        if len(result.unplaced) > SHOWN_FRAGMENTS:
            lines.append(f"  ... and {len(result.unplaced) - SHOWN_FRAGMENTS} more (listed in the console).")
    else:
        lines.append("Every line was placed.")
    return lines


@texts_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--event", "slug", required=True, help="Event slug, e.g. safe-cyberspace-2022.")
@click.option("--kind", type=click.Choice(["draft", "adopted"]), required=True,
              help="Which text this is; importing a kind again replaces the earlier import.")
@click.option("--title", default="", help="Title shown to staff (default: the title printed in the file).")
def import_command(file: Path, slug: str, kind: str, title: str):
    """Import a draft or adopted resolution from a text or Markdown FILE."""
    from eventhub.events.services import get_event

    from .operations import TextImportError, decode_text_file, import_document

    event = get_event(slug)
    if event is None:
        raise click.ClickException(f"No event with slug {slug!r}.")
    try:
        text = decode_text_file(file.read_bytes())
        result = import_document(event, text, title, kind, file.name, actor=None)
    except TextImportError as error:
        raise click.ClickException(str(error)) from None
    for line in format_import_result(result, slug):
        click.echo(line)


commands = [texts_cli]
