from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventhub.db_types import UTCDateTime, utcnow
from eventhub.extensions import db


class EventMembership(db.Model):
    """An account on one event's team.

    Only read for accounts whose ``User.events_limited`` is set: such an account's role
    (organiser or staff) applies to the events it is a member of and to no other. An
    account that is not limited acts on every event, whatever rows it has here (the
    creator of an event is added to its team either way, so that limiting the account
    later keeps the events it made).
    """

    __tablename__ = "event_memberships"
    __table_args__ = (UniqueConstraint("user_id", "event_id", name="uq_event_memberships_user_event"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    #: Who put the account on the team (an email, "cli", or "creator" for the event's author).
    added_by: Mapped[str] = mapped_column(String(320), default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped["User"] = relationship()  # noqa: F821
    event: Mapped["Event"] = relationship()  # noqa: F821
