"""Exports as streams of bytes, each recorded in the audit log (ExportRecord).

The record is written before the first byte (who, when, what, filters) and completed
with the row count after the last one; a download that broke off keeps no row count.
Labels and headers are in the current locale (the console's language, ``--lang`` on the
command line, ``?lang=`` on the API).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from flask_babel import gettext as _
import pytz

from eventhub.console.statistics import interpretation_headcount
from eventhub.db_types import utcnow
from eventhub.events.models import Event, EventSession
from eventhub.extensions import db
from eventhub.i18n import current_language, language_name
from eventhub.registration.models import (
    Registration,
    SessionRegistration,
    SessionRegistrationStatus,
)

from .models import ExportRecord
from .selection import RegistrationFilters, column_widths, export_rows, header_row
from .writers import CSV_MIMETYPE, FORMATS, XLSX_MIMETYPE, Counted, csv_chunks, xlsx_chunks
#: Zoom's "Import registrants" CSV: columns A, B, C are email, first name, last name.
ZOOM_IMPORT_HEADER = ["Email", "First Name", "Last Name"]


@dataclass
class ExportFile:
    filename: str
    mimetype: str
    chunks: Iterator[bytes]
    record_id: int


def _start_record(*, event: Event, kind: str, file_format: str, actor: str, via: str,
                  user=None, filters: dict | None = None, columns: list | None = None) -> int:
    record = ExportRecord(
        user_id=getattr(user, "id", None), actor=actor, via=via, event_id=event.id, kind=kind,
        file_format=file_format, filters=filters or {}, columns=columns or [],
    )
    db.session.add(record)
    db.session.commit()
    return record.id


def _finish_record(record_id: int, row_count: int) -> None:
    record = db.session.get(ExportRecord, record_id)
    record.row_count = row_count
    record.completed_at = utcnow()
    db.session.commit()


def _stamp(now: dt.datetime | None = None) -> str:
    return (now or utcnow()).strftime("%Y%m%d-%H%M")


def _recorded(chunks_for, rows, record_id: int) -> Iterator[bytes]:
    """Stream ``chunks_for(counted rows)`` and complete the record at the end."""
    counted = Counted(rows)
    yield from chunks_for(counted)
    _finish_record(record_id, counted.count)


def export_registrations(event: Event, filters: RegistrationFilters, columns: list[str],
                         file_format: str, *, actor: str, via: str, user=None) -> ExportFile:
    """Registrations (one row per person and session) with the chosen filters and columns."""
    if file_format not in FORMATS:
        raise ValueError(f"unknown format {file_format!r}")
    record_id = _start_record(event=event, kind="registrations", file_format=file_format,
                              actor=actor, via=via, user=user, filters=filters.as_dict(),
                              columns=columns)
    header = header_row(columns)
    rows = export_rows(event, filters, columns, for_csv=file_format == "csv")
    suffix = f"-session-{filters.session}" if filters.session else ""
    filename = f"{event.slug}-registrations{suffix}-{_stamp()}.{file_format}"
    if file_format == "csv":
        chunks = _recorded(lambda counted: csv_chunks(header, counted, checked=True), rows, record_id)
        return ExportFile(filename, CSV_MIMETYPE, chunks, record_id)
    sheet_title = _("Registrations")
    right_to_left = current_language() == "ar"
    zone = event.reference_timezone
    xlsx_header = header_row(columns, zone=zone)
    widths = column_widths(columns)
    chunks = _recorded(
        lambda counted: xlsx_chunks(xlsx_header, counted, sheet_title=sheet_title,
                                    right_to_left=right_to_left, widths=widths, zone=pytz.timezone(zone)),
        rows, record_id,
    )
    return ExportFile(filename, XLSX_MIMETYPE, chunks, record_id)


def zoom_import_rows(session: EventSession) -> Iterator[list[str]]:
    """Confirmed, not anonymised registrants of the session: email, given and family name."""
    query = (
        db.select(Registration.email, Registration.given_name, Registration.family_name)
        .join(SessionRegistration, SessionRegistration.registration_id == Registration.id)
        .where(
            SessionRegistration.session_id == session.id,
            SessionRegistration.status == SessionRegistrationStatus.CONFIRMED.value,
            Registration.anonymised_at.is_(None),
        )
        .order_by(Registration.id)
        .execution_options(yield_per=1000)
    )
    for email, given_name, family_name in db.session.execute(query):
        yield [email, given_name, family_name]


def export_zoom_csv(event: Event, session: EventSession, *, actor: str, via: str, user=None) -> ExportFile:
    """A CSV for Zoom's "Import registrants" (webinar registration page), one session.

    Zoom reads the columns by position and its own template's header is English, so this
    file keeps Zoom's header in every language; it carries no byte-order mark (it is for
    Zoom's importer, not for Excel)."""
    record_id = _start_record(event=event, kind="zoom", file_format="csv", actor=actor, via=via,
                              user=user, filters={"session": session.number, "status": "confirmed"},
                              columns=["email", "given_name", "family_name"])
    chunks = _recorded(lambda counted: csv_chunks(ZOOM_IMPORT_HEADER, counted, bom=False),
                       zoom_import_rows(session), record_id)
    filename = f"{event.slug}-session-{session.number}-zoom-registrants-{_stamp()}.csv"
    return ExportFile(filename, CSV_MIMETYPE, chunks, record_id)


def interpretation_rows(event: Event) -> list[list]:
    return [
        [row["session"], language_name(row["language"]), row["language"], row["confirmed"], row["waitlisted"]]
        for row in interpretation_headcount(event)
    ]


def export_interpretation_csv(event: Event, *, actor: str, via: str, user=None) -> ExportFile:
    """Confirmed and waiting-list listeners per session and language, for interpreters."""
    record_id = _start_record(event=event, kind="interpretation", file_format="csv", actor=actor,
                              via=via, user=user,
                              columns=["session", "language", "language_code", "confirmed", "waitlisted"])
    header = [_("Session"), _("Listening language"), _("Language code"), _("Confirmed"), _("Waiting list")]
    chunks = _recorded(lambda counted: csv_chunks(header, counted), interpretation_rows(event), record_id)
    filename = f"{event.slug}-interpretation-headcount-{_stamp()}.csv"
    return ExportFile(filename, CSV_MIMETYPE, chunks, record_id)


def recent_records(limit: int = 200, offset: int = 0) -> list[ExportRecord]:
    return list(db.session.execute(
        db.select(ExportRecord).order_by(ExportRecord.created_at.desc(), ExportRecord.id.desc())
        .limit(limit).offset(offset)
    ).scalars())
