"""The columns of a registrations export: key, translated title, the cell as an expression
over a row's fields (``selection.place_rows``, ``selection.ROW_FIELDS``), default choice and
width. No model is imported here: ``flask export registrations --help`` lists the keys
without loading the domains (eventhub/__init__.py)."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Column:
    key: str
    label: object  # lazy string
    #: The cell, as a Python expression over the fields of a ``selection.place_rows`` row
    #: (``selection.ROW_FIELDS``), ``n``, the export's ``Labels``, and ``m``, the export's
    #: ``moment_reader`` (date/times as the driver gives them). The expressions of the chosen
    #: columns are compiled into one function per export (``selection._compiled_cells``): no call per cell.
    expression: str
    #: Included when no columns are chosen. Sensitive columns are opt-in.
    default: bool = True
    #: For date/time columns: the title naming the zone (XLSX: "Registered on (Europe/Zurich)").
    zoned_label: object = None
    #: Width in an XLSX sheet, in characters (0: from the title).
    width: float = 0


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
    Column("registered_at", _l("Registered on (UTC)"), "m(created_at)",
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


