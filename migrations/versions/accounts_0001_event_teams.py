"""event teams: who is on which event's team, and which accounts are limited to their teams

Revision ID: accounts_0001
Revises: security_0001
Create Date: 2026-12-03 08:12:15.458012

"""
from alembic import op
import sqlalchemy as sa
import eventhub.db_types


# revision identifiers, used by Alembic.
revision = 'accounts_0001'
down_revision = 'security_0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('event_memberships',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('added_by', sa.String(length=320), nullable=False),
    sa.Column('created_at', eventhub.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_memberships_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_event_memberships_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_memberships')),
    sa.UniqueConstraint('user_id', 'event_id', name='uq_event_memberships_user_event')
    )
    with op.batch_alter_table('event_memberships', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_memberships_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_memberships_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('events_limited', sa.Boolean(), server_default=sa.false(), nullable=False))



def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('events_limited')

    with op.batch_alter_table('event_memberships', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_memberships_user_id'))
        batch_op.drop_index(batch_op.f('ix_event_memberships_event_id'))

    op.drop_table('event_memberships')
