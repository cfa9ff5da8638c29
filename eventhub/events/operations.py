"""State changes of sessions, shared by the console, the calendars and Zoom.

Minimal version written on the console branch; the calendars branch writes the same two
functions with the same signatures (the lead reconciles both at merge).

``update_session`` validates, applies, raises the calendar SEQUENCE (``revision``) when
what a calendar shows changes (time, link, webinar, status), commits, then sends
``session_changed`` so that other domains (calendars, Zoom, notifications) react.
"""
from __future__ import annotations

import datetime as dt
import re

from flask import current_app

from eventhub.extensions import db
from eventhub.i18n import LANGUAGES
from eventhub.signals import session_changed

from .models import EventSession, SessionStatus
from .services import is_zoom_registration_url

#: Changing any of these makes existing calendar entries stale: SEQUENCE must rise.
REVISION_FIELDS = ("starts_at", "ends_at", "zoom_registration_url", "zoom_webinar_id", "status")
EDITABLE_FIELDS = REVISION_FIELDS + ("floor_language", "interpretation_languages", "capacity", "region")
#: Zoom webinar IDs are 9 to 11 digits; keep a little room.
WEBINAR_ID = re.compile(r"^\d{9,12}$")


class SessionChangeError(ValueError):
    """A refused change; ``field`` names the offending field."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def normalise_webinar_id(value: str | None) -> str | None:
    """"812 3456 7890" -> "81234567890"; empty -> None."""
    if value is None:
        return None
    digits = re.sub(r"[\s\u00a0-]", "", str(value))
    return digits or None


def _validated(session: EventSession, changes: dict) -> dict:
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise SessionChangeError(sorted(unknown)[0], f"{sorted(unknown)[0]} cannot be changed here")
    clean = dict(changes)
    for name in ("starts_at", "ends_at"):
        if name in clean:
            value = clean[name]
            if not isinstance(value, dt.datetime) or value.tzinfo is None or value.utcoffset() is None:
                raise SessionChangeError(name, f"{name} must be an aware datetime")
            clean[name] = value.astimezone(dt.timezone.utc)
    starts = clean.get("starts_at", session.starts_at)
    ends = clean.get("ends_at", session.ends_at)
    if ends <= starts:
        raise SessionChangeError("ends_at", "the session must end after it starts")
    if "zoom_registration_url" in clean:
        url = (clean["zoom_registration_url"] or "").strip()
        if url and not is_zoom_registration_url(url):
            raise SessionChangeError("zoom_registration_url", "not a Zoom webinar registration link")
        clean["zoom_registration_url"] = url
    if "zoom_webinar_id" in clean:
        webinar_id = normalise_webinar_id(clean["zoom_webinar_id"])
        if webinar_id is not None and not WEBINAR_ID.match(webinar_id):
            raise SessionChangeError("zoom_webinar_id", "a Zoom webinar ID has 9 to 12 digits")
        clean["zoom_webinar_id"] = webinar_id
    if "capacity" in clean:
        capacity = clean["capacity"]
        if capacity is not None and (isinstance(capacity, bool) or not isinstance(capacity, int) or capacity < 1):
            raise SessionChangeError("capacity", "capacity must be a positive whole number or None")
    if "floor_language" in clean and clean["floor_language"] not in LANGUAGES:
        raise SessionChangeError("floor_language", "unsupported floor language")
    if "interpretation_languages" in clean:
        languages = list(clean["interpretation_languages"] or [])
        if any(code not in LANGUAGES for code in languages):
            raise SessionChangeError("interpretation_languages", "unsupported interpretation language")
        clean["interpretation_languages"] = [code for code in LANGUAGES if code in languages]
    if "status" in clean and clean["status"] not in {s.value for s in SessionStatus}:
        raise SessionChangeError("status", "unknown session status")
    return clean


def update_session(session: EventSession, **changes) -> dict[str, tuple]:
    """Apply ``changes`` (field=new value); return {field: (old, new)} for what changed."""
    clean = _validated(session, changes)
    applied: dict[str, tuple] = {}
    for name, new in clean.items():
        old = getattr(session, name)
        if old != new:
            applied[name] = (old, new)
            setattr(session, name, new)
    if not applied:
        return applied
    if any(name in applied for name in REVISION_FIELDS):
        session.revision = (session.revision or 0) + 1
    db.session.commit()
    session_changed.send(current_app._get_current_object(), session=session, changes=applied)
    return applied


def cancel_session(session: EventSession) -> dict[str, tuple]:
    """Cancel the session (calendar entries become STATUS:CANCELLED with a higher SEQUENCE)."""
    return update_session(session, status=SessionStatus.CANCELLED.value)
