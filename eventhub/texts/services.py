"""Reading reference texts from the database: lists, counts, alignment, labels.

State changes (import, publishing, links) live in ``operations.py`` and
``links.py``; the pure text processing in ``parsing.py``, ``alignment.py``
and ``diff.py``.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from eventhub.extensions import db

from .alignment import align
from .diff import diff_html
from .models import DocumentKind, ReferenceDocument, ReferenceNote, ReferenceParagraph
from .parsing import OPERATIVE, PREAMBULAR, Paragraph

#: Languages a reference document can hold, in display order (the parser tells
#: Arabic from Latin script; Latin-script text is English).
TEXT_LANGUAGES = ("en", "ar")
PARTS = (PREAMBULAR, OPERATIVE)
KINDS = (DocumentKind.DRAFT.value, DocumentKind.ADOPTED.value)

KIND_LABELS = {
    DocumentKind.DRAFT.value: _l("Draft"),
    DocumentKind.ADOPTED.value: _l("Adopted text"),
}
PART_HEADINGS = {
    PREAMBULAR: _l("Preambular paragraphs"),
    OPERATIVE: _l("Operative paragraphs"),
}
#: Badge text per alignment status (the API uses the keys).
STATUS_LABELS = {
    "unchanged": _l("Unchanged"),
    "changed": _l("Changed"),
    "new": _l("New"),
    "removed": _l("Removed"),
    "renumbered": _l("Renumbered"),
    "merged": _l("Merged"),
    "split": _l("Split"),
}


def paragraph_label(part: str, number: int) -> str:
    """"Operative paragraph 5" in the interface language."""
    if part == PREAMBULAR:
        return _("Preambular paragraph %(number)s", number=number)
    return _("Operative paragraph %(number)s", number=number)


def printed_number(part: str, number: int) -> str:
    """The number as resolutions print it: "(3)" before a preambular paragraph, "3." before an operative one."""
    return f"({number})" if part == PREAMBULAR else f"{number}."


def text_language_order(language: str) -> int:
    return TEXT_LANGUAGES.index(language) if language in TEXT_LANGUAGES else len(TEXT_LANGUAGES)


# --------------------------------------------------------------------------
# Documents and counts
# --------------------------------------------------------------------------


def documents_for_event(event) -> list[ReferenceDocument]:
    """The event's documents, draft first."""
    documents = db.session.execute(
        db.select(ReferenceDocument).filter_by(event_id=event.id)
    ).scalars()
    return sorted(documents, key=lambda d: KINDS.index(d.kind))


def get_document(event, kind: str) -> ReferenceDocument | None:
    return db.session.execute(
        db.select(ReferenceDocument).filter_by(event_id=event.id, kind=kind)
    ).scalar_one_or_none()


def get_event_document(event, document_id: int) -> ReferenceDocument | None:
    """The document with this id if it belongs to ``event`` (None otherwise)."""
    document = db.session.get(ReferenceDocument, document_id)
    if document is None or document.event_id != event.id:
        return None
    return document


def get_event_paragraph(event, paragraph_id: int) -> ReferenceParagraph | None:
    paragraph = db.session.get(ReferenceParagraph, paragraph_id)
    if paragraph is None or paragraph.document.event_id != event.id:
        return None
    return paragraph


def paragraph_counts(documents: list[ReferenceDocument]) -> dict[int, dict[str, dict[str, int]]]:
    """Paragraphs per document, part and language: ``{document_id: {part: {language: n}}}``.

    One grouped query for all documents; parts with no paragraph are present
    with an empty mapping so callers can index ``[part]`` safely.
    """
    counts: dict[int, dict[str, dict[str, int]]] = {d.id: {part: {} for part in PARTS} for d in documents}
    if not documents:
        return counts
    rows = db.session.execute(
        db.select(
            ReferenceParagraph.document_id,
            ReferenceParagraph.part,
            ReferenceParagraph.language,
            db.func.count(ReferenceParagraph.id),
        )
        .where(ReferenceParagraph.document_id.in_([d.id for d in documents]))
        .group_by(ReferenceParagraph.document_id, ReferenceParagraph.part, ReferenceParagraph.language)
    )
    for document_id, part, language, count in rows:
        counts[document_id].setdefault(part, {})[language] = count
    for per_part in counts.values():
        for part, per_language in per_part.items():
            per_part[part] = dict(sorted(per_language.items(), key=lambda item: text_language_order(item[0])))
    return counts


def languages_in(counts: dict[str, dict[str, int]]) -> list[str]:
    """Languages present in one document's ``paragraph_counts`` entry, in display order."""
    found = {language for per_language in counts.values() for language in per_language}
    return sorted(found, key=text_language_order)


def document_languages(document: ReferenceDocument) -> list[str]:
    return languages_in(paragraph_counts([document])[document.id])


def paragraphs_in(document: ReferenceDocument, language: str) -> list[ReferenceParagraph]:
    """One language's paragraphs in document order (preambular, then operative)."""
    return list(
        db.session.execute(
            db.select(ReferenceParagraph)
            .filter_by(document_id=document.id, language=language)
            .order_by(ReferenceParagraph.position)
        ).scalars()
    )


def notes_in(document: ReferenceDocument, language: str) -> list[ReferenceNote]:
    return list(
        db.session.execute(
            db.select(ReferenceNote)
            .filter_by(document_id=document.id, language=language)
            .order_by(ReferenceNote.position)
        ).scalars()
    )


def counterparts(paragraph: ReferenceParagraph) -> list[ReferenceParagraph]:
    """The same paragraph (part and number) in the document's other languages."""
    rows = db.session.execute(
        db.select(ReferenceParagraph).filter(
            ReferenceParagraph.document_id == paragraph.document_id,
            ReferenceParagraph.part == paragraph.part,
            ReferenceParagraph.number == paragraph.number,
            ReferenceParagraph.language != paragraph.language,
        )
    ).scalars()
    return sorted(rows, key=lambda p: (text_language_order(p.language), p.position))


@dataclass
class NumberingProblem:
    """Numbers a scan got wrong: gaps or repeats in one part of one language."""

    language: str
    part: str
    missing: list[int]
    repeated: list[int]


def numbering_problems(document: ReferenceDocument) -> list[NumberingProblem]:
    """Gaps and repeats in the printed numbers, per language and part.

    A skipped or doubled number usually means the parser joined or split a
    paragraph where the scan was damaged: staff should check that place.
    """
    numbers: dict[tuple[str, str], list[int]] = {}
    for paragraph in document.paragraphs:
        numbers.setdefault((paragraph.language, paragraph.part), []).append(paragraph.number)
    problems = []
    for (language, part), found in sorted(
        numbers.items(), key=lambda item: (text_language_order(item[0][0]), PARTS.index(item[0][1]))
    ):
        counted = Counter(found)
        missing = sorted(set(range(1, max(found) + 1)) - set(found))
        repeated = sorted(number for number, times in counted.items() if times > 1)
        if missing or repeated:
            problems.append(NumberingProblem(language, part, missing, repeated))
    return problems


def count_mismatches(counts: dict[str, dict[str, int]]) -> list[str]:
    """Parts whose paragraph count differs between languages (a parsing problem
    or a real difference between the language versions: staff should look)."""
    return [part for part, per_language in counts.items() if len(set(per_language.values())) > 1]


# --------------------------------------------------------------------------
# Alignment of the stored draft and adopted texts
# --------------------------------------------------------------------------


@dataclass
class ParagraphPair:
    """:class:`eventhub.texts.alignment.AlignedPair` with database rows."""

    draft: ReferenceParagraph | None
    adopted: ReferenceParagraph | None
    #: unchanged | changed | new | removed
    status: str
    similarity: float
    renumbered: bool = False
    merged_from: list[ReferenceParagraph] = field(default_factory=list)
    split_from: ReferenceParagraph | None = None

    @property
    def badges(self) -> list[str]:
        """Status keys to show: the status, then renumbered/merged/split when they apply."""
        badges = [self.status]
        if self.renumbered:
            badges.append("renumbered")
        if self.merged_from:
            badges.append("merged")
        if self.split_from is not None:
            badges.append("split")
        return badges

    @property
    def draft_text(self) -> str:
        if self.merged_from:
            return " ".join(p.text for p in self.merged_from)
        return self.draft.text if self.draft else ""

    @property
    def diff(self) -> Markup | None:
        """Word-level difference (escaped HTML) for a changed paragraph, else None."""
        if self.status != "changed" or self.draft is None or self.adopted is None:
            return None
        return diff_html(self.draft_text, self.adopted.text)

    def involves(self, paragraph: ReferenceParagraph) -> bool:
        return (
            self.draft is paragraph
            or self.adopted is paragraph
            or any(p is paragraph for p in self.merged_from)
        )


#: Alignment results kept per process, keyed by the paragraphs' content: the
#: alignment page and every paragraph page need the whole alignment, which
#: takes a few hundred milliseconds for a real resolution (bench/texts_alignment.py).
ALIGNMENT_CACHE_SIZE = 16


@lru_cache(maxsize=ALIGNMENT_CACHE_SIZE)
def _aligned_indexes(draft_key: tuple, adopted_key: tuple) -> tuple:
    """:func:`align` on (part, number, text) tuples, answered with list indexes."""
    draft = [Paragraph(*item) for item in draft_key]
    adopted = [Paragraph(*item) for item in adopted_key]
    # align() hands back the very Paragraph objects it was given: map them by identity.
    index_of = {id(p): i for i, p in enumerate(draft)}
    index_of.update({id(p): i for i, p in enumerate(adopted)})

    def index(paragraph):
        return index_of[id(paragraph)] if paragraph is not None else None

    return tuple(
        (
            index(pair.draft),
            index(pair.adopted),
            pair.status,
            pair.similarity,
            pair.renumbered,
            tuple(index(p) for p in pair.merged_from),
            index(pair.split_from),
        )
        for pair in align(draft, adopted)
    )


def align_rows(draft_rows: list[ReferenceParagraph], adopted_rows: list[ReferenceParagraph]) -> list[ParagraphPair]:
    """Align two lists of stored paragraphs (one language each, in document order)."""
    aligned = _aligned_indexes(
        tuple((row.part, row.number, row.text) for row in draft_rows),
        tuple((row.part, row.number, row.text) for row in adopted_rows),
    )

    def row(rows, index):
        return rows[index] if index is not None else None

    return [
        ParagraphPair(
            draft=row(draft_rows, draft_index),
            adopted=row(adopted_rows, adopted_index),
            status=status,
            similarity=similarity,
            renumbered=renumbered,
            merged_from=[draft_rows[i] for i in merged],
            split_from=row(draft_rows, split_index),
        )
        for draft_index, adopted_index, status, similarity, renumbered, merged, split_index in aligned
    ]


def align_documents(draft: ReferenceDocument, adopted: ReferenceDocument, language: str) -> list[ParagraphPair]:
    """Pairs of draft and adopted paragraphs in ``language``, in adopted order
    with removed draft paragraphs where they stood."""
    return align_rows(paragraphs_in(draft, language), paragraphs_in(adopted, language))


def pairs_for_paragraph(paragraph: ReferenceParagraph) -> list[ParagraphPair]:
    """The alignment pairs (usually one; two for a split) that hold ``paragraph``.

    Empty when the event lacks the other document or its text in this language.
    """
    document = paragraph.document
    other_kind = DocumentKind.ADOPTED.value if document.is_draft else DocumentKind.DRAFT.value
    other = get_document(document.event, other_kind)
    if other is None:
        return []
    other_rows = paragraphs_in(other, paragraph.language)
    if not other_rows:
        return []
    own_rows = paragraphs_in(document, paragraph.language)
    pairs = align_rows(own_rows, other_rows) if document.is_draft else align_rows(other_rows, own_rows)
    return [pair for pair in pairs if pair.involves(paragraph)]
