"""Organiser console pages (/console/...). Views stay thin: figures come from
``statistics``, changes from ``operations`` (and ``eventhub.events.operations``), files
from ``eventhub.exports``, erasure from ``eventhub.privacy``."""
from __future__ import annotations

import datetime as dt

from flask import (Blueprint, abort, current_app, flash, redirect, render_template, request,
                   session as flask_session, url_for)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.orm import selectinload

from eventhub.bounds import int_arg
from eventhub.events.models import Event, EventSession, SessionStatus
from eventhub.events.operations import SessionChangeError, cancel_session, update_session
from eventhub.accounts.teams import is_limited, visible_events
from eventhub.events.services import get_event
from eventhub.exports import services as export_services
from eventhub.exports.blueprint import download_response
from eventhub.exports.selection import (
    DEFAULT_COLUMNS,
    EXPORT_COLUMNS,
    Labels,
    parse_columns,
    parse_filters,
    registration_query,
)
from eventhub.extensions import db
from eventhub.i18n import LANGUAGES, current_language, ngettext, text_direction
from eventhub.privacy.operations import anonymise_registration
from eventhub.registration.models import Registration, SessionRegistration
from eventhub.registration.operations import change_details as operations_change_details
from eventhub.security import role_required
from eventhub.timezones import format_moment, iso_utc, session_times

from . import labels, language, operations, statistics
from .charts import Bar, bar_chart
from .forms import (ActionForm, AttendanceForm, EventForm, NotifyForm, PlaceForm, SessionForm,
                    registrant_details_form)
from .navigation import add_menu_item, menu
from .paging import keyset_page
from .tasks import count_notice_recipients, start_session_notice

console = Blueprint("console", __name__, url_prefix="/console")
console.record_once(lambda state: language.init_app(state.app))

ORGANISER = "organiser"
#: Registrations per page in the list.
PAGE_SIZE = 50
#: Countries shown as their own bar; the rest are summed as "Other countries".
TOP_COUNTRIES = 15
#: Flask-session key of the "notify registrants" offer after a session moved or was cancelled.
PENDING_NOTICE = "console_pending_notice"

add_menu_item("console.index", _l("Events"), roles=("organiser", "staff"), order=10)
add_menu_item("console.dashboard", _l("Dashboard"), roles=(ORGANISER,), event_scoped=True, order=20)
add_menu_item("console.registrations", _l("Registrations"), roles=(ORGANISER,), event_scoped=True, order=30)
add_menu_item("console.exports", _l("Exports"), roles=(ORGANISER,), event_scoped=True, order=40)
add_menu_item("console.event_settings", _l("Event settings"), roles=(ORGANISER,), event_scoped=True, order=50)
add_menu_item("console.audit", _l("Audit log"), roles=("admin",), order=90)
add_menu_item("accounts.users", _l("Accounts"), roles=("admin",), order=95)


@console.app_context_processor
def console_context():
    return {"console_menu": menu, "labels": labels}


def actor() -> str:
    """How staff appear in registration history and audit records."""
    return current_user.email


def load_event(slug: str) -> Event:
    event = get_event(slug)
    if event is None:
        abort(404)
    return event


def load_session(event: Event, number: int) -> EventSession:
    session = event.session_by_number(number)
    if session is None:
        abort(404)
    return session


def load_registration(event: Event, registration_id: int) -> Registration:
    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.event_id != event.id:
        abort(404)
    return registration


# --- Overview and dashboard ------------------------------------------------------------------

@console.route("/")
@role_required("organiser", "staff")
def index():
    # Staff too: each event's row links to the pages its role may use (inputs, texts...).
    return render_template("console/index.html", events=visible_events(current_user),
                           limited=is_limited(current_user))


def _bars(counts: dict[str, int], label) -> list[Bar]:
    return [Bar(label(code), count) for code, count in counts.items()]


def _country_bars(counts: dict[str, int]) -> list[Bar]:
    items = list(counts.items())
    bars = [Bar(labels.country_name(code), count) for code, count in items[:TOP_COUNTRIES]]
    rest = sum(count for _code, count in items[TOP_COUNTRIES:])
    if rest:
        bars.append(Bar(_("Other countries"), rest))
    return bars


def dashboard_charts(event: Event) -> dict:
    """Charts (SVG) and their tables for every session, in the page's language."""
    rtl = text_direction() == "rtl"
    empty = _("No confirmed registrations yet.")
    sessions = []
    # Read once for the figures and the funnel (each read is a statement of 2 + sessions seeks).
    version = statistics.figures_version(event)
    all_figures = statistics.session_figures(event, version)
    for session, figures in zip(event.sessions, all_figures, strict=True):
        prefix = f"s{session.number}"
        number = session.number
        status_bars = [Bar(labels.status_label(code), figures.by_status.get(code, 0))
                       for code in statistics.STATUSES]
        language_codes = list(dict.fromkeys(list(session.listening_languages) + list(figures.by_language)))
        language_bars = [Bar(labels.language_label(code), figures.by_language.get(code, 0))
                         for code in language_codes]
        zoom_bars = [Bar(labels.zoom_state_label(code), count)
                     for code, count in figures.by_zoom_state.items()]
        charts = [
            ("status", _("Session %(number)d: places by status", number=number), status_bars),
            ("language", _("Session %(number)d: interpretation headcount (confirmed places by listening language)",
                           number=number), language_bars),
            ("role", _("Session %(number)d: confirmed places by role", number=number),
             _bars(figures.by_role, labels.role_label)),
            ("country", _("Session %(number)d: confirmed places by country", number=number),
             _country_bars(figures.by_country)),
            ("zoom", _("Session %(number)d: Zoom registration state (places not cancelled)", number=number),
             zoom_bars),
        ]
        sessions.append({
            "session": session,
            "figures": figures,
            "charts": [
                {"id": f"{prefix}-{key}", "title": title, "bars": bars,
                 "svg": bar_chart(f"{prefix}-{key}", title, bars, rtl=rtl, empty_text=empty)}
                for key, title, bars in charts
            ],
        })
    funnel = statistics.invitation_funnel(event, version)
    funnel_bars = []
    if funnel.invited is not None:
        funnel_bars.append(Bar(_("Invited"), funnel.invited))
    funnel_bars += [Bar(_("People registered"), funnel.registered), Bar(_("People who attended"), funnel.attended)]
    funnel_title = _("Invitation funnel (people)")
    return {
        "sessions": sessions,
        "funnel": funnel,
        "funnel_chart": {"id": "funnel", "title": funnel_title, "bars": funnel_bars,
                         "svg": bar_chart("funnel", funnel_title, funnel_bars, rtl=rtl, empty_text=empty)},
        "totals": statistics.event_totals(event, all_figures, version),
    }


@console.route("/e/<slug>/")
@role_required(ORGANISER)
def dashboard(slug):
    from eventhub.jobs.status import jobs_status

    event = load_event(slug)
    return render_template("console/dashboard.html", event=event, jobs=jobs_status(), **dashboard_charts(event))


# --- Event and session editing -----------------------------------------------------------------

@console.route("/e/<slug>/settings", methods=["GET", "POST"])
@role_required(ORGANISER)
def event_settings(slug):
    event = load_event(slug)
    form = EventForm(obj=event)
    if form.validate_on_submit():
        event.registration_open = bool(form.registration_open.data)
        event.reference_timezone = form.reference_timezone.data
        event.compilation_addressee = form.compilation_addressee.data or ""
        db.session.commit()
        flash(_("The event settings were saved."), "success")
        return redirect(url_for("console.event_settings", slug=slug))
    return render_template("console/event_settings.html", event=event, form=form)


def _utc_text(instant: dt.datetime | None) -> str:
    """« 6 déc. 2022, 06:00 UTC »: Babel's date and a 24-hour clock (fr/es/ar)."""
    return f"{format_moment(instant, 'UTC', current_language())} UTC" if instant else ""


def _reference_text(session: EventSession) -> dict:
    """The session on the organiser's wall clock, as the public pages write it: the date
    (both dates when it ends after midnight), the range and the zone's localised short name."""
    zone = session.event.reference_timezone
    times = session_times(session.starts_at, session.ends_at, zone, zone, current_language())
    return {"date": times.local_date or times.reference_date, "range": times.reference_range,
            "zone": times.reference_abbreviation, "zone_long": times.reference_zone_long}


def _pending_notice(session: EventSession) -> dict | None:
    pending = flask_session.get(PENDING_NOTICE) or {}
    return pending.get(str(session.id))


def _offer_notice(session: EventSession, kind: str, previous_starts=None, previous_ends=None) -> None:
    pending = dict(flask_session.get(PENDING_NOTICE) or {})
    earlier = pending.get(str(session.id))
    if kind == "moved" and earlier and earlier.get("kind") == "moved":
        return  # moved again before anyone was told: people still know the first time
    pending[str(session.id)] = {
        "kind": kind,
        "previous_starts_at": iso_utc(previous_starts) if previous_starts else "",
        "previous_ends_at": iso_utc(previous_ends) if previous_ends else "",
    }
    flask_session[PENDING_NOTICE] = pending


def offer_session_notice(session: EventSession, previous_starts, previous_ends) -> None:
    """Another page moved the session (the Zoom page accepting Zoom's time): the session
    page then offers to email the registrants, as after an edit there."""
    _offer_notice(session, "moved", previous_starts, previous_ends)


def _clear_notice(session: EventSession) -> None:
    pending = dict(flask_session.get(PENDING_NOTICE) or {})
    if pending.pop(str(session.id), None) is not None:
        flask_session[PENDING_NOTICE] = pending


@console.route("/e/<slug>/s/<int:number>/", methods=["GET", "POST"])
@role_required(ORGANISER)
def session_edit(slug, number):
    event = load_event(slug)
    session = load_session(event, number)
    if request.method == "POST":
        form = SessionForm(reference_zone=event.reference_timezone)
    else:
        form = SessionForm.for_session(session)
    preview = None
    if form.validate_on_submit():
        if request.form.get("action") == "preview":
            preview = {"starts": _utc_text(form.starts_at), "ends": _utc_text(form.ends_at)}
        else:
            before = (session.starts_at, session.ends_at)
            try:
                changes = update_session(session, **form.changes())
            except SessionChangeError as exc:
                db.session.rollback()
                current_app.logger.warning("Session change refused for fields: %s", ", ".join(exc.errors))
                form.form_errors.append(_("The change could not be saved. Please check the values."))
                form.form_errors.extend(exc.errors.values())
            else:
                if not changes:
                    flash(_("Nothing was changed."), "info")
                else:
                    flash(_("Session %(number)d was saved.", number=number), "success")
                    if "starts_at" in changes or "ends_at" in changes:
                        _offer_notice(session, "moved", *before)
                return redirect(url_for("console.session_edit", slug=slug, number=number))
    notice = _pending_notice(session)
    return render_template(
        "console/session_edit.html", event=event, session=session, form=form, preview=preview,
        utc_start=_utc_text(session.starts_at), utc_end=_utc_text(session.ends_at),
        reference_text=_reference_text(session),
        notice=notice, notify_form=NotifyForm(data=notice) if notice else None,
        recipients=count_notice_recipients(session.id) if notice else 0, action_form=ActionForm(),
    )


@console.route("/e/<slug>/s/<int:number>/cancel", methods=["POST"])
@role_required(ORGANISER)
def session_cancel(slug, number):
    event = load_event(slug)
    session = load_session(event, number)
    form = ActionForm()
    if form.validate_on_submit() and not session.is_cancelled:
        cancel_session(session)
        _offer_notice(session, "cancelled")
        flash(_("Session %(number)d is cancelled. Calendar entries will show it as cancelled.",
                number=number), "success")
    return redirect(url_for("console.session_edit", slug=slug, number=number))


@console.route("/e/<slug>/s/<int:number>/reinstate", methods=["POST"])
@role_required(ORGANISER)
def session_reinstate(slug, number):
    event = load_event(slug)
    session = load_session(event, number)
    form = ActionForm()
    if form.validate_on_submit() and session.is_cancelled:
        update_session(session, status=SessionStatus.SCHEDULED.value)
        _clear_notice(session)
        flash(_("Session %(number)d is scheduled again.", number=number), "success")
    return redirect(url_for("console.session_edit", slug=slug, number=number))


def _parse_instant(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        instant = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return instant if instant.tzinfo else None


@console.route("/e/<slug>/s/<int:number>/notify", methods=["POST"])
@role_required(ORGANISER)
def session_notify(slug, number):
    event = load_event(slug)
    session = load_session(event, number)
    form = NotifyForm()
    if not form.validate_on_submit():
        flash(_("The notification could not be sent. Please try again."), "error")
        return redirect(url_for("console.session_edit", slug=slug, number=number))
    kind = form.kind.data
    if kind == "cancelled" and not session.is_cancelled:
        flash(_("The session is not cancelled."), "error")
        return redirect(url_for("console.session_edit", slug=slug, number=number))
    previous_starts = _parse_instant(form.previous_starts_at.data)
    previous_ends = _parse_instant(form.previous_ends_at.data)
    count = count_notice_recipients(session.id)
    start_session_notice(session, kind, previous_starts, previous_ends, actor=current_user.id)
    _clear_notice(session)
    current_app.logger.info("%s queued %s notices for session %s", current_user.id, kind, session.id)
    flash(ngettext("An email to %(num)s registrant is being sent, in the registrant's language.",
                   "Emails to %(num)s registrants are being sent, each in the registrant's language.",
                   count), "success")
    return redirect(url_for("console.session_edit", slug=slug, number=number))


# --- Registrations ------------------------------------------------------------------------------

def _filter_context(event: Event):
    filters, errors = parse_filters(request.args, event)
    return filters, errors, {
        "statuses": [(code, labels.status_label(code)) for code in statistics.STATUSES],
        "roles": [(code, labels.role_label(code)) for code in labels.ROLE_LABELS],
        "languages": [(code, labels.language_label(code)) for code in LANGUAGES],
        "countries": labels.country_choices(),
    }


@console.route("/e/<slug>/registrations")
@role_required(ORGANISER)
def registrations(slug):
    event = load_event(slug)
    filters, errors, choices = _filter_context(event)
    page = int_arg("page")
    pagination = keyset_page(
        registration_query(event, filters).order_by(None), Registration,
        (Registration.family_name, Registration.given_name, Registration.id),
        page=max(page, 1), per_page=PAGE_SIZE,
        after=int_arg("after", default=0, minimum=0, maximum=2**31 - 1) or None,
        before=int_arg("before", default=0, minimum=0, maximum=2**31 - 1) or None,
        options=(selectinload(Registration.sessions).selectinload(SessionRegistration.session),),
        # A search counts its few matches from the terms index faster than the version is read
        # (the version counts the event's registrations): nothing kept for it.
        cache_key=(version := None if filters.q else statistics.list_version(event, filters.as_dict())),
        # Unfiltered, the total is the version's own count of the event's registrations.
        total=statistics.people_in(version[0]) if version and not filters.as_dict() else None)
    # row_labels: each code's label (country, role, status, language) computed once per page,
    # not once per row (50 rows repeat a few codes).
    return render_template("console/registrations.html", event=event, filters=filters, errors=errors,
                           pagination=pagination, choices=choices, row_labels=Labels(),
                           filter_args=filters.as_dict())


@console.route("/e/<slug>/registrations/new", methods=["GET", "POST"])
@role_required(ORGANISER)
def registration_add(slug):
    """An organiser registers someone, also after self-registration closed (late
    registrations): the public form's fields and rules, the person's confirmation email
    in their language, and an entry in the change log saved with the registration."""
    from eventhub.registration import operations as registration_ops
    from eventhub.timezones import session_times

    from .forms import late_registration_form_class

    event = load_event(slug)
    lang = current_language()
    times = {s.number: session_times(s.starts_at, s.ends_at, event.reference_timezone,
                                     event.reference_timezone, lang) for s in event.sessions}
    form = late_registration_form_class(event)(event, lang, event.reference_timezone)

    def page(status=200, notice=None):
        return render_template("console/registration_add.html", event=event, form=form, times=times,
                               notice=notice), status

    if event.is_draft:
        return page(409 if request.method == "POST" else 200, notice=_(
            "This event is a draft: publish it before registering people (the link in their "
            "confirmation would open a page the public cannot see)."))
    if request.method == "GET":
        return page()
    if not form.validate():
        if "csrf_token" in form.errors:
            return page(400, notice=_("The form had expired. Please submit it again."))
        return page(422)
    try:
        result = registration_ops.register(event, form.cleaned, actor=actor(), notify_duplicate=False,
                                           late=True, on_create=registration_ops.audit_organiser_registration(event, actor(), "console"))
    except registration_ops.RegistrationError:
        return page(409, notice=_("A session you chose is no longer open. Please check the sessions."))
    if not result.created:
        flash(_("This email address is already registered for this event: here is the registration."), "info")
    else:
        flash(_("The registration was added and its confirmation is being emailed to the person."), "success")
    return redirect(url_for("console.registration_detail", slug=slug, registration_id=result.registration.id))


#: Flask-session key of a details form sent with errors (post/redirect/get).
KEPT_DETAILS = "console_kept_details"
#: Larger posts are answered directly (the session cookie has a size limit).
KEPT_DETAILS_MAX = 2800


@console.route("/e/<slug>/registrations/<int:registration_id>")
@role_required(ORGANISER)
def registration_detail(slug, registration_id):
    event = load_event(slug)
    registration = load_registration(event, registration_id)
    return _render_registration(event, registration, details_form=_kept_details(registration))


def _render_registration(event, registration, details_form=None, status=200):
    if details_form is None and registration.anonymised_at is None:
        details_form = registrant_details_form(registration, current_language(), formdata=None)
    return render_template("console/registration.html", event=event, registration=registration,
                           action_form=ActionForm(), details_form=details_form), status


def _kept_details(registration):
    """The details form sent with errors, rebuilt and checked again (same messages)."""
    from flask_wtf.csrf import generate_csrf
    from werkzeug.datastructures import MultiDict

    kept = flask_session.pop(KEPT_DETAILS, None)
    if not isinstance(kept, dict) or kept.get("registration") != registration.id:
        return None
    formdata = MultiDict([(str(k), str(v)) for k, v in (kept.get("data") or []) if isinstance(k, str)])
    if current_app.config.get("WTF_CSRF_ENABLED", True):
        formdata["csrf_token"] = generate_csrf()
    form = registrant_details_form(registration, current_language(), formdata=formdata)
    form.validate()
    return form


@console.route("/e/<slug>/registrations/<int:registration_id>/details", methods=["POST"])
@role_required(ORGANISER)
def registration_details(slug, registration_id):
    """An organiser corrects the registrant's details: the manage page's rules, in the
    registration's history with the organiser as actor, in the audit log, and confirmed
    to the person by the change email."""
    import json

    event = load_event(slug)
    registration = load_registration(event, registration_id)
    if registration.anonymised_at is not None:
        abort(404)
    here = url_for("console.registration_detail", slug=slug, registration_id=registration_id)
    form = registrant_details_form(registration, current_language())
    if not form.validate():
        data = [[key, value] for key, values in request.form.lists() if key != "csrf_token"
                for value in values if isinstance(value, str)]
        if len(json.dumps(data)) <= KEPT_DETAILS_MAX:
            flask_session[KEPT_DETAILS] = {"registration": registration.id, "data": data}
            return redirect(here + "#details-heading", 303)
        return _render_registration(event, registration, details_form=form, status=422)
    changed = operations_change_details(registration, form.cleaned, actor(), via="console")
    if changed:
        flash(_("The registrant's details were corrected. They will get an email about it."), "success")
    else:
        flash(_("Nothing was changed."), "info")
    return redirect(here, 303)


def _places(registration: Registration, number: int | None):
    """The places a cancel/restore targets: one session, or all of them."""
    if number is None:
        return list(registration.sessions)
    return [place for place in registration.sessions if place.session.number == number]


@console.route("/e/<slug>/registrations/<int:registration_id>/cancel", methods=["POST"])
@role_required(ORGANISER)
def registration_cancel(slug, registration_id):
    event = load_event(slug)
    registration = load_registration(event, registration_id)
    form = PlaceForm()
    if form.validate_on_submit():
        changed = sum(operations.cancel_place(place, actor()) for place in _places(registration, form.session.data))
        if changed:
            flash(ngettext("%(num)s place was cancelled.", "%(num)s places were cancelled.", changed), "success")
        else:
            flash(_("Nothing to cancel."), "info")
    return redirect(url_for("console.registration_detail", slug=slug, registration_id=registration_id))


@console.route("/e/<slug>/registrations/<int:registration_id>/restore", methods=["POST"])
@role_required(ORGANISER)
def registration_restore(slug, registration_id):
    event = load_event(slug)
    registration = load_registration(event, registration_id)
    form = PlaceForm()
    if form.validate_on_submit():
        restored = waitlisted = 0
        for place in _places(registration, form.session.data):
            try:
                status = operations.restore_place(place, actor())
            except operations.RegistrationActionError:
                flash(_("Session %(number)d is cancelled: its places cannot be restored.",
                        number=place.session.number), "error")
                continue
            if status == "confirmed":
                restored += 1
            elif status == "waitlisted":
                waitlisted += 1
        if restored:
            flash(ngettext("%(num)s place was restored and confirmed.",
                           "%(num)s places were restored and confirmed.", restored), "success")
        if waitlisted:
            flash(ngettext("%(num)s place was restored on the waiting list: the session is full.",
                           "%(num)s places were restored on the waiting list: the session is full.",
                           waitlisted), "info")
    return redirect(url_for("console.registration_detail", slug=slug, registration_id=registration_id))


@console.route("/e/<slug>/registrations/<int:registration_id>/attendance", methods=["POST"])
@role_required(ORGANISER)
def registration_attendance(slug, registration_id):
    event = load_event(slug)
    registration = load_registration(event, registration_id)
    form = AttendanceForm()
    if form.validate_on_submit():
        places = _places(registration, form.session.data)
        if not places:
            abort(404)
        value = {"yes": True, "no": False, "unknown": None}[form.attended.data]
        if operations.set_attendance(places[0], value, actor()):
            flash(_("Attendance was recorded."), "success")
    else:
        flash(_("Choose whether the person attended."), "error")
    return redirect(url_for("console.registration_detail", slug=slug, registration_id=registration_id))


@console.route("/e/<slug>/registrations/<int:registration_id>/anonymise", methods=["POST"])
@role_required(ORGANISER)
def registration_anonymise(slug, registration_id):
    event = load_event(slug)
    registration = load_registration(event, registration_id)
    form = ActionForm()
    if not form.validate_on_submit() or request.form.get("confirm") != "yes":
        flash(_("Tick the box to confirm that the personal data must be erased."), "error")
    elif anonymise_registration(registration, actor()):
        flash(_("The personal data of this registration were erased. Its sessions, country, role and "
                "languages remain in the statistics."), "success")
    return redirect(url_for("console.registration_detail", slug=slug, registration_id=registration_id))


# --- Exports --------------------------------------------------------------------------------------

@console.route("/e/<slug>/exports")
@role_required(ORGANISER)
def exports(slug):
    event = load_event(slug)
    filters, errors, choices = _filter_context(event)
    return render_template(
        "console/exports.html", event=event, filters=filters, errors=errors, choices=choices,
        columns=[(key, column.label) for key, column in EXPORT_COLUMNS.items()],
        chosen_columns=set(request.args.getlist("columns") or DEFAULT_COLUMNS),
    )


@console.route("/e/<slug>/exports/registrations")
@role_required(ORGANISER)
def export_registrations(slug):
    event = load_event(slug)
    filters, errors = parse_filters(request.args, event)
    columns, unknown = parse_columns(request.args.getlist("columns"))
    file_format = request.args.get("format", "csv")
    if file_format not in export_services.FORMATS:
        errors["format"] = _("Choose CSV or Excel (XLSX).")
    if unknown:
        errors["columns"] = _("Unknown columns were asked for.")
    if errors:
        for message in errors.values():
            flash(message, "error")
        return redirect(url_for("console.exports", slug=slug, **filters.as_dict()))
    export = export_services.export_registrations(event, filters, columns, file_format,
                                                  actor=actor(), via="console", user=current_user)
    return download_response(export)


@console.route("/e/<slug>/exports/zoom-session-<int:number>.csv")
@role_required(ORGANISER)
def export_zoom(slug, number):
    event = load_event(slug)
    session = load_session(event, number)
    export = export_services.export_zoom_csv(event, session, actor=actor(), via="console", user=current_user)
    return download_response(export)


@console.route("/e/<slug>/exports/interpretation.csv")
@role_required(ORGANISER)
def export_interpretation(slug):
    event = load_event(slug)
    export = export_services.export_interpretation_csv(event, actor=actor(), via="console", user=current_user)
    return download_response(export)


@console.route("/audit")
@role_required("admin")
def audit():
    page = int_arg("page")
    per_page = 100
    from eventhub.exports.models import ExportRecord

    pagination = db.paginate(
        db.select(ExportRecord).order_by(ExportRecord.created_at.desc(), ExportRecord.id.desc()),
        page=page, per_page=per_page, error_out=False,
    )
    from eventhub.accounts.throttling import repeated_failures
    from eventhub.audit.services import action_label, entries_query, shown_value

    changes = db.paginate(entries_query(current_user), page=int_arg("changes_page"), per_page=per_page,
                          error_out=False)
    return render_template("console/audit.html", pagination=pagination, lang=current_language(),
                           changes=changes, action_label=action_label, shown_value=shown_value,
                           sign_in_failures=repeated_failures())
