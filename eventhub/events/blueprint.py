"""Public event pages (/<lang>/...) and the public event API (/api/v1/events/...)."""
from __future__ import annotations

from flask import Blueprint, abort, jsonify, make_response, redirect, render_template, url_for
from flask_babel import get_locale

from eventhub.i18n import best_language
from eventhub.timezones import (
    common_timezones,
    remember_visitor_zone,
    resolve_visitor_zone,
    session_times,
    set_request_zone,
)

from .services import event_as_json, get_event, list_events

public = Blueprint("events", __name__)
api = Blueprint("events_api", __name__, url_prefix="/api/v1")


def load_event_or_404(slug: str):
    event = get_event(slug)
    if event is None:
        abort(404)
    return event


def visitor_session_times(event):
    """Resolve the visitor's zone for this event and compute each session's times."""
    zone = resolve_visitor_zone(event.reference_timezone)
    set_request_zone(zone)
    locale = str(get_locale())
    times = {
        s.number: session_times(s.starts_at, s.ends_at, event.reference_timezone, zone.name, locale)
        for s in event.sessions
    }
    return zone, times


@public.route("/")
def root():
    return redirect(url_for("events.index", lang=best_language()))


@public.route("/e/<slug>/")
def event_redirect(slug):
    return redirect(url_for("events.event_page", lang=best_language(), slug=slug))


@public.route("/<lang:lang>/")
def index():
    events = list_events()
    if len(events) == 1:
        return redirect(url_for("events.event_page", slug=events[0].slug))
    return render_template("events/index.html", events=events)


@public.route("/<lang:lang>/e/<slug>/")
def event_page(slug):
    event = load_event_or_404(slug)
    zone, times = visitor_session_times(event)
    response = make_response(render_template(
        "events/event.html", event=event, zone=zone, times=times, timezones=common_timezones(),
    ))
    return remember_visitor_zone(response, zone)


@api.route("/events/<slug>")
def event_json(slug):
    event = get_event(slug)
    if event is None:
        return jsonify(error="not_found", message=f"No event with slug {slug!r}."), 404
    return jsonify(event_as_json(event))
