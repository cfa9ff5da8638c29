"""How long a console session lives, and how it starts.

Console sessions are Flask signed cookies. Three things end one even if a copy of the
cookie was taken (shared computer, malware, a proxy log):

- its **generation**: the cookie stores ``"<user id>:<generation>"`` (``User.get_id``);
  ``services.end_sessions(user)`` raises the user's generation, so every cookie issued
  before, on every device, is refused on its next request (``models.user.load_user``);
- its **idle time**: a cookie not used for ``SESSION_IDLE_MINUTES`` is refused;
- its **age**: a cookie older than ``SESSION_MAX_HOURS`` is refused, used or not.

The times are inside the signed cookie, so they cannot be altered; they are checked
against the server's clock. ``start()`` is called on sign-in: it empties the session
first, so nothing from before the sign-in (a planted session) carries over.
"""
from __future__ import annotations

import time

from flask import current_app, session

#: How often the "last seen" time is rewritten (each rewrite sends a new cookie).
SEEN_RESOLUTION_SECONDS = 60

SIGNED_IN_AT = "_signed_in_at"
SEEN_AT = "_seen_at"


def _limits() -> tuple[float, float]:
    idle = float(current_app.config.get("SESSION_IDLE_MINUTES", 30)) * 60
    maximum = float(current_app.config.get("SESSION_MAX_HOURS", 12)) * 3600
    return idle, maximum


def start() -> None:
    """A fresh session for a sign-in (before ``login_user``)."""
    session.clear()
    now = int(time.time())
    session[SIGNED_IN_AT] = now
    session[SEEN_AT] = now
    session.permanent = False


def session_is_current(now: float | None = None) -> bool:
    """Whether the current session is neither idle nor too old; marks it used."""
    now = time.time() if now is None else now
    try:
        signed_in_at = float(session.get(SIGNED_IN_AT))
        seen_at = float(session.get(SEEN_AT))
    except (TypeError, ValueError):
        return False  # no times: not a session this version issued
    idle, maximum = _limits()
    if now - seen_at > idle or now - signed_in_at > maximum or signed_in_at > now + 60:
        session.pop(SIGNED_IN_AT, None)
        session.pop(SEEN_AT, None)
        return False
    if now - seen_at >= SEEN_RESOLUTION_SECONDS:
        session[SEEN_AT] = int(now)
    return True
