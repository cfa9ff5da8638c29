"""The email that brings a person their personal Zoom join link.

The registration's confirmation is sent at once, while the Zoom registrant is still being
created ("your personal link to join will be emailed to you shortly"); this message
follows when the sync job has the link, and again whenever the link changes (the session
moved to another webinar). It is written in the person's language, gives the session's
time in the reference zone and the person's zone, and attaches their personal calendar
file, which carries the same link.

Zoom sends its own confirmation too (in English, French or Spanish, never Arabic) unless
the webinar's "send confirmation email to registrants" setting is off; organisers who
want one message per person switch Zoom's off (docs/notes/issue-5.md).
"""
from __future__ import annotations

import logging

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from eventhub.i18n import LANGUAGES, text_direction
from eventhub.mail import OutgoingEmail, build_message

log = logging.getLogger(__name__)


def _ltr_isolate(text: str) -> str:
    """Keep "16:30–18:30" and zone names in reading order inside Arabic plain text
    (LEFT-TO-RIGHT ISOLATE ... POP DIRECTIONAL ISOLATE)."""
    return f"\u2066{text}\u2069"


def join_link_email(place) -> OutgoingEmail:
    """The message for ``place`` (which has a join link), in the person's language."""
    from eventhub.calendars.services import registration_attachment
    from eventhub.timezones import session_times

    registration = place.registration
    session = place.session
    event = registration.event
    lang = registration.language if registration.language in LANGUAGES else "en"
    with force_locale(lang):
        times = session_times(session.starts_at, session.ends_at, event.reference_timezone,
                              registration.timezone or event.reference_timezone, lang)
        direction = text_direction(lang)
        context = dict(registration=registration, place=place, session=session, event=event,
                       times=times, lang=lang, text_dir=direction, ltr=_ltr_isolate if direction == "rtl" else str,
                       title=event.text("title", lang), organiser=event.text("organiser", lang))
        subject = _("Your personal link to join session %(number)d: %(title)s",
                    number=session.number, title=context["title"])
        text = render_template("email/zoom/join_link.txt", **context)
        html = render_template("email/zoom/join_link.html", **context)
        attachment = registration_attachment(registration, lang)
    return OutgoingEmail(to=registration.email, subject=subject, text=text, html=html, language=lang,
                         attachments=[attachment])


def send_join_link(place, *, with_transaction: bool = False) -> bool:
    """Queue the join-link email; returns whether one was queued. Never raises: the Zoom
    registration is already stored, a failed email must not undo or repeat it."""
    from eventhub.jobs.tasks import queue_email

    registration = place.registration
    if (not current_app.config.get("ZOOM_JOIN_LINK_EMAIL", True) or not place.zoom_join_url
            or place.status != "confirmed" or registration.anonymised_at is not None):
        return False
    try:
        queue_email(build_message(join_link_email(place)), with_transaction=with_transaction)
    except Exception:
        log.exception("could not queue the join-link email for place %s", place.id)
        return False
    return True


def resume_time(instant, zone: str | None, lang: str) -> str:
    """``instant`` (aware) as date and time in ``zone`` for ``lang``, with the zone's name as
    people know it: « 4 déc. 2026, 01:01 — Zurich (heure d’Europe centrale) » (never the
    IANA ID a registrant does not read)."""
    from eventhub.timezones import format_moment, is_valid_timezone, zone_display_name

    zone = zone if is_valid_timezone(zone) else "UTC"
    return f"{format_moment(instant, zone, lang)} — {zone_display_name(zone, lang)}"


def delay_notice_email(place, retry_at) -> OutgoingEmail:
    """Tells the person that Zoom's daily limit delays their registration, and when it
    is sent again (in their zone); their personal link follows then."""
    registration = place.registration
    session = place.session
    event = registration.event
    lang = registration.language if registration.language in LANGUAGES else "en"
    with force_locale(lang):
        direction = text_direction(lang)
        ltr = _ltr_isolate if direction == "rtl" else str
        context = dict(registration=registration, place=place, session=session, event=event, lang=lang,
                       text_dir=direction, ltr=ltr, title=event.text("title", lang),
                       organiser=event.text("organiser", lang),
                       resume=resume_time(retry_at, registration.timezone or event.reference_timezone, lang))
        subject = _("Your link to join session %(number)d will follow: %(title)s",
                    number=session.number, title=context["title"])
        text = render_template("email/zoom/delayed.txt", **context)
        html = render_template("email/zoom/delayed.html", **context)
    return OutgoingEmail(to=registration.email, subject=subject, text=text, html=html, language=lang)


def send_delay_notice(place, retry_at, *, with_transaction: bool = False) -> bool:
    """Queue the delay notice; returns whether one was queued. Never raises."""
    from eventhub.jobs.tasks import queue_email

    registration = place.registration
    if (not current_app.config.get("ZOOM_JOIN_LINK_EMAIL", True) or place.status != "confirmed"
            or registration.anonymised_at is not None):
        return False
    try:
        queue_email(build_message(delay_notice_email(place, retry_at)), with_transaction=with_transaction)
    except Exception:
        log.exception("could not queue the delay notice for place %s", place.id)
        return False
    return True
