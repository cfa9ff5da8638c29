from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from eventhub.db_types import UTCDateTime, utcnow
from eventhub.extensions import db


class SessionNotice(db.Model):
    """An organiser's "notify registrants" of a session (moved, cancelled): written with
    its fan-out job in one transaction; its recipients are listed once, by the job."""

    __tablename__ = "session_notices"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), index=True)
    #: What happened: "moved", "cancelled" (console.forms.NotifyForm's kinds).
    kind: Mapped[str] = mapped_column(String(32))
    #: The session's times before a move, shown in the email (None when not moved).
    previous_starts_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    previous_ends_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    #: Console account (id) that sent it.
    actor: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: When the job listed the recipients (a re-run keeps that list: a person who
    #: registers later does not get a notice about a change made before).
    recipients_listed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
