"""Many simultaneous registrations through a real server (gunicorn, several worker
processes) against the test database (SQLite, or PostgreSQL under make test-postgres)."""
from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

from eventhub import PROJECT_ROOT
from eventhub.extensions import db
from eventhub.registration.models import Registration, SessionRegistration

from ..conftest import TEST_REDIS_URL, free_port
from .conftest import form_data

WORKERS = 3
DISTINCT = 36
DUPLICATES = 12
CAPACITY = 15


def start_gunicorn(app, workers: int) -> tuple[subprocess.Popen, str]:
    """gunicorn serving wsgi:app with the test app's settings passed as EVENTHUB_* variables."""
    port = free_port()
    env = dict(os.environ)
    env.update({
        "EVENTHUB_DATABASE_URL": app.config["DATABASE_URL"],
        "EVENTHUB_INSTANCE_PATH": app.instance_path,
        "EVENTHUB_SECRET_KEY": app.config["SECRET_KEY"],
        "EVENTHUB_WTF_CSRF_ENABLED": "false",
        "EVENTHUB_RATELIMIT_ENABLED": "false",
        "EVENTHUB_JOBS_QUEUE_NAME": app.config["JOBS_QUEUE_NAME"],
        "EVENTHUB_JOBS_SQLITE_PATH": app.config["JOBS_SQLITE_PATH"],
        "EVENTHUB_PUBLIC_BASE_URL": app.config["PUBLIC_BASE_URL"],
        "EVENTHUB_SMTP_HOST": "",
        # The demo event's clock (2022, registration open), as in this process.
        "EVENTHUB_EVENTS_NOW": str(app.config.get("EVENTS_NOW") or ""),
    })
    if TEST_REDIS_URL:
        env["EVENTHUB_REDIS_URL"] = TEST_REDIS_URL
    log = open(Path(app.instance_path) / "gunicorn.log", "wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--bind", f"127.0.0.1:{port}",
         "--timeout", "60", "--graceful-timeout", "5", "wsgi:app"],
        cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError((Path(app.instance_path) / "gunicorn.log").read_text())
        try:
            if requests.get(f"{url}/healthz", timeout=2).status_code == 200:
                return process, url
        except requests.RequestException:  # not listening yet, or workers still booting
            pass
        time.sleep(0.2)
    process.terminate()
    raise RuntimeError("gunicorn did not start in 30 s")


@pytest.mark.slow
def test_simultaneous_registrations_and_duplicates_end_in_exact_rows(app, demo_event, run_jobs):
    demo_event.session_by_number(2).capacity = CAPACITY
    db.session.commit()
    process, url = start_gunicorn(app, WORKERS)
    try:
        submissions = [form_data(email=f"person{i}@parl.example", given_name=f"Person {i}") for i in range(DISTINCT)]
        submissions += [form_data(email="same.person@parl.example", given_name=f"Copy {i}") for i in range(DUPLICATES)]
        start = threading.Barrier(len(submissions))

        def submit(data):
            start.wait(timeout=30)  # every request leaves at the same moment
            response = requests.post(f"{url}/en/e/safe-cyberspace-2022/register", data=data,
                                     allow_redirects=False, timeout=60)
            return response.status_code, response.headers.get("Location", "")

        with ThreadPoolExecutor(max_workers=len(submissions)) as pool:
            results = list(pool.map(submit, submissions))
    finally:
        process.terminate()
        process.wait(timeout=15)

    log = (Path(app.instance_path) / "gunicorn.log").read_text()
    assert [status for status, _ in results] == [302] * len(results), log[-3000:]
    confirmations = [loc for _, loc in results if loc.endswith("/confirmation")]
    check_email = [loc for _, loc in results if loc.endswith("/check-email")]
    assert len(confirmations) == DISTINCT + 1
    assert len(check_email) == DUPLICATES - 1

    db.session.expire_all()
    emails = db.session.execute(db.select(Registration.email)).scalars().all()
    assert len(emails) == len(set(emails)) == DISTINCT + 1
    assert emails.count("same.person@parl.example") == 1
    statuses = db.session.execute(db.select(SessionRegistration.status)).scalars().all()
    assert len(statuses) == DISTINCT + 1
    assert statuses.count("confirmed") == CAPACITY  # never more places than the capacity
    assert statuses.count("waitlisted") == DISTINCT + 1 - CAPACITY
    # Every confirmation and every "we emailed you your link" was queued, none lost
    # (two jobs per email: render, then deliver).
    assert run_jobs() == 2 * (DISTINCT + 1 + DUPLICATES - 1)
