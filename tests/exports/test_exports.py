"""Registration exports from the console, the command line and the API: contents,
filters, columns, formula safety, Arabic round trips, and the audit log."""
from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from eventhub.exports.models import ExportRecord
from eventhub.extensions import db
from tests.console.helpers import make_registration

SLUG = "safe-cyberspace-2022"


def read_csv(data: bytes) -> list[dict]:
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 byte-order mark missing"
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def read_xlsx(data: bytes) -> list[dict]:
    sheet = load_workbook(io.BytesIO(data), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    return [dict(zip(header, row)) for row in rows[1:]]


@pytest.fixture
def people(demo_event):
    arabic = make_registration(
        demo_event, given_name="فاطمة", family_name="الزهراء", email="fatima@parliament.example",
        country="EG", parliament="مجلس النواب", language="ar", timezone="Africa/Cairo",
        places=((2, "ar", "confirmed"),), accessibility_needs="Sign language",
    )
    attacker = make_registration(
        demo_event, given_name="=HYPERLINK(\"http://evil.example\",\"x\")", family_name="@SUM(A1)",
        email="attacker@example.org", country="FR", parliament="  +cmd", role="other", language="fr",
        places=((1, "en", "confirmed"), (2, "fr", "waitlisted")),
    )
    cancelled = make_registration(
        demo_event, given_name="Pedro", family_name="Gómez", email="pedro@parliament.example", country="CO",
        role="staff", language="es", places=((2, "es", "cancelled"),),
    )
    return {"arabic": arabic, "attacker": attacker, "cancelled": cancelled}


@pytest.fixture
def organiser_client(make_user, login_as):
    return login_as(make_user("organiser@ipu.example", role="organiser"))


def download(client, url):
    response = client.get(url)
    data = response.get_data()
    assert response.status_code == 200, data[:500]
    return response, data


def test_csv_has_bom_arabic_round_trip_and_neutralised_formulas(organiser_client, people):
    response, data = download(organiser_client, f"/console/e/{SLUG}/exports/registrations?format=csv&lang=en")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = read_csv(data)
    assert len(rows) == 4  # one row per person and session
    fatima = next(r for r in rows if r["Email address"] == "fatima@parliament.example")
    assert fatima["Given name"] == "فاطمة" and fatima["Family name"] == "الزهراء"
    assert fatima["Parliament or organisation"] == "مجلس النواب"
    assert fatima["Listening language"] == "Arabic" and fatima["Country"] == "Egypt"
    attacker_rows = [r for r in rows if r["Email address"] == "attacker@example.org"]
    for row in attacker_rows:
        assert row["Given name"] == "'=HYPERLINK(\"http://evil.example\",\"x\")"
        assert row["Family name"] == "'@SUM(A1)"
        assert row["Parliament or organisation"] == "'  +cmd"
    assert "Accessibility needs" not in rows[0]  # sensitive column is opt-in


def test_xlsx_arabic_round_trip_formulas_are_text(organiser_client, people):
    response, data = download(organiser_client, f"/console/e/{SLUG}/exports/registrations?format=xlsx&lang=en")
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    rows = read_xlsx(data)
    assert len(rows) == 4
    fatima = next(r for r in rows if r["Email address"] == "fatima@parliament.example")
    assert (fatima["Given name"], fatima["Family name"]) == ("فاطمة", "الزهراء")
    workbook = load_workbook(io.BytesIO(data))
    for row in workbook.active.iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type != "f", cell.value  # never a live formula
    attacker = next(r for r in rows if r["Email address"] == "attacker@example.org")
    assert attacker["Given name"].startswith("'=")


def test_filters_and_columns_are_honoured(organiser_client, people):
    _, data = download(organiser_client, f"/console/e/{SLUG}/exports/registrations?format=csv&session=2"
                                         "&status=confirmed&columns=email&columns=session&columns=status&lang=en")
    rows = read_csv(data)
    assert rows == [{"Email address": "fatima@parliament.example", "Session": "2", "Status": "Confirmed"}]

    _, data = download(organiser_client, f"/console/e/{SLUG}/exports/registrations?format=csv&country=FR&lang=en")
    assert {r["Email address"] for r in read_csv(data)} == {"attacker@example.org"}

    _, data = download(organiser_client, f"/console/e/{SLUG}/exports/registrations?format=xlsx&language=es&lang=en")
    assert [r["Email address"] for r in read_xlsx(data)] == ["pedro@parliament.example"]

    _, data = download(organiser_client, f"/console/e/{SLUG}/exports/registrations?format=csv&role=staff"
                                         "&q=gómez&lang=en&columns=family_name&columns=accessibility_needs")
    assert read_csv(data) == [{"Family name": "Gómez", "Accessibility needs": ""}]


def test_headers_and_labels_follow_the_console_language(organiser_client, people):
    _, data = download(organiser_client, f"/console/e/{SLUG}/exports/registrations?format=csv&lang=fr&session=2")
    rows = read_csv(data)
    assert "Adresse électronique" in rows[0]
    fatima = next(r for r in rows if r["Adresse électronique"] == "fatima@parliament.example")
    assert fatima["Langue d’écoute"] == "arabe" and fatima["Pays"] == "Égypte"

    _, data = download(organiser_client, f"/console/e/{SLUG}/exports/registrations?format=xlsx&lang=ar")
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet.sheet_view.rightToLeft is True
    assert all(not str(cell.value).isascii() for cell in sheet[1] if cell.value)


def test_each_export_is_recorded_with_who_what_and_rows(organiser_client, people):
    download(organiser_client, f"/console/e/{SLUG}/exports/registrations?format=xlsx&session=2&status=confirmed")
    record = db.session.execute(db.select(ExportRecord)).scalar_one()
    assert record.actor == "organiser@ipu.example" and record.via == "console"
    assert record.kind == "registrations" and record.file_format == "xlsx"
    assert record.filters == {"session": 2, "status": "confirmed"}
    assert record.row_count == 1 and record.completed_at is not None
    assert record.user.email == "organiser@ipu.example"


def test_invalid_filters_are_reported_and_nothing_is_exported(organiser_client, people):
    response = organiser_client.get(f"/console/e/{SLUG}/exports/registrations?format=pdf&session=9&lang=en")
    assert response.status_code == 302
    page = organiser_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "There is no session 9 in this event." in page
    assert "Choose CSV or Excel (XLSX)." in page
    assert db.session.execute(db.select(db.func.count(ExportRecord.id))).scalar_one() == 0


def test_zoom_import_csv_lists_confirmed_people_only(organiser_client, people, demo_event):
    from eventhub.privacy.operations import anonymise_registration

    make_registration(demo_event, given_name="Ana", family_name="Gone", email="gone@parliament.example",
                      places=((2, "es", "confirmed"),))
    gone = db.session.execute(db.select(type(people["arabic"])).filter_by(email="gone@parliament.example")).scalar_one()
    anonymise_registration(gone, "test")
    response, data = download(organiser_client, f"/console/e/{SLUG}/exports/zoom-session-2.csv?lang=ar")
    text = data.decode("utf-8")
    assert not text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [["Email", "First Name", "Last Name"], ["fatima@parliament.example", "فاطمة", "الزهراء"]]
    record = db.session.execute(db.select(ExportRecord)).scalar_one()
    assert record.kind == "zoom" and record.row_count == 1 and record.filters["session"] == 2


def test_interpretation_headcount_csv(organiser_client, people):
    _, data = download(organiser_client, f"/console/e/{SLUG}/exports/interpretation.csv?lang=en")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["Session", "Listening language", "Language code", "Confirmed", "Waiting list"]
    body = {(r[0], r[2]): (int(r[3]), int(r[4])) for r in rows[1:]}
    assert body[("1", "en")] == (1, 0)
    assert body[("2", "ar")] == (1, 0)
    assert body[("2", "fr")] == (0, 1)
    assert body[("2", "es")] == (0, 0)  # the cancelled place does not count
    assert body[("2", "en")] == (0, 0)
    assert ("1", "fr") not in body  # session 1 is English only


def test_cli_export_writes_the_file_and_records_it(app, people, tmp_path):
    runner = app.test_cli_runner()
    target = tmp_path / "export.xlsx"
    result = runner.invoke(args=["export", "registrations", "--event", SLUG, "--format", "xlsx",
                                 "--session", "2", "-o", str(target)])
    assert result.exit_code == 0, result.output
    rows = read_xlsx(target.read_bytes())
    assert {r["Email address"] for r in rows} == {"fatima@parliament.example", "attacker@example.org",
                                                  "pedro@parliament.example"}
    assert all(r["Session"] == 2 for r in rows)
    record = db.session.execute(db.select(ExportRecord)).scalar_one()
    assert record.via == "cli" and record.actor.startswith("cli") and record.row_count == 3

    csv_target = tmp_path / "export.csv"
    result = runner.invoke(args=["export", "registrations", "--event", SLUG, "--status", "waitlisted",
                                 "--lang", "es", "-o", str(csv_target)])
    assert result.exit_code == 0, result.output
    rows = read_csv(csv_target.read_bytes())
    assert [r["Correo electrónico"] for r in rows] == ["attacker@example.org"]


def test_cli_export_refuses_bad_input(app, people, tmp_path):
    runner = app.test_cli_runner()
    out = str(tmp_path / "x.csv")
    assert runner.invoke(args=["export", "registrations", "--event", "nope", "-o", out]).exit_code != 0
    bad = runner.invoke(args=["export", "registrations", "--event", SLUG, "--session", "7", "-o", out])
    assert bad.exit_code != 0 and "no session 7" in bad.output
    bad = runner.invoke(args=["export", "registrations", "--event", SLUG, "--columns", "email,salary", "-o", out])
    assert bad.exit_code != 0 and "salary" in bad.output
    assert db.session.execute(db.select(db.func.count(ExportRecord.id))).scalar_one() == 0


def test_api_export_for_organiser_tokens(client, api_token, people):
    url = f"/api/v1/events/{SLUG}/registrations.csv"
    assert client.get(url).status_code == 401
    assert client.get(url, headers={"Authorization": f"Bearer {api_token('staff')}"}).status_code == 403
    token = api_token("organiser")
    response = client.get(url + "?session=2&language=ar&lang=en", headers={"Authorization": f"Bearer {token}"})
    rows = read_csv(response.get_data())
    assert [r["Given name"] for r in rows] == ["فاطمة"]
    record = db.session.execute(db.select(ExportRecord)).scalar_one()
    assert record.via == "api" and record.row_count == 1 and record.filters == {"session": 2, "language": "ar"}

    invalid = client.get(url + "?status=maybe&columns=nope", headers={"Authorization": f"Bearer {token}"})
    assert invalid.status_code == 422
    assert set(invalid.get_json()["fields"]) == {"status", "columns"}
    missing = client.get("/api/v1/events/nope/registrations.csv", headers={"Authorization": f"Bearer {token}"})
    assert missing.status_code == 404


def test_admin_sees_the_export_log_and_organisers_do_not(client, make_user, login_as, people):
    organiser = make_user("organiser@ipu.example", role="organiser")
    login_as(organiser)
    download(client, f"/console/e/{SLUG}/exports/registrations?format=csv&country=EG")
    assert client.get("/console/audit").status_code == 403
    login_as(make_user("admin@ipu.example", role="admin"))
    page = client.get("/console/audit?lang=en").get_data(as_text=True)
    assert "organiser@ipu.example" in page and "country=EG" in page and ">1<" in page.replace(" ", "")


def test_broken_off_download_leaves_an_incomplete_record(organiser_client, people):
    response = organiser_client.get(f"/console/e/{SLUG}/exports/registrations?format=csv")
    response.close()  # the client went away before reading anything
    record = db.session.execute(db.select(ExportRecord)).scalar_one()
    assert record.row_count is None and record.completed_at is None


def test_xlsx_is_ready_for_excel_widths_frozen_header_autofilter_and_real_dates(organiser_client, people):
    """Column widths, a frozen header with an autofilter over every row, and the
    registration time as a real date/time cell in the event's reference zone, which
    the header states; text stays formula-safe."""
    import datetime as dt

    from eventhub.registration.models import Registration

    fatima = db.session.get(Registration, people["arabic"].id)
    fatima.created_at = dt.datetime(2022, 11, 20, 23, 30, tzinfo=dt.timezone.utc)  # 00:30 in Zurich
    db.session.commit()
    _, data = download(organiser_client, f"/console/e/{SLUG}/exports/registrations?format=xlsx&lang=fr")
    sheet = load_workbook(io.BytesIO(data)).active
    header = [cell.value for cell in sheet[1]]
    assert "Date d’inscription (Europe/Zurich)" in header
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(header)).column_letter}5"
    email_column = sheet.cell(1, header.index("Adresse électronique") + 1).column_letter
    assert sheet.column_dimensions[email_column].width >= 30
    assert all(sheet.column_dimensions[sheet.cell(1, i).column_letter].width >= 8 for i in range(1, len(header) + 1))
    registered = header.index("Date d’inscription (Europe/Zurich)") + 1
    cells = {row[header.index("Adresse électronique")].value: row[registered - 1] for row in sheet.iter_rows(min_row=2)}
    cell = cells["fatima@parliament.example"]
    assert cell.is_date and cell.value == dt.datetime(2022, 11, 21, 0, 30)
    assert cell.number_format == "yyyy-mm-dd hh:mm"
    for row in sheet.iter_rows(min_row=2):
        for value in row:
            assert value.data_type != "f", value.value
    # The CSV keeps its text in UTC, as its header says.
    _, csv_data = download(organiser_client, f"/console/e/{SLUG}/exports/registrations?format=csv&lang=en")
    fatima_row = next(r for r in read_csv(csv_data) if r["Email address"] == "fatima@parliament.example")
    assert fatima_row["Registered on (UTC)"] == "2022-11-20 23:30"
