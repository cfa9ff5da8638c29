"""Add-to-calendar links for Google Calendar, Outlook.com and Office 365.

Neither service documents these links; the shapes below are the ones both have
accepted for years (see docs/notes/issue-3.md). Times are always UTC with a ``Z``:
without it Google reads the times in the viewer's own zone, i.e. at the wrong instant
for almost everyone.
"""
from __future__ import annotations

import datetime as dt
from urllib.parse import quote, urlencode

GOOGLE_URL = "https://calendar.google.com/calendar/render"
OUTLOOK_COM_URL = "https://outlook.live.com/calendar/0/deeplink/compose"
OFFICE_365_URL = "https://outlook.office.com/calendar/0/deeplink/compose"

#: Google cuts or refuses very long links; the description is shortened to stay well below.
MAX_DETAILS_CHARS = 1200


def _utc(instant: dt.datetime) -> dt.datetime:
    if instant.tzinfo is None or instant.tzinfo.utcoffset(instant) is None:
        raise ValueError("calendar links need aware datetimes")
    return instant.astimezone(dt.timezone.utc)


def _query(params: dict[str, str]) -> str:
    # %20 for spaces (not "+", which Outlook shows literally); "/" and ":" are legal in queries.
    return urlencode(params, quote_via=quote, safe="/:")


def _shorten(text: str) -> str:
    if len(text) <= MAX_DETAILS_CHARS:
        return text
    return text[: MAX_DETAILS_CHARS - 1].rstrip() + "…"


def google_calendar_link(title: str, starts_at: dt.datetime, ends_at: dt.datetime,
                         details: str = "", location: str = "") -> str:
    dates = "/".join(_utc(x).strftime("%Y%m%dT%H%M%SZ") for x in (starts_at, ends_at))
    params = {"action": "TEMPLATE", "text": title, "dates": dates,
              "details": _shorten(details), "location": location}
    return f"{GOOGLE_URL}?{_query(params)}"


def _outlook_link(base: str, title: str, starts_at: dt.datetime, ends_at: dt.datetime,
                  details: str, location: str) -> str:
    params = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": title,
        "startdt": _utc(starts_at).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "enddt": _utc(ends_at).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "body": _shorten(details),
        "location": location,
    }
    return f"{base}?{_query(params)}"


def outlook_com_link(title: str, starts_at: dt.datetime, ends_at: dt.datetime,
                     details: str = "", location: str = "") -> str:
    """Outlook.com: personal Microsoft accounts."""
    return _outlook_link(OUTLOOK_COM_URL, title, starts_at, ends_at, details, location)


def office_365_link(title: str, starts_at: dt.datetime, ends_at: dt.datetime,
                    details: str = "", location: str = "") -> str:
    """Outlook on the web for work or school (Microsoft 365) accounts."""
    return _outlook_link(OFFICE_365_URL, title, starts_at, ends_at, details, location)
