"""Zoom wiring for the app: which mode a session is in, the shared client, and what
other domains show about a person's Zoom registration.

Two modes per session:

* **API mode** when the Server-to-Server OAuth credentials (``ZOOM_ACCOUNT_ID``,
  ``ZOOM_CLIENT_ID``, ``ZOOM_CLIENT_SECRET``) are configured *and* the session has a
  ``zoom_webinar_id``: a job creates each person's Zoom registrant and stores the
  personal join link.
* **Link mode** otherwise: the person registers on Zoom through the webinar's own
  registration link; eventhub records when they opened it (``zoom_link_opened_at``).

Contract for other domains: :func:`zoom_summary` (one dict per session place, used by the
registration API), :func:`session_mode` and :func:`api_configured`.
"""
from __future__ import annotations

import threading

from flask import current_app

from .client import ZoomClient
from .limits import AccountLimiter, store_for

API_MODE = "api"
LINK_MODE = "link"

#: Titles of the registration questions sent with every registrant. Add both as custom
#: questions to the webinar's registration form in Zoom so the answers show there.
LISTENING_LANGUAGE_QUESTION = "Listening language"
INTERPRETATION_CHANNEL_QUESTION = "Interpretation channel"

#: English names for the data sent to Zoom (organisers and interpreters read Zoom in English).
ENGLISH_LANGUAGE_NAMES = {"en": "English", "fr": "French", "es": "Spanish", "ar": "Arabic"}
#: Job title sent to Zoom for each registration role.
ROLE_JOB_TITLES = {"member": "Member of parliament", "staff": "Parliamentary staff", "other": "Other"}
FLOOR_CHANNEL = "Floor (no interpretation)"

_CREDENTIAL_KEYS = ("ZOOM_ACCOUNT_ID", "ZOOM_CLIENT_ID", "ZOOM_CLIENT_SECRET")


def api_configured(config=None) -> bool:
    """True when the Server-to-Server OAuth credentials are all set."""
    config = config if config is not None else current_app.config
    return all(config.get(key) for key in _CREDENTIAL_KEYS)


def session_mode(session) -> str:
    """``"api"`` when this session's registrations go to Zoom through the API, else ``"link"``."""
    return API_MODE if session.zoom_webinar_id and api_configured() else LINK_MODE


# --------------------------------------------------------------------------- client --

_client_lock = threading.Lock()
_client: ZoomClient | None = None
_client_key: tuple | None = None


def _client_settings(config) -> dict:
    timeout = config.get("ZOOM_TIMEOUT") or (5, 20)
    return {
        "account_id": config["ZOOM_ACCOUNT_ID"],
        "client_id": config["ZOOM_CLIENT_ID"],
        "client_secret": config["ZOOM_CLIENT_SECRET"],
        "api_base": config.get("ZOOM_API_BASE") or "https://api.zoom.us/v2",
        "oauth_url": config.get("ZOOM_OAUTH_URL") or "https://zoom.us/oauth/token",
        "max_requests_per_second": float(config.get("ZOOM_MAX_REQUESTS_PER_SECOND") or 25),
        "timeout": (float(timeout[0]), float(timeout[1])),
        "max_retries": int(config.get("ZOOM_MAX_RETRIES", 5)),
        "backoff_base": float(config.get("ZOOM_BACKOFF_BASE", 0.5)),
        "plan": (config.get("ZOOM_ACCOUNT_PLAN") or "pro").strip().lower(),
    }


def get_client() -> ZoomClient:
    """The process's ZoomClient for the current configuration.

    One client per process so that every job thread shares one cached OAuth token and
    one rate limiter (the limit is per account; separate clients would each allow the
    full rate). A configuration change (tests, a new secret) builds a new client.
    Raises ``RuntimeError`` when the credentials are not configured.
    """
    global _client, _client_key
    config = current_app.config
    if not api_configured(config):
        raise RuntimeError("Zoom API credentials are not configured (EVENTHUB_ZOOM_ACCOUNT_ID, ...)")
    settings = _client_settings(config)
    store_place = (config.get("JOBS_IMMEDIATE"), config.get("REDIS_URL"), config.get("JOBS_SQLITE_PATH"),
                   current_app.instance_path)
    key = (tuple(sorted(settings.items())), store_place)
    with _client_lock:
        if _client is None or _client_key != key:
            if _client is not None:
                _client.close()
            # The limits are the account's: every process shares them through the job
            # store (eventhub.zoom.limits), per category, with today's registrant adds.
            limiter = AccountLimiter(store_for(config, current_app.instance_path), settings["account_id"],
                                     plan=settings["plan"], ceiling=settings["max_requests_per_second"])
            _client = ZoomClient(**settings, limiter=limiter)
            _client_key = key
        return _client


def reset_client() -> None:
    """Forget the shared client (tests, after credentials were rotated)."""
    global _client, _client_key
    with _client_lock:
        if _client is not None:
            _client.close()
        _client, _client_key = None, None


# ------------------------------------------------------------------ registrant data --

def normalise_email(email: str | None) -> str:
    """The form emails are compared in: trimmed and case-folded (Zoom ignores case too)."""
    return email.strip().casefold() if isinstance(email, str) else ""


def registrant_id_of(value) -> str | None:
    """A registrant id from a Zoom answer, or None when it is missing or unusable (Zoom's
    registrant ids are strings: WebinarsAddWebinarRegistrantResponse.registrant_id)."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value if 0 < len(value) <= 64 and not any(c.isspace() for c in value) else None


def join_url_of(value) -> str | None:
    """A join link from a Zoom answer (``join_url``: a string URL), or None when unusable."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value if value.startswith("https://") and len(value) <= 500 and " " not in value else None


def listening_language_answer(language: str) -> str:
    return ENGLISH_LANGUAGE_NAMES.get(language, language)


def language_from_answer(answer: str | None) -> str | None:
    """Our code for a "Listening language" answer read back from Zoom, or None."""
    wanted = (answer or "").strip().casefold()
    for code, name in ENGLISH_LANGUAGE_NAMES.items():
        if wanted in (name.casefold(), code):
            return code
    return None


def interpretation_channel_answer(place) -> str:
    if place.listening_language == place.session.floor_language:
        return FLOOR_CHANNEL
    return listening_language_answer(place.listening_language)


def registrant_fields(place) -> dict:
    """Keyword arguments for ``ZoomClient.add_registrant`` for one session place."""
    from .client import zoom_language_for

    registration = place.registration
    first_name = registration.given_name.strip() or registration.family_name.strip()
    return {
        "email": registration.email,
        "first_name": first_name,
        "last_name": registration.family_name.strip() if registration.given_name.strip() else None,
        "org": registration.parliament or None,
        "job_title": ROLE_JOB_TITLES.get(registration.role),
        "country": registration.country or None,
        # Zoom's confirmation pages exist in English, French and Spanish, not Arabic.
        "language": zoom_language_for(registration.language),
        "custom_questions": [
            {"title": LISTENING_LANGUAGE_QUESTION, "value": listening_language_answer(place.listening_language)},
            {"title": INTERPRETATION_CHANNEL_QUESTION, "value": interpretation_channel_answer(place)},
        ],
    }


def answer_of(registrant: dict, title: str) -> str | None:
    """A custom question's answer in a registrant listed by Zoom."""
    for question in registrant.get("custom_questions") or []:
        if (question.get("title") or "").strip().casefold() == title.casefold():
            return question.get("value")
    return None


# ------------------------------------------------------------------------ zoom_error --
# ``SessionRegistration.zoom_error`` holds Zoom's own message. While a sync is still
# going to be retried, the message carries a bracketed marker so pages can say so in
# the reader's language: "[retrying] ..." or "[daily-limit 2026-01-02T00:00:00Z] ...";
# "[form phone, Favourite colour] ..." when eventhub did not send the place because the
# webinar's form requires questions it cannot answer.

RETRYING_MARK = "[retrying]"
DAILY_LIMIT_MARK = "[daily-limit"
FORM_MARK = "[form"
#: A place waiting for a new webinar: Zoom deleted the session's webinar (eventhub.zoom.changes).
WEBINAR_DELETED_MARK = "[webinar-deleted]"


def webinar_deleted_note(webinar_id: str) -> str:
    return f"{WEBINAR_DELETED_MARK} Webinar {webinar_id} was deleted on Zoom; the session needs a new webinar."


def webinar_deleted(session) -> bool:
    """Whether Zoom deleted the session's webinar and the session has no new one yet
    (an open deletion flag): nothing is sent to that webinar then."""
    from eventhub.extensions import db

    from .models import ZoomWebinarChange

    return db.session.execute(
        db.select(ZoomWebinarChange.id).filter_by(session_id=session.id, kind="deleted", resolved_at=None)
    ).first() is not None


def form_note(questions, message: str) -> str:
    names = ", ".join(str(q).replace("]", ")") for q in questions)
    return f"{FORM_MARK} {names}] {message}"[:2000]


def retrying_note(message: str) -> str:
    return f"{RETRYING_MARK} {message}"[:2000]


def daily_limit_note(retry_at, message: str) -> str:
    return f"{DAILY_LIMIT_MARK} {retry_at:%Y-%m-%dT%H:%M:%SZ}] {message}"[:2000]


def parse_zoom_error(text: str | None) -> tuple[str | None, str | None, str | None]:
    """``(kind, detail, message)``: kind is None (no error), "refused" (Zoom said no;
    not retried), "retrying", "daily_limit" (detail: when it resumes, ISO UTC), "form"
    (not sent: detail names the required questions eventhub cannot answer) or
    "webinar_deleted" (waiting for a new webinar)."""
    if not text:
        return None, None, None
    if text.startswith(WEBINAR_DELETED_MARK):
        return "webinar_deleted", None, text[len(WEBINAR_DELETED_MARK):].strip()
    if text.startswith(FORM_MARK):
        names, _, message = text[len(FORM_MARK):].partition("]")
        return "form", names.strip(), message.strip()
    if text.startswith(RETRYING_MARK):
        return "retrying", None, text[len(RETRYING_MARK):].strip()
    if text.startswith(DAILY_LIMIT_MARK):
        stamp, _, message = text[len(DAILY_LIMIT_MARK):].partition("]")
        return "daily_limit", stamp.strip(), message.strip()
    return "refused", None, text


def zoom_summary(session_registration) -> dict:
    """What the registration API shows about one place on Zoom.

    ``{"mode": "api"|"link", "state": "link"|"pending"|"synced"|"failed"|"cancelled",
    "registrant_id": str|None, "join_url": str|None, "error": str|None,
    "waiting_for": "daily_limit"|"retry"|None, "resumes_at": ISO UTC|None}``; ``error``
    is Zoom's message (English, as Zoom wrote it) when the last attempt failed.
    """
    kind, retry_at, message = parse_zoom_error(session_registration.zoom_error)
    waiting = session_registration.zoom_state == "pending"
    return {
        "mode": session_mode(session_registration.session),
        "state": session_registration.zoom_state,
        "registrant_id": session_registration.zoom_registrant_id,
        "join_url": session_registration.zoom_join_url,
        "error": message,
        "waiting_for": {"daily_limit": "daily_limit", "retrying": "retry",
                        "webinar_deleted": "new_webinar"}.get(kind) if waiting else None,
        "resumes_at": retry_at if waiting and kind == "daily_limit" else None,
    }
