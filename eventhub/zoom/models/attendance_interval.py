from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from eventhub.db_types import UTCDateTime, utcnow
from eventhub.extensions import db


class ZoomAttendanceInterval(db.Model):
    """One stretch of time a person spent in a session's webinar, from any import (an
    attendee report, one webinar instance read through the API). Imports add up: the
    place's minutes are the union of its intervals, so importing the same data again,
    or two overlapping reports, changes nothing."""

    __tablename__ = "zoom_attendance_intervals"
    __table_args__ = (UniqueConstraint("place_id", "joined_at", "left_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The session place (SessionRegistration) the interval belongs to.
    place_id: Mapped[int] = mapped_column(ForeignKey("session_registrations.id", ondelete="CASCADE"),
                                          index=True)
    joined_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    left_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    #: Where it came from: "report" (attendee report CSV) or "api" (participants report).
    source: Mapped[str] = mapped_column(String(16), default="report")
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<ZoomAttendanceInterval place={self.place_id} {self.joined_at:%H:%M}-{self.left_at:%H:%M}>"
