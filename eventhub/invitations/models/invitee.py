from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventhub.db_types import UTCDateTime, utcnow
from eventhub.extensions import db


class InviteeStatus(str, enum.Enum):
    NOT_SENT = "not_sent"  # imported or added, nothing sent yet
    QUEUED = "queued"  # a send job is waiting (or retrying)
    SENT = "sent"  # the SMTP server accepted the invitation
    FAILED = "failed"  # every attempt failed; last_error says why
    REGISTERED = "registered"  # registered for the event (by email or through the link)
    DECLINED = "declined"  # followed the decline link and confirmed


class Invitee(db.Model):
    """A person (or parliament) invited to an event, with their personal link."""

    __tablename__ = "invitees"
    __table_args__ = (UniqueConstraint("event_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    #: Name as given in the list ("Hon. Jane Doe", "Parliament of Kenya").
    name: Mapped[str] = mapped_column(String(200))
    #: Validated by email-validator, then lower-cased: one invitation per address.
    email: Mapped[str] = mapped_column(String(320))
    #: Parliament, chamber or organisation, as given.
    parliament: Mapped[str] = mapped_column(String(200), default="")
    #: ISO 3166-1 alpha-2 code, empty when unknown.
    country: Mapped[str] = mapped_column(String(2), default="")
    #: Language of the invitation email and the landing page (en/fr/es/ar).
    language: Mapped[str] = mapped_column(String(8), default="en")
    #: IANA zone, when known: the email then shows local times too.
    timezone: Mapped[str | None] = mapped_column(String(64), nullable=True)
    #: Random value from which the personal link is derived with the secret key
    #: (``invitations.tokens``); the link itself is never stored.
    token_nonce: Mapped[str] = mapped_column(String(64))
    #: SHA-256 of the personal link token, to find the invitee when the link is opened.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    #: One of InviteeStatus.
    status: Mapped[str] = mapped_column(String(16), default=InviteeStatus.NOT_SENT.value, index=True)
    #: Why the last send failed (SMTP reply), shown to organisers.
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    #: When an invitation was last accepted by the SMTP server.
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    #: How many invitations (initial and resends) reached the SMTP server.
    send_count: Mapped[int] = mapped_column(Integer, default=0)
    #: First and last time the personal link was opened, and in which language.
    first_opened_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_opened_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    opened_language: Mapped[str | None] = mapped_column(String(8), nullable=True)
    declined_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    #: The registration this invitation led to.
    registration_id: Mapped[int | None] = mapped_column(
        ForeignKey("registrations.id", ondelete="SET NULL"), nullable=True, index=True
    )
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    event: Mapped["Event"] = relationship()  # noqa: F821
    sends: Mapped[list["InvitationSend"]] = relationship(  # noqa: F821
        back_populates="invitee", cascade="all, delete-orphan", order_by="InvitationSend.id",
        passive_deletes=True,
    )

    def __repr__(self) -> str:
        return f"<Invitee {self.id} event={self.event_id} {self.status}>"
