"""event authoring and lifecycle, change log

Events that exist already (the demo) become "published" with revision 1 and keep
their sessions and registrations; new events start as drafts (model default).

Revision ID: events_0001
Revises: invitations_0002
Create Date: 2026-12-03 12:27:36.424933

"""
from alembic import op
import sqlalchemy as sa
import eventhub.db_types


# revision identifiers, used by Alembic.
revision = 'events_0001'
down_revision = 'invitations_0002'
branch_labels = None
depends_on = None

NEW_EVENT_COLUMNS = ('concept_note', 'status', 'revision', 'privacy_contact',
                     'registration_opens_at', 'registration_closes_at')


def upgrade():
    op.create_table('audit_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('actor', sa.String(length=320), nullable=False),
    sa.Column('via', sa.String(length=16), nullable=False),
    sa.Column('action', sa.String(length=32), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=True),
    sa.Column('target', sa.String(length=320), nullable=False),
    sa.Column('changes', sa.JSON(), nullable=False),
    sa.Column('created_at', eventhub.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_audit_entries_event_id_events'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_entries'))
    )
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_entries_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_entries_event_id'), ['event_id'], unique=False)

    # Plain ALTER TABLE, never a batch copy of "events": on SQLite a batch recreates the
    # table, and dropping the old copy cascades to its sessions and registrations.
    op.add_column('events', sa.Column('concept_note', sa.JSON(), nullable=False, server_default=sa.text("'{}'")))
    op.add_column('events', sa.Column('status', sa.String(length=16), nullable=False, server_default='published'))
    op.add_column('events', sa.Column('revision', sa.Integer(), nullable=False, server_default='1'))
    op.add_column('events', sa.Column('privacy_contact', sa.String(length=320), nullable=False, server_default=''))
    op.add_column('events', sa.Column('registration_opens_at', eventhub.db_types.UTCDateTime(timezone=True), nullable=True))
    op.add_column('events', sa.Column('registration_closes_at', eventhub.db_types.UTCDateTime(timezone=True), nullable=True))
    # The defaults were for the rows already there; the models set every value. (SQLite
    # cannot drop a default without copying the table: it keeps them, harmlessly.)
    if op.get_bind().dialect.name != 'sqlite':
        for name in ('concept_note', 'status', 'revision', 'privacy_contact'):
            op.alter_column('events', name, server_default=None)


def downgrade():
    for name in reversed(NEW_EVENT_COLUMNS):
        if op.get_bind().dialect.name == 'sqlite':
            op.execute(f'ALTER TABLE events DROP COLUMN {name}')  # no table copy (see upgrade)
        else:
            op.drop_column('events', name)

    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_entries_event_id'))
        batch_op.drop_index(batch_op.f('ix_audit_entries_created_at'))

    op.drop_table('audit_entries')
