"""registrations: indexes for the console (name order, figures version), indexed search terms

Revision ID: perf_0001
Revises: zoom_0002
"""
import sqlalchemy as sa
from alembic import op

revision = "perf_0001"
down_revision = "zoom_0002"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("registrations") as batch:
        batch.create_index("ix_registrations_event_name", ["event_id", "family_name", "given_name", "id"])
        batch.create_index("ix_registrations_event_updated", ["event_id", "updated_at"])
    with op.batch_alter_table("session_registrations") as batch:
        batch.create_index("ix_session_registrations_session_updated", ["session_id", "updated_at"])
    op.create_table(
        "registration_search_terms",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("event_id", sa.Integer(), sa.ForeignKey("events.id", ondelete="CASCADE"), nullable=False),
        sa.Column("registration_id", sa.Integer(), sa.ForeignKey("registrations.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("term", sa.String(length=60), nullable=False),
    )
    op.create_index("ix_registration_search_terms_event_term", "registration_search_terms", ["event_id", "term"])
    op.create_index("ix_registration_search_terms_registration_id", "registration_search_terms",
                    ["registration_id"])
    # Terms for the registrations already stored (the same folding as new ones get).
    from eventhub.registration.search import reindex

    reindex(op.get_bind())


def downgrade():
    op.drop_table("registration_search_terms")
    with op.batch_alter_table("session_registrations") as batch:
        batch.drop_index("ix_session_registrations_session_updated")
    with op.batch_alter_table("registrations") as batch:
        batch.drop_index("ix_registrations_event_updated")
        batch.drop_index("ix_registrations_event_name")
