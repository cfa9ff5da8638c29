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


def event_as_json(event: Event) -> dict:
    """The public API representation of an event (times in UTC with Z)."""
    from eventhub.timezones import iso_utc

    return {
        "slug": event.slug,
        "reference_timezone": event.reference_timezone,
        "title": {lang: event.title.get(lang, "") for lang in ("en", "fr", "es", "ar")},
        "organiser": event.organiser,
        "sessions": [
            {
                "number": s.number,
                "starts_at": iso_utc(s.starts_at),
                "ends_at": iso_utc(s.ends_at),
                "region": s.region,
                "floor_language": s.floor_language,
                "interpretation_languages": list(s.interpretation_languages or []),
                "zoom_registration_url": s.zoom_registration_url,
                "capacity": s.capacity,
                "status": s.status,
            }
            for s in event.sessions
        ],
    }
