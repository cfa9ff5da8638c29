"""gunicorn forks its workers from a master that built the app (preload_app): nothing
that talks to a database may cross the fork (eventhub/forking.py)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import text

ROOT = Path(__file__).resolve().parents[1]


def test_building_the_app_leaves_no_database_file_open(tmp_path):
    """What the master holds when it forks: no SQLite file (the rate-limit counters' file
    was kept open from the storage's first use, so every worker would have shared it)."""
    script = textwrap.dedent("""
        import json, os
        import wsgi
        open_files = []
        for fd in os.listdir("/proc/self/fd"):
            try:
                open_files.append(os.readlink(f"/proc/self/fd/{fd}"))
            except OSError:
                pass
        print(json.dumps(open_files))
    """)
    env = dict(os.environ, EVENTHUB_INSTANCE_PATH=str(tmp_path), EVENTHUB_SECRET_KEY="fork-test",
               EVENTHUB_DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3",
               EVENTHUB_JOBS_SQLITE_PATH=str(tmp_path / "jobs.sqlite3"))
    for name in ("EVENTHUB_REDIS_URL", "EVENTHUB_RATELIMIT_STORAGE_URI"):
        env.pop(name, None)
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
                          check=True)
    open_files = json.loads(done.stdout.strip().splitlines()[-1])
    assert (tmp_path / "ratelimits.sqlite3").exists()  # the storage was built and used
    assert [name for name in open_files if str(tmp_path) in name] == []


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork()")
def test_a_forked_child_uses_its_own_database_connections(app):
    from eventhub.extensions import db

    with app.app_context():
        db.session.execute(text("SELECT 1"))
        parent_connection = id(db.session.connection().connection.dbapi_connection)
        db.session.remove()  # back in the pool, which the child inherits
        reading, writing = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: report and leave at once (no pytest teardown here)
            try:
                db.session.execute(text("SELECT 1"))
                child_connection = id(db.session.connection().connection.dbapi_connection)
                outcome = {"same": child_connection == parent_connection}
            except Exception as error:  # pragma: no cover - reported to the parent
                outcome = {"error": repr(error)}
            os.write(writing, json.dumps(outcome).encode())
            os._exit(0)
        os.close(writing)
        with os.fdopen(reading) as pipe:
            outcome = json.loads(pipe.read() or "{}")
        os.waitpid(pid, 0)
        assert outcome == {"same": False}
        # and the parent's own connection still works
        assert db.session.execute(text("SELECT 1")).scalar() == 1
