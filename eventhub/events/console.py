"""Console pages for authoring events (organisers): create and edit an event with its four
languages side by side, preview the public page in any language, the sessions editor
(add, reorder, remove), clone, publish, open or close registration. Every change goes
through :mod:`eventhub.events.operations` (validation, revision check, change log);
nothing is saved when a field is refused, and each message is shown beside its field."""
from __future__ import annotations

import datetime as dt

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from eventhub.console.forms import ActionForm
from eventhub.console.navigation import add_menu_item
from eventhub.extensions import db
from eventhub.i18n import LANGUAGES, current_language, language_name
from eventhub.security import role_required
from eventhub.timezones import format_moment, zone_choices

from . import operations as ops
from . import validation as v
from .services import get_event

console = Blueprint("events_console", __name__, url_prefix="/console")

ORGANISER = "organiser"
#: Texts edited side by side in the four languages, with their label.
TEXT_FIELDS = (
    ("title", _l("Title")),
    ("organiser", _l("Organiser")),
    ("subtitle", _l("Subtitle")),
    ("summary", _l("Summary")),
    ("format_note", _l("How the meeting runs")),
    ("concept_note", _l("Concept note (Markdown: # headings, - lists, **bold**)")),
)
LONG_TEXTS = {"summary", "format_note", "concept_note"}
#: Instants entered as the reference zone's local date and time.
INSTANT_FIELDS = (
    ("registration_opens_at", _l("Registration opens")),
    ("registration_closes_at", _l("Registration closes")),
    ("inputs_deadline", _l("Deadline for written inputs")),
)

add_menu_item("events_console.new_event", _l("New event"), roles=(ORGANISER,), order=12)
add_menu_item("events_console.edit_event", _l("Edit event"), roles=(ORGANISER,), event_scoped=True, order=45)
add_menu_item("events_console.sessions", _l("Sessions"), roles=(ORGANISER,), event_scoped=True, order=46)


def _actor():
    from eventhub.audit.services import Actor

    return Actor(current_user.email, via="console")


def _event_or_404(slug):
    event = get_event(slug)
    if event is None:
        abort(404)
    return event


def _csrf_ok() -> bool:
    return ActionForm().validate_on_submit()


# --- Reading the event form ---------------------------------------------------------------------

def _texts_from_form(field: str) -> dict:
    return {lang: request.form.get(f"{field}-{lang}", "") for lang in LANGUAGES}


def _lines(name: str) -> dict[str, list[str]]:
    return {lang: [line.strip() for line in request.form.get(f"{name}-{lang}", "").splitlines()]
            for lang in LANGUAGES}


def _objectives_from_form(event=None) -> list[dict]:
    """One objective per line, the same line in each language, and its short label (for
    filters and charts) on the same line of the short-label boxes. A form without the
    short-label boxes keeps the labels by position."""
    lines = _lines("objectives")
    posted_labels = any(f"objective_labels-{lang}" in request.form for lang in LANGUAGES)
    labels = _lines("objective_labels")
    count = max(len(value) for value in lines.values())
    existing = list(event.objectives) if event is not None else []
    objectives = []
    for index in range(count):
        text = {lang: lines[lang][index] for lang in LANGUAGES if index < len(lines[lang]) and lines[lang][index]}
        if not text:
            continue
        if posted_labels:
            label = {lang: labels[lang][index] for lang in LANGUAGES
                     if index < len(labels[lang]) and labels[lang][index]}
        else:
            label = dict(existing[index].short_label or {}) if index < len(existing) else {}
        objectives.append({"text": text, "short_label": label})
    return objectives


def _local_instant(name: str, zone: str | None, errors: dict):
    raw = (request.form.get(name) or "").strip()
    if not raw:
        return None
    if zone is None:
        return None
    try:
        return v.local_to_utc(v.parse_local(raw.replace("T", " ")), zone)
    except ValueError as exc:
        errors[name] = str(exc)
        return None


def _event_data(event=None) -> tuple[dict, dict]:
    """The event fields from the submitted form, and the errors found while reading them."""
    errors: dict[str, str] = {}
    data: dict = {field: _texts_from_form(field) for field, _label in TEXT_FIELDS}
    data["objectives"] = _objectives_from_form(event)
    data["reference_timezone"] = request.form.get("reference_timezone", "")
    data["privacy_contact"] = request.form.get("privacy_contact", "")
    if event is None or event.is_draft:
        data["slug"] = request.form.get("slug", "")
    try:
        zone = v.clean_timezone(data["reference_timezone"])
    except ValueError:
        zone = None
    for name, _label in INSTANT_FIELDS:
        data[name] = _local_instant(name, zone, errors)
    return data, errors


def _form_values(event=None) -> dict:
    """What the form shows: the submitted values after an error, else the event's."""
    if request.method == "POST":
        values = {key: request.form.get(key, "") for key in request.form}
        return values
    values: dict = {}
    if event is None:
        values["reference_timezone"] = "Europe/Zurich"
        return values
    values["slug"] = event.slug
    values["reference_timezone"] = event.reference_timezone
    values["privacy_contact"] = event.privacy_contact or ""
    for field, _label in TEXT_FIELDS:
        for lang in LANGUAGES:
            values[f"{field}-{lang}"] = (getattr(event, field) or {}).get(lang, "")
    for lang in LANGUAGES:
        values[f"objectives-{lang}"] = "\n".join((o.text or {}).get(lang, "") for o in event.objectives)
        values[f"objective_labels-{lang}"] = "\n".join((o.short_label or {}).get(lang, "") for o in event.objectives)
    for name, _label in INSTANT_FIELDS:
        instant = getattr(event, name)
        values[name] = v.local_text(instant, event.reference_timezone) if instant else ""
    values["revision"] = str(event.revision)
    return values


def _missing(values: dict) -> dict:
    """{field: [languages still empty]} for the missing-language markers."""
    fields = [field for field, _label in TEXT_FIELDS] + ["objectives"]
    return {field: [lang for lang in LANGUAGES if not (values.get(f"{field}-{lang}") or "").strip()]
            for field in fields}


def _render_form(event, values, errors, status=200):
    return render_template(
        "events/console/event_form.html", event=event, values=values, errors=errors,
        missing=_missing(values), text_fields=TEXT_FIELDS, long_texts=LONG_TEXTS,
        instant_fields=INSTANT_FIELDS, languages=LANGUAGES, language_name=language_name,
        timezones=zone_choices(current_language(), values.get("reference_timezone")), action_form=ActionForm(),
    ), status


def _field_errors(errors: dict) -> dict:
    """Operation errors -> form fields (sessions[...] keys do not occur here)."""
    shown = {}
    for key, message in errors.items():
        shown[key] = message
    return shown


# --- Create and edit -----------------------------------------------------------------------------

@console.route("/events/new", methods=["GET", "POST"])
@role_required(ORGANISER)
def new_event():
    if request.method == "GET":
        return _render_form(None, _form_values(), {})
    if not _csrf_ok():
        return _render_form(None, _form_values(), {"form": _("The form had expired. Please submit it again.")}, 400)
    data, errors = _event_data()
    if errors:
        return _render_form(None, _form_values(), errors, 422)
    try:
        event = ops.create_event(data, creator=current_user, actor=_actor())
    except ops.EventChangeError as exc:
        db.session.rollback()
        return _render_form(None, _form_values(), _field_errors(exc.errors), 409 if exc.conflict else 422)
    flash(_("The event was created as a draft. Add its sessions, then publish it."), "success")
    return redirect(url_for("events_console.sessions", slug=event.slug))


@console.route("/e/<slug>/edit", methods=["GET", "POST"])
@role_required(ORGANISER)
def edit_event(slug):
    event = _event_or_404(slug)
    if request.method == "GET":
        return _render_form(event, _form_values(event), {})
    if not _csrf_ok():
        return _render_form(event, _form_values(event), {"form": _("The form had expired. Please submit it again.")}, 400)
    data, errors = _event_data(event)
    if errors:
        return _render_form(event, _form_values(event), errors, 422)
    try:
        revision = int(request.form.get("revision", ""))
    except ValueError:
        revision = -1
    try:
        changes = ops.update_event(event, data, expected_revision=revision, actor=_actor())
    except ops.RevisionConflict:
        db.session.rollback()
        return _render_form(event, _form_values(event), {"form": _(
            "Someone else saved this event while you were editing it. Nothing of yours was saved: "
            "reload the page to see their changes, then make yours again.")}, 409)
    except ops.EventChangeError as exc:
        db.session.rollback()
        return _render_form(event, _form_values(event), _field_errors(exc.errors), 409 if exc.conflict else 422)
    flash(_("The event was saved.") if changes else _("Nothing was changed."), "success" if changes else "info")
    return redirect(url_for("events_console.edit_event", slug=event.slug))


@console.route("/e/<slug>/preview")
@role_required(ORGANISER)
def preview(slug):
    """The public page as it would look, in any language, drafts included."""
    from eventhub.timezones import VisitorZone, session_times, set_request_zone, zone_choices

    event = _event_or_404(slug)
    lang = request.args.get("language")
    if lang not in LANGUAGES:
        lang = g.get("lang") or "en"
    console_lang = g.get("lang")
    g.lang = lang
    try:
        with force_locale(lang):
            zone = VisitorZone(event.reference_timezone, "reference")
            set_request_zone(zone)
            times = {s.number: session_times(s.starts_at, s.ends_at, event.reference_timezone, zone.name, lang)
                     for s in event.sessions}
            return render_template("events/console/preview.html", event=event, zone=zone, times=times,
                                   timezones=zone_choices(lang, zone.name), preview_lang=lang,
                                   console_lang=console_lang, languages=LANGUAGES)
    finally:
        g.lang = console_lang


@console.route("/e/<slug>/publish", methods=["POST"])
@role_required(ORGANISER)
def publish(slug):
    event = _event_or_404(slug)
    if not _csrf_ok():
        abort(400)
    status = "draft" if request.form.get("status") == "draft" else "published"
    try:
        ops.update_event(event, {"status": status}, actor=_actor())
    except ops.EventChangeError as exc:
        db.session.rollback()
        for message in exc.errors.values():
            flash(message, "error")
    else:
        flash(_("The event is published: its page is public.") if status == "published"
              else _("The event is a draft again: its page is no longer public."), "success")
    return redirect(url_for("events_console.edit_event", slug=slug))


@console.route("/e/<slug>/registration", methods=["POST"])
@role_required(ORGANISER)
def registration_switch(slug):
    event = _event_or_404(slug)
    if not _csrf_ok():
        abort(400)
    wanted = request.form.get("open") == "yes"
    ops.update_event(event, {"registration_open": wanted}, actor=_actor())
    flash(_("Registration is open to the public (within its dates).") if wanted
          else _("Registration is closed to the public. Organisers can still register people."), "success")
    return redirect(url_for("events_console.edit_event", slug=slug))


# --- Sessions ------------------------------------------------------------------------------------

def _session_payload(prefix: str = "") -> tuple[dict, dict]:
    errors: dict[str, str] = {}
    form = request.form
    day, start, end_day, end = (form.get(prefix + key, "").strip() for key in ("day", "starts", "end_day", "ends"))
    payload: dict = {
        "starts_local": f"{day} {start}" if day and start else "",
        "ends_local": f"{end_day or day} {end}" if day and end else "",
        "region": {lang: form.get(f"{prefix}region-{lang}", "") for lang in LANGUAGES},
        "floor_language": form.get(prefix + "floor_language", "en"),
        "interpretation_languages": form.getlist(prefix + "interpretation_languages"),
        "zoom_registration_url": form.get(prefix + "zoom_registration_url", ""),
        "zoom_webinar_id": form.get(prefix + "zoom_webinar_id", ""),
    }
    capacity = form.get(prefix + "capacity", "").strip()
    if capacity:
        try:
            payload["capacity"] = int(capacity)
        except ValueError:
            errors["capacity"] = _("The capacity must be a whole number of at least 1, or empty for no limit.")
    if not payload["starts_local"]:
        errors["starts_local"] = _("Enter the local date and time as YYYY-MM-DD HH:MM.")
    if not payload["ends_local"]:
        errors["ends_local"] = _("Enter the local date and time as YYYY-MM-DD HH:MM.")
    return payload, errors


def _render_sessions(event, errors=None, values=None, status=200, confirm=None):
    from eventhub.console.tasks import count_notice_recipients

    rows = []
    for session in event.sessions:
        rows.append({
            "session": session,
            "starts": format_moment(session.starts_at, event.reference_timezone, current_language()),
            "ends": format_moment(session.ends_at, event.reference_timezone, current_language()),
            "registered": count_notice_recipients(session.id),
        })
    return render_template(
        "events/console/sessions.html", event=event, rows=rows, errors=errors or {},
        values=values or {"floor_language": "en"}, languages=LANGUAGES, language_name=language_name,
        action_form=ActionForm(), confirm=confirm,
    ), status


@console.route("/e/<slug>/sessions", methods=["GET", "POST"])
@role_required(ORGANISER)
def sessions(slug):
    event = _event_or_404(slug)
    if request.method == "GET":
        return _render_sessions(event)
    if not _csrf_ok():
        return _render_sessions(event, {"form": _("The form had expired. Please submit it again.")}, status=400)
    values = {key: request.form.get(key, "") for key in request.form}
    values["interpretation_languages"] = request.form.getlist("interpretation_languages")
    payload, errors = _session_payload()
    if errors:
        return _render_sessions(event, errors, values, 422)
    try:
        session = ops.add_session(event, payload, actor=_actor())
    except ops.SessionChangeError as exc:
        db.session.rollback()
        return _render_sessions(event, exc.errors, values, 422)
    flash(_("Session %(number)d was added.", number=session.number), "success")
    return redirect(url_for("events_console.sessions", slug=slug))


@console.route("/e/<slug>/sessions/order", methods=["POST"])
@role_required(ORGANISER)
def reorder(slug):
    event = _event_or_404(slug)
    if not _csrf_ok():
        abort(400)
    positions = []
    for session in event.sessions:
        raw = request.form.get(f"position-{session.number}", "")
        try:
            positions.append((int(raw), session.number))
        except ValueError:
            positions.append((session.number, session.number))
    order = [number for _position, number in sorted(positions)]
    try:
        ops.reorder_sessions(event, order, actor=_actor())
    except ops.SessionChangeError as exc:
        db.session.rollback()
        return _render_sessions(event, exc.errors, status=422)
    flash(_("The sessions were renumbered."), "success")
    return redirect(url_for("events_console.sessions", slug=slug))


@console.route("/e/<slug>/sessions/<int:number>/remove", methods=["POST"])
@role_required(ORGANISER)
def remove_session(slug, number):
    event = _event_or_404(slug)
    session = event.session_by_number(number)
    if session is None:
        abort(404)
    if not _csrf_ok():
        abort(400)
    try:
        outcome = ops.remove_session(session, confirm=request.form.get("confirm") == "yes", actor=_actor())
    except ops.ConfirmationRequired as exc:
        return _render_sessions(event, status=409, confirm={"number": number, "count": exc.registrations})
    if outcome == "deleted":
        flash(_("Session %(number)d was removed.", number=number), "success")
    else:
        flash(_("Session %(number)d is cancelled and its registrants are being emailed, each in their "
                "own language.", number=number), "success")
    return redirect(url_for("events_console.sessions", slug=slug))


# --- Clone ---------------------------------------------------------------------------------------

@console.route("/e/<slug>/clone", methods=["GET", "POST"])
@role_required(ORGANISER)
def clone(slug):
    event = _event_or_404(slug)
    errors: dict = {}
    values = {"slug": "", "first_day": ""}
    if request.method == "POST":
        values = {"slug": request.form.get("slug", ""), "first_day": request.form.get("first_day", "")}
        if not _csrf_ok():
            errors["form"] = _("The form had expired. Please submit it again.")
        else:
            try:
                copy = ops.clone_event(event, values["slug"], values["first_day"], creator=current_user,
                                       actor=_actor())
            except ops.EventChangeError as exc:
                db.session.rollback()
                errors = exc.errors
            else:
                flash(_("The copy was created as a draft. Add its Zoom links, check it, then publish it."),
                      "success")
                return redirect(url_for("events_console.sessions", slug=copy.slug))
    return render_template("events/console/clone.html", event=event, values=values, errors=errors,
                           action_form=ActionForm()), 422 if errors else 200


def first_local_day(event) -> dt.date | None:
    first = event.first_session_start
    return v.utc_to_local(first, event.reference_timezone).date() if first else None
