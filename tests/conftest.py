"""Shared fixtures.

The database is SQLite (a file per test session) unless EVENTHUB_TEST_DATABASE_URL
points at PostgreSQL; then a private database is created for this run (so parallel
runs never collide) and dropped at the end. EVENTHUB_TEST_REDIS_URL switches jobs and
rate limits to Redis with a private key prefix.

Per-test settings: ``@pytest.mark.app_config(WTF_CSRF_ENABLED=True)``.
"""
from __future__ import annotations

import email
import os
import uuid
from email import policy
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from flask import g, has_app_context
from flask.testing import FlaskClient

from eventhub import create_app
from eventhub.extensions import db as _db

TEST_DATABASE_URL = os.environ.get("EVENTHUB_TEST_DATABASE_URL", "")
TEST_REDIS_URL = os.environ.get("EVENTHUB_TEST_REDIS_URL", "")


def pytest_configure(config):
    config.addinivalue_line("markers", "app_config(**settings): extra app configuration for one test")


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """A database of our own for this test session."""
    if not TEST_DATABASE_URL:
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
        return
    admin_url = make_url(TEST_DATABASE_URL)
    name = f"eventhub_test_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    yield admin_url.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def queue_name():
    return f"eventhub-test-{uuid.uuid4().hex[:8]}"


def base_config(database_url: str, instance_path: Path, queue_name: str) -> dict:
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "DATABASE_URL": database_url,
        "INSTANCE_PATH": str(instance_path),
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "JOBS_QUEUE_NAME": queue_name,
        "JOBS_SQLITE_PATH": str(instance_path / "jobs.sqlite3"),
        "PUBLIC_BASE_URL": "http://localhost",
        "SMTP_HOST": "",
        "MAIL_FROM": "IPU Events <events@ipu.example>",
    }
    if TEST_REDIS_URL:
        config["REDIS_URL"] = TEST_REDIS_URL
        config["RATELIMIT_STORAGE_URI"] = TEST_REDIS_URL
    return config


_schema_ready: set[str] = set()


def _ensure_schema(app, database_url: str) -> None:
    """Build the schema with the real Alembic migrations, once per database."""
    if database_url in _schema_ready:
        return
    from flask_migrate import upgrade

    with app.app_context():
        upgrade()
    _schema_ready.add(database_url)


def _empty_all_tables(app) -> None:
    with app.app_context():
        _db.session.remove()
        with _db.engine.begin() as conn:
            for table in reversed(_db.metadata.sorted_tables):
                conn.execute(table.delete())


class FreshRequestClient(FlaskClient):
    """The `app` fixture keeps an app context open for the whole test (so tests can use
    db.session), and Flask reuses an open app context for requests: without this, `g`
    (signed-in user, locale, visitor zone) would leak from one request to the next."""

    def open(self, *args, **kwargs):
        if has_app_context():
            g.__dict__.clear()
        return super().open(*args, **kwargs)


@pytest.fixture
def app(request, database_url, tmp_path, queue_name):
    config = base_config(database_url, tmp_path / "instance", queue_name)
    marker = request.node.get_closest_marker("app_config")
    if marker:
        config.update(marker.kwargs)
    application = create_app(config)
    application.test_client_class = FreshRequestClient
    _ensure_schema(application, database_url)
    _empty_all_tables(application)
    from eventhub.jobs import huey

    huey.flush()  # no job left over from another test
    with application.app_context():
        yield application
        _db.session.remove()
    huey.flush()
    with application.app_context():
        _db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


#: The events clock in tests of the 2022 demo: three weeks before the meeting, when
#: registration was open (``eventhub.events.clock``).
DEMO_NOW = "2022-11-15T12:00:00+00:00"


@pytest.fixture
def demo_event(app):
    from eventhub.events.demo import load_demo_event

    app.config.setdefault("EVENTS_NOW", DEMO_NOW)
    event, _ = load_demo_event()
    return event


@pytest.fixture
def run_jobs(app):
    """Call to run every queued job now; returns how many ran."""
    from eventhub.jobs import drain

    return drain


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ReceivedMail:
    """What a real SMTP server on loopback received, parsed."""

    def __init__(self):
        self.envelopes = []

    @property
    def messages(self) -> list[email.message.EmailMessage]:
        return [email.message_from_bytes(env.content, policy=policy.default) for env in self.envelopes]

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server(app):
    """An aiosmtpd server on 127.0.0.1; the app is pointed at it."""
    from aiosmtpd.controller import Controller

    received = ReceivedMail()
    received.port = free_port()
    controller = Controller(received, hostname="127.0.0.1", port=received.port)
    controller.start()
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=received.port, SMTP_STARTTLS=False, SMTP_USER="")
    yield received
    controller.stop()


@pytest.fixture
def make_user(app):
    """Create a console user: make_user("organiser@ipu.example", role="organiser")."""
    from eventhub.accounts.models import User

    def make(email="organiser@ipu.example", role="organiser", password="correct horse battery staple"):
        user = User(email=email, role=role)
        user.set_password(password)
        _db.session.add(user)
        _db.session.commit()
        return user

    return make


@pytest.fixture
def login_as(client):
    """Sign a user in on the test client without going through the login form."""
    from tests.helpers import sign_in

    def login(user):
        return sign_in(client, user)

    return login


@pytest.fixture
def api_token(app, make_user):
    """A bearer token for a user with the given role: api_token("organiser") -> str."""
    from eventhub.accounts.models import ApiToken
    from eventhub.security import hash_token, new_token

    def make(role="organiser", email=None):
        user = make_user(email or f"{role}-{uuid.uuid4().hex[:6]}@ipu.example", role=role)
        token = new_token()
        _db.session.add(ApiToken(user=user, token_hash=hash_token(token), label="test"))
        _db.session.commit()
        return token

    return make


@pytest.fixture
def live_server(app):
    """The app served over real HTTP on 127.0.0.1 (threaded Werkzeug) for browser tests."""
    import threading

    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", free_port(), app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.url = f"http://127.0.0.1:{server.server_port}"
    yield server
    server.shutdown()


#: Seconds spent per test directory (setup, call and teardown), printed at the end of a run:
#: CI has a 90-minute limit for both passes, and this shows where the time goes.
_seconds_per_directory: dict[str, float] = {}


def pytest_runtest_logreport(report):
    directory = report.nodeid.split("::")[0].rsplit("/", 1)[0]
    _seconds_per_directory[directory] = _seconds_per_directory.get(directory, 0.0) + report.duration


def pytest_terminal_summary(terminalreporter):
    if not _seconds_per_directory:
        return
    terminalreporter.section("seconds per test directory")
    for directory, seconds in sorted(_seconds_per_directory.items(), key=lambda item: -item[1]):
        terminalreporter.write_line(f"{seconds:8.1f}  {directory}")
