"""State changes for reference texts: importing a file, publishing a document.

Re-importing a kind the event already has **replaces** the document in place
rather than keeping versions: there is one draft and one adopted text per
event, which is what the alignment and the links need.  The document keeps
its id (its console and public addresses stay valid), and paragraphs are
carried over by wording, not by number, using the same alignment as the
draft/adopted comparison: a paragraph found again keeps its id and therefore
its links to inputs, even when a corrected scan renumbers it; a paragraph
merged into another hands its links over; a paragraph that is gone takes its
links with it (the result says how many).  A re-imported document is
unpublished until an organiser publishes it again, since its public text
changed under the organiser's feet.
"""
from __future__ import annotations

import codecs
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from flask_babel import gettext as _

from eventhub.db_types import utcnow
from eventhub.i18n import ngettext
from eventhub.extensions import db

from . import links
from .alignment import align
from .models import ReferenceDocument, ReferenceNote, ReferenceParagraph
from .parsing import Fragment, Paragraph, ParsedDocument, parse_document
from .services import KINDS, PARTS, TEXT_LANGUAGES, get_document, text_language_order

MAX_TITLE_LENGTH = 300
MAX_FILENAME_LENGTH = 255


class TextImportError(ValueError):
    """The file cannot be imported; the message is localised and meant for the user.

    Nothing is stored when this is raised (a previous import stays as it was).
    """


@dataclass
class ImportResult:
    """What an import stored and what it could not place."""

    document: ReferenceDocument
    #: True when an earlier document of this kind was replaced.
    replaced: bool
    #: Paragraphs stored: ``{part: {language: n}}`` (the API's shape).
    paragraph_counts: dict[str, dict[str, int]]
    #: Footnotes stored: ``{language: {"note": n, "reservation": n}}``.
    note_counts: dict[str, dict[str, int]]
    #: Text the parser could not attribute (also kept on the document).
    unplaced: list[Fragment]
    #: Page furniture skipped on purpose (page codes, hashtags, headings).
    ignored: list[Fragment]
    #: On a re-import: paragraphs found again (ids and links kept), added, removed.
    kept: int = 0
    added: int = 0
    removed: int = 0
    #: On a re-import: links handed to the paragraph a removed one was merged
    #: into, and links that went away with removed paragraphs.
    links_moved: int = 0
    links_removed: int = 0
    languages: list[str] = field(default_factory=list)


def decode_text_file(data: bytes) -> str:
    """The text of an uploaded or given file: UTF-8 (with or without BOM) or UTF-16 with BOM."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    elif b"\x00" not in data:
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            pass
    raise TextImportError(
        _("The file is not plain text in UTF-8. Please save it as UTF-8 text or Markdown and import it again.")
    )


def clean_filename(filename: str | None) -> str:
    """The file's own name without any folder part, for display only."""
    name = PurePosixPath((filename or "").replace("\\", "/")).name
    return name[:MAX_FILENAME_LENGTH]


def _default_title(parsed: ParsedDocument, languages: list[str]) -> str:
    for language in languages:
        if parsed.languages[language].title:
            return parsed.languages[language].title
    return ""


def _fragment_as_dict(fragment: Fragment) -> dict:
    return {
        "text": fragment.text,
        "line": fragment.line,
        "language": fragment.language,
        "reason": fragment.reason,
    }


def import_document(event, text: str, title: str | None, kind: str, filename: str | None, actor=None) -> ImportResult:
    """Parse ``text`` and store it as the event's ``kind`` document ("draft" or "adopted").

    Both languages of a bilingual file are stored separately.  ``title`` may
    be empty: the title printed in the file is used.  ``actor`` is the
    console user (None from the command line).  Raises
    :class:`TextImportError` when nothing can be imported.
    """
    if kind not in KINDS:
        raise TextImportError(_("Please choose whether the document is the draft or the adopted text."))
    parsed = parse_document(text)
    languages = sorted(
        (language for language, part in parsed.languages.items() if part.paragraphs),
        key=text_language_order,
    )
    unknown = [language for language in languages if language not in TEXT_LANGUAGES]
    if unknown:  # the parser only tells English from Arabic; guard against a future change
        raise TextImportError(_("The file contains text in an unsupported language."))
    if not languages:
        raise TextImportError(
            _("No preambular or operative paragraphs were found in this file. Nothing was imported.")
        )
    title = " ".join((title or "").split()) or _default_title(parsed, languages)
    if not title:
        raise TextImportError(_("The file has no recognisable title. Please enter one."))
    if len(title) > MAX_TITLE_LENGTH:
        raise TextImportError(
            ngettext("The title is too long: please keep it under %(num)s character.",
                     "The title is too long: please keep it under %(num)s characters.", MAX_TITLE_LENGTH)
        )

    document = get_document(event, kind)
    replaced = document is not None
    if document is None:
        document = ReferenceDocument(event=event, kind=kind)
        db.session.add(document)
    document.title = title
    document.source_filename = clean_filename(filename)
    document.printed_titles = {language: parsed.languages[language].title for language in languages}
    document.chapeaux = {language: parsed.languages[language].chapeau for language in languages}
    document.unplaced = [_fragment_as_dict(fragment) for fragment in parsed.unplaced]
    document.published = False
    document.published_at = None
    document.imported_at = utcnow()
    document.imported_by = actor

    result = ImportResult(
        document=document,
        replaced=replaced,
        paragraph_counts={part: {} for part in PARTS},
        note_counts={},
        unplaced=list(parsed.unplaced),
        ignored=list(parsed.ignored),
        languages=languages,
    )
    _store_paragraphs(document, parsed, languages, result)
    _store_notes(document, parsed, languages, result)
    db.session.commit()
    return result


def _match_old_rows(old_rows: list[ReferenceParagraph], new: list[Paragraph]):
    """Which stored rows the new paragraphs continue, matched by wording.

    Returns ``(reuse, merged_into)``: ``reuse`` maps a new paragraph's index to
    the old row it continues; ``merged_into`` maps ``id(old row)`` to the row
    whose paragraph absorbed it.
    """
    old = [Paragraph(row.part, row.number, row.text) for row in old_rows]
    old_index = {id(p): i for i, p in enumerate(old)}
    new_index = {id(p): i for i, p in enumerate(new)}
    reuse: dict[int, ReferenceParagraph] = {}
    merged_into: dict[int, ReferenceParagraph] = {}
    for pair in align(old, new):
        if pair.draft is None or pair.adopted is None or pair.split_from is not None:
            continue  # new, removed, or the second half of a split: no row to continue
        row = old_rows[old_index[id(pair.draft)]]
        reuse[new_index[id(pair.adopted)]] = row
        for source in pair.merged_from:
            if source is not pair.draft:
                merged_into[id(old_rows[old_index[id(source)]])] = row
    return reuse, merged_into


def _store_paragraphs(document, parsed: ParsedDocument, languages: list[str], result: ImportResult) -> None:
    old_by_language: dict[str, list[ReferenceParagraph]] = {}
    for row in document.paragraphs:
        old_by_language.setdefault(row.language, []).append(row)

    for language in sorted(set(old_by_language) | set(languages), key=text_language_order):
        old_rows = sorted(old_by_language.get(language, []), key=lambda r: r.position)
        new = parsed.languages[language].paragraphs if language in languages else []
        reuse, merged_into = _match_old_rows(old_rows, new) if old_rows else ({}, {})

        for position, paragraph in enumerate(new):
            row = reuse.get(position)
            if row is None:
                row = ReferenceParagraph(language=language)
                document.paragraphs.append(row)
                result.added += 1
            else:
                result.kept += 1
            row.part, row.number, row.text, row.position = (
                paragraph.part, paragraph.number, paragraph.text, position,
            )
            row.source_numbered = paragraph.numbered
            counts = result.paragraph_counts.setdefault(paragraph.part, {})
            counts[language] = counts.get(language, 0) + 1

        kept_rows = {id(row) for row in reuse.values()}
        for row in old_rows:
            if id(row) in kept_rows:
                continue
            target = merged_into.get(id(row))
            if target is not None:
                result.links_moved += links.move_links(row, target)
            result.links_removed += links.count_links(row)  # what is left goes with the row
            document.paragraphs.remove(row)
            result.removed += 1


def _store_notes(document, parsed: ParsedDocument, languages: list[str], result: ImportResult) -> None:
    # Notes carry no links: replace them wholesale.
    document.notes.clear()
    for language in languages:
        counts = {"note": 0, "reservation": 0}
        for position, footnote in enumerate(parsed.languages[language].footnotes):
            document.notes.append(
                ReferenceNote(
                    language=language,
                    marker=footnote.marker[:8],
                    kind=footnote.kind,
                    text=footnote.text,
                    position=position,
                )
            )
            counts[footnote.kind] += 1
        result.note_counts[language] = counts


def set_published(document: ReferenceDocument, published: bool) -> None:
    """Open or close the document's public read-only page."""
    if document.published != published:
        document.published = published
        document.published_at = utcnow() if published else None
    db.session.commit()
