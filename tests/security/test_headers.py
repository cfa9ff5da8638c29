"""Security headers on every public page and endpoint; HSTS only when the request
really arrived over HTTPS (behind a trusted proxy)."""
from __future__ import annotations

import pytest

from tests.pages import PUBLIC_PAGES, page_params, page_url

#: Referrer policies that never send a page's path (a manage token) to another site.
PATH_SAFE_REFERRER_POLICIES = {"no-referrer", "same-origin", "strict-origin", "origin"}


def csp_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    return directives


def assert_security_headers(response, url):
    headers = response.headers
    csp = headers.get("Content-Security-Policy")
    assert csp, f"{url}: no Content-Security-Policy"
    directives = csp_directives(csp)
    assert directives.get("frame-ancestors") == ["'none'"], f"{url}: {csp}"
    assert directives.get("object-src") == ["'none'"]
    assert directives.get("default-src") == ["'self'"]
    script_sources = directives.get("script-src", directives["default-src"])
    assert script_sources == ["'self'"], f"{url}: scripts allowed from {script_sources}"
    for directive, sources in directives.items():
        for unsafe in ("'unsafe-inline'", "'unsafe-eval'", "*", "data:") if directive != "img-src" else ("*",):
            assert unsafe not in sources, f"{url}: {directive} allows {unsafe}"
    assert headers.get("X-Content-Type-Options") == "nosniff"
    assert headers.get("X-Frame-Options") == "DENY"
    assert headers.get("Referrer-Policy") in PATH_SAFE_REFERRER_POLICIES
    assert "Strict-Transport-Security" not in headers, f"{url}: HSTS over plain HTTP"
    assert "Server" not in headers or "Python" not in headers["Server"]


@pytest.mark.parametrize("page_spec, lang", page_params(PUBLIC_PAGES))
def test_public_page_security_headers(app, client, demo_event, page_spec, lang):
    url = page_url(app, page_spec, lang, page_spec.url_values(demo_event))
    response = client.get(url)
    assert response.status_code == 200
    assert_security_headers(response, url)


@pytest.mark.parametrize("url", [
    "/healthz",
    "/api/v1/events/safe-cyberspace-2022",
    "/en/e/no-such-event/",
    "/static/css/app.css",
    "/",
    "/en/e/safe-cyberspace-2022/calendar.ics",
    "/ar/e/safe-cyberspace-2022/s/2.ics",
])
def test_other_public_endpoints_have_security_headers(client, demo_event, url):
    response = client.get(url)
    assert response.status_code < 500
    assert_security_headers(response, url)


def test_error_page_has_security_headers(client):
    response = client.get("/xx/nowhere")
    assert response.status_code == 404
    assert_security_headers(response, "/xx/nowhere")


@pytest.mark.app_config(PROXY_COUNT=1)
def test_hsts_when_https_arrives_through_the_trusted_proxy(client, demo_event):
    response = client.get("/en/e/safe-cyberspace-2022/", headers={"X-Forwarded-Proto": "https"})
    hsts = response.headers.get("Strict-Transport-Security", "")
    assert "max-age=" in hsts
    assert int(hsts.split("max-age=")[1].split(";")[0]) >= 180 * 24 * 3600
    assert "Strict-Transport-Security" not in client.get("/en/e/safe-cyberspace-2022/").headers


def test_forwarded_proto_is_ignored_without_a_trusted_proxy(client, demo_event):
    """Without EVENTHUB_PROXY_COUNT anyone could send the header: it must not count."""
    response = client.get("/en/e/safe-cyberspace-2022/", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" not in response.headers


@pytest.mark.app_config(PROXY_COUNT=1)
def test_client_address_comes_from_the_proxy_header(app, client):
    """ProxyFix: rate limits and logs see the visitor, not the proxy."""
    from flask import request

    seen = {}

    @app.get("/_test/remote-addr")
    def remote_addr():
        seen["addr"] = request.remote_addr
        return "ok"

    client.get("/_test/remote-addr", headers={"X-Forwarded-For": "203.0.113.9"})
    assert seen["addr"] == "203.0.113.9"


def test_cookies_the_server_sets_are_not_readable_cross_site(client, demo_event):
    response = client.get("/en/e/safe-cyberspace-2022/?tz=Asia/Manila")
    cookie = response.headers.get("Set-Cookie", "")
    assert cookie.startswith("tz=")
    assert "SameSite=Lax" in cookie
