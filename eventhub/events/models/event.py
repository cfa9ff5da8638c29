from __future__ import annotations

import datetime as dt

import enum

from sqlalchemy import JSON, Boolean, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventhub.db_types import UTCDateTime, utcnow
from eventhub.extensions import db
from eventhub.i18n import localized


class EventStatus(str, enum.Enum):
    """What the organiser sets; ``ended`` is computed (:attr:`Event.lifecycle`)."""

    DRAFT = "draft"
    PUBLISHED = "published"
    #: Read-only: a published event whose last session is over.
    ENDED = "ended"


class RegistrationState(str, enum.Enum):
    """Whether the public registration form accepts registrations now, and why not."""

    DRAFT = "draft"
    NOT_YET_OPEN = "not_yet_open"
    OPEN = "open"
    CLOSED = "closed"
    ENDED = "ended"


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
    #: Body of the concept note per language, in Markdown (rendered and sanitised by
    #: ``eventhub.events.markdown``).
    concept_note: Mapped[dict] = mapped_column(JSON, default=dict)
    #: "draft" (invisible to the public) or "published"; see :attr:`lifecycle` for "ended".
    status: Mapped[str] = mapped_column(String(16), default=EventStatus.DRAFT.value)
    #: Raised by every saved edit: a save based on an older revision is refused (optimistic
    #: concurrency: the second editor is told to reload).
    revision: Mapped[int] = mapped_column(Integer, default=1)
    # Every UPDATE of the row says "WHERE revision = <the one read>" (raised by
    # eventhub.events.operations.update_event): two workers saving at once cannot both win.
    __mapper_args__ = {"version_id_col": revision, "version_id_generator": False}
    #: Address registrants write to about their personal data.
    privacy_contact: Mapped[str] = mapped_column(String(320), default="")
    #: The organiser's switch: False closes self-registration whatever the dates say.
    #: (Column "registration_open"; :attr:`registration_open` is the computed state.)
    registration_enabled: Mapped[bool] = mapped_column("registration_open", Boolean, default=True)
    #: Self-registration opens at this instant (None: as soon as the event is published).
    registration_opens_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    #: Self-registration closes at this instant (None: when the last session ends).
    registration_closes_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    #: Addressee printed on the cover of the inputs compilation, e.g. "Chair of the Ad Hoc
    #: Committee ..." (plain text; staff may change it for one compilation).
    compilation_addressee: Mapped[str] = mapped_column(String(300), default="", server_default="")
    #: After this instant inputs can no longer be submitted or edited (None: no deadline).
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

    # --- lifecycle ----------------------------------------------------------------------

    @property
    def last_session_end(self) -> dt.datetime | None:
        ends = [s.ends_at for s in self.sessions if not s.is_cancelled] or [s.ends_at for s in self.sessions]
        return max(ends) if ends else None

    @property
    def first_session_start(self) -> dt.datetime | None:
        return min((s.starts_at for s in self.sessions), default=None)

    @property
    def is_draft(self) -> bool:
        return self.status != EventStatus.PUBLISHED.value

    def lifecycle_at(self, now: dt.datetime) -> str:
        if self.is_draft:
            return EventStatus.DRAFT.value
        last = self.last_session_end
        if last is not None and now >= last:
            return EventStatus.ENDED.value
        return EventStatus.PUBLISHED.value

    @property
    def lifecycle(self) -> str:
        """"draft", "published" or "ended" (after the last session), at the events clock."""
        from eventhub.events.clock import now

        return self.lifecycle_at(now())

    @property
    def has_ended(self) -> bool:
        return self.lifecycle == EventStatus.ENDED.value

    def registration_state_at(self, now: dt.datetime) -> str:
        lifecycle = self.lifecycle_at(now)
        if lifecycle == EventStatus.DRAFT.value:
            return RegistrationState.DRAFT.value
        if lifecycle == EventStatus.ENDED.value:
            return RegistrationState.ENDED.value
        if not self.registration_enabled:
            return RegistrationState.CLOSED.value
        if self.registration_opens_at is not None and now < self.registration_opens_at:
            return RegistrationState.NOT_YET_OPEN.value
        if self.registration_closes_at is not None and now >= self.registration_closes_at:
            return RegistrationState.CLOSED.value
        return RegistrationState.OPEN.value

    @property
    def registration_state(self) -> str:
        from eventhub.events.clock import now

        return self.registration_state_at(now())

    @property
    def registration_open(self) -> bool:
        """Whether the public form accepts registrations now (published, not ended, the
        organiser's switch on, inside the opening and closing instants)."""
        return self.registration_state == RegistrationState.OPEN.value

    @registration_open.setter
    def registration_open(self, value: bool) -> None:
        self.registration_enabled = bool(value)

    def session_by_number(self, number: int):
        return next((s for s in self.sessions if s.number == number), None)

    def __repr__(self) -> str:
        return f"<Event {self.slug}>"
