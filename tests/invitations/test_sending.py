"""Sending invitations through the job queue to a real SMTP server on loopback."""
import datetime as dt
import html as html_lib
import re

import icalendar
import pytest
import sqlalchemy as sa

from eventhub.extensions import db
from eventhub.invitations.models import InvitationSend, Invitee
from eventhub.invitations.operations import deliver_invitation, queue_invitations, resend_invitation
from eventhub.timezones import zone_display_name

from .conftest import run_all_jobs, run_jobs_due_within

#: What each language's invitation must say (translations, not derived from the code).
EXPECTED = {
    "jane.wanjiru@parliament.go.ke": ("en", "Invitation: Creating a safe cyberspace for democracy", "ltr", "Register"),
    "helene.dubois@assemblee.fr": ("fr", "Invitation : Créer un cyberespace sûr pour la démocratie", "ltr", "S’inscrire"),
    "maria.perez@congreso.es": ("es", "Invitación: Crear un ciberespacio seguro para la democracia", "ltr", "Inscribirse"),
    "ahmed@parliament.ma": ("ar", "دعوة: إقامة فضاء إلكتروني آمن للديمقراطية", "rtl", "التسجيل"),
}


def parts(message):
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    return text, html


def invitee(email):
    db.session.expire_all()
    return db.session.execute(sa.select(Invitee).filter_by(email=email)).scalar_one()


@pytest.mark.app_config(INVITATIONS_PER_MINUTE=0)
def test_each_invitee_receives_one_message_in_their_language(four_language_list, smtp_server, client):
    event = four_language_list
    assert queue_invitations(event, actor="organiser@ipu.example") == 4
    run_all_jobs()
    messages = {m["To"]: m for m in smtp_server.messages}
    assert set(messages) == set(EXPECTED)
    for email, (lang, subject, direction, register) in EXPECTED.items():
        message = messages[email]
        assert message["Content-Language"] == lang
        assert message["Subject"] == subject
        text, html = parts(message)
        assert f'<html lang="{lang}" dir="{direction}">' in html
        assert f">{register}</a>" in html
        # The .ics attachment parses and holds both sessions at the right instants.
        (attachment,) = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
        calendar = icalendar.Calendar.from_ical(attachment.get_content())
        starts = sorted(e.decoded("dtstart") for e in calendar.walk("VEVENT"))
        assert starts == [dt.datetime(2022, 12, 6, 6, 0, tzinfo=dt.timezone.utc),
                          dt.datetime(2022, 12, 6, 15, 30, tzinfo=dt.timezone.utc)]
        assert str(calendar["method"]) == "PUBLISH"
        # Reference times in every message; the personal link in both parts.
        assert "07:00–09:00" in text and "16:30–18:30" in text
        link = re.search(rf"http://localhost(/{lang}/i/[A-Za-z0-9_-]{{43}})", text).group(1)
        assert link in html
        stored = invitee(email)
        assert stored.status == "sent" and stored.send_count == 1 and stored.sent_at is not None

        # The personal link works in the app and prefills the registration form.
        page = client.get(link)
        assert page.status_code == 200
        assert f'<html lang="{lang}" dir="{direction}">' in page.get_data(as_text=True)
        with client.session_transaction() as session:
            assert session["invitation_id"] == stored.id
            assert session["registration_prefill"]["email"] == email
            assert session["registration_prefill"]["language"] == lang
        assert invitee(email).opened_language == lang


@pytest.mark.app_config(INVITATIONS_PER_MINUTE=0)
def test_plain_text_part_has_the_same_content_as_html(four_language_list, smtp_server):
    event = four_language_list
    queue_invitations(event, actor="organiser@ipu.example")
    run_all_jobs()
    for message in smtp_server.messages:
        text, html = parts(message)
        hrefs = {html_lib.unescape(h) for h in re.findall(r'href="([^"]+)"', html)}
        assert hrefs and all(href in text for href in hrefs), sorted(h for h in hrefs if h not in text)
        lang = message["Content-Language"]
        shown_html = html_lib.unescape(html)
        for objective in event.objectives:
            assert objective.text[lang] in text and objective.text[lang] in shown_html
        for paragraph in event.summary[lang].split("\n\n"):
            assert paragraph in text and paragraph in shown_html


@pytest.mark.app_config(INVITATIONS_PER_MINUTE=0)
def test_local_times_shown_when_the_invitees_zone_is_known(four_language_list, smtp_server):
    queue_invitations(four_language_list, actor="organiser@ipu.example")
    run_all_jobs()
    messages = {m["To"]: parts(m) for m in smtp_server.messages}
    manila_text, manila_html = messages["ahmed@parliament.ma"]
    assert zone_display_name("Asia/Manila", "ar") in manila_text and "Asia/Manila" not in manila_text and "14:00–16:00" in manila_text  # session 1 in Manila
    assert "23:30–01:30" in manila_html  # session 2 runs past midnight there
    french_text, _ = messages["helene.dubois@assemblee.fr"]  # no zone given: reference times only
    assert "Votre heure" not in french_text


@pytest.mark.app_config(INVITATIONS_PER_MINUTE=0)
def test_send_all_twice_queues_each_invitation_once(four_language_list, smtp_server):
    event = four_language_list
    assert queue_invitations(event, actor="a@ipu.example") == 4
    assert queue_invitations(event, actor="b@ipu.example") == 0
    run_all_jobs()
    assert queue_invitations(event, actor="c@ipu.example") == 0
    run_all_jobs()
    assert sorted(m["To"] for m in smtp_server.messages) == sorted(EXPECTED)


@pytest.mark.app_config(INVITATIONS_PER_MINUTE=0)
def test_a_job_that_runs_twice_sends_once(four_language_list, smtp_server):
    from eventhub.invitations.tasks import send_invitation_job

    queue_invitations(four_language_list, actor="a@ipu.example")
    send_ids = list(db.session.execute(sa.select(InvitationSend.id)).scalars())
    for send_id in send_ids:  # a duplicate of every job, as a redelivery would make
        send_invitation_job(send_id)
    run_all_jobs()
    assert len(smtp_server.messages) == 4
    assert deliver_invitation(send_ids[0], final_attempt=True) == "skipped"
    assert len(smtp_server.messages) == 4


@pytest.mark.app_config(INVITATIONS_PER_MINUTE=0)
def test_resend_is_recorded_with_actor_and_sent_again(four_language_list, smtp_server):
    queue_invitations(four_language_list, actor="first@ipu.example")
    run_all_jobs()
    jane = invitee("jane.wanjiru@parliament.go.ke")
    resend_invitation(jane, actor="second@ipu.example")
    run_all_jobs()
    assert [m["To"] for m in smtp_server.messages].count(jane.email) == 2
    sends = db.session.execute(
        sa.select(InvitationSend).filter_by(invitee_id=jane.id).order_by(InvitationSend.id)).scalars().all()
    assert [(s.kind, s.actor, s.state) for s in sends] == [
        ("initial", "first@ipu.example", "sent"), ("resend", "second@ipu.example", "sent")]
    assert all(s.sent_at is not None for s in sends)
    assert invitee(jane.email).send_count == 2


@pytest.mark.app_config(INVITATIONS_PER_MINUTE=0)
def test_resend_refused_while_one_is_waiting(four_language_list, smtp_server):
    from eventhub.invitations.operations import InvitationError

    queue_invitations(four_language_list, actor="a@ipu.example")
    with pytest.raises(InvitationError):
        resend_invitation(invitee("maria.perez@congreso.es"), actor="b@ipu.example")


@pytest.mark.app_config(INVITATIONS_PER_MINUTE=60)
def test_rate_spaces_messages_across_batches(four_language_list, smtp_server):
    from eventhub.invitations.importing import import_invitees

    from .conftest import csv_bytes

    event = four_language_list
    queue_invitations(event, actor="a@ipu.example")
    import_invitees(event, csv_bytes([["name", "email", "language"], ["Late", "late@parl.example", "en"]]), "x.csv")
    queue_invitations(event, actor="a@ipu.example")  # a second batch waits behind the first
    due = sorted(db.session.execute(sa.select(InvitationSend.scheduled_for)).scalars())
    gaps = [(b - a).total_seconds() for a, b in zip(due, due[1:])]
    assert gaps == pytest.approx([1.0] * 4, abs=0.05)
    run_jobs_due_within(0.5)
    assert len(smtp_server.messages) == 1  # only the first is due now
    run_jobs_due_within(6)
    assert len(smtp_server.messages) == 5


@pytest.mark.app_config(INVITATIONS_PER_MINUTE=0)
def test_smtp_down_retries_then_failed_and_never_sent(four_language_list, app, run_jobs):
    from tests.conftest import free_port

    from eventhub.jobs.models import JobFailure

    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=free_port())  # nothing listens there
    queue_invitations(four_language_list, actor="a@ipu.example")
    run_jobs()  # the first attempt of each
    first = invitee("jane.wanjiru@parliament.go.ke")
    assert first.status == "queued" and first.send_count == 0 and first.sent_at is None
    send = db.session.execute(sa.select(InvitationSend).filter_by(invitee_id=first.id)).scalar_one()
    assert send.state == "queued" and send.attempts == 1 and "Connection" in send.last_error

    run_all_jobs()  # every retry, as if half an hour passed
    for email in EXPECTED:
        stored = invitee(email)
        assert stored.status == "failed"
        assert stored.sent_at is None and stored.send_count == 0
        assert "ConnectionRefusedError" in stored.last_error
    attempts = set(db.session.execute(sa.select(InvitationSend.attempts)).scalars())
    assert attempts == {6}  # first try and five retries
    failures = db.session.execute(sa.select(JobFailure)).scalars().all()
    # One delivery job for the four (a batch), given up once: the server never answered.
    assert len(failures) == 1 and all(f.given_up for f in failures)


@pytest.mark.app_config(INVITATIONS_PER_MINUTE=0)
def test_smtp_back_up_during_retries_sends_exactly_once(four_language_list, smtp_server, app, run_jobs):
    from tests.conftest import free_port

    working_port = smtp_server.port
    app.config.update(SMTP_PORT=free_port())
    queue_invitations(four_language_list, actor="a@ipu.example")
    run_jobs()
    assert smtp_server.messages == []
    assert {i.status for i in map(invitee, EXPECTED)} == {"queued"}
    app.config.update(SMTP_PORT=working_port)
    run_all_jobs()
    assert sorted(m["To"] for m in smtp_server.messages) == sorted(EXPECTED)
    assert {i.status for i in map(invitee, EXPECTED)} == {"sent"}
    assert queue_invitations(four_language_list, actor="a@ipu.example") == 0


@pytest.mark.app_config(INVITATIONS_PER_MINUTE=0)
def test_recipient_refused_for_good_fails_without_retrying(four_language_list, smtp_server):
    refused = "jane.wanjiru@parliament.go.ke"

    async def handle_RCPT(server, session, envelope, address, rcpt_options):
        if address == refused:
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    smtp_server.handle_RCPT = handle_RCPT
    queue_invitations(four_language_list, actor="a@ipu.example")
    run_all_jobs()
    stored = invitee(refused)
    assert stored.status == "failed" and "550" in stored.last_error and stored.send_count == 0
    send = db.session.execute(sa.select(InvitationSend).filter_by(invitee_id=stored.id)).scalar_one()
    assert send.attempts == 1
    assert len(smtp_server.messages) == 3


@pytest.mark.app_config(INVITATIONS_PER_MINUTE=0)
def test_a_send_lost_mid_delivery_does_not_block_an_explicit_resend(four_language_list, smtp_server):
    from eventhub.db_types import utcnow

    queue_invitations(four_language_list, actor="a@ipu.example")
    helene = invitee("helene.dubois@assemblee.fr")
    send = db.session.execute(sa.select(InvitationSend).filter_by(invitee_id=helene.id)).scalar_one()
    # A worker claimed it and died before finishing, and no job is left to finish it
    # (the queue and the job outbox emptied by hand).
    send.state, send.claimed_at = "sending", utcnow() - dt.timedelta(minutes=16)
    db.session.commit()
    from eventhub.jobs import huey
    from eventhub.jobs.models import QueuedLater

    huey.flush()
    db.session.execute(sa.delete(QueuedLater))
    db.session.commit()
    run_all_jobs()
    assert "helene.dubois@assemblee.fr" not in {m["To"] for m in smtp_server.messages}
    assert invitee(helene.email).status == "queued"  # never "sent": delivery is unknown
    resend_invitation(invitee(helene.email), actor="b@ipu.example")
    run_all_jobs()
    assert [m["To"] for m in smtp_server.messages].count(helene.email) == 1
    states = db.session.execute(sa.select(InvitationSend.kind, InvitationSend.state)
                                .filter_by(invitee_id=helene.id).order_by(InvitationSend.id)).all()
    assert states == [("initial", "failed"), ("resend", "sent")]
    assert invitee(helene.email).status == "sent"
