"""Rate limits are counted by all gunicorn workers together: the embedded default keeps
the counters in a SQLite file every worker shares (eventhub/ratelimit_storage.py), and
per-process memory with several workers is refused at start."""
from __future__ import annotations

import os
import runpy
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from tests.conftest import free_port

ROOT = Path(__file__).resolve().parents[2]
CONF = ROOT / "gunicorn.conf.py"


def test_several_workers_with_per_process_limits_are_refused(monkeypatch):
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    monkeypatch.setenv("EVENTHUB_RATELIMIT_STORAGE_URI", "memory://")
    with pytest.raises(SystemExit) as refused:
        runpy.run_path(str(CONF))
    assert "per process" in str(refused.value) and "Redis" in str(refused.value)
    monkeypatch.setenv("WEB_CONCURRENCY", "1")
    assert runpy.run_path(str(CONF))["workers"] == 1  # one worker: nothing to share


def test_the_default_storage_is_shared_by_processes(tmp_path):
    from limits import RateLimitItemPerMinute
    from limits.storage import storage_from_string
    from limits.strategies import FixedWindowRateLimiter

    uri = f"sqlitefile:///{tmp_path}/limits.sqlite3"
    import eventhub.ratelimit_storage  # noqa: F401  (registers the scheme)

    one, two = FixedWindowRateLimiter(storage_from_string(uri)), FixedWindowRateLimiter(storage_from_string(uri))
    limit = RateLimitItemPerMinute(5)
    allowed = [(one if n % 2 else two).hit(limit, "login", "127.0.0.1") for n in range(8)]
    assert allowed == [True] * 5 + [False] * 3


@pytest.mark.slow
def test_sign_in_limit_holds_across_two_gunicorn_workers(tmp_path):
    port = free_port()
    env = dict(os.environ, GUNICORN_BIND=f"127.0.0.1:{port}", WEB_CONCURRENCY="2",
               GUNICORN_ACCESS_LOG=str(tmp_path / "access.log"),
               EVENTHUB_INSTANCE_PATH=str(tmp_path), EVENTHUB_SECRET_KEY="limits-test",
               EVENTHUB_DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3",
               EVENTHUB_JOBS_SQLITE_PATH=str(tmp_path / "jobs.sqlite3"),
               EVENTHUB_RATELIMIT_LOGIN="5 per minute", EVENTHUB_WTF_CSRF_ENABLED="false")
    for name in ("EVENTHUB_REDIS_URL", "EVENTHUB_RATELIMIT_STORAGE_URI"):
        env.pop(name, None)
    subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "db", "upgrade"], cwd=ROOT, env=env,
                   check=True, capture_output=True)
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", str(CONF)], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                requests.get(f"http://127.0.0.1:{port}/healthz", timeout=5)
                break
            except requests.RequestException:
                if time.monotonic() > deadline or server.poll() is not None:
                    pytest.fail(f"gunicorn did not start: {server.stderr.read().decode()[-2000:]}")
                time.sleep(0.2)
        statuses = []
        for number in range(12):  # a new connection each time: the workers take turns
            statuses.append(requests.post(f"http://127.0.0.1:{port}/console/login",
                                          data={"email": f"guess{number}@ipu.example", "password": "x" * 12},
                                          headers={"Connection": "close"}, timeout=20).status_code)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    assert statuses.count(200) == 5 and statuses[5:] == [429] * 7, statuses
