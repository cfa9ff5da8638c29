"""Changing a session: the single place where a session's facts are edited.

The organiser console, the API and commands call :func:`update_session` and
:func:`cancel_session`; nothing else should assign to an ``EventSession``'s columns.
Both functions

* validate everything first and change nothing when any value is refused
  (:class:`SessionChangeError` carries one localised message per field),
* raise ``EventSession.revision`` (the calendar SEQUENCE) once when a field in
  :data:`REVISION_FIELDS` changed, so that calendars that imported the session
  replace their copy,
* commit, then send ``eventhub.signals.session_changed(app, session=..., changes=...)``
  with ``changes`` = ``{field: (old, new)}``. Receivers that write to participants
  should look at the keys: only :data:`REVISION_FIELDS` change what a participant
  sees in a calendar; ``capacity`` matters for waiting lists.

Nothing is committed and no signal is sent when no value actually changes.
"""
from __future__ import annotations

import datetime as dt
import re

from flask import current_app
from flask_babel import gettext as _

from eventhub.extensions import db
from eventhub.i18n import LANGUAGES
from eventhub.signals import session_changed

from .models import EventSession, SessionStatus
from .services import InvalidZoomLink, validate_zoom_registration_url

#: Fields whose change alters what calendars and participants were told: time,
#: link, status and the languages printed in the calendar entry.
REVISION_FIELDS = frozenset(
    {"starts_at", "ends_at", "zoom_registration_url", "status", "floor_language",
     "interpretation_languages"}
)
#: Everything update_session accepts. The number is not here: it is part of public URLs.
EDITABLE_FIELDS = REVISION_FIELDS | {"region", "capacity", "zoom_webinar_id"}

#: A Zoom webinar ID once spaces are removed ("847 5984 1045" -> 84759841045).
WEBINAR_ID = re.compile(r"^[0-9]{9,12}$")


def normalise_webinar_id(value) -> str | None:
    """"847 5984 1045" -> "84759841045"; empty -> None. Does not validate."""
    if value is None:
        return None
    digits = re.sub(r"[\s\u00a0-]", "", str(value))
    return digits or None


class SessionChangeError(ValueError):
    """Refused changes; ``errors`` maps each field to a message in the current language."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{field}: {message}" for field, message in errors.items()))
        self.errors = errors


def _clean_instant(value) -> dt.datetime:
    if not isinstance(value, dt.datetime):
        raise ValueError(_("Enter a date and time."))
    if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
        raise ValueError(_("Enter the date and time with its time zone."))
    return value.astimezone(dt.timezone.utc)


def _clean_zoom_link(value) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        return ""  # no link yet: the page then shows no Zoom button
    if not isinstance(value, str):
        raise ValueError(_("Enter the webinar registration link that Zoom provides."))
    try:
        return validate_zoom_registration_url(value)
    except InvalidZoomLink:
        raise ValueError(_(
            "Enter the webinar registration link that Zoom provides, for example "
            "https://us06web.zoom.us/webinar/register/WN_ followed by 22 characters."
        )) from None


def _clean_language(value) -> str:
    if value not in LANGUAGES:
        raise ValueError(_("Choose English, French, Spanish or Arabic."))
    return value


def _clean_languages(value) -> list[str]:
    if isinstance(value, str) or not isinstance(value, (list, tuple, set, frozenset)):
        raise ValueError(_("Choose the interpretation languages from English, French, Spanish and Arabic."))
    codes = list(value)
    if any(code not in LANGUAGES for code in codes):
        raise ValueError(_("Interpretation is offered only in English, French, Spanish and Arabic."))
    # Stored in the order of the language switcher, without repeats.
    return [code for code in LANGUAGES if code in codes]


def _clean_status(value) -> str:
    if isinstance(value, SessionStatus):
        return value.value
    if value not in {status.value for status in SessionStatus}:
        raise ValueError(_("The status must be scheduled or cancelled."))
    return value


def _clean_capacity(value) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(_("The capacity must be a whole number of at least 1, or empty for no limit."))
    return value


def _clean_region(value) -> dict:
    if not isinstance(value, dict) or any(
        key not in LANGUAGES or not isinstance(text, str) for key, text in value.items()
    ):
        raise ValueError(_("Give the region text in English, French, Spanish and Arabic."))
    return {key: value[key].strip() for key in LANGUAGES if key in value}


def _clean_webinar_id(value) -> str | None:
    text = normalise_webinar_id(value)
    if text is None:
        return None
    if not WEBINAR_ID.match(text):
        raise ValueError(_("The webinar ID is the 9 to 12 digits Zoom shows for the webinar."))
    return text


_CLEANERS = {
    "starts_at": _clean_instant,
    "ends_at": _clean_instant,
    "zoom_registration_url": _clean_zoom_link,
    "status": _clean_status,
    "floor_language": _clean_language,
    "interpretation_languages": _clean_languages,
    "region": _clean_region,
    "capacity": _clean_capacity,
    "zoom_webinar_id": _clean_webinar_id,
}


def update_session(session: EventSession, **changes) -> dict[str, tuple]:
    """Apply ``changes`` (field=value) to ``session``, validated; return what changed.

    Returns ``{field: (old, new)}`` for the values that really differ (empty when
    nothing did). Raises :class:`SessionChangeError` (nothing applied) for refused
    values and ``TypeError`` for a field that cannot be edited here.
    """
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"update_session() cannot change: {', '.join(sorted(unknown))}")

    cleaned, errors = {}, {}
    for field, value in changes.items():
        try:
            cleaned[field] = _CLEANERS[field](value)
        except ValueError as exc:
            errors[field] = str(exc)
    if "starts_at" not in errors and "ends_at" not in errors:
        starts_at = cleaned.get("starts_at", session.starts_at)
        ends_at = cleaned.get("ends_at", session.ends_at)
        if ends_at <= starts_at:
            errors["ends_at"] = _("The session must end after it starts.")
    if errors:
        raise SessionChangeError(errors)

    applied = {}
    for field, new in cleaned.items():
        old = getattr(session, field)
        if old != new:
            applied[field] = (old, new)
            setattr(session, field, new)
    if not applied:
        return {}
    if applied.keys() & REVISION_FIELDS:
        session.revision = (session.revision or 0) + 1
    db.session.commit()
    session_changed.send(current_app._get_current_object(), session=session, changes=applied)
    return applied


def cancel_session(session: EventSession) -> dict[str, tuple]:
    """Mark the session cancelled (calendars then show it as cancelled); returns the changes,
    empty if it already was."""
    return update_session(session, status=SessionStatus.CANCELLED.value)
