"""Attendance across webinar instances and reports, as Zoom publishes them: every instance
of a restarted webinar (past_webinars/{id}/instances, then each by UUID, double-encoded
where Zoom says so), include_fields=registrant_id, next_page_token; reports in the
account's zone; imports that add up."""
from __future__ import annotations

import datetime as dt
from urllib.parse import quote

import pytest
import requests

from eventhub.extensions import db
from eventhub.zoom.attendance import AttendanceImportError, import_attendee_report, import_participants
from eventhub.zoom.client import encode_webinar_uuid
from tests.zoom.conftest import WEBINAR_ID, fresh, place_of

UTC = dt.timezone.utc
#: Zoom instance UUIDs are base64: some begin with "/" or contain "//".
SLASHED_UUID = "/ajXp112QmuoKj4854875=="
DOUBLE_SLASHED_UUID = "Wm9vbS9pbnN0YW5jZQ//xy=="
PLAIN_UUID = "4444AAAiAAAAAiAiAiiAii=="


def attendance_of(registration, number=2):
    place = fresh(place_of(registration, number))
    return place.attended, place.joined_at, place.left_at, place.minutes_attended


# ------------------------------------------------------------------------- client --

def test_uuids_starting_with_a_slash_or_holding_two_are_double_encoded():
    assert encode_webinar_uuid(SLASHED_UUID) == quote(quote(SLASHED_UUID, safe=""), safe="")
    assert encode_webinar_uuid(SLASHED_UUID).startswith("%252F")
    assert encode_webinar_uuid(DOUBLE_SLASHED_UUID) == quote(quote(DOUBLE_SLASHED_UUID, safe=""), safe="")
    assert encode_webinar_uuid(PLAIN_UUID) == "4444AAAiAAAAAiAiAiiAii%3D%3D"  # once is enough


def test_the_stand_in_refuses_a_slashed_uuid_encoded_once(fake_zoom, make_client):
    fake_zoom.add_instance(WEBINAR_ID, uuid=SLASHED_UUID)
    client = make_client()
    token = client._get_token()
    once = quote(SLASHED_UUID, safe="")
    answer = requests.get(f"{fake_zoom.api_base}/report/webinars/{once}/participants",
                          headers={"Authorization": f"Bearer {token}"}, timeout=5)
    assert answer.status_code == 404
    assert list(client.list_participants(SLASHED_UUID)) == []  # double-encoded: found


def test_participants_report_asks_for_registrant_id_and_reads_every_page(fake_zoom, make_client):
    uuid = fake_zoom.add_instance(WEBINAR_ID, uuid=DOUBLE_SLASHED_UUID)
    for n in range(650):
        fake_zoom.add_participant(WEBINAR_ID, name=f"P{n}", user_email=f"p{n}@example.org",
                                  registrant_id=f"reg{n}", instance=uuid)
    participants = list(make_client().list_participants(uuid))
    assert len(participants) == 650 and participants[0]["registrant_id"] == "reg0"
    report_calls = [r for r in fake_zoom.api_requests() if r.path.startswith("/v2/report/")]
    assert len(report_calls) == 3  # 300 + 300 + 50, following next_page_token
    assert all(r.query.get("include_fields") == "registrant_id" for r in report_calls)
    assert "next_page_token" not in report_calls[0].query and report_calls[1].query["next_page_token"]
    assert report_calls[0].path == f"/v2/report/webinars/{encode_webinar_uuid(uuid)}/participants"


def test_without_include_fields_zoom_leaves_registrant_id_out(fake_zoom, make_client):
    fake_zoom.add_participant(WEBINAR_ID, name="A", user_email="a@example.org", registrant_id="reg-a")
    client = make_client()
    token = client._get_token()
    bare = requests.get(f"{fake_zoom.api_base}/report/webinars/{WEBINAR_ID}/participants",
                        headers={"Authorization": f"Bearer {token}"}, timeout=5).json()
    assert "registrant_id" not in bare["participants"][0]
    assert [p["registrant_id"] for p in client.list_participants(WEBINAR_ID)] == ["reg-a"]


def test_instances_are_listed_oldest_first(fake_zoom, make_client):
    fake_zoom.add_instance(WEBINAR_ID, uuid=PLAIN_UUID, start_time="2026-09-08T10:40:00Z")
    fake_zoom.add_instance(WEBINAR_ID, uuid=SLASHED_UUID, start_time="2026-09-08T09:58:00Z")
    instances = make_client().list_past_instances(WEBINAR_ID)
    assert [i["uuid"] for i in instances] == [SLASHED_UUID, PLAIN_UUID]


# ------------------------------------------------------------------- API import --

@pytest.fixture
def restarted(api_event, people, run_jobs, zoom_api):
    """Session 2's webinar held twice (it was restarted): Amina in the first instance,
    Jean in both (overlapping a little), Maria in neither."""
    amina = people.register(api_event, email="amina@parl.example")
    jean = people.register(api_event, email="jean@parl.example")
    maria = people.register(api_event, email="maria@parl.example")
    run_jobs()
    first = zoom_api.add_instance(WEBINAR_ID, uuid=SLASHED_UUID, start_time="2026-09-08T09:58:00Z")
    second = zoom_api.add_instance(WEBINAR_ID, uuid=PLAIN_UUID, start_time="2026-09-08T10:40:00Z")
    amina_id = fresh(place_of(amina, 2)).zoom_registrant_id
    zoom_api.add_participant(WEBINAR_ID, name="Amina", user_email="other@gmail.example", registrant_id=amina_id,
                             join_time="2026-09-08T10:00:00Z", leave_time="2026-09-08T10:30:00Z", instance=first)
    zoom_api.add_participant(WEBINAR_ID, name="Jean", user_email="jean@parl.example",
                             join_time="2026-09-08T10:00:00Z", leave_time="2026-09-08T10:35:00Z", instance=first)
    zoom_api.add_participant(WEBINAR_ID, name="Jean", user_email="jean@parl.example",
                             join_time="2026-09-08T10:30:00Z", leave_time="2026-09-08T11:00:00Z", instance=second)
    return {"amina": amina, "jean": jean, "maria": maria}


def test_every_instance_is_imported_and_absence_needs_all_of_them(api_event, restarted, zoom_api):
    result = import_participants(api_event.session_by_number(2))
    assert result.instances == 2
    # Amina only came to the first instance: Zoom's answer for the numeric ID alone
    # (the latest instance) would have made her absent.
    assert attendance_of(restarted["amina"]) == (True, dt.datetime(2026, 9, 8, 10, 0, tzinfo=UTC),
                                                 dt.datetime(2026, 9, 8, 10, 30, tzinfo=UTC), 30)
    # Jean's stretches overlap by five minutes: counted once.
    assert attendance_of(restarted["jean"])[3] == 60
    assert attendance_of(restarted["maria"]) == (False, None, None, 0)
    assert result.absent == 1
    calls = [r for r in zoom_api.api_requests() if r.method == "GET" and "participants" in r.path]
    assert all(r.query.get("include_fields") == "registrant_id" for r in calls)  # the import asks for it too
    paths = [r.path for r in calls]
    assert paths == [f"/v2/report/webinars/{encode_webinar_uuid(SLASHED_UUID)}/participants",
                     f"/v2/report/webinars/{encode_webinar_uuid(PLAIN_UUID)}/participants"]
    again = import_participants(api_event.session_by_number(2))
    assert attendance_of(restarted["jean"])[3] == 60 and again.matched == 2


@pytest.mark.parametrize("order", [(PLAIN_UUID, SLASHED_UUID), (SLASHED_UUID, PLAIN_UUID)])
def test_one_instance_after_the_other_in_either_order_gives_the_same(api_event, restarted, order):
    """Each order against the same expected attendance (before, only one order was run)."""
    session = api_event.session_by_number(2)
    import_participants(session, instance_uuid=order[0])
    assert attendance_of(restarted["maria"])[0] is None  # one instance is not final
    import_participants(session, instance_uuid=order[1])
    assert {name: attendance_of(r) for name, r in restarted.items()} == {
        "amina": (True, dt.datetime(2026, 9, 8, 10, 0, tzinfo=UTC), dt.datetime(2026, 9, 8, 10, 30, tzinfo=UTC), 30),
        "jean": (True, dt.datetime(2026, 9, 8, 10, 0, tzinfo=UTC), dt.datetime(2026, 9, 8, 11, 0, tzinfo=UTC), 60),
        "maria": (None, None, None, None),  # instance imports are not final: nobody absent
    }


# --------------------------------------------------------------------- reports --

HEADER = ("Attended,User Name (Original Name),First Name,Last Name,Email,Registration Time,"
          "Approval Status,Join Time,Leave Time,Time in Session (minutes),Is Guest")


def report(actual_start: str, rows: list[tuple[str, str, str, int]], webinar: str = "847 5984 1045") -> bytes:
    """A portal attendee report (times as the account's zone writes them)."""
    lines = ["Attendee Report", 'Report Generated:,"Jun 10, 2026 12:00:00"',
             "Topic,Webinar ID,Actual Start Time,Actual Duration (minutes)",
             f'Consultation,{webinar},"{actual_start}",60', "", "Attendee Details", HEADER]
    for email, join, leave, minutes in rows:
        name = email.split("@")[0]
        lines.append(f'Yes,{name},{name},X,{email},"Jun 01, 2026 09:00:00",approved,'
                     f'"{join}","{leave}",{minutes},No')
    return ("\n".join(lines) + "\n").encode("utf-8")


# Session 2 at 08:00 UTC = 10:00 in Geneva (summer time); the webinar was restarted.
FIRST_REPORT = report("Jun 10, 2026 09:58:00", [
    ("amina@parl.example", "Jun 10, 2026 10:00:00", "Jun 10, 2026 10:30:00", 30),
    ("jean@parl.example", "Jun 10, 2026 10:00:00", "Jun 10, 2026 10:35:00", 35)])
SECOND_REPORT = report("Jun 10, 2026 10:40:00", [
    ("jean@parl.example", "Jun 10, 2026 10:30:00", "Jun 10, 2026 11:00:00", 30)])


@pytest.fixture
def geneva_session(api_event, people):
    session = api_event.session_by_number(2)
    session.starts_at = dt.datetime(2026, 6, 10, 8, 0, tzinfo=UTC)
    session.ends_at = dt.datetime(2026, 6, 10, 10, 0, tzinfo=UTC)
    db.session.commit()
    return {name: people.register(api_event, email=f"{name}@parl.example", send=False)
            for name in ("amina", "jean", "maria")}


@pytest.mark.parametrize("order", [(FIRST_REPORT, SECOND_REPORT), (SECOND_REPORT, FIRST_REPORT)])
def test_two_reports_add_up_in_either_order(api_event, geneva_session, order):
    first, second = order
    import_attendee_report(api_event, first)
    result = import_attendee_report(api_event, second)
    people = {name: attendance_of(r) for name, r in geneva_session.items()}
    assert people["amina"] == (True, dt.datetime(2026, 6, 10, 8, 0, tzinfo=UTC),
                               dt.datetime(2026, 6, 10, 8, 30, tzinfo=UTC), 30)
    assert people["jean"] == (True, dt.datetime(2026, 6, 10, 8, 0, tzinfo=UTC),
                              dt.datetime(2026, 6, 10, 9, 0, tzinfo=UTC), 60)
    assert people["maria"] == (None, None, None, None)  # not final: nobody is absent yet
    assert result.absent == 0
    final = import_attendee_report(api_event, second, final=True)
    assert attendance_of(geneva_session["maria"]) == (False, None, None, 0) and final.absent == 1
    assert attendance_of(geneva_session["jean"])[3] == 60


def test_a_geneva_report_without_a_zone_lands_on_the_right_instants(api_event, geneva_session):
    result = import_attendee_report(api_event, FIRST_REPORT)
    assert (result.timezone, result.timezone_source) == ("Europe/Zurich", "inferred")  # the event's zone
    assert attendance_of(geneva_session["amina"])[1] == dt.datetime(2026, 6, 10, 8, 0, tzinfo=UTC)


@pytest.mark.app_config(ZOOM_ACCOUNT_TIMEZONE="UTC")
def test_a_geneva_report_read_in_the_wrong_zone_is_refused_naming_the_zone_that_fits(api_event, geneva_session):
    with pytest.raises(AttendanceImportError) as refused:
        import_attendee_report(api_event, FIRST_REPORT)
    assert "Read in UTC, the report's webinar started at Jun 10, 2026, 9:58\u202fAM UTC" in str(refused.value)
    assert "Zurich (Central European Time) · Europe/Zurich" in str(refused.value)
    assert attendance_of(geneva_session["amina"]) == (None, None, None, None)
    result = import_attendee_report(api_event, FIRST_REPORT, timezone="Europe/Paris")  # the upload's zone wins
    assert (result.timezone, result.timezone_source) == ("Europe/Paris", "upload")


def test_a_report_of_another_date_is_refused(api_event, geneva_session):
    other_day = report("Jun 11, 2026 09:58:00", [])
    with pytest.raises(AttendanceImportError, match="matches the scheduled start of session 2 in no time zone"):
        import_attendee_report(api_event, other_day)


def test_a_file_in_an_unknown_layout_names_its_first_line(api_event):
    with pytest.raises(AttendanceImportError, match="“Name;Mail;Minutes”"):
        import_attendee_report(api_event, b"Name;Mail;Minutes\nA;a@example.org;3\n")


def test_console_upload_takes_a_zone_and_the_final_mark(client, api_event, geneva_session, make_user, login_as):
    login_as(make_user())
    page = client.get(f"/console/events/{api_event.slug}/zoom?lang=en").get_data(as_text=True)
    assert 'name="timezone"' in page and 'name="final"' in page
    response = client.post(f"/console/events/{api_event.slug}/zoom/report?lang=en",
                           data={"report": (__import__("io").BytesIO(FIRST_REPORT), "r.csv"), "session": "2",
                                 "timezone": "Europe/Zurich", "final": "1"},
                           content_type="multipart/form-data")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert 'The report\'s times were read in the time zone Zurich (Central European Time) · <bdi dir="ltr">Europe/Zurich</bdi>.' in text
    assert attendance_of(geneva_session["maria"])[0] is False
    wrong = client.post(f"/console/events/{api_event.slug}/zoom/report?lang=en",
                        data={"report": (__import__("io").BytesIO(FIRST_REPORT), "r.csv"), "timezone": "Mars/Base"},
                        content_type="multipart/form-data")
    assert wrong.status_code == 422 and "Unknown time zone: Mars/Base." in wrong.get_data(as_text=True)


def test_absence_comes_from_zoom_absentee_lists_of_every_instance(api_event, restarted, people, zoom_api):
    """Only people Zoom lists as absent from every instance are absent: someone eventhub
    never got onto Zoom stays unknown (the old import called them absent), and the
    absentee listing is read by instance UUID, double-encoded, every page."""
    not_on_zoom = people.register(api_event, email="never-synced@parl.example", send=False)
    zoom_api.seed_registrants(WEBINAR_ID, 310)  # 310 more absentees: two pages of 300
    result = import_participants(api_event.session_by_number(2))
    assert attendance_of(restarted["maria"]) == (False, None, None, 0)
    assert attendance_of(not_on_zoom) == (None, None, None, None)
    assert attendance_of(restarted["amina"])[0] is True and result.absent == 1 and result.final
    calls = [r for r in zoom_api.api_requests() if r.path.endswith("/absentees")]
    assert [r.path for r in calls] == [f"/v2/past_webinars/{encode_webinar_uuid(SLASHED_UUID)}/absentees"] * 2 + \
        [f"/v2/past_webinars/{encode_webinar_uuid(PLAIN_UUID)}/absentees"] * 2
    assert calls[0].query["page_size"] == "300" and calls[1].query["next_page_token"]
