"""Zoom pages and endpoints.

* ``zoom.open_link`` ``GET /<lang>/r/<token>/zoom/<number>``: records that the person
  opened the webinar's registration link (link mode) and redirects there; in API mode
  with a personal join link, redirects to that link.
* ``zoom.webhook`` ``POST /zoom/webhook``: Zoom's event notifications (CSRF-exempt,
  signature checked).
* ``zoom_console.*`` ``/console/events/<slug>/zoom...``: the organisers' Zoom page.
* ``zoom_api.update_session`` ``PATCH /api/v1/events/<slug>/sessions/<number>``.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import re
import time

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from markupsafe import Markup, escape
from werkzeug.exceptions import HTTPException

from eventhub.bounds import MAX_DB_INTEGER, load_json
from eventhub.db_types import utcnow
from eventhub.events.services import get_event
from eventhub.events.operations import EDITABLE_FIELDS, SessionChangeError, update_session
from eventhub.extensions import csrf, db, limiter
from eventhub.i18n import LANGUAGES, ngettext
from eventhub.registration.api import api_client_key, api_rate_limit
from eventhub.registration.models import Registration, SessionRegistration, ZoomState
from eventhub.security import hash_token, role_required, token_required

from . import attendance, console, operations, reconciliation, services, tasks, webhook_handlers
from .client import ZoomError, normalise_webinar_id
from .webhooks import DEFAULT_TOLERANCE_SECONDS, URL_VALIDATION_EVENT, url_validation_response, verify_signature

log = logging.getLogger(__name__)

zoom = Blueprint("zoom", __name__)
zoom_console = Blueprint("zoom_console", __name__, url_prefix="/console")


#: A link inside a check's sentence (the session's and Zoom's registration links).
_URL = re.compile(r"https?://[^\s()<>]+")


@zoom_console.app_template_filter("isolate_links")
def isolate_links(text) -> Markup:
    """Escape ``text`` and put each link in ``<bdi dir="ltr" class="link-text">``: an Arabic
    sentence then shows the link left to right, and a long link wraps on a phone."""
    def wrap(match):
        url = match.group(0)
        tail = ""
        while url and url[-1] in ".,;:":
            url, tail = url[:-1], url[-1] + tail
        return f'<bdi dir="ltr" class="link-text">{url}</bdi>{tail}'

    return Markup(_URL.sub(wrap, str(escape(text))))
zoom_api = Blueprint("zoom_api", __name__, url_prefix="/api/v1")
# One request budget per client for the whole organiser API (RATELIMIT_API).
limiter.shared_limit(api_rate_limit, scope="organiser-api", key_func=api_client_key)(zoom_api)


# ------------------------------------------------------------------ registrant link --

@zoom.route("/<lang:lang>/r/<token>/zoom/<int:number>")
def open_link(token, number):
    """The manage page links here instead of straight to Zoom, so organisers can see who
    went on to register with Zoom's own form (link mode)."""
    if not token or len(token) > 200:
        abort(404)
    registration = db.session.execute(
        db.select(Registration).filter_by(manage_token_hash=hash_token(token))
    ).scalar_one_or_none()
    if registration is None or registration.anonymised_at is not None:
        abort(404)
    place = next((p for p in registration.sessions if p.session.number == number), None)
    if place is None or place.status == "cancelled" or place.session.is_cancelled:
        abort(404)
    if place.zoom_state == ZoomState.SYNCED.value and place.zoom_join_url:
        target = place.zoom_join_url
    elif place.session.zoom_registration_url:
        target = place.session.zoom_registration_url
        if place.zoom_link_opened_at is None:  # the first opening is the one that counts
            place.zoom_link_opened_at = utcnow()
            db.session.commit()
    else:
        abort(404)
    response = redirect(target, code=303)
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


# ------------------------------------------------------------------------- webhook --

#: Zoom's plainToken is a short random URL-safe string. Answering an *unsigned*
#: validation request only for such tokens keeps the endpoint from signing arbitrary
#: text (which could be a forged "v0:<timestamp>:<body>" for a fake event).
_PLAIN_TOKEN = re.compile(r"[A-Za-z0-9_-]{8,128}")
_EVENT_NAME = re.compile(r"[a-z_.]{1,80}")


def _refuse(reason: str, event_type: str | None = None):
    shown = event_type if isinstance(event_type, str) and _EVENT_NAME.fullmatch(event_type) else "?"
    # No body, no names, no emails, no addresses: only why and which kind of event.
    log.warning("Zoom webhook refused (%s), event type %s", reason, shown)
    return jsonify(error="unauthorized"), 401


def _why_unsigned(timestamp: str | None, signature: str | None) -> str:
    if not timestamp or not signature:
        return "missing signature"
    try:
        if abs(time.time() - int(timestamp)) > DEFAULT_TOLERANCE_SECONDS:
            return "stale timestamp"
    except ValueError:
        return "malformed timestamp"
    return "bad signature"


@zoom.route("/zoom/webhook", methods=["POST"])
@csrf.exempt
def webhook():
    secret = current_app.config.get("ZOOM_WEBHOOK_SECRET") or ""
    raw_body = request.get_data(cache=False)
    try:
        payload = load_json(raw_body)  # size and depth bounded: a nested body is no 5xx
    except (ValueError, HTTPException):
        payload = None
    event_type = payload.get("event") if isinstance(payload, dict) else None
    if not secret:
        return _refuse("ZOOM_WEBHOOK_SECRET is not configured", event_type)
    timestamp = request.headers.get("x-zm-request-timestamp")
    signature = request.headers.get("x-zm-signature")
    signed = verify_signature(secret, timestamp, signature, raw_body)
    if not isinstance(payload, dict):
        return _refuse("body is not a JSON object" if signed else _why_unsigned(timestamp, signature))

    if event_type == URL_VALIDATION_EVENT:
        plain_token = (payload.get("payload") or {}).get("plainToken")
        if (timestamp or signature) and not signed:
            return _refuse(_why_unsigned(timestamp, signature), event_type)
        if not isinstance(plain_token, str) or not _PLAIN_TOKEN.fullmatch(plain_token):
            return _refuse("unusable plainToken", event_type)
        return jsonify(url_validation_response(secret, plain_token))

    if not signed:
        return _refuse(_why_unsigned(timestamp, signature), event_type)
    outcome = webhook_handlers.process(payload, raw_body)
    return jsonify(status=outcome)


# ------------------------------------------------------------------------ the API --

#: Fields the PATCH accepts: everything update_session edits.
API_SESSION_FIELDS = frozenset(EDITABLE_FIELDS)


def _parse_instant(value):
    """ISO 8601 text to a datetime; naive results are passed on for update_session to refuse."""
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00").replace("z", "+00:00"))
        except ValueError:
            pass
    raise ValueError(_("Enter the date and time in ISO 8601 with its offset, for example 2022-12-06T06:00:00Z."))


def session_as_json(session) -> dict:
    from eventhub.timezones import iso_utc

    return {
        "number": session.number,
        "starts_at": iso_utc(session.starts_at),
        "ends_at": iso_utc(session.ends_at),
        "region": session.region,
        "floor_language": session.floor_language,
        "interpretation_languages": list(session.interpretation_languages or []),
        "zoom_registration_url": session.zoom_registration_url,
        "zoom_webinar_id": session.zoom_webinar_id,
        "zoom_mode": services.session_mode(session),
        "capacity": session.capacity,
        "status": session.status,
        "revision": session.revision,
    }


def _api_error(status: int, error: str, message: str, **extra):
    response = jsonify(error=error, message=message, **extra)
    response.status_code = status
    return response


@zoom_api.route("/events/<slug>/sessions/<int:number>", methods=["PATCH"])
@token_required("organiser")
def update_session_api(slug, number):
    from eventhub.events.services import get_event

    event = get_event(slug)
    session = event.session_by_number(number) if event is not None else None
    if session is None:
        return _api_error(404, "not_found", _("There is no such session."))
    data = request.get_json(silent=True)
    if not isinstance(data, dict) or not data:
        return _api_error(400, "bad_request", _("Send a JSON object with the fields to change."))
    errors, changes = {}, {}
    for field, value in data.items():
        if field not in API_SESSION_FIELDS:
            errors[field] = _("This field cannot be changed.")
        elif field in ("starts_at", "ends_at"):
            try:
                changes[field] = _parse_instant(value)
            except ValueError as exc:
                errors[field] = str(exc)
        elif field == "zoom_webinar_id" and value not in (None, ""):
            try:
                changes[field] = normalise_webinar_id(value)
            except ValueError:
                changes[field] = value if isinstance(value, str) else str(value)  # refused below, localised
        else:
            changes[field] = value
    if not errors:
        try:
            changed = update_session(session, **changes)
        except SessionChangeError as exc:
            errors = exc.errors
    if errors:
        return _api_error(422, "invalid", _("Some values were refused."), errors=errors)
    body = session_as_json(session)
    body["changed"] = sorted(changed)
    return jsonify(body)


# -------------------------------------------------------------------- the console --

try:  # the console's menu (console domain); the page works without it
    from eventhub.console.navigation import add_menu_item
except ImportError:  # pragma: no cover - console domain absent
    pass
else:
    from flask_babel import lazy_gettext as _l

    add_menu_item("zoom_console.overview", _l("Zoom"), roles=("organiser",), event_scoped=True, order=35)


def _console_url(endpoint: str, **values) -> str:
    # Console pages take their language from ?lang= (then a cookie): keep it on redirects.
    return url_for(endpoint, lang=request.args.get("lang") if request.args.get("lang") in LANGUAGES else None,
                   **values)


def _session_or_404(event, number: int):
    session = event.session_by_number(number)
    if session is None:
        abort(404)
    return session


def _api_mode_session_or_404(slug: str, number: int):
    """The event and its session for the Zoom set-up pages: they exist only for a session
    registered through the API (in link mode there is no webinar for eventhub to check)."""
    event = console_event_or_404(slug)
    session = _session_or_404(event, number)
    if services.session_mode(session) != services.API_MODE:
        abort(404)
    return event, session


def _back(slug: str):
    return redirect(_console_url("zoom_console.overview", slug=slug), code=303)


def console_event_or_404(slug: str):
    """The event for the console pages, drafts included (only public pages 404 for drafts)."""
    event = get_event(slug)
    if event is None:
        abort(404)
    return event


@zoom_console.route("/events/<slug>/zoom")
@role_required("organiser")
def overview(slug):
    event = console_event_or_404(slug)
    return render_template("zoom/console.html", **console.page_context(event))


@zoom_console.route("/events/<slug>/zoom/places/<int:place_id>/retry", methods=["POST"])
@role_required("organiser")
def retry_place(slug, place_id):
    event = console_event_or_404(slug)
    place = db.session.get(SessionRegistration, place_id)
    if place is None or place.session.event_id != event.id:
        abort(404)
    queued = console.retry(place)
    if queued == "cancel":
        flash(_("The cancellation will be sent to Zoom again."), "success")
    elif queued == "sync":
        flash(_("The registration will be sent to Zoom again."), "success")
    elif queued == "remove":
        flash(_("Zoom will be asked again to delete this registration."), "success")
    else:
        flash(_("This registration is not waiting for a retry."), "error")
    return _back(slug)


@zoom_console.route("/events/<slug>/zoom/sessions/<int:number>/push", methods=["POST"])
@role_required("organiser")
def push(slug, number):
    """Send people registered here to Zoom: one place (``place_id``) or every place
    reconciliation found only here (``all``)."""
    event, session = _api_mode_session_or_404(slug, number)
    if request.form.get("all"):
        try:
            result = reconciliation.reconcile(session)
        except ZoomError:
            flash(_("Zoom could not be reached. Try again in a few minutes."), "error")
            return _back(slug)
        places = [row.place for row in result.only_here]
    else:
        try:
            place_id = int(request.form.get("place_id", ""))
            place = db.session.get(SessionRegistration, place_id) if 0 < place_id <= MAX_DB_INTEGER else None
        except ValueError:
            place = None
        if place is None or place.session_id != session.id:
            abort(404)
        places = [place]
    if request.form.get("all"):
        console.push_places(session, places)
    else:
        for place in places:
            console.push_place(place)
    flash(ngettext("%(num)s registration will be sent to Zoom.",
                   "%(num)s registrations will be sent to Zoom.", len(places)), "success")
    return _back(slug)


@zoom_console.route("/events/<slug>/zoom/sessions/<int:number>/import", methods=["POST"])
@role_required("organiser")
def import_from_zoom(slug, number):
    """Create registrations here for people only Zoom knows: one (``registrant_id``) or
    all that reconciliation found (``all``)."""
    event, session = _api_mode_session_or_404(slug, number)
    try:
        result = reconciliation.reconcile(session)
    except ZoomError:
        flash(_("Zoom could not be reached. Try again in a few minutes."), "error")
        return _back(slug)
    wanted = request.form.get("registrant_id")
    rows = [row for row in result.only_on_zoom if request.form.get("all") or row.registrant.get("id") == wanted]
    if not rows:
        flash(_("This person is no longer listed only on Zoom."), "error")
        return _back(slug)
    imported, refused = console.import_rows(session, rows)
    flash(ngettext("%(num)s person registered on Zoom was added here.",
                   "%(num)s people registered on Zoom were added here.", imported), "success")
    if refused:
        flash(ngettext("%(num)s person could not be added: Zoom has no usable email address for them.",
                       "%(num)s people could not be added: Zoom has no usable email address for them.",
                       refused), "error")
    return _back(slug)


@zoom_console.route("/events/<slug>/zoom/report", methods=["GET", "POST"])
@role_required("organiser")
def upload_report(slug):
    event = console_event_or_404(slug)
    if request.method == "GET":  # e.g. the language switcher on a result page
        return _back(slug)
    from eventhub.timezones import is_valid_timezone

    upload = request.files.get("report")
    number = request.form.get("session", "").strip()
    zone = request.form.get("timezone", "").strip() or None
    final = request.form.get("final") == "1"
    error = None
    result = None
    if upload is None or not upload.filename:
        error = _("Choose the attendee report file (CSV) exported from Zoom.")
    elif zone is not None and not is_valid_timezone(zone):
        error = _("Unknown time zone: %(zone)s.", zone=zone[:60])
    else:
        try:
            session_number = int(number) if number else None
            result = attendance.import_attendee_report(event, upload.read(), session_number, zone, final=final)
        except ValueError as exc:
            error = str(exc) if isinstance(exc, attendance.AttendanceImportError) else \
                _("Choose the attendee report file (CSV) exported from Zoom.")
    status = 422 if error else 200
    return render_template("zoom/console.html", import_result=result, import_error=error,
                           chosen_zone=zone, **console.page_context(event)), status


def _change_or_404(event, number: int, change_id: int):
    from .models import ZoomWebinarChange

    session = _session_or_404(event, number)
    change = db.session.get(ZoomWebinarChange, change_id)
    if change is None or change.session_id != session.id:
        abort(404)
    return change


@zoom_console.route("/events/<slug>/zoom/sessions/<int:number>/changes/<int:change_id>/accept", methods=["POST"])
@role_required("organiser")
def accept_zoom_time(slug, number, change_id):
    """Zoom's time becomes the session's (the normal session edit), then the session page
    offers to email the registrants."""
    from flask_login import current_user

    from eventhub.audit.services import Actor
    from eventhub.console.blueprint import offer_session_notice

    from . import changes

    event = console_event_or_404(slug)
    change = _change_or_404(event, number, change_id)
    if change.resolved_at is not None or change.kind != changes.UPDATED:
        flash(_("This change on Zoom was already dealt with."), "info")
        return _back(slug)
    session = change.session
    before = (session.starts_at, session.ends_at)
    try:
        applied = changes.accept_zoom_time(change, Actor(current_user.email, via="console"))
    except SessionChangeError as exc:
        db.session.rollback()
        flash(_("Zoom's time could not be used for the session:") + " " + " ".join(exc.errors.values()), "error")
        return _back(slug)
    if "starts_at" in applied or "ends_at" in applied:
        offer_session_notice(session, *before)
        flash(_("Session %(number)d now has Zoom's time.", number=number), "success")
    else:
        flash(_("The session already had Zoom's time."), "info")
    return redirect(url_for("console.session_edit", slug=slug, number=number,
                            lang=request.args.get("lang") if request.args.get("lang") in LANGUAGES else None),
                    code=303)


@zoom_console.route("/events/<slug>/zoom/sessions/<int:number>/changes/<int:change_id>/dismiss", methods=["POST"])
@role_required("organiser")
def dismiss_zoom_change(slug, number, change_id):
    """Keep the session's time here (the organiser will correct the webinar on Zoom)."""
    from flask_login import current_user

    from . import changes

    event = console_event_or_404(slug)
    change = _change_or_404(event, number, change_id)
    if change.resolved_at is None and change.kind == changes.UPDATED:
        changes.dismiss(change, current_user.email)
        flash(_("The session keeps its time here. Correct the webinar on Zoom so that both agree."), "success")
    return _back(slug)


@zoom_console.route("/events/<slug>/zoom/sessions/<int:number>/setup")
@role_required("organiser")
def setup(slug, number):
    """The session's webinar checked against the session (eventhub.zoom.checks)."""
    from . import checks

    event, session = _api_mode_session_or_404(slug, number)
    return render_template("zoom/setup.html", event=event, session=session,
                           checks=checks.check_session(session))


@zoom_console.route("/events/<slug>/zoom/sessions/<int:number>/setup/questions", methods=["POST"])
@role_required("organiser")
def set_up_questions(slug, number):
    from . import checks

    event, session = _api_mode_session_or_404(slug, number)
    try:
        added = checks.set_up_questions(session)
    except ZoomError:
        flash(_("Zoom could not be reached. Try again in a few minutes."), "error")
    else:
        flash(_("eventhub's registration questions were added to the webinar.") if added
              else _("The webinar already has eventhub's registration questions."), "success")
    return redirect(_console_url("zoom_console.setup", slug=slug, number=number), code=303)


@zoom_console.route("/events/<slug>/zoom/sessions/<int:number>/participants", methods=["GET", "POST"])
@role_required("organiser")
def import_participants(slug, number):
    event = console_event_or_404(slug)
    if request.method == "GET":
        return _back(slug)
    session = _session_or_404(event, number)
    error = None
    result = None
    try:
        result = attendance.import_participants(session)
    except attendance.AttendanceImportError as exc:
        error = str(exc)
    except ZoomError:
        error = _("Zoom could not be reached. Try again in a few minutes.")
    status = 422 if error else 200
    return render_template("zoom/console.html", import_result=result, import_error=error,
                           **console.page_context(event)), status
