"""Reading calendar files back, with icalendar and with an independent reader (vobject)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import icalendar
import vobject

UTC = dt.timezone.utc
#: The demo sessions' instants, from the concept note (07:00-09:00 and 16:30-18:30 CET).
DEMO_INSTANTS = {
    1: (dt.datetime(2022, 12, 6, 6, 0, tzinfo=UTC), dt.datetime(2022, 12, 6, 8, 0, tzinfo=UTC)),
    2: (dt.datetime(2022, 12, 6, 15, 30, tzinfo=UTC), dt.datetime(2022, 12, 6, 17, 30, tzinfo=UTC)),
}
PERSONAL_JOIN_URL = "https://us06web.zoom.us/w/84759841045?tk=personal-secret-token-of-one-person"


@dataclass
class Entry:
    """One VEVENT as both readers saw it."""

    uid: str
    summary: str
    description: str
    location: str
    url: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    sequence: int
    status: str
    conference: str | None
    alarm_trigger: dt.timedelta | None


def _utc(value) -> dt.datetime:
    assert isinstance(value, dt.datetime) and value.tzinfo is not None, f"not an aware instant: {value!r}"
    return value.astimezone(UTC)


def read_with_icalendar(data: bytes) -> tuple[icalendar.Calendar, list[Entry]]:
    calendar = icalendar.Calendar.from_ical(data)
    entries = []
    for event in calendar.walk("VEVENT"):
        alarms = event.walk("VALARM")
        entries.append(Entry(
            uid=str(event["UID"]),
            summary=str(event["SUMMARY"]),
            description=str(event["DESCRIPTION"]),
            location=str(event["LOCATION"]),
            url=str(event["URL"]),
            starts_at=_utc(event.decoded("DTSTART")),
            ends_at=_utc(event.decoded("DTEND")),
            sequence=int(event["SEQUENCE"]),
            status=str(event["STATUS"]),
            conference=str(event["CONFERENCE"]) if "CONFERENCE" in event else None,
            alarm_trigger=alarms[0].decoded("TRIGGER") if alarms else None,
        ))
    return calendar, entries


def read_with_vobject(data: bytes) -> tuple[object, list[Entry]]:
    calendar = vobject.readOne(data.decode("utf-8"))
    entries = []
    for event in getattr(calendar, "vevent_list", []):
        contents = event.contents
        entries.append(Entry(
            uid=event.uid.value,
            summary=event.summary.value,
            description=event.description.value,
            location=event.location.value,
            url=event.url.value,
            starts_at=_utc(event.dtstart.value),
            ends_at=_utc(event.dtend.value),
            sequence=int(event.sequence.value),
            status=event.status.value,
            conference=contents["conference"][0].value if "conference" in contents else None,
            alarm_trigger=event.valarm.trigger.value if "valarm" in contents else None,
        ))
    return calendar, entries


def read_both(data: bytes) -> list[Entry]:
    """Entries read by both libraries; fails when the readers disagree."""
    _, by_icalendar = read_with_icalendar(data)
    _, by_vobject = read_with_vobject(data)
    assert by_icalendar == by_vobject
    return by_icalendar


def calendar_property(data: bytes, name: str) -> str:
    return str(icalendar.Calendar.from_ical(data)[name])
