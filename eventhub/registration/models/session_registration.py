from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventhub.db_types import UTCDateTime, utcnow
from eventhub.extensions import db


class SessionRegistrationStatus(str, enum.Enum):
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"


class ZoomState(str, enum.Enum):
    LINK = "link"  # no API: the person registers through the webinar's own link
    PENDING = "pending"  # a job will create the Zoom registrant
    SYNCED = "synced"  # Zoom registrant exists; join_url known
    FAILED = "failed"  # Zoom refused; zoom_error says why
    CANCELLED = "cancelled"  # cancelled on Zoom too


class SessionRegistration(db.Model):
    """A person's place in one session, with listening language and Zoom state."""

    __tablename__ = "session_registrations"
    __table_args__ = (
        UniqueConstraint("registration_id", "session_id"),
        # The latest change to a session's places in one index seek: the version the
        # console's figures are cached under (console.statistics.figures_version).
        Index("ix_session_registrations_session_updated", "session_id", "updated_at"),
        # The console's status filter: the ids of the places with a status, from the index.
        Index("ix_session_registrations_status_registration", "status", "registration_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registrations.id", ondelete="CASCADE"), index=True
    )
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), index=True)
    #: Interpretation channel the person will listen to (one the session offers).
    listening_language: Mapped[str] = mapped_column(String(8), default="en")
    status: Mapped[str] = mapped_column(
        String(16), default=SessionRegistrationStatus.CONFIRMED.value, index=True
    )
    #: When the person joined the waiting list; promotion is in this order.
    waitlisted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    #: Whether the person followed the webinar's own registration link (link mode).
    zoom_link_opened_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    zoom_state: Mapped[str] = mapped_column(String(16), default=ZoomState.LINK.value)
    zoom_registrant_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    #: Personal join link from Zoom; private to this person.
    zoom_join_url: Mapped[str | None] = mapped_column(String(500), nullable=True)
    #: Zoom's message when the registrant could not be created.
    zoom_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    zoom_synced_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    #: Attendance from Zoom's report, webhooks or by hand; None until known.
    attended: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    joined_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    left_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    minutes_attended: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    registration: Mapped["Registration"] = relationship(back_populates="sessions")  # noqa: F821
    session: Mapped["EventSession"] = relationship()  # noqa: F821

    def __repr__(self) -> str:
        return f"<SessionRegistration r={self.registration_id} s={self.session_id} {self.status}>"
