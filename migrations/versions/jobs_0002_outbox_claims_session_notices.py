"""job outbox: state and claims (transactional outbox); session notices and their recipients

Revision ID: jobs_0002
Revises: events_0001
Create Date: 2026-12-03 12:50:00

"""
from alembic import op
import sqlalchemy as sa
import eventhub.db_types


# revision identifiers, used by Alembic.
revision = 'jobs_0002'
down_revision = 'events_0001'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('job_outbox', schema=None) as batch_op:
        # Rows already there were kept while the queue was down: still to be queued.
        batch_op.add_column(sa.Column('state', sa.String(length=16), nullable=False, server_default='waiting'))
        batch_op.add_column(sa.Column('claim', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('claimed_at', eventhub.db_types.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('queued_at', eventhub.db_types.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('finished_at', eventhub.db_types.UTCDateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f('ix_job_outbox_state'), ['state'], unique=False)
        batch_op.create_unique_constraint(batch_op.f('uq_job_outbox_task_id'), ['task_id'])

    op.create_table('session_notices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('previous_starts_at', eventhub.db_types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('previous_ends_at', eventhub.db_types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('actor', sa.String(length=64), nullable=False),
    sa.Column('created_at', eventhub.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('recipients_listed_at', eventhub.db_types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['session_id'], ['sessions.id'], name=op.f('fk_session_notices_session_id_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_session_notices'))
    )
    with op.batch_alter_table('session_notices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_session_notices_session_id'), ['session_id'], unique=False)

    op.create_table('session_notice_recipients',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('notice_id', sa.Integer(), nullable=False),
    sa.Column('registration_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('queued_at', eventhub.db_types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['notice_id'], ['session_notices.id'], name=op.f('fk_session_notice_recipients_notice_id_session_notices'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['registration_id'], ['registrations.id'], name=op.f('fk_session_notice_recipients_registration_id_registrations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_session_notice_recipients')),
    sa.UniqueConstraint('notice_id', 'registration_id', name=op.f('uq_session_notice_recipients_notice_id_registration_id'))
    )
    with op.batch_alter_table('session_notice_recipients', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_session_notice_recipients_notice_id'), ['notice_id'], unique=False)


def downgrade():
    with op.batch_alter_table('session_notice_recipients', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_session_notice_recipients_notice_id'))
    op.drop_table('session_notice_recipients')
    with op.batch_alter_table('session_notices', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_session_notices_session_id'))
    op.drop_table('session_notices')
    with op.batch_alter_table('job_outbox', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_job_outbox_task_id'), type_='unique')
        batch_op.drop_index(batch_op.f('ix_job_outbox_state'))
        batch_op.drop_column('finished_at')
        batch_op.drop_column('queued_at')
        batch_op.drop_column('claimed_at')
        batch_op.drop_column('claim')
        batch_op.drop_column('state')
