from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventhub.db_types import UTCDateTime, utcnow
from eventhub.extensions import db
from eventhub.i18n import LANGUAGE_ORDER, localized


class SessionStatus(str, enum.Enum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"


class EventSession(db.Model):
    """A session of an event, i.e. one Zoom webinar at one instant."""
    #: Shown on the public event page: a change moves the event's page version (pagecache).
    __page_content__ = True

    __tablename__ = "sessions"
    __table_args__ = (
        UniqueConstraint("event_id", "number"),
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    #: "Session 1", "Session 2": the number people quote.
    number: Mapped[int]
    #: Start and end instants (UTC; shown in the event's reference zone and the visitor's).
    starts_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    #: Whom the slot suits, per language ("Timed for the Asia/Pacific region").
    region: Mapped[dict] = mapped_column(JSON, default=dict)
    #: Language spoken on the floor (ISO 639-1).
    floor_language: Mapped[str] = mapped_column(String(8), default="en")
    #: Simultaneous interpretation channels offered, e.g. ["en", "fr", "es", "ar"]; empty if none.
    interpretation_languages: Mapped[list] = mapped_column(JSON, default=list)
    #: Zoom's webinar registration link (https://<sub>.zoom.us/webinar/register/WN_...).
    zoom_registration_url: Mapped[str] = mapped_column(String(300), default="")
    #: Numeric webinar ID (digits only); set to switch this session to Zoom API mode.
    zoom_webinar_id: Mapped[str | None] = mapped_column(String(20), nullable=True)
    #: The registration link Zoom last gave for a webinar of this session, when it was
    #: seen and for which webinar ID. Only ``webinar.updated`` deliveries carry one
    #: (WebinarUpdatedEvent.payload.object.registration_url in @zoom/rivet; no API answer
    #: does): the Zoom set-up check compares it with ``zoom_registration_url`` while
    #: ``zoom_registration_url_seen_for`` is still the session's webinar ID.
    zoom_registration_url_seen: Mapped[str | None] = mapped_column(String(300), nullable=True)
    zoom_registration_url_seen_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    zoom_registration_url_seen_for: Mapped[str | None] = mapped_column(String(20), nullable=True)
    #: Maximum confirmed registrations; beyond it people join a waiting list. None: unlimited.
    capacity: Mapped[int | None] = mapped_column(Integer, nullable=True)
    status: Mapped[str] = mapped_column(String(16), default=SessionStatus.SCHEDULED.value)
    #: Calendar SEQUENCE: raised whenever time, link or status changes.
    revision: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    event: Mapped["Event"] = relationship(back_populates="sessions")  # noqa: F821

    @property
    def is_cancelled(self) -> bool:
        return self.status == SessionStatus.CANCELLED.value

    @property
    def listening_languages(self) -> list[str]:
        """Languages a participant can listen in: the floor plus interpretation."""
        offered = {self.floor_language, *(self.interpretation_languages or [])}
        return sorted(offered, key=lambda code: (LANGUAGE_ORDER.get(code, 99), code))

    @property
    def has_interpretation(self) -> bool:
        return any(code != self.floor_language for code in self.interpretation_languages or [])

    def region_text(self, lang: str | None = None) -> str:
        return localized(self.region, lang)

    def __repr__(self) -> str:
        return f"<EventSession {self.number} {self.starts_at:%Y-%m-%d %H:%M}Z>"
