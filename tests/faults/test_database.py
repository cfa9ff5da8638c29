"""The database goes away under the running app.

Restarting the shared PostgreSQL server would disturb everyone else's test runs, so a
restart is simulated where it matters to the app: every connection this app holds to
its own private test database is terminated by the server (``pg_terminate_backend``),
exactly what a restart or failover does to a connection pool. With ``pool_pre_ping``
the next request gets a fresh connection and succeeds; without it, the visitor gets the
"service briefly unavailable" page (the second test shows that the first one can fail).
A real restart and a real outage of a private PostgreSQL server: test_postgres_restart.py.
"""
from __future__ import annotations

import pytest
import requests
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from tests.conftest import TEST_DATABASE_URL

pytestmark = pytest.mark.skipif(not TEST_DATABASE_URL, reason="needs EVENTHUB_TEST_DATABASE_URL (PostgreSQL)")

EVENT_PAGE = "/en/e/safe-cyberspace-2022/"


@pytest.fixture
def server(app, demo_event, live_server):
    """The app over HTTP: each request has its own app context and database session,
    given back to the pool at the end, as under gunicorn."""
    from eventhub.extensions import db

    db.session.remove()  # the fixture's own session gives its connection back too

    def get(path):
        return requests.get(live_server.url + path, timeout=30)

    return get


def terminate_app_connections(app) -> int:
    """Have the server drop every connection to this test run's private database."""
    database = make_url(app.config["SQLALCHEMY_DATABASE_URI"]).database
    admin = sa.create_engine(make_url(TEST_DATABASE_URL), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            return connection.execute(sa.text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = :database AND pid <> pg_backend_pid()"
            ), {"database": database}).scalar()
    finally:
        admin.dispose()


def test_requests_succeed_after_the_servers_connections_were_dropped(app, server):
    from eventhub.extensions import db

    assert app.config["SQLALCHEMY_ENGINE_OPTIONS"]["pool_pre_ping"] is True
    assert server(EVENT_PAGE).status_code == 200  # a pooled connection now exists
    assert db.engine.pool.checkedin() >= 1
    assert terminate_app_connections(app) >= 1

    assert server(EVENT_PAGE).status_code == 200
    assert server("/api/v1/events/safe-cyberspace-2022").json()["slug"] == "safe-cyberspace-2022"


# The page cache is off: a kept page's version read drops a broken connection and opens
# another by itself, so only a rendered page shows what the pool without pre-ping does.
@pytest.mark.app_config(SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": False}, PAGE_CACHE_SECONDS=0)
def test_without_pre_ping_the_first_request_after_a_drop_fails(app, server):
    assert server(EVENT_PAGE).status_code == 200
    assert terminate_app_connections(app) >= 1
    assert server(EVENT_PAGE).status_code == 503  # the "briefly unavailable" page


def test_health_check_reports_the_database_back_after_a_drop(app, server):
    assert server("/healthz").status_code == 200
    assert terminate_app_connections(app) >= 1
    response = server("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"]["database"] == "ok"
