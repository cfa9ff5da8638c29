"""Text normalisation shared by parsing, alignment and diffing.

Two strengths of normalisation are offered:

* :func:`clean_text` is *light*: it only removes differences a reader would
  not call a change (Unicode compatibility forms, whitespace runs, typographic
  quote and dash variants, Arabic tatweel).  Two paragraphs equal after
  ``clean_text`` are reported as unchanged.
* :func:`normalize_for_matching` is *aggressive*: on top of the above it
  case-folds, strips Arabic diacritics, unifies letter variants that scanned
  documents mix up, and maps Arabic-Indic digits to ASCII.  It is only used to
  decide which paragraphs correspond, never for display.
"""

from __future__ import annotations

import re
import unicodedata

# Arabic short vowels, shadda, sukun, superscript alef and Quranic marks.
# Scanned documents carry them inconsistently, so they must not affect matching.
ARABIC_DIACRITICS = (
    "\u0610-\u061a"  # honorific and Quranic signs
    "\u064b-\u065f"  # tanwin, harakat, shadda, sukun, ...
    "\u0670"  # superscript alef
    "\u06d6-\u06ed"  # Quranic annotation marks
)
ARABIC_TATWEEL = "\u0640"

# Characters that belong *inside* a word even though Python's ``\w`` does not
# match them: combining marks (Latin and Arabic), tatweel and the zero-width
# joiners used in Arabic and Persian typesetting.
_IN_WORD_MARKS = "\u0300-\u036f" + ARABIC_DIACRITICS + ARABIC_TATWEEL + "\u200c\u200d"

#: A word: letters/digits plus any marks attached to them.
WORD_PATTERN = re.compile(rf"(?:\w|[{_IN_WORD_MARKS}])+")

_DIACRITICS_RE = re.compile(f"[{ARABIC_DIACRITICS}{ARABIC_TATWEEL}]")
_TATWEEL_RE = re.compile(ARABIC_TATWEEL)
_WHITESPACE_RE = re.compile(r"\s+")

# Typographic variants that OCR and word processors produce interchangeably.
_PUNCTUATION_VARIANTS = str.maketrans(
    {
        "\u201c": '"',  # left double quotation mark
        "\u201d": '"',  # right double quotation mark
        "\u201e": '"',  # double low-9 quotation mark
        "\u00ab": '"',  # «
        "\u00bb": '"',  # »
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u2010": "-",  # hyphen
        "\u2011": "-",  # non-breaking hyphen
        "\u2012": "-",  # figure dash
        "\u2013": "-",  # en dash
        "\u2014": "-",  # em dash
        "\u2212": "-",  # minus sign
        "\u00a0": " ",  # no-break space
        "\u202f": " ",  # narrow no-break space
        "\u200f": "",  # right-to-left mark
        "\u200e": "",  # left-to-right mark
        "\ufeff": "",  # byte order mark
    }
)

# Letter variants unified for matching only.  Scans and typists mix the alef
# forms, write final yeh without dots and ta marbuta as heh.
_ARABIC_LETTER_VARIANTS = str.maketrans(
    {
        "\u0622": "\u0627",  # alef with madda above -> alef
        "\u0623": "\u0627",  # alef with hamza above -> alef
        "\u0625": "\u0627",  # alef with hamza below -> alef
        "\u0671": "\u0627",  # alef wasla -> alef
        "\u0649": "\u064a",  # alef maksura -> yeh
        "\u06cc": "\u064a",  # Farsi yeh (common OCR confusion) -> yeh
        "\u0629": "\u0647",  # ta marbuta -> heh
        "\u06a9": "\u0643",  # keheh -> kaf
    }
)

# Arabic-Indic (U+0660..) and Extended/Persian (U+06F0..) digits to ASCII.
_DIGITS_TO_ASCII = str.maketrans(
    {**{chr(0x0660 + i): str(i) for i in range(10)}, **{chr(0x06F0 + i): str(i) for i in range(10)}}
)


def clean_text(text: str) -> str:
    """Return ``text`` with presentation-only differences removed.

    Applies NFKC, unifies quote/dash variants, drops tatweel and bidi marks and
    collapses whitespace.  Wording, punctuation and diacritics are untouched.
    """
    text = unicodedata.normalize("NFKC", text)
    text = text.translate(_PUNCTUATION_VARIANTS)
    text = _TATWEEL_RE.sub("", text)
    return _WHITESPACE_RE.sub(" ", text).strip()


def normalize_for_matching(text: str) -> str:
    """Return an aggressively normalised form of ``text`` for similarity tests.

    Case-folds, strips Arabic diacritics and tatweel, unifies alef/yeh/ta
    marbuta variants, maps Arabic-Indic digits to ASCII and unifies quotes,
    dashes and whitespace.  Not meant for display.
    """
    text = clean_text(text)
    text = text.translate(_DIGITS_TO_ASCII)
    text = _DIACRITICS_RE.sub("", text)
    text = text.translate(_ARABIC_LETTER_VARIANTS)
    return text.casefold()


def matching_tokens(text: str) -> list[str]:
    """Split ``text`` into normalised Unicode words (punctuation dropped)."""
    return WORD_PATTERN.findall(normalize_for_matching(text))


def arabic_digits_to_ascii(text: str) -> str:
    """Map Arabic-Indic and Extended Arabic-Indic digits in ``text`` to ASCII."""
    return text.translate(_DIGITS_TO_ASCII)
