"""Zoom integration for eventhub, independent of Flask.

- ``client``: REST client (OAuth, rate limiting, retries, typed errors).
- ``webhooks``: signature verification and URL validation for Zoom webhooks.
- ``report``: parser for the portal's attendee report CSV.
"""

from .client import (
    ZoomAuthError,
    ZoomClient,
    ZoomDailyLimit,
    ZoomError,
    ZoomNotFound,
    ZoomUnavailable,
    ZoomValidationError,
    ZoomWebinarFull,
    normalise_webinar_id,
    zoom_language_for,
)
from .report import AttendeeReport, AttendeeRow, ReportFormatError, parse_attendee_report
from .webhooks import sign, url_validation_response, verify_signature

__all__ = [
    "AttendeeReport",
    "AttendeeRow",
    "ReportFormatError",
    "ZoomAuthError",
    "ZoomClient",
    "ZoomDailyLimit",
    "ZoomError",
    "ZoomNotFound",
    "ZoomUnavailable",
    "ZoomValidationError",
    "ZoomWebinarFull",
    "normalise_webinar_id",
    "parse_attendee_report",
    "sign",
    "url_validation_response",
    "verify_signature",
    "zoom_language_for",
]
