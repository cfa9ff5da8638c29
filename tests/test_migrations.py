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


def test_events_0001_keeps_the_demo_and_its_registrations_published(app, demo_event):
    """From the schema before authoring: the existing event becomes published at revision 1,
    its sessions and registrations untouched."""
    from eventhub.events.models import Event
    from eventhub.registration.models import Registration
    from tests.registration.conftest import registration_data
    from eventhub.registration import operations

    operations.register(demo_event, registration_data(demo_event))
    db.session.remove()
    with app.app_context():
        downgrade(revision="events_0001-1")  # the schema just before authoring
        assert "audit_entries" not in sa.inspect(db.engine).get_table_names()
        upgrade()
    db.session.remove()
    event = db.session.execute(db.select(Event)).scalar_one()
    assert (event.slug, event.status, event.revision, event.concept_note) == (
        "safe-cyberspace-2022", "published", 1, {})
    assert len(event.sessions) == 2 and event.registration_enabled is True
    assert db.session.execute(db.select(db.func.count(Registration.id))).scalar_one() == 1
