"""Reference texts on the web: staff console pages, the public page of a
published document, and the organiser/staff API."""
from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from eventhub.events.services import get_event
from eventhub.extensions import limiter
from eventhub.registration.api import api_client_key, api_rate_limit
from eventhub.i18n import current_language, text_direction
from eventhub.security import role_required, token_required

from . import links
from .forms import ImportForm, LinkInputForm, PublishForm, UnlinkForm
from .models import INPUT_LINKS_AVAILABLE, DocumentKind
from .operations import TextImportError, decode_text_file, import_document, set_published
from .services import (
    KIND_LABELS,
    PART_HEADINGS,
    PARTS,
    STATUS_LABELS,
    TEXT_LANGUAGES,
    align_documents,
    count_mismatches,
    counterparts,
    document_languages,
    documents_for_event,
    get_document,
    get_event_document,
    get_event_paragraph,
    languages_in,
    notes_in,
    numbering_problems,
    pairs_for_paragraph,
    paragraph_counts,
    paragraph_label,
    paragraphs_in,
    printed_number,
    reservations_for,
)

if INPUT_LINKS_AVAILABLE:
    # Registers the "paragraph" grouping of the inputs compilation.
    from . import compilation  # noqa: F401

console = Blueprint("texts_console", __name__, url_prefix="/console/events/<slug>/texts")
public = Blueprint("texts_public", __name__)
api = Blueprint("texts_api", __name__, url_prefix="/api/v1")
# One request budget per client for the whole organiser API (RATELIMIT_API).
limiter.shared_limit(api_rate_limit, scope="organiser-api", key_func=api_client_key)(api)

#: Who may read the console pages: staff collate inputs against the texts,
#: organisers need to see what they publish.  Admins pass every check.
READ_ROLES = ("staff", "organiser")
#: Who may import texts and link inputs.
EDIT_ROLES = ("staff",)
#: Who may open a document to the public.
PUBLISH_ROLES = ("organiser",)

try:  # the console's menu (console domain); the pages work without it
    from eventhub.console.navigation import add_menu_item
except ImportError:  # pragma: no cover - console domain absent
    pass
else:
    add_menu_item("texts_console.documents", _l("Reference texts"), roles=READ_ROLES, event_scoped=True, order=60)

#: Largest file accepted from the console (the IPU's bilingual resolutions are under 50 kB).
DEFAULT_MAX_UPLOAD_BYTES = 1024 * 1024


def _direction(language: str) -> str:
    return text_direction(language)


# Template helpers, also for the inputs domain's templates (texts/_input_paragraphs.html).
@console.app_template_global("texts_direction")
def texts_direction(language: str) -> str:
    return _direction(language)


@console.app_template_global("texts_paragraph_label")
def texts_paragraph_label(part: str, number: int) -> str:
    return paragraph_label(part, number)


@console.app_template_global("texts_kind_label")
def texts_kind_label(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind))


@console.app_template_global("texts_paragraphs_for_input")
def texts_paragraphs_for_input(input) -> list:
    return links.paragraphs_for_input(input)


@console.app_template_global("texts_published_documents")
def texts_published_documents(event) -> list:
    """Published documents of ``event`` (for the public event page)."""
    return [document for document in documents_for_event(event) if document.published]


@console.context_processor
def console_context():
    return {
        "part_headings": PART_HEADINGS,
        "status_labels": STATUS_LABELS,
        "printed_number": printed_number,
        "input_links_available": INPUT_LINKS_AVAILABLE,
        "can_edit": current_user.is_authenticated and current_user.has_role(*EDIT_ROLES),
        "can_publish": current_user.is_authenticated and current_user.has_role(*PUBLISH_ROLES),
    }


def _event_or_404(slug: str):
    event = get_event(slug)
    if event is None:
        abort(404)
    return event


def _document_or_404(event, document_id: int):
    document = get_event_document(event, document_id)
    if document is None:
        abort(404)
    return document


# --------------------------------------------------------------------------
# Console
# --------------------------------------------------------------------------


@console.route("/")
@role_required(*READ_ROLES)
def documents(slug):
    event = _event_or_404(slug)
    documents = documents_for_event(event)
    counts = paragraph_counts(documents)
    kinds_present = {d.kind for d in documents}
    return render_template(
        "texts/documents.html",
        event=event,
        documents=documents,
        counts=counts,
        languages={d.id: languages_in(counts[d.id]) for d in documents},
        mismatches={d.id: count_mismatches(counts[d.id]) for d in documents},
        can_align=kinds_present == {DocumentKind.DRAFT.value, DocumentKind.ADOPTED.value},
        publish_form=PublishForm(),
    )


@console.route("/import", methods=["GET", "POST"])
@role_required(*EDIT_ROLES)
def import_text(slug):
    event = _event_or_404(slug)
    form = ImportForm()
    if not form.validate_on_submit():
        status = 422 if request.method == "POST" else 200
        return render_template("texts/import.html", event=event, form=form), status

    limit = current_app.config.get("TEXTS_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES)
    storage = form.file.data
    data = storage.stream.read(limit + 1)
    try:
        if len(data) > limit:
            raise TextImportError(
                _("The file is too large: texts up to %(size)s kB can be imported.", size=limit // 1024)
            )
        text = decode_text_file(data)
        result = import_document(
            event, text, form.title.data, form.kind.data, storage.filename, actor=current_user._get_current_object()
        )
    except TextImportError as error:
        form.file.errors = [*form.file.errors, str(error)]
        return render_template("texts/import.html", event=event, form=form), 422

    document = result.document
    if result.replaced:
        flash(
            _(
                "The document was replaced. Paragraphs kept: %(kept)s; added: %(added)s; removed: %(removed)s. "
                "It is not public until an organiser publishes it again.",
                kept=result.kept,
                added=result.added,
                removed=result.removed,
            ),
            "success",
        )
        if result.links_removed:
            flash(
                _(
                    "Links to inputs removed with their paragraphs: %(count)s.",
                    count=result.links_removed,
                ),
                "error",
            )
    else:
        flash(_("The document was imported."), "success")
    if result.unplaced:
        flash(
            _("Some text could not be placed in a paragraph: please check the list below (%(count)s).",
              count=len(result.unplaced)),
            "error",
        )
    return redirect(
        url_for(".document_language", slug=slug, document_id=document.id, text_lang=result.languages[0])
    )


@console.route("/<int:document_id>")
@role_required(*READ_ROLES)
def document(slug, document_id):
    event = _event_or_404(slug)
    document = _document_or_404(event, document_id)
    languages = document_languages(document)
    if not languages:
        abort(404)
    return redirect(url_for(".document_language", slug=slug, document_id=document.id, text_lang=languages[0]))


@console.route("/<int:document_id>/<text_lang>")
@role_required(*READ_ROLES)
def document_language(slug, document_id, text_lang):
    event = _event_or_404(slug)
    document = _document_or_404(event, document_id)
    counts = paragraph_counts([document])[document.id]
    languages = languages_in(counts)
    if text_lang not in languages:
        abort(404)
    paragraphs = paragraphs_in(document, text_lang)
    other_kind = DocumentKind.ADOPTED.value if document.is_draft else DocumentKind.DRAFT.value
    return render_template(
        "texts/document.html",
        event=event,
        document=document,
        text_lang=text_lang,
        languages=languages,
        counts=counts,
        mismatches=count_mismatches(counts),
        by_part={part: [p for p in paragraphs if p.part == part] for part in PARTS},
        notes=notes_in(document, text_lang),
        unplaced=[f for f in document.unplaced or [] if f.get("language") in (text_lang, None)],
        unplaced_total=len(document.unplaced or []),
        problems=[p for p in numbering_problems(document) if p.language == text_lang],
        link_counts=links.link_counts([p.id for p in paragraphs]),
        can_align=get_document(event, other_kind) is not None,
    )


@console.route("/<int:document_id>/publish", methods=["POST"])
@role_required(*PUBLISH_ROLES)
def publish(slug, document_id):
    event = _event_or_404(slug)
    document = _document_or_404(event, document_id)
    form = PublishForm()
    if not form.validate_on_submit():
        abort(400)
    published = form.published.data == "1"
    set_published(document, published)
    if published:
        flash(_("The document is now public (read only)."), "success")
    else:
        flash(_("The document is no longer public."), "success")
    return redirect(url_for(".documents", slug=slug))


@console.route("/alignment")
@role_required(*READ_ROLES)
def alignment_default(slug):
    _event_or_404(slug)
    return redirect(url_for(".alignment", slug=slug, text_lang=TEXT_LANGUAGES[0]))


# The text language is a path segment: on console URLs ``?lang=`` is the interface
# language (eventhub.console.language).
@console.route("/alignment/<text_lang>")
@role_required(*READ_ROLES)
def alignment(slug, text_lang):
    event = _event_or_404(slug)
    if text_lang not in TEXT_LANGUAGES:
        abort(404)
    draft = get_document(event, DocumentKind.DRAFT.value)
    adopted = get_document(event, DocumentKind.ADOPTED.value)
    pairs = None
    missing_language = False
    if draft is not None and adopted is not None:
        if text_lang in document_languages(draft) and text_lang in document_languages(adopted):
            pairs = align_documents(draft, adopted, text_lang)
        else:
            missing_language = True
    summary = {}
    for pair in pairs or []:
        for badge in pair.badges:
            summary[badge] = summary.get(badge, 0) + 1
    return render_template(
        "texts/alignment.html",
        event=event,
        draft=draft,
        adopted=adopted,
        text_lang=text_lang,
        text_languages=TEXT_LANGUAGES,
        pairs=pairs,
        summary=summary,
        missing_language=missing_language,
    )


def _render_paragraph(event, paragraph, link_form=None, status=200):
    return render_template(
        "texts/paragraph.html",
        event=event,
        paragraph=paragraph,
        document=paragraph.document,
        counterparts=counterparts(paragraph),
        pairs=pairs_for_paragraph(paragraph),
        reservations=reservations_for(paragraph),
        links=links.links_for_paragraph(paragraph),
        link_form=link_form or LinkInputForm(),
        unlink_form=UnlinkForm(),
    ), status


@console.route("/paragraphs/<int:paragraph_id>")
@role_required(*READ_ROLES)
def paragraph(slug, paragraph_id):
    event = _event_or_404(slug)
    paragraph = get_event_paragraph(event, paragraph_id)
    if paragraph is None:
        abort(404)
    return _render_paragraph(event, paragraph)


@console.route("/paragraphs/<int:paragraph_id>/inputs", methods=["POST"])
@role_required(*EDIT_ROLES)
def link(slug, paragraph_id):
    event = _event_or_404(slug)
    paragraph = get_event_paragraph(event, paragraph_id)
    if paragraph is None or not INPUT_LINKS_AVAILABLE:
        abort(404)
    form = LinkInputForm()
    if not form.validate_on_submit():
        return _render_paragraph(event, paragraph, form, 422)
    input = links.get_input(form.input_number)
    if input is None:
        form.input_id.errors = [_("There is no input number %(id)s.", id=form.input_number)]
        return _render_paragraph(event, paragraph, form, 422)
    try:
        _link, created = links.link_input(paragraph, input, current_user._get_current_object())
    except links.LinkError as error:
        form.input_id.errors = [str(error)]
        return _render_paragraph(event, paragraph, form, 422)
    if created:
        flash(_("Input %(id)s is now linked to this paragraph.", id=input.id), "success")
    else:
        flash(_("Input %(id)s was already linked to this paragraph.", id=input.id), "success")
    return redirect(url_for(".paragraph", slug=slug, paragraph_id=paragraph.id))


@console.route("/paragraphs/<int:paragraph_id>/inputs/<int:input_id>/delete", methods=["POST"])
@role_required(*EDIT_ROLES)
def unlink(slug, paragraph_id, input_id):
    event = _event_or_404(slug)
    paragraph = get_event_paragraph(event, paragraph_id)
    if paragraph is None or not INPUT_LINKS_AVAILABLE:
        abort(404)
    if not UnlinkForm().validate_on_submit():
        abort(400)
    input = links.get_input(input_id)
    if input is not None and links.unlink(paragraph, input):
        flash(_("Input %(id)s is no longer linked to this paragraph.", id=input_id), "success")
    return redirect(url_for(".paragraph", slug=slug, paragraph_id=paragraph.id))


# --------------------------------------------------------------------------
# Public: a published document, read only
# --------------------------------------------------------------------------


@public.route("/<lang:lang>/e/<slug>/texts/<int:document_id>")
def public_document(slug, document_id):
    event = _event_or_404(slug)
    document = get_event_document(event, document_id)
    if document is None or not document.published:
        abort(404)
    languages = document_languages(document)
    if not languages:
        abort(404)
    page_language = current_language()
    default = page_language if page_language in languages else languages[0]
    text_lang = request.args.get("text", default)
    if text_lang not in languages:
        abort(404)
    paragraphs = paragraphs_in(document, text_lang)
    return render_template(
        "texts/public_document.html",
        event=event,
        document=document,
        text_lang=text_lang,
        languages=languages,
        by_part={part: [p for p in paragraphs if p.part == part] for part in PARTS},
        notes=notes_in(document, text_lang),
        part_headings=PART_HEADINGS,
        printed_number=printed_number,
    )


# --------------------------------------------------------------------------
# API (bearer tokens of organisers and staff)
# --------------------------------------------------------------------------


def _api_error(status: int, error: str, message: str, **extra):
    response = jsonify(error=error, message=message, **extra)
    response.status_code = status
    return response


def _paragraph_ref(paragraph) -> dict | None:
    return {"part": paragraph.part, "number": paragraph.number} if paragraph is not None else None


def _source_ref(pair, paragraph, extent) -> dict:
    ref = dict(_paragraph_ref(paragraph), extent=extent)
    part = pair.part_of(paragraph)
    if part is not None:
        ref["text"] = part
    return ref


@api.route("/events/<slug>/texts")
@token_required("staff", "organiser")
def api_documents(slug):
    event = get_event(slug)
    if event is None:
        return _api_error(404, "not_found", f"No event with slug {slug!r}.")
    documents = documents_for_event(event)
    counts = paragraph_counts(documents)
    return jsonify(
        documents=[
            {
                "id": document.id,
                "title": document.title,
                "kind": document.kind,
                "languages": languages_in(counts[document.id]),
                "paragraph_counts": counts[document.id],
                "published": document.published,
                "imported_at": document.imported_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
            }
            for document in documents
        ]
    )


@api.route("/events/<slug>/texts/alignment")
@token_required("staff", "organiser")
def api_alignment(slug):
    event = get_event(slug)
    if event is None:
        return _api_error(404, "not_found", f"No event with slug {slug!r}.")
    text_lang = request.args.get("lang", TEXT_LANGUAGES[0])
    if text_lang not in TEXT_LANGUAGES:
        # Field errors follow the request's Accept-Language, like the other APIs.
        message = _("Must be one of: %(choices)s.", choices=", ".join(TEXT_LANGUAGES))
        return jsonify(error="invalid", errors={"lang": [message]}), 422
    draft = get_document(event, DocumentKind.DRAFT.value)
    adopted = get_document(event, DocumentKind.ADOPTED.value)
    missing = [kind for kind, document in (("draft", draft), ("adopted", adopted)) if document is None]
    if missing:
        return _api_error(404, "not_found", f"The event has no {' and no '.join(missing)} text.")
    for kind, document in (("draft", draft), ("adopted", adopted)):
        if text_lang not in document_languages(document):
            return _api_error(404, "not_found", f"The {kind} text has no paragraphs in {text_lang!r}.")
    pairs = align_documents(draft, adopted, text_lang)
    return jsonify(
        language=text_lang,
        draft={"id": draft.id, "title": draft.title},
        adopted={"id": adopted.id, "title": adopted.title},
        pairs=[
            {
                "draft": _paragraph_ref(pair.draft),
                "adopted": _paragraph_ref(pair.adopted),
                "status": pair.status,
                "renumbered": pair.renumbered,
                "merged_from": [_paragraph_ref(p) for p in pair.merged_from],
                "sources": [_source_ref(pair, p, extent) for p, extent in pair.sources],
                "moved_to": [dict(_paragraph_ref(p), text=part) for p, part in pair.moved_to],
                "reservations": [{"marker": note.marker, "text": note.text} for note in pair.reservations],
            }
            for pair in pairs
        ],
    )
