"""Signing in to the console: cookies, one message for every failure, growing delays per
(address, client) and per client instead of an account lock, per-address rate limit, sign-out by POST with CSRF, no open redirect."""
from __future__ import annotations

import datetime as dt
import re
import uuid

import pytest

from eventhub.accounts import services, throttling
from eventhub.accounts.models import User
from eventhub.db_types import utcnow
from eventhub.extensions import db

PASSWORD = "correct horse battery staple"
FAILED = "Sign-in failed"


def sign_in(client, email, password, **extra):
    return client.post("/console/login", data={"email": email, "password": password, **extra})


def test_sign_in_redirects_to_console_with_safe_cookie(client, make_user):
    make_user("organiser@ipu.example", role="organiser", password=PASSWORD)
    response = sign_in(client, "Organiser@ipu.example", PASSWORD)
    assert response.status_code == 302 and response.headers["Location"].endswith("/console/")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # off by default (plain http in development)
    assert client.get("/console/").status_code == 200
    user = db.session.execute(db.select(User)).scalar_one()
    assert user.last_login_at is not None


@pytest.mark.app_config(SESSION_COOKIE_SECURE=True)
def test_session_cookie_is_secure_when_configured(client, make_user):
    make_user("organiser@ipu.example", role="organiser", password=PASSWORD)
    cookie = sign_in(client, "organiser@ipu.example", PASSWORD).headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie


def test_unknown_account_and_wrong_password_look_the_same(client, make_user):
    make_user("organiser@ipu.example", role="organiser", password=PASSWORD)
    unknown = sign_in(client, "nobody@ipu.example", PASSWORD)
    wrong = sign_in(client, "organiser@ipu.example", "wrong password entirely")
    assert unknown.status_code == wrong.status_code == 200
    body_unknown = unknown.get_data(as_text=True).replace("nobody@ipu.example", "EMAIL")
    body_wrong = wrong.get_data(as_text=True).replace("organiser@ipu.example", "EMAIL")
    assert FAILED in body_unknown
    assert body_unknown == body_wrong


def test_failures_from_one_client_make_it_wait_but_the_owner_elsewhere_gets_in(app, make_user):
    """No account lock to turn against its owner: the attacker's client waits, longer and
    longer, while the owner signs in from another address at once."""
    make_user("organiser@ipu.example", role="organiser", password=PASSWORD)
    attacker, owner = app.test_client(), app.test_client()
    attacker.environ_base["REMOTE_ADDR"] = "198.51.100.7"
    owner.environ_base["REMOTE_ADDR"] = "203.0.113.20"
    statuses = [sign_in(attacker, "organiser@ipu.example", "nope nope nope").status_code for _ in range(8)]
    assert statuses[:5] == [200] * 5 and 429 in statuses[5:]
    refused = sign_in(attacker, "organiser@ipu.example", PASSWORD)  # even the right password waits
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) >= 1
    assert "too many failed attempts" in refused.get_data(as_text=True)
    assert attacker.get("/console/").status_code == 302
    response = sign_in(owner, "organiser@ipu.example", PASSWORD)
    assert response.status_code == 302 and owner.get("/console/").status_code == 200


def test_delays_grow_and_are_capped_and_waiting_is_not_counted(app, make_user):
    user = make_user("organiser@ipu.example", role="organiser", password=PASSWORD)
    account_policy, _client = throttling.policies()
    assert [throttling.delay_seconds(n, account_policy) for n in (1, 5, 6, 7, 8, 12, 30)] == \
        [0, 0, 2, 4, 8, 128, 900]
    now = dt.datetime(2022, 12, 1, 9, 0, tzinfo=dt.timezone.utc)
    for _ in range(6):
        assert services.authenticate(user.email, "wrong wrong wrong", now=now, client="192.0.2.1") is None
    with pytest.raises(services.SignInThrottled) as waited:
        services.authenticate(user.email, PASSWORD, now=now + dt.timedelta(seconds=1), client="192.0.2.1")
    assert 0 < waited.value.retry_after <= 2
    # Attempts during the wait are not counted: a flood does not lengthen it.
    for _ in range(20):
        with pytest.raises(services.SignInThrottled):
            services.authenticate(user.email, "wrong", now=now + dt.timedelta(seconds=1), client="192.0.2.1")
    later = now + dt.timedelta(seconds=3)
    signed_in = services.authenticate(user.email, PASSWORD, now=later, client="192.0.2.1")
    assert signed_in is not None
    # A success resets the count for that client: the next failures are free again.
    assert services.authenticate(user.email, "wrong wrong wrong", now=later, client="192.0.2.1") is None


@pytest.mark.app_config(LOGIN_CLIENT_FREE_FAILURES=4)
def test_one_client_trying_many_addresses_waits_too(app, make_user):
    make_user("organiser@ipu.example", role="organiser", password=PASSWORD)
    now = dt.datetime(2022, 12, 1, 9, 0, tzinfo=dt.timezone.utc)
    for number in range(5):
        assert services.authenticate(f"guess{number}@ipu.example", "x" * 12, now=now, client="192.0.2.9") is None
    with pytest.raises(services.SignInThrottled):
        services.authenticate("organiser@ipu.example", PASSWORD, now=now, client="192.0.2.9")
    assert services.authenticate("organiser@ipu.example", PASSWORD, now=now, client="192.0.2.10") is not None


def test_repeated_failures_are_shown_in_the_audit_log(app, client, make_user, login_as):
    make_user("organiser@ipu.example", role="organiser", password=PASSWORD)
    now = dt.datetime.now(dt.timezone.utc)
    for second in range(7):
        try:
            services.authenticate("organiser@ipu.example", "wrong wrong wrong",
                                  now=now + dt.timedelta(seconds=60 * second), client="198.51.100.7")
        except services.SignInThrottled:
            pass
    login_as(make_user("admin@ipu.example", role="admin"))
    page = client.get("/console/audit").get_data(as_text=True)
    assert "Repeated failed sign-ins" in page
    assert "organiser@ipu.example" in page and "198.51.100.7" in page


def test_deactivated_account_cannot_sign_in_and_is_signed_out(client, make_user, login_as):
    user = make_user("organiser@ipu.example", role="organiser", password=PASSWORD)
    login_as(user)
    assert client.get("/console/").status_code == 200
    services.set_active(db.session.get(User, user.id), False)
    assert client.get("/console/").status_code == 302
    assert FAILED in sign_in(client, "organiser@ipu.example", PASSWORD).get_data(as_text=True)


@pytest.mark.app_config(RATELIMIT_ENABLED=True, RATELIMIT_LOGIN="3 per minute",
                        RATELIMIT_KEY_PREFIX=f"test-login-{uuid.uuid4().hex[:8]}")
def test_sign_in_attempts_are_rate_limited_per_address(client, make_user):
    make_user("organiser@ipu.example", role="organiser", password=PASSWORD)
    statuses = [sign_in(client, f"someone{n}@ipu.example", "x" * 12).status_code for n in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert client.get("/console/login").status_code == 200  # only POST is limited


def test_next_parameter_cannot_leave_the_console(client, make_user):
    make_user("organiser@ipu.example", role="organiser", password=PASSWORD)
    for target in ("https://evil.example/", "//evil.example/console", "/\\evil.example", "/en/"):
        response = sign_in(client, "organiser@ipu.example", PASSWORD, next=target)
        assert response.headers["Location"].endswith("/console/"), target
        client.post("/console/logout")
    response = sign_in(client, "organiser@ipu.example", PASSWORD, next="/console/audit?page=2")
    assert response.headers["Location"].endswith("/console/audit?page=2")


def test_anonymous_visit_redirects_to_sign_in_with_next(client, demo_event):
    response = client.get("/console/e/safe-cyberspace-2022/registrations?status=confirmed")
    assert response.status_code == 302
    assert "/console/login?next=" in response.headers["Location"]
    assert "registrations" in response.headers["Location"]


@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
def test_sign_in_and_sign_out_need_the_csrf_token(client, make_user):
    make_user("organiser@ipu.example", role="organiser", password=PASSWORD)
    assert sign_in(client, "organiser@ipu.example", PASSWORD).status_code == 400  # refused: no token
    page = client.get("/console/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    assert sign_in(client, "organiser@ipu.example", PASSWORD, csrf_token=token).status_code == 302

    assert client.get("/console/logout").status_code == 405
    assert client.post("/console/logout").status_code == 400  # no token
    assert client.get("/console/").status_code == 200
    page = client.get("/console/").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert client.post("/console/logout", data={"csrf_token": token}).status_code == 302
    assert client.get("/console/").status_code == 302


def test_session_from_another_browser_is_dropped(client, make_user):
    """Flask-Login 'strong' protection: the cookie replayed with another user agent fails."""
    make_user("organiser@ipu.example", role="organiser", password=PASSWORD)
    sign_in(client, "organiser@ipu.example", PASSWORD)
    assert client.get("/console/").status_code == 200
    assert client.get("/console/", headers={"User-Agent": "Stolen/1.0"}).status_code == 302


def test_login_page_in_arabic_is_right_to_left(client):
    response = client.get("/console/login", headers={"Accept-Language": "ar"})
    body = response.get_data(as_text=True)
    assert 'dir="rtl"' in body and 'lang="ar"' in body
    assert "Sign in to the organiser console" not in body
