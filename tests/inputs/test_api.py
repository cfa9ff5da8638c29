"""The inputs API for organiser and staff tokens."""
import pytest

from eventhub.events.demo import DEMO_SLUG

URL = f"/api/v1/events/{DEMO_SLUG}/inputs"

VALID = {
    "objectives": [1, 3],
    "title": "Parliaments as critical infrastructure",
    "text": "Parliaments should be protected like hospitals.",
    "language": "en",
    "country": "gb",
    "parliament": "House of Commons",
    "author_name": "Sam Taylor",
    "author_email": "sam.taylor@parliament.example",
    "attribution": "anonymous",
}


def auth(token):
    return {"Authorization": f"Bearer {token}"}


@pytest.mark.parametrize("role", ["staff", "organiser", "admin"])
def test_post_creates_an_input(client, demo_event, api_token, role):
    response = client.post(URL, json=VALID, headers=auth(api_token(role)))
    assert response.status_code == 201, response.get_json()
    data = response.get_json()
    assert data["objectives"] == [1, 3] and data["country"] == "GB" and data["attribution"] == "anonymous"
    assert data["status"] == "received" and data["source"] == "staff"
    assert response.headers["Location"].endswith(f"{URL}/{data['id']}")
    assert client.get(f"{URL}/{data['id']}", headers=auth(api_token(role))).get_json()["title"] == VALID["title"]


def test_post_reports_field_errors(client, demo_event, api_token):
    token = api_token("staff")
    bad = dict(VALID, objectives=[9], title="", language="xx", country="ZZ", author_email="nope",
               attribution="secret", text="x" * 20_001)
    response = client.post(URL, json=bad, headers=auth(token))
    assert response.status_code == 422
    errors = response.get_json()["errors"]
    assert set(errors) >= {"objectives", "title", "language", "country", "author_email", "attribution", "text"}
    assert all(isinstance(messages, list) and messages for messages in errors.values())

    response = client.post(URL, json=dict(VALID, objectives="1", parliament=7), headers=auth(token))
    assert response.status_code == 422
    assert set(response.get_json()["errors"]) == {"objectives", "parliament"}
    assert client.post(URL, json=[1, 2], headers=auth(token)).status_code == 422
    assert client.get(URL, headers=auth(token)).get_json()["total"] == 0


def test_tokens_are_required(client, demo_event, api_token):
    assert client.post(URL, json=VALID).status_code == 401
    assert client.get(URL).status_code == 401
    assert client.get(URL, headers=auth("made-up")).status_code == 401


def test_unknown_event_is_a_json_404(client, demo_event, api_token):
    response = client.get("/api/v1/events/nope/inputs", headers=auth(api_token("staff")))
    assert response.status_code == 404 and response.get_json()["error"] == "not_found"


def test_get_searches_with_the_same_function(client, demo_event, api_token, make_input):
    token = api_token("organiser")
    make_input(title="Démocratie", language="fr", objectives=(1,), text="Protéger la démocratie.")
    make_input(title="الديمقراطية", language="ar", objectives=(3,), text="حماية الدِّيمُقْرَاطِيَّة")
    make_input(title="Other", language="en", objectives=(3,))
    data = client.get(f"{URL}?q=democratie", headers=auth(token)).get_json()
    assert data["total"] == 1 and data["items"][0]["title"] == "Démocratie" and data["next"] is None
    data = client.get(f"{URL}?q=الديمقراطية&objective=3&language=ar", headers=auth(token)).get_json()
    assert [i["title"] for i in data["items"]] == ["الديمقراطية"]


def test_get_pages_with_next_links(client, demo_event, api_token, make_input):
    token = api_token("staff")
    for n in range(3):
        make_input(title=f"Item {n}")
    first = client.get(f"{URL}?per_page=2", headers=auth(token)).get_json()
    assert first["total"] == 3 and len(first["items"]) == 2 and "page=2" in first["next"]
    second = client.get(first["next"], headers=auth(token)).get_json()
    assert len(second["items"]) == 1 and second["next"] is None
    assert {i["title"] for i in first["items"] + second["items"]} == {"Item 0", "Item 1", "Item 2"}


def test_openapi_document_describes_the_inputs_api(client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert set(document["paths"]["/events/{slug}/inputs"]) == {"get", "post"}
    assert set(document["components"]["schemas"]["InputCreate"]["required"]) == {
        "objectives", "title", "text", "language", "country", "parliament", "author_name", "author_email"}
