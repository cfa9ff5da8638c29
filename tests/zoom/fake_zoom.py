"""A real local HTTP server that speaks the subset of Zoom's API eventhub uses.

Tests and the bench script point ``ZoomClient`` at it instead of Zoom::

    with FakeZoom() as zoom:
        zoom.add_webinar("84759841045", topic="Water consultation")
        client = ZoomClient(**zoom.client_kwargs())
        client.add_registrant("847 5984 1045", email="a@example.org", first_name="A")
        assert zoom.registrants_of("84759841045")[0]["email"] == "a@example.org"

It listens on 127.0.0.1 on a free port, one thread per connection, keeps all
state behind one lock, logs every request (``request_log``) and can misbehave
on purpose: ``fail_next``, ``rate_limit_next``, ``daily_limit_next``,
``hang_next``, ``garble_next`` (HTML pages, JSON cut short, wrong types),
``batch_error``, ``rate_limit_per_second``, ``expire_tokens``, ``duplicate_mode``;
``clear_faults`` ends an outage. ``update_webinar`` changes a webinar and returns the
``webinar.updated`` delivery Zoom would send (WebinarUpdatedEvent).
Faults apply to API calls (``/v2/...``) only, never to the OAuth endpoint.
"""

from __future__ import annotations

import base64
import json
import re
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

DEFAULT_PAGE_SIZE = 30
REGISTRANT_ADDS_PER_DAY = 3
MAX_PAGE_SIZE = 300

_ACTION_TO_STATUS = {"approve": "approved", "deny": "denied", "cancel": "cancelled"}


@dataclass
class LoggedRequest:
    """One request as the server saw it. ``time`` is ``time.monotonic()`` at arrival."""

    time: float
    method: str
    path: str
    query: dict[str, str]
    body: Any
    authorization: str | None
    status: int | None = None  # filled in when the answer is sent

    @property
    def is_api(self) -> bool:
        return self.path.startswith("/v2/")


@dataclass
class _Fault:
    kind: str  # "error", "qps", "daily", "hang"
    remaining: int
    status: int = 500
    code: int | None = None
    message: str = ""
    retry_after: float | None = None
    seconds: float = 0.0


@dataclass
class _Webinar:
    webinar_id: str
    topic: str
    start_time: str
    approval_type: int
    capacity: int | None
    interpreters: list[dict] = field(default_factory=list)
    registrants: list[dict] = field(default_factory=list)
    duration: int = 120
    #: Registration form: standard fields (field_name, required) and custom questions.
    questions: list[dict] = field(default_factory=list)
    custom_questions: list[dict] = field(default_factory=list)
    #: Held instances, oldest first: {"uuid", "start_time", "participants": [...]}.
    instances: list[dict] = field(default_factory=list)
    #: Zoom's webinar type: 5 scheduled, 6 recurring without fixed time, 9 recurring.
    webinar_type: int = 5
    #: The webinar's registration page. Zoom gives it only in webinar.updated deliveries
    #: (WebinarUpdatedEvent.payload.object.registration_url), never from GET /webinars/{id}.
    registration_url: str = ""
    agenda: str = ""

    @property
    def participants(self) -> list[dict]:
        """The latest instance's participants (what Zoom answers for the numeric ID)."""
        return self.instances[-1]["participants"] if self.instances else []


#: Each endpoint's "Rate Limit Label" in Zoom's API reference (developers.zoom.us/docs/api/
#: meetings/, per operation): Light, Medium, Heavy or Resource-intensive.
_CATEGORIES = [
    ("POST", r"/webinars/[^/]+/batch_registrants", "Heavy"),
    ("POST", r"/webinars/[^/]+/registrants", "Light"),
    ("GET", r"/webinars/[^/]+/registrants/questions", "Light"),
    ("PATCH", r"/webinars/[^/]+/registrants/questions", "Light"),
    ("GET", r"/webinars/[^/]+/registrants", "Medium"),
    ("PUT", r"/webinars/[^/]+/registrants/status", "Medium"),
    ("DELETE", r"/webinars/[^/]+/registrants/[^/]+", "Light"),
    ("GET", r"/webinars/[^/]+", "Light"),
    ("PATCH", r"/webinars/[^/]+", "Light"),
    ("GET", r"/report/webinars/[^/]+/participants", "Heavy"),
    ("GET", r"/past_webinars/[^/]+/(instances|participants|absentees)", "Medium"),
]


def _category(method: str, path: str) -> str:
    for route_method, pattern, category in _CATEGORIES:
        if method == route_method and re.fullmatch(pattern, path):
            return category
    return "Light"


class _Reply(Exception):
    """Raised inside a handler to send an answer immediately."""

    def __init__(self, status: int, body: Any = None, headers: dict[str, str] | None = None,
                 raw: bytes | None = None, content_type: str | None = None):
        super().__init__(status)
        self.status = status
        self.body = body
        self.headers = headers or {}
        #: Bytes sent as they are instead of ``body`` as JSON (garbled answers).
        self.raw = raw
        self.content_type = content_type


@dataclass
class _Garble:
    """An answer replaced by bytes Zoom did not mean to send (see ``garble_next``)."""

    remaining: int
    raw: bytes
    status: int | None
    content_type: str
    handled: bool
    method: str | None
    path_pattern: str | None


def _error(status: int, code: int, message: str, headers: dict[str, str] | None = None) -> _Reply:
    return _Reply(status, {"code": code, "message": message}, headers)


def _now_iso() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class FakeZoom:
    """Fake Zoom API + OAuth server on 127.0.0.1 (see module docstring).

    ``token_ttl`` is the ``expires_in`` of issued tokens; ``duplicate_mode`` is
    ``"same"`` (adding a registered email answers 201 with the existing
    registrant, Zoom's usual behaviour) or ``"error"`` (answers
    ``duplicate_error``, as some accounts do); ``latency`` delays every API
    answer; ``rate_limit_per_second`` (None = off) answers 429 QPS beyond it.
    """

    def __init__(
        self,
        *,
        account_id: str = "fake-account",
        client_id: str = "fake-client-id",
        client_secret: str = "fake-client-secret",
        token_ttl: int = 3600,
        duplicate_mode: str = "same",
        duplicate_error: tuple[int, int, str] = (
            400, 300, "This email address is already registered for this webinar."),
        latency: float = 0.0,
        rate_limit_per_second: float | None = None,
        category_limits: dict[str, float] | None = None,
    ):
        self.account_id = account_id
        self.client_id = client_id
        self.client_secret = client_secret
        self.token_ttl = token_ttl
        self.duplicate_mode = duplicate_mode
        self.duplicate_error = duplicate_error
        self.latency = latency
        self.rate_limit_per_second = rate_limit_per_second
        self.category_limits = category_limits
        self._accepted_by_category: dict[str, deque[float]] = {}

        self._lock = threading.RLock()
        self._webinars: dict[str, _Webinar] = {}
        self._tokens: dict[str, float] = {}  # token -> monotonic expiry
        self._page_tokens: dict[str, tuple[str, int]] = {}  # token -> (listing key, offset)
        self._faults: deque[_Fault] = deque()
        self._garbles: list[_Garble] = []
        self._accepted_api_times: deque[float] = deque()
        self._log: list[LoggedRequest] = []
        #: The wall clock of Zoom's day (daily limits reset at 00:00 GMT); tests freeze it.
        self.utcnow = lambda: datetime.now(timezone.utc)
        self._registrant_adds: dict[tuple[str, str, str], int] = {}
        #: Emails a batch registration leaves out (as Zoom does for entries it refuses).
        self.batch_refuse: set[str] = set()
        #: (status, code, message) every batch registration call answers as a whole, e.g.
        #: (400, 300, "Validation Failed."); None: batches are handled. Zoom's reference
        #: for "Perform batch registration" does not publish its error bodies: 300 is the
        #: code of Zoom's generic validation errors.
        self.batch_error: tuple[int, int, str] | None = None
        self._stopping = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------ lifecycle --

    def start(self) -> "FakeZoom":
        """Start serving in a background thread; returns self."""
        if self._server is not None:
            return self
        handler = type("BoundHandler", (_Handler,), {"fake": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        # Don't wait for hanging handlers on close; they are released by _stopping.
        self._server.block_on_close = False
        self._stopping.clear()
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="FakeZoom", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and release any hanging handlers."""
        if self._server is None:
            return
        self._stopping.set()
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = None
        self._thread = None

    def __enter__(self) -> "FakeZoom":
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        if self._server is None:
            raise RuntimeError("FakeZoom is not started")
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def api_base(self) -> str:
        return f"{self.base_url}/v2"

    @property
    def oauth_url(self) -> str:
        return f"{self.base_url}/oauth/token"

    def client_kwargs(self, **overrides: Any) -> dict[str, Any]:
        """Keyword arguments for ``ZoomClient(...)`` pointing at this server."""
        kwargs = {
            "account_id": self.account_id, "client_id": self.client_id,
            "client_secret": self.client_secret, "api_base": self.api_base,
            "oauth_url": self.oauth_url,
        }
        kwargs.update(overrides)
        return kwargs

    # ---------------------------------------------------------------- state --

    def add_webinar(
        self,
        webinar_id: str | int,
        *,
        topic: str = "Fake webinar",
        start_time: str = "2026-09-08T10:00:00Z",
        approval_type: int = 0,
        capacity: int | None = None,
        interpretation_languages: tuple[str, ...] = (),
        duration: int = 120,
        webinar_type: int = 5,
        registration_url: str | None = None,
    ) -> None:
        """Create a webinar. ``approval_type`` 0 approves registrants, 1 leaves them pending.
        ``registration_url``: its registration page (by default a new ``WN_`` link)."""
        webinar_id = str(webinar_id).replace(" ", "")
        interpreters = [{"email": f"interpreter-{language}@example.org", "languages": f"US,{language}"}
                        for language in interpretation_languages]
        registration_url = registration_url or \
            f"https://us06web.zoom.us/webinar/register/WN_{secrets.token_urlsafe(16)}"
        with self._lock:
            self._webinars[webinar_id] = _Webinar(webinar_id, topic, start_time, approval_type,
                                                  capacity, interpreters, duration=duration,
                                                  webinar_type=webinar_type,
                                                  registration_url=registration_url)

    def registration_url_of(self, webinar_id: str) -> str:
        with self._lock:
            return self._webinars[webinar_id].registration_url

    def update_webinar(self, webinar_id: str, *, topic: str | None = None, start_time: str | None = None,
                       duration: int | None = None, agenda: str | None = None, with_registration_url: bool = True,
                       event_ts: int | None = None) -> dict:
        """Change the webinar as its host would on Zoom and return the ``webinar.updated``
        delivery Zoom then sends, shaped as WebinarUpdatedEvent in @zoom/rivet
        (``meetings/meetings.d.ts``): ``event``, ``event_ts`` (ms), ``payload`` with
        ``account_id``, ``operator``, ``operator_id``, ``object`` (``id`` and the fields that
        changed, optionally ``registration_url``), ``time_stamp`` and ``old_object`` (``id``
        and those fields' previous values). ``registration_url`` is optional in the contract:
        ``with_registration_url=False`` leaves it out. Sign and post it with the tests'
        webhook helper."""
        with self._lock:
            webinar = self._webinars[webinar_id]
            new: dict[str, Any] = {"id": int(webinar_id), "uuid": base64.b64encode(webinar_id.encode()).decode()}
            old: dict[str, Any] = dict(new)
            for key, value in (("topic", topic), ("start_time", start_time), ("duration", duration),
                               ("agenda", agenda)):
                if value is not None:
                    old[key], new[key] = getattr(webinar, key), value
                    setattr(webinar, key, value)
            if with_registration_url:
                new["registration_url"] = old["registration_url"] = webinar.registration_url
        stamp = event_ts or int(time.time() * 1000)
        return {"event": "webinar.updated", "event_ts": stamp,
                "payload": {"account_id": "fake-account", "operator": "host@ipu.example",
                            "operator_id": "fake-operator", "object": new, "time_stamp": stamp,
                            "old_object": old}}

    def set_questions(self, webinar_id: str, *, questions: list[dict] | None = None,
                      custom_questions: list[dict] | None = None) -> None:
        with self._lock:
            webinar = self._webinars[webinar_id]
            webinar.questions = [dict(q) for q in questions or []]
            webinar.custom_questions = [dict(q) for q in custom_questions or []]

    def webinar_questions(self, webinar_id: str) -> dict:
        with self._lock:
            webinar = self._webinars[webinar_id]
            return {"questions": [dict(q) for q in webinar.questions],
                    "custom_questions": [dict(q) for q in webinar.custom_questions]}

    def seed_registrants(self, webinar_id: str, count: int, *, status: str = "approved",
                         email_pattern: str = "person{n}@example.org") -> None:
        """Add ``count`` registrants directly (no HTTP), e.g. to test pagination."""
        with self._lock:
            webinar = self._webinars[webinar_id]
            for n in range(count):
                webinar.registrants.append(
                    self._new_registrant(webinar, {"email": email_pattern.format(n=n),
                                                   "first_name": f"Person{n}"}, status))

    def add_instance(self, webinar_id: str, *, uuid: str | None = None,
                     start_time: str = "2026-09-08T10:00:00Z") -> str:
        """Record that the webinar was held (started) once more; returns the instance's
        UUID (base64, may begin with "/" or contain "//", as Zoom's do)."""
        with self._lock:
            webinar = self._webinars[webinar_id]
            uuid = uuid or base64.b64encode(secrets.token_bytes(16)).decode()
            webinar.instances.append({"uuid": uuid, "start_time": start_time, "participants": []})
            webinar.instances.sort(key=lambda instance: instance["start_time"])
            return uuid

    def add_participant(self, webinar_id: str, *, name: str, user_email: str = "",
                        join_time: str = "2026-09-08T10:00:00Z", leave_time: str = "2026-09-08T11:00:00Z",
                        duration: int = 3600, registrant_id: str | None = None,
                        instance: str | None = None) -> None:
        """Record one participant session (one join) of a past webinar instance
        (``instance``: its UUID; default the latest, created if there is none)."""
        with self._lock:
            webinar = self._webinars[webinar_id]
            if not webinar.instances:
                self.add_instance(webinar_id, uuid=base64.b64encode(webinar_id.encode()).decode(),
                                  start_time=webinar.start_time)
            target = next((i for i in webinar.instances if i["uuid"] == instance), None) \
                if instance else webinar.instances[-1]
            if target is None:
                raise KeyError(f"no instance {instance!r} of webinar {webinar_id}")
            participant = {"id": secrets.token_urlsafe(8), "name": name, "user_email": user_email,
                           "join_time": join_time, "leave_time": leave_time, "duration": duration}
            if registrant_id:
                participant["registrant_id"] = registrant_id
            target["participants"].append(participant)

    def registrants_of(self, webinar_id: str, status: str | None = None) -> list[dict]:
        """Snapshot of a webinar's registrants (all statuses unless ``status`` given)."""
        with self._lock:
            return [dict(registrant) for registrant in self._webinars[webinar_id].registrants
                    if status is None or registrant["status"] == status]

    @property
    def request_log(self) -> list[LoggedRequest]:
        """Snapshot of every request received so far, in arrival order."""
        with self._lock:
            return list(self._log)

    def api_requests(self) -> list[LoggedRequest]:
        return [entry for entry in self.request_log if entry.is_api]

    def token_requests(self) -> list[LoggedRequest]:
        return [entry for entry in self.request_log if entry.path == "/oauth/token"]

    def clear_log(self) -> None:
        with self._lock:
            self._log.clear()

    # ------------------------------------------------------ fault injection --

    def fail_next(self, count: int = 1, *, status: int = 500, code: int | None = None,
                  message: str = "Internal Server Error") -> None:
        """The next ``count`` API requests answer ``status`` with ``{"code", "message"}``."""
        self._add_fault(_Fault("error", count, status=status, code=code if code is not None else status,
                               message=message))

    def rate_limit_next(self, count: int = 1, *, retry_after: float | None = None) -> None:
        """The next ``count`` API requests answer 429 with ``X-RateLimit-Type: QPS``."""
        self._add_fault(_Fault("qps", count, status=429, code=429, retry_after=retry_after,
                               message="You have reached the maximum per-second rate limit for this API."))

    def daily_limit_next(self, count: int = 1, *, headers: bool = True, message: str | None = None) -> None:
        """The next ``count`` API requests answer 429 with ``X-RateLimit-Type: Daily-limit``
        (``headers=False``: without it, as Zoom's per-registrant limit may answer)."""
        self._add_fault(_Fault("daily" if headers else "daily-bare", count, status=429, code=429,
                               message=message or "You have reached the maximum daily rate limit for this API."))

    def registrant_adds_today(self, webinar_id: str, email: str) -> int:
        """How many adds of ``email`` to the webinar Zoom counted this GMT day."""
        with self._lock:
            return self._registrant_adds.get(self._adds_key(webinar_id, email), 0)

    def set_registrant_adds_today(self, webinar_id: str, email: str, count: int) -> None:
        with self._lock:
            self._registrant_adds[self._adds_key(webinar_id, email)] = count

    def _adds_key(self, webinar_id: str, email: str) -> tuple[str, str, str]:
        return (str(webinar_id), email.casefold(), self.utcnow().astimezone(timezone.utc).date().isoformat())

    def garble_next(self, count: int = 1, *, raw: bytes | str, status: int | None = None,
                    content_type: str = "application/json;charset=UTF-8", handled: bool = True,
                    method: str | None = None, path: str | None = None) -> None:
        """The next ``count`` API requests (of ``method`` whose path matches the regular
        expression ``path``, when given) answer ``raw`` instead of Zoom's JSON: an HTML error
        page from a proxy in front of Zoom, JSON cut short, a body whose fields are missing
        or of the wrong type. ``handled``: the request is carried out first (Zoom did the
        work, the answer was lost on the way), else not at all; ``status`` replaces the
        answer's status when given. Zoom's reference promises JSON bodies; nothing is
        published about such answers, which is why eventhub must survive them."""
        raw = raw.encode("utf-8") if isinstance(raw, str) else raw
        with self._lock:
            self._garbles.append(_Garble(count, raw, status, content_type, handled, method, path))

    def _take_garble(self, method: str, path: str) -> _Garble | None:
        with self._lock:
            for garble in self._garbles:
                if (garble.method in (None, method)
                        and (garble.path_pattern is None or re.fullmatch(garble.path_pattern, path))):
                    garble.remaining -= 1
                    if garble.remaining <= 0:
                        self._garbles.remove(garble)
                    return garble
        return None

    def hang_next(self, count: int = 1, *, seconds: float = 5.0) -> None:
        """The next ``count`` API requests wait ``seconds`` before being handled normally."""
        self._add_fault(_Fault("hang", count, seconds=seconds))

    def clear_faults(self) -> None:
        """Zoom is well again: drop every fault not yet served (a request already
        hanging still finishes, late, as a slow Zoom's would)."""
        with self._lock:
            self._faults.clear()
            self._garbles.clear()

    def in_flight(self) -> int:
        """How many requests have arrived and not been answered yet (hanging ones)."""
        with self._lock:
            return sum(1 for entry in self._log if entry.status is None)

    def expire_tokens(self) -> None:
        """Make every issued access token invalid (API answers 401, code 124)."""
        with self._lock:
            for token in self._tokens:
                self._tokens[token] = 0.0

    def _add_fault(self, fault: _Fault) -> None:
        if fault.remaining > 0:
            with self._lock:
                self._faults.append(fault)

    def _take_fault(self) -> _Fault | None:
        with self._lock:
            if not self._faults:
                return None
            fault = self._faults[0]
            fault.remaining -= 1
            if fault.remaining <= 0:
                self._faults.popleft()
            return fault

    # ------------------------------------------------------------- handling --

    def _log_request(self, entry: LoggedRequest) -> None:
        with self._lock:
            self._log.append(entry)

    def handle(self, method: str, path: str, query: dict[str, str], headers: Any,
               raw_body: bytes, entry: LoggedRequest) -> _Reply:
        """Compute the answer to one request (called from handler threads)."""
        try:
            if path == "/oauth/token" and method == "POST":
                return self._issue_token(headers, raw_body)
            if not path.startswith("/v2/"):
                raise _error(404, 404, f"No such endpoint: {method} {path}")
            self._apply_faults()
            garble = self._take_garble(method, path[len("/v2"):])
            if garble is not None and not garble.handled:
                raise _Reply(garble.status or 200, raw=garble.raw, content_type=garble.content_type)
            if self.latency:
                self._stopping.wait(self.latency)
            self._check_token(headers)
            category = _category(method, path[len("/v2"):])
            limit_headers = self._check_server_rate_limit(category)
            try:
                reply = self._route_api(method, path[len("/v2"):], query, entry.body)
            except _Reply as error_reply:
                reply = error_reply
            reply.headers = {**limit_headers, **reply.headers}
            if garble is not None:
                reply.status, reply.raw, reply.content_type = garble.status or reply.status, garble.raw, \
                    garble.content_type
            return reply
        except _Reply as reply:
            return reply

    def _apply_faults(self) -> None:
        fault = self._take_fault()
        if fault is None:
            return
        if fault.kind == "hang":
            self._stopping.wait(fault.seconds)
            return  # then handle the request normally, as a slow Zoom would
        headers = {}
        if fault.kind == "qps":
            headers["X-RateLimit-Type"] = "QPS"
            if fault.retry_after is not None:
                headers["Retry-After"] = f"{fault.retry_after:g}"
        elif fault.kind == "daily":
            headers["X-RateLimit-Type"] = "Daily-limit"
        raise _error(fault.status, fault.code, fault.message, headers)

    def _issue_token(self, headers: Any, raw_body: bytes) -> _Reply:
        expected = base64.b64encode(f"{self.client_id}:{self.client_secret}".encode()).decode()
        if headers.get("Authorization", "") != f"Basic {expected}":
            raise _Reply(401, {"reason": "Invalid client_id or client_secret", "error": "invalid_client"})
        form = {key: values[0] for key, values in parse_qs(raw_body.decode("utf-8", "replace")).items()}
        if form.get("grant_type") != "account_credentials":
            raise _Reply(400, {"reason": "Unsupported grant type", "error": "unsupported_grant_type"})
        if form.get("account_id") != self.account_id:
            raise _Reply(400, {"reason": "Invalid account_id", "error": "invalid_request"})
        token = secrets.token_urlsafe(24)
        with self._lock:
            self._tokens[token] = time.monotonic() + self.token_ttl
        return _Reply(200, {"access_token": token, "token_type": "bearer", "expires_in": self.token_ttl,
                            "scope": "webinar:read:admin webinar:write:admin report:read:admin"})

    def _check_token(self, headers: Any) -> None:
        authorization = headers.get("Authorization", "")
        token = authorization[len("Bearer "):] if authorization.startswith("Bearer ") else ""
        with self._lock:
            expiry = self._tokens.get(token)
        if expiry is None or expiry <= time.monotonic():
            raise _error(401, 124, "Invalid access token.")

    def _check_server_rate_limit(self, category: str) -> dict[str, str]:
        """Zoom's per-second limits, per account and per category
        (https://developers.zoom.us/docs/api/rate-limits/): ``category_limits`` (e.g.
        ``{"Light": 30, "Medium": 20, "Heavy": 10}``, Pro) or ``rate_limit_per_second`` for
        every category. Answers carry ``X-RateLimit-Category``, ``X-RateLimit-Type``,
        ``X-RateLimit-Limit`` and ``X-RateLimit-Remaining``; beyond the limit, 429."""
        limit = (self.category_limits or {}).get(category) or self.rate_limit_per_second
        if not limit:
            return {}
        with self._lock:
            now = time.monotonic()
            window = self._accepted_by_category.setdefault(category, deque())
            while window and window[0] <= now - 1.0:
                window.popleft()
            headers = {"X-RateLimit-Category": category, "X-RateLimit-Type": "QPS",
                       "X-RateLimit-Limit": f"{limit:g}"}
            if len(window) >= limit:
                headers["X-RateLimit-Remaining"] = "0"
                raise _error(429, 429, "You have reached the maximum per-second rate limit for this API.",
                             headers)
            window.append(now)
            self._accepted_api_times.append(now)
            headers["X-RateLimit-Remaining"] = f"{max(0, int(limit) - len(window)):d}"
            return headers

    def _route_api(self, method: str, path: str, query: dict[str, str], body: Any) -> _Reply:
        routes = [
            ("POST", r"/webinars/(\d+)/registrants", self._add_registrant),
            ("POST", r"/webinars/(\d+)/batch_registrants", self._batch_registrants),
            ("GET", r"/webinars/(\d+)/registrants", self._list_registrants),
            ("PUT", r"/webinars/(\d+)/registrants/status", self._update_status),
            ("DELETE", r"/webinars/(\d+)/registrants/([^/]+)", self._delete_registrant),
            ("GET", r"/webinars/(\d+)/registrants/questions", self._get_questions),
            ("PATCH", r"/webinars/(\d+)/registrants/questions", self._patch_questions),
            ("GET", r"/webinars/(\d+)", self._get_webinar),
        ]
        # Past webinars are addressed by numeric ID (latest instance) or by an
        # instance's UUID (https://developers.zoom.us/docs/api/meetings/#tag/reports/
        # GET/report/webinars/{webinarId}/participants: "If the UUID begins with a '/' or
        # contains '//', you must double-encode the UUID before making an API request").
        past_routes = [
            ("GET", r"/report/webinars/([^/]+)/participants", self._report_participants),
            ("GET", r"/past_webinars/(\d+)/instances", self._past_instances),
            ("GET", r"/past_webinars/([^/]+)/participants", self._past_participants),
            ("GET", r"/past_webinars/([^/]+)/absentees", self._absentees),
        ]
        for route_method, pattern, action in past_routes:
            match = re.fullmatch(pattern, path)
            if match and method == route_method:
                with self._lock:
                    webinar, instance = self._past_webinar(match.group(1))
                    return action(webinar, instance, query)
        for route_method, pattern, action in routes:
            match = re.fullmatch(pattern, path)
            if match and method == route_method:
                with self._lock:
                    webinar = self._webinars.get(match.group(1))
                    if webinar is None:
                        raise _error(404, 3001, f"Webinar does not exist: {match.group(1)}.")
                    # Groups after the webinar id (a registrant id) follow as arguments.
                    return action(webinar, query, body, *match.groups()[1:])
        raise _error(404, 404, f"No such endpoint: {method} {path}")

    # All handlers below run with self._lock held.

    def _new_registrant(self, webinar: _Webinar, body: dict, status: str) -> dict:
        registrant_id = secrets.token_urlsafe(16)
        return {
            "id": registrant_id,
            "email": body["email"],
            "first_name": body["first_name"],
            "last_name": body.get("last_name", ""),
            "org": body.get("org", ""),
            "job_title": body.get("job_title", ""),
            "country": body.get("country", ""),
            "language": body.get("language", "en-US"),
            "custom_questions": body.get("custom_questions", []),
            "status": status,
            "create_time": _now_iso(),
            "join_url": f"https://zoom.example/w/{webinar.webinar_id}?tk={registrant_id}",
        }

    def _add_registrant(self, webinar: _Webinar, query: dict, body: Any) -> _Reply:
        if not isinstance(body, dict):
            raise _error(400, 300, "Request Body should be a valid JSON object.")
        email = body.get("email")
        if not isinstance(email, str) or not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
            raise _Reply(400, {"code": 300, "message": "Validation Failed.",
                               "errors": [{"field": "email", "message": "Invalid field."}]})
        if not isinstance(body.get("first_name"), str) or not body["first_name"].strip():
            raise _Reply(400, {"code": 300, "message": "Validation Failed.",
                               "errors": [{"field": "first_name", "message": "Invalid field."}]})
        missing = self._unanswered(webinar, body)
        if missing:
            raise _Reply(400, {"code": 300, "message": "Validation Failed.",
                               "errors": [{"field": name, "message": "Required field."} for name in missing]})
        # "Add a webinar registrant": the same registrant 3 times a day at most; Zoom then
        # answers 429 / code 429 with this message and no X-RateLimit-* or Retry-After
        # header (https://developers.zoom.us/docs/api/rate-limits/, registrant limits;
        # the day ends at 00:00 GMT as the message says).
        key = self._adds_key(webinar.webinar_id, email)
        if self._registrant_adds.get(key, 0) >= REGISTRANT_ADDS_PER_DAY:
            raise _error(429, 429, f"You have exceeded the daily rate limit ({REGISTRANT_ADDS_PER_DAY}) of Add "
                         f"webinar registrant API requests for the registrant ({email}). You can resume these "
                         "API requests at GMT 00:00:00.")
        self._registrant_adds[key] = self._registrant_adds.get(key, 0) + 1
        existing = next((registrant for registrant in webinar.registrants
                         if registrant["email"].casefold() == email.casefold()), None)
        if existing is not None:
            if self.duplicate_mode == "error":
                status, code, message = self.duplicate_error
                raise _error(status, code, message)
            registrant = existing
        else:
            active = [r for r in webinar.registrants if r["status"] in ("approved", "pending")]
            if webinar.capacity is not None and len(active) >= webinar.capacity:
                raise _error(400, 3035, "Webinar registration capacity has been reached.")
            status = "approved" if webinar.approval_type != 1 else "pending"
            registrant = self._new_registrant(webinar, body, status)
            webinar.registrants.append(registrant)
        return _Reply(201, {
            "id": int(webinar.webinar_id),  # Zoom answers the *webinar* id here
            "registrant_id": registrant["id"],
            "join_url": registrant["join_url"],
            "topic": webinar.topic,
            "start_time": webinar.start_time,
            "occurrences": [],
        })

    @staticmethod
    def _unanswered(webinar: _Webinar, body: dict) -> list[str]:
        """The webinar form's required questions the add's body leaves blank. "Add a
        webinar registrant" (WebinarsAddWebinarRegistrantRequestBody) carries the standard
        fields by name and ``custom_questions`` as title/value; the form's questions come
        from GET .../registrants/questions (``required``). Zoom answers a missing required
        field with 400 "Validation Failed." naming the field; the exact wording for a
        custom question is not published, so the stand-in names its title the same way."""
        missing = [str(q.get("field_name")) for q in webinar.questions
                   if q.get("required") and not str(body.get(q.get("field_name")) or "").strip()]
        answers = {str(a.get("title") or "").strip().casefold(): str(a.get("value") or "").strip()
                   for a in body.get("custom_questions") or [] if isinstance(a, dict)}
        missing += [str(q.get("title")) for q in webinar.custom_questions
                    if q.get("required") and not answers.get(str(q.get("title") or "").strip().casefold())]
        return missing

    def _batch_registrants(self, webinar: _Webinar, query: dict, body: Any) -> _Reply:
        """``POST /webinars/{webinarId}/batch_registrants`` (WebinarsPerformBatchRegistration-
        RequestBody / Response in @zoom/rivet): at most 30; each entry email, first_name,
        last_name; ``auto_approve``. The answer lists who was registered (an email
        already registered gives its existing registrant); refused entries are missing."""
        if self.batch_error is not None:
            raise _error(*self.batch_error)
        if not isinstance(body, dict) or not isinstance(body.get("registrants"), list):
            raise _error(400, 300, "Request Body should be a valid JSON object.")
        if len(body["registrants"]) > 30:
            raise _error(400, 300, "Validation Failed: at most 30 registrants per batch.")
        # Perform batch registration, prerequisites: "The webinar should be type 5, a
        # scheduled webinar. Other types of webinars are not supported by this API."
        # (the error Zoom then gives is not published; the stand-in answers 400/300).
        if webinar.webinar_type != 5:
            raise _error(400, 300, "Batch registration is only supported for scheduled webinars (type 5).")
        approved = body.get("auto_approve", False) is True or webinar.approval_type != 1
        done = []
        for entry in body["registrants"]:
            email = entry.get("email") if isinstance(entry, dict) else None
            if not isinstance(email, str) or not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email) \
                    or not isinstance(entry.get("first_name"), str) or not entry["first_name"].strip():
                continue
            key = self._adds_key(webinar.webinar_id, email)
            if self._registrant_adds.get(key, 0) >= REGISTRANT_ADDS_PER_DAY or email in self.batch_refuse:
                continue
            # A batch entry has only email, first_name, last_name: a form requiring any
            # other answer cannot be met. What Zoom does then is not published; the
            # stand-in takes the strict reading and leaves the entry out (refused).
            if self._unanswered(webinar, entry):
                continue
            self._registrant_adds[key] = self._registrant_adds.get(key, 0) + 1
            registrant = next((r for r in webinar.registrants if r["email"].casefold() == email.casefold()), None)
            if registrant is None:
                active = [r for r in webinar.registrants if r["status"] in ("approved", "pending")]
                if webinar.capacity is not None and len(active) >= webinar.capacity:
                    continue
                registrant = self._new_registrant(webinar, entry, "approved" if approved else "pending")
                webinar.registrants.append(registrant)
            done.append({"registrant_id": registrant["id"], "email": registrant["email"],
                         "join_url": registrant["join_url"]})
        return _Reply(201, {"registrants": done})

    def _page(self, listing_key: str, items: list[dict], query: dict[str, str],
              items_name: str) -> _Reply:
        try:
            page_size = int(query.get("page_size", DEFAULT_PAGE_SIZE))
        except ValueError:
            raise _error(400, 300, "Invalid field: page_size.") from None
        page_size = max(1, min(MAX_PAGE_SIZE, page_size))
        offset = 0
        incoming_token = query.get("next_page_token")
        if incoming_token:
            stored = self._page_tokens.get(incoming_token)
            if stored is None or stored[0] != listing_key:
                raise _error(400, 300, "Invalid next_page_token.")
            offset = stored[1]
        page = items[offset:offset + page_size]
        next_token = ""
        if offset + page_size < len(items):
            next_token = secrets.token_urlsafe(12)
            self._page_tokens[next_token] = (listing_key, offset + page_size)
        return _Reply(200, {"page_size": page_size, "total_records": len(items),
                            "next_page_token": next_token, items_name: [dict(item) for item in page]})

    def _list_registrants(self, webinar: _Webinar, query: dict, body: Any) -> _Reply:
        status = query.get("status", "approved")
        if status not in ("approved", "pending", "denied"):
            raise _error(400, 300, f"Invalid field: status '{status}'.")
        matching = [r for r in webinar.registrants if r["status"] == status]
        return self._page(f"registrants:{webinar.webinar_id}:{status}", matching, query, "registrants")

    def _update_status(self, webinar: _Webinar, query: dict, body: Any) -> _Reply:
        if not isinstance(body, dict) or body.get("action") not in _ACTION_TO_STATUS:
            raise _error(400, 300, "Validation Failed: action must be approve, deny or cancel.")
        entries = body.get("registrants")
        if not isinstance(entries, list) or len(entries) > 30:
            raise _error(400, 300, "Validation Failed: registrants must be a list of at most 30.")
        new_status = _ACTION_TO_STATUS[body["action"]]
        for entry in entries:
            for registrant in webinar.registrants:
                if (entry.get("id") and entry["id"] == registrant["id"]) or \
                        (entry.get("email") and entry["email"].casefold() == registrant["email"].casefold()):
                    registrant["status"] = new_status
        return _Reply(204)

    def _delete_registrant(self, webinar: _Webinar, query: dict, body: Any, registrant_id: str) -> _Reply:
        """Zoom's ``DELETE /webinars/{id}/registrants/{id}``: the registrant (any status)
        and everything Zoom held about them are gone; 204 No Content. An unknown id is
        answered 404 with Zoom's error body."""
        registrant_id = unquote(registrant_id)
        for index, registrant in enumerate(webinar.registrants):
            if registrant["id"] == registrant_id:
                del webinar.registrants[index]
                return _Reply(204)
        raise _error(404, 3001, f"Registrant does not exist: {registrant_id}.")

    def _get_questions(self, webinar: _Webinar, query: dict, body: Any) -> _Reply:
        # WebinarsListRegistrationQuestionsResponse: questions (field_name, required) and
        # custom_questions (title, type, required, answers).
        return _Reply(200, {"questions": [dict(q) for q in webinar.questions],
                            "custom_questions": [dict(q) for q in webinar.custom_questions]})

    def _patch_questions(self, webinar: _Webinar, query: dict, body: Any) -> _Reply:
        # WebinarsUpdateRegistrationQuestionsRequestBody: the lists replace the webinar's; 204.
        if not isinstance(body, dict):
            raise _error(400, 300, "Request Body should be a valid JSON object.")
        for key in ("questions", "custom_questions"):
            if key in body:
                if not isinstance(body[key], list) or not all(isinstance(q, dict) for q in body[key]):
                    raise _error(400, 300, f"Validation Failed: {key}.")
                setattr(webinar, key, [dict(q) for q in body[key]])
        return _Reply(204)

    def _get_webinar(self, webinar: _Webinar, query: dict, body: Any) -> _Reply:
        return _Reply(200, {
            "id": int(webinar.webinar_id),
            "uuid": base64.b64encode(webinar.webinar_id.encode()).decode(),
            "topic": webinar.topic,
            "type": webinar.webinar_type,
            "start_time": webinar.start_time,
            "duration": webinar.duration,
            "timezone": "UTC",
            "settings": {
                "approval_type": webinar.approval_type,
                "language_interpretation": {"enable": bool(webinar.interpreters),
                                            "interpreters": webinar.interpreters},
            },
        })

    def _past_webinar(self, segment: str) -> tuple[_Webinar, dict | None]:
        """The webinar and instance a path segment names. The server decodes the path
        once: a UUID with "/" sent encoded once arrives as a path with an extra
        segment, which matches no endpoint; encoded twice, it is decoded again here."""
        once = unquote(segment)
        if "/" in once:
            raise _error(404, 404, "No such endpoint (a UUID with '/' must be double-encoded).")
        if once.isdigit():
            webinar = self._webinars.get(once)
            if webinar is None:
                raise _error(404, 3001, f"Webinar does not exist: {once}.")
            return webinar, (webinar.instances[-1] if webinar.instances else None)
        uuid = unquote(once) if "%" in once else once
        if (uuid.startswith("/") or "//" in uuid) and "%" not in once:
            raise _error(404, 404, "No such endpoint (a UUID with '/' must be double-encoded).")
        for webinar in self._webinars.values():
            for instance in webinar.instances:
                if instance["uuid"] == uuid:
                    return webinar, instance
        raise _error(404, 3001, f"Webinar does not exist: {uuid}.")

    def _report_participants(self, webinar: _Webinar, instance: dict | None, query: dict) -> _Reply:
        # registrant_id only when asked for: ReportsGetWebinarParticipantReportsQueryParams
        # (include_fields) in Zoom's @zoom/rivet types.
        wanted = {name.strip() for name in query.get("include_fields", "").split(",")}
        participants = [dict(p) for p in (instance["participants"] if instance else [])]
        if "registrant_id" not in wanted:
            for participant in participants:
                participant.pop("registrant_id", None)
        key = f"report:{instance['uuid'] if instance else webinar.webinar_id}"
        return self._page(key, participants, query, "participants")

    def _past_instances(self, webinar: _Webinar, instance: dict | None, query: dict) -> _Reply:
        # WebinarsListPastWebinarInstancesResponse: {"webinars": [{"start_time", "uuid"}]}.
        return _Reply(200, {"webinars": [{"uuid": i["uuid"], "start_time": i["start_time"]}
                                         for i in webinar.instances]})

    def _past_participants(self, webinar: _Webinar, instance: dict | None, query: dict) -> _Reply:
        # /past_webinars gives identity only, no times (WebinarsListWebinarParticipantsResponse).
        slim = [{key: participant[key] for key in ("id", "name", "user_email") if key in participant}
                for participant in (instance["participants"] if instance else [])]
        return self._page(f"past:{instance['uuid'] if instance else webinar.webinar_id}", slim, query,
                          "participants")

    def _absentees(self, webinar: _Webinar, instance: dict | None, query: dict) -> _Reply:
        # GET /past_webinars/{webinarId}/absentees ("Get webinar absentees", Webinars API
        # reference; WebinarsGetWebinarAbsenteesResponse in @zoom/rivet): the registrants of
        # that instance (numeric ID: the latest) who did not join, paginated with
        # next_page_token like every listing. Only approved registrants are listed: someone
        # Zoom never registered is not "absent" for Zoom.
        present = instance["participants"] if instance else []
        ids = {p.get("registrant_id") for p in present}
        emails = {(p.get("user_email") or "").casefold() for p in present}
        absent = [r for r in webinar.registrants if r["status"] == "approved"
                  and r["id"] not in ids and r["email"].casefold() not in emails]
        return self._page(f"absent:{instance['uuid'] if instance else webinar.webinar_id}", absent, query,
                          "registrants")


class _Handler(BaseHTTPRequestHandler):
    """Turns HTTP requests into ``FakeZoom.handle`` calls."""

    fake: FakeZoom  # set on the per-server subclass
    protocol_version = "HTTP/1.1"  # keep-alive, like Zoom; every answer has Content-Length
    # Headers and body go out in separate writes; with Nagle on, the body would
    # wait for the client's delayed ACK (~40 ms), which distorts benchmarks.
    disable_nagle_algorithm = True

    def _serve(self) -> None:
        arrival = time.monotonic()
        split = urlsplit(self.path)
        query = {key: values[0] for key, values in parse_qs(split.query).items()}
        length = int(self.headers.get("Content-Length") or 0)
        raw_body = self.rfile.read(length) if length else b""
        body: Any = None
        if raw_body and "json" in (self.headers.get("Content-Type") or ""):
            try:
                body = json.loads(raw_body)
            except ValueError:
                body = None
        entry = LoggedRequest(arrival, self.command, split.path, query, body,
                              self.headers.get("Authorization"))
        self.fake._log_request(entry)
        reply = self.fake.handle(self.command, split.path, query, self.headers, raw_body, entry)
        entry.status = reply.status
        if reply.raw is not None:
            payload = reply.raw
        else:
            payload = b"" if reply.body is None else json.dumps(reply.body).encode("utf-8")
        try:
            self.send_response(reply.status)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            if payload:
                self.send_header("Content-Type", reply.content_type or "application/json;charset=UTF-8")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            # The client gave up (e.g. its read timeout fired during a hang).
            self.close_connection = True

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _serve

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        pass  # the request log replaces stderr noise
