"""Organiser API: register people and list registrations (bearer token, role organiser).

Validation is the form's (``validation.clean_registration``); error messages follow the
request's Accept-Language (English by default).
"""
from __future__ import annotations

from flask import Blueprint, current_app, g, jsonify, request, url_for
from sqlalchemy.orm import selectinload

from eventhub.events.services import get_event
from eventhub.extensions import db, limiter
from eventhub.security import token_required
from eventhub.timezones import iso_utc

from . import operations
from .models import Registration, SessionRegistration
from .notifications import manage_url
from .validation import FIELDS, clean_registration

api = Blueprint("registration_api", __name__, url_prefix="/api/v1")

MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 50


def api_rate_limit() -> str:
    return current_app.config["RATELIMIT_API"]


def api_client_key() -> str:
    """Count per token (organisers behind one office address do not share a budget),
    per address for requests without one."""
    from flask_limiter.util import get_remote_address

    from eventhub.security import hash_token

    header = request.headers.get("Authorization", "")
    return "token:" + hash_token(header)[:32] if header else "ip:" + get_remote_address()


# One budget for the whole API per client, not one per endpoint.
limiter.shared_limit(api_rate_limit, scope="organiser-api", key_func=api_client_key)(api)


def _not_found(slug):
    return jsonify(error="not_found", message=f"No event with slug {slug!r}."), 404


def _unprocessable(errors: dict):
    return jsonify(error="invalid", errors=errors), 422


def place_as_json(place, positions: dict[int, int] | None = None) -> dict:
    """``positions``: waiting-list positions computed for a whole page (waitlist_positions)."""
    from eventhub.zoom.services import zoom_summary

    return {
        "number": place.session.number,
        "status": place.status,
        "listening_language": place.listening_language,
        "waitlist_position": (positions.get(place.id) if positions is not None
                              else operations.waitlist_position(place)),
        "zoom": zoom_summary(place),
    }


def registration_as_json(registration, token: str | None = None, positions: dict[int, int] | None = None) -> dict:
    data = {
        "id": registration.id,
        "status": operations.registration_status(registration),
        "email": registration.email,
        "honorific": registration.honorific,
        "given_name": registration.given_name,
        "family_name": registration.family_name,
        "country": registration.country,
        "parliament": registration.parliament,
        "role": registration.role,
        "language": registration.language,
        "timezone": registration.timezone,
        "accessibility_needs": registration.accessibility_needs,
        "created_at": iso_utc(registration.created_at),
        "sessions": [place_as_json(p, positions)
                     for p in sorted(registration.sessions, key=lambda p: p.session.number)],
    }
    if token is not None:
        data["manage_url"] = manage_url(registration, token)
    return data


def _api_errors(errors: dict) -> dict:
    """Form keys to API keys: per-session language errors are reported under
    ``listening_language`` (the message names the session)."""
    result: dict[str, list[str]] = {}
    for key, messages in errors.items():
        target = "listening_language" if key.startswith("listening_language") else key
        result.setdefault(target, []).extend(str(m) for m in messages)
    return result


@api.route("/events/<slug>/registrations", methods=["POST"])
@token_required("organiser")
def create_registration(slug):
    event = get_event(slug)
    if event is None:
        return _not_found(slug)
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        return _unprocessable({"body": ["Send a JSON object with the registration's fields."]})
    unknown = sorted(set(payload) - set(FIELDS))
    data, errors = clean_registration(event, payload, default_language="en")
    errors = _api_errors(errors)
    for key in unknown:
        errors.setdefault(key[:40], []).append("Unknown field.")
    if errors:
        return _unprocessable(errors)
    # Organisers may register people whatever the public form's state (late registrations).
    try:
        result = operations.register(event, data, actor=g.api_user.email, notify_duplicate=False,
                                     late=True, on_create=operations.audit_organiser_registration(event, g.api_user.email, "api"))
    except operations.RegistrationError as exc:
        return _unprocessable({"sessions": [str(exc)]})
    if not result.created:
        return jsonify(error="duplicate", message="This email address is already registered for this event.",
                       id=result.registration.id), 409
    body = registration_as_json(result.registration, token=result.manage_token)
    response = jsonify(body)
    response.status_code = 201
    response.headers["Location"] = url_for(".list_registrations", slug=slug, _external=False)
    return response


#: Pages beyond this cannot exist (and their offset would overflow the database).
MAX_PAGE = 100_000


def _positive_int(name: str, default: int, maximum: int | None = None):
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default, None
    try:
        value = int(raw) if len(raw) <= 20 else MAX_PAGE * 10**10
    except ValueError:
        return None, f"{name} must be a whole number."
    if value < 1 or (maximum is not None and value > maximum):
        return None, f"{name} must be between 1 and {maximum}." if maximum else f"{name} must be 1 or more."
    return value, None


@api.route("/events/<slug>/registrations", methods=["GET"])
@token_required("organiser")
def list_registrations(slug):
    event = get_event(slug)
    if event is None:
        return _not_found(slug)
    page, page_error = _positive_int("page", 1, MAX_PAGE)
    per_page, per_page_error = _positive_int("per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE)
    errors = {k: [v] for k, v in (("page", page_error), ("per_page", per_page_error)) if v}
    if errors:
        return _unprocessable(errors)
    # A bounded number of statements whatever the page size: the page and the total in one
    # (a window count), the places and their sessions in one, the waiting-list positions in one.
    result = db.session.execute(
        db.select(Registration, db.func.count().over().label("total")).filter_by(event_id=event.id)
        .order_by(Registration.id).offset((page - 1) * per_page).limit(per_page)
        .options(selectinload(Registration.sessions).joinedload(SessionRegistration.session))
    ).all()
    rows = [row[0] for row in result]
    if result:
        total = result[0][1]
    else:  # past the last page (or none yet): the total still has to be told
        total = db.session.execute(
            db.select(db.func.count(Registration.id)).filter_by(event_id=event.id)).scalar_one()
    positions = operations.waitlist_positions([place for r in rows for place in r.sessions])
    next_url = None
    if page * per_page < total:
        next_url = url_for(".list_registrations", slug=slug, page=page + 1, per_page=per_page)
    return jsonify(total=total, page=page, per_page=per_page, next=next_url,
                   items=[registration_as_json(r, positions=positions) for r in rows])
