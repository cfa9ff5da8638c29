"""Staff routes are closed to the public: every route of the app is enumerated and
classified (tests/security/routes.py), anonymous visitors are turned away from every
console route, and every non-public API route wants a bearer token."""
from __future__ import annotations

from urllib.parse import urlparse

import pytest

from .routes import CONSOLE_ANY_SIGNED_IN_ENDPOINTS, all_rules, build_path, classify, methods, rules_of


def rule_params(kind):
    params = [
        pytest.param(rule, method, id=f"{method} {rule.rule}")
        for rule in rules_of(kind) for method in methods(rule)
    ]
    return params or [pytest.param(None, None, marks=pytest.mark.skip(reason=f"no {kind} route on this branch yet"))]


def test_every_route_is_classified():
    unclassified = [f"{rule.rule} ({rule.endpoint})" for rule in all_rules() if classify(rule) is None]
    assert unclassified == [], (
        "classify these routes in tests/security/routes.py (public, console or API): "
        + ", ".join(unclassified)
    )


def test_known_public_routes_are_found():
    """The enumeration sees the app's real routes (so the tests below mean something)."""
    found = {rule.endpoint: classify(rule) for rule in all_rules()}
    assert found["events.event_page"] == "public"
    assert found["events_api.event_json"] == "public-api"
    assert found["healthz"] == "public"
    assert found["static"] == "public"


def anonymous_request(client, app, rule, method):
    path = build_path(app, rule, method)
    return client.open(path, method=method, json={} if method in {"POST", "PUT", "PATCH"} else None)


@pytest.mark.parametrize("rule, method", rule_params("console"))
def test_console_route_turns_anonymous_visitors_away(app, client, demo_event, rule, method):
    response = anonymous_request(client, app, rule, method)
    if response.status_code in (301, 302, 303, 307, 308):
        location = urlparse(response.headers["Location"]).path
        assert location.startswith("/console/login"), f"redirected to {location}, not to the login page"
    else:
        assert response.status_code in (401, 403), (
            f"{method} {rule.rule} answered {response.status_code} to an anonymous visitor"
        )


@pytest.mark.parametrize("rule, method", rule_params("console"))
def test_console_route_refuses_a_signed_in_user_without_the_role(app, client, demo_event, make_user, login_as,
                                                                   rule, method):
    """A signed-in account with no console role gets 403 (or is sent back to sign in)."""
    if rule.endpoint in CONSOLE_ANY_SIGNED_IN_ENDPOINTS:
        pytest.skip(f"{rule.endpoint} is open to every signed-in account")
    login_as(make_user("nobody@ipu.example", role="none"))
    response = anonymous_request(client, app, rule, method)
    assert response.status_code in (302, 303, 401, 403), (
        f"{method} {rule.rule} answered {response.status_code} to an account without a role"
    )


@pytest.mark.parametrize("rule, method", rule_params("api"))
def test_api_route_requires_a_bearer_token(app, client, demo_event, rule, method):
    path = build_path(app, rule, method)
    for headers in ({}, {"Authorization": "Bearer not-a-real-token"}, {"Authorization": "Basic YTpi"}):
        response = client.open(path, method=method, headers=headers, json={})
        assert response.status_code == 401, f"{method} {path} with {headers} answered {response.status_code}"
        assert response.is_json


@pytest.mark.parametrize("rule, method", rule_params("api"))
def test_api_route_refuses_a_revoked_token(app, client, demo_event, api_token, rule, method):
    from eventhub.accounts.models import ApiToken
    from eventhub.db_types import utcnow
    from eventhub.extensions import db

    token = api_token("organiser")
    for row in db.session.execute(db.select(ApiToken)).scalars():
        row.revoked_at = utcnow()
    db.session.commit()
    path = build_path(app, rule, method)
    response = client.open(path, method=method, headers={"Authorization": f"Bearer {token}"}, json={})
    assert response.status_code == 401
