from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventhub.db_types import UTCDateTime, utcnow
from eventhub.extensions import db


class ReminderKind(str, enum.Enum):
    DAY_BEFORE = "24h"
    HOUR_BEFORE = "1h"


class ReminderSent(db.Model):
    """A session reminder that went (or is going) out: the unique constraint is what
    makes "never twice" hold even when two reminder jobs overlap."""

    __tablename__ = "reminders_sent"
    __table_args__ = (UniqueConstraint("session_registration_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_registration_id: Mapped[int] = mapped_column(
        ForeignKey("session_registrations.id", ondelete="CASCADE"), index=True
    )
    #: One of ReminderKind ("24h", "1h").
    kind: Mapped[str] = mapped_column(String(8))
    #: When the reminder was queued for delivery.
    sent_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Whether the message carried the personal Zoom join link (else the webinar link).
    link_kind: Mapped[str] = mapped_column(String(16), default="webinar")

    session_registration: Mapped["SessionRegistration"] = relationship()  # noqa: F821
