"""sign-in throttling per (address, client) and per client, instead of an account lock

Revision ID: security_0002
Revises: accounts_0001
Create Date: 2026-12-03 08:40:00

"""
from alembic import op
import sqlalchemy as sa
import eventhub.db_types


# revision identifiers, used by Alembic.
revision = 'security_0002'
down_revision = 'accounts_0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('sign_in_throttles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.Column('email', sa.String(length=320), nullable=False),
    sa.Column('client', sa.String(length=64), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('not_before', eventhub.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_failure_at', eventhub.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sign_in_throttles')),
    sa.UniqueConstraint('key_hash', name=op.f('uq_sign_in_throttles_key_hash'))
    )
    with op.batch_alter_table('sign_in_throttles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sign_in_throttles_last_failure_at'), ['last_failure_at'], unique=False)
    # The account lock is gone: no account is ever locked by failed sign-ins.
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('locked_until')
        batch_op.drop_column('failed_logins')


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('failed_logins', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('locked_until', eventhub.db_types.UTCDateTime(timezone=True), nullable=True))
    with op.batch_alter_table('sign_in_throttles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sign_in_throttles_last_failure_at'))
    op.drop_table('sign_in_throttles')
