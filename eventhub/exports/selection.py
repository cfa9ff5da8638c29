"""Which registrations, and which columns: one definition for the console's list,
the console's downloads, ``flask export ...`` and the organiser API.

``parse_filters(values, event)`` turns query arguments (or CLI options) into a
``RegistrationFilters`` plus per-field error messages; ``registration_query`` selects
people for the list; ``place_rows`` streams one row per person and session for exports;
``EXPORT_COLUMNS`` names and computes every column.
"""
from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
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


def place_rows(event: Event, filters: RegistrationFilters, batch: int = 1000) -> Iterator:
    """One row per person and session, in registration order, fetched in batches of
    ``batch`` (memory stays flat in the row count). Plain Core rows on the session's
    connection (its transaction): the ORM's result machinery is not needed for columns."""
    query = (
        db.select(*_ROW_COLUMNS)
        .join(SessionRegistration, SessionRegistration.registration_id == Registration.id)
        .join(EventSession, EventSession.id == SessionRegistration.session_id)
        .where(*_registration_conditions(event, filters), *_place_conditions(filters))
        .order_by(Registration.id, EventSession.number)
        .execution_options(yield_per=batch)
    )
    yield from db.session.connection().execute(query)


# --- Columns ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Column:
    key: str
    label: object  # lazy string
    #: The cell, as a Python expression over the fields of a ``place_rows`` row
    #: (``ROW_FIELDS``) and ``n``, the export's ``Labels``. The expressions of the chosen
    #: columns are compiled into one function per export (``row_cells``): no call per cell.
    expression: str
    #: Included when no columns are chosen. Sensitive columns are opt-in.
    default: bool = True
    #: For date/time columns: the title naming the zone (XLSX: "Registered on (Europe/Zurich)").
    zoned_label: object = None
    #: Width in an XLSX sheet, in characters (0: from the title).
    width: float = 0


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


EXPORT_COLUMNS: dict[str, Column] = {c.key: c for c in (
    Column("registration_id", _l("Registration number"), "registration_id"),
    Column("honorific", _l("Honorific"), "honorific"),
    # An anonymised person's name reads "Anonymised" (given name) and nothing (family name).
    Column("given_name", _l("Given name"), "n.anonymised if anonymised else given_name"),
    Column("family_name", _l("Family name"), "'' if anonymised else family_name"),
    Column("email", _l("Email address"), "email"),
    Column("parliament", _l("Parliament or organisation"), "parliament"),
    Column("country_code", _l("Country code"), "country"),
    Column("country", _l("Country"), "n.country(country) if country else ''"),
    Column("role", _l("Role"), "n.role(role)"),
    Column("language", _l("Correspondence language"), "n.language(language)"),
    Column("timezone", _l("Time zone"), "timezone"),
    Column("session", _l("Session"), "session"),
    Column("status", _l("Status"), "n.status(status)"),
    Column("listening_language", _l("Listening language"), "n.language(listening_language)"),
    Column("zoom_state", _l("Zoom registration"), "n.zoom(zoom_state)"),
    Column("attended", _l("Attended"), "'' if attended is None else n.yes if attended else n.no"),
    Column("minutes_attended", _l("Minutes attended"), "minutes_attended"),
    # A datetime: text in UTC in CSV (header "(UTC)"), a real date/time cell in the
    # event's reference zone in XLSX (the header names the zone).
    Column("registered_at", _l("Registered on (UTC)"), "created_at",
           zoned_label=_l("Registered on (%(zone)s)"), width=18),
    Column("accessibility_needs", _l("Accessibility needs"), "accessibility_needs", default=False),
)}

DEFAULT_COLUMNS = tuple(key for key, column in EXPORT_COLUMNS.items() if column.default)


def parse_columns(keys: Iterable[str] | None) -> tuple[list[str], list[str]]:
    """Chosen column keys in the canonical order, and the unknown ones."""
    keys = [k.strip() for k in (keys or []) if k and k.strip()]
    if not keys:
        return list(DEFAULT_COLUMNS), []
    unknown = [k for k in keys if k not in EXPORT_COLUMNS]
    chosen = [k for k in EXPORT_COLUMNS if k in keys]
    return chosen, unknown


def header_row(columns: list[str], zone: str | None = None) -> list[str]:
    """Column titles; with ``zone`` (XLSX), date/time columns name the zone they are in."""
    return [str(EXPORT_COLUMNS[key].zoned_label % {"zone": zone})
            if zone and EXPORT_COLUMNS[key].zoned_label else str(EXPORT_COLUMNS[key].label)
            for key in columns]


#: Typical widths (characters) of the columns whose content is longer than their title.
WIDTHS = {"given_name": 18, "family_name": 20, "email": 32, "parliament": 34, "country": 20,
          "role": 18, "language": 14, "timezone": 20, "status": 14, "listening_language": 14,
          "zoom_state": 16, "accessibility_needs": 40}


def column_widths(columns: list[str]) -> list[float]:
    return [EXPORT_COLUMNS[key].width or WIDTHS.get(key, 0) for key in columns]


@functools.lru_cache(maxsize=64)
def _compiled_cells(columns: tuple[str, ...]):
    """``cells(rows, n)``: a generator of the chosen columns' cells for each row, compiled
    from the columns' expressions (the rows are unpacked into ``ROW_FIELDS``), so a row
    costs one list display instead of a call per cell. Expressions come from
    ``EXPORT_COLUMNS`` only, never from input."""
    cells = ", ".join(f"({EXPORT_COLUMNS[key].expression})" for key in columns)
    source = (f"def cells(rows, n):\n"
              f"    for ({', '.join(ROW_FIELDS)},) in rows:\n"
              f"        yield [{cells}]\n")
    namespace: dict = {}
    exec(compile(source, f"<export columns {','.join(columns)}>", "exec"), namespace)
    return namespace["cells"]


def export_rows(event: Event, filters: RegistrationFilters, columns: list[str]) -> Iterator[list]:
    """The data rows of a registrations export (without header), values not yet escaped."""
    cells = _compiled_cells(tuple(columns))
    yield from cells(place_rows(event, filters), Labels())
