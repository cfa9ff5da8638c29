from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventhub.extensions import db


class ReferenceNote(db.Model):
    """A footnote of a reference document, such as a delegation's reservation."""

    __tablename__ = "reference_notes"
    __table_args__ = (CheckConstraint("kind IN ('note', 'reservation')", name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("reference_documents.id", ondelete="CASCADE"), index=True
    )
    #: Language of the note ("en" or "ar").
    language: Mapped[str] = mapped_column(String(8))
    #: Symbol or number that introduces it ("*", "1"); "" when the source repeats none.
    marker: Mapped[str] = mapped_column(String(8), default="")
    #: "reservation" when a delegation records one, otherwise "note".
    kind: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    #: Order within the document and language.
    position: Mapped[int] = mapped_column(Integer)

    document: Mapped["ReferenceDocument"] = relationship(back_populates="notes")  # noqa: F821

    def __repr__(self) -> str:
        return f"<ReferenceNote {self.id} {self.language} {self.kind}>"
