"""A registration's history (RegistrationChange rows) told in the page's language."""
from __future__ import annotations

from dataclasses import dataclass

import pytz
from babel.dates import format_datetime
from flask_babel import gettext as _, ngettext

from eventhub.i18n import format_list, language_name


@dataclass
class HistoryLine:
    at: str
    at_iso: str
    who: str
    what: str


def _who(actor: str) -> str:
    if actor == "registrant":
        return _("You")
    if actor == "system":
        return _("Automatic")
    if actor == "zoom":
        return "Zoom"
    return _("IPU secretariat")


def _what(change, lang: str) -> str | None:
    details = change.details or {}
    session = details.get("session")
    action = change.action
    if action == "created":
        chosen = sorted(details.get("sessions", {}), key=int)
        return ngettext("Registered for session %(numbers)s.", "Registered for sessions %(numbers)s.",
                        len(chosen), numbers=format_list(chosen, lang))
    if action == "session_added":
        return _("Added session %(number)s (listening in %(language)s).", number=session,
                 language=language_name(details.get("language", ""), lang))
    if action in ("session_removed", "session_cancelled"):
        return _("Removed session %(number)s.", number=session)
    if action == "language_changed":
        return _("Session %(number)s: listening language changed from %(old)s to %(new)s.",
                 number=session, old=language_name(details.get("from", ""), lang),
                 new=language_name(details.get("to", ""), lang))
    if action == "timezone_changed":
        return _("Time zone changed from %(old)s to %(new)s.", old=details.get("from", ""),
                 new=details.get("to", ""))
    if action == "cancelled":
        if session:  # an organiser cancelled one place (console)
            return _("Session %(number)s: place cancelled.", number=session)
        return _("Registration cancelled.")
    if action == "restored":
        return _("Session %(number)s: place restored.", number=session)
    if action == "imported_from_zoom":
        return _("Session %(number)s: registration received through Zoom.", number=session)
    if action == "promoted":
        return _("Session %(number)s: a place became free and is now yours.", number=session)
    if action == "link_sent":
        return _("Personal link emailed.")
    if action == "link_regenerated":
        return _("New personal link created.")
    # Anything else is the secretariat's bookkeeping (attendance, Zoom's copy of the
    # registration): not shown to the person, and never as a raw code.
    return None


def describe_changes(registration, lang: str) -> list[HistoryLine]:
    zone = pytz.timezone(registration.timezone)
    lines = []
    for change in reversed(registration.changes):
        what = _what(change, lang)
        if what is None:
            continue
        lines.append(HistoryLine(
            at=format_datetime(change.at, "medium", tzinfo=zone, locale=lang),
            at_iso=change.at.strftime("%Y-%m-%dT%H:%M:%SZ"),
            who=_who(change.actor), what=what,
        ))
    return lines
