"""Inputs: public submission and editing (/<lang>/e/<slug>/inputs/...), the review
console (/console/events/<slug>/inputs...) and the API (/api/v1/events/<slug>/inputs)."""
from __future__ import annotations

import base64
import hashlib

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import RequestEntityTooLarge

from eventhub.bounds import MAX_DB_INTEGER
from eventhub.console.navigation import add_menu_item
from eventhub.events.services import get_event
from eventhub.extensions import db, limiter
from eventhub.i18n import LANGUAGES, current_language
from eventhub.security import CONTENT_SECURITY_POLICY, role_required, token_required

from . import compilation as compilation_module
from .attachments import (
    MAX_ATTACHMENT_BYTES,
    MAX_ATTACHMENTS,
    MIMETYPES,
    AttachmentRejected,
    attachment_path,
    check_attachment,
    too_many_attachments_message,
)
from .forms import EmailForm, InputForm, NoteForm, ReviewDetailsForm, StatusForm, status_label
from .links import deadline_text, read_email_confirmation_token
from .models import InputAttachment, InputStatus
from .notifications import send_email_confirmation, send_receipt
from .operations import (
    DeadlinePassed,
    InputData,
    add_note,
    change_status,
    create_input,
    event_tags,
    find_input_by_edit_token,
    inputs_open,
    parse_tags,
    set_review_details,
    update_input_by_author,
)
from .permissions import API_ROLES, ATTACHMENT_ROLES, REVIEW_ROLES, VIEW_ROLES
from .search import matching_fragment, search_inputs
from .services import (
    get_input,
    input_as_json,
    registration_for_token,
    remember_author,
    session_author,
)

public = Blueprint("inputs", __name__)
console = Blueprint("inputs_console", __name__, url_prefix="/console")
api = Blueprint("inputs_api", __name__, url_prefix="/api/v1")

add_menu_item("inputs_console.queue", _l("Inputs"), roles=VIEW_ROLES, event_scoped=True, order=55)
add_menu_item("inputs_console.compile_view", _l("Compilation"), roles=VIEW_ROLES, event_scoped=True, order=57)

@console.context_processor
def console_helpers():
    from .countries import country_name

    return {"country_name": country_name, "status_label": status_label}


@public.app_context_processor
def event_page_helpers():
    """For ``events/_event_actions.html``: whether to offer the input form."""
    return {"inputs_open": inputs_open}


#: A request may carry three full-size attachments plus the form itself.
MAX_REQUEST_BYTES = MAX_ATTACHMENTS * MAX_ATTACHMENT_BYTES + 1024 * 1024


def load_event_or_404(slug: str):
    event = get_event(slug)
    if event is None:
        abort(404)
    return event


def closed_response(event):
    return render_template(
        "inputs/closed.html", event=event, deadline=deadline_text(event, current_language()),
    ), 403


def _read_checked_attachments(form: InputForm, existing: int) -> list | None:
    """Check the uploaded files by content; errors go on the form field. None when refused."""
    files = [f for f in (form.attachments.data or []) if f and f.filename]
    errors, checked = [], []
    if existing + len(files) > MAX_ATTACHMENTS:
        errors.append(str(too_many_attachments_message()))
    for upload in files:
        try:
            checked.append(check_attachment(upload.filename, upload.read(MAX_ATTACHMENT_BYTES + 1)))
        except AttachmentRejected as exc:
            errors.append(str(exc.args[0]))
    if errors:
        form.attachments.errors = list(form.attachments.errors or []) + errors
        return None
    return checked


def _input_data(form: InputForm, event, *, name: str, email: str, checked: list) -> InputData:
    chosen = set(form.objectives.data or [])
    return InputData(
        objectives=[o for o in event.objectives if o.number in chosen],
        title=form.title.data,
        text=form.text.data,
        language=form.language.data,
        country=form.country.data,
        parliament=form.parliament.data,
        author_name=name,
        author_email=email,
        attribution=form.attribution.data,
        author_language=current_language(),
        attachments=checked,
        chamber=form.chamber.data or "",
        author_function=form.author_function.data or "",
    )


def _form_data_too_large() -> bool:
    request.max_content_length = MAX_REQUEST_BYTES
    try:
        request.form, request.files  # noqa: B018 (parse now, to catch the size error here)
    except RequestEntityTooLarge:
        return True
    return False


# --- Public: submission -----------------------------------------------------------------

@public.route("/<lang:lang>/e/<slug>/inputs/new", methods=["GET", "POST"])
def new_input(slug):
    event = load_event_or_404(slug)
    manage_token = request.args.get("r")
    confirmation = request.args.get("c")
    if manage_token:
        registration = registration_for_token(event, manage_token)
        if registration is None:
            flash(_("This personal link is not valid. Please use the link from your latest email, "
                    "or confirm your email address below."), "error")
        else:
            remember_author(event, registration=registration)
        # Drop the token from the address bar (and from any later Referer).
        return redirect(url_for("inputs.new_input", slug=slug))
    if confirmation:
        email = read_email_confirmation_token(event, confirmation)
        if email is None:
            flash(_("This confirmation link is not valid or has expired (links work for 48 hours). "
                    "Please ask for a new one."), "error")
        else:
            remember_author(event, email=email)
        return redirect(url_for("inputs.new_input", slug=slug))

    if not inputs_open(event):
        return closed_response(event)
    author = session_author(event)
    if author is None:
        return render_template("inputs/email_form.html", event=event, form=EmailForm())
    if request.method == "POST" and _form_data_too_large():
        flash(_("The files are too large: each attachment can be at most 10 MB."), "error")
        return redirect(url_for("inputs.new_input", slug=slug))

    lang = current_language()
    ask_name = author.registration is None
    form = InputForm().setup(event, lang, ask_name=ask_name)
    if request.method == "GET":
        form.country.data = form.country.data or author.country or ""
        form.parliament.data = form.parliament.data or author.parliament
        if form.language.data in (None, "None", ""):
            form.language.data = lang
    if form.validate_on_submit():
        checked = _read_checked_attachments(form, existing=0)
        if checked is not None:
            name = form.author_name.data if ask_name else author.name
            try:
                input_, edit_token = create_input(
                    event, _input_data(form, event, name=name, email=author.email, checked=checked),
                    registration=author.registration,
                )
            except DeadlinePassed:
                return closed_response(event)
            send_receipt(input_, edit_token)
            return redirect(url_for("inputs.input_received", slug=slug))
    status = 422 if request.method == "POST" else 200
    return render_template("inputs/new.html", event=event, form=form, author=author,
                           deadline=deadline_text(event, lang)), status


def _email_link_limit() -> str:
    return current_app.config.get("RATELIMIT_INPUTS_EMAIL", "5 per minute")


@public.route("/<lang:lang>/e/<slug>/inputs/confirm-email", methods=["POST"])
@limiter.limit(_email_link_limit)
def request_link(slug):
    event = load_event_or_404(slug)
    if not inputs_open(event):
        return closed_response(event)
    form = EmailForm()
    if not form.validate_on_submit():
        return render_template("inputs/email_form.html", event=event, form=form), 422
    send_email_confirmation(event, form.email.data.strip(), current_language())
    return render_template("inputs/email_sent.html", event=event, email=form.email.data.strip())


@public.route("/<lang:lang>/e/<slug>/inputs/thanks")
def input_received(slug):
    event = load_event_or_404(slug)
    return render_template("inputs/received.html", event=event,
                           deadline=deadline_text(event, current_language()))


@public.route("/<lang:lang>/e/<slug>/inputs/edit/<token>", methods=["GET", "POST"])
def edit_input(slug, token):
    event = load_event_or_404(slug)
    input_ = find_input_by_edit_token(event, token)
    if input_ is None:
        abort(404)
    if not inputs_open(event):
        return closed_response(event)
    if request.method == "POST" and _form_data_too_large():
        flash(_("The files are too large: each attachment can be at most 10 MB."), "error")
        return redirect(url_for("inputs.edit_input", slug=slug, token=token))
    lang = current_language()
    ask_name = input_.registration_id is None
    form = InputForm(obj=input_ if request.method == "GET" else None).setup(
        event, lang, ask_name=ask_name, existing_attachments=input_.attachments,
    )
    if request.method == "GET":
        form.objectives.data = input_.objective_numbers
        form.remove_attachments.data = []
    if form.validate_on_submit():
        removing = set(form.remove_attachments.data or [])
        kept = len([a for a in input_.attachments if a.id not in removing])
        checked = _read_checked_attachments(form, existing=kept)
        if checked is not None:
            name = form.author_name.data if ask_name else input_.author_name
            try:
                update_input_by_author(
                    input_, _input_data(form, event, name=name, email=input_.author_email, checked=checked),
                    remove_attachment_ids=list(removing),
                )
            except DeadlinePassed:
                return closed_response(event)
            flash(_("Your changes have been saved."), "success")
            return redirect(url_for("inputs.edit_input", slug=slug, token=token))
    status = 422 if request.method == "POST" else 200
    return render_template("inputs/edit.html", event=event, form=form, input=input_,
                           deadline=deadline_text(event, lang)), status


# --- Console: review --------------------------------------------------------------------

def _int_arg(name: str) -> int | None:
    """A whole-number query argument, or None; one no database column can hold 404s."""
    value = request.args.get(name, "")
    if not value.isdecimal():
        return None
    if len(value) > 10 or int(value) > MAX_DB_INTEGER:
        abort(404)
    return int(value)


@console.route("/events/<slug>/inputs")
@role_required(*VIEW_ROLES)
def queue(slug):
    event = load_event_or_404(slug)
    filters = {
        "objective": _int_arg("objective"),
        "country": (request.args.get("country") or "").strip().upper() or None,
        "language": (request.args.get("language") or "").strip().lower() or None,
        "status": request.args.get("status") if request.args.get("status") in {s.value for s in InputStatus} else None,
        "tag": (request.args.get("tag") or "").strip() or None,
    }
    query = (request.args.get("q") or "").strip()
    result = search_inputs(event, query, page=_int_arg("page") or 1, **filters)
    fragments = {i.id: matching_fragment(i.text, query) for i in result.items} if query else {}
    return render_template(
        "inputs/console/queue.html", event=event, result=result, query=query, filters=filters,
        fragments=fragments, groupings=compilation_module.grouping_labels(),
        tags=event_tags(event), statuses=[(s.value, status_label(s.value)) for s in InputStatus],
        can_review=current_user.has_role(*REVIEW_ROLES), lang=current_language(),
    )


def review_details_form(input_) -> ReviewDetailsForm:
    names = input_.parliament_translations or {}
    return ReviewDetailsForm(
        working_title_en=input_.working_title_en, tags=", ".join(input_.tag_names),
        **{f"parliament_{lang}": names.get(lang, "") for lang in ("en", "fr", "es", "ar")},
    )


@console.route("/events/<slug>/inputs/<int:input_id>")
@role_required(*VIEW_ROLES)
def detail(slug, input_id):
    event = load_event_or_404(slug)
    input_ = get_input(event, input_id) or abort(404)
    status_form = StatusForm(status=input_.status)
    details_form = review_details_form(input_)
    return render_template(
        "inputs/console/detail.html", event=event, input=input_, status_form=status_form,
        details_form=details_form, note_form=NoteForm(), status_label=status_label,
        can_review=current_user.has_role(*REVIEW_ROLES),
        can_download=current_user.has_role(*ATTACHMENT_ROLES), lang=current_language(),
    )


@console.route("/events/<slug>/inputs/<int:input_id>/status", methods=["POST"])
@role_required(*REVIEW_ROLES)
def set_status(slug, input_id):
    event = load_event_or_404(slug)
    input_ = get_input(event, input_id) or abort(404)
    form = StatusForm()
    if form.validate_on_submit():
        if change_status(input_, form.status.data, current_user):
            flash(_("Status changed to “%(status)s”.", status=status_label(form.status.data)), "success")
    else:
        flash(_("The status could not be changed. Please choose a status from the list."), "error")
    return redirect(url_for("inputs_console.detail", slug=slug, input_id=input_id))


@console.route("/events/<slug>/inputs/<int:input_id>/details", methods=["POST"])
@role_required(*REVIEW_ROLES)
def set_details(slug, input_id):
    event = load_event_or_404(slug)
    input_ = get_input(event, input_id) or abort(404)
    form = ReviewDetailsForm()
    if form.validate_on_submit():
        set_review_details(input_, form.working_title_en.data or "", parse_tags(form.tags.data),
                           form.parliament_translations())
        flash(_("The working title and tags have been saved."), "success")
        return redirect(url_for("inputs_console.detail", slug=slug, input_id=input_id))
    return render_template(
        "inputs/console/detail.html", event=event, input=input_, status_form=StatusForm(status=input_.status),
        details_form=form, note_form=NoteForm(), status_label=status_label, can_review=True,
        can_download=current_user.has_role(*ATTACHMENT_ROLES), lang=current_language(),
    ), 422


@console.route("/events/<slug>/inputs/<int:input_id>/notes", methods=["POST"])
@role_required(*REVIEW_ROLES)
def add_note_view(slug, input_id):
    event = load_event_or_404(slug)
    input_ = get_input(event, input_id) or abort(404)
    form = NoteForm()
    if form.validate_on_submit() and form.body.data.strip():
        add_note(input_, form.body.data, current_user)
        flash(_("The note has been added."), "success")
        return redirect(url_for("inputs_console.detail", slug=slug, input_id=input_id) + "#notes")
    if not form.errors:
        form.body.errors = [_("Please write the note.")]
    details_form = review_details_form(input_)
    return render_template(
        "inputs/console/detail.html", event=event, input=input_, status_form=StatusForm(status=input_.status),
        details_form=details_form, note_form=form, status_label=status_label, can_review=True,
        can_download=current_user.has_role(*ATTACHMENT_ROLES), lang=current_language(),
    ), 422


@console.route("/events/<slug>/inputs/<int:input_id>/attachments/<int:attachment_id>")
@role_required(*ATTACHMENT_ROLES)
def download_attachment(slug, input_id, attachment_id):
    event = load_event_or_404(slug)
    input_ = get_input(event, input_id) or abort(404)
    attachment = db.session.get(InputAttachment, attachment_id)
    if attachment is None or attachment.input_id != input_.id:
        abort(404)
    try:
        path = attachment_path(attachment.storage_path)
    except ValueError:
        abort(404)
    if not path.is_file():
        abort(404)
    response = send_file(
        path, mimetype=MIMETYPES[attachment.detected_type], as_attachment=True,
        download_name=attachment.original_filename, max_age=0,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@console.route("/events/<slug>/inputs/compilation")
@role_required(*VIEW_ROLES)
def compile_view(slug):
    """?format=docx|pdf|html|md|zip&document_lang=en&selection=default|active|selected&ids=1&ids=2
    &group_by=country|objective|paragraph&paper=a4|letter&symbol=&date=YYYY-MM-DD&addressee=

    The document is in ``document_lang`` (the queue's form), else in ``lang`` (older links:
    that also switches the console), else in the console's language: the menu's
    « Compilation » opens it in the language the console is read in. Choosing another
    document language does not change the console's."""
    event = load_event_or_404(slug)
    output_format = request.args.get("format", "html")
    if output_format not in (*compilation_module.FORMATS, "zip"):
        abort(400)
    lang = request.args.get("document_lang") or request.args.get("lang") or current_language()
    if lang not in LANGUAGES:
        abort(400)
    group_by = request.args.get("group_by", "country")
    paper = request.args.get("paper", "a4")
    if group_by not in compilation_module.GROUPINGS or paper not in compilation_module.PAPER_SIZES:
        abort(400)
    selection = request.args.get("selection", "default")
    if selection == "selected":
        ids = [int(v) for v in request.args.getlist("ids") if v.isdecimal() and len(v) < 10]
        if not ids:
            flash(_("Please select at least one input to compile."), "error")
            return redirect(url_for("inputs_console.queue", slug=slug))
        inputs = compilation_module.select_inputs(event, ids=ids)
    elif selection == "active":
        inputs = compilation_module.select_inputs(event, statuses=compilation_module.ACTIVE_STATUSES)
    else:
        inputs = compilation_module.select_inputs(event)
    if not inputs:
        flash(_("No input to compile: mark the accepted inputs “included”, or choose another selection."), "error")
        return redirect(url_for("inputs_console.queue", slug=slug))
    if output_format == "zip":
        body = compilation_module.attachments_zip(inputs)
    else:
        try:
            compiled = compilation_module.build_compilation(
                event, inputs, lang=lang, group_by=group_by, paper=paper,
                symbol=request.args.get("symbol", "")[:500], date=request.args.get("date", "")[:20] or None,
                addressee=request.args.get("addressee", event.compilation_addressee)[:1000],
            )
        except compilation_module.OptionError as error:
            flash(str(error), "error")
            return redirect(url_for("inputs_console.queue", slug=slug))
        body = compilation_module.render(compiled, output_format)
    response = make_response(body)
    response.headers["Content-Type"] = compilation_module.MIMETYPES[output_format]
    filename = compilation_module.filename_for(event, output_format, lang)
    if output_format == "html":
        # The page carries its own small stylesheet: allow exactly that one by its hash.
        digest = base64.b64encode(hashlib.sha256(compilation_module.COMPILATION_STYLE.encode()).digest()).decode()
        response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY.replace(
            "style-src 'self'", f"style-src 'self' 'sha256-{digest}'"
        )
        response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    else:
        response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


# --- API ----------------------------------------------------------------------------------

API_FIELDS = ("title", "text", "language", "country", "parliament", "author_name", "author_email", "attribution",
              "chamber", "author_function")


def _api_errors(data) -> tuple[MultiDict | None, dict]:
    """Type checks WTForms cannot do on JSON, then the payload as form data."""
    errors: dict[str, list[str]] = {}
    if not isinstance(data, dict):
        return None, {"_body": [_("The request body must be a JSON object.")]}
    formdata = MultiDict()
    objectives = data.get("objectives")
    if not isinstance(objectives, list) or not objectives:
        errors["objectives"] = [_("Give at least one objective number as a list, for example [1, 3].")]
    elif not all(isinstance(n, int) and not isinstance(n, bool) for n in objectives):
        errors["objectives"] = [_("Objectives must be whole numbers.")]
    else:
        for number in objectives:
            formdata.add("objectives", str(number))
    for name in API_FIELDS:
        value = data.get(name)
        if value is None:
            continue
        if not isinstance(value, str):
            errors[name] = [_("This field must be a string.")]
        elif name == "country":
            formdata.add(name, value.strip().upper())
        elif name == "language":
            formdata.add(name, value.strip().lower())
        else:
            formdata.add(name, value)
    if "attribution" not in data:
        formdata.add("attribution", "named")
    return formdata, errors


@api.route("/events/<slug>/inputs", methods=["POST"])
@token_required(*API_ROLES)
def api_create(slug):
    from flask import g

    event = get_event(slug)
    if event is None:
        return jsonify(error="not_found", message=f"No event with slug {slug!r}."), 404
    data = request.get_json(silent=True)
    formdata, errors = _api_errors(data)
    if formdata is None:
        return jsonify(errors=errors), 422
    form = InputForm(formdata=formdata, meta={"csrf": False}).setup(event, "en", ask_name=True)
    form.validate()
    for name, messages in form.errors.items():
        if name not in ("attachments", "remove_attachments"):
            errors.setdefault(name, list(messages))
    email_form = EmailForm(formdata=MultiDict({"email": data.get("author_email") or ""}), meta={"csrf": False})
    if "author_email" not in errors and not email_form.validate():
        errors["author_email"] = list(email_form.email.errors)
    if errors:
        return jsonify(errors=errors), 422
    payload = InputData(
        objectives=[o for o in event.objectives if o.number in set(form.objectives.data)],
        title=form.title.data, text=form.text.data, language=form.language.data,
        country=form.country.data, parliament=form.parliament.data,
        author_name=form.author_name.data, author_email=email_form.email.data.strip(),
        attribution=form.attribution.data, author_language="en",
        chamber=form.chamber.data or "", author_function=form.author_function.data or "",
    )
    # Staff enter inputs that came by email or letter, also after the deadline.
    input_, _token = create_input(event, payload, source="staff", actor=g.api_user.email,
                                  changed_by=g.api_user, enforce_deadline=False)
    response = jsonify(input_as_json(input_))
    response.status_code = 201
    response.headers["Location"] = url_for("inputs_api.api_get", slug=slug, input_id=input_.id)
    return response


@api.route("/events/<slug>/inputs", methods=["GET"])
@token_required(*API_ROLES)
def api_list(slug):
    event = get_event(slug)
    if event is None:
        return jsonify(error="not_found", message=f"No event with slug {slug!r}."), 404
    page = _int_arg("page") or 1
    per_page = min(_int_arg("per_page") or 50, 200)
    status = request.args.get("status")
    result = search_inputs(
        event, request.args.get("q", ""), objective=_int_arg("objective"),
        language=request.args.get("language") or None, country=request.args.get("country") or None,
        status=status if status in {s.value for s in InputStatus} else None,
        tag=request.args.get("tag") or None, page=page, per_page=per_page,
    )
    next_url = None
    if result.has_next:
        args = request.args.to_dict()
        args["page"] = page + 1
        next_url = url_for("inputs_api.api_list", slug=slug, **args)
    return jsonify(total=result.total, items=[input_as_json(i) for i in result.items], next=next_url)


@api.route("/events/<slug>/inputs/<int:input_id>", methods=["GET"])
@token_required(*API_ROLES)
def api_get(slug, input_id):
    event = get_event(slug)
    input_ = get_input(event, input_id) if event else None
    if input_ is None:
        return jsonify(error="not_found", message="No such input."), 404
    return jsonify(input_as_json(input_))
