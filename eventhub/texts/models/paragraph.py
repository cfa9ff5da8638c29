from __future__ import annotations

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, Integer, String, Text, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventhub.extensions import db


class ReferenceParagraph(db.Model):
    """One preambular or operative paragraph of a reference document, in one language.

    The English and Arabic versions of a paragraph are separate rows with the
    same ``part`` and ``number``.
    """

    __tablename__ = "reference_paragraphs"
    __table_args__ = (
        CheckConstraint("part IN ('preambular', 'operative')", name="part"),
        Index("ix_reference_paragraphs_document_language", "document_id", "language", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("reference_documents.id", ondelete="CASCADE")
    )
    #: Language of the text ("en" or "ar"; the parser tells halves apart by script).
    language: Mapped[str] = mapped_column(String(8))
    #: "preambular" or "operative".
    part: Mapped[str] = mapped_column(String(16))
    #: Number printed in the source; unnumbered preambular paragraphs are counted 1..n.
    number: Mapped[int] = mapped_column(Integer)
    #: False when the source prints no number (an unnumbered preamble): ``number`` is then
    #: eventhub's count, shown as such ("[3]", not "(3)").
    source_numbered: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    #: Paragraph text, sub-items "(a)", "(b)" on their own lines.
    text: Mapped[str] = mapped_column(Text)
    #: Order within the document and language: preambular first, then operative.
    position: Mapped[int] = mapped_column(Integer)

    document: Mapped["ReferenceDocument"] = relationship(back_populates="paragraphs")  # noqa: F821

    @property
    def is_preambular(self) -> bool:
        return self.part == "preambular"

    def __repr__(self) -> str:
        return f"<ReferenceParagraph {self.id} {self.language} {self.part} {self.number}>"
