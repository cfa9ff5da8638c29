"""The inputs compilation grouped by reference-text paragraph instead of by objective.

Registers the grouping "paragraph" with the inputs domain's compilation
(``flask --app wsgi inputs compile --event <slug> --group-by paragraph``,
``build_compilation(..., group_by="paragraph")``).  Imported by
``eventhub/texts/blueprint.py`` when the inputs domain is present.

Links are made per language version of a paragraph; the compilation shows
one section per paragraph (document, part, number) whatever the language an
input was linked in, with the paragraph's text in the compilation language
when the document has it, else in English.
"""
from __future__ import annotations

from flask_babel import gettext as _

from eventhub.inputs.compilation import GroupingContext, Section, by_country, register_grouping

from .links import group_inputs_by_paragraph
from .models import DocumentKind
from .parsing import OPERATIVE, PREAMBULAR
from .services import KINDS, counterparts, paragraph_label

_PART_ORDER = {PREAMBULAR: 0, OPERATIVE: 1}


def _heading(kind: str, part: str, number: int) -> str:
    label = paragraph_label(part, number)
    if kind == DocumentKind.DRAFT.value:
        return _("Draft: %(paragraph)s", paragraph=label)
    return _("Adopted text: %(paragraph)s", paragraph=label)


def _text_for(paragraphs: list, lang: str) -> str:
    """The paragraph's text in ``lang`` if the document has it, else English, else any."""
    versions = {p.language: p for p in paragraphs}
    for paragraph in paragraphs:
        for other in counterparts(paragraph):
            versions.setdefault(other.language, other)
    chosen = versions.get(lang) or versions.get("en") or paragraphs[0]
    return chosen.text


@register_grouping("paragraph")
def group_by_paragraph(context: GroupingContext, inputs: list) -> list[Section]:
    """Sections per linked paragraph (draft first, then adopted; preamble, then
    operative part; by number), each by country; unlinked inputs last."""
    merged: dict[tuple, dict] = {}
    unlinked: list = []
    for paragraph, members in group_inputs_by_paragraph(inputs):
        if paragraph is None:
            unlinked = members
            continue
        document = paragraph.document
        key = (KINDS.index(document.kind), document.id, _PART_ORDER[paragraph.part], paragraph.number)
        entry = merged.setdefault(key, {"kind": document.kind, "paragraphs": [], "inputs": {}})
        entry["paragraphs"].append(paragraph)
        for member in members:
            entry["inputs"][member.id] = member

    sections = []
    for key in sorted(merged):
        entry = merged[key]
        first = entry["paragraphs"][0]
        members = [entry["inputs"][input_id] for input_id in sorted(entry["inputs"])]
        sections.append(Section(
            key=f"{entry['kind']}-{first.part}-{first.number}",
            heading=_heading(entry["kind"], first.part, first.number),
            description=_text_for(entry["paragraphs"], context.lang),
            subsections=by_country(members, context.lang, None),
        ))
    if unlinked:
        sections.append(Section(
            key="paragraph-none",
            heading=_("Inputs not linked to a paragraph"),
            description="",
            subsections=by_country(unlinked, context.lang, None),
        ))
    return sections
