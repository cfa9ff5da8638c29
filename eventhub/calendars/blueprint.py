"""Calendar downloads: one session, a whole event, a registrant's own sessions."""
from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, make_response, render_template, request

from eventhub import pagecache
from eventhub.events.blueprint import load_event_or_404
from eventhub.extensions import db, limiter
from eventhub.i18n import current_language
from eventhub.security import hash_token, tokens_equal

from . import services

calendars = Blueprint("calendars", __name__)


def ics_response(body: bytes, filename: str, personal: bool = False) -> Response:
    response = Response(body, content_type=services.ICS_CONTENT_TYPE)
    # Filenames are ASCII in every language (slug + number), so no filename* is needed.
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    if personal:
        # Carries a personal join link: never kept by shared caches, never indexed.
        response.headers["Cache-Control"] = "private, no-store"
        response.headers["X-Robots-Tag"] = "noindex"
    else:
        response.headers["Cache-Control"] = "public, no-cache"
    return response


@calendars.route("/<lang:lang>/e/<slug>/s/<int:number>.ics")
def session_ics(slug, number):
    def render():
        event = load_event_or_404(slug)
        session = event.session_by_number(number)
        if session is None:
            abort(404)
        return ics_response(services.session_calendar(session, current_language()),
                            services.session_filename(session))

    return pagecache.serve(("session_ics", slug, number, current_language()),
                           pagecache.event_version(slug), render)


@calendars.route("/<lang:lang>/e/<slug>/calendar.ics")
def event_ics(slug):
    def render():
        event = load_event_or_404(slug)
        return ics_response(services.event_calendar(event, current_language()),
                            services.event_filename(event))

    return pagecache.serve(("event_ics", slug, current_language()), pagecache.event_version(slug), render)


@calendars.route("/<lang:lang>/r/<token>/calendar.ics")
def registration_ics(token):
    from eventhub.registration.models import Registration

    registration = db.session.execute(
        db.select(Registration).filter_by(manage_token_hash=hash_token(token))
    ).scalar_one_or_none()
    if registration is None or registration.anonymised_at is not None:
        abort(404)
    body = services.registration_calendar(registration, current_language(), manage_token=token)
    return ics_response(body, services.registration_filename(registration), personal=True)


@calendars.route("/<lang:lang>/r/<int:registration_id>/<token>/feed.ics")
def registration_feed(registration_id, token):
    """The person's sessions as a feed calendar applications subscribe to (and fetch
    again): changes of time or a cancellation reach the calendar by themselves. Its own
    token (not the manage token): the calendar service that fetches it cannot manage."""
    from eventhub.registration.models import Registration

    registration = db.session.get(Registration, registration_id)
    expected = services.feed_token(registration) if registration is not None else None
    if expected is None or len(token) > 100 or not tokens_equal(token, expected):
        abort(404)
    body = services.registration_calendar(registration, current_language())
    return ics_response(body, services.registration_filename(registration), personal=True)


def _link_rate_limit() -> str:
    return current_app.config.get("RATELIMIT_CALENDAR_LINK", "5 per hour")


def _link_rate_key() -> str:
    return f"calendar-link:{(request.view_args or {}).get('registration_id')}"


def _registration_by_feed_token(registration_id, token):
    from eventhub.registration.models import Registration

    registration = db.session.get(Registration, registration_id)
    expected = services.feed_token(registration) if registration is not None else None
    if expected is None or len(token) > 100 or not tokens_equal(token, expected):
        return None
    return registration


@calendars.route("/<lang:lang>/c/<int:registration_id>/<token>", methods=["GET", "POST"])
@limiter.limit(_link_rate_limit, methods=["POST"], key_func=_link_rate_key)
@limiter.limit(_link_rate_limit, methods=["POST"])
def registration_link(registration_id, token):
    """Where a personal calendar entry links: it cannot change anything (the calendar
    may be shared); it emails the person's manage link to the address they registered
    with. Limited per registration and per client."""
    from eventhub.registration import operations
    from eventhub.registration.blueprint import _invalid_link, _private
    from eventhub.registration.forms import ConfirmForm

    registration = _registration_by_feed_token(registration_id, token)
    if registration is None:
        return _invalid_link()
    form = ConfirmForm()
    sent = False
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        operations.resend_manage_link(registration, actor="registrant", reason="requested")
        sent = True
    return _private(make_response(render_template(
        "calendars/registration_link.html", event=registration.event, form=form, sent=sent,
        registration_id=registration_id, token=token)))


@calendars.app_template_global("calendar_feed_links")
def calendar_feed_links(registration, lang: str) -> dict[str, str] | None:
    """For the manage and confirmation pages: ``calendar_feed_links(registration, current_lang)``."""
    return services.feed_links(registration, lang)


@calendars.app_template_global("calendar_links")
def calendar_links(session, lang: str) -> dict[str, str]:
    """For templates: ``calendar_links(session, current_lang)``."""
    return services.add_to_calendar_links(session, lang)
