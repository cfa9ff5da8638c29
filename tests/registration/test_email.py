"""Confirmation email through a real SMTP server (aiosmtpd on loopback) and the job queue."""
from __future__ import annotations

import re

import icalendar
import pytest

from eventhub.extensions import db
from eventhub.registration.models import Registration
from eventhub.timezones import zone_display_name

from .conftest import form_data, register_url


def register_and_deliver(client, run_jobs, smtp_server, lang, **overrides):
    response = client.post(register_url(lang), data=form_data(**overrides))
    assert response.status_code == 302
    assert smtp_server.messages == []  # nothing is sent inside the request
    assert run_jobs() == 2  # render, then deliver
    assert len(smtp_server.messages) == 1
    return smtp_server.messages[0]


def parts(message):
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    return text, html


@pytest.mark.parametrize("lang, subject, greeting, direction", [
    ("en", "Your registration: Creating a safe cyberspace for democracy", "Dear Hon. Amina Diallo,", "ltr"),
    ("fr", "Votre inscription : Créer un cyberespace sûr pour la démocratie", "Madame, Monsieur,", "ltr"),
    ("es", "Su inscripción: Crear un ciberespacio seguro para la democracia", "Honorable Amina Diallo:", "ltr"),
    ("ar", "تسجيلكم: إقامة فضاء إلكتروني آمن للديمقراطية", "معالي Amina Diallo المحترم/المحترمة،", "rtl"),  # one honorific, not « حضرة معالي »
])
def test_confirmation_email_in_the_registrants_language(client, demo_event, run_jobs, smtp_server, lang, subject,
                                                        greeting, direction):
    message = register_and_deliver(client, run_jobs, smtp_server, lang, sessions=["1", "2"], language_2="en")
    assert message["To"] == "amina.diallo@assemblee.example"
    assert message["From"] == "IPU Events <events@ipu.example>"
    assert message["Subject"] == subject
    assert message["Content-Language"] == lang
    text, html = parts(message)
    assert text.startswith(greeting)
    assert f'<html lang="{lang}" dir="{direction}">' in html
    # Equal content: both parts carry both times, both Zoom links and the manage link.
    manage_link = re.search(r"http://localhost/" + lang + r"/r/[A-Za-z0-9_-]{43}", text).group(0)
    for needle in (manage_link, "WN_dMEN_hv2QGO5vUyrHFry0g", "WN_HYpQIITqR_uSqLUt0Zj9tq",
                   "07:00–09:00", "16:30–18:30", zone_display_name("Europe/Zurich", lang),
                   zone_display_name("Africa/Dakar", lang), "06:00–08:00"):
        assert needle in text and needle in html, needle
    assert "Europe/Zurich" not in text and "Africa/Dakar" not in html  # names, not IANA IDs
    if lang != "en":
        for english in ("Listening language", "Your time", "Next step", "personal link"):
            assert english not in text and english not in html


def test_attachments_are_valid_calendars_of_the_chosen_sessions(client, demo_event, run_jobs, smtp_server):
    message = register_and_deliver(client, run_jobs, smtp_server, "ar", sessions=["1", "2"], language_2="ar")
    attachments = list(message.iter_attachments())
    assert [a.get_filename() for a in attachments] == ["safe-cyberspace-2022-session-1.ics", "safe-cyberspace-2022-session-2.ics"]
    for attachment, session in zip(attachments, demo_event.sessions):
        assert attachment.get_content_type() == "text/calendar"
        assert attachment.get_param("method") == "PUBLISH"
        assert attachment.get_content_charset() == "utf-8"  # Arabic survives in every client
        calendar = icalendar.Calendar.from_ical(attachment.get_content())
        event = calendar.walk("VEVENT")[0]
        assert event.decoded("dtstart") == session.starts_at
        assert event.decoded("dtend") == session.ends_at
        assert str(event["summary"]) == f"الجلسة {session.number}: إقامة فضاء إلكتروني آمن للديمقراطية"
        assert session.zoom_registration_url in str(event["description"])
        assert str(event["uid"]).startswith(f"session-{session.id}@")


def test_manage_link_in_the_email_works(client, demo_event, run_jobs, smtp_server):
    message = register_and_deliver(client, run_jobs, smtp_server, "es")
    text, _ = parts(message)
    link = re.search(r"http://localhost(/es/r/[A-Za-z0-9_-]{43})", text).group(1)
    page = client.get(link)
    assert page.status_code == 200
    assert "Su inscripción" in page.get_data(as_text=True)


def test_user_text_is_escaped_in_the_html_part(client, demo_event, run_jobs, smtp_server):
    message = register_and_deliver(client, run_jobs, smtp_server, "en", given_name="<img src=x onerror=alert(1)>")
    text, html = parts(message)
    assert "<img src=x onerror=alert(1)>" in text  # plain text shows what was typed
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_duplicate_registration_emails_the_same_manage_link(client, demo_event, run_jobs, smtp_server):
    """Registering twice (in a hurry, or someone typing the address) must not break the
    link in the first email, the personal calendar file or a bookmark: the same link is
    sent again (it used to be replaced)."""
    register_and_deliver(client, run_jobs, smtp_server, "fr")
    first_text, _ = parts(smtp_server.messages[0])
    first_link = re.search(r"http://localhost(/fr/r/[A-Za-z0-9_-]{43})", first_text).group(1)

    client.post(register_url("en"), data=form_data(email="Amina.Diallo@ASSEMBLEE.example"))
    assert run_jobs() == 2
    second = smtp_server.messages[1]
    assert second["Content-Language"] == "fr"  # the registrant's language, not the page's
    text, _ = parts(second)
    assert "a tenté de s’inscrire à nouveau" in text
    link_again = re.search(r"http://localhost(/fr/r/[A-Za-z0-9_-]{43})", text).group(1)
    assert link_again == first_link
    assert client.get(first_link).status_code == 200
    assert db.session.execute(db.select(db.func.count(Registration.id))).scalar_one() == 1
