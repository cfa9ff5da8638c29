from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventhub.db_types import UTCDateTime, utcnow
from eventhub.extensions import db


class InputStatusChange(db.Model):
    """One step in an input's history: received, then in review, included..."""

    __tablename__ = "input_status_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    input_id: Mapped[int] = mapped_column(
        ForeignKey("parliamentary_inputs.id", ondelete="CASCADE"), index=True
    )
    #: None for the first entry (the input arrived).
    from_status: Mapped[str | None] = mapped_column(String(16), nullable=True)
    to_status: Mapped[str] = mapped_column(String(16))
    #: "author", "api" or the staff member's email.
    actor: Mapped[str] = mapped_column(String(320))
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    input: Mapped["ParliamentaryInput"] = relationship(back_populates="status_changes")  # noqa: F821
