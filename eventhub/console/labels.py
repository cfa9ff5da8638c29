"""Translated names for stored codes (statuses, roles, Zoom states, countries,
languages), shared by console pages and exported files."""
from __future__ import annotations

import functools

from babel import Locale
from flask_babel import lazy_gettext as _l

from eventhub.i18n import current_language, language_name

STATUS_LABELS = {
    "confirmed": _l("Confirmed"),
    "waitlisted": _l("Waiting list"),
    "cancelled": _l("Cancelled"),
}
ROLE_LABELS = {
    "member": _l("Member of parliament"),
    "staff": _l("Parliamentary staff"),
    "other": _l("Other"),
}
ZOOM_STATE_LABELS = {
    "link": _l("Registers through the Zoom link"),
    "pending": _l("Waiting to be sent to Zoom"),
    "synced": _l("Registered on Zoom"),
    "failed": _l("Refused by Zoom"),
    "cancelled": _l("Cancelled on Zoom"),
}
SESSION_STATUS_LABELS = {
    "scheduled": _l("Scheduled"),
    "cancelled": _l("Cancelled"),
}


def status_label(code: str) -> str:
    return str(STATUS_LABELS.get(code, code))


def role_label(code: str) -> str:
    return str(ROLE_LABELS.get(code, code))


def zoom_state_label(code: str) -> str:
    return str(ZOOM_STATE_LABELS.get(code, code))


def session_status_label(code: str) -> str:
    return str(SESSION_STATUS_LABELS.get(code, code))


def country_name(code: str, lang: str | None = None) -> str:
    """"Switzerland", "Suisse", "سويسرا" for "CH"; the code itself if unknown."""
    if not code:
        return str(_l("Not given"))
    try:
        name = _territories(lang or current_language()).get(code.upper())
    except (ValueError, TypeError):
        name = None
    return name or code


@functools.lru_cache(maxsize=32)
def _territories(lang: str):
    # Babel's data does not change while the process runs; parsing the locale per call cost
    # a list page 50 parses.
    return Locale.parse(lang).territories


def language_label(code: str, lang: str | None = None) -> str:
    return language_name(code, lang or current_language())


def country_choices(lang: str | None = None) -> list[tuple[str, str]]:
    """ISO 3166-1 alpha-2 countries with names in the page language, sorted by name."""
    return list(_country_choices(lang or current_language()))


@functools.lru_cache(maxsize=32)
def _country_choices(lang: str) -> tuple[tuple[str, str], ...]:
    names = {code: name for code, name in _territories(lang).items()
             if len(code) == 2 and code.isalpha() and code not in {"ZZ", "EU", "EZ", "UN", "QO", "XA", "XB"}}
    return tuple(sorted(names.items(), key=lambda item: item[1].casefold()))

HISTORY_LABELS = {
    "created": _l("Registration received"),
    "session_added": _l("Session added"),
    "language_changed": _l("Listening language changed"),
    "cancelled": _l("Place cancelled"),
    "restored": _l("Place restored"),
    "promoted": _l("Moved from the waiting list to a confirmed place"),
    "attendance_set": _l("Attendance recorded"),
    "anonymised": _l("Personal data erased"),
    "removed_from_zoom": _l("Removed from Zoom"),
    "session_removed": _l("Session removed"),
    "session_cancelled": _l("Session removed"),
    "timezone_changed": _l("Time zone changed"),
    "link_sent": _l("Personal link emailed"),
    "link_regenerated": _l("New personal link created"),
    "imported_from_zoom": _l("Imported from Zoom"),
    "zoom_cancelled": _l("Cancelled on Zoom"),
    "zoom_denied": _l("Denied on Zoom"),
    "zoom_answer_outdated": _l("Zoom still shows the previous listening language"),
    "zoom_cancel_resent": _l("Registered on Zoom after cancelling here; cancelled on Zoom again"),
    "zoom_webinar_deleted": _l("The webinar was deleted on Zoom; the join link no longer works"),
    "details_changed": _l("Details corrected"),
    "change_emailed": _l("Email sent confirming the changes"),
    "email_change_requested": _l("New email address requested (waiting for its confirmation)"),
    "email_changed": _l("Email address changed"),
}
ACTOR_LABELS = {
    "registrant": _l("The registrant"),
    "system": _l("The system"),
    "system:purge": _l("Retention rule"),
    "zoom": "Zoom",
}


def history_label(action: str) -> str:
    return str(HISTORY_LABELS.get(action, action))


def actor_label(actor: str) -> str:
    label = ACTOR_LABELS.get(actor)
    return str(label) if label is not None else actor


def attended_label(value: bool | None) -> str:
    if value is None:
        return str(_l("Not known"))
    return str(_l("Yes")) if value else str(_l("No"))


#: Console access roles (accounts), not registrants' roles.
ACCOUNT_ROLE_LABELS = {
    "admin": _l("Administrator"),
    "organiser": _l("Organiser"),
    "staff": _l("Staff"),
}


def account_role_label(code: str) -> str:
    return str(ACCOUNT_ROLE_LABELS.get(code, code))
