"""Parse a reference document (plain text or Markdown) into paragraphs.

IPU resolutions have a fixed shape which this parser relies on::

    <front matter: letterhead, committee, document code, date, title, sponsor>
    The 146th Assembly of the Inter-Parliamentary Union,      <- chapeau
    (1) Recognizing ...,                                      <- preambular
    Noting ...,                                               <- (or unnumbered)
    1. Calls upon ...;                                        <- operative
    * The delegation of X expressed reservations ...          <- footnote

Files are often scanned: paragraphs are wrapped or broken across pages, page
furniture (language code, hashtags, letterhead) lands in the middle of the
text, footnotes sit at page bottoms between paragraphs, and Markdown emphasis
is sprinkled inconsistently.  A bilingual file holds one language after the
other; halves are told apart by script (Arabic versus Latin).

Nothing is silently dropped: text the parser cannot attribute is returned in
:attr:`ParsedDocument.unplaced`, and recognised page furniture it skipped on
purpose is listed in :attr:`ParsedDocument.ignored`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Literal

from .normalize import arabic_digits_to_ascii, normalize_for_matching

Part = Literal["preambular", "operative"]
FootnoteKind = Literal["note", "reservation"]

PREAMBULAR: Part = "preambular"
OPERATIVE: Part = "operative"

ARABIC = "ar"
#: Latin-script text is assumed to be English: the only Latin-script
#: language of the reference texts this parser was built for.
ENGLISH = "en"


@dataclass(frozen=True)
class Paragraph:
    """One numbered paragraph of a resolution.

    ``number`` is the number printed in the source; unnumbered preambular
    paragraphs are numbered 1..n in document order, with ``numbered`` False
    (the number is then eventhub's, and is shown as such).
    """

    part: Part
    number: int
    text: str
    numbered: bool = True


@dataclass(frozen=True)
class Footnote:
    """A note printed outside the paragraphs, e.g. a delegation's reservation.

    ``marker`` is the symbol or number that introduces it (``"*"``, ``"1"``)
    or ``""`` when the source repeats no marker for a follow-on note.
    """

    marker: str
    text: str
    kind: FootnoteKind


@dataclass(frozen=True)
class Fragment:
    """A piece of source text reported back to the importer.

    ``line`` is the 1-based line number in the source text.
    """

    text: str
    line: int
    language: str | None
    reason: str


@dataclass
class ParsedLanguage:
    """Everything parsed from one language version of the document."""

    language: str
    title: str
    preambular: list[Paragraph]
    operative: list[Paragraph]
    footnotes: list[Footnote]
    #: The line that opens the resolution ("The 146th Assembly of ... ,").
    chapeau: str = ""
    #: Lines before the chapeau (letterhead, committee, code, date, title...).
    front_matter: list[str] = field(default_factory=list)

    @property
    def paragraphs(self) -> list[Paragraph]:
        """Preambular then operative paragraphs, in document order."""
        return [*self.preambular, *self.operative]


@dataclass
class ParsedDocument:
    """A parsed reference document: one :class:`ParsedLanguage` per language."""

    languages: dict[str, ParsedLanguage]
    #: Text the parser could not attribute to a paragraph, footnote or header.
    unplaced: list[Fragment]
    #: Page furniture recognised and skipped (page codes, hashtags, letterhead).
    ignored: list[Fragment] = field(default_factory=list)


# --------------------------------------------------------------------------
# Script detection and splitting into language halves
# --------------------------------------------------------------------------

# Cost, in letters, of switching language between two lines.  A line in the
# other script shorter than this (letterhead such as "MANAMA, BAHRAIN" inside
# the Arabic half, or "(5G)" inside an Arabic paragraph) stays in its half;
# a whole half, thousands of letters long, easily pays for the switch.
_LANGUAGE_SWITCH_COST = 200


def _is_arabic_letter(char: str) -> bool:
    code = ord(char)
    return (
        0x0600 <= code <= 0x06FF
        or 0x0750 <= code <= 0x077F
        or 0x08A0 <= code <= 0x08FF
        or 0xFB50 <= code <= 0xFDFF
        or 0xFE70 <= code <= 0xFEFF
    )


def _is_latin_letter(char: str) -> bool:
    code = ord(char)
    return code < 0x0250 or 0x1E00 <= code <= 0x1EFF


def _letter_counts(line: str) -> dict[str, int]:
    """Count Arabic-script and Latin-script letters in ``line``."""
    counts = {ARABIC: 0, ENGLISH: 0}
    for char in line:
        if not char.isalpha():
            continue
        if _is_arabic_letter(char):
            counts[ARABIC] += 1
        elif _is_latin_letter(char):
            counts[ENGLISH] += 1
    return counts


def _assign_languages(lines: list[str]) -> list[str | None]:
    """Label each line with a language, favouring long single-language runs.

    A two-state dynamic programme: labelling a line costs the number of its
    letters in the *other* script, and changing label between consecutive
    non-blank lines costs :data:`_LANGUAGE_SWITCH_COST`.  Blank lines get None.
    """
    languages = (ARABIC, ENGLISH)
    content_indexes = [i for i, line in enumerate(lines) if line.strip()]
    if not content_indexes:
        return [None] * len(lines)

    counts = [_letter_counts(lines[i]) for i in content_indexes]
    total = [sum(c.values()) for c in counts]
    # cost[lang] = best cost of labelling lines[0..k] with line k in ``lang``
    cost = {lang: total[0] - counts[0][lang] for lang in languages}
    back_pointers: list[dict[str, str]] = []
    for k in range(1, len(content_indexes)):
        new_cost: dict[str, float] = {}
        pointers: dict[str, str] = {}
        for lang in languages:
            best_previous = min(
                languages,
                key=lambda prev: cost[prev] + (0 if prev == lang else _LANGUAGE_SWITCH_COST),
            )
            switch = 0 if best_previous == lang else _LANGUAGE_SWITCH_COST
            new_cost[lang] = cost[best_previous] + switch + total[k] - counts[k][lang]
            pointers[lang] = best_previous
        cost = new_cost
        back_pointers.append(pointers)

    label = min(languages, key=lambda lang: cost[lang])
    content_labels = [label]
    for pointers in reversed(back_pointers):
        label = pointers[label]
        content_labels.append(label)
    content_labels.reverse()

    labels: list[str | None] = [None] * len(lines)
    for index, label in zip(content_indexes, content_labels):
        labels[index] = label
    return labels


# --------------------------------------------------------------------------
# Line classification helpers
# --------------------------------------------------------------------------

_BULLET_RE = re.compile(r"^(?:[-\u2022+]|\*(?=\s))\s+")
_EMPHASIS_UNDERSCORE_RE = re.compile(r"(?<!\w)_{1,3}(\S(?:.*?\S)?)_{1,3}(?!\w)")
_HEADING_RE = re.compile(r"^#{1,6}\s+(.*)$")
_BIDI_MARKS_RE = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_WHITESPACE_RE = re.compile(r"\s+")

# "(1) Recognizing", "(١٢) وإذ", with optional bullet and emphasis removed.
_PREAMBULAR_NUMBER_RE = re.compile(r"^\((\d{1,3})\)\s*")
# "1. Calls upon", "12) ...", "١. تطلب".
_OPERATIVE_NUMBER_RE = re.compile(r"^(\d{1,3})\s*[.)]\s*(?=\S)")
# "(a) ...", "(ii) ..." sub-items belong to the paragraph above them.
_SUB_ITEM_RE = re.compile(r"^\(?(?:[a-z]|[ivx]{1,5})\)\s+")
# "* text", "** text", "† text": a footnote introduced by a symbol.
_SYMBOL_FOOTNOTE_RE = re.compile(r"^(\\?\*{1,3}|[\u2020\u2021])\s+(\S.*)$")
# "1 See ..." / "¹ See ...": a footnote introduced by a bare number.
_NUMBERED_FOOTNOTE_RE = re.compile(r"^(\d{1,2}|[\u00b9\u00b2\u00b3\u2070-\u2079]+)\s+(\S.*)$")

# Reservations are printed as notes, sometimes without repeating the marker.
_RESERVATION_RE = re.compile(
    r"\bdelegations?\b.*\b(reservations?|dissociated?|objections?)\b"
    r"|\breservations? (was|were) expressed\b"
    r"|وفد.*تحفظ",
    re.IGNORECASE,
)

# Sentence-final punctuation; a paragraph not ending with one continues.
_CLOSING_PUNCTUATION = tuple(",;.:،؛")

# Arabic preambular paragraphs open with the circumstantial "إذ"/"وإذ".
_ARABIC_PREAMBULAR_OPENERS = {"اذ", "واذ"}

# English preambular paragraphs open with a participle or an adjective.
_ENGLISH_PREAMBULAR_ADJECTIVES = {
    "affirming", "alarmed", "also", "appreciative", "aware", "cognisant", "cognizant",
    "committed", "concerned", "conscious", "convinced", "deeply", "desirous",
    "determined", "encouraged", "fully", "further", "gravely", "guided", "mindful",
    "pleased", "sensitive", "seriously",
}

# Capitalised words ending in "-ing" that are not participles (places,
# prepositions, pronouns): a wrapped line starting with one ("Beijing in
# 1995,") continues the paragraph above instead of opening a new one.
_ENGLISH_NOT_PARTICIPLES = {
    "anything", "beijing", "ceiling", "chongqing", "during", "evening", "everything",
    "king", "kunming", "morning", "nanjing", "nothing", "something", "spring", "string",
}

_CHAPEAU_ENGLISH_RE = re.compile(
    r"^the\b.*\b(assembly|council|conference|parliament|union)\b.*[,:]$", re.IGNORECASE
)
_CHAPEAU_ARABIC_RE = re.compile(r"^ان\s+.*[،,:]$")  # "إن الجمعية العامة ... ،" normalised

_DOCUMENT_KIND_ENGLISH_RE = re.compile(
    r"^(draft\s+)?(resolution|decision|declaration|outcome document)\b", re.IGNORECASE
)
_DOCUMENT_KIND_ARABIC_RE = re.compile(r"^(مشروع\s+)?(ال)?(قرار|مقرر|اعلان)\b")

# Page furniture: recurring page elements that are not part of the text.
_FURNITURE_RES = [
    re.compile(r"^[A-Z]$"),  # language code printed on each page ("E", "F")
    re.compile(r"^#\w+$"),  # hashtag such as "#IPU146"
    re.compile(r"^[-\u2013\u2014]?\s*\d{1,3}\s*[-\u2013\u2014]?$"),  # page number
    re.compile(r"^(page|p\.)\s*\d+(\s*(of|/)\s*\d+)?$", re.IGNORECASE),
    re.compile(r"^inter-parliamentary union$", re.IGNORECASE),
    re.compile(r"^for democracy\. for everyone\.$", re.IGNORECASE),
    re.compile(r"^\d+(st|nd|rd|th)\s+ipu\s+assembly$", re.IGNORECASE),
    re.compile(r"^[A-Z]{1,4}(-[IVX]+)?/\d+/[\w.()/-]+$"),  # document code "C-I/146/DR"
    re.compile(r"^الاتحاد البرلماني الدولي$"),
]


def _strip_markdown(text: str) -> str:
    """Remove Markdown emphasis and list bullets, keep the words."""
    text = _BULLET_RE.sub("", text.strip())
    text = text.replace("\\*", "\u0000").replace("*", "").replace("\u0000", "*")
    return _EMPHASIS_UNDERSCORE_RE.sub(r"\1", text).strip()


def _tidy(text: str) -> str:
    """Collapse whitespace within lines and drop bidi control marks.

    Line breaks are kept: they only survive parsing where they are meant,
    between a paragraph and its "(a)", "(b)" sub-items.
    """
    text = unicodedata.normalize("NFC", _BIDI_MARKS_RE.sub("", text))
    lines = (_WHITESPACE_RE.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _first_word(text: str) -> str:
    words = re.findall(r"\w+", normalize_for_matching(text))
    return words[0] if words else ""


def _first_letter(text: str) -> str:
    for char in text:
        if char.isalpha():
            return char
    return ""


def _is_open(text: str) -> bool:
    """True when ``text`` stops mid-sentence (no closing punctuation)."""
    return not text.rstrip().endswith(_CLOSING_PUNCTUATION)


def _opens_preambular_paragraph(text: str, language: str) -> bool:
    """True when ``text`` begins the way a preambular paragraph begins."""
    first = _first_word(text)
    if language == ARABIC:
        return first in _ARABIC_PREAMBULAR_OPENERS
    first_letter = _first_letter(text)
    if not first_letter.isupper():
        return False
    if first in _ENGLISH_NOT_PARTICIPLES:
        return False
    return first.endswith("ing") or first in _ENGLISH_PREAMBULAR_ADJECTIVES


def _is_furniture(text: str) -> bool:
    return any(pattern.match(text) for pattern in _FURNITURE_RES)


def _is_chapeau(text: str, language: str) -> bool:
    if language == ARABIC:
        return bool(_CHAPEAU_ARABIC_RE.match(normalize_for_matching(text)))
    return bool(_CHAPEAU_ENGLISH_RE.match(text))


def _is_document_kind(text: str, language: str) -> bool:
    if language == ARABIC:
        return bool(_DOCUMENT_KIND_ARABIC_RE.match(normalize_for_matching(text)))
    return bool(_DOCUMENT_KIND_ENGLISH_RE.match(text))


def _join_wrapped(previous: str, continuation: str) -> str:
    """Join a line-wrapped continuation onto the text before it."""
    if previous.endswith("-") and _first_letter(continuation).islower():
        # "cyber-" + "attacks": a hyphenated word wrapped at the hyphen.
        return previous + continuation
    return f"{previous} {continuation}"


# --------------------------------------------------------------------------
# Per-language parsing
# --------------------------------------------------------------------------


@dataclass
class _OpenParagraph:
    """A paragraph being assembled from one or more source lines."""

    part: Part
    number: int
    text: str
    numbered: bool = True


@dataclass
class _LanguageParser:
    """State machine that walks one language's lines in order."""

    language: str
    unplaced: list[Fragment]
    ignored: list[Fragment]
    paragraphs: list[_OpenParagraph] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)
    #: True when the last thing placed was a footnote (for follow-on notes).
    last_was_footnote: bool = False

    @property
    def current(self) -> _OpenParagraph | None:
        return self.paragraphs[-1] if self.paragraphs else None

    @property
    def in_operative_part(self) -> bool:
        return any(p.part == OPERATIVE for p in self.paragraphs)

    def _next_preambular_number(self) -> int:
        return sum(1 for p in self.paragraphs if p.part == PREAMBULAR) + 1

    def _start(self, part: Part, number: int, text: str, numbered: bool = True) -> None:
        self.paragraphs.append(_OpenParagraph(part, number, text, numbered))
        self.last_was_footnote = False

    def _continue(self, text: str, separator: str | None = None) -> None:
        current = self.current
        assert current is not None
        if separator is None:
            current.text = _join_wrapped(current.text, text)
        else:
            current.text = f"{current.text}{separator}{text}"
        self.last_was_footnote = False

    def _add_footnote(self, marker: str, text: str) -> None:
        kind: FootnoteKind = "reservation" if _RESERVATION_RE.search(text) else "note"
        self.footnotes.append(Footnote(marker, _tidy(_strip_markdown(text)), kind))
        self.last_was_footnote = True

    def feed(self, line_number: int, raw_line: str) -> None:
        """Place one non-blank body line."""
        raw = raw_line.strip()
        current = self.current

        heading = _HEADING_RE.match(raw)
        if heading:
            # Section headings ("## Operative paragraphs") structure Markdown
            # sources but are not resolution text.
            self.ignored.append(Fragment(raw, line_number, self.language, "heading"))
            return

        symbol_note = _SYMBOL_FOOTNOTE_RE.match(raw)
        if symbol_note and not self._starts_paragraph(_strip_markdown(symbol_note.group(2))):
            self._add_footnote(symbol_note.group(1).lstrip("\\"), symbol_note.group(2))
            return

        text = _strip_markdown(raw)
        if not text:
            return
        if _is_furniture(text):
            self.ignored.append(Fragment(text, line_number, self.language, "page furniture"))
            return

        if _RESERVATION_RE.search(text) and not self._starts_paragraph(text):
            marker = self.footnotes[-1].marker if self.last_was_footnote else ""
            self._add_footnote(marker, text)
            return

        if self.last_was_footnote and self.footnotes and _first_letter(text).islower():
            # A footnote wrapped onto a second line.
            last = self.footnotes[-1]
            self.footnotes[-1] = Footnote(last.marker, _join_wrapped(last.text, text), last.kind)
            return

        numbered_note = _NUMBERED_FOOTNOTE_RE.match(text)
        if numbered_note and (current is None or not _is_open(current.text)):
            self._add_footnote(arabic_digits_to_ascii(numbered_note.group(1)), numbered_note.group(2))
            return

        preambular_number = _PREAMBULAR_NUMBER_RE.match(text)
        if preambular_number:
            number = int(preambular_number.group(1))  # int() reads Arabic-Indic digits
            self._start(PREAMBULAR, number, text[preambular_number.end():])
            return

        operative_number = _OPERATIVE_NUMBER_RE.match(text)
        if operative_number:
            self._start(OPERATIVE, int(operative_number.group(1)), text[operative_number.end():])
            return

        if current is not None and _SUB_ITEM_RE.match(text):
            self._continue(text, separator="\n")
            return

        if not self.in_operative_part and _opens_preambular_paragraph(text, self.language):
            self._start(PREAMBULAR, self._next_preambular_number(), text, numbered=False)
            return

        if current is not None and (_first_letter(text).islower() or _is_open(current.text)):
            self._continue(text)
            return

        if current is not None and self.language == ARABIC and current.part == PREAMBULAR:
            # Arabic has no capitals; inside the preamble a line that does not
            # open with "إذ/وإذ" is the rest of the paragraph after a page break.
            self._continue(text)
            return

        if not self.in_operative_part and self.language != ARABIC and _first_letter(text).isupper():
            # An unnumbered preambular paragraph with an unusual opening word.
            self._start(PREAMBULAR, self._next_preambular_number(), text, numbered=False)
            return

        self.unplaced.append(Fragment(text, line_number, self.language, "not part of any paragraph"))

    def _starts_paragraph(self, text: str) -> bool:
        return bool(
            _PREAMBULAR_NUMBER_RE.match(text)
            or _OPERATIVE_NUMBER_RE.match(text)
            or _opens_preambular_paragraph(text, self.language)
        )

    def result(self) -> tuple[list[Paragraph], list[Paragraph]]:
        preambular = [Paragraph(p.part, p.number, _tidy(p.text), p.numbered) for p in self.paragraphs
                      if p.part == PREAMBULAR]
        operative = [Paragraph(p.part, p.number, _tidy(p.text), p.numbered) for p in self.paragraphs
                     if p.part == OPERATIVE]
        return preambular, operative


def _find_body_start(lines: list[tuple[int, str]], language: str) -> tuple[int, str]:
    """Return (index of first body line, chapeau text) for a language's lines.

    The body starts after the chapeau.  Without a chapeau it starts at the
    first line that looks like a paragraph, and there is no chapeau.
    """
    for index, (_, raw) in enumerate(lines):
        text = _strip_markdown(raw)
        if _is_chapeau(text, language):
            return index + 1, _tidy(text)
    for index, (_, raw) in enumerate(lines):
        text = _strip_markdown(raw)
        if (
            _PREAMBULAR_NUMBER_RE.match(text)
            or _OPERATIVE_NUMBER_RE.match(text)
            or _opens_preambular_paragraph(text, language)
        ):
            return index, ""
    return len(lines), ""


def _find_title(front_matter: list[str], language: str) -> str:
    """Pick the document title out of the front matter.

    Preference: a Markdown level-1 heading; else the line just above the
    "Draft resolution ..." / "Resolution adopted ..." line, prefixed with the
    line before it when that ends with a colon (titles wrapped after "...:");
    else the last line of the front matter that is not page furniture.
    """
    for line in front_matter:
        if line.startswith("# "):
            return _tidy(_strip_markdown(line[2:]))

    plain = [_tidy(_strip_markdown(_HEADING_RE.sub(r"\1", line))) for line in front_matter]
    for index, text in enumerate(plain):
        if index > 0 and _is_document_kind(text, language):
            title = plain[index - 1]
            if index > 1 and plain[index - 2].endswith(":"):
                title = f"{plain[index - 2]} {title}"
            return title

    candidates = [text for text in plain if text and not _is_furniture(text)]
    return candidates[-1] if candidates else ""


def _parse_language(
    language: str,
    lines: list[tuple[int, str]],
    unplaced: list[Fragment],
    ignored: list[Fragment],
) -> ParsedLanguage:
    body_start, chapeau = _find_body_start(lines, language)
    front_end = body_start - 1 if chapeau else body_start
    front_matter = [raw.strip() for _, raw in lines[:front_end]]

    parser = _LanguageParser(language, unplaced, ignored)
    for line_number, raw in lines[body_start:]:
        parser.feed(line_number, raw)
    preambular, operative = parser.result()

    return ParsedLanguage(
        language=language,
        title=_find_title(front_matter, language),
        preambular=preambular,
        operative=operative,
        footnotes=parser.footnotes,
        chapeau=chapeau,
        front_matter=[_tidy(_strip_markdown(line)) for line in front_matter],
    )


def parse_document(text: str) -> ParsedDocument:
    """Parse a reference document into languages, paragraphs and footnotes.

    ``text`` is the whole file, in one or two languages (Arabic and English,
    told apart by script, in either order).  Each language is split into
    front matter, chapeau, preambular and operative paragraphs and footnotes
    (including reservations).  Wrapped and page-broken paragraphs are joined;
    Markdown emphasis and bullets are removed from paragraph text.

    Text that could not be placed is returned in ``unplaced`` rather than
    dropped, so an import can show it to the user.
    """
    source_lines = text.removeprefix("\ufeff").splitlines()
    labels = _assign_languages(source_lines)

    lines_by_language: dict[str, list[tuple[int, str]]] = {}
    for line_index, (line, language) in enumerate(zip(source_lines, labels)):
        if language is None:
            continue
        lines_by_language.setdefault(language, []).append((line_index + 1, line))

    unplaced: list[Fragment] = []
    ignored: list[Fragment] = []
    languages = {
        language: _parse_language(language, lines, unplaced, ignored)
        for language, lines in lines_by_language.items()
    }
    return ParsedDocument(languages=languages, unplaced=unplaced, ignored=ignored)
