"""Organiser API: ``GET /api/v1/events/<slug>/registrations.csv`` (bearer token of an
organiser or admin). Same filters as the console (``session``, ``status``, ``country``,
``role``, ``language``, ``q``), ``columns`` (comma-separated keys) and ``lang`` for the
header and labels."""
from __future__ import annotations

from flask import Blueprint, Response, g, jsonify, request, stream_with_context

from eventhub.events.services import get_event
from eventhub.i18n import LANGUAGES
from eventhub.security import token_required

from . import services
from .selection import parse_columns, parse_filters

exports_api = Blueprint("exports_api", __name__, url_prefix="/api/v1")


def download_response(export) -> Response:
    """A streamed attachment: the body is produced while the client reads it."""
    response = Response(stream_with_context(export.chunks), content_type=export.mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@exports_api.route("/events/<slug>/registrations.csv")
@token_required("organiser")
def registrations_csv(slug):
    if request.args.get("lang") in LANGUAGES:
        g.lang = request.args["lang"]
    event = get_event(slug)
    if event is None:
        return jsonify(error="not_found", message=f"No event with slug {slug!r}."), 404
    filters, errors = parse_filters(request.args, event)
    columns, unknown = parse_columns(request.args.get("columns", "").split(","))
    if unknown:
        errors["columns"] = "Unknown column(s): " + ", ".join(unknown[:10])
    if errors:
        return jsonify(error="invalid_filters", message="Some filters are not valid.",
                       fields={key: str(value) for key, value in errors.items()}), 422
    user = g.api_user
    export = services.export_registrations(event, filters, columns, "csv", actor=user.email,
                                           via="api", user=user)
    return download_response(export)
