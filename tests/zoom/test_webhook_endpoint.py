"""POST /zoom/webhook: Zoom's URL validation, signed events applied once, everything
else refused with 401 and a log line without personal data."""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import time

import pytest

from eventhub.extensions import db
from eventhub.registration.models import Registration, RegistrationChange
from eventhub.zoom.models import ZoomUnmatchedRegistrant, ZoomWebhookEvent
from eventhub.zoom.webhooks import sign
from tests.zoom.conftest import WEBHOOK_SECRET, WEBINAR_ID, fresh, place_of

UTC = dt.timezone.utc


def post_event(client, body: dict | bytes, *, secret=WEBHOOK_SECRET, timestamp=None, signature=None,
               signed=True):
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    timestamp = str(int(time.time())) if timestamp is None else str(timestamp)
    headers = {"Content-Type": "application/json"}
    if signed:
        headers["x-zm-request-timestamp"] = timestamp
        headers["x-zm-signature"] = signature or sign(secret, timestamp, raw)
    return client.post("/zoom/webhook", data=raw, headers=headers)


def event(name: str, webinar_id=WEBINAR_ID, **object_fields) -> dict:
    return {"event": name, "event_ts": int(time.time() * 1000),
            "payload": {"account_id": "fake-account", "object": {"id": int(webinar_id), "uuid": "abc==",
                                                                 "topic": "Consultation", **object_fields}}}


def test_url_validation_is_answered_with_the_hmac(client, zoom_api):
    body = {"event": "endpoint.url_validation", "payload": {"plainToken": "qgg8vlvZRS6UYooatFL8Aw"},
            "event_ts": 1654503849680}
    for signed in (True, False):  # answered whether or not Zoom signed the validation request
        response = post_event(client, body, signed=signed)
        assert response.status_code == 200
        expected = hmac.new(WEBHOOK_SECRET.encode(), b"qgg8vlvZRS6UYooatFL8Aw", hashlib.sha256).hexdigest()
        assert response.get_json() == {"plainToken": "qgg8vlvZRS6UYooatFL8Aw", "encryptedToken": expected}


def test_url_validation_cannot_be_used_to_sign_a_forged_event(client, zoom_api, api_event, people):
    """An unsigned validation request must not make the endpoint compute a valid signature
    for arbitrary text ("v0:<timestamp>:<body>")."""
    registration = people.register(api_event, email="target@parl.example", send=False)
    forged = json.dumps(event("webinar.registration_cancelled",
                              registrant={"id": "x", "email": "target@parl.example"})).encode()
    timestamp = str(int(time.time()))
    response = post_event(client, {"event": "endpoint.url_validation",
                                   "payload": {"plainToken": f"v0:{timestamp}:{forged.decode()}"}}, signed=False)
    assert response.status_code == 401
    assert fresh(place_of(registration, 2)).zoom_state == "pending"


def test_registration_created_links_the_person_by_email(client, zoom_api, api_event, people):
    registration = people.register(api_event, email="Amina@Parl.example", send=False)
    response = post_event(client, event("webinar.registration_created", registrant={
        "id": "reg-123", "email": "amina@parl.example", "first_name": "Amina", "last_name": "Haddad",
        "status": "approved", "join_url": "https://us06web.zoom.us/w/84759841045?tk=abc"}))
    assert response.status_code == 200 and response.get_json() == {"status": "applied"}
    place = fresh(place_of(registration, 2))
    assert (place.zoom_state, place.zoom_registrant_id, place.zoom_join_url) == (
        "synced", "reg-123", "https://us06web.zoom.us/w/84759841045?tk=abc")


def test_link_mode_people_are_tracked_through_webhooks(client, demo_event, people, app):
    """No API credentials, only the webhook secret: registrations on Zoom's own form still
    come back with the personal join link."""
    app.config["ZOOM_WEBHOOK_SECRET"] = WEBHOOK_SECRET
    demo_event.session_by_number(2).zoom_webinar_id = WEBINAR_ID
    db.session.commit()
    registration = people.register(demo_event, email="linker@parl.example")
    assert place_of(registration, 2).zoom_state == "link"
    post_event(client, event("webinar.registration_approved", registrant={
        "id": "r-9", "email": "linker@parl.example", "join_url": "https://zoom.example/w/1?tk=9"}))
    place = fresh(place_of(registration, 2))
    assert place.zoom_state == "synced" and place.zoom_join_url == "https://zoom.example/w/1?tk=9"


def test_unknown_people_are_recorded_not_registered(client, zoom_api, api_event, make_user, login_as):
    response = post_event(client, event("webinar.registration_created", registrant={
        "id": "stranger-1", "email": "stranger@parl.example", "first_name": "Sam", "last_name": "Stranger",
        "status": "approved"}))
    assert response.get_json() == {"status": "unmatched"}
    assert db.session.execute(db.select(Registration)).scalars().all() == []
    recorded = db.session.execute(db.select(ZoomUnmatchedRegistrant)).scalar_one()
    assert (recorded.registrant_id, recorded.email, recorded.full_name) == (
        "stranger-1", "stranger@parl.example", "Sam Stranger")
    login_as(make_user())
    page = client.get(f"/console/events/{api_event.slug}/zoom").get_data(as_text=True)
    assert "Announced by Zoom, not registered here" in page and "Sam Stranger" in page


def test_cancelled_and_denied_mark_the_zoom_state(client, zoom_api, api_event, people, run_jobs):
    cancelled = people.register(api_event, email="c@parl.example")
    denied = people.register(api_event, email="d@parl.example")
    run_jobs()
    for registration, name in ((cancelled, "cancelled"), (denied, "denied")):
        place = fresh(place_of(registration, 2))
        post_event(client, event(f"webinar.registration_{name}", registrant={
            "id": place.zoom_registrant_id, "email": registration.email}))
        place = fresh(place)
        assert place.zoom_state == "cancelled" and place.status == "confirmed"
        history = [(c.actor, c.action) for c in fresh(registration).changes]
        assert history == [("zoom", f"zoom_{name}")]


def test_participant_joined_and_left_record_attendance(client, zoom_api, api_event, people, run_jobs):
    registration = people.register(api_event, email="p@parl.example")
    run_jobs()
    registrant_id = fresh(place_of(registration, 2)).zoom_registrant_id

    def participant(name, **times):
        return event(name, participant={"registrant_id": registrant_id, "user_name": "P", "email": "p@parl.example",
                                        **times})

    post_event(client, participant("webinar.participant_joined", join_time="2026-09-08T10:05:00Z"))
    post_event(client, participant("webinar.participant_left", join_time="2026-09-08T10:05:00Z",
                                   leave_time="2026-09-08T10:30:00Z"))
    post_event(client, participant("webinar.participant_joined", join_time="2026-09-08T10:40:00Z"))
    post_event(client, participant("webinar.participant_left", join_time="2026-09-08T10:40:00Z",
                                   leave_time="2026-09-08T11:55:00Z"))
    place = fresh(place_of(registration, 2))
    assert place.attended is True
    assert place.joined_at == dt.datetime(2026, 9, 8, 10, 5, tzinfo=UTC)
    assert place.left_at == dt.datetime(2026, 9, 8, 11, 55, tzinfo=UTC)


def test_a_replayed_event_does_nothing(client, zoom_api, api_event, people, run_jobs):
    registration = people.register(api_event, email="r@parl.example")
    run_jobs()
    place = fresh(place_of(registration, 2))
    body = json.dumps(event("webinar.registration_cancelled", registrant={
        "id": place.zoom_registrant_id, "email": "r@parl.example"})).encode()
    timestamp = str(int(time.time()))
    first = post_event(client, body, timestamp=timestamp)
    assert first.get_json() == {"status": "applied"}
    # Someone restores the place here; Zoom then re-delivers the old cancellation.
    fresh(place).zoom_state = "synced"
    db.session.commit()
    replay = post_event(client, body, timestamp=timestamp)
    assert replay.status_code == 200 and replay.get_json() == {"status": "duplicate"}
    assert fresh(place).zoom_state == "synced"
    assert db.session.execute(db.select(db.func.count(RegistrationChange.id))).scalar_one() == 1
    stored = db.session.execute(db.select(ZoomWebhookEvent)).scalar_one()
    assert stored.payload_hash == hashlib.sha256(body).hexdigest()
    assert (stored.event_type, stored.webinar_id, stored.outcome) == (
        "webinar.registration_cancelled", WEBINAR_ID, "applied")


def test_unknown_webinar_is_acknowledged_and_ignored(client, zoom_api, api_event):
    response = post_event(client, event("webinar.participant_joined", webinar_id="99999999999",
                                        participant={"email": "x@parl.example"}))
    assert response.status_code == 200 and response.get_json() == {"status": "unknown_webinar"}


def test_other_event_types_are_acknowledged(client, zoom_api):
    response = post_event(client, event("webinar.started"))
    assert response.status_code == 200 and response.get_json() == {"status": "ignored"}


@pytest.mark.parametrize("case", ["bad signature", "stale timestamp", "future timestamp", "missing signature",
                                  "wrong secret", "tampered body"])
def test_unverified_events_are_refused_and_logged_without_personal_data(case, client, zoom_api, api_event,
                                                                        people, caplog):
    registration = people.register(api_event, email="victim@parl.example", send=False)
    body = event("webinar.registration_cancelled", registrant={"id": "x", "email": "victim@parl.example"})
    raw = json.dumps(body).encode()
    now = int(time.time())
    options = {
        "bad signature": dict(signature="v0=" + "0" * 64),
        "stale timestamp": dict(timestamp=now - 301, signature=sign(WEBHOOK_SECRET, now - 301, raw)),
        "future timestamp": dict(timestamp=now + 600, signature=sign(WEBHOOK_SECRET, now + 600, raw)),
        "missing signature": dict(signed=False),
        "wrong secret": dict(secret="not-the-secret"),
        "tampered body": dict(signature=sign(WEBHOOK_SECRET, now, raw), timestamp=now),
    }[case]
    if case == "tampered body":
        raw = raw.replace(b"victim", b"victin")
    caplog.set_level(logging.WARNING)
    response = post_event(client, raw, **options)
    assert response.status_code == 401
    assert fresh(place_of(registration, 2)).zoom_state == "pending"
    assert db.session.execute(db.select(ZoomWebhookEvent)).scalars().all() == []
    [line] = [r.getMessage() for r in caplog.records if "Zoom webhook refused" in r.getMessage()]
    assert "webinar.registration_cancelled" in line
    assert "victim" not in caplog.text and "@" not in caplog.text
    expected_reason = {"stale timestamp": "stale timestamp", "future timestamp": "stale timestamp",
                       "missing signature": "missing signature"}.get(case, "bad signature")
    assert expected_reason in line


def test_without_a_configured_secret_everything_is_refused(client, demo_event):
    response = post_event(client, {"event": "endpoint.url_validation", "payload": {"plainToken": "abcdefghij"}},
                          secret="anything")
    assert response.status_code == 401


def test_webhook_needs_no_csrf_token(app, zoom_api):
    app.config["WTF_CSRF_ENABLED"] = True
    response = post_event(app.test_client(), event("webinar.started"))
    assert response.status_code == 200


def test_someone_cancelled_here_who_appears_on_zoom_is_cancelled_there_again(client, zoom_api, api_event,
                                                                               people, run_jobs):
    """Zoom reports a registration (an add it finished late, or someone on Zoom's side) for
    a person who cancelled here: they must not be brought back; Zoom is told to cancel."""
    registration = people.register(api_event, email="late@parl.example")
    run_jobs()
    place = fresh(place_of(registration, 2))
    registrant_id = place.zoom_registrant_id
    people.change(place, "cancelled", status="cancelled")
    run_jobs()
    assert [r["status"] for r in zoom_api.registrants_of(WEBINAR_ID)] == ["cancelled"]
    # Zoom approves them again (say, someone in the secretariat's Zoom account) and tells us.
    for registrant in zoom_api._webinars[WEBINAR_ID].registrants:
        registrant["status"] = "approved"
    response = post_event(client, event("webinar.registration_approved", registrant={
        "id": registrant_id, "email": "late@parl.example", "status": "approved",
        "join_url": "https://us06web.zoom.us/w/84759841045?tk=late"}))
    assert response.get_json() == {"status": "cancel_sent"}
    place = fresh(place)
    assert place.status == "cancelled" and place.zoom_join_url is None
    run_jobs()
    assert [r["status"] for r in zoom_api.registrants_of(WEBINAR_ID)] == ["cancelled"]
    assert fresh(place).zoom_state == "cancelled"


def test_webinar_ended_queues_the_attendance_import_of_that_instance(client, api_event, people, run_jobs,
                                                                     zoom_api):
    """webinar.ended (object.uuid: the instance) -> that instance's participants, later."""
    from eventhub.jobs import huey
    from tests.zoom.conftest import run_scheduled_now

    came = people.register(api_event, email="came@parl.example")
    run_jobs()
    uuid = zoom_api.add_instance(WEBINAR_ID, uuid="/ended//instance==", start_time="2026-09-08T10:00:00Z")
    zoom_api.add_participant(WEBINAR_ID, name="Came", user_email="came@parl.example", instance=uuid,
                             join_time="2026-09-08T10:00:00Z", leave_time="2026-09-08T10:45:00Z")
    body = event("webinar.ended", uuid=uuid)
    assert post_event(client, body).get_json() == {"status": "applied"}
    assert post_event(client, body).get_json() == {"status": "duplicate"}
    [queued] = huey.pending()
    assert queued.name.endswith("import_instance_attendance") and queued.args[1] == uuid
    run_jobs()  # not due yet: Zoom's report of the instance is ready some minutes later
    assert huey.scheduled_count() == 1 and fresh_place(came).attended is None
    run_scheduled_now()
    place = fresh_place(came)
    assert place.attended is True and place.minutes_attended == 45


def fresh_place(registration):
    from tests.zoom.conftest import fresh, place_of

    return fresh(place_of(registration, 2))
