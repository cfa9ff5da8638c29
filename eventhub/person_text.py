"""Names, parliaments and other text about a person: without the invisible characters
that reorder what follows them.

Bidirectional embeddings, overrides and isolates (U+202A-202E, U+2066-2069) and the
directional marks (U+200E, U+200F, U+061C) make "Ada" display as "adA" or move a later
column's text into a name, in the console, in exports, in emails and at Zoom. They are
removed from every person field as it is typed or imported (and from the rows already
stored, by migration ``security_0003``). The zero-width joiners (U+200C, U+200D) stay:
Arabic and Persian names need them.
"""
from __future__ import annotations

import re

#: Characters removed from person fields (also the byte-order mark / zero-width no-break space).
REORDERING = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"
_REORDERING_RE = re.compile(f"[{REORDERING}]")


def strip_reordering(text: str) -> str:
    """``text`` without bidi controls and directional marks."""
    return _REORDERING_RE.sub("", text) if text else text
