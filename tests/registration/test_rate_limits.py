"""Rate limits on the public form and the organiser API (memory, or Redis under make test-postgres)."""
from __future__ import annotations

import uuid

import pytest

from .conftest import api_payload, count_rows, form_data, register_url


def limited(**settings):
    # A key prefix of our own: under Redis, other runs must not share our counters.
    return pytest.mark.app_config(RATELIMIT_ENABLED=True, RATELIMIT_KEY_PREFIX=f"t-{uuid.uuid4().hex[:8]}",
                                  **settings)


@limited(RATELIMIT_REGISTRATION="3 per minute")
def test_form_posts_are_limited_with_a_localised_page(client, demo_event):
    statuses = [client.post(register_url("fr"), data=form_data(email=f"p{i}@parl.example")).status_code
                for i in range(4)]
    assert statuses == [302, 302, 302, 429]
    response = client.post(register_url("ar"), data=form_data(email="late@parl.example"))
    html = response.get_data(as_text=True)
    assert response.status_code == 429
    assert 'dir="rtl"' in html and "Too many requests" not in html
    assert response.headers.get("Retry-After")
    assert count_rows() == (3, 3)
    # Reading the form is not limited.
    assert client.get(register_url("fr")).status_code == 200


@limited(RATELIMIT_API="2 per minute")
def test_api_is_limited(client, demo_event, api_token):
    headers = {"Authorization": f"Bearer {api_token('organiser')}"}
    url = "/api/v1/events/safe-cyberspace-2022/registrations"
    statuses = [client.post(url, json=api_payload(email=f"a{i}@parl.example"), headers=headers).status_code
                for i in range(3)]
    assert statuses == [201, 201, 429]
    response = client.get(url, headers=headers)
    assert response.status_code == 429
    assert response.get_json()["error"] == "too_many_requests"
