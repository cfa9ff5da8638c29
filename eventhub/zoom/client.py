"""A small, defensive client for the parts of Zoom's REST API that eventhub uses.

It authenticates with Server-to-Server OAuth, keeps the request rate under a
configurable limit, retries what is worth retrying (5xx, connection problems,
timeouts, per-second rate limits) with exponential backoff and jitter, and turns
Zoom's ``{"code", "message"}`` error bodies into typed exceptions so callers can
decide what to tell a parliamentarian.

Nothing here depends on Flask; the app wires a ``ZoomClient`` up from its config.
"""

from __future__ import annotations

import logging
import random
import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

if TYPE_CHECKING:
    import requests  # imported where a request is made: ~40 ms of start-up otherwise

from .limits import REGISTRANT_ADDS_PER_DAY, AccountLimiter, MemoryStore, category_of

log = logging.getLogger(__name__)

#: Zoom accepts at most this many registrants in one status-update call.
STATUS_UPDATE_BATCH_SIZE = 30
#: Zoom takes at most this many registrants in one batch registration call.
BATCH_REGISTRANTS_MAX = 30
#: Largest page Zoom serves for registrant and participant listings.
MAX_PAGE_SIZE = 300
#: A cached token is renewed this many seconds before Zoom says it expires,
#: so a request never leaves with a token that dies in flight.
TOKEN_EXPIRY_MARGIN_SECONDS = 60

REGISTRANT_STATUS_ACTIONS = frozenset({"approve", "deny", "cancel"})
REGISTRANT_LIST_STATUSES = frozenset({"approved", "pending", "denied"})

# Zoom error codes the client reacts to.
ERROR_INVALID_ACCESS_TOKEN = 124
ERROR_VALIDATION = 300
ERROR_WEBINAR_NOT_FOUND = 3001
ERROR_WEBINAR_FULL = 3035

# Zoom has no Arabic registration language; Arabic speakers get English pages
# (interpretation into Arabic is handled inside the webinar, not by this field).
_ZOOM_LANGUAGES = {
    "en": "en-US",
    "fr": "fr-FR",
    "es": "es-ES",
    "ar": "en-US",
}
DEFAULT_ZOOM_LANGUAGE = "en-US"

_WEBINAR_ID_SEPARATORS = re.compile(r"[\s\-\u00a0]+")


# --------------------------------------------------------------------------- #
# Exceptions
# --------------------------------------------------------------------------- #


class ZoomError(Exception):
    """Any failure talking to Zoom.

    ``status`` is the HTTP status (``None`` when no answer came back), ``code``
    Zoom's own error code when the body carried one, ``message`` Zoom's text.
    """

    def __init__(self, status: int | None, code: int | None, message: str):
        super().__init__(f"Zoom error (HTTP {status}, code {code}): {message}")
        self.status = status
        self.code = code
        self.message = message


class ZoomValidationError(ZoomError):
    """Zoom refused the request as invalid (4xx); retrying will not help."""


class ZoomNotFound(ZoomError):
    """The webinar (or other resource) does not exist (HTTP 404 / code 3001)."""


class ZoomWebinarFull(ZoomValidationError):
    """The webinar has reached its registration capacity (code 3035)."""


class ZoomAuthError(ZoomError):
    """The OAuth credentials were refused, or a fresh token was refused too."""


class ZoomDailyLimit(ZoomError):
    """Zoom's daily quota is used up; nothing will succeed before ``retry_at``.

    ``retry_at`` is the next 00:00 UTC (GMT), when Zoom resets daily limits.
    ``per_registrant`` is set for the limit on adding one registrant to one webinar
    (3 a day): other registrants can still be added. ``sent`` is False when eventhub
    itself held the request back (its own count of today's adds reached Zoom's limit).
    """

    def __init__(self, status: int | None, code: int | None, message: str, retry_at: datetime,
                 *, per_registrant: bool = False, sent: bool = True):
        super().__init__(status, code, message)
        self.retry_at = retry_at
        self.per_registrant = per_registrant
        self.sent = sent


class ZoomUnavailable(ZoomError):
    """Zoom kept failing transiently (5xx, 429 QPS, timeouts) until retries ran out."""


# --------------------------------------------------------------------------- #
# Small helpers
# --------------------------------------------------------------------------- #


def normalise_webinar_id(text: str | int) -> str:
    """Return a webinar id as bare digits: ``"847 5984 1045"`` -> ``"84759841045"``.

    Spaces, dashes and non-breaking spaces (as pasted from Zoom's portal or
    invitations) are removed. Raises ``ValueError`` unless 9 to 12 digits remain.
    """
    if isinstance(text, bool):  # bool is an int subclass; never a webinar id
        raise ValueError(f"not a Zoom webinar id: {text!r}")
    digits = _WEBINAR_ID_SEPARATORS.sub("", str(text).strip())
    if not (digits.isascii() and digits.isdecimal() and 9 <= len(digits) <= 12):
        raise ValueError(f"not a Zoom webinar id (expected 9-12 digits): {text!r}")
    return digits


def zoom_language_for(lang: str | None) -> str:
    """Map an eventhub language code (``en``, ``fr``, ``es``, ``ar``) to Zoom's.

    Region suffixes are ignored (``fr_CA`` -> ``fr-FR``). Arabic, unknown and
    empty languages fall back to ``en-US`` because Zoom has no Arabic pages.
    """
    if not lang:
        return DEFAULT_ZOOM_LANGUAGE
    primary = re.split(r"[-_]", lang.strip().lower(), maxsplit=1)[0]
    return _ZOOM_LANGUAGES.get(primary, DEFAULT_ZOOM_LANGUAGE)


def next_utc_midnight(now: datetime) -> datetime:
    """Return the first 00:00 UTC strictly after ``now`` (an aware datetime)."""
    now_utc = now.astimezone(timezone.utc)
    return datetime(now_utc.year, now_utc.month, now_utc.day, tzinfo=timezone.utc) + timedelta(days=1)


def utc_now() -> datetime:
    """The wall clock the client reads for daily limits (tests replace it)."""
    return datetime.now(timezone.utc)


def encode_webinar_uuid(uuid: str) -> str:
    """A past webinar instance's UUID as a path segment.

    Zoom: "If the UUID begins with a '/' or contains '//', you must double-encode the
    UUID before making an API request" (Past webinar details / participants report,
    https://developers.zoom.us/docs/api/meetings/#tag/webinars/GET/past_webinars/{webinarId}).
    Other UUIDs are encoded once (``=`` and ``+`` are common in them).
    """
    once = quote(uuid, safe="")
    if uuid.startswith("/") or "//" in uuid:
        return quote(once, safe="")
    return once


_TOKEN_EPSILON = 1e-9


class TokenBucket:
    """Thread-safe token bucket: at most ``rate`` acquisitions per second on average.

    ``burst`` is how many acquisitions may happen back to back after a quiet
    spell. The default of 1 spaces requests evenly, which keeps every
    one-second window at or under ``rate`` (plus one), the way Zoom counts QPS.
    ``clock`` and ``sleep`` are injectable so tests need not wait.
    """

    def __init__(
        self,
        rate: float,
        burst: float = 1.0,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ):
        if rate <= 0:
            raise ValueError("rate must be positive")
        if burst < 1:
            raise ValueError("burst must be at least 1")
        self.rate = float(rate)
        self.burst = float(burst)
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._tokens = self.burst
        self._updated_at = clock()

    def acquire(self) -> float:
        """Take one token, sleeping until one is available; return seconds waited."""
        waited = 0.0
        while True:
            with self._lock:
                now = self._clock()
                elapsed = max(0.0, now - self._updated_at)
                self._tokens = min(self.burst, self._tokens + elapsed * self.rate)
                self._updated_at = now
                # The epsilon absorbs float rounding: without it a bucket at
                # 0.9999999999 asks for a sleep too small to move the clock.
                if self._tokens >= 1.0 - _TOKEN_EPSILON:
                    self._tokens = max(0.0, self._tokens - 1.0)
                    return waited
                shortfall_seconds = (1.0 - self._tokens) / self.rate
            # Sleep outside the lock so other threads can refill/compute too.
            self._sleep(shortfall_seconds)
            waited += shortfall_seconds


# --------------------------------------------------------------------------- #
# The client
# --------------------------------------------------------------------------- #


class _RetryableFailure(Exception):
    """Internal: one attempt failed in a way worth retrying."""

    def __init__(self, reason: str, status: int | None = None, code: int | None = None,
                 retry_after: float | None = None):
        super().__init__(reason)
        self.reason = reason
        self.status = status
        self.code = code
        self.retry_after = retry_after


class ZoomClient:
    """Client for Zoom's webinar registration API (Server-to-Server OAuth).

    One instance is safe to share between threads: it holds one
    ``requests.Session``, one cached token and one rate limiter.

    ``timeout`` is ``(connect, read)`` seconds. ``max_retries`` counts retries
    after the first attempt for transient failures. ``sleep`` and ``clock``
    (monotonic seconds) are injectable for tests; ``utcnow`` likewise supplies
    the wall-clock time used to compute ``ZoomDailyLimit.retry_at``.
    """

    def __init__(
        self,
        account_id: str,
        client_id: str,
        client_secret: str,
        api_base: str = "https://api.zoom.us/v2",
        oauth_url: str = "https://zoom.us/oauth/token",
        max_requests_per_second: float = 25.0,
        timeout: tuple[float, float] = (5, 20),
        max_retries: int = 5,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        *,
        backoff_base: float = 0.5,
        backoff_max: float = 30.0,
        max_retry_after: float = 60.0,
        utcnow: Callable[[], datetime] | None = None,
        session: requests.Session | None = None,
        limiter: "AccountLimiter | None" = None,
        plan: str = "pro",
    ):
        if not (account_id and client_id and client_secret):
            raise ValueError("account_id, client_id and client_secret are all required")
        self.account_id = account_id
        self.client_id = client_id
        self._client_secret = client_secret
        self.api_base = api_base.rstrip("/")
        self.oauth_url = oauth_url
        self.timeout = timeout
        self.max_retries = max_retries
        self.backoff_base = backoff_base
        self.backoff_max = backoff_max
        # A Retry-After longer than this is not waited out inside a request: a
        # web or job worker should not block for minutes; the caller reschedules.
        self.max_retry_after = max_retry_after
        self._sleep = sleep
        self._clock = clock
        self._utcnow = utcnow or (lambda: utc_now())
        if session is None:
            import requests

            session = requests.Session()
        self._session = session
        # Per account and per category (eventhub.zoom.limits). Without a shared store
        # (the app passes one) the limits are kept in this process only.
        self._limiter = limiter or AccountLimiter(MemoryStore(), account_id, plan=plan,
                                                  ceiling=max_requests_per_second, clock=clock, sleep=sleep)
        self._token_lock = threading.Lock()
        self._access_token: str | None = None
        self._token_valid_until = 0.0  # in ``clock`` seconds
        self._random = random.Random()

    # ----------------------------------------------------------------- auth --

    def _get_token(self) -> str:
        """Return a cached access token, fetching a new one when close to expiry."""
        with self._token_lock:
            if self._access_token and self._clock() < self._token_valid_until:
                return self._access_token
            return self._fetch_token_locked()

    def _invalidate_token(self, rejected_token: str) -> None:
        """Forget ``rejected_token`` unless another thread has already replaced it."""
        with self._token_lock:
            if self._access_token == rejected_token:
                self._access_token = None
                self._token_valid_until = 0.0

    def _fetch_token_locked(self) -> str:
        """POST to the OAuth endpoint (with retries); caller holds ``_token_lock``."""

        def attempt() -> requests.Response:
            response = self._send(
                "POST",
                self.oauth_url,
                data={"grant_type": "account_credentials", "account_id": self.account_id},
                auth=(self.client_id, self._client_secret),
            )
            if response.status_code >= 500 or response.status_code == 429:
                raise _RetryableFailure(
                    f"OAuth endpoint answered HTTP {response.status_code}",
                    status=response.status_code,
                    retry_after=_retry_after_seconds(response),
                )
            return response

        response = self._with_retries(attempt, "POST", self.oauth_url)
        body = _json_or_empty(response)
        if response.status_code != 200 or not body.get("access_token"):
            code, message = _error_details(body, response)
            raise ZoomAuthError(response.status_code, code, f"OAuth token request refused: {message}")
        expires_in = float(body.get("expires_in") or 3600)
        self._access_token = body["access_token"]
        # Never cache for a negative span, even if Zoom hands out a very short token.
        self._token_valid_until = self._clock() + max(0.0, expires_in - TOKEN_EXPIRY_MARGIN_SECONDS)
        log.debug("fetched Zoom access token valid for %ss", expires_in)
        return self._access_token

    # ------------------------------------------------------------ transport --

    def _send(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        """Send one HTTP request, converting transport failures to ``_RetryableFailure``."""
        import requests

        try:
            return self._session.request(method, url, timeout=self.timeout, **kwargs)
        except requests.Timeout as exc:
            raise _RetryableFailure(f"timed out: {exc}") from exc
        except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError) as exc:
            raise _RetryableFailure(f"connection failed: {exc}") from exc

    def _backoff_seconds(self, retry_number: int) -> float:
        """Exponential backoff with 'equal jitter' (half fixed, half random)."""
        ceiling = min(self.backoff_max, self.backoff_base * (2 ** retry_number))
        return ceiling / 2 + self._random.uniform(0, ceiling / 2)

    def _with_retries(self, attempt: Callable[[], requests.Response], method: str, url: str) -> requests.Response:
        """Run ``attempt`` until it returns, retrying ``_RetryableFailure`` with backoff."""
        retry_number = 0
        while True:
            try:
                return attempt()
            except _RetryableFailure as failure:
                if retry_number >= self.max_retries:
                    raise ZoomUnavailable(
                        failure.status, failure.code,
                        f"{method} {url} still failing after {retry_number + 1} attempts: {failure.reason}",
                    ) from failure
                if failure.retry_after is not None:
                    if failure.retry_after > self.max_retry_after:
                        raise ZoomUnavailable(
                            failure.status, failure.code,
                            f"{method} {url}: Zoom asked to retry after {failure.retry_after:.0f}s, "
                            f"longer than the {self.max_retry_after:.0f}s this client waits",
                        ) from failure
                    delay = failure.retry_after
                else:
                    delay = self._backoff_seconds(retry_number)
                log.info("Zoom %s %s failed (%s); retry %d in %.2fs",
                         method, url, failure.reason, retry_number + 1, delay)
                self._sleep(delay)
                retry_number += 1

    def _request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
    ) -> requests.Response:
        """Call the API with auth, rate limiting, retries and error mapping.

        Returns the successful (2xx) response or raises a ``ZoomError`` subclass.
        """
        url = f"{self.api_base}{path}"
        category = category_of(method, path.split("?", 1)[0])
        token_renewed = False
        while True:
            token = self._get_token()

            def attempt(token: str = token) -> requests.Response:
                self._limiter.acquire(category)
                response = self._send(
                    method, url, params=params, json=json,
                    headers={"Authorization": f"Bearer {token}"},
                )
                self._limiter.observe(category, response.headers, self._utcnow())
                if response.status_code >= 500:
                    code, message = _error_details(_json_or_empty(response), response)
                    raise _RetryableFailure(f"HTTP {response.status_code}: {message}",
                                            status=response.status_code, code=code)
                if response.status_code == 429 and not _is_daily_limit(response):
                    code, message = _error_details(_json_or_empty(response), response)
                    retry_after = _retry_after_seconds(response)
                    if retry_after is not None and retry_after <= self.max_retry_after:
                        # Every process waits, not only this one (Retry-After is per account).
                        self._limiter.block(category, retry_after)
                    raise _RetryableFailure(
                        f"rate limited ({response.headers.get('X-RateLimit-Type') or 'no type'}): {message}",
                        status=429, code=code, retry_after=retry_after,
                    )
                return response

            response = self._with_retries(attempt, method, url)
            if response.status_code < 300:
                return response

            code, message = _error_details(_json_or_empty(response), response)
            if response.status_code == 401 or code == ERROR_INVALID_ACCESS_TOKEN:
                # Tokens can be revoked or expire early; one fresh token is worth
                # a try, a second refusal means the credentials are the problem.
                if not token_renewed:
                    token_renewed = True
                    self._invalidate_token(token)
                    continue
                raise ZoomAuthError(response.status_code, code, message)
            raise self._error_for(response.status_code, code, message)

    def _error_for(self, status: int, code: int | None, message: str) -> ZoomError:
        """Pick the exception class for a non-retryable error answer."""
        if status == 429:  # only the daily limit reaches here
            return ZoomDailyLimit(status, code, message, retry_at=next_utc_midnight(self._utcnow()),
                                  per_registrant="registrant" in message.lower())
        if status == 404 or code == ERROR_WEBINAR_NOT_FOUND:
            return ZoomNotFound(status, code, message)
        if code == ERROR_WEBINAR_FULL:
            return ZoomWebinarFull(status, code, message)
        if 400 <= status < 500:
            return ZoomValidationError(status, code, message)
        return ZoomError(status, code, message)

    def _paginate(self, path: str, items_key: str, params: Mapping[str, Any]) -> Iterator[dict]:
        """Yield every item of a ``next_page_token``-paginated listing."""
        page_params = dict(params)
        page_params["page_size"] = MAX_PAGE_SIZE
        seen_tokens: set[str] = set()
        while True:
            response = self._request("GET", path, params=page_params)
            body = _json_or_empty(response)
            items = body.get(items_key)
            if items is None and "next_page_token" not in body and "total_records" not in body:
                # An HTML page or truncated JSON with a 200: not Zoom's listing.
                raise ZoomError(response.status_code, None,
                                f"Zoom's answer to GET {path} is not a listing of {items_key}")
            if not isinstance(items or [], list):
                raise ZoomError(response.status_code, None, f"Zoom's {items_key} in GET {path} is not a list")
            yield from (item for item in items or [] if isinstance(item, Mapping))
            next_token = body.get("next_page_token") or ""
            if not isinstance(next_token, str):
                return
            # A token Zoom already gave us would loop forever; stop instead.
            if not next_token or next_token in seen_tokens:
                return
            seen_tokens.add(next_token)
            page_params["next_page_token"] = next_token

    # ---------------------------------------------------------- public API --

    def add_registrant(
        self,
        webinar_id: str | int,
        *,
        email: str,
        first_name: str,
        last_name: str | None = None,
        org: str | None = None,
        job_title: str | None = None,
        country: str | None = None,
        language: str | None = None,
        custom_questions: Iterable[Mapping[str, str]] | Mapping[str, str] | None = None,
    ) -> dict:
        """Register someone for a webinar and return Zoom's answer.

        The answer holds ``registrant_id``, ``join_url``, ``topic`` and
        ``start_time`` (Zoom's ``id`` there is the *webinar* id). ``country`` is
        an ISO 3166 alpha-2 code; ``language`` a Zoom language such as ``fr-FR``
        (see ``zoom_language_for``). ``custom_questions`` is a list of
        ``{"title", "value"}`` or a ``{title: value}`` mapping.

        Registering an email twice is safe: Zoom normally answers with the
        existing registrant; where an account answers with an "already
        registered" error instead, the existing registrant is looked up and
        returned with ``"already_registered": True``. Note Zoom caps adding the
        same person to the same webinar at 3 times a day.
        """
        webinar_id = normalise_webinar_id(webinar_id)
        email = (email or "").strip()
        first_name = (first_name or "").strip()
        if not email or "@" not in email:
            raise ValueError(f"a valid email is required, got {email!r}")
        if not first_name:
            raise ValueError("first_name is required")
        body: dict[str, Any] = {"email": email, "first_name": first_name}
        optional_fields = {
            "last_name": last_name, "org": org, "job_title": job_title,
            "country": country.strip().upper() if country else None,
            "language": language,
        }
        body.update({key: value for key, value in optional_fields.items() if value})
        if custom_questions:
            if isinstance(custom_questions, Mapping):
                custom_questions = [{"title": title, "value": value} for title, value in custom_questions.items()]
            body["custom_questions"] = [
                {"title": str(question["title"]), "value": str(question.get("value") or "")}
                for question in custom_questions
            ]
        now = self._utcnow()
        if self._limiter.registrant_adds(webinar_id, email, now) >= REGISTRANT_ADDS_PER_DAY:
            # Zoom would refuse it (3 adds of one registrant per webinar per GMT day):
            # the request does not leave, and the caller parks it like Zoom's own 429.
            raise ZoomDailyLimit(
                None, 429, f"eventhub already sent {REGISTRANT_ADDS_PER_DAY} requests to add this registrant "
                f"to webinar {webinar_id} today, Zoom's daily limit; the next is sent after GMT 00:00:00.",
                retry_at=next_utc_midnight(now), per_registrant=True, sent=False)
        self._limiter.count_registrant_add(webinar_id, email, now)
        try:
            return _json_or_empty(self._request("POST", f"/webinars/{webinar_id}/registrants", json=body))
        except ZoomDailyLimit as error:
            if error.per_registrant:  # every process now knows this registrant's day is spent
                self._limiter.spend_registrant_adds(webinar_id, email, now)
            raise
        except ZoomValidationError as error:
            if isinstance(error, ZoomWebinarFull) or "already" not in error.message.lower():
                raise
            existing = self.find_registrant_by_email(webinar_id, email)
            if existing is None:
                raise
            return {
                "registrant_id": existing.get("id"),
                "join_url": existing.get("join_url"),
                "status": existing.get("status"),
                "email": existing.get("email"),
                "already_registered": True,
            }

    def batch_add_registrants(self, webinar_id: str | int, registrants: Iterable[Mapping[str, str]], *,
                              auto_approve: bool = True) -> list[dict]:
        """Register up to 30 people in one call: ``POST /webinars/{id}/batch_registrants``
        (WebinarsPerformBatchRegistrationRequestBody: ``auto_approve`` and ``registrants``
        of ``email``, ``first_name``, ``last_name``; the answer lists ``registrant_id``,
        ``email`` and ``join_url`` of those Zoom registered). Only name and email travel:
        custom questions are not part of the batch call.

        People whose 3 adds of the day are spent are not sent. Returns Zoom's entries;
        whoever is missing from them was refused and can be added one by one.
        """
        webinar_id = normalise_webinar_id(webinar_id)
        entries = []
        for registrant in registrants:
            email = (registrant.get("email") or "").strip()
            first_name = (registrant.get("first_name") or "").strip()
            if not email or "@" not in email or not first_name:
                continue
            entry = {"email": email, "first_name": first_name}
            if registrant.get("last_name"):
                entry["last_name"] = str(registrant["last_name"]).strip()
            entries.append(entry)
        if len(entries) > BATCH_REGISTRANTS_MAX:
            raise ValueError(f"at most {BATCH_REGISTRANTS_MAX} registrants per batch, got {len(entries)}")
        now = self._utcnow()
        sendable = [entry for entry in entries
                    if self._limiter.registrant_adds(webinar_id, entry["email"], now) < REGISTRANT_ADDS_PER_DAY]
        if not sendable:
            return []
        for entry in sendable:
            self._limiter.count_registrant_add(webinar_id, entry["email"], now)
        body = _json_or_empty(self._request("POST", f"/webinars/{webinar_id}/batch_registrants",
                                            json={"auto_approve": auto_approve, "registrants": sendable}))
        answered = body.get("registrants")
        if not isinstance(answered, list):
            raise ZoomError(None, None, "Zoom's answer to the batch registration lists no registrants")
        return [item for item in answered if isinstance(item, Mapping) and item.get("registrant_id")
                and isinstance(item.get("email"), str)]

    def list_registrants(self, webinar_id: str | int, status: str = "approved") -> Iterator[dict]:
        """Yield every registrant of a webinar with ``status`` (approved/pending/denied), all pages."""
        if status not in REGISTRANT_LIST_STATUSES:
            raise ValueError(f"status must be one of {sorted(REGISTRANT_LIST_STATUSES)}, got {status!r}")
        webinar_id = normalise_webinar_id(webinar_id)
        return self._paginate(f"/webinars/{webinar_id}/registrants", "registrants", {"status": status})

    def update_registrant_status(
        self, webinar_id: str | int, action: str, registrants: Iterable[Mapping[str, str]]
    ) -> None:
        """Approve, deny or cancel registrants (each a mapping with ``id`` and/or ``email``).

        Sent in batches of 30, Zoom's per-call maximum. An empty list does nothing.
        """
        if action not in REGISTRANT_STATUS_ACTIONS:
            raise ValueError(f"action must be one of {sorted(REGISTRANT_STATUS_ACTIONS)}, got {action!r}")
        webinar_id = normalise_webinar_id(webinar_id)
        cleaned = []
        for registrant in registrants:
            entry = {key: registrant[key] for key in ("id", "email") if registrant.get(key)}
            if not entry:
                raise ValueError(f"each registrant needs an id or an email, got {registrant!r}")
            cleaned.append(entry)
        for start in range(0, len(cleaned), STATUS_UPDATE_BATCH_SIZE):
            batch = cleaned[start:start + STATUS_UPDATE_BATCH_SIZE]
            self._request("PUT", f"/webinars/{webinar_id}/registrants/status",
                          json={"action": action, "registrants": batch})

    def delete_registrant(self, webinar_id: str | int, registrant_id: str) -> bool:
        """Delete a registrant from a webinar (``DELETE /webinars/{id}/registrants/{id}``).

        Unlike a cancellation, this removes the registrant and the name, email and
        answers Zoom held for them. Returns ``True`` when Zoom deleted it (204) and
        ``False`` when it was already gone: Zoom answers 404 with one of its error
        codes for a registrant (or webinar) that does not exist, which is what
        deleting wanted. A bare 404 without Zoom's error body (a proxy, a wrong
        ``api_base``) is not taken for "gone" and raises ``ZoomNotFound``. Other
        failures raise like every call (retries and rate limiting included).
        """
        webinar_id = normalise_webinar_id(webinar_id)
        registrant_id = (registrant_id or "").strip()
        if not registrant_id:
            raise ValueError("a registrant id is required")
        try:
            self._request("DELETE", f"/webinars/{webinar_id}/registrants/{quote(registrant_id, safe='')}")
        except ZoomNotFound as error:
            if error.status == 404 and error.code is not None:
                log.info("Zoom registrant of webinar %s was already gone (code %s)", webinar_id, error.code)
                return False
            raise
        return True

    def get_webinar(self, webinar_id: str | int) -> dict:
        """Return the webinar (``id``, ``topic``, ``start_time``, ``settings``...)."""
        webinar_id = normalise_webinar_id(webinar_id)
        return _json_or_empty(self._request("GET", f"/webinars/{webinar_id}"))

    def get_registration_questions(self, webinar_id: str | int) -> dict:
        """``GET /webinars/{id}/registrants/questions``: ``questions`` (standard fields:
        ``field_name``, ``required``) and ``custom_questions`` (``title``, ``type``,
        ``required``, ``answers``) - WebinarsListRegistrationQuestionsResponse."""
        webinar_id = normalise_webinar_id(webinar_id)
        return _json_or_empty(self._request("GET", f"/webinars/{webinar_id}/registrants/questions"))

    def update_registration_questions(self, webinar_id: str | int, body: Mapping[str, Any]) -> None:
        """``PATCH /webinars/{id}/registrants/questions`` (the whole list is replaced)."""
        webinar_id = normalise_webinar_id(webinar_id)
        self._request("PATCH", f"/webinars/{webinar_id}/registrants/questions",
                      json={"questions": list(body.get("questions") or []),
                            "custom_questions": list(body.get("custom_questions") or [])})

    def find_registrant_by_email(self, webinar_id: str | int, email: str) -> dict | None:
        """Return the approved or pending registrant with ``email`` (case-insensitive), or ``None``."""
        wanted = (email or "").strip().casefold()
        if not wanted:
            return None
        for status in ("approved", "pending"):
            for registrant in self.list_registrants(webinar_id, status=status):
                if isinstance(registrant, Mapping) and isinstance(registrant.get("email"), str) \
                        and registrant["email"].strip().casefold() == wanted:
                    return dict(registrant)
        return None

    @staticmethod
    def _past_webinar_segment(webinar: str | int) -> str:
        """A past webinar's path segment: its numeric ID (Zoom then answers for the
        latest instance only) or one instance's UUID (encoded, double-encoded where
        Zoom requires it: see ``encode_webinar_uuid``)."""
        try:
            return normalise_webinar_id(webinar)
        except ValueError:
            uuid = str(webinar or "").strip()
            if not uuid or len(uuid) > 100 or any(c.isspace() for c in uuid):
                raise ValueError(f"not a Zoom webinar id or instance UUID: {webinar!r}") from None
            return encode_webinar_uuid(uuid)

    def list_participants(self, webinar: str | int, report: bool = True) -> Iterator[dict]:
        """Yield every participant of a past webinar (numeric ID: its latest instance;
        an instance's UUID: that instance), following ``next_page_token``.

        ``report=True`` uses the Reports API (join/leave times and durations per
        join, needs a report scope) and asks for ``include_fields=registrant_id``:
        Zoom leaves ``registrant_id`` out otherwise (ReportsGetWebinarParticipantReports-
        QueryParams in Zoom's @zoom/rivet types; GET /report/webinars/{webinarId}/participants).
        ``False`` uses ``/past_webinars/{id}/participants`` (identity only).
        """
        segment = self._past_webinar_segment(webinar)
        if report:
            return self._paginate(f"/report/webinars/{segment}/participants", "participants",
                                  {"include_fields": "registrant_id"})
        return self._paginate(f"/past_webinars/{segment}/participants", "participants", {})

    def list_past_instances(self, webinar_id: str | int) -> list[dict]:
        """Every held instance of a webinar (``{"uuid", "start_time"}``), oldest first.

        ``GET /past_webinars/{webinarId}/instances`` (WebinarsListPastWebinarInstances-
        Response: ``{"webinars": [{"uuid", "start_time"}]}``, not paginated). A webinar
        that was started, ended and started again has one instance each time.
        """
        webinar_id = normalise_webinar_id(webinar_id)
        body = _json_or_empty(self._request("GET", f"/past_webinars/{webinar_id}/instances"))
        instances = [item for item in body.get("webinars") or []
                     if isinstance(item, Mapping) and isinstance(item.get("uuid"), str) and item["uuid"]]
        return sorted(instances, key=lambda item: str(item.get("start_time") or ""))

    def list_absentees(self, webinar: str | int) -> Iterator[dict]:
        """Registrants who did not attend a past webinar instance, all pages
        (``GET /past_webinars/{webinarId}/absentees``, WebinarsGetWebinarAbsentees-
        QueryParams / Response in @zoom/rivet: ``page_size`` up to 300,
        ``next_page_token``; ``registrants`` with ``id`` and ``email``). A numeric ID
        gives the latest instance only; pass each instance's UUID (double-encoded when it
        begins with ``/`` or contains ``//``, see ``encode_webinar_uuid``)."""
        segment = self._past_webinar_segment(webinar)
        return self._paginate(f"/past_webinars/{segment}/absentees", "registrants", {})

    def close(self) -> None:
        """Close the underlying HTTP session."""
        self._session.close()

    def __enter__(self) -> "ZoomClient":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


# --------------------------------------------------------------------------- #
# Response helpers
# --------------------------------------------------------------------------- #


def _json_or_empty(response: requests.Response) -> dict:
    """Parse a JSON object body; anything else (204, HTML error page) gives ``{}``."""
    if not response.content:
        return {}
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {"items": body}


def _error_details(body: Mapping[str, Any], response: requests.Response) -> tuple[int | None, str]:
    """Return ``(code, message)`` from a Zoom error body, tolerating odd shapes."""
    code = body.get("code")
    try:
        code = int(code) if code is not None else None
    except (TypeError, ValueError):
        code = None
    message = body.get("message") or body.get("reason") or body.get("error_description") \
        or body.get("error") or response.reason or f"HTTP {response.status_code}"
    message = str(message)
    # Validation answers name the refused fields in "errors"; organisers need them.
    field_errors = body.get("errors")
    if isinstance(field_errors, list):
        details = [f"{item.get('field')}: {item.get('message')}" for item in field_errors
                   if isinstance(item, Mapping) and item.get("field")]
        if details:
            message = f"{message} ({'; '.join(details)})"
    return code, message


def _is_daily_limit(response: requests.Response) -> bool:
    """True when a 429 is one of Zoom's daily limits rather than a per-second one.

    ``X-RateLimit-Type: Daily-limit`` says so (https://developers.zoom.us/docs/api/rate-limits/),
    but the per-registrant limit may answer without any rate-limit header, with code
    429 and a message such as "You have exceeded the daily rate limit (3) of Add webinar
    registrant API requests for the registrant (...). You can resume these API requests
    at GMT 00:00:00." The message is read too.
    """
    limit_type = (response.headers.get("X-RateLimit-Type") or "").strip().lower()
    if limit_type.replace("_", "-") in {"daily-limit", "daily"}:
        return True
    if limit_type == "qps":
        return False
    code, message = _error_details(_json_or_empty(response), response)
    lowered = message.lower()
    return "daily" in lowered and ("limit" in lowered or "resume" in lowered) or \
        (code == 429 and "gmt 00:00" in lowered)


def _retry_after_seconds(response: requests.Response) -> float | None:
    """Seconds from a numeric ``Retry-After`` header, or ``None`` if absent or unreadable."""
    value = response.headers.get("Retry-After")
    if value is None:
        return None
    try:
        seconds = float(value.strip())
    except ValueError:
        return None  # HTTP-date form: fall back to our own backoff
    return max(0.0, seconds)
