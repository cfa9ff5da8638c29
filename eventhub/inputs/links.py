"""Signed links and deadline wording shared by pages and emails."""
from __future__ import annotations

import datetime as dt

import pytz
from babel.dates import format_datetime
from flask import current_app, url_for
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from eventhub.timezones import localised_abbreviation

EMAIL_CONFIRMATION_SALT = "inputs-email"
#: How long an email confirmation link works.
EMAIL_CONFIRMATION_MAX_AGE = 48 * 3600


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=EMAIL_CONFIRMATION_SALT)


def email_confirmation_token(event, email: str) -> str:
    return _serializer().dumps({"event": event.id, "email": email})


def read_email_confirmation_token(event, token: str, max_age: int = EMAIL_CONFIRMATION_MAX_AGE) -> str | None:
    """The confirmed email address, or None for a forged, expired or other-event link."""
    try:
        payload = _serializer().loads(token, max_age=max_age)
    except (SignatureExpired, BadSignature):
        return None
    if not isinstance(payload, dict) or payload.get("event") != event.id:
        return None
    email = payload.get("email")
    return email if isinstance(email, str) and email else None


def public_url(endpoint: str, **values) -> str:
    """Absolute link for emails, on the configured public address."""
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    return base + url_for(endpoint, **values)


def deadline_text(event, lang: str) -> str:
    """"6 December 2022 at 07:00 (CET)" in the event's reference zone, or ""."""
    deadline: dt.datetime | None = event.inputs_deadline
    if deadline is None:
        return ""
    zone = pytz.timezone(event.reference_timezone)
    when = format_datetime(deadline, "d MMMM y, HH:mm", tzinfo=zone, locale=lang)
    return f"{when} ({localised_abbreviation(deadline, event.reference_timezone, lang)})"
