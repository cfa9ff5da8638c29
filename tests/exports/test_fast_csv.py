"""The CSV export's fast path (issue 20: plain rows on the session's connection, cells
compiled from the columns' expressions, a set lookup deciding most cells) writes exactly
the bytes the straightforward way writes: every column, every language, anonymised people,
attendance unknown/yes/no, formula-like and full-width text, missing values.

The oracle below is the export as it was written before: ORM objects, one function per
cell, ``neutralise(csv_value(cell))`` on every cell, one ``writerow`` per row."""
from __future__ import annotations

import csv
import datetime as dt
import io
import sys
import unicodedata

import pytest
from flask_babel import force_locale

from eventhub.exports import writers
from eventhub.exports.selection import EXPORT_COLUMNS, Labels, RegistrationFilters, header_row
from eventhub.exports.services import export_registrations
from eventhub.extensions import db
from eventhub.registration.models import Registration
from tests.console.helpers import make_registration

ALL_COLUMNS = list(EXPORT_COLUMNS)


def reference_neutralise(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        return value
    stripped = value.lstrip()
    first = unicodedata.normalize("NFKC", stripped[:1])
    if value.startswith(("\t", "\r", "\n")) or first.startswith(("=", "+", "-", "@")):
        return "'" + value
    return value


def reference_csv_value(value):
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.timezone.utc)
        return value.strftime("%Y-%m-%d %H:%M")
    return value


def reference_cell(key, registration, place, names):
    anonymised = registration.anonymised_at is not None
    return {
        "registration_id": registration.id, "honorific": registration.honorific,
        "given_name": names.anonymised if anonymised else registration.given_name,
        "family_name": "" if anonymised else registration.family_name,
        "email": registration.email, "parliament": registration.parliament,
        "country_code": registration.country,
        "country": names.country(registration.country) if registration.country else "",
        "role": names.role(registration.role), "language": names.language(registration.language),
        "timezone": registration.timezone, "session": place.session.number,
        "status": names.status(place.status), "listening_language": names.language(place.listening_language),
        "zoom_state": names.zoom(place.zoom_state),
        "attended": "" if place.attended is None else names.yes if place.attended else names.no,
        "minutes_attended": place.minutes_attended, "registered_at": registration.created_at,
        "accessibility_needs": registration.accessibility_needs,
    }[key]


def reference_csv(event, columns) -> bytes:
    names = Labels()
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write("\ufeff")
    writer.writerow([reference_neutralise(cell) for cell in header_row(columns)])
    registrations = db.session.execute(
        db.select(Registration).where(Registration.event_id == event.id).order_by(Registration.id)).scalars()
    for registration in registrations:
        for place in sorted(registration.sessions, key=lambda p: p.session.number):
            writer.writerow([reference_neutralise(reference_csv_value(reference_cell(key, registration, place, names)))
                             for key in columns])
    return buffer.getvalue().encode("utf-8")


@pytest.fixture
def varied_people(demo_event):
    when = dt.datetime(2022, 11, 20, 7, 5, 59, tzinfo=dt.timezone.utc)
    people = [
        make_registration(demo_event, given_name="فاطمة", family_name="الزهراء", country="EG", language="ar",
                          parliament="مجلس النواب", accessibility_needs="Sign language", created_at=when,
                          places=((2, "ar", "confirmed", {"attended": True, "minutes_attended": 75}),)),
        make_registration(demo_event, given_name="=HYPERLINK(\"http://evil.example\")", family_name="@SUM(A1)",
                          parliament="  +cmd", role="other", honorific="\tDr", created_at=when,
                          places=((1, "en", "confirmed", {"attended": False, "minutes_attended": 0}),
                                  (2, "fr", "waitlisted"))),
        make_registration(demo_event, given_name="＝Ada", family_name="－Lovelace", country=None,
                          parliament="\u00a0=1", role="staff", language="es", created_at=when,
                          places=((2, "es", "cancelled"),)),
        make_registration(demo_event, given_name="Ａda", family_name="Ünal", parliament="Grande Assemblée",
                          accessibility_needs="-", created_at=when, places=((1, "fr", "confirmed"),)),
        make_registration(demo_event, given_name="Lucía", family_name="Pérez", created_at=when,
                          places=((2, "en", "confirmed"),)),
    ]
    people[4].anonymised_at = when
    # Registration times as the driver gives them (place_rows): a year before 1000 (written
    # the long way), the last microsecond of a minute, a time given in another zone.
    people[1].created_at = dt.datetime(999, 3, 4, 5, 6, 7, tzinfo=dt.timezone.utc)
    people[2].created_at = dt.datetime(2022, 12, 31, 23, 59, 59, 999999, tzinfo=dt.timezone.utc)
    people[3].created_at = dt.datetime(2023, 1, 1, 4, 30, tzinfo=dt.timezone(dt.timedelta(hours=5, minutes=30)))
    db.session.commit()
    return people


@pytest.mark.parametrize("lang", ["en", "fr", "es", "ar"])
def test_csv_export_is_byte_for_byte_the_straightforward_one(app, demo_event, varied_people, lang):
    with force_locale(lang):
        for columns in (ALL_COLUMNS, ["family_name", "registration_id", "attended"], ["registered_at"]):
            export = export_registrations(demo_event, RegistrationFilters(), columns, "csv", actor="t", via="cli")
            data = b"".join(export.chunks)
            assert data == reference_csv(demo_event, columns)
            if columns == ALL_COLUMNS:
                text = data.decode("utf-8")
                assert "'=HYPERLINK" in text and "'＝Ada" in text and "2022-11-20 07:05" in text


def test_csv_chunks_write_the_same_bytes_as_one_writerow_per_cell_checked():
    rows = [["=1", 3, None, "ok", dt.datetime(2022, 1, 2, 3, 4, tzinfo=dt.timezone.utc), True, 2.5,
             " @x", "\u00a0", "", "\n-", "محمد", "＠"] for _ in range(450)]
    fast = b"".join(writers.csv_chunks(["h", "=h"], rows))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write("\ufeff")
    writer.writerow(["h", "'=h"])
    for row in rows:
        writer.writerow([reference_neutralise(reference_csv_value(cell)) for cell in row])
    assert fast == buffer.getvalue().encode("utf-8")


def test_neutralise_decides_as_before_whatever_the_first_character():
    """Every code point as a first character (twice: the second time the verdict may come
    from the set of first characters found harmless)."""
    for _ in range(2):
        for code in range(sys.maxunicode + 1):
            if 0xD800 <= code <= 0xDFFF:
                continue
            value = chr(code) + "x"
            assert writers.neutralise(value) == reference_neutralise(value), hex(code)
    for value in (" =1", "\u3000＋1", "\t", "", "a", None, 3, True, 1.5):
        assert writers.neutralise(value) == reference_neutralise(value)
