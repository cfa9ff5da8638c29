from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventhub.db_types import UTCDateTime, utcnow
from eventhub.extensions import db


class ZoomWebinarChange(db.Model):
    """Zoom said (webhook) that a session's webinar was changed or deleted there.

    A flag for the organisers, never applied by itself: eventhub's session times stay
    as they are until an organiser accepts Zoom's time (which then goes through the
    normal session edit and notice to registrants) or dismisses the flag. One open flag
    per session and kind: later changes update it (newest ``event_ts`` wins).
    """

    __tablename__ = "zoom_webinar_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), index=True)
    #: "updated" (webinar.updated: time, duration or topic changed) or "deleted".
    kind: Mapped[str] = mapped_column(String(16))
    webinar_id: Mapped[str] = mapped_column(String(20))
    #: What Zoom now says (None when the change did not touch it).
    zoom_starts_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    zoom_duration: Mapped[int | None] = mapped_column(Integer, nullable=True)
    zoom_topic: Mapped[str | None] = mapped_column(String(300), nullable=True)
    #: ``event_ts`` of the latest delivery applied (milliseconds since the epoch).
    event_ts: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    received_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Set when the flag is closed: "accepted", "dismissed", "recovered" (the webinar came
    #: back from Zoom's trash) or "replaced" (the session got another webinar).
    resolved_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    resolution: Mapped[str | None] = mapped_column(String(16), nullable=True)
    resolved_by: Mapped[str | None] = mapped_column(String(320), nullable=True)

    session: Mapped["EventSession"] = relationship()  # noqa: F821

    @property
    def zoom_ends_at(self) -> dt.datetime | None:
        if self.zoom_starts_at is None or self.zoom_duration is None:
            return None
        return self.zoom_starts_at + dt.timedelta(minutes=self.zoom_duration)

    def __repr__(self) -> str:
        return f"<ZoomWebinarChange s={self.session_id} {self.kind}{' open' if self.resolved_at is None else ''}>"
