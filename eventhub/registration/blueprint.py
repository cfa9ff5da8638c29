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

from eventhub.extensions import db

from . import operations, personal_cache
from .models import Registration
from .tokens import current_manage_token
from .forms import ConfirmForm, TimezoneForm, manage_sessions_form_class, registration_form_class
from .history import describe_changes
from .notifications import manage_url, place_summaries
from .validation import country_name, honorific_label, offered_sessions, role_label

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


# --- post/redirect/get for errors too ----------------------------------------------------------
# A form with errors is not answered by the POST itself (Back would then ask to send the
# form again): what was typed is kept in the (signed) session cookie, the browser is sent
# to the form's address, and that GET shows the form again with the same messages.

KEPT_FORM = "registration_form_kept"
#: What is kept must fit in the session cookie (browsers drop cookies over 4 kB).
KEPT_FORM_MAX = 2800
KEPT_NOTICES = {
    "closed": lambda: _("Registration for this event has just closed, or a session you chose is no longer open. Please check the event page."),
}


def _keep_form(event, formdata, notice: str | None = None) -> bool:
    import json

    data = [[key, value] for key, values in formdata.lists() if key != "csrf_token"
            for value in values if isinstance(value, str)]
    if len(json.dumps(data)) > KEPT_FORM_MAX:
        return False
    flask_session[KEPT_FORM] = {"slug": event.slug, "data": data, "notice": notice}
    return True


def _take_kept_form(event):
    from flask_wtf.csrf import generate_csrf
    from werkzeug.datastructures import MultiDict

    kept = flask_session.pop(KEPT_FORM, None)
    if not isinstance(kept, dict) or kept.get("slug") != event.slug:
        return None
    pairs = [(str(k), str(v)) for k, v in (kept.get("data") or []) if isinstance(k, str)]
    formdata = MultiDict(pairs)
    if current_app.config.get("WTF_CSRF_ENABLED", True):
        formdata["csrf_token"] = generate_csrf()
    return formdata, kept.get("notice")


def _back_to_form(event, form, zone, status: int, notice: str | None = None):
    """Redirect to the form, keeping what was typed; when it is too large for the
    cookie, answer the POST itself as before."""
    if _keep_form(event, request.form, notice):
        return redirect(url_for(".register", slug=event.slug), 303)
    return _render_form(event, form, zone, status=status,
                        notice=KEPT_NOTICES[notice]() if notice else None)


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
        kept = _take_kept_form(event)
        if kept is not None:  # after a POST with errors (post/redirect/get)
            formdata, notice = kept
            form = form_class(event, current_language(), zone.name, formdata=formdata, kept=True)
            form.validate()
            return _render_form(event, form, zone, notice=KEPT_NOTICES.get(notice, lambda: None)())
        prefill = _prefill()
        if zone.source == "query" or not is_valid_timezone(prefill.get("timezone", "")):
            prefill.pop("timezone", None)  # a zone the visitor just chose wins
        else:
            # The invitation's zone is the invitee's (their staff may fill this in from
            # elsewhere): the times beside each session follow the zone the form saves.
            zone = VisitorZone(prefill["timezone"], "invitation")
            set_request_zone(zone)
        chosen = request.args.get("session", "")
        if chosen.isdecimal() and len(chosen) < 4 and any(
                s.number == int(chosen) for s in offered_sessions(event)):
            prefill["sessions"] = [chosen]  # "Register for session 2" on the event page
        form = form_class(event, current_language(), zone.name, data=prefill)
        return _render_form(event, form, zone)
    form = form_class(event, current_language(), zone.name)
    if not form.validate():
        return _back_to_form(event, form, zone, status=422)
    try:
        result = operations.register(event, form.cleaned, actor="registrant")
    except operations.RegistrationError:
        return _back_to_form(event, form, zone, status=409, notice="closed")
    if not result.created:
        return redirect(url_for(".check_email", slug=event.slug))
    return redirect(url_for(".confirmation", token=result.manage_token))


@public.errorhandler(CSRFError)
def csrf_failed(error):
    """An expired or forged form: show it again with what was typed, store nothing."""
    event = get_event(request.view_args.get("slug")) if request.endpoint == "registration.register" else None
    if event is not None:  # (no abort here: an exception in an error handler is a 500)
        # (answered directly, 400: a refused token is never a redirect)
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
    # Kept per link and version (personal_cache): a hit reads one row and renders nothing.
    return personal_cache.serve("confirmation", token, lambda: _render_confirmation(token))


def _render_confirmation(token):
    registration = _registration_or_invalid(token)
    if registration is None:
        return _invalid_link()
    return _private(render_template("registration/confirmation.html",
                                    **_page_context(registration, token)))


MANAGE_KEPT = "manage_form_kept"


def _keep_manage_form(token: str, name: str) -> bool:
    """Post/redirect/get on the manage page: keep what was typed in form ``name``."""
    import json

    from eventhub.security import hash_token

    data = [[key, value] for key, values in request.form.lists() if key != "csrf_token"
            for value in values if isinstance(value, str)]
    if len(json.dumps(data)) > KEPT_FORM_MAX:
        return False
    flask_session[MANAGE_KEPT] = {"form": name, "link": hash_token(token)[:16], "data": data}
    return True


def _kept_manage_forms(registration, token) -> dict:
    """The form kept by ``_keep_manage_form`` for this link, rebuilt and checked again."""
    from flask_wtf.csrf import generate_csrf
    from werkzeug.datastructures import MultiDict

    from eventhub.security import hash_token

    from .forms import DetailsForm

    kept = flask_session.pop(MANAGE_KEPT, None)
    if not isinstance(kept, dict) or kept.get("link") != hash_token(token)[:16]:
        return {}
    formdata = MultiDict([(str(k), str(v)) for k, v in (kept.get("data") or []) if isinstance(k, str)])
    if current_app.config.get("WTF_CSRF_ENABLED", True):
        formdata["csrf_token"] = generate_csrf()
    event, lang = registration.event, current_language()
    name = kept.get("form")
    if name == "sessions_form":
        form = manage_sessions_form_class(event)(event, lang, registration, formdata=formdata, kept=True)
    elif name == "timezone_form":
        form = TimezoneForm(registration.timezone, formdata=formdata)
    elif name == "details_form":
        form = DetailsForm(registration, lang, formdata=formdata)
    elif name == "email_form":
        from .forms import EmailChangeForm

        form = EmailChangeForm(registration, formdata=formdata)
    else:
        return {}
    form.validate()
    return {name: form}


def _back_to_manage(registration, token, name: str, form, status: int):
    if _keep_manage_form(token, name):
        anchor = {"sessions_form": "change-heading", "timezone_form": "tz-heading",
                  "details_form": "correct-heading", "email_form": "email-heading"}[name]
        return redirect(url_for(".manage", token=token) + "#" + anchor, 303)
    return _render_manage(registration, token, status=status, **{name: form})


def _render_manage(registration, token, sessions_form=None, timezone_form=None, details_form=None,
                   email_form=None, status=200):
    from .forms import DetailsForm, EmailChangeForm

    event = registration.event
    lang = current_language()
    sessions_form = sessions_form or manage_sessions_form_class(event)(event, lang, registration,
                                                                       formdata=None)
    timezone_form = timezone_form or TimezoneForm(registration.timezone, formdata=None)
    details_form = details_form or DetailsForm(registration, lang, formdata=None)
    email_form = email_form or EmailChangeForm(registration, formdata=None)

    return _private(make_response(render_template(
        "registration/manage.html",
        sessions_form=sessions_form, timezone_form=timezone_form,
        details_form=details_form, email_form=email_form,
        action_form=ConfirmForm(formdata=None), history=describe_changes(registration, lang),
        times=_times(event, registration.timezone),
        **_page_context(registration, token),
    ), status))


@public.route("/<lang:lang>/r/<token>")
def manage(token):
    # Kept per link and version (personal_cache); a kept form or a flash is always rendered.
    return personal_cache.serve("manage", token, lambda: _manage_page(token))


def _manage_page(token):
    registration = _registration_or_invalid(token)
    if registration is None:
        return _invalid_link()
    return _render_manage(registration, token, **_kept_manage_forms(registration, token))


@public.route("/<lang:lang>/r/<token>/sessions", methods=["POST"])
def change_sessions(token):
    registration = _registration_or_invalid(token)
    if registration is None:
        return _invalid_link()
    event = registration.event
    form = manage_sessions_form_class(event)(event, current_language(), registration)
    if not form.validate():
        return _back_to_manage(registration, token, "sessions_form", form, 422)
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
        return _back_to_manage(registration, token, "timezone_form", form, 422)
    changed = operations.change_timezone(registration, form.timezone.data.strip(), actor="registrant")
    flash(_("Your time zone has been updated.") if changed else _("Nothing was changed."), "success")
    return redirect(url_for(".manage", token=token))


@public.route("/<lang:lang>/r/<token>/details", methods=["POST"])
def change_details(token):
    """The person corrects their own details (same rules as registering; recorded in
    the history and confirmed by email)."""
    from .forms import DetailsForm

    registration = _registration_or_invalid(token)
    if registration is None:
        return _invalid_link()
    form = DetailsForm(registration, current_language())
    if not form.validate():
        return _back_to_manage(registration, token, "details_form", form, 422)
    changed = operations.change_details(registration, form.cleaned, actor="registrant")
    from .notifications import email_language

    with email_language(registration.language):  # the next page is in the language chosen
        flash(_("Your details have been updated.") if changed else _("Nothing was changed."), "success")
    return redirect(url_for(".manage", lang=registration.language, token=token))


@public.route("/<lang:lang>/r/<token>/email", methods=["POST"])
@limiter.limit(registration_rate_limit)
def change_email(token):
    """A new email address: a link is sent to it, the change happens when it is followed."""
    from .forms import EmailChangeForm

    registration = _registration_or_invalid(token)
    if registration is None:
        return _invalid_link()
    form = EmailChangeForm(registration)
    if not form.validate():
        return _back_to_manage(registration, token, "email_form", form, 422)
    operations.request_email_change(registration, form.address, actor="registrant")
    flash(_("We have sent a link to %(email)s. Your address changes when you follow it; until then, "
            "emails keep going to the current address.", email=form.address), "success")
    return redirect(url_for(".manage", token=token), 303)


@public.route("/<lang:lang>/email-change/<token>", methods=["GET", "POST"])
@limiter.limit(registration_rate_limit, methods=["POST"])
def confirm_email_change(token):
    """The link sent to a new address. GET asks (mail scanners open links), POST applies."""
    from .tokens import read_email_change_token

    found = read_email_change_token(token, lambda rid: db.session.get(Registration, rid))
    if found is None:
        return _invalid_link()
    registration, address = found
    form = ConfirmForm()
    if request.method == "POST" and form.validate():
        try:
            operations.confirm_email_change(registration, address)
        except operations.AddressTaken:
            return _private(make_response(render_template(
                "registration/email_change.html", form=form, address=address, taken=True,
                event=registration.event, registration=registration), 409))
        flash(_("Your email address is now %(email)s. Your personal link has not changed.", email=address),
              "success")
        manage = current_manage_token(registration)
        if manage is not None:
            return redirect(url_for(".manage", token=manage), 303)
        return redirect(url_for(".confirm_email_change", token=token), 303)
    return _private(render_template("registration/email_change.html", form=form, address=address,
                                    taken=False, done=registration.email == address,
                                    event=registration.event, registration=registration))


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


@public.route("/<lang:lang>/r/<token>/regenerate", methods=["POST"])
@limiter.limit(registration_rate_limit)
def regenerate(token):
    """A new personal link; the old one (and every copy of it in emails) stops working."""
    registration = _registration_or_invalid(token)
    if registration is None:
        return _invalid_link()
    form = ConfirmForm()
    if not form.validate():
        return redirect(url_for(".manage", token=token))
    new = operations.regenerate_manage_token(registration, actor="registrant", notify=True)
    flash(_("Your personal link has been replaced: the previous link no longer works. We have emailed the new one to you."), "success")
    return redirect(url_for(".manage", token=new))


# --- "send me my link" ---------------------------------------------------------------------------

def send_link_rate_limit() -> str:
    return current_app.config.get("RATELIMIT_SEND_LINK", "10 per hour")


def _address_allowed(address: str) -> bool:
    """At most RATELIMIT_SEND_LINK_ADDRESS emails per address typed (counted by its hash:
    no address is kept in the counters). Over the limit the page says the same."""
    import hashlib

    from limits import parse

    if not limiter.enabled or not current_app.config.get("RATELIMIT_ENABLED", True):
        return True
    limit = parse(current_app.config.get("RATELIMIT_SEND_LINK_ADDRESS", "3 per hour"))
    key = hashlib.sha256(address.encode()).hexdigest()
    prefix = current_app.config.get("RATELIMIT_KEY_PREFIX", "")
    return limiter.limiter.hit(limit, f"{prefix}send-link-address", key)


SEND_LINK_KEPT = "send_link_kept"


@public.route("/<lang:lang>/my-link", methods=["GET", "POST"])
@limiter.limit(send_link_rate_limit, methods=["POST"])
def send_link_any():
    """The same form without an event (invalid-link pages): every event of the address."""
    return _send_link(None)


@public.route("/<lang:lang>/e/<slug>/my-link", methods=["GET", "POST"])
@limiter.limit(send_link_rate_limit, methods=["POST"])
def send_link(slug):
    return _send_link(slug)


def _send_link(slug):
    """A short form that emails the person their existing personal link (for this event,
    or with no event, for every event they registered for). Whether the address is
    registered, the answer is the same."""
    from .forms import SendLinkForm

    event = _event_or_404(slug) if slug else None
    here = url_for(".send_link", slug=slug) if slug else url_for(".send_link_any")
    if request.method == "POST":
        form = SendLinkForm()
        if not form.validate():
            flask_session[SEND_LINK_KEPT] = (request.form.get("email") or "")[:400]
            return redirect(here, 303)
        if _address_allowed(form.address):
            operations.send_existing_links(form.address, event)
        return redirect(url_for(".link_sent", slug=slug) if slug else url_for(".link_sent_any"), 303)
    kept = flask_session.pop(SEND_LINK_KEPT, None)
    if isinstance(kept, str):  # after a POST with an error (post/redirect/get)
        from flask_wtf.csrf import generate_csrf
        from werkzeug.datastructures import MultiDict

        formdata = MultiDict({"email": kept})
        if current_app.config.get("WTF_CSRF_ENABLED", True):
            formdata["csrf_token"] = generate_csrf()
        form = SendLinkForm(formdata=formdata)
        form.validate()
    else:
        form = SendLinkForm(formdata=None)
    return render_template("registration/send_link.html", form=form, event=event, action=here)


@public.route("/<lang:lang>/my-link/sent")
def link_sent_any():
    return render_template("registration/link_sent.html", event=None)


@public.route("/<lang:lang>/e/<slug>/my-link/sent")
def link_sent(slug):
    return render_template("registration/link_sent.html", event=_event_or_404(slug))


# The organiser API lives in api.py; importing it here lets the app factory (which
# registers every Blueprint found in ``blueprint``) pick it up.
from .api import api  # noqa: E402,F401
