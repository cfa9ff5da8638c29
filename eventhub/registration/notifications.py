"""Emails to registrants, in their own language, sent through the job queue.

Every message has a text and an HTML part with the same content, ``Content-Language``,
and for Arabic ``<html lang="ar" dir="rtl">``. The confirmation carries one ``.ics``
per session, built by ``calendar_attachment`` from the calendars domain.
"""
from __future__ import annotations

import contextlib
from dataclasses import dataclass

from flask import current_app, g, render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from eventhub.calendars.services import session_calendar
from eventhub.i18n import language_name, localized, text_direction
from eventhub.mail import Attachment, OutgoingEmail
from eventhub.timezones import SessionTimes, session_times

from .models import SessionRegistrationStatus, ZoomState
from .validation import country_name, honorific_label, role_label


# --- links that work outside a request (jobs, commands) -------------------------------------

def public_url(endpoint: str, **values) -> str:
    """Absolute URL under PUBLIC_BASE_URL, built without a request."""
    path = current_app.url_map.bind("localhost").build(endpoint, values)
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + path


def manage_url(registration, token: str, lang: str | None = None) -> str:
    return public_url("registration.manage", lang=lang or registration.language, token=token)


# --- what a page or email shows for each session ------------------------------------------------

@dataclass
class ZoomStep:
    #: "join": personal join link; "register": the webinar's registration link;
    #: "pending": the personal link will follow; "waitlisted": nothing yet; "none": no link known.
    kind: str
    url: str = ""


@dataclass
class PlaceSummary:
    place: object
    session: object
    times: SessionTimes
    status: str
    waitlist_position: int | None
    listening_language: str
    zoom: ZoomStep


def zoom_step(place) -> ZoomStep:
    if place.status == SessionRegistrationStatus.WAITLISTED.value:
        return ZoomStep("waitlisted")
    if place.zoom_join_url:
        return ZoomStep("join", place.zoom_join_url)
    if place.zoom_state == ZoomState.PENDING.value:
        return ZoomStep("pending")
    if place.session.zoom_registration_url:
        return ZoomStep("register", place.session.zoom_registration_url)
    return ZoomStep("none")


def place_summaries(registration, lang: str, zone: str | None = None,
                    include_cancelled: bool = False) -> list[PlaceSummary]:
    from .operations import waitlist_position

    event = registration.event
    zone = zone or registration.timezone
    summaries = []
    for place in sorted(registration.sessions, key=lambda p: p.session.number):
        if place.status == SessionRegistrationStatus.CANCELLED.value and not include_cancelled:
            continue
        session = place.session
        summaries.append(PlaceSummary(
            place=place, session=session,
            times=session_times(session.starts_at, session.ends_at, event.reference_timezone,
                                zone, lang),
            status=place.status, waitlist_position=waitlist_position(place),
            listening_language=language_name(place.listening_language, lang),
            zoom=zoom_step(place),
        ))
    return summaries


# --- calendar file -----------------------------------------------------------------------------

def calendar_attachment(registration, session, lang: str, token: str | None = None) -> bytes:
    """The session as this person's iCalendar file in ``lang`` (personal join link when
    Zoom gave one; the manage page as URL when the token is at hand)."""
    return session_calendar(session, lang, registration=registration, manage_token=token)


# --- rendering -----------------------------------------------------------------------------------

@contextlib.contextmanager
def email_language(lang: str):
    """Render in ``lang`` whatever the current request's language (gettext and the
    page-language helpers both follow)."""
    had_lang = "lang" in g
    previous = g.get("lang")
    g.lang = lang
    try:
        with force_locale(lang):
            yield
    finally:
        if had_lang:
            g.lang = previous
        else:
            g.pop("lang", None)


def _context(registration, lang: str, **extra) -> dict:
    event = registration.event
    return dict(
        registration=registration, event=event, lang=lang, text_dir=text_direction(lang),
        title=localized(event.title, lang), organiser=localized(event.organiser, lang),
        honorific=honorific_label(registration.honorific),
        country=country_name(registration.country, lang), role=role_label(registration.role),
        **extra,
    )


def render_email(name: str, registration, lang: str, subject_text, **extra) -> OutgoingEmail:
    with email_language(lang):
        context = _context(registration, lang, **extra)
        subject = str(subject_text(context))
        context["subject"] = subject
        text = render_template(f"email/registration/{name}.txt", **context)
        html = render_template(f"email/registration/{name}.html", **context)
    return OutgoingEmail(to=registration.email, subject=subject, text=text, html=html, language=lang)


def build_confirmation(registration, token: str) -> OutgoingEmail:
    lang = registration.language
    summaries = place_summaries(registration, lang)
    email = render_email(
        "confirmation", registration, lang,
        lambda c: _("Your registration: %(title)s", title=c["title"]),
        places=summaries, manage_url=manage_url(registration, token),
    )
    for summary in summaries:
        email.attachments.append(Attachment(
            filename=f"{registration.event.slug}-{summary.session.number}.ics",
            content=calendar_attachment(registration, summary.session, lang, token),
            mimetype="text/calendar; charset=utf-8; method=PUBLISH",
        ))
    return email


def build_manage_link(registration, token: str, reason: str = "requested") -> OutgoingEmail:
    lang = registration.language
    return render_email(
        "manage_link", registration, lang,
        lambda c: _("Your link to manage your registration: %(title)s", title=c["title"]),
        places=place_summaries(registration, lang), manage_url=manage_url(registration, token),
        reason=reason,
    )


def build_promotion(place) -> OutgoingEmail:
    registration = place.registration
    lang = registration.language
    summaries = [s for s in place_summaries(registration, lang) if s.place is place]
    email = render_email(
        "promoted", registration, lang,
        lambda c: _("A place is now yours: %(title)s", title=c["title"]),
        places=summaries,
    )
    for summary in summaries:
        email.attachments.append(Attachment(
            filename=f"{registration.event.slug}-{summary.session.number}.ics",
            content=calendar_attachment(registration, summary.session, lang),
            mimetype="text/calendar; charset=utf-8; method=PUBLISH",
        ))
    return email


# Sending: the request only enqueues a small job (ids and the token); the job renders the
# message and hands it to ``queue_email``, whose job delivers it with retries. Rendering
# and SMTP both stay out of the registrant's request.

def send_confirmation(registration, token: str) -> None:
    from .tasks import prepare_registration_email

    prepare_registration_email("confirmation", registration.id, token=token)


def send_manage_link(registration, token: str, reason: str = "requested") -> None:
    from .tasks import prepare_registration_email

    prepare_registration_email("manage_link", registration.id, token=token, reason=reason)


def send_promotion(place) -> None:
    from .tasks import prepare_registration_email

    prepare_registration_email("promoted", place.registration_id, place_id=place.id)
