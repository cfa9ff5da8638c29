"""Word-level differences between two paragraph texts.

Texts are cut into words (Unicode letters/digits with their combining marks,
so Arabic words keep their diacritics), whitespace runs and single
punctuation characters, and compared with difflib.  The result is tidied for
reading: a change is never split by a lone space or comma, and every change is
reported as a deletion followed by an insertion.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import Literal

from markupsafe import Markup, escape

from .normalize import WORD_PATTERN, clean_text

Op = Literal["equal", "insert", "delete"]

_TOKEN_RE = re.compile(rf"({WORD_PATTERN.pattern})|(\s+)|(.)", re.DOTALL)


def _tokenize(text: str) -> list[str]:
    return [match.group(0) for match in _TOKEN_RE.finditer(text)]


def _comparison_key(token: str) -> str:
    """What a token is compared by: whitespace runs and typographic variants
    of quotes and dashes are equal, so they never show up as changes (the
    same rule decides whether a paragraph is "unchanged")."""
    if token.isspace():
        return " "
    return clean_text(token) or token


def _has_word(text: str) -> bool:
    return WORD_PATTERN.search(text) is not None


def word_diff(old: str, new: str) -> list[tuple[Op, str]]:
    """Return the word-level edit script turning ``old`` into ``new``.

    Each item is ``(op, text)`` with op ``"equal"``, ``"delete"`` (text from
    ``old``) or ``"insert"`` (text from ``new``).  Joining the equal and
    insert texts gives ``new`` exactly; joining the equal and delete texts
    gives ``old`` up to whitespace and quote/dash style (equal text is taken
    from ``new``).  Adjacent changes are coalesced and a deletion always
    precedes the insertion that replaces it.
    """
    return [(op, text) for op, text, _offset in _diff_items(old, new)]


def _diff_items(old: str, new: str) -> list[tuple[Op, str, int]]:
    """:func:`word_diff` with, for each deletion, its offset in ``old`` (else -1)."""
    old_tokens, new_tokens = _tokenize(old), _tokenize(new)
    old_offsets = [0]
    for token in old_tokens:
        old_offsets.append(old_offsets[-1] + len(token))
    matcher = SequenceMatcher(
        None,
        [_comparison_key(t) for t in old_tokens],
        [_comparison_key(t) for t in new_tokens],
        autojunk=False,
    )

    # Segments as [op, old_text, new_text, old_offset] so equal runs can be turned
    # back into a deletion plus an insertion when they get absorbed below.
    segments: list[list] = []
    for tag, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        old_text = "".join(old_tokens[old_start:old_end])
        new_text = "".join(new_tokens[new_start:new_end])
        segments.append(["equal" if tag == "equal" else "change", old_text, new_text, old_offsets[old_start]])

    # A run of only spaces/punctuation between two changes ("national" ->
    # "civilian", ", " , "critical" -> "key") reads better as part of one
    # larger change than as a scatter of tiny ones.
    for index in range(1, len(segments) - 1):
        op, old_text = segments[index][:2]
        if (
            op == "equal"
            and not _has_word(old_text)
            and segments[index - 1][0] == "change"
            and segments[index + 1][0] == "change"
        ):
            segments[index][0] = "change"

    result: list[tuple[Op, str, int]] = []
    pending_delete, pending_insert, pending_offset = "", "", -1

    def flush() -> None:
        nonlocal pending_delete, pending_insert, pending_offset
        if pending_delete:
            result.append(("delete", pending_delete, pending_offset))
        if pending_insert:
            result.append(("insert", pending_insert, -1))
        pending_delete, pending_insert, pending_offset = "", "", -1

    for op, old_text, new_text, offset in segments:
        if op == "change":
            if not pending_delete:
                pending_offset = offset
            pending_delete += old_text
            pending_insert += new_text
            continue
        flush()
        if result and result[-1][0] == "equal":
            result[-1] = ("equal", result[-1][1] + new_text, -1)
        elif new_text:
            result.append(("equal", new_text, -1))
    flush()
    return result


def _moved_ranges(old: str, moves, note_lang: str | None) -> list[tuple[int, int, Markup]]:
    """Character ranges of ``old`` that moved elsewhere, with the note (HTML) for each."""
    ranges = []
    lang = Markup(' lang="%s"') % note_lang if note_lang else Markup("")
    for part, note in moves or ():
        start = old.find(part) if part else -1
        if start >= 0:
            html = Markup('<bdi class="diff-moved-note"%s>(%s)</bdi>') % (lang, note)
            ranges.append((start, start + len(part), html))
    return sorted(ranges, key=lambda r: r[0])


def _deleted_html(text: str, offset: int, ranges) -> list[Markup]:
    """A deletion, with the parts of it that moved to another paragraph marked as moved."""
    pieces: list[Markup] = []
    position = 0
    for start, end, note in ranges:
        start, end = max(start - offset, position), min(end - offset, len(text))
        if start >= end:
            continue
        # Only whole words move: the spaces around a moved part stay a deletion.
        pieces.append(_deleted(text[position:start]))
        pieces.append(
            Markup('<span class="diff-moved">') + escape(text[start:end]) + Markup("</span>")
            + Markup(" ") + note
        )
        position = end
    pieces.append(_deleted(text[position:]) if pieces else Markup("<del>") + escape(text) + Markup("</del>"))
    return pieces


def _deleted(text: str) -> Markup:
    """A deleted run beside a moved part (a lone space there is just a space)."""
    if not text or text.isspace():
        return escape(text)
    return Markup("<del>") + escape(text) + Markup("</del>")


def diff_html(old: str, new: str, moves=None, note_lang: str | None = None) -> Markup:
    """Render :func:`word_diff` as HTML with ``<del>`` and ``<ins>`` elements.

    All text is HTML-escaped, so markup in either input is shown, never run.
    A deletion directly followed by its replacement gets a space between them
    (outside both elements): without it the two runs read as one word ("enact
    newmake sure") and Arabic letters join across the boundary.

    ``moves`` is ``[(part, note), ...]``: parts of ``old`` (its own wording) that
    went to another paragraph.  Where the diff deletes them they are shown as
    ``<span class="diff-moved">`` followed by the note (in ``note_lang``, the
    interface's language, isolated from the text's direction), not as deletions.
    """
    ranges = _moved_ranges(old, moves, note_lang)
    parts: list[Markup] = []
    previous: tuple[str, str] | None = None
    for op, text, offset in _diff_items(old, new):
        escaped = escape(text)
        if op == "delete":
            parts.extend(_deleted_html(text, offset, ranges))
        elif op == "insert":
            if previous and previous[0] == "delete" and not (previous[1][-1:].isspace() or text[:1].isspace()):
                parts.append(Markup('<span class="diff-gap"> </span>'))
            parts.append(Markup("<ins>") + escaped + Markup("</ins>"))
        else:
            parts.append(escaped)
        previous = (op, text)
    return Markup("").join(parts)
