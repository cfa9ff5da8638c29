from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventhub.db_types import UTCDateTime, utcnow
from eventhub.extensions import db

NOTE_MAX_LENGTH = 5_000


class InputNote(db.Model):
    """An internal note by IPU staff about an input; never shown to the author."""

    __tablename__ = "input_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    input_id: Mapped[int] = mapped_column(
        ForeignKey("parliamentary_inputs.id", ondelete="CASCADE"), index=True
    )
    #: The staff member who wrote it; kept as an email too in case the account is removed.
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    author_email: Mapped[str] = mapped_column(String(320))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    input: Mapped["ParliamentaryInput"] = relationship(back_populates="notes")  # noqa: F821
