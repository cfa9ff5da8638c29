from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventhub.db_types import UTCDateTime, utcnow
from eventhub.extensions import db


class RegistrationRole(str, enum.Enum):
    MEMBER = "member"  # member of parliament
    STAFF = "staff"  # parliamentary staff
    OTHER = "other"


class Registration(db.Model):
    """One person registered for an event (one or more sessions).

    The unique (event, email) constraint together with the unique
    (registration, session) constraint on SessionRegistration is what makes
    "one registration per person per session" hold under concurrent submits.
    """

    __tablename__ = "registrations"
    __table_args__ = (
        UniqueConstraint("event_id", "email"),
        # The console lists an event's registrations by name: this index gives any page of
        # that order without sorting the whole event (keyset paging walks it).
        Index("ix_registrations_event_name", "event_id", "family_name", "given_name", "id"),
        Index("ix_registrations_event_updated", "event_id", "updated_at"),
        # The list filtered by country, in name order (and its count) without a scan.
        Index("ix_registrations_event_country_name", "event_id", "country", "family_name", "given_name", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    #: Normalised by email-validator (domain lower-cased, IDNA); the identity of the person.
    email: Mapped[str] = mapped_column(String(320))
    honorific: Mapped[str] = mapped_column(String(40), default="")
    given_name: Mapped[str] = mapped_column(String(120))
    family_name: Mapped[str] = mapped_column(String(120))
    #: ISO 3166-1 alpha-2 code.
    country: Mapped[str] = mapped_column(String(2), default="")
    #: Parliament, chamber or organisation, as typed.
    parliament: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(16), default=RegistrationRole.MEMBER.value)
    #: Interface language of emails and pages for this person (en/fr/es/ar).
    language: Mapped[str] = mapped_column(String(8), default="en")
    #: IANA zone the person chose; their local times are shown in it.
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    accessibility_needs: Mapped[str] = mapped_column(Text, default="")
    #: When the person accepted the privacy notice (required to register).
    consented_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    #: SHA-256 of the personal manage token; the token itself is only ever emailed.
    manage_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True, nullable=True)
    #: Random salt the manage token is derived from with the secret key
    #: (``security.derived_token``): the same link can be emailed again; a new salt is a
    #: new link. Empty for links made before salts existed (rotated when next sent).
    manage_token_salt: Mapped[str | None] = mapped_column(String(64), nullable=True)
    #: Set when personal data was erased on request; counts are kept.
    anonymised_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    event: Mapped["Event"] = relationship()  # noqa: F821
    sessions: Mapped[list["SessionRegistration"]] = relationship(  # noqa: F821
        back_populates="registration", cascade="all, delete-orphan", order_by="SessionRegistration.session_id"
    )
    changes: Mapped[list["RegistrationChange"]] = relationship(  # noqa: F821
        back_populates="registration", cascade="all, delete-orphan", order_by="RegistrationChange.id"
    )

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.given_name, self.family_name) if part)

    @property
    def active_sessions(self) -> list["SessionRegistration"]:  # noqa: F821
        return [s for s in self.sessions if s.status != "cancelled"]

    def __repr__(self) -> str:
        return f"<Registration {self.id} event={self.event_id}>"
