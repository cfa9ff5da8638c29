"""Start-up imports only what every process needs (issue 20: ``flask --help``, every CLI
command and every worker boot paid for database drivers, HTTP and calendar libraries that
only some code paths use). One subprocess: a fresh interpreter is the only place where
``sys.modules`` shows what importing and creating the app pulled in."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

#: Imported where they are used (an XLSX, a Zoom call, a calendar file, a Redis queue...).
LOADED_ON_USE = ("psycopg", "redis", "requests", "icalendar", "openpyxl", "docx", "weasyprint", "zxcvbn")

SCRIPT = """
import json, sys
sys.path.insert(0, {root!r})
from eventhub import create_app
create_app({{"INSTANCE_PATH": {instance!r}, "DATABASE_URL": "sqlite:///" + {instance!r} + "/db.sqlite3",
             "SECRET_KEY": "x", "JOBS_SQLITE_PATH": {instance!r} + "/jobs.sqlite3"}})
loaded = [name for name in {names!r} if name in sys.modules]
# A Redis queue still works when it is asked for: the real client and its errors.
from huey.storage import RedisStorage
import redis
storage = RedisStorage("startup-test", url="redis://127.0.0.1:1/0")
from eventhub.jobs import outbox
print(json.dumps({{"loaded": loaded, "client": type(storage.conn).__module__,
                  "errors": redis.exceptions.ConnectionError in outbox.QUEUE_ERRORS}}))
"""


@pytest.mark.slow
def test_creating_the_app_imports_no_optional_library(tmp_path):
    script = SCRIPT.format(root=str(ROOT), instance=str(tmp_path), names=LOADED_ON_USE)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                            cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["loaded"] == []
    assert report["client"].startswith("redis")
    assert report["errors"] is True
