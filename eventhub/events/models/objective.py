from __future__ import annotations

from sqlalchemy import JSON, ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventhub.extensions import db
from eventhub.i18n import localized


class EventObjective(db.Model):
    """One numbered objective of an event; inputs are filed against these."""
    #: Shown on the public event page: a change moves the event's page version (pagecache).
    __page_content__ = True

    __tablename__ = "event_objectives"
    __table_args__ = (UniqueConstraint("event_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    #: 1-based position as printed in the concept note.
    number: Mapped[int]
    #: Objective per language.
    text: Mapped[dict] = mapped_column(JSON, default=dict)
    #: Short label per language for filters and charts ("Risks", "Good practices"...).
    short_label: Mapped[dict] = mapped_column(JSON, default=dict)

    event: Mapped["Event"] = relationship(back_populates="objectives")  # noqa: F821

    def label(self, lang: str | None = None) -> str:
        return localized(self.short_label, lang) or localized(self.text, lang)

    def __repr__(self) -> str:
        return f"<EventObjective {self.number}>"
