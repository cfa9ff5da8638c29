"""sessions: the registration link a webinar.updated delivery gave, when, for which webinar

Revision ID: zoom_0004
Revises: perf_0002
"""
from alembic import op
import sqlalchemy as sa
import eventhub.db_types

revision = "zoom_0004"
down_revision = "perf_0002"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("sessions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("zoom_registration_url_seen", sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column("zoom_registration_url_seen_at", eventhub.db_types.UTCDateTime(timezone=True),
                                      nullable=True))
        batch_op.add_column(sa.Column("zoom_registration_url_seen_for", sa.String(length=20), nullable=True))


def downgrade():
    with op.batch_alter_table("sessions", schema=None) as batch_op:
        batch_op.drop_column("zoom_registration_url_seen_for")
        batch_op.drop_column("zoom_registration_url_seen_at")
        batch_op.drop_column("zoom_registration_url_seen")
