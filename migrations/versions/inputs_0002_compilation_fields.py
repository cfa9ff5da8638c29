"""inputs: chamber, author's function and staff-entered names of the parliament in other
languages; the compilation's addressee per event; search text re-indexed (stems, people)

Revision ID: inputs_0002
Revises: security_0003
Create Date: 2026-12-03 12:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'inputs_0002'
down_revision = 'security_0003'
branch_labels = None
depends_on = None


def upgrade():
    # Plain ADD COLUMN (no batch mode): on SQLite a batch would re-create the table and
    # lose the full-text triggers on it.
    op.add_column('parliamentary_inputs', sa.Column('chamber', sa.String(length=200), server_default='', nullable=False))
    op.add_column('parliamentary_inputs', sa.Column('author_function', sa.String(length=200), server_default='', nullable=False))
    op.add_column('parliamentary_inputs', sa.Column('parliament_translations', sa.JSON(), server_default=sa.text("'{}'"), nullable=False))
    op.add_column('events', sa.Column('compilation_addressee', sa.String(length=300), server_default='', nullable=False))

    # The search text now carries stems and the people's names: rebuild it for stored
    # inputs (the SQLite triggers and the PostgreSQL generated column follow the column).
    from eventhub.inputs.search import searchable_text  # the indexing rule of this release

    connection = op.get_bind()
    inputs = sa.table(
        'parliamentary_inputs', sa.column('id', sa.Integer), sa.column('title', sa.String),
        sa.column('text', sa.Text), sa.column('working_title_en', sa.String), sa.column('language', sa.String),
        sa.column('author_name', sa.String), sa.column('parliament', sa.String), sa.column('country', sa.String),
        sa.column('search_text', sa.Text),
    )
    from eventhub.inputs.countries import country_name

    for row in connection.execute(sa.select(inputs)).mappings():
        people = " ".join(part for part in (
            row['author_name'], row['parliament'],
            *(country_name(row['country'], lang) for lang in ('en', 'fr', 'es', 'ar') if row['country']),
        ) if part)
        value = searchable_text(row['title'], row['text'], row['working_title_en'],
                                people=people, language=row['language'])
        connection.execute(sa.update(inputs).where(inputs.c.id == row['id']).values(search_text=value))


def downgrade():
    # SQLite 3.35+ drops columns in place (the full-text triggers stay).
    op.drop_column('events', 'compilation_addressee')
    for column in ('parliament_translations', 'author_function', 'chamber'):
        op.drop_column('parliamentary_inputs', column)
