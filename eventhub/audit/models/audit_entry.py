from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventhub.db_types import UTCDateTime, utcnow
from eventhub.extensions import db


class AuditEntry(db.Model):
    """One change to an event, a session or a team, for the audit page."""

    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Who, as text that survives the account: a console email, "cli", "demo".
    actor: Mapped[str] = mapped_column(String(320))
    #: Where: "console", "api" or "cli".
    via: Mapped[str] = mapped_column(String(16))
    #: "event_created", "event_edited", "event_published", "event_cloned",
    #: "session_added", "session_edited", "session_removed", "sessions_reordered",
    #: "team_changed".
    action: Mapped[str] = mapped_column(String(32))
    #: The event concerned (None for changes of no one event, e.g. an account's events).
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("events.id", ondelete="SET NULL"), nullable=True, index=True
    )
    #: What inside the event: "session 2", an account's email, the clone's slug.
    target: Mapped[str] = mapped_column(String(320), default="")
    #: {field: [old, new]} with JSON-safe values (instants as ISO 8601 UTC).
    changes: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    event: Mapped["Event | None"] = relationship()  # noqa: F821

    def __repr__(self) -> str:
        return f"<AuditEntry {self.id} {self.action} {self.target}>"
