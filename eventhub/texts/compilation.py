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
from .services import KINDS, counterparts, pairs_for_paragraph, paragraph_label, reservations_for

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


def _key(paragraph) -> tuple:
    document = paragraph.document
    return (KINDS.index(document.kind), document.id, _PART_ORDER[paragraph.part], paragraph.number)


def _drop_draft_links_of_the_same_paragraph(merged: dict[tuple, dict]) -> None:
    """An input linked to a draft paragraph and to the adopted paragraph it became (draft
    OP 21 -> adopted OP 20) is the same paragraph twice: keep it under the adopted one,
    whose heading then names the draft paragraph too."""
    for key, entry in list(merged.items()):
        if entry["kind"] != DocumentKind.DRAFT.value or not entry["inputs"]:
            continue
        for paragraph in entry["paragraphs"]:
            for pair in pairs_for_paragraph(paragraph):
                if pair.adopted is None or not pair.is_whole_source(paragraph):
                    continue  # removed, or only a part of it went there
                adopted = merged.get(_key(pair.adopted))
                if adopted is None:
                    continue
                shared = set(entry["inputs"]) & set(adopted["inputs"])
                for input_id in shared:
                    del entry["inputs"][input_id]
                if shared:
                    adopted.setdefault("drafts", set()).add((_PART_ORDER[paragraph.part], paragraph.part, paragraph.number))


def _reservations_for(paragraphs: list, lang: str) -> list[str]:
    """Reservations on the paragraph, in ``lang`` if the document has it, else English."""
    versions = {p.language: p for p in paragraphs}
    for paragraph in paragraphs:
        for other in counterparts(paragraph):
            versions.setdefault(other.language, other)
    chosen = versions.get(lang) or versions.get("en") or paragraphs[0]
    return [note.text for note in reservations_for(chosen)]


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
        entry = merged.setdefault(_key(paragraph), {"kind": paragraph.document.kind, "paragraphs": [], "inputs": {}})
        entry["paragraphs"].append(paragraph)
        for member in members:
            entry["inputs"][member.id] = member

    _drop_draft_links_of_the_same_paragraph(merged)

    sections = []
    for key in sorted(merged):
        entry = merged[key]
        if not entry["inputs"]:
            continue
        first = entry["paragraphs"][0]
        members = [entry["inputs"][input_id] for input_id in sorted(entry["inputs"])]
        heading = _heading(entry["kind"], first.part, first.number)
        drafts = sorted(entry.get("drafts", ()))
        if drafts:
            heading = _("%(heading)s (draft: %(paragraphs)s)", heading=heading,
                        paragraphs=", ".join(paragraph_label(part, number) for _order, part, number in drafts))
        sections.append(Section(
            key=f"{entry['kind']}-{first.part}-{first.number}",
            heading=heading,
            reservations=_reservations_for(entry["paragraphs"], context.lang),
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
