"""Column types shared by all models."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, DateTime
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator):
    """An instant, always timezone-aware in Python and stored as UTC.

    SQLite has no time zone type, so values come back naive there; we re-attach
    UTC on the way out. Naive values on the way in are a programming error: a
    naive local time silently stored as UTC is exactly the bug that makes a
    parliamentarian miss a session.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
            raise ValueError(f"naive datetime {value!r} cannot be stored; attach a zone")
        value = value.astimezone(dt.timezone.utc)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.timezone.utc)
        return value.astimezone(dt.timezone.utc)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


#: Text kept in each interface language: {"en": ..., "fr": ..., "es": ..., "ar": ...}.
LocalizedText = JSON
