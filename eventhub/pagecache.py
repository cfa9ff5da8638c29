"""Rendered public pages for anonymous visitors, kept per (page, language, zone, event version).

The event page, the event API and the calendar files are the same bytes for every visitor
who asks in the same language and zone, and they change only when the event changes. So a
rendered response is kept in the worker's memory under a key naming everything the bytes
depend on, and served again while the event's *version* is unchanged.

The version is the event row's ``updated_at``, read with one indexed query per request:
it is in the database, so an edit made through any instance is seen by every instance on
its next request (no stale page after an edit, whatever the number of servers). Models
whose rows appear on public pages (sessions, objectives, published texts) declare
``__page_content__ = True`` and carry an ``event_id``; a flush that adds, changes or deletes
one of them moves its event's ``updated_at`` forward (``touch_events_on_flush``). Content
that changes with time alone (registration opening or closing at an instant, an event
ending) is bounded by ``PAGE_CACHE_SECONDS``: an entry is never served after that.

A hit is served before Flask sees the request (``HitServer``, the WSGI layer): the complete
response of a miss (after every ``after_request`` hook: security headers, French
typography, ``Cache-Control``) is kept under the request's raw inputs (path, query string,
cookies, host and scheme, forwarded headers), and given again, byte for byte, while the
event's version is the one it was built at; only ``Date`` and the zone cookie (its
``Expires``) are written afresh. A request with a condition (``If-None-Match``...), a range,
a bearer token or a session cookie goes through Flask as before.

Never cached: requests carrying a session cookie (a signed-in user, flashed messages, a form
in progress), anything but GET/HEAD, and responses that are not 200. Personal pages (tokens in
the URL) never come through here.
"""
from __future__ import annotations

import hashlib
import os
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

from flask import current_app, request
from sqlalchemy import event as sa_event, inspect as sa_inspect, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from . import replayable_cookies
from .db_types import utcnow
from .extensions import db


@dataclass(frozen=True)
class CachedPage:
    body: bytes
    headers: tuple[tuple[str, str], ...]
    etag: str
    stored: float


@dataclass(frozen=True)
class FinishedPage:
    """A miss's whole response as it left Flask, for ``HitServer``."""
    slug: str
    version: tuple
    stored: float
    status: str
    #: The headers in order; ``Date`` is written afresh and the cookies (``cookies``) go
    #: in at ``cookie_index``.
    headers: tuple[tuple[str, str], ...]
    date_index: int
    cookie_index: int
    cookies: tuple[dict, ...]
    body: bytes
    #: The engine whose database holds the version (the app's).
    version_engine: object = None


class KeptPages:
    """A small thread-safe LRU of pages (anything with a ``stored`` monotonic time), one per
    application and per kind (per worker): the rendered pages and the finished responses
    here, the personal pages in ``registration/personal_cache.py``."""

    def __init__(self, max_entries: int):
        self.max_entries = max_entries
        self._entries: OrderedDict[tuple, object] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple, max_age: float):
        with self._lock:
            page = self._entries.get(key)
            if page is None:
                return None
            if time.monotonic() - page.stored > max_age:
                del self._entries[key]
                return None
            self._entries.move_to_end(key)
            return page

    def put(self, key: tuple, page) -> None:
        with self._lock:
            self._entries[key] = page
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)


class PageStore(KeptPages):
    """The rendered public pages (``serve``), and beside them the same pages as Flask
    finished them, under the request's raw inputs (``HitServer``)."""

    def __init__(self, max_entries: int):
        super().__init__(max_entries)
        self._finished = KeptPages(max_entries)

    def get_finished(self, key: tuple, max_age: float) -> FinishedPage | None:
        return self._finished.get(key, max_age)

    def put_finished(self, key: tuple, page: FinishedPage) -> None:
        self._finished.put(key, page)

    def clear(self) -> None:
        super().clear()
        self._finished.clear()


def store() -> PageStore:
    return current_app.extensions["eventhub.pagecache"]


def enabled() -> bool:
    return current_app.config.get("PAGE_CACHE_SECONDS", 0) > 0


def cacheable_request() -> bool:
    """Only anonymous GETs with no session at all: nothing personal can be in the page."""
    return (request.method in ("GET", "HEAD")
            and current_app.config["SESSION_COOKIE_NAME"] not in request.cookies)


_VERSION_QUERY = text("SELECT id, updated_at, reference_timezone, status FROM events WHERE slug = :slug")


@dataclass(frozen=True)
class EventVersion:
    """What a cached page of an event depends on, read without loading the event."""
    event_id: int
    stamp: str
    reference_timezone: str
    #: "draft" or "published": drafts are not public (eventhub.events.blueprint answers 404).
    status: str = "published"
    slug: str = ""

    @property
    def key(self) -> tuple:
        return (self.event_id, self.stamp)


class _VersionConnections:
    """Database connections of this process kept for the version read, in autocommit mode.

    The version is read on every request, cached or not; through the ORM session that read
    costs more than serving the cached page (a pool checkout, a transaction, a rollback on
    return). These connections are taken out of the SQLAlchemy pool for good (autocommit,
    which no pooled connection may be left in), never shared between processes (a fork
    starts with none), and handed to one request at a time: a server that starts a thread
    per request (the development server, the tests' live servers) reuses them instead of
    opening one per thread. A connection that fails is closed, never handed out again."""

    KEEP = 8

    def __init__(self):
        self._lock = threading.Lock()
        self._free: dict[tuple, list] = {}

    def acquire(self, engine):
        key = (os.getpid(), id(engine), engine.url.render_as_string(hide_password=False))
        with self._lock:
            if key not in self._free:
                # Another engine's connections are of no more use: one app per process
                # serves; tests make one after another (each kept its eight, and a
                # PostgreSQL run ran out of connections: "too many clients already").
                for old in [other for other in self._free if other != key]:
                    for raw in self._free.pop(old):
                        _close(raw)
            free = self._free.setdefault(key, [])
            if free:
                return key, free.pop()
        fairy = engine.raw_connection()
        raw = fairy.driver_connection
        fairy.detach()
        if engine.dialect.name == "sqlite":
            raw.isolation_level = None  # autocommit: no transaction left open between reads
        else:
            fairy.rollback()
            raw.autocommit = True
        return key, raw

    def release(self, key, raw) -> None:
        with self._lock:
            free = self._free.setdefault(key, [])
            if len(free) < self.KEEP and key[0] == os.getpid():
                free.append(raw)
                return
        _close(raw)

    def discard(self, raw) -> None:
        _close(raw)

    def close_for(self, engine) -> int:
        """Close the connections kept for ``engine`` (it is being disposed)."""
        with self._lock:
            keys = [key for key in self._free if key[1] == id(engine)]
            kept = [raw for key in keys for raw in self._free.pop(key)]
        for raw in kept:
            _close(raw)
        return len(kept)


def _close(raw) -> None:
    try:
        raw.close()
    except Exception:  # already broken: nothing to give back
        pass


_connections = _VersionConnections()


@sa_event.listens_for(Engine, "engine_disposed")
def _close_version_connections(engine) -> None:
    _connections.close_for(engine)
_VERSION_SQL = {
    "qmark": "SELECT id, updated_at, reference_timezone, status FROM events WHERE slug = ?",
    "other": "SELECT id, updated_at, reference_timezone, status FROM events WHERE slug = %s",
}


def event_version(slug: str) -> EventVersion | None:
    """The event's version, or None when there is no such event: one indexed read."""
    if enabled():
        try:
            row = _read_version_row(db.engine, slug)
        except Exception:  # cannot connect, or the connection was lost: the ORM says so (a 503)
            return _orm_version(slug)
        return None if row is None else EventVersion(row[0], str(row[1]), row[2], row[3], slug)
    return _orm_version(slug)


def _read_version_row(engine, slug: str):
    """(id, updated_at, reference_timezone, status) of the event, None when there is none,
    through a kept autocommit connection; raises when the database cannot answer."""
    return _read_one(engine, _VERSION_SQL, (slug,))


def _read_one(engine, sql: dict, params: tuple):
    """One row of ``sql`` (by the driver's parameter style) on a kept autocommit connection;
    raises when the database cannot answer (the broken connection is dropped)."""
    key, raw = _connections.acquire(engine)
    try:
        cursor = raw.cursor()
        cursor.execute(sql["qmark" if engine.dialect.paramstyle == "qmark" else "other"], params)
        row = cursor.fetchone()
        cursor.close()
    except Exception:  # connection lost (database restarted): never handed out again
        _connections.discard(raw)
        raise
    _connections.release(key, raw)
    return row


def _orm_version(slug: str) -> EventVersion | None:
    row = db.session.execute(_VERSION_QUERY, {"slug": slug}).first()
    return None if row is None else EventVersion(row[0], str(row[1]), row[2], row[3], slug)


def serve(key: tuple, version: EventVersion | None, build):
    """The cached response for ``key`` at ``version``, or ``build()``'s, stored when it is a
    200. ``version`` None (no such event, or caching off) always builds."""
    if version is None or not enabled() or not cacheable_request():
        return build()
    full_key = (key, version.key)
    page = store().get(full_key, current_app.config["PAGE_CACHE_SECONDS"])
    if page is None:
        response = build()
        if response.status_code != 200 or response.is_streamed or "Set-Cookie" in response.headers:
            return response
        body = response.get_data()
        page = CachedPage(
            body=body,
            # Content-Length kept in its place (set again from the same body): a hit's headers
            # are in the order of the response it was built as.
            headers=tuple((name, value) for name, value in response.headers.items()
                          if name not in ("Set-Cookie", "ETag")),
            etag=hashlib.blake2b(body, digest_size=12).hexdigest(),
            stored=time.monotonic(),
        )
        store().put(full_key, page)
        response.set_etag(page.etag)
    else:
        response = current_app.response_class(page.body, headers=list(page.headers))
        response.set_etag(page.etag)
    if version.slug:
        # Kept whole, as it leaves Flask, by HitServer (when nothing after this spoils it).
        request.environ[_FINISH] = (version.slug, version.key, page.stored, db.engine)
    # Anonymous and the same for everyone in this language and zone: a browser or proxy may
    # keep it briefly, and must ask again after that (an If-None-Match answered with 304).
    if "Cache-Control" not in response.headers:
        max_age = int(current_app.config["PAGE_CACHE_SECONDS"])
        response.headers["Cache-Control"] = f"public, max-age={max_age}"
    response.vary.add("Cookie")
    return response.make_conditional(request)


#: environ key: what ``serve`` tells ``HitServer`` (slug, version, stored, engine). The
#: cookies a page sets for its visitor are under ``replayable_cookies.ENVIRON_KEY``.
_FINISH = "eventhub.pagecache.finish"
_COOKIES = replayable_cookies.ENVIRON_KEY


#: Request headers that make the answer conditional or partial: left to Flask (304, 412, 206).
_CONDITIONS = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_IF_MATCH",
               "HTTP_IF_UNMODIFIED_SINCE", "HTTP_RANGE", "HTTP_IF_RANGE", "HTTP_AUTHORIZATION")
#: Request inputs a public page may depend on, besides path, query string and cookies.
_INPUTS = ("HTTP_HOST", "SERVER_NAME", "SERVER_PORT", "SCRIPT_NAME", "wsgi.url_scheme",
           "HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_HOST",
           "HTTP_X_FORWARDED_PORT", "HTTP_X_FORWARDED_PREFIX", "HTTP_FORWARDED")


class HitServer:
    """WSGI layer in front of the Flask app: a page cache hit is answered here, without a
    request context, URL matching, session, hooks or teardown (most of a hit's cost; issue
    20). Only responses ``serve`` built or served for anonymous GETs are kept, whole, after
    Flask finished them; the version is read on every hit, as in ``serve``, so an edit
    shows at once on every instance. Everything else goes to Flask untouched."""

    def __init__(self, app, wsgi_app):
        self.app = app
        self.wsgi_app = wsgi_app
        self.store: PageStore = app.extensions["eventhub.pagecache"]

    def __call__(self, environ, start_response):
        method = environ.get("REQUEST_METHOD")
        if method not in ("GET", "HEAD"):
            return self.wsgi_app(environ, start_response)
        config = self.app.config
        cookies = environ.get("HTTP_COOKIE", "")
        max_age = config.get("PAGE_CACHE_SECONDS", 0)
        if (max_age <= 0 or (cookies and config["SESSION_COOKIE_NAME"] in cookies)
                or any(name in environ for name in _CONDITIONS)):
            return self.wsgi_app(environ, start_response)
        key = (environ.get("PATH_INFO", ""), environ.get("QUERY_STRING", ""), cookies,
               *(environ.get(name) for name in _INPUTS))
        page = self.store.get_finished(key, max_age)
        if page is not None:
            answer = self._replay(page, environ, method, start_response)
            if answer is not None:
                return answer
        if method != "GET":
            return self.wsgi_app(environ, start_response)
        return self._finish(key, environ, start_response)

    def _replay(self, page: FinishedPage, environ, method, start_response):
        try:
            row = _read_version_row(page.version_engine, page.slug)
        except Exception:  # the database cannot answer: Flask says so (503)
            return None
        if row is None or (row[0], str(row[1])) != page.version or row[3] != "published":
            return None
        headers = list(page.headers)
        if page.date_index >= 0:
            headers[page.date_index] = ("Date", _http_date_now())
        if page.cookies:
            from werkzeug.http import dump_cookie

            headers[page.cookie_index:page.cookie_index] = [
                ("Set-Cookie", dump_cookie(**cookie)) for cookie in page.cookies]
        start_response(page.status, headers)
        return [] if method == "HEAD" else [page.body]

    def _finish(self, key, environ, start_response):
        """Through Flask; keep the response when ``serve`` marked it and it is whole."""
        seen = {}

        def capture(status, headers, exc_info=None):
            seen["status"], seen["headers"] = status, headers
            return start_response(status, headers, exc_info)

        result = self.wsgi_app(environ, capture)
        finish = environ.get(_FINISH)
        if finish is None or not seen.get("status", "").startswith("200"):
            return result
        try:  # not streamed (``serve`` keeps no streamed response): read at once
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        headers = tuple(seen["headers"])
        names = [name.lower() for name, _ in headers]
        cookies = tuple(environ.get(_COOKIES, ()))
        if names.count("set-cookie") != len(cookies):
            return [body]  # a cookie we cannot write again: never kept
        cookie_index = names.index("set-cookie") if cookies else -1
        kept = tuple(header for header in headers if header[0].lower() != "set-cookie")
        kept_names = [name.lower() for name, _ in kept]
        slug, version, stored, engine = finish
        self.store.put_finished(key, FinishedPage(
            slug=slug, version=version, stored=stored, status=seen["status"], headers=kept,
            date_index=kept_names.index("date") if "date" in kept_names else -1,
            cookie_index=cookie_index, cookies=cookies, body=body, version_engine=engine))
        return [body]


_date_cache = [0, ""]


def _http_date_now() -> str:
    """``Date`` as werkzeug writes it, formatted once a second."""
    now = int(time.time())
    if _date_cache[0] != now:
        from werkzeug.http import http_date

        _date_cache[:] = [now, http_date(now)]
    return _date_cache[1]


def touch_events_on_flush(session, flush_context, instances) -> None:
    """A public page shows an event's sessions, objectives and published texts: when one of
    them is added, changed or removed, the event's ``updated_at`` (the pages' version) moves."""
    event_ids = set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        if not getattr(type(obj), "__page_content__", False):
            continue
        if obj in session.dirty and not session.is_modified(obj, include_collections=False):
            continue
        event_id = getattr(obj, "event_id", None)
        if event_id is None and getattr(obj, "event", None) is not None:
            event_id = sa_inspect(obj.event).identity[0] if sa_inspect(obj.event).identity else None
            if event_id is None:
                continue  # a new event: its own row is new, so its version is new anyway
        if event_id is not None:
            event_ids.add(event_id)
    if not event_ids:
        return
    from .events.models import Event

    now = utcnow()
    for event_id in event_ids:
        event = session.get(Event, event_id)
        if event is not None:
            event.updated_at = now


def init_app(app) -> None:
    app.config.setdefault("PAGE_CACHE_SECONDS", 30)
    app.config.setdefault("PAGE_CACHE_ENTRIES", 512)
    app.extensions["eventhub.pagecache"] = PageStore(app.config["PAGE_CACHE_ENTRIES"])
    app.wsgi_app = HitServer(app, app.wsgi_app)
    if not sa_event.contains(Session, "before_flush", touch_events_on_flush):
        sa_event.listen(Session, "before_flush", touch_events_on_flush)


def read_row(sql: dict, params: tuple):
    """One row of ``sql`` (``{"qmark": ..., "other": ...}`` by the driver's parameter style)
    read on a kept autocommit connection, as ``event_version`` reads; None when there is no
    row or the read failed (the caller then renders through the ORM, which says why). Other
    domains' version reads (``registration/personal_cache.py``) come through here."""
    try:
        return _read_one(db.engine, sql, params)
    except Exception:  # cannot connect, or the connection was lost: the caller renders
        return None