"""Every /console URL: anonymous -> sign-in page, wrong role -> 403, right role -> 200
(405 for a GET on a POST-only route)."""
from __future__ import annotations

import re

import pytest

from eventhub.events.demo import DEMO_SLUG

from .helpers import make_registration

#: Pages that must open without signing in.
PUBLIC_ENDPOINTS = {"accounts.login", "accounts.logout"}

#: The roles each console endpoint of this branch admits (admins pass everywhere).
#: A new console route must be added here, so that its access rule is stated and tested.
EXPECTED_ROLES = {
    "console.index": {"organiser", "staff"},
    "console.dashboard": {"organiser"},
    "console.event_settings": {"organiser"},
    "console.session_edit": {"organiser"},
    "console.session_cancel": {"organiser"},
    "console.session_reinstate": {"organiser"},
    "console.session_notify": {"organiser"},
    "console.registrations": {"organiser"},
    "console.registration_add": {"organiser"},
    "console.registration_detail": {"organiser"},
    "console.registration_details": {"organiser"},
    "console.registration_cancel": {"organiser"},
    "console.registration_restore": {"organiser"},
    "console.registration_attendance": {"organiser"},
    "console.registration_anonymise": {"organiser"},
    "console.exports": {"organiser"},
    "console.export_registrations": {"organiser"},
    "console.export_zoom": {"organiser"},
    "console.export_interpretation": {"organiser"},
    "console.audit": {"admin"},
    "accounts.users": {"admin"},
    "accounts.user_role": {"admin"},
    "accounts.user_active": {"admin"},
    "accounts.account": {"organiser", "staff"},
    "accounts.sign_out_everywhere": {"organiser", "staff"},
    "accounts.user_events": {"admin"},
    "accounts.event_team": {"admin"},
    "accounts.event_team_remove": {"admin"},
    "guide.index": {"organiser", "staff"},
    "guide.page": {"organiser", "staff"},
}
ROLES = ("admin", "organiser", "staff")


def console_rules(app):
    return [rule for rule in app.url_map.iter_rules() if rule.rule.startswith("/console")]


def build_path(rule, values: dict) -> str:
    path = rule.rule
    for argument in rule.arguments:
        path = re.sub(r"<(?:[^:<>]+:)?%s>" % argument, str(values.get(argument, 1)), path)
    return path


@pytest.fixture
def url_values(demo_event, make_user):
    registration = make_registration(demo_event)
    someone = make_user("someone@ipu.example", role="staff")
    return {"slug": DEMO_SLUG, "number": 2, "registration_id": registration.id, "user_id": someone.id,
            "name": "staff"}


def is_login_redirect(response) -> bool:
    return response.status_code == 302 and "/console/login" in response.headers["Location"]


def test_every_console_route_states_its_roles(app):
    """Each /console view is wrapped by role_required (or is the sign-in page itself)."""
    unprotected = []
    for rule in console_rules(app):
        view = app.view_functions[rule.endpoint]
        if rule.endpoint not in PUBLIC_ENDPOINTS and not getattr(view, "required_roles", None):
            unprotected.append(rule.endpoint)
    assert unprotected == []


def test_anonymous_is_sent_to_sign_in_on_every_console_route(app, client, url_values):
    checked = 0
    for rule in console_rules(app):
        if rule.endpoint in PUBLIC_ENDPOINTS:
            continue
        method = "GET" if "GET" in rule.methods else "POST"
        response = client.open(build_path(rule, url_values), method=method)
        assert is_login_redirect(response), (rule.rule, method, response.status_code)
        checked += 1
    assert checked >= len(EXPECTED_ROLES)


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_exactly_its_pages(app, make_user, login_as, url_values, role):
    user = make_user(f"{role}-access@ipu.example", role=role)
    client = login_as(user)
    for rule in console_rules(app):
        if rule.endpoint in PUBLIC_ENDPOINTS:
            continue
        allowed = rule.endpoint in EXPECTED_ROLES and (role == "admin" or role in EXPECTED_ROLES[rule.endpoint])
        view_roles = set(app.view_functions[rule.endpoint].required_roles)
        if rule.endpoint not in EXPECTED_ROLES:
            # A console page of another domain: only the decorator's own rule can be checked.
            allowed_here = role == "admin" or role in view_roles
            if not allowed_here:
                method = "GET" if "GET" in rule.methods else "POST"
                assert client.open(build_path(rule, url_values), method=method).status_code == 403
            continue
        path = build_path(rule, url_values)
        if "GET" in rule.methods:
            response = client.get(path)
            response.get_data()  # downloads stream: read them to the end
            expected = 200 if allowed else 403
            assert response.status_code == expected, (rule.rule, role, response.status_code)
        else:
            if allowed:
                assert client.get(path).status_code == 405, rule.rule
            else:
                assert client.post(path).status_code == 403, (rule.rule, role)


def test_expected_roles_match_the_decorators(app):
    """The table above and the decorators agree (a loosened rule fails here)."""
    for endpoint, roles in EXPECTED_ROLES.items():
        assert set(app.view_functions[endpoint].required_roles) == roles, endpoint


def test_every_console_endpoint_of_this_branch_is_in_the_table(app):
    ours = {rule.endpoint for rule in console_rules(app)
            if rule.endpoint.split(".")[0] in {"console", "accounts", "guide"}} - PUBLIC_ENDPOINTS
    assert ours == set(EXPECTED_ROLES)


def test_staff_role_sees_403_page_in_its_language(make_user, login_as):
    client = login_as(make_user("staff@ipu.example", role="staff"))
    response = client.get(f"/console/e/{DEMO_SLUG}/registrations?lang=fr")
    assert response.status_code == 403
    assert "Accès refusé" in response.get_data(as_text=True)
