"""Where the Zoom domain meets the others: the registration API's per-session ``zoom``,
the manage page's tracked Zoom link, the console menu, the console's session form."""
from __future__ import annotations

from eventhub.extensions import db
from tests.zoom.conftest import WEBINAR_ID, fresh, place_of


def test_registration_api_shows_each_places_zoom_summary(client, api_event, people, run_jobs, zoom_api, api_token):
    synced = people.register(api_event, {1: "en", 2: "fr"}, email="synced@parl.example")
    people.register(api_event, email="refused@nodot")
    run_jobs()
    zoom_api.fail_next(10, status=503, message="Service Unavailable")
    people.register(api_event, email="retrying@parl.example")
    run_jobs()

    items = client.get(f"/api/v1/events/{api_event.slug}/registrations",
                       headers={"Authorization": f"Bearer {api_token()}"}).get_json()["items"]
    zoom = {item["email"]: {s["number"]: s["zoom"] for s in item["sessions"]} for item in items}
    registrant = next(r for r in zoom_api.registrants_of(WEBINAR_ID) if r["email"] == synced.email)
    assert zoom["synced@parl.example"] == {
        1: {"mode": "link", "state": "link", "registrant_id": None, "join_url": None, "error": None,
            "waiting_for": None, "resumes_at": None},
        2: {"mode": "api", "state": "synced", "registrant_id": registrant["id"],
            "join_url": registrant["join_url"], "error": None, "waiting_for": None, "resumes_at": None}}
    assert zoom["refused@nodot"][2]["state"] == "failed"
    assert zoom["refused@nodot"][2]["error"] == "Validation Failed. (email: Invalid field.)"
    retrying = zoom["retrying@parl.example"][2]
    assert retrying["mode"] == "api" and retrying["state"] == "pending"
    assert retrying["error"].startswith("POST ") and "Service Unavailable" in retrying["error"]  # no "[retrying]"
    assert retrying["waiting_for"] == "retry" and retrying["resumes_at"] is None


def test_manage_page_links_to_the_tracked_zoom_link(client, demo_event, people):
    registration = people.register(demo_event, {2: "fr"})
    page = client.get(f"/es/r/{registration.token}").get_data(as_text=True)
    assert f'href="/es/r/{registration.token}/zoom/2"' in page
    client.get(f"/es/r/{registration.token}/zoom/2")
    assert fresh(place_of(registration, 2)).zoom_link_opened_at is not None


def test_console_menu_leads_to_the_zoom_page(client, api_event, make_user, login_as):
    login_as(make_user())
    dashboard = client.get(f"/console/e/{api_event.slug}/?lang=en").get_data(as_text=True)
    assert f'href="/console/events/{api_event.slug}/zoom"' in dashboard
    page = client.get(f"/console/events/{api_event.slug}/zoom?lang=en").get_data(as_text=True)
    assert 'aria-current="page">Zoom</a>' in page


def test_console_session_form_switches_a_session_to_api_mode(client, demo_event, people, zoom_api, run_jobs,
                                                            make_user, login_as):
    registration = people.register(demo_event)
    login_as(make_user())
    response = client.post(f"/console/e/{demo_event.slug}/s/2/?lang=en", data={
        "day": "2022-12-06", "starts": "16:30", "ends": "18:30", "floor_language": "en",
        "interpretation_languages": ["en", "fr", "es", "ar"],
        "zoom_registration_url": demo_event.session_by_number(2).zoom_registration_url,
        "zoom_webinar_id": "847 5984 1045", "capacity": "", "action": "save"})
    assert response.status_code in (302, 303)
    assert fresh(place_of(registration, 2)).zoom_state == "pending"
    run_jobs()
    assert fresh(place_of(registration, 2)).zoom_state == "synced"
    assert [r["email"] for r in zoom_api.registrants_of(WEBINAR_ID)] == [registration.email]
