"""registrations: indexes for the console's country and place-status filters

Revision ID: perf_0002
Revises: zoom_0003
"""
from alembic import op

revision = "perf_0002"
down_revision = "zoom_0003"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("registrations") as batch:
        batch.create_index("ix_registrations_event_country_name",
                           ["event_id", "country", "family_name", "given_name", "id"])
    with op.batch_alter_table("session_registrations") as batch:
        batch.create_index("ix_session_registrations_status_registration", ["status", "registration_id"])


def downgrade():
    with op.batch_alter_table("session_registrations") as batch:
        batch.drop_index("ix_session_registrations_status_registration")
    with op.batch_alter_table("registrations") as batch:
        batch.drop_index("ix_registrations_event_country_name")
