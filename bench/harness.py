"""What the web benches share: a prepared database, eventhub and a bare Flask floor app on
the same gunicorn settings, wrk runs, and the servers' CPU per request.

Figures are ratios against a floor measured in the same run (issue 20): this machine is
shared and noisy, so each figure is repeated and reported as median [range]. Two numbers
per path:

- throughput ratio: eventhub's requests/s over the floor's, both under wrk;
- CPU ratio: the floor's server CPU per request over eventhub's (user + system time of the
  gunicorn master and all its workers, read from /proc before and after the run). It is the
  steadier of the two when other processes compete for the cores.
"""
from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def median_range(values: list[float], digits: int = 2) -> str:
    return (f"{statistics.median(values):.{digits}f} "
            f"[{min(values):.{digits}f}–{max(values):.{digits}f}]")


# --- results for `make bench`'s summary -------------------------------------------

def report(target: str, values: list[float], goal: float, *, higher_is_better: bool = True,
           unit: str = "×", script: str = "", backend: str = "") -> bool:
    """Record one target's figures (one value per repetition) for ``bench/summary.py``:
    appended as a JSON line to ``$EVENTHUB_BENCH_RESULTS`` when set (``make bench``).
    ``backend`` names the database the figure was measured on (the summary has a column
    for it); by default the script's ``--backend`` argument, else ``sqlite`` (a script
    without that argument runs on SQLite), ``-`` for a figure no database enters. Returns whether the median meets ``goal``."""
    median = statistics.median(values)
    met = median >= goal if higher_is_better else median <= goal
    path = os.environ.get("EVENTHUB_BENCH_RESULTS")
    if path:
        import json

        with open(path, "a", encoding="utf-8") as handle:
            handle.write(json.dumps({
                "script": script or Path(sys.argv[0]).name, "target": target, "values": values,
                "median": median, "goal": goal, "higher_is_better": higher_is_better, "unit": unit,
                "met": met, "backend": backend or argv_backend()}) + "\n")
    return met


def argv_backend(argv: list[str] | None = None) -> str:
    """The backend a script was started with (``--backend X`` or ``--backend=X``), or
    ``sqlite``; ``postgres`` is spelled ``postgresql`` (as in the summary's column)."""
    argv = sys.argv[1:] if argv is None else argv
    backend = "sqlite"
    for index, argument in enumerate(argv):
        if argument == "--backend" and index + 1 < len(argv):
            backend = argv[index + 1]
        elif argument.startswith("--backend="):
            backend = argument.split("=", 1)[1]
    return "postgresql" if backend == "postgres" else backend


def _one_line(error: Exception) -> str:
    return f"{type(error).__name__}: " + " ".join(str(error).split())[:120]


def postgres_available(url: str = "", timeout: float = 3) -> str:
    """Why PostgreSQL (and Redis) cannot be used for the benches, or "" when both answer:
    ``make bench`` skips the PostgreSQL pass with that message on a machine without them."""
    url = url or os.environ.get("EVENTHUB_TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
    try:
        import psycopg
        from sqlalchemy.engine import make_url

        parsed = make_url(url)
        psycopg.connect(host=parsed.host or "127.0.0.1", port=parsed.port or 5432, user=parsed.username,
                        password=parsed.password, dbname="postgres", connect_timeout=max(1, round(timeout))).close()
    except Exception as error:  # any reason at all means: no PostgreSQL pass
        return f"PostgreSQL at {url} does not answer ({_one_line(error)})"
    redis_url = os.environ.get("EVENTHUB_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
    try:
        import redis

        redis.Redis.from_url(redis_url, socket_timeout=timeout, socket_connect_timeout=timeout).ping()
    except Exception as error:
        return f"Redis at {redis_url} does not answer ({_one_line(error)})"
    return ""


if __name__ == "__main__":
    # `python bench/harness.py --check-postgres`: exit 0 when the PostgreSQL + Redis pass can
    # run, else print why not and exit 1 (the Makefile's test before `make bench`'s second pass).
    if sys.argv[1:] == ["--check-postgres"]:
        problem = postgres_available()
        if problem:
            print(problem)
        sys.exit(1 if problem else 0)
    print(__doc__)


# --- database --------------------------------------------------------------------

def bench_environment(backend: str = "sqlite", postgres_url: str = "", redis_url: str = "") -> tuple[dict, callable]:
    """Environment for a private instance (database, jobs, secret); returns it with a cleanup."""
    run_id = uuid.uuid4().hex[:8]
    work_dir = Path(tempfile.mkdtemp(prefix=f"eventhub-bench-{backend}-"))
    env = {
        "EVENTHUB_INSTANCE_PATH": str(work_dir),
        "EVENTHUB_SECRET_KEY": f"bench-{run_id}",
        # The figures are the application's own cost: the load comes from one client.
        "EVENTHUB_RATELIMIT_ENABLED": "false",
        "EVENTHUB_WTF_CSRF_ENABLED": "false",
        "EVENTHUB_JOBS_QUEUE_NAME": f"eventhub-bench-{run_id}",
        "EVENTHUB_PUBLIC_BASE_URL": "http://127.0.0.1",
        "EVENTHUB_SESSION_COOKIE_SECURE": "false",
    }
    cleanups = [lambda: shutil.rmtree(work_dir, ignore_errors=True)]
    if backend == "sqlite":
        env["EVENTHUB_DATABASE_URL"] = f"sqlite:///{work_dir / 'eventhub.sqlite3'}"
        env["EVENTHUB_JOBS_SQLITE_PATH"] = str(work_dir / "jobs.sqlite3")
    else:
        import sqlalchemy as sa
        from sqlalchemy.engine import make_url

        base = make_url(postgres_url or os.environ.get(
            "EVENTHUB_TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"))
        name = f"eventhub_bench_{run_id}"
        admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))

        def drop():
            with admin.connect() as connection:
                connection.execute(sa.text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"), {"n": name})
                connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
            admin.dispose()

        cleanups.insert(0, drop)
        env["EVENTHUB_DATABASE_URL"] = base.set(database=name).render_as_string(hide_password=False)
        redis = redis_url or os.environ.get("EVENTHUB_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
        if redis:
            env["EVENTHUB_REDIS_URL"] = redis

    def cleanup():
        for step in cleanups:
            step()

    return env, cleanup


def bench_app(env: dict):
    from eventhub import create_app

    return create_app({
        "DATABASE_URL": env["EVENTHUB_DATABASE_URL"],
        "INSTANCE_PATH": env["EVENTHUB_INSTANCE_PATH"],
        "SECRET_KEY": env["EVENTHUB_SECRET_KEY"],
        "REDIS_URL": env.get("EVENTHUB_REDIS_URL", ""),
        "JOBS_QUEUE_NAME": env["EVENTHUB_JOBS_QUEUE_NAME"],
        "JOBS_SQLITE_PATH": env.get("EVENTHUB_JOBS_SQLITE_PATH", ""),
    })


def prepare_demo(env: dict) -> dict:
    """Migrate, load the demo, create an organiser with an API token and one registration.
    Returns the slug, the token and the registration's manage token."""
    from flask_migrate import upgrade

    from eventhub.accounts.models import ApiToken, User
    from eventhub.events.demo import load_demo_event
    from eventhub.extensions import db
    from eventhub.security import hash_token, new_token

    app = bench_app(env)
    with app.app_context():
        upgrade()
        load_demo_event()
        # The 2022 consultation has ended (registration closed): the demo's practice copy,
        # published and open, is what visitors and registrations hit (as `flask demo load`).
        from eventhub.events.demo import load_practice_copy

        event, _ = load_practice_copy()
        user = User(email="bench-organiser@ipu.example", role="organiser")
        user.set_password(new_token())
        token = new_token()
        db.session.add(user)
        db.session.add(ApiToken(user=user, token_hash=hash_token(token), label="bench"))
        db.session.commit()
        facts = {"slug": event.slug, "token": token, "sessions": [s.number for s in event.sessions],
                 # What each session offers, so that benches post registrations that are valid.
                 "listening": {s.number: list(s.listening_languages) for s in event.sessions
                               if not s.is_cancelled}}
        db.engine.dispose()
    return facts


# --- servers ---------------------------------------------------------------------

@dataclass
class Server:
    process: subprocess.Popen
    port: int
    log_dir: Path

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def cpu_seconds(self) -> float:
        """User + system CPU of the master, its live workers and the workers it reaped."""
        total = _proc_cpu(self.process.pid, include_children=True)
        for child in _children(self.process.pid):
            total += _proc_cpu(child, include_children=False)
        return total

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            self.process.kill()


def _proc_cpu(pid: int, include_children: bool) -> float:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    fields = stat.rsplit(")", 1)[1].split()
    # fields[11..14] are utime, stime, cutime, cstime (stat fields 14-17).
    ticks = int(fields[11]) + int(fields[12])
    if include_children:
        ticks += int(fields[13]) + int(fields[14])
    return ticks / TICKS


def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def start_gunicorn(env: dict, app: str = "wsgi:app", workers: int = 2, extra_env: dict | None = None,
                   health_path: str = "/healthz") -> Server:
    """gunicorn with the product's gunicorn.conf.py (the floor app uses the same file)."""
    import requests

    port = free_port()
    log_dir = Path(tempfile.mkdtemp(prefix="eventhub-bench-log-"))
    server_env = dict(os.environ, **env, **(extra_env or {}), GUNICORN_BIND=f"127.0.0.1:{port}",
                      WEB_CONCURRENCY=str(workers), GUNICORN_ACCESS_LOG="/dev/null",
                      GUNICORN_ERROR_LOG=str(log_dir / "error.log"))
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py"), app],
        cwd=ROOT, env=server_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn ({app}) exited at start; see {log_dir / 'error.log'}")
        try:
            if requests.get(f"http://127.0.0.1:{port}{health_path}", timeout=5).status_code == 200:
                return Server(process, port, log_dir)
        except requests.RequestException:
            pass
        time.sleep(0.25)
    process.kill()
    raise SystemExit(f"gunicorn ({app}) did not answer within 90 s")


def start_floor(env: dict, workers: int = 2) -> Server:
    """The bare Flask app (bench/floor_app.py) on the same gunicorn settings."""
    return start_gunicorn(dict(env, PYTHONPATH=str(BENCH)), app="floor_app:app", workers=workers,
                          health_path="/hello")


# --- load ------------------------------------------------------------------------

@dataclass
class Run:
    requests: int
    seconds: float
    cpu: float
    non_2xx: int
    latency_ms: dict = field(default_factory=dict)

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def cpu_ms_per_request(self) -> float:
        return 1000 * self.cpu / self.requests if self.requests else float("inf")


def wrk(server: Server, path: str, seconds: float = 5, connections: int = 8, threads: int = 2,
        script: str | None = None, headers: dict | None = None) -> Run:
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed (Debian package wrk): apt-get install wrk")
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--latency"]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    if script:
        command += ["-s", script]
    command.append(server.base_url + path)
    before = server.cpu_seconds()
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    cpu = server.cpu_seconds() - before
    done = re.search(r"(\d+) requests in ([\d.]+)(m?s)", output)
    count, elapsed = int(done.group(1)), float(done.group(2))
    if done.group(3) == "ms":
        elapsed /= 1000
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    latency = {}
    for centile, value, unit in re.findall(r"^\s+(50|75|90|99)%\s+([\d.]+)(us|ms|s)\s*$", output, re.M):
        latency[centile] = float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
    return Run(count, elapsed, cpu, int(non_2xx.group(1)) if non_2xx else 0, latency)


def post_script(body_template: str, content_type: str, headers: dict | None = None) -> str:
    """A wrk Lua script posting a body where {n} becomes a number unique across threads."""
    # {n} must be unique across wrk's threads and across runs (the floor's e-mail column is
    # UNIQUE, and eventhub answers an address already registered without storing anything):
    # a fresh run id per script, and the thread's number as a *global* (thread:set writes
    # globals; a chunk-level local of the same name would hide it and stay 0). wrk seeds every
    # thread's math.random alike, so it cannot tell runs or threads apart.
    run_id = uuid.uuid4().hex[:12]
    lines = [
        "local counter = 0",
        "local threads_seen = 0",
        "function setup(thread) threads_seen = threads_seen + 1; thread:set('thread_id', threads_seen) end",
        "wrk.method = 'POST'",
        f"wrk.headers['Content-Type'] = '{content_type}'",
    ]
    for name, value in (headers or {}).items():
        lines.append(f"wrk.headers['{name}'] = '{value}'")
    template = body_template.replace("'", "\\'")
    lines += [
        "function request()",
        "  counter = counter + 1",
        f"  local n = '{run_id}' .. 'x' .. tostring(thread_id) .. 'x' .. tostring(counter)",
        f"  local body = string.gsub('{template}', '{{n}}', n)",
        "  return wrk.format(nil, nil, nil, body)",
        "end",
    ]
    handle, path = tempfile.mkstemp(suffix=".lua")
    with os.fdopen(handle, "w") as out:
        out.write("\n".join(lines) + "\n")
    return path
