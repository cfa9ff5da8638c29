"""Flask-Migrate without importing alembic in every process (issue 20: start-up).

``flask_migrate`` imports alembic (and with it mako, pygments and every alembic dialect
module) as soon as it is imported: ~0.12 s of CPU in every worker boot, every CLI command
and every ``flask --help``, for a ``db`` command that only deployments and developers run.

:class:`Migrate` is a stand-in with Flask-Migrate's ``init_app`` signature. It registers a
``db`` command group that imports ``flask_migrate.cli`` the first time it is used
(``flask db upgrade``, ``flask db --help``), and puts in ``app.extensions["migrate"]`` an
object that builds Flask-Migrate's own configuration on first use, so
``flask_migrate.upgrade()`` (tests, benches) and ``migrations/env.py`` keep working as
they did.
"""
from __future__ import annotations

import click


class LazyCommandGroup(click.Group):
    """A click group that is a name and a help line until it is used: listing it in
    ``flask --help`` costs nothing, anything else loads the real group and hands over."""

    def __init__(self, name: str, loader, help: str):
        super().__init__(name=name, help=help, short_help=help)
        self._loader = loader
        self._real: click.Group | None = None

    def real(self) -> click.Group:
        if self._real is None:
            self._real = self._loader()
        return self._real

    def make_context(self, info_name, args, parent=None, **extra):
        # The parent invokes ``sub_ctx.command``: the real group, with its options.
        return self.real().make_context(info_name, args, parent=parent, **extra)

    def get_command(self, ctx, cmd_name):
        return self.real().get_command(ctx, cmd_name)

    def list_commands(self, ctx):
        return self.real().list_commands(ctx)

    def get_params(self, ctx):
        return self.real().get_params(ctx)

    def invoke(self, ctx):
        return self.real().invoke(ctx)


def _migrate_cli_group() -> click.Group:
    from flask_migrate.cli import db as db_cli_group

    return db_cli_group


class _LazyMigrateConfig:
    """What Flask-Migrate keeps in ``app.extensions["migrate"]`` (its ``_MigrateConfig``),
    built when something reads it."""

    def __init__(self, owner: "Migrate", db, configure_args: dict):
        self._owner = owner
        self.db = db
        self.directory = owner.directory
        self.configure_args = configure_args
        self._real_migrate = None

    @property
    def metadata(self):
        return self.db.metadata

    @property
    def migrate(self):
        """Flask-Migrate's ``Migrate`` (``get_config``, configure callbacks)."""
        if self._real_migrate is None:
            import flask_migrate

            real = flask_migrate.Migrate(db=self.db, directory=self.directory,
                                         command=self._owner.command, **self.configure_args)
            real.configure_callbacks = self._owner.configure_callbacks
            self._real_migrate = real
        return self._real_migrate


class Migrate:
    """Flask-Migrate's ``Migrate`` as far as eventhub uses it: ``init_app`` and
    ``configure``."""

    def __init__(self, command: str = "db"):
        self.command = command
        self.directory = "migrations"
        self.db = None
        self.configure_callbacks: list = []

    def init_app(self, app, db, directory: str = "migrations", compare_type: bool = True,
                 render_as_batch: bool = True, **kwargs) -> None:
        self.db = db
        self.directory = str(directory)
        configure_args = dict(kwargs, compare_type=compare_type, render_as_batch=render_as_batch)
        app.extensions["migrate"] = _LazyMigrateConfig(self, db, configure_args)
        app.cli.add_command(LazyCommandGroup(self.command, _migrate_cli_group,
                                             help="Perform database migrations."))

    def configure(self, f):
        self.configure_callbacks.append(f)
        return f
