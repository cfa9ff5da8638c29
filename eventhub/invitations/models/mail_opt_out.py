from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from eventhub.db_types import UTCDateTime, utcnow
from eventhub.extensions import db


class MailOptOut(db.Model):
    """An address that asked for no more bulk mail (invitations, reminders) about one
    event, through the List-Unsubscribe one-click POST, the link in the email or the
    decline page. Transactional mail (confirmations, changes, notices) still goes."""

    __tablename__ = "mail_opt_outs"
    __table_args__ = (UniqueConstraint("event_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    #: The address, normalised (``eventhub.invitations.optouts.normalise_email``).
    email: Mapped[str] = mapped_column(String(320))
    #: How: "one-click" (RFC 8058 POST), "page" (the unsubscribe page) or "decline".
    source: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<MailOptOut event={self.event_id} {self.source}>"
