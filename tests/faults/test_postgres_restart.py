"""PostgreSQL really restarted, and really stopped, under the running app.

The shared PostgreSQL server must not be restarted (other runs use it), so this module
starts a PostgreSQL of its own (Debian's binaries, a throwaway data directory, a free
port on loopback) and points the app at it. Then: ``pg_ctl restart`` under the served
app, and the next requests succeed (pool pre-ping, no app restart); ``pg_ctl stop``,
and the health check says the database is down (503) while pages say, in the
visitor's language, that the service is briefly unavailable (503, Retry-After, no
database details); started again, everything is back without touching
the app. Skips, with the reason, where the PostgreSQL server binaries are missing.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa

from tests.conftest import free_port

EVENT_PAGE = "/en/e/safe-cyberspace-2022/"
PG_BINARIES = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), reverse=True)

pytestmark = pytest.mark.slow


class PrivatePostgres:
    def __init__(self, bin_dir: Path, root: Path, port: int):
        self.bin_dir, self.root, self.port = bin_dir, root, port
        self.data = root / "data"
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{port}/eventhub"

    def _run(self, program: str, *args: str) -> None:
        command = [str(self.bin_dir / program), *args]
        if os.geteuid() == 0:  # the server refuses to run as root
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=120)

    def _pg_ctl(self, action: str, *extra: str) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.root / "server.log"), "-w", "-t", "60",
                  "-o", f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 "
                        "-c fsync=off -c full_page_writes=off", action, *extra)

    def init(self) -> None:
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8",
                  "--no-sync", "--no-instructions")
        self.start()
        admin = sa.create_engine(self.url.rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(sa.text('CREATE DATABASE "eventhub"'))
        admin.dispose()

    def start(self) -> None:
        self._pg_ctl("start")

    def stop(self) -> None:
        self._pg_ctl("stop", "-m", "fast")

    def restart(self) -> None:
        self._pg_ctl("restart", "-m", "fast")


@pytest.fixture(scope="module")
def private_postgres():
    if not PG_BINARIES:
        pytest.skip("PostgreSQL server binaries (/usr/lib/postgresql/*/bin) are not installed")
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        pytest.skip("running as root without runuser: cannot start PostgreSQL as its own user")
    root = Path(tempfile.mkdtemp(prefix="eventhub-pg-"))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    server = PrivatePostgres(PG_BINARIES[0].parent, root, free_port())
    try:
        server.init()
        yield server
    finally:
        try:
            server._pg_ctl("stop", "-m", "immediate")
        except subprocess.CalledProcessError:
            pass  # already stopped
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module")
def database_url(private_postgres):
    """The app of every test here uses the private server (overrides conftest's)."""
    return private_postgres.url


@pytest.fixture
def server(app, demo_event, live_server):
    from eventhub.extensions import db

    db.session.remove()  # give the fixture's connection back to the pool, as after a request

    def get(path):
        return requests.get(live_server.url + path, timeout=30)

    return get


def test_requests_succeed_after_postgresql_restarted(app, server, private_postgres):
    from eventhub.extensions import db

    assert db.engine.url.port == private_postgres.port
    assert server(EVENT_PAGE).status_code == 200
    assert db.engine.pool.checkedin() >= 1  # a pooled connection that the restart will break

    private_postgres.restart()

    assert server(EVENT_PAGE).status_code == 200
    assert server("/api/v1/events/safe-cyberspace-2022").json()["slug"] == "safe-cyberspace-2022"
    assert server("/healthz").json()["checks"]["database"] == "ok"


def test_while_postgresql_is_down_health_says_so_then_all_comes_back(app, server, private_postgres):
    assert server(EVENT_PAGE).status_code == 200
    private_postgres.stop()
    try:
        health = server("/healthz")
        assert health.status_code == 503
        assert health.json()["checks"]["database"] != "ok"
        page = server(EVENT_PAGE)
        assert page.status_code == 503 and page.headers["Retry-After"] == "30"
        assert "Service temporarily unavailable" in page.text
        french = server(EVENT_PAGE.replace("/en/", "/fr/"))
        assert french.status_code == 503 and "Service momentanément indisponible" in french.text
        api = server("/api/v1/events/safe-cyberspace-2022")
        assert api.status_code == 503 and api.json()["error"] == "service_unavailable"
        for leak in ("psycopg", "OperationalError", "127.0.0.1", "Traceback"):
            assert leak not in page.text
        assert health.text.count(str(private_postgres.port)) == 0
    finally:
        private_postgres.start()

    assert server("/healthz").status_code == 200
    assert server(EVENT_PAGE).status_code == 200


@pytest.mark.app_config(SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": False}, PAGE_CACHE_SECONDS=0)
def test_without_pre_ping_the_first_request_after_a_restart_fails(app, server, private_postgres):
    """Shows the first test can fail: the pool hands out a connection the restart broke.
    (With the page cache on, a kept page no longer needs the pool at all: its version read
    drops a broken connection and opens another, so the cache is off here to show the pool.)"""
    assert server(EVENT_PAGE).status_code == 200
    private_postgres.restart()
    assert server(EVENT_PAGE).status_code == 503
