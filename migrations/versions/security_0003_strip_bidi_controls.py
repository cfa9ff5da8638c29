"""remove bidi controls and directional marks from person fields already stored

Revision ID: security_0003
Revises: security_0002
Create Date: 2026-12-03 09:35:00

"""
import re

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'security_0003'
down_revision = 'security_0002'
branch_labels = None
depends_on = None

#: Kept here (not imported) so that the migration does not change with the code.
REORDERING = re.compile("[\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff]")
COLUMNS = {
    "registrations": ("honorific", "given_name", "family_name", "parliament"),
    "invitees": ("name", "parliament"),
    "parliamentary_inputs": ("author_name", "parliament"),
}


def upgrade():
    connection = op.get_bind()
    for table_name, columns in COLUMNS.items():
        table = sa.table(table_name, sa.column("id", sa.Integer), *(sa.column(c, sa.String) for c in columns))
        for row in connection.execute(sa.select(table)).mappings():
            changes = {c: REORDERING.sub("", row[c]).strip() for c in columns
                       if row[c] and REORDERING.search(row[c])}
            if changes:
                connection.execute(sa.update(table).where(table.c.id == row["id"]).values(**changes))


def downgrade():
    pass  # the removed characters only reordered the display: nothing to restore
