"""Writing and reading the change log."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from eventhub.extensions import db

from .models import AuditEntry


@dataclass(frozen=True)
class Actor:
    """Who made a change and through what: ``Actor("a@ipu.example", via="console")``."""

    name: str
    via: str = "cli"


def _plain(value):
    """JSON-safe form of a changed value."""
    if isinstance(value, dt.datetime):
        from eventhub.timezones import iso_utc

        return iso_utc(value)
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def record(actor: Actor, action: str, event=None, target: str = "", changes: dict | None = None) -> AuditEntry:
    """Add an entry to the current transaction (the caller commits). ``changes`` maps a
    field to ``(old, new)``."""
    entry = AuditEntry(
        actor=(actor.name or "")[:320], via=(actor.via or "")[:16], action=action,
        event_id=getattr(event, "id", None), target=(target or "")[:320],
        changes={field: [_plain(old), _plain(new)] for field, (old, new) in (changes or {}).items()},
    )
    if event is not None and getattr(event, "id", None) is None:
        entry.event = event
    db.session.add(entry)
    return entry


def entries_query(user=None):
    """Newest first, limited to the events a limited account may see."""
    query = db.select(AuditEntry).order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
    if user is not None:
        from eventhub.accounts.teams import scope_to_user

        query = scope_to_user(query, user, AuditEntry.event_id)
    return query


#: Labels of the actions on the audit page (an unknown code is shown as it is).
ACTION_LABELS = {
    "event_created": _l("Event created"),
    "event_edited": _l("Event changed"),
    "event_published": _l("Event published"),
    "event_unpublished": _l("Event returned to draft"),
    "event_cloned": _l("Event cloned"),
    "session_added": _l("Session added"),
    "session_edited": _l("Session changed"),
    "session_removed": _l("Session removed"),
    "sessions_reordered": _l("Sessions reordered"),
    "team_changed": _l("Team changed"),
    "registration_added": _l("Registration added by an organiser"),
    "registration_details_changed": _l("Registrant's details corrected"),
}


def action_label(action: str):
    return ACTION_LABELS.get(action, action)


_STAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")


def shown_value(field: str, value):
    """A changed value as the audit page shows it: ``(text, is_data)``. A moment (stored as
    « 2022-12-06T06:00:00Z ») is written through Babel in the console language,
    « 6 déc. 2022, 06:00 UTC »; a zone is named, « Zurich (heure d’Europe centrale) ·
    Europe/Zurich »; anything else is data, JSON with its letters as they are (Arabic
    readable, not « \\u0622… »)."""
    import json

    from eventhub.i18n import current_language, moment
    from eventhub.timezones import is_valid_timezone, zone_text_with_id

    if isinstance(value, str) and _STAMP.fullmatch(value):
        return f"{moment(value)} UTC", False
    if field.endswith("timezone") and isinstance(value, str) and is_valid_timezone(value):
        return zone_text_with_id(value, current_language()), False
    return json.dumps(value, ensure_ascii=False), True
