"""A registration's history (RegistrationChange rows) told in the page's language."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from eventhub.i18n import format_list, language_name, ngettext
from eventhub.timezones import format_stamp


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
        return _("New personal link created; the previous one no longer works.")
    if action == "details_changed":
        return _details_line(details.get("fields") or {}, lang)
    if action == "email_change_requested":
        return _("New email address requested: %(new)s (it changes once the link sent to it is followed).",
                 new=details.get("to", ""))
    if action == "email_changed":
        return _("Email address changed from %(old)s to %(new)s.", old=details.get("from", ""),
                 new=details.get("to", ""))
    if action == "change_emailed":
        count = len(details.get("changes") or [])
        return ngettext("Email sent confirming %(num)s change.", "Email sent confirming %(num)s changes.",
                        count)
    # Anything else is the secretariat's bookkeeping (attendance, Zoom's copy of the
    # registration): not shown to the person, and never as a raw code.
    return None


def _detail_labels() -> dict:
    return {
        "honorific": _("Form of address"), "given_name": _("Given name"), "family_name": _("Family name"),
        "parliament": _("Parliament, chamber or organisation"), "country": _("Country"),
        "accessibility_needs": _("Accessibility needs"), "language": _("Language"),
    }


def _detail_value(key: str, value, lang: str) -> str:
    from .validation import country_name, honorific_label

    if key == "country":
        return country_name(value or "", lang) or "—"
    if key == "honorific":
        return honorific_label(value or "") or "—"
    if key == "language":
        return language_name(value or "", lang)
    return value or "—"


def _details_line(fields: dict, lang: str) -> str:
    labels = _detail_labels()
    parts = []
    for key in labels:
        if key not in fields:
            continue
        change = fields[key]
        if isinstance(change, dict):
            parts.append(_("%(field)s: %(old)s → %(new)s", field=labels[key],
                           old=_detail_value(key, change.get("from"), lang),
                           new=_detail_value(key, change.get("to"), lang)))
        else:
            parts.append(_("%(field)s updated", field=labels[key]))
    return _("Details corrected: %(changes)s.", changes="; ".join(parts))


def describe_change(change, lang: str, zone_name: str) -> HistoryLine | None:
    """One history line (None for the secretariat's own bookkeeping): the manage page
    and the change email both tell changes with this."""
    what = _what(change, lang)
    if what is None:
        return None
    return HistoryLine(
        at=format_stamp(change.at, zone_name, lang),
        at_iso=change.at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        who=_who(change.actor), what=what,
    )


def describe_changes(registration, lang: str) -> list[HistoryLine]:
    lines = []
    for change in reversed(registration.changes):
        line = describe_change(change, lang, registration.timezone)
        if line is not None:
            lines.append(line)
    return lines
