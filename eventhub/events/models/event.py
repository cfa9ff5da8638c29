from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Boolean, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventhub.db_types import UTCDateTime, utcnow
from eventhub.extensions import db
from eventhub.i18n import localized


class Event(db.Model):
    """A consultation: one public page, several sessions timed for regions."""

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: URL name, e.g. ``safe-cyberspace-2022``; never changes once published.
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    #: IANA zone in which the organiser states times (Europe/Zurich for the IPU).
    reference_timezone: Mapped[str] = mapped_column(String(64))
    #: Organiser's name per language, e.g. {"en": "Inter-Parliamentary Union", ...}.
    organiser: Mapped[dict] = mapped_column(JSON, default=dict)
    #: Title per language.
    title: Mapped[dict] = mapped_column(JSON, default=dict)
    #: One-line subtitle per language.
    subtitle: Mapped[dict] = mapped_column(JSON, default=dict)
    #: Short description per language (plain text, paragraphs separated by blank lines).
    summary: Mapped[dict] = mapped_column(JSON, default=dict)
    #: How the meeting runs (format, languages) per language.
    format_note: Mapped[dict] = mapped_column(JSON, default=dict)
    #: Whether the public registration form accepts new registrations.
    registration_open: Mapped[bool] = mapped_column(Boolean, default=True)
    #: After this instant inputs can no longer be submitted or edited.
    inputs_deadline: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    sessions: Mapped[list["EventSession"]] = relationship(  # noqa: F821
        back_populates="event", order_by="EventSession.number", cascade="all, delete-orphan"
    )
    objectives: Mapped[list["EventObjective"]] = relationship(  # noqa: F821
        back_populates="event", order_by="EventObjective.number", cascade="all, delete-orphan"
    )

    def text(self, field: str, lang: str | None = None) -> str:
        """The field in ``lang`` (default: the request's language), English as fallback."""
        return localized(getattr(self, field), lang)

    def session_by_number(self, number: int):
        return next((s for s in self.sessions if s.number == number), None)

    def __repr__(self) -> str:
        return f"<Event {self.slug}>"
