from __future__ import annotations

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from eventhub.extensions import db


class RegistrationSearchTerm(db.Model):
    """One word of a registration's names, address or parliament, folded (lower case, no
    accents), for the console's search: a word prefix is found with an index range scan
    instead of a LIKE over every registration (46,000 at the IPU's scale). Kept by
    ``eventhub.registration.search`` whenever a registration is written."""

    __tablename__ = "registration_search_terms"
    __table_args__ = (Index("ix_registration_search_terms_event_term", "event_id", "term"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Copied from the registration so that the index serves one event at a time.
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registrations.id", ondelete="CASCADE"), index=True)
    #: The folded word (see search.fold), cut to 60 characters.
    term: Mapped[str] = mapped_column(String(60))
