"""Verification helpers for Zoom webhooks (no web framework needed).

Zoom signs every event with the app's *secret token*::

    x-zm-request-timestamp: 1711133607
    x-zm-signature: v0=<hex HMAC-SHA256(secret, "v0:" + timestamp + ":" + raw body)>

and, when an endpoint is (re)validated, sends ``endpoint.url_validation`` whose
``plainToken`` must be echoed with its HMAC (see ``url_validation_response``).
The signature covers the *raw* body bytes, so verify before parsing JSON.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import time

SIGNATURE_VERSION = "v0"
#: Events older or newer than this many seconds are refused, so a captured
#: request cannot be replayed later.
DEFAULT_TOLERANCE_SECONDS = 300

URL_VALIDATION_EVENT = "endpoint.url_validation"

# ASCII digits only: \d would also accept e.g. Arabic-Indic digits.
_TIMESTAMP_PATTERN = re.compile(r"[0-9]{1,12}")
_SIGNATURE_PATTERN = re.compile(r"v0=[0-9a-fA-F]{64}")


def _as_bytes(value: bytes | str) -> bytes:
    return value if isinstance(value, bytes) else value.encode("utf-8")


def _hmac_hex(secret: str | bytes, message: bytes) -> str:
    if not secret:
        # An empty secret means the app is misconfigured; fail loudly rather
        # than accept signatures anyone could compute.
        raise ValueError("the Zoom webhook secret token is empty")
    return hmac.new(_as_bytes(secret), message, hashlib.sha256).hexdigest()


def sign(secret: str | bytes, timestamp: int | str, raw_body: bytes | str) -> str:
    """Return the ``x-zm-signature`` value Zoom would send (``v0=<hex>``); used by tests."""
    message = f"{SIGNATURE_VERSION}:{timestamp}:".encode("ascii") + _as_bytes(raw_body)
    return f"{SIGNATURE_VERSION}={_hmac_hex(secret, message)}"


def verify_signature(
    secret: str | bytes,
    timestamp_header: str | None,
    signature_header: str | None,
    raw_body: bytes | str,
    now: float | None = None,
    tolerance: float = DEFAULT_TOLERANCE_SECONDS,
) -> bool:
    """Return True only if the request really comes from Zoom and is fresh.

    ``timestamp_header`` is ``x-zm-request-timestamp`` (Unix seconds) and
    ``signature_header`` is ``x-zm-signature``; ``raw_body`` the exact bytes
    received. Missing or malformed headers, timestamps more than ``tolerance``
    seconds in the past or future (relative to ``now``, default the current
    time) and wrong signatures all give False. The comparison is constant-time.
    Raises ``ValueError`` if ``secret`` is empty (a configuration error).
    """
    if not secret:
        raise ValueError("the Zoom webhook secret token is empty")
    if not isinstance(timestamp_header, str) or not isinstance(signature_header, str):
        return False
    timestamp_text = timestamp_header.strip()
    signature_text = signature_header.strip()
    if not _TIMESTAMP_PATTERN.fullmatch(timestamp_text) or not _SIGNATURE_PATTERN.fullmatch(signature_text):
        return False
    current_time = time.time() if now is None else now
    if abs(current_time - int(timestamp_text)) > tolerance:
        return False
    expected = sign(secret, timestamp_text, raw_body)
    # Hex digits are case-insensitive; Zoom sends lowercase.
    return hmac.compare_digest(expected.encode("ascii"), signature_text.lower().encode("ascii"))


def url_validation_response(secret: str | bytes, plain_token: str) -> dict:
    """Return the JSON body that answers an ``endpoint.url_validation`` event.

    Zoom expects ``{"plainToken": ..., "encryptedToken": hex HMAC-SHA256(secret, plainToken)}``.
    """
    if not isinstance(plain_token, str) or not plain_token:
        raise ValueError("plainToken is missing from the url_validation payload")
    return {
        "plainToken": plain_token,
        "encryptedToken": _hmac_hex(secret, plain_token.encode("utf-8")),
    }
