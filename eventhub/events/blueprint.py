"""Public event pages (/<lang>/...) and the public event API (/api/v1/events/...)."""
from __future__ import annotations

from flask import (Blueprint, abort, g, jsonify, make_response, redirect, render_template, request,
                   url_for)
from flask_babel import get_locale

from eventhub import pagecache
from eventhub.i18n import best_language, current_language
from eventhub.timezones import (
    remember_visitor_zone,
    resolve_visitor_zone,
    session_times,
    set_request_zone,
    zone_choices,
)

from .api_blueprint import api  # (registered by the app factory from this module)
from .services import event_as_json, get_event, list_archived_events, list_public_events

public = Blueprint("events", __name__)


PUBLIC_PREFIXES_EXCLUDED = ("/console/", "/api/")


def public_version(slug: str):
    """The event's page version for this request (read once), or None."""
    cache = g.setdefault("_event_versions", {})
    if slug not in cache:
        cache[slug] = pagecache.event_version(slug)
    return cache[slug]


@public.before_app_request
def hide_drafts():
    """Drafts are not public: every page outside the console and the API whose URL names a
    draft (event page, registration, calendar files, inputs, invitations, texts) answers
    404, exactly as for an event that does not exist. The console previews drafts; the
    API shows them to organisers' tokens (``event_json``)."""
    slug = (request.view_args or {}).get("slug")
    if slug is None or request.path.startswith(PUBLIC_PREFIXES_EXCLUDED):
        return None
    version = public_version(slug)
    if version is not None and version.status != "published":
        abort(404)
    return None


@public.app_template_global("visitor_instant")
def visitor_instant(instant):
    """An instant as a <time> in the visitor's language and zone (the one the page resolved),
    e.g. "mardi 1 décembre 2026, 09:00 CET (Europe/Zurich)"."""
    from babel.dates import format_date, format_time
    from markupsafe import Markup, escape

    from eventhub.timezones import iso_utc, localised_abbreviation

    if instant is None:
        return ""
    import pytz

    zone_name = g.get("visitor_timezone") or "UTC"
    lang = current_language()
    local = instant.astimezone(pytz.timezone(zone_name))
    text = (f"{format_date(local.date(), 'full', locale=lang)}, "
            f"{format_time(local, 'HH:mm', tzinfo=local.tzinfo, locale=lang)} "
            f"{localised_abbreviation(instant, zone_name, lang)}")
    return Markup(f'<time datetime="{iso_utc(instant)}">{escape(text)}</time>')


@public.app_template_global("concept_note_html")
def concept_note_html(event, lang=None):
    """The event's concept note in ``lang`` (default: the page's), rendered and sanitised."""
    from .markdown import render_markdown

    return render_markdown(event.text("concept_note", lang))


def load_event_or_404(slug: str):
    """The event of a page; a draft only on console pages (invitations, Zoom, inputs... are
    prepared before publishing; role checks and the team scope guard the console)."""
    event = get_event(slug)
    if event is None or (event.is_draft and not request.path.startswith("/console/")):
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
    """Events open or upcoming, in the visitor's language (straight to the only one)."""
    events = list_public_events()
    if len(events) == 1:
        return redirect(url_for("events.event_page", slug=events[0].slug))
    return render_template("events/index.html", events=events, archive=list_archived_events())


@public.route("/<lang:lang>/e/<slug>/")
def event_page(slug):
    version = public_version(slug)
    if version is None or version.status != "published":
        abort(404)

    def render():
        event = load_event_or_404(slug)
        zone, times = visitor_session_times(event)
        return make_response(render_template(
            "events/event.html", event=event, zone=zone, times=times,
            timezones=zone_choices(current_language(), zone.name),
        ))

    # The page is the same for everyone asking in this language and zone (pagecache), with
    # the same query string: the language links carry it (i18n.language_switch_url).
    zone = resolve_visitor_zone_for(version)
    response = pagecache.serve(("event_page", slug, str(get_locale()), zone.name, zone.source, zone.rejected,
                                request.query_string), version, render)
    return remember_visitor_zone(response, zone)


def resolve_visitor_zone_for(version):
    """The visitor's zone for an event known only by its version row (no event loaded)."""
    zone = resolve_visitor_zone(version.reference_timezone)
    set_request_zone(zone)
    return zone


# --- API ------------------------------------------------------------------------------------------

def _not_found(slug):
    return make_response(jsonify(error="not_found", message=f"No event with slug {slug!r}."), 404)


def _optional_organiser():
    """The organiser behind the request's bearer token; None without a token. A token that
    is not valid is refused (401) rather than read as anonymous."""
    from eventhub.security import api_user_from_request

    if not request.headers.get("Authorization"):
        return None, None
    user = api_user_from_request()
    if user is None:
        response = jsonify(error="unauthorized", message="A valid bearer token is required.")
        response.status_code = 401
        response.headers["WWW-Authenticate"] = 'Bearer realm="eventhub"'
        return None, response
    return (user if user.has_role("organiser") else None), None


@api.route("/events/<slug>")
def event_json(slug):
    organiser, refusal = _optional_organiser()
    if refusal is not None:
        return refusal
    if organiser is not None:
        # Drafts and the authoring fields; never cached (the page cache is for anonymous answers).
        event = get_event(slug)
        if event is None:
            return _not_found(slug)
        return make_response(jsonify(event_as_json(event, organiser=True)))

    def render():
        event = get_event(slug)
        if event is None or event.is_draft:
            return _not_found(slug)
        return make_response(jsonify(event_as_json(event)))

    version = public_version(slug)
    if version is None or version.status != "published":
        return _not_found(slug)
    return pagecache.serve(("event_json", slug), version, render)


from . import api as _authoring_api  # noqa: E402,F401  (POST/PATCH routes on the same blueprint)
from .console import console as events_console  # noqa: E402,F401  (registered with the others)
