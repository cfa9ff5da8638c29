"""eventhub: registration for multilingual virtual parliamentary consultations."""
from __future__ import annotations

import importlib
import os
import pkgutil
import secrets
from pathlib import Path

from flask import Flask
from flask.blueprints import Blueprint
from sqlalchemy import event as sa_event
from sqlalchemy.engine import Engine

from .extensions import babel, csrf, db, limiter, login_manager, migrate

PROJECT_ROOT = Path(__file__).resolve().parent.parent

#: Domain subpackages are discovered: each may have ``models``, ``blueprint`` (with
#: one or more Blueprint objects), ``cli`` (click groups/commands named ``commands``)
#: and ``receivers`` (signal handlers). Adding a domain needs no edit here.
DOMAIN_MODULES = ("models", "blueprint", "cli", "receivers", "tasks")


def domain_packages() -> list[str]:
    package_dir = Path(__file__).parent
    return sorted(
        info.name for info in pkgutil.iter_modules([str(package_dir)]) if info.ispkg
    )


def import_domain_module(domain: str, module: str):
    try:
        return importlib.import_module(f"eventhub.{domain}.{module}")
    except ModuleNotFoundError as exc:
        if exc.name == f"eventhub.{domain}.{module}":
            return None
        raise


def create_app(config: dict | None = None) -> Flask:
    """Build the application: defaults from ``config/default.py``, then
    ``EVENTHUB_*`` environment variables, then ``config`` (tests)."""
    instance_path = (config or {}).get("INSTANCE_PATH") or os.environ.get(
        "EVENTHUB_INSTANCE_PATH", str(PROJECT_ROOT / "instance")
    )
    app = Flask(
        __name__,
        instance_path=str(instance_path),
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder="static",
    )
    from .routing import LazyBuilderRule

    app.url_rule_class = LazyBuilderRule
    app.config.from_pyfile(str(PROJECT_ROOT / "config" / "default.py"))
    app.config.from_prefixed_env(prefix="EVENTHUB")
    if config:
        app.config.update(config)
    _finish_config(app)

    from . import bounds, greetings, i18n, pagecache, security, web

    bounds.init_app(app)  # before blueprints: bounded <int:...> converter, JSON limits
    i18n.init_app(app)  # before blueprints: their routes use the <lang:...> converter
    greetings.init_app(app)
    _init_extensions(app)
    _register_domains(app)
    security.init_app(app)
    web.init_app(app)
    pagecache.init_app(app)
    from . import forking

    forking.track(app)  # gunicorn forks its workers from a preloaded app
    return app


def _finish_config(app: Flask) -> None:
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret(Path(app.instance_path))
    url = app.config.get("DATABASE_URL") or (
        f"sqlite:///{Path(app.instance_path) / 'eventhub.sqlite3'}"
    )
    app.config["SQLALCHEMY_DATABASE_URI"] = url
    engine_options = {"pool_pre_ping": True}
    if url.startswith("sqlite"):
        engine_options["connect_args"] = {"timeout": 30}
    app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", engine_options)
    app.config["BABEL_DEFAULT_LOCALE"] = app.config["DEFAULT_LANGUAGE"]
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(PROJECT_ROOT / "translations")
    # Counters every worker shares: Redis, else a SQLite file on this host
    # (eventhub/ratelimit_storage.py); never per-process memory by default.
    from . import ratelimit_storage  # noqa: F401  (registers the sqlitefile:// scheme)

    app.config.setdefault(
        "RATELIMIT_STORAGE_URI",
        app.config.get("REDIS_URL") or f"sqlitefile:///{Path(app.instance_path) / 'ratelimits.sqlite3'}",
    )
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", True)


def _instance_secret(instance_dir: Path) -> str:
    """A random key generated on first start and kept, so sessions and signed
    links survive restarts without anyone committing a secret."""
    key_file = instance_dir / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(48))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def _init_extensions(app: Flask) -> None:
    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    login_manager.init_app(app)
    limiter.init_app(app)

    from . import jobs

    jobs.init_app(app)


@sa_event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record):
    """WAL lets readers proceed while one registration is written; foreign keys
    are off by default in SQLite."""
    import sqlite3

    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()


def _register_domains(app: Flask) -> None:
    import click

    for domain in domain_packages():
        import_domain_module(domain, "models")
        import_domain_module(domain, "receivers")
        import_domain_module(domain, "tasks")
        blueprint_module = import_domain_module(domain, "blueprint")
        if blueprint_module is not None:
            for value in vars(blueprint_module).values():
                if isinstance(value, Blueprint) and value.name not in app.blueprints:
                    app.register_blueprint(value)
        cli_module = import_domain_module(domain, "cli")
        if cli_module is not None:
            for command in getattr(cli_module, "commands", []):
                if isinstance(command, click.Command):
                    app.cli.add_command(command)
