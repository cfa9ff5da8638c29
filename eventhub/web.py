"""Application-wide pages: error pages (HTML, or JSON under /api), health check."""
from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from sqlalchemy import exc as sa_exc, text
from werkzeug.exceptions import HTTPException

from .extensions import db


def wants_json() -> bool:
    return request.path.startswith("/api/")


def csrf_input(form):
    """A form's CSRF token as a hidden input *without* an id: a page with several forms
    (the manage page, the accounts list) would otherwise repeat ``id="csrf_token"``,
    which HTML forbids. Nothing when the form has CSRF turned off."""
    field = getattr(form, "csrf_token", None) if form is not None else None
    if field is None or not getattr(form.meta, "csrf", False):
        return ""
    return field(id=False)


def init_app(app: Flask) -> None:
    app.add_template_global(csrf_input, "csrf_input")
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if wants_json():
            response = jsonify(error=error.name.lower().replace(" ", "_"), message=error.description)
            response.status_code = error.code or 500
            for header in ("Retry-After", "WWW-Authenticate", "Allow"):
                if error.get_response().headers.get(header):
                    response.headers[header] = error.get_response().headers[header]
            return response
        return render_template("errors/error.html", error=error), error.code

    #: The database is unreachable (restart, failover) or overloaded (pool exhausted,
    #: SQLite busy): a short outage, not a bug. Said as such, with a 503 and
    #: Retry-After, so that people try again and load balancers and clients back off.
    UNAVAILABLE = (sa_exc.OperationalError, sa_exc.InterfaceError, sa_exc.TimeoutError)

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        if isinstance(error, HTTPException):
            return http_error(error)
        if isinstance(error, UNAVAILABLE):
            app.logger.error("Database unavailable on %s %s: %s", request.method, request.path,
                             type(error).__name__, exc_info=error)
            try:
                db.session.rollback()
            except Exception:  # the connection is gone; the session is discarded anyway
                pass
            if wants_json():
                response = jsonify(error="service_unavailable",
                                   message="The service is briefly unavailable; try again shortly.")
            else:
                response = app.make_response(render_template("errors/unavailable.html"))
            response.status_code = 503
            response.headers["Retry-After"] = "30"
            return response
        app.logger.exception("Unhandled error on %s %s", request.method, request.path)
        db.session.rollback()
        if wants_json():
            return jsonify(error="internal_error", message="An unexpected error occurred."), 500
        return render_template("errors/error.html", error=None), 500

    @app.route("/healthz")
    def healthz():
        """Database and job queue reachable: for load balancers and monitors."""
        from .jobs import huey

        checks = {}
        try:
            db.session.execute(text("SELECT 1"))
            checks["database"] = "ok"
        except Exception as exc:  # report, do not raise: this is the health page
            checks["database"] = f"error: {type(exc).__name__}"
        try:
            huey.pending_count()
            checks["queue"] = "ok"
        except Exception as exc:
            checks["queue"] = f"error: {type(exc).__name__}"
        healthy = all(value == "ok" for value in checks.values())
        return jsonify(status="ok" if healthy else "error", checks=checks), 200 if healthy else 503
