"""eventhub: registration for multilingual virtual parliamentary consultations."""
from __future__ import annotations

import functools
import gc
import importlib
import os
import pkgutil
import secrets
import threading
from pathlib import Path

from flask import Flask
from flask.blueprints import Blueprint
from flask.cli import AppGroup
from flask.templating import DispatchingJinjaLoader
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


class DeferredApp(Flask):
    """The app ``create_app(deferred=True)`` gives (``flask --app wsgi ...``, see wsgi.py).
    Its CLI commands are registered at once; the rest is built on first use, in two parts:
    - the data part (every domain's models, receivers and tasks; the page cache's flush
      hook) when a command is invoked (``_BuildingCommands``), so that a command works
      with the whole data model, its signals and jobs, as before;
    - the web part (the blueprints: views, forms, WTForms, template globals and filters;
      security headers, error pages) on a request, ``flask shell``, or a look
      at the URL map or the views (``url_for``, ``flask routes``); a template loaded or a
      template context made (``render_template``: a command's emails).
    ``flask --help`` (for which Flask pushes an app context too: not a trigger) thus lists
    the commands without importing any domain, and a command such as ``flask export``
    imports no view (issue 20: a third of the CLI's start-up)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        #: What is left to build, in order: [("data", build), ("web", build)].
        self._deferred_parts: list = []
        commands = _BuildingCommands(name=self.cli.name)
        commands.app = self
        self.cli = commands

    def finish_build(self, part: str = "web") -> None:
        """Build what is deferred, up to ``part`` ("data" or "web": everything)."""
        if not self.__dict__.get("_deferred_parts") and not self.__dict__.get("_building"):
            return
        # A part leaves the list only once built: another thread (the job consumer runs
        # jobs in several) that asks meanwhile waits on the lock instead of finding the
        # list empty and reading a half-registered URL map (a BuildError in its job).
        with _BUILD_LOCK:
            if self.__dict__.get("_building"):
                return  # this thread, inside a build (blueprint registration reads url_map)
            parts = self._deferred_parts
            while parts:
                name, build = parts[0]
                collecting = gc.isenabled()
                gc.disable()  # many long-lived objects at once: see wsgi.py
                self.__dict__["_building"] = True
                try:
                    build()
                finally:
                    self.__dict__["_building"] = False
                    if collecting:
                        gc.enable()
                parts.pop(0)
                gc.freeze()
                if name == part:
                    break

    def make_shell_context(self):
        self.finish_build()
        return super().make_shell_context()

    def request_context(self, environ):
        self.finish_build()
        return super().request_context(environ)

    def update_template_context(self, context):
        self.finish_build()
        return super().update_template_context(context)

    def create_global_jinja_loader(self):
        return _BuildingLoader(self)

    @property
    def url_map(self):
        self.finish_build()
        return self.__dict__["url_map"]

    @url_map.setter
    def url_map(self, value):
        self.__dict__["url_map"] = value

    @property
    def view_functions(self):
        self.finish_build()
        return self.__dict__["view_functions"]

    @view_functions.setter
    def view_functions(self, value):
        self.__dict__["view_functions"] = value


_BUILD_LOCK = threading.RLock()


class _BuildingLoader(DispatchingJinjaLoader):
    """A ``DeferredApp``'s template loader: loading a template builds the web part first
    (blueprints add template globals and filters, which a template compiles against)."""

    def get_source(self, environment, template):
        self.app.finish_build()
        return super().get_source(environment, template)


class _BuildingCommands(AppGroup):
    """``app.cli`` of a ``DeferredApp``: a command added to it (the domains', Flask-Migrate's
    ``db``, Flask-Limiter's...), or one of its subcommands, builds the app's data part when
    its function is called, before its own work (the web part waits for a template, a URL
    or a request: ``DeferredApp``). Help (``flask export registrations --help``) is printed
    while the arguments are parsed, before any function: it builds nothing."""

    app: DeferredApp

    def add_command(self, cmd, name=None):
        super().add_command(cmd, name)
        self._build_before(cmd)

    def _build_before(self, cmd) -> None:
        if cmd.callback is not None and not getattr(cmd.callback, "_builds_app", False):
            callback = cmd.callback

            @functools.wraps(callback)
            def building_callback(*args, **kwargs):
                self.app.finish_build("data")
                return callback(*args, **kwargs)

            building_callback._builds_app = True
            cmd.callback = building_callback
        for subcommand in getattr(cmd, "commands", {}).values():
            self._build_before(subcommand)


def create_app(config: dict | None = None, *, deferred: bool = False) -> Flask:
    """Build the application: defaults from ``config/default.py``, then
    ``EVENTHUB_*`` environment variables, then ``config`` (tests). With ``deferred``
    (the command line: wsgi.py), the domains are built on first use (``DeferredApp``; otherwise a plain ``Flask``, as the workers serve)."""
    instance_path = (config or {}).get("INSTANCE_PATH") or os.environ.get(
        "EVENTHUB_INSTANCE_PATH", str(PROJECT_ROOT / "instance")
    )
    app = (DeferredApp if deferred else Flask)(
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
    _register_commands(app)

    def build_data() -> None:
        for domain in domain_packages():
            for module in ("models", "receivers", "tasks"):
                import_domain_module(domain, module)
        pagecache.init_app(app)

    def build_web() -> None:
        _register_blueprints(app)
        security.init_app(app)
        web.init_app(app)

    if deferred:
        app._deferred_parts[:] = [("data", build_data), ("web", build_web)]
    else:
        build_data()
        build_web()
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


def _register_commands(app: Flask) -> None:
    """Every domain's ``cli.commands``. A domain's ``cli`` module imports its services
    inside the commands: listing the commands (``flask --help``) imports no domain."""
    import click

    for domain in domain_packages():
        cli_module = import_domain_module(domain, "cli")
        if cli_module is not None:
            for command in getattr(cli_module, "commands", []):
                if isinstance(command, click.Command):
                    app.cli.add_command(command)


def _register_blueprints(app: Flask) -> None:
    for domain in domain_packages():
        blueprint_module = import_domain_module(domain, "blueprint")
        if blueprint_module is not None:
            for value in vars(blueprint_module).values():
                if isinstance(value, Blueprint) and value.name not in app.blueprints:
                    app.register_blueprint(value)
