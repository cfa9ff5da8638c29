"""Signing in to the console: cookies, one message for every failure, per-account lock,
per-address rate limit, sign-out by POST with CSRF, no open redirect."""
from __future__ import annotations

import datetime as dt
import re
import uuid

import pytest

from eventhub.accounts import services
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
    assert user.last_login_at is not None and user.failed_logins == 0


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


def test_account_locks_after_five_failures_even_for_the_right_password(client, make_user):
    make_user("organiser@ipu.example", role="organiser", password=PASSWORD)
    for _ in range(5):
        assert FAILED in sign_in(client, "organiser@ipu.example", "nope nope nope").get_data(as_text=True)
    user = db.session.execute(db.select(User)).scalar_one()
    assert user.locked_until is not None
    minutes = (user.locked_until - utcnow()).total_seconds() / 60
    assert 4 < minutes <= 5
    locked = sign_in(client, "organiser@ipu.example", PASSWORD)
    assert locked.status_code == 200 and FAILED in locked.get_data(as_text=True)
    assert client.get("/console/").status_code == 302  # still signed out


def test_lock_expires_and_success_resets_the_counter(app, make_user):
    user = make_user("organiser@ipu.example", role="organiser", password=PASSWORD)
    start = dt.datetime(2022, 12, 1, 9, 0, tzinfo=dt.timezone.utc)
    for _ in range(5):
        assert services.authenticate(user.email, "wrong wrong wrong", now=start) is None
    assert services.authenticate(user.email, PASSWORD, now=start + dt.timedelta(minutes=4)) is None
    # Attempts during the lock are not counted: a flood cannot extend it.
    assert db.session.get(User, user.id).failed_logins == 5
    signed_in = services.authenticate(user.email, PASSWORD, now=start + dt.timedelta(minutes=6))
    assert signed_in is not None and signed_in.failed_logins == 0 and signed_in.locked_until is None


def test_locks_grow_longer_and_are_capped(app, make_user):
    assert [services.lock_minutes(n) for n in (5, 10, 15, 20, 25, 30, 40)] == [5, 10, 20, 40, 60, 60, 60]
    user = make_user("organiser@ipu.example", role="organiser", password=PASSWORD)
    now = dt.datetime(2022, 12, 1, 9, 0, tzinfo=dt.timezone.utc)
    for round_number, expected in enumerate((5, 10, 20), start=1):
        for _ in range(5):
            services.authenticate(user.email, "wrong wrong wrong", now=now)
        locked_until = db.session.get(User, user.id).locked_until
        assert locked_until - now == dt.timedelta(minutes=expected), round_number
        now = locked_until + dt.timedelta(seconds=1)


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
