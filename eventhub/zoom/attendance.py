"""Attendance from Zoom: the portal's Attendee Report CSV or the participants API.

Each person found is matched to a place of the session by Zoom registrant id, then by
email (case-insensitive). Every join (join and leave time) is kept as a
``ZoomAttendanceInterval``; the place's ``attended``, ``joined_at`` (first join),
``left_at`` (last leave) and ``minutes_attended`` (the union of all its intervals, so
overlapping joins count once) are computed from every interval any import recorded.
Imports therefore add up: a second report or another webinar instance (a webinar that
was restarted) adds to what is there, and importing the same data again changes
nothing.

Absence is recorded only by a *final* report import (the organiser says it is the
last one: then confirmed places that no import ever saw attending are recorded as
absent, ``attended`` False, 0 minutes) or from Zoom's own absentee lists: the API import
reads ``/past_webinars/{uuid}/absentees`` of every instance, and a place is absent when
Zoom lists its registrant as absent from every instance and no import saw it attending.
A place Zoom does not list (never registered on Zoom, or not approved there) stays
unknown: Zoom cannot say whether that person came.

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

from eventhub.i18n import current_language, zone_name
from eventhub.timezones import format_moment

from . import services
from .client import normalise_webinar_id
from .models import ZoomAttendanceInterval
from .report import parse_attendee_report

log = logging.getLogger(__name__)

CONFIRMED = SessionRegistrationStatus.CONFIRMED.value
#: A report whose Actual Start Time, read in the chosen zone, is further than this from
#: the session's scheduled start is refused (wrong zone, wrong webinar or wrong date).
START_TOLERANCE = dt.timedelta(minutes=45)


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
    #: (join, leave) of each join that has both times.
    intervals: list[tuple[dt.datetime, dt.datetime]] = dataclasses.field(default_factory=list)

    def merge(self, other: "PersonAttendance") -> None:
        self.attended = self.attended or other.attended
        self.first_join = _earliest(self.first_join, other.first_join)
        self.last_leave = _latest(self.last_leave, other.last_leave)
        self.minutes += other.minutes
        self.rows.extend(other.rows)
        self.intervals.extend(other.intervals)
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
    final: bool = False
    #: The zone the report's times were read in, and how it was chosen
    #: ("upload", "config", "inferred"); None for the API.
    timezone: str | None = None
    timezone_source: str | None = None
    instances: int = 0



def _wall(moment: dt.datetime) -> str:
    """A time as the report writes it (wall clock), in Babel's format for the console."""
    return format_moment(moment.replace(tzinfo=dt.timezone.utc) if moment.tzinfo is None else moment,
                         "UTC", current_language())


def _zone_text(zone: str) -> str:
    """« Zurich (heure d’Europe centrale) · Europe/Zurich » in console messages."""
    if zone in ("UTC", "Etc/UTC", "GMT"):
        return "UTC"
    name = zone_name(zone)
    return zone if name == zone else f"{name} · {zone}"

def _earliest(a, b):
    values = [v for v in (a, b) if v is not None]
    return min(values) if values else None


def _latest(a, b):
    values = [v for v in (a, b) if v is not None]
    return max(values) if values else None


def union_seconds(intervals) -> float:
    """Length of the union of ``(start, end)`` intervals, in seconds."""
    total = 0.0
    current_start = current_end = None
    for start, end in sorted(intervals):
        if end <= start:
            continue
        if current_end is None or start > current_end:
            if current_end is not None:
                total += (current_end - current_start).total_seconds()
            current_start, current_end = start, end
        else:
            current_end = max(current_end, end)
    if current_end is not None:
        total += (current_end - current_start).total_seconds()
    return total


def _record_intervals(place, person: PersonAttendance, source: str) -> None:
    known = set(db.session.execute(
        db.select(ZoomAttendanceInterval.joined_at, ZoomAttendanceInterval.left_at)
        .where(ZoomAttendanceInterval.place_id == place.id)).all())
    for joined, left in person.intervals:
        if left < joined or (joined, left) in known:
            continue
        known.add((joined, left))
        db.session.add(ZoomAttendanceInterval(place_id=place.id, joined_at=joined, left_at=left, source=source))


def _recompute(place, person: PersonAttendance | None) -> None:
    """The place's attendance from every interval recorded for it (and, for rows
    without times, what this import says)."""
    intervals = [(row.joined_at, row.left_at) for row in db.session.execute(
        db.select(ZoomAttendanceInterval).where(ZoomAttendanceInterval.place_id == place.id)).scalars()]
    if intervals:
        place.attended = True
        place.joined_at = min(start for start, _ in intervals)
        place.left_at = max(end for _, end in intervals)
        place.minutes_attended = int(round(union_seconds(intervals) / 60))
    elif person is not None and person.attended:
        # A join without times (rare layouts): attended, with the minutes Zoom gave.
        place.attended = True
        place.joined_at = _earliest(place.joined_at, person.first_join)
        place.left_at = _latest(place.left_at, person.last_leave)
        place.minutes_attended = max(place.minutes_attended or 0, person.minutes)


def apply_attendance(session, people: list[PersonAttendance], *, final: bool = False,
                     source: str = "report", absentees: list[tuple[str | None, str | None]] | None = None
                     ) -> AttendanceImport:
    """Record ``people`` on the session's places (see module docstring). Commits.

    ``final``: every confirmed place nobody saw attending is absent (a final report).
    ``absentees``: (registrant id, email) of the people Zoom lists as absent; only those
    places (confirmed, never seen attending) are recorded as absent."""
    places = list(db.session.execute(
        db.select(SessionRegistration).where(SessionRegistration.session_id == session.id)
    ).scalars())
    by_id = {p.zoom_registrant_id: p for p in places if p.zoom_registrant_id}
    by_email = {services.normalise_email(p.registration.email): p for p in places}
    merged: dict[int, PersonAttendance] = {}
    result = AttendanceImport(session, final=final)
    for person in people:
        place = (by_id.get(person.registrant_id) if person.registrant_id else None) \
            or (by_email.get(services.normalise_email(person.email)) if person.email else None)
        if place is None:
            result.unmatched.extend(person.rows)
            continue
        if place.id in merged:
            merged[place.id].merge(person)
        else:
            merged[place.id] = dataclasses.replace(person, rows=list(person.rows),
                                                   intervals=list(person.intervals))
    for place in places:
        person = merged.get(place.id)
        if person is not None:
            _record_intervals(place, person, source)
    db.session.flush()
    absent_ids: set[int] = set()
    for registrant_id, email in absentees or ():
        place = (by_id.get(registrant_id) if registrant_id else None) \
            or (by_email.get(services.normalise_email(email)) if email else None)
        if place is not None:
            absent_ids.add(place.id)
    for place in places:
        person = merged.get(place.id)
        _recompute(place, person)
        if person is not None:
            result.matched += 1
            result.attended += int(bool(place.attended))
        if (final or place.id in absent_ids) and place.status == CONFIRMED and not place.attended:
            place.attended = False
            place.joined_at = place.left_at = None
            place.minutes_attended = 0
            result.absent += 1
    db.session.commit()
    result.unmatched.sort()
    log.info("attendance for session %s: %d matched (%d attended), %d absent%s, unmatched rows %s",
             session.id, result.matched, result.attended, result.absent, " (final)" if final else "",
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


def _offset_reading(wall: dt.datetime, zone: str) -> dt.datetime:
    """``wall`` (a naive wall-clock time) read in ``zone``, as aware UTC."""
    from .report import _resolve_timezone

    return wall.replace(tzinfo=_resolve_timezone(zone)).astimezone(dt.timezone.utc)


def fitting_zone(wall: dt.datetime, scheduled: dt.datetime, preferred: list[str]) -> str | None:
    """A time zone in which the wall-clock time ``wall`` is within START_TOLERANCE of
    ``scheduled``: the first of ``preferred`` (the event's zone) that fits, else the
    closest of all, or None. (A restarted webinar's second instance starts late: the
    event's zone still fits it, a zone an hour further would fit it "better".)"""
    from eventhub.timezones import common_timezones

    for zone in preferred:
        try:
            if zone and abs(_offset_reading(wall, zone) - scheduled) <= START_TOLERANCE:
                return zone
        except ValueError:
            continue
    best, best_gap = None, None
    seen = set()
    for zone in ["UTC", *common_timezones()]:
        if not zone or zone in seen:
            continue
        seen.add(zone)
        try:
            gap = abs(_offset_reading(wall, zone) - scheduled)
        except ValueError:
            continue
        if gap <= START_TOLERANCE and (best_gap is None or gap < best_gap):
            best, best_gap = zone, gap
    return best


def _choose_zone(event, data, session_number, timezone: str | None) -> tuple[str, str]:
    """The zone of the report's times and how it was chosen; raises AttendanceImportError
    when the report's Actual Start Time does not fit the session's scheduled start."""
    from .report import ReportFormatError

    # Read once as wall-clock times (UTC = no shift) to compare with the schedule.
    try:
        wall_report = parse_attendee_report(data, timezone="UTC")
    except ReportFormatError:
        raise _not_a_report(data) from None
    session = session_for_report(event, wall_report.webinar_id, session_number)
    configured = current_app.config.get("ZOOM_ACCOUNT_TIMEZONE") or ""
    zone, source = (timezone, "upload") if timezone else ((configured, "config") if configured else (None, None))
    actual = wall_report.actual_start_time
    if actual is None:
        if zone is None:
            raise AttendanceImportError(_(
                "The report has no Actual Start Time, so its time zone cannot be worked out. "
                "Choose the time zone of the Zoom account."))
        return zone, source
    wall = actual.replace(tzinfo=None)
    scheduled = session.starts_at
    if zone is None:
        zone = fitting_zone(wall, scheduled, [event.reference_timezone])
        source = "inferred"
        if zone is None:
            raise AttendanceImportError(_(
                "The report's webinar started on %(actual)s, which matches the scheduled start of "
                "session %(number)d in no time zone. Check that the report is for this session and date.",
                actual=_wall(actual), number=session.number))
        return zone, source
    try:
        gap = _offset_reading(wall, zone) - scheduled
    except ValueError:
        raise AttendanceImportError(_("Unknown time zone: %(zone)s.", zone=zone)) from None
    if abs(gap) > START_TOLERANCE:
        fitting = fitting_zone(wall, scheduled, [event.reference_timezone])
        if fitting:
            raise AttendanceImportError(_(
                "Read in %(zone)s, the report's webinar started at %(start)s UTC, more than 45 minutes from "
                "the scheduled start of session %(number)d. The times fit the time zone %(fitting)s: choose "
                "it if the Zoom account uses it.", zone=_zone_text(zone),
                start=_wall(_offset_reading(wall, zone)), number=session.number,
                fitting=_zone_text(fitting)))
        raise AttendanceImportError(_(
            "The report's webinar started on %(actual)s, which matches the scheduled start of "
            "session %(number)d in no time zone. Check that the report is for this session and date.",
            actual=_wall(actual), number=session.number))
    return zone, source


def _not_a_report(data) -> AttendanceImportError:
    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else str(data)
    first = next((line.strip().lstrip("\ufeff") for line in text.splitlines() if line.strip()), "")
    return AttendanceImportError(_(
        "This file is not a Zoom attendee report (its first line reads “%(line)s”). In Zoom, open "
        "Reports, then Usage Reports, and export the attendee report of the webinar as CSV.",
        line=first[:80]))


def import_attendee_report(event, data: bytes | str, session_number: int | None = None,
                           timezone: str | None = None, *, final: bool = False) -> AttendanceImport:
    """Import the portal's Attendee Report CSV for one of ``event``'s sessions.

    The report writes times in the Zoom account's zone without naming it: ``timezone``
    (the upload's field, the command's ``--timezone``), else ``ZOOM_ACCOUNT_TIMEZONE``,
    else the zone in which the report's Actual Start Time fits the session's scheduled
    start. A zone that puts the actual start more than 45 minutes from the scheduled
    start stops the import, naming the zone that would fit. ``final``: record as absent
    every confirmed place no import saw attending. Raises AttendanceImportError.
    """
    zone, zone_source = _choose_zone(event, data, session_number, timezone)
    try:
        report = parse_attendee_report(data, timezone=zone)
    except ValueError:
        raise AttendanceImportError(_("Unknown time zone: %(zone)s.", zone=zone)) from None
    session = session_for_report(event, report.webinar_id, session_number)
    people: list[PersonAttendance] = []
    by_email: dict[str, PersonAttendance] = {}
    for row in report.rows:
        label = row.name or " ".join(p for p in (row.first_name, row.last_name) if p) or "?"
        person = PersonAttendance(
            None, row.email, row.attended, row.join_time, row.leave_time, row.minutes or 0,
            [(row.line_number, label)],
            intervals=[(row.join_time, row.leave_time)] if row.attended and row.join_time and row.leave_time else [])
        if row.email and row.email in by_email:
            by_email[row.email].merge(person)
            continue
        if row.email:
            by_email[row.email] = person
        people.append(person)  # a guest without email cannot be matched; reported with its row
    result = apply_attendance(session, people, final=final, source="report")
    result.problems = list(report.problems)
    result.timezone, result.timezone_source = zone, zone_source
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
        if not isinstance(participant, dict):
            continue
        registrant_id = participant.get("registrant_id") or None
        registrant_id = str(registrant_id) if registrant_id else None
        email = participant.get("user_email") or participant.get("email") or ""
        email = email.strip().lower() if isinstance(email, str) else ""
        try:
            seconds = max(0.0, float(participant.get("duration") or 0))
        except (TypeError, ValueError):
            seconds = 0.0
        joined = parse_zoom_instant(participant.get("join_time"))
        left = parse_zoom_instant(participant.get("leave_time"))
        person = PersonAttendance(
            registrant_id=registrant_id, email=email or None, attended=True,
            first_join=joined, last_leave=left,
            minutes=int(round(seconds / 60)),
            rows=[(number, str(participant.get("name") or "?")[:200])],
            intervals=[(joined, left)] if joined and left and left >= joined else [])
        key = f"id:{registrant_id}" if registrant_id else (f"email:{email}" if email else None)
        if key and key in merged:
            merged[key].merge(person)
            continue
        if key:
            merged[key] = person
        people.append(person)
    return people


def import_participants(session, instance_uuid: str | None = None) -> AttendanceImport:
    """Read the webinar's participants from Zoom's report API and record attendance.

    Every instance of the webinar is read (``/past_webinars/{id}/instances``, then each
    instance's participants by UUID with ``include_fields=registrant_id``, all pages):
    for the numeric ID Zoom answers with the latest instance only. Absence comes from
    Zoom: each instance's ``/past_webinars/{uuid}/absentees`` (all pages; UUIDs
    double-encoded where Zoom says so); a registrant absent from every instance is
    absent. ``instance_uuid`` reads that instance alone (the ``webinar.ended`` webhook)
    and records no absence: a later instance may still see the person.
    Raises ``ZoomError`` when Zoom cannot be read, AttendanceImportError without API mode."""
    if services.session_mode(session) != services.API_MODE:
        raise AttendanceImportError(_(
            "Session %(number)d is not connected to a Zoom webinar through the API.", number=session.number))
    client = services.get_client()
    webinar_id = normalise_webinar_id(session.zoom_webinar_id)
    if instance_uuid:
        uuids = [instance_uuid]
    else:
        uuids = [instance["uuid"] for instance in client.list_past_instances(webinar_id)] or [webinar_id]
    participants = []
    absent_everywhere: dict[tuple[str | None, str | None], int] | None = None if instance_uuid else {}
    for uuid in uuids:
        participants.extend(client.list_participants(uuid))
        if absent_everywhere is not None:
            for key in _absentee_keys(client.list_absentees(uuid)):
                absent_everywhere[key] = absent_everywhere.get(key, 0) + 1
    absentees = None if absent_everywhere is None else \
        [key for key, count in absent_everywhere.items() if count == len(uuids)]
    result = apply_attendance(session, people_from_participants(participants), source="api",
                              absentees=absentees)
    result.final = absentees is not None
    result.instances = len(uuids)
    return result


def _absentee_keys(registrants) -> set[tuple[str | None, str | None]]:
    """(registrant id, normalised email) of each absentee Zoom lists
    (WebinarsGetWebinarAbsenteesResponse: ``registrants`` with ``id`` and ``email``)."""
    keys = set()
    for registrant in registrants:
        registrant_id = registrant.get("id")
        registrant_id = str(registrant_id) if isinstance(registrant_id, (str, int)) and registrant_id else None
        email = services.normalise_email(registrant.get("email")) if isinstance(registrant.get("email"), str) else ""
        if registrant_id or email:
            keys.add((registrant_id, email or None))
    return keys
