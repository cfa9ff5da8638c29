"""Invitation pages.

Public (``/<lang>/...``): the personal link ``/<lang>/i/<token>``, its decline step and
the printable concept note ``/<lang>/e/<slug>/concept-note``.
Console (``/console/events/<slug>/invitations...``, organisers): list with statuses,
import with a validation report and column mapping, manual add and edit, sending,
resending, previews in each language and a test to oneself.
"""
from __future__ import annotations

import secrets
from pathlib import Path

from flask import (Blueprint, abort, current_app, flash, make_response, redirect, render_template,
                   request, session, url_for)
from flask_babel import force_locale, gettext as _, lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup

from eventhub.bounds import int_arg
from eventhub.console.navigation import add_menu_item
from eventhub.events.blueprint import load_event_or_404
from eventhub.events.services import get_event
from eventhub.extensions import csrf, db
from eventhub.i18n import LANGUAGES, list_comma, ngettext, text_direction
from eventhub.security import role_required
from eventhub.timezones import VisitorZone, resolve_visitor_zone, session_times, set_request_zone

from . import uploads
from .forms import ActionForm, ImportForm, InviteeForm, MappingForm, TestSendForm
from .importing import import_invitees, looks_like_formula
from .models import InvitationSend, Invitee, InviteeStatus
from .optouts import opt_outs, unsubscribe_token
from .notifications import (InvitationLinks, event_url, public_url, register_path,
                            render_invitation, spoken_languages)
from .operations import (InvitationError, InviteeData, create_invitee, decline_invitation,
                         find_invitee_by_token, invitee_display_name, invitee_salutation, queue_invitations, record_opening,
                         opted_out_invitee_ids, registration_prefill, resend_invitation,
                         send_test, sendable_count, status_counts, sync_registered,
                         update_invitee)

public = Blueprint("invitations", __name__)
public.add_app_template_global(invitee_salutation, "invitee_salutation")
public.add_app_template_global(invitee_display_name, "invitee_display_name")
console = Blueprint("invitations_console", __name__, url_prefix="/console/events/<slug>/invitations")

add_menu_item("invitations_console.index", _l("Invitations"), roles=("organiser",), event_scoped=True,
              order=35)

ERRORS = {
    "already_invited": _l("This email address is already on the invitation list of this event."),
    "already_queued": _l("An invitation to this person is already waiting to be sent."),
    "unknown_language": _l("Please choose one of the four languages."),
    "opted_out": _l("This address has unsubscribed from this event's invitations and reminders: nothing was sent."),
}

STATUS_LABELS = {
    InviteeStatus.NOT_SENT.value: _l("Not sent"),
    InviteeStatus.QUEUED.value: _l("Queued"),
    InviteeStatus.SENT.value: _l("Sent"),
    InviteeStatus.FAILED.value: _l("Failed"),
    InviteeStatus.REGISTERED.value: _l("Has registered"),
    InviteeStatus.DECLINED.value: _l("Declined"),
}

OPT_OUT_SOURCES = {
    "one-click": _l("One-click unsubscribe from the mail program"),
    "page": _l("Unsubscribe link in an email"),
    "decline": _l("Decline page"),
}

KIND_LABELS = {
    "initial": _l("Invitation"),
    "resend": _l("Resend"),
    "test": _l("Test"),
    "reminder": _l("Reminder"),
}

PAGE_SIZE = 200


# --- public pages ----------------------------------------------------------------------

def _personal(response):
    """Pages behind a personal link are never cached or shared."""
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def _invitee_or_404(token: str) -> Invitee:
    invitee = find_invitee_by_token(token)
    if invitee is None:
        abort(404)
    return invitee


@public.route("/<lang:lang>/i/<token>")
def landing(token):
    from eventhub.i18n import current_language

    lang = current_language()
    invitee = _invitee_or_404(token)
    event = invitee.event
    record_opening(invitee, lang)
    session["registration_prefill"] = registration_prefill(invitee, lang)
    session["invitation_id"] = invitee.id
    if invitee.timezone:
        zone = VisitorZone(invitee.timezone, "invitee")
    else:
        zone = resolve_visitor_zone(event.reference_timezone)
    set_request_zone(zone)
    times = {s.number: session_times(s.starts_at, s.ends_at, event.reference_timezone, zone.name, lang)
             for s in event.sessions}
    response = make_response(render_template(
        "invitations/landing.html", event=event, invitee=invitee, times=times, zone=zone,
        register_url=register_path(event, lang), token=token, spoken_languages=spoken_languages,
    ))
    return _personal(response)


@public.route("/<lang:lang>/i/<token>/decline", methods=["GET", "POST"])
def decline(token):
    invitee = _invitee_or_404(token)
    form = ActionForm()
    state = "ask"
    if request.method == "POST":
        if form.validate_on_submit():
            state = "declined" if decline_invitation(invitee) else "registered"
        else:
            abort(400)
    elif invitee.status == InviteeStatus.DECLINED.value:
        state = "declined"
    response = make_response(render_template(
        "invitations/decline.html", event=invitee.event, invitee=invitee, form=form, state=state,
        token=token, unsubscribe_token=unsubscribe_token("i", invitee.id),
    ))
    return _personal(response)


@public.route("/<lang:lang>/u/<token>", methods=["GET", "POST"])
@csrf.exempt  # RFC 8058: mail programs POST "List-Unsubscribe=One-Click" with no cookie or form token
def unsubscribe(token):
    """Opt out of this event's invitations and reminders. GET only asks (link checkers
    and previews open links); any POST with a valid token opts out."""
    from eventhub.events.models import Event
    from eventhub.registration.blueprint import _invalid_link

    from .optouts import is_opted_out, opt_out, resolve_token

    found = resolve_token(token)
    event = db.session.get(Event, found[0]) if found else None
    if event is None:
        return _invalid_link()
    event_id, email = found
    if request.method == "POST":
        one_click = request.form.get("List-Unsubscribe") == "One-Click"
        source = "one-click" if one_click else ("decline" if request.form.get("via") == "decline" else "page")
        opt_out(event_id, email, source)
        state = "done"
    else:
        state = "done" if is_opted_out(event_id, email) else "ask"
    return _personal(make_response(render_template("invitations/unsubscribe.html", event=event,
                                                   token=token, state=state,
                                                   via=request.args.get("via") == "decline")))


def concept_note_section(event, lang: str) -> Markup:
    """One language's concept note, with that language's interface strings."""
    with force_locale(lang):
        times = {s.number: session_times(s.starts_at, s.ends_at, event.reference_timezone,
                                         event.reference_timezone, lang) for s in event.sessions}
        return Markup(render_template(
            "invitations/_concept_note.html", event=event, lang=lang, dir=text_direction(lang),
            times=times, comma=list_comma(lang), spoken_languages=spoken_languages, register_url=public_url(register_path(event, lang)),
        ))


@public.route("/<lang:lang>/e/<slug>/concept-note")
def concept_note(slug):
    from eventhub.i18n import current_language

    event = load_event_or_404(slug)
    all_languages = request.args.get("all") == "1"
    languages = LANGUAGES if all_languages else (current_language(),)
    sections = [(lang, concept_note_section(event, lang)) for lang in languages]
    return render_template("invitations/concept_note.html", event=event, sections=sections,
                           all_languages=all_languages)


# --- console ----------------------------------------------------------------------------

def _actor() -> str:
    return current_user.email


def _invitee_of_event(event, invitee_id: int) -> Invitee:
    invitee = db.session.get(Invitee, invitee_id)
    if invitee is None or invitee.event_id != event.id:
        abort(404)
    return invitee


def _uploads_dir() -> Path:
    return uploads.directory()


@console.context_processor
def console_context():
    return {"STATUS_LABELS": STATUS_LABELS, "KIND_LABELS": KIND_LABELS, "OPT_OUT_SOURCES": OPT_OUT_SOURCES,
            "looks_like_formula": looks_like_formula}


def console_event_or_404(slug: str):
    """The event for the console pages, drafts included (the public pages 404 for a
    draft; organisers prepare its invitation list before publishing it)."""
    event = get_event(slug)
    if event is None:
        abort(404)
    return event


def _refuse_draft(event) -> bool:
    """Invitations link to the event's public page: none is sent while it is a draft."""
    if event.is_draft:
        flash(_("This event is a draft: publish it before sending invitations, so that their "
                "links open its page."), "error")
        return True
    return False


@console.route("")
@role_required("organiser")
def index(slug):
    event = console_event_or_404(slug)
    sync_registered(event)  # someone who registered is shown so, whatever the letter case
    status = request.args.get("status", "")
    page = int_arg("page")
    query = db.select(Invitee).where(Invitee.event_id == event.id).order_by(Invitee.id)
    if status in STATUS_LABELS:
        query = query.where(Invitee.status == status)
    invitees = db.paginate(query, page=page, per_page=PAGE_SIZE, error_out=False)
    return render_template("invitations/console/index.html", event=event, invitees=invitees,
                           counts=status_counts(event), status=status, action_form=ActionForm(),
                           test_form=TestSendForm(), languages=LANGUAGES,
                           sendable=sendable_count(event), opt_outs=opt_outs(event),
                           opted_out=opted_out_invitee_ids(event, [i.id for i in invitees.items]))


@console.route("/import", methods=["GET", "POST"])
@role_required("organiser")
def import_list(slug):
    event = console_event_or_404(slug)
    form = ImportForm()
    if form.validate_on_submit():
        upload = form.file.data
        content = upload.read()
        report = import_invitees(event, content, upload.filename or "")
        if report.needs_mapping:
            upload_id = secrets.token_urlsafe(16)
            (_uploads_dir() / f"{upload_id}.upload").write_bytes(content)
            (_uploads_dir() / f"{upload_id}.name").write_text(upload.filename or "", encoding="utf-8")
            mapping_form = MappingForm.for_headers(report.headers, detected=report.mapping)
            mapping_form.upload.data = upload_id
            return render_template("invitations/console/mapping.html", event=event, report=report,
                                   form=mapping_form)
        return render_template("invitations/console/report.html", event=event, report=report)
    return render_template("invitations/console/import.html", event=event, form=form)


@console.route("/import/columns", methods=["POST"])
@role_required("organiser")
def import_with_columns(slug):
    event = console_event_or_404(slug)
    upload_id = request.form.get("upload", "")
    if not upload_id or not upload_id.replace("-", "").replace("_", "").isalnum():
        abort(400)
    stored = _uploads_dir() / f"{upload_id}.upload"
    if not stored.exists() or uploads.is_expired(stored):
        flash(_("The uploaded file is no longer available. Please upload it again."), "error")
        return redirect(url_for(".import_list", slug=slug))
    content = stored.read_bytes()
    name_file = _uploads_dir() / f"{upload_id}.name"
    filename = name_file.read_text(encoding="utf-8") if name_file.exists() else ""
    from .importing import read_table

    headers = read_table(content, filename, []).headers
    form = MappingForm.for_headers(headers, formdata=request.form)
    if not form.validate_on_submit():
        abort(400)
    report = import_invitees(event, content, filename, columns=form.columns())
    if report.needs_mapping:
        form.upload.data = upload_id
        return render_template("invitations/console/mapping.html", event=event, report=report, form=form)
    stored.unlink(missing_ok=True)
    name_file.unlink(missing_ok=True)
    return render_template("invitations/console/report.html", event=event, report=report)


def _form_data(form: InviteeForm) -> InviteeData:
    return InviteeData(name=form.name.data.strip(), email=form.email.data, language=form.language.data,
                       parliament=(form.parliament.data or "").strip(), country=form.country.data or "",
                       timezone=form.timezone.data or None)


@console.route("/add", methods=["GET", "POST"])
@role_required("organiser")
def add(slug):
    event = console_event_or_404(slug)
    form = InviteeForm()
    if form.validate_on_submit():
        try:
            invitee = create_invitee(event, _form_data(form))
        except InvitationError as exc:
            form.email.errors.append(ERRORS[exc.code])
        else:
            flash(_("%(name)s was added to the invitation list.", name=invitee.name), "success")
            return redirect(url_for(".index", slug=slug))
    return render_template("invitations/console/edit.html", event=event, form=form, invitee=None)


@console.route("/<int:invitee_id>", methods=["GET", "POST"])
@role_required("organiser")
def edit(slug, invitee_id):
    event = console_event_or_404(slug)
    invitee = _invitee_of_event(event, invitee_id)
    form = InviteeForm(obj=invitee if request.method == "GET" else None)
    if request.method == "GET":
        form.timezone.data = invitee.timezone or ""
    if form.validate_on_submit():
        try:
            update_invitee(invitee, _form_data(form))
        except InvitationError as exc:
            form.email.errors.append(ERRORS[exc.code])
        else:
            flash(_("The invitee was updated."), "success")
            return redirect(url_for(".edit", slug=slug, invitee_id=invitee.id))
    sends = db.session.execute(
        db.select(InvitationSend).where(InvitationSend.invitee_id == invitee.id)
        .order_by(InvitationSend.id.desc())
    ).scalars().all()
    return render_template("invitations/console/edit.html", event=event, form=form, invitee=invitee,
                           sends=sends, action_form=ActionForm())


@console.route("/send", methods=["GET", "POST"])
@role_required("organiser")
def send_all(slug):
    """Bulk send, in two steps: the page states the exact number of emails, and the
    confirmation carries that number; if it changed meanwhile, the page asks again."""
    event = console_event_or_404(slug)
    sync_registered(event)
    count = sendable_count(event)
    form = ActionForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        if _refuse_draft(event):
            return redirect(url_for(".index", slug=slug))
        expected = request.form.get("count", "")
        if expected == str(count) and count:
            queued = queue_invitations(event, actor=_actor())
            flash(ngettext("%(num)s invitation was queued for sending.",
                           "%(num)s invitations were queued for sending.", queued), "success")
            return redirect(url_for(".index", slug=slug))
        if count:
            flash(_("The number of invitations to send has changed; please confirm again."), "error")
    return render_template("invitations/console/send.html", event=event, count=count, form=form,
                           counts=status_counts(event), opt_out_count=len(opt_outs(event)))


@console.route("/<int:invitee_id>/resend", methods=["POST"])
@role_required("organiser")
def resend(slug, invitee_id):
    event = console_event_or_404(slug)
    invitee = _invitee_of_event(event, invitee_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    if _refuse_draft(event):
        return redirect(url_for(".edit", slug=slug, invitee_id=invitee.id))
    try:
        resend_invitation(invitee, actor=_actor())
    except InvitationError as exc:
        flash(ERRORS[exc.code], "error")
    else:
        flash(_("The invitation will be sent again to %(email)s.", email=invitee.email), "success")
    return redirect(url_for(".edit", slug=slug, invitee_id=invitee.id))


def _preview_email(event, lang: str):
    # Previews carry no personal link: both buttons lead to the public event page.
    links = InvitationLinks(event_url(event, lang), event_url(event, lang))
    return render_invitation(event, lang, links, name=_("Sample Invitee"), test=True)


@console.route("/preview/<language>")
@role_required("organiser")
def preview(slug, language):
    lang = language
    event = console_event_or_404(slug)
    if lang not in LANGUAGES:
        abort(404)
    email = _preview_email(event, lang)
    if request.args.get("format") == "text":
        response = make_response(email.text)
        response.headers["Content-Type"] = "text/plain; charset=utf-8"
    else:
        response = make_response(email.html)
        # The email's own inline styles; nothing else may load or run.
        response.headers["Content-Security-Policy"] = (
            "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'")
    return response


@console.route("/test", methods=["POST"])
@role_required("organiser")
def test_send(slug):
    event = console_event_or_404(slug)
    form = TestSendForm()
    if not form.validate_on_submit():
        abort(400)
    send_test(event, form.language.data, recipient=current_user.email, actor=_actor())
    flash(_("A test invitation is on its way to %(email)s.", email=current_user.email), "success")
    return redirect(url_for(".index", slug=slug))

