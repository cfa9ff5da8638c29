"""registrations: salt of the manage link, so that the same link can be emailed again

Revision ID: registration_0001
Revises: zoom_0001
Create Date: 2026-11-23 15:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'registration_0001'
down_revision = 'zoom_0001'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('manage_token_salt', sa.String(length=64), nullable=True))


def downgrade():
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.drop_column('manage_token_salt')
