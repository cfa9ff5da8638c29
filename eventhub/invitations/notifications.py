"""Invitation and reminder emails, rendered in the recipient's language.

Calendar helpers: ``event_calendar_attachment(event, lang)`` and
``calendar_links(session, lang)`` delegate to ``eventhub.calendars.services``
(``event_calendar`` and ``add_to_calendar_links``); the rest of this domain only
calls these two.
"""
from __future__ import annotations

from dataclasses import dataclass

from babel.lists import format_list

from flask import current_app, render_template
from flask_babel import force_locale, gettext as _
from markupsafe import escape

from eventhub.i18n import language_name, list_comma, localized, text_direction
from eventhub.mail import Attachment, OutgoingEmail
from eventhub.timezones import session_times


def public_url(path: str) -> str:
    """An absolute link for emails (no request context in jobs)."""
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + path


def invitation_url(lang: str, token: str) -> str:
    return public_url(f"/{lang}/i/{token}")


def decline_url(lang: str, token: str) -> str:
    return public_url(f"/{lang}/i/{token}/decline")


def event_url(event, lang: str) -> str:
    return public_url(f"/{lang}/e/{event.slug}/")


def register_path(event, lang: str) -> str:
    """The registration form: the registration domain's endpoint when it is there,
    otherwise its agreed path (``/<lang>/e/<slug>/register``)."""
    from flask import url_for

    if "registration.register" in current_app.view_functions:
        try:
            return url_for("registration.register", lang=lang, slug=event.slug)
        except Exception:  # outside a request without SERVER_NAME
            pass
    return f"/{lang}/e/{event.slug}/register"


# --- calendar helpers (from the calendars domain) ---------------------------------------

def spoken_languages(session, lang: str) -> str:
    """"Languages: English, French, Spanish and Arabic, with simultaneous interpretation"
    or "In English only", in ``lang`` (call under force_locale(lang))."""
    if session.has_interpretation:
        languages = format_list([language_name(code, lang) for code in session.listening_languages],
                                locale=lang)
        return _("Languages: %(languages)s, with simultaneous interpretation", languages=languages)
    return _("In %(language)s only", language=language_name(session.floor_language, lang))


def calendar_links(session, lang: str) -> dict[str, str]:
    """Add-to-calendar links for one session: {google, outlook, office365, ics}, public
    copy (no personal link). Delegates to the calendars domain."""
    from eventhub.calendars.services import add_to_calendar_links

    return add_to_calendar_links(session, lang)


#: Rendered calendars by content key: a mass send attaches the same file thousands of times.
_calendar_cache: dict[tuple, bytes] = {}


def _calendar_key(event, lang: str) -> tuple:
    return (current_app.config["CALENDAR_UID_DOMAIN"], current_app.config["PUBLIC_BASE_URL"],
            event.id, lang, event.updated_at, repr(event.title),
            tuple((s.id, s.number, s.revision, s.status, s.starts_at, s.ends_at, repr(s.region),
                   tuple(s.interpretation_languages or ()), s.zoom_registration_url)
                  for s in event.sessions))


def event_calendar_attachment(event, lang: str) -> bytes:
    """The event's sessions as one .ics (the calendars domain's public copy: METHOD:PUBLISH,
    UTC times, stable UIDs, SEQUENCE = session revision, cancelled sessions as
    STATUS:CANCELLED). Cached while the event and its sessions are unchanged."""
    from eventhub.calendars.services import event_calendar

    key = _calendar_key(event, lang)
    cached = _calendar_cache.get(key)
    if cached is None:
        if len(_calendar_cache) > 64:
            _calendar_cache.clear()
        cached = _calendar_cache[key] = event_calendar(event, lang)
    return cached


# --- invitation email --------------------------------------------------------------------

@dataclass
class InvitationLinks:
    #: Personal link (or, for previews and tests, the event page).
    register: str
    decline: str | None


def session_blocks(event, lang: str, local_zone: str | None) -> list[dict]:
    """What the email says about each session, in ``lang``."""
    blocks = []
    for session in event.sessions:
        if session.is_cancelled:
            continue
        zone = local_zone or event.reference_timezone
        times = session_times(session.starts_at, session.ends_at, event.reference_timezone, zone, lang)
        spoken = spoken_languages(session, lang)
        blocks.append({
            "number": session.number,
            "region": session.region_text(lang),
            "times": times,
            "show_local": bool(local_zone) and not times.local_is_reference,
            "languages": spoken,
            "calendar": calendar_links(session, lang),
        })
    return blocks


#: Stand-ins for the personal values while an invitation is rendered once per (language,
#: zone, ...): each person's copy is that rendering with their values put in.
_PERSONAL = {"register": "EVHx7q1REGISTERx", "decline": "EVHx7q1DECLINEx",
             "unsubscribe": "EVHx7q1UNSUBSCRIBEx"}
#: The salutation line (it depends on the honorific typed with the name) in each part.
_SALUTATION_TEXT, _SALUTATION_HTML = "EVHx7q1SALUTATIONx", "EVHx7q1SALUTATIONHTMLx"


def _salutation_stand_in(name, html=False):
    return _SALUTATION_HTML if html else _SALUTATION_TEXT

#: Rendered invitations (subject, text, HTML with the stand-ins) by what they depend on.
_rendered: dict[tuple, tuple[str, str, str]] = {}


def _render_invitation_parts(event, lang: str, links: InvitationLinks, name, local_zone, test,
                             unsubscribe_url, salutation=None) -> tuple[str, str, str]:
    with force_locale(lang):
        context = {
            "lang": lang,
            "dir": text_direction(lang),
            "comma": list_comma(lang),
            "event": event,
            "title": localized(event.title, lang),
            "subtitle": localized(event.subtitle, lang),
            "organiser": localized(event.organiser, lang),
            "paragraphs": [p.strip() for p in localized(event.summary, lang).split("\n\n") if p.strip()],
            "objectives": [localized(o.text, lang) for o in event.objectives],
            "format_note": localized(event.format_note, lang),
            "sessions": session_blocks(event, lang, local_zone),
            "name": name,
            "links": links,
            "test": test,
            "event_url": event_url(event, lang),
            "unsubscribe_url": unsubscribe_url,
        }
        if salutation is not None:  # shadows the template global for the cached rendering
            context["invitee_salutation"] = salutation
        subject = _("Invitation: %(title)s", title=context["title"])
        if test:
            subject = _("[Test] %(subject)s", subject=subject)
        text = render_template("email/invitations/invitation.txt", **context)
        html = render_template("email/invitations/invitation.html", subject=subject, **context)
    return subject, text, html


def render_invitation(event, lang: str, links: InvitationLinks, *, name: str | None = None,
                      local_zone: str | None = None, test: bool = False,
                      unsubscribe_url: str | None = None) -> OutgoingEmail:
    """The invitation in ``lang``: subject, plain text and HTML with the same content,
    and the event's .ics attached. ``to`` is left for the caller. With
    ``unsubscribe_url`` (a personal invitation) both parts end with the opt-out link.

    The templates are rendered once per language, zone and event version (a send to
    5,000 people renders each language a few times), with stand-ins for the person's
    name and links; each copy then gets its own values, escaped for the HTML part exactly
    as the template would have escaped them."""
    key = (_calendar_key(event, lang), event.status, event.revision, repr(event.subtitle), repr(event.summary), repr(event.organiser),
           repr(event.format_note), tuple(repr(o.text) for o in event.objectives),
           local_zone or "", bool(test), bool(links.decline), bool(unsubscribe_url),
           links.register if test else "")
    parts = _rendered.get(key)
    if parts is None:
        stand_in = InvitationLinks(links.register if test else _PERSONAL["register"],
                                   _PERSONAL["decline"] if links.decline else None)
        parts = _render_invitation_parts(event, lang, stand_in, None, local_zone, test,
                                         _PERSONAL["unsubscribe"] if unsubscribe_url else None,
                                         salutation=_salutation_stand_in)
        if len(_rendered) > 256:
            _rendered.clear()
        _rendered[key] = parts
    subject, text, html = parts
    invitee_salutation = current_app.jinja_env.globals["invitee_salutation"]  # as the template calls it
    values = {"register": links.register, "decline": links.decline or "", "unsubscribe": unsubscribe_url or ""}
    for field, stand_in in _PERSONAL.items():
        text = text.replace(stand_in, values[field])
        html = html.replace(stand_in, str(escape(values[field])))
    with force_locale(lang):
        text = text.replace(_SALUTATION_TEXT, str(invitee_salutation(name)))
        html = html.replace(_SALUTATION_HTML, str(invitee_salutation(name, html=True)))
    from eventhub.calendars.services import ICS_ATTACHMENT_MIMETYPE, event_filename

    attachment = Attachment(event_filename(event), event_calendar_attachment(event, lang),
                            ICS_ATTACHMENT_MIMETYPE)
    return OutgoingEmail(to="", subject=subject, text=text, html=html, language=lang,
                         attachments=[attachment])


def render_invitation_for_send(send) -> OutgoingEmail:
    """The message for one InvitationSend: personal for an invitee, a sample for a test."""
    from .tokens import invitation_token

    event = _event_of(send)
    invitee = send.invitee
    lang = send.language
    if invitee is not None:
        token = invitation_token(invitee)
        from .optouts import bulk_headers, unsubscribe_url

        links = InvitationLinks(invitation_url(lang, token), decline_url(lang, token))
        email = render_invitation(event, lang, links, name=invitee.name,
                                  local_zone=invitee.timezone or None,
                                  unsubscribe_url=unsubscribe_url("i", invitee.id, lang))
        # Bulk mail: RFC 2369 / RFC 8058 one-click unsubscribe (tests send no such header).
        email.headers.update(bulk_headers("i", invitee.id, lang))
    else:
        links = InvitationLinks(event_url(event, lang), None)
        email = render_invitation(event, lang, links, test=True)
    email.to = send.recipient
    return email


def _event_of(send):
    from eventhub.events.models import Event
    from eventhub.extensions import db

    return db.session.get(Event, send.event_id)


# --- reminders -------------------------------------------------------------------------

def render_reminder(session_registration, kind: str) -> OutgoingEmail:
    """Reminder for one session, 24 hours or 1 hour before, in the registrant's language,
    with the personal Zoom join link when known (else the webinar's link). Bulk mail:
    one-click unsubscribe headers and link."""
    from .optouts import bulk_headers, unsubscribe_url

    registration = session_registration.registration
    session = session_registration.session
    event = session.event
    lang = registration.language if registration.language in ("en", "fr", "es", "ar") else "en"
    zone = registration.timezone or event.reference_timezone
    personal = bool(session_registration.zoom_join_url)
    join_url = session_registration.zoom_join_url or session.zoom_registration_url or event_url(event, lang)
    with force_locale(lang):
        times = session_times(session.starts_at, session.ends_at, event.reference_timezone, zone, lang)
        context = {
            "lang": lang,
            "dir": text_direction(lang),
            "comma": list_comma(lang),
            "title": localized(event.title, lang),
            "organiser": localized(event.organiser, lang),
            "name": registration.full_name,
            "honorific": registration.honorific,
            "number": session.number,
            "times": times,
            "show_local": not times.local_is_reference,
            "kind": kind,
            "join_url": join_url,
            "personal_link": personal,
            "listening_language": language_name(session_registration.listening_language, lang),
            "has_interpretation": session.has_interpretation,
            "calendar": calendar_links(session, lang),
            "event_url": event_url(event, lang),
            "unsubscribe_url": unsubscribe_url("r", registration.id, lang),
        }
        if kind == "1h":
            subject = _("Starting in one hour: %(title)s, session %(number)s",
                        title=context["title"], number=session.number)
        else:
            subject = _("Reminder: %(title)s, session %(number)s, %(date)s",
                        title=context["title"], number=session.number, date=times.reference_date)
        text = render_template("email/invitations/reminder.txt", **context)
        html = render_template("email/invitations/reminder.html", subject=subject, **context)
    return OutgoingEmail(to=registration.email, subject=subject, text=text, html=html, language=lang,
                         headers=bulk_headers("r", registration.id, lang))
