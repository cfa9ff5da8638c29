from __future__ import annotations

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventhub.extensions import db

TAG_MAX_LENGTH = 40


class InputTag(db.Model):
    """A staff label on an input ("critical infrastructure", "follow up"), for filtering."""

    __tablename__ = "input_tags"
    __table_args__ = (UniqueConstraint("input_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    input_id: Mapped[int] = mapped_column(
        ForeignKey("parliamentary_inputs.id", ondelete="CASCADE"), index=True
    )
    #: Lower-cased, trimmed, at most 40 characters.
    name: Mapped[str] = mapped_column(String(TAG_MAX_LENGTH), index=True)

    input: Mapped["ParliamentaryInput"] = relationship(back_populates="tags")  # noqa: F821
