"""Bidi controls and directional marks are removed from person fields, as typed or
imported, and from rows already stored (migration security_0003); joiners stay."""
from __future__ import annotations

import sqlalchemy as sa

from eventhub.extensions import db
from eventhub.invitations import importing
from eventhub.person_text import strip_reordering
from tests.registration.conftest import registration_data

EVIL = "\u202eAda\u202c \u2067Lovelace\u2069\u200f"


def test_strip_keeps_letters_and_joiners():
    assert strip_reordering(EVIL) == "Ada Lovelace"
    assert strip_reordering("می\u200cخواهم") == "می\u200cخواهم"  # ZWNJ is part of the word


def test_registration_fields_lose_bidi_controls(app, demo_event):
    data = registration_data(demo_event, given_name=EVIL, family_name="\u202dLopez", parliament="Cortes\u2066 Generales")
    assert data.given_name == "Ada Lovelace"
    assert data.family_name == "Lopez" and data.parliament == "Cortes Generales"


def test_imported_invitees_lose_bidi_controls(app):
    values, rejected = importing._check_row(2, [EVIL, "ada@parliament.example", "en"],
                                            {"name": 0, "email": 1, "language": 2}, {}, set(), [])
    assert rejected is None and values["name"] == "Ada Lovelace"


def test_the_migration_cleans_stored_rows(app, demo_event):
    from alembic.migration import MigrationContext
    from alembic.operations import Operations
    import importlib.util
    from pathlib import Path

    from eventhub.registration.models import Registration

    registration = db.session.execute(db.select(Registration)).scalars().first()
    if registration is None:
        from tests.pages import registration_token_values

        registration_token_values(demo_event)
        registration = db.session.execute(db.select(Registration)).scalars().first()
    db.session.execute(sa.update(Registration).where(Registration.id == registration.id)
                       .values(given_name=EVIL, parliament="\u202eX"))
    db.session.commit()
    path = Path(__file__).resolve().parents[2] / "migrations/versions/security_0003_strip_bidi_controls.py"
    spec = importlib.util.spec_from_file_location("security_0003", path)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    with db.engine.begin() as connection:
        context = MigrationContext.configure(connection)
        with Operations.context(context):
            migration.upgrade()
    db.session.expire_all()
    cleaned = db.session.get(Registration, registration.id)
    assert cleaned.given_name == "Ada Lovelace" and cleaned.parliament == "X"
