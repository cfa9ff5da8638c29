"""Showing an instant in the event's reference zone and in the visitor's zone."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import functools

import pytz
from babel import Locale
from babel.dates import (
    format_date,
    format_datetime,
    format_skeleton,
    format_time,
    get_timezone_gmt,
    get_timezone_location,
    get_timezone_name,
)
from flask import g, request
from flask_babel import lazy_gettext as _l

#: Cookie in which the visitor's chosen or detected zone is remembered.
TIMEZONE_COOKIE = "tz"
#: Local hours (start inclusive, end exclusive) we call night-time.
NIGHT_STARTS, NIGHT_ENDS = 22, 6


def is_valid_timezone(name: str | None) -> bool:
    return bool(name) and name in pytz.all_timezones_set


def common_timezones() -> list[str]:
    return list(pytz.common_timezones)


#: IANA area -> CLDR region (territory code) or, for the oceans, a catalog string.
_AREAS = {
    "Africa": "002", "America": "019", "Antarctica": "AQ", "Arctic": "AQ", "Asia": "142",
    "Atlantic": _l("Atlantic Ocean"), "Australia": "009", "Europe": "150",
    "Indian": _l("Indian Ocean"), "Pacific": "009",
}


def _sort_key(text: str):
    from eventhub.collation import sort_key

    return sort_key(text)


def zone_city(name: str, lang: str) -> str:
    """The zone's exemplar city in ``lang`` (CLDR): "Manille", "مانيلا"."""
    if name in ("UTC", "Etc/UTC", "GMT"):
        return get_timezone_name(dt.datetime(2000, 1, 1, tzinfo=pytz.utc), width="long", locale=lang)
    return get_timezone_location(pytz.timezone(name), locale=lang, return_city=True)


def zone_display_name(name: str, lang: str) -> str:
    """A zone as people know it, in ``lang``: "Zurich (heure d’Europe centrale)",
    "مانيلا (توقيت الفيلبين)". Never the raw IANA ID (that is for the console's eyes)."""
    if not is_valid_timezone(name):
        return name
    city = zone_city(name, lang)
    if name in ("UTC", "Etc/UTC", "GMT"):
        return city
    generic = get_timezone_name(pytz.timezone(name), width="long", locale=lang)
    if not generic or "(" in generic or generic.startswith(("Unknown", "heure :")):
        return city
    return f"{city} ({generic})"


def zone_region(name: str, lang: str) -> str:
    area = _AREAS.get(name.split("/", 1)[0])
    if area is None:
        return ""
    if isinstance(area, str):
        return Locale.parse(lang).territories.get(area, area)
    return str(area)


def zone_label(name: str, lang: str, at: dt.datetime | None = None) -> str:
    """Option text: the localised name with the current offset, "… (UTC+01:00)"."""
    at = (at or dt.datetime.now(dt.timezone.utc)).astimezone(pytz.timezone(name))
    return f"{zone_display_name(name, lang)} — {get_timezone_gmt(at, locale=lang)}"


def zone_choices(lang: str, extra: str | None = None) -> list[tuple[str, list[tuple[str, str]]]]:
    """(region name, [(IANA ID, label)]) for a <select> with <optgroup>s: regions and the
    zones inside them sorted by their names in ``lang``, UTC first. Aliases ("US/Eastern")
    are left out; ``extra`` (a valid zone someone already has) is kept."""
    hour = dt.datetime.now(dt.timezone.utc).replace(minute=0, second=0, microsecond=0)
    return [(region, list(zones)) for region, zones in _zone_choices(lang, hour)] \
        + _extra_choice(extra, lang)


def zone_select_choices(lang: str, extra: str | None = None, with_id: bool = False,
                        blank: str | None = None) -> list:
    """``zone_choices`` as WTForms choices with <optgroup>s; the console (``with_id``) also
    shows the IANA ID beside each name. The same (shared, never to be changed) list for the
    same arguments within the hour, so that its markup is built once (eventhub.widgets)."""
    hour = dt.datetime.now(dt.timezone.utc).replace(minute=0, second=0, microsecond=0)
    if extra and extra in _listed_zones():
        extra = None  # listed anyway: one cached list serves everyone
    return _zone_select_choices(lang, extra, with_id, str(blank) if blank is not None else None, hour)


@functools.lru_cache(maxsize=64)
def _zone_select_choices(lang, extra, with_id, blank, hour):
    from wtforms.fields.choices import SelectChoice

    from eventhub.widgets import CachedChoices

    choices = CachedChoices([SelectChoice("", blank)] if blank is not None else [])
    for region, zones in zone_choices(lang, extra):
        for value, label in zones:
            choices.append(SelectChoice(value, f"{label} · {value}" if with_id else label,
                                        optgroup=region or None))
    return choices


def _extra_choice(extra, lang):
    if not extra or not is_valid_timezone(extra):
        return []
    if extra in _listed_zones():
        return []
    return [("", [(extra, zone_label(extra, lang))])]


@functools.cache
def _listed_zones() -> frozenset[str]:
    return frozenset(name for name in pytz.common_timezones
                     if name == "UTC" or name.split("/", 1)[0] in _AREAS)


@functools.lru_cache(maxsize=16)
def _zone_choices(lang: str, hour: dt.datetime):
    groups: dict[str, list[tuple[str, str]]] = {}
    for name in sorted(_listed_zones()):
        region = zone_region(name, lang) if name != "UTC" else ""
        groups.setdefault(region, []).append((name, zone_label(name, lang, hour)))
    ordered = sorted(groups.items(), key=lambda item: (item[0] != "", _sort_key(item[0])))
    return tuple((region, tuple(sorted(zones, key=lambda z: _sort_key(z[1]))))
                 for region, zones in ordered)


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


def localised_abbreviation(instant: dt.datetime, zone_name: str, lang: str) -> str:
    """The zone's short name after a time: "CET" in English, French and Spanish (as the
    IPU's documents write it); Arabic has no Latin abbreviation but the metazone's name,
    "بتوقيت وسط أوروبا" as the IPU's Arabic writes it."""
    if lang == "ar":
        generic = get_timezone_name(pytz.timezone(zone_name), width="long", locale="ar")
        if generic and "(" not in generic:
            return "ب" + generic
    return zone_abbreviation(instant, zone_name)


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

    #: IANA IDs (for links, forms and the console), then the names people read.
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
    reference_zone_name: str = ""
    local_zone_name: str = ""


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
        reference_abbreviation=localised_abbreviation(starts_at, reference_zone, locale),
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
        reference_zone_name=zone_display_name(reference_zone, locale),
        local_zone_name=zone_display_name(local_zone, locale),
    )


def format_stamp(instant: dt.datetime, zone_name: str, lang: str) -> str:
    """A moment (history lines): the locale's medium format in English, a 24-hour clock
    in French, Spanish and Arabic (Arabic's medium format would be 12-hour), like every
    other time the product shows."""
    from eventhub.i18n import list_comma

    tz = pytz.timezone(zone_name)
    if lang == "en":
        return format_datetime(instant, "medium", tzinfo=tz, locale=lang)
    local = instant.astimezone(tz)
    return (f"{format_date(local.date(), 'medium', locale=lang)}{list_comma(lang)}"
            f"{format_time(instant, 'HH:mm', tzinfo=tz, locale=lang)}")


def format_moment(instant: dt.datetime, zone_name: str, lang: str, seconds: bool = False) -> str:
    """A date and time in a console table or check, without seconds: « 6 déc. 2022, 07:00 »,
    « 6 dic 2022, 07:00 », « 06‏/12‏/2022، 07:00 », "Dec 6, 2022, 7:00 AM" (Babel, 24-hour
    clock in fr/es/ar like ``format_stamp``), never a hand-built « 2022-12-06 07:00 »."""
    return format_wall_clock(instant.astimezone(pytz.timezone(zone_name)), lang, seconds)


def format_wall_clock(local: dt.datetime, lang: str, seconds: bool = False) -> str:
    """A wall-clock date and time as ``format_moment`` writes it; also for a naive one that a
    zone may skip or repeat: « 28 mars 2027, 02:30 », "Mar 28, 2027, 2:30 AM"."""
    from eventhub.i18n import list_comma

    if lang == "en":
        pattern = "medium" if seconds else "short"
    else:
        pattern = "HH:mm:ss" if seconds else "HH:mm"
    time = format_time(local.time(), pattern, locale=lang)
    return f"{format_date(local.date(), 'medium', locale=lang)}{list_comma(lang)}{time}"


def zone_text_with_id(name: str, lang: str) -> str:
    """Plain text for console messages: « Zurich (heure d’Europe centrale) · Europe/Zurich »
    (the ``zone_name_with_id`` filter without markup)."""
    shown = zone_display_name(name, lang)
    return shown if shown == name else f"{shown} · {name}"


def iso_utc(instant: dt.datetime) -> str:
    """ISO 8601 in UTC with a Z, as the API and <time datetime> use."""
    return instant.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def remember_visitor_zone(response, zone: VisitorZone):
    """Keep a zone chosen with ?tz= for the next pages."""
    if zone.source == "query":
        from flask import current_app

        # Secure whenever the session cookie is (behind TLS), like every cookie we set.
        from eventhub.replayable_cookies import set_replayable_cookie

        # The same for everyone who asks with this ?tz=: a page cache hit writes it again.
        set_replayable_cookie(response, TIMEZONE_COOKIE, zone.name, max_age=365 * 24 * 3600, samesite="Lax",
                              secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")))
    return response


def set_request_zone(zone: VisitorZone) -> None:
    g.visitor_timezone = zone.name
    g.visitor_zone = zone
