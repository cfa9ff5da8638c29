"""The compilation of inputs for the Chair of the United Nations Ad Hoc Committee.

``build_compilation()`` turns a selection of inputs into a plain structure: a cover (IPU
as author, addressee, title, document symbol and date entered by staff, an editorial
note), a table of contents, a summary table per objective and region, the inputs grouped
by country (alphabetical in the document language, Unicode Collation Algorithm), by
objective or by paragraph, and an annex listing the attachments. ``render_docx``,
``render_pdf`` (WeasyPrint), ``render_html`` and ``render_markdown`` write it out; A4 by
default, Letter as an option; running header with the symbol, "page N of M" footer.

Each input is printed once, numbered in document order; where a grouping meets it again
it is referred to ("Printed in full under ..."). Product text follows the document
language's typography (French no-break spaces before ``: ; ! ?``); names in another
direction than the document (an Arabic parliament in an English document) keep theirs.

The same selection and options always give the same bytes (DOCX, MD, HTML; PDF too with
this WeasyPrint): stable order, the document's date as the only date in the file
properties, fixed ZIP timestamps, a PDF identifier derived from the content.

Grouping is pluggable: ``GROUPINGS[name](context, inputs)`` returns the sections, and
``register_grouping`` adds one (for instance grouping by resolution paragraph).
"""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache

from babel import Locale
from babel.dates import format_date
from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from eventhub.extensions import db
from eventhub.i18n import ngettext

from .countries import NO_REGION, REGION_ORDER, country_name, region_name, region_of
from .models import InputStatus, ParliamentaryInput

FORMATS = ("docx", "pdf", "html", "md")
MIMETYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "zip": "application/zip",
}
#: Statuses compiled when nobody says otherwise: the accepted ("included") inputs only.
DEFAULT_STATUSES = (InputStatus.INCLUDED.value,)
#: Every status but "not included", for a working draft of the compilation.
ACTIVE_STATUSES = tuple(s.value for s in InputStatus if s is not InputStatus.NOT_INCLUDED)
PAPER_SIZES = ("a4", "letter")
FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
#: Limits of what staff type for the cover.
SYMBOL_MAX_LENGTH = 80
ADDRESSEE_MAX_LENGTH = 300
_SYMBOL = re.compile(r"^[^\W_][\w./\-() ]*$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


class OptionError(ValueError):
    """A staff-entered option that cannot be used; the message is for the user."""


def clean_symbol(value: str | None) -> str:
    """A document symbol such as ``A/AC.291/CRP.1`` or ``IPU/C-I/2023/1``: letters, digits,
    ``. / - ( )`` and spaces, at most 80 characters; empty is allowed."""
    value = " ".join(_CONTROL.sub("", value or "").split())
    if not value:
        return ""
    if len(value) > SYMBOL_MAX_LENGTH or not _SYMBOL.match(value):
        raise OptionError(ngettext("The document symbol may contain letters, digits, spaces and . / - ( ), "
                                   "at most %(num)s character.",
                                   "The document symbol may contain letters, digits, spaces and . / - ( ), "
                                   "at most %(num)s characters.", SYMBOL_MAX_LENGTH))
    return value


def clean_addressee(value: str | None) -> str:
    value = " ".join(_CONTROL.sub("", value or "").split())
    if len(value) > ADDRESSEE_MAX_LENGTH:
        raise OptionError(ngettext("The addressee can have at most %(num)s character.",
                                    "The addressee can have at most %(num)s characters.", ADDRESSEE_MAX_LENGTH))
    return value


def parse_date(value: str | dt.date | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    value = value.strip()
    if not value:
        return None
    try:
        parsed = dt.date.fromisoformat(value)
    except ValueError:
        parsed = None
    if parsed is None or not (2000 <= parsed.year <= 2100) or len(value) != 10:
        raise OptionError(_("Enter the date as YYYY-MM-DD."))
    return parsed


class NothingToCompile(ValueError):
    """The selection holds no input: no file is produced."""


def select_inputs(event, *, ids: list[int] | None = None, statuses=None) -> list[ParliamentaryInput]:
    """The inputs to compile, by id: the chosen ids (of this event), else those with one of
    ``statuses`` (default: the accepted inputs, status "included")."""
    query = db.select(ParliamentaryInput).where(ParliamentaryInput.event_id == event.id)
    if ids is not None:
        query = query.where(ParliamentaryInput.id.in_(list(ids) or [-1]))
    else:
        query = query.where(ParliamentaryInput.status.in_(list(statuses or DEFAULT_STATUSES)))
    return list(db.session.execute(query.order_by(ParliamentaryInput.id)).scalars())


def direction_of(language: str) -> str:
    try:
        return Locale.parse(language).text_direction
    except (ValueError, TypeError):
        return "ltr"


_RTL_LETTER = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
_LTR_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff]")


def direction_of_text(text: str, fallback: str = "ltr") -> str:
    """The direction of a short text from its first strong letter (Unicode's rule P2)."""
    for ch in text or "":
        if _RTL_LETTER.match(ch):
            return "rtl"
        if _LTR_LETTER.match(ch):
            return "ltr"
    return fallback


# --- Typography ---------------------------------------------------------------------------

NBSP = "\u00a0"
NNBSP = "\u202f"  # narrow no-break space (French before ; ! ?)
_FRENCH_BEFORE = re.compile(r"[ \u00a0\u202f]?([:;!?])(?=\s|$)")


def typeset(text: str, lang: str) -> str:
    """Product text (labels, headings) set in the document language's typography: in
    French a no-break space before ":" and a narrow one before ";", "!" and "?".
    Never applied to what authors wrote."""
    if lang != "fr" or not text:
        return text
    return _FRENCH_BEFORE.sub(lambda m: (NBSP if m.group(1) == ":" else NNBSP) + m.group(1), text)


def label_prefix(label: str, lang: str) -> str:
    """``label`` followed by the language's colon and a space ("Pays : ", "Country: ")."""
    return typeset(f"{label}:", lang) + " "


def list_separator(lang: str) -> str:
    return "، " if direction_of(lang) == "rtl" else ", "


@lru_cache(maxsize=1)
def _collator():
    import pyuca

    return pyuca.Collator()


def collation_key(text: str) -> tuple:
    """Unicode Collation Algorithm order (DUCET, via pyuca), as the country lists use."""
    return _collator().sort_key(text or "")


@dataclass
class Part:
    """A piece of a line with its own direction and language (a name in Arabic inside an
    English line, for instance): HTML wraps it in <bdi>, DOCX gives it its own run."""

    text: str
    direction: str
    lang: str | None = None


@dataclass
class AttachmentRow:
    filename: str
    kind: str  # "PDF", "DOCX", "ODT"
    size: str  # localised, e.g. "12 kB"
    input_number: int
    input_title: str
    input_direction: str


@dataclass
class CompiledInput:
    id: int
    title: str
    working_title_en: str
    attribution: str  # plain text: "Name, Function, Parliament" or the localised "Anonymous"
    attribution_parts: list[Part]
    language: str
    language_name: str
    direction: str
    country: str
    country_name: str
    submitted: str  # localised date
    paragraphs: list[list[str]]  # paragraphs, each a list of lines
    attachments: list[str] = field(default_factory=list)  # "name.pdf (PDF, 12 kB)"
    number: int = 0  # order in the document, 1, 2, ...
    also_under: list[str] = field(default_factory=list)  # headings where it is referred to
    #: Set on a cross-reference: the input is printed in full elsewhere, under this heading.
    printed_under: str = ""
    anchor: str = ""

    @property
    def is_reference(self) -> bool:
        return bool(self.printed_under)


@dataclass
class Subsection:
    key: str
    heading: str  # may be empty (grouping by country has one unnamed subsection)
    inputs: list[CompiledInput]


@dataclass
class Section:
    key: str
    heading: str
    description: str
    subsections: list[Subsection]
    #: Reservations on the paragraph (grouping by paragraph), printed after the description.
    reservations: list[str] = field(default_factory=list)


@dataclass
class SummaryRow:
    label: str
    counts: list[int]  # one per region column
    total: int


@dataclass
class Compilation:
    lang: str
    direction: str
    title: str
    event_title: str
    organiser: str
    input_count: int
    sections: list[Section]
    region_headings: list[str]
    summary: list[SummaryRow]
    labels: dict[str, str]
    symbol: str = ""
    date: dt.date | None = None
    date_text: str = ""
    addressee: str = ""
    paper: str = "a4"
    group_by: str = "country"
    note: list[str] = field(default_factory=list)
    attachments: list[AttachmentRow] = field(default_factory=list)
    page_label: tuple[str, str, str] = ("", "", "")  # text before N, between N and M, after M


@dataclass
class GroupingContext:
    event: object
    lang: str


Grouping = Callable[[GroupingContext, list[ParliamentaryInput]], list[Section]]
GROUPINGS: dict[str, Grouping] = {}


def register_grouping(name: str):
    def decorator(function: Grouping) -> Grouping:
        GROUPINGS[name] = function
        return function

    return decorator


def grouping_labels() -> dict[str, str]:
    """Names of the groupings for forms, in the current locale."""
    known = {"country": _("By country"), "objective": _("By objective"), "paragraph": _("By paragraph of the resolution")}
    return {name: known.get(name, name) for name in GROUPINGS}


def paragraphs_of(text: str) -> list[list[str]]:
    blocks = re.split(r"\n\s*\n", text.strip()) if text.strip() else []
    return [[line.strip() for line in block.split("\n") if line.strip()] for block in blocks]


def _size_text(size_bytes: int, lang: str) -> str:
    from babel.units import format_unit

    if size_bytes < 1024 * 1024:
        return format_unit(max(1, round(size_bytes / 1024)), "digital-kilobyte", length="short", locale=lang)
    return format_unit(round(size_bytes / (1024 * 1024), 1), "digital-megabyte", length="short", locale=lang)


def _parliament_parts(input_: ParliamentaryInput, lang: str) -> list[Part]:
    """The parliament as typed, then (in brackets) its name in the document language
    when staff entered one that differs; the chamber after it."""
    parts = []
    if input_.parliament:
        name = input_.parliament
        translated = ((input_.parliament_translations or {}).get(lang) or "").strip()
        parts.append(Part(name, direction_of_text(name), input_.language if direction_of_text(name) == "rtl" else None))
        if translated and translated != name:
            parts.append(Part(f"({translated})", direction_of_text(translated), lang))
    if input_.chamber:
        parts.append(Part(input_.chamber, direction_of_text(input_.chamber)))
    return parts


def compiled_input(input_: ParliamentaryInput, lang: str, objective_number: int | None = None) -> CompiledInput:
    if input_.is_anonymous:
        parts = [Part(_("Anonymous"), direction_of(lang), lang)]
    else:
        parts = [Part(p, direction_of_text(p)) for p in (input_.author_name, input_.author_function) if p]
        parts += _parliament_parts(input_, lang)
    # Brackets belong to the part before them: no separator in between.
    attribution_parts: list[Part] = []
    for part in parts:
        if attribution_parts and not part.text.startswith("("):
            attribution_parts.append(Part(list_separator(lang), direction_of(lang)))
        elif attribution_parts:
            attribution_parts.append(Part(" ", direction_of(lang)))
        attribution_parts.append(part)
    names = Locale.parse(lang).languages
    submitted = input_.created_at.date() if input_.created_at else None
    return CompiledInput(
        id=input_.id,
        title=input_.title,
        working_title_en=input_.working_title_en,
        attribution="".join(p.text for p in attribution_parts),
        attribution_parts=attribution_parts,
        language=input_.language,
        language_name=names.get(input_.language, input_.language),
        direction=direction_of(input_.language),
        country=input_.country,
        country_name=country_name(input_.country, lang),
        submitted=format_date(submitted, "long", locale=lang) if submitted else "",
        paragraphs=paragraphs_of(input_.text),
        attachments=[
            f"{a.original_filename} ({a.detected_type.upper()}, {_size_text(a.size_bytes, lang)})"
            for a in input_.attachments
        ],
        anchor=f"input-{input_.id}",
    )


def _country_order(inputs: list[ParliamentaryInput], lang: str) -> list[tuple[str, list[ParliamentaryInput]]]:
    countries: dict[str, list[ParliamentaryInput]] = {}
    for input_ in sorted(inputs, key=lambda i: i.id):
        countries.setdefault(input_.country or "", []).append(input_)
    ordered = sorted(countries, key=lambda code: (code == "", collation_key(country_name(code, lang)), code))
    return [(code, countries[code]) for code in ordered]


def by_country(inputs: list[ParliamentaryInput], lang: str, objective_number: int | None = None) -> list[Subsection]:
    """Countries in alphabetical order of their name in the compilation language (UCA)."""
    return [
        Subsection(
            key=code,
            heading=country_name(code, lang) if code else _("No country given"),
            inputs=[compiled_input(i, lang, objective_number) for i in members],
        )
        for code, members in _country_order(inputs, lang)
    ]


@register_grouping("country")
def group_by_country(context: GroupingContext, inputs: list[ParliamentaryInput]) -> list[Section]:
    """One section per country, alphabetically in the document language (as the United
    Nations compiles Member States' submissions); inputs in the order received."""
    return [
        Section(
            key=f"country-{code or 'none'}",
            heading=country_name(code, context.lang) if code else _("No country given"),
            description="",
            subsections=[Subsection(key=code, heading="", inputs=[compiled_input(i, context.lang) for i in members])],
        )
        for code, members in _country_order(inputs, context.lang)
    ]


@register_grouping("objective")
def group_by_objective(context: GroupingContext, inputs: list[ParliamentaryInput]) -> list[Section]:
    sections = []
    for objective in context.event.objectives:
        filed = [i for i in inputs if objective.number in i.objective_numbers]
        if not filed:
            continue
        sections.append(Section(
            key=f"objective-{objective.number}",
            heading=_("Objective %(number)d: %(label)s", number=objective.number,
                      label=objective.label(context.lang)),
            description=(objective.text or {}).get(context.lang) or objective.label(context.lang),
            subsections=by_country(filed, context.lang, objective.number),
        ))
    unfiled = [i for i in inputs if not i.objectives]
    if unfiled:
        sections.append(Section(
            key="objective-none", heading=_("No objective given"), description="",
            subsections=by_country(unfiled, context.lang, None),
        ))
    return sections


def print_once(sections: list[Section]) -> int:
    """Number the inputs in document order; an input met again (filed under two objectives,
    linked to two paragraphs) becomes a cross-reference to where it is printed, and the
    printed copy lists where else it is referred to. Returns how many inputs are printed."""
    printed: dict[int, tuple[CompiledInput, str]] = {}
    for section in sections:
        for sub in section.subsections:
            for index, item in enumerate(sub.inputs):
                if item.id not in printed:
                    item.number = len(printed) + 1
                    printed[item.id] = (item, section.heading)
                    continue
                first, heading = printed[item.id]
                if section.heading not in first.also_under:
                    first.also_under.append(section.heading)
                sub.inputs[index] = replace(first, paragraphs=[], attachments=[], also_under=[],
                                            printed_under=heading)
    return len(printed)


def summary_rows(event, inputs: list[ParliamentaryInput], lang: str) -> tuple[list[str], list[SummaryRow]]:
    """Inputs per objective (rows) and M49 region (columns); the last row counts each
    input once even when it addresses several objectives."""
    regions = list(REGION_ORDER)
    if any(region_of(i.country) == NO_REGION for i in inputs):
        regions.append(NO_REGION)

    def row(label: str, members: list[ParliamentaryInput]) -> SummaryRow:
        counts = [sum(1 for i in members if region_of(i.country) == region) for region in regions]
        return SummaryRow(label=label, counts=counts, total=len(members))

    rows = [
        row(_("Objective %(number)d: %(label)s", number=o.number, label=o.label(lang)),
            [i for i in inputs if o.number in i.objective_numbers])
        for o in event.objectives
    ]
    rows.append(row(_("All inputs (each counted once)"), inputs))
    return [region_name(region, lang) for region in regions], rows


def _typeset_all(compilation: Compilation) -> None:
    lang = compilation.lang
    compilation.title = typeset(compilation.title, lang)
    compilation.labels = {key: typeset(value, lang) for key, value in compilation.labels.items()}
    for section in compilation.sections:
        section.heading = typeset(section.heading, lang)
        for sub in section.subsections:
            sub.heading = typeset(sub.heading, lang)
            for item in sub.inputs:
                item.printed_under = typeset(item.printed_under, lang)
                item.also_under = [typeset(h, lang) for h in item.also_under]
    for row in compilation.summary:
        row.label = typeset(row.label, lang)


def build_compilation(event, inputs: list[ParliamentaryInput], *, lang: str = "en",
                      group_by: str = "country", paper: str = "a4", symbol: str = "",
                      date: dt.date | str | None = None, addressee: str | None = None) -> Compilation:
    """The compilation of ``inputs`` in ``lang``. ``symbol``, ``date`` and ``addressee``
    are staff-entered (checked here: :class:`OptionError`); ``addressee`` defaults to the
    event's setting and ``date`` to none (a dated cover needs it)."""
    if group_by not in GROUPINGS:
        raise ValueError(f"unknown grouping {group_by!r}; known: {', '.join(sorted(GROUPINGS))}")
    if paper not in PAPER_SIZES:
        raise ValueError(f"unknown paper size {paper!r}; known: {', '.join(PAPER_SIZES)}")
    with force_locale(lang):
        symbol = clean_symbol(symbol)
        date = parse_date(date)
        addressee = clean_addressee(event.compilation_addressee if addressee is None else addressee)
        sections = GROUPINGS[group_by](GroupingContext(event=event, lang=lang), inputs)
        printed = print_once(sections)
        region_headings, summary = summary_rows(event, inputs, lang)
        numbers = {item.id: item.number for s in sections for sub in s.subsections
                    for item in sub.inputs if not item.is_reference}
        attachments = [
            AttachmentRow(
                filename=a.original_filename, kind=a.detected_type.upper(), size=_size_text(a.size_bytes, lang),
                input_number=numbers.get(i.id, 0), input_title=i.title,
                input_direction=direction_of(i.language),
            )
            for i in sorted(inputs, key=lambda i: numbers.get(i.id, 0)) for a in i.attachments
        ]
        marker_page, marker_pages = "\x00page\x00", "\x00pages\x00"
        page_text = _("Page %(page)s of %(pages)s", page=marker_page, pages=marker_pages)
        before, _page, middle, _pages, after = re.split(r"\x00(page|pages)\x00", page_text) \
            if page_text.index(marker_page) < page_text.index(marker_pages) else (page_text, "", "", "", "")
        labels = {
            "summary": _("Summary"),
            "summary_caption": _("Number of inputs per objective and region"),
            "objective": _("Objective"),
            "total": _("Total"),
            "regions_note": _("Regions: United Nations M49 standard (Statistics Division)."),
            "contents": _("Contents"),
            "toc_hint": _("Update this field (F9 in Word) to show page numbers."),
            "original_language": _("Original language"),
            "working_title": _("English working title"),
            "attribution": _("Submitted by"),
            "country": _("Country"),
            "submitted_on": _("Date received"),
            "attachments": _("Attachments"),
            "also_under": _("Also relevant to"),
            "reference": _("Reference"),
            "reservation": _("Reservation"),
            "input_number": _("Input"),
            "printed_under": _("Printed in full under"),
            "none": _("No inputs were selected."),
            "symbol": _("Symbol"),
            "date": _("Date"),
            "addressee": _("To"),
            "author": _("Prepared by"),
            "note": _("Editorial note"),
            "annex": _("Annex: attachments received"),
            "annex_caption": _("Files sent with the inputs (not reproduced in this document)"),
            "annex_none": _("No attachments were received with these inputs."),
            "file_name": _("File name"),
            "file_type": _("Type"),
            "file_size": _("Size"),
            "inputs_count": ngettext("%(num)s input", "%(num)s inputs", printed),
        }
        note = [
            _("The submissions are reproduced as received, in their original language. Titles in "
              "English are working titles; they and any translations are unofficial and are given "
              "for ease of reference only."),
            _("This compilation has not been formally edited."),
        ]
        title = _("Compilation of parliamentary inputs")
        date_text = format_date(date, "long", locale=lang) if date else ""
    compilation = Compilation(
        lang=lang,
        direction=direction_of(lang),
        title=title,
        event_title=event.text("title", lang),
        organiser=event.text("organiser", lang),
        input_count=len(inputs),
        sections=sections,
        region_headings=region_headings,
        summary=summary,
        labels=labels,
        symbol=symbol,
        date=date,
        date_text=date_text,
        addressee=addressee,
        paper=paper,
        group_by=group_by,
        note=note,
        attachments=attachments,
        page_label=(before, middle, after),
    )
    _typeset_all(compilation)
    return compilation


def attachments_zip(inputs: list[ParliamentaryInput]) -> bytes:
    """The inputs' attachments in one ZIP (``input-<id>/<file name>``), fixed times and
    order so that the same inputs give the same file. Missing files are skipped."""
    from .attachments import attachment_path

    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        for input_ in sorted(inputs, key=lambda i: i.id):
            used: set[str] = set()
            for attachment in input_.attachments:
                try:
                    path = attachment_path(attachment.storage_path)
                except ValueError:
                    continue
                if not path.is_file():
                    continue
                name = re.sub(r"[\\/\x00-\x1f]", "_", attachment.original_filename).lstrip(".") or "file"
                if name in used:
                    name = f"{attachment.id}-{name}"
                used.add(name)
                info = zipfile.ZipInfo(f"input-{input_.id}/{name}", date_time=FIXED_ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                archive.writestr(info, path.read_bytes())
    return output.getvalue()


# --- HTML and PDF -----------------------------------------------------------------------

def _template_values(compilation: Compilation) -> dict:
    return {
        "c": compilation,
        "colon": typeset(":", compilation.lang) + " ",
        "separator": list_separator(compilation.lang),
    }


def render_html(compilation: Compilation) -> str:
    """A standalone page (its own small stylesheet) with every user text escaped."""
    from flask import has_request_context

    # Served as a page: its icon, so that the browser does not ask for /favicon.ico.
    return render_template("inputs/compilation.html", style=COMPILATION_STYLE, web_page=has_request_context(),
                           **_template_values(compilation))


COMPILATION_STYLE = (
    "body{font-family:system-ui,'Segoe UI',Roboto,'Noto Sans','Noto Sans Arabic',Tahoma,Arial,sans-serif;"
    "max-width:50rem;margin:2rem auto;padding:0 1rem;line-height:1.55;color:#1b2430}"
    "table{border-collapse:collapse;margin-block:1rem}th,td{border:1px solid #a3adba;padding:.3rem .6rem;"
    "text-align:start}td.n{text-align:end}.input{border-block-start:1px solid #d5dbe3;padding-block:.5rem}"
    ".meta{color:#4a5565;margin:.2rem 0}.symbol{text-align:end}.symbol .label{display:none}"
    ".note{border:1px solid #a3adba;padding:0 1rem}"
    # A phone: the summary table scrolls by itself instead of widening the page.
    "@media (max-width:40rem){table.summary{display:block;overflow-x:auto;max-width:100%}}"
)


def css_string(text: str) -> str:
    """``text`` as a CSS string literal: everything but letters, digits and spaces escaped."""
    out = []
    for ch in text:
        if ch.isalnum() or ch == " ":
            out.append(ch)
        else:
            out.append(f"\\{ord(ch):06x}")
    return '"' + "".join(out) + '"'


#: Fonts for the PDF: DejaVu Sans (fonts-dejavu-core, installed with the system packages)
#: covers Latin and Arabic and is shaped by Pango/HarfBuzz; Noto is used when present.
PDF_FONTS = "'Noto Sans','Noto Naskh Arabic','Noto Sans Arabic','DejaVu Sans',sans-serif"


def print_style(compilation: Compilation) -> str:
    before, middle, after = compilation.page_label
    footer = (f"{css_string(before)} counter(page) {css_string(middle)} counter(pages) {css_string(after)}")
    size = "A4" if compilation.paper == "a4" else "letter"
    running = css_string(compilation.symbol) if compilation.symbol else "string(title)"
    return (
        f"@page{{size:{size};margin:25mm 20mm;"
        f"@top-center{{content:{running};font-size:9pt;color:#4a5565}}"
        f"@bottom-center{{content:{footer};font-size:9pt;color:#4a5565}}}}"
        "@page:first{@top-center{content:none}}"
        f"html{{font-family:{PDF_FONTS};font-size:10.5pt;line-height:1.4;color:#111}}"
        "h1{string-set:title content();font-size:20pt;margin-top:30mm}"
        "h2{font-size:14pt;margin-top:1.2em}h3{font-size:12pt}h4{font-size:11pt}"
        ".symbol{text-align:end;font-weight:bold}.symbol .label{display:none}.date{text-align:end}"
        ".note{border:1px solid #777;padding:0 4mm;margin-top:15mm}"
        ".toc{page-break-before:always}.toc ol{list-style:none;padding:0}"
        ".toc a{color:inherit;text-decoration:none}"
        ".toc a::after{content:leader('.') target-counter(attr(href),page)}"
        "section.group{page-break-before:always}"
        "table{border-collapse:collapse;width:100%;table-layout:fixed}th,td{border:1px solid #777;"
        "padding:1mm 2mm;text-align:start;vertical-align:top;hyphens:manual;overflow-wrap:normal}"
        "td.n{text-align:end}table{font-size:9pt}table.summary th.label-col{width:30%}"
        "table.annex th:first-child{width:12%}table.annex th:nth-child(3){width:12%}"
        "table.annex th:nth-child(4){width:14%}"
        ".input{border-top:1px solid #bbb;padding-top:2mm;margin-top:4mm}.meta{margin:.5mm 0;color:#333}"
        "a{color:inherit}"
    )


def pdf_layout(compilation: Compilation):
    """The laid-out print version (a ``weasyprint.Document``: pages, boxes, metadata)."""
    import weasyprint

    html = render_template("inputs/compilation.html", style=print_style(compilation),
                           **_template_values(compilation))
    document = weasyprint.HTML(string=html, base_url=None).render()
    if compilation.date is None:
        document.metadata.created = document.metadata.modified = None
    return document, html


def render_pdf(compilation: Compilation) -> bytes:
    """The print version of the HTML, laid out by WeasyPrint (Pango and HarfBuzz shape
    Arabic): A4 or Letter, the symbol in the running header, "page N of M" in the footer,
    a table of contents with page numbers. The document's date is its creation date, so
    the same compilation gives the same file."""
    document, html = pdf_layout(compilation)
    return document.write_pdf(pdf_identifier=_pdf_identifier(html))


def _pdf_identifier(html: str) -> bytes:
    import hashlib

    return hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode()


# --- Markdown -------------------------------------------------------------------------

_MD_ALWAYS = re.compile(r"([\\`*_\[\]<>#|~&])")
_MD_LINE_START = re.compile(r"^(\s*)([-+=>]|\d+[.)])")
_FSI, _PDI = "\u2068", "\u2069"


def md_escape(text: str) -> str:
    """Plain text that a CommonMark renderer shows as written: the characters that open
    inline markup or HTML (``<script>`` included) are backslash-escaped everywhere, block
    markers at the start of a line too, and leading spaces (a code block) are dropped."""
    text = _MD_ALWAYS.sub(r"\\\1", text.strip())
    return _MD_LINE_START.sub(lambda m: "\\" + m.group(2), text)


def _md_parts(parts: list[Part], direction: str) -> str:
    """Parts in another direction than the line are wrapped in Unicode isolates (FSI/PDI)."""
    def escaped(text: str) -> str:
        return _MD_ALWAYS.sub(r"\\\1", text)

    return "".join(
        f"{_FSI}{escaped(p.text)}{_PDI}" if p.direction != direction and p.text.strip() else escaped(p.text)
        for p in parts
    )


def _md_table(headings: list[str], rows: list[list[str]], numeric: set[int] | None = None) -> list[str]:
    """A pipe table; the ``numeric`` columns (default: all but the first) aligned to the end."""
    numeric = set(range(1, len(headings))) if numeric is None else numeric
    lines = ["| " + " | ".join(headings) + " |",
             "|" + "|".join("---:" if i in numeric else "---" for i in range(len(headings))) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def render_markdown(compilation: Compilation) -> str:
    c, lab = compilation, compilation.labels
    colon = typeset(":", c.lang) + " "
    sep = list_separator(c.lang)
    out = []
    if c.symbol:
        out += [md_escape(c.symbol), ""]
    if c.date_text:
        out += [md_escape(c.date_text), ""]
    out += [f"# {md_escape(c.title)}", "", f"**{md_escape(c.event_title)}**", "",
            md_escape(lab["author"]) + colon + md_escape(c.organiser), ""]
    if c.addressee:
        out += [md_escape(lab["addressee"]) + colon + md_escape(c.addressee), ""]
    out += [md_escape(lab["inputs_count"]), ""]
    out += [f"## {md_escape(lab['note'])}", ""] + [x for line in c.note for x in (md_escape(line), "")]
    out += [f"## {md_escape(lab['contents'])}", ""]
    out += [f"- {md_escape(lab['summary'])}"] + [f"- {md_escape(s.heading)}" for s in c.sections]
    out += [f"- {md_escape(lab['annex'])}", ""]
    out += [f"## {md_escape(lab['summary'])}", "", md_escape(lab["summary_caption"]), ""]
    out += _md_table(
        [md_escape(lab["objective"])] + [md_escape(h) for h in c.region_headings] + [md_escape(lab["total"])],
        [[md_escape(r.label)] + [str(n) for n in r.counts] + [str(r.total)] for r in c.summary],
    )
    out += ["", f"*{md_escape(lab['regions_note'])}*", ""]
    if not c.sections:
        out += [md_escape(lab["none"]), ""]
    for section in c.sections:
        out += [f"## {md_escape(section.heading)}", ""]
        if section.description:
            out += [md_escape(section.description), ""]
        for note in section.reservations:
            out += [f"*{md_escape(lab['reservation'])}{colon}{md_escape(note)}*", ""]
        for sub in section.subsections:
            if sub.heading:
                out += [f"### {md_escape(sub.heading)}", ""]
            for item in sub.inputs:
                title = _md_parts([Part(item.title, item.direction)], c.direction)
                if item.is_reference:
                    out += [f"*{md_escape(lab['input_number'])} {item.number}{colon}{title} — "
                            f"{md_escape(lab['printed_under'])} «{md_escape(item.printed_under)}»*", ""]
                    continue
                out += [f"#### {md_escape(lab['input_number'])} {item.number}{colon}{title}", ""]
                meta = [f"- {md_escape(lab['attribution'])}{colon}{_md_parts(item.attribution_parts, c.direction)}",
                        f"- {md_escape(lab['country'])}{colon}{md_escape(item.country_name)}"]
                if item.submitted:
                    meta.append(f"- {md_escape(lab['submitted_on'])}{colon}{md_escape(item.submitted)}")
                meta.append(f"- {md_escape(lab['original_language'])}{colon}{md_escape(item.language_name)}")
                if item.working_title_en:
                    meta.append(f"- {md_escape(lab['working_title'])}{colon}{md_escape(item.working_title_en)}")
                if item.attachments:
                    meta.append(f"- {md_escape(lab['attachments'])}{colon}{sep.join(md_escape(a) for a in item.attachments)}")
                if item.also_under:
                    meta.append(f"- {md_escape(lab['also_under'])}{colon}{sep.join(md_escape(h) for h in item.also_under)}")
                meta.append(f"- {md_escape(lab['reference'])}{colon}{item.id}")
                out += meta + [""]
                for paragraph in item.paragraphs:
                    out += ["\\\n".join(md_escape(line) for line in paragraph), ""]
    out += [f"## {md_escape(lab['annex'])}", ""]
    if c.attachments:
        out += [md_escape(lab["annex_caption"]), ""]
        out += _md_table(
            [md_escape(lab["input_number"]), md_escape(lab["file_name"]), md_escape(lab["file_type"]),
             md_escape(lab["file_size"])],
            [[str(r.input_number), md_escape(r.filename), r.kind, md_escape(r.size)] for r in c.attachments],
            numeric={0, 3},
        )
        out += [""]
    else:
        out += [md_escape(lab["annex_none"]), ""]
    return "\n".join(out).rstrip("\n") + "\n"


# --- DOCX -----------------------------------------------------------------------------

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _set_bidi(paragraph, rtl: bool, language: str | None = None) -> None:
    """Right-to-left paragraph (w:bidi) with right-to-left runs (w:rtl)."""
    if not rtl:
        return
    from docx.oxml import OxmlElement

    paragraph_properties = paragraph._p.get_or_add_pPr()
    paragraph_properties.append(OxmlElement("w:bidi"))
    for run in paragraph.runs:
        _set_run_rtl(run, language)


def _set_run_rtl(run, language: str | None = None) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run_properties = run._r.get_or_add_rPr()
    if run_properties.find(qn("w:rtl")) is None:
        run_properties.append(OxmlElement("w:rtl"))
    if language and run_properties.find(qn("w:lang")) is None:
        lang_element = OxmlElement("w:lang")
        lang_element.set(qn("w:bidi"), language)
        run_properties.append(lang_element)


def _paragraph(document, text: str, *, style: str | None = None, rtl: bool = False,
               language: str | None = None, lines: list[str] | None = None, align_end: bool = False):
    paragraph = document.add_paragraph(style=style)
    # Lines of one paragraph stay one paragraph, with a line break before each but the first.
    for index, line in enumerate(lines if lines is not None else [text]):
        run = paragraph.add_run()
        if index:
            run.add_break()
        run.add_text(line)
    _set_bidi(paragraph, rtl, language)
    if align_end:
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        # In a right-to-left paragraph "right" is its start: the end is then the left.
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT if rtl else WD_ALIGN_PARAGRAPH.RIGHT
    return paragraph


def _parts_paragraph(document, prefix: str, parts: list[Part], rtl: bool, lang: str):
    """A "Label: value" line whose value is made of parts in several directions: each part
    its own run, right-to-left runs marked, so Word orders them as written."""
    paragraph = document.add_paragraph()
    paragraph.add_run(prefix)
    for part in parts:
        run = paragraph.add_run(part.text)
        if part.direction == "rtl":
            _set_run_rtl(run, part.lang or "ar")
    if rtl:
        from docx.oxml import OxmlElement

        paragraph._p.get_or_add_pPr().append(OxmlElement("w:bidi"))
        for run in paragraph.runs[:1]:
            _set_run_rtl(run, lang)
    return paragraph


def _heading(document, text: str, level: int, rtl: bool):
    paragraph = document.add_heading(text, level=level)
    _set_bidi(paragraph, rtl)
    return paragraph


def _field(paragraph, instruction: str, result: str) -> None:
    """A complex field (PAGE, NUMPAGES, TOC) with a shown result until Word updates it."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def run_with(element):
        run = OxmlElement("w:r")
        run.append(element)
        paragraph._p.append(run)

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    if instruction.strip().startswith("TOC"):
        begin.set(qn("w:dirty"), "true")
    run_with(begin)
    instr = OxmlElement("w:instrText")
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    instr.text = f" {instruction} "
    run_with(instr)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run_with(separate)
    shown = OxmlElement("w:t")
    shown.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    shown.text = result
    run_with(shown)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


def _table(document, headings: list[str], rows: list[list[str]], widths_mm: list[float], rtl: bool,
           numeric: set[int] = frozenset()):
    """A table with fixed column widths (a wide first column, so that no word breaks)."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    table = document.add_table(rows=1, cols=len(headings))
    table.style = "Table Grid"
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    properties = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    properties.append(layout)
    if rtl:
        properties.append(OxmlElement("w:bidiVisual"))
    for column, width in zip(table.columns, widths_mm):
        column.width = Mm(width)

    def fill(cells, values, header=False):
        for index, (cell, value, width) in enumerate(zip(cells, values, widths_mm)):
            cell.width = Mm(width)
            cell.text = value
            paragraph = cell.paragraphs[0]
            for run in paragraph.runs:
                run.font.size = Pt(9)
                run.bold = header or None
            if index in numeric and not header:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT if rtl else WD_ALIGN_PARAGRAPH.RIGHT
            _set_bidi(paragraph, rtl)

    fill(table.rows[0].cells, headings, header=True)
    for row in rows:
        fill(table.add_row().cells, row)
    return table


def _text_width_mm(paper: str) -> float:
    return (210 if paper == "a4" else 215.9) - 2 * 20


def _setup_section(document, compilation: Compilation) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    section = document.sections[0]
    if compilation.paper == "a4":
        section.page_width, section.page_height = Mm(210), Mm(297)
    else:
        section.page_width, section.page_height = Mm(215.9), Mm(279.4)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin = section.bottom_margin = Mm(25)
    section.header_distance = section.footer_distance = Mm(12)
    rtl = compilation.direction == "rtl"
    section.different_first_page_header_footer = True

    header = section.header.paragraphs[0]
    header.text = compilation.symbol or compilation.title
    header.alignment = WD_ALIGN_PARAGRAPH.LEFT if rtl else WD_ALIGN_PARAGRAPH.RIGHT
    _set_bidi(header, rtl)

    for footer in (section.footer, section.first_page_footer):
        paragraph = footer.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        before, middle, after = compilation.page_label
        paragraph.add_run(before)
        _field(paragraph, "PAGE", "1")
        paragraph.add_run(middle)
        _field(paragraph, "NUMPAGES", "1")
        paragraph.add_run(after)
        _set_bidi(paragraph, rtl)


def _core_properties(document, compilation: Compilation) -> None:
    """Real properties: title, subject, author (the organiser), symbol as keywords and
    identifier, language, and the document's date as its creation and modification
    date (so that the same compilation gives the same file)."""
    moment = dt.datetime.combine(compilation.date or dt.date(2000, 1, 1), dt.time(0, 0))
    properties = document.core_properties
    properties.title = compilation.title
    properties.subject = compilation.event_title
    properties.author = compilation.organiser
    properties.last_modified_by = compilation.organiser
    properties.comments = ""
    properties.keywords = compilation.symbol
    properties.identifier = compilation.symbol
    properties.category = ""
    properties.language = compilation.lang
    properties.revision = 1
    properties.created = moment
    properties.modified = moment
    properties.last_printed = moment


def _update_fields_on_open(document) -> None:
    """Ask Word to update fields (the table of contents, page count) when the file opens."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    settings = document.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.append(update)


def _fixed_zip(data: bytes) -> bytes:
    """Re-pack with fixed entry times and order, so equal documents are equal files."""
    source = zipfile.ZipFile(io.BytesIO(data))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(info.filename))
    return output.getvalue()


def render_docx(compilation: Compilation) -> bytes:
    from docx import Document
    from docx.enum.text import WD_BREAK

    c, lab = compilation, compilation.labels
    rtl = c.direction == "rtl"
    colon = typeset(":", c.lang) + " "
    sep = list_separator(c.lang)
    document = Document()
    _core_properties(document, c)
    _setup_section(document, c)
    _update_fields_on_open(document)

    # Cover
    if c.symbol:
        _paragraph(document, c.symbol, rtl=rtl, align_end=True).runs[0].bold = True
    if c.date_text:
        _paragraph(document, c.date_text, rtl=rtl, align_end=True)
    _heading(document, c.title, 0, rtl)
    _paragraph(document, c.event_title, rtl=rtl).runs[0].bold = True
    _paragraph(document, lab["author"] + colon + c.organiser, rtl=rtl)
    if c.addressee:
        _parts_paragraph(document, lab["addressee"] + colon,
                         [Part(c.addressee, direction_of_text(c.addressee, c.direction))], rtl, c.lang)
    _paragraph(document, lab["inputs_count"], rtl=rtl)
    _heading(document, lab["note"], 1, rtl)
    for line in c.note:
        _paragraph(document, line, rtl=rtl)

    # Contents: a TOC field (headings 1 and 2) that shows the headings until updated.
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _heading(document, lab["contents"], 1, rtl)
    toc = document.add_paragraph()
    _field(toc, 'TOC \\o "1-2" \\h \\z \\u', lab["toc_hint"])
    _set_bidi(toc, rtl)

    width = _text_width_mm(c.paper)
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _heading(document, lab["summary"], 1, rtl)
    _paragraph(document, lab["summary_caption"], rtl=rtl)
    columns = len(c.region_headings) + 1
    first = round(width * 0.30, 1)
    rest = round((width - first) / columns, 1)
    _table(document, [lab["objective"], *c.region_headings, lab["total"]],
           [[row.label, *map(str, row.counts), str(row.total)] for row in c.summary],
           [first] + [rest] * columns, rtl, numeric=set(range(1, columns + 1)))
    _paragraph(document, lab["regions_note"], rtl=rtl)

    if not c.sections:
        _paragraph(document, lab["none"], rtl=rtl)
    for section in c.sections:
        document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        _heading(document, section.heading, 1, rtl)
        if section.description:
            _paragraph(document, section.description, rtl=rtl)
        for note in section.reservations:
            line = _paragraph(document, f"{lab['reservation']}{colon}{note}", rtl=rtl)
            for run in line.runs:
                run.italic = True
        for sub in section.subsections:
            if sub.heading:
                _heading(document, sub.heading, 2, rtl)
            for item in sub.inputs:
                item_rtl = item.direction == "rtl"
                title = Part(item.title, item.direction, item.language)
                if item.is_reference:
                    line = _parts_paragraph(
                        document, f"{lab['input_number']} {item.number}{colon}",
                        [title, Part(f" — {lab['printed_under']} «{item.printed_under}»", c.direction)], rtl, c.lang)
                    for run in line.runs:
                        run.italic = True
                    continue
                heading = document.add_heading(level=3 if sub.heading else 2)
                heading.add_run(f"{lab['input_number']} {item.number}{colon}")
                title_run = heading.add_run(item.title)
                if item_rtl:
                    _set_run_rtl(title_run, item.language)
                if rtl:
                    from docx.oxml import OxmlElement

                    heading._p.get_or_add_pPr().append(OxmlElement("w:bidi"))
                _parts_paragraph(document, lab["attribution"] + colon, item.attribution_parts, rtl, c.lang)
                meta = [f"{lab['country']}{colon}{item.country_name}"]
                if item.submitted:
                    meta.append(f"{lab['submitted_on']}{colon}{item.submitted}")
                meta.append(f"{lab['original_language']}{colon}{item.language_name}")
                for line in meta:
                    _paragraph(document, line, rtl=rtl)
                if item.working_title_en:
                    _parts_paragraph(document, lab["working_title"] + colon,
                                     [Part(item.working_title_en, "ltr", "en")], rtl, c.lang)
                if item.attachments:
                    _parts_paragraph(document, lab["attachments"] + colon,
                                     [Part(sep.join(item.attachments), direction_of_text(item.attachments[0]))],
                                     rtl, c.lang)
                if item.also_under:
                    _paragraph(document, f"{lab['also_under']}{colon}{sep.join(item.also_under)}", rtl=rtl)
                _paragraph(document, f"{lab['reference']}{colon}{item.id}", rtl=rtl)
                for paragraph in item.paragraphs:
                    _paragraph(document, "", lines=paragraph, rtl=item_rtl,
                               language=item.language if item_rtl else None)

    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _heading(document, lab["annex"], 1, rtl)
    if c.attachments:
        _paragraph(document, lab["annex_caption"], rtl=rtl)
        _table(document, [lab["input_number"], lab["file_name"], lab["file_type"], lab["file_size"]],
               [[str(r.input_number), r.filename, r.kind, r.size] for r in c.attachments],
               [20, width - 20 - 22 - 28, 22, 28], rtl, numeric={0, 3})
    else:
        _paragraph(document, lab["annex_none"], rtl=rtl)
    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_zip(buffer.getvalue())


def render(compilation: Compilation, output_format: str) -> bytes:
    if output_format == "docx":
        return render_docx(compilation)
    if output_format == "pdf":
        return render_pdf(compilation)
    if output_format == "html":
        return render_html(compilation).encode("utf-8")
    if output_format == "md":
        return render_markdown(compilation).encode("utf-8")
    raise ValueError(f"unknown format {output_format!r}")


def filename_for(event, output_format: str, lang: str = "en") -> str:
    if output_format == "zip":
        return f"{event.slug}-inputs-attachments.zip"
    return f"{event.slug}-inputs-{lang}.{output_format}"
