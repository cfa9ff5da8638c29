"""Reference texts: parse resolutions, align draft with adopted, diff words.

Pure Python (no Flask); the web layer imports from here.
"""

from .alignment import AlignedPair, align
from .diff import diff_html, word_diff
from .parsing import Footnote, Fragment, Paragraph, ParsedDocument, ParsedLanguage, parse_document

__all__ = [
    "AlignedPair",
    "Footnote",
    "Fragment",
    "Paragraph",
    "ParsedDocument",
    "ParsedLanguage",
    "align",
    "diff_html",
    "parse_document",
    "word_diff",
]
