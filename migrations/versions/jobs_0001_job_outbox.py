"""jobs kept in the database while the queue is unavailable

Revision ID: jobs_0001
Revises: registration_0001
Create Date: 2026-11-23 15:30:00

"""
from alembic import op
import sqlalchemy as sa
import eventhub.db_types


# revision identifiers, used by Alembic.
revision = 'jobs_0001'
down_revision = 'registration_0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('job_outbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.String(length=64), nullable=False),
    sa.Column('task_name', sa.String(length=200), nullable=False),
    sa.Column('payload', sa.LargeBinary(), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('created_at', eventhub.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_job_outbox'))
    )


def downgrade():
    op.drop_table('job_outbox')
