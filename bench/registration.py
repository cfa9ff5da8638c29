#!/usr/bin/env python3
"""Registrations per second through gunicorn, next to a bare Flask endpoint served the same way.

    .venv/bin/python bench/registration.py                 # SQLite and PostgreSQL
    .venv/bin/python bench/registration.py --backend sqlite --requests 300 --concurrency 8

For each backend: a private database (a temporary SQLite file, or a database created on
the local PostgreSQL server and dropped afterwards), migrated, with the demo event. Two
gunicorn servers on loopback with the same worker count: the real app (``wsgi:app``), and
a bare Flask app whose endpoint reads the same form, stores it with one committed INSERT
(SQLite in WAL with synchronous=NORMAL in a file of its own, or a table in the same
PostgreSQL database) and answers the same redirect: issue 20's bare-insert floor. A
second process posts registrations (distinct emails, session 2 with interpretation) from
several threads and reports requests per second and p50/p99 latency. The figure to watch
is the ratio: how much a registration costs compared with storing one row.

Recorded for ``make bench``, per backend: the throughput ratio (target >= 0.3, issue 20's
for a registration POST against a bare insert; bench/web.py measures the same with wrk
and server CPU) and the share of POSTs answered with the confirmation's redirect (target 1:
a bench timing refusals measures nothing). With PostgreSQL the job queue is in Redis
($EVENTHUB_TEST_REDIS_URL) as in production.

CSRF and rate limits are off in the benchmarked app (they would refuse a load generator);
the confirmation email is queued (huey, SQLite under the bench's instance folder) but not
sent. Bounded: ``--requests`` per server, ``--max-seconds`` per run, loopback only.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, bench/ is first on sys.path and bench/calendar.py would shadow the
# standard library's calendar module (imported by http.cookiejar, hence by requests).
if sys.path and Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
    sys.path.pop(0)
POSTGRES_URL = os.environ.get("EVENTHUB_TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
sys.path.append(str(ROOT / "bench"))  # after the standard library: harness only
import harness  # noqa: E402

BARE_APP = '''
import os
import sqlite3
import threading

from flask import Flask, redirect, request

app = Flask(__name__)
DATABASE_URL = os.environ["EVENTHUB_DATABASE_URL"]
_local = threading.local()


def connection():
    # One INSERT committed, as bench/floor_app.py: SQLite in WAL with synchronous=NORMAL
    # (eventhub's settings) in a file of its own, or a table in the same PostgreSQL database.
    if getattr(_local, "connection", None) is None:
        if DATABASE_URL.startswith("sqlite:///"):
            conn = sqlite3.connect(os.path.join(os.environ["EVENTHUB_INSTANCE_PATH"], "floor.sqlite3"),
                                   timeout=30, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("CREATE TABLE IF NOT EXISTS floor_rows (id INTEGER PRIMARY KEY, email TEXT UNIQUE, body TEXT)")
            _local.mark = "?"
        else:
            import psycopg

            conn = psycopg.connect(DATABASE_URL.replace("postgresql+psycopg://", "postgresql://"), autocommit=True)
            conn.execute("CREATE TABLE IF NOT EXISTS floor_rows (id SERIAL PRIMARY KEY, email TEXT UNIQUE, body TEXT)")
            _local.mark = "%s"
        _local.connection = conn
    return _local.connection


@app.post("/<lang>/e/<slug>/register")
def register(lang, slug):
    form = request.form.to_dict(flat=False)
    conn, mark = connection(), _local.mark
    conn.execute(f"INSERT INTO floor_rows (email, body) VALUES ({mark}, {mark})",
                 (request.form.get("email", ""), repr(form)))
    return redirect(f"/{lang}/r/{'x' * 43}/confirmation")


@app.get("/healthz")
def healthz():
    return "ok"
'''


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def form(i: int, run: str) -> dict:
    return {
        "honorific": "hon", "given_name": f"Bench {i}", "family_name": "Participant",
        "email": f"bench{i}.{run}@parliament.example", "country": "CH",
        "parliament": "Federal Assembly", "role": "member", "sessions": ["2"], "language_2": "fr",
        "timezone": "Europe/Zurich", "consent": "y",
    }


# --- the driver (runs in its own process) ----------------------------------------------------

def drive(url: str, requests_count: int, concurrency: int, max_seconds: float) -> dict:
    import requests

    run = uuid.uuid4().hex[:6]
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    counter = iter(range(requests_count))
    deadline = time.monotonic() + max_seconds

    def worker():
        session = requests.Session()
        while time.monotonic() < deadline:
            with lock:
                i = next(counter, None)
            if i is None:
                return
            started = time.perf_counter()
            try:
                response = session.post(f"{url}/en/e/safe-cyberspace-2022/register", data=form(i, run),
                                        allow_redirects=False, timeout=30)
                status = response.status_code
                # Only the confirmation counts: a 302 to "check your email" (an address
                # already registered) stores nothing; a 200 is the form with its errors.
                if status == 302 and not response.headers.get("Location", "").endswith("/confirmation"):
                    status = -302
            except requests.RequestException:
                status = 0
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                statuses[status] = statuses.get(status, 0) + 1

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - began
    latencies.sort()
    quantiles = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else latencies * 99
    return {
        "requests": len(latencies), "seconds": wall, "per_second": len(latencies) / wall,
        "p50_ms": quantiles[49] * 1000, "p99_ms": quantiles[98] * 1000,
        "ok": statuses.get(302, 0), "statuses": statuses,
    }


# --- servers and databases ----------------------------------------------------------------------

def start_gunicorn(app_spec: str, env: dict, workers: int, cwd: Path, log: Path):
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--bind", f"127.0.0.1:{port}",
         "--timeout", "60", app_spec],
        cwd=cwd, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    import requests

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn {app_spec} exited:\n{log.read_text()[-2000:]}")
        try:
            if requests.get(f"{url}/healthz", timeout=2).status_code == 200:
                return process, url
        except requests.RequestException:
            pass
        time.sleep(0.2)
    process.terminate()
    raise RuntimeError(f"gunicorn {app_spec} did not start")


def stop(process) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()


def prepare_database(backend: str, workdir: Path):
    """Returns (database URL, cleanup function)."""
    if backend == "sqlite":
        return f"sqlite:///{workdir / 'bench.sqlite3'}", lambda: None
    import sqlalchemy as sa
    from sqlalchemy.engine import make_url

    admin_url = make_url(os.environ.get("EVENTHUB_BENCH_POSTGRES_URL", POSTGRES_URL))
    name = f"eventhub_bench_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))

    def drop():
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return admin_url.set(database=name).render_as_string(hide_password=False), drop


def app_env(database_url: str, instance: Path) -> dict:
    redis_url = os.environ.get("EVENTHUB_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
    env = dict(os.environ)
    for key in [k for k in env if k.startswith("EVENTHUB_")]:
        del env[key]
    env.update({
        "EVENTHUB_DATABASE_URL": database_url,
        "EVENTHUB_INSTANCE_PATH": str(instance),
        "EVENTHUB_SECRET_KEY": "bench-secret",
        "EVENTHUB_WTF_CSRF_ENABLED": "false",
        "EVENTHUB_RATELIMIT_ENABLED": "false",
        "EVENTHUB_SMTP_HOST": "",
        # The 2022 demo event as it was three weeks before the meeting (registration open).
        "EVENTHUB_EVENTS_NOW": "2022-11-15T12:00:00+00:00",
    })
    if not database_url.startswith("sqlite"):
        env["EVENTHUB_REDIS_URL"] = redis_url  # PostgreSQL + Redis, as in production
        env["EVENTHUB_JOBS_QUEUE_NAME"] = f"eventhub-bench-{uuid.uuid4().hex[:8]}"
    return env


def migrate_and_load(env: dict) -> None:
    flask = [sys.executable, "-m", "flask", "--app", "wsgi"]
    for command in (["db", "upgrade"], ["demo", "load"]):
        subprocess.run(flask + command, cwd=ROOT, env=env, check=True, capture_output=True)


def measure(url: str, args) -> dict:
    result = subprocess.run(
        [sys.executable, __file__, "--drive", url, "--requests", str(args.requests),
         "--concurrency", str(args.concurrency), "--max-seconds", str(args.max_seconds)],
        capture_output=True, text=True, check=True, timeout=args.max_seconds + 60,
    )
    return json.loads(result.stdout)


def bench_backend(backend: str, args) -> list[tuple[str, dict]]:
    workdir = Path(tempfile.mkdtemp(prefix=f"eventhub-bench-{backend}-"))
    cleanup = lambda: None  # noqa: E731
    processes = []
    try:
        database_url, cleanup = prepare_database(backend, workdir)
        env = app_env(database_url, workdir / "instance")
        migrate_and_load(env)
        (workdir / "bare_app.py").write_text(BARE_APP)
        rows = []
        for label, spec, cwd in (("bare Flask endpoint", "bare_app:app", workdir),
                                 ("registration", "wsgi:app", ROOT)):
            process, url = start_gunicorn(spec, env, args.workers, cwd, workdir / f"{spec.split(':')[0]}.log")
            processes.append(process)
            measure(url, argparse.Namespace(requests=min(20, args.requests), concurrency=2,
                                            max_seconds=30))  # warm-up: imports, connections
            rows.append((label, measure(url, args)))
            stop(process)
            processes.remove(process)
        return rows
    finally:
        for process in processes:
            stop(process)
        cleanup()
        shutil.rmtree(workdir, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=["sqlite", "postgres", "postgresql", "both"], default="both")
    parser.add_argument("--requests", type=int, default=400, help="registrations per server (default 400)")
    parser.add_argument("--concurrency", type=int, default=8, help="client threads (default 8)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4)")
    parser.add_argument("--max-seconds", type=float, default=90.0, help="time bound per run")
    parser.add_argument("--drive", metavar="URL", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.drive:
        print(json.dumps(drive(args.drive, args.requests, args.concurrency, args.max_seconds)))
        return 0

    backends = ["sqlite", "postgres"] if args.backend == "both" else [
        "postgres" if args.backend == "postgresql" else args.backend]
    print(f"gunicorn --workers {args.workers} (sync), {args.concurrency} client threads in a second process, "
          f"{args.requests} POSTs per server, loopback; {os.cpu_count()} CPU(s)")
    print(f"{'backend':<10} {'endpoint':<22} {'done':>5} {'ok':>5} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8}")
    failed = False
    for backend in backends:
        rows = bench_backend(backend, args)
        for label, r in rows:
            print(f"{backend:<10} {label:<22} {r['requests']:>5} {r['ok']:>5} {r['per_second']:>8.1f} "
                  f"{r['p50_ms']:>8.1f} {r['p99_ms']:>8.1f}")
            failed |= r["ok"] != r["requests"]
        bare, real = rows[0][1], rows[1][1]
        print(f"{backend:<10} ratio registration/bare: throughput {real['per_second'] / bare['per_second']:.2f}, "
              f"p50 latency x{real['p50_ms'] / bare['p50_ms']:.1f}")
        name = "postgresql" if backend == "postgres" else backend
        harness.report("form registrations vs bare insert: throughput ratio",
                       [real["per_second"] / bare["per_second"]], 0.3, backend=name)
        harness.report("form registrations answered 302 (share)", [real["ok"] / max(1, real["requests"])], 1.0,
                       unit="", backend=name)
    if failed:
        print("some requests did not answer 302 to the confirmation page", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
