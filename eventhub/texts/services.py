"""Reading reference texts from the database: lists, counts, alignment, labels.

State changes (import, publishing, links) live in ``operations.py`` and
``links.py``; the pure text processing in ``parsing.py``, ``alignment.py``
and ``diff.py``.
"""
from __future__ import annotations

import re

from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from eventhub.extensions import db

from .alignment import align, pair_draft_text
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
    "partial": _l("Partly from the draft"),
    "moved": _l("Part moved"),
}


def paragraph_label(part: str, number: int) -> str:
    """"Operative paragraph 5" in the interface language."""
    if part == PREAMBULAR:
        return _("Preambular paragraph %(number)s", number=number)
    return _("Operative paragraph %(number)s", number=number)


def printed_number(part: str, number: int, source_numbered: bool = True) -> str:
    """The number as resolutions print it: "(3)" before a preambular paragraph, "3." before
    an operative one; "[3]" when the source prints none and the number is eventhub's."""
    if not source_numbered:
        return f"[{number}]"
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


# --------------------------------------------------------------------------
# Reservations attached to the paragraphs they name
# --------------------------------------------------------------------------

_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_NUMBERS = r"(\d+(?:\s*(?:,|،|and|et|y|e|و)\s*\d+)*)"
#: How the four languages name a paragraph: "operative paragraph 25", "preambular
#: paragraphs 3 and 4", « paragraphe 25 du dispositif », "párrafo 11 del preámbulo",
#: « الفقرة 25 من المنطوق ».
_TARGET_PATTERNS = (
    (re.compile(rf"\b(preambular|operative)\s+paragraphs?\s+{_NUMBERS}", re.I), 1, 2),
    (re.compile(rf"\bparagraphes?\s+{_NUMBERS}\s+du\s+(préambule|dispositif)", re.I), 2, 1),
    (re.compile(rf"\bpárrafos?\s+{_NUMBERS}\s+(?:del|de la)\s+(preámbulo|parte dispositiva|dispositivo)", re.I), 2, 1),
    (re.compile(rf"الفقر(?:ة|تين|ات)\s+{_NUMBERS}\s+من\s+(الديباجة|المنطوق)"), 2, 1),
)
_PART_WORDS = {
    "preambular": PREAMBULAR, "préambule": PREAMBULAR, "preámbulo": PREAMBULAR, "الديباجة": PREAMBULAR,
    "operative": OPERATIVE, "dispositif": OPERATIVE, "dispositivo": OPERATIVE, "parte dispositiva": OPERATIVE,
    "المنطوق": OPERATIVE,
}


def reservation_targets(text: str) -> list[tuple[str, int]]:
    """The (part, number) of every paragraph a reservation names, in order, once each."""
    text = (text or "").translate(_ARABIC_DIGITS)
    found: list[tuple[str, int]] = []
    for pattern, part_group, numbers_group in _TARGET_PATTERNS:
        for match in pattern.finditer(text):
            part = _PART_WORDS.get(match.group(part_group).lower(), _PART_WORDS.get(match.group(part_group)))
            if part is None:
                continue
            for number in re.findall(r"\d+", match.group(numbers_group)):
                if (part, int(number)) not in found:
                    found.append((part, int(number)))
    return found


def reservations_for(paragraph: ReferenceParagraph) -> list[ReferenceNote]:
    """The reservations of the paragraph's document (in the paragraph's language) that
    name this paragraph ("... a reservation on operative paragraph 25")."""
    if paragraph is None:
        return []
    return [
        note for note in notes_in(paragraph.document, paragraph.language)
        if note.kind == "reservation" and (paragraph.part, paragraph.number) in reservation_targets(note.text)
    ]


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
    #: Draft paragraphs the adopted one took only part of: ``[(paragraph, part text)]``.
    partial_from: list[tuple[ReferenceParagraph, str]] = field(default_factory=list)
    #: Adopted paragraphs that took part of this pair's draft paragraph.
    moved_to: list[tuple[ReferenceParagraph, str]] = field(default_factory=list)

    @property
    def badges(self) -> list[str]:
        """Status keys to show: the status, then renumbered/merged/split/partial/moved."""
        badges = [self.status]
        if self.renumbered:
            badges.append("renumbered")
        if self.merged_from:
            badges.append("merged")
        if self.split_from is not None:
            badges.append("split")
        if self.partial_from:
            badges.append("partial")
        if self.moved_to:
            badges.append("moved")
        return badges

    @property
    def draft_text(self) -> str:
        return pair_draft_text(self)

    @property
    def diff(self) -> Markup | None:
        """Word-level difference (escaped HTML) for a changed paragraph, else None.

        Parts of the draft paragraph that another adopted paragraph took are
        marked as moved there, not as deleted."""
        if self.status != "changed" or self.adopted is None or not self.draft_text:
            return None
        moves = [
            (part, _("moved to %(paragraph)s of the adopted text",
                     paragraph=paragraph_label(target.part, target.number)))
            for target, part in self.moved_to
        ]
        return diff_html(self.draft_text, self.adopted.text, moves=moves, note_lang=str(get_locale() or "en"))

    @property
    def reservations(self) -> list[ReferenceNote]:
        """Reservations on the adopted paragraph (footnotes naming it)."""
        return reservations_for(self.adopted) if self.adopted is not None else []

    @property
    def sources(self) -> list[tuple[ReferenceParagraph, str]]:
        """Every draft source of the adopted paragraph with its extent: ("whole" or
        "part" — the adopted paragraph holds only part of a draft paragraph split in two
        or took a part of it with new wording)."""
        if self.adopted is None:
            return []
        if self.merged_from:
            sources = [(p, "whole") for p in self.merged_from]
        elif self.split_from is not None:
            sources = [(self.split_from, "part")]
        elif self.draft is not None:
            sources = [(self.draft, "whole")]
        else:
            sources = []
        return sources + [(p, "part") for p, _part in self.partial_from]

    def part_of(self, paragraph: ReferenceParagraph) -> str | None:
        """The wording the adopted paragraph took from ``paragraph`` when it is a
        partial source (None otherwise)."""
        return next((part for p, part in self.partial_from if p is paragraph), None)

    def is_whole_source(self, paragraph: ReferenceParagraph) -> bool:
        """True when ``paragraph`` is this pair's draft paragraph (or merged into it)."""
        return self.draft is paragraph or any(p is paragraph for p in self.merged_from)

    def involves(self, paragraph: ReferenceParagraph) -> bool:
        return (
            self.draft is paragraph
            or self.adopted is paragraph
            or any(p is paragraph for p in self.merged_from)
            or any(p is paragraph for p, _part in self.partial_from)
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
            tuple((index(p), part) for p, part in pair.partial_from),
            tuple((index(p), part) for p, part in pair.moved_to),
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
            partial_from=[(draft_rows[i], part) for i, part in partial],
            moved_to=[(adopted_rows[i], part) for i, part in moved],
        )
        for draft_index, adopted_index, status, similarity, renumbered, merged, split_index, partial, moved
        in aligned
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
