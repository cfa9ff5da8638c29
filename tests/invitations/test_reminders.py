"""Session reminders 24 hours and 1 hour before, never twice, skipped when cancelled."""
import datetime as dt

import pytest
import sqlalchemy as sa

from eventhub.extensions import db
from eventhub.invitations.models import ReminderSent
from eventhub.invitations.reminders import send_due_reminders

from .conftest import run_all_jobs

UTC = dt.timezone.utc
SESSION_1_START = dt.datetime(2022, 12, 6, 6, 0, tzinfo=UTC)  # 07:00 CET
SESSION_2_START = dt.datetime(2022, 12, 6, 15, 30, tzinfo=UTC)  # 16:30 CET
PERSONAL_JOIN = "https://us06web.zoom.us/w/81234567890?tk=personal-token-abc"


def register(event, email, language, sessions, timezone="UTC"):
    from eventhub.registration.models import Registration, SessionRegistration

    registration = Registration(event_id=event.id, email=email, given_name=email.split("@")[0].title(),
                                family_name="Member", language=language, timezone=timezone)
    for number, status, join_url in sessions:
        registration.sessions.append(SessionRegistration(
            session=event.session_by_number(number), status=status, zoom_join_url=join_url,
            listening_language=language))
    db.session.add(registration)
    db.session.commit()
    return registration


@pytest.fixture
def registrants(demo_event):
    register(demo_event, "personal@parl.example", "fr", [(1, "confirmed", PERSONAL_JOIN)], "Asia/Manila")
    register(demo_event, "webinar@parl.example", "ar", [(1, "confirmed", None), (2, "confirmed", None)])
    register(demo_event, "cancelled@parl.example", "en", [(1, "cancelled", PERSONAL_JOIN)])
    register(demo_event, "waiting@parl.example", "es", [(1, "waitlisted", None)])
    return demo_event


def by_recipient(smtp_server):
    result = {}
    for message in smtp_server.messages:
        result.setdefault(message["To"], []).append(message)
    return result


def body(message):
    return message.get_body(preferencelist=("plain",)).get_content()


@pytest.mark.app_config(INVITATIONS_PER_MINUTE=0)
def test_day_before_reminders_in_language_with_personal_or_webinar_link(registrants, smtp_server):
    assert send_due_reminders(SESSION_1_START - dt.timedelta(hours=23, minutes=55)) == 2
    run_all_jobs()
    mail = by_recipient(smtp_server)
    assert set(mail) == {"personal@parl.example", "webinar@parl.example"}
    (french,) = mail["personal@parl.example"]
    assert french["Content-Language"] == "fr"
    assert french["Subject"].startswith("Rappel : Créer un cyberespace sûr pour la démocratie, séance 1")
    assert PERSONAL_JOIN in body(french)
    assert "Rejoindre la séance" in body(french)
    assert "14:00–16:00" in body(french)  # local time in Manila
    (arabic,) = mail["webinar@parl.example"]
    html = arabic.get_body(preferencelist=("html",)).get_content()
    assert '<html lang="ar" dir="rtl">' in html
    assert registrants.session_by_number(1).zoom_registration_url in body(arabic)


def sent():
    """(email, session number, kind) of every reminder recorded."""
    from eventhub.events.models import EventSession
    from eventhub.registration.models import Registration, SessionRegistration

    rows = db.session.execute(
        sa.select(Registration.email, EventSession.number, ReminderSent.kind)
        .join(SessionRegistration, SessionRegistration.id == ReminderSent.session_registration_id)
        .join(Registration, Registration.id == SessionRegistration.registration_id)
        .join(EventSession, EventSession.id == SessionRegistration.session_id))
    return set(rows)


def test_reminders_are_never_sent_twice(registrants, smtp_server):
    before = SESSION_1_START - dt.timedelta(hours=23)
    assert send_due_reminders(before) == 2
    assert send_due_reminders(before + dt.timedelta(minutes=5)) == 0
    # 50 minutes before session 1: its 1-hour reminders, and session 2 (9½ hours
    # later) is now within 24 hours.
    assert send_due_reminders(SESSION_1_START - dt.timedelta(minutes=50)) == 3
    assert send_due_reminders(SESSION_1_START - dt.timedelta(minutes=45)) == 0
    run_all_jobs()
    assert len(smtp_server.messages) == 5
    assert sent() == {
        ("personal@parl.example", 1, "24h"), ("webinar@parl.example", 1, "24h"),
        ("personal@parl.example", 1, "1h"), ("webinar@parl.example", 1, "1h"),
        ("webinar@parl.example", 2, "24h"),
    }


def test_hour_before_reminder_subject(registrants, smtp_server):
    send_due_reminders(SESSION_2_START - dt.timedelta(minutes=58))
    run_all_jobs()
    (message,) = smtp_server.messages  # only the Arabic registrant holds session 2
    assert message["Subject"] == "بعد ساعة: إقامة فضاء إلكتروني آمن للديمقراطية، الجلسة 2"


def test_nothing_is_due_too_early_or_after_the_start(registrants, smtp_server):
    assert send_due_reminders(SESSION_1_START - dt.timedelta(hours=25)) == 0
    # A run missed in the 24-hour window does not send a stale reminder late.
    send_due_reminders(SESSION_1_START - dt.timedelta(minutes=30))
    assert {(email, kind) for email, number, kind in sent() if number == 1} == {
        ("personal@parl.example", "1h"), ("webinar@parl.example", "1h")}
    send_due_reminders(SESSION_1_START + dt.timedelta(minutes=1))  # session 1 has started
    assert {(email, kind) for email, number, kind in sent() if number == 1} == {
        ("personal@parl.example", "1h"), ("webinar@parl.example", "1h")}


def test_cancelled_and_waitlisted_get_no_reminder(registrants, smtp_server):
    send_due_reminders(SESSION_1_START - dt.timedelta(hours=20))
    send_due_reminders(SESSION_1_START - dt.timedelta(minutes=30))
    run_all_jobs()
    recipients = {m["To"] for m in smtp_server.messages}
    assert recipients == {"personal@parl.example", "webinar@parl.example"}
    assert {email for email, _, _ in sent()} == recipients


def test_cancelled_session_gets_no_reminder(registrants, smtp_server):
    registrants.session_by_number(1).status = "cancelled"
    db.session.commit()
    send_due_reminders(SESSION_1_START - dt.timedelta(minutes=30))
    assert {number for _, number, _ in sent()} == {2}


def test_naive_now_is_refused(registrants):
    with pytest.raises(ValueError):
        send_due_reminders(dt.datetime(2022, 12, 5, 6, 0))


def test_periodic_job_is_registered_every_five_minutes(app):
    from eventhub.invitations.tasks import session_reminders_job

    task = session_reminders_job.s()
    assert task.validate_datetime(dt.datetime(2022, 12, 5, 6, 5))
    assert not task.validate_datetime(dt.datetime(2022, 12, 5, 6, 7))
