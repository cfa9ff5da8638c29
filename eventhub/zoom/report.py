"""Parser for the "Attendee Report" CSV that Zoom's web portal exports.

The file is not one table but several sections::

    Attendee Report
    Report Generated:,"Mar 22, 2025 20:01:02"
    Topic,Webinar ID,Actual Start Time,Actual Duration (minutes),# Registered,...
    Consultation on water,847 5984 1045,"Mar 22, 2025 18:58:11",125,40,...
    Host Details
    Attended,User Name (Original Name),Email,...
    ...
    Panelist Details
    ...
    Attendee Details
    Attended,User Name (Original Name),First Name,Last Name,Email,Phone,Registration Time,...
    Yes,Amina Haddad,Amina,Haddad,amina@example.org,--,"Mar 20, 2025 09:00:00",...

Only the webinar summary and the attendee section are read. Someone who
joined several times has several rows; ``AttendeeReport.attendance_by_email``
merges them. Times are exported in the *account's* time zone without saying
which, so the caller passes it and gets aware UTC datetimes back.

The parser never raises on a bad row: it records a line in ``problems`` and
goes on. ``ReportFormatError`` is raised only when there is no attendee
section at all (the file is not an attendee report).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone as dt_timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .client import normalise_webinar_id

ATTENDEE_SECTION_TITLE = "attendee details"
# Section titles that end the attendee section if they follow it.
_SECTION_TITLES = {
    "attendee report", "host details", "panelist details", "attendee details",
    "other attended", "poll details", "q&a details", "survey details",
}
ABSENT_VALUE = "--"

_MONTHS = {name: number for number, name in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}
# "Mar 22, 2025 19:13:27" (seconds and AM/PM optional)
_MONTH_NAME_DATE = re.compile(
    r"^(?P<month>[A-Za-z]{3})[a-z]*\.?\s+(?P<day>\d{1,2}),?\s+(?P<year>\d{4})\s+"
    r"(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?\s*(?P<ampm>[AaPp][Mm])?$")
# "08/09/2026 10:45:00 AM" - month first, as Zoom's portal writes it
_SLASH_DATE = re.compile(
    r"^(?P<month>\d{1,2})/(?P<day>\d{1,2})/(?P<year>\d{4})\s+"
    r"(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?\s*(?P<ampm>[AaPp][Mm])?$")
# "2025-03-22 19:13:27", seen in some API-derived exports
_ISO_DATE = re.compile(
    r"^(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})[ T]"
    r"(?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?$")

# Canonical field -> header names Zoom has used for it (compared case-insensitively).
_COLUMN_ALIASES = {
    "attended": ("attended",),
    "name": ("user name (original name)", "user name", "name (original name)", "name"),
    "first_name": ("first name",),
    "last_name": ("last name",),
    "email": ("email", "user email", "email address"),
    "registration_time": ("registration time",),
    "phone": ("phone",),
    "approval_status": ("approval status",),
    "join_time": ("join time",),
    "leave_time": ("leave time",),
    "minutes": ("time in session (minutes)", "duration (minutes)", "time in session"),
    "is_guest": ("is guest", "guest"),
    "country": ("country/region name", "country/region", "country"),
}


class ReportFormatError(ValueError):
    """The data is not a Zoom attendee report (no "Attendee Details" section)."""


@dataclass(frozen=True)
class AttendeeRow:
    """One row of the attendee section: one registrant, or one join session of them.

    Times are aware UTC datetimes (or None); ``email`` is lowercased; ``extra``
    holds columns this parser does not know (custom questions, "Source Name").
    """

    attended: bool
    name: str | None
    first_name: str | None
    last_name: str | None
    email: str | None
    registration_time: datetime | None
    join_time: datetime | None
    leave_time: datetime | None
    minutes: int | None
    is_guest: bool | None
    country: str | None
    approval_status: str | None = None
    phone: str | None = None
    line_number: int = 0
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Attendance:
    """Everything one email's rows add up to."""

    email: str
    attended: bool
    first_join: datetime | None
    last_leave: datetime | None
    total_minutes: int
    sessions: int


@dataclass
class AttendeeReport:
    """The parsed report: webinar summary, attendee rows and readable problems."""

    webinar_id: str | None
    topic: str | None
    rows: list[AttendeeRow]
    problems: list[str]
    actual_start_time: datetime | None = None

    def attendance_by_email(self) -> dict[str, Attendance]:
        """Merge rows per (lowercased) email; rows without email are left out.

        Minutes are summed over sessions, which slightly over-counts overlapping
        sessions (someone joined from two devices) - good enough for attendance.
        """
        merged: dict[str, Attendance] = {}
        for row in self.rows:
            if not row.email:
                continue
            previous = merged.get(row.email)
            if previous is None:
                merged[row.email] = Attendance(
                    email=row.email, attended=row.attended, first_join=row.join_time,
                    last_leave=row.leave_time, total_minutes=row.minutes or 0,
                    sessions=1 if row.attended else 0)
                continue
            merged[row.email] = Attendance(
                email=row.email,
                attended=previous.attended or row.attended,
                first_join=_earliest(previous.first_join, row.join_time),
                last_leave=_latest(previous.last_leave, row.leave_time),
                total_minutes=previous.total_minutes + (row.minutes or 0),
                sessions=previous.sessions + (1 if row.attended else 0),
            )
        return merged


def _earliest(first: datetime | None, second: datetime | None) -> datetime | None:
    candidates = [value for value in (first, second) if value is not None]
    return min(candidates) if candidates else None


def _latest(first: datetime | None, second: datetime | None) -> datetime | None:
    candidates = [value for value in (first, second) if value is not None]
    return max(candidates) if candidates else None


# --------------------------------------------------------------------------- #
# Value parsing
# --------------------------------------------------------------------------- #


def _clean(value: str | None) -> str | None:
    """Strip a cell; Zoom's ``--`` and empty cells become None."""
    if value is None:
        return None
    value = value.strip()
    return None if value in ("", ABSENT_VALUE) else value


def _resolve_timezone(zone: str | tzinfo | None) -> tzinfo:
    # UTC needs no tz database (which some slim images lack).
    if zone is None or (isinstance(zone, str) and zone.upper() in ("UTC", "Z", "GMT")):
        return dt_timezone.utc
    if isinstance(zone, tzinfo):
        return zone
    try:
        return ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone {zone!r}") from exc


def parse_report_datetime(text: str | None, zone: tzinfo = dt_timezone.utc) -> datetime | None:
    """Parse a portal date (``Mar 22, 2025 19:13:27`` or ``08/09/2026 10:45:00 AM``).

    The wall time is read in ``zone`` and returned as an aware UTC datetime.
    Returns None for an absent value; raises ``ValueError`` for unreadable text.
    """
    text = _clean(text)
    if text is None:
        return None
    for pattern in (_MONTH_NAME_DATE, _SLASH_DATE, _ISO_DATE):
        match = pattern.match(text)
        if match:
            break
    else:
        raise ValueError(f"unrecognised date {text!r}")
    parts = match.groupdict()
    month_text = parts["month"]
    month = int(month_text) if month_text.isdecimal() else _MONTHS.get(month_text[:3].lower())
    if month is None:
        raise ValueError(f"unrecognised month in {text!r}")
    hour = int(parts["hour"])
    ampm = (parts.get("ampm") or "").lower()
    if ampm:
        if not 1 <= hour <= 12:
            raise ValueError(f"bad 12-hour time in {text!r}")
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    # datetime() itself rejects impossible days/months/hours with ValueError.
    local = datetime(int(parts["year"]), month, int(parts["day"]), hour,
                     int(parts["minute"]), int(parts.get("second") or 0), tzinfo=zone)
    return local.astimezone(dt_timezone.utc)


def _parse_yes_no(text: str | None) -> bool | None:
    text = _clean(text)
    if text is None:
        return None
    lowered = text.lower()
    if lowered in ("yes", "y", "true", "1"):
        return True
    if lowered in ("no", "n", "false", "0"):
        return False
    raise ValueError(f"expected Yes or No, got {text!r}")


def _parse_minutes(text: str | None) -> int | None:
    text = _clean(text)
    if text is None:
        return None
    minutes = float(text.replace(",", ""))  # ValueError for non-numbers
    if minutes < 0:
        raise ValueError(f"negative duration {text!r}")
    return int(round(minutes))


# --------------------------------------------------------------------------- #
# The parser
# --------------------------------------------------------------------------- #


def _decode(data: bytes | str, problems: list[str]) -> str:
    if isinstance(data, str):
        return data.lstrip("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Someone re-saved the export in a legacy encoding (Excel does this).
        problems.append("file is not valid UTF-8; decoded as Windows-1252, some letters may be wrong")
        return data.decode("cp1252", errors="replace")


def _is_blank(cells: list[str]) -> bool:
    return all(not cell.strip() for cell in cells)


def _section_title(cells: list[str]) -> str | None:
    """Return the lowercased title if this row is a section heading like ``Attendee Details``."""
    filled = [cell.strip() for cell in cells if cell.strip()]
    if len(filled) == 1 and filled[0].lower().rstrip(":") in _SECTION_TITLES:
        return filled[0].lower().rstrip(":")
    return None


def _map_header(header: list[str]) -> tuple[dict[str, int], dict[int, str]]:
    """Return (canonical field -> column index, unknown column index -> header name)."""
    lowered = [cell.strip().lower() for cell in header]
    known: dict[str, int] = {}
    for field_name, aliases in _COLUMN_ALIASES.items():
        for alias in aliases:
            if alias in lowered:
                known[field_name] = lowered.index(alias)
                break
    used = set(known.values())
    unknown = {index: header[index].strip() for index in range(len(header))
               if index not in used and header[index].strip()}
    return known, unknown


def _summary_value(header: list[str], values: list[str], column: str) -> str | None:
    """Value under ``column`` (lowercased name) in the summary, or None."""
    if column not in header:
        return None
    index = header.index(column)
    return _clean(values[index]) if index < len(values) else None


def _read_summary(table: list[tuple[int, list[str]]], report: AttendeeReport, zone: tzinfo) -> None:
    """Fill webinar id, topic and start time from the summary header+row, if present."""
    for position, (_, cells) in enumerate(table):
        header = [cell.strip().lower() for cell in cells]
        if "webinar id" not in header and "meeting id" not in header:
            continue
        values = next((row for _, row in table[position + 1:] if not _is_blank(row)), None)
        if values is None:
            report.problems.append("webinar summary header has no values row")
            return
        report.topic = _summary_value(header, values, "topic")
        raw_id = _summary_value(header, values, "webinar id") or _summary_value(header, values, "meeting id")
        if raw_id:
            try:
                report.webinar_id = normalise_webinar_id(raw_id)
            except ValueError:
                report.problems.append(f"webinar summary: unreadable Webinar ID {raw_id!r}")
        try:
            report.actual_start_time = parse_report_datetime(
                _summary_value(header, values, "actual start time"), zone)
        except ValueError as exc:
            report.problems.append(f"webinar summary: unreadable Actual Start Time ({exc})")
        return


def _read_attendee_row(line_number: int, cells: list[str], columns: dict[str, int],
                       extra_columns: dict[int, str], zone: tzinfo,
                       problems: list[str]) -> AttendeeRow | None:
    """Turn one attendee line into an AttendeeRow; unreadable fields become None + a problem."""

    def cell(field_name: str) -> str | None:
        index = columns.get(field_name)
        return cells[index] if index is not None and index < len(cells) else None

    def read(field_name: str, parser, label: str):
        try:
            return parser(cell(field_name))
        except ValueError as exc:
            problems.append(f"line {line_number}: unreadable {label} ({exc}); left empty")
            return None

    email = _clean(cell("email"))
    if email is not None:
        email = email.lower()
        if "@" not in email:
            problems.append(f"line {line_number}: {email!r} is not an email address; left empty")
            email = None
    name = _clean(cell("name"))
    first_name = _clean(cell("first_name"))
    last_name = _clean(cell("last_name"))
    if not (email or name or first_name or last_name):
        problems.append(f"line {line_number}: no email or name, row skipped")
        return None

    def read_time(value: str | None) -> datetime | None:
        return parse_report_datetime(value, zone)

    join_time = read("join_time", read_time, "Join Time")
    attended = read("attended", _parse_yes_no, "Attended")
    if attended is None:
        attended = join_time is not None  # no usable Attended column: infer from a join
    extra = {header: cells[index].strip() for index, header in extra_columns.items()
             if index < len(cells) and _clean(cells[index]) is not None}
    return AttendeeRow(
        attended=attended,
        name=name,
        first_name=first_name,
        last_name=last_name,
        email=email,
        registration_time=read("registration_time", read_time, "Registration Time"),
        join_time=join_time,
        leave_time=read("leave_time", read_time, "Leave Time"),
        minutes=read("minutes", _parse_minutes, "Time in Session"),
        is_guest=read("is_guest", _parse_yes_no, "Is Guest"),
        country=_clean(cell("country")),
        approval_status=_clean(cell("approval_status")),
        phone=_clean(cell("phone")),
        line_number=line_number,
        extra=extra,
    )


def parse_attendee_report(data: bytes | str, timezone: str | tzinfo | None = "UTC") -> AttendeeReport:
    """Parse a Zoom portal attendee report CSV.

    ``timezone`` is the Zoom account's time zone (an IANA name or a tzinfo),
    in which the portal writes its dates; results are converted to UTC.
    Rows that cannot be read are reported in ``problems`` rather than raising.
    Raises ``ReportFormatError`` only if there is no "Attendee Details" section,
    and ``ValueError`` for an unknown time zone name.
    """
    zone = _resolve_timezone(timezone)
    problems: list[str] = []
    text = _decode(data, problems)

    # csv handles quoted commas and quoted line breaks; NUL bytes would make it
    # raise, so they are dropped first.
    if "\x00" in text:
        problems.append("file contains NUL bytes; they were ignored")
        text = text.replace("\x00", "")
    table: list[tuple[int, list[str]]] = []
    reader = csv.reader(io.StringIO(text, newline=""))
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(f"line {reader.line_num}: CSV error ({exc}); rest of file ignored")
            break
        table.append((reader.line_num, cells))

    attendee_start = next((position for position, (_, cells) in enumerate(table)
                           if _section_title(cells) == ATTENDEE_SECTION_TITLE), None)
    if attendee_start is None:
        raise ReportFormatError(
            "not a Zoom attendee report: no 'Attendee Details' section found "
            "(export it from Reports > Usage Reports > Attendee report)")

    report = AttendeeReport(webinar_id=None, topic=None, rows=[], problems=problems)
    _read_summary(table[:attendee_start], report, zone)

    section = table[attendee_start + 1:]
    header_position = next((position for position, (_, cells) in enumerate(section)
                            if not _is_blank(cells)), None)
    if header_position is None:
        problems.append("'Attendee Details' section is empty")
        return report
    header_line, header = section[header_position]
    columns, extra_columns = _map_header(header)
    if "email" not in columns and "name" not in columns:
        problems.append(f"line {header_line}: attendee header has neither Email nor User Name column; "
                        "no attendees read")
        return report

    for line_number, cells in section[header_position + 1:]:
        if _is_blank(cells):
            continue
        if _section_title(cells):
            break  # a later section (e.g. "Other Attended") starts here
        if len(cells) == 1:
            problems.append(f"line {line_number}: single value {cells[0].strip()[:60]!r} "
                            "is not an attendee row; skipped")
            continue
        row = _read_attendee_row(line_number, cells, columns, extra_columns, zone, problems)
        if row is not None:
            report.rows.append(row)
    return report
