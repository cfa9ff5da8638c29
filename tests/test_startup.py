"""Start-up imports only what every process needs (issue 20: ``flask --help``, every CLI
command and every worker boot paid for database drivers, HTTP and calendar libraries that
only some code paths use). One subprocess: a fresh interpreter is the only place where
``sys.modules`` shows what importing and creating the app pulled in."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

#: Imported where they are used (an XLSX, a Zoom call, a calendar file, a Redis queue...).
LOADED_ON_USE = ("psycopg", "redis", "requests", "icalendar", "openpyxl", "docx", "weasyprint", "zxcvbn",
                 # Flask-Migrate (and the alembic it imports) when a migration command runs.
                 "flask_migrate", "alembic",
                 # email-validator compiles its regexes when an address is first checked.
                 "email_validator")

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


#: ``flask --app wsgi ...`` in a fresh interpreter, on a fresh instance: which of
#: Flask-Migrate and alembic the command imported, and whether the collector is on after it.
CLI_SCRIPT = """
import contextlib, gc, io, json, os, sys
sys.path.insert(0, {root!r})
sys.argv = ["flask", "--app", "wsgi"] + {args!r}
from flask.cli import main
out = io.StringIO()
code = 0
with contextlib.redirect_stdout(out):
    try:
        main()
    except SystemExit as exc:
        code = exc.code or 0
print(json.dumps({{"code": code, "output": out.getvalue(), "gc": gc.isenabled(),
                  "loaded": [name for name in ("flask_migrate", "alembic",
                 # email-validator compiles its regexes when an address is first checked.
                 "email_validator") if name in sys.modules]}}))
"""


def run_cli(tmp_path, *args):
    environment = dict(os.environ, EVENTHUB_INSTANCE_PATH=str(tmp_path / "instance"),
                       EVENTHUB_DATABASE_URL="sqlite:///" + str(tmp_path / "db.sqlite3"),
                       EVENTHUB_JOBS_SQLITE_PATH=str(tmp_path / "jobs.sqlite3"),
                       EVENTHUB_SECRET_KEY="x")
    environment.pop("EVENTHUB_REDIS_URL", None)
    result = subprocess.run([sys.executable, "-c", CLI_SCRIPT.format(root=str(ROOT), args=list(args))],
                            capture_output=True, text=True, timeout=180, cwd=ROOT, env=environment)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_flask_help_lists_the_db_command_without_importing_alembic(tmp_path):
    report = run_cli(tmp_path, "--help")
    assert report["code"] == 0
    assert "db" in report["output"].split() and "Perform database migrations." in report["output"]
    assert report["loaded"] == []
    # wsgi.py turns the cyclic collector off while it builds the app, and back on.
    assert report["gc"] is True


@pytest.mark.slow
def test_flask_db_commands_still_work(tmp_path):
    help_report = run_cli(tmp_path, "db", "--help")
    assert help_report["code"] == 0
    assert "upgrade" in help_report["output"] and "--directory" in help_report["output"]

    upgrade = run_cli(tmp_path, "db", "upgrade")
    assert upgrade["code"] == 0 and upgrade["loaded"] == ["flask_migrate", "alembic"]
    current = run_cli(tmp_path, "db", "current")
    assert current["code"] == 0
    assert "(head)" in current["output"]
    import sqlite3

    with sqlite3.connect(tmp_path / "db.sqlite3") as connection:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"alembic_version", "events", "registrations"} <= tables


def test_flask_migrate_functions_find_their_configuration(app):
    """``flask_migrate.upgrade()`` & co. read ``app.extensions["migrate"]``: the stand-in
    builds Flask-Migrate's configuration there on first use."""
    import flask_migrate

    config = app.extensions["migrate"]
    assert config.db.metadata is config.metadata
    assert config.configure_args["render_as_batch"] is True
    assert isinstance(config.migrate, flask_migrate.Migrate)
    alembic_config = config.migrate.get_config()
    assert alembic_config.get_main_option("script_location") == str(ROOT / "migrations")
    flask_migrate.upgrade()  # already at head: runs, changes nothing


#: What a ``flask --app wsgi ...`` run executed of the domains: modules whose code ran
#: (a ``lazy_module`` placeholder not yet read is not counted), by kind.
DOMAINS_SCRIPT = """
import contextlib, importlib.util, io, json, sys
sys.path.insert(0, {root!r})
sys.argv = ["flask", "--app", "wsgi"] + {args!r}
from flask.cli import main
out = io.StringIO()
code = 0
with contextlib.redirect_stdout(out):
    try:
        main()
    except SystemExit as exc:
        code = exc.code or 0
def ran(name):
    module = sys.modules[name]
    return not isinstance(module, importlib.util._LazyModule)
kinds = {{}}
for name in sorted(sys.modules):
    parts = name.split(".")
    if parts[0] == "eventhub" and len(parts) >= 3 and ran(name):
        kinds.setdefault(parts[2], []).append(name)
print(json.dumps({{"code": code, "kinds": kinds, "wtforms_forms": "wtforms.form" in sys.modules}}))
"""


def run_cli_domains(tmp_path, *args):
    environment = dict(os.environ, EVENTHUB_INSTANCE_PATH=str(tmp_path / "instance"),
                       EVENTHUB_DATABASE_URL="sqlite:///" + str(tmp_path / "db.sqlite3"),
                       EVENTHUB_JOBS_SQLITE_PATH=str(tmp_path / "jobs.sqlite3"),
                       EVENTHUB_SECRET_KEY="x")
    environment.pop("EVENTHUB_REDIS_URL", None)
    result = subprocess.run([sys.executable, "-c", DOMAINS_SCRIPT.format(root=str(ROOT), args=list(args))],
                            capture_output=True, text=True, timeout=180, cwd=ROOT, env=environment)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_flask_help_imports_no_domain(tmp_path):
    """Listing the commands (``flask --help``, ``flask export --help``) builds no model,
    receiver, task, service or view: the deferred app (eventhub/__init__.py)."""
    for args in (["--help"], ["export", "registrations", "--help"], ["users", "--help"]):
        report = run_cli_domains(tmp_path, *args)
        assert report["code"] == 0
        # eventhub.jobs (the queue and its tables) is set up with the extensions.
        kinds = {kind: [name for name in names if not name.startswith("eventhub.jobs.")]
                 for kind, names in report["kinds"].items()}
        kinds = {kind: names for kind, names in kinds.items() if names}
        for kind in ("models", "receivers", "tasks", "services", "operations", "blueprint", "views", "forms"):
            assert kind not in kinds, (args, kind, kinds.get(kind))


@pytest.mark.slow
def test_a_command_runs_with_the_data_part_and_without_the_views(tmp_path):
    assert run_cli_domains(tmp_path, "db", "upgrade")["code"] == 0
    report = run_cli_domains(tmp_path, "users", "list")
    assert report["code"] == 0
    kinds = report["kinds"]
    # Every domain's models are loaded (relationships resolve, signals are connected)...
    assert {"eventhub.events.models", "eventhub.registration.models", "eventhub.inputs.models",
            "eventhub.accounts.services"} <= set(kinds["models"] + kinds["services"])
    assert "receivers" in kinds and "tasks" in kinds
    # ...and no view or form: no request, URL or template came.
    assert "blueprint" not in kinds and "forms" not in kinds
    routes = run_cli_domains(tmp_path, "routes")
    assert routes["code"] == 0 and "blueprint" in routes["kinds"]


WORKER_SCRIPT = """
import gc, json, os, sys
sys.path.insert(0, {root!r})
os.environ.pop("FLASK_RUN_FROM_CLI", None)
import wsgi
print(json.dumps({{"type": type(wsgi.app).__name__, "rules": len(list(wsgi.app.url_map.iter_rules())),
                  "frozen": gc.get_freeze_count(), "gc": gc.isenabled(),
                  "blueprints": "eventhub.registration.blueprint" in sys.modules}}))
"""


@pytest.mark.slow
def test_gunicorn_imports_the_whole_app_before_forking(tmp_path):
    """gunicorn (``preload_app``) imports wsgi.py without Flask's CLI: the whole app is
    built there, with the collector off, and frozen, so the workers share it."""
    environment = dict(os.environ, EVENTHUB_INSTANCE_PATH=str(tmp_path / "instance"),
                       EVENTHUB_DATABASE_URL="sqlite:///" + str(tmp_path / "db.sqlite3"),
                       EVENTHUB_JOBS_SQLITE_PATH=str(tmp_path / "jobs.sqlite3"), EVENTHUB_SECRET_KEY="x")
    result = subprocess.run([sys.executable, "-c", WORKER_SCRIPT.format(root=str(ROOT))], capture_output=True,
                            text=True, timeout=120, cwd=tmp_path, env=environment)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["type"] == "Flask" and report["blueprints"] and report["rules"] > 100
    assert report["frozen"] > 50_000 and report["gc"] is True


def test_the_cli_role_choice_is_the_services_roles():
    from eventhub.accounts import cli, services

    assert cli.ROLES == services.ROLES
