"""Organiser API and its OpenAPI document."""
from __future__ import annotations

import re

import pytest

from eventhub.extensions import db
from eventhub.registration.models import Registration

from .conftest import api_payload, count_rows

URL = "/api/v1/events/safe-cyberspace-2022/registrations"


@pytest.fixture
def auth(api_token):
    return {"Authorization": f"Bearer {api_token('organiser')}"}


def test_create_registration(client, demo_event, auth, smtp_server, run_jobs):
    response = client.post(URL, json=api_payload(sessions=[1, 2], listening_language={"2": "fr"}), headers=auth)
    assert response.status_code == 201
    body = response.get_json()
    assert body["status"] == "confirmed"
    assert re.fullmatch(r"http://localhost/en/r/[A-Za-z0-9_-]{43}", body["manage_url"])
    assert [(s["number"], s["status"], s["listening_language"]) for s in body["sessions"]] == [
        (1, "confirmed", "en"), (2, "confirmed", "fr")]
    assert body["sessions"][1]["zoom"] == {"mode": "link", "state": "link", "registrant_id": None,
                                           "join_url": None, "error": None, "waiting_for": None, "resumes_at": None}
    stored = db.session.get(Registration, body["id"])
    assert stored.email == "lena.berg@riksdag.example"
    assert stored.changes[0].actor.startswith("organiser-")  # the organiser is in the history
    # The manage link works and the person got the confirmation.
    assert client.get(body["manage_url"].removeprefix("http://localhost")).status_code == 200
    assert run_jobs() == 2 and smtp_server.messages[0]["To"] == "lena.berg@riksdag.example"


def test_one_listening_language_for_all_sessions(client, demo_event, auth):
    response = client.post(URL, json=api_payload(sessions=[2], listening_language="ar", language="ar"), headers=auth)
    assert response.status_code == 201
    assert response.get_json()["sessions"][0]["listening_language"] == "ar"
    assert response.get_json()["manage_url"].startswith("http://localhost/ar/r/")


def test_duplicate_is_409_and_sends_nothing(client, demo_event, auth, run_jobs):
    first = client.post(URL, json=api_payload(), headers=auth).get_json()
    run_jobs()
    response = client.post(URL, json=api_payload(email="LENA.BERG@riksdag.example"), headers=auth)
    assert response.status_code == 409
    assert response.get_json()["error"] == "duplicate" and response.get_json()["id"] == first["id"]
    assert count_rows() == (1, 1)
    assert run_jobs() == 0
    # The link the organiser received still works.
    assert client.get(first["manage_url"].removeprefix("http://localhost")).status_code == 200


@pytest.mark.parametrize("overrides, field", [
    ({"given_name": ""}, "given_name"),
    ({"given_name": "x" * 121}, "given_name"),
    ({"family_name": None}, "family_name"),
    ({"email": "not-an-email"}, "email"),
    ({"country": "Switzerland"}, "country"),
    ({"parliament": "\x00"}, "parliament"),
    ({"role": "president"}, "role"),
    ({"sessions": []}, "sessions"),
    ({"sessions": [9]}, "sessions"),
    ({"sessions": ["two"]}, "sessions"),
    ({"sessions": [1], "listening_language": "fr"}, "listening_language"),
    ({"listening_language": {"2": "de"}}, "listening_language"),
    ({"listening_language": {"1": "en"}}, "listening_language"),
    ({"timezone": "Central European Time"}, "timezone"),
    ({"accessibility_needs": "a" * 1001}, "accessibility_needs"),
    ({"consent": False}, "consent"),
    ({"consent": None}, "consent"),
    ({"language": "de"}, "language"),
    ({"honorific": "Sir"}, "honorific"),
    ({"favourite_colour": "blue"}, "favourite_colour"),
])
def test_invalid_fields_are_422_with_field_errors(client, demo_event, auth, run_jobs, overrides, field):
    response = client.post(URL, json=api_payload(**overrides), headers=auth)
    assert response.status_code == 422
    body = response.get_json()
    assert body["error"] == "invalid"
    assert list(body["errors"]) == [field]
    assert all(isinstance(m, str) and m for m in body["errors"][field])
    assert count_rows() == (0, 0)
    assert run_jobs() == 0


def test_field_errors_follow_accept_language(client, demo_event, auth):
    headers = dict(auth, **{"Accept-Language": "es"})
    response = client.post(URL, json=api_payload(given_name=""), headers=headers)
    assert response.get_json()["errors"]["given_name"] == ["Le rogamos que indique su nombre."]


def test_not_json_is_422(client, demo_event, auth):
    response = client.post(URL, data="given_name=x", headers=auth)
    assert response.status_code == 422 and "body" in response.get_json()["errors"]


def test_tokens_are_required_and_checked(client, demo_event, api_token):
    assert client.post(URL, json=api_payload()).status_code == 401
    assert client.post(URL, json=api_payload(), headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert client.get(URL).status_code == 401
    staff = {"Authorization": f"Bearer {api_token('staff')}"}
    assert client.post(URL, json=api_payload(), headers=staff).status_code == 403
    assert count_rows() == (0, 0)


def test_unknown_event_is_404(client, demo_event, auth):
    assert client.post("/api/v1/events/nope/registrations", json=api_payload(), headers=auth).status_code == 404
    assert client.get("/api/v1/events/nope/registrations", headers=auth).status_code == 404


def test_list_is_paginated(client, demo_event, auth):
    for i in range(5):
        assert client.post(URL, json=api_payload(email=f"p{i}@parl.example"), headers=auth).status_code == 201
    page = client.get(f"{URL}?per_page=2", headers=auth).get_json()
    assert page["total"] == 5 and len(page["items"]) == 2
    assert [item["email"] for item in page["items"]] == ["p0@parl.example", "p1@parl.example"]
    assert "manage_url" not in page["items"][0]  # links are shown once, at creation
    emails = [item["email"] for item in page["items"]]
    while page["next"]:
        page = client.get(page["next"], headers=auth).get_json()
        emails += [item["email"] for item in page["items"]]
    assert emails == [f"p{i}@parl.example" for i in range(5)]
    assert page["next"] is None
    for bad in ("page=0", "page=x", "per_page=1000"):
        assert client.get(f"{URL}?{bad}", headers=auth).status_code == 422


def test_openapi_document_describes_every_api_route(app, client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.get_json()
    assert document["openapi"].startswith("3.")
    assert document["servers"][0]["url"].endswith("/api/v1")
    described = {(path, method.upper()) for path, ops in document["paths"].items() for method in ops}
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/"):
            continue
        path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule.removeprefix("/api/v1"))
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert (path, method) in described, f"{method} {rule.rule} is not in openapi.json"
    # Every $ref points at something defined.
    text = response.get_data(as_text=True)
    for ref in set(re.findall(r'"\$ref": ?"#/components/([^/]+)/([^"]+)"', text)):
        assert ref[1] in document["components"][ref[0]], ref


def test_openapi_security_schemes_are_all_defined(client):
    document = client.get("/api/v1/openapi.json").get_json()
    defined = set(document["components"]["securitySchemes"])
    used = {name for path in document["paths"].values() for operation in path.values()
            for requirement in operation.get("security", []) for name in requirement}
    assert used <= defined, used - defined
