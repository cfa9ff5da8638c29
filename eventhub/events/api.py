"""Organiser API for authoring events (bearer token, role organiser): create, change,
clone, and the sessions of an event. Same JSON shape as ``GET /api/v1/events/<slug>``;
errors as in the registration API (422 with messages per field in the request's
Accept-Language, 409 for a taken slug or a stale revision). The event's creator is put on
its team; per-event scoping (``accounts.scoping``) already answers 404 for a limited
account's other events."""
from __future__ import annotations

from flask import g, jsonify, make_response, request, url_for

from eventhub.extensions import db
from eventhub.security import token_required

from . import operations as ops
from .api_blueprint import api
from .services import event_as_json, get_event, session_as_json

#: Fields GET shows that a write ignores (computed, or read with another meaning).
READ_ONLY = {"registration_state"}


def _actor():
    from eventhub.audit.services import Actor

    return Actor(g.api_user.email, via="api")


def _not_found(what: str):
    return make_response(jsonify(error="not_found", message=what), 404)


def _invalid(errors: dict):
    return make_response(jsonify(error="invalid", errors={
        field: [str(message)] for field, message in errors.items()}), 422)


def _conflict(errors: dict):
    return make_response(jsonify(error="conflict", message="; ".join(errors.values()), errors={
        field: [str(message)] for field, message in errors.items()}), 409)


def _body():
    payload = request.get_json(silent=True)
    return payload if isinstance(payload, dict) else None


def _no_body():
    return _invalid({"body": "Send a JSON object."})


def _event_or_none(slug):
    return get_event(slug)


def _event_and_body(slug):
    """The event the URL names and the request's JSON object, or the answer refusing them
    (404 for an unknown event, 422 for a body that is not a JSON object)."""
    event = get_event(slug)
    if event is None:
        return None, None, _not_found(f"No event with slug {slug!r}.")
    payload = _body()
    if payload is None:
        return event, None, _no_body()
    return event, payload, None


def _refused(exc):
    """A change the operations refused: nothing of it is kept; 409 when it conflicts with
    another event (a taken slug), 422 with the field errors otherwise."""
    db.session.rollback()
    return _conflict(exc.errors) if getattr(exc, "conflict", False) else _invalid(exc.errors)


def _created(body: dict, location: str):
    response = make_response(jsonify(body), 201)
    response.headers["Location"] = location
    return response


@api.route("/events", methods=["POST"])
@token_required("organiser")
def create_event():
    payload = _body()
    if payload is None:
        return _no_body()
    data = {key: value for key, value in payload.items() if key not in READ_ONLY | {"revision"}}
    try:
        event = ops.create_event(data, creator=g.api_user, actor=_actor())
    except ops.EventChangeError as exc:
        return _refused(exc)
    return _created(event_as_json(event, organiser=True), url_for(".event_json", slug=event.slug))


@api.route("/events/<slug>", methods=["PATCH"])
@token_required("organiser")
def update_event(slug):
    event, payload, refusal = _event_and_body(slug)
    if refusal is not None:
        return refusal
    data = {key: value for key, value in payload.items() if key not in READ_ONLY | {"sessions"}}
    expected = data.pop("revision", None)
    if expected is not None and (isinstance(expected, bool) or not isinstance(expected, int)):
        return _invalid({"revision": "The revision is the whole number GET returned."})
    if data.get("status") == "ended" and event.lifecycle == "ended":
        data.pop("status")  # the GET shape sent back unchanged
    try:
        ops.update_event(event, data, expected_revision=expected, actor=_actor())
    except ops.RevisionConflict as exc:
        db.session.rollback()
        return make_response(jsonify(
            error="revision_conflict", revision=exc.current,
            message="The event was changed since you read it: read it again, then apply your change."), 409)
    except ops.EventChangeError as exc:
        return _refused(exc)
    return make_response(jsonify(event_as_json(event, organiser=True)))


@api.route("/events/<slug>/clone", methods=["POST"])
@token_required("organiser")
def clone_event(slug):
    event, payload, refusal = _event_and_body(slug)
    if refusal is not None:
        return refusal
    unknown = set(payload) - {"slug", "first_day"}
    if unknown:
        return _invalid({key[:40]: "Unknown field." for key in sorted(unknown)})
    errors = {key: "This field is required." for key in ("slug", "first_day") if key not in payload}
    if errors:
        return _invalid(errors)
    try:
        clone = ops.clone_event(event, payload["slug"], payload["first_day"], creator=g.api_user,
                                actor=_actor())
    except ops.EventChangeError as exc:
        return _refused(exc)
    return _created(event_as_json(clone, organiser=True), url_for(".event_json", slug=clone.slug))


@api.route("/events/<slug>/sessions", methods=["POST"])
@token_required("organiser")
def add_session(slug):
    event, payload, refusal = _event_and_body(slug)
    if refusal is not None:
        return refusal
    try:
        session = ops.add_session(event, payload, actor=_actor())
    except ops.SessionChangeError as exc:
        return _refused(exc)
    return _created(session_as_json(session, organiser=True),
                    url_for(".event_json", slug=slug) + f"#session-{session.number}")


def _session_or_none(event, number):
    return event.session_by_number(number) if event is not None else None


# PATCH /events/<slug>/sessions/<number> is served by the Zoom domain's handler
# (eventhub/zoom/blueprint.py, update_session_api): the contract API clients had before
# event authoring (400 for a body that is not JSON, "changed", "zoom_mode" and "revision"
# in the answer, messages in the Accept-Language). A second handler here for the same URL
# was unreachable or hid that one, depending on the order the blueprints were registered.


@api.route("/events/<slug>/sessions/<int:number>", methods=["DELETE"])
@token_required("organiser")
def delete_session(slug, number):
    event = _event_or_none(slug)
    session = _session_or_none(event, number)
    if session is None:
        return _not_found(f"No session {number} in event {slug!r}.")
    confirm = request.args.get("confirm", "").lower() in ("1", "true", "yes")
    try:
        outcome = ops.remove_session(session, confirm=confirm, actor=_actor())
    except ops.ConfirmationRequired as exc:
        return make_response(jsonify(
            error="confirmation_required", registrations=exc.registrations,
            message=f"{exc.registrations} people are registered for this session: repeat with "
                    "?confirm=true to cancel it and email each of them."), 409)
    if outcome == "deleted":
        return make_response("", 204)
    return make_response(jsonify(session_as_json(session, organiser=True)))
