"""Database objects that migrations create with raw DDL and no model describes.

Full-text structures differ per backend (an FTS5 virtual table and its shadow tables on
SQLite, a GIN expression index on PostgreSQL), so they cannot live in the SQLAlchemy
metadata. By convention their names start with ``fts_``; Alembic autogenerate
(``migrations/env.py``) and ``tests/test_migrations.py`` skip them through
``include_name``, so nobody's ``flask db migrate`` proposes to drop them.
"""
from __future__ import annotations

UNMANAGED_PREFIX = "fts_"


def include_name(name, type_, parent_names) -> bool:
    return not (name or "").startswith(UNMANAGED_PREFIX)
