"""Console sessions end when they should: a cookie copied before sign-out, before a
password, role or activation change, left idle past the timeout or older than the
absolute lifetime is refused; sign-in starts a new session."""
from __future__ import annotations

import time

import pytest

from eventhub.accounts import services
from eventhub.accounts.models import User
from eventhub.extensions import db

PASSWORD = "correct horse battery staple"


def sign_in(client, email="organiser@ipu.example", password=PASSWORD):
    response = client.post("/console/login", data={"email": email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return response


def session_cookie(client) -> str:
    return client.get_cookie("session").value


def replay(app, cookie: str):
    """The console index opened by another client holding a copy of ``cookie``."""
    other = app.test_client()
    other.set_cookie("session", cookie)
    return other.get("/console/")


def test_a_copy_of_the_cookie_taken_before_sign_out_is_refused(app, client, make_user):
    make_user()
    sign_in(client)
    copied = session_cookie(client)
    assert replay(app, copied).status_code == 200  # the copy works while signed in
    client.post("/console/logout")
    response = replay(app, copied)
    assert response.status_code == 302 and "/console/login" in response.headers["Location"]


def test_sign_out_ends_the_sessions_on_other_devices(app, client, make_user):
    make_user()
    sign_in(client)
    laptop = app.test_client()
    sign_in(laptop)
    client.post("/console/logout")
    assert laptop.get("/console/").status_code == 302


@pytest.mark.parametrize("change", ["password", "role", "deactivate", "end_sessions"])
def test_a_change_to_the_account_ends_its_sessions(app, client, make_user, change):
    user = make_user()
    make_user("admin@ipu.example", role="admin")
    sign_in(client)
    copied = session_cookie(client)
    user = db.session.get(User, user.id)
    if change == "password":
        services.set_password(user, "a different horse battery staple")
    elif change == "role":
        services.set_role(user, "staff")
    elif change == "deactivate":
        services.set_active(user, False)
    else:
        services.end_sessions(user)  # what a team change calls
    assert client.get("/console/").status_code == 302
    assert replay(app, copied).status_code == 302


def test_a_password_change_from_the_command_line_ends_sessions(app, client, make_user, monkeypatch):
    make_user()
    sign_in(client)
    copied = session_cookie(client)
    monkeypatch.setattr("eventhub.accounts.cli._read_password", lambda email: "another horse battery staple")
    result = app.test_cli_runner().invoke(args=["users", "set-password", "organiser@ipu.example"])
    assert result.exit_code == 0, result.output
    assert replay(app, copied).status_code == 302


def test_an_idle_cookie_past_the_timeout_is_refused(app, client, make_user, monkeypatch):
    make_user()
    sign_in(client)
    copied = session_cookie(client)
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + 29 * 60)
    assert replay(app, copied).status_code == 200  # 29 minutes idle: still valid
    monkeypatch.setattr(time, "time", lambda: now + 31 * 60)
    assert replay(app, copied).status_code == 302


def test_activity_keeps_a_session_open_but_not_beyond_twelve_hours(app, client, make_user, monkeypatch):
    make_user()
    sign_in(client)
    start = time.time()
    for minutes in range(20, 12 * 60, 20):  # a request every 20 minutes
        monkeypatch.setattr(time, "time", lambda: start + minutes * 60)
        assert client.get("/console/").status_code == 200, minutes
    monkeypatch.setattr(time, "time", lambda: start + 12 * 3600 + 60)
    assert client.get("/console/").status_code == 302


@pytest.mark.app_config(SESSION_IDLE_MINUTES=5)
def test_the_idle_timeout_is_configurable(app, client, make_user, monkeypatch):
    make_user()
    sign_in(client)
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + 6 * 60)
    assert client.get("/console/").status_code == 302


def test_sign_in_starts_a_new_session(app, client, make_user):
    make_user()
    with client.session_transaction() as session:
        session["planted"] = "by someone else"
    sign_in(client)
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["_user_id"].startswith(f"{db.session.execute(db.select(User.id)).scalar_one()}:")


def test_sign_out_everywhere_from_the_account_page(app, client, make_user):
    make_user()
    sign_in(client)
    laptop = app.test_client()
    sign_in(laptop)
    page = client.get("/console/account")
    assert page.status_code == 200 and "Sign out everywhere" in page.get_data(as_text=True)
    response = client.post("/console/account/sign-out-everywhere")
    assert response.status_code == 302 and "/console/login" in response.headers["Location"]
    assert client.get("/console/").status_code == 302
    assert laptop.get("/console/").status_code == 302
    sign_in(laptop)  # signing in again works
    assert laptop.get("/console/").status_code == 200


def test_a_cookie_of_the_old_format_is_refused(app, client, make_user):
    user = make_user()
    sign_in(client)
    with client.session_transaction() as session:
        session["_user_id"] = str(user.id)  # as issued before session generations
    assert client.get("/console/").status_code == 302
