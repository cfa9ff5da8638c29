"""Public registration pages: the form, confirmation, "check your email", the personal
manage page (/<lang>/r/<token>) and the privacy notice. Views stay thin: the rules are
in ``validation``, the changes in ``operations``."""
from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session as flask_session,
    url_for,
)
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError

from eventhub.events.services import get_event
from eventhub.extensions import limiter
from eventhub.i18n import current_language
from eventhub.timezones import (
    VisitorZone,
    is_valid_timezone,
    remember_visitor_zone,
    resolve_visitor_zone,
    session_times,
    set_request_zone,
)

from . import operations
from .forms import ConfirmForm, TimezoneForm, manage_sessions_form_class, registration_form_class
from .history import describe_changes
from .notifications import manage_url, place_summaries
from .validation import country_name, honorific_label, role_label

public = Blueprint("registration", __name__)


@public.app_template_filter("honorific")
def honorific_filter(code: str) -> str:
    """A stored honorific code ("hon") as its label in the page language ("L’hon.")."""
    from .validation import honorific_label

    return honorific_label(code)

#: Keys other domains may put in ``session["registration_prefill"]`` (see the brief).
PREFILL_KEYS = ("honorific", "given_name", "family_name", "email", "parliament", "country", "timezone")


def registration_rate_limit() -> str:
    return current_app.config["RATELIMIT_REGISTRATION"]


def _event_or_404(slug):
    event = get_event(slug)
    if event is None:
        abort(404)
    return event


def _prefill() -> dict:
    prefill = flask_session.get("registration_prefill")
    if not isinstance(prefill, dict):
        return {}
    return {key: str(prefill[key]) for key in PREFILL_KEYS if prefill.get(key)}


def _private(response):
    """Pages reached through a personal link: never cached, indexed or sent as Referer."""
    response = make_response(response)
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def _times(event, zone_name: str) -> dict:
    """Each session's times in the event's zone and ``zone_name``, by session number."""
    lang = current_language()
    return {s.number: session_times(s.starts_at, s.ends_at, event.reference_timezone, zone_name, lang)
            for s in event.sessions}


def _render_form(event, form, zone, status=200, notice=None):
    response = make_response(render_template(
        "registration/register.html", event=event, form=form, zone=zone, notice=notice,
        times=_times(event, zone.name),
    ), status)
    return remember_visitor_zone(response, zone)


@public.route("/<lang:lang>/e/<slug>/register", methods=["GET", "POST"])
@limiter.limit(registration_rate_limit, methods=["POST"])
def register(slug):
    event = _event_or_404(slug)
    zone = resolve_visitor_zone(event.reference_timezone)
    set_request_zone(zone)
    if not event.registration_open:
        return render_template("registration/closed.html", event=event), 200 if request.method == "GET" else 409
    form_class = registration_form_class(event)
    if request.method == "GET":
        prefill = _prefill()
        if zone.source == "query" or not is_valid_timezone(prefill.get("timezone", "")):
            prefill.pop("timezone", None)  # a zone the visitor just chose wins
        else:
            # The invitation's zone is the invitee's (their staff may fill this in from
            # elsewhere): the times beside each session follow the zone the form saves.
            zone = VisitorZone(prefill["timezone"], "invitation")
            set_request_zone(zone)
        form = form_class(event, current_language(), zone.name, data=prefill)
        return _render_form(event, form, zone)
    form = form_class(event, current_language(), zone.name)
    if not form.validate():
        return _render_form(event, form, zone, status=422)
    try:
        result = operations.register(event, form.cleaned, actor="registrant")
    except operations.RegistrationError:
        return _render_form(event, form, zone, status=409,
                            notice=_("Registration for this event has just closed, or a session you chose is no longer open. Please check the event page."))
    if not result.created:
        return redirect(url_for(".check_email", slug=event.slug))
    return redirect(url_for(".confirmation", token=result.manage_token))


@public.errorhandler(CSRFError)
def csrf_failed(error):
    """An expired or forged form: show it again with what was typed, store nothing."""
    event = get_event(request.view_args.get("slug")) if request.endpoint == "registration.register" else None
    if event is not None:  # (no abort here: an exception in an error handler is a 500)
        zone = resolve_visitor_zone(event.reference_timezone)
        set_request_zone(zone)
        form = registration_form_class(event)(event, current_language(), zone.name,
                                              formdata=request.form, meta={"csrf": False})
        return _render_form(event, form, zone, status=400, notice=_(
            "This form had expired, so nothing was saved. Please check your details and submit it again."))
    return render_template("errors/error.html", error=error), 400


@public.route("/<lang:lang>/e/<slug>/register/check-email")
def check_email(slug):
    event = _event_or_404(slug)
    return render_template("registration/check_email.html", event=event)


@public.route("/<lang:lang>/privacy")
def privacy():
    from email.utils import parseaddr

    contact = parseaddr(current_app.config.get("PRIVACY_CONTACT") or current_app.config["MAIL_FROM"])[1]
    return render_template("registration/privacy.html", contact=contact)


# --- personal pages ----------------------------------------------------------------------------

def _registration_or_invalid(token):
    registration = operations.registration_by_token(token)
    if registration is None or registration.anonymised_at is not None:
        return None
    return registration


def _invalid_link():
    return _private(make_response(render_template("registration/invalid_link.html"), 404))


def _page_context(registration, token):
    lang = current_language()
    set_request_zone(VisitorZone(registration.timezone, "registration"))
    return dict(
        registration=registration, event=registration.event, token=token,
        places=place_summaries(registration, lang),
        manage_link=manage_url(registration, token, lang),
        status=operations.registration_status(registration),
        honorific=honorific_label(registration.honorific),
        country=country_name(registration.country, lang), role=role_label(registration.role),
    )


@public.route("/<lang:lang>/r/<token>/confirmation")
def confirmation(token):
    registration = _registration_or_invalid(token)
    if registration is None:
        return _invalid_link()
    return _private(render_template("registration/confirmation.html",
                                    **_page_context(registration, token)))


def _render_manage(registration, token, sessions_form=None, timezone_form=None, status=200):
    event = registration.event
    lang = current_language()
    sessions_form = sessions_form or manage_sessions_form_class(event)(event, lang, registration,
                                                                       formdata=None)
    timezone_form = timezone_form or TimezoneForm(registration.timezone, formdata=None)
    return _private(make_response(render_template(
        "registration/manage.html", sessions_form=sessions_form, timezone_form=timezone_form,
        action_form=ConfirmForm(formdata=None), history=describe_changes(registration, lang),
        times=_times(event, registration.timezone),
        **_page_context(registration, token),
    ), status))


@public.route("/<lang:lang>/r/<token>")
def manage(token):
    registration = _registration_or_invalid(token)
    if registration is None:
        return _invalid_link()
    return _render_manage(registration, token)


@public.route("/<lang:lang>/r/<token>/sessions", methods=["POST"])
def change_sessions(token):
    registration = _registration_or_invalid(token)
    if registration is None:
        return _invalid_link()
    event = registration.event
    form = manage_sessions_form_class(event)(event, current_language(), registration)
    if not form.validate():
        return _render_manage(registration, token, sessions_form=form, status=422)
    try:
        done = operations.change_sessions(registration, form.wanted, actor="registrant")
    except operations.RegistrationError:
        form.sessions.errors = [_("This session is no longer open. Please choose another.")]
        return _render_manage(registration, token, sessions_form=form, status=409)
    flash(_("Your sessions have been updated.") if done else _("Nothing was changed."), "success")
    return redirect(url_for(".manage", token=token))


@public.route("/<lang:lang>/r/<token>/timezone", methods=["POST"])
def change_timezone(token):
    registration = _registration_or_invalid(token)
    if registration is None:
        return _invalid_link()
    form = TimezoneForm(registration.timezone)
    if not form.validate():
        return _render_manage(registration, token, timezone_form=form, status=422)
    changed = operations.change_timezone(registration, form.timezone.data.strip(), actor="registrant")
    flash(_("Your time zone has been updated.") if changed else _("Nothing was changed."), "success")
    return redirect(url_for(".manage", token=token))


@public.route("/<lang:lang>/r/<token>/cancel", methods=["GET", "POST"])
def cancel(token):
    registration = _registration_or_invalid(token)
    if registration is None:
        return _invalid_link()
    form = ConfirmForm()
    if request.method == "POST" and form.validate():
        operations.cancel_registration(registration, actor="registrant")
        flash(_("Your registration has been cancelled."), "success")
        return redirect(url_for(".manage", token=token))
    return _private(render_template("registration/cancel.html", form=form,
                                    **_page_context(registration, token)))


@public.route("/<lang:lang>/r/<token>/resend", methods=["POST"])
@limiter.limit(registration_rate_limit)
def resend(token):
    registration = _registration_or_invalid(token)
    if registration is None:
        return _invalid_link()
    form = ConfirmForm()
    if form.validate():
        operations.resend_manage_link(registration, actor="registrant", token=token)
        flash(_("We have emailed this link to you again."), "success")
    return redirect(url_for(".manage", token=token))


# The organiser API lives in api.py; importing it here lets the app factory (which
# registers every Blueprint found in ``blueprint``) pick it up.
from .api import api  # noqa: E402,F401
