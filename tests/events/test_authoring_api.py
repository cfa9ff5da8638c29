"""The events API for organisers: POST/PATCH events, clone, sessions; drafts hidden from
anonymous callers and from every public page; field errors as in the registration API."""
from __future__ import annotations

import datetime as dt

import pytest

from eventhub.extensions import db

UTC = dt.timezone.utc


@pytest.fixture
def organiser(api_token):
    return {"Authorization": f"Bearer {api_token('organiser', email='author@ipu.example')}"}


def new_event(**overrides):
    body = {
        "slug": "cyber-2027",
        "reference_timezone": "America/New_York",
        "title": {"en": "Cyber 2027", "fr": "Cyber 2027"},
        "sessions": [
            {"starts_local": "2027-03-16T20:00", "ends_local": "2027-03-16T22:00", "region": {"en": "Americas"}},
            {"starts_local": "2027-03-16T23:30", "ends_local": "2027-03-17T01:00", "region": {"en": "Asia"}},
        ],
    }
    body.update(overrides)
    return body


def test_create_answers_201_with_the_event_as_a_draft_hidden_from_the_public(client, organiser):
    response = client.post("/api/v1/events", json=new_event(), headers=organiser)
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["status"] == "draft" and body["revision"] == 1
    assert response.headers["Location"].endswith("/api/v1/events/cyber-2027")
    # New York is UTC-4 on 16 March 2027 (DST began on the 14th); the second session crosses midnight.
    assert [s["starts_at"] for s in body["sessions"]] == ["2027-03-17T00:00:00Z", "2027-03-17T03:30:00Z"]
    assert body["sessions"][1]["ends_local"] == "2027-03-17T01:00"
    for url in ("/api/v1/events/cyber-2027", "/en/e/cyber-2027/", "/fr/e/cyber-2027/register",
                "/en/e/cyber-2027/calendar.ics", "/en/e/cyber-2027/s/1.ics", "/e/cyber-2027/"):
        assert client.get(url).status_code in (404, 302), url
        if client.get(url).status_code == 302:
            assert client.get(client.get(url).location).status_code == 404
    assert client.get("/api/v1/events/cyber-2027", headers=organiser).get_json()["status"] == "draft"
    assert "cyber-2027" not in client.get("/en/", follow_redirects=True).get_data(as_text=True)


def test_the_creator_of_an_event_is_on_its_team(client, organiser):
    from eventhub.accounts.models import User
    from eventhub.accounts.teams import team_events

    client.post("/api/v1/events", json=new_event(), headers=organiser)
    user = db.session.execute(db.select(User).filter_by(email="author@ipu.example")).scalar_one()
    assert [event.slug for event in team_events(user)] == ["cyber-2027"]


@pytest.mark.parametrize("field, value", [
    ("slug", "Cyber_2027"), ("reference_timezone", "Europe/Atlantis"), ("title", {"xx": "?"}),
    ("status", "ended"), ("registration_opens_at", "tomorrow"),
])
def test_bad_fields_answer_422_per_field(client, organiser, field, value):
    response = client.post("/api/v1/events", json=new_event(**{field: value}), headers=organiser)
    assert response.status_code == 422
    assert response.get_json()["error"] == "invalid" and field in response.get_json()["errors"]


def test_field_errors_follow_accept_language(client, organiser):
    body = new_event(sessions=[{"starts_local": "2027-03-14T02:30", "ends_local": "2027-03-14T04:00"}])
    response = client.post("/api/v1/events", json=body, headers={**organiser, "Accept-Language": "es"})
    assert response.status_code == 422
    message = response.get_json()["errors"]["sessions[0].starts_local"][0]
    assert "no existe" in message and "America/New_York" in message


def test_taken_slug_answers_409(client, organiser, demo_event):
    response = client.post("/api/v1/events", json=new_event(slug="safe-cyberspace-2022"), headers=organiser)
    assert response.status_code == 409 and "slug" in response.get_json()["errors"]


def test_the_get_shape_can_be_posted_back(client, organiser, demo_event):
    shape = client.get("/api/v1/events/safe-cyberspace-2022", headers=organiser).get_json()
    shape.update(slug="safe-cyberspace-copy", status="draft")
    response = client.post("/api/v1/events", json=shape, headers=organiser)
    assert response.status_code == 201, response.get_json()
    copy = response.get_json()
    assert [s["starts_at"] for s in copy["sessions"]] == [s["starts_at"] for s in shape["sessions"]]
    assert copy["objectives"][0]["text"] == shape["objectives"][0]["text"]


def test_existing_clients_of_the_demo_still_read_the_same_fields(client, demo_event):
    body = client.get("/api/v1/events/safe-cyberspace-2022").get_json()
    assert {"slug", "reference_timezone", "title", "organiser", "sessions"} <= set(body)
    assert body["sessions"][0]["starts_at"] == "2022-12-06T06:00:00Z"
    assert "revision" not in body and "zoom_webinar_id" not in body["sessions"][0]
    assert body["status"] == "published"  # at the demo's clock (15 November 2022)


def test_patch_publishes_checks_the_revision_and_audits(client, organiser):
    from eventhub.audit.models import AuditEntry

    client.post("/api/v1/events", json=new_event(), headers=organiser)
    response = client.patch("/api/v1/events/cyber-2027", json={"status": "published", "revision": 1},
                            headers=organiser)
    assert response.status_code == 200 and response.get_json()["status"] == "published"
    assert client.get("/api/v1/events/cyber-2027").status_code == 200
    assert client.get("/en/e/cyber-2027/").status_code == 200
    stale = client.patch("/api/v1/events/cyber-2027", json={"title": {"en": "Lost"}, "revision": 1},
                         headers=organiser)
    assert stale.status_code == 409 and stale.get_json()["error"] == "revision_conflict"
    assert stale.get_json()["revision"] == 2
    actions = [e.action for e in db.session.execute(db.select(AuditEntry)).scalars()]
    assert "event_published" in actions
    assert {e.via for e in db.session.execute(db.select(AuditEntry)).scalars()} == {"api"}


def test_clone_and_session_endpoints(client, organiser, demo_event):
    response = client.post("/api/v1/events/safe-cyberspace-2022/clone",
                           json={"slug": "safe-cyberspace-2027", "first_day": "2027-07-06"}, headers=organiser)
    assert response.status_code == 201, response.get_json()
    clone = response.get_json()
    assert clone["status"] == "draft"
    assert [s["starts_local"] for s in clone["sessions"]] == ["2027-07-06T07:00", "2027-07-06T16:30"]
    assert [s["starts_at"] for s in clone["sessions"]] == ["2027-07-06T05:00:00Z", "2027-07-06T14:30:00Z"]
    assert all(s["zoom_registration_url"] == "" for s in clone["sessions"])
    assert client.post("/api/v1/events/safe-cyberspace-2022/clone", json={"slug": "safe-cyberspace-2027",
                       "first_day": "2027-07-06"}, headers=organiser).status_code == 409
    assert client.post("/api/v1/events/safe-cyberspace-2022/clone", json={"slug": "x-y-z"},
                       headers=organiser).status_code == 422

    added = client.post("/api/v1/events/safe-cyberspace-2027/sessions",
                        json={"starts_local": "2027-07-06T23:00", "ends_local": "2027-07-07T00:30",
                              "capacity": 50}, headers=organiser)
    assert added.status_code == 201 and added.get_json()["number"] == 3
    changed = client.patch("/api/v1/events/safe-cyberspace-2027/sessions/3",
                           json={"zoom_registration_url": "https://zoom.us/j/123"}, headers=organiser)
    assert changed.status_code == 422 and "zoom_registration_url" in changed.get_json()["errors"]
    changed = client.patch("/api/v1/events/safe-cyberspace-2027/sessions/3", json={"capacity": 80},
                           headers=organiser)
    assert changed.status_code == 200 and changed.get_json()["capacity"] == 80
    assert client.delete("/api/v1/events/safe-cyberspace-2027/sessions/3", headers=organiser).status_code == 204
    assert client.delete("/api/v1/events/safe-cyberspace-2027/sessions/3", headers=organiser).status_code == 404


def test_deleting_a_session_with_registrations_needs_confirm(client, organiser, demo_event):
    from tests.registration.conftest import api_payload

    assert client.post("/api/v1/events/safe-cyberspace-2022/registrations", json=api_payload(),
                       headers=organiser).status_code == 201
    refused = client.delete("/api/v1/events/safe-cyberspace-2022/sessions/2", headers=organiser)
    assert refused.status_code == 409 and refused.get_json()["registrations"] == 1
    done = client.delete("/api/v1/events/safe-cyberspace-2022/sessions/2?confirm=true", headers=organiser)
    assert done.status_code == 200 and done.get_json()["status"] == "cancelled"


def test_anonymous_and_staff_cannot_write(client, api_token):
    assert client.post("/api/v1/events", json=new_event()).status_code == 401
    staff = {"Authorization": f"Bearer {api_token('staff')}"}
    assert client.post("/api/v1/events", json=new_event(), headers=staff).status_code == 403


def test_organiser_api_registers_late_after_self_registration_closed(app, client, organiser, demo_event):
    from tests.registration.conftest import api_payload, form_data, register_url

    app.config["EVENTS_NOW"] = "2022-12-07T12:00:00+00:00"  # the day after: the event has ended
    page = client.get("/en/e/safe-cyberspace-2022/").get_data(as_text=True)
    assert "This event has ended" in page and 'e/safe-cyberspace-2022/register"' not in page
    assert "Register on Zoom" not in page
    assert client.post(register_url(), data=form_data()).status_code == 409
    late = client.post("/api/v1/events/safe-cyberspace-2022/registrations", json=api_payload(), headers=organiser)
    assert late.status_code == 201


def test_registration_window_is_shown_in_the_visitors_language_and_zone(app, client, organiser, demo_event):
    client.patch("/api/v1/events/safe-cyberspace-2022",
                 json={"registration_opens_at": "2022-11-20T08:00:00Z"}, headers=organiser)
    page = client.get("/fr/e/safe-cyberspace-2022/?tz=Asia/Tokyo").get_data(as_text=True)
    assert "Les inscriptions ouvriront le" in page and "17:00" in page  # 08:00 UTC in Tokyo
    assert "dimanche 20 novembre 2022" in page
    form = client.get("/fr/e/safe-cyberspace-2022/register?tz=Asia/Tokyo")
    assert "Les inscriptions ouvriront le" in form.get_data(as_text=True)


def test_ended_event_calendar_has_no_alarms(app, client, demo_event):
    assert b"BEGIN:VALARM" in client.get("/en/e/safe-cyberspace-2022/calendar.ics").data
    app.config["EVENTS_NOW"] = "2023-01-10T00:00:00+00:00"
    from eventhub.pagecache import store

    store().clear()
    ics = client.get("/en/e/safe-cyberspace-2022/calendar.ics")
    assert ics.status_code == 200 and b"BEGIN:VEVENT" in ics.data and b"BEGIN:VALARM" not in ics.data


def test_home_lists_open_and_upcoming_events_and_redirects_to_the_only_one(app, client, demo_event):
    from eventhub.events.demo import load_practice_copy

    app.config["EVENTS_NOW"] = "2026-12-03T12:00:00+00:00"
    practice, _ = load_practice_copy()
    home = client.get("/en/")
    assert home.status_code == 302 and home.location.endswith(f"/en/e/{practice.slug}/")
    app.config["EVENTS_NOW"] = "2022-11-15T12:00:00+00:00"  # both upcoming then
    listing = client.get("/fr/").get_data(as_text=True)
    assert "safe-cyberspace-2022" in listing and practice.slug in listing
