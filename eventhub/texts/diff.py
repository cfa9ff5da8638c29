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
    old_tokens, new_tokens = _tokenize(old), _tokenize(new)
    matcher = SequenceMatcher(
        None,
        [_comparison_key(t) for t in old_tokens],
        [_comparison_key(t) for t in new_tokens],
        autojunk=False,
    )

    # Segments as [op, old_text, new_text] so equal runs can be turned back
    # into a deletion plus an insertion when they get absorbed below.
    segments: list[list[str]] = []
    for tag, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        old_text = "".join(old_tokens[old_start:old_end])
        new_text = "".join(new_tokens[new_start:new_end])
        segments.append(["equal" if tag == "equal" else "change", old_text, new_text])

    # A run of only spaces/punctuation between two changes ("national" ->
    # "civilian", ", " , "critical" -> "key") reads better as part of one
    # larger change than as a scatter of tiny ones.
    for index in range(1, len(segments) - 1):
        op, old_text, _ = segments[index]
        if (
            op == "equal"
            and not _has_word(old_text)
            and segments[index - 1][0] == "change"
            and segments[index + 1][0] == "change"
        ):
            segments[index][0] = "change"

    result: list[tuple[Op, str]] = []
    pending_delete, pending_insert = "", ""

    def flush() -> None:
        nonlocal pending_delete, pending_insert
        if pending_delete:
            result.append(("delete", pending_delete))
        if pending_insert:
            result.append(("insert", pending_insert))
        pending_delete, pending_insert = "", ""

    for op, old_text, new_text in segments:
        if op == "change":
            pending_delete += old_text
            pending_insert += new_text
            continue
        flush()
        if result and result[-1][0] == "equal":
            result[-1] = ("equal", result[-1][1] + new_text)
        elif new_text:
            result.append(("equal", new_text))
    flush()
    return result


def diff_html(old: str, new: str) -> Markup:
    """Render :func:`word_diff` as HTML with ``<del>`` and ``<ins>`` elements.

    All text is HTML-escaped, so markup in either input is shown, never run.
    """
    parts: list[Markup] = []
    for op, text in word_diff(old, new):
        escaped = escape(text)
        if op == "delete":
            parts.append(Markup("<del>") + escaped + Markup("</del>"))
        elif op == "insert":
            parts.append(Markup("<ins>") + escaped + Markup("</ins>"))
        else:
            parts.append(escaped)
    return Markup("").join(parts)
