"""Checking what organisers type for an event (console forms, the API, the demo): each
cleaner returns the stored value or raises ``ValueError`` with a message in the current
language. Used by :mod:`eventhub.events.operations` only."""
from __future__ import annotations

import datetime as dt
import re

import pytz
from flask_babel import gettext as _

from eventhub.i18n import LANGUAGES, ngettext

#: Lowercase letters, digits and single hyphens between them: "safe-cyberspace-2022".
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_MAX = 80
#: Longest text kept per language (titles are short; a concept note can be long).
TEXT_LIMITS = {"organiser": 200, "title": 300, "subtitle": 500, "summary": 20_000,
               "format_note": 5_000, "concept_note": 100_000}
OBJECTIVE_LIMIT = 2_000
LABEL_LIMIT = 80
MAX_OBJECTIVES = 20


def clean_slug(value) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(_("Enter the event's web address name, for example safe-cyberspace-2027."))
    text = value.strip()
    if len(text) > SLUG_MAX or len(text) < 3 or not SLUG.match(text):
        raise ValueError(_("Use 3 to 80 lowercase letters (a–z), digits and hyphens, for example "
                           "safe-cyberspace-2027."))
    return text


def clean_timezone(value) -> str:
    if not isinstance(value, str) or value.strip() not in pytz.all_timezones_set:
        raise ValueError(_("Choose a time zone from the list, for example Europe/Zurich."))
    return value.strip()


def clean_texts(value, limit: int = 20_000) -> dict:
    """{"en": ..., "fr": ...}: known languages only, text values, empty ones dropped."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ValueError(_("Give the text for each language: English, French, Spanish and Arabic."))
    unknown = [key for key in value if key not in LANGUAGES]
    if unknown:
        raise ValueError(_("Texts can be given only in English, French, Spanish and Arabic."))
    cleaned = {}
    for code in LANGUAGES:
        text = value.get(code)
        if text is None:
            continue
        if not isinstance(text, str):
            raise ValueError(_("Give the text for each language: English, French, Spanish and Arabic."))
        text = text.replace("\r\n", "\n").replace("\x00", "").strip()
        if len(text) > limit:
            raise ValueError(ngettext("Shorten the text to at most %(num)s character.",
                                      "Shorten the text to at most %(num)s characters.", limit))
        if text:
            cleaned[code] = text
    return cleaned


def text_cleaner(field: str):
    limit = TEXT_LIMITS[field]
    return lambda value: clean_texts(value, limit)


def clean_title(value) -> dict:
    cleaned = clean_texts(value, TEXT_LIMITS["title"])
    if not cleaned:
        raise ValueError(_("Enter the title in at least one language."))
    return cleaned


def clean_objectives(value) -> list[dict]:
    """An ordered list of {"text": {...}, "short_label": {...}} (or bare texts)."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise ValueError(_("List the objectives in order."))
    if len(value) > MAX_OBJECTIVES:
        raise ValueError(ngettext("An event can have at most %(num)s objective.",
                                  "An event can have at most %(num)s objectives.", MAX_OBJECTIVES))
    result = []
    for item in value:
        if isinstance(item, dict) and ("text" in item or "short_label" in item):
            text, label = item.get("text"), item.get("short_label")
        else:
            text, label = item, None
        text = clean_texts(text, OBJECTIVE_LIMIT)
        label = clean_texts(label, LABEL_LIMIT)
        if not text:
            raise ValueError(_("Each objective needs its text in at least one language."))
        result.append({"text": text, "short_label": label})
    return result


def clean_email(value) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        return ""
    if not isinstance(value, str):
        raise ValueError(_("Enter an email address, for example privacy@example.org."))
    from email_validator import EmailNotValidError, validate_email  # its regexes: not at start-up

    try:
        return validate_email(value.strip(), check_deliverability=False).normalized
    except EmailNotValidError:
        raise ValueError(_("Enter an email address, for example privacy@example.org.")) from None


def parse_instant(value) -> dt.datetime | None:
    """An aware instant (datetime or ISO 8601 text with an offset or Z); None for empty."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            raise ValueError(_("Enter a date and time such as 2027-12-06T07:00:00Z.")) from None
    if not isinstance(value, dt.datetime):
        raise ValueError(_("Enter a date and time."))
    if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
        raise ValueError(_("Enter the date and time with its time zone."))
    return value.astimezone(dt.timezone.utc)


def clean_bool(value) -> bool:
    if not isinstance(value, bool):
        raise ValueError(_("Answer true or false."))
    return value


def clean_status(value) -> str:
    if value == "ended":
        raise ValueError(_("An event ends by itself after its last session; choose draft or published."))
    if value not in ("draft", "published"):
        raise ValueError(_("The status must be draft or published."))
    return value


# --- Local wall-clock times in the reference zone ---------------------------------------------

LOCAL_FORMATS = ("%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S")


def parse_local(value) -> dt.datetime:
    """"2027-12-06T07:00" (or a naive datetime) -> naive datetime."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            raise ValueError(_("Enter the local date and time without a time zone."))
        return value
    if isinstance(value, str):
        for pattern in LOCAL_FORMATS:
            try:
                return dt.datetime.strptime(value.strip(), pattern)
            except ValueError:
                continue
    raise ValueError(_("Enter the local date and time as YYYY-MM-DD HH:MM."))


def local_to_utc(local: dt.datetime, zone_name: str) -> dt.datetime:
    """A wall-clock time in ``zone_name`` as a UTC instant. A time that the zone skips
    (clocks put forward) or shows twice (clocks put back) is refused, never shifted."""
    from eventhub.i18n import current_language
    from eventhub.timezones import format_wall_clock, zone_text_with_id

    zone = pytz.timezone(zone_name)
    try:
        aware = zone.localize(local.replace(tzinfo=None), is_dst=None)
    except pytz.NonExistentTimeError:
        lang = current_language()
        raise ValueError(_(
            "%(time)s does not exist in %(zone)s: the clocks are put forward at that time. "
            "Choose another time.", time=format_wall_clock(local, lang),
            zone=zone_text_with_id(zone_name, lang))) from None
    except pytz.AmbiguousTimeError:
        lang = current_language()
        raise ValueError(_(
            "%(time)s happens twice in %(zone)s: the clocks are put back at that time. "
            "Choose another time.", time=format_wall_clock(local, lang),
            zone=zone_text_with_id(zone_name, lang))) from None
    return aware.astimezone(dt.timezone.utc)


def utc_to_local(instant: dt.datetime, zone_name: str) -> dt.datetime:
    """The wall-clock time (naive) of ``instant`` in ``zone_name``."""
    return instant.astimezone(pytz.timezone(zone_name)).replace(tzinfo=None)


def local_text(instant: dt.datetime, zone_name: str) -> str:
    return utc_to_local(instant, zone_name).strftime("%Y-%m-%dT%H:%M")
