"""Emails organisers send from the console: a session moved or was cancelled. Each
registrant gets the message in their own language, with the times in the event's
reference zone and in their own zone."""
from __future__ import annotations

import datetime as dt

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from eventhub.calendars.services import session_attachment
from eventhub.events.models import EventSession
from eventhub.i18n import LANGUAGES, text_direction
from eventhub.mail import OutgoingEmail
from eventhub.registration.models import Registration
from eventhub.timezones import is_valid_timezone, session_times

KINDS = ("moved", "cancelled")


def event_page_url(session: EventSession, lang: str) -> str:
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    return f"{base}/{lang}/e/{session.event.slug}/"


def session_notice(registration: Registration, session: EventSession, kind: str,
                   previous_starts_at: dt.datetime | None = None,
                   previous_ends_at: dt.datetime | None = None) -> OutgoingEmail:
    """The email telling one registrant that ``session`` moved (or was cancelled)."""
    if kind not in KINDS:
        raise ValueError(kind)
    lang = registration.language if registration.language in LANGUAGES else "en"
    zone = registration.timezone if is_valid_timezone(registration.timezone) else session.event.reference_timezone
    event = session.event
    with force_locale(lang):
        times = session_times(session.starts_at, session.ends_at, event.reference_timezone, zone, lang)
        previous = None
        if previous_starts_at and previous_ends_at:
            previous = session_times(previous_starts_at, previous_ends_at, event.reference_timezone, zone, lang)
        context = {
            "registration": registration, "session": session, "event": event, "lang": lang,
            "title": event.text("title", lang), "organiser": event.text("organiser", lang),
            "times": times, "previous": previous, "kind": kind,
            "event_url": event_page_url(session, lang), "direction": text_direction(lang),
        }
        if kind == "moved":
            subject = _("New time for session %(number)d: %(title)s", number=session.number,
                        title=context["title"])
        else:
            subject = _("Session %(number)d cancelled: %(title)s", number=session.number,
                        title=context["title"])
        text = render_template("email/console/session_notice.txt", **context)
        html = render_template("email/console/session_notice.html", **context)
        # The person's own copy of the session (same UID, SEQUENCE raised by the change,
        # STATUS:CANCELLED when cancelled): opening it updates the entry they imported.
        calendar = session_attachment(session, lang, registration)
    return OutgoingEmail(to=registration.email, subject=subject, text=text, html=html, language=lang,
                         attachments=[calendar])
