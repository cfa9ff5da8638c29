"""PATCH /api/v1/events/<slug>/sessions/<number>: organisers set the webinar ID (switching
the session to API mode) and the other editable fields."""
from __future__ import annotations

import datetime as dt

from eventhub.events.models import EventSession
from eventhub.extensions import db
from eventhub.zoom.openapi import PATHS
from tests.zoom.conftest import WEBINAR_ID, fresh, place_of

URL = "/api/v1/events/safe-cyberspace-2022/sessions/{number}"


def patch(client, token, body, number=2, **headers):
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return client.patch(URL.format(number=number), json=body, headers=headers)


def test_needs_an_organiser_token(client, demo_event, api_token):
    assert patch(client, None, {"capacity": 10}).status_code == 401
    assert patch(client, "not-a-token", {"capacity": 10}).status_code == 401
    assert patch(client, api_token("staff"), {"capacity": 10}).status_code == 403
    assert demo_event.session_by_number(2).capacity is None


def test_unknown_session_and_bad_bodies(client, demo_event, api_token):
    token = api_token()
    assert patch(client, token, {"capacity": 10}, number=9).status_code == 404
    assert client.patch(URL.format(number=2), data="capacity=10",
                        headers={"Authorization": f"Bearer {token}"}).status_code == 400
    assert patch(client, token, {}).status_code == 400
    assert patch(client, token, [1, 2]).status_code == 400


def test_sets_the_webinar_id_as_zoom_shows_it(client, demo_event, api_token):
    response = patch(client, api_token(), {"zoom_webinar_id": "847 5984 1045"})
    assert response.status_code == 200
    body = response.get_json()
    assert body["zoom_webinar_id"] == "84759841045" and body["changed"] == ["zoom_webinar_id"]
    assert body["zoom_mode"] == "link"  # no credentials configured in this test
    assert fresh(demo_event.session_by_number(2)).zoom_webinar_id == "84759841045"
    assert patch(client, api_token(), {"zoom_webinar_id": 84759841045}).get_json()["changed"] == []
    cleared = patch(client, api_token(), {"zoom_webinar_id": None}).get_json()
    assert cleared["zoom_webinar_id"] is None and cleared["changed"] == ["zoom_webinar_id"]


def test_switching_to_api_mode_queues_the_sync_of_everyone_registered(client, demo_event, zoom_api, people,
                                                                     api_token, run_jobs):
    registrations = [people.register(demo_event) for _ in range(3)]
    assert all(place_of(r, 2).zoom_state == "link" for r in registrations)
    response = patch(client, api_token(), {"zoom_webinar_id": "847-5984-1045"})
    assert response.status_code == 200 and response.get_json()["zoom_mode"] == "api"
    assert {fresh(place_of(r, 2)).zoom_state for r in registrations} == {"pending"}
    run_jobs()
    assert {fresh(place_of(r, 2)).zoom_state for r in registrations} == {"synced"}
    assert sorted(r["email"] for r in zoom_api.registrants_of(WEBINAR_ID)) == sorted(r.email for r in registrations)


def test_times_with_offsets_are_stored_in_utc(client, demo_event, api_token):
    response = patch(client, api_token(), {"starts_at": "2022-12-06T16:00:00+01:00", "ends_at": "2022-12-06T17:30:00Z"})
    assert response.status_code == 200
    body = response.get_json()
    assert (body["starts_at"], body["ends_at"]) == ("2022-12-06T15:00:00Z", "2022-12-06T17:30:00Z")
    assert body["revision"] == 1
    session = db.session.get(EventSession, demo_event.session_by_number(2).id)
    assert session.starts_at == dt.datetime(2022, 12, 6, 15, tzinfo=dt.timezone.utc)


def test_other_fields(client, demo_event, api_token):
    response = patch(client, api_token(), {
        "capacity": 300, "interpretation_languages": ["ar", "en"], "status": "cancelled",
        "zoom_registration_url": "https://us06web.zoom.us/webinar/register/WN_abcdefghijklmnopqrstuv"})
    assert response.status_code == 200
    body = response.get_json()
    assert body["capacity"] == 300 and body["interpretation_languages"] == ["en", "ar"]
    assert body["status"] == "cancelled"
    assert body["zoom_registration_url"].endswith("WN_abcdefghijklmnopqrstuv")


def test_refused_values_give_422_with_a_message_per_field_and_change_nothing(client, demo_event, api_token):
    before = fresh(demo_event.session_by_number(2))
    snapshot = (before.capacity, before.zoom_webinar_id, before.starts_at, before.revision)
    response = patch(client, api_token(), {"zoom_webinar_id": "84759", "capacity": 0, "status": "maybe",
                                           "ends_at": "2022-12-06T01:00:00Z"})
    assert response.status_code == 422
    errors = response.get_json()["errors"]
    assert set(errors) == {"zoom_webinar_id", "capacity", "status", "ends_at"}
    assert "9 to 12 digits" in errors["zoom_webinar_id"]
    after = fresh(before)
    assert (after.capacity, after.zoom_webinar_id, after.starts_at, after.revision) == snapshot


def test_unreadable_times_unknown_fields_and_naive_times(client, demo_event, api_token):
    errors = patch(client, api_token(), {"starts_at": "tomorrow", "number": 5}).get_json()["errors"]
    assert set(errors) == {"starts_at", "number"}
    assert "ISO 8601" in errors["starts_at"]
    naive = patch(client, api_token(), {"starts_at": "2022-12-06T06:00:00"}).get_json()["errors"]
    assert "time zone" in naive["starts_at"]


def test_messages_follow_accept_language_french(client, demo_event, api_token):
    response = patch(client, api_token(), {"colour": "red", "starts_at": "demain"}, **{"Accept-Language": "fr"})
    errors = response.get_json()["errors"]
    assert errors["colour"] == "Ce champ ne peut pas être modifié."
    assert errors["starts_at"].startswith("Veuillez indiquer la date et l’heure au format ISO 8601")


def test_messages_follow_accept_language_spanish(client, demo_event, api_token):
    response = patch(client, api_token(), {"capacity": -1}, **{"Accept-Language": "es"})
    assert response.get_json()["message"] == "Se rechazaron algunos valores."
    assert "capacidad" in response.get_json()["errors"]["capacity"].lower()


def test_openapi_describes_the_endpoint():
    operation = PATHS["/events/{slug}/sessions/{number}"]["patch"]
    assert set(operation["responses"]) == {"200", "400", "401", "403", "404", "422"}
    assert operation["security"] == [{"bearerToken": []}]
