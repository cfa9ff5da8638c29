"""Which registrations, and which columns: one definition for the console's list,
the console's downloads, ``flask export ...`` and the organiser API.

``parse_filters(values, event)`` turns query arguments (or CLI options) into a
``RegistrationFilters`` plus per-field error messages; ``registration_query`` selects
people for the list; ``place_rows`` streams one row per person and session for exports;
``EXPORT_COLUMNS`` (columns.py) names and computes every column.
"""
from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass

from flask_babel import gettext as _
from sqlalchemy import false

from eventhub.console import labels
from eventhub.events.models import Event, EventSession
from eventhub.extensions import db
from eventhub.i18n import LANGUAGES
from eventhub.registration import search
from eventhub.registration.models import (
    Registration,
    RegistrationRole,
    SessionRegistration,
    SessionRegistrationStatus,
)

# The columns (titles, keys, cell expressions) are in columns.py, which imports no model
# (``flask export registrations --help`` lists their keys); named here too, as before.
from .columns import (  # noqa: F401
    DEFAULT_COLUMNS,
    EXPORT_COLUMNS,
    WIDTHS,
    Column,
    column_widths,
    header_row,
    parse_columns,
)

STATUSES = tuple(s.value for s in SessionRegistrationStatus)
ROLES = tuple(r.value for r in RegistrationRole)
#: Longest search text honoured (longer input is cut, not refused).
MAX_SEARCH = 100


@dataclass
class RegistrationFilters:
    session: int | None = None
    status: str | None = None
    country: str | None = None
    role: str | None = None
    language: str | None = None
    #: Words searched in names, email and parliament; every word must match somewhere.
    q: str = ""

    def as_dict(self) -> dict:
        """Only the filters in use (for audit records and links)."""
        return {key: value for key, value in asdict(self).items() if value not in (None, "")}

    @property
    def filters_places(self) -> bool:
        return any(v is not None for v in (self.session, self.status, self.language))


def parse_filters(values: Mapping, event: Event) -> tuple[RegistrationFilters, dict[str, str]]:
    """Read filters from query arguments; unknown values are reported, not guessed."""
    filters = RegistrationFilters()
    errors: dict[str, str] = {}

    def text(name: str) -> str:
        value = values.get(name)
        return str(value).strip() if value is not None else ""

    session = text("session")
    if session:
        numbers = {s.number for s in event.sessions}
        if session.isdecimal() and int(session) in numbers:
            filters.session = int(session)
        else:
            errors["session"] = _("There is no session %(number)s in this event.", number=session[:10])
    status = text("status")
    if status:
        if status in STATUSES:
            filters.status = status
        else:
            errors["status"] = _("Unknown status “%(value)s”.", value=status[:40])
    country = text("country").upper()
    if country:
        if len(country) == 2 and country.isalpha():
            filters.country = country
        else:
            errors["country"] = _("A country is given by its two-letter ISO code, e.g. CH.")
    role = text("role")
    if role:
        if role in ROLES:
            filters.role = role
        else:
            errors["role"] = _("Unknown role “%(value)s”.", value=role[:40])
    language = text("language")
    if language:
        if language in LANGUAGES:
            filters.language = language
        else:
            errors["language"] = _("Unknown language “%(value)s”.", value=language[:40])
    filters.q = " ".join(text("q").split())[:MAX_SEARCH]
    return filters, errors


def _registration_conditions(event: Event, filters: RegistrationFilters) -> list:
    conditions = [Registration.event_id == event.id]
    if filters.country:
        conditions.append(Registration.country == filters.country)
    if filters.role:
        conditions.append(Registration.role == filters.role)
    if filters.q:
        # Each word of the query begins a word of the names, address or parliament, found
        # through the search-terms index (eventhub.registration.search), not a LIKE scan.
        matching = search.matching_ids(event.id, filters.q)
        conditions.append(Registration.id.in_(matching) if matching is not None else false())
    return conditions


def _place_conditions(filters: RegistrationFilters) -> list:
    conditions = []
    if filters.session is not None:
        conditions.append(EventSession.number == filters.session)
    if filters.status:
        conditions.append(SessionRegistration.status == filters.status)
    if filters.language:
        conditions.append(SessionRegistration.listening_language == filters.language)
    return conditions


def registration_query(event: Event, filters: RegistrationFilters):
    """People (one row per registration) with at least one place matching the filters."""
    query = db.select(Registration).where(*_registration_conditions(event, filters))
    if filters.filters_places:
        # EXISTS, correlated on the person: the list walks the name index and looks up each
        # person's one or two places (``IN (subquery)`` built the set of every matching place
        # of every event first: SQLite 7.8 ms against 0.8 ms for country + status at 46,000).
        query = query.where(
            db.select(SessionRegistration.id)
            .join(EventSession, EventSession.id == SessionRegistration.session_id)
            .where(SessionRegistration.registration_id == Registration.id, *_place_conditions(filters))
            .exists())
    return query.order_by(Registration.family_name, Registration.given_name, Registration.id)


#: Columns read for export rows (plain columns, no ORM objects: 50,000 rows stay cheap).
#: Their names are the variables of the columns' ``expression``s.
_ROW_COLUMNS = (
    Registration.id.label("registration_id"),
    Registration.honorific,
    Registration.given_name,
    Registration.family_name,
    Registration.email,
    Registration.parliament,
    Registration.country,
    Registration.role,
    Registration.language,
    Registration.timezone,
    Registration.accessibility_needs,
    Registration.created_at,
    # Only whether it is set: no date to parse per row.
    Registration.anonymised_at.is_not(None).label("anonymised"),
    EventSession.number.label("session"),
    SessionRegistration.status,
    SessionRegistration.listening_language,
    SessionRegistration.zoom_state,
    SessionRegistration.attended,
    SessionRegistration.minutes_attended,
)
ROW_FIELDS = tuple(column.key for column in _ROW_COLUMNS)


def place_rows(event: Event, filters: RegistrationFilters, batch: int = 1000) -> Iterator[tuple]:
    """One row per person and session, in registration order, as the database driver
    gives it, fetched ``batch`` rows at a time from the DBAPI cursor (memory stays flat in
    the row count; PostgreSQL reads through a server-side cursor). SQLAlchemy compiles and
    executes the query on the session's connection (its transaction); its per-row result
    machinery (a third of a 50,000-row export's reading) is skipped, so values are the
    driver's: ``created_at`` is SQLite's text or PostgreSQL's aware datetime (see
    ``moment_reader``), booleans may be 0/1 (the columns' expressions only test them)."""
    query = (
        db.select(*_ROW_COLUMNS)
        .join(SessionRegistration, SessionRegistration.registration_id == Registration.id)
        .join(EventSession, EventSession.id == SessionRegistration.session_id)
        .where(*_registration_conditions(event, filters), *_place_conditions(filters))
        .order_by(Registration.id, EventSession.number)
        .execution_options(stream_results=True)
    )
    result = db.session.connection().execute(query)
    try:
        # A streaming result has already taken the first row from the cursor into its
        # buffer (SQLAlchemy's BufferedRowCursorFetchStrategy), still as the driver gave it.
        yield from getattr(result.cursor_strategy, "_rowbuffer", ())
        fetch = result.cursor.fetchmany
        while rows := fetch(batch):
            yield from rows
    finally:
        result.close()


def moment_reader(as_text: bool):
    """``m(value)`` for a ``UTCDateTime`` value as the driver gives it (``place_rows``):
    the aware datetime the column type would give, or, with ``as_text`` (CSV), the text
    ``writers.csv_value`` writes for it ("2022-12-06 07:00", UTC). SQLite keeps UTC as
    "YYYY-MM-DD HH:MM:SS.ffffff": its first 16 characters are that text (years from 1000;
    earlier ones go the long way, as ``csv_value`` does)."""
    from .writers import csv_value

    dialect = db.session.get_bind().dialect
    convert = Registration.__table__.c.created_at.type._cached_result_processor(dialect, None)
    convert = convert or (lambda value: value)
    if not as_text:
        return convert

    def as_csv_text(value, str=str):
        if value.__class__ is str and len(value) >= 16 and value[4] == "-" and "1" <= value[0] <= "9":
            return value[:16]
        return None if value is None else csv_value(convert(value))

    return as_csv_text


# --- Columns ------------------------------------------------------------------------------

class Labels:
    """Translated names for codes, computed once per code per export (not per row)."""

    def __init__(self):
        self.status = functools.cache(labels.status_label)
        self.role = functools.cache(labels.role_label)
        self.zoom = functools.cache(labels.zoom_state_label)
        self.country = functools.cache(labels.country_name)
        self.language = functools.cache(labels.language_label)
        self.yes, self.no = _("Yes"), _("No")
        self.anonymised = _("Anonymised")


@functools.lru_cache(maxsize=64)
def _compiled_cells(columns: tuple[str, ...], csv_cells: bool = False):
    """``cells(rows, n, m)``: a generator of the chosen columns' cells for each row, compiled
    from the columns' expressions (the rows are unpacked into ``ROW_FIELDS``), so a row
    costs one list display instead of a call per cell. Expressions come from
    ``EXPORT_COLUMNS`` only, never from input.

    With ``csv_cells`` each cell is also made what ``writers.csv_chunks`` would write
    (the same test, inline: text whose first character is known harmless and integers as
    they are, anything else through ``writers.csv_cell``), so the CSV writer takes the rows
    as they are (``checked=True``) instead of going over every cell again."""
    if csv_cells:
        cells = ", ".join(f"(_v if (_v := ({EXPORT_COLUMNS[key].expression})).__class__ is _str and _v[:1] in _safe"
                          f" or _v.__class__ is _int else _cell(_v))" for key in columns)
    else:
        cells = ", ".join(f"({EXPORT_COLUMNS[key].expression})" for key in columns)
    source = (f"def cells(rows, n, m, _str=str, _int=int, _safe=_SAFE_FIRST, _cell=csv_cell):\n"
              f"    for ({', '.join(ROW_FIELDS)},) in rows:\n"
              f"        yield [{cells}]\n")
    from .writers import _SAFE_FIRST, csv_cell

    namespace: dict = {"_SAFE_FIRST": _SAFE_FIRST, "csv_cell": csv_cell}
    exec(compile(source, f"<export columns {','.join(columns)}>", "exec"), namespace)
    return namespace["cells"]


def export_rows(event: Event, filters: RegistrationFilters, columns: list[str], *,
                for_csv: bool = False) -> Iterator[list]:
    """The data rows of a registrations export (without header), values not yet escaped;
    with ``for_csv``, the cells ``writers.csv_chunks`` writes (date/times as the text
    ``writers.csv_value`` gives, formula-like text neutralised): hand them to it with
    ``checked=True``."""
    cells = _compiled_cells(tuple(columns), for_csv)
    yield from cells(place_rows(event, filters), Labels(), moment_reader(for_csv))
