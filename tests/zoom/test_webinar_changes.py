"""Webhooks webinar.updated / webinar.deleted / webinar.recovered, with the payloads Zoom
publishes (WebinarUpdatedEvent, WebinarDeletedEvent in @zoom/rivet): verified like every
event, flagged for the organisers, never applied to the session by themselves."""
from __future__ import annotations

import datetime as dt
import time

import pytest

from eventhub.events.operations import update_session
from eventhub.extensions import db
from eventhub.zoom.models import ZoomWebinarChange
from tests.zoom.conftest import SECOND_WEBINAR_ID, WEBINAR_ID, fresh, place_of
from tests.zoom.test_webhook_endpoint import post_event

UTC = dt.timezone.utc


def iso(instant: dt.datetime) -> str:
    return instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def updated(session, *, start=None, duration=None, topic=None, event_ts=None) -> dict:
    """webinar.updated as Zoom sends it: ``object`` has the id and what changed,
    ``old_object`` the previous values."""
    new, old = {"id": int(WEBINAR_ID)}, {"id": int(WEBINAR_ID)}
    if start is not None:
        new["start_time"], old["start_time"] = iso(start), iso(session.starts_at)
    if duration is not None:
        new["duration"], old["duration"] = duration, 120
    if topic is not None:
        new["topic"], old["topic"] = topic, "Consultation"
    return {"event": "webinar.updated", "event_ts": event_ts or int(time.time() * 1000),
            "payload": {"account_id": "fake-account", "operator": "host@ipu.example", "operator_id": "op1",
                        "object": new, "time_stamp": int(time.time() * 1000), "old_object": old}}


def deleted(session, *, operation=None, occurrences=None, event="webinar.deleted") -> dict:
    obj = {"uuid": "4444AAAiAAAAAiAiAiiAii==", "id": int(WEBINAR_ID), "host_id": "h1", "topic": "Consultation",
           "type": 5, "start_time": iso(session.starts_at), "duration": 120, "timezone": "Europe/Zurich"}
    payload = {"account_id": "fake-account", "operator": "host@ipu.example", "operator_id": "op1", "object": obj}
    if operation:
        payload["operation"] = operation
    if occurrences is not None:
        obj["occurrences"] = occurrences
    return {"event": event, "event_ts": int(time.time() * 1000), "payload": payload}


def open_flags(session):
    db.session.expire_all()
    return db.session.execute(db.select(ZoomWebinarChange).filter_by(session_id=session.id, resolved_at=None)
                              ).scalars().all()


def test_a_time_changed_on_zoom_is_flagged_shown_next_to_ours_and_accepted_through_the_session_notice(
        client, api_event, people, run_jobs, make_user, login_as):
    session = api_event.session_by_number(2)
    before = (session.starts_at, session.ends_at)
    people.register(api_event, email="amina@parl.example")
    run_jobs()
    later = session.starts_at + dt.timedelta(hours=2)
    body = updated(session, start=later, duration=90)
    response = post_event(client, body)
    assert response.status_code == 200 and response.get_json() == {"status": "applied"}
    assert post_event(client, body).get_json() == {"status": "duplicate"}  # a replay changes nothing
    session = fresh(session)
    assert (session.starts_at, session.ends_at) == before  # never changed silently
    [flag] = open_flags(session)
    assert (flag.zoom_starts_at, flag.zoom_duration) == (later, 90)

    login_as(make_user())
    page = client.get(f"/console/events/{api_event.slug}/zoom?lang=en").get_data(as_text=True)
    from eventhub.timezones import format_moment

    assert f'On Zoom: starts <bdi>{format_moment(later, "UTC", "en")}</bdi> UTC, 90 min.' in page
    assert f'Here: starts <bdi>{format_moment(before[0], "UTC", "en")}</bdi> UTC, 120 min.' in page
    for lang, words in (("fr", "Sur Zoom"), ("es", "En Zoom"), ("ar", "في Zoom: تبدأ")):
        translated = client.get(f"/console/events/{api_event.slug}/zoom?lang={lang}").get_data(as_text=True)
        assert words in translated and "Zoom reports that webinar" not in translated

    answer = client.post(f"/console/events/{api_event.slug}/zoom/sessions/2/changes/{flag.id}/accept?lang=en")
    assert answer.status_code == 303 and answer.headers["Location"].endswith(f"/e/{api_event.slug}/s/2/?lang=en")
    session = fresh(session)
    assert (session.starts_at, session.ends_at) == (later, later + dt.timedelta(minutes=90))
    assert open_flags(session) == []
    edit = client.get(f"/console/e/{api_event.slug}/s/2/?lang=en").get_data(as_text=True)
    assert "This session has moved. 1 registrant" in edit  # the normal offer to email them


def test_an_older_update_arriving_late_does_not_undo_a_newer_one_and_keeping_our_time_closes_the_flag(
        client, api_event, make_user, login_as):
    session = api_event.session_by_number(2)
    now_ms = int(time.time() * 1000)
    newest = session.starts_at + dt.timedelta(hours=3)
    post_event(client, updated(session, start=newest, event_ts=now_ms))
    late = post_event(client, updated(session, start=session.starts_at + dt.timedelta(hours=1),
                                      event_ts=now_ms - 60_000))
    assert late.get_json() == {"status": "unchanged"}
    assert post_event(client, updated(session, topic="Water and climate (new title)")).get_json() == \
        {"status": "applied"}
    [flag] = open_flags(session)
    assert (flag.zoom_starts_at, flag.zoom_topic) == (newest, "Water and climate (new title)")
    login_as(make_user())
    client.post(f"/console/events/{api_event.slug}/zoom/sessions/2/changes/{flag.id}/dismiss")
    assert open_flags(session) == [] and fresh(session).starts_at != newest
    settings_only = updated(session)
    settings_only["payload"]["object"]["agenda"] = "New agenda"
    assert post_event(client, settings_only).get_json() == {"status": "ignored"}


def test_a_deleted_webinar_flags_the_session_and_its_places_wait_for_a_new_one_without_join_links(
        client, api_event, people, run_jobs, zoom_api, smtp_server, make_user, login_as):
    session = api_event.session_by_number(2)
    amina = people.register(api_event, email="amina@parl.example")
    run_jobs()
    assert fresh(place_of(amina, 2)).zoom_join_url
    assert post_event(client, deleted(session)).get_json() == {"status": "applied"}
    place = fresh(place_of(amina, 2))
    assert (place.zoom_state, place.zoom_join_url, place.zoom_registrant_id) == ("pending", None, None)
    # Someone registering now is not sent to the deleted webinar and gets no join link.
    emails_before = len(smtp_server.messages)
    zoom_api.clear_log()
    late = people.register(api_event, email="late@parl.example")
    run_jobs()
    assert zoom_api.api_requests() == []
    assert [m["To"] for m in smtp_server.messages[emails_before:]].count("late@parl.example") <= 1
    assert not any("zoom.example/w/" in m.get_body().get_content() if m.get_body() else False
                   for m in smtp_server.messages[emails_before:])
    token = make_user(role="organiser")
    login_as(token)
    page = client.get(f"/console/events/{api_event.slug}/zoom?lang=en").get_data(as_text=True)
    assert "2 places wait for a new webinar" in page
    assert "Waiting for a new webinar: the webinar was deleted on Zoom." in page
    # The organiser reads that nobody was told yet, and how they will be.
    assert ("The registrants have not been told: eventhub emails each of them a new join link once "
            "the session has a new webinar.") in page
    assert post_event(client, deleted(session)).get_json() == {"status": "unchanged"}  # idempotent
    emails_before_move = len(smtp_server.messages)

    zoom_api.add_webinar(SECOND_WEBINAR_ID)
    update_session(fresh(session), zoom_webinar_id=SECOND_WEBINAR_ID)
    run_jobs()
    assert open_flags(session) == []
    for registration in (amina, late):
        place = fresh(place_of(registration, 2))
        assert place.zoom_state == "synced" and SECOND_WEBINAR_ID in place.zoom_join_url
        # ...and is emailed the new webinar's join link.
        assert any(m["To"] == registration.email and SECOND_WEBINAR_ID in m.get_body().get_content()
                   for m in smtp_server.messages[emails_before_move:] if m.get_body() is not None)


def test_a_webinar_recovered_from_zoom_trash_gets_its_places_back(client, api_event, people, run_jobs):
    session = api_event.session_by_number(2)
    amina = people.register(api_event, email="amina@parl.example")
    run_jobs()
    registrant_id = fresh(place_of(amina, 2)).zoom_registrant_id
    post_event(client, deleted(session))
    assert post_event(client, deleted(session, event="webinar.recovered")).get_json() == {"status": "applied"}
    run_jobs()
    place = fresh(place_of(amina, 2))
    assert (place.zoom_state, place.zoom_registrant_id) == ("synced", registrant_id)  # linked, not re-added
    assert open_flags(session) == []


def test_another_deleted_occurrence_leaves_the_session_alone_and_unsigned_deletions_are_refused(
        client, api_event, people, run_jobs):
    session = api_event.session_by_number(2)
    other = deleted(session, operation="single", occurrences=[
        {"occurrence_id": "1648194360000", "start_time": iso(session.starts_at + dt.timedelta(days=7))}])
    assert post_event(client, other).get_json() == {"status": "ignored"}
    assert post_event(client, deleted(session), signature="v0=" + "0" * 64).status_code == 401
    assert open_flags(session) == []


@pytest.mark.parametrize("body", [
    {"event": "webinar.updated", "payload": []},
    {"event": "webinar.updated", "payload": {"object": "84759841045"}},
    {"event": "webinar.updated", "payload": {"object": {"id": int(WEBINAR_ID), "start_time": 12, "duration": "abc",
                                                        "topic": ["x"], "occurrences": [1, None]},
                                             "old_object": "x"}},
    {"event": "webinar.deleted", "payload": {"operation": "single", "object": {"id": int(WEBINAR_ID),
                                                                             "occurrences": "all"}}},
])
def test_malformed_webinar_events_are_acknowledged_without_a_crash(client, api_event, body):
    response = post_event(client, body)
    assert response.status_code == 200
