"""Pages with personal data are never cached (console, API, personal links), cookies
follow the session cookie's Secure flag, exports neutralise full-width formula signs,
CSV says its charset once, and next= cannot climb out of the console."""
from __future__ import annotations

import pytest

from eventhub.accounts.blueprint import safe_next_url
from eventhub.exports.writers import neutralise
from tests.pages import registration_token_values


def test_console_pages_and_personal_links_are_not_stored(app, client, demo_event, make_user, login_as):
    token = registration_token_values(demo_event)["token"]
    for path in (f"/en/r/{token}", f"/en/r/{token}/confirmation"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers["Cache-Control"] == "no-store", path
    login_as(make_user("admin@ipu.example", role="admin"))
    for path in ("/console/", "/console/audit", "/console/accounts",
                 f"/console/e/{demo_event.slug}/registrations"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers["Cache-Control"] == "no-store", path
        assert "Cookie" in response.headers.get("Vary", ""), path
    assert client.get("/console/login").headers["Cache-Control"] == "no-store"
    public = client.get(f"/en/e/{demo_event.slug}/")
    assert "no-store" not in public.headers.get("Cache-Control", "")


@pytest.mark.parametrize("value", ["＝HYPERLINK(\"http://x\")", "＋1+1", "－1", "＠SUM(A1)", " ＝1", "﹦1"])
def test_full_width_formula_signs_are_neutralised(value):
    assert neutralise(value) == "'" + value


def test_ordinary_text_is_left_alone():
    assert neutralise("Ａda") == "Ａda" and neutralise("إيمان") == "إيمان"


@pytest.mark.parametrize("target", ["/console/../../e/x", "/console/%2e%2e/%2e%2e/en/", "/console/..",
                                    "/consolex", "/console\\..\\en", "/console/\x00"])
def test_next_cannot_leave_the_console_by_dot_segments(target):
    assert safe_next_url(target) is None


def test_next_keeps_console_paths():
    assert safe_next_url("/console/audit?page=2") == "/console/audit?page=2"
    assert safe_next_url("/console/e/x/./registrations/") == "/console/e/x/registrations/"


@pytest.mark.app_config(SESSION_COOKIE_SECURE=True)
def test_time_zone_cookie_is_secure_with_the_session_cookie(client, demo_event):
    cookie = client.get(f"/en/e/{demo_event.slug}/?tz=Asia/Manila").headers.get("Set-Cookie", "")
    assert cookie.startswith("tz=") and "Secure" in cookie


def test_csv_export_names_its_charset_once(client, demo_event, make_user, login_as):
    login_as(make_user("organiser@ipu.example", role="organiser"))
    from tests.security.routes import all_rules

    rule = next(rule for rule in all_rules() if rule.endpoint == "console.export_registrations")
    response = client.get(rule.rule.replace("<slug>", demo_event.slug), query_string={"format": "csv"})
    assert response.status_code == 200
    assert response.headers["Content-Type"].lower().count("charset") == 1
