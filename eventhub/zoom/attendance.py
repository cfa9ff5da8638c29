"""Attendance from Zoom: the portal's Attendee Report CSV or the participants API.

Each person found is matched to a place of the session by Zoom registrant id, then by
email (case-insensitive); the place gets ``attended``, ``joined_at`` (first join),
``left_at`` (last leave) and ``minutes_attended`` (sum over their joins). Confirmed
places nobody matched are recorded as absent (``attended`` False, 0 minutes). Values
are *set*, never added to, so importing the same data again changes nothing.

Rows that match nobody are reported as (row number, name); logs carry counts and row
numbers only, never names or emails.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import logging

from flask import current_app
from flask_babel import gettext as _

from eventhub.extensions import db
from eventhub.registration.models import SessionRegistration, SessionRegistrationStatus

from . import services
from .client import normalise_webinar_id
from .report import parse_attendee_report

log = logging.getLogger(__name__)

CONFIRMED = SessionRegistrationStatus.CONFIRMED.value


class AttendanceImportError(ValueError):
    """The data cannot be imported (wrong file, unknown session); message is localised."""


@dataclasses.dataclass
class PersonAttendance:
    """What the data says about one person (several rows merged)."""

    registrant_id: str | None
    email: str | None
    attended: bool
    first_join: dt.datetime | None
    last_leave: dt.datetime | None
    minutes: int
    rows: list[tuple[int, str]]  # (row number, name) of the rows merged here

    def merge(self, other: "PersonAttendance") -> None:
        self.attended = self.attended or other.attended
        self.first_join = _earliest(self.first_join, other.first_join)
        self.last_leave = _latest(self.last_leave, other.last_leave)
        self.minutes += other.minutes
        self.rows.extend(other.rows)
        self.registrant_id = self.registrant_id or other.registrant_id
        self.email = self.email or other.email


@dataclasses.dataclass
class AttendanceImport:
    session: object
    matched: int = 0
    attended: int = 0
    absent: int = 0
    unmatched: list[tuple[int, str]] = dataclasses.field(default_factory=list)
    problems: list[str] = dataclasses.field(default_factory=list)


def _earliest(a, b):
    values = [v for v in (a, b) if v is not None]
    return min(values) if values else None


def _latest(a, b):
    values = [v for v in (a, b) if v is not None]
    return max(values) if values else None


def apply_attendance(session, people: list[PersonAttendance]) -> AttendanceImport:
    """Record ``people`` on the session's places (see module docstring). Commits."""
    places = list(db.session.execute(
        db.select(SessionRegistration).where(SessionRegistration.session_id == session.id)
    ).scalars())
    by_id = {p.zoom_registrant_id: p for p in places if p.zoom_registrant_id}
    by_email = {services.normalise_email(p.registration.email): p for p in places}
    merged: dict[int, PersonAttendance] = {}
    result = AttendanceImport(session)
    for person in people:
        place = (by_id.get(person.registrant_id) if person.registrant_id else None) \
            or (by_email.get(services.normalise_email(person.email)) if person.email else None)
        if place is None:
            result.unmatched.extend(person.rows)
            continue
        if place.id in merged:
            merged[place.id].merge(person)
        else:
            merged[place.id] = dataclasses.replace(person, rows=list(person.rows))
    for place in places:
        person = merged.get(place.id)
        if person is not None:
            place.attended = person.attended
            place.joined_at = person.first_join
            place.left_at = person.last_leave
            place.minutes_attended = person.minutes
            result.matched += 1
            result.attended += int(person.attended)
        elif place.status == CONFIRMED:
            place.attended = False
            place.joined_at = place.left_at = None
            place.minutes_attended = 0
            result.absent += 1
    db.session.commit()
    result.unmatched.sort()
    log.info("attendance for session %s: %d matched (%d attended), %d absent, unmatched rows %s",
             session.id, result.matched, result.attended, result.absent,
             [number for number, _name in result.unmatched] or "none")
    return result


# -------------------------------------------------------------------- the CSV report --

def session_for_report(event, report_webinar_id: str | None, session_number: int | None):
    """The session a report belongs to: ``session_number`` if given (checked against the
    report's webinar ID when both are known), else the session whose webinar ID the
    report names. Raises AttendanceImportError with a localised message."""
    if session_number is not None:
        session = event.session_by_number(session_number)
        if session is None:
            raise AttendanceImportError(_("This event has no session %(number)d.", number=session_number))
        if report_webinar_id and session.zoom_webinar_id and session.zoom_webinar_id != report_webinar_id:
            raise AttendanceImportError(_(
                "This report is for webinar %(report)s, but session %(number)d uses webinar %(session)s.",
                report=report_webinar_id, number=session.number, session=session.zoom_webinar_id))
        return session
    if report_webinar_id:
        for session in event.sessions:
            if session.zoom_webinar_id == report_webinar_id:
                return session
        raise AttendanceImportError(_(
            "No session of this event has webinar ID %(webinar)s. Choose the session the report belongs to.",
            webinar=report_webinar_id))
    raise AttendanceImportError(_("The report does not name its webinar. Choose the session it belongs to."))


def import_attendee_report(event, data: bytes | str, session_number: int | None = None,
                           timezone: str | None = None) -> AttendanceImport:
    """Import the portal's Attendee Report CSV for one of ``event``'s sessions.

    ``timezone`` is the Zoom account's zone, in which the portal writes times
    (default ``ZOOM_ACCOUNT_TIMEZONE``). Raises AttendanceImportError.
    """
    from .report import ReportFormatError

    zone = timezone or current_app.config.get("ZOOM_ACCOUNT_TIMEZONE") or "UTC"
    try:
        report = parse_attendee_report(data, timezone=zone)
    except ReportFormatError:
        raise AttendanceImportError(_(
            "This file is not a Zoom attendee report. In Zoom, open Reports, then Usage Reports, "
            "and export the attendee report of the webinar as CSV.")) from None
    session = session_for_report(event, report.webinar_id, session_number)
    people: list[PersonAttendance] = []
    rows_of: dict[str, list[tuple[int, str]]] = {}
    for row in report.rows:
        label = row.name or " ".join(p for p in (row.first_name, row.last_name) if p) or "?"
        if row.email:
            rows_of.setdefault(row.email, []).append((row.line_number, label))
        else:  # a guest without email cannot be matched; reported with its row
            people.append(PersonAttendance(None, None, row.attended, row.join_time, row.leave_time,
                                           row.minutes or 0, [(row.line_number, label)]))
    for email, merged in report.attendance_by_email().items():
        people.append(PersonAttendance(None, email, merged.attended, merged.first_join,
                                       merged.last_leave, merged.total_minutes, rows_of.get(email, [])))
    result = apply_attendance(session, people)
    result.problems = list(report.problems)
    return result


# ------------------------------------------------------------------ the participants API --

def parse_zoom_instant(value) -> dt.datetime | None:
    """Zoom's ISO 8601 times ("2022-12-06T15:31:02Z") as aware UTC; None when absent or unreadable."""
    if not value:
        return None
    try:
        instant = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=dt.timezone.utc)
    return instant.astimezone(dt.timezone.utc)


def people_from_participants(participants) -> list[PersonAttendance]:
    """Merge the participants API's rows (one per join) per registrant id, else email."""
    merged: dict[str, PersonAttendance] = {}
    people: list[PersonAttendance] = []
    for number, participant in enumerate(participants, start=1):
        registrant_id = participant.get("registrant_id") or None
        email = (participant.get("user_email") or participant.get("email") or "").strip().lower() or None
        seconds = participant.get("duration") or 0
        person = PersonAttendance(
            registrant_id=registrant_id, email=email, attended=True,
            first_join=parse_zoom_instant(participant.get("join_time")),
            last_leave=parse_zoom_instant(participant.get("leave_time")),
            minutes=int(round(float(seconds) / 60)) if seconds else 0,
            rows=[(number, participant.get("name") or "?")])
        key = f"id:{registrant_id}" if registrant_id else (f"email:{email}" if email else None)
        if key and key in merged:
            merged[key].merge(person)
            continue
        if key:
            merged[key] = person
        people.append(person)
    return people


def import_participants(session) -> AttendanceImport:
    """Read the webinar's participants from Zoom's report API and record attendance.
    Raises ``ZoomError`` when Zoom cannot be read, AttendanceImportError without API mode."""
    if services.session_mode(session) != services.API_MODE:
        raise AttendanceImportError(_(
            "Session %(number)d is not connected to a Zoom webinar through the API.", number=session.number))
    participants = list(services.get_client().list_participants(normalise_webinar_id(session.zoom_webinar_id)))
    return apply_attendance(session, people_from_participants(participants))
