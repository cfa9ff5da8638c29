from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventhub.db_types import UTCDateTime, utcnow
from eventhub.extensions import db


class InputAttachment(db.Model):
    """A document sent with an input. The file lives under ``instance/attachments/``,
    outside every served folder; staff download it through a checked view."""

    __tablename__ = "input_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    input_id: Mapped[int] = mapped_column(
        ForeignKey("parliamentary_inputs.id", ondelete="CASCADE"), index=True
    )
    #: File name as the author's computer called it (display and download name only).
    original_filename: Mapped[str] = mapped_column(String(255))
    #: Type found in the content: "pdf", "docx" or "odt" (never taken from the name).
    detected_type: Mapped[str] = mapped_column(String(8))
    size_bytes: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    #: Path relative to the attachments folder, e.g. "12/3f2a...c1.pdf"; never user-chosen.
    storage_path: Mapped[str] = mapped_column(String(255), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    input: Mapped["ParliamentaryInput"] = relationship(back_populates="attachments")  # noqa: F821

    def __repr__(self) -> str:
        return f"<InputAttachment {self.id} {self.detected_type} {self.size_bytes}B>"
