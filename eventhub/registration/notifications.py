"""Emails to registrants, in their own language, sent through the job queue.

Every message has a text and an HTML part with the same content, ``Content-Language``,
and for Arabic ``<html lang="ar" dir="rtl">``. The confirmation carries one ``.ics``
per session, built by ``calendar_attachment`` from the calendars domain. Rendering
only: ``tasks`` queues the jobs that call these builders.
"""
from __future__ import annotations

import contextlib
from dataclasses import dataclass

from flask import current_app, g, render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from eventhub.calendars.services import session_attachment, session_calendar
from eventhub.i18n import language_name, localized, text_direction
from eventhub.mail import OutgoingEmail
from eventhub.timezones import SessionTimes, session_times

from .models import SessionRegistrationStatus, ZoomState
from .places import waitlist_position
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
    #: "pending": the personal link will follow; "delayed": it follows after Zoom's
    #: daily reset (``resume_at``); "waitlisted": nothing yet; "none": no link known.
    kind: str
    url: str = ""
    #: "delayed" (Zoom's daily limit parked the registration): when it is sent again.
    resume_at: object = None
    resume: str = ""  # resume_at for the reader (their zone and language)


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
        resume_at = _daily_limit_resume(place.zoom_error)
        return ZoomStep("delayed", resume_at=resume_at) if resume_at else ZoomStep("pending")
    if place.zoom_state == ZoomState.FAILED.value:
        # API mode: the person never sees Zoom's form; a failure is the secretariat's
        # to resolve (console), and the link follows.
        return ZoomStep("pending")
    if place.session.zoom_registration_url:
        return ZoomStep("register", place.session.zoom_registration_url)
    return ZoomStep("none")


def _daily_limit_resume(zoom_error):
    """When a place parked by Zoom's daily limit is sent again (aware UTC), else None."""
    import datetime as dt

    try:
        from eventhub.zoom.services import parse_zoom_error
    except ImportError:  # pragma: no cover - zoom domain absent
        return None
    kind, stamp, _message = parse_zoom_error(zoom_error)
    if kind != "daily_limit" or not stamp:
        return None
    try:
        return dt.datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.timezone.utc)
    except ValueError:
        return None


def _with_resume_text(step: ZoomStep, zone: str | None, lang: str) -> ZoomStep:
    if step.kind == "delayed" and step.resume_at is not None:
        from eventhub.zoom.notifications import resume_time

        step.resume = resume_time(step.resume_at, zone, lang)
    return step


def place_summaries(registration, lang: str, zone: str | None = None,
                    include_cancelled: bool = False) -> list[PlaceSummary]:
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
            zoom=_with_resume_text(zoom_step(place), zone, lang),
        ))
    return summaries


# --- calendar file -----------------------------------------------------------------------------

def calendar_attachment(registration, session, lang: str, token: str | None = None) -> bytes:
    """The session as this person's iCalendar file in ``lang`` (personal join link when
    Zoom gave one; never the manage token: ``token`` is ignored)."""
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
    # The same files (names, type) as the organisers' session notices, so that a later
    # notice's file reads as the same entry.
    email.attachments.extend(session_attachment(summary.session, lang, registration)
                             for summary in summaries)
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
    # The same files (names, type) as the organisers' session notices, so that a later
    # notice's file reads as the same entry.
    email.attachments.extend(session_attachment(summary.session, lang, registration)
                             for summary in summaries)
    return email


def build_change(registration, changes) -> OutgoingEmail:
    """One message for the ``changes`` (RegistrationChange rows, oldest first): what
    changed, told as on the manage page's history, the person's places now, and their
    updated calendar file for every session a change touched (same UID, higher
    SEQUENCE, STATUS:CANCELLED for a place they no longer hold)."""
    from .history import describe_change
    from .tokens import current_manage_token

    lang = registration.language
    token = current_manage_token(registration)
    with email_language(lang):
        lines = [line for line in (describe_change(c, lang, registration.timezone) for c in changes)
                 if line is not None]
    touched = set()
    for change in changes:
        number = (change.details or {}).get("session")
        if number is not None:
            touched.add(str(number))
        elif change.action == "cancelled":
            touched.update(str(p.session.number) for p in registration.sessions)
    summaries = place_summaries(registration, lang)
    touched_places = [p for p in sorted(registration.sessions, key=lambda p: p.session.number)
                      if str(p.session.number) in touched]
    email = render_email(
        "changed", registration, lang,
        lambda c: _("Your registration has changed: %(title)s", title=c["title"]),
        places=summaries, changes=lines,
        status="cancelled" if not registration.active_sessions else "registered",
        manage_url=manage_url(registration, token) if token else None,
        calendar=bool(touched_places),
    )
    # The same files (names, type) as the confirmation and the session notices.
    email.attachments.extend(session_attachment(place.session, lang, registration)
                             for place in touched_places)
    return email


def build_email_change_confirmation(registration, new_address: str) -> OutgoingEmail:
    """To the new address: the link (signed, expiring) that makes it the registration's."""
    from .tokens import EMAIL_CHANGE_MAX_AGE, email_change_token

    lang = registration.language
    hours = int(current_app.config.get("EMAIL_CHANGE_MAX_AGE", EMAIL_CHANGE_MAX_AGE)) // 3600
    confirm_url = public_url("registration.confirm_email_change", lang=lang,
                             token=email_change_token(registration, new_address))
    email = render_email(
        "email_change_confirm", registration, lang,
        lambda c: _("Confirm your new email address: %(title)s", title=c["title"]),
        confirm_url=confirm_url, new_address=new_address, hours=hours,
    )
    email.to = new_address
    return email


def build_email_change_notice(registration, old_address: str) -> OutgoingEmail:
    """To the previous address: the registration's address was changed (to which one)."""
    lang = registration.language
    email = render_email(
        "email_change_notice", registration, lang,
        lambda c: _("Your email address was changed: %(title)s", title=c["title"]),
        new_address=registration.email,
    )
    email.to = old_address
    return email
