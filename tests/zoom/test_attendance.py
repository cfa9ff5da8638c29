"""Attendance from Zoom's Attendee Report (console upload and command) and from the
participants API: matched to registrations, absent people recorded, re-import harmless."""
from __future__ import annotations

import datetime as dt
import io
import logging
from pathlib import Path

import pytest

from eventhub.extensions import db
from eventhub.zoom.attendance import AttendanceImportError, import_attendee_report, import_participants
from tests.zoom.conftest import WEBINAR_ID, fresh, place_of

REPORT = Path(__file__).parent / "data" / "attendee_report.csv"
UTC = dt.timezone.utc


@pytest.fixture
def audience(api_event, people):
    """Registrations matching the sample report's people, one absent, one cancelled.
    Session 2 is scheduled when the sample report's webinar started (18:58 UTC)."""
    session = api_event.session_by_number(2)
    session.starts_at = dt.datetime(2025, 3, 22, 19, 0, tzinfo=UTC)
    session.ends_at = dt.datetime(2025, 3, 22, 21, 0, tzinfo=UTC)
    db.session.commit()
    return {
        "amina": people.register(api_event, email="amina.haddad@example.org", given_name="أمينة",
                                 family_name="حداد", send=False),
        "jean": people.register(api_event, email="jean.dupont@example.fr", given_name="Jean",
                                family_name="Dupont", send=False),
        "maria": people.register(api_event, email="maria.garcia@example.es", given_name="María",
                                 family_name="García", send=False),
        "absent": people.register(api_event, email="absent@parl.example", given_name="Absent", send=False),
        "cancelled": people.register(api_event, email="gaveup@parl.example", status="cancelled", send=False),
    }


def attendance_of(registration):
    place = fresh(place_of(registration, 2))
    return place.attended, place.joined_at, place.left_at, place.minutes_attended


def test_report_with_both_date_formats_dashes_and_an_arabic_name_is_imported(api_event, audience):
    result = import_attendee_report(api_event, REPORT.read_bytes(), final=True)
    assert result.session.number == 2  # chosen by the report's webinar ID "847 5984 1045"
    assert (result.timezone, result.timezone_source) == ("UTC", "inferred")
    # Amina joined twice (email in two cases): first join, last leave, and the minutes of
    # her two stretches (31:35 + 68:30, not Zoom's rounded 32 + 69).
    assert attendance_of(audience["amina"]) == (
        True, dt.datetime(2025, 3, 22, 19, 13, 27, tzinfo=UTC), dt.datetime(2025, 3, 22, 20, 58, 40, tzinfo=UTC),
        100)
    # "08/09/2026 02:05:00 PM" is month first, 12-hour clock.
    assert attendance_of(audience["jean"]) == (
        True, dt.datetime(2026, 8, 9, 14, 5, tzinfo=UTC), dt.datetime(2026, 8, 9, 15, 10, 30, tzinfo=UTC), 66)
    assert attendance_of(audience["maria"]) == (False, None, None, 0)  # "No" with "--" values
    assert attendance_of(audience["absent"]) == (False, None, None, 0)  # not in the report at all
    assert attendance_of(audience["cancelled"]) == (None, None, None, None)  # not expected, not absent
    assert (result.matched, result.attended, result.absent) == (3, 2, 2)  # María ("No") and "absent"
    # The guest without email, by its line in the file (as a spreadsheet numbers it) and name.
    assert result.unmatched == [(20, "Guest Viewer")]


def test_reimporting_the_same_report_changes_nothing(api_event, audience):
    import_attendee_report(api_event, REPORT.read_bytes(), final=True)
    first = {name: attendance_of(registration) for name, registration in audience.items()}
    again = import_attendee_report(api_event, REPORT.read_bytes(), final=True)
    assert {name: attendance_of(registration) for name, registration in audience.items()} == first
    assert (again.matched, again.attended, again.absent) == (3, 2, 2)


def test_report_times_are_read_in_the_zoom_accounts_zone(api_event, audience, app):
    app.config["ZOOM_ACCOUNT_TIMEZONE"] = "Europe/Zurich"
    session = api_event.session_by_number(2)
    session.starts_at = dt.datetime(2025, 3, 22, 18, 0, tzinfo=UTC)  # 19:00 in Zurich (CET)
    db.session.commit()
    import_attendee_report(api_event, REPORT.read_bytes())
    assert attendance_of(audience["jean"])[1] == dt.datetime(2026, 8, 9, 12, 5, tzinfo=UTC)  # CEST = UTC+2


def test_session_option_when_the_report_names_no_known_webinar(api_event, audience):
    api_event.session_by_number(2).zoom_webinar_id = None
    db.session.commit()
    with pytest.raises(AttendanceImportError, match="No session of this event has webinar ID 84759841045"):
        import_attendee_report(api_event, REPORT.read_bytes())
    result = import_attendee_report(api_event, REPORT.read_bytes(), session_number=2)
    assert result.attended == 2


def test_a_report_for_another_webinar_is_refused_for_a_session(api_event, audience):
    api_event.session_by_number(1).zoom_webinar_id = "81234567890"
    db.session.commit()
    with pytest.raises(AttendanceImportError, match="webinar 84759841045, but session 1 uses webinar 81234567890"):
        import_attendee_report(api_event, REPORT.read_bytes(), session_number=1)


def test_a_file_that_is_not_a_report_is_refused(api_event):
    with pytest.raises(AttendanceImportError, match="not a Zoom attendee report"):
        import_attendee_report(api_event, b"name,email\nA,a@example.org\n")


def test_import_report_command(app, api_event, audience, tmp_path, caplog):
    caplog.set_level(logging.INFO)
    result = app.test_cli_runner().invoke(args=["zoom", "import-report", str(REPORT), "--event", api_event.slug,
                                                "--final"])
    assert result.exit_code == 0, result.output
    assert "Session 2: 3 matched, 2 attended, 2 absent." in result.output
    assert "row 20: Guest Viewer" in result.output
    assert attendance_of(audience["jean"])[0] is True
    assert "@" not in caplog.text  # logs carry counts and row numbers, never emails
    assert "Guest Viewer" not in caplog.text


def test_import_report_command_with_session_and_errors(app, api_event, audience):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["zoom", "import-report", str(REPORT), "--event", api_event.slug, "--session", "7"])
    assert result.exit_code != 0 and "This event has no session 7." in result.output
    result = runner.invoke(args=["zoom", "import-report", str(REPORT), "--event", api_event.slug, "--session", "2"])
    assert result.exit_code == 0 and "2 attended" in result.output


def test_console_upload_shows_the_result_in_french(client, api_event, audience, make_user, login_as):
    login_as(make_user())
    response = client.post(f"/console/events/{api_event.slug}/zoom/report?lang=fr",
                           data={"report": (io.BytesIO(REPORT.read_bytes()), "report.csv"), "session": ""},
                           content_type="multipart/form-data")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Guest Viewer" in page and "Ligne 20" in page
    assert "Séance 2" in page
    assert attendance_of(audience["amina"])[0] is True


def test_console_upload_of_a_wrong_file_says_why(client, api_event, make_user, login_as):
    login_as(make_user())
    response = client.post(f"/console/events/{api_event.slug}/zoom/report",
                           data={"report": (io.BytesIO(b"just,a,csv\n"), "x.csv")},
                           content_type="multipart/form-data")
    assert response.status_code == 422
    assert "not a Zoom attendee report" in response.get_data(as_text=True)
    missing = client.post(f"/console/events/{api_event.slug}/zoom/report", data={},
                          content_type="multipart/form-data")
    assert missing.status_code == 422


def test_participants_api_matches_by_registrant_id_then_email(api_event, people, run_jobs, zoom_api):
    by_id = people.register(api_event, email="byid@parl.example")
    by_email = people.register(api_event, email="ByEmail@Parl.example")
    absent = people.register(api_event, email="absent@parl.example")
    run_jobs()
    registrant_id = fresh(place_of(by_id, 2)).zoom_registrant_id
    # Joined twice, under another address (registrant id wins), then the other person by email.
    zoom_api.add_participant(WEBINAR_ID, name="By Id", user_email="personal@gmail.example",
                             registrant_id=registrant_id, join_time="2026-09-08T10:00:00Z",
                             leave_time="2026-09-08T10:30:00Z", duration=1800)
    zoom_api.add_participant(WEBINAR_ID, name="By Id", user_email="personal@gmail.example",
                             registrant_id=registrant_id, join_time="2026-09-08T10:40:00Z",
                             leave_time="2026-09-08T11:50:00Z", duration=4200)
    zoom_api.add_participant(WEBINAR_ID, name="By Email", user_email="byemail@parl.example",
                             join_time="2026-09-08T10:05:00Z", leave_time="2026-09-08T11:00:00Z", duration=3300)
    zoom_api.add_participant(WEBINAR_ID, name="Walk-in", user_email="", duration=60)
    result = import_participants(api_event.session_by_number(2))
    assert attendance_of(by_id) == (True, dt.datetime(2026, 9, 8, 10, 0, tzinfo=UTC),
                                    dt.datetime(2026, 9, 8, 11, 50, tzinfo=UTC), 100)
    assert attendance_of(by_email)[0] is True and attendance_of(by_email)[3] == 55
    assert attendance_of(absent) == (False, None, None, 0)
    assert result.unmatched == [(4, "Walk-in")]
    again = import_participants(api_event.session_by_number(2))
    assert attendance_of(by_id)[3] == 100 and again.matched == 2


def test_participants_command_and_console_button(app, client, api_event, people, run_jobs, zoom_api,
                                                 make_user, login_as):
    registration = people.register(api_event, email="came@parl.example")
    run_jobs()
    zoom_api.add_participant(WEBINAR_ID, name="Came", user_email="came@parl.example", duration=600,
                             join_time="2026-09-08T10:00:00Z", leave_time="2026-09-08T10:10:00Z")
    output = app.test_cli_runner().invoke(
        args=["zoom", "import-participants", "--event", api_event.slug, "--session", "2"]).output
    assert "1 matched, 1 attended, 0 absent" in output
    login_as(make_user())
    response = client.post(f"/console/events/{api_event.slug}/zoom/sessions/2/participants")
    assert response.status_code == 200 and attendance_of(registration)[3] == 10
    link_mode = client.post(f"/console/events/{api_event.slug}/zoom/sessions/1/participants")
    assert link_mode.status_code == 422
