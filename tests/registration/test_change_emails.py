"""Every change to a person's places is confirmed by one email in their language, with
their updated calendar file; changes made together go out as one message."""
from __future__ import annotations

import datetime as dt
import re

import icalendar
import pytest

from eventhub.extensions import db
from eventhub.registration import operations
from eventhub.registration.models import Registration, RegistrationChange

from .conftest import form_data, register_url

immediate = pytest.mark.app_config(CHANGE_EMAIL_DELAY=0)


def register(client, run_jobs, smtp_server, lang="fr", **overrides):
    response = client.post(register_url(lang), data=form_data(**overrides))
    assert response.status_code == 302
    run_jobs()
    assert len(smtp_server.messages) == 1  # the confirmation
    smtp_server.envelopes.clear()
    token = response.headers["Location"].split("/r/")[1].removesuffix("/confirmation")
    return token, db.session.execute(db.select(Registration)).scalar_one()


def calendars(message) -> dict[str, icalendar.Event]:
    """{filename: VEVENT} of the message's calendar attachments."""
    found = {}
    for attachment in message.iter_attachments():
        assert attachment.get_content_type() == "text/calendar"
        found[attachment.get_filename()] = icalendar.Calendar.from_ical(attachment.get_content()).walk("VEVENT")[0]
    return found


def bodies(message):
    return message.get_body(("plain",)).get_content(), message.get_body(("html",)).get_content()


def actions(registration):
    db.session.expire_all()
    return [c.action for c in db.session.get(Registration, registration.id).changes]


@immediate
def test_language_change_is_emailed_with_a_higher_sequence(client, demo_event, run_jobs, smtp_server):
    token, registration = register(client, run_jobs, smtp_server, sessions=["2"], language_2="fr")
    session_2 = demo_event.session_by_number(2)
    response = client.post(f"/fr/r/{token}/sessions", data={"sessions": ["2"], "language_2": "es"})
    assert response.status_code == 302
    run_jobs()
    [message] = smtp_server.messages
    assert message["Subject"] == "Votre inscription a été modifiée : Créer un cyberespace sûr pour la démocratie"
    assert message["Content-Language"] == "fr"
    text, html = bodies(message)
    for body in (text, html):
        assert "Séance 2 : langue d’écoute modifiée (français → espagnol)." in body
        assert f"/fr/r/{token}" in body  # the same personal link
    [event] = calendars(message).values()
    assert str(event["uid"]) == f"session-{session_2.id}@{demo_event_uid_domain(client)}"
    assert event["status"] == "CONFIRMED"
    assert int(event["sequence"]) == (session_2.revision or 0) * 1000 + 1
    # The history says the same, and that the email went out.
    manage = client.get(f"/fr/r/{token}").get_data(as_text=True)
    assert "Séance 2 : langue d’écoute modifiée (français → espagnol)." in manage
    assert "Courriel envoyé confirmant 1 modification." in manage
    assert actions(registration)[-1] == "change_emailed"
    # Nothing more to say: a second run of the job sends nothing (jobs run at least once).
    from eventhub.registration.tasks import send_change_email

    send_change_email.call_local(registration.id)
    run_jobs()
    assert len(smtp_server.messages) == 1


def demo_event_uid_domain(client):
    return client.application.config["CALENDAR_UID_DOMAIN"]


@immediate
@pytest.mark.parametrize("lang, cancelled_line", [
    ("en", "Registration cancelled."), ("es", "Inscripción cancelada."), ("ar", "أُلغي التسجيل."),
])
def test_cancelling_everything_sends_cancelled_calendar_entries(client, demo_event, run_jobs, smtp_server,
                                                                lang, cancelled_line):
    token, registration = register(client, run_jobs, smtp_server, lang=lang, sessions=["1", "2"],
                                   language_2="en")
    assert client.post(f"/{lang}/r/{token}/cancel").status_code == 302
    run_jobs()
    [message] = smtp_server.messages
    assert message["Content-Language"] == lang
    text, html = bodies(message)
    assert cancelled_line in text and cancelled_line in html
    events = calendars(message)
    assert sorted(events) == ["safe-cyberspace-2022-session-1.ics", "safe-cyberspace-2022-session-2.ics"]
    for session in demo_event.sessions:
        event = events[f"safe-cyberspace-2022-session-{session.number}.ics"]
        assert event["status"] == "CANCELLED"
        assert int(event["sequence"]) > (session.revision or 0) * 1000
        assert str(event["uid"]).startswith(f"session-{session.id}@")
        assert "CONFERENCE" not in event


def test_changes_made_together_go_out_as_one_email(app, client, demo_event, run_jobs, smtp_server):
    app.config["CHANGE_EMAIL_DELAY"] = 120
    token, registration = register(client, run_jobs, smtp_server, sessions=["2"], language_2="fr")
    client.post(f"/fr/r/{token}/sessions", data={"sessions": ["1", "2"], "language_1": "en", "language_2": "es"})
    client.post(f"/fr/r/{token}/timezone", data={"timezone": "Asia/Manila"})
    run_jobs()
    assert smtp_server.messages == []  # nothing before the delay
    from eventhub.registration.tasks import send_change_email

    send_change_email.call_local(registration.id)  # a job run early (the latest change is new)
    run_jobs()
    assert smtp_server.messages == []
    # Two minutes later, every scheduled job is due: one message for the three changes.
    later = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None) + dt.timedelta(seconds=125)  # huey: naive UTC
    for change in db.session.execute(db.select(RegistrationChange)).scalars():
        change.at = change.at - dt.timedelta(seconds=125)
    db.session.commit()
    from eventhub.jobs import huey

    due = [task for task in huey.read_schedule(later) if task.name.endswith("send_change_email")]
    assert len(due) == 3  # one per committed change; whichever runs first sends for all
    for task in due:
        task.execute()
    run_jobs()
    [message] = smtp_server.messages
    text, _ = bodies(message)
    assert "Séance 1 ajoutée" in text
    assert "langue d’écoute modifiée (français → espagnol)" in text
    assert "Fuseau horaire modifié (Africa/Dakar → Asia/Manila)" in text
    assert sorted(calendars(message)) == ["safe-cyberspace-2022-session-1.ics", "safe-cyberspace-2022-session-2.ics"]


@immediate
def test_organiser_cancel_and_restore_are_emailed(client, demo_event, run_jobs, smtp_server):
    from eventhub.console.operations import cancel_place, restore_place

    token, registration = register(client, run_jobs, smtp_server, lang="es", sessions=["2"], language_2="es")
    place = registration.sessions[0]
    cancel_place(place, actor="organiser@ipu.example")
    run_jobs()
    [cancelled] = smtp_server.messages
    text, _ = bodies(cancelled)
    assert "Sesión 2: plaza cancelada." in text
    [event] = calendars(cancelled).values()
    assert event["status"] == "CANCELLED"
    first_sequence = int(event["sequence"])
    restore_place(place, actor="organiser@ipu.example")
    run_jobs()
    restored = smtp_server.messages[1]
    [event] = calendars(restored).values()
    assert event["status"] == "CONFIRMED"
    assert int(event["sequence"]) > first_sequence
    assert "Sesión 2: plaza restablecida." in bodies(restored)[0]


@immediate
def test_nothing_changed_sends_nothing(client, demo_event, run_jobs, smtp_server):
    token, registration = register(client, run_jobs, smtp_server, sessions=["2"], language_2="fr")
    client.post(f"/fr/r/{token}/sessions", data={"sessions": ["2"], "language_2": "fr"})
    client.post(f"/fr/r/{token}/timezone", data={"timezone": "Africa/Dakar"})
    run_jobs()
    assert smtp_server.messages == []


@immediate
def test_promotion_keeps_its_own_email_and_no_change_email(client, demo_event, run_jobs, smtp_server):
    session = demo_event.session_by_number(2)
    session.capacity = 1
    db.session.commit()
    first, _ = register(client, run_jobs, smtp_server, sessions=["2"], language_2="fr")
    client.post(register_url("fr"), data=form_data(email="second@parl.example", sessions=["2"], language_2="fr"))
    run_jobs()
    smtp_server.envelopes.clear()
    client.post(f"/fr/r/{first}/cancel")
    run_jobs()
    recipients = sorted(m["To"] for m in smtp_server.messages)
    assert recipients == ["amina.diallo@assemblee.example", "second@parl.example"]
    promoted = next(m for m in smtp_server.messages if m["To"] == "second@parl.example")
    assert "Une place" in promoted["Subject"]


@immediate
def test_a_failing_render_leaves_the_changes_pending(client, demo_event, run_jobs, smtp_server, monkeypatch):
    token, registration = register(client, run_jobs, smtp_server, sessions=["2"], language_2="fr")
    from eventhub.registration import notifications

    def broken(*args, **kwargs):
        raise RuntimeError("template broke")

    monkeypatch.setattr(notifications, "build_change", broken)
    client.post(f"/fr/r/{token}/sessions", data={"sessions": ["2"], "language_2": "es"})
    run_jobs()
    assert "change_emailed" not in actions(registration)
    monkeypatch.undo()
    from eventhub.registration.tasks import send_change_email

    send_change_email.call_local(registration.id)
    run_jobs()
    assert len(smtp_server.messages) == 1
    assert "change_emailed" in actions(registration)


def test_a_change_whose_process_died_after_the_commit_is_still_emailed(app, client, demo_event, run_jobs,
                                                                     smtp_server, monkeypatch):
    """The change email is written to the job outbox in the change's transaction: a process
    that dies right after the commit (before handing the job to the queue) loses nothing;
    the recovery pass queues it, still CHANGE_EMAIL_DELAY after the change."""
    from eventhub.jobs import huey, outbox
    from eventhub.jobs.models import QueuedLater

    app.config["CHANGE_EMAIL_DELAY"] = 120
    token, registration = register(client, run_jobs, smtp_server, sessions=["2"], language_2="fr")
    monkeypatch.setattr(outbox, "hand_over", lambda tasks: 0)  # the process dies after the commit
    client.post(f"/fr/r/{token}/sessions", data={"sessions": ["2"], "language_2": "es"})
    client.post(f"/fr/r/{token}/cancel")
    monkeypatch.undo()
    db.session.expire_all()
    rows = db.session.execute(db.select(QueuedLater).filter(
        QueuedLater.task_name.like("%send_change_email"))).scalars().all()
    assert [row.state for row in rows] == ["waiting", "waiting"]  # one per committed change
    before = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    for row in rows:  # each keeps its due time
        eta = huey.deserialize_task(row.payload).eta
        assert before + dt.timedelta(seconds=100) < eta <= before + dt.timedelta(seconds=121)
    run_jobs()  # the recovery pass queues them; not due yet
    assert smtp_server.messages == []
    later = before + dt.timedelta(seconds=125)
    for change in db.session.execute(db.select(RegistrationChange)).scalars():
        change.at = change.at - dt.timedelta(seconds=125)
    db.session.commit()
    due = [task for task in huey.read_schedule(later) if task.name.endswith("send_change_email")]
    assert len(due) == 2
    for task in due:
        huey.execute(task, later)
    run_jobs()
    [message] = smtp_server.messages
    text, _ = bodies(message)
    assert "langue d’écoute modifiée (français → espagnol)" in text
    assert "Inscription annulée." in text
    assert actions(registration)[-1] == "change_emailed"
