"""Malformed Zoom answers (the issue's "Bad input"): an HTML error page, JSON cut short,
fields missing or of the wrong type. Each is recorded on the place as a failed attempt
with what Zoom sent, retried where Zoom may have done the work, and never becomes a 5xx
page or a job that dies without saying why. The stand-in sends them over HTTP
(``FakeZoom.garble_next``)."""
from __future__ import annotations

import pytest

from eventhub.extensions import db
from eventhub.jobs.models import JobFailure
from eventhub.zoom import services
from tests.zoom.conftest import WEBINAR_ID, fresh, place_of, run_scheduled_now

ADD = rf"/webinars/{WEBINAR_ID}/registrants"
HTML_PAGE = "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>"


def adds(fake_zoom):
    return [r for r in fake_zoom.api_requests() if r.method == "POST" and r.path == f"/v2{ADD}"]


def test_an_html_error_page_is_a_failed_attempt_with_its_status_then_retried(api_event, people, run_jobs,
                                                                            zoom_api):
    zoom_api.garble_next(3, raw=HTML_PAGE, status=502, content_type="text/html", handled=False,
                         method="POST", path=ADD)
    registration = people.register(api_event, email="proxy@parl.example")
    run_jobs()
    place = fresh(place_of(registration, 2))
    kind, _, message = services.parse_zoom_error(place.zoom_error)
    assert place.zoom_state == "pending" and kind == "retrying" and "502" in message
    run_scheduled_now()
    place = fresh(place)
    assert place.zoom_state == "synced" and place.zoom_error is None
    assert len(zoom_api.registrants_of(WEBINAR_ID)) == 1


def test_json_cut_short_after_zoom_registered_the_person_does_not_register_them_twice(
        api_event, people, run_jobs, zoom_api):
    zoom_api.garble_next(1, raw='{"id": 84759841045, "registrant_id": "abc", "join_u', method="POST", path=ADD)
    registration = people.register(api_event, email="cut@parl.example")
    run_jobs()
    place = fresh(place_of(registration, 2))
    assert place.zoom_state == "pending"
    assert services.parse_zoom_error(place.zoom_error)[2] == "Zoom's answer had no registrant id."
    run_scheduled_now()  # the retry looks the person up first and finds Zoom's registrant
    place = fresh(place)
    [registrant] = zoom_api.registrants_of(WEBINAR_ID)
    assert place.zoom_state == "synced" and place.zoom_registrant_id == registrant["id"]
    assert len(adds(zoom_api)) == 1


@pytest.mark.parametrize("raw", [
    '{"id": 84759841045, "registrant_id": ["abc"], "join_url": 5}',
    '{"id": 84759841045, "registrant_id": 12345, "join_url": {"url": "https://zoom.example/w/1"}}',
    '["registrant_id", "join_url"]',
    '"ok"',
])
def test_fields_of_the_wrong_type_are_a_failed_attempt_not_a_crash(api_event, people, run_jobs, zoom_api, raw):
    zoom_api.garble_next(1, raw=raw, method="POST", path=ADD)
    registration = people.register(api_event, email="types@parl.example")
    run_jobs()
    place = fresh(place_of(registration, 2))
    assert place.zoom_state == "pending" and place.zoom_registrant_id is None and place.zoom_join_url is None
    kind, _, message = services.parse_zoom_error(place.zoom_error)
    assert kind == "retrying" and message
    run_scheduled_now()
    place = fresh(place)
    assert place.zoom_state == "synced" and isinstance(place.zoom_registrant_id, str)
    assert place.zoom_join_url.startswith("https://")
    assert len(zoom_api.registrants_of(WEBINAR_ID)) == 1


def test_a_malformed_batch_answer_falls_back_to_single_adds(demo_event, people, run_jobs, zoom_api):
    from eventhub.events.operations import update_session

    registrations = [people.register(demo_event, email=f"b{n}@parl.example") for n in range(3)]
    run_jobs()
    zoom_api.garble_next(1, raw='{"registrants": [{"email": 5, "registrant_id": null}, "x"', handled=False,
                         method="POST", path=rf"/webinars/{WEBINAR_ID}/batch_registrants")
    update_session(demo_event.session_by_number(2), zoom_webinar_id=WEBINAR_ID)
    run_jobs()
    assert {fresh(place_of(r, 2)).zoom_state for r in registrations} == {"synced"}
    assert len(zoom_api.registrants_of(WEBINAR_ID)) == 3


@pytest.mark.parametrize("raw", [
    HTML_PAGE,
    '{"id": 84759841045, "topic": ["x"], "settings": "on", "start_time": 5, "duration": "long"',
    '{"id": 84759841045, "topic": ["x"], "settings": "on", "start_time": 5, "duration": "long"}',
    '{"settings": {"approval_type": "0", "language_interpretation": {"enable": true, "interpreters": "FR"}}}',
    '{"settings": {"language_interpretation": {"enable": true, "interpreters": 5}}}',
])
def test_the_set_up_page_survives_a_malformed_webinar(client, api_event, zoom_api, make_user, login_as, raw):
    zoom_api.garble_next(1, raw=raw, method="GET", path=rf"/webinars/{WEBINAR_ID}")
    login_as(make_user())
    page = client.get(f"/console/events/{api_event.slug}/zoom/sessions/2/setup?lang=fr")
    assert page.status_code == 200
    assert "À corriger" in page.get_data(as_text=True)


@pytest.mark.parametrize("raw", [HTML_PAGE, '{"questions": "none", "custom_questions": [1, "x", null]}'])
def test_the_set_up_page_survives_malformed_questions(client, api_event, zoom_api, make_user, login_as, raw):
    zoom_api.garble_next(1, raw=raw, method="GET", path=rf"/webinars/{WEBINAR_ID}/registrants/questions")
    login_as(make_user())
    assert client.get(f"/console/events/{api_event.slug}/zoom/sessions/2/setup").status_code == 200


def test_no_job_is_left_failing_without_a_place_saying_why(api_event, people, run_jobs, zoom_api):
    zoom_api.garble_next(1, raw='{"registrant_id": {"id": 1}}', method="POST", path=ADD)
    registration = people.register(api_event, email="why@parl.example")
    run_jobs()
    place = fresh(place_of(registration, 2))
    assert place.zoom_error  # the place says what happened
    failures = db.session.execute(db.select(JobFailure)).scalars().all()
    assert all("sync" in f.task_name for f in failures)


@pytest.mark.parametrize("name,obj", [
    ("webinar.registration_created", {"registrant": "amina@parl.example"}),
    ("webinar.registration_approved", {"registrant": {"id": ["x"], "email": 5, "join_url": 7}}),
    ("webinar.registration_cancelled", {"registrant": ["x"]}),
    ("webinar.participant_joined", {"participant": "someone"}),
    ("webinar.participant_left", {"participant": {"registrant_id": 5, "email": [], "leave_time": 9}}),
])
def test_webhook_deliveries_of_the_wrong_shape_are_acknowledged_not_a_500(client, api_event, people, run_jobs,
                                                                           zoom_api, name, obj):
    from tests.zoom.test_webhook_endpoint import event, post_event

    registration = people.register(api_event, email="amina@parl.example")
    run_jobs()
    before = fresh(place_of(registration, 2))
    state = (before.zoom_state, before.zoom_registrant_id, before.zoom_join_url, before.attended)
    response = post_event(client, event(name, **obj))
    assert response.status_code == 200
    after = fresh(place_of(registration, 2))
    assert (after.zoom_state, after.zoom_registrant_id, after.zoom_join_url, after.attended) == state
