"""Links between parliamentary inputs and reference paragraphs.

Staff state that an input speaks to a paragraph; paragraph pages list the
inputs, the inputs domain shows an input's paragraphs (template
``texts/_input_paragraphs.html``) and its compilation can group inputs by
paragraph with :func:`group_inputs_by_paragraph`.

The inputs domain is optional for this module: without ``eventhub.inputs``
the queries answer "no links" and :func:`link_input` raises
:class:`LinksUnavailable`.
"""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from eventhub.extensions import db

from .models import INPUT_LINKS_AVAILABLE, ReferenceDocument, ReferenceParagraph
from .services import KINDS, text_language_order


class LinkError(ValueError):
    """A link that cannot be made; the message is localised for the user."""


class LinksUnavailable(LinkError):
    """The inputs domain is not installed, so there is nothing to link."""


def _link_model():
    if not INPUT_LINKS_AVAILABLE:
        raise LinksUnavailable(_("Parliamentary inputs are not available on this installation."))
    from .models.input_link import InputParagraphLink

    return InputParagraphLink


def _input_model():
    from eventhub.inputs.models import ParliamentaryInput

    return ParliamentaryInput


def _paragraph_order(paragraph: ReferenceParagraph) -> tuple:
    """Draft before adopted, English before Arabic, then document order."""
    return (
        KINDS.index(paragraph.document.kind),
        text_language_order(paragraph.language),
        paragraph.position,
        paragraph.id,
    )


def get_input(input_id: int):
    """The parliamentary input with this id, or None (also when inputs are absent)."""
    if not INPUT_LINKS_AVAILABLE:
        return None
    return db.session.get(_input_model(), input_id)


def link_input(paragraph: ReferenceParagraph, input, actor=None):
    """Link ``input`` to ``paragraph``; returns ``(link, created)``.

    Linking twice is harmless: the existing link is returned with
    ``created`` False.  The input must belong to the paragraph's event.
    """
    link_model = _link_model()
    if input.event_id != paragraph.document.event_id:
        raise LinkError(_("Input %(id)s belongs to another event.", id=input.id))
    existing = _find_link(link_model, paragraph, input)
    if existing is not None:
        return existing, False
    link = link_model(input_id=input.id, paragraph_id=paragraph.id, created_by=actor)
    db.session.add(link)
    try:
        db.session.commit()
    except IntegrityError:
        # Someone linked the same pair between our check and our insert.
        db.session.rollback()
        existing = _find_link(link_model, paragraph, input)
        if existing is None:
            raise
        return existing, False
    return link, True


def _find_link(link_model, paragraph, input):
    return db.session.execute(
        db.select(link_model).filter_by(input_id=input.id, paragraph_id=paragraph.id)
    ).scalar_one_or_none()


def unlink(paragraph: ReferenceParagraph, input) -> bool:
    """Remove the link; True when there was one."""
    link_model = _link_model()
    link = _find_link(link_model, paragraph, input)
    if link is None:
        return False
    db.session.delete(link)
    db.session.commit()
    return True


def links_for_paragraph(paragraph: ReferenceParagraph) -> list:
    """The paragraph's links (with ``input``, ``created_by``, ``created_at``), by input id."""
    if not INPUT_LINKS_AVAILABLE:
        return []
    link_model = _link_model()
    return list(
        db.session.execute(
            db.select(link_model).filter_by(paragraph_id=paragraph.id).order_by(link_model.input_id)
        ).scalars()
    )


def link_counts(paragraph_ids: list[int]) -> dict[int, int]:
    """Number of linked inputs per paragraph id (paragraphs without links are absent)."""
    if not INPUT_LINKS_AVAILABLE or not paragraph_ids:
        return {}
    link_model = _link_model()
    rows = db.session.execute(
        db.select(link_model.paragraph_id, db.func.count(link_model.id))
        .where(link_model.paragraph_id.in_(paragraph_ids))
        .group_by(link_model.paragraph_id)
    )
    return {paragraph_id: count for paragraph_id, count in rows}


def inputs_for_paragraph(paragraph: ReferenceParagraph) -> list:
    """Inputs linked to ``paragraph``, by id."""
    return [link.input for link in links_for_paragraph(paragraph)]


def paragraphs_for_input(input) -> list[ReferenceParagraph]:
    """Paragraphs ``input`` is linked to: draft before adopted, English before Arabic,
    in document order."""
    if not INPUT_LINKS_AVAILABLE or input is None:
        return []
    link_model = _link_model()
    paragraphs = db.session.execute(
        db.select(ReferenceParagraph)
        .join(link_model, link_model.paragraph_id == ReferenceParagraph.id)
        .where(link_model.input_id == input.id)
    ).scalars()
    return sorted(paragraphs, key=_paragraph_order)


def group_inputs_by_paragraph(inputs) -> list[tuple[ReferenceParagraph | None, list]]:
    """Group ``inputs`` under the paragraphs they are linked to, for a compilation.

    Returns ``[(paragraph, [inputs...]), ...]`` ordered like
    :func:`paragraphs_for_input` (draft, then adopted; English, then Arabic;
    document order), then ``(None, [inputs with no link])`` last when there
    are any.  An input linked to several paragraphs appears under each.
    Within a group the inputs keep the order they were given in, so the same
    selection always gives the same document.
    """
    inputs = list(inputs)
    if not inputs:
        return []
    paragraphs_by_input: dict[int, list[ReferenceParagraph]] = {}
    if INPUT_LINKS_AVAILABLE:
        link_model = _link_model()
        input_ids = [i.id for i in inputs]
        rows = []
        # Chunked so a large "compile everything" stays under bound-parameter limits.
        for start in range(0, len(input_ids), 500):
            rows.extend(
                db.session.execute(
                    db.select(link_model.input_id, ReferenceParagraph)
                    .join(ReferenceParagraph, link_model.paragraph_id == ReferenceParagraph.id)
                    .join(ReferenceDocument, ReferenceParagraph.document_id == ReferenceDocument.id)
                    .where(link_model.input_id.in_(input_ids[start:start + 500]))
                )
            )
        for input_id, paragraph in rows:
            paragraphs_by_input.setdefault(input_id, []).append(paragraph)

    groups: dict[int, list] = {}
    paragraph_by_id: dict[int, ReferenceParagraph] = {}
    unlinked = []
    for input in inputs:
        linked = paragraphs_by_input.get(input.id)
        if not linked:
            unlinked.append(input)
            continue
        for paragraph in linked:
            paragraph_by_id[paragraph.id] = paragraph
            members = groups.setdefault(paragraph.id, [])
            if input not in members:
                members.append(input)
    ordered = sorted(paragraph_by_id.values(), key=_paragraph_order)
    result: list[tuple[ReferenceParagraph | None, list]] = [(p, groups[p.id]) for p in ordered]
    if unlinked:
        result.append((None, unlinked))
    return result


# --------------------------------------------------------------------------
# Used by a re-import (operations.import_document) when paragraphs are replaced
# --------------------------------------------------------------------------


def count_links(paragraph: ReferenceParagraph) -> int:
    if not INPUT_LINKS_AVAILABLE or paragraph.id is None:
        return 0
    link_model = _link_model()
    return db.session.execute(
        db.select(db.func.count(link_model.id)).filter_by(paragraph_id=paragraph.id)
    ).scalar_one()


def move_links(source: ReferenceParagraph, target: ReferenceParagraph) -> int:
    """Move ``source``'s links onto ``target`` (a paragraph merged into another).

    Inputs already linked to ``target`` keep their one link.  Returns how many
    links moved; nothing is committed.
    """
    if not INPUT_LINKS_AVAILABLE or source.id is None or target.id is None:
        return 0
    link_model = _link_model()
    already = set(
        db.session.execute(db.select(link_model.input_id).filter_by(paragraph_id=target.id)).scalars()
    )
    moved = 0
    for link in db.session.execute(db.select(link_model).filter_by(paragraph_id=source.id)).scalars():
        if link.input_id in already:
            continue
        link.paragraph_id = target.id
        already.add(link.input_id)
        moved += 1
    db.session.flush()
    return moved
