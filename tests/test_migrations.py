"""Migrations build the schema from empty, and back, on the configured backend."""
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from eventhub.extensions import db


def test_upgrade_from_empty_creates_every_model_table(app):
    with app.app_context():
        downgrade(revision="base")
        assert "events" not in sa.inspect(db.engine).get_table_names()
        upgrade()
        tables = set(sa.inspect(db.engine).get_table_names())
    assert {t.name for t in db.metadata.sorted_tables} <= tables


def test_models_and_migrations_agree(app):
    """A model change without a migration fails here (autogenerate finds a diff)."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from eventhub.schema_filters import include_name

    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": False, "include_name": include_name})
        diff = compare_metadata(context, db.metadata)
    assert diff == []
