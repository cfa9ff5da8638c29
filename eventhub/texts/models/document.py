from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import JSON, Boolean, CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventhub.db_types import UTCDateTime, utcnow
from eventhub.extensions import db


class DocumentKind(str, enum.Enum):
    DRAFT = "draft"  # the text put to the Assembly (e.g. C-I/146/DR)
    ADOPTED = "adopted"  # the resolution as adopted


class ReferenceDocument(db.Model):
    """A resolution text the consultation works against, imported from a file.

    One document per kind and event: importing the same kind again replaces the
    paragraphs in place (see :func:`eventhub.texts.operations.import_document`).
    """
    #: Shown on the public event page: a change moves the event's page version (pagecache).
    __page_content__ = True

    __tablename__ = "reference_documents"
    __table_args__ = (
        UniqueConstraint("event_id", "kind"),
        CheckConstraint("kind IN ('draft', 'adopted')", name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    #: "draft" or "adopted" (:class:`DocumentKind`).
    kind: Mapped[str] = mapped_column(String(16))
    #: What staff call the document, e.g. "Draft resolution C-I/146/DR".
    title: Mapped[str] = mapped_column(String(300))
    #: Name of the imported file, as uploaded (shown, never used as a path).
    source_filename: Mapped[str] = mapped_column(String(255), default="")
    #: Title printed in each language of the file: {"en": "...", "ar": "..."}.
    printed_titles: Mapped[dict] = mapped_column(JSON, default=dict)
    #: Opening line per language ("The 146th Assembly of the Inter-Parliamentary Union,").
    chapeaux: Mapped[dict] = mapped_column(JSON, default=dict)
    #: Text the parser could not place: [{"text", "line", "language", "reason"}].
    unplaced: Mapped[list] = mapped_column(JSON, default=list)
    #: Public read-only page at /<lang>/e/<slug>/texts/<id> when true (organisers decide).
    published: Mapped[bool] = mapped_column(Boolean, default=False)
    published_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    imported_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Console user who imported the file; None for the command line (or a deleted user).
    imported_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True, index=True
    )

    event: Mapped["Event"] = relationship()  # noqa: F821
    imported_by: Mapped["User | None"] = relationship()  # noqa: F821
    paragraphs: Mapped[list["ReferenceParagraph"]] = relationship(  # noqa: F821
        back_populates="document",
        order_by="[ReferenceParagraph.language, ReferenceParagraph.position]",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    notes: Mapped[list["ReferenceNote"]] = relationship(  # noqa: F821
        back_populates="document",
        order_by="[ReferenceNote.language, ReferenceNote.position]",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    @property
    def is_draft(self) -> bool:
        return self.kind == DocumentKind.DRAFT.value

    def __repr__(self) -> str:
        return f"<ReferenceDocument {self.id} {self.kind}>"
