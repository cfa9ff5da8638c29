from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from eventhub.db_types import UTCDateTime
from eventhub.extensions import db


class NoticeRecipientState:
    #: Listed, email not yet written.
    PENDING = "pending"
    #: Claimed by the fan-out job; its email was written to the job outbox in the
    #: same transaction (sent by then, or about to be).
    QUEUED = "queued"


class SessionNoticeRecipient(db.Model):
    """One person a session notice goes to. The fan-out job claims each row (pending ->
    queued, a conditional UPDATE) in the transaction that writes its email, so a re-run
    after a crash, or a late copy of the job, skips the people already done."""

    __tablename__ = "session_notice_recipients"
    __table_args__ = (UniqueConstraint("notice_id", "registration_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    notice_id: Mapped[int] = mapped_column(ForeignKey("session_notices.id", ondelete="CASCADE"), index=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id", ondelete="CASCADE"))
    #: A NoticeRecipientState value.
    state: Mapped[str] = mapped_column(String(16), default=NoticeRecipientState.PENDING)
    queued_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
