"""French typography on what is shown: a no-break space before « : » and inside « »,
a narrow no-break space before ; ! ? and between digit groups (as CLDR's French
number format writes them), so that a label built in a template or in code
("Confirmée: 3", "Séance 1: …") reads as the catalogs do and never wraps apart.

Applied to French HTML responses (text between tags only: attributes, form values,
<script>, <style>, <pre>, <code> and <textarea> are left alone) and to French emails.
Idempotent; URLs ("https://…", "?tz=…") and times ("07:00") are untouched because only
punctuation followed by a space or the end of the text is spaced."""
from __future__ import annotations

import functools
import re

NBSP = "\u00a0"
NNBSP = "\u202f"
_SPACES = " \u00a0\u202f"

#: "^" too: in HTML a text node may begin with the sign ("<strong>Tableau</strong> : …").
_COLON = re.compile(r"(?:(?<=[^\s\d:/])|^)[ \u00a0\u202f]?:(?=\s|$)|(?<=\d)[ \u00a0\u202f]:(?=\s|$)"
                    r"|(?<=\d):(?=\s|$)")
_TALL = re.compile(r"(?:(?<=[^\s;!?])|^)[ \u00a0\u202f]?([;!?])(?=\s|$|[»)\]])")
_OPEN = re.compile(r"«[ \u00a0\u202f]?(?=\S)")
_CLOSE = re.compile(r"(?<=\S)[ \u00a0\u202f]?»")
_GROUPS = re.compile(r"(?<![\d.,:])(\d{1,3})((?:[ \u00a0](?:\d{3}))+)(?![\d:])")
#: Character references too: the « ; » ending « &amp; » or « &#34; » is not punctuation (spacing
#: it printed « Science &amp ; technologie »).
_PROTECTED = re.compile(r"(<(script|style|pre|code|textarea)\b.*?</\2\s*>|<!--.*?-->|<[^>]*>"
                        r"|&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);)",
                        re.S | re.I)


def french_text(text: str) -> str:
    if not text:
        return text
    text = _COLON.sub(NBSP + ":", text)
    text = _TALL.sub(lambda m: NNBSP + m.group(1), text)
    text = _OPEN.sub("«" + NBSP, text)
    text = _CLOSE.sub(NBSP + "»", text)
    text = _GROUPS.sub(lambda m: m.group(1) + re.sub(r"[ \u00a0]", NNBSP, m.group(2)), text)
    return text


@functools.lru_cache(maxsize=4096)
def _french_text_node(text: str) -> str:
    """``french_text`` of one text node, remembered: the copies of a mass email (one per
    person, ``french_html`` of each a new document) share all their nodes but a few."""
    return french_text(text)


@functools.lru_cache(maxsize=128)
def french_html(html: str) -> str:
    """``french_text`` on the text nodes of an HTML document.

    Remembered for the last pages seen: a page served from the page cache is the same
    text every time, and spacing it again cost ten times what serving it does."""
    parts = _PROTECTED.split(html)
    out = []
    # split() with two groups yields: text, whole match, tag name, text, ...
    i = 0
    while i < len(parts):
        out.append(_french_text_node(parts[i]))
        if i + 1 < len(parts):
            out.append(parts[i + 1])
        i += 3
    return "".join(out)
