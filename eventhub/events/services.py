"""Event logic the views, API and other domains call."""
from __future__ import annotations

import re

from eventhub.extensions import db

from .models import Event

#: Zoom's webinar registration link: https://<sub>.zoom.us/webinar/register/WN_<22 chars>.
ZOOM_REGISTRATION_URL = re.compile(
    r"^https://(?:[a-z0-9][a-z0-9-]*\.)?zoom\.us/webinar/register/WN_[A-Za-z0-9_-]{22}$"
)


class InvalidZoomLink(ValueError):
    pass


def validate_zoom_registration_url(url: str) -> str:
    url = (url or "").strip()
    if not ZOOM_REGISTRATION_URL.match(url):
        raise InvalidZoomLink(url)
    return url


def is_zoom_registration_url(url: str) -> bool:
    return bool(ZOOM_REGISTRATION_URL.match((url or "").strip()))


def get_event(slug: str) -> Event | None:
    return db.session.execute(db.select(Event).filter_by(slug=slug)).scalar_one_or_none()


def list_events() -> list[Event]:
    return list(db.session.execute(db.select(Event).order_by(Event.id)).scalars())


def list_public_events(now=None) -> list[Event]:
    """Published events that are open or upcoming (not ended), soonest first: the home page."""
    from .clock import now as clock_now

    now = now or clock_now()
    events = db.session.execute(db.select(Event).filter_by(status="published")).scalars()
    current = [event for event in events if event.lifecycle_at(now) == "published"]
    return sorted(current, key=lambda e: (e.first_session_start is None, e.first_session_start or now, e.id))


def list_archived_events(now=None) -> list[Event]:
    """Published events whose last session is over, latest first (the archive)."""
    from .clock import now as clock_now

    now = now or clock_now()
    events = db.session.execute(db.select(Event).filter_by(status="published")).scalars()
    ended = [event for event in events if event.lifecycle_at(now) == "ended"]
    return sorted(ended, key=lambda e: e.last_session_end, reverse=True)


def _iso(instant):
    from eventhub.timezones import iso_utc

    return iso_utc(instant) if instant else None


def session_as_json(session, organiser: bool = False) -> dict:
    from eventhub.timezones import iso_utc

    from .validation import local_text

    zone = session.event.reference_timezone
    data = {
        "number": session.number,
        "starts_at": iso_utc(session.starts_at),
        "ends_at": iso_utc(session.ends_at),
        "starts_local": local_text(session.starts_at, zone),
        "ends_local": local_text(session.ends_at, zone),
        "region": session.region,
        "floor_language": session.floor_language,
        "interpretation_languages": list(session.interpretation_languages or []),
        "zoom_registration_url": session.zoom_registration_url,
        "capacity": session.capacity,
        "status": session.status,
    }
    if organiser:
        data["zoom_webinar_id"] = session.zoom_webinar_id
    return data


def event_as_json(event: Event, organiser: bool = False) -> dict:
    """The API representation of an event (times in UTC with Z; ``starts_local`` and
    ``ends_local`` in the reference zone). ``organiser``: also the authoring fields
    (texts, objectives, registration window, revision), as organisers' tokens see it."""
    data = {
        "slug": event.slug,
        "status": event.lifecycle,
        "reference_timezone": event.reference_timezone,
        "title": {lang: event.title.get(lang, "") for lang in ("en", "fr", "es", "ar")},
        "organiser": event.organiser,
        "registration_state": event.registration_state,
        "sessions": [session_as_json(s, organiser) for s in event.sessions],
    }
    if organiser:
        data.update({
            "revision": event.revision,
            "subtitle": dict(event.subtitle or {}),
            "summary": dict(event.summary or {}),
            "format_note": dict(event.format_note or {}),
            "concept_note": dict(event.concept_note or {}),
            "objectives": [{"number": o.number, "text": dict(o.text or {}),
                            "short_label": dict(o.short_label or {})} for o in event.objectives],
            "privacy_contact": event.privacy_contact or "",
            "registration_open": bool(event.registration_enabled),
            "registration_opens_at": _iso(event.registration_opens_at),
            "registration_closes_at": _iso(event.registration_closes_at),
            "inputs_deadline": _iso(event.inputs_deadline),
        })
    return data
