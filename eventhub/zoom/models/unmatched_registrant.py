from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventhub.db_types import UTCDateTime, utcnow
from eventhub.extensions import db


class ZoomUnmatchedRegistrant(db.Model):
    """Someone Zoom announced (webhook) as registered for a session's webinar who is not
    registered here. Kept for the organisers' reconciliation, never turned into a
    registration automatically: importing is an organiser's decision."""

    __tablename__ = "zoom_unmatched_registrants"
    __table_args__ = (UniqueConstraint("session_id", "registrant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), index=True)
    #: Zoom's registrant id.
    registrant_id: Mapped[str] = mapped_column(String(64))
    email: Mapped[str] = mapped_column(String(320), default="")
    first_name: Mapped[str] = mapped_column(String(120), default="")
    last_name: Mapped[str] = mapped_column(String(120), default="")
    #: Zoom's status of the registrant as last announced: approved, pending, cancelled, denied.
    zoom_status: Mapped[str] = mapped_column(String(16), default="")
    first_seen_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Set when the person was imported or found here after all.
    resolved_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)

    session: Mapped["EventSession"] = relationship()  # noqa: F821

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.first_name, self.last_name) if part)

    def __repr__(self) -> str:
        return f"<ZoomUnmatchedRegistrant s={self.session_id} {self.zoom_status}>"
