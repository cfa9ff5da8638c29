"""The production profile: gunicorn.conf.py reads its environment, and the access log
it configures carries no token, query string or personal data."""
from __future__ import annotations

import multiprocessing
import os
import re
import runpy
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from eventhub.access_log import mask_path, mask_url
from eventhub.security import new_token
from tests.conftest import free_port

ROOT = Path(__file__).resolve().parents[2]
CONF = ROOT / "gunicorn.conf.py"


def load_conf(monkeypatch, **env) -> dict:
    for name in ("GUNICORN_BIND", "WEB_CONCURRENCY", "FORWARDED_ALLOW_IPS", "GUNICORN_GRACEFUL_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(CONF))


def test_defaults(monkeypatch):
    conf = load_conf(monkeypatch)
    assert conf["workers"] == 2 * multiprocessing.cpu_count() + 1
    assert conf["bind"] == ["127.0.0.1:8000"]
    assert conf["forwarded_allow_ips"] == "127.0.0.1"
    assert conf["graceful_timeout"] >= 10
    # Workers are forks of a master that built the app: a (re)start costs a fork, not a
    # cold import (eventhub/forking.py keeps connections from crossing it).
    assert conf["preload_app"] is True
    assert load_conf(monkeypatch, GUNICORN_PRELOAD="false")["preload_app"] is False
    # Workers are recycled, but spread out: the jitter is as wide as the limit itself, so
    # the workers' restart points are far apart (all restarting together made the p99).
    assert conf["max_requests"] >= 100000 and conf["max_requests_jitter"] >= conf["max_requests"]
    assert conf["logger_class"] == "eventhub.access_log.AccessLogger"
    assert "%(q)s" not in conf["access_log_format"] and "%(r)s" not in conf["access_log_format"]


def test_environment_overrides(monkeypatch):
    conf = load_conf(monkeypatch, GUNICORN_BIND="0.0.0.0:9000,unix:/run/eventhub.sock", WEB_CONCURRENCY="4",
                     FORWARDED_ALLOW_IPS="10.0.0.5", GUNICORN_GRACEFUL_TIMEOUT="45")
    assert conf["bind"] == ["0.0.0.0:9000", "unix:/run/eventhub.sock"]
    assert conf["workers"] == 4
    assert conf["forwarded_allow_ips"] == "10.0.0.5"
    assert conf["graceful_timeout"] == 45


@pytest.mark.parametrize("path, logged", [
    ("/en/e/safe-cyberspace-2022/", "/en/e/safe-cyberspace-2022/"),
    ("/fr/e/safe-cyberspace-2022/s/2.ics", "/fr/e/safe-cyberspace-2022/s/2.ics"),
    ("/healthz", "/healthz"),
    ("/en/r/Zx3_k9Qm2LrT8vBn5YwA1cD4eF6gH7iJ0kLmNoPqRsT", "/en/r/[token]"),
    ("/ar/r/Zx3_k9Qm2LrT8vBn5YwA1cD4eF6gH7iJ0kLmNoPqRsT/calendar.ics", "/ar/r/[token]/calendar.ics"),
    ("/en/i/eyJpZCI6NDJ9.Z2lvdmFubmk.c2lnbmF0dXJlLXNpZw", "/en/i/[token]"),
    ("/console/registrations/42", "/console/registrations/42"),
    ("/unsubscribe/" + "a" * 64, "/unsubscribe/[token]"),
])
def test_token_like_path_segments_are_masked(path, logged):
    assert mask_path(path) == logged


def test_referrer_loses_query_and_token():
    assert mask_url("https://events.ipu.example/en/r/Zx3_k9Qm2LrT8vBn5YwA1cD4eF6gH7iJ0kLmNoPqRsT?email=a@b.c#x") \
        == "https://events.ipu.example/en/r/[token]"
    assert mask_url("-") == "-"


@pytest.mark.slow
def test_gunicorn_access_log_hides_tokens_and_queries(tmp_path):
    """Start gunicorn with the real config, request a personal link with an email in
    the query string, and read the access log it wrote."""
    port = free_port()
    access_log = tmp_path / "access.log"
    env = dict(os.environ, GUNICORN_BIND=f"127.0.0.1:{port}", WEB_CONCURRENCY="1",
               GUNICORN_ACCESS_LOG=str(access_log),
               EVENTHUB_INSTANCE_PATH=str(tmp_path), EVENTHUB_SECRET_KEY="gunicorn-test",
               EVENTHUB_DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3",
               EVENTHUB_JOBS_SQLITE_PATH=str(tmp_path / "jobs.sqlite3"))
    env.pop("EVENTHUB_REDIS_URL", None)
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", str(CONF)], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    token = new_token()
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                requests.get(f"http://127.0.0.1:{port}/healthz", timeout=2)
                break
            except requests.RequestException:  # refused, or the worker still loading the app
                if time.monotonic() > deadline or server.poll() is not None:
                    pytest.fail(f"gunicorn did not start: {server.stderr.read().decode()[-2000:]}")
                time.sleep(0.2)
        requests.get(f"http://127.0.0.1:{port}/en/r/{token}?email=delegate%40parliament.example",
                     headers={"Referer": f"http://127.0.0.1:{port}/fr/r/{token}?x=secret-query",
                              "Authorization": "Bearer should-not-be-logged", "Cookie": "session=abc"},
                     timeout=10)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    log = access_log.read_text()
    assert re.search(r'"GET /en/r/\[token\] HTTP/1.1" \d{3} ', log), log
    assert '"GET /healthz HTTP/1.1"' in log
    for secret in (token, token[:12], "delegate", "parliament.example", "secret-query", "should-not-be-logged",
                   "session=abc"):
        assert secret not in log
