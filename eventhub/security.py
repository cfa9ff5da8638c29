"""Tokens, access control and response headers shared by every blueprint."""
from __future__ import annotations

import datetime as dt
import functools
import base64
import hashlib
import hmac
import secrets

from flask import Flask, abort, g, jsonify, request
from flask_login import current_user
from werkzeug.middleware.proxy_fix import ProxyFix

from .db_types import utcnow
from .extensions import csrf, db


def new_token() -> str:
    """An unguessable URL-safe token (256 bits)."""
    return secrets.token_urlsafe(32)


def derived_token(purpose: str, salt: str) -> str:
    """A token recomputed from the secret key and a stored random ``salt``: a link can be
    emailed again without keeping it in clear, and a leaked database (salt and hash)
    does not give it away without the key. Same shape as ``new_token()``."""
    from flask import current_app

    key = str(current_app.config["SECRET_KEY"]).encode("utf-8")
    digest = hmac.new(key, f"{purpose}\x1f{salt}".encode("utf-8"), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def hash_token(token: str) -> str:
    """What we store for a token: its SHA-256. A leaked database does not leak links."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def tokens_equal(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))


def role_required(*roles: str):
    """Console views: sign-in required (redirect), then the role (403)."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            from .extensions import login_manager

            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        # Read by tests that walk every /console rule (and by the console menu).
        wrapped.required_roles = roles
        return wrapped

    return decorator


_NO_USER = object()


def api_user_from_request():
    """The active user whose bearer token is in the Authorization header, or None.

    Looked up once per request (the event-scope hook and the view both ask)."""
    # Kept on the request object, not on g: g outlives the request when an app context was
    # already pushed (a test or a script holding one), the request never does.
    found = getattr(request, "_eventhub_api_user", _NO_USER)
    if found is _NO_USER:
        found = request._eventhub_api_user = _api_user_from_header()
    return found


def _api_user_from_header():
    from .accounts.models import ApiToken

    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    from sqlalchemy.orm import joinedload

    api_token = db.session.execute(  # the token and its user in one statement
        db.select(ApiToken).filter_by(token_hash=hash_token(token.strip())).options(joinedload(ApiToken.user))
    ).scalar_one_or_none()
    if api_token is None or api_token.revoked_at is not None or not api_token.user.active:
        return None
    now = utcnow()
    # Written at most once a minute: an UPDATE of the same token row on every request
    # serialised all API requests of one client on PostgreSQL (bench/load.py: 38 -> 96
    # requests/s once this was throttled).
    if api_token.last_used_at is None or now - api_token.last_used_at >= LAST_USED_RESOLUTION:
        api_token.last_used_at = now
        db.session.commit()
    return api_token.user


#: How precisely "last used" is kept for API tokens.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


def token_required(*roles: str):
    """API views: a valid bearer token (401) of a user with the role (403)."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            user = api_user_from_request()
            if user is None:
                response = jsonify(error="unauthorized", message="A valid bearer token is required.")
                response.status_code = 401
                response.headers["WWW-Authenticate"] = 'Bearer realm="eventhub"'
                return response
            if not user.has_role(*roles):
                return jsonify(error="forbidden", message="This token may not do that."), 403
            g.api_user = user
            return view(*args, **kwargs)

        # Bearer-token requests carry no cookies, so CSRF does not apply.
        return csrf.exempt(wrapped)

    return decorator


CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def _holds_personal_data() -> bool:
    path = request.path
    if path == "/console" or path.startswith(("/console/", "/api/")):
        return not path.startswith("/api/v1/openapi.json")
    return any("token" in name for name in (request.view_args or {}))


def init_app(app: Flask) -> None:
    if app.config.get("PROXY_COUNT"):
        count = int(app.config["PROXY_COUNT"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        if _holds_personal_data():
            # Console pages, API answers and pages reached by a personal link (a token
            # in the URL: manage, confirmation, invitation, calendar feed...) stay out of
            # browser history caches and shared proxies, and go away with sign-out.
            response.headers["Cache-Control"] = "no-store"
            response.headers.pop("Expires", None)
            response.vary.add("Cookie")
        if request.is_secure:
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        return response
