"""``flask --app wsgi texts import``: counts printed, unplaced text listed, clear errors."""
from __future__ import annotations

from pathlib import Path

import pytest

from eventhub.events.demo import DEMO_SLUG
from eventhub.extensions import db
from eventhub.texts.models import ReferenceDocument

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def run_cli(app):
    runner = app.test_cli_runner()

    def run(*args):
        return runner.invoke(args=["texts", "import", *map(str, args)])

    return run


def test_import_prints_counts_per_language(run_cli, demo_event):
    result = run_cli(FIXTURES / "adopted.md", "--event", DEMO_SLUG, "--kind", "adopted", "--title", "Water resolution")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    document = db.session.execute(db.select(ReferenceDocument)).scalar_one()
    assert lines[0] == (
        f'Imported the adopted text of {DEMO_SLUG} as document {document.id}: "Water resolution" (from adopted.md).'
    )
    assert "  en: 4 preambular, 5 operative, 0 notes, 2 reservations" in lines
    assert "  ar: 4 preambular, 5 operative, 0 notes, 2 reservations" in lines
    assert "Skipped 2 lines of page furniture or headings." in lines  # "E" and "#IPU999"
    assert lines[-1] == "Every line was placed."
    assert document.title == "Water resolution" and document.imported_by is None


def test_import_lists_what_it_could_not_place(run_cli, demo_event):
    result = run_cli(FIXTURES / "noisy.txt", "--event", DEMO_SLUG, "--kind", "draft")
    assert result.exit_code == 0, result.output
    assert "Could not place 1 fragments:" in result.output
    assert "  line 20 (en): Annex prepared by the Secretariat for information only" in result.output
    assert "  en: 2 preambular, 3 operative, 0 notes, 0 reservations" in result.output
    # The title printed in the file is used when --title is not given.
    assert '"Digital inclusion and parliaments"' in result.output


def test_second_import_reports_the_replacement(run_cli, demo_event):
    run_cli(FIXTURES / "draft.md", "--event", DEMO_SLUG, "--kind", "draft")
    result = run_cli(FIXTURES / "draft.md", "--event", DEMO_SLUG, "--kind", "draft")
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Replaced the draft text of {DEMO_SLUG}")
    assert "18 paragraphs kept, 0 added, 0 removed" in result.output
    assert "unpublished until an organiser publishes it again" in result.output


@pytest.mark.parametrize("args, message", [
    (["--event", "no-such-event", "--kind", "draft"], "No event with slug 'no-such-event'"),
    (["--event", DEMO_SLUG, "--kind", "final"], "'final' is not one of 'draft', 'adopted'"),
])
def test_bad_arguments_fail_with_a_message(run_cli, demo_event, args, message):
    result = run_cli(FIXTURES / "draft.md", *args)
    assert result.exit_code != 0
    assert message in result.output
    assert db.session.execute(db.select(db.func.count(ReferenceDocument.id))).scalar_one() == 0


def test_a_file_that_is_not_utf8_is_refused(run_cli, demo_event, tmp_path):
    scan = tmp_path / "scan.txt"
    scan.write_bytes("1. Décide de rester saisie de la question.".encode("cp1252"))
    result = run_cli(scan, "--event", DEMO_SLUG, "--kind", "draft")
    assert result.exit_code == 1
    assert "not plain text in UTF-8" in result.output
