"""flask invitations import / send --all / resend."""
import pytest
import sqlalchemy as sa

from eventhub.extensions import db
from eventhub.invitations.models import InvitationSend, Invitee

from .conftest import FOUR_LANGUAGES, csv_bytes, run_all_jobs

SLUG = "safe-cyberspace-2022"


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def test_import_prints_the_report(runner, demo_event, tmp_path):
    path = tmp_path / "liste.csv"
    rows = FOUR_LANGUAGES + [["Sans Courriel", "", "", "", "fr", ""], ["Bad", "x@y", "", "", "xx", ""]]
    path.write_bytes(csv_bytes(rows, delimiter=";"))
    result = runner.invoke(args=["invitations", "import", str(path), "--event", SLUG])
    assert result.exit_code == 0, result.output
    assert "4 invitees imported, 2 rows rejected, and 6 rows read." in result.output
    assert "Line 6 rejected: Email is empty" in result.output
    assert "Line 7 rejected: invalid email address “x@y”; unknown language “xx”" in result.output
    assert db.session.execute(sa.select(sa.func.count()).select_from(Invitee)).scalar() == 4


def test_import_with_unknown_headers_fails_then_works_with_columns(runner, demo_event, tmp_path):
    path = tmp_path / "odd.csv"
    path.write_bytes(csv_bytes([["Who", "Address", "Speaks"], ["Ana", "ana@parl.example", "es"]]))
    result = runner.invoke(args=["invitations", "import", str(path), "--event", SLUG])
    assert result.exit_code == 1
    assert "Required column missing: Name." in result.output and "1='Who'" in result.output
    result = runner.invoke(args=["invitations", "import", str(path), "--event", SLUG,
                                 "--column", "name=Who", "--column", "email=2", "--column", "language=Speaks"])
    assert result.exit_code == 0, result.output
    assert "1 invitee imported" in result.output


def test_unknown_event_is_a_clear_error(runner, demo_event, tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes(b"name,email,language\n")
    result = runner.invoke(args=["invitations", "import", str(path), "--event", "nope"])
    assert result.exit_code != 0 and "No event with slug 'nope'" in result.output


@pytest.mark.app_config(INVITATIONS_PER_MINUTE=0)
def test_send_all_is_idempotent_and_resend_is_explicit(runner, four_language_list, smtp_server):
    first = runner.invoke(args=["invitations", "send", "--event", SLUG, "--all", "--yes"])
    assert "Queued 4 invitation(s)" in first.output
    second = runner.invoke(args=["invitations", "send", "--event", SLUG, "--all"])
    assert "Queued 0 invitation(s)" in second.output
    run_all_jobs()
    assert len(smtp_server.messages) == 4
    third = runner.invoke(args=["invitations", "send", "--event", SLUG, "--all"])
    assert "Queued 0 invitation(s)" in third.output
    run_all_jobs()
    assert len(smtp_server.messages) == 4

    resend = runner.invoke(args=["invitations", "resend", "HELENE.DUBOIS@assemblee.fr", "--event", SLUG,
                                 "--actor", "secretariat@ipu.example"])
    assert resend.exit_code == 0, resend.output
    run_all_jobs()
    assert [m["To"] for m in smtp_server.messages].count("helene.dubois@assemblee.fr") == 2
    last = db.session.execute(sa.select(InvitationSend).order_by(InvitationSend.id.desc())).scalars().first()
    assert (last.kind, last.actor, last.state) == ("resend", "secretariat@ipu.example", "sent")
    assert last.created_at is not None and last.sent_at is not None


def test_send_without_all_does_nothing(runner, four_language_list):
    result = runner.invoke(args=["invitations", "send", "--event", SLUG])
    assert result.exit_code != 0 and "--all" in result.output
    assert db.session.execute(sa.select(sa.func.count()).select_from(InvitationSend)).scalar() == 0


def test_resend_unknown_email(runner, four_language_list):
    result = runner.invoke(args=["invitations", "resend", "nobody@example.org", "--event", SLUG])
    assert result.exit_code != 0 and "is not invited" in result.output
