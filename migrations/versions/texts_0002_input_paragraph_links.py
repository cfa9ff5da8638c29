"""links between parliamentary inputs and reference paragraphs

Revision ID: texts_0002
Revises: texts_0001
Create Date: 2026-11-23 11:00:00.000000

The table references ``parliamentary_inputs`` (inputs domain).  When the lead
chains the migrations, this one must come after the inputs migration that
creates that table.  On a checkout without the inputs domain the table does
not exist yet and the link model is not loaded (see
``eventhub/texts/models/__init__.py``), so the upgrade creates nothing; run
against a database that has ``parliamentary_inputs`` it creates the link
table with its foreign key.
"""
from alembic import op
import sqlalchemy as sa
import eventhub.db_types


# revision identifiers, used by Alembic.
revision = 'texts_0002'
down_revision = 'texts_0001'
branch_labels = None
depends_on = None


def _has_table(name):
    return name in sa.inspect(op.get_bind()).get_table_names()


def upgrade():
    if not _has_table('parliamentary_inputs'):
        # Inputs domain absent: nothing to link to (and the model is not loaded).
        return
    op.create_table('input_paragraph_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('input_id', sa.Integer(), nullable=False),
    sa.Column('paragraph_id', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', eventhub.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_input_paragraph_links_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['input_id'], ['parliamentary_inputs.id'], name=op.f('fk_input_paragraph_links_input_id_parliamentary_inputs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['paragraph_id'], ['reference_paragraphs.id'], name=op.f('fk_input_paragraph_links_paragraph_id_reference_paragraphs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_input_paragraph_links')),
    sa.UniqueConstraint('input_id', 'paragraph_id', name=op.f('uq_input_paragraph_links_input_id_paragraph_id'))
    )
    with op.batch_alter_table('input_paragraph_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_input_paragraph_links_input_id'), ['input_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_input_paragraph_links_paragraph_id'), ['paragraph_id'], unique=False)


def downgrade():
    if not _has_table('input_paragraph_links'):
        return
    with op.batch_alter_table('input_paragraph_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_input_paragraph_links_paragraph_id'))
        batch_op.drop_index(batch_op.f('ix_input_paragraph_links_input_id'))

    op.drop_table('input_paragraph_links')
