"""reference paragraphs: whether the source prints the paragraph's number

Revision ID: texts_0003
Revises: perf_0001
Create Date: 2026-12-03 13:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'texts_0003'
down_revision = 'perf_0001'
branch_labels = None
depends_on = None


def upgrade():
    # Documents imported before this know no better than "numbered"; a re-import of the
    # file sets the flag from the source.
    op.add_column('reference_paragraphs', sa.Column('source_numbered', sa.Boolean(), server_default=sa.true(),
                                                     nullable=False))


def downgrade():
    op.drop_column('reference_paragraphs', 'source_numbered')
