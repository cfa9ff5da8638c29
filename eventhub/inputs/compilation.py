"""The compilation of inputs for the Chair of the United Nations Ad Hoc Committee.

``build_compilation()`` turns a selection of inputs into a plain structure (sections by
objective, then by country; a summary table per objective and region); ``render_html``,
``render_markdown`` and ``render_docx`` write it out. The same selection always gives the
same bytes: stable order (objective number, English country name, input id), no dates in
the body, fixed DOCX core properties and ZIP timestamps.

Grouping is pluggable: ``GROUPINGS[name](context, inputs)`` returns the sections, and
``register_grouping`` adds one (for instance grouping by resolution paragraph).
"""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field

from babel import Locale
from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from eventhub.extensions import db

from .countries import NO_REGION, REGION_ORDER, country_name, region_name, region_of
from .models import InputStatus, ParliamentaryInput

FORMATS = ("docx", "html", "md")
MIMETYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
}
#: Statuses compiled when nobody says otherwise: everything not set aside.
DEFAULT_STATUSES = tuple(s.value for s in InputStatus if s is not InputStatus.NOT_INCLUDED)
#: DOCX core properties "created"/"modified": fixed, so that files compare equal.
FIXED_DOCX_TIME = dt.datetime(2022, 1, 1, tzinfo=dt.timezone.utc)
FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def select_inputs(event, *, ids: list[int] | None = None, statuses=None) -> list[ParliamentaryInput]:
    """The inputs to compile, by id: the chosen ids (of this event), else those with one of
    ``statuses`` (default: every status but "not included")."""
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


@dataclass
class CompiledInput:
    id: int
    title: str
    working_title_en: str
    attribution: str  # "Name, Parliament" or the localised "Anonymous"
    language: str
    language_name: str
    direction: str
    country: str
    country_name: str
    paragraphs: list[list[str]]  # paragraphs, each a list of lines
    other_objectives: list[int] = field(default_factory=list)


@dataclass
class Subsection:
    key: str
    heading: str
    inputs: list[CompiledInput]


@dataclass
class Section:
    key: str
    heading: str
    description: str
    subsections: list[Subsection]


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


def paragraphs_of(text: str) -> list[list[str]]:
    blocks = re.split(r"\n\s*\n", text.strip()) if text.strip() else []
    return [[line.strip() for line in block.split("\n") if line.strip()] for block in blocks]


def compiled_input(input_: ParliamentaryInput, lang: str, objective_number: int | None) -> CompiledInput:
    if input_.is_anonymous:
        attribution = _("Anonymous")
    else:
        attribution = ", ".join(part for part in (input_.author_name, input_.parliament) if part)
    names = Locale.parse(lang).languages
    return CompiledInput(
        id=input_.id,
        title=input_.title,
        working_title_en=input_.working_title_en,
        attribution=attribution,
        language=input_.language,
        language_name=names.get(input_.language, input_.language),
        direction=direction_of(input_.language),
        country=input_.country,
        country_name=country_name(input_.country, lang),
        paragraphs=paragraphs_of(input_.text),
        other_objectives=[n for n in input_.objective_numbers if n != objective_number],
    )


def by_country(inputs: list[ParliamentaryInput], lang: str, objective_number: int | None) -> list[Subsection]:
    """Countries in alphabetical order of their name in the compilation language."""
    from .search import fold

    countries: dict[str, list[ParliamentaryInput]] = {}
    for input_ in sorted(inputs, key=lambda i: i.id):
        countries.setdefault(input_.country or "", []).append(input_)
    ordered = sorted(countries, key=lambda code: (fold(country_name(code, lang)), code))
    return [
        Subsection(
            key=code,
            heading=country_name(code, lang) if code else _("No country given"),
            inputs=[compiled_input(i, lang, objective_number) for i in countries[code]],
        )
        for code in ordered
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


def build_compilation(event, inputs: list[ParliamentaryInput], *, lang: str = "en",
                      group_by: str = "objective") -> Compilation:
    if group_by not in GROUPINGS:
        raise ValueError(f"unknown grouping {group_by!r}; known: {', '.join(sorted(GROUPINGS))}")
    with force_locale(lang):
        sections = GROUPINGS[group_by](GroupingContext(event=event, lang=lang), inputs)
        region_headings, summary = summary_rows(event, inputs, lang)
        labels = {
            "summary": _("Summary"),
            "summary_caption": _("Number of inputs per objective and region"),
            "objective": _("Objective"),
            "total": _("Total"),
            "regions_note": _("Regions: United Nations M49 standard (Statistics Division)."),
            "contents": _("Inputs"),
            "original_language": _("Original language"),
            "working_title": _("English working title"),
            "attribution": _("Submitted by"),
            "also_filed": _("Also filed under objectives"),
            "reference": _("Reference"),
            "none": _("No inputs were selected."),
        }
        title = _("Compilation of parliamentary inputs")
    return Compilation(
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
    )


# --- HTML -----------------------------------------------------------------------------

def render_html(compilation: Compilation) -> str:
    """A standalone page (its own small stylesheet) with every user text escaped."""
    return render_template("inputs/compilation.html", c=compilation, style=COMPILATION_STYLE)


COMPILATION_STYLE = (
    "body{font-family:system-ui,'Segoe UI',Roboto,'Noto Sans','Noto Sans Arabic',Tahoma,Arial,sans-serif;"
    "max-width:50rem;margin:2rem auto;padding:0 1rem;line-height:1.55;color:#1b2430}"
    "table{border-collapse:collapse;margin-block:1rem}th,td{border:1px solid #a3adba;padding:.3rem .6rem;"
    "text-align:start}td.n{text-align:end}.input{border-block-start:1px solid #d5dbe3;padding-block:.5rem}"
    ".meta{color:#4a5565;margin:.2rem 0}"
)


# --- Markdown -------------------------------------------------------------------------

_MD_ALWAYS = re.compile(r"([\\`*_\[\]<>#|~&])")
_MD_LINE_START = re.compile(r"^(\s*)([-+=>]|\d+[.)])")


def md_escape(text: str) -> str:
    """Plain text that a CommonMark renderer shows as written: the characters that open
    inline markup or HTML (``<script>`` included) are backslash-escaped everywhere, block
    markers at the start of a line too, and leading spaces (a code block) are dropped."""
    text = _MD_ALWAYS.sub(r"\\\1", text.strip())
    return _MD_LINE_START.sub(lambda m: "\\" + m.group(2), text)


def _md_table(headings: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(headings) + " |", "|" + "|".join(["---"] + ["---:"] * (len(headings) - 1)) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def render_markdown(compilation: Compilation) -> str:
    c, lab = compilation, compilation.labels
    out = [f"# {md_escape(c.title)}", "", f"**{md_escape(c.event_title)}**", "", md_escape(c.organiser), ""]
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
        for sub in section.subsections:
            out += [f"### {md_escape(sub.heading)}", ""]
            for item in sub.inputs:
                out += [f"#### {md_escape(item.title)}", ""]
                meta = [f"- {md_escape(lab['attribution'])}: {md_escape(item.attribution)}",
                        f"- {md_escape(lab['original_language'])}: {md_escape(item.language_name)}"]
                if item.working_title_en:
                    meta.append(f"- {md_escape(lab['working_title'])}: {md_escape(item.working_title_en)}")
                if item.other_objectives:
                    meta.append(f"- {md_escape(lab['also_filed'])}: {', '.join(map(str, item.other_objectives))}")
                meta.append(f"- {md_escape(lab['reference'])}: {item.id}")
                out += meta + [""]
                for paragraph in item.paragraphs:
                    out += ["\\\n".join(md_escape(line) for line in paragraph), ""]
    return "\n".join(out).rstrip("\n") + "\n"


# --- DOCX -----------------------------------------------------------------------------

def _set_bidi(paragraph, rtl: bool, language: str | None = None) -> None:
    """Right-to-left paragraph (w:bidi) with right-to-left runs (w:rtl)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    if not rtl:
        return
    paragraph_properties = paragraph._p.get_or_add_pPr()
    paragraph_properties.append(OxmlElement("w:bidi"))
    for run in paragraph.runs:
        run_properties = run._r.get_or_add_rPr()
        run_properties.append(OxmlElement("w:rtl"))
        if language:
            lang_element = OxmlElement("w:lang")
            lang_element.set(qn("w:bidi"), language)
            run_properties.append(lang_element)


def _paragraph(document, text: str, *, style: str | None = None, rtl: bool = False,
               language: str | None = None, lines: list[str] | None = None):
    paragraph = document.add_paragraph(style=style)
    # Lines of one paragraph stay one paragraph, with a line break before each but the first.
    for index, line in enumerate(lines if lines is not None else [text]):
        run = paragraph.add_run()
        if index:
            run.add_break()
        run.add_text(line)
    _set_bidi(paragraph, rtl, language)
    return paragraph


def _heading(document, text: str, level: int, rtl: bool):
    paragraph = document.add_heading(text, level=level)
    _set_bidi(paragraph, rtl)
    return paragraph


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
    from docx.oxml import OxmlElement

    c, lab = compilation, compilation.labels
    rtl = c.direction == "rtl"
    document = Document()
    properties = document.core_properties
    properties.title = c.title
    properties.subject = c.event_title
    properties.author = c.organiser
    properties.last_modified_by = c.organiser
    properties.comments = ""
    properties.keywords = ""
    properties.category = ""
    properties.language = c.lang
    properties.revision = 1
    properties.created = FIXED_DOCX_TIME.replace(tzinfo=None)
    properties.modified = FIXED_DOCX_TIME.replace(tzinfo=None)
    properties.last_printed = FIXED_DOCX_TIME.replace(tzinfo=None)

    _heading(document, c.title, 0, rtl)
    _paragraph(document, c.event_title, rtl=rtl)
    _paragraph(document, c.organiser, rtl=rtl)

    _heading(document, lab["summary"], 1, rtl)
    _paragraph(document, lab["summary_caption"], rtl=rtl)
    headings = [lab["objective"], *c.region_headings, lab["total"]]
    table = document.add_table(rows=1, cols=len(headings))
    table.style = "Table Grid"
    if rtl:
        table._tbl.tblPr.append(OxmlElement("w:bidiVisual"))
    for cell, heading in zip(table.rows[0].cells, headings):
        cell.text = heading
        _set_bidi(cell.paragraphs[0], rtl)
    for row in c.summary:
        cells = table.add_row().cells
        for cell, value in zip(cells, [row.label, *map(str, row.counts), str(row.total)]):
            cell.text = value
            _set_bidi(cell.paragraphs[0], rtl)
    _paragraph(document, lab["regions_note"], rtl=rtl)

    if not c.sections:
        _paragraph(document, lab["none"], rtl=rtl)
    for section in c.sections:
        _heading(document, section.heading, 1, rtl)
        if section.description:
            _paragraph(document, section.description, rtl=rtl)
        for sub in section.subsections:
            _heading(document, sub.heading, 2, rtl)
            for item in sub.inputs:
                item_rtl = item.direction == "rtl"
                _heading(document, item.title, 3, item_rtl)
                meta = [f"{lab['attribution']}: {item.attribution}",
                        f"{lab['original_language']}: {item.language_name}"]
                if item.working_title_en:
                    meta.append(f"{lab['working_title']}: {item.working_title_en}")
                if item.other_objectives:
                    meta.append(f"{lab['also_filed']}: {', '.join(map(str, item.other_objectives))}")
                meta.append(f"{lab['reference']}: {item.id}")
                for line in meta:
                    _paragraph(document, line, rtl=rtl)
                for paragraph in item.paragraphs:
                    _paragraph(document, "", lines=paragraph, rtl=item_rtl,
                               language=item.language if item_rtl else None)
    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_zip(buffer.getvalue())


def render(compilation: Compilation, output_format: str) -> bytes:
    if output_format == "docx":
        return render_docx(compilation)
    if output_format == "html":
        return render_html(compilation).encode("utf-8")
    if output_format == "md":
        return render_markdown(compilation).encode("utf-8")
    raise ValueError(f"unknown format {output_format!r}")


def filename_for(event, output_format: str, lang: str = "en") -> str:
    return f"{event.slug}-inputs-{lang}.{output_format}"
