from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventhub.db_types import UTCDateTime, utcnow
from eventhub.extensions import db


class InputParagraphLink(db.Model):
    """Staff's statement that a parliamentary input speaks to a reference paragraph.

    Imported only when the inputs domain (``eventhub.inputs.models``) exists;
    see ``eventhub/texts/models/__init__.py``.
    """

    __tablename__ = "input_paragraph_links"
    __table_args__ = (UniqueConstraint("input_id", "paragraph_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    input_id: Mapped[int] = mapped_column(
        ForeignKey("parliamentary_inputs.id", ondelete="CASCADE"), index=True
    )
    paragraph_id: Mapped[int] = mapped_column(
        ForeignKey("reference_paragraphs.id", ondelete="CASCADE"), index=True
    )
    #: Staff member who made the link; None once that account is deleted.
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    input: Mapped["ParliamentaryInput"] = relationship()  # noqa: F821
    paragraph: Mapped["ReferenceParagraph"] = relationship()  # noqa: F821
    created_by: Mapped["User | None"] = relationship()  # noqa: F821

    def __repr__(self) -> str:
        return f"<InputParagraphLink input={self.input_id} paragraph={self.paragraph_id}>"
