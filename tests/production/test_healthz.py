"""/healthz: what a load balancer asks each app instance. 200 when the database and
the job queue answer; 503 (and which part failed) when either does not."""
from __future__ import annotations

import pytest

from eventhub import create_app
from tests.conftest import TEST_DATABASE_URL, base_config


def test_healthy(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "checks": {"database": "ok", "queue": "ok"}}


def health_of(tmp_path, queue_name, **config):
    settings = base_config("sqlite://", tmp_path / "instance", queue_name)
    settings.update(config)
    app = create_app(settings)
    try:
        return app.test_client().get("/healthz")
    finally:
        with app.app_context():
            from eventhub.extensions import db

            db.engine.dispose()


@pytest.mark.parametrize("unreachable", [
    "sqlite:////nonexistent-directory/eventhub.sqlite3",
    "postgresql+psycopg://eventhub@127.0.0.1:1/eventhub?connect_timeout=3",
], ids=["sqlite-missing", "postgresql-refused"])
def test_database_unreachable_is_503(tmp_path, queue_name, unreachable):
    response = health_of(tmp_path, queue_name, DATABASE_URL=unreachable)
    assert response.status_code == 503
    body = response.get_json()
    assert body["status"] == "error"
    assert body["checks"]["database"].startswith("error: ")
    assert body["checks"]["queue"] == "ok"
    assert "127.0.0.1" not in response.get_data(as_text=True)  # no connection details leak


def test_queue_unreachable_is_503(tmp_path, queue_name):
    response = health_of(tmp_path, queue_name, DATABASE_URL=f"sqlite:///{tmp_path}/ok.sqlite3",
                         REDIS_URL="redis://127.0.0.1:1/0")
    assert response.status_code == 503
    body = response.get_json()
    assert body["checks"] == {"database": "ok", "queue": body["checks"]["queue"]}
    assert body["checks"]["queue"].startswith("error: ")


@pytest.mark.skipif(not TEST_DATABASE_URL, reason="needs EVENTHUB_TEST_DATABASE_URL (PostgreSQL)")
def test_healthy_on_postgresql(client, app):
    assert app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql")
    assert client.get("/healthz").status_code == 200
