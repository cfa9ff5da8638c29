"""Calendar files (.ics) and add-to-calendar links for sessions.

Functions other domains call (signatures are kept stable; all work outside a request,
inside an app context, and return text in ``lang`` whatever the request's language):

``session_calendar(session, lang, registration=None, *, manage_token=None) -> bytes``
    One session. With ``registration``, the person's own copy: their personal Zoom
    join link (when Zoom gave one) and a link to a page that emails them their manage
    link (under the feed's read-only token: the manage token, which can cancel, is
    never written into a calendar; ``manage_token`` is ignored).
``event_calendar(event, lang) -> bytes``
    Every session of the event, cancelled ones included (STATUS:CANCELLED), no
    personal data.
``registration_calendar(registration, lang, *, manage_token=None) -> bytes``
    The person's non-cancelled places, each with their personal join link when known,
    otherwise the session's Zoom registration link.
``add_to_calendar_links(session, lang) -> dict``
    ``{"google", "outlook", "office365", "ics"}``: absolute URLs (public content only).
``session_attachment(...)``, ``registration_attachment(...)``
    The same files as ``eventhub.mail.Attachment`` for ``OutgoingEmail.attachments``.

Choices that calendars depend on (see docs/notes/issue-3.md):

* times are UTC with ``Z`` (no VTIMEZONE needed; the most portable form);
* ``UID`` = ``session-<id>@<CALENDAR_UID_DOMAIN>``: the same in every file, language
  and download, so a later file replaces the earlier entry instead of duplicating it;
* ``SEQUENCE`` = ``EventSession.revision`` × 1000 (raised by ``eventhub.events.operations``
  whenever time, link, status or languages change), plus, in a person's own copy, the
  changes to their place (``personal_sequence``): the revision always leads;
* ``METHOD:PUBLISH`` (add-to-calendar, no attendees), ``VALARM`` 15 minutes before;
* a personal join link appears only in files built with a ``registration``.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlencode, urlsplit

from babel.lists import format_list
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from werkzeug.routing import BuildError
from werkzeug.utils import secure_filename

from eventhub.i18n import LANGUAGES, language_name, text_direction
from eventhub.mail import Attachment
from eventhub.registration.models import SessionRegistrationStatus
from eventhub.security import derived_token
from eventhub.timezones import session_times

from . import links

if TYPE_CHECKING:  # icalendar is imported where a file is written (start-up time)
    from icalendar import Event as VEvent

#: RFC 5545 PRODID: who made the file.
PRODID = "-//Inter-Parliamentary Union//eventhub//EN"
#: The HTTP Content-Type of every calendar download.
ICS_CONTENT_TYPE = "text/calendar; charset=utf-8"
#: The MIME type for email attachments (RFC 6047: the method parameter matches METHOD).
ICS_ATTACHMENT_MIMETYPE = "text/calendar; method=PUBLISH; charset=utf-8"
#: The reminder calendars show before a session.
REMINDER_BEFORE = dt.timedelta(minutes=15)
#: How often a subscribed feed (event or personal) should be fetched again.
REFRESH_INTERVAL = dt.timedelta(hours=12)

# Unicode isolates keep "07:00–09:00 CET" left to right inside Arabic plain text
# (without them the bidi algorithm shows "09:00–07:00"); HTML pages use <bdi> instead.
_LRI, _PDI = "\u2066", "\u2069"


# ---------------------------------------------------------------- URLs and names

def public_url(endpoint: str, **values) -> str:
    """An absolute URL on ``PUBLIC_BASE_URL``: calendar files and emails leave the
    request (or have none), so the request's host is not the one to use."""
    base = urlsplit(current_app.config["PUBLIC_BASE_URL"].rstrip("/"))
    adapter = current_app.url_map.bind(
        base.netloc, script_name=base.path or "/", url_scheme=base.scheme or "https"
    )
    return adapter.build(endpoint, values, force_external=True)


def event_page_url(event, lang: str, session=None) -> str:
    url = public_url("events.event_page", lang=lang, slug=event.slug)
    return f"{url}#session-{session.number}" if session is not None else url


def manage_page_url(lang: str, token: str) -> str:
    """The registrant's manage page (``registration.manage`` at ``/<lang>/r/<token>``)."""
    try:
        return public_url("registration.manage", lang=lang, token=token)
    except BuildError:
        # The registration blueprint is not installed (e.g. a branch without it): the
        # address is fixed by the contract between domains, so build it the same way.
        return public_url("calendars.registration_ics", lang=lang, token=token).removesuffix(
            "/calendar.ics"
        )


def session_uid(session) -> str:
    """Stable across downloads, languages and edits; never reuse a domain for another site."""
    return f"session-{session.id}@{current_app.config['CALENDAR_UID_DOMAIN']}"


def _ascii_name(text: str) -> str:
    return secure_filename(text).lower() or "calendar"


def session_filename(session) -> str:
    """``safe-cyberspace-2022-session-1.ics``: ASCII in every language."""
    return f"{_ascii_name(session.event.slug)}-session-{session.number}.ics"


def event_filename(event) -> str:
    return f"{_ascii_name(event.slug)}.ics"


def registration_filename(registration) -> str:
    return f"{_ascii_name(registration.event.slug)}-my-sessions.ics"


# ---------------------------------------------------------------- entry texts

@dataclass
class SessionEntry:
    """What one session says in a calendar, in one language."""

    summary: str
    description: str
    location: str
    page_url: str
    #: The link for CONFERENCE: personal join link, or the webinar's registration link.
    meeting_url: str
    #: ICS STATUS.
    status: str


def _isolate(text: str, lang: str) -> str:
    return f"{_LRI}{text}{_PDI}" if text_direction(lang) == "rtl" else text


def _languages_line(session, lang: str) -> str:
    if session.has_interpretation:
        names = [language_name(code, lang) for code in session.listening_languages]
        return _("Languages: %(languages)s, with simultaneous interpretation",
                 languages=format_list(names, locale=lang))
    return _("In %(language)s only", language=language_name(session.floor_language, lang))


def session_summary(session, lang: str) -> str:
    """"Session 1: Creating a safe cyberspace for democracy" in ``lang``."""
    with force_locale(lang):
        summary = _("Session %(number)s: %(title)s", number=session.number,
                    title=session.event.text("title", lang))
        if session.is_cancelled:
            summary = _("Cancelled: %(summary)s", summary=summary)
        return summary


def session_entry(session, lang: str, place=None, manage_url: str | None = None) -> SessionEntry:
    """The texts for ``session`` in ``lang``. ``place`` is the person's
    ``SessionRegistration`` (personal copy) or None (public copy: no join link);
    ``manage_url`` (personal copies only) replaces the event page as the entry's URL."""
    event = session.event
    page_url = manage_url or event_page_url(event, lang, session)
    times = session_times(session.starts_at, session.ends_at, event.reference_timezone,
                          event.reference_timezone, lang)
    personal_join_url = None
    waitlisted = False
    #: The person's own copy of a place they no longer hold: STATUS:CANCELLED, so that
    #: their calendar removes the entry the confirmation added.
    place_cancelled = place is not None and place.status == SessionRegistrationStatus.CANCELLED.value
    if place_cancelled:
        place = None  # the person left this session: nothing personal to show
    if place is not None:
        waitlisted = place.status == SessionRegistrationStatus.WAITLISTED.value
        if not waitlisted and place.zoom_join_url:
            personal_join_url = place.zoom_join_url
    #: The public copy (event page, event file, add-to-calendar links) never offers
    #: Zoom's own registration: people register here first (issue 15, "one path").
    public = place is None and not place_cancelled and manage_url is None
    meeting_url = "" if session.is_cancelled or place_cancelled or public else (
        personal_join_url or session.zoom_registration_url or "")

    with force_locale(lang):
        summary = session_summary(session, lang)
        location = _("Online (Zoom webinar)")
        paragraphs = []
        if session.is_cancelled:
            paragraphs.append([_("This session has been cancelled.")])
        elif place_cancelled:
            paragraphs.append([_("You are no longer registered for this session.")])
        # Only the range is isolated: the Arabic zone name (بتوقيت وسط أوروبا) is Arabic text.
        when = f"{_isolate(times.reference_range, lang)} {times.reference_abbreviation}"
        paragraphs.append([
            _("Reference time: %(date)s, %(time)s (%(zone)s)", date=times.reference_date,
              time=when, zone=times.reference_zone_long),
            _("Your calendar shows the session in your own time zone."),
            *([session.region_text(lang)] if session.region_text(lang) else []),
            _languages_line(session, lang),
        ])
        if waitlisted:
            paragraphs.append([_("You are on the waiting list for this session. "
                                 "We will write to you if a place becomes available.")])
        elif personal_join_url and not session.is_cancelled:
            paragraphs.append([_("Your personal link to join the webinar (do not share it):"),
                               personal_join_url])
        elif meeting_url:
            paragraphs.append([_("Register on Zoom to receive your personal link to join the webinar:"),
                               meeting_url])
        elif public and not session.is_cancelled:
            paragraphs.append([_("To take part, register on the event page first.")])
        if manage_url:
            paragraphs.append([_("To change or cancel your registration, ask for your personal link here:"),
                               manage_url])
        else:
            paragraphs.append([_("Event page:"), page_url])
        paragraphs.append([event.text("organiser", lang)])
        description = "\n\n".join("\n".join(lines) for lines in paragraphs)

    status = "CANCELLED" if session.is_cancelled or place_cancelled else (
        "TENTATIVE" if waitlisted else "CONFIRMED")
    return SessionEntry(summary=summary, description=description, location=location,
                        page_url=page_url, meeting_url=meeting_url, status=status)


# ---------------------------------------------------------------- iCalendar

#: Changes to a person's place that change their copy of the session's entry.
PLACE_CHANGES = frozenset({"session_added", "session_removed", "session_cancelled", "language_changed",
                           "cancelled", "restored", "promoted"})


#: SEQUENCE steps per session revision: ``revision × SEQUENCE_STRIDE`` in every file, plus
#: the person's own changes (at most ``SEQUENCE_STRIDE - 1`` of them) in their copy.
SEQUENCE_STRIDE = 1000


def public_sequence(session) -> int:
    """SEQUENCE of the public copy of ``session`` (event page, whole-event file, notices'
    public parts): the session's revision, in steps of ``SEQUENCE_STRIDE``."""
    return (session.revision or 0) * SEQUENCE_STRIDE


def personal_sequence(session, registration) -> int:
    """SEQUENCE of the person's copy of ``session`` (same UID as the public one).

    One rule for the UID across every file: the session's revision leads, the person's
    own changes follow within it. ``public_sequence`` plus every change to their place in
    that session (a registration cancelled as a whole counts for each session), capped
    below the next revision. So

    * each personal file sent after a change replaces the one before (higher SEQUENCE);
    * within a revision the person's copy (their join link, their cancelled place) is
      above the public file, so importing the public file again does not undo it;
    * once the organiser changes the session (next revision), the public file is above
      every personal copy made before, and the notice's personal copy above that."""
    changes = 0
    for change in registration.changes:
        if change.action not in PLACE_CHANGES:
            continue
        number = (change.details or {}).get("session")
        if number is None or str(number) == str(session.number):
            changes += 1
    return public_sequence(session) + min(changes, SEQUENCE_STRIDE - 1)


def _vevent(session, entry: SessionEntry, lang: str, stamp: dt.datetime,
            sequence: int | None = None) -> VEvent:
    from icalendar import Alarm, Conference, Event as VEvent

    vevent = VEvent.new(
        uid=session_uid(session),
        stamp=stamp,
        start=session.starts_at.astimezone(dt.timezone.utc),
        end=session.ends_at.astimezone(dt.timezone.utc),
        sequence=public_sequence(session) if sequence is None else sequence,
        summary=entry.summary,
        description=entry.description,
        location=entry.location,
        url=entry.page_url,
        status=entry.status,
        last_modified=session.updated_at.astimezone(dt.timezone.utc) if session.updated_at else None,
        conferences=[Conference(entry.meeting_url, feature=["VIDEO"], label=entry.location)]
        if entry.meeting_url else None,
    )
    for name in ("SUMMARY", "DESCRIPTION", "LOCATION"):
        vevent[name].params["LANGUAGE"] = lang
    # No reminder for a cancelled session, nor in the archive of an event that has ended.
    if not session.is_cancelled and not session.event.has_ended:
        with force_locale(lang):
            reminder = _("Reminder: %(summary)s", summary=entry.summary)
        vevent.add_component(Alarm.new_display(description=reminder, trigger=-REMINDER_BEFORE))
    return vevent


def _calendar(name: str, uid: str, events: list[VEvent], lang: str, refresh: bool) -> bytes:
    from icalendar import Calendar, vDuration

    calendar = Calendar.new(
        prodid=PRODID, method="PUBLISH", calscale="GREGORIAN", name=name, uid=uid,
        subcomponents=events,
    )
    if refresh:
        calendar.add("REFRESH-INTERVAL", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
        # Typed: for an unknown X- property icalendar would write str(timedelta)
        # ("12:00:00"), which no client reads as a duration.
        calendar.add("X-PUBLISHED-TTL", vDuration(REFRESH_INTERVAL))
    # The library writes CRLF line ends and folds lines at 75 octets without
    # splitting a UTF-8 sequence.
    return calendar.to_ical()


def _check_lang(lang: str) -> None:
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported calendar language {lang!r}")


def _uid_domain() -> str:
    return current_app.config["CALENDAR_UID_DOMAIN"]


def _place_for(registration, session):
    return next((p for p in registration.sessions if p.session_id == session.id), None)


def registration_link_url(registration, lang: str) -> str | None:
    """What a personal calendar file links to instead of the manage page: a page, under
    the feed's read-only token, that emails the person their manage link. A calendar is
    shared with colleagues and synced to services; the manage link (which can cancel)
    is never written into it."""
    token = feed_token(registration)
    if token is None:
        return None
    return public_url("calendars.registration_link", lang=lang, registration_id=registration.id, token=token)


def session_calendar(session, lang: str, registration=None, *, manage_token: str | None = None) -> bytes:
    """One session as an .ics file in ``lang``; personal when ``registration`` is given.
    ``manage_token`` is accepted for compatibility and never written into the file."""
    _check_lang(lang)
    stamp = dt.datetime.now(dt.timezone.utc)
    place = _place_for(registration, session) if registration is not None else None
    manage_url = registration_link_url(registration, lang) if registration is not None else None
    entry = session_entry(session, lang, place=place, manage_url=manage_url)
    uid = f"calendar-session-{session.id}@{_uid_domain()}"
    sequence = personal_sequence(session, registration) if registration is not None else None
    return _calendar(entry.summary, uid, [_vevent(session, entry, lang, stamp, sequence)], lang,
                     refresh=False)


def event_calendar(event, lang: str) -> bytes:
    """Every session of ``event`` (public copy) as one .ics file in ``lang``."""
    _check_lang(lang)
    stamp = dt.datetime.now(dt.timezone.utc)
    events = [_vevent(s, session_entry(s, lang), lang, stamp) for s in event.sessions]
    return _calendar(event.text("title", lang), f"calendar-event-{event.id}@{_uid_domain()}",
                     events, lang, refresh=True)


def registration_calendar(registration, lang: str, *, manage_token: str | None = None) -> bytes:
    """The person's non-cancelled places as one .ics file in ``lang``, with their personal
    join links where Zoom gave them. A session the organiser cancelled stays in the file
    with STATUS:CANCELLED so that calendars remove it."""
    _check_lang(lang)
    stamp = dt.datetime.now(dt.timezone.utc)
    manage_url = registration_link_url(registration, lang)  # never the manage token
    places = sorted(registration.active_sessions, key=lambda p: (p.session.number, p.session_id))
    events = [
        _vevent(p.session, session_entry(p.session, lang, place=p, manage_url=manage_url), lang, stamp,
                personal_sequence(p.session, registration))
        for p in places
    ]
    with force_locale(lang):
        name = _("%(title)s: my sessions", title=registration.event.text("title", lang))
    return _calendar(name, f"calendar-registration-{registration.id}@{_uid_domain()}",
                     events, lang, refresh=True)


def session_attachment(session, lang: str, registration=None, *,
                       manage_token: str | None = None) -> Attachment:
    """``session_calendar`` ready for ``OutgoingEmail.attachments``."""
    return Attachment(
        filename=session_filename(session),
        content=session_calendar(session, lang, registration, manage_token=manage_token),
        mimetype=ICS_ATTACHMENT_MIMETYPE,
    )


def registration_attachment(registration, lang: str, *, manage_token: str | None = None) -> Attachment:
    """``registration_calendar`` ready for ``OutgoingEmail.attachments``."""
    return Attachment(
        filename=registration_filename(registration),
        content=registration_calendar(registration, lang, manage_token=manage_token),
        mimetype=ICS_ATTACHMENT_MIMETYPE,
    )


# ---------------------------------------------------------------- links

def add_to_calendar_links(session, lang: str) -> dict[str, str]:
    """Absolute add-to-calendar URLs for the public copy of ``session`` in ``lang``:
    ``google``, ``outlook`` (Outlook.com), ``office365`` (work accounts) and ``ics``."""
    _check_lang(lang)
    entry = session_entry(session, lang)
    arguments = (entry.summary, session.starts_at, session.ends_at, entry.description, entry.location)
    return {
        "google": links.google_calendar_link(*arguments),
        "outlook": links.outlook_com_link(*arguments),
        "office365": links.office_365_link(*arguments),
        "ics": public_url("calendars.session_ics", lang=lang, slug=session.event.slug,
                          number=session.number),
    }


# ---------------------------------------------------------------- subscription feed

FEED_PURPOSE = "calendar-feed"


def feed_token(registration) -> str | None:
    """The token of the person's subscription feed: derived from the manage link's salt
    (a new manage link is a new feed) but different from the manage token, so a calendar
    service that fetches the feed cannot open the manage page (and cancel)."""
    salt = getattr(registration, "manage_token_salt", None)
    if not salt or registration.anonymised_at is not None:
        return None
    return derived_token(FEED_PURPOSE, f"{registration.id}:{salt}")


def feed_links(registration, lang: str) -> dict[str, str] | None:
    """``https`` (the feed), ``webcal`` (calendar applications subscribe), ``google`` and
    ``outlook`` (add by URL in those web calendars); None when there is no feed."""
    token = feed_token(registration)
    if token is None:
        return None
    https = public_url("calendars.registration_feed", lang=lang, registration_id=registration.id, token=token)
    webcal = "webcal://" + https.split("://", 1)[1]
    with force_locale(lang):
        name = _("%(title)s: my sessions", title=registration.event.text("title", lang))
    return {
        "https": https,
        "webcal": webcal,
        "google": "https://calendar.google.com/calendar/r?" + urlencode({"cid": webcal}),
        "outlook": "https://outlook.live.com/calendar/0/addfromweb?" + urlencode({"url": https, "name": name}),
    }
