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

from .db_types import utcnow
from .extensions import db


@dataclass(frozen=True)
class CachedPage:
    body: bytes
    headers: tuple[tuple[str, str], ...]
    etag: str
    stored: float


class PageStore:
    """A small thread-safe LRU of rendered pages, one per application (per worker)."""

    def __init__(self, max_entries: int):
        self.max_entries = max_entries
        self._entries: OrderedDict[tuple, CachedPage] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple, max_age: float) -> CachedPage | None:
        with self._lock:
            page = self._entries.get(key)
            if page is None:
                return None
            if time.monotonic() - page.stored > max_age:
                del self._entries[key]
                return None
            self._entries.move_to_end(key)
            return page

    def put(self, key: tuple, page: CachedPage) -> None:
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

    def acquire(self):
        engine = db.engine
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
        fairy = db.engine.raw_connection()
        raw = fairy.driver_connection
        fairy.detach()
        if db.engine.dialect.name == "sqlite":
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
            key, raw = _connections.acquire()
        except Exception:  # cannot connect (database down): the ORM says so, as a 503
            return _orm_version(slug)
        try:
            cursor = raw.cursor()
            style = "qmark" if db.engine.dialect.paramstyle == "qmark" else "other"
            cursor.execute(_VERSION_SQL[style], (slug,))
            row = cursor.fetchone()
            cursor.close()
        except Exception:  # connection lost (database restarted): read through the ORM below
            _connections.discard(raw)
            return _orm_version(slug)
        _connections.release(key, raw)
        return None if row is None else EventVersion(row[0], str(row[1]), row[2], row[3])
    return _orm_version(slug)


def _orm_version(slug: str) -> EventVersion | None:
    row = db.session.execute(_VERSION_QUERY, {"slug": slug}).first()
    return None if row is None else EventVersion(row[0], str(row[1]), row[2], row[3])


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
            headers=tuple((name, value) for name, value in response.headers.items()
                          if name not in ("Content-Length", "Set-Cookie", "ETag")),
            etag=hashlib.blake2b(body, digest_size=12).hexdigest(),
            stored=time.monotonic(),
        )
        store().put(full_key, page)
        response.set_etag(page.etag)
    else:
        response = current_app.response_class(page.body, headers=list(page.headers))
        response.set_etag(page.etag)
    # Anonymous and the same for everyone in this language and zone: a browser or proxy may
    # keep it briefly, and must ask again after that (an If-None-Match answered with 304).
    if "Cache-Control" not in response.headers:
        max_age = int(current_app.config["PAGE_CACHE_SECONDS"])
        response.headers["Cache-Control"] = f"public, max-age={max_age}"
    response.vary.add("Cookie")
    return response.make_conditional(request)


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
    if not sa_event.contains(Session, "before_flush", touch_events_on_flush):
        sa_event.listen(Session, "before_flush", touch_events_on_flush)


def read_row(sql: dict, params: tuple):
    """One row of ``sql`` (``{"qmark": ..., "other": ...}`` by the driver's parameter style)
    read on a kept autocommit connection, as ``event_version`` reads; None when there is no
    row or the read failed (the caller then renders through the ORM, which says why). Other
    domains' version reads (``registration/personal_cache.py``) come through here."""
    try:
        key, raw = _connections.acquire()
    except Exception:  # cannot connect: the ORM will answer (a 503)
        return None
    try:
        cursor = raw.cursor()
        style = "qmark" if db.engine.dialect.paramstyle == "qmark" else "other"
        cursor.execute(sql[style], params)
        row = cursor.fetchone()
        cursor.close()
    except Exception:  # connection lost (database restarted): the caller renders
        _connections.discard(raw)
        return None
    _connections.release(key, raw)
    return row
