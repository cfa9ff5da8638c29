"""Rendered personal pages (manage page, confirmation), kept per person and per version.

A personal page costs a dozen queries and a large template (the time-zone list alone is
hundreds of options), and people reload it, come back to it from their emails, or keep it
open. So the rendered bytes are kept in the worker's memory, but only ever under a key that
names the link (its token's hash: nobody else's request can reach the entry) and the
*version* of everything the page shows, read from the database on every request by one
statement (``_VERSION_SQL``) on a kept autocommit connection (``pagecache.read_row``):

- the registration row's ``updated_at`` (details, language, time zone, email, link: a
  replaced link changes the hash, so the old one finds no row and gets the 404 at once;
  an anonymised registration finds no row either);
- the latest ``updated_at`` and the number of the person's places (status, listening
  language, Zoom link or state written by jobs and webhooks), and the latest history entry;
- for each session where the person is waiting, the latest ``updated_at`` of that session's
  places: the position moves when someone ahead leaves the list (cancels, is promoted);
- the event row's ``updated_at`` (title, sessions, times, cancellation: moved by
  ``pagecache.touch_events_on_flush``), and whether written inputs are still open (the
  deadline is an instant: the entry for "open" is not served once it passed).

These are the rows' own stamps, not a counter kept in process memory, so a change made
through any instance, a job or the CLI shows on the next request everywhere. Whatever else
changes with time alone is bounded by ``PAGE_CACHE_SECONDS``.

Never served from the cache: anything but GET/HEAD, a request whose session holds flashed
messages or a manage form kept by post/redirect/get (those must be rendered), and any
response but a 200. The page's CSRF token is per browser session: the kept bytes are stored
split around it and each hit puts the request's own token back (``flask_wtf.generate_csrf``,
which also starts the session as a fresh render would). Headers are the fresh render's
(``Cache-Control: no-store``...): the keeping is server-side only.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from flask import current_app, g, request, session as flask_session

from eventhub.db_types import utcnow
from eventhub.security import hash_token

#: Session keys that mean "render this request": flashed messages, a kept manage form
#: (``blueprint.MANAGE_KEPT``).
_RENDER_KEYS = ("_flashes", "manage_form_kept")

_SELECT = (
    "SELECT r.id, r.updated_at, e.updated_at, e.inputs_deadline,"
    " (SELECT max(p.updated_at) FROM session_registrations p WHERE p.registration_id = r.id),"
    " (SELECT count(*) FROM session_registrations p WHERE p.registration_id = r.id),"
    " (SELECT max(c.id) FROM registration_changes c WHERE c.registration_id = r.id),"
    " (SELECT max((SELECT max(o.updated_at) FROM session_registrations o"
    "              WHERE o.session_id = w.session_id))"
    "  FROM session_registrations w WHERE w.registration_id = r.id AND w.status = 'waitlisted')"
    " FROM registrations r JOIN events e ON e.id = r.event_id"
    " WHERE r.manage_token_hash = {param} AND r.anonymised_at IS NULL"
)
_VERSION_SQL = {"qmark": _SELECT.format(param="?"), "other": _SELECT.format(param="%s")}


@dataclass(frozen=True)
class KeptPage:
    #: The body split around the CSRF token (one part when the page has none).
    parts: tuple[bytes, ...]
    headers: tuple[tuple[str, str], ...]
    stored: float


_store_lock = threading.Lock()


def store():
    """The kept personal pages of this application (per worker): the page cache's LRU."""
    from eventhub.pagecache import KeptPages

    kept = current_app.extensions.get("eventhub.personalcache")
    if kept is None:
        with _store_lock:
            kept = current_app.extensions.setdefault(
                "eventhub.personalcache",
                KeptPages(int(current_app.config.get("PERSONAL_PAGE_CACHE_ENTRIES", 256))))
    return kept


def _must_render() -> bool:
    if request.method not in ("GET", "HEAD"):
        return True
    if current_app.config["SESSION_COOKIE_NAME"] not in request.cookies:
        return False  # no session: nothing flashed, nothing kept
    return any(name in flask_session for name in _RENDER_KEYS)


def personal_version(token: str) -> tuple | None:
    """What the link's pages show, as stamps read in one statement; None for a link that
    names no current registration (or when the read failed: the caller then renders)."""
    from eventhub import pagecache

    if not token or len(token) > 200:
        return None
    row = pagecache.read_row(_VERSION_SQL, (hash_token(token),))
    if row is None:
        return None
    registration_id, updated, event_updated, deadline, places, count, change, waiting = row
    inputs_open = deadline is None or _as_instant(deadline) > utcnow()
    return (registration_id, str(updated), str(event_updated), str(places), count, change,
            str(waiting), inputs_open)


def _as_instant(value):
    """A deadline as read by the driver (SQLite gives text) as aware UTC."""
    import datetime as dt

    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    return value


def serve(page: str, token: str, build):
    """The kept response of ``page`` for the link ``token``, or ``build()``'s (kept when it
    is a 200)."""
    max_age = current_app.config.get("PAGE_CACHE_SECONDS", 0)
    if max_age <= 0 or _must_render():
        return build()
    version = personal_version(token)
    if version is None:
        return build()  # no such link (the 404 page), or the read failed
    from eventhub.i18n import current_language

    key = (page, hash_token(token), current_language(), request.host_url, request.script_root, version)
    kept = store().get(key, max_age)
    if kept is not None:
        body = kept.parts[0]
        if len(kept.parts) > 1:
            from flask_wtf.csrf import generate_csrf

            body = generate_csrf().encode("ascii").join(kept.parts)
        return current_app.response_class(body, headers=list(kept.headers))
    response = build()
    if response.status_code != 200 or response.is_streamed:
        return response
    body = response.get_data()
    csrf = g.get(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"))
    parts = body.split(csrf.encode("ascii")) if csrf else [body]
    store().put(key, KeptPage(
        parts=tuple(parts),
        headers=tuple((name, value) for name, value in response.headers.items()
                      if name not in ("Content-Length", "Set-Cookie")),
        stored=time.monotonic(),
    ))
    return response
