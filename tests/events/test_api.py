import re

from eventhub.events.demo import DEMO_SLUG

ISO_Z = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


def test_event_json_shape(client, demo_event):
    data = client.get(f"/api/v1/events/{DEMO_SLUG}").get_json()
    assert data["slug"] == DEMO_SLUG
    assert data["reference_timezone"] == "Europe/Zurich"
    assert set(data["title"]) == {"en", "fr", "es", "ar"}
    sessions = data["sessions"]
    assert [s["number"] for s in sessions] == [1, 2]
    assert sessions[0]["starts_at"] == "2022-12-06T06:00:00Z"
    assert sessions[0]["ends_at"] == "2022-12-06T08:00:00Z"
    assert sessions[1]["starts_at"] == "2022-12-06T15:30:00Z"
    assert sessions[1]["ends_at"] == "2022-12-06T17:30:00Z"
    assert all(ISO_Z.match(s["starts_at"]) and ISO_Z.match(s["ends_at"]) for s in sessions)
    assert sessions[0]["interpretation_languages"] == []
    assert sessions[1]["interpretation_languages"] == ["en", "fr", "es", "ar"]
    assert sessions[0]["floor_language"] == "en"
    assert sessions[0]["region"]["en"] == "Timed for the Asia/Pacific region"
    assert sessions[1]["zoom_registration_url"].startswith("https://us06web.zoom.us/webinar/register/WN_")


def test_unknown_slug_is_json_404(client, demo_event):
    response = client.get("/api/v1/events/nope")
    assert response.status_code == 404
    assert response.is_json and response.get_json()["error"] == "not_found"


def test_unknown_api_route_is_json_404(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404 and response.is_json
