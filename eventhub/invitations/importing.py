"""Importing invitee lists from CSV or XLSX.

``import_invitees(event, content, filename)`` reads the file, recognises the columns
(header names in English, French, Spanish or Arabic, or an explicit mapping), checks
every row and inserts the good ones in bulk. It never raises on bad input: whatever is
wrong ends up in the returned ``ImportReport`` (file-level errors, rejected rows with
their line number and reasons, warnings). Bad rows change nothing.

Cell values are only ever data: formulas in XLSX files are read as their text
(``=HYPERLINK(...)``), never evaluated, and values that a spreadsheet would run as a
formula are flagged in the report.
"""
from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass, field
from functools import lru_cache

import sqlalchemy as sa
from babel import Locale
from flask import current_app
from flask_babel import gettext, lazy_gettext as _l

from eventhub.db_types import utcnow
from eventhub.extensions import db
from eventhub.i18n import LANGUAGES, format_list, ngettext
from eventhub.person_text import strip_reordering
from eventhub.timezones import is_valid_timezone

from .models import Invitee, InviteeStatus
from .tokens import new_token_pair

#: Columns an invitee list may have, in display order.
FIELDS = ("name", "email", "parliament", "country", "language", "timezone")
#: Columns without which no row can be imported.
REQUIRED_FIELDS = ("name", "email", "language")

FIELD_LABELS = {
    "name": _l("Name"),
    "email": _l("Email"),
    "parliament": _l("Parliament"),
    "country": _l("Country"),
    "language": _l("Language"),
    "timezone": _l("Time zone"),
}

#: Header names recognised for each column, in the four languages (compared folded:
#: case, accents, hamza forms, spaces and punctuation do not matter).
HEADER_NAMES = {
    "name": ["name", "full name", "nom", "nom complet", "nombre", "nombre completo",
             "الاسم", "الإسم", "اسم"],
    "email": ["email", "e-mail", "email address", "mail", "courriel", "adresse électronique",
              "adresse e-mail", "correo", "correo electrónico", "correo-e",
              "البريد الإلكتروني", "البريد الالكتروني", "البريد"],
    "parliament": ["parliament", "parlement", "parlamento", "البرلمان", "chamber", "chambre",
                   "cámara", "organisation", "organization"],
    "country": ["country", "pays", "país", "البلد", "الدولة", "بلد"],
    "language": ["language", "langue", "idioma", "lengua", "اللغة", "لغة"],
    "timezone": ["time zone", "timezone", "fuseau horaire", "zona horaria", "المنطقة الزمنية",
                 "tz"],
}

#: Territory codes in CLDR that are not countries a parliament belongs to.
NOT_COUNTRIES = {"ZZ", "EU", "EZ", "UN", "QO", "XA", "XB"}

#: Characters that make a spreadsheet treat a cell as a formula (OWASP CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

MAX_LENGTHS = {"name": 200, "parliament": 200, "email": 320}

_ARABIC_FOLD = str.maketrans({"\u0640": None, "ى": "ي", "ة": "ه"})


def fold(text: str) -> str:
    """A comparison key: no case, accents, hamza seats, tatweel or punctuation."""
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.casefold().translate(_ARABIC_FOLD)
    return re.sub(r"[\s\-_'’.,()/]+", " ", text).strip()


@lru_cache(maxsize=1)
def _header_index() -> dict[str, str]:
    return {fold(name): column for column, names in HEADER_NAMES.items() for name in names}


@lru_cache(maxsize=1)
def _language_index() -> dict[str, str]:
    index: dict[str, str] = {}
    extra = {
        "en": ["eng", "anglais", "inglés", "انجليزي", "انكليزي", "الانكليزية"],
        "fr": ["fra", "fre", "francés", "français", "فرنسي"],
        "es": ["spa", "espagnol", "castellano", "castillan", "إسباني", "اسباني"],
        "ar": ["ara", "arabe", "árabe", "عربي"],
    }
    for code in LANGUAGES:
        names = [code, *extra.get(code, [])]
        for in_lang in LANGUAGES:
            names.append(Locale.parse(in_lang).languages.get(code, ""))
        for name in names:
            if name:
                index[fold(name)] = code
    return index


@lru_cache(maxsize=1)
def _country_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for in_lang in LANGUAGES:
        for code, name in Locale.parse(in_lang).territories.items():
            if len(code) == 2 and code.isalpha() and code not in NOT_COUNTRIES:
                index[fold(name)] = code
                index[code.casefold()] = code
    return index


def resolve_language(value: str) -> str | None:
    """'fr', 'FR-ch', 'French', 'français', 'francés', 'الفرنسية' -> 'fr'."""
    key = fold(value)
    if not key:
        return None
    index = _language_index()
    if key in index:
        return index[key]
    head = re.split(r"[ _]", key)[0]  # fr ch (from fr-CH / fr_CH)
    if head in LANGUAGES:
        return head
    if key.startswith("ال") and key[2:] in index:  # Arabic definite article
        return index[key[2:]]
    return None


def resolve_country(value: str) -> str | None:
    """'KE', 'ke', 'Kenya', 'Mexique', 'México', 'المكسيك' -> ISO 3166-1 alpha-2."""
    key = fold(value)
    if not key:
        return None
    return _country_index().get(key)


def normalise_email(value: str) -> str:
    """email-validator's normal form, lower-cased; raises EmailNotValidError."""
    from email_validator import validate_email  # its regexes: not at start-up

    result = validate_email(value.strip(), check_deliverability=False)
    return result.normalized.lower()


def looks_like_formula(value: str) -> bool:
    return bool(value) and value.startswith(FORMULA_PREFIXES)


def neutralise_formula(value: str) -> str:
    """For display and spreadsheet exports: a leading apostrophe keeps it text."""
    return "'" + value if looks_like_formula(value) else value


# --- report ----------------------------------------------------------------------

MESSAGES = {
    # file level
    "unreadable": _l("The file could not be read: %(detail)s."),
    "unsupported": _l("This file type is not supported. Please save the list as CSV (UTF-8) or Excel (.xlsx)."),
    "empty": _l("The file contains no rows."),
    "missing_column": _l("Required column missing: %(column)s."),
    "concurrent": _l("The list changed while it was being imported. Please import the file again."),
    # warnings
    "encoding_fallback": _l("The file is not in UTF-8; it was read as %(encoding)s. Please check accented letters and Arabic text, or save the file as CSV UTF-8."),
    "duplicate_header": _l("Column “%(header)s” appears more than once; the first one was used."),
    "ignored_header": _l("Column “%(header)s” was not recognised and was ignored."),
    "formula": _l("Line %(line)s: the %(column)s “%(value)s” looks like a spreadsheet formula; it was kept as plain text and was not evaluated."),
    # row reasons
    "missing_value": _l("%(column)s is empty"),
    "bad_email": _l("invalid email address “%(value)s”"),
    "unknown_language": _l("unknown language “%(value)s” (use en, fr, es or ar, or the language’s name)"),
    "unknown_country": _l("unknown country “%(value)s” (use the ISO code or the country’s name)"),
    "unknown_timezone": _l("unknown time zone “%(value)s”"),
    #: A number in the message: the words agree with it (Arabic: « حرفًا », « أحرف », « حرف »).
    "too_long": lambda params: ngettext("%(column)s is longer than %(num)s character",
                                        "%(column)s is longer than %(num)s characters",
                                        params["limit"], column=params["column"]),
    "duplicate_in_file": _l("duplicate of line %(other)s in this file"),
    "already_invited": _l("already invited to this event"),
}


@dataclass
class Notice:
    code: str
    params: dict = field(default_factory=dict)
    line: int | None = None

    @property
    def message(self) -> str:
        params = dict(self.params)
        if self.line is not None:
            params.setdefault("line", self.line)
        if "column" in params:
            params["column"] = str(FIELD_LABELS.get(params["column"], params["column"]))
        message = MESSAGES[self.code]
        if callable(message):
            return message(params)
        return str(message) % params


@dataclass
class RejectedRow:
    line: int
    reasons: list[Notice]
    values: dict[str, str]

    @property
    def message(self) -> str:
        return "; ".join(reason.message for reason in self.reasons)


@dataclass
class ImportReport:
    filename: str = ""
    #: "csv" or "xlsx"
    file_format: str = ""
    encoding: str | None = None
    delimiter: str | None = None
    headers: list[str] = field(default_factory=list)
    #: field -> column index used
    mapping: dict[str, int] = field(default_factory=dict)
    #: The columns could not all be recognised: the console offers a mapping step.
    needs_mapping: bool = False
    rows_read: int = 0
    imported: int = 0
    errors: list[Notice] = field(default_factory=list)
    warnings: list[Notice] = field(default_factory=list)
    rejected: list[RejectedRow] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        """« 3 personnes invitées importées, 1 ligne rejetée et 4 lignes lues. »: each count
        with its own plural form (Arabic six), grouped per locale, joined the locale's way."""
        parts = [
            ngettext("%(num)s invitee imported", "%(num)s invitees imported", self.imported),
            ngettext("%(num)s row rejected", "%(num)s rows rejected", len(self.rejected)),
            ngettext("%(num)s row read", "%(num)s rows read", self.rows_read),
        ]
        return format_list(parts) + "."

    def as_text(self) -> str:
        lines = []
        for error in self.errors:
            lines.append(gettext("Error: %(message)s", message=error.message))
        if not self.errors:
            lines.append(self.summary())
        for warning in self.warnings:
            lines.append(gettext("Warning: %(message)s", message=warning.message))
        for row in self.rejected:
            lines.append(gettext("Line %(line)s rejected: %(reasons)s", line=row.line,
                                 reasons=row.message))
        return "\n".join(lines)


# --- reading files ----------------------------------------------------------------

@dataclass
class Table:
    headers: list[str]
    #: (line number in the file, cell values as text)
    rows: list[tuple[int, list[str]]]
    file_format: str
    encoding: str | None = None
    delimiter: str | None = None


class UnreadableFile(Exception):
    def __init__(self, code: str, **params):
        super().__init__(code)
        self.notice = Notice(code, params)


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return strip_reordering(str(value)).strip()


def decode_text(content: bytes, warnings: list[Notice]) -> tuple[str, str]:
    """UTF-8 (with or without BOM) or UTF-16 with BOM; otherwise Windows-1252 (or
    Latin-1 for bytes Windows-1252 leaves undefined), with a warning."""
    if content.startswith(codecs.BOM_UTF8):
        try:
            return content[len(codecs.BOM_UTF8):].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise UnreadableFile("unreadable", detail=str(exc)) from exc
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return content.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise UnreadableFile("unreadable", detail=str(exc)) from exc
    try:
        return content.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    for encoding, label in (("cp1252", "Windows-1252"), ("latin-1", "ISO-8859-1")):
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        warnings.append(Notice("encoding_fallback", {"encoding": label}))
        return text, encoding
    raise UnreadableFile("unreadable", detail="unknown encoding")  # latin-1 decodes anything


def detect_delimiter(text: str) -> str:
    """The delimiter among , ; and tab that splits the header line the most."""
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    counts = {delimiter: first_line.count(delimiter) for delimiter in (",", ";", "\t")}
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def read_csv(content: bytes, warnings: list[Notice]) -> Table:
    text, encoding = decode_text(content, warnings)
    if "\x00" in text:
        raise UnreadableFile("unsupported")
    delimiter = detect_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    headers: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    line = 1
    try:
        for record in reader:
            cells = [cell.strip() for cell in record]
            if any(cells):
                if headers is None:
                    headers = cells
                else:
                    rows.append((line, cells))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise UnreadableFile("unreadable", detail=f"line {reader.line_num}: {exc}") from exc
    return Table(headers or [], rows, "csv", encoding, delimiter)


def read_xlsx(content: bytes) -> Table:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    # What a damaged or hostile file raises, when opened or while its rows are read
    # (read-only mode parses the sheet lazily): bad zip, XML that does not parse
    # (xml.etree's ParseError and lxml's errors are SyntaxErrors), a DTD or entities
    # (defusedxml's errors are ValueErrors), nesting too deep for the parser.
    unreadable = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, InvalidFileException, KeyError, OSError,
                  EOFError, ValueError, TypeError, SyntaxError, RecursionError)
    try:
        # data_only=False: a formula cell gives its formula text, which is never evaluated.
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except unreadable as exc:
        raise UnreadableFile("unreadable", detail=type(exc).__name__) from exc
    try:
        return _read_sheet(workbook)
    except unreadable as exc:
        raise UnreadableFile("unreadable", detail=type(exc).__name__) from exc
    finally:
        workbook.close()


def _read_sheet(workbook) -> Table:
    sheet = workbook.active
    headers: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        cells = [_cell_text(value) for value in values]
        if not any(cells):
            continue
        if headers is None:
            headers = cells
        else:
            rows.append((number, cells))
    return Table(headers or [], rows, "xlsx")


def read_table(content: bytes, filename: str, warnings: list[Notice]) -> Table:
    name = (filename or "").lower()
    if content.startswith(b"PK\x03\x04") or name.endswith((".xlsx", ".xlsm")):
        return read_xlsx(content)
    if content.startswith(b"\xd0\xcf\x11\xe0") or name.endswith((".xls", ".ods", ".numbers")):
        raise UnreadableFile("unsupported")
    return read_csv(content, warnings)


def detect_mapping(headers: list[str]) -> tuple[dict[str, int], list[Notice]]:
    """Which column holds which field, from the header names."""
    index = _header_index()
    mapping: dict[str, int] = {}
    notices: list[Notice] = []
    for position, header in enumerate(headers):
        column = index.get(fold(header))
        if column is None:
            if header:
                notices.append(Notice("ignored_header", {"header": header}))
        elif column in mapping:
            notices.append(Notice("duplicate_header", {"header": header}))
        else:
            mapping[column] = position
    return mapping, notices


def mapping_from_names(headers: list[str], names: dict[str, str]) -> dict[str, int]:
    """An explicit mapping {field: header name or 1-based column number} -> indexes."""
    mapping = {}
    folded = [fold(h) for h in headers]
    for column, wanted in names.items():
        if column not in FIELDS or wanted in (None, ""):
            continue
        wanted = str(wanted)
        if wanted.isdecimal() and 1 <= int(wanted) <= len(headers):
            mapping[column] = int(wanted) - 1
        elif fold(wanted) in folded:
            mapping[column] = folded.index(fold(wanted))
    return mapping


# --- checking and importing ---------------------------------------------------------

def _check_row(line: int, cells: list[str], mapping: dict[str, int], seen: dict[str, int],
               invited: set[str], warnings: list[Notice]) -> tuple[dict | None, RejectedRow | None]:
    values = {column: strip_reordering(cells[i] if i < len(cells) else "").strip()
              for column, i in mapping.items()}
    reasons: list[Notice] = []
    for column, value in values.items():
        if looks_like_formula(value) and column != "email":
            warnings.append(Notice("formula", {"column": column, "value": value[:60]}, line))
    for column in REQUIRED_FIELDS:
        if not values.get(column):
            reasons.append(Notice("missing_value", {"column": column}))
    for column, limit in MAX_LENGTHS.items():
        if len(values.get(column, "")) > limit:
            reasons.append(Notice("too_long", {"column": column, "limit": limit}))

    email = None
    if values.get("email"):
        from email_validator import EmailNotValidError

        try:
            email = normalise_email(values["email"])
        except EmailNotValidError:
            reasons.append(Notice("bad_email", {"value": values["email"][:120]}))
    language = None
    if values.get("language"):
        language = resolve_language(values["language"])
        if language is None:
            reasons.append(Notice("unknown_language", {"value": values["language"][:60]}))
    country = ""
    if values.get("country"):
        country = resolve_country(values["country"]) or ""
        if not country:
            reasons.append(Notice("unknown_country", {"value": values["country"][:60]}))
    timezone = values.get("timezone") or None
    if timezone and not is_valid_timezone(timezone):
        reasons.append(Notice("unknown_timezone", {"value": timezone[:64]}))
    if email:
        if email in invited:
            reasons.append(Notice("already_invited"))
        elif email in seen and not reasons:
            reasons.append(Notice("duplicate_in_file", {"other": seen[email]}))

    if reasons:
        return None, RejectedRow(line, reasons, values)
    seen[email] = line
    return {
        "name": values["name"],
        "email": email,
        "parliament": values.get("parliament", ""),
        "country": country,
        "language": language,
        "timezone": timezone,
    }, None


def check_rows(event, table: Table, mapping: dict[str, int], report: ImportReport) -> list[dict]:
    """Every row checked; returns the good ones, fills report.rejected."""
    invited = set(db.session.execute(
        sa.select(sa.func.lower(Invitee.email)).where(Invitee.event_id == event.id)
    ).scalars())
    seen: dict[str, int] = {}
    good = []
    for line, cells in table.rows:
        row, rejected = _check_row(line, cells, mapping, seen, invited, report.warnings)
        if rejected is not None:
            report.rejected.append(rejected)
        else:
            good.append(row)
    return good


def insert_invitees(event, rows: list[dict], batch_size: int = 1000) -> int:
    """Bulk insert (one executemany per batch); the caller commits."""
    secret = current_app.config["SECRET_KEY"]
    now = utcnow()
    for start in range(0, len(rows), batch_size):
        batch = []
        for row in rows[start:start + batch_size]:
            nonce, token_hash = new_token_pair(secret)
            batch.append(dict(row, event_id=event.id, token_nonce=nonce, token_hash=token_hash,
                              status=InviteeStatus.NOT_SENT.value, send_count=0,
                              created_at=now, updated_at=now))
        db.session.execute(sa.insert(Invitee), batch)
    return len(rows)


def import_invitees(event, content: bytes, filename: str = "",
                    columns: dict[str, str] | None = None) -> ImportReport:
    """Read, check and import; see the module docstring. ``columns`` maps fields to
    header names (or 1-based column numbers) when the headers are not recognised."""
    report = ImportReport(filename=filename)
    try:
        table = read_table(content, filename, report.warnings)
    except UnreadableFile as exc:
        report.errors.append(exc.notice)
        return report
    report.file_format, report.encoding, report.delimiter = (
        table.file_format, table.encoding, table.delimiter)
    report.headers = table.headers
    report.rows_read = len(table.rows)
    if not table.headers:
        report.errors.append(Notice("empty"))
        return report

    mapping, header_notices = detect_mapping(table.headers)
    if columns:
        mapping.update(mapping_from_names(table.headers, columns))
    else:
        report.warnings.extend(n for n in header_notices if n.code == "duplicate_header")
    report.mapping = mapping
    missing = [column for column in REQUIRED_FIELDS if column not in mapping]
    if missing:
        report.needs_mapping = True
        report.errors.extend(Notice("missing_column", {"column": column}) for column in missing)
        return report

    good = check_rows(event, table, mapping, report)
    try:
        report.imported = insert_invitees(event, good)
        db.session.commit()
    except sa.exc.IntegrityError:
        db.session.rollback()
        report.imported = 0
        report.errors.append(Notice("concurrent"))
    return report
