"""Showing an instant in the event's reference zone and in the visitor's zone."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytz
from babel.dates import format_date, format_skeleton, format_time, get_timezone_name
from flask import g, request

#: Cookie in which the visitor's chosen or detected zone is remembered.
TIMEZONE_COOKIE = "tz"
#: Local hours (start inclusive, end exclusive) we call night-time.
NIGHT_STARTS, NIGHT_ENDS = 22, 6


def is_valid_timezone(name: str | None) -> bool:
    return bool(name) and name in pytz.all_timezones_set


def common_timezones() -> list[str]:
    return list(pytz.common_timezones)


@dataclass
class VisitorZone:
    #: The IANA zone used for local times.
    name: str
    #: Where it came from: "query", "cookie" or "reference".
    source: str
    #: A zone the visitor asked for that we do not know (shown in an error message).
    rejected: str | None = None


def resolve_visitor_zone(reference_zone: str) -> VisitorZone:
    """?tz= first (works without JavaScript), then the cookie the page's script
    sets from the browser, then the event's own zone. Unknown names never fail
    the page: we fall back and say so."""
    asked = request.args.get("tz")
    if asked is not None:
        asked = asked.strip()
        if is_valid_timezone(asked):
            return VisitorZone(asked, "query")
        return VisitorZone(reference_zone, "reference", rejected=asked[:64])
    remembered = request.cookies.get(TIMEZONE_COOKIE)
    if is_valid_timezone(remembered):
        return VisitorZone(remembered, "cookie")
    return VisitorZone(reference_zone, "reference")


def zone_abbreviation(instant: dt.datetime, zone_name: str) -> str:
    """"CET", "CEST", "PST"; an offset like "UTC+08" where the zone has no letters."""
    local = instant.astimezone(pytz.timezone(zone_name))
    abbreviation = local.tzname() or ""
    if abbreviation.isalpha():
        return abbreviation
    offset = local.utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}" + (f":{rest:02d}" if rest else "")


def _is_night(local_start: dt.datetime, local_end: dt.datetime) -> bool:
    """True when any part of the session falls between 22:00 and 06:00 local time."""
    probe = local_start
    step = dt.timedelta(minutes=30)
    while probe < local_end:
        if probe.hour >= NIGHT_STARTS or probe.hour < NIGHT_ENDS:
            return True
        probe = (probe + step).astimezone(probe.tzinfo)
    return False


@dataclass
class SessionTimes:
    """Everything a page needs to say when a session happens."""

    reference_zone: str
    reference_abbreviation: str
    reference_zone_long: str
    reference_date: str
    reference_range: str
    local_zone: str
    local_abbreviation: str
    local_range: str
    #: Local date(s), filled only when they differ from the reference date.
    local_date: str | None
    local_is_reference: bool
    is_night: bool
    starts_at_utc: str
    ends_at_utc: str


def session_times(starts_at: dt.datetime, ends_at: dt.datetime, reference_zone: str,
                  local_zone: str, locale: str) -> SessionTimes:
    reference_tz = pytz.timezone(reference_zone)
    local_tz = pytz.timezone(local_zone)
    ref_start, ref_end = starts_at.astimezone(reference_tz), ends_at.astimezone(reference_tz)
    loc_start, loc_end = starts_at.astimezone(local_tz), ends_at.astimezone(local_tz)

    def time_range(start, end, tz):
        return "–".join(format_time(x, "HH:mm", tzinfo=tz, locale=locale) for x in (start, end))

    local_date = None
    if loc_start.date() != ref_start.date() or loc_end.date() != loc_start.date():
        first = format_skeleton("MMMEd", loc_start, tzinfo=local_tz, locale=locale)
        if loc_end.date() != loc_start.date():
            last = format_skeleton("MMMEd", loc_end, tzinfo=local_tz, locale=locale)
            local_date = f"{first} – {last}"
        else:
            local_date = first
    return SessionTimes(
        reference_zone=reference_zone,
        reference_abbreviation=zone_abbreviation(starts_at, reference_zone),
        reference_zone_long=get_timezone_name(ref_start, width="long", locale=locale),
        reference_date=format_date(ref_start.date(), "full", locale=locale),
        reference_range=time_range(ref_start, ref_end, reference_tz),
        local_zone=local_zone,
        local_abbreviation=zone_abbreviation(starts_at, local_zone),
        local_range=time_range(loc_start, loc_end, local_tz),
        local_date=local_date,
        local_is_reference=local_zone == reference_zone,
        is_night=_is_night(loc_start, loc_end),
        starts_at_utc=iso_utc(starts_at),
        ends_at_utc=iso_utc(ends_at),
    )


def iso_utc(instant: dt.datetime) -> str:
    """ISO 8601 in UTC with a Z, as the API and <time datetime> use."""
    return instant.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def remember_visitor_zone(response, zone: VisitorZone):
    """Keep a zone chosen with ?tz= for the next pages."""
    if zone.source == "query":
        response.set_cookie(TIMEZONE_COOKIE, zone.name, max_age=365 * 24 * 3600, samesite="Lax")
    return response


def set_request_zone(zone: VisitorZone) -> None:
    g.visitor_timezone = zone.name
    g.visitor_zone = zone
