from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventhub.db_types import UTCDateTime, utcnow
from eventhub.extensions import db


class SendKind(str, enum.Enum):
    INITIAL = "initial"  # first invitation (send --all, console "send")
    RESEND = "resend"  # explicit organiser action
    TEST = "test"  # preview sent to the organiser's own address
    REMINDER = "reminder"  # reminder to an invitee who has not answered


class SendState(str, enum.Enum):
    QUEUED = "queued"  # job scheduled (or waiting for a retry)
    SENDING = "sending"  # claimed by a job that is talking to SMTP right now
    SENT = "sent"  # accepted by the SMTP server
    FAILED = "failed"  # retries exhausted or permanent refusal


class InvitationSend(db.Model):
    """One invitation email: who asked for it, when, and what became of it.

    The job claims a send with a conditional UPDATE (queued -> sending), so a job
    that runs twice delivers once.
    """

    __tablename__ = "invitation_sends"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    #: None for a test sent to an organiser.
    invitee_id: Mapped[int | None] = mapped_column(
        ForeignKey("invitees.id", ondelete="CASCADE"), nullable=True, index=True
    )
    kind: Mapped[str] = mapped_column(String(16), default=SendKind.INITIAL.value)
    #: Who asked: a console user's email, "cli:<os user>" or "system".
    actor: Mapped[str] = mapped_column(String(320))
    #: Address the message goes to (the invitee's, or the organiser's for a test).
    recipient: Mapped[str] = mapped_column(String(320))
    #: Language of the message.
    language: Mapped[str] = mapped_column(String(8))
    state: Mapped[str] = mapped_column(String(16), default=SendState.QUEUED.value, index=True)
    #: When the job is due: spaced by INVITATIONS_PER_MINUTE.
    scheduled_for: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Delivery attempts so far (a retry is an attempt).
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    claimed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)

    invitee: Mapped["Invitee | None"] = relationship(back_populates="sends")  # noqa: F821

    def __repr__(self) -> str:
        return f"<InvitationSend {self.id} {self.kind} {self.state}>"
